"""What the staff mail tools' tests share: a local SMTP server (aiosmtpd) that keeps every
message it receives, the fixture content copied into a temporary folder, and the settings that
point a build at it."""

import email
import email.policy
import shutil
import socket
import threading
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "tests" / "sample_site" / "content"
MAIL_CONTENT = ROOT / "tests" / "mail_site" / "content"
DATA = SAMPLE_CONTENT / "data"
MAIL_FROM = "MSP News <news@association.example>"


class Received:
    """aiosmtpd handler: every message received, parsed, with its envelope."""

    def __init__(self):
        self.messages, self.envelopes = [], []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.messages.append(email.message_from_bytes(envelope.original_content,
                                                          policy=email.policy.default))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """A local SMTP server on a free loopback port, with the environment the tools read."""

    def __init__(self):
        self.received = Received()
        self.port = free_port()
        self.controller = Controller(self.received, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self):
        return self.received.messages

    def environment(self):
        return {"MSP_SMTP_HOST": "127.0.0.1", "MSP_SMTP_PORT": str(self.port),
                "MSP_SMTP_STARTTLS": "0", "MSP_MAIL_FROM": MAIL_FROM}


def copy_content(folder):
    """The mail fixture content copied into `folder` (the tools write into its data/)."""
    shutil.copytree(MAIL_CONTENT, folder)
    return folder


def site_overrides(content, providers, **extra):
    """-e settings for a build of the mail fixture site with `providers` as its members."""
    settings = {
        "PATH": str(content), "PROVIDERS_PATH": str(providers),
        "SITEURL": "https://members.association.example", "BUILD_DATE": "2026-11-29",
        "PROVIDER_VOCABULARY_PATH": str(DATA / "vocabulary.yaml"),
        "RECORD_AUDITORS_PATH": str(DATA / "auditors.yaml"),
        "RECORD_KEYRING_PATH": str(DATA / "signing-keys.yaml"),
        "RECORD_ALLOW_SAMPLE_KEYS": True,
        "ARTICLE_CATEGORIES_PATH": str(DATA / "categories.yaml"),
        "ASSOCIATION_MEDIA_PATH": str(DATA / "media.yaml"),
        "ASSOCIATION_PARTNERS_PATH": str(DATA / "partners.yaml"),
        "SEARCH_GAZETTEER_PATH": str(DATA / "gazetteer.yaml"),
    }
    return {**settings, **extra}

"""`make send-newsletter`: an issue's e-mail copy as a multipart message, sent to a local SMTP
server (aiosmtpd) or written as .eml, refused when scheduled for later or already sent."""

import email
import email.policy
import json
import subprocess

import pytest
from conftest import ROOT, new_providers_dir, run_tool
from mailtools import MAIL_FROM, SmtpServer, copy_content, site_overrides

from sitetools.send_newsletter import main

UNSUBSCRIBE = "https://lists.association.example/unsubscribe/msp-news"


@pytest.fixture
def site(tmp_path):
    content = copy_content(tmp_path / "content")
    providers = new_providers_dir(tmp_path / "providers")
    return content, providers


def send(site, monkeypatch, environment, *words, **settings):
    content, providers = site
    for key in ("MSP_SMTP_HOST", "MSP_SMTP_PORT", "MSP_SMTP_USER", "MSP_SMTP_PASSWORD",
                "MSP_SMTP_STARTTLS", "MSP_MAIL_FROM"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    settings.setdefault("NEWSLETTER_UNSUBSCRIBE_URL", UNSUBSCRIBE)
    overrides = site_overrides(content, providers, **settings)
    argv = [*words, "-s", str(ROOT / "publishconf.py"), "-e",
            *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    return run_tool(main, argv)


def parts(message):
    """(content type, text) of each part, with the wire's CRLF line ends read as newlines."""
    return [(part.get_content_type(), part.get_content().replace("\r\n", "\n"))
            for part in message.iter_parts()]


def test_an_issue_is_sent_as_plain_text_and_html_with_one_click_unsubscribe(site, monkeypatch):
    with SmtpServer() as server:
        result = send(site, monkeypatch, server.environment(), "--issue", "2026-11-24",
                      "--to", "list@lists.association.example, editor@association.example",
                      NEWSLETTER_UNSUBSCRIBE_ONE_CLICK=True)
        assert result.returncode == 0, result.stderr
        assert "Sent issue 2 (2026-11-24) to 2 address(es)" in result.stdout
        received = list(server.messages)
    # one message per address, so that no reader sees another's address
    assert [message["To"] for message in received] == [
        "list@lists.association.example", "editor@association.example"]
    message = received[0]
    assert message.get_content_type() == "multipart/alternative"
    assert message["From"] == MAIL_FROM
    assert message["Subject"] == 'MSP News 2: Passwords & "passkeys" in plain words'
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].endswith("@association.example>")
    (text_type, text), (html_type, html) = parts(message)
    assert (text_type, html_type) == ("text/plain", "text/html")
    # the HTML part is the newsletter plugin's copy: inline styles, absolute links, no script
    assert "<script" not in html.lower() and "alert(" not in html
    assert "<style" not in html and 'style="' in html
    assert 'href="https://members.association.example/news/2/"' in html
    assert "<h2" in html and "Passkeys for small offices</h2>" in html
    # the plain-text part says the same, links written out, no markup
    assert "Passkeys for small offices\n\nA passkey cannot be typed into a fake page" in text
    assert "- Audit booking opens in December.\n- The office is closed" in text
    assert "https://members.association.example/news/2/" in text
    assert "<" not in text.replace("<https://", "") and "alert(" not in text
    record = (site[0] / "data" / "newsletter-sent.yaml").read_text(encoding="utf-8")
    assert "  - issue: 2026-11-24\n    number: 2\n" in record
    assert "    recipients: 2\n" in record


def test_an_issue_already_sent_is_refused(site, monkeypatch):
    with SmtpServer() as server:
        first = send(site, monkeypatch, server.environment(), "--issue", "2026-10-06",
                     "--to", "list@lists.association.example")
        assert first.returncode == 0, first.stderr
        again = send(site, monkeypatch, server.environment(), "--issue", "2026-10-06",
                     "--to", "list@lists.association.example")
        assert len(server.messages) == 1
    assert again.returncode == 1
    assert again.stderr.startswith("error: ") and "newsletter-sent.yaml:4: issue 2026-10-06 " \
        "was already sent; expected an issue not in the record of sent issues" in again.stderr
    assert "Traceback" not in again.stderr


def test_an_issue_scheduled_for_later_is_refused(site, monkeypatch):
    with SmtpServer() as server:
        result = send(site, monkeypatch, server.environment(), "--issue", "2026-12-08",
                      "--to", "list@lists.association.example")
        assert server.messages == []
    assert result.returncode == 1
    assert "2026-12-08.md:2: date: 2026-12-08 is after today (2026-11-29)" in result.stderr
    assert not (site[0] / "data" / "newsletter-sent.yaml").exists()


def test_a_dry_run_writes_the_eml_without_one_click_unless_the_setting_says_so(
        site, monkeypatch, tmp_path):
    out = tmp_path / "issue.eml"
    result = send(site, monkeypatch, {"MSP_MAIL_FROM": MAIL_FROM}, "--issue", "2026-10-06",
                  "--to", "me@association.example", "--dry-run", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"written to {out}" in result.stdout and "nothing was sent" in result.stdout
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["To"] == "me@association.example"
    assert message["Subject"] == "MSP News 1: Restore drills before the winter"
    assert message["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert message["List-Unsubscribe-Post"] is None
    (_, text), (_, html) = parts(message)
    assert "write down how long it took <https://drills.example/guide>" in text
    assert 'href="https://drills.example/guide"' in html
    assert not (site[0] / "data" / "newsletter-sent.yaml").exists()


@pytest.mark.parametrize("environment, settings, words, expected", [
    ({"MSP_MAIL_FROM": MAIL_FROM}, {}, [],
     "error: MSP_SMTP_HOST is not set; expected the SMTP relay's host name in the environment"),
    ({}, {}, ["--dry-run"], "error: MSP_MAIL_FROM is not set; expected the From address"),
    ({"MSP_MAIL_FROM": MAIL_FROM, "MSP_SMTP_HOST": "mail.example", "MSP_SMTP_STARTTLS": "0",
      "MSP_SMTP_USER": "staff"}, {}, [],
     "error: MSP_SMTP_STARTTLS is 0 but MSP_SMTP_USER is set for mail.example; expected "
     "MSP_SMTP_STARTTLS=1 (a password is never sent unencrypted)"),
    ({"MSP_MAIL_FROM": MAIL_FROM}, {"NEWSLETTER_UNSUBSCRIBE_URL": None}, ["--dry-run"],
     "error: NEWSLETTER_UNSUBSCRIBE_URL: None is not usable; expected the https:// "),
    ({"MSP_MAIL_FROM": MAIL_FROM}, {"NEWSLETTER_UNSUBSCRIBE_URL": "mailto:leave@example.org",
                                    "NEWSLETTER_UNSUBSCRIBE_ONE_CLICK": True}, ["--dry-run"],
     "error: NEWSLETTER_UNSUBSCRIBE_ONE_CLICK is true for a mailto: address"),
])
def test_settings_problems_are_one_line(site, monkeypatch, environment, settings, words, expected):
    result = send(site, monkeypatch, environment, "--issue", "2026-10-06", "--to",
                  "list@lists.association.example", *words, **settings)
    assert result.returncode == 1
    assert result.stderr.startswith(expected), result.stderr
    assert result.stderr.count("\n") == 1


def test_make_send_newsletter_dry_run(site, tmp_path):
    content, providers = site
    overrides = site_overrides(content, providers, NEWSLETTER_UNSUBSCRIBE_URL=UNSUBSCRIBE)
    options = " ".join(f"{key}='{json.dumps(value)}'" for key, value in overrides.items())
    out = tmp_path / "dry.eml"
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "send-newsletter",
         "ISSUE=2026-11-24", "TO=me@association.example", "DRY_RUN=1", f"EML={out}", f"PELICANOPTS=-e {options}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "MSP_MAIL_FROM": MAIL_FROM})
    assert result.returncode == 0, result.stdout + result.stderr
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == 'MSP News 2: Passwords & "passkeys" in plain words'
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain", "text/html"]

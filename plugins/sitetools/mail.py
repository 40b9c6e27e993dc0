"""Staff e-mail: messages from rendered copies, written as .eml files or sent through SMTP.

Shared by `make send-newsletter` and `make reminders`. The SMTP server and its credentials come
from the environment only, never from the repository or its settings files:

    MSP_MAIL_FROM       the From address ("MSP News <news@example.org>"); always required
    MSP_SMTP_HOST       the relay (the mailing service's, or the association's); required to send
    MSP_SMTP_PORT       default 587; 465 means TLS from the first byte (SMTPS)
    MSP_SMTP_STARTTLS   1 (default) or 0; 0 only for a relay on this machine
    MSP_SMTP_USER, MSP_SMTP_PASSWORD   the login, when the relay asks for one

A password is never sent over a connection without TLS to another machine. Every problem is one
line naming the variable or the address (MailError), never a traceback.
"""

import dataclasses
import email.policy
import email.utils
import html.parser
import ipaddress
import os
import re
import smtplib
import ssl
from email.message import EmailMessage

DEFAULT_PORT = 587
SMTPS_PORT = 465
TIMEOUT_SECONDS = 60
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")
_ADDRESS = re.compile(r"[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\".]+\Z|[^@\s<>,;\"]+@localhost\Z")


class MailError(Exception):
    """A problem with the mail settings, an address or the relay, said in one line."""


@dataclasses.dataclass(frozen=True)
class SmtpSettings:
    sender: str
    host: str | None
    port: int
    starttls: bool
    user: str | None
    password: str | None = dataclasses.field(repr=False, default=None)


def _loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def smtp_settings(environ=None, sending=True):
    """The SmtpSettings from the environment; `sending`: the relay is required too."""
    environ = os.environ if environ is None else environ
    sender = environ.get("MSP_MAIL_FROM", "").strip()
    if not sender:
        raise MailError("MSP_MAIL_FROM is not set; expected the From address in the environment, "
                        "such as 'MSP News <news@example.org>'")
    check_address(email.utils.parseaddr(sender)[1], "MSP_MAIL_FROM")
    host = environ.get("MSP_SMTP_HOST", "").strip() or None
    if sending and not host:
        raise MailError("MSP_SMTP_HOST is not set; expected the SMTP relay's host name in the "
                        "environment (or DRY_RUN=1 to write the message instead)")
    port_text = environ.get("MSP_SMTP_PORT", "").strip() or str(DEFAULT_PORT)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailError(f"MSP_SMTP_PORT {port_text!r} is not usable; expected a port number, "
                        f"such as {DEFAULT_PORT}")
    starttls_text = environ.get("MSP_SMTP_STARTTLS", "1").strip().lower()
    if starttls_text not in _TRUE + _FALSE:
        raise MailError(f"MSP_SMTP_STARTTLS {starttls_text!r} is not usable; expected 1 or 0")
    port = int(port_text)
    settings = SmtpSettings(sender, host, port, starttls_text in _TRUE,
                            environ.get("MSP_SMTP_USER") or None,
                            environ.get("MSP_SMTP_PASSWORD") or None)
    encrypted = settings.starttls or port == SMTPS_PORT
    if sending and settings.user and not encrypted and not _loopback(host):
        raise MailError(f"MSP_SMTP_STARTTLS is 0 but MSP_SMTP_USER is set for {host}; expected "
                        "MSP_SMTP_STARTTLS=1 (a password is never sent unencrypted)")
    return settings


def check_address(address, where):
    if not _ADDRESS.match(address or ""):
        raise MailError(f"{where}: {address!r} is not an e-mail address; expected name@domain")
    return address


def parse_recipients(text, where="TO"):
    """The addresses in `text` (separated by commas or spaces), each checked; at least one."""
    addresses = [part for part in re.split(r"[,\s]+", text or "") if part]
    if not addresses:
        raise MailError(f"{where} is empty; expected one or more e-mail addresses, "
                        "separated by commas")
    return [check_address(address, where) for address in addresses]


class _PlainText(html.parser.HTMLParser):
    """The readable text of an HTML document: paragraphs, list items and links kept."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol",
              "blockquote", "pre", "section", "article", "header", "footer", "hr"}
    SKIPPED = {"head", "style", "script", "title", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links, self.skipping = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("- " if self.parts and self.parts[-1].endswith("\n") else "\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.parts)))

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n")
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.parts[start:]).strip()
            if href and not href.startswith("#") and href not in (text, f"mailto:{text}"):
                self.parts.append(f" <{href}>")

    def handle_data(self, data):
        between_blocks = not data.strip() and (not self.parts or self.parts[-1].endswith("\n"))
        if not self.skipping and not between_blocks:
            self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        lines = [line.strip() for line in "".join(self.parts).split("\n")]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def html_to_text(document):
    """The plain-text alternative of an HTML e-mail: its text, with each link's address."""
    parser = _PlainText()
    parser.feed(document)
    parser.close()
    return parser.text()


def document_title(document):
    """The text of an HTML document's <title>: the subject its template gave it."""
    class _Title(html.parser.HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.inside, self.parts = False, []

        def handle_starttag(self, tag, attrs):
            self.inside = self.inside or tag == "title"

        def handle_endtag(self, tag):
            if tag == "title":
                self.inside = False

        def handle_data(self, data):
            if self.inside:
                self.parts.append(data)

    parser = _Title()
    parser.feed(document)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def new_message(sender, recipient, subject, text, html=None, headers=None):
    """An EmailMessage: text/plain, or multipart/alternative with the HTML part after it."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = email.utils.formatdate(localtime=False)
    domain = email.utils.parseaddr(sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = email.utils.make_msgid(domain=domain)
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def write_eml(message, path):
    """Write `message` to `path` as an .eml file (folders made as needed); returns the path."""
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(message.as_bytes(policy=email.policy.SMTP))
    return path


def send_messages(settings, messages):
    """Send every message through one SMTP connection; MailError names what the relay refused."""
    context = ssl.create_default_context()
    try:
        if settings.port == SMTPS_PORT:
            server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS,
                                      context=context)
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        with server:
            if settings.starttls and settings.port != SMTPS_PORT:
                server.starttls(context=context)
            if settings.user:
                server.login(settings.user, settings.password or "")
            for message in messages:
                server.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        words = " ".join(str(error).split()) or type(error).__name__
        raise MailError(f"SMTP {settings.host}:{settings.port}: {words}; expected a relay that "
                        "accepts the message (check the MSP_SMTP_* variables)") from None

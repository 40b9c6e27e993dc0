"""`make reminders`: one renewal reminder (.eml) per member whose certification expires within
REMINDER_DAYS or expired within the last 30 days, as of a pinned date; sent through a local SMTP
server (aiosmtpd) with --send; named by the staff report."""

import contextlib
import email
import email.policy
import io
import json
import subprocess

import pytest
from conftest import (REFERENCE_DATE, ROOT, SECOND_RECORD, new_providers_dir, sign_profile,
                      variant, write_profile)
from mailtools import SmtpServer, site_overrides

from sitetools import reminders, report

AS_OF = REFERENCE_DATE  # 2026-11-29
STAFF = "Association staff <office@association.example>"
RENEWED = SECOND_RECORD.replace("ucs-cloud", "ucs").replace("cloud-verify", "msp-verify").replace(
    "2022-01-10", "2026-10-01").replace("2024-01-09", "2029-09-30")

# slug -> (name, replacements of the valid profile, due?)
MEMBERS = {
    "nordkapp": ("Nordkapp Drift AS", {"expires: 2028-01-09": "expires: 2027-01-10"}, True),
    "edge-59": ("Edge Fifty-Nine Ltd", {"expires: 2028-01-09": "expires: 2027-01-27"}, True),
    "edge-60": ("Edge Sixty Ltd", {"expires: 2028-01-09": "expires: 2027-01-28"}, False),
    "lapsed-30": ("Lapsed Thirty Ltd", {"expires: 2028-01-09": "expires: 2026-10-30"}, True),
    "lapsed-31": ("Lapsed Thirty-One Ltd", {"expires: 2028-01-09": "expires: 2026-10-29"}, False),
    "renewed": ("Renewed Early Ltd", {"expires: 2028-01-09": "expires: 2026-11-20",
                                      "    auditor: Nordlicht Audit Partners\n": RENEWED}, False),
}
DUE = sorted(slug for slug, (_, _, due) in MEMBERS.items() if due)


@pytest.fixture
def providers(tmp_path):
    folder = new_providers_dir(tmp_path / "providers")
    for slug, (name, replacements, _) in MEMBERS.items():
        text = variant(slug, name, **replacements).replace(
            "hello@testfjord.example", f"office@{slug}.example")
        write_profile(folder, slug, text)
        sign_profile(folder, slug)
    return folder


def run(tool, argv, folder, environment, monkeypatch):
    """`tool.main(argv)` run from `folder` (its reports/ go there) with `environment` only."""
    for key in ("MSP_SMTP_HOST", "MSP_SMTP_PORT", "MSP_SMTP_USER", "MSP_SMTP_PASSWORD",
                "MSP_SMTP_STARTTLS", "MSP_MAIL_FROM"):
        monkeypatch.delenv(key, raising=False)
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = tool.main(argv)
    return code, out.getvalue(), err.getvalue()


def settings_argv(providers, **extra):
    overrides = site_overrides(ROOT / "tests" / "mail_site" / "content", providers, **extra)
    return ["-s", str(ROOT / "pelicanconf.py"), "-e",
            *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]


def read_eml(path):
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def body(message):
    return message.get_content().replace("\r\n", "\n")


def test_reminders_are_written_for_the_due_members_only(providers, tmp_path, monkeypatch):
    code, out, err = run(reminders, ["--as-of", AS_OF, *settings_argv(providers)], tmp_path,
                         {"MSP_MAIL_FROM": STAFF}, monkeypatch)
    assert code == 0, err
    folder = tmp_path / "reports" / f"reminders-{AS_OF}"
    assert sorted(path.stem for path in folder.glob("*.eml")) == DUE
    assert f"{len(DUE)} renewal reminder(s) as of {AS_OF} (expiring within 60 days, or expired " \
           f"within 30) written to reports/reminders-{AS_OF}/" in out
    message = read_eml(folder / "nordkapp.eml")
    assert message.get_content_type() == "text/plain"
    assert message["To"] == "Nordkapp Drift AS <office@nordkapp.example>"
    assert message["From"] == STAFF
    assert message["Subject"] == "Renewal: Unified Certification Standard, report UCS-2025-0001-NORDKAPP, expires on 2027-01-10"
    text = body(message)
    assert "expires on 2027-01-10, in 42 days." in text
    assert "  Audit report:  UCS-2025-0001-NORDKAPP\n  Auditor:       Nordlicht Audit Partners\n" \
        in text
    assert "1. Book a renewal audit with an accredited auditor now" in text
    assert "https://members.association.example/verify/nordkapp/" in text
    assert "https://members.association.example/certification/" in text
    lapsed = body(read_eml(folder / "lapsed-30.eml"))
    assert "expired on 2026-10-30, 30 days ago." in lapsed
    assert read_eml(folder / "lapsed-30.eml")["Subject"].endswith("expired on 2026-10-30")


def test_the_window_is_a_setting(providers, tmp_path, monkeypatch):
    code, out, err = run(reminders, ["--as-of", AS_OF, *settings_argv(providers,
                                                                       REMINDER_DAYS=61)],
                         tmp_path, {"MSP_MAIL_FROM": STAFF}, monkeypatch)
    assert code == 0, err
    folder = tmp_path / "reports" / f"reminders-{AS_OF}"
    assert sorted(path.stem for path in folder.glob("*.eml")) == sorted(DUE + ["edge-60"])


def test_send_delivers_each_reminder_to_the_members_address(providers, tmp_path, monkeypatch):
    with SmtpServer() as server:
        environment = dict(server.environment(), MSP_MAIL_FROM=STAFF)
        code, out, err = run(reminders, ["--as-of", AS_OF, "--send", *settings_argv(providers)],
                             tmp_path, environment, monkeypatch)
        assert code == 0, err
        received = list(server.messages)
        envelopes = list(server.received.envelopes)
    assert f"Sent {len(DUE)} reminder(s) through 127.0.0.1." in out
    assert sorted(rcpts[0] for _, rcpts in envelopes) == [f"office@{slug}.example" for slug in DUE]
    message = next(m for m in received if m["To"].endswith("<office@edge-59.example>"))
    assert message["Subject"] == "Renewal: Unified Certification Standard, report UCS-2025-0001-EDGE-59, expires on 2027-01-27"
    assert "expires on 2027-01-27, in 59 days." in body(message)
    assert "UCS-2025-0001-EDGE-59" in body(message)


def test_a_member_without_a_contact_address_is_named(providers, tmp_path, monkeypatch):
    text = variant("quiet", "Quiet Office Ltd", **{
        "expires: 2028-01-09": "expires: 2027-01-10",
        "  email: hello@testfjord.example\n": ""})
    write_profile(providers, "quiet", text)
    code, out, err = run(reminders, ["--as-of", AS_OF, *settings_argv(providers)], tmp_path,
                         {"MSP_MAIL_FROM": STAFF}, monkeypatch)
    assert code == 0
    assert "warning: " in err and "quiet.yaml: contact.email: is missing; expected the address " \
        "for its renewal reminder (none written)" in err
    assert not (tmp_path / "reports" / f"reminders-{AS_OF}" / "quiet.eml").exists()


def test_the_staff_report_names_the_reminders(providers, tmp_path, monkeypatch):
    argv = ["--as-of", AS_OF, *settings_argv(providers)]
    code, out, _ = run(report, argv, tmp_path, {}, monkeypatch)
    assert code == 0
    assert f"Renewal reminders: none written yet; `make reminders AS_OF={AS_OF}` writes them" in out
    run(reminders, argv, tmp_path, {"MSP_MAIL_FROM": STAFF}, monkeypatch)
    code, out, _ = run(report, argv, tmp_path, {}, monkeypatch)
    assert f"Renewal reminders: {len(DUE)} in reports/reminders-{AS_OF}/" in out


def test_make_reminders(providers, tmp_path):
    options = " ".join(f"{key}='{json.dumps(value)}'"
                       for key, value in site_overrides(ROOT / "tests" / "mail_site" / "content",
                                                        providers).items())
    out = tmp_path / "reminders"
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", "reminders", f"AS_OF={AS_OF}",
         "REMINDER_DAYS=61", f"REMINDERS_OUT={out}", f"PELICANOPTS=-e {options}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "MSP_MAIL_FROM": STAFF})
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(DUE) + 1} renewal reminder(s) as of {AS_OF}" in result.stdout
    assert sorted(path.stem for path in out.glob("*.eml")) == sorted(DUE + ["edge-60"])

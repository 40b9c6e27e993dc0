"""`make send-newsletter ISSUE=<date> TO=...`: send an MSP News issue's e-mail copy.

The copy is the one the newsletter plugin renders (news/<n>/email.html, CSS inlined): the site is
built into a temporary folder with the given settings (make uses publishconf.py, so links are
absolute) and the copy read from it. It goes out as a multipart/alternative message, a plain-text
part made from the same copy and the HTML part, with `List-Unsubscribe` (NEWSLETTER_UNSUBSCRIBE_URL)
and `List-Unsubscribe-Post: List-Unsubscribe=One-Click` when NEWSLETTER_UNSUBSCRIBE_ONE_CLICK says
that URL takes RFC 8058's one-click POST. One message per address in TO (a mailing service's list
address, or a test address). SMTP settings come from the environment (sitetools/mail.py).

Refused: an issue that is not published, one dated after today (BUILD_DATE when set), and one
already in the staff-owned record of sent issues (NEWSLETTER_SENT_PATH, appended after sending).
`--dry-run` (DRY_RUN=1) writes the .eml instead of sending, and records nothing.
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile

from editorial.frontmatter import read_document
from validation.dates import parse_date
from validation.defaults import apply_defaults
from validation.yamlsafe import YamlProblem, read_yaml_file

from . import mail
from .config import add_settings_arguments, load_settings, override_arguments, parse_args

DEFAULTS = {
    # Where a reader unsubscribes: https://... (or mailto:...), sent as List-Unsubscribe.
    "NEWSLETTER_UNSUBSCRIBE_URL": None,
    # True when that https URL accepts RFC 8058's one-click POST (List-Unsubscribe-Post).
    "NEWSLETTER_UNSUBSCRIBE_ONE_CLICK": False,
    # The record of sent issues, relative to content/: staff-owned, appended after each sending.
    "NEWSLETTER_SENT_PATH": "data/newsletter-sent.yaml",
}
DRY_RUN_PATH = os.path.join("reports", "newsletter", "{date}.eml")
SENT_HEADER = (
               "# MSP News issues sent by `make send-newsletter`: one entry per sending, appended\n"
               "# by the tool. Staff-owned; remove an entry only to send that issue again.\n"
               "sent:\n")
PLUGINS_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Refused(Exception):
    """Why the issue is not sent, in one line."""


def issue_source(settings, day):
    """The issue's Markdown file in NEWSLETTER_PATHS, or Refused."""
    for folder in settings["NEWSLETTER_PATHS"]:
        path = os.path.join(settings["PATH"], folder, f"{day.isoformat()}.md")
        if os.path.isfile(path):
            return path
    raise Refused(f"no issue dated {day.isoformat()}; expected content/"
                  f"{settings['NEWSLETTER_PATHS'][0]}/{day.isoformat()}.md")


def sent_issues(path):
    """The dates in the record of sent issues ({date: line}); an empty record when it is missing."""
    if not os.path.exists(path):
        return {}
    try:
        data, lines = read_yaml_file(path)
    except YamlProblem as problem:
        raise Refused(f"{path}:{problem.line or 1}: {problem}; expected the record of sent "
                      "issues") from None
    entries = (data or {}).get("sent") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise Refused(f"{path}:1: sent: is missing; expected a list of sent issues")
    found = {}
    for index, entry in enumerate(entries):
        day = parse_date(str(entry.get("issue"))) if isinstance(entry, dict) else None
        if day is None:
            raise Refused(f"{path}:{lines.get(('sent', index), 1)}: sent[{index}].issue: is not a "
                          "date; expected the issue's date, YYYY-MM-DD")
        found.setdefault(day, lines.get(("sent", index), 1))
    return found


def record_sent(path, day, number, recipients, when):
    """Append one entry to the record of sent issues (created with its header when missing)."""
    new = not os.path.exists(path)
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        if new:
            handle.write(SENT_HEADER)
        handle.write(f"  - issue: {day.isoformat()}\n    number: {number}\n"
                     f"    sent: {when.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
                     f"    recipients: {recipients}\n")


def check_issue(settings, day, today):
    """(source path, issue number) when the issue may be sent, or Refused."""
    path = issue_source(settings, day)
    document = read_document(path)
    status = document.fields.get("status", "published").lower()
    if status != "published":
        raise Refused(f"{path}:{document.line('status')}: status: {status}; expected a published "
                      "issue")
    if day > today:
        raise Refused(f"{path}:{document.line('date')}: date: {day.isoformat()} is after today "
                      f"({today.isoformat()}); expected an issue whose sending date has come")
    number = document.fields.get("number", "")
    if not number.isdigit():
        raise Refused(f"{path}:{document.line('number')}: number: {number!r} is not an issue "
                      "number; run `make check`")
    record = os.path.join(settings["PATH"], settings["NEWSLETTER_SENT_PATH"])
    sent = sent_issues(record)
    if day in sent:
        raise Refused(f"{record}:{sent[day]}: issue {day.isoformat()} was already sent; expected "
                      "an issue not in the record of sent issues")
    return path, int(number), record


def render_copy(args, settings, number):
    """The issue's e-mail copy as the newsletter plugin renders it, from a build in a temporary
    folder with the same settings file and -e overrides."""
    with tempfile.TemporaryDirectory(prefix="send-newsletter-") as folder:
        output = os.path.join(folder, "site")
        command = [sys.executable, "-m", "sitetools.pelican_command", settings["PATH"], "-o",
                   output, "-s", args.settings, "--log-handler", "plain",
                   *override_arguments(args)]
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join(
            filter(None, [PLUGINS_FOLDER, os.environ.get("PYTHONPATH")])))
        environment.pop("MSP_INCREMENTAL_FROM", None)
        build = subprocess.run(command, capture_output=True, text=True, env=environment)
        if build.returncode:
            sys.stderr.write(build.stdout + build.stderr)
            raise Refused("the site did not build; expected a build without problems "
                          "(`make check` lists them)")
        copy = os.path.join(output, settings["NEWSLETTER_EMAIL_SAVE_AS"].format(number=number))
        if not os.path.isfile(copy):
            raise Refused(f"the build wrote no e-mail copy at {os.path.relpath(copy, output)}; "
                          "expected the newsletter plugin's copy of the issue")
        with open(copy, encoding="utf-8") as handle:
            return handle.read()


def unsubscribe_headers(settings):
    """List-Unsubscribe (and List-Unsubscribe-Post when the URL takes one-click POST)."""
    url = settings["NEWSLETTER_UNSUBSCRIBE_URL"]
    if not isinstance(url, str) or not url.startswith(("https://", "mailto:")) or any(
            char in url for char in "<>\r\n \""):
        raise Refused(f"NEWSLETTER_UNSUBSCRIBE_URL: {url!r} is not usable; expected the https:// "
                      "(or mailto:) address where a reader unsubscribes")
    headers = {"List-Unsubscribe": f"<{url}>"}
    if settings["NEWSLETTER_UNSUBSCRIBE_ONE_CLICK"] is True:
        if not url.startswith("https://"):
            raise Refused("NEWSLETTER_UNSUBSCRIBE_ONE_CLICK is true for a mailto: address; "
                          "expected an https:// URL that accepts a POST")
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _date(text):
    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected the issue's date, "
                                         "YYYY-MM-DD")
    return day


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make send-newsletter",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--issue", type=_date, required=True, help="the issue's date, YYYY-MM-DD")
    parser.add_argument("--to", default="", help="recipients, separated by commas")
    parser.add_argument("--dry-run", action="store_true", help="write the .eml, send nothing")
    parser.add_argument("--out", default=None, help=f"the .eml of a dry run (default "
                                                    f"{DRY_RUN_PATH})")
    add_settings_arguments(parser)
    args = parse_args(parser, argv)
    try:
        settings = apply_defaults(dict(load_settings(args)), DEFAULTS, owner="send-newsletter")
        today = parse_date(str(settings.get("BUILD_DATE"))) or datetime.date.today()
        smtp = mail.smtp_settings(sending=not args.dry_run)
        recipients = mail.parse_recipients(args.to)
        headers = unsubscribe_headers(settings)
        path, number, record = check_issue(settings, args.issue, today)
        copy = render_copy(args, settings, number)
        messages = [mail.new_message(smtp.sender, recipient, mail.document_title(copy),
                                     mail.html_to_text(copy), copy, headers)
                    for recipient in recipients]
        if args.dry_run:
            out = args.out or DRY_RUN_PATH.format(date=args.issue.isoformat())
            mail.write_eml(messages[0], out)
            print(f"Dry run: issue {number} written to {out} (To: {recipients[0]}); "
                  "nothing was sent.")
            return 0
        mail.send_messages(smtp, messages)
    except (Refused, mail.MailError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    record_sent(record, args.issue, number, len(recipients),
                datetime.datetime.now(datetime.timezone.utc))
    print(f"Sent issue {number} ({args.issue.isoformat()}) to {len(recipients)} address(es); "
          f"recorded in {record}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

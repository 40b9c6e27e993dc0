"""`make reminders`: one renewal reminder (.eml) per member whose certification runs out soon.

A member gets a reminder when one of its audit records (not superseded by a newer record for the
same standard and programme) is expiring under the status rules of member_profiles/status.py with
a window of REMINDER_DAYS (default 60), or expired within the last REMINDER_EXPIRED_DAYS (30).
Everything is as of `--as-of`, else BUILD_DATE, else today. The message goes to the profile's
contact address and names each record (report id, auditor, dates) and what to do; its text is
templates/reminder.txt. The .eml files go to reports/reminders-<as-of>/ (outside output/, never
published); `--send` (SEND=1) also sends them through the SMTP relay of sitetools/mail.py.
"""

import argparse
import dataclasses
import datetime
import email.utils
import os
import sys

import jinja2
from member_profiles.profiles import load_provider_profiles
from member_profiles.settings import SettingError
from member_profiles.status import EXPIRED, EXPIRING, certification_status
from validation.dates import parse_date
from validation.defaults import apply_defaults, whole_number

from . import mail
from .config import add_settings_arguments, load_settings, parse_args
from .report import superseded

DEFAULTS = {
    # A record expiring within this many days gets a reminder (the status rules' window).
    "REMINDER_DAYS": 60,
    # ... and one that expired at most this many days ago.
    "REMINDER_EXPIRED_DAYS": 30,
    # Where a member reads how renewal works, relative to SITEURL.
    "REMINDER_RENEWAL_URL": "certification/",
}
RULES = {"REMINDER_DAYS": whole_number(1), "REMINDER_EXPIRED_DAYS": whole_number(0)}
FOLDER = os.path.join("reports", "reminders-{as_of}")
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")


@dataclasses.dataclass(frozen=True)
class Notice:
    """One record a reminder is about."""

    record: object
    expired: bool
    days_left: int   # negative once it has expired
    days_ago: int


@dataclasses.dataclass(frozen=True)
class Reminder:
    member: object
    notices: list


def due_notices(member, as_of, days, expired_days):
    """The member's records that call for a reminder, soonest expiry first."""
    notices = []
    for record in member.certifications:
        if superseded(record, member.certifications):
            continue
        status = certification_status(record.issued, record.expires, as_of, days)
        left = (record.expires - as_of).days
        if status == EXPIRING or (status == EXPIRED and -left <= expired_days):
            notices.append(Notice(record, status == EXPIRED, left, -left))
    return sorted(notices, key=lambda notice: (notice.record.expires, notice.record.report_id))


def due_reminders(providers, as_of, days, expired_days):
    """A Reminder for every member with a due record, by slug."""
    reminders = []
    for member in sorted(providers, key=lambda member: member.slug):
        notices = due_notices(member, as_of, days, expired_days)
        if notices:
            reminders.append(Reminder(member, notices))
    return reminders


def _site_url(settings, path):
    return f"{str(settings.get('SITEURL') or '').rstrip('/')}/{path}"


def reminder_message(reminder, settings, sender, as_of):
    """The reminder as a plain-text EmailMessage to the member's contact address."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=False,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True,
                                     lstrip_blocks=True, keep_trailing_newline=True)
    member, first = reminder.member, reminder.notices[0]
    text = environment.get_template("reminder.txt").render(
        member=member, notices=reminder.notices, as_of=as_of,
        any_expiring=any(not notice.expired for notice in reminder.notices),
        staff_email=settings.get("CONTACT_EMAIL") or email.utils.parseaddr(sender)[1],
        verify_url=_site_url(settings, settings.get("VERIFY_URL", "verify/{slug}/").format(
            slug=member.slug)),
        renewal_url=_site_url(settings, settings["REMINDER_RENEWAL_URL"]),
        association=settings.get("ASSOCIATION_NAME") or settings.get("SITENAME", ""))
    verb = "expired on" if first.expired else "expires on"
    subject = (f"Renewal: {first.record.standard.label}, report {first.record.report_id}, {verb} "
               f"{first.record.expires.isoformat()}")
    recipient = email.utils.formataddr((member.name, member.contact["email"]))
    return mail.new_message(sender, recipient, subject, text)


def reminders_note(as_of):
    """The staff report's line about the reminders for its date."""
    folder = FOLDER.format(as_of=as_of.isoformat())
    if os.path.isdir(folder):
        count = len([name for name in os.listdir(folder) if name.endswith(".eml")])
        return f"Renewal reminders: {count} in {folder}/ (make reminders AS_OF={as_of})"
    return f"Renewal reminders: none written yet; `make reminders AS_OF={as_of}` writes them"


def _date(text):
    day = parse_date(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD")
    return day


def _days(text):
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not usable; expected a whole number of days")
    return int(text)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make reminders", description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=_date, default=None,
                        help="the date the reminders are for (default: BUILD_DATE, else today)")
    parser.add_argument("--days", type=_days, default=None,
                        help="the expiring window in days (default: REMINDER_DAYS)")
    parser.add_argument("--out", default=None, help=f"the folder of .eml files (default {FOLDER})")
    parser.add_argument("--send", action="store_true", help="also send them through SMTP")
    add_settings_arguments(parser)
    args = parse_args(parser, argv)
    try:
        settings = apply_defaults(dict(load_settings(args)), DEFAULTS, RULES, owner="reminders")
        as_of = (args.as_of or parse_date(str(settings.get("BUILD_DATE")))
                 or datetime.date.today())
        smtp = mail.smtp_settings(sending=args.send)
        profile_set = load_provider_profiles(dict(settings, BUILD_DATE=as_of.isoformat()))
    except (SettingError, OSError, mail.MailError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if not isinstance(error, mail.MailError) else 1
    days = args.days or settings["REMINDER_DAYS"]
    reminders = due_reminders(profile_set.providers, as_of, days,
                              settings["REMINDER_EXPIRED_DAYS"])
    folder = args.out or FOLDER.format(as_of=as_of.isoformat())
    if os.path.isdir(folder):  # a second run for the same day replaces the first one's files
        for name in os.listdir(folder):
            if name.endswith(".eml"):
                os.remove(os.path.join(folder, name))
    messages = []
    for reminder in reminders:
        if not reminder.member.contact.get("email"):
            print(f"warning: {reminder.member.source}: contact.email: is missing; "
                  "expected the address for its renewal reminder (none written)", file=sys.stderr)
            continue
        message = reminder_message(reminder, settings, smtp.sender, as_of)
        mail.write_eml(message, os.path.join(folder, f"{reminder.member.slug}.eml"))
        messages.append(message)
    print(f"{len(messages)} renewal reminder(s) as of {as_of.isoformat()} (expiring within "
          f"{days} days, or expired within {settings['REMINDER_EXPIRED_DAYS']}) written to "
          f"{folder}/")
    if profile_set.problems:
        files = sorted({problem.file for problem in profile_set.problems})
        print(f"warning: {len(files)} provider profile(s) with problems left out: "
              f"{', '.join(files)}. Run `make check` to see each problem.", file=sys.stderr)
    if args.send and messages:
        try:
            mail.send_messages(smtp, messages)
        except mail.MailError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"Sent {len(messages)} reminder(s) through {smtp.host}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

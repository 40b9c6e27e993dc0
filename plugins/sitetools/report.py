"""`make report`: the staff certification report, as a table on the terminal and as CSV.

Sections: certifications expiring within N days (default 90), certifications already expired
(a record superseded by a newer one for the same standard and programme is not listed), members
who dropped out of the directory since `--since` (verified then, not verified now), profiles not
reviewed in 12 months, members missing a logo or a summary, records waiting for a signature
(unsigned, or changed since they were signed), members whose website or contact e-mail differs
from what make sign-records recorded when it last signed their records (the signature file's
`contact_at_signing`: recorded, not signed, so that an editor's change to where buyers are sent
is seen by staff), and records the association withdrew or suspended. Every row carries the member's
contact e-mail. Everything is as of `--as-of` (default: today). "Not reviewed" uses a profile's
`updated` date; a profile without one falls back to its `member_since` date, and the row says so.
Profiles with problems are left out (as in a build) and named in a warning: `make check` explains.

The CSV goes to reports/certifications-<as-of>.csv by default: outside output/, so staff notes
are never published, and ignored by git.
"""

import argparse
import calendar
import csv
import dataclasses
import datetime
import os
import sys
import unicodedata

from member_profiles.profiles import load_provider_profiles
from member_profiles.settings import SettingError, expiring_days, providers_path
from member_profiles.status import VALID_STATUSES, certification_status, member_status
from records.settings import signatures_path
from records.signatures import SignatureChecker
from trust.export import spreadsheet_safe

from .config import add_settings_arguments, load_settings, parse_args

DEFAULT_DAYS = 90
DEFAULT_SINCE_DAYS = 30
STALE_MONTHS = 12
DEFAULT_CSV = os.path.join("reports", "certifications-{as_of}.csv")
COLUMNS = ("section", "slug", "name", "email", "date", "days", "detail")
SECTIONS = {
    "expiring": "Certifications expiring within {days} days",
    "expired": "Certifications already expired",
    "dropped": "Members who dropped out of the directory since {since}",
    "stale": f"Profiles not updated in {STALE_MONTHS} months",
    "incomplete": "Members missing a logo or a summary",
    "unsigned": "Records waiting for a signature (make sign-records)",
    "contact": "Members whose website or contact e-mail changed since their records were signed",
    "revoked": "Records the association withdrew or suspended (make revoke)",
}


@dataclasses.dataclass(frozen=True)
class Row:
    section: str
    slug: str
    name: str
    email: str
    date: str      # YYYY-MM-DD or ""
    days: str      # "12" (days until `date`), "expired 3 days ago", "400 days ago" or ""
    detail: str


def months_before(day, months):
    """The same day `months` earlier; the month's last day when that day does not exist."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def _record(record):
    return f"{record.standard.label} ({record.program.label}), report {record.report_id}"


def days_text(day, as_of, past="{} ago"):
    """Days until `day` as a plain number, or `past` filled in ("1 day", "411 days") when it
    has gone by."""
    left = (day - as_of).days
    if left >= 0:
        return str(left)
    return past.format("1 day" if left == -1 else f"{-left} days")


def superseded(record, records):
    """True when a later record for the same standard and programme replaces `record`."""
    return any(other is not record and other.standard == record.standard
               and other.program == record.program and other.expires > record.expires
               for other in records)


def status_on(member, day, expiring_days):
    """The member's status as of `day`, from its records alone."""
    return member_status(certification_status(record.issued, record.expires, day, expiring_days)
                         for record in member.certifications)


def report_rows(providers, as_of, days, since=None, expiring_days=60, signature_files=None):
    """Every row of the report, section by section, in a stable order.

    `signature_files` maps a slug to its records.signatures.SignatureFile (what staff signed,
    and the website and e-mail recorded when they last signed)."""
    rows = {section: [] for section in SECTIONS}
    signature_files = signature_files or {}
    stale_before = months_before(as_of, STALE_MONTHS)
    since = since or as_of - datetime.timedelta(days=DEFAULT_SINCE_DAYS)
    for member in providers:
        email = member.contact.get("email", "")

        def row(section, day, days, detail):
            return Row(section, member.slug, member.name, email,
                       day.isoformat() if day else "", days, detail)

        for record in member.certifications:
            left = (record.expires - as_of).days
            if 0 <= left <= days:
                rows["expiring"].append(row("expiring", record.expires, str(left), _record(record)))
            elif left < 0 and not superseded(record, member.certifications):
                note = "; the member is still verified by another record" if member.verified else ""
                rows["expired"].append(row("expired", record.expires,
                                           days_text(record.expires, as_of, "expired {} ago"),
                                           _record(record) + note))
        if not member.verified and status_on(member, since, expiring_days) in VALID_STATUSES:
            lapsed = max(record.expires for record in member.certifications)
            rows["dropped"].append(row(
                "dropped", lapsed, days_text(lapsed, as_of, "expired {} ago"),
                f"verified on {since.isoformat()}, {member.status} now: no record in force"))
        reviewed = member.updated or member.member_since
        if reviewed < stale_before:
            detail = ("last updated" if member.updated
                      else "no updated date in the profile; member_since used")
            rows["stale"].append(row("stale", reviewed, days_text(reviewed, as_of), detail))
        for record in member.certifications:
            if record.revocation is not None:
                rows["revoked"].append(row("revoked", record.revocation.date, "",
                                           f"report {record.report_id} {record.revocation.status}:"
                                           f" {record.revocation.reason}"))
            elif record.signature is None:
                signed = signature_files.get(member.slug)
                why = ("changed since it was signed" if signed and record.report_id in
                       signed.entries else "not signed yet")
                rows["unsigned"].append(row("unsigned", None, "", f"{_record(record)}: {why}"))
        signed = getattr(signature_files.get(member.slug), "contact", None)
        if signed:
            now = {"website": member.website, "email": email}
            changes = [f"{field} {signed[field]} -> {now[field] or '(none)'}"
                       for field in ("website", "email") if signed.get(field) != now[field]]
            if changes:
                day = datetime.date.fromisoformat(signed["signed_on"])
                rows["contact"].append(row("contact", day, days_text(day, as_of),
                                           "; ".join(changes) + " (signed then)"))
        missing = [field for field, value in (("logo", member.logo), ("summary", member.summary))
                   if not value]
        if missing:
            rows["incomplete"].append(row("incomplete", None, "", "missing " + " and ".join(missing)))
    rows["expiring"].sort(key=lambda row: (row.date, row.slug))
    rows["expired"].sort(key=lambda row: (row.date, row.slug), reverse=True)
    rows["dropped"].sort(key=lambda row: (row.date, row.slug), reverse=True)
    rows["stale"].sort(key=lambda row: (row.date, row.slug))
    rows["unsigned"].sort(key=lambda row: (row.slug, row.detail))
    rows["contact"].sort(key=lambda row: (row.date, row.slug))
    rows["revoked"].sort(key=lambda row: (row.date, row.slug), reverse=True)
    return rows


def signature_files(settings, profile_set):
    """{slug: SignatureFile} of every member that has a readable signature file."""
    folder = signatures_path(settings, providers_path(settings))
    checker = SignatureChecker(profile_set.keyring, folder, required=False, allow_sample=True)
    found = {}
    for member in profile_set.providers:
        sigfile, _ = checker.read(member.slug)
        if sigfile is not None:
            found[member.slug] = sigfile
    return found


def display_width(text):
    """Columns a terminal gives `text`: two for wide (CJK) characters, none for combining marks."""
    return sum(0 if unicodedata.combining(char) else
               2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _pad(text, width):
    return text + " " * (width - display_width(text))


def format_tables(rows, as_of, days, since):
    """The report as text: one titled table per section."""
    lines = [f"Certification report as of {as_of.isoformat()}"]
    for section, title in SECTIONS.items():
        found = rows[section]
        lines += ["", f"{title.format(days=days, since=since.isoformat())}: {len(found)}"]
        if not found:
            lines.append("  (none)")
            continue
        table = [("slug", "name", "email", "date", "days", "detail")]
        table += [(r.slug, r.name, r.email, r.date, r.days, r.detail) for r in found]
        last = len(table[0]) - 1
        widths = [max(display_width(line[col]) for line in table) for col in range(last)]
        for line in table:
            cells = [_pad(line[col], widths[col]) for col in range(last)] + [line[last]]
            lines.append("  " + "  ".join(cells).rstrip())
    return "\n".join(lines)


def write_csv(rows, path):
    directory = os.path.dirname(path)
    if directory:
        os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for section in SECTIONS:
            for row in rows[section]:
                writer.writerow([spreadsheet_safe(getattr(row, column)) for column in COLUMNS])


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; expected YYYY-MM-DD") from None


def _days(text):
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not usable; expected a whole number of days")
    return int(text)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make report", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=_days, default=DEFAULT_DAYS,
                        help=f"the expiring window in days (default {DEFAULT_DAYS})")
    parser.add_argument("--as-of", type=_date, default=None,
                        help="the date the report is for, YYYY-MM-DD (default: today)")
    parser.add_argument("--since", type=_date, default=None,
                        help="list members who dropped out of the directory since this date, "
                             f"YYYY-MM-DD (default: {DEFAULT_SINCE_DAYS} days before --as-of)")
    parser.add_argument("--csv", default=None,
                        help=f"where to write the CSV (default {DEFAULT_CSV})")
    add_settings_arguments(parser)
    args = parse_args(parser, argv)
    as_of = args.as_of or datetime.date.today()
    try:
        # statuses as of the report's date, without changing the settings read from the file
        settings = dict(load_settings(args), BUILD_DATE=as_of.isoformat())
        profile_set = load_provider_profiles(settings)
    except (SettingError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    since = args.since or as_of - datetime.timedelta(days=DEFAULT_SINCE_DAYS)
    if since > as_of:
        print(f"error: --since {since.isoformat()} is after --as-of {as_of.isoformat()}; "
              "expected an earlier date", file=sys.stderr)
        return 2
    rows = report_rows(profile_set.providers, as_of, args.days, since,
                       expiring_days(settings), signature_files(settings, profile_set))
    print(format_tables(rows, as_of, args.days, since))
    path = args.csv or DEFAULT_CSV.format(as_of=as_of.isoformat())
    write_csv(rows, path)
    print(f"\nCSV written to {path}")
    from .reminders import reminders_note  # reminders imports this module's rules

    print(reminders_note(as_of))
    if profile_set.problems:
        files = sorted({problem.file for problem in profile_set.problems})
        print(f"warning: {len(profile_set.problems)} problem(s) in {len(files)} provider "
              f"profile(s), left out of this report: {', '.join(files)}. "
              "Run `make check` to see each problem.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

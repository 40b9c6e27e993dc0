"""`make report`: the staff certification report, as a table on the terminal and as CSV.

Sections: certifications expiring within N days (default 90), certifications already expired,
profiles not reviewed in 12 months, and members missing a logo or a summary. Everything is as
of `--as-of` (default: today). "Not reviewed" uses a profile's `updated` date; a profile without
one falls back to its `member_since` date, and the row says so. Profiles with problems are left
out (as in a build) and counted in a warning: `make check` lists them.

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
from member_profiles.settings import SettingError
from trust.export import spreadsheet_safe

from .config import add_settings_arguments, load_settings, parse_args

DEFAULT_DAYS = 90
STALE_MONTHS = 12
DEFAULT_CSV = os.path.join("reports", "certifications-{as_of}.csv")
COLUMNS = ("section", "slug", "name", "date", "days", "detail")
SECTIONS = {
    "expiring": "Certifications expiring within {days} days",
    "expired": "Certifications already expired",
    "stale": f"Profiles not updated in {STALE_MONTHS} months",
    "incomplete": "Members missing a logo or a summary",
}


@dataclasses.dataclass(frozen=True)
class Row:
    section: str
    slug: str
    name: str
    date: str      # YYYY-MM-DD or ""
    days: str      # days from as-of to `date` (negative: in the past) or ""
    detail: str


def months_before(day, months):
    """The same day `months` earlier; the month's last day when that day does not exist."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def _record(record):
    return f"{record.standard.label} ({record.program.label}), report {record.report_id}"


def report_rows(providers, as_of, days):
    """Every row of the report, section by section, in a stable order."""
    rows = {section: [] for section in SECTIONS}
    stale_before = months_before(as_of, STALE_MONTHS)
    for member in providers:
        for record in member.certifications:
            left = (record.expires - as_of).days
            if 0 <= left <= days:
                rows["expiring"].append(Row("expiring", member.slug, member.name,
                                            record.expires.isoformat(), str(left), _record(record)))
            elif left < 0:
                note = "; the member is still verified by another record" if member.verified else ""
                rows["expired"].append(Row("expired", member.slug, member.name,
                                           record.expires.isoformat(), str(left),
                                           _record(record) + note))
        reviewed = member.updated or member.member_since
        if reviewed < stale_before:
            detail = ("last updated" if member.updated
                      else "no updated date in the profile; member_since used")
            rows["stale"].append(Row("stale", member.slug, member.name, reviewed.isoformat(),
                                     str((reviewed - as_of).days), detail))
        missing = [field for field, value in (("logo", member.logo), ("summary", member.summary))
                   if not value]
        if missing:
            rows["incomplete"].append(Row("incomplete", member.slug, member.name, "", "",
                                          "missing " + " and ".join(missing)))
    rows["expiring"].sort(key=lambda row: (row.date, row.slug))
    rows["expired"].sort(key=lambda row: (row.date, row.slug), reverse=True)
    rows["stale"].sort(key=lambda row: (row.date, row.slug))
    return rows


def display_width(text):
    """Columns a terminal gives `text`: two for wide (CJK) characters, none for combining marks."""
    return sum(0 if unicodedata.combining(char) else
               2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _pad(text, width):
    return text + " " * (width - display_width(text))


def format_tables(rows, as_of, days):
    """The report as text: one titled table per section."""
    lines = [f"Certification report as of {as_of.isoformat()}"]
    for section, title in SECTIONS.items():
        found = rows[section]
        lines += ["", f"{title.format(days=days)}: {len(found)}"]
        if not found:
            lines.append("  (none)")
            continue
        table = [("slug", "name", "date", "days", "detail")]
        table += [(r.slug, r.name, r.date, r.days, r.detail) for r in found]
        widths = [max(display_width(line[col]) for line in table) for col in range(4)]
        for line in table:
            cells = [_pad(line[col], widths[col]) for col in range(4)] + [line[4]]
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
    rows = report_rows(profile_set.providers, as_of, args.days)
    print(format_tables(rows, as_of, args.days))
    path = args.csv or DEFAULT_CSV.format(as_of=as_of.isoformat())
    write_csv(rows, path)
    print(f"\nCSV written to {path}")
    if profile_set.problems:
        print(f"warning: {len(profile_set.problems)} problem(s) in provider profiles; those "
              "profiles are left out of this report. Run `make check` to list them.",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

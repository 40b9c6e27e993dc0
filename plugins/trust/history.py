"""Certification history: unbroken runs, gaps and renewals from audit records, and a dated log of
changes to a profile's public fields from the git history of `providers/<slug>.yaml`.

Plain functions and one git reader; nothing here imports Pelican. The git log is read with two
git processes for the whole providers folder (`git log` for the commits, `git cat-file --batch`
for the file versions), never one per member, so it stays cheap at 100,000 members. The log is
reproducible: it depends only on the commits, and dates are commit dates. A shallow clone, a
folder outside git or a missing `git` gives `available = False` and an empty log, never an error.

Everything read from git is untrusted (any pull request can add a commit): a date, a size or a
text that cannot be read, or that breaks the profiles' text rules, makes that one change
"History unavailable" (UNAVAILABLE), never a traceback and never raw text on a page.

Private fields never appear, not even as "changed": only the fields in PUBLIC_FIELDS are compared.
"""

import dataclasses
import datetime
import os
import subprocess

from validation.dates import parse_date
from validation.text import character_problems

ONE_DAY = datetime.timedelta(days=1)


def N_(text):
    """Marks a string for the catalogue (make translations); translated where it is shown."""
    return text


# Fields compared between versions, with the words the log uses for them. `private` and
# anything else a profile may gain later are not listed, so they can never show up.
PUBLIC_FIELDS = {
    "name": N_("name"), "summary": N_("summary"), "description": N_("description"),
    "website": N_("website"), "logo": N_("logo"), "headquarters": N_("headquarters"),
    "service_areas": N_("service areas"), "services": N_("services"),
    "industries": N_("industries"), "languages": N_("languages"),
    "company_size": N_("company size"), "founded": N_("founding year"),
    "member_since": N_("member since"), "ethics_signed": N_("code of ethics signature"),
    "contact": N_("public contact details"), "social": N_("social links"),
}
RECORD_FIELDS = (N_("standard"), N_("program"), N_("issued"), N_("expires"), N_("auditor"))
# What a change that cannot be read shows instead; a change text longer than MAX_CHANGE_TEXT
# (report ids are at most 40 characters) is not one this module wrote from a valid profile.
UNAVAILABLE = "History unavailable"
MAX_CHANGE_TEXT = 200


@dataclasses.dataclass(frozen=True)
class Period:
    """Days on which at least one record was in force, first and last inclusive."""

    start: datetime.date
    end: datetime.date


@dataclasses.dataclass(frozen=True)
class Renewal:
    date: datetime.date          # the day the new record came into force
    report_id: str
    previous_report_id: str


@dataclasses.dataclass(frozen=True)
class RecordHistory:
    certified_since: datetime.date | None   # start of the run in force on the build date
    periods: tuple                          # Period, oldest first, up to the build date
    gaps: tuple                             # Period: days with no record in force between runs
    renewals: tuple                         # Renewal, oldest first


@dataclasses.dataclass(frozen=True)
class Change:
    date: datetime.date | None   # None when the commit's date cannot be read
    text: str


@dataclasses.dataclass(frozen=True)
class ChangeLog:
    available: bool
    reason: str                  # why the log is unavailable; "" when it is available
    changes: dict                # file name (slug.yaml) -> tuple of Change, oldest first

    def of(self, file_name):
        return self.changes.get(file_name, ())


@dataclasses.dataclass(frozen=True)
class MemberHistory:
    """What a verify page and a member's JSON show: its record history and its change log."""

    records: RecordHistory
    changes: tuple               # Change, oldest first; empty when the log is unavailable
    changes_available: bool
    changes_reason: str          # why the log is unavailable; "" when it is available

    @property
    def certified_since(self):
        return self.records.certified_since


def record_history(records, as_of):
    """Runs, gaps and renewals of records with `issued`, `expires`, `report_id`, `standard` and
    `program` attributes; records issued after `as_of` are not yet part of the history."""
    started = sorted((r for r in records if r.issued <= as_of),
                     key=lambda r: (r.issued, r.expires, r.report_id))
    periods = []
    for record in started:
        end = min(record.expires, as_of)
        if periods and record.issued <= periods[-1].end + ONE_DAY:
            if end > periods[-1].end:
                periods[-1] = Period(periods[-1].start, end)
        else:
            periods.append(Period(record.issued, end))
    gaps = tuple(Period(before.end + ONE_DAY, after.start - ONE_DAY)
                 for before, after in zip(periods, periods[1:]))
    in_force = periods and periods[-1].end >= as_of and any(
        r.issued <= as_of <= r.expires for r in started)
    renewals = []
    latest = {}
    for record in started:
        key = (record.standard, record.program)
        previous = latest.get(key)
        # A renewal continues the previous record of the same standard and programme without a
        # day's break; a record after a lapse starts afresh and is not a renewal.
        if previous and previous.issued < record.issued <= previous.expires + ONE_DAY:
            renewals.append(Renewal(record.issued, record.report_id, previous.report_id))
        if previous is None or record.expires >= previous.expires:
            latest[key] = record
    return RecordHistory(
        certified_since=periods[-1].start if in_force else None,
        periods=tuple(periods), gaps=gaps, renewals=tuple(renewals),
    )


def member_history(records, as_of, log, file_name):
    """The history of one member: its records as of `as_of`, and its entries of the change log."""
    return MemberHistory(record_history(records, as_of), log.of(file_name) if log.available else (),
                         log.available, log.reason)


def _records_by_id(data):
    records = data.get("certifications") if isinstance(data, dict) else None
    found = {}
    for record in records if isinstance(records, list) else []:
        if isinstance(record, dict) and isinstance(record.get("report_id"), str):
            found[record["report_id"]] = record
    return found


def profile_changes(before, after):
    """What changed in public fields between two versions of a profile (dicts), as sentences."""
    if before is None:
        return ["profile added"]
    if after is None:
        return ["profile removed"]
    texts = []
    old_records, new_records = _records_by_id(before), _records_by_id(after)
    for report_id in sorted(new_records.keys() - old_records.keys()):
        texts.append(f"record {report_id} added")
    for report_id in sorted(old_records.keys() - new_records.keys()):
        texts.append(f"record {report_id} removed")
    for report_id in sorted(old_records.keys() & new_records.keys()):
        changed = [field for field in RECORD_FIELDS
                   if old_records[report_id].get(field) != new_records[report_id].get(field)]
        if changed:
            texts.append(f"record {report_id}: {', '.join(changed)} changed")
    for field, words in PUBLIC_FIELDS.items():
        if before.get(field) != after.get(field):
            texts.append(f"{words} changed")
    return texts


def translated_change(text, translations):
    """A change text (profile_changes' English sentence, stored in the open data as it is) in
    the language of `translations`, for the verify page; a text it does not know stays as is."""
    gettext = translations.gettext
    fields = {word: gettext(word) for word in (*PUBLIC_FIELDS.values(), *RECORD_FIELDS)}
    if text in ("profile added", "profile removed", UNAVAILABLE):
        return {"profile added": gettext("profile added"),
                "profile removed": gettext("profile removed"),
                UNAVAILABLE: gettext("History unavailable")}[text]
    words = text.split(" ")
    if len(words) == 3 and words[0] == "record" and words[2] in ("added", "removed"):
        sentence = (gettext("record %(report)s added") if words[2] == "added"
                    else gettext("record %(report)s removed"))
        return sentence % {"report": words[1]}
    if text.startswith("record ") and text.endswith(" changed") and ": " in text:
        report, changed = text[len("record "):-len(" changed")].split(": ", 1)
        names = changed.split(", ")
        if all(name in RECORD_FIELDS for name in names):
            return gettext("record %(report)s: %(fields)s changed") % {
                "report": report, "fields": ", ".join(fields[name] for name in names)}
    if text.endswith(" changed") and text[:-len(" changed")] in PUBLIC_FIELDS.values():
        return gettext("%(field)s changed") % {"field": fields[text[:-len(" changed")]]}
    return text


def readable_changes(day, texts):
    """Change entries for the texts of one version: each text that breaks the profiles' text
    rules (validation.text) or is too long becomes UNAVAILABLE, and a version whose date cannot
    be read gives one UNAVAILABLE entry without a date."""
    if not texts:
        return []
    if day is None:
        return [Change(None, UNAVAILABLE)]
    return list(dict.fromkeys(
        Change(day, text if len(text) <= MAX_CHANGE_TEXT and not character_problems(text)
               else UNAVAILABLE)
        for text in texts))


class GitHistory:
    """Reads the history of every profile in `folder` with two git processes."""

    def __init__(self, folder, load):
        self.folder = os.path.abspath(folder)
        self.load = load        # bytes -> dict, or raises on a version that cannot be read

    def _git(self, *args, **kwargs):
        return subprocess.run(["git", "-C", self.folder, *args], capture_output=True,
                              check=False, **kwargs)

    def read(self):
        try:
            inside = self._git("rev-parse", "--is-inside-work-tree", "--is-shallow-repository",
                               "--show-prefix", text=True)
        except OSError:
            return ChangeLog(False, N_("git is not installed"), {})
        if inside.returncode != 0:
            return ChangeLog(False, N_("the providers folder is not in a git repository"), {})
        lines = inside.stdout.splitlines()
        if lines[1] == "true":
            return ChangeLog(False, N_("this copy of the repository is a shallow clone"), {})
        prefix = lines[2] if len(lines) > 2 else ""
        log = self._git("log", "--reverse", "--no-renames", "--format=%x01%H %cs",
                        "--name-status", "--", ".", encoding="utf-8", errors="replace")
        if log.returncode != 0:
            return ChangeLog(False, N_("git log failed"), {})
        versions = self._versions(log.stdout, prefix)
        return ChangeLog(True, "", self._changes(versions))

    @staticmethod
    def _versions(text, prefix):
        """[(file name, date or None, commit or None when deleted, path)], in commit order; a
        date git gives that is not a real YYYY-MM-DD day (a commit dated in the year 10000)
        is None, and a line that cannot be read is left out."""
        found = []
        for block in text.split("\x01")[1:]:
            head, *entries = block.strip("\n").split("\n")
            commit, _, day = head.partition(" ")
            date = parse_date(day)
            for entry in entries:
                status, tab, path = entry.partition("\t")
                if not tab or not status or not commit:
                    continue
                relative = path[len(prefix):] if path.startswith(prefix) else path
                if "/" in relative or not relative.endswith((".yaml", ".yml")):
                    continue
                found.append((relative, date, None if status.startswith("D") else commit,
                              prefix + relative))
        return found

    def _blobs(self, wanted):
        """The bytes of each `commit:path`, read through one `git cat-file --batch`; None for a
        version git did not give, or gave in a form that cannot be read."""
        request = "".join(f"{name}\n" for name in wanted).encode("utf-8")
        result = self._git("cat-file", "--batch", input=request)
        data, blobs, position = result.stdout, dict.fromkeys(wanted), 0
        for name in wanted:
            end = data.find(b"\n", position)
            if end < 0:
                break
            header = data[position:end].split()
            position = end + 1
            if len(header) < 3 or header[1] == b"missing":
                continue
            try:
                size = int(header[2])
            except ValueError:
                break  # the rest of the stream cannot be placed
            if size < 0 or position + size > len(data):
                break
            blobs[name] = data[position:position + size]
            position += size + 1
        return blobs

    def _changes(self, versions):
        wanted = [f"{commit}:{path}" for _, _, commit, path in versions if commit]
        blobs = self._blobs(wanted) if wanted else {}
        current, changes = {}, {}
        for name, day, commit, path in versions:
            after = None
            if commit:
                try:
                    after = self.load(blobs[f"{commit}:{path}"])
                except Exception:  # noqa: BLE001 - an old version that cannot be read is skipped
                    continue
                if not isinstance(after, dict):
                    continue
            before = current.get(name)
            texts = profile_changes(before, after) if (before or after) else []
            for change in readable_changes(day, texts):
                changes.setdefault(name, []).append(change)
            current[name] = after
        return {name: tuple(found) for name, found in changes.items()}

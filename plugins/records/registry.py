"""Registry rules: accredited auditors, each programme's maximum validity and notice period, and
report ids unique across the whole directory.

Plain functions over loaded profile data (`source`, `data`, `lines`); nothing here knows Pelican
or reads templates. Every rule runs on every record, and every problem names the file and line,
and the other file when the problem is a clash between two.
"""

import calendar
import dataclasses
import datetime

from validation.dates import parse_date
from validation.paths import relative
from validation.problems import Problem, field_name, line_of
from validation.schema import read_data_file


@dataclasses.dataclass(frozen=True)
class ProgramRules:
    id: str
    max_validity_months: int
    notice_days: int
    line: int


@dataclasses.dataclass(frozen=True)
class Auditor:
    name: str
    programs: frozenset
    line: int


@dataclasses.dataclass
class Registry:
    """What content/data/auditors.yaml declares; `source` is its path for messages."""

    source: str
    programs: dict      # program id -> ProgramRules
    auditors: dict      # auditor name -> Auditor

    def accredited_for(self, program):
        return sorted(a.name for a in self.auditors.values() if program in a.programs)


def load_registry(path, program_ids):
    """(Registry, problems) from auditors.yaml; `program_ids` are the vocabulary's programmes."""
    data, lines, problems = read_data_file(path, "RECORD_AUDITORS_PATH",
                                           "programme rules and accredited auditors")
    source = relative(path)
    registry = Registry(source, {}, {})
    if problems:
        return registry, problems
    for index, entry in enumerate(data["programs"]):
        line = line_of(lines, ("programs", index))
        if entry["id"] not in program_ids:
            problems.append(Problem(source, line, f"programs[{index}].id",
                                    f"'{entry['id']}' is not a programme of the vocabulary",
                                    "a program id from content/data/vocabulary.yaml: "
                                    + ", ".join(sorted(program_ids))))
        elif entry["id"] in registry.programs:
            problems.append(Problem(source, line, f"programs[{index}].id",
                                    f"'{entry['id']}' is listed twice", "one entry per programme"))
        registry.programs[entry["id"]] = ProgramRules(
            entry["id"], entry["max_validity_months"], entry["notice_days"], line)
    for program in sorted(set(program_ids) - set(registry.programs)):
        problems.append(Problem(source, line_of(lines, ("programs",)), "programs",
                                f"no rules for the programme '{program}'",
                                "an entry with max_validity_months and notice_days for every "
                                "program of content/data/vocabulary.yaml"))
    for index, entry in enumerate(data["auditors"]):
        line = line_of(lines, ("auditors", index))
        for position, program in enumerate(entry["programs"]):
            if program not in program_ids:
                problems.append(Problem(source, line_of(lines, ("auditors", index, "programs",
                                                                position)),
                                        f"auditors[{index}].programs[{position}]",
                                        f"unknown programme '{program}'",
                                        "a program id from content/data/vocabulary.yaml"))
        if entry["name"] in registry.auditors:
            problems.append(Problem(source, line, f"auditors[{index}].name",
                                    f"'{entry['name']}' is also listed on line "
                                    f"{registry.auditors[entry['name']].line}",
                                    "each auditor once"))
        registry.auditors[entry["name"]] = Auditor(entry["name"], frozenset(entry["programs"]),
                                                   line)
    return registry, problems


def add_months(day, months):
    """The same day `months` later, or the last day of that month when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def record_problems(source, record, base, lines, registry, build_date):
    """Auditor, validity and notice-period problems of one audit record at path `base`."""
    def problem(key, text, expected):
        path = base + (key,)
        return Problem(source, line_of(lines, path), field_name(path), text, expected)

    program = record.get("program")
    rules = registry.programs.get(program) if isinstance(program, str) else None
    auditor = record.get("auditor")
    if isinstance(auditor, str):
        known = registry.auditors.get(auditor)
        if known is None:
            yield problem("auditor", f"'{auditor}' is not an accredited auditor",
                          f"an auditor listed in {registry.source}: "
                          + ", ".join(sorted(registry.auditors)))
        elif rules and program not in known.programs:
            yield problem("auditor", f"'{auditor}' is not accredited for the programme "
                          f"'{program}' ({registry.source}:{known.line})",
                          f"an auditor accredited for {program}: "
                          + ", ".join(registry.accredited_for(program)))
    if rules is None:
        return
    issued, expires = parse_date(record.get("issued")), parse_date(record.get("expires"))
    if issued and expires and expires > add_months(issued, rules.max_validity_months):
        yield problem("expires", f"expires {expires} is more than {rules.max_validity_months} "
                      f"months after issued {issued}",
                      f"an expiry no later than {add_months(issued, rules.max_validity_months)} "
                      f"(the maximum validity of {program}, {registry.source}:{rules.line})")
    latest = build_date + datetime.timedelta(days=rules.notice_days)
    if issued and issued > latest:
        yield problem("issued", f"issued {issued} is more than {rules.notice_days} days after "
                      f"the build date {build_date}",
                      f"an issue date no later than {latest} (the notice period of {program}, "
                      f"{registry.source}:{rules.line})")


def registry_problems(profiles, registry, build_date):
    """{source: [Problem]} for every profile; `profiles` yields (source, data, lines).

    A report id used twice is reported at every use, each naming the first other file and line,
    so that a copied id never passes silently whichever file sorts first.
    """
    found, uses = {}, {}
    for source, data, lines in profiles:
        records = data.get("certifications") if isinstance(data, dict) else None
        if not isinstance(records, list):
            continue
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                continue
            base = ("certifications", index)
            found.setdefault(source, []).extend(
                record_problems(source, record, base, lines, registry, build_date))
            report_id = record.get("report_id")
            if isinstance(report_id, str):
                uses.setdefault(report_id, []).append(
                    (source, line_of(lines, base + ("report_id",)), index))
    for report_id, places in uses.items():
        if len(places) < 2:
            continue
        for source, line, index in places:
            other_source, other_line, _ = next(p for p in places if p[:2] != (source, line))
            found.setdefault(source, []).append(Problem(
                source, line, f"certifications[{index}].report_id",
                f"report id '{report_id}' is also used by {other_source}:{other_line}",
                "a report id no other record in the directory uses"))
    return found


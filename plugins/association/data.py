"""The association's YAML lists: channel partners, leadership, videos and podcasts.

Each file is read with the project's safe YAML reader and checked field by field; every problem is
reported as `file:line: field: problem; expected ...`.
"""

import dataclasses
import datetime
import os
import re
from urllib.parse import urlsplit

from member_profiles.validation import Problem, field_name, line_of
from member_profiles.yamlsafe import YamlProblem, load_yaml
from validation.text import EXPECTED as TEXT_EXPECTED
from validation.text import text_problems

from . import settings as conf

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")
EMBED_ID = re.compile(r"[A-Za-z0-9_-]{1,64}\Z")
DURATION = re.compile(r"(\d{1,2}:)?[0-5]?\d:[0-5]\d\Z")


@dataclasses.dataclass(frozen=True)
class Partner:
    name: str
    website: str
    description: str
    program: str


@dataclasses.dataclass(frozen=True)
class Person:
    name: str
    role: str
    company: str
    member: str | None  # a provider slug when the company is a member
    bio: str


@dataclasses.dataclass(frozen=True)
class MediaItem:
    kind: str  # "video" or "podcast"
    title: str
    date: datetime.date
    summary: str
    duration: str
    embed_url: str
    watch_url: str


@dataclasses.dataclass
class Leadership:
    advisory_board: list
    leadership_council: list


# What each kind of value must look like: (test, expectation)
def _text(value):
    return isinstance(value, str) and value.strip() != ""


def _url(value):
    return isinstance(value, str) and urlsplit(value).scheme == "https" and bool(
        urlsplit(value).hostname)


def _date(value):
    if not (isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


KINDS = {
    "text": (_text, "text"),
    "url": (_url, "an https:// address"),
    "date": (_date, "a date written YYYY-MM-DD"),
    "slug": (lambda v: isinstance(v, str) and bool(SLUG.match(v)),
             "a member's slug, the name of its providers/<slug>.yaml file"),
    "embed": (lambda v: isinstance(v, str) and bool(EMBED_ID.match(v)),
              "the video host's id: letters, digits, - and _"),
    "duration": (lambda v: isinstance(v, str) and bool(DURATION.match(v)),
                 "a length written M:SS or H:MM:SS"),
}
# list key -> {field: (kind, required)}
PARTNER_FIELDS = {"name": ("text", True), "website": ("url", True),
                  "description": ("text", True), "program": ("text", True)}
PERSON_FIELDS = {"name": ("text", True), "role": ("text", True), "company": ("text", True),
                 "member": ("slug", False), "bio": ("text", False)}
MEDIA_FIELDS = {"title": ("text", True), "date": ("date", True), "summary": ("text", True),
                "duration": ("duration", True), "embed": ("embed", True)}
SCHEMAS = {
    "partners": {"partners": PARTNER_FIELDS},
    "leadership": {"advisory_board": PERSON_FIELDS, "leadership_council": PERSON_FIELDS},
    "media": {"videos": MEDIA_FIELDS, "podcasts": MEDIA_FIELDS},
}


def _relative(path):
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def check_lists(file, data, lines, schema):
    """Problems of one loaded file against its {list key: fields} schema."""
    found = []
    if not isinstance(data, dict):
        return [Problem(file, 1, "(document)", "is not a mapping",
                        "the keys " + ", ".join(schema))]
    for key in data:
        if key not in schema:
            found.append(Problem(file, line_of(lines, (key,)), key, "unknown list",
                                 "one of " + ", ".join(schema)))
    for key, fields in schema.items():
        entries = data.get(key)
        if not isinstance(entries, list) or not entries:
            found.append(Problem(file, line_of(lines, (key,)), key, "missing or empty",
                                 "a list of entries with " + ", ".join(fields)))
            continue
        for index, entry in enumerate(entries):
            path = (key, index)
            if not isinstance(entry, dict):
                found.append(Problem(file, line_of(lines, path), field_name(path),
                                     "is not a mapping", "fields " + ", ".join(fields)))
                continue
            for name in entry:
                if name not in fields:
                    found.append(Problem(file, line_of(lines, path + (name,)),
                                         field_name(path + (name,)), "unknown field",
                                         "one of " + ", ".join(fields)))
            for name, (kind, required) in fields.items():
                test, expected = KINDS[kind]
                if name not in entry:
                    if required:
                        found.append(Problem(file, line_of(lines, path),
                                             field_name(path + (name,)),
                                             "required field is missing", expected))
                elif not test(entry[name]):
                    found.append(Problem(file, line_of(lines, path + (name,)),
                                         field_name(path + (name,)),
                                         f"{entry[name]!r} is not accepted", expected))
    return found


def read_list_file(settings, key):
    """(data, lines, file, problems) of one YAML file; data is None when it cannot be read."""
    path = os.path.join(settings["PATH"], conf.setting(settings, key))
    file = _relative(path)
    kind = key.removeprefix("ASSOCIATION_").removesuffix("_PATH").lower()
    try:
        with open(path, "rb") as handle:
            data, lines = load_yaml(handle.read())
    except OSError:
        return None, {}, file, [Problem(file, 0, key, "the file does not exist",
                                        f"a YAML file of {', '.join(SCHEMAS[kind])}")]
    except YamlProblem as error:
        return None, {}, file, [Problem(file, error.line or 0, "yaml", error.message,
                                        f"a YAML file of {', '.join(SCHEMAS[kind])}")]
    problems = check_lists(file, data, lines, SCHEMAS[kind])
    problems += [Problem(file, line_of(lines, path), field_name(path), problem, TEXT_EXPECTED)
                 for path, problem in text_problems(data, multiline={"description", "bio"})]
    return data, lines, file, problems


def same_project(settings):
    """True when PROVIDERS_PATH and the content PATH are folders of the same project."""
    from member_profiles.settings import providers_path

    return os.path.dirname(providers_path(settings)) == os.path.dirname(
        os.path.abspath(settings["PATH"]))


def member_slugs(settings):
    """Slugs of every provider profile file (the file name is the slug)."""
    from member_profiles.profiles import profile_files
    from member_profiles.settings import providers_path

    return {os.path.splitext(os.path.basename(p))[0] for p in profile_files(
        providers_path(settings))}


def load_association_data(settings):
    """(partners, leadership, media, problems, member_problems) from the three YAML files.

    `member_problems` are leadership entries naming a member slug with no profile file. They are
    errors when the providers folder belongs to the same project as the content (the two folders
    are siblings, as in this repository); with a providers folder from elsewhere (tests,
    benchmarks) the callers treat them as warnings and the page shows the company without a link.
    """
    problems, member_problems = [], []
    results = {}
    for key in ("ASSOCIATION_PARTNERS_PATH", "ASSOCIATION_LEADERSHIP_PATH",
                "ASSOCIATION_MEDIA_PATH"):
        data, lines, file, found = read_list_file(settings, key)
        problems += found
        results[key] = (data, lines, file, found)
    partners = leadership = media = None
    if not results["ASSOCIATION_PARTNERS_PATH"][3]:
        data = results["ASSOCIATION_PARTNERS_PATH"][0]
        partners = sorted((Partner(**entry) for entry in data["partners"]),
                          key=lambda p: p.name.casefold())
    data, lines, file, found = results["ASSOCIATION_LEADERSHIP_PATH"]
    if isinstance(data, dict):
        # member slugs are checked even when other fields have problems
        known = member_slugs(settings)
        groups = {}
        for group in ("advisory_board", "leadership_council"):
            groups[group] = []
            entries = data.get(group) if isinstance(data.get(group), list) else []
            for index, entry in enumerate(entries):
                slug = entry.get("member") if isinstance(entry, dict) else None
                if isinstance(slug, str) and slug not in known:
                    member_problems.append(Problem(file, line_of(lines, (group, index, "member")),
                                            field_name((group, index, "member")),
                                            f"no member profile providers/{slug}.yaml",
                                            "the slug of an existing member, or no member field"))
                if not found:
                    groups[group].append(Person(entry["name"], entry["role"], entry["company"],
                                                slug, entry.get("bio", "")))
        leadership = None if found else Leadership(**groups)
    if not results["ASSOCIATION_MEDIA_PATH"][3]:
        data = results["ASSOCIATION_MEDIA_PATH"][0]
        embed = conf.setting(settings, "MEDIA_EMBED_BASE")
        watch = conf.setting(settings, "MEDIA_WATCH_BASE")
        media = {}
        for group, kind in (("videos", "video"), ("podcasts", "podcast")):
            media[group] = sorted(
                (MediaItem(kind, e["title"], datetime.date.fromisoformat(e["date"]), e["summary"],
                           e["duration"], embed + e["embed"], watch + e["embed"])
                 for e in data[group]),
                key=lambda item: item.date, reverse=True)
    problems.sort(key=lambda p: (p.file, p.line, p.field))
    return partners, leadership, media, problems, member_problems

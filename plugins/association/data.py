"""The association's YAML lists: channel partners, leadership, videos and podcasts.

Each file is read with the safe YAML reader and checked against the JSON Schema beside it
(content/data/<name>.schema.json); the one rule a schema cannot state is checked here: a
leadership entry's `member` must be the slug of a member profile. Every problem is reported as
`file:line: field: problem; expected ...`.
"""

import dataclasses
import datetime
import os

from validation.dates import parse_date
from validation.paths import relative
from validation.problems import Problem, field_name, line_of, sort_problems
from validation.schema import read_data_file


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


def read_list_file(settings, key):
    """(data, lines, file, problems) of one data file, checked against the schema beside it."""
    path = os.path.join(settings["PATH"], settings[key])
    kind = key.removeprefix("ASSOCIATION_").removesuffix("_PATH").lower()
    # the text rules (validation.text) run with the schema; bios and descriptions may wrap
    data, lines, problems = read_data_file(path, key, f"a YAML file of {kind}",
                                           multiline={"description", "bio"})
    return data, lines, relative(path), problems


def same_project(settings, members):
    """True when the members' profiles folder and the content PATH belong to the same project.

    `members` is member_profiles' Directory (or the ProfileSet `make check` loads), or None.
    """
    return members is not None and os.path.dirname(members.providers_folder) == os.path.dirname(
        os.path.abspath(settings["PATH"]))


def load_association_data(settings, members=None):
    """(partners, leadership, media, problems, member_problems) from the three YAML files.

    `members` (see same_project) gives the member slugs leadership entries may link to.

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
        known = members.profile_slugs if members is not None else frozenset()
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
        embed, watch = settings["MEDIA_EMBED_BASE"], settings["MEDIA_WATCH_BASE"]
        media = {}
        for group, kind in (("videos", "video"), ("podcasts", "podcast")):
            media[group] = sorted(
                (MediaItem(kind, e["title"], parse_date(e["date"]), e["summary"],
                           e["duration"], embed + e["embed"], watch + e["embed"])
                 for e in data[group]),
                key=lambda item: item.date, reverse=True)
    return partners, leadership, media, sort_problems(problems), member_problems

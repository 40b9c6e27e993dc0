"""The embeddable member lists: one per service, country, industry and language facet, and one
per entry of the staff-edited partner file (content/data/partner-embeds.yaml, checked against
partner-embeds.schema.json beside it). Plain functions over the member directory; nothing here
imports Pelican.

A list shows verified members only: a facet's members already are (member_profiles), and a
partner's entries are filtered by the model's own `verified`, never by dates read here.
"""

import dataclasses
import gettext
import os

from validation.paths import relative
from validation.problems import Problem, line_of, sort_problems
from validation.schema import read_data_file

# (folder under EMBED_URL, the facet kind's plural in headings)
FACET_FOLDERS = {"service": "services", "country": "countries", "industry": "industries",
                 "language": "languages"}
PARTNER_FOLDER = "partners"


@dataclasses.dataclass(frozen=True)
class Variant:
    """One static variant of every list: its folder under the list's address and its options."""

    folder: str   # "" for the default (light, with links)
    dark: bool
    links: bool
    label: str


VARIANTS = (
    Variant("", dark=False, links=True, label="Light, with links"),
    Variant("dark/", dark=True, links=True, label="Dark, with links"),
    Variant("no-links/", dark=False, links=False, label="Light, no links"),
    Variant("dark-no-links/", dark=True, links=False, label="Dark, no links"),
)


@dataclasses.dataclass(frozen=True)
class PartnerEmbed:
    slug: str
    partner: str
    title: str
    members: tuple  # member slugs, in the file's order


@dataclasses.dataclass(frozen=True)
class EmbedRecord:
    """What a list shows of an audit record: the dates status.js re-checks."""

    issued: object   # datetime.date
    expires: object  # datetime.date
    revocation: bool


@dataclasses.dataclass(frozen=True)
class EmbedMember:
    """What a list shows of a member, and no more: an incremental build (batch_render) digests
    a list's pages by it, so an edit to anything else (a summary) leaves them as they were."""

    slug: str
    name: str
    url: str
    logo_url: str
    status: str
    certifications: tuple  # EmbedRecord

    @classmethod
    def of(cls, member):
        return cls(member.slug, member.name, member.url, member.logo_url or "", member.status,
                   tuple(EmbedRecord(r.issued, r.expires, r.revocation is not None)
                         for r in member.certifications))


@dataclasses.dataclass(frozen=True)
class EmbedList:
    group: str     # "service", "country", "industry", "language" or "partner"
    slug: str
    title: str     # the list's heading
    label: str     # how the embed-code page names it
    url: str       # its default variant, from the site root: "embed/services/voip/"
    members: tuple  # EmbedMember of each verified member

    def variant_url(self, variant):
        return self.url + variant.folder


def load_partner_embeds(settings, profile_slugs, providers_folder):
    """(entries, problems, member_problems) of the partner file; no file (or no setting: the
    plugin is off) means no partner lists.

    `member_problems` are members named with no profile file: the callers warn and the list
    leaves them out (a member who left, its profile removed by a content pull request, must not
    stop the build on a staff-owned list; staff see the warning in make check and the build)."""
    if not settings.get("EMBED_PARTNERS_PATH"):
        return [], [], []
    path = os.path.join(settings["PATH"], settings["EMBED_PARTNERS_PATH"])
    if not os.path.exists(path):
        return [], [], []
    data, lines, problems = read_data_file(path, "EMBED_PARTNERS_PATH",
                                           "a YAML file of partner member lists")
    if problems or data is None:
        return [], problems, []
    file, seen, entries, member_problems = relative(path), set(), [], []
    for index, entry in enumerate(data["embeds"]):
        if entry["slug"] in seen:
            problems.append(Problem(file, line_of(lines, ("embeds", index, "slug")),
                                    f"embeds[{index}].slug", f"{entry['slug']!r} is used twice",
                                    "a slug no other list uses"))
        seen.add(entry["slug"])
        for position, slug in enumerate(entry["members"]):
            if slug not in profile_slugs:
                where = ("embeds", index, "members", position)
                member_problems.append(Problem(file, line_of(lines, where),
                                               f"embeds[{index}].members[{position}]",
                                               f"no member profile providers/{slug}.yaml",
                                               "the slug of an existing member"))
        entries.append(PartnerEmbed(entry["slug"], entry["partner"], entry["title"],
                                    tuple(entry["members"])))
    return entries, sort_problems(problems), sort_problems(member_problems)


def embed_lists(directory, partners, base_url, text=gettext.NullTranslations()):
    """Every list, facets first (in the directory's order), then the partners' lists; `text`:
    the gettext translations of the build's language."""
    lists, shown = [], {}
    for kind, facets in directory.facet_groups:
        folder = FACET_FOLDERS[kind]
        for facet in facets:
            lists.append(EmbedList(kind, facet.slug, text.gettext("Verified members: %(facet)s")
                                   % {"facet": facet.label},
                                   f"{facet.label} ({facet.count})",
                                   f"{base_url}{folder}/{facet.slug}/",
                                   _shown(facet.members, shown)))
    for entry in partners:
        members = [directory.by_slug(slug) for slug in dict.fromkeys(entry.members)]
        verified = tuple(sorted((m for m in members if m is not None and m.verified),
                                key=lambda m: m.sort_name))
        lists.append(EmbedList("partner", entry.slug, entry.title,
                               f"{entry.partner}: {entry.title} ({len(verified)})",
                               f"{base_url}{PARTNER_FOLDER}/{entry.slug}/",
                               _shown(verified, shown)))
    return lists


def _shown(members, shown):
    """`members` as EmbedMembers, each made once (`shown`: slug -> EmbedMember)."""
    return tuple(shown.get(m.slug) or shown.setdefault(m.slug, EmbedMember.of(m))
                 for m in members)

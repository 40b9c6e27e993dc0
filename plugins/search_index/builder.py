"""The search index builder: a plain class fed entries, knowing nothing of Pelican.

It writes three shards under the search folder, each a compact lunr index (see compact.py) with
the display data its results need:

- `members.json`, the only one fetched before the first result: members' names and places
  (unstemmed, so names match by prefix as typed), the service, country and status of each member
  as numbers (services and countries are matched by their labels in the browser, not indexed
  10,000 times over), and one column per display field;
- `content.json`: member summaries and every other content type (articles, newsletter issues,
  pages), stemmed, with titles, dates and summaries to show;
- `descriptions.json`: member descriptions, stemmed; the largest, fetched last.

Documents are numbered across shards: members are 0..M-1 wherever they appear, other content
M.. in `content.json`.
"""

import dataclasses
import json

from .compact import CompactIndexWriter
from .text import clean_text

FORMAT_VERSION = 2


@dataclasses.dataclass(frozen=True)
class MemberEntry:
    slug: str
    name: str
    url: str
    status: str
    country: str  # ISO code of the headquarters
    areas: tuple  # ISO codes of the other countries served (the country facet covers both)
    city: str
    places: tuple  # city and region: indexed text
    services: tuple  # service ids
    summary: str
    description: str  # plain text


@dataclasses.dataclass(frozen=True)
class DocumentEntry:
    type: str  # "article", "newsletter", "page", or an article's own search_type
    title: str
    url: str
    date: str  # YYYY-MM-DD or ""
    summary: str  # plain text
    text: str  # plain text of the body


@dataclasses.dataclass(frozen=True)
class ShardSpec:
    """One lunr index: its fields ((name, boost), ...) and its pipeline (a text.PIPELINES key)."""

    fields: tuple
    pipeline: str


MEMBERS = ShardSpec(fields=(("name", 10), ("places", 2)), pipeline="plain")
CONTENT = ShardSpec(fields=(("title", 5), ("summary", 2), ("body", 1)), pipeline="stemmed")
DESCRIPTIONS = ShardSpec(fields=(("body", 1),), pipeline="stemmed")
SHARD_FILES = ("members.json", "content.json", "descriptions.json")


def _dumps(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class SearchIndexBuilder:
    """Collects members and documents; `files()` gives the JSON text of every shard by name."""

    def __init__(self, services, countries, statuses, verified, member_url):
        """services, countries, statuses: ordered (value, label) pairs of the facets; verified:
        statuses ranked first; member_url: the member address pattern, such as
        'providers/{slug}/' (a member whose url differs from it has its own url stored)."""
        self.services = [list(pair) for pair in services]
        self.countries = [list(pair) for pair in countries]
        self.statuses = [list(pair) for pair in statuses]
        self.verified = sorted(verified)
        self.member_url = member_url
        self.members = []
        self.documents = []

    def add_member(self, entry):
        self.members.append(entry)

    def add_document(self, entry):
        self.documents.append(entry)

    def document_types(self):
        """The types of the non-member documents, sorted."""
        return sorted({document.type for document in self.documents})

    def writers(self, keep_documents=False):
        """The index writers of the three shards, every entry added (tests read them too)."""
        members = CompactIndexWriter(MEMBERS, keep_documents)
        content = CompactIndexWriter(CONTENT, keep_documents)
        descriptions = CompactIndexWriter(DESCRIPTIONS, keep_documents)
        for member in self.members:
            members.add(name=member.name, places=" ".join(member.places))
            content.add(summary=member.summary)
            descriptions.add(body=member.description)
        for document in self.documents:
            content.add(title=document.title, summary=document.summary, body=document.text)
        return {"members.json": members, "content.json": content,
                "descriptions.json": descriptions}

    def _members_store(self):
        def position(pairs):
            return {value: i for i, (value, _) in enumerate(pairs)}

        services, countries = position(self.services), position(self.countries)
        statuses = position(self.statuses)
        cities = sorted({m.city for m in self.members})
        city_number = {city: i for i, city in enumerate(cities)}
        urls = {}
        for ref, member in enumerate(self.members):
            if member.url != self.member_url.format(slug=member.slug):
                urls[str(ref)] = member.url
        # One column per field: columns of small numbers compress far better than rows.
        return {
            "slug": [m.slug for m in self.members],
            "name": [m.name for m in self.members],
            # cities repeat: each member has a number into a list of the distinct ones
            "cities": cities,
            "city": [city_number[m.city] for m in self.members],
            "status": [statuses[m.status] for m in self.members],
            "country": [countries.get(m.country, -1) for m in self.members],
            "areas": [[countries[a] for a in m.areas if a in countries] for m in self.members],
            # a bit per service, in facet order
            "services": [sum(1 << services[s] for s in set(m.services) if s in services)
                         for m in self.members],
            "url": self.member_url,
            "urls": urls,
        }

    def build(self):
        """The data of each output file, by file name."""
        writers = self.writers()
        types = self.document_types()
        type_number = {kind: i for i, kind in enumerate(types)}
        return {
            "members.json": {
                "version": FORMAT_VERSION,
                "facets": {"service": self.services, "country": self.countries,
                           "status": self.statuses},
                "verified": self.verified,
                "members": self._members_store(),
                "index": writers["members.json"].to_json(),
            },
            "content.json": {
                "version": FORMAT_VERSION,
                "types": types,
                "summaries": [clean_text(m.summary) for m in self.members],
                # [type number, title, url, date, summary] for refs M, M+1, ...
                "documents": [
                    [type_number[d.type], clean_text(d.title), d.url, d.date,
                     clean_text(d.summary)]
                    for d in self.documents
                ],
                "index": writers["content.json"].to_json(),
            },
            "descriptions.json": {
                "version": FORMAT_VERSION,
                "index": writers["descriptions.json"].to_json(),
            },
        }

    def files(self):
        """Deterministic JSON text of each output file, by file name."""
        return {name: _dumps(data) for name, data in self.build().items()}

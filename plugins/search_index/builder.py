"""The search index builder: a plain class fed entries, knowing nothing of Pelican.

It writes two shards, each a lunr.py index (loadable by lunr.js 2.3.9) with a compact display
store beside it:

- `members.json`, fetched first: every member's name, services and places, unstemmed so names
  match by prefix as typed, and one short row per member for the result list;
- `content.json`, fetched after the first results: member summaries and descriptions and every
  other content type (articles, newsletter issues, pages), stemmed.

Documents are numbered across both shards: members are 0..M-1 in both, other content M.. in the
second. lunr refs are those numbers as text, the shortest stable reference there is.
"""

import dataclasses
import json

from lunr.builder import Builder

from .text import PIPELINES, clean_text

FORMAT_VERSION = 1


@dataclasses.dataclass(frozen=True)
class MemberEntry:
    slug: str
    name: str
    url: str
    status: str
    country: str  # ISO code of the headquarters, a facet value
    areas: tuple  # ISO codes of the other countries served (the country facet covers both)
    city: str
    places: tuple  # city, region, country name, service area names: searchable text
    services: tuple  # service ids (facet values)
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
    """How one lunr index is built: its fields (name -> boost) and its token pipeline."""

    fields: tuple  # ((field, boost), ...)
    pipeline: str  # a key of text.PIPELINES

    def to_json(self):
        return {"fields": [list(field) for field in self.fields], "pipeline": self.pipeline}


MEMBERS_SHARD = ShardSpec(fields=(("name", 10), ("services", 3), ("places", 2)), pipeline="plain")
CONTENT_SHARD = ShardSpec(fields=(("title", 5), ("summary", 2), ("body", 1)), pipeline="stemmed")


class LunrShard:
    """One lunr index, fed documents (dicts with 'ref' and the spec's fields)."""

    def __init__(self, spec):
        self.spec = spec
        self.documents = []

    def add(self, ref, **fields):
        document = {"ref": str(ref)}
        for field, _ in self.spec.fields:
            document[field] = clean_text(fields.get(field, ""))
        self.documents.append(document)

    def build(self):
        builder = Builder()
        builder.ref("ref")
        for field, boost in self.spec.fields:
            builder.field(field, boost)
        builder.pipeline.add(*PIPELINES[self.spec.pipeline])
        # Queries are built term by term in the browser (search-text.js), so the index carries
        # no search pipeline and lunr.js needs nothing registered to load it.
        for document in self.documents:
            builder.add(document)
        return builder.build().serialize()


class SearchIndexBuilder:
    """Collects members and documents; `files()` gives the JSON text of every shard by name."""

    def __init__(self, services, countries, statuses, verified):
        """services, countries, statuses: ordered (value, label) pairs for the facet filters;
        verified: the statuses under which a member is verified (ranked first)."""
        self.verified = sorted(verified)
        self.services = [list(pair) for pair in services]
        self.countries = [list(pair) for pair in countries]
        self.statuses = [list(pair) for pair in statuses]
        self.members = []
        self.documents = []

    def add_member(self, entry):
        self.members.append(entry)

    def add_document(self, entry):
        self.documents.append(entry)

    def document_types(self):
        """The types of the non-member documents, sorted."""
        return sorted({document.type for document in self.documents})

    def shards(self):
        """(members shard, content shard) with every entry added."""
        members, content = LunrShard(MEMBERS_SHARD), LunrShard(CONTENT_SHARD)
        for ref, member in enumerate(self.members):
            services = [label for value, label in self.services if value in member.services]
            members.add(ref, name=member.name, places=" ".join(member.places),
                        services=" ".join(services + list(member.services)))
            content.add(ref, summary=member.summary, body=member.description)
        first = len(self.members)
        for ref, document in enumerate(self.documents, start=first):
            content.add(ref, title=document.title, summary=document.summary, body=document.text)
        return members, content

    def build(self):
        """The data of each output file, by file name."""
        members, content = self.shards()
        service_index = {value: i for i, (value, _) in enumerate(self.services)}
        types = self.document_types()
        type_index = {kind: i for i, kind in enumerate(types)}
        return {
            "members.json": {
                "version": FORMAT_VERSION,
                "spec": MEMBERS_SHARD.to_json(),
                "facets": {"service": self.services, "country": self.countries,
                           "status": self.statuses},
                "verified": self.verified,
                # [slug, name, url, status, country, [service numbers], city, [area codes]]
                "members": [
                    [m.slug, m.name, m.url, m.status, m.country,
                     sorted(service_index[s] for s in m.services if s in service_index), m.city,
                     list(m.areas)]
                    for m in self.members
                ],
                "index": members.build(),
            },
            "content.json": {
                "version": FORMAT_VERSION,
                "spec": CONTENT_SHARD.to_json(),
                "types": types,
                "first": len(self.members),
                "summaries": [clean_text(m.summary) for m in self.members],
                # [type number, title, url, date, summary]
                "documents": [
                    [type_index[d.type], clean_text(d.title), d.url, d.date,
                     clean_text(d.summary)]
                    for d in self.documents
                ],
                "index": content.build(),
            },
        }

    def files(self):
        """Deterministic JSON text of each output file, by file name."""
        return {
            name: json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            for name, data in self.build().items()
        }

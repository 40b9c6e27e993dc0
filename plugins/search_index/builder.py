"""The search index builder: a plain class fed entries, knowing nothing of Pelican.

It writes a small entry file, `index.json`, and a folder of data files named by their content
(`<hash>/`), fetched as a query needs them (see chunks.py):

- `t/<n>.json`, index chunks by term. Three lunr indexes share them: *members* (names and places,
  unstemmed, so names match by prefix as typed), *content* (member summaries, and the title,
  summary and body of every article, newsletter issue and page; stemmed) and *descriptions*
  (member descriptions; stemmed). Services and countries are not indexed 100,000 times over: a
  word matching a service or country label finds the members through the facet files;
- `v/p<hex>.json`, `v/s<hex>.json`: the vocabulary by first and by last two letters, to find
  typo candidates;
- `d/<n>.json`: what a result shows (name, place, services, summary; a document's title, date,
  summary), in groups of `DISPLAY_GROUP` consecutive refs, fetched only for results on screen;
- `f/service-<n>.json`, `f/country-<n>.json`, `f/industry-<n>.json`, `f/language-<n>.json`: the
  refs of the members offering a service, based in (or serving) a country, serving an industry or
  speaking a language, for the filters and for words naming a service, country or industry;
- `o/name-<n>.json`, `o/recent-<n>.json`: the member refs in name order and newest certification
  first, `ORDER_GROUP` refs a file, for the directory (an empty query) and the sort menu;
- `s/<hex>.json`: the words buyers use for each service and industry (synonyms.py), to the
  facet numbers they name, by their first letter (fetched for the first letters typed);
- `r/<n>.json`: the report ids of every audit record (of every member, verified or not), by a
  hash of the id (`report_key`, `report_bucket`; search-worker.js computes the same), so that a
  typed certificate number finds its member and the record's status with one small file;
- `g/<hex>.json`: the gazetteer, place names by their first letter, each with the countries it
  is in, so that a place name finds the members serving its country (fetched only for a word
  whose first letter a place has).

Documents are numbered in one space: members 0..M-1, verified members first (so ranking by
status needs no data: the entry file gives the runs of each status), then the other documents
grouped by type. The entry file carries what scoring needs over the whole corpus: each index's
document count and total field lengths, and the chunk boundaries.
"""

import dataclasses

from . import chunks
from .compact import CompactIndexWriter
from .languages import ENGLISH
from .synonyms import synonym_table
from .text import clean_text, fold, normalise_words


def normalise_place(name):
    """A place name as typed words are compared with it: folded, words joined by spaces."""
    return " ".join(normalise_words(name))


def _descending(iso_date):
    """Sort key putting later YYYY-MM-DD dates first."""
    return tuple(-ord(c) for c in iso_date)

FORMAT_VERSION = 6
# Results shown at once are at most 20 per type; a group of 8 refs keeps the display data
# fetched for 20 scattered results near 20 small files.
DISPLAY_GROUP = 8
# Refs per order file: the directory's first page needs the first file only, unless filters
# leave few members in it.
ORDER_GROUP = 2000
# The member orders of the sort menu besides relevance.
ORDERS = ("name", "recent")
# Audit records per report-id file, on average: one small file per typed report id.
REPORT_GROUP = 128


def report_key(report_id):
    """A report id as typed ids are compared with it: folded, letters and digits only
    ("UCS-2024-1107" and "ucs 2024 1107" are both "ucs20241107")."""
    return "".join(c for c in fold(report_id) if c.isascii() and c.isalnum())


def report_bucket(key, buckets):
    """The file number of a report key: 32-bit FNV-1a of its (ASCII) characters, modulo."""
    value = 0x811C9DC5
    for character in key:
        value = ((value ^ ord(character)) * 0x01000193) & 0xFFFFFFFF
    return value % buckets


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
    # "issued/expires ..." of the audit records: the result's status badge carries them, so
    # that theme/static/js/status.js can re-check the status against the visitor's date
    records: str = ""
    industries: tuple = ()  # industry ids
    languages: tuple = ()  # ISO 639-1 codes
    logo: str = ""  # the logo's address relative to the site root, or ""
    certified: str = ""  # YYYY-MM-DD: issue date of the newest record in force, or ""
    # (report id, record status, issued, expires) of each audit record, for the report lookup
    reports: tuple = ()


@dataclasses.dataclass(frozen=True)
class DocumentEntry:
    type: str  # "article", "newsletter", "page", or an article's own search_type
    title: str
    url: str
    date: str  # YYYY-MM-DD or ""
    summary: str  # plain text
    text: str  # plain text of the body


@dataclasses.dataclass(frozen=True)
class IndexSpec:
    """One lunr index: its fields ((name, boost), ...) and its pipeline (a text.PIPELINES key)."""

    fields: tuple
    pipeline: str


INDEXES = {
    "members": IndexSpec(fields=(("name", 10), ("places", 2)), pipeline="plain"),
    "content": IndexSpec(fields=(("title", 5), ("summary", 2), ("body", 1)), pipeline="stemmed"),
    "descriptions": IndexSpec(fields=(("body", 1),), pipeline="stemmed"),
}
ENTRY_FILE = "index.json"


def _runs(values):
    """[[value, count], ...] for consecutive equal values."""
    runs = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    return runs


class SearchIndexBuilder:
    """Collects members and documents; `files()` gives the text of every output file by path
    (relative to the search folder)."""

    def __init__(self, services, countries, statuses, verified, member_url,
                 chunk_target=chunks.CHUNK_TARGET, display_group=DISPLAY_GROUP,
                 industries=(), languages=(), places=None, order_group=ORDER_GROUP,
                 synonyms=None, report_group=REPORT_GROUP, language=ENGLISH):
        """services, countries, statuses, industries, languages: ordered (value, label) pairs of
        the facets; verified: statuses ranked first; member_url: the member address pattern,
        such as 'providers/{slug}/' (a member whose url differs from it has its own url
        stored); places: {country value: [place names]}, the gazetteer; synonyms: {kind:
        {term id: {language: [words]}}} (synonyms.py); language: the SearchLanguage whose
        pipelines tokenise the indexes (languages.py; lunr.js's English by default)."""
        self.language = language
        self.synonyms = dict(synonyms or {})
        self.report_group = report_group
        self.services = [list(pair) for pair in services]
        self.countries = [list(pair) for pair in countries]
        self.industries = [list(pair) for pair in industries]
        self.languages = [list(pair) for pair in languages]
        self.places = dict(places or {})
        self.order_group = order_group
        self.statuses = [list(pair) for pair in statuses]
        self.verified = sorted(verified)
        self.member_url = member_url
        self.chunk_target = chunk_target
        self.display_group = display_group
        self.members = []
        self.documents = []

    def add_member(self, entry):
        self.members.append(entry)

    def add_document(self, entry):
        self.documents.append(entry)

    def document_types(self):
        """The types of the non-member documents, sorted."""
        return sorted({document.type for document in self.documents})

    def ordered_members(self):
        """Members in ref order: verified first, then by status in facet order; otherwise in the
        order they were added."""
        rank = {value: i for i, (value, _) in enumerate(self.statuses)}
        return sorted(self.members, key=lambda m: (m.status not in self.verified,
                                                   rank.get(m.status, len(rank))))

    def ordered_documents(self):
        """Documents in ref order: by type, otherwise in the order they were added."""
        return sorted(self.documents, key=lambda d: d.type)

    def writers(self, keep_documents=False):
        """The index writers, every entry added in ref order (tests read them too)."""
        terms = {}  # a token's term, once per pipeline (content and descriptions share one)
        writers = {name: CompactIndexWriter(spec, keep_documents,
                                            terms.setdefault(spec.pipeline, {}),
                                            self.language.pipelines[spec.pipeline])
                   for name, spec in INDEXES.items()}
        for member in self.ordered_members():
            writers["members"].add(name=member.name, places=" ".join(member.places))
            writers["content"].add(summary=member.summary)
            writers["descriptions"].add(body=member.description)
        for document in self.ordered_documents():
            writers["content"].add(title=document.title, summary=document.summary,
                                   body=document.text)
        return writers

    def _display(self, members, documents):
        """One record per ref: what a result shows."""
        services = {value: i for i, (value, _) in enumerate(self.services)}
        countries = {value: i for i, (value, _) in enumerate(self.countries)}
        records = []
        for m in members:
            record = [m.slug, m.name, m.city, countries.get(m.country, -1),
                      # a bit per service, in facet order
                      sum(1 << services[s] for s in set(m.services) if s in services),
                      clean_text(m.summary), m.records, m.logo]
            if m.url != self.member_url.format(slug=m.slug):
                record.append(m.url)
            records.append(record)
        for d in documents:
            records.append([clean_text(d.title), d.url, d.date, clean_text(d.summary)])
        size = self.display_group
        return {f"d/{start // size}.json": records[start:start + size]
                for start in range(0, len(records), size)}

    def _facets(self, members):
        services = {value: [] for value, _ in self.services}
        based = {value: [] for value, _ in self.countries}
        serving = {value: [] for value, _ in self.countries}
        for ref, m in enumerate(members):
            for value in set(m.services):
                if value in services:
                    services[value].append(ref)
            if m.country in based:
                based[m.country].append(ref)
            for value in set(m.areas) - {m.country}:
                if value in serving:
                    serving[value].append(ref)
        files = {}
        for kind, pairs, field in (("industry", self.industries, "industries"),
                                   ("language", self.languages, "languages")):
            refs = {value: [] for value, _ in pairs}
            for ref, m in enumerate(members):
                for value in set(getattr(m, field)):
                    if value in refs:
                        refs[value].append(ref)
            for number, (value, _) in enumerate(pairs):
                files[f"f/{kind}-{number}.json"] = chunks.gaps(refs[value])
        for number, (value, _) in enumerate(self.services):
            files[f"f/service-{number}.json"] = chunks.gaps(services[value])
        for number, (value, _) in enumerate(self.countries):
            files[f"f/country-{number}.json"] = {"hq": chunks.gaps(based[value]),
                                                 "areas": chunks.gaps(serving[value])}
        return files

    def _orders(self, members):
        """The member refs in each order of ORDERS, cut into files of `order_group` refs: "name"
        is the order members were added in, "recent" newest certification first."""
        # members are added in the directory's name order (member_profiles sorts them)
        added = {id(member): index for index, member in enumerate(self.members)}
        by_name = sorted(range(len(members)), key=lambda ref: added[id(members[ref])])
        # newest certification first; members without a record in force last, by name
        by_name_rank = {ref: rank for rank, ref in enumerate(by_name)}
        recent = sorted(range(len(members)), key=lambda ref: (
            members[ref].certified == "", _descending(members[ref].certified), by_name_rank[ref]))
        size = self.order_group
        files, counts = {}, {}
        for kind, refs in (("name", by_name), ("recent", recent)):
            counts[kind] = (len(refs) + size - 1) // size
            for start in range(0, len(refs), size):
                files[f"o/{kind}-{start // size}.json"] = refs[start:start + size]
        return files, counts

    def _reports(self, members):
        """({file: {report key: [[ref, report id, status, issued, expires], ...]}}, file count)."""
        rows = [(report_key(report[0]), [ref, *report])
                for ref, member in enumerate(members) for report in member.reports
                if report_key(report[0])]
        buckets = -(-len(rows) // self.report_group)  # none without records
        files = {}
        for key, row in rows:
            group = files.setdefault(f"r/{report_bucket(key, buckets)}.json", {})
            group.setdefault(key, []).append(row)
        return files, buckets

    def _gazetteer(self):
        """({file: {place: [name, country numbers...]}}, [keys]): places by first letter."""
        countries = {value: i for i, (value, _) in enumerate(self.countries)}
        words = {}  # normalised name -> [name as written, country numbers...]
        for value, names in sorted(self.places.items()):
            if value not in countries:
                continue  # a country no member names: nothing to find
            for name in names:
                word = normalise_place(name)
                if len(word) >= 2:  # (one letter is no place name)
                    entry = words.setdefault(word, [name])
                    if countries[value] not in entry[1:]:
                        entry.append(countries[value])
        groups = {}
        for word, entry in words.items():
            groups.setdefault(word[0], {})[word] = [entry[0], *sorted(entry[1:])]
        keys = sorted(groups, key=chunks.js_order)
        return {f"g/{chunks.key_name('g', key)}.json": groups[key] for key in keys}, keys

    def files(self):
        """Deterministic text of each output file, by path relative to the search folder."""
        members, documents = self.ordered_members(), self.ordered_documents()
        writers = self.writers()
        boundaries, chunk_data = chunks.chunk_files(writers, self.chunk_target)
        data = {f"t/{number}.json": chunk for number, chunk in enumerate(chunk_data)}
        terms = set().union(*(writer.terms() for writer in writers.values()))
        vocabulary = chunks.vocabulary_files(terms)
        data.update({f"v/{chunks.key_name(*key)}.json": words
                     for key, words in vocabulary.items()})
        data.update(self._display(members, documents))
        data.update(self._facets(members))
        orders, order_counts = self._orders(members)
        data.update(orders)
        gazetteer, place_keys = self._gazetteer()
        data.update(gazetteer)
        reports, report_files = self._reports(members)
        data.update(reports)
        synonyms = synonym_table(self.synonyms, {
            "service": [value for value, _ in self.services],
            "industry": [value for value, _ in self.industries]})
        # typed words -> [[facet kind, number], ...]: the words buyers use for a term, by the
        # first letter of the words (as the gazetteer), so that a query fetches a few hundred bytes
        synonym_groups = {}
        for words, targets in synonyms.items():
            synonym_groups.setdefault(words[0], {})[words] = targets
        synonym_keys = sorted(synonym_groups, key=chunks.js_order)
        data.update({f"s/{chunks.key_name('s', key)}.json": synonym_groups[key]
                     for key in synonym_keys})
        texts = {name: chunks.dumps(value) for name, value in data.items()}
        folder = chunks.folder_name(texts)
        types = self.document_types()
        statuses = {value: i for i, (value, _) in enumerate(self.statuses)}
        entry = {
            "version": FORMAT_VERSION,
            "folder": folder + "/",
            "facets": {"service": self.services, "country": self.countries,
                       "status": self.statuses, "industry": self.industries,
                       # values only: a language is a filter, never matched by typed words
                       "language": [[value] for value, _ in self.languages]},
            "orders": order_counts,
            # first letters of the gazetteer's places (g/ files)
            "places": place_keys,
            # files of the report-id lookup (r/)
            "reports": report_files,
            # first letters of the synonyms (s/ files)
            "synonyms": synonym_keys,
            "verified": self.verified,
            # status numbers of refs 0.. as runs [status, count]
            "members": {"count": len(members), "url": self.member_url,
                        "status": _runs([statuses.get(m.status, -1) for m in members])},
            # type numbers of refs M.. as runs
            "documents": {"types": types,
                          "type": _runs([types.index(d.type) for d in documents])},
            "indexes": {name: writer.header() for name, writer in writers.items()},
            "chunks": boundaries,
            # the keys of the vocabulary files there are (a typo lookup asks for no other)
            "vocabulary": {kind: sorted((key for k, key in vocabulary if k == kind), key=chunks.js_order)
                           for kind in ("p", "s")},
            "display": self.display_group,
        }
        language = self.language.entry()
        if language:
            # the stemmed indexes' language and the scripts that stem it (languages.py)
            entry["language"] = language
        files = {f"{folder}/{name}": text for name, text in texts.items()}
        files[ENTRY_FILE] = chunks.dumps(entry)
        return files

"""The search index: the builder on its own, the plugin in a real build, the vendored lunr.js."""

import hashlib
import json
import re
import types
from datetime import datetime

import pytest
from lunr.builder import Builder
from member_profiles.directory import build_directory
from member_profiles.profiles import load_provider_profiles

from conftest import (MEMBER_SITE_PLUGINS, ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS, member_site,
                      run_pelican, site_settings, variant, write_profile)
from search_index.builder import INDEXES, DocumentEntry, MemberEntry, SearchIndexBuilder
from search_index.chunks import chunk_files, vocabulary_files
from search_index.collect import collect
from search_index.compact import CompactIndexWriter
from search_index.text import PIPELINES, html_to_text
from search_site import build_search_site

LUNR_MIN_SHA256 = "0c50d9002b85780a842afffb567bb54ede402dae7c6dc5997a018614d8044fc8"
LUNR_LICENSE_SHA256 = "ae33f5a0d538cd93de1136a052ffa734b59d6b28e7cfc19e03de1d8b5d9f40ea"


def member(slug, name, **fields):
    values = dict(slug=slug, name=name, url=f"providers/{slug}/", status="active", country="NO",
                  areas=("SE",), city="Bergen", places=("Bergen", "Vestland"),
                  services=("managed-it",), summary=f"{name} keeps offices running.",
                  description="We patch laptops and restore backups.")
    values.update(fields)
    return MemberEntry(**values)


def small_builder():
    builder = SearchIndexBuilder(
        services=[("managed-it", "Managed IT support"), ("voip", "Voice")],
        countries=[("NO", "Norway"), ("SE", "Sweden")],
        statuses=[("active", "Active"), ("expired", "Expired")],
        verified=["active"], member_url="providers/{slug}/")
    builder.add_member(member("bolt", "Bolt IT AB", status="expired", country="SE", areas=(),
                              url="elsewhere/bolt/"))
    builder.add_member(member("acme", "Acme Drift AS", services=("managed-it", "voip"),
                              records="2025-01-10/2028-01-09", logo="providers/acme/logo.svg"))
    builder.add_document(DocumentEntry("article", "Backups that work", "articles/backups/",
                                       "2026-01-02", "Test your restores.", "Restore weekly."))
    builder.add_document(DocumentEntry("newsletter", "Issue 1", "newsletter/1/", "2026-02-01",
                                       "News.", "Members met in Oslo."))
    return builder


def _data(files, name):
    """A data file of the builder's output by its path inside the build's folder."""
    entry = json.loads(files["index.json"])
    return json.loads(files[entry["folder"] + name])


def test_builder_writes_a_small_entry_file_and_deterministic_data_files():
    files = small_builder().files()
    assert files == small_builder().files()
    for text in files.values():
        assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False)
    entry = json.loads(files["index.json"])
    folder = entry["folder"]
    assert re.fullmatch(r"[0-9a-f]{12}/", folder)
    assert all(name == "index.json" or name.startswith(folder) for name in files)
    assert entry["verified"] == ["active"]
    # verified members first: Bolt (expired) was added first but gets ref 1
    assert entry["members"] == {"count": 2, "url": "providers/{slug}/", "status": [[0, 1], [1, 1]]}
    assert entry["documents"] == {"types": ["article", "newsletter"], "type": [[0, 1], [1, 1]]}
    assert entry["indexes"]["members"] == {
        "count": 2, "fields": [["name", 10], ["places", 2]], "pipeline": "plain",
        "lengths": {"name": 6, "places": 4}}
    assert entry["indexes"]["content"]["count"] == 4  # two member summaries, two documents
    # display data: [slug, name, city, country, services as bits, summary, records, logo
    # (, own url)]
    assert _data(files, "d/0.json") == [
        ["acme", "Acme Drift AS", "Bergen", 0, 0b11, "Acme Drift AS keeps offices running.",
         "2025-01-10/2028-01-09", "providers/acme/logo.svg"],
        ["bolt", "Bolt IT AB", "Bergen", 1, 0b01, "Bolt IT AB keeps offices running.", "", "",
         "elsewhere/bolt/"],
        ["Backups that work", "articles/backups/", "2026-01-02", "Test your restores."],
        ["Issue 1", "newsletter/1/", "2026-02-01", "News."],
    ]
    assert _data(files, "f/service-0.json") == [0, 1]  # refs as gaps
    assert _data(files, "f/service-1.json") == [0]
    assert _data(files, "f/country-1.json") == {"hq": [1], "areas": [0]}
    # one chunk here: every term of every index; names unstemmed, content stemmed
    assert entry["chunks"] == [""]
    chunk = _data(files, "t/0.json")
    assert {"acme", "drift", "as", "bolt", "it", "ab", "bergen", "vestland"} == set(
        chunk["members"]["terms"])
    assert "restor" in chunk["content"]["terms"]
    assert "norway" not in chunk["members"]["terms"]  # countries are matched as facets
    # the vocabulary by first and last two letters, for typos
    assert "vestland" in _data(files, "v/p" + "ve".encode().hex() + ".json")
    assert "vestland" in _data(files, "v/s" + "nd".encode().hex() + ".json")
    assert "ve" in entry["vocabulary"]["p"] and "nd" in entry["vocabulary"]["s"]


def test_industry_and_language_facets_orders_and_places_are_data_files():
    """Industries and languages are filter lists like services; the name and recently-certified
    orders are files of refs (fetched for the directory and the sort menu, never for a first
    query); the gazetteer's places are filed by their first two letters."""
    builder = SearchIndexBuilder(
        services=[("managed-it", "Managed IT support")], countries=[("NO", "Norway")],
        statuses=[("active", "Active"), ("expired", "Expired")], verified=["active"],
        member_url="providers/{slug}/", industries=[("healthcare", "Healthcare"), ("legal", "Legal")],
        languages=[("en", "English"), ("no", "Norwegian")], order_group=2,
        places={"NO": ["Oslo", "Tromsø", "Nord Fron"], "SE": ["Malmö"]})
    builder.add_member(member("aker", "Aker AS", industries=("legal",), languages=("no",),
                              certified="2024-05-01"))
    builder.add_member(member("bolt", "Bolt AS", status="expired", industries=("healthcare",)))
    builder.add_member(member("cirk", "Cirk AS", industries=("healthcare", "legal"),
                              languages=("en", "no"), certified="2026-01-01"))
    files = builder.files()
    entry = json.loads(files["index.json"])
    assert entry["facets"]["industry"] == [["healthcare", "Healthcare"], ["legal", "Legal"]]
    assert entry["facets"]["language"] == [["en"], ["no"]]  # a filter only: no labels
    # refs: aker 0, cirk 1 (verified, in the order added), bolt 2
    assert _data(files, "f/industry-0.json") == [1, 1]  # cirk, bolt as gaps
    assert _data(files, "f/industry-1.json") == [0, 1]
    assert _data(files, "f/language-1.json") == [0, 1]
    assert entry["orders"] == {"name": 2, "recent": 2}
    assert _data(files, "o/name-0.json") + _data(files, "o/name-1.json") == [0, 2, 1]
    # newest certification first, members without one in force last
    assert _data(files, "o/recent-0.json") + _data(files, "o/recent-1.json") == [1, 0, 2]
    # places of countries with members only (no Malmö), folded, each with its name as written
    assert entry["places"] == ["n", "o", "t"]
    assert _data(files, "g/g" + "t".encode().hex() + ".json") == {"tromsø": ["Tromsø", 0]}
    assert _data(files, "g/g" + "n".encode().hex() + ".json") == {"nord fron": ["Nord Fron", 0]}


def test_postings_encoding():
    writer = CompactIndexWriter(INDEXES["members"])
    for name in ("b a", "a a a", "c", "a", "b"):
        writer.add(name=name, places="")
    firsts = {}
    # a: docs 0 (length 2), 1 (length 3, tf 3), 3 (length 1)
    assert writer.encode("a", firsts) == {"name": [0, 2, 1, 3, -3, 2, 1]}
    # b: docs 0, 4; the first as a zigzag gap from a's first doc
    assert writer.encode("b", firsts) == {"name": [0, 2, 4, 1]}
    assert writer.encode("c", firsts) == {"name": [4, 1]}
    assert writer.header()["lengths"] == {"name": 8, "places": 0}


def test_chunks_split_by_term_with_boundaries_that_find_them():
    writers = {"members": CompactIndexWriter(INDEXES["members"])}
    words = [f"{a}{b}{c}" for a in "abcdefgh" for b in "aeiou" for c in "klmn"]
    for start in range(0, len(words), 3):
        writers["members"].add(name=" ".join(words[start:start + 3]), places="")
    boundaries, chunks = chunk_files(writers, target=200)
    assert len(chunks) > 10
    assert boundaries[0] == "" and boundaries == sorted(boundaries)
    for number, chunk in enumerate(chunks):
        for term in chunk["members"]["terms"]:
            # the chunk of a term is the last whose boundary sorts at or before it
            assert max(i for i, bound in enumerate(boundaries) if bound <= term) == number
    # boundaries are the shortest prefixes that do the job
    assert all(len(bound) <= 3 for bound in boundaries)


def test_typo_candidates_are_in_the_vocabulary_files_of_the_first_or_last_two_letters():
    """One edit to a word of five letters or more keeps its first two or its last two letters."""
    vocabulary = vocabulary_files({"harbour", "habour", "harbor", "aharbour", "hrabour",
                                   "harbuor", "xarbour", "hxrbour", "harbo"})
    word = "harbour"
    files = set(vocabulary["p", word[:2]]) | set(vocabulary["s", word[-2:]])
    assert {"harbour", "habour", "harbor", "aharbour", "hrabour", "harbuor", "xarbour",
            "hxrbour"} <= files
    assert all(len(term) >= 4 for terms in vocabulary.values() for term in terms)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_search_site(tmp_path_factory.mktemp("search-index"))


def test_compact_writer_agrees_with_lunr_py_builder():
    """Same terms, postings and term frequencies as lunr.py's own Builder with our pipeline."""
    for spec_name, writer in _sample_writers().items():
        reference = Builder()
        reference.ref("ref")
        for field, boost in writer.spec.fields:
            reference.field(field, boost)
        reference.pipeline.add(*PIPELINES[writer.spec.pipeline])
        for document in writer.documents:
            reference.add(document)
        ours = {(term, field, entries[i], entries[i + 1])
                for field, postings in writer.postings.items()
                for term, entries in postings.items() for i in range(0, len(entries), 2)}
        theirs = {(term, ref_field.split("/")[0], int(ref_field.split("/")[1]), tf)
                  for ref_field, frequencies in reference.field_term_frequencies.items()
                  for term, tf in frequencies.items()}
        assert ours == theirs, spec_name
        lengths = {key: value for key, value in reference.field_lengths.items()}
        for field, values in writer.lengths.items():
            assert values == [lengths[f"{field}/{ref}"] for ref in range(len(values))]


def _sample_writers():
    """The sample members collected as the plugin does, with the documents each writer saw."""
    settings = site_settings(BUILD_DATE="2026-11-29")
    directory = build_directory(load_provider_profiles(settings), settings)
    builder = SearchIndexBuilder([(f.slug, f.label) for f in directory.services],
                                 [(f.slug.upper(), f.label) for f in directory.countries],
                                 list(directory.status_labels.items()), ["active"],
                                 "providers/{slug}/")
    collect(builder, {"directory": directory, "articles": [], "pages": []})
    return builder.writers(keep_documents=True)


def _search_files(build):
    folder = build.path / "search"
    return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(folder.rglob("*.json"))}


def _display_records(build):
    files = _search_files(build)
    entry = json.loads(files["index.json"])
    records = []
    for number in range(len([n for n in files if n.startswith(entry["folder"] + "d/")])):
        records += json.loads(files[f"{entry['folder']}d/{number}.json"])
    return entry, records


def test_site_writes_every_content_type_and_is_reproducible(built, tmp_path):
    entry, records = _display_records(built)
    count = entry["members"]["count"]
    providers = sorted(p.stem for p in (SAMPLE_PROVIDERS).glob("*.yaml"))
    assert sorted(record[0] for record in records[:count]) == providers  # every member
    assert entry["documents"]["types"] == ["article", "newsletter", "page"]
    titles = [record[0] for record in records[count:]]
    sample = (len(list((SAMPLE_CONTENT / "articles").glob("*.md")))
              + len(list((SAMPLE_CONTENT / "newsletter").glob("*.md")))
              + len(list((SAMPLE_CONTENT / "pages").glob("*.md"))))
    assert len(titles) == sample + 2 - 1  # the 404 page is not indexed
    assert "Five questions before you sign a support contract" in titles
    assert "Search test page" in titles and "About the association" in titles
    # the entry file stays small: what a first query fetches besides the chunks it needs (the
    # industry facet's labels, which typed words are matched against, take about 600 of it)
    assert len(built.page("search/index.json")) < 5000
    again = build_search_site(tmp_path)
    assert _search_files(again) == _search_files(built)
    assert again.page("search/index.html") == built.page("search/index.html")


def test_private_notes_never_reach_the_index(built):
    text = "".join(_search_files(built).values())
    assert "Fjordlys Drift AS" in text
    assert "Ingrid Solheim" not in text and "co-branding" not in text
    assert "private" not in text


def test_search_page_and_header_box(built):
    page = built.page("search/index.html")
    assert '<form class="search-form" role="search" action="/search/" method="get">' in page
    assert '<label for="search-q">' in page and 'name="q"' in page
    for name in ("status", "type"):
        assert f'<select name="{name}" data-filter>' in page
    for name in ("service", "country"):  # a facet holds several values (issue 26)
        assert f'<select name="{name}" data-filter multiple size="4">' in page
    assert '<option value="article" data-singular="Article">Articles</option>' in page
    assert '<option value="member" data-singular="Member">Members</option>' in page
    # without JavaScript: links to the directory and facet pages, not a list of every member
    assert 'href="/providers/services/backup-recovery/"' in page
    assert 'href="/providers/countries/no/"' in page
    assert page.count('href="/providers/fjordlys-drift/"') == 0
    # strict CSP: no inline script, style or handlers; scripts are fingerprinted, same origin
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>(?!\s*</script>)", page)
    assert not re.search(r"<style|\sstyle=|\son[a-z]+=", page)
    scripts = re.findall(r'<script src="([^"]+)" integrity="sha384-[^"]+" defer>', page)
    assert all(re.match(r"/assets/js/[a-z-]+\.[0-9a-f]{10}\.js$", s) for s in scripts)
    assert [s for s in scripts if re.match(r"/assets/js/search\.[0-9a-f]{10}\.js$", s)]
    for html in (built.page("index.html"), built.page("providers/index.html"), page):
        assert re.search(r'<form class="site-search" role="search" action="/search/"', html)
        assert '<label class="visually-hidden" for="site-search-q">' in html
        worker = re.search(r'data-search-worker="([^"]+)"', html)[1]
        lunr = re.search(r'data-search-lunr="([^"]+)"', html)[1]
        assert re.match(r"/assets/js/search-worker\.[0-9a-f]{10}\.js$", worker)
        assert re.match(r"/assets/vendor/lunr/lunr\.min\.[0-9a-f]{10}\.js$", lunr)
        assert (built.path / worker.lstrip("/")).is_file()
        assert (built.path / lunr.lstrip("/")).is_file()


def test_lunr_js_is_the_pinned_npm_release_with_its_licence():
    folder = ROOT / "theme" / "static" / "vendor" / "lunr"
    assert hashlib.sha256((folder / "lunr.min.js").read_bytes()).hexdigest() == LUNR_MIN_SHA256
    assert hashlib.sha256((folder / "LICENSE").read_bytes()).hexdigest() == LUNR_LICENSE_SHA256
    assert (folder / "lunr.min.js").read_text().startswith("/**\n * lunr - http://lunrjs.com")
    assert " 2.3.9\n" in (folder / "lunr.min.js").read_text()[:200]
    # nothing is fetched from another host at run time
    for script in (ROOT / "theme" / "static" / "js").glob("search*.js"):
        assert not re.search(r"https?://", script.read_text()), script


def test_collect_takes_every_content_type():
    article = types.SimpleNamespace(url="articles/a/", title="Patch <em>Tuesday</em>",
                                    date=datetime(2026, 3, 4), summary="<p>Patches.</p>",
                                    content="<p>Apply <strong>patches</strong> monthly.</p>")
    guide = types.SimpleNamespace(url="guides/g/", title="Guide", date=None, summary="",
                                  content="<p>Read.</p>", search_type="guide")
    issue = types.SimpleNamespace(url="newsletter/2026-03/", title="March issue",
                                  date=datetime(2026, 3, 31), summary="New members",
                                  content="<h2>New</h2><p>Five members joined.</p>")
    page = types.SimpleNamespace(url="about/", title="About", summary=None, content="<p>Us</p>")
    builder = small_builder()
    collect(builder, {"articles": [article, guide], "pages": [page],
                      "newsletter_issues": [issue]})
    added = builder.documents[2:]
    assert [(d.type, d.title, d.url, d.date) for d in added] == [
        ("article", "Patch Tuesday", "articles/a/", "2026-03-04"),
        ("guide", "Guide", "guides/g/", ""),
        ("newsletter", "March issue", "newsletter/2026-03/", "2026-03-31"),
        ("page", "About", "about/", ""),
    ]
    assert added[2].text == "New Five members joined."
    assert html_to_text("<p>a&amp;b</p><p>c</p>") == "a&b c"


def _search_site(output, providers):
    """The small fixture site with the search plugin (its members and one page indexed)."""
    return member_site(output, providers, PLUGINS=[*MEMBER_SITE_PLUGINS[:-1], "search_index",
                                                  MEMBER_SITE_PLUGINS[-1]],
                       # the fixture site has no data folder: the site's own gazetteer
                       SEARCH_GAZETTEER_PATH=str(SAMPLE_CONTENT / "data" / "gazetteer.yaml"))


def test_a_rebuild_in_place_leaves_one_index(tmp_path, providers_dir):
    output = tmp_path / "out"
    assert _search_site(output, providers_dir).returncode == 0
    first = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    write_profile(providers_dir, "nordlicht", variant("nordlicht", "Nordlicht Systeme GmbH"))
    assert _search_site(output, providers_dir).returncode == 0
    second = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    assert first["folder"] != second["folder"]
    folders = sorted(p.name for p in (output / "search").iterdir() if p.is_dir())
    assert folders == [second["folder"].strip("/")]


def test_bad_chunk_size_is_reported(tmp_path):
    build = run_pelican(tmp_path / "out", SEARCH_CHUNK_SIZE="big")
    assert build.returncode != 0
    assert ("search_index: SEARCH_CHUNK_SIZE: 'big' is not a whole number of characters; "
            "expected one of 100 or more, such as 8000") in build.output


def test_bad_index_folder_is_reported(tmp_path):
    build = run_pelican(tmp_path / "out", SEARCH_INDEX_PATH="../outside")
    assert build.returncode != 0
    assert ("search_index: SEARCH_INDEX_PATH: '../outside' is not a folder inside the output; "
            "expected a relative path such as 'search'") in build.output
    assert not (tmp_path / "outside").exists()


def test_a_new_profile_is_searchable(tmp_path, providers_dir):
    write_profile(providers_dir, "nordlicht", variant("nordlicht", "Nordlicht Systeme GmbH"))
    build = _search_site(tmp_path / "out", providers_dir)
    assert build.returncode == 0, build.output
    entry, records = _display_records(build)
    count = entry["members"]["count"]
    assert [record[1] for record in records[:count]] == ["Nordlicht Systeme GmbH",
                                                         "Testfjord Drift AS"]
    terms = set()
    for name, text in _search_files(build).items():
        if "/t/" in name:
            terms.update(json.loads(text).get("members", {}).get("terms", []))
    assert {"nordlicht", "systeme", "testfjord"} <= terms

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

from conftest import ROOT, run_pelican, site_settings, variant, write_profile
from search_index.builder import DocumentEntry, MemberEntry, SearchIndexBuilder
from search_index.collect import collect
from search_index.compact import CompactIndexWriter
from search_index.text import PIPELINES, html_to_text
from search_site import build_search_site

LUNR_MIN_SHA256 = "0c50d9002b85780a842afffb567bb54ede402dae7c6dc5997a018614d8044fc8"
LUNR_LICENSE_SHA256 = "ae33f5a0d538cd93de1136a052ffa734b59d6b28e7cfc19e03de1d8b5d9f40ea"
SHARDS = ("members.json", "content.json", "descriptions.json")


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
    builder.add_member(member("acme", "Acme Drift AS", services=("managed-it", "voip")))
    builder.add_member(member("bolt", "Bolt IT AB", status="expired", country="SE", areas=(),
                              url="elsewhere/bolt/"))
    builder.add_document(DocumentEntry("article", "Backups that work", "articles/backups/",
                                       "2026-01-02", "Test your restores.", "Restore weekly."))
    builder.add_document(DocumentEntry("newsletter", "Issue 1", "newsletter/1/", "2026-02-01",
                                       "News.", "Members met in Oslo."))
    return builder


def test_builder_writes_deterministic_compact_shards():
    files = small_builder().files()
    assert sorted(files) == sorted(SHARDS)
    assert files == small_builder().files()
    for text in files.values():
        data = json.loads(text)
        assert text == json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    members = json.loads(files["members.json"])
    store = members["members"]
    assert store["slug"] == ["acme", "bolt"]
    assert store["name"] == ["Acme Drift AS", "Bolt IT AB"]
    assert store["services"] == [0b11, 0b01]  # a bit per service, in facet order
    assert store["status"] == [0, 1] and store["country"] == [0, 1]
    assert store["areas"] == [[1], []]
    assert store["url"] == "providers/{slug}/" and store["urls"] == {"1": "elsewhere/bolt/"}
    assert members["verified"] == ["active"]
    index = members["index"]
    assert index["fields"] == [["name", 10], ["places", 2]] and index["count"] == 2
    # names are not stemmed: "drift" stays "drift"; places are indexed, country names are not
    assert {"acme", "drift", "as", "bolt", "it", "ab", "bergen", "vestland"} == set(index["terms"])
    content = json.loads(files["content.json"])
    assert content["types"] == ["article", "newsletter"]
    assert content["documents"][0] == [0, "Backups that work", "articles/backups/", "2026-01-02",
                                       "Test your restores."]
    assert content["index"]["count"] == 4  # two member summaries, then the two documents
    assert "restor" in content["index"]["terms"]  # stemmed


def test_postings_encoding():
    writer = CompactIndexWriter(small_builder().writers()["members.json"].spec)
    for name in ("b a", "a a a", "c", "a", "b"):
        writer.add(name=name, places="")
    data = writer.to_json()
    assert data["terms"] == ["a", "b", "c"]
    # a: docs 0, 1 (tf 3), 3; b: docs 0, 4 (first gap from a's first doc, zigzag); c: doc 2
    assert data["postings"]["name"] == [[0, 1, -3, 2], [0, 4], [4]]
    assert data["lengths"]["name"] == [2, 3, 1, 1, 1]


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


def test_site_writes_every_content_type_and_is_reproducible(built, tmp_path):
    members = json.loads(built.page("search/members.json"))
    content = json.loads(built.page("search/content.json"))
    providers = sorted(p.stem for p in (ROOT / "providers").glob("*.yaml"))
    assert sorted(members["members"]["slug"]) == providers  # every member, any status
    assert content["types"] == ["article", "newsletter", "page"]
    titles = [document[1] for document in content["documents"]]
    sample = (len(list((ROOT / "content" / "articles").glob("*.md")))
              + len(list((ROOT / "content" / "newsletter").glob("*.md")))
              + len(list((ROOT / "content" / "pages").glob("*.md"))))
    assert len(titles) == sample + 2 - 1  # the 404 page is not indexed
    assert "Five questions before you sign a support contract" in titles
    assert "Search test page" in titles and "About the association" in titles
    again = build_search_site(tmp_path)
    for name in SHARDS + ("index.html",):
        assert again.page(f"search/{name}") == built.page(f"search/{name}"), name


def test_private_notes_never_reach_the_index(built):
    text = "".join(built.page(f"search/{name}") for name in SHARDS)
    assert "Fjordlys Drift AS" in text
    assert "Ingrid Solheim" not in text and "co-branding" not in text
    assert "private" not in text


def test_search_page_and_header_box(built):
    page = built.page("search/index.html")
    assert '<form class="search-form" role="search" action="/search/" method="get">' in page
    assert '<label for="search-q">' in page and 'name="q"' in page
    for name in ("service", "country", "status", "type"):
        assert f'<select name="{name}" data-filter>' in page
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


def test_bad_index_folder_is_reported(tmp_path):
    build = run_pelican(tmp_path / "out", SEARCH_INDEX_PATH="../outside")
    assert build.returncode != 0
    assert ("search_index: SEARCH_INDEX_PATH: '../outside' is not a folder inside the output; "
            "expected a relative path such as 'search'") in build.output
    assert not (tmp_path / "outside").exists()


def test_a_new_profile_is_searchable(tmp_path, providers_dir):
    write_profile(providers_dir, "nordlicht", variant("nordlicht", "Nordlicht Systeme GmbH"))
    build = run_pelican(tmp_path / "out", PROVIDERS_PATH=str(providers_dir))
    assert build.returncode == 0, build.output
    members = json.loads(build.page("search/members.json"))
    assert members["members"]["name"] == ["Nordlicht Systeme GmbH", "Testfjord Drift AS"]
    assert {"nordlicht", "systeme", "testfjord"} <= set(members["index"]["terms"])

"""Search that stems each language (issue #28, item 4): the Norwegian site's index is stemmed
with lunr-languages' Norwegian trimmer, stop words and stemmer in the browser and their Python
twins (plugins/search_index/languages.py) in the builder; the English site is unchanged and
loads no more; a language with no stemmer on both sides is indexed unstemmed, with a warning."""

import hashlib
import json
import logging
import re
import shutil

import pytest
import yaml
from pelican.settings import read_settings

from conftest import REFERENCE_DATE, ROOT, SAMPLE_PROVIDERS
from search_equivalence import compare, describe, typo
from search_index.builder import INDEXES, MemberEntry, SearchIndexBuilder
from search_index.compact import CompactIndexWriter
import snowballstemmer
from search_index.languages import (NORWEGIAN_STOP_WORDS, NORWEGIAN_WORD_CHARACTERS,
                                    search_language)
from search_index.stemmer import stem as porter
from search_index.text import clean_text, msp_normalise, normalise_word
from search_site import member_slugs, search
from test_i18n_site import FIXTURES, build_languages, i18n_content
from test_search_parity import COMPARE, build_keeping_builder

STATIC = ROOT / "theme" / "static"
VENDOR = STATIC / "vendor" / "lunr-languages"
SCRIPTS = [STATIC / "vendor" / "lunr" / "lunr.min.js", VENDOR / "lunr.stemmer.support.min.js",
           VENDOR / "lunr.no.min.js", STATIC / "js" / "search-text.js"]
VENDORED_SHA256 = {
    "lunr.stemmer.support.min.js":
        "5ff7b6bd53462911fc1311c09f654085b748338aced249e719c0b16fda0b90fb",
    "lunr.no.min.js": "acd8db242abb7f751000b259df6a670082e7b0c5ea7d59b496a43de401071963",
    "LICENSE": "1a2c0a1e111a34ce11f56d6b7ee6270efe616dfaa90c5858312d5052e5778d72",
}
PROFILE = "fjordlys-drift"
# A line added to the Norwegian description of PROFILE in this file's fixture: "sikkerhet", never
# "sikkerheten", which the search below types.
SECURITY_LINE = "      - Jevnlig gjennomgang av sikkerhet i fôrflåtenes nettverk\n"
# Endings of Norwegian nouns, adjectives and verbs (and the stemmer's own suffix lists).
ENDINGS = ("", "e", "a", "en", "et", "er", "ene", "ane", "ar", "as", "es", "ens", "ets", "ers",
           "het", "heten", "heter", "hetene", "hetens", "lig", "lige", "elig", "els", "lov",
           "ert", "erte", "ede", "ande", "ende", "edes", "endes", "enes", "ast", "s", "t", "te",
           "de", "ing", "ingen", "inger", "ingene", "ig", "ige", "leg", "eleg", "slov")


def _po_words(path):
    words = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("msgstr"):
                words += line.split('"', 1)[-1].split()
    return words


def _norwegian_text():
    """Every Norwegian text of the project: catalogues, translated pages and profiles."""
    words = _po_words(ROOT / "theme" / "translations" / "nb" / "LC_MESSAGES" / "messages.po")
    words += _po_words(FIXTURES / "translations" / "nb" / "LC_MESSAGES" / "messages.po")
    for path in sorted([*ROOT.glob("content/**/*.nb.md"), *FIXTURES.glob("content/**/*.nb.md")]):
        words += path.read_text(encoding="utf-8").split()
    for path in sorted(SAMPLE_PROVIDERS.glob("*.yaml")):
        translated = (yaml.safe_load(path.read_text(encoding="utf-8")).get("translations")
                      or {}).get("nb") or {}
        words += " ".join(str(value) for value in translated.values()).split()
    return words


def norwegian_words():
    """Norwegian words as written (case, punctuation and all) and, from each lower-case word of
    three letters or more, its inflections with the usual endings."""
    written = _norwegian_text()
    bases = sorted({w for w in (re.sub(r"[^\wæøå]", "", x.lower()) for x in written)
                    if len(w) >= 3 and w.isalpha()})
    words = set(written) | {base + ending for base in bases for ending in ENDINGS}
    words |= {base.capitalize() + "," for base in bases} | {f"({base})" for base in bases}
    words |= set(NORWEGIAN_STOP_WORDS) | {"24/7", "ISO-27001", "365", "Ålesund", "idé", "IT-en"}
    return sorted(words)


# --- The lists and the stemmer: Python holds the vendored files' --------------------------

def test_python_holds_the_vendored_stop_words_and_word_characters():
    script = (VENDOR / "lunr.no.min.js").read_text(encoding="utf-8")
    listed = re.search(r'generateStopWordFilter\("([^"]*)"\.split\(" "\)\)', script)[1]
    assert NORWEGIAN_STOP_WORDS == tuple(listed.split(" "))
    assert len(set(NORWEGIAN_STOP_WORDS)) > 150
    assert re.search(r'wordCharacters="([^"]*)"', script)[1] == NORWEGIAN_WORD_CHARACTERS
    assert 'generateTrimmer:function(r){var i=r+"0-9"' in (
        VENDOR / "lunr.stemmer.support.min.js").read_text(encoding="utf-8")
    assert "MOZILLA PUBLIC LICENSE" in (VENDOR / "LICENSE").read_text(encoding="utf-8")


def test_the_vendored_files_are_lunr_languages_1_22_0_as_published():
    """The files of the npm package lunr-languages 1.22.0 (min/ and LICENSE), unchanged."""
    assert {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in VENDOR.iterdir()} == VENDORED_SHA256


def test_the_word_list_is_large_and_norwegian():
    words = norwegian_words()
    assert len(words) > 5000
    assert {"sikkerhetskopier", "driftspartneren", "på"} <= set(words)


@pytest.mark.browser
def test_python_and_the_browser_give_the_same_norwegian_tokens(page):
    """For every word: lunr.no's stemmer and the Python twin agree; the whole stemmed pipeline
    (trimmer, stop words, msp-normalise, stemmer) gives the same tokens in lunr.js, with the
    tokenizer, as the Python index writer; a typed word's stem (search-text.js, stemWord) is
    the term the index holds for it."""
    words = norwegian_words()
    page.goto("about:blank")
    for script in SCRIPTS:
        page.add_script_tag(path=str(script))
    browser = page.evaluate("""(words) => {
      const T = window.MspSearchText;
      T.useLanguage({ code: 'nb', lunr: 'no', scripts: [] });
      const pipeline = new lunr.Pipeline();
      T.PIPELINES.stemmed.forEach((fn) => pipeline.add(fn));
      return words.map((w) => [
        lunr.no.stemmer(new lunr.Token(w.toLowerCase(), {})).toString(),
        pipeline.run(lunr.tokenizer(w)).map(String),
        T.stemWord(T.normaliseWord(w)),
        T.isStopWord(w.toLowerCase())]);
    }""", words)
    language = search_language("nb", "no")
    writer = CompactIndexWriter(INDEXES["descriptions"], pipeline=language.pipelines["stemmed"])
    stemmer = snowballstemmer.stemmer("norwegian")
    differences, query_misses, stemmed = [], [], 0
    for word, (js_stem, js_tokens, js_typed, js_stop) in zip(words, browser):
        py_stem = stemmer.stemWord(word.lower())
        tokens = [t for t in clean_text(word).lower().replace("-", " ").split(" ") if t]
        py_tokens = [term for term in map(writer.term, tokens) if term]
        if (py_stem, py_tokens, word.lower() in NORWEGIAN_STOP_WORDS) != (
                js_stem, js_tokens, js_stop):
            differences.append((word, py_stem, js_stem, py_tokens, js_tokens))
        stemmed += py_stem != word.lower()
        if len(tokens) == len(py_tokens) == 1 and py_tokens != [js_typed]:
            query_misses.append((word, py_tokens, js_typed))
    assert differences == []
    assert query_misses == []
    assert stemmed > len(words) // 2  # the words are inflected and the stemmer works
    assert page.problems == []


def test_the_norwegian_pipeline_stems_and_drops_norwegian_stop_words():
    language = search_language("nb", "no")
    assert language.stem("sikkerheten") == language.stem("sikkerhet") == "sikker"
    assert porter("sikkerheten") != porter("sikkerhet")  # what the English stemmer did
    assert language.stem("på") is None and language.stem("og") is None
    assert language.stem("gårdene") == language.stem("gardene") == "gard"
    assert language.stem("ennå") == language.stem("enna") == "enn"  # stemmed folded
    assert language.stem("27001") == "27001"  # digits are word characters


# --- A language with no stemmer on both sides --------------------------------------------

def _member(description):
    return MemberEntry(slug="a", name="Alpha", url="providers/a/", status="active", country="DE",
                       areas=(), city="Berlin", places=("Berlin",), services=(), summary="",
                       description=description)


@pytest.mark.parametrize("lunr_code", [None, "de"])
def test_a_language_without_a_stemmer_is_indexed_unstemmed_with_a_warning(caplog, lunr_code):
    with caplog.at_level(logging.WARNING, logger="search_index.languages"):
        language = search_language("de", lunr_code)
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "'de'" in caplog.text and "built unstemmed" in caplog.text
    assert language.pipelines["stemmed"] == (msp_normalise,)
    assert language.scripts() == [] and language.entry() == {"code": "de"}
    builder = SearchIndexBuilder([], [], [("active", "Active")], ["active"], "providers/{slug}/",
                                 language=language)
    builder.add_member(_member("Die Sicherheiten und Netzwerke, überwacht."))
    terms = builder.writers()["descriptions"].terms()
    assert terms == {"die", "sicherheiten", "und", "netzwerke", "uberwacht"}
    assert json.loads(builder.files()["index.json"])["language"] == {"code": "de"}


def test_english_entry_file_names_no_language():
    language = search_language("en", "en")
    assert language.entry() is None and language.scripts() == []
    builder = SearchIndexBuilder([], [], [("active", "Active")], ["active"], "providers/{slug}/")
    builder.add_member(_member("Restored backups"))
    assert "language" not in json.loads(builder.files()["index.json"])
    assert builder.writers()["descriptions"].terms() == {"restor", "backup"}


@pytest.mark.browser
def test_the_browser_without_a_stemmer_keeps_words_whole(page):
    page.goto("about:blank")
    for script in (SCRIPTS[0], SCRIPTS[-1]):  # no lunr-languages script loaded
        page.add_script_tag(path=str(script))
    english = page.evaluate("() => [MspSearchText.stemWord('restored'),"
                            " MspSearchText.isStopWord('the')]")
    assert english == ["restor", True]
    unstemmed = page.evaluate("""() => {
      MspSearchText.useLanguage({ code: 'de' });
      return [MspSearchText.stemWord('sicherheiten'), MspSearchText.isStopWord('und'),
              MspSearchText.PIPELINES.stemmed.length];
    }""")
    assert unstemmed == ["sicherheiten", False, 1]
    assert page.problems == []


# --- Two languages built: the Norwegian search page stems Norwegian ----------------------

@pytest.fixture(scope="module")
def two_languages(tmp_path_factory):
    """The sample in English and Norwegian (plus German, which has no stemmer), with a line
    about "sikkerhet" in PROFILE's Norwegian description; small chunks, as on a large site."""
    folder = tmp_path_factory.mktemp("languages")
    providers = folder / "providers"
    shutil.copytree(SAMPLE_PROVIDERS, providers)
    profile = providers / f"{PROFILE}.yaml"
    text = profile.read_text(encoding="utf-8")
    anchor = "      - En brukerstøtte som svarer på norsk, engelsk og svensk\n"
    assert anchor in text
    profile.write_text(text.replace(anchor, anchor + SECURITY_LINE), encoding="utf-8")
    build = build_languages(folder / "out", PATH=str(i18n_content(folder / "content")),
                            PROVIDERS_PATH=str(providers), SEARCH_CHUNK_SIZE=1500,
                            SITE_LANGUAGES=["en", "nb", "de"],
                            I18N_TRANSLATIONS_DIR=str(FIXTURES / "translations"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="module")
def served(two_languages, serve):
    return serve(two_languages.path)


def _entry(build, prefix):
    return json.loads((build.path / prefix / "search" / "index.json").read_text(encoding="utf-8"))


def test_each_language_entry_file_names_its_stemmer(two_languages):
    assert "language" not in _entry(two_languages, "")
    nb = _entry(two_languages, "nb")["language"]
    assert nb["code"] == "nb" and nb["lunr"] == "no"
    scripts = [two_languages.path / "nb" / "search" / script for script in nb["scripts"]]
    assert [p.resolve().name.split(".")[:3] for p in scripts] == [
        ["lunr", "stemmer", "support"], ["lunr", "no", "min"]]
    assert all(p.is_file() for p in scripts)
    assert _entry(two_languages, "de")["language"] == {"code": "de"}
    assert re.search(r"search_index: SEARCH_LANGUAGES: no entry for language 'de'; .* built "
                     r"unstemmed", two_languages.output)


@pytest.mark.browser
def test_a_norwegian_query_finds_the_norwegian_word_inflected(page, served):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    search(page, served + "/nb", "sikkerheten")
    assert PROFILE in member_slugs(page)
    assert any("lunr.no.min." in url for url in requests)
    # the English site: the English description, the English stemmer, no Norwegian script
    requests.clear()
    search(page, served, "restoring")  # the description says "restored"
    assert PROFILE in member_slugs(page)
    search(page, served, "sikkerheten")
    assert PROFILE not in member_slugs(page)
    assert not any("lunr-languages" in url for url in requests)
    # German has no stemmer: words are found whole and by prefix
    search(page, served + "/de", "restored")
    assert PROFILE in member_slugs(page)
    assert page.problems == []


def _norwegian_queries(build):
    """Words of the Norwegian index's documents (whole, inflected, three-letter prefixes and
    with a typo), and a few with filters."""
    entry = _entry(build, "nb")
    folder = build.path / "nb" / "search" / entry["folder"]
    displayed = [record for path in sorted((folder / "d").glob("*.json"))
                 for record in json.loads(path.read_text(encoding="utf-8"))]
    words = sorted({normalise_word(w) for record in displayed for value in record
                    if isinstance(value, str) for w in value.split()} - {""})
    words = [w for w in words if w.isalpha()][::3]
    queries = [{"q": w} for w in words]
    queries += [{"q": w[:3]} for w in words[::4]]
    queries += [{"q": w + "ene"} for w in words[::5]]
    queries += [{"q": typo(w, i % (len(w) - 1), ("substitute", "delete", "insert", "swap")[i % 4])}
                for i, w in enumerate(w for w in words[::3] if len(w) >= 6)]
    queries += [{"q": "sikkerheten"}, {"q": "sikkerhetskopiene"}, {"q": "på"},
                {"q": "drift bergen"}, {"q": "nettverk", "filters": {"country": "NO"}},
                {"q": "", "filters": {"type": "article"}}]
    return queries


@pytest.mark.browser
def test_the_norwegian_chunked_index_answers_like_the_whole_index(page, two_languages, served):
    queries = _norwegian_queries(two_languages)
    assert len(queries) >= 150
    assert len(_entry(two_languages, "nb")["chunks"]) > 20
    outcome = compare(page, served + "/nb", queries)
    assert outcome["differences"] == [], "\n".join(map(describe, outcome["differences"][:5]))
    assert outcome["shown"] > 500
    assert page.problems == []


# --- The Python-built Norwegian index against one lunr.js builds with lunr-languages ---------

@pytest.fixture(scope="module")
def norwegian_build(tmp_path_factory):
    """The Norwegian run of the sample (with the translations) in-process, keeping the
    builder."""
    folder = tmp_path_factory.mktemp("nb-parity")
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(i18n_content(folder / "content")), "PROVIDERS_PATH": str(SAMPLE_PROVIDERS),
        "OUTPUT_PATH": str(folder / "output"), "BUILD_DATE": REFERENCE_DATE,
        "SITE_LANGUAGE": "nb"})
    return build_keeping_builder(settings, folder)


@pytest.mark.browser
def test_python_norwegian_index_answers_like_a_lunr_languages_index(norwegian_build, page):
    builder, output = norwegian_build
    assert builder.language.lunr == "no"
    entry = json.loads((output / "search" / "index.json").read_text(encoding="utf-8"))
    folder = output / "search" / entry["folder"] / "t"
    chunks = [json.loads((folder / f"{n}.json").read_text(encoding="utf-8"))
              for n in range(len(entry["chunks"]))]
    shards, words = [], set()
    for name, writer in builder.writers(keep_documents=True).items():
        shards.append({"name": name, "index": entry["indexes"][name],
                       "chunks": [chunk[name] for chunk in chunks if name in chunk],
                       "documents": writer.documents})
        for document in writer.documents:
            words.update(v for field, value in document.items() if field != "ref"
                         for v in value.split())
    assert len(words) > 1000
    assert {"sikkerhetskopier", "driftspartner"} <= {w.lower() for w in words}
    page.goto("about:blank")
    for script in SCRIPTS:
        page.add_script_tag(path=str(script))
    page.evaluate("(language) => MspSearchText.useLanguage(language)", entry["language"])
    outcome = page.evaluate(COMPARE, {"shards": shards, "words": sorted(words)})
    assert outcome["queries"] > 2 * len(words)
    assert outcome["count"] == 0, "\n".join(outcome["problems"])
    assert page.problems == []

"""Words buyers use (issue 26, deliverable 2): a staff-edited synonym list per vocabulary term
and per language (content/data/synonyms.yaml, with its schema), checked by `make check` and the
build (file:line problems), published for the browser, used by search and the filters; ranking
puts a member whose industry or service matches above one whose prose mentions the word.
Expectations come from the sample's synonym file and profiles, never from a list of queries."""

import json
import re
import shutil

import pytest

from conftest import SAMPLE_CONTENT, SAMPLE_SETTINGS, record_problems, run_check, run_pelican
from search_index.synonyms import read_synonyms
from search_index.text import normalise_words
from search_journey2 import PHONE, PROFILES, VERIFIED
from search_site import all_member_slugs, wait_for_results
from validation.yamlsafe import load_yaml

SYNONYMS_FILE = SAMPLE_CONTENT / "data" / "synonyms.yaml"
SYNONYMS, _ = load_yaml(SYNONYMS_FILE.read_bytes())
VOCABULARY, _ = load_yaml((SAMPLE_CONTENT / "data" / "vocabulary.yaml").read_bytes())
LABELS = {kind: {term["id"]: term["label"] for term in VOCABULARY[kind]}
          for kind in ("services", "industries")}
FIELD = {"services": "services", "industries": "industries"}


def _members_of(kind, term):
    return {slug for slug in VERIFIED if term in PROFILES[slug].get(FIELD[kind], ())}


def _label_words():
    return {word for labels in LABELS.values() for label in labels.values()
            for word in normalise_words(label)}


def _one_word_synonyms(language):
    """(kind, term, word) of every one-word synonym in `language` that names one term only and
    is no word of a label, for terms some verified member has."""
    seen = {}
    for kind in ("services", "industries"):
        for term, languages in SYNONYMS.get(kind, {}).items():
            for words in languages.values():
                for phrase in words:
                    key = " ".join(normalise_words(phrase))
                    seen.setdefault(key, set()).add((kind, term))
    found = []
    for kind in ("services", "industries"):
        for term, languages in sorted(SYNONYMS.get(kind, {}).items()):
            for phrase in languages.get(language, ()):
                words = normalise_words(phrase)
                if len(words) == 1 and len(seen[words[0]]) == 1 and words[0] not in _label_words() \
                        and _members_of(kind, term):
                    found.append((kind, term, words[0]))
    return found


# --- The data and its checks ------------------------------------------------------------

def test_the_sample_lists_the_words_the_issue_names():
    industries = SYNONYMS["industries"]["healthcare"]
    assert {"hospital", "clinic", "GP"} <= set(industries["en"])
    assert {"sykehus", "helse"} <= set(industries["nb"])


def test_the_sample_synonyms_pass_make_check():
    code, output = run_check()
    assert code == 0, output
    assert "synonyms" not in output


@pytest.fixture
def broken_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    text = (content / "data" / "synonyms.yaml").read_text(encoding="utf-8")
    assert "  manufacturing:" not in text
    text = text.replace("industries:\n", "industries:\n  space-travel:\n    en: [rocket]\n"
                        "  manufacturing:\n    English: [factory]\n", 1)
    (content / "data" / "synonyms.yaml").write_text(text, encoding="utf-8")
    lines = text.splitlines()
    # a bad key is reported on the line of the map holding it
    return content, lines.index("  space-travel:") + 1, lines.index("  manufacturing:") + 1


def test_make_check_and_the_build_report_a_bad_synonym_file_by_line(broken_content, tmp_path):
    content, unknown_line, language_line = broken_content
    code, output = run_check(PATH=str(content))
    assert code == 1
    file = re.escape("synonyms.yaml")
    assert re.search(rf"{file}:{language_line}: industries\.manufacturing: \"English\" is not "
                     r"accepted; expected ISO 639-1 language codes", output), output
    assert "Traceback" not in output
    # the schema passes once the language is fixed; the unknown id is then reported by line
    fixed = (content / "data" / "synonyms.yaml").read_text(encoding="utf-8").replace(
        "    English: [factory]", "    en: [factory]")
    (content / "data" / "synonyms.yaml").write_text(fixed, encoding="utf-8")
    code, output = run_check(PATH=str(content))
    assert code == 1
    assert re.search(rf"{file}:{unknown_line}: industries\.space-travel: 'space-travel' is not one "
                     r"of the industries of the vocabulary; expected ", output), output
    build = run_pelican(tmp_path / "output", PATH=str(content),
                        PROVIDERS_PATH=SAMPLE_SETTINGS["PROVIDERS_PATH"])
    assert build.returncode != 0
    assert re.search(rf"{file}:{unknown_line}: industries\.space-travel: ", build.output)
    assert "Traceback" not in build.output


def test_the_build_publishes_every_synonym_to_its_terms(sample_site):
    entry = json.loads(sample_site.page("search/index.json"))
    table = {}
    for key in entry["synonyms"]:  # files by first letter
        path = sample_site.path / "search" / entry["folder"] / "s" / f"s{key.encode().hex()}.json"
        group = json.loads(path.read_text(encoding="utf-8"))
        assert all(words[0] == key for words in group)
        table.update(group)
    facets = {"services": [v for v, _ in entry["facets"]["service"]],
              "industries": [v for v, _ in entry["facets"]["industry"]]}
    synonyms, problems = read_synonyms(SYNONYMS_FILE)
    assert problems == []
    for kind, facet in (("services", "service"), ("industries", "industry")):
        for term, languages in synonyms[kind].items():
            for words in languages.values():
                for phrase in words:
                    key = " ".join(normalise_words(phrase))
                    assert [facet, facets[kind].index(term)] in table[key], phrase
    # the words are folded as a query folds them (any keyboard, any case)
    assert all(key == " ".join(normalise_words(key)) for key in table)


# --- In the browser ---------------------------------------------------------------------

def _ask(page, site, query):
    page.goto(site + "/search/?q=" + query)
    wait_for_results(page)


def _words_of(*texts):
    return normalise_words(" ".join(texts))


def _prose_only(word, others):
    """Of `others`, the members whose summary or description holds a word starting with `word`
    while their name and place do not (no word sharing its first three letters): those found
    by their prose alone."""
    found = set()
    for slug in others:
        data = PROFILES[slug]
        place = data["headquarters"]
        named = _words_of(data["name"], place.get("city", ""), place.get("region", ""))
        if any(w[:3] == word[:3] for w in named):
            continue
        if any(w.startswith(word) for w in _words_of(data["summary"], data["description"])):
            found.add(slug)
    return found


def _assert_term_first(shown, members, word):
    """Every member of the term is found, before every member found by its prose alone."""
    assert members <= set(shown), (word, shown)
    last = max(shown.index(slug) for slug in members)
    for slug in _prose_only(word, VERIFIED - members) & set(shown):
        assert shown.index(slug) > last, (word, slug, shown)


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "nb"])
def test_every_synonym_finds_its_terms_members_first(page, subpath_site, language):
    checked = _one_word_synonyms(language)
    assert len(checked) >= 5
    for kind, term, word in checked:
        _ask(page, subpath_site, word)
        _assert_term_first(all_member_slugs(page), _members_of(kind, term), word)


@pytest.mark.browser
def test_a_term_match_ranks_above_prose_that_mentions_the_word(page, subpath_site):
    """For each industry label's longest word: members with the industry come before members
    whose summary or description merely mention it."""
    tried = 0
    for term, label in LABELS["industries"].items():
        word = max(normalise_words(label), key=len)
        members = _members_of("industries", term)
        if not members or not _prose_only(word, VERIFIED - members):
            continue
        tried += 1
        _ask(page, subpath_site, word)
        shown = all_member_slugs(page)
        _assert_term_first(shown, members, word)
        assert _prose_only(word, VERIFIED - members) & set(shown)  # prose matches are found too
    assert tried >= 1


@pytest.mark.browser
def test_hospital_is_healthcare_not_hospitality_and_becomes_a_filter_by_keyboard(page, subpath_site):
    _ask(page, subpath_site, "hospital")
    healthcare = _members_of("industries", "healthcare")
    shown = all_member_slugs(page)
    assert set(shown[:len(healthcare)]) == healthcare
    # the word names a filter: one link turns it into the industry filter
    link = page.locator("#search-narrow a[data-value=healthcare]")
    assert link.inner_text() == LABELS["industries"]["healthcare"]
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('industry')"
                           " === 'healthcare'")
    wait_for_results(page)
    assert "q" not in page.url.split("?")[1]
    assert set(all_member_slugs(page)) == healthcare
    assert page.locator("#search-chips button[data-value=healthcare]").count() == 1
    assert page.problems == []


@pytest.mark.browser
def test_norwegian_words_at_390px_by_touch(tabs, subpath_site):
    tab = record_problems(tabs(**PHONE))
    tab.goto(subpath_site + "/search/")
    tab.tap("#search-q")
    tab.keyboard.type("helse")
    tab.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'helse'")
    wait_for_results(tab)
    healthcare = _members_of("industries", "healthcare")
    assert set(all_member_slugs(tab)[:len(healthcare)]) == healthcare
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    tab.tap("#search-narrow a[data-value=healthcare]")
    tab.wait_for_function("() => new URLSearchParams(location.search).get('industry')"
                          " === 'healthcare'")
    wait_for_results(tab)
    assert set(all_member_slugs(tab)) == healthcare
    assert tab.problems == []

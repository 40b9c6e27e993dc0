"""A name or a certificate number is always answered (issue 26, deliverable 3): a query naming a
member (exactly, by prefix or with a typo) shows it even when it is not verified, in a row of its
own that says so and has no Compare box; a report id shows its member and that record's status.
The build publishes the report ids of every record (lapsed ones too) in small files by hash."""

import json
import re

import pytest

from conftest import record_problems
from search_index.builder import MemberEntry, SearchIndexBuilder, report_bucket, report_key
from search_journey2 import NOT_VERIFIED, PHONE, PROFILES, VERIFIED, long_date, record_status
from search_site import member_slugs, wait_for_results


def _entry(build):
    return json.loads(build.page("search/index.json"))


def _report_files(build):
    entry = _entry(build)
    folder = build.path / "search" / entry["folder"]
    return entry, {int(p.stem): json.loads(p.read_text(encoding="utf-8"))
                   for p in (folder / "r").glob("*.json")}


# --- The data the build publishes ----------------------------------------------------------

def test_every_report_id_of_every_member_is_in_its_file_with_its_status(sample_site):
    entry, files = _report_files(sample_site)
    assert entry["reports"] == len(files) >= 1
    for slug, data in PROFILES.items():
        for record in data["certifications"]:
            key = report_key(record["report_id"])
            rows = files[report_bucket(key, entry["reports"])][key]
            assert [row[1:] for row in rows] == [[record["report_id"], record_status(record),
                                                  record["issued"], record["expires"]]], slug
    # lapsed members' records are there too
    lapsed = [r for slug in NOT_VERIFIED for r in PROFILES[slug]["certifications"]]
    assert lapsed and all(report_key(r["report_id"]) in files[report_bucket(
        report_key(r["report_id"]), entry["reports"])] for r in lapsed)


def test_report_keys_ignore_case_and_punctuation():
    assert report_key("UCS-2024-1107") == report_key("ucs 2024 1107") == "ucs20241107"


def _member(number, reports):
    return MemberEntry(slug=f"m{number}", name=f"Member {number}", url=f"providers/m{number}/",
                       status="active", country="NO", areas=(), city="Oslo", places=("Oslo",),
                       services=(), summary="", description="", reports=reports)


def test_report_files_stay_small_at_scale():
    builder = SearchIndexBuilder([], [["NO", "Norway"]], [["active", "Active"]], ["active"],
                                 "providers/{slug}/")
    for number in range(3000):
        builder.add_member(_member(number, tuple(
            (f"UCS-{2020 + k}-{number:05d}", "active", "2025-01-01", "2028-01-01")
            for k in range(3))))
    files = builder.files()
    entry = json.loads(files["index.json"])
    reports = {name: text for name, text in files.items() if "/r/" in name}
    assert len(reports) == entry["reports"] == 9000 // 128 + 1
    # one file answers a typed id: a few kilobytes, whatever the directory's size
    assert max(len(text.encode("utf-8")) for text in reports.values()) < 16_000


# --- In the browser ---------------------------------------------------------------------------

def _lapsed():
    """A member whose certification has expired: (slug, its last expiry)."""
    slug = sorted(s for s in NOT_VERIFIED if PROFILES[s]["status"] == "expired")[0]
    return slug, max(r["expires"] for r in PROFILES[slug]["certifications"])


def _lookup(page):
    return page.locator(".result-group[data-type=lookup]")


def _ask(page, site, query):
    page.goto(site + "/search/?q=" + query)
    wait_for_results(page)


def _typo(word):
    """The word with its third letter changed (one edit)."""
    letter = "x" if word[2] != "x" else "y"
    return word[:2] + letter + word[3:]


@pytest.mark.browser
def test_a_lapsed_member_named_exactly_by_prefix_or_with_a_typo_is_shown_apart(page, subpath_site):
    slug, expired = _lapsed()
    name = PROFILES[slug]["name"]
    first = re.split(r"[\s\-]+", name)[0]
    for query in (name, first[:4], _typo(first)):
        _ask(page, subpath_site, query)
        row = _lookup(page).locator(f".result--lookup[data-slug='{slug}']")
        assert row.count() == 1, query
        assert row.locator(".result__lookup-note").inner_text() == \
            f"Not verified: certification expired on {long_date(expired)}."
        assert row.locator("input[type=checkbox]").count() == 0  # never compared
        assert _lookup(page).locator("h2").inner_text() == "The company you named"
        # never mixed with the verified results
        assert slug not in member_slugs(page)
        assert set(member_slugs(page)) <= VERIFIED
    assert page.problems == []


@pytest.mark.browser
def test_a_report_id_shows_its_member_and_the_records_status(page, subpath_site):
    slug, _ = _lapsed()
    record = max(PROFILES[slug]["certifications"], key=lambda r: r["expires"])
    _ask(page, subpath_site, record["report_id"].lower().replace("-", " "))
    row = _lookup(page).locator(".result--lookup")
    assert row.count() == 1
    assert row.get_attribute("data-slug") == slug
    assert row.locator(".result__lookup-note").inner_text() == (
        f"Report {record['report_id']}: expired on {long_date(record['expires'])}. "
        "The member is not verified.")
    # a verified member's record in force
    live = sorted(VERIFIED)[0]
    current = next(r for r in PROFILES[live]["certifications"]
                   if record_status(r) in ("active", "expiring"))
    _ask(page, subpath_site, current["report_id"])
    row = _lookup(page).locator(".result--lookup")
    assert row.get_attribute("data-slug") == live
    assert row.locator(".result__lookup-note").inner_text() == (
        f"Report {current['report_id']}: in force, issued on {long_date(current['issued'])}, "
        f"valid until {long_date(current['expires'])}. The member is verified.")
    assert row.locator("input[type=checkbox]").count() == 0
    assert page.problems == []


@pytest.mark.browser
def test_a_verified_member_named_but_filtered_out_is_still_answered(page, subpath_site):
    slug = sorted(VERIFIED)[0]
    data = PROFILES[slug]
    elsewhere = sorted({c for d in PROFILES.values() for c in d["service_areas"]}
                       - {data["headquarters"]["country"], *data["service_areas"]})[0]
    _ask(page, subpath_site, data["name"] + f"&country={elsewhere}")
    assert slug not in member_slugs(page)
    row = _lookup(page).locator(f".result--lookup[data-slug='{slug}']")
    assert row.locator(".result__lookup-note").inner_text() == \
        "Verified member, left out by your filters."
    assert row.locator("input[type=checkbox]").count() == 0
    assert page.problems == []


@pytest.mark.browser
def test_a_generic_word_lists_no_lapsed_member(page, subpath_site):
    _ask(page, subpath_site, "managed")
    assert _lookup(page).count() == 0


@pytest.mark.browser
def test_the_named_row_at_390px_by_touch_and_keyboard(tabs, subpath_site):
    tab = record_problems(tabs(**PHONE))
    slug, _ = _lapsed()
    tab.goto(subpath_site + "/search/")
    tab.tap("#search-q")
    tab.keyboard.type(PROFILES[slug]["name"])
    tab.wait_for_function("(q) => new URLSearchParams(location.search).get('q') === q",
                          arg=PROFILES[slug]["name"])
    wait_for_results(tab)
    link = _lookup(tab).locator(f".result--lookup[data-slug='{slug}'] .result__link")
    assert link.is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    # keyboard: Tab from the search box reaches the named member's link
    tab.focus("#search-q")
    for _ in range(12):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.closest('.result--lookup') !== null"):
            break
    assert tab.evaluate("document.activeElement.getAttribute('href')").endswith(f"/providers/{slug}/")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(rf".*/providers/{slug}/$"))
    assert tab.problems == []


# --- Chunked answers equal the whole index's, lookups included ------------------------------

@pytest.fixture(scope="module")
def small_chunks(tmp_path_factory, serve):
    from search_site import build_search_site

    build = build_search_site(tmp_path_factory.mktemp("lookup-site"), SITEURL="/directory",
                              SEARCH_CHUNK_SIZE=1500)
    return build, serve(build.path, "/directory")


@pytest.mark.browser
def test_chunked_lookups_and_relaxations_equal_the_whole_index(page, small_chunks):
    from search_equivalence import compare, describe, typo

    build, site = small_chunks
    queries = []
    for slug in sorted(NOT_VERIFIED):
        name = PROFILES[slug]["name"]
        first = re.split(r"[\s\-]+", name)[0].lower()
        queries += [{"q": name}, {"q": first[:4]}, {"q": typo(first, 2, "swap")},
                    {"q": name, "filters": {"country": ["JP"], "service": ["voip"]}}]
    for data in PROFILES.values():
        for record in data["certifications"]:
            queries += [{"q": record["report_id"]}, {"q": record["report_id"].lower()}]
    queries += [{"q": word} for word in ("hospital", "sykehus", "helse", "care home", "GP")]
    queries += [{"q": "", "filters": {"service": ["backup-recovery", "cybersecurity"],
                                      "country": ["NO", "SE"]}},
                {"q": "cloud", "filters": {"industry": ["healthcare", "legal"]}},
                {"q": "", "filters": {"country": ["JP"], "industry": ["legal"]}},
                {"q": "backup", "filters": {"country": ["NZ"], "language": ["ja"]}}]
    outcome = compare(page, site, queries)
    assert outcome["differences"] == [], "\n".join(map(describe, outcome["differences"][:5]))
    assert outcome["shown"] > 100
    assert page.problems == []

"""Search in headless Chromium: the sample site (plus an article and a page) built under the
subpath /directory and served over HTTP."""

import json
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from validation.yamlsafe import load_yaml
from conftest import ROOT, SAMPLE_PROVIDERS
from search_equivalence import compare, describe, typo
from search_site import (build_search_site, choose, member_slugs, search, type_query,
                         wait_for_results)

pytestmark = pytest.mark.browser
# The sample members whose certification has expired on the tests' BUILD_DATE.
EXPIRED = {"elbtal-it-service", "prairie-signal", "tussock-tech"}


def _profiles():
    profiles = {}
    for path in sorted((SAMPLE_PROVIDERS).glob("*.yaml")):
        data, _ = load_yaml(path.read_bytes())
        profiles[path.stem] = data
    return profiles


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    # small chunks: a query's words span several, as on a large site
    return build_search_site(tmp_path_factory.mktemp("search-site"), SITEURL="/directory",
                             SEARCH_CHUNK_SIZE=1500)


@pytest.fixture(scope="module")
def site(built_site, serve):
    return serve(built_site.path, "/directory")


def test_typing_a_name_prefix_makes_the_member_the_first_result(page, site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    search(page, site, "fjordl")
    assert member_slugs(page)[0] == "fjordlys-drift"
    first = page.locator(".result--member").first
    assert first.locator(".result__title mark").inner_text() == "Fjordlys"
    assert first.locator(".result__type").inner_text().lower() == "member"
    assert "Bergen, Norway" in first.locator(".result__place").inner_text()
    assert first.locator(".status").inner_text() == "Active"
    assert "Managed IT support" in first.locator(".result__services").inner_text()
    # the summary arrives with the second shard, with the match highlighted
    assert first.locator(".result__snippet").inner_text()
    # compare contract: a checkbox per member result, labelled, visibly "Compare"
    box = first.locator("input[type=checkbox][data-compare-slug='fjordlys-drift']")
    assert box.get_attribute("aria-label") == "Compare Fjordlys Drift AS"
    assert first.locator(".result__compare").inner_text().strip() == "Compare"
    # names are matched as typed, not stemmed: another prefix of the same name
    type_query(page, "Fjordly")
    assert member_slugs(page)[0] == "fjordlys-drift"
    # the result count is in a live region for screen readers
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status"
    assert re.match(r"\d+ results? for “Fjordly”", status.inner_text())
    assert page.problems == []
    hosts = {urlsplit(url).netloc for url in requests}
    assert hosts == {urlsplit(site).netloc}
    assert all(urlsplit(url).path.startswith("/directory/") for url in requests)


def test_show_more_extends_a_group_and_moves_the_focus(page, site):
    search(page, site, "managed")
    members = page.locator(".result-group[data-type=member]")
    total = int(members.locator(".result-group__count").inner_text())
    assert total > 20 and members.locator(".result").count() == 20
    members.get_by_role("button", name="Show more").click()
    page.wait_for_function("() => document.querySelectorAll("
                           "'.result-group[data-type=member] .result').length > 20")
    assert members.locator(".result").count() == min(total, 40)
    assert page.evaluate("document.activeElement.className") == "result__link"
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == members.locator(".result__link").nth(20).get_attribute("href")
    assert page.problems == []


def test_a_service_word_finds_the_members_offering_it(page, site):
    # verified members only: an expired one is listed only when the status filter asks for it
    offering = {slug for slug, data in _profiles().items() if "voip" in data["services"]
                and slug not in EXPIRED}
    assert len(offering) >= 5
    search(page, site, "voice")  # the service is "Voice and unified communications"
    found = member_slugs(page)
    assert offering <= set(found)
    assert page.problems == []


def test_one_typo_still_finds_the_word(page, site):
    search(page, site, "Bluecairm")
    assert member_slugs(page)[0] == "bluecairn-it"
    search(page, site, "Innsbruk")  # Alpenglüh IT, based in Innsbruck
    assert member_slugs(page)[0] == "alpengluh-it"
    assert page.problems == []


def test_members_matching_every_word_come_first(page, site):
    search(page, site, "backup")
    backup = member_slugs(page)
    search(page, site, "backup bergen")
    both = member_slugs(page)
    assert both[0] == "fjordlys-drift"  # the only member offering backup in Bergen
    assert len(both) > 1 and set(both) >= set(backup)  # partial matches follow
    assert page.problems == []


def test_facet_narrows_results_and_the_url_keeps_the_state(page, site):
    profiles = _profiles()
    in_sweden = {slug for slug, data in profiles.items()
                 if data["headquarters"]["country"] == "SE" or "SE" in data["service_areas"]}
    search(page, site, "managed")
    total = page.locator("#search-status").inner_text()
    everywhere = int(page.locator(".result-group__count").first.inner_text())
    choose(page, "country", "SE")
    page.wait_for_url(re.compile(r".*country=SE.*"))
    wait_for_results(page)
    narrowed = set(member_slugs(page))
    assert narrowed and len(narrowed) < everywhere
    assert narrowed <= in_sweden
    assert page.locator(".result-group").count() == 1  # articles and pages have no country
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["managed"], "country": ["SE"]}
    # the back button returns to the unfiltered search
    page.go_back()
    page.wait_for_function("() => document.querySelector('select[name=country]').value === ''")
    wait_for_results(page)
    assert page.locator("#search-status").inner_text() == total
    assert page.problems == []


def test_a_shared_url_restores_the_search(page, site):
    page.goto(site + "/search/?q=backup&service=backup-recovery&status=active&type=member")
    wait_for_results(page)
    assert page.input_value("#search-q") == "backup"
    assert page.input_value("select[name=service]") == "backup-recovery"
    assert page.input_value("select[name=status]") == "active"
    assert page.input_value("select[name=type]") == "member"
    assert page.title() == "“backup” · Search · MSP Directory"
    expected = {slug for slug, data in _profiles().items()
                if "backup-recovery" in data["services"]}
    found = set(member_slugs(page))
    assert found and found <= expected
    assert page.locator(".result--member .status").all_inner_texts() == ["Active"] * len(found)
    assert page.problems == []


def test_articles_and_pages_are_found_and_grouped_after_members(page, site):
    search(page, site, "ransomware")
    titles = page.locator(".result-group__title").all_inner_texts()
    assert "Articles" in titles
    article = page.locator(".result:not(.result--member)").filter(has_text="Five questions")
    assert article.locator(".result__type").inner_text().lower() == "article"
    assert article.locator(".result__link").get_attribute("href") == \
        "/directory/articles/five-questions/"
    assert article.locator(".result__date").get_attribute("datetime") == "2026-05-04"
    assert article.locator(".result__date").inner_text() == "4 May 2026"
    search(page, site, "association", type="page")
    assert page.locator(".result-group__title").all_inner_texts() == ["Pages"]
    assert page.locator(".result__link").first.inner_text() == "About the association"
    assert page.problems == []


def test_keyboard_slash_arrows_and_enter(page, site):
    page.goto(site + "/providers/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("kestrel")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/directory/search/\?q=kestrel$"))
    wait_for_results(page)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == "Kestrel Lane IT Ltd"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/directory/providers/kestrel-lane-it/$"))
    assert page.locator("h1").inner_text() == "Kestrel Lane IT Ltd"
    assert page.problems == []


def test_index_loads_only_on_interaction_and_compare_refresh_is_sent(fresh_page, site):
    page = fresh_page  # an init script stays with its page
    requests = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    page.add_init_script(
        "window.compareRefreshes = 0;"
        "document.addEventListener('compare:refresh', () => { window.compareRefreshes += 1; });")
    page.goto(site + "/")  # returns at the load event: deferred scripts have run by then
    page.locator("#site-search-q").wait_for()
    assert not [path for path in requests if path.startswith("/directory/search/")]
    page.focus("#site-search-q")
    page.wait_for_event("requestfinished",
                        lambda request: request.url.endswith("/search/index.json"))
    # only the entry file on other pages: chunks are fetched for a query
    assert [path for path in requests if path.startswith("/directory/search/")] == [
        "/directory/search/index.json"]
    search(page, site, "cloud")
    assert page.evaluate("window.compareRefreshes") >= 1
    assert page.problems == []


def test_without_javascript_the_search_page_links_the_directory_and_facets(tabs, site):
    tab = tabs(java_script_enabled=False)
    tab.goto(site + "/")
    form = tab.locator("form.site-search")
    assert form.get_attribute("action") == "/directory/search/"
    assert form.get_attribute("role") == "search"
    assert tab.get_by_label("Search the directory").count() == 1
    tab.fill("#site-search-q", "backup")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r".*/directory/search/\?q=backup$"))
    browse = tab.locator(".search-browse")
    assert browse.is_visible()
    assert not tab.locator(".search-filters").is_visible()
    links = browse.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "/directory/providers/" in links
    assert "/directory/providers/services/backup-recovery/" in links
    assert "/directory/providers/countries/no/" in links
    tab.get_by_role("link", name="Backup and disaster recovery").click()
    assert tab.locator("h1").inner_text() == "Backup and disaster recovery"



def test_a_missing_index_says_so_and_offers_the_directory(page, built_site, serve, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(built_site.path, broken)
    (broken / "search" / "index.json").unlink()
    url = serve(broken, "/directory")
    page.goto(url + "/search/?q=backup")
    page.wait_for_function(
        "() => /unavailable/.test(document.getElementById('search-status').textContent)")
    assert page.locator(".search-browse").is_visible()
    assert page.locator(".result").count() == 0
    assert page.problems == []  # reported to the reader, not thrown


def _sample_queries(built_site):
    """Names, prefixes, places, services, typos (at every position), several words and
    filters, from the sample members and articles."""
    queries = []
    for slug, data in sorted(_profiles().items()):
        name = data["name"]
        first = name.split()[0].lower()
        queries += [{"q": name}, {"q": first[:3]}, {"q": data["headquarters"]["city"]}]
        if len(first) >= 5:
            position = len(queries) % len(first[:-1])
            kind = ("substitute", "delete", "insert", "swap")[len(queries) % 4]
            queries.append({"q": typo(first, position, kind)})
    queries += [{"q": word} for word in (
        "backup", "voice", "cloud", "security", "managed", "norway", "help desk", "ransomware",
        "audit", "restore tests", "contract", "phishing", "ethics", "a", "it", "restoer",
        "backup bergen", "managed sweden")]
    for service in ("backup-recovery", "voip", "cybersecurity"):
        queries += [{"q": "managed", "filters": {"service": service}},
                    {"q": "", "filters": {"service": service}}]
    for country in ("NO", "SE", "GB", "NZ"):
        queries += [{"q": "it", "filters": {"country": country}},
                    {"q": "", "filters": {"country": country, "status": "active"}}]
    queries += [{"q": "", "filters": {"type": "article"}},
                {"q": "audit", "filters": {"type": "page"}},
                {"q": "backup", "filters": {"status": "expired"}}]
    return queries


def test_chunked_answers_equal_the_unchunked_index(page, built_site, site):
    queries = _sample_queries(built_site)
    assert len(queries) >= 150
    entry = json.loads((built_site.path / "search" / "index.json").read_text(encoding="utf-8"))
    assert len(entry["chunks"]) > 20  # a query's words span several chunks
    outcome = compare(page, site, queries)
    assert outcome["differences"] == [], "\n".join(map(describe, outcome["differences"][:5]))
    assert outcome["shown"] > 1000  # the answers are not empty
    assert page.problems == []


def test_typo_and_prefix_rules(page, site):
    """The rules the chunked index keeps at any size (README, "How search scales"): a typo
    anywhere in a word of five letters or more, the first letter included; for stemmed text the
    stem must have five letters; a prefix needs two letters."""
    search(page, site, "Gjordlys")  # the first letter wrong
    assert member_slugs(page)[0] == "fjordlys-drift"
    search(page, site, "Fjrodlys")  # two letters swapped
    assert member_slugs(page)[0] == "fjordlys-drift"
    # two letters are a prefix
    search(page, site, "fj")
    assert member_slugs(page)[0] == "fjordlys-drift"
    # search-text.js runs in the worker: load it into a blank page to ask it
    page.goto("about:blank")
    page.add_script_tag(path=str(ROOT / "theme" / "static" / "vendor" / "lunr" / "lunr.min.js"))
    page.add_script_tag(path=str(ROOT / "theme" / "static" / "js" / "search-text.js"))
    rules = page.evaluate("""() => {
      const T = window.MspSearchText;
      const plain = { pipeline: 'plain' };
      const stemmed = { pipeline: 'stemmed' };
      return [T.lookups(plain, 'f'), T.lookups(plain, 'fj'), T.lookups(plain, 'fjord'),
              T.lookups(stemmed, 'hosted'), T.lookups(stemmed, 'restoring')];
    }""")
    assert [rule["prefix"] for rule in rules] == [False, True, True, True, True]
    assert [rule["typo"] for rule in rules] == [False, False, True, False, True]
    assert rules[3]["stem"] == "host" and rules[4]["stem"] == "restor"
    assert page.problems == []

"""A buyer's journey through search and the directory (issue 15, deliverables 1 to 3, and the
search page's layout shift from issue 10), in headless Chromium on the sample site served under
/directory: at desktop size, at 390 px with touch, with the keyboard only and with JavaScript
off. Expected members come from the profiles themselves, never from the page under test."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import REFERENCE_DATE, SAMPLE_PROVIDERS
from member_profiles.status import VALID_STATUSES, certification_status, member_status
from search_site import all_member_slugs, choose, member_slugs, wait_for_results
from validation.yamlsafe import load_yaml

pytestmark = pytest.mark.browser

AS_OF = datetime.date.fromisoformat(REFERENCE_DATE)
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def _profiles():
    profiles = {}
    for path in sorted((SAMPLE_PROVIDERS).glob("*.yaml")):
        data, _ = load_yaml(path.read_bytes())
        statuses = [certification_status(datetime.date.fromisoformat(r["issued"]),
                                          datetime.date.fromisoformat(r["expires"]), AS_OF, 60)
                    for r in data["certifications"]]
        data["status"] = member_status(statuses)
        data["certified"] = max((r["issued"] for r, s in zip(data["certifications"], statuses)
                                 if s in VALID_STATUSES), default="")
        profiles[path.stem] = data
    return profiles


PROFILES = _profiles()
VERIFIED = {slug for slug, data in PROFILES.items() if data["status"] in VALID_STATUSES}
NOT_VERIFIED = set(PROFILES) - VERIFIED


def _serves(data, country):
    return data["headquarters"]["country"] == country or country in data["service_areas"]


def _open(page, site, query=""):
    page.goto(site + "/search/" + query)
    wait_for_results(page)


# --- 1. Honest results --------------------------------------------------------------------

def test_search_shows_verified_members_unless_asked_and_then_apart(page, subpath_site):
    assert NOT_VERIFIED, "the sample needs members that are not verified"
    _open(page, subpath_site, "?q=managed")
    assert page.input_value("select[name=status]") == ""
    assert page.locator("select[name=status] option").first.text_content() == \
        "Verified (active or expiring)"
    found = set(member_slugs(page))
    assert found and found <= VERIFIED
    assert page.locator(".result-group[data-type=unverified]").count() == 0
    # asking for every status: the others come in a section of their own, without Compare
    choose(page, "status", "all")
    page.wait_for_url(re.compile(r".*status=all.*"))
    wait_for_results(page)
    apart = page.locator(".result-group[data-type=unverified]")
    apart.scroll_into_view_if_needed()
    assert apart.locator("h2").inner_text().startswith("Not verified")
    assert "not verified members" in apart.locator(".result-group__note").inner_text()
    slugs = apart.locator(".result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
    expected = {slug for slug in NOT_VERIFIED if "managed" in PROFILES[slug]["name"].lower()
                or "managed" in PROFILES[slug]["summary"].lower()}
    assert expected <= set(slugs) <= NOT_VERIFIED
    assert apart.locator("input[type=checkbox]").count() == 0
    assert page.locator(".result-group[data-type=member] input[data-compare-slug]").count() > 0
    # groups: verified members first, then the section apart
    types = page.locator(".result-group").evaluate_all("g => g.map(s => s.dataset.type)")
    assert types[:2] == ["member", "unverified"]
    assert page.problems == []


def test_an_expired_profile_never_claims_verification_and_offers_no_badge(page, subpath_site):
    slug = sorted(NOT_VERIFIED)[0]
    page.goto(subpath_site + f"/providers/{slug}/")
    main = page.locator("main").inner_text()
    assert "Verified members" not in main
    assert page.locator(".breadcrumbs").inner_text().startswith("Member directory")
    assert page.locator("#badge-snippet").count() == 0
    assert page.locator("img.verify-box__badge").count() == 0
    assert "not a verified member" in page.locator(".verify-box").inner_text()
    page.goto(subpath_site + f"/verify/{slug}/")
    assert "Verified members" not in page.locator(".breadcrumbs").inner_text()
    # a verified member keeps both: its badge, and (this build's SITEURL being relative) the
    # warning that stands in for the embed code
    page.goto(subpath_site + "/providers/fjordlys-drift/")
    assert page.locator(".breadcrumbs a").first.inner_text() == "Verified members"
    assert page.locator("img.verify-box__badge").count() == 1
    assert page.locator("[data-embed-warning]").count() == 1
    assert page.problems == []


# --- 2. Filters that combine, with URL state ----------------------------------------------

def test_directory_filters_combine_and_keep_their_state_in_the_url(page, subpath_site):
    expected = {slug for slug in VERIFIED if _serves(PROFILES[slug], "SE")
                and "en" in PROFILES[slug].get("languages", [])}
    assert len(expected) >= 2
    page.goto(subpath_site + "/providers/")
    page.click(".directory-filters summary")  # folded, so that members start on the first screen
    form = page.locator(".directory-filters form")
    form.locator("select[name=country]").select_option("SE")
    form.locator("select[name=language]").select_option("en")
    form.get_by_role("button", name="Show members").click()
    page.wait_for_url(re.compile(r".*/directory/search/\?.*country=SE.*"))
    wait_for_results(page)
    # the address names the filters and nothing else
    assert parse_qs(urlsplit(page.url).query) == {"country": ["SE"], "language": ["en"]}
    assert set(all_member_slugs(page)) == expected
    # a third filter narrows further; the back button returns to two
    industry = PROFILES[sorted(expected)[0]]["industries"][0]
    choose(page, "industry", industry)
    page.wait_for_url(re.compile(rf".*industry={industry}.*"))
    wait_for_results(page)
    assert set(member_slugs(page)) == {slug for slug in expected
                                       if industry in PROFILES[slug].get("industries", [])}
    assert industry in page.locator("#search-filters-active").inner_text().lower() or \
        page.locator("#search-filters-active").inner_text().count("·") == 3
    page.go_back()
    page.wait_for_function("() => document.querySelector('select[name=industry]').value === ''")
    wait_for_results(page)
    assert set(member_slugs(page)) == expected
    assert page.problems == []


def test_recently_certified_sort_in_search_and_on_the_static_page(page, subpath_site):
    order = sorted(sorted(VERIFIED, key=lambda slug: PROFILES[slug]["name"].casefold()),
                   key=lambda slug: PROFILES[slug]["certified"], reverse=True)
    _open(page, subpath_site, "?sort=recent")
    shown = member_slugs(page)
    # members certified on the same day may come in either name order
    assert [PROFILES[s]["certified"] for s in shown] == [PROFILES[s]["certified"] for s in order][:len(shown)]
    assert set(shown[:3]) == set(order[:3]) or shown[0] == order[0]
    page.goto(subpath_site + "/providers/recent/")
    cards = page.locator(".card__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
    assert [PROFILES[s]["certified"] for s in cards] == \
        [PROFILES[s]["certified"] for s in order][:len(cards)]
    assert page.locator(".sort [aria-current=page]").inner_text() == "Recently certified"
    assert page.problems == []


def test_industry_and_language_facet_pages_list_the_right_members(page, subpath_site):
    page.goto(subpath_site + "/providers/industries/")
    assert page.locator("h1").inner_text() == "Verified members by industry"
    page.get_by_role("link", name="Healthcare", exact=True).click()
    page.wait_for_url(re.compile(r".*/providers/industries/healthcare/$"))
    cards = page.locator(".card__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
    assert set(cards) == {slug for slug in VERIFIED
                          if "healthcare" in PROFILES[slug].get("industries", [])}
    assert page.locator(".breadcrumbs").inner_text().split("\n")[:2] == ["Verified members",
                                                                          "Industries"]
    page.goto(subpath_site + "/providers/languages/no/")
    cards = page.locator(".card__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])")
    assert set(cards) == {slug for slug in VERIFIED if "no" in PROFILES[slug].get("languages", [])}
    assert page.locator("h1").inner_text() == "Norwegian"
    # a profile links its industries and languages to their pages
    page.goto(subpath_site + "/providers/fjordlys-drift/")
    page.locator(".facts").get_by_role("link", name="Norwegian").click()
    page.wait_for_url(re.compile(r".*/providers/languages/no/$"))
    assert page.problems == []


# --- 3. Search that always leads somewhere ------------------------------------------------

def test_an_empty_query_shows_the_directory_by_name(page, subpath_site):
    _open(page, subpath_site)
    assert page.locator("#search-status").inner_text() == f"{len(VERIFIED)} verified members"
    by_name = [slug for slug, _ in sorted(
        ((slug, PROFILES[slug]) for slug in VERIFIED),
        key=lambda item: __import__("unidecode").unidecode(item[1]["name"]).casefold())]
    assert member_slugs(page) == by_name[:20]
    assert all_member_slugs(page) == by_name
    assert page.problems == []


def test_a_place_name_finds_the_members_serving_its_country(page, subpath_site):
    serving_norway = {slug for slug in VERIFIED if _serves(PROFILES[slug], "NO")}
    assert not any(PROFILES[slug]["headquarters"]["city"] == "Oslo" for slug in PROFILES)
    _open(page, subpath_site, "?q=oslo")
    assert set(member_slugs(page)) == serving_norway
    _open(page, subpath_site, "?q=Göteborg")
    assert set(member_slugs(page)) == {slug for slug in VERIFIED if _serves(PROFILES[slug], "SE")}
    assert page.problems == []


def test_no_results_offer_suggestions_clear_filters_and_browse_links(page, subpath_site):
    _open(page, subpath_site, "?q=fjrdlyz")  # two edits from "fjordlys"
    empty = page.locator(".search-empty")
    assert page.locator("#search-status").inner_text() == "No results for “fjrdlyz”"
    suggestion = empty.locator(".search-empty__suggestions a").first
    assert suggestion.inner_text() == "Fjordlys Drift AS"
    assert suggestion.get_attribute("href") == "/directory/providers/fjordlys-drift/"
    assert empty.locator(".search-empty__clear").is_hidden()  # no filters to clear
    links = empty.locator(".search-empty__ways a").evaluate_all(
        "links => links.filter(a => a.offsetParent).map(a => a.getAttribute('href'))")
    assert "/directory/providers/services/" in links and "/directory/providers/countries/" in links
    # a place one typo away, with a filter that leaves nothing: both ways out are offered
    _open(page, subpath_site, "?q=stokholm&type=article")
    place = empty.locator(".search-empty__suggestions a", has_text="Stockholm")
    assert place.count() == 1
    clear = empty.locator(".search-empty__clear a")
    assert clear.is_visible()
    clear.click()
    page.wait_for_url(re.compile(r".*/search/\?q=stokholm$"))
    wait_for_results(page)
    assert page.input_value("select[name=type]") == ""
    assert page.problems == []


def test_results_show_logos_from_the_member_data(page, subpath_site):
    _open(page, subpath_site, "?q=fjordlys")
    logo = page.locator(".result--member .result__logo").first
    assert logo.get_attribute("src") == "/directory/providers/fjordlys-drift/logo.svg"
    assert logo.get_attribute("alt") == ""  # the name beside it says who it is
    page.wait_for_function("() => document.querySelector('.result__logo').naturalWidth > 0")
    assert page.problems == []


# --- At 390 px with touch, with the keyboard, without JavaScript --------------------------

def test_on_a_phone_results_start_on_the_first_screen_and_fit(tabs, subpath_site):
    tab = tabs(**PHONE)
    tab.goto(subpath_site + "/search/?q=managed+security")
    wait_for_results(tab)
    first = tab.locator(".result").first.bounding_box()
    assert first["y"] < 844, first  # the folded filters leave room for results
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    box = tab.locator(".result__compare").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24, box  # WCAG 2.2 target size
    # a tap opens the filters; a choice narrows the results
    tab.tap(".search-filters summary")
    tab.locator("select[name=country]").select_option("NO")
    tab.wait_for_url(re.compile(r".*country=NO.*"))
    wait_for_results(tab)
    assert set(member_slugs(tab)) <= {slug for slug in VERIFIED if _serves(PROFILES[slug], "NO")}
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390


def test_keyboard_only_filters_and_results(page, subpath_site):
    _open(page, subpath_site, "?q=backup")
    page.focus("#search-q")
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the folded filters
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.locator(".search-filters").evaluate("d => d.open")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "service"
    page.keyboard.press("ArrowDown")  # a select changes on arrow keys: the first service
    page.wait_for_url(re.compile(r".*service=.*"))
    wait_for_results(page)
    service = page.input_value("select[name=service]")
    assert service
    assert set(member_slugs(page)) <= {slug for slug in VERIFIED
                                       if service in PROFILES[slug]["services"]}
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.className") == "result__link"
    assert page.problems == []


def test_without_javascript_the_search_page_explains_and_links_every_facet(tabs, subpath_site):
    tab = tabs(java_script_enabled=False, **PHONE)
    tab.goto(subpath_site + "/search/?q=oslo")
    browse = tab.locator(".search-browse")
    assert browse.is_visible()
    assert "needs JavaScript" in browse.locator("h2").inner_text()
    assert "still in the address bar" in browse.inner_text()
    for hidden in (".search-filters", "#search-keys", "#search-results", "#search-status"):
        assert tab.locator(hidden).is_hidden(), hidden
    links = browse.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for path in ("providers/", "providers/recent/", "providers/services/",
                 "providers/countries/", "providers/industries/", "providers/languages/"):
        assert f"/directory/{path}" in links, path
    # the search form still works: a GET to this page, the words in the address
    tab.fill("#search-q", "bergen")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r".*/directory/search/\?q=bergen$"))
    # the directory's filter form needs JavaScript: hidden, the facet lists instead
    tab.goto(subpath_site + "/providers/")
    assert tab.locator(".directory-filters").is_hidden()
    tab.locator(".facets summary").click()  # on a phone the lists are behind "Filter" (issue 26)
    tab.locator(".facets").get_by_role("link", name="Healthcare").click()
    assert tab.locator("h1").inner_text() == "Healthcare"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390


# --- Layout shift (issue 10) --------------------------------------------------------------

CLS = """
() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
  }).observe({ type: 'layout-shift', buffered: true });
  // after the results are complete, two frames and a pause for late shifts
  const done = () => requestAnimationFrame(() => requestAnimationFrame(
    () => setTimeout(() => resolve(total), 300)));
  const check = () => {
    const r = document.getElementById('search-results');
    if (r.dataset.complete === 'true' && r.dataset.for === location.pathname + location.search) {
      done();
    } else { setTimeout(check, 20); }
  };
  check();
})
"""


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("query", ["?q=managed", "", "?q=zzzqqq"])
def test_the_search_page_does_not_shift_as_results_arrive(tabs, subpath_site, size, query):
    options = PHONE if size == "phone" else {"viewport": {"width": 1280, "height": 800}}
    tab = tabs(**options)
    tab.goto(subpath_site + "/search/" + query)
    shift = tab.evaluate(CLS)
    assert shift < 0.1, shift

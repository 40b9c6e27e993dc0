"""Filters that relax (issue 26, deliverable 1): each active filter a removable chip; a facet
holds several values (OR within a facet, AND across facets); each option says how many results
it would give with the other filters; with no results, the one-filter relaxations that give
results ("3 without Healthcare"). All of it in the address. Expected members come from the
sample's profiles, never from the page under test."""

import itertools
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import SAMPLE_CONTENT, record_problems
from search_journey2 import PHONE, PROFILES, VERIFIED
from search_site import all_member_slugs, wait_for_results
from validation.yamlsafe import load_yaml

pytestmark = pytest.mark.browser

VOCABULARY, _ = load_yaml((SAMPLE_CONTENT / "data" / "vocabulary.yaml").read_bytes())
INDUSTRY_LABELS = {term["id"]: term["label"] for term in VOCABULARY["industries"]}
SERVICE_LABELS = {term["id"]: term["label"] for term in VOCABULARY["services"]}


def _serves(data, country):
    return data["headquarters"]["country"] == country or country in data["service_areas"]


def _keeps(data, service=(), country=(), industry=()):
    """The search's rule: any value of a facet, every facet."""
    return ((not service or set(service) & set(data["services"]))
            and (not country or any(_serves(data, c) for c in country))
            and (not industry or set(industry) & set(data.get("industries", ()))))


def _members(**facets):
    return {slug for slug in VERIFIED if _keeps(PROFILES[slug], **facets)}


def _open(page, site, query):
    page.goto(site + "/search/?" + query)
    wait_for_results(page)


def _two_services():
    """Two services and a country such that each service alone gives fewer members."""
    services = sorted({s for slug in VERIFIED for s in PROFILES[slug]["services"]})
    for a, b in itertools.combinations(services, 2):
        for country in ("NO", "SE", "DE", "US", "GB"):
            both = _members(service=[a, b], country=[country])
            if both != _members(service=[a], country=[country]) and \
                    both != _members(service=[b], country=[country]) and len(both) >= 2:
                return a, b, country
    raise AssertionError("the sample has no such services")


def test_a_facet_holds_several_values_or_within_and_across(page, subpath_site):
    a, b, country = _two_services()
    _open(page, subpath_site, f"service={a}&service={b}&country={country}")
    assert set(all_member_slugs(page)) == _members(service=[a, b], country=[country])
    # the menu shows both values chosen; each a chip
    assert page.locator("select[name=service]").evaluate(
        "el => Array.from(el.selectedOptions, o => o.value)") == sorted([a, b], key=list(
            SERVICE_LABELS).index)
    chips = page.locator("#search-chips button")
    labels = chips.evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert len(labels) == 3
    assert {f"Remove filter: {SERVICE_LABELS[a]}", f"Remove filter: {SERVICE_LABELS[b]}"} < set(labels)
    assert chips.locator(f"xpath=self::*[@data-name='country'][@data-value='{country}']").count() == 1
    assert page.problems == []


def test_each_option_counts_the_results_it_would_give_with_the_other_filters(page, subpath_site):
    a, b, country = _two_services()
    _open(page, subpath_site, f"service={a}&country={country}")
    # counted when the menus are opened (the facet lists are fetched then, not for every query)
    assert page.locator("select[name=industry] option[data-count]").count() == 0
    page.click(".search-filters summary")
    page.wait_for_function("() => document.querySelector("
                           "'select[name=industry] option[data-count]') !== null")
    for option in page.locator("select[name=industry] option").all():
        industry = option.get_attribute("value")
        expected = len(_members(service=[a], country=[country], industry=[industry]))
        assert option.get_attribute("data-count") == str(expected), industry
        assert option.text_content() == f"{INDUSTRY_LABELS[industry]} ({expected})"
    # a facet's own value does not narrow its options: other services count as if chosen alone
    for option in page.locator("select[name=service] option").all():
        service = option.get_attribute("value")
        assert option.get_attribute("data-count") == str(
            len(_members(service=[service], country=[country]))), service
    assert page.problems == []


def _dead_end():
    """(country, industry) with no verified member, where each alone has some."""
    countries = sorted({c for data in PROFILES.values() for c in data["service_areas"]})
    for industry in sorted(INDUSTRY_LABELS):
        for country in countries:
            if not _members(country=[country], industry=[industry]) and \
                    _members(country=[country]) and _members(industry=[industry]):
                return country, industry
    raise AssertionError("the sample has no such pair")


def test_no_results_offers_each_one_filter_relaxation_and_it_works(page, subpath_site):
    country, industry = _dead_end()
    _open(page, subpath_site, f"country={country}&industry={industry}")
    assert page.locator(".search-empty").count() == 1
    links = page.locator(".search-empty__relaxations a")
    texts = links.all_inner_texts()
    without_industry = f"{len(_members(country=[country]))} without {INDUSTRY_LABELS[industry]}"
    assert without_industry in texts
    assert any(re.fullmatch(rf"{len(_members(industry=[industry]))} without .+", t)
               for t in texts if t != without_industry)
    assert page.locator(".search-empty__clear").is_visible()  # still there
    # following one (by keyboard) keeps the other filter and shows those results
    page.get_by_role("link", name=without_industry).focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('industry')")
    wait_for_results(page)
    assert parse_qs(urlsplit(page.url).query) == {"country": [country]}
    assert set(all_member_slugs(page)) == _members(country=[country])
    assert page.problems == []


def test_a_chip_removes_its_filter_alone_by_keyboard(page, subpath_site):
    a, b, country = _two_services()
    _open(page, subpath_site, f"q=&service={a}&service={b}&country={country}")
    chip = page.locator(f"#search-chips button[data-value='{b}']")
    page.focus("#search-q")
    for _ in range(15):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.value") == b:
            break
    assert page.evaluate("document.activeElement.dataset.value") == b
    page.keyboard.press("Enter")
    page.wait_for_function("(b) => !new URLSearchParams(location.search).getAll('service')"
                           ".includes(b)", arg=b)
    wait_for_results(page)
    assert parse_qs(urlsplit(page.url).query) == {"service": [a], "country": [country]}
    assert chip.count() == 0
    assert page.evaluate("document.activeElement.closest('#search-chips, #search-q') !== null")
    assert set(all_member_slugs(page)) == _members(service=[a], country=[country])
    # back returns to both values
    page.go_back()
    page.wait_for_function("(b) => new URLSearchParams(location.search).getAll('service')"
                           ".includes(b)", arg=b)
    wait_for_results(page)
    assert set(all_member_slugs(page)) == _members(service=[a, b], country=[country])
    assert page.problems == []


def test_at_390px_chips_are_tapped_away_and_nothing_scrolls_sideways(tabs, subpath_site):
    tab = record_problems(tabs(**PHONE))
    a, b, country = _two_services()
    tab.goto(subpath_site + f"/search/?service={a}&country={country}")
    wait_for_results(tab)
    chip = tab.locator(f"#search-chips button[data-value='{country}']")
    box = chip.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    chip.tap()
    tab.wait_for_function("() => !new URLSearchParams(location.search).has('country')")
    wait_for_results(tab)
    assert set(all_member_slugs(tab)) == _members(service=[a])
    assert tab.problems == []


def test_without_javascript_the_facet_pages_stay_the_way(tabs, subpath_site):
    tab = tabs(java_script_enabled=False)
    a, b, country = _two_services()
    tab.goto(subpath_site + f"/search/?service={a}&service={b}")
    browse = tab.locator(".search-browse")
    assert browse.is_visible()
    link = browse.get_by_role("link", name=SERVICE_LABELS[a], exact=True)
    link.click()
    tab.wait_for_url(re.compile(rf".*/providers/services/{a}/$"))
    assert tab.locator("h1").count() == 1

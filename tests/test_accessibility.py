"""Accessibility gate: axe-core finds no serious or critical violations on every page type, at
desktop width and on a 390 px phone (where tables become cards)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import LONG_SLUG, PENDING_SLUG


pytestmark = pytest.mark.browser

PAGES = [
    "/",                                  # home
    "/providers/",                        # directory
    "/providers/fjordlys-drift/",         # a profile
    "/providers/prairie-signal/",         # an expired profile
    "/providers/services/cybersecurity/",  # a facet page
    "/providers/countries/no/",
    "/providers/newest/",
    "/verify/fjordlys-drift/",            # verify pages: active, expiring, expired
    "/verify/nordkapp-nett/",
    "/verify/prairie-signal/",
    "/compare/?ids=fjordlys-drift,nordkapp-nett",
    "/education/",                        # the education hub
    "/articles/restore-tests-you-can-prove/",  # an article
    "/news/",                             # the newsletter archive
    "/news/1/",                           # a newsletter issue
    "/code-of-ethics/",                   # association pages
    "/about/",
    "/certification/",                    # with the signing keys table
    "/partners/",
    "/contact/?member=fjordlys-drift",    # the contact form
    "/media/",                            # click-to-load embeds
    "/leadership/",
    "/search/?q=backup",                  # search, with results rendered
    "/search/?q=fjordlys&type=member",
    "/search/",                           # an empty query: the directory
    "/search/?q=managed&status=all",      # the section of members that are not verified
    "/search/?q=zzzqqq&service=voip",     # no results: suggestions and ways out
    "/providers/recent/",                 # the directory, recently certified first
    "/providers/industries/",             # the industry index and a facet page
    "/providers/industries/healthcare/",
    "/providers/languages/no/",           # a language facet page
    "/404.html",                          # the not-found page
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


# Pages whose content is put together in the browser after loading: axe checks them once
# this element is there. Every other page is complete at its load event (scripts are deferred).
RENDERED = {"/search/": ".result, .search-empty", "/compare/": ".compare__table"}


def serious_violations(page, axe, base, path):
    """axe-core's serious and critical findings on base + path, once its content is there."""
    response = page.goto(base + path)
    assert response.status == 200
    for prefix, selector in RENDERED.items():
        if path.startswith(prefix):
            page.locator(selector).first.wait_for()
    results = axe.run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    return serious


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(page, subpath_site, axe, path):
    assert serious_violations(page, axe, subpath_site, path) == []
    assert page.problems == []


# The pages whose layout changes most on a phone, and the members the sample lacks: a pending
# member and a 117-character name (conftest.journey_build); at both widths.
PHONE_PAGES = [
    f"/verify/{LONG_SLUG}/", f"/verify/{PENDING_SLUG}/", f"/providers/{PENDING_SLUG}/",
    f"/providers/{LONG_SLUG}/", "/providers/", f"/compare/?ids={LONG_SLUG},fjordlys-drift",
    "/certification/", f"/contact/?member={LONG_SLUG}",
]


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("path", PHONE_PAGES)
def test_no_serious_or_critical_violations_at_both_widths(tabs, journey_site, axe, path, device):
    tab = tabs(**({"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
                  if device == "phone" else {}))
    assert serious_violations(tab, axe, journey_site, path) == []

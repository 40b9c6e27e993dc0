"""Accessibility gate: axe-core finds no serious or critical violations on the main page types."""

import pytest
from axe_playwright_python.sync_playwright import Axe


pytestmark = pytest.mark.browser

PAGES = [
    "/",                                  # home
    "/providers/",                        # directory
    "/providers/fjordlys-drift/",         # a profile
    "/providers/prairie-signal/",         # an expired profile
    "/providers/services/cybersecurity/",  # a facet page
    "/verify/fjordlys-drift/",            # a verify page
    "/compare/?ids=fjordlys-drift,nordkapp-nett",
    "/education/",                        # the education hub
    "/articles/restore-tests-you-can-prove/",  # an article
    "/news/",                             # the newsletter archive
    "/news/1/",                           # a newsletter issue
    "/code-of-ethics/",                   # an association page
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
]


@pytest.fixture(scope="module")
def axe():
    return Axe()


# Pages whose content is put together in the browser after loading: axe checks them once
# this element is there. Every other page is complete at its load event (scripts are deferred).
RENDERED = {"/search/": ".result, .search-empty", "/compare/": ".compare__table"}


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(page, subpath_site, axe, path):
    response = page.goto(subpath_site + path)
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
    assert serious == []
    assert page.problems == []

"""The phone directory starts with members (issue 26, deliverable 5): at 390 px the first member
card is on the first screen, and the facet lists sit behind a "Filter" disclosure (<details>)
that works by touch, by keyboard and without JavaScript; on a desktop they stay beside the
members. Headless Chromium, the sample site under a subpath."""

import re

import pytest


pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
FACET_LINKS = ".facets .facet-counts a"


def _first_card_on_the_first_screen(tab):
    card = tab.locator(".cards .card").first
    title = card.locator(".card__title a")
    status = card.locator(".status").first
    assert tab.evaluate("window.scrollY") == 0
    for part in (card, title, status):
        box = part.bounding_box()
        assert 0 <= box["y"] < 844, box
    assert title.bounding_box()["y"] + title.bounding_box()["height"] <= 844
    assert status.bounding_box()["y"] + status.bounding_box()["height"] <= 844
    return title


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_phone_the_members_come_first_and_filter_opens_by_touch(tabs, subpath_site,
                                                                     javascript):
    tab = tabs(java_script_enabled=javascript, **PHONE)
    tab.goto(subpath_site + "/providers/")
    _first_card_on_the_first_screen(tab)
    toggle = tab.locator(".facets summary")
    assert toggle.inner_text().startswith("Filter")
    box = toggle.bounding_box()
    assert box["y"] + box["height"] <= 844 and box["height"] >= 24  # on screen, big enough
    links = tab.locator(FACET_LINKS)
    assert links.count() > 10 and tab.locator(FACET_LINKS + ":visible").count() == 0
    toggle.tap()
    assert tab.locator(".facets details").evaluate("details => details.open")
    assert tab.locator(FACET_LINKS + ":visible").count() == links.count()
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    facet = tab.locator(".facets .facet-counts li a").first
    href = facet.get_attribute("href")
    facet.tap()
    tab.wait_for_url(re.compile(".*" + re.escape(href) + "$"))
    assert tab.locator(".cards .card").count() > 0


def test_on_a_phone_the_keyboard_opens_filter_and_reaches_the_facets(tabs, subpath_site):
    tab = tabs(**PHONE)
    tab.goto(subpath_site + "/providers/")
    tab.locator("h1").click()
    for _ in range(20):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.matches('.facets summary')"):
            break
    else:
        pytest.fail("the Filter toggle never took focus")
    # nothing inside the closed disclosure took focus on the way
    assert tab.locator(".facets details").evaluate("details => !details.open")
    tab.keyboard.press("Enter")
    assert tab.locator(".facets details").evaluate("details => details.open")
    tab.keyboard.press("Tab")
    focused = tab.evaluate("document.activeElement.closest('.facet-counts') !== null")
    assert focused
    box = tab.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                       " return [r.left, r.right, r.top, r.bottom]; })()")
    assert box[0] >= 0 and box[1] <= 390 and box[2] < 844 and box[3] > 0
    tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Space")  # closes again
    assert tab.locator(".facets details").evaluate("details => !details.open")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_on_a_desktop_the_facets_stay_beside_the_members(tabs, subpath_site, javascript):
    tab = tabs(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    tab.goto(subpath_site + "/providers/")
    assert tab.locator(".facets summary").is_hidden()
    links = tab.locator(FACET_LINKS)
    assert tab.locator(FACET_LINKS + ":visible").count() == links.count() > 10
    first_facet = links.first.bounding_box()
    first_card = tab.locator(".cards .card").first.bounding_box()
    assert first_facet["x"] + first_facet["width"] <= first_card["x"]  # a sidebar, to the left
    assert first_card["y"] < 900
    # a keyboard user meets the facet links without opening anything
    tab.locator("h1").click()
    for _ in range(30):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.closest('.facet-counts') !== null"):
            break
    else:
        pytest.fail("no facet link took focus")

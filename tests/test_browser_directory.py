"""The directory in headless Chromium, served over HTTP under a subpath."""

import re
from urllib.parse import urlsplit

import pytest


pytestmark = pytest.mark.browser


def test_browse_from_home_to_a_profile_with_keyboard_and_clicks(page, subpath_site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(subpath_site + "/")
    assert page.locator("h1").inner_text() == "Find a managed service provider you can trust"
    page.get_by_role("link", name="Browse the directory").click()
    page.wait_for_url(re.compile(r".*/directory/providers/$"))
    assert page.title().startswith("Verified members")
    page.get_by_role("link", name="Fjordlys Drift AS").click()
    assert page.locator("h1").inner_text() == "Fjordlys Drift AS"
    assert page.locator(".profile").get_attribute("data-status") == "active"
    page.get_by_role("link", name="Norway").first.click()
    assert page.locator("h1").inner_text() == "Norway"
    assert page.locator(".card__title a", has_text="Fjordlys Drift AS").count() == 1
    # Skip link is the first stop for keyboard users and is visible when focused
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0
    assert page.problems == []
    # Nothing was requested from another host, and everything stayed under the subpath
    hosts = {urlsplit(url).netloc for url in requests}
    assert hosts == {urlsplit(subpath_site).netloc}
    assert all(urlsplit(url).path.startswith("/directory/") for url in requests)


def test_expired_member_is_marked_and_not_listed(page, subpath_site):
    page.goto(subpath_site + "/providers/prairie-signal/")
    assert page.locator(".notice--expired").is_visible()
    assert "Not a verified member." in page.locator(".notice--expired").inner_text()
    page.goto(subpath_site + "/providers/")
    assert page.locator("a[href$='/providers/prairie-signal/']").count() == 0
    assert page.problems == []


def test_pages_fit_a_phone_screen_without_console_errors(tabs, subpath_site):
    tab = tabs(viewport={"width": 375, "height": 740})
    errors = []
    tab.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    for path in ("/", "/providers/", "/providers/newest/", "/providers/services/",
                 "/providers/services/cybersecurity/", "/providers/countries/no/",
                 "/providers/fjordlys-drift/", "/verify/fjordlys-drift/", "/search/?q=backup",
                 "/education/", "/articles/reading-an-msp-contract/", "/education/tags/",
                 "/news/", "/news/1/", "/about/", "/leadership/", "/media/", "/contact/",
                 "/code-of-ethics/"):
        response = tab.goto(subpath_site + path)
        assert response.status == 200, path
        # no horizontal scrolling on a narrow screen
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
    assert errors == []


def test_the_header_is_compact_on_a_phone_and_every_link_is_reachable(tabs, subpath_site):
    """At 390 px the header takes at most a fifth of the first screen (it took a third); the
    navigation is one row that scrolls sideways, without JavaScript."""
    tab = tabs(viewport={"width": 390, "height": 844}, java_script_enabled=False, has_touch=True)
    tab.goto(subpath_site + "/providers/")
    height = tab.locator(".site-header").bounding_box()["height"]
    assert height <= 844 / 5, height
    links = tab.locator(".site-header nav a")
    assert links.count() >= 8
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (link.inner_text(), box)
        assert box["height"] >= 24, (link.inner_text(), box)  # WCAG 2.2 target size
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390

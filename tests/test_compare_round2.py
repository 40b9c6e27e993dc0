"""A comparison worth sharing (issue 26, deliverable 4): industries, languages, website and a
contact action per member, "Contact these providers" (one e-mail naming them all), and every link
reachable by touch and keyboard at 390 px, in headless Chromium."""

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest


pytestmark = pytest.mark.browser

IDS = ["fjordlys-drift", "nordkapp-nett", "sakura-it"]
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


def _records(build):
    providers = json.loads(build.page("api/providers.json"))["providers"]
    by_slug = {p["slug"]: p for p in providers}
    return [by_slug[slug] for slug in IDS]


def _open(tab, base):
    tab.goto(base + "/compare/?ids=" + ",".join(IDS))
    tab.locator("table.compare__table").wait_for()
    return tab.locator("table.compare__table")


def _row(table, label):
    """The cells of the body row headed `label` (its text, one per member)."""
    row = table.locator("tbody tr", has=table.page.locator(f"th[scope='row']:text-is('{label}')"))
    assert row.count() == 1, label
    return row.locator("td")


def test_industries_languages_website_and_contact_per_member(page, subpath_site, subpath_build):
    members = _records(subpath_build)
    table = _open(page, subpath_site)
    languages, industries = _row(table, "Languages"), _row(table, "Industries")
    websites, contacts = _row(table, "Website"), _row(table, "Contact")
    for index, member in enumerate(members):
        spoken = [language["name"] for language in member["languages"]]
        assert languages.nth(index).locator("li").all_inner_texts() == spoken or (
            not spoken and languages.nth(index).inner_text() == "Not stated")
        assert industries.nth(index).locator("li").all_inner_texts() == member["industries"]
        site = websites.nth(index).get_by_role("link")
        assert site.get_attribute("href") == member["website"]
        assert site.inner_text() in member["website"]
        email = contacts.nth(index).get_by_role("link", name=re.compile("^E-mail "))
        address = urlsplit(email.get_attribute("href"))
        assert address.scheme == "mailto" and unquote(address.path) == member["contact"]["email"]
        assert member["name"] in parse_qs(address.query)["subject"][0]
        call = contacts.nth(index).get_by_role("link", name=re.compile("^Call "))
        assert call.get_attribute("href").startswith("tel:+")
    assert any(m["languages"] for m in members)  # the sample's: a row with names, not only dashes
    assert page.problems == []


def test_contact_these_providers_is_one_message_naming_them_all(page, subpath_site, subpath_build):
    members = _records(subpath_build)
    _open(page, subpath_site)
    button = page.get_by_role("link", name="Contact these providers")
    assert button.is_visible()
    message = urlsplit(button.get_attribute("href"))
    assert message.scheme == "mailto" and message.path == ""  # nobody in To: each one in Bcc
    fields = parse_qs(message.query)
    assert fields["bcc"][0].split(",") == [m["contact"]["email"] for m in members]
    for member in members:
        assert member["name"] in fields["subject"][0] and member["name"] in fields["body"][0]
    note = page.locator(".compare__actions").inner_text()
    assert all(member["name"] in note for member in members) and "Bcc" in note
    assert page.problems == []


def _visible_links(tab):
    return tab.locator("#compare-app a:visible")


def test_on_a_phone_every_link_is_on_screen_and_big_enough_to_tap(tabs, subpath_site,
                                                                 subpath_build):
    tab = tabs(**PHONE)
    members = _records(subpath_build)
    _open(tab, subpath_site)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    # no link in the comparison is laid out but hidden: every one is shown, on the screen
    hidden = tab.evaluate("""() => [...document.querySelectorAll('#compare-app a')]
        .filter(a => a.getClientRects().length === 0 ? false : a.offsetParent === null
                || getComputedStyle(a).visibility === 'hidden').map(a => a.textContent)""")
    assert hidden == []
    links = _visible_links(tab)
    # each member: its page, Verify, its website, e-mail, phone; and "Contact these providers"
    assert links.count() == 5 * len(members) + 2  # + "Choose other members"
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (link.inner_text(), box)
        assert box["height"] >= 24, (link.inner_text(), box)  # WCAG 2.2 target size
    # the member's own page, by touch
    member = tab.get_by_role("link", name=members[1]["name"], exact=True)
    member.tap()
    tab.wait_for_url(re.compile(r".*/providers/" + IDS[1] + r"/$"))
    assert tab.locator("h1").inner_text() == members[1]["name"]


def test_on_a_phone_the_keyboard_reaches_every_link_and_nothing_off_screen(tabs, subpath_site):
    """Before: the header row's links were clipped off-screen but still took focus."""
    tab = tabs(**PHONE)
    _open(tab, subpath_site)
    expected = tab.evaluate(
        "() => [...document.querySelectorAll('#compare-app a')].filter(a => a.checkVisibility())"
        ".map(a => a.href + ' ' + a.textContent)")
    tab.locator("h1").click()  # start the tab order at the page's heading
    reached, off_screen = [], []
    for _ in range(80):
        tab.keyboard.press("Tab")
        focused = tab.evaluate("""() => {
            const el = document.activeElement, r = el.getBoundingClientRect();
            // what a finger would touch at the link's centre: the link itself, not a clip or cover
            const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
            return {inApp: !!el.closest('#compare-app'), tag: el.tagName,
                    touchable: el.tagName !== 'A' || (hit !== null && el.contains(hit)),
                    name: el.tagName === 'A' ? el.href + ' ' + el.textContent : el.className,
                    box: [r.left, r.top, r.right, r.bottom]};
        }""")
        if not focused["inApp"]:
            if reached:
                break
            continue
        left, top, right, bottom = focused["box"]
        # on the screen: across its whole width, and (the table's scroll region is taller than
        # a screen) in sight
        if not (left >= 0 and right <= 390 and top < 844 and bottom > 0 and right > left
                and focused["touchable"]):
            off_screen.append(focused)
        if focused["tag"] == "A":
            reached.append(focused["name"])
    assert off_screen == []
    assert reached == expected


def test_keyboard_only_on_a_desktop_from_the_comparison_to_a_member(page, subpath_site,
                                                                 subpath_build):
    members = _records(subpath_build)
    _open(page, subpath_site)
    page.locator("h1").click()
    names = []
    for _ in range(20):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent"))
        if names[-1] == members[0]["name"]:
            break
    assert "Contact these providers" in names  # the one e-mail comes before the table
    assert names[-1] == members[0]["name"]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/providers/" + IDS[0] + r"/$"))
    assert page.locator("h1").inner_text() == members[0]["name"]
    assert page.problems == []


def test_without_javascript_the_page_points_to_the_members_and_the_data(tabs, subpath_site):
    tab = tabs(java_script_enabled=False, **PHONE)
    tab.goto(subpath_site + "/compare/?ids=" + ",".join(IDS))
    app = tab.locator("#compare-app")
    assert "needs JavaScript" in app.inner_text()
    assert [a.get_attribute("href") for a in app.get_by_role("link").all()] == [
        "/directory/providers/", "/directory/providers.csv"]

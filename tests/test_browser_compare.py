"""Compare members in headless Chromium: tick cards, follow the tray, share the URL."""

import re
from urllib.parse import urlsplit

import pytest


pytestmark = pytest.mark.browser


def _tick(page, slug):
    page.locator(f"input[data-compare-slug='{slug}']").check()


def test_tick_members_in_the_directory_and_compare_them(page, subpath_site):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(subpath_site + "/providers/")
    box = page.get_by_role("checkbox", name="Compare Fjordlys Drift AS")
    assert box.is_visible()
    tray = page.locator(".compare-tray")
    assert tray.count() == 0 or not tray.is_visible()
    box.check()
    assert tray.is_visible()
    assert "Pick at least 2" in tray.inner_text()
    assert page.get_by_role("button", name="Compare (1)").is_disabled()
    _tick(page, "sakura-it")
    go = page.get_by_role("button", name="Compare (2)")
    assert go.is_enabled()
    assert go.get_attribute("data-href") == "/directory/compare/?ids=fjordlys-drift,sakura-it"
    # no anchor without an address anywhere on the page (every link is crawlable)
    assert page.locator("a:not([href])").count() == 0
    # the tray follows the main content in the tab order, before the footer
    assert page.evaluate("""() => {
      const tray = document.querySelector('.compare-tray'), footer = document.querySelector('footer');
      return tray.closest('main') !== null &&
        !!(tray.compareDocumentPosition(footer) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    # the selection survives navigation (localStorage) and shows on other listings
    page.goto(subpath_site + "/providers/countries/no/")
    assert page.locator("input[data-compare-slug='fjordlys-drift']").is_checked()
    go = page.get_by_role("button", name="Compare (2)")
    go.click()
    page.wait_for_url(re.compile(r".*/directory/compare/\?ids=fjordlys-drift,sakura-it$"))
    table = page.locator("table.compare__table")
    table.wait_for()
    headers = table.locator("thead th").all_inner_texts()
    assert [h.replace(" Verify", "") for h in headers] == ["Fjordlys Drift AS", "さくら IT サービス株式会社"]
    rows = table.locator("tbody th").all_text_contents()
    # a row per service either member offers, in the vocabulary's order, between two groups
    offered = rows[rows.index("Services") + 1:rows.index("Company")]
    assert rows[:2] == ["Status", "Services"] and len(offered) >= 2
    assert rows[rows.index("Company"):] == ["Company", "Headquarters", "Serves", "Languages",
                                            "Industries", "Certifications", "Member since",
                                            "Company size", "Contact", "Website", "Contact"]
    labels = table.locator("tr.compare__service").evaluate_all(
        "rows => rows.map(r => r.querySelector('th').textContent)")
    assert labels == offered and "Managed IT support" in offered
    text = table.inner_text()
    assert "12 March 2014" in text and "11-50 employees" in text
    assert "2014-03-12" not in text  # dates written out; ISO only in datetime attributes
    assert table.locator("time[datetime='2014-03-12']").count() == 1
    assert "Unified Certification Standard" in text and "Active" in text
    assert "Valid until 1 June 2028" in text
    assert "needs JavaScript" not in page.content()
    assert page.problems == []
    assert {urlsplit(url).netloc for url in requests} == {urlsplit(subpath_site).netloc}


def test_a_shared_url_works_in_a_fresh_browser(browser, subpath_site):
    context = browser.new_context()
    tab = context.new_page()
    errors = []
    tab.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    tab.goto(subpath_site + "/compare/?ids=prairie-signal,fjordlys-drift,nordkapp-nett")
    table = tab.locator("table.compare__table")
    table.wait_for()
    assert table.locator("thead th").count() == 3
    statuses = table.locator("tbody tr").first.locator(".status").all_inner_texts()
    assert statuses == ["Expired", "Active", "Expiring soon"]
    assert tab.get_by_role("link", name="Verify Prairie Signal Networks Inc.").get_attribute(
        "href") == "/directory/verify/prairie-signal/"
    context.close()
    assert errors == []


@pytest.mark.parametrize("query,expected", [
    ("?ids=fjordlys-drift", "Choose between 2 and 4 members"),
    ("?ids=a,b,c,d,e", "Choose between 2 and 4 members"),
    ("", "Choose between 2 and 4 members"),
    ("?ids=fjordlys-drift,no-such-member", "No member has the address no-such-member"),
    ("?ids=fjordlys-drift,%3Cscript%3E", "some of them not valid"),
])
def test_bad_selections_explain_themselves(page, subpath_site, query, expected):
    page.goto(subpath_site + "/compare/" + query)
    message = page.locator(".compare__message")
    message.wait_for()
    assert expected in message.inner_text()
    assert message.get_by_role("link", name="Browse the directory").get_attribute(
        "href") == "/directory/providers/"
    assert page.locator("table").count() == 0
    assert page.problems == []


def test_at_most_four_and_clear(page, subpath_site):
    page.goto(subpath_site + "/providers/")
    slugs = page.locator("input[data-compare-slug]").evaluate_all(
        "boxes => boxes.slice(0, 5).map(b => b.dataset.compareSlug)")
    for slug in slugs[:4]:
        _tick(page, slug)
    fifth = page.locator(f"input[data-compare-slug='{slugs[4]}']")
    fifth.click()
    assert not fifth.is_checked()
    assert "up to 4" in page.locator(".compare-tray__status").inner_text()
    assert page.evaluate("JSON.parse(localStorage.getItem('msp-compare'))") == slugs[:4]
    page.get_by_role("button", name="Clear").click()
    assert page.evaluate("JSON.parse(localStorage.getItem('msp-compare'))") == []
    assert page.locator("input[data-compare-slug]:checked").count() == 0
    assert not page.locator(".compare-tray").is_visible()
    assert page.problems == []


def test_cards_rendered_later_work_after_compare_refresh(page, subpath_site):
    """Search results render cards after load and dispatch `compare:refresh`."""
    page.goto(subpath_site + "/")
    page.evaluate("localStorage.setItem('msp-compare', JSON.stringify(['sakura-it']))")
    page.evaluate("""() => {
        const label = document.createElement('label');
        label.className = 'compare-pick';
        label.hidden = true;
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.dataset.compareSlug = 'sakura-it';
        box.setAttribute('aria-label', 'Compare late card');
        label.append(box, ' Compare');
        document.querySelector('main').append(label);
        document.dispatchEvent(new Event('compare:refresh'));
    }""")
    late = page.get_by_role("checkbox", name="Compare late card")
    assert late.is_visible() and late.is_checked()
    late.uncheck()
    assert page.evaluate("JSON.parse(localStorage.getItem('msp-compare'))") == []
    assert page.problems == []


def test_without_javascript(tabs, subpath_site):
    tab = tabs(java_script_enabled=False)
    tab.goto(subpath_site + "/compare/?ids=fjordlys-drift,sakura-it")
    assert "needs JavaScript" in tab.locator("#compare-app").inner_text()
    assert tab.get_by_role("link", name="the directory").first.get_attribute(
        "href") == "/directory/providers/"
    tab.goto(subpath_site + "/providers/")
    assert tab.locator("input[data-compare-slug]").first.is_hidden()


def test_verify_page_and_badge_in_the_browser(page, subpath_site):
    page.goto(subpath_site + "/providers/fjordlys-drift/")
    badge = page.locator("img.verify-box__badge")
    assert badge.evaluate("img => img.complete && img.naturalWidth > 0")
    page.get_by_role("link", name="Verify this membership").click()
    assert page.locator("h1").inner_text() == "Verify Fjordlys Drift AS"
    concern = page.get_by_role("link", name="Report a concern about Fjordlys Drift AS")
    assert concern.get_attribute("href") == "/directory/contact/?member=fjordlys-drift"
    assert page.problems == []

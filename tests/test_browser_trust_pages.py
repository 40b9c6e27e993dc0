"""Issue 15's trust pages in headless Chromium: on a phone (390 px, touch), at desktop, with the
keyboard only and with JavaScript off.

The site is the sample plus a member with a 117-character name and a pending member
(conftest.journey_build). Every page type must fit 390 px without sideways scrolling, every
target must be at least 24 x 24 px (WCAG 2.2, 2.5.8, with its inline and spacing exceptions),
tables must stay tables for assistive technology while they look like cards, and the compare
tray must never cover the focused element.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import LONG_NAME, LONG_SLUG, PENDING_SLUG, record_problems
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
COMPARE = f"/compare/?ids={LONG_SLUG},fjordlys-drift,nordkapp-nett"

# One page of every type, with the long name wherever a member's name is shown.
PAGE_TYPES = [
    "/",                                   # home
    "/providers/",                         # directory
    "/providers/newest/",
    "/providers/services/cybersecurity/",  # facets
    "/providers/countries/no/",
    f"/providers/{LONG_SLUG}/",            # profiles
    f"/providers/{PENDING_SLUG}/",
    "/providers/prairie-signal/",
    f"/verify/{LONG_SLUG}/",               # verify: active, expiring, expired, pending
    "/verify/nordkapp-nett/",
    "/verify/prairie-signal/",
    f"/verify/{PENDING_SLUG}/",
    COMPARE,
    "/search/?q=vestfold",
    "/search/",
    "/education/",
    "/articles/restore-tests-you-can-prove/",
    "/news/",
    "/news/1/",
    "/about/",
    "/certification/",                     # the signing keys table
    "/leadership/",
    "/media/",
    f"/contact/?member={LONG_SLUG}",
    "/404.html",
]
# Content put together in the browser: wait for it before measuring.
# Pages a script fills in: measured once it has (the search page lists the directory too)
RENDERED = {"/compare/": ".compare__table", "/search/": ".result"}


def _open(page, base, path):
    response = page.goto(base + path)
    assert response.status == 200, path
    for prefix, selector in RENDERED.items():
        if path.startswith(prefix):
            page.locator(selector).first.wait_for()
    return response


def _tab(tabs, **options):
    """A page as in a new context with `options` (conftest.tabs), recording console errors (CSP
    violations included) in `tab.problems`."""
    return record_problems(tabs(**options), failed_requests=False)


@pytest.fixture
def phone(tabs):
    """A 390 px wide touch screen page that records console errors."""
    return _tab(tabs, **PHONE)


@pytest.fixture
def phone_without_js(tabs):
    return tabs(java_script_enabled=False, **PHONE)


# -- no sideways scrolling at 390 px, with a 117-character name ---------------------------------

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  // the phone navigation row scrolls sideways by design (inside its own box, with a fade)
  const wide = [...document.querySelectorAll('main *, header *, footer *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !e.closest('.nav') && !e.closest('.visually-hidden')
      && !e.closest('thead');
  }).slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' right=' +
                      Math.round(e.getBoundingClientRect().right));
  return {scrollWidth: document.documentElement.scrollWidth, width, wide};
}"""


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_page_scrolls_sideways_on_a_phone(phone, journey_site, path):
    _open(phone, journey_site, path)
    found = phone.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["width"] == 390, found
    assert found["wide"] == [], found
    assert phone.problems == []


def test_the_long_name_wraps_inside_its_card_and_heading(phone, journey_site):
    _open(phone, journey_site, "/providers/")
    card = phone.locator(".card", has_text=LONG_NAME)
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    title = card.locator(".card__title a")
    assert title.inner_text() == LONG_NAME
    assert title.bounding_box()["height"] > 40  # it wrapped onto several lines
    _open(phone, journey_site, f"/providers/{LONG_SLUG}/")
    heading = phone.locator("h1")
    assert heading.inner_text() == LONG_NAME
    assert heading.bounding_box()["x"] + heading.bounding_box()["width"] <= 390


# -- touch targets of at least 24 x 24 px -------------------------------------------------------

TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, ' +
                   '[tabindex]:not([tabindex="-1"])';
  const targets = [...document.querySelectorAll(selector)].filter(e => {
    const r = e.getBoundingClientRect(), style = getComputedStyle(e);
    // (checkVisibility: the content of a closed <details> keeps a layout box but is not shown)
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && !e.closest('[hidden]') &&
      e.checkVisibility();
  });
  const rects = targets.map(e => e.getBoundingClientRect());
  const small = (r) => r.width < 24 || r.height < 24;
  const centre = (r) => [r.left + r.width / 2, r.top + r.height / 2];
  const distance = ([x, y], r) => Math.hypot(Math.max(r.left - x, 0, x - r.right),
                                             Math.max(r.top - y, 0, y - r.bottom));
  // WCAG 2.5.8's inline exception: a link inside a sentence, sized by the line it sits in
  const inSentence = (e) => getComputedStyle(e).display === 'inline' &&
    e.parentElement.textContent.replace(e.textContent, '').trim().length > 0;
  const bad = [];
  targets.forEach((e, i) => {
    const r = rects[i];
    if (!small(r) || inSentence(e)) return;
    // the spacing exception: a 24 px circle on its centre meets no other target nor circle
    const c = centre(r);
    const clash = targets.some((other, j) => j !== i && !other.contains(e) && !e.contains(other) &&
      (distance(c, rects[j]) < 12 ||
       (small(rects[j]) && Math.hypot(c[0] - centre(rects[j])[0], c[1] - centre(rects[j])[1]) < 24)));
    if (clash) bad.push(e.tagName.toLowerCase() + ' "' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40) +
                        '" ' + Math.round(r.width) + 'x' + Math.round(r.height));
  });
  return bad;
}"""


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_touch_targets_are_at_least_24_px(phone, journey_site, path):
    _open(phone, journey_site, path)
    assert phone.evaluate(TARGETS) == []


def test_compare_checkboxes_are_24_px_and_tappable(phone, journey_site):
    _open(phone, journey_site, "/search/?q=drift")
    sizes = phone.locator("input[data-compare-slug]").evaluate_all(
        "boxes => boxes.filter(b => b.offsetParent).map(b => [b.offsetWidth, b.offsetHeight])")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes), sizes
    _open(phone, journey_site, "/providers/")
    box = phone.get_by_role("checkbox", name="Compare Fjordlys Drift AS")
    size = box.bounding_box()
    assert size["width"] >= 24 and size["height"] >= 24
    box.tap()
    assert box.is_checked()
    phone.get_by_role("checkbox", name=f"Compare {LONG_NAME}").tap()
    go = phone.get_by_role("button", name="Compare (2)")
    go.tap()
    phone.wait_for_url(re.compile(r".*/compare/\?ids=fjordlys-drift," + LONG_SLUG + "$"))
    phone.locator(".compare__table").wait_for()
    assert phone.evaluate(OVERFLOW)["scrollWidth"] <= 390
    assert phone.problems == []


# -- tables that are cards on a phone, and tables for assistive technology -----------------------

CELLS = """table => [...table.querySelectorAll('td[data-label]')].map(td => {
  const r = td.getBoundingClientRect();
  return {label: td.dataset.label, shown: getComputedStyle(td, '::before').content,
          text: td.innerText.trim(), left: r.left, right: r.right, width: r.width,
          display: getComputedStyle(td).display};
})"""


def _ax_roles(page):
    """(role, name) of every node in Chromium's accessibility tree."""
    session = page.context.new_cdp_session(page)
    tree = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return [(node.get("role", {}).get("value"), node.get("name", {}).get("value", ""))
            for node in tree]


@pytest.mark.parametrize("slug", [LONG_SLUG, "nordkapp-nett", "prairie-signal", PENDING_SLUG])
def test_audit_records_are_cards_on_a_phone_and_a_table_to_screen_readers(phone, journey_site,
                                                                          slug):
    _open(phone, journey_site, f"/verify/{slug}/")
    table = phone.locator("table.records").first
    cells = table.evaluate(CELLS)
    labels = ["Standard", "Program", "Issued", "Expires", "Report", "Auditor", "Status"]
    assert [c["label"] for c in cells][:7] == labels
    for cell in cells:
        # every field is shown, under its column's name, inside the screen
        assert cell["display"] == "block" and cell["shown"] == f'"{cell["label"]}"', cell
        assert cell["text"] and cell["width"] > 100, cell
        assert cell["left"] >= 0 and cell["right"] <= 390, cell
    # the report number, auditor and status of the first record are on screen when scrolled to
    report = table.locator("td[data-label='Report']").first
    report.scroll_into_view_if_needed()
    assert report.is_visible() and re.search(r"UCS-\d{4}-\d{4}", report.inner_text())
    roles = _ax_roles(phone)
    assert ("table", "") in roles or any(role == "table" for role, _ in roles)
    assert ("columnheader", "Report") in roles and ("columnheader", "Auditor") in roles
    assert sum(role == "cell" for role, _ in roles) >= 7


def test_audit_records_are_a_plain_table_at_desktop(page, journey_site):
    _open(page, journey_site, "/verify/nordkapp-nett/")
    cells = page.locator("table.records").first.evaluate(CELLS)
    assert {cell["display"] for cell in cells} == {"table-cell"}
    assert {cell["shown"] for cell in cells} == {"none"}
    assert page.locator("table.records thead").is_visible()


def test_signing_keys_are_cards_on_a_phone(phone, journey_site):
    _open(phone, journey_site, "/certification/")
    cells = phone.locator("#signing-keys table").evaluate(CELLS)
    assert cells and {c["display"] for c in cells} == {"block"}
    assert all(c["right"] <= 390 and c["shown"] == f'"{c["label"]}"' for c in cells)
    assert {c["label"] for c in cells} >= {"Key", "Status", "Fingerprint (SHA-256)"}


def test_audit_records_are_cards_without_javascript(phone_without_js, journey_site):
    tab = phone_without_js
    tab.goto(journey_site + f"/verify/{LONG_SLUG}/")
    cells = tab.locator("table.records").first.evaluate(CELLS)
    assert cells and all(c["display"] == "block" and c["right"] <= 390 for c in cells)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390


# -- the comparison: a grid of ticks per service -------------------------------------------------

GRID = """table => [...table.querySelectorAll('tr.compare__service')].map(tr => ({
  service: tr.querySelector('th').textContent,
  cells: [...tr.querySelectorAll('td')].map(td => ({
    member: td.dataset.label, mark: td.querySelector('[aria-hidden]').textContent,
    words: td.querySelector('.visually-hidden').textContent}))
}))"""


def _member_services(page, base, slugs):
    data = page.request.get(base + "/api/providers.json").json()
    by_slug = {p["slug"]: p for p in data["providers"]}
    return [(by_slug[s]["name"], {service["id"] for service in by_slug[s]["services"]})
            for s in slugs]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_compare_is_a_grid_of_ticks_per_service_in_one_order(tabs, journey_site, device):
    tab = _tab(tabs, **(PHONE if device == "phone" else {}))
    tab.goto(journey_site + COMPARE)
    table = tab.locator(".compare__table")
    table.wait_for()
    order = tab.locator("#compare-app").evaluate(
        "app => JSON.parse(app.dataset.serviceOrder)")
    members = _member_services(tab, journey_site, [LONG_SLUG, "fjordlys-drift", "nordkapp-nett"])
    labels = {s["id"]: s["label"] for s in tab.request.get(
        journey_site + "/api/providers.json").json()["providers"][0]["services"]}
    grid = table.evaluate(GRID)
    offered = [sid for sid in order if any(sid in ids for _, ids in members)]
    assert len(grid) == len(offered) >= 3
    for row, sid in zip(grid, offered):
        if sid in labels:
            assert row["service"] == labels[sid]
        # the same member order in every row, a tick exactly where the member offers it
        assert [cell["member"] for cell in row["cells"]] == [name for name, _ in members]
        for cell, (_, ids) in zip(row["cells"], members):
            assert (cell["mark"], cell["words"]) == (
                ("\u2713", "Offered") if sid in ids else ("\u2013", "Not offered"))
    text = table.inner_text()
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "dates are written out"
    assert "Statuses as of 29 November 2026" in text
    if device == "phone":
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        cells = table.evaluate(CELLS)
        assert all(c["display"] in ("block", "flex") and c["right"] <= 390 for c in cells)
        assert {c["shown"] for c in cells} == {f'"{name}"' for name, _ in members}
    assert tab.problems == []


def test_compare_without_javascript_does_not_ask_for_ticks(tabs, journey_site):
    tab = tabs(java_script_enabled=False)
    tab.goto(journey_site + COMPARE)
    assert tab.locator(".compare__nojs").is_visible()
    assert not tab.locator(".compare__help").is_visible()


# -- the compare tray and the keyboard ----------------------------------------------------------

COVERED = """() => {
  const tray = document.querySelector('.compare-tray');
  const focused = document.activeElement;
  if (!tray || tray.hidden || tray.contains(focused) || focused === document.body) return null;
  const t = tray.getBoundingClientRect(), r = focused.getBoundingClientRect();
  return {covered: r.bottom > t.top + 1 && r.top < t.bottom - 1,
          what: focused.tagName + ' ' + (focused.textContent || '').trim().slice(0, 30)};
}"""


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_keyboard_only_compare_tray_never_covers_the_focus(tabs, journey_site, device):
    tab = _tab(tabs, **(PHONE if device == "phone" else
                           {"viewport": {"width": 1024, "height": 640}}))
    tab.goto(journey_site + "/providers/")
    ticked, presses = 0, 0
    while ticked < 2:  # tick the first two members, by keyboard alone
        tab.keyboard.press("Tab")
        presses += 1
        assert presses < 120  # the sort links, the folded filters and the facet lists come first
        if tab.evaluate("document.activeElement.matches('input[data-compare-slug]')"):
            tab.keyboard.press("Space")
            ticked += 1
    assert tab.locator(".compare-tray").is_visible()
    # the comparison is one Tab away from the box just ticked...
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent") == "Open the comparison of 2"
    assert not tab.evaluate(COVERED)["covered"]
    # ...and Tab goes on to the tray: no focused element on the way ever hides under it
    on_the_way = 0
    while not tab.evaluate("document.activeElement.matches('.compare-tray__go')"):
        tab.keyboard.press("Tab")
        on_the_way += 1
        assert on_the_way < 150, "the tray is not reachable by Tab before the footer"
        found = tab.evaluate(COVERED)
        if found is not None:
            assert not found["covered"], found
    assert tab.evaluate("""() => !!(document.querySelector('.compare-tray')
        .compareDocumentPosition(document.querySelector('footer')) & Node.DOCUMENT_POSITION_FOLLOWING)""")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r".*/compare/\?ids=[a-z0-9-]+,[a-z0-9-]+$"))
    tab.locator(".compare__table").wait_for()
    assert tab.problems == []
    # back in the listing, the button beside a box follows the selection
    tab.go_back()
    tab.locator("input[data-compare-slug]:checked").first.wait_for()
    first = tab.locator("input[data-compare-slug]:checked").first
    first.focus()
    tab.keyboard.press("Space")  # untick: one left, no button
    assert tab.locator(".compare-next").count() == 0
    tab.keyboard.press("Space")  # tick again: two, the button is back beside it
    assert tab.locator(".compare-next").inner_text() == "Open the comparison of 2"
    tab.get_by_role("button", name="Clear").click()
    assert tab.locator(".compare-next").count() == 0


# -- profile: contact action, pending banner ----------------------------------------------------

@pytest.mark.parametrize("javascript", [True, False])
def test_contact_this_provider_near_the_top_of_a_profile(tabs, journey_site, javascript):
    tab = _tab(tabs, java_script_enabled=javascript, **PHONE)
    tab.goto(journey_site + "/providers/fjordlys-drift/")
    action = tab.get_by_role("link", name="Contact this provider")
    assert action.bounding_box()["y"] < 844  # on the first screen of a phone
    action.tap()
    assert tab.url.endswith("/providers/fjordlys-drift/#contact")
    section = tab.locator("#contact")
    assert section.get_by_role("heading").inner_text() == "Contact Fjordlys Drift AS"
    box = section.bounding_box()
    assert -1 <= box["y"] < 844  # scrolled to
    assert section.get_by_role("link", name=re.compile("@")).count() == 1  # the e-mail address
    assert tab.problems == []


def test_contact_this_provider_by_keyboard(page, journey_site):
    page.goto(journey_site + f"/providers/{LONG_SLUG}/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim() === 'Contact this provider'"):
            break
    else:
        pytest.fail("'Contact this provider' is not reachable by Tab")
    page.keyboard.press("Enter")
    # (Playwright learns of the same-page navigation by an event: waited for, not read at once)
    page.wait_for_url(re.compile(r".*#contact$"))
    # the next Tab continues from the contact details
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#contact') !== null")


def test_pending_banner_states_when_certification_takes_effect(journey_build):
    html = journey_build.page(f"providers/{PENDING_SLUG}/index.html")
    notice = re.search(r'<div class="notice notice--pending"[^>]*>(.*?)</div>', html, re.S)[1]
    assert 'takes effect on <time datetime="2026-12-20">20 December 2026</time>' in notice
    verify = journey_build.page(f"verify/{PENDING_SLUG}/index.html")
    assert 'takes effect on <time datetime="2026-12-20">20 December 2026</time>' in verify
    # a pending member is not called verified in the banner
    assert "Not yet verified." in notice


# -- the contact page names the member ----------------------------------------------------------

@pytest.mark.parametrize("way", ["click", "tap", "keyboard"])
def test_report_a_concern_names_the_member_on_the_contact_page(tabs, journey_site, way):
    page = _tab(tabs, **(PHONE if way == "tap" else {}))
    page.goto(journey_site + f"/verify/{LONG_SLUG}/")
    link = page.get_by_role("link", name=f"Report a concern about {LONG_NAME}")
    if way == "keyboard":
        for _ in range(80):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.startsWith('Report a concern')"):
                break
        page.keyboard.press("Enter")
    else:
        getattr(link, way)()
    heading = page.locator("main h1")
    heading.filter(has_text=LONG_NAME).wait_for()
    assert heading.inner_text() == f"Contact the association about {LONG_NAME}"
    assert LONG_NAME in page.title()
    mailto = page.locator("a.contact-mailto").first
    query = parse_qs(urlsplit(mailto.get_attribute("href")).query)
    assert query["subject"] == [f"Concern about {LONG_NAME} ({LONG_SLUG})"]
    assert page.problems == []


def test_a_crafted_member_address_puts_no_words_in_the_heading(page, journey_site):
    page.goto(journey_site + "/contact/?member=no-such-member")
    # contact.js has asked for the member's record and given up: the slug is in the subject
    # (expect polls through the browser's protocol: the page's CSP forbids evaluating strings)
    expect(page.locator("a.contact-mailto").first).to_have_attribute(
        "href", re.compile("no-such-member"))
    assert page.locator("main h1").inner_text() == "Contact the association"
    # the slug is still named in the subject, as a slug
    href = page.locator("a.contact-mailto").first.get_attribute("href")
    assert parse_qs(urlsplit(href).query)["subject"] == ["Concern about member no-such-member"]


def test_without_javascript_the_verify_page_offers_an_email_naming_the_member(
        phone_without_js, journey_site):
    tab = phone_without_js
    tab.goto(journey_site + f"/verify/{LONG_SLUG}/")
    link = tab.locator("a.concern-mailto")
    href = link.get_attribute("href")
    assert href.startswith("mailto:office@msp-directory.example?")
    assert parse_qs(urlsplit(href).query)["subject"] == [f"Concern about {LONG_NAME} ({LONG_SLUG})"]
    assert LONG_NAME in link.inner_text()


# -- one date format wherever visitors read dates ----------------------------------------------

class _VisibleText(HTMLParser):
    """The text a visitor reads: not code, not scripts, not form fields' contents."""

    SKIP = {"script", "style", "code", "pre", "textarea"}

    def __init__(self):
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.SKIP

    def handle_endtag(self, tag):
        self.depth -= tag in self.SKIP

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def test_no_page_shows_an_iso_date_to_visitors(journey_build):
    iso = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
    found = []
    for path in journey_build.pages():
        reader = _VisibleText()
        reader.feed(path.read_text(encoding="utf-8"))
        text = " ".join(reader.parts)
        found += [f"{path.relative_to(journey_build.path)}: {m}" for m in iso.findall(text)]
    assert found == []
    # ...and ISO stays in the machine-readable places
    verify = journey_build.page("verify/nordkapp-nett/index.html")
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [A-Z][a-z]+ \d{4}</time>', verify)


@pytest.mark.parametrize("width", [640, 768, 1024])  # 640: a 1280 px desktop at 200% zoom
@pytest.mark.parametrize("path", [f"/verify/{LONG_SLUG}/", "/certification/",
                                  f"/compare/?ids={LONG_SLUG},fjordlys-drift,nordkapp-nett,sakura-it"])
def test_wider_screens_and_zoom_never_scroll_the_page_sideways(tabs, journey_site, width, path):
    tab = _tab(tabs, viewport={"width": width, "height": 800})
    _open(tab, journey_site, path)
    # a table too wide for its column scrolls inside its own labelled region, never the page
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    if width == 640:
        cells = tab.locator("table.records").first.evaluate(CELLS)
        assert cells and {c["display"] for c in cells} <= {"block", "flex"}
    assert tab.problems == []

"""Statuses re-checked in the browser: with the visitor's clock past an expiry, or inside the
expiring window, no page or card shows the status the build computed as if it were still true."""

import datetime
import json
import shutil

import pytest

from conftest import SAMPLE_PROVIDERS, run_pelican, variant, write_profile
from htmlcheck import parse_html, text_of
from member_profiles.status import RULES, certification_status

pytestmark = pytest.mark.browser

BUILT = "2026-11-28"
D = datetime.date.fromisoformat


def _dates(issued, expires):
    return {"issued: 2025-01-10": f"issued: {issued}", "expires: 2028-01-09": f"expires: {expires}"}


@pytest.fixture(scope="module")
def status_site(tmp_path_factory, serve):
    """Built on 28 November 2026: `soon` is expiring (3 December 2026), `steady` is active until
    1 March 2027, so its 60-day window opens on 31 December 2026."""
    folder = tmp_path_factory.mktemp("status") / "providers"
    (folder / "logos").mkdir(parents=True)
    shutil.copy(SAMPLE_PROVIDERS / "schema.json", folder / "schema.json")
    write_profile(folder, "soon", variant("soon", "Soon Lapsed AS",
                                          **_dates("2024-12-04", "2026-12-03")))
    write_profile(folder, "steady", variant("steady", "Steady Drift AS",
                                            **_dates("2025-03-02", "2027-03-01")))
    build = run_pelican(tmp_path_factory.mktemp("status-out") / "output",
                        PROVIDERS_PATH=str(folder), BUILD_DATE=BUILT)
    assert build.returncode == 0, build.output
    return build, serve(build.path)


@pytest.fixture
def page(fresh_page):
    """Each test sets the page's clock (`at`), which no reset undoes: a context of its own."""
    return fresh_page


def at(page, day):
    """The visitor's clock at noon, local time, on `day`."""
    page.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{day}T12:00:00"))


PAGES = ["/providers/soon/", "/verify/soon/", "/providers/", "/compare/?ids=soon,steady",
         "/search/?q=lapsed"]


def _badges(page, selector=".status[data-records]"):
    page.locator(selector).first.wait_for()
    return page.locator(selector)


@pytest.mark.parametrize("path", PAGES)
def test_past_an_expiry_no_page_calls_the_member_active(page, status_site, path):
    build, site = status_site
    at(page, "2026-12-10")
    page.goto(site + path)
    badges = _badges(page, ".status[data-records][data-status-now]")
    if "search" in path:
        page.locator(".result .status[data-status-now]").first.wait_for()
    soon = page.locator(".status[data-status-now='expired']")
    assert soon.count() >= 1
    texts = page.locator("main").inner_text()
    assert "Expired on 3 December 2026; this page was built on 28 November 2026." in texts
    # Every badge was re-checked, and none of the soon-lapsed member's says Active or Expiring.
    for i in range(badges.count()):
        badge = badges.nth(i)
        records = badge.get_attribute("data-records")
        if "2026-12-03" in records:
            assert badge.inner_text() == "Expired", (path, records)
    assert page.problems == []


def test_the_verify_page_withdraws_its_build_day_claim(page, status_site):
    build, site = status_site
    at(page, "2026-12-10")
    page.goto(site + "/verify/soon/")
    page.locator(".status[data-status-member][data-status-now='expired']").wait_for()
    assert page.locator("article.verify").get_attribute("data-status") == "expired"
    verdict = page.locator("section.verify__verdict")
    assert "verify__verdict--expired" in verdict.get_attribute("class").split()
    assert "verify__verdict--expiring" not in verdict.get_attribute("class").split()
    claim = page.locator("[data-status-claim]")
    assert claim.count() == 1 and not claim.is_visible()
    assert "is a verified member" not in page.locator("main").inner_text()
    assert "Active" not in page.locator(".verify__verdict").inner_text()


def test_inside_the_expiring_window_an_active_member_says_so(page, status_site):
    build, site = status_site
    at(page, "2027-01-15")
    for path in ("/providers/steady/", "/verify/steady/", "/providers/"):
        page.goto(site + path)
        page.locator(".status[data-records][data-status-now]").first.wait_for()
        steady = page.locator(".status[data-records*='2027-03-01']")
        for i in range(steady.count()):
            assert steady.nth(i).inner_text() == "Expiring soon", path
        assert ("Expires on 1 March 2027, within the 60-day renewal window; this page was built "
                "on 28 November 2026.") in page.locator("main").inner_text()
    # Past the end of the window the record has lapsed: expired, never active.
    at(page, "2027-03-02")
    page.goto(site + "/providers/steady/")
    page.locator(".status[data-status-member][data-status-now]").wait_for()
    assert page.locator(".status[data-status-member]").inner_text() == "Expired"
    assert "Expired on 1 March 2027" in page.locator("main").inner_text()
    assert page.problems == []


def test_on_the_build_date_nothing_changes(page, status_site):
    build, site = status_site
    at(page, BUILT)
    page.goto(site + "/verify/soon/")
    page.locator(".status[data-status-member][data-status-now='expiring']").wait_for()
    assert page.locator(".status-recheck").count() == 0
    assert page.locator("[data-status-claim]").is_visible()


def test_without_javascript_every_page_states_its_status_date(status_site):
    build, _ = status_site
    for path in build.pages():
        footer = parse_html(path.read_text(encoding="utf-8")).find(".//footer")
        assert "Certification statuses are as of 28 November 2026" in text_of(footer), path
        tree = parse_html(path.read_text(encoding="utf-8"))
        # the search page gives status.js its rules from #search-app (loaded after the results)
        script = tree.find(".//script[@id='status-script']")
        if script is None:
            script = tree.find(".//*[@id='search-app']")
        assert json.loads(script.get("data-status-rules"))["built"] == BUILT, path


def test_the_browser_and_the_build_share_one_rules_table(page, status_site):
    """The table the build publishes is status_rules.json; the script's answers equal the
    Python rules' on every day around the edges of one record."""
    build, site = status_site
    published = json.loads(parse_html(build.page("verify/soon/index.html"))
                           .find(".//script[@id='status-script']").get("data-status-rules"))
    assert {key: published[key] for key in RULES if key in published} == {
        key: RULES[key] for key in published if key in RULES}
    assert published["expiring_days"] == 60 and published["built"] == BUILT
    page.goto(site + "/verify/soon/")
    page.wait_for_function("window.MspStatus !== undefined")
    issued, expires = D("2026-01-31"), D("2026-12-03")
    days = [issued + datetime.timedelta(days=n) for n in range(-3, 320, 1)]
    expected = [certification_status(issued, expires, day, 60) for day in days]
    got = page.evaluate("([issued, expires, days]) => days.map("
                        "(day) => window.MspStatus.record(issued, expires, day))",
                        [issued.isoformat(), expires.isoformat(), [d.isoformat() for d in days]])
    assert got == expected
    assert set(expected) == {"pending", "active", "expiring", "expired"}

"""The first search result's budget (issue 26), in headless Chromium on the sample site: what the
search page leaves until its first results are drawn (compare.js, the display data of the results
after the first screen) still arrives, and works, right after."""

import json

import pytest

from search_site import build_search_site, member_slugs, wait_for_results

pytestmark = pytest.mark.browser

# Before any script runs: when the first result link appears, and when compare.js is fetched.
WATCH = """
window.budget = { firstResult: null, compare: null };
new MutationObserver(() => {
  if (budget.firstResult === null && document.querySelector('.result__link')) {
    budget.firstResult = performance.now();
  }
}).observe(document, { subtree: true, childList: true });
new PerformanceObserver((list) => list.getEntries().forEach((entry) => {
  if (/\\/compare\\.[0-9a-f]+\\.js$/.test(entry.name)) { budget.compare = entry.startTime; }
})).observe({ type: 'resource', buffered: true });
"""

# Starts a search worker as search.js does and sends one query with a first screen of `first`
# results; returns the first message and the one that follows 'rest'.
FIRST_SCREEN = """
async ([query, first]) => {
  const data = document.querySelector('form.site-search').dataset;
  const absolute = (url) => new URL(url, document.baseURI).href;
  const worker = new Worker(absolute(data.searchWorker));
  const messages = [];
  const done = new Promise((resolve) => {
    worker.onmessage = (event) => {
      messages.push(event.data);
      if (event.data.type !== 'results' || event.data.complete) { resolve(); }
      else { worker.postMessage({ type: 'rest', id: event.data.id }); }
    };
  });
  worker.postMessage({ type: 'init', lunr: absolute(data.searchLunr),
    text: absolute(data.searchText), more: absolute(data.searchMore),
    index: absolute(data.searchIndex) });
  worker.postMessage({ type: 'search', id: 1, q: query, filters: {}, limits: {},
    firstScreen: first });
  await done;
  worker.terminate();
  return messages;
}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, serve):
    built = build_search_site(tmp_path_factory.mktemp("budget-site"), SITEURL="/directory")
    return serve(built.path, "/directory")


def test_compare_script_is_fetched_after_the_first_results_and_its_boxes_work(page, site):
    page.add_init_script(WATCH)
    page.goto(site + "/search/?q=backup")
    wait_for_results(page)
    page.wait_for_function("() => budget.compare !== null")
    timing = page.evaluate("budget")
    assert timing["firstResult"] is not None and timing["compare"] > timing["firstResult"], timing
    # the page head does not load it: only search.js, from the data attributes of #search-app
    assert page.locator("head script[src*='/compare.']").count() == 1
    assert page.locator("#search-results[data-compare-pending]").count() == 0
    slug = member_slugs(page)[0]
    box = page.locator(f"input[data-compare-slug='{slug}']")
    box.check()
    assert page.evaluate("JSON.parse(localStorage.getItem('msp-compare'))") == [slug]
    assert page.locator(".compare-tray").is_visible()
    assert page.problems == []


def test_the_boxes_are_invisible_until_compare_js_has_loaded(page, site):
    # compare.js held back: the results are drawn, their Compare boxes keep their place unseen
    page.route("**/compare.*.js", lambda route: None)
    page.goto(site + "/search/?q=backup")
    wait_for_results(page)
    label = page.locator(".result--member .result__compare").first
    assert label.evaluate("l => getComputedStyle(l).visibility") == "hidden"
    assert label.bounding_box()["width"] > 0  # laid out: nothing moves when it appears
    assert not label.is_visible()


def test_the_first_message_holds_the_first_screen_in_the_order_shown(page, site):
    page.goto(site + "/search/")
    messages = page.evaluate(FIRST_SCREEN, ["managed", 3])
    first, complete = messages  # one answer: not a second one for a query sent with init
    assert not first["complete"] and complete["complete"], json.dumps(messages)[:400]
    assert sum(len(group["items"]) for group in first["groups"]) == 3
    assert all(group["items"] for group in first["groups"])
    # the first message's results are the first of the complete answer, in the same order
    shown = [(group["type"], item["url"]) for group in complete["groups"] for item in group["items"]]
    early = [(group["type"], item["url"]) for group in first["groups"] for item in group["items"]]
    assert early == shown[:3]
    assert len(complete["groups"]) > len(first["groups"]) or len(shown) > 3
    assert first["total"] == complete["total"]
    assert page.problems == []


def test_status_script_is_fetched_after_the_first_results_and_rechecks_them(page, site):
    """status.js waits for the first results too: its badges keep their place unseen until it has
    loaded, then each result's status is re-checked (data-status-now) and shown."""
    page.route("**/status.*.js", lambda route: None)  # held back
    page.goto(site + "/search/?q=backup")
    wait_for_results(page)
    assert page.locator("head script[src*='/status.']").count() == 1  # search.js added it
    assert page.locator("#search-results[data-status-pending]").count() == 1
    assert page.locator(".result .status").first.evaluate(
        "(el) => getComputedStyle(el).visibility") == "hidden"
    page.unroute("**/status.*.js")
    page.goto(site + "/search/?q=backup")
    wait_for_results(page)
    page.wait_for_function("() => !document.querySelector('#search-results[data-status-pending]')")
    badge = page.locator(".result .status[data-records]").first
    badge.wait_for()
    page.wait_for_function(
        "() => document.querySelector('.result .status[data-records]').hasAttribute('data-status-now')")
    assert badge.evaluate("(el) => getComputedStyle(el).visibility") == "visible"

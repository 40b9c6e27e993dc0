"""Helpers for the search tests: the sample site plus one article and one page, built once; and
the search page driven in a browser (also on the generated site of the scale tests)."""

import re
import shutil

from conftest import SAMPLE_CONTENT, run_pelican

ARTICLE = """\
Title: Five questions before you sign a support contract
Date: 2026-05-04
Slug: five-questions
Authors: Marcus Adeyemi
Category: Operations
Tags: contracts
Summary: What to ask a managed service provider about response times, backups and audits.

Ask how quickly a technician answers at night, who restores your files after a ransomware
attack, and when the last **backup restore test** happened. A certified member publishes its
audit report number, so you can check the certification yourself.
"""

PAGE = """\
Title: Search test page
Slug: search-test-page
Summary: A page added by the search tests.

The association audits its members every year against a published standard. Members sign a
code of ethics and keep their certification in force to stay listed.
"""


def copy_content(folder):
    """A copy of content/ in `folder`/content with ARTICLE and PAGE added; returns its path."""
    content = folder / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "articles").mkdir(exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    (content / "articles" / "five-questions.md").write_text(ARTICLE, encoding="utf-8")
    (content / "pages" / "search-test-page.md").write_text(PAGE, encoding="utf-8")
    return content


def build_search_site(folder, **overrides):
    """Build copy_content(folder) into `folder`/output with the pelican command."""
    content = copy_content(folder)
    build = run_pelican(folder / "output", PATH=str(content), **overrides)
    assert build.returncode == 0, build.output
    return build


def search(page, site, query, **filters):
    """Open the search page with a query typed into its box; wait for the result count."""
    page.goto(site + "/search/")
    for name, value in filters.items():
        choose(page, name, value)
    type_query(page, query)


def choose(page, name, value):
    """Pick a value in one of the search page's filter menus (folded in "Filters and sort")."""
    if not page.locator(".search-filters").evaluate("details => details.open"):
        page.click(".search-filters summary")
    page.select_option(f"select[name={name}]", value)


def type_query(page, query):
    """Replace the query in the search page's box; wait for the URL and then the results."""
    page.fill("#search-q", query)
    page.wait_for_function("(q) => new URLSearchParams(location.search).get('q') === q",
                           arg=query)
    wait_for_results(page)


def wait_for_results(page):
    """Wait until the results shown answer the state in the address bar, from every shard."""
    page.wait_for_function(
        "() => { const r = document.getElementById('search-results');"
        " return r.dataset.complete === 'true'"
        " && r.dataset.for === location.pathname + location.search; }")


def member_slugs(page):
    hrefs = page.locator(".result--member .result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return [re.search(r"/providers/([^/]+)/$", href)[1] for href in hrefs]


def all_member_slugs(page):
    """Every member of the verified group, in order, pressing "Show more" until all are shown."""
    group = page.locator(".result-group[data-type=member]")
    while group.locator(".result-more:visible").count():
        before = group.locator(".result").count()
        group.locator(".result-more").click()
        page.wait_for_function("(n) => document.querySelectorAll("
                               "'.result-group[data-type=member] .result').length > n", arg=before)
        wait_for_results(page)
    return member_slugs(page)

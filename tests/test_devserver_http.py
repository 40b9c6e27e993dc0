"""The dev server's handler: the site's 404 page with status 404, and the last build's problems
shown on the page asked for (with the page as last built one click away)."""

import urllib.error
import urllib.request

import pytest

from sitetools.devserver_http import serve


@pytest.fixture
def served(tmp_path):
    site = tmp_path / "site"
    (site / "about").mkdir(parents=True)
    (site / "about" / "index.html").write_text("<h1>About us</h1>", encoding="utf-8")
    (site / "404.html").write_text("<h1>Page not found</h1>", encoding="utf-8")
    (site / "data.json").write_text("{}", encoding="utf-8")
    server = serve(site, "127.0.0.1", 0)
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


def test_a_missing_path_gets_the_sites_404_page_with_status_404(served):
    _, base = served
    assert fetch(base + "/about/")[0] == 200
    status, kind, body = fetch(base + "/no/such/page/")
    assert (status, kind) == (404, "text/html; charset=utf-8")
    assert "Page not found" in body


def test_problems_show_on_the_page_asked_for_until_the_build_is_clean(served):
    server, base = served
    server.problems = ['providers/acme.yaml:16: founded: got text "<someday>"; expected a year']
    status, _, body = fetch(base + "/about/")
    assert status == 200 and "1 problem(s) in the last build" in body
    assert "providers/acme.yaml:16: founded: got text &#34;&lt;someday&gt;&#34;" in body
    assert 'href="/about/?devserver=page"' in body
    assert "About us" in fetch(base + "/about/?devserver=page")[2]
    assert fetch(base + "/data.json")[2] == "{}"  # data files are served as they are
    status, kind, css = fetch(base + "/__devserver__/problems.css")
    assert status == 200 and kind.startswith("text/css") and ".problems" in css
    server.problems = []
    assert "About us" in fetch(base + "/about/")[2]


def test_a_preview_is_served_in_front_of_the_site_until_it_is_dropped(served, tmp_path):
    server, base = served
    preview = tmp_path / "preview"
    (preview / "about").mkdir(parents=True)
    (preview / "about" / "index.html").write_text("<h1>About us, edited</h1>", encoding="utf-8")
    (preview / "new").mkdir()  # a folder alone is not a file to serve
    server.preview = str(preview)
    assert fetch(base + "/about/")[2] == "<h1>About us, edited</h1>"
    assert fetch(base + "/about/index.html")[2] == "<h1>About us, edited</h1>"
    assert fetch(base + "/data.json")[2] == "{}"  # what the preview lacks comes from the site
    assert fetch(base + "/new/")[0] == 404
    # a path is resolved inside the site first: it never names the preview folder itself
    assert fetch(base + "/../preview/about/index.html")[0] == 404
    server.preview = None
    assert fetch(base + "/about/")[2] == "<h1>About us</h1>"

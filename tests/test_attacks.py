"""Issue 13's attack suite: content from a hostile contributor, tried as the attack test did.

Each attack either fails the build (and `make check`) with `file:line: field: problem; expected`,
or leaves the output inert: checked in the parsed HTML and in headless Chromium served with the
headers of the site's own `_headers` file. One site carries every attack at once, built the way
`make devserver` builds (errors logged, the build goes on), which is the harder case: nothing
stops at the first error, so every guard has to hold on its own.
"""

import fnmatch
import functools
import http.server
import re
import shutil
import threading

import pytest

from conftest import ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS, run_check, run_pelican
from htmlcheck import csp_metas, elements, policy_directives

MEMBER = "fjordlys-drift"
MEMBER_NAME = "Fjordlys Drift AS"
CANARY = "Asked about co-branding"  # in the member's private block

# (file name, Save_as): pages that try to take over a path another source owns.
IMPERSONATIONS = [
    ("fake-profile", f"providers/{MEMBER}/index.html"),
    ("fake-verify", f"verify/{MEMBER}/index.html"),
    ("fake-non-member", "verify/not-a-member/index.html"),
    ("fake-badge", f"providers/{MEMBER}/badge.svg"),
    ("fake-headers", "_headers"),
    ("fake-sitemap", "sitemap.xml"),
    ("fake-robots", "robots.txt"),
    ("fake-keys", ".well-known/msp-directory-keys.json"),
]
INJECTIONS = {
    "inject-img": 'x"><img src=x onerror="window.__xss=1"><a href="',
    "inject-script": 'z"><script src="/images/pwn.js"></script><a href="',
    "inject-refresh": 'r"><meta http-equiv="refresh" content="0;url=https://evil.example/"><a href="',
}
SVG_SCRIPT = ('<svg xmlns="http://www.w3.org/2000/svg"><script>window.__xss=1</script>'
              '<rect width="1" height="1"/></svg>')
HOSTILE_ARTICLE = """\
Title: Hostile links
Date: 2025-05-01
Authors: Mallory Example
Category: Security
Summary: An article that links where it should not.

See [one]({filename}/pages/inject-img.md), [two]({filename}/pages/inject-script.md) and
[three]({filename}/pages/inject-refresh.md).

A tracker: <img alt="t"
src="/\\evil.example/track.png">

A [leak]({static}/../providers/fjordlys-drift.yaml) of a profile.

<h2 id="search-app">Taken over</h2>

[Jump to it](#search-app)
"""


def _page(title, **fields):
    lines = [f"Title: {title}", "Summary: A page written by a hostile contributor."]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + f"\n\nIMPOSTOR {title}\n"


def hostile_tree(root):
    """content/ and providers/ side by side under `root`, with every attack added."""
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    shutil.copytree(SAMPLE_PROVIDERS, root / "providers")
    pages = root / "content" / "pages"
    for name, save_as in IMPERSONATIONS:
        (pages / f"{name}.md").write_text(_page(name, Status="hidden", Save_as=save_as,
                                                Url=save_as), encoding="utf-8")
    for name, url in INJECTIONS.items():
        (pages / f"{name}.md").write_text(_page(name, Url=url), encoding="utf-8")
    (root / "content/articles/hostile-links.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    images = root / "content" / "images"
    (images / "pwn.js").write_text("window.__xss = 1;\n", encoding="utf-8")
    (images / "evil.svg").write_text(SVG_SCRIPT, encoding="utf-8")
    (images / "page.html").write_text("<script>window.__xss=1</script>", encoding="utf-8")
    (images / "fake.png").write_text("<script>window.__xss=1</script>", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    return hostile_tree(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def checked(tree):
    """`make check` on the hostile tree: (exit code, output)."""
    return run_check(PATH=str(tree / "content"), PROVIDERS_PATH=str(tree / "providers"))


@pytest.fixture(scope="module")
def built(tree, tmp_path_factory):
    """The hostile tree built as the dev server does; the output is NOT beside content/."""
    out = tmp_path_factory.mktemp("elsewhere") / "deep" / "out"
    return run_pelican(out, fatal=False, PATH=str(tree / "content"),
                       PROVIDERS_PATH=str(tree / "providers"))


def _line(output, where):
    """The line of `output` about `where` (`content/pages/x.md:4: save_as: `): paths are shown
    relative to the working folder when under it, absolute otherwise (these tests' trees)."""
    return next((line for line in output.splitlines()
                 if line.startswith(where) or f"/{where}" in line), "")


# --- 1. Impersonation --------------------------------------------------------------------------

@pytest.mark.parametrize("name,save_as", IMPERSONATIONS, ids=[n for n, _ in IMPERSONATIONS])
def test_save_as_override_is_rejected_by_check(checked, name, save_as):
    code, output = checked
    assert code == 1
    line = _line(output, f"content/pages/{name}.md:4: save_as: ")
    assert f"{save_as!r} is not allowed; expected an error page at the site root" in line, output
    assert _line(output, f"content/pages/{name}.md:5: url: ")


@pytest.mark.parametrize("name,save_as", IMPERSONATIONS, ids=[n for n, _ in IMPERSONATIONS])
def test_reserved_paths_stay_with_their_owner(built, name, save_as):
    """Even when the build goes on after the metadata errors, the registry refuses the path."""
    assert re.search(rf"outputs: \S*content/pages/{name}\.md: output path '{re.escape(save_as)}' "
                     r"is reserved \(", built.output), built.output
    target = built.path / save_as
    if name == "fake-non-member":
        assert not target.exists()
        return
    text = target.read_text(encoding="utf-8")
    assert "IMPOSTOR" not in text
    expected = {"fake-profile": MEMBER_NAME, "fake-verify": MEMBER_NAME, "fake-badge": "<svg",
                "fake-headers": "Content-Security-Policy: default-src 'self'",
                "fake-sitemap": "<urlset", "fake-robots": "Sitemap:",
                "fake-keys": '"public_key":'}[name]
    assert expected in text


def test_the_build_fails(tree, tmp_path):
    build = run_pelican(tmp_path / "out", PATH=str(tree / "content"),
                        PROVIDERS_PATH=str(tree / "providers"))
    assert build.returncode != 0
    assert "is not allowed; expected an error page at the site root" in build.output


def test_a_second_writer_fails_the_build_naming_both(tmp_path):
    """A page whose (allowed) slug is the address of a listing Pelican writes: two owners."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    (tmp_path / "content/pages/education.md").write_text(_page("Education", Slug="education"))
    build = run_pelican(tmp_path / "out", PATH=str(tmp_path / "content"))
    assert build.returncode != 0
    line = next(line for line in build.output.splitlines() if "'education/index.html'" in line)
    assert re.search(r"outputs: .*: output path 'education/index\.html' is already written by "
                     r".*; expected one owner per output file", line), line
    assert "content/pages/education.md" in line and "template education.html" in line


def test_registry_records_every_file_of_the_build(tmp_path):
    """Every file on disk has exactly one record (run in-process to read the registry)."""
    from builds import pelican_instance
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "publishconf.py"), override={
        "PATH": str(SAMPLE_CONTENT), "PROVIDERS_PATH": str(SAMPLE_PROVIDERS),
        "OUTPUT_PATH": str(tmp_path / "out"),
        "BUILD_DATE": "2026-11-29", "PRECOMPRESS": True,
        "RECORD_ALLOW_SAMPLE_KEYS": True})  # the sample content is signed with the SAMPLE key
    pelican = pelican_instance(settings)
    pelican.run()
    records = {record.path: record for record in pelican.output_registry.records()}
    on_disk = {str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*")
               if p.is_file()}
    assert on_disk == set(records)
    assert records["providers/fjordlys-drift/index.html"].owner == \
        "template provider.html for member fjordlys-drift"
    assert records["about/index.html"].owner.endswith("content/pages/about.md")
    assert records["about/index.html"].content is True
    assert records["images/restore-cycle.svg"].content is True
    assert records["_headers"].content is False and records["_headers"].digest is None
    assert records["index.html.gz"].owner == "precompress: copies of index.html"


def test_registry_paths_are_normalised_and_cannot_escape(tmp_path):
    from outputs import OutputRegistry, UnsafePath, normalise

    assert normalise("a/./b//c\\d.html") == "a/b/c/d.html"
    for bad in ("../x", "a/../../x", "/etc/passwd", "C:\\x", "a\\..\\..\\x"):
        with pytest.raises(UnsafePath):
            normalise(bad)
    outputs = OutputRegistry(tmp_path, ["providers/", "_headers"])
    assert outputs.claim("Providers/x/index.html", "content/pages/a.md", content=True) is None
    assert outputs.claim("_HEADERS", "content/pages/a.md", content=True) is None
    assert outputs.claim("about/index.html", "content/pages/about.md", content=True)
    assert outputs.claim("about//./index.html", "template page") is None
    assert outputs.owner_of("about/index.html").owner == "content/pages/about.md"


# --- 2. Script injection through resolved links ------------------------------------------------

@pytest.mark.parametrize("name", INJECTIONS)
def test_url_override_is_rejected_by_check(checked, name):
    _, output = checked
    line = _line(output, f"content/pages/{name}.md:3: url: ")
    assert "is not allowed; expected an error page at the site root" in line, output


def _all_markup(build):
    """Every HTML file (pages and e-mail copies) and every feed, as (path, text)."""
    for path in build.files():
        if path.suffix in (".html", ".xml"):
            yield path, path.read_text(encoding="utf-8")


def test_injected_markup_is_inert_in_pages_email_copies_and_feeds(built):
    seen = 0
    for path, text in _all_markup(built):
        if path.suffix == ".xml":  # feeds and the sitemap: the URL text only ever escaped
            assert not re.search(r"<(script|img|meta|a)\b", text), path
            continue
        for tag, attributes in elements(text):
            assert not any(name.startswith("on") for name in attributes), (path, tag)
            assert not (tag == "meta" and (attributes.get("http-equiv") or "").lower()
                        == "refresh"), path
            assert not (tag == "script" and "pwn.js" in (attributes.get("src") or "")), path
            assert not (tag == "img" and "evil.example" in (attributes.get("src") or "")), path
        seen += 1
    assert seen > 50
    article = built.page("articles/hostile-links/index.html")
    assert "Hostile links" in article and "Taken over" in article


# --- 3. Unchecked files ------------------------------------------------------------------------

@pytest.mark.parametrize("name,words", [
    ("pwn.js", "'.js' is not an image type the site publishes"),
    ("page.html", "'.html' is not an image type the site publishes"),
    ("evil.svg", "the SVG contains a <script> element"),
    ("fake.png", "the file is not a PNG image"),
])
def test_files_in_images_are_checked_like_logos(checked, built, name, words):
    _, output = checked
    line = _line(output, f"content/images/{name}: file: ")
    assert words in line and "expected a PNG, JPEG, WebP, AVIF or inert SVG image" in line, output
    assert not (built.path / "images" / name).exists()
    assert (built.path / "images" / "restore-cycle.svg").exists()


def test_contributors_files_and_email_copies_are_sandboxed(built):
    headers = built.page("_headers")
    assert "\n/images/*\n  Content-Security-Policy: sandbox\n" in headers
    assert "\n/news/*/email.html\n  Content-Security-Policy: sandbox\n" in headers


# --- 4. Smaller holes --------------------------------------------------------------------------

def test_backslash_image_split_across_lines_is_caught(checked, built):
    _, output = checked
    line = _line(output, "content/articles/hostile-links.md:11: image: ")
    assert "is a remote image; expected an image stored with the site" in line, output
    assert "evil.example" not in built.page("articles/hostile-links/index.html")


def test_static_link_out_of_content_copies_nothing(checked, built):
    _, output = checked
    line = _line(output, "content/articles/hostile-links.md:13: link: ")
    assert "'{static}/../providers/fjordlys-drift.yaml' leads out of" in line, output
    root = built.path.parent.parent  # the output is two folders below, not beside content/
    copies = [p for p in root.rglob("*.yaml")]
    assert copies == []
    for path in built.files():
        assert CANARY.encode() not in path.read_bytes(), path


def test_author_ids_cannot_take_over_a_script_element(built):
    article = built.page("articles/hostile-links/index.html")
    ids = [attributes.get("id") for _, attributes in elements(article)]
    assert "search-app" not in ids and "c-search-app" in ids
    assert 'href="#c-search-app"' in article  # the in-page link follows its target


@pytest.mark.parametrize("text,code", [
    ("Fjordlys\\u202e Drift AS", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
    ("Fjordlys\\x07 Drift AS", "U+0007"),
    ("Fjordlys\\u2066 Drift AS", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
    ("Fjordlys\\x85 Drift AS", "U+0085"),
])
def test_control_and_bidi_characters_are_rejected_with_the_code_point(tmp_path, text, code):
    shutil.copytree(SAMPLE_PROVIDERS, tmp_path / "providers")
    profile = tmp_path / "providers" / f"{MEMBER}.yaml"
    profile.write_text(profile.read_text().replace(f"name: {MEMBER_NAME}", f'name: "{text}"'))
    check_code, output = run_check(PROVIDERS_PATH=str(tmp_path / "providers"))
    assert check_code == 1
    line = _line(output, f"{profile}:2: name: ")
    assert f"contains the {'bidirectional control' if 'U+20' in code else 'control character'} " \
           f"{code}; expected text without control characters" in line, output


def test_control_characters_in_front_matter_are_rejected(tmp_path):
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    (tmp_path / "content/pages/odd.md").write_text(
        "Title: Odd\u202e page\nSummary: Fine.\n\nA bell \x07 here.\n", encoding="utf-8")
    code, output = run_check(PATH=str(tmp_path / "content"))
    assert code == 1
    assert "content/pages/odd.md:1: title: contains the bidirectional control U+202E" in output
    assert "content/pages/odd.md:4: text: contains the control character U+0007" in output


def test_other_source_formats_are_refused(tmp_path):
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    (tmp_path / "content/pages/sneaky.html").write_text(
        '<html><head><title>x</title><meta name="save_as" content="_headers"></head>'
        "<body>x</body></html>")
    code, output = run_check(PATH=str(tmp_path / "content"))
    assert code == 1
    assert "content/pages/sneaky.html: file type: '.html' files are not accepted here; " \
           "expected a Markdown file ending .md" in output


# --- 6. A CSP wherever the site is hosted ------------------------------------------------------

def _header_policy(headers_file):
    return next(line.split(":", 1)[1].strip() for line in headers_file.splitlines()
                if line.strip().startswith("Content-Security-Policy: default-src"))


def test_every_page_carries_the_headers_policy_in_a_meta_tag(built):
    header = policy_directives(_header_policy(built.page("_headers")))
    for name in ("frame-ancestors", "sandbox", "report-uri", "report-to"):
        header.pop(name, None)
    pages = [p for p in built.files() if p.suffix == ".html"]
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        metas = csp_metas(html)
        assert len(metas) == 1, path
        meta = policy_directives(metas[0])
        if path.name == "email.html":
            assert meta["style-src"] == ["'unsafe-inline'"] and meta["default-src"] == ["'none'"]
            assert "script-src" not in meta and meta["form-action"] == ["'none'"]
        else:
            assert meta == header, path
        # it must come before anything it governs
        first_script = html.find("<script")
        assert first_script == -1 or html.index("Content-Security-Policy") < first_script, path


# --- In Chromium, under the headers of the site's own _headers file ----------------------------

def _rules(headers_file):
    rules, current = [], None
    for line in headers_file.splitlines():
        if line.startswith("/"):
            current = (line.strip(), [])
            rules.append(current)
        elif line.startswith("  ") and current:
            name, _, value = line.strip().partition(":")
            current[1].append((name, value.strip()))
    return rules


class _HeadersHandler(http.server.SimpleHTTPRequestHandler):
    rules = ()

    def end_headers(self):
        path = self.path.split("?")[0]
        for pattern, headers in self.rules:
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hosted(built):
    """The hostile build served over HTTP with the headers its _headers file lists."""
    handler = type("Handler", (_HeadersHandler,), {"rules": _rules(built.page("_headers"))})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built.path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.browser
def test_nothing_runs_or_redirects_in_chromium(hosted, page):
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    for path in ("/articles/hostile-links/", "/inject-img/", "/inject-script/",
                 "/inject-refresh/", "/news/1/email.html", f"/providers/{MEMBER}/"):
        page.goto(hosted + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)  # a meta refresh of 0 s would have fired by now
        assert page.url == hosted + path, path
        assert page.evaluate("window.__xss === undefined"), path
    page.goto(hosted + "/articles/hostile-links/")
    assert page.evaluate("document.getElementById('search-app')") is None
    assert dialogs == []
    assert not [url for url in requests if not url.startswith(hosted)], requests
    assert MEMBER_NAME in page.goto(hosted + f"/providers/{MEMBER}/").text()


def test_attach_links_are_refused(tmp_path):
    """{attach} moves a file at write time, past the registry's claim: {static} only."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    (tmp_path / "content/pages/attached.md").write_text(
        "Title: Attached\nSummary: Fine.\n\n![a]({attach}/images/restore-cycle.svg)\n")
    code, output = run_check(PATH=str(tmp_path / "content"))
    assert code == 1
    assert "content/pages/attached.md:4: image: '{attach}/images/restore-cycle.svg' uses " \
           "{attach}; expected {static}/images/<file>" in output


@pytest.mark.parametrize("resolved,kept", [
    ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener">x</a>'),
    ('<a href="java\tscript:alert(1)">x</a>', '<a rel="noopener">x</a>'),
    ('<a href="data:text/html,x">x</a>', '<a rel="noopener">x</a>'),
    ('<img src="/\\evil.example/t.png">', "<img>"),
    ('<img src="https://evil.example/t.png">', "<img>"),
    ('<a href="/x"><img src=x onerror=alert(1)></a>',
     '<a href="/x" rel="noopener"><img src="x"></a>'),
    ('<h2 id="compare-app">x</h2><a href="#compare-app">y</a>',
     '<h2 id="c-compare-app">x</h2><a href="#c-compare-app" rel="noopener">y</a>'),
])
def test_final_pass_over_resolved_links(resolved, kept):
    """What Pelican's link resolution can paste in is cleaned after it (safe_markup.final_html)."""
    from safe_markup import final_html

    class Item:
        settings = {"SITEURL": ""}
        url = "about/"
        source_path = "content/pages/about.md"
        _context = {}

    assert final_html(resolved, Item()) == kept


def test_a_link_resolved_to_another_site_is_dropped_and_fails_the_build(tmp_path):
    """Url: https://evil.example/ on a page: every {filename} link to it would lead off the site
    (and a link the author wrote to another site is kept)."""
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    (tmp_path / "content/pages/away.md").write_text(_page("Away", Url="https://evil.example/"))
    (tmp_path / "content/pages/to-away.md").write_text(
        "Title: To away\nSummary: Links.\n\n[away]({filename}away.md) and "
        "[a vendor](https://vendor.example/)\n")
    build = run_pelican(tmp_path / "out", fatal=False, PATH=str(tmp_path / "content"))
    html = build.page("to-away/index.html")
    assert "evil.example" not in html and 'href="https://vendor.example/"' in html
    assert re.search(r"to-away\.md: link: 'https://evil\.example/' leads to no file of this site",
                     build.output), build.output


@pytest.mark.parametrize("data_file,key", [
    ("vocabulary.yaml", "label"), ("categories.yaml", "description"), ("partners.yaml", "name"),
])
def test_control_characters_in_data_files_are_rejected(tmp_path, data_file, key):
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    path = tmp_path / "content" / "data" / data_file
    text = path.read_text(encoding="utf-8")
    first = re.search(rf"^(\s*-?\s*){key}: .*$", text, re.M)
    path.write_text(text.replace(first[0], f'{first[1]}{key}: "Spoof\\u202eed"', 1),
                    encoding="utf-8")
    code, output = run_check(PATH=str(tmp_path / "content"))
    assert code == 1
    number = text[:first.start()].count("\n") + 1
    assert re.search(rf"data/{re.escape(data_file)}:{number}: \S*{key}: contains the "
                     r"bidirectional control U\+202E \(RIGHT-TO-LEFT OVERRIDE\); expected text",
                     output), output

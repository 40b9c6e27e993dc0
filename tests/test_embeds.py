"""Embeddable member lists (/embed/), the embed-code page and framing rules, on the frozen sample
built on REFERENCE_DATE: each list shows the members verified on that date (counted here from
the profile files), in four static variants; only /embed/ may be framed (the _headers rules and
nginx with deploy/nginx.conf); in Chromium an embed framed by a page of another origin loads,
sizes itself, and opens our profiles in the top window."""

import datetime
import re
import shutil
import socket
import urllib.error
import urllib.request

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import REFERENCE_DATE, ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS, run_check
from nginxtools import serve_with_nginx
from htmlcheck import parse_html, text_of
from validation.yamlsafe import load_yaml

BUILT = datetime.date.fromisoformat(REFERENCE_DATE)
VARIANTS = ("", "dark/", "no-links/", "dark-no-links/")
PARTNER = "lanternfish-backup"


def _profiles():
    """{slug: profile data} of the sample's profile files."""
    return {path.stem: load_yaml(path.read_bytes())[0]
            for path in sorted(SAMPLE_PROVIDERS.glob("*.yaml"))}


def _verified(profile):
    return any(datetime.date.fromisoformat(str(r["issued"])) <= BUILT
               <= datetime.date.fromisoformat(str(r["expires"]))
               for r in profile["certifications"])


def _partner_entry():
    data = load_yaml((SAMPLE_CONTENT / "data" / "partner-embeds.yaml").read_bytes())[0]
    return next(entry for entry in data["embeds"] if entry["slug"] == PARTNER)


def _listed(html):
    root = parse_html(html)
    return [item.get("data-member") for item in root.iter("li")
            if item.get("class") == "embed__member"]


def expected_lists():
    """{embed path: member slugs in name order} for a service, a country and the partner list,
    from the profile files alone."""
    profiles = _profiles()
    verified = {slug: p for slug, p in profiles.items() if _verified(p)}

    def names(slugs):
        return sorted(slugs, key=lambda slug: profiles[slug]["name"].casefold())

    return {
        "embed/services/cybersecurity/": names(
            s for s, p in verified.items() if "cybersecurity" in p["services"]),
        "embed/countries/no/": names(
            s for s, p in verified.items()
            if "NO" in [p["headquarters"]["country"], *p.get("service_areas", [])]),
        f"embed/partners/{PARTNER}/": names(s for s in _partner_entry()["members"]
                                            if s in verified),
    }


def test_each_list_shows_the_verified_members_in_every_variant(sample_site):
    expected = expected_lists()
    entry = _partner_entry()
    # the partner's file names a member that is not verified on the build date: left out
    assert [s for s in entry["members"] if not _verified(_profiles()[s])]
    for url, members in expected.items():
        assert members
        for variant in VARIANTS:
            html = sample_site.page(f"{url}{variant}index.html")
            assert sorted(_listed(html)) == sorted(members), (url, variant)
            root = parse_html(html)
            # the list's own footer says as of when; none of the site's header, footer, nav
            assert not list(root.iter("header")) and not list(root.iter("nav"))
            assert "site-header" not in html and "site-footer" not in html
            assert "Certification statuses are as of 29 November 2026" in text_of(
                root.find(".//footer"))
            links = [a for a in root.iter("a")]
            body = root.find(".//body")
            assert ("embed--dark" in body.get("class")) == variant.startswith("dark")
            if "no-links" in variant:
                assert links == []
            else:
                profile_links = [a.get("href") for a in links if "/providers/" in a.get("href")]
                assert profile_links == [f"/providers/{m}/" for m in _listed(html)]
                assert {a.get("target") for a in links} == {"_top"}
            # statuses carry their records, for status.js to re-check on the visitor's date
            badges = [s for s in root.iter("span") if "status" in (s.get("class") or "")]
            assert len(badges) == len(members)
            assert all(b.get("data-records") for b in badges)
            assert 'id="status-script"' in html and "data-status-rules=" in html


def test_every_facet_has_a_list_and_the_code_page_offers_them_all(sample_site):
    kinds = {"services": "services", "countries": "countries", "industries": "industries",
             "languages": "languages"}
    builder = sample_site.page("partners/embed/index.html")
    for folder in kinds.values():
        facet_pages = list((sample_site.path / "providers" / folder).glob("*/index.html"))
        assert facet_pages, folder
        for page in facet_pages:
            slug = page.parent.name
            for variant in VARIANTS:
                assert (sample_site.path / "embed" / folder / slug / variant / "index.html").is_file()
            assert f'value="embed/{folder}/{slug}/"' in builder
    assert f'value="embed/partners/{PARTNER}/"' in builder
    assert 'href="/partners/embed/"' in sample_site.page("partners/index.html")
    # the partner-side script is served from our origin under a stable name
    assert (sample_site.path / "embed" / "frame.js").read_bytes() == \
        (ROOT / "theme" / "static" / "js" / "embed-frame.js").read_bytes()


# --- framing rules ------------------------------------------------------------------------------

def effective_headers(rules_text, path):
    """The headers a host applying _headers sends for `path`: the values of every matching rule
    joined (Netlify's and Cloudflare Pages' semantics; `! Name` would detach one on Cloudflare)."""
    headers, rules, current = {}, [], None
    for line in rules_text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith(" "):
            current = (line.strip(), [])
            rules.append(current)
        else:
            current[1].append(line.strip())
    for pattern, lines in rules:
        regex = "^" + re.escape(pattern).replace(r"\*", ".*") + "$"
        if not re.match(regex, path):
            continue
        for line in lines:
            if line.startswith("!"):
                headers.pop(line[1:].strip(), None)
            else:
                name, value = line.split(": ", 1)
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _frame_ancestors(policy):
    """The frame-ancestors directives of a header value (policies joined by commas: each one
    applies, so one 'none' refuses the frame)."""
    return [d.strip() for d in re.split("[;,]", policy) if d.strip().startswith("frame-ancestors")]


def _site_paths(build):
    for path in build.files():
        if path.suffix in (".gz", ".br") or path.name == "_headers":
            continue
        relative = path.relative_to(build.path).as_posix()
        yield "/" + (relative[: -len("index.html")] if path.name == "index.html" else relative)


def test_headers_let_only_embed_pages_be_framed(sample_site):
    rules = sample_site.page("_headers")
    paths = list(_site_paths(sample_site))
    embeds = [p for p in paths if p.startswith("/embed/")]
    assert len(embeds) > 20
    for path in paths:
        headers = effective_headers(rules, path)
        if path.startswith("/embed/"):
            assert _frame_ancestors(headers["Content-Security-Policy"]) == ["frame-ancestors *"]
            assert "X-Frame-Options" not in headers, path
            assert "script-src 'self'" in headers["Content-Security-Policy"]
        else:
            assert _frame_ancestors(headers["Content-Security-Policy"]) == [
                "frame-ancestors 'none'"], path
            assert headers["X-Frame-Options"] == "DENY", path


@pytest.fixture(scope="module")
def nginx_site(sample_site, tmp_path_factory):
    """The sample site served by nginx with deploy/nginx.conf at the root; its base URL."""
    work = tmp_path_factory.mktemp("embed-nginx")
    with socket.create_server(("127.0.0.1", 0)) as sock, \
            serve_with_nginx(work, sample_site.path, sock) as base:
        yield base


def _headers_of(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.headers


def test_nginx_lets_only_embed_pages_be_framed(sample_site, nginx_site):
    rules = sample_site.page("_headers")
    for path in _site_paths(sample_site):
        if not (path.endswith("/") or path.endswith(".html")):
            continue
        headers = _headers_of(nginx_site + path)
        policies = headers.get_all("Content-Security-Policy")
        assert len(policies) == 1, path
        if path.startswith("/embed/"):
            assert _frame_ancestors(policies[0]) == ["frame-ancestors *"], path
            assert headers["X-Frame-Options"] is None, path
            # nginx and _headers give embeds the same policy
            assert policies[0] == effective_headers(rules, path)["Content-Security-Policy"]
        else:
            assert _frame_ancestors(policies[0]) == ["frame-ancestors 'none'"], path
            assert headers["X-Frame-Options"] == "DENY", path


# --- in Chromium, framed by a page of another origin --------------------------------------------

PARENT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A partner's page</title></head>
<body>
<h1>Lanternfish Backup Systems: certified partners</h1>
<p>A page of a partner's own site, on another origin.</p>
<iframe data-msp-embed src="{embed}" title="Certified partners (MSP Directory)" width="100%" height="{height}"></iframe>
<iframe id="refused" src="{other}" title="Not embeddable" width="100%" height="100"></iframe>
<script src="{script}" async></script>
</body></html>
"""


@pytest.fixture(scope="module")
def partner_page(nginx_site, serve, tmp_path_factory):
    """A partner's page on a second local HTTP server (another origin) framing our embed and,
    to show it refused, our directory page."""
    folder = tmp_path_factory.mktemp("partner-site")
    (folder / "index.html").write_text(PARENT.format(
        embed=f"{nginx_site}/embed/partners/{PARTNER}/", other=f"{nginx_site}/providers/",
        script=f"{nginx_site}/embed/frame.js", height=120))
    (folder / "scroll.html").write_text(PARENT.format(
        embed=f"{nginx_site}/embed/services/cybersecurity/", other=f"{nginx_site}/statistics/",
        script=f"{nginx_site}/embed/frame.js", height=150))
    base = serve(folder)
    assert base.split(":")[2] != nginx_site.split(":")[2]  # another port: another origin
    return base


def _embed_frame(tab):
    return next(f for f in tab.frames if "/embed/" in f.url)


@pytest.mark.browser
def test_an_embed_framed_by_another_origin_loads_sizes_itself_and_opens_profiles_on_top(
        tabs, nginx_site, partner_page):
    tab = tabs(viewport={"width": 900, "height": 900})
    tab.goto(partner_page + "/")
    frame_element = tab.locator("iframe[data-msp-embed]")
    tab.wait_for_function(
        "() => document.querySelector('iframe[data-msp-embed]').getAttribute('height') !== '120'")
    frame = _embed_frame(tab)
    frame.locator(".embed__member").first.wait_for()
    content = frame.evaluate(
        "() => Math.ceil(document.querySelector('.embed__source').getBoundingClientRect().bottom)")
    assert int(frame_element.get_attribute("height")) == content > 120
    assert frame.evaluate("document.documentElement.scrollHeight") <= content + 1
    listed = frame.locator(".embed__member").evaluate_all(
        "items => items.map(item => item.dataset.member)")
    assert sorted(listed) == sorted(expected_lists()[f"embed/partners/{PARTNER}/"])
    assert frame.locator(".status").all_inner_texts() and \
        set(frame.locator(".status").all_inner_texts()) <= {"Active", "Expiring soon"}
    # a height posted from any other origin is ignored
    tab.evaluate("() => window.postMessage({type: 'msp-directory-embed', height: 61}, '*')")
    tab.wait_for_timeout(200)
    assert int(frame_element.get_attribute("height")) == content
    # every other page refuses the frame: Chromium shows its error page instead of ours
    refused = next(f for f in tab.frames if f is not tab.main_frame and f is not frame)
    assert refused.evaluate("document.querySelector('.site-header')") is None
    # a member's link opens its profile in the top window, on our origin
    first = listed[0]
    frame.locator(f'[data-member="{first}"] a').click()
    tab.wait_for_url(f"{nginx_site}/providers/{first}/")
    assert tab.locator("h1").inner_text()


@pytest.mark.browser
def test_with_javascript_off_the_frame_keeps_its_height_and_scrolls(tabs, partner_page):
    tab = tabs(java_script_enabled=False, viewport={"width": 900, "height": 900})
    tab.goto(partner_page + "/scroll.html")
    frame_element = tab.locator("iframe[data-msp-embed]")
    frame = _embed_frame(tab)
    frame.locator(".embed__member").first.wait_for()
    tab.wait_for_timeout(300)
    assert frame_element.get_attribute("height") == "150"
    total = frame.evaluate("document.scrollingElement.scrollHeight")
    assert total > 150
    frame.evaluate("window.scrollTo(0, 10000)")
    assert frame.evaluate("window.scrollY") > 0  # the list scrolls inside the frame
    assert frame.locator(".embed__source").is_visible()


@pytest.mark.browser
def test_the_code_page_writes_the_frame_for_the_chosen_list_and_options(tabs, sample_site,
                                                                        serve):
    base = serve(sample_site.path)
    tab = tabs()
    tab.goto(base + "/partners/embed/")
    tab.select_option("#embed-list", "embed/countries/no/")
    tab.check('input[name="embed-style"][value="dark"]')
    tab.check("#embed-no-links")
    code = tab.input_value("#embed-code")
    assert f'src="{base}/embed/countries/no/dark-no-links/"' in code
    assert "data-msp-embed" in code and 'title="Verified members: Norway"' in code
    assert f'<script src="{base}/embed/frame.js" async=""></script>' in code
    assert tab.get_attribute("#embed-open", "href") == f"{base}/embed/countries/no/dark-no-links/"
    assert tab.goto(f"{base}/embed/countries/no/dark-no-links/").status == 200


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"/embed/partners/{PARTNER}/", f"/embed/partners/{PARTNER}/dark/",
                                  "/partners/embed/"])
def test_no_serious_axe_finding(tabs, sample_site, serve, path):
    tab = tabs(viewport={"width": 390, "height": 844})
    assert tab.goto(serve(sample_site.path) + path).status == 200
    results = Axe().run(tab)
    assert [v["id"] for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")] == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390


# --- the partner file ----------------------------------------------------------------------------

def test_a_partner_list_naming_no_profile_is_noted_and_left_out(tmp_path):
    """A member who left (its profile removed by a content pull request) never stops the build
    on the staff-owned list: `make check` notes it with its line, and the list leaves it out."""
    content, providers = tmp_path / "content", tmp_path / "providers"
    shutil.copytree(SAMPLE_CONTENT, content)
    shutil.copytree(SAMPLE_PROVIDERS, providers)
    data = content / "data" / "partner-embeds.yaml"
    data.write_text(data.read_text().replace("[fjordlys-drift,", "[no-such-member,"))
    code, output = run_check(PATH=str(content), PROVIDERS_PATH=str(providers))
    assert code == 0, output
    line = next(n for n, text in enumerate(data.read_text().splitlines(), 1)
                if "no-such-member" in text)
    assert (f"{line}: embeds[0].members[0]: no member profile providers/no-such-member.yaml; "
            "expected the slug of an existing member (left out of the list)") in output
    assert "Traceback" not in output
    # a list whose own data is wrong is still a problem
    data.write_text(data.read_text().replace("slug: lanternfish-backup", "slug: 42"))
    code, output = run_check(PATH=str(content), PROVIDERS_PATH=str(providers))
    assert code == 1 and "partner-embeds.yaml" in output


@pytest.mark.browser
def test_an_embed_re_checks_each_status_on_the_visitors_date(fresh_page, sample_site, serve):
    """A member whose only record expires after the build date, seen after that day: the embed
    says so, as every page does (theme/static/js/status.js)."""
    profiles = _profiles()
    slug = next(s for s in _partner_entry()["members"] if _verified(profiles[s])
                and len(profiles[s]["certifications"]) == 1)
    expires = datetime.date.fromisoformat(str(profiles[slug]["certifications"][0]["expires"]))
    later = expires + datetime.timedelta(days=2)
    fresh_page.clock.set_fixed_time(datetime.datetime(later.year, later.month, later.day, 12))
    fresh_page.goto(serve(sample_site.path) + f"/embed/partners/{PARTNER}/")
    badge = fresh_page.locator(f'[data-member="{slug}"] .status')
    fresh_page.wait_for_function(
        f"() => document.querySelector('[data-member=\"{slug}\"] .status')"
        ".hasAttribute('data-status-now')")
    assert badge.inner_text() == "Expired"
    assert "this page was built on 29 November 2026" in fresh_page.locator(
        f'[data-member="{slug}"]').inner_text()
    assert fresh_page.problems == []

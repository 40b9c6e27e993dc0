"""The trust plugin in real builds: verify pages, badges, exports, JSON-LD, Open Graph, sitemap."""

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import (LOGO, SAMPLE_PROVIDERS, SECOND_RECORD, VALID_PROFILE, run_pelican,
                      variant, write_profile)
from htmlcheck import elements

SITEURL = "https://example.org/directory"
CANARY = "CANARY-trust-4b1d-private"
HOSTILE = "Evil </script><script>alert(1)</script> AS"
LONG = "Nordvestlandets Særdeles Pålitelige Driftssenter og Skytjenester for Alle AS"

def _expiring(expires, **more):
    return {"issued: 2025-01-10": "issued: 2025-03-01", "expires: 2028-01-09": f"expires: {expires}",
            **more}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Members at each status and edge, built on 2026-11-29 with an absolute SITEURL."""
    folder = tmp_path_factory.mktemp("trust") / "providers"
    (folder / "logos").mkdir(parents=True)
    shutil.copy(SAMPLE_PROVIDERS / "schema.json", folder / "schema.json")
    (folder / "testfjord.yaml").write_text(VALID_PROFILE, encoding="utf-8")
    (folder / "logos" / "testfjord.svg").write_text(LOGO, encoding="utf-8")
    write_profile(folder, "today", variant("today", "Expires Today AS", **_expiring("2026-11-29")))
    write_profile(folder, "tomorrow", variant("tomorrow", "Expires Tomorrow AS",
                                              **_expiring("2026-11-30")))
    write_profile(folder, "leapday", variant("leapday", "Leap Day AS", **_expiring("2028-02-29")))
    write_profile(folder, "lapsed", variant("lapsed", "Lapsed AS", **_expiring("2026-11-28")))
    write_profile(folder, "future", variant("future", "Future AS", **{
        "issued: 2025-01-10": "issued: 2026-12-20", "expires: 2028-01-09": "expires: 2029-12-19"}))
    write_profile(folder, "mixed", variant("mixed", "Mixed Records AS", **{
        "    auditor: Nordlicht Audit Partners\n": SECOND_RECORD}))
    write_profile(folder, "hostile", variant("hostile", HOSTILE))
    write_profile(folder, "longname", variant("longname", LONG))
    write_profile(folder, "secretive", variant("secretive", "Secretive AS") + (
        f"private:\n  notes: {CANARY}\n  account_manager: {CANARY}-manager\n"))
    write_profile(folder, "bare", variant("bare", "Bare Minimum AS", **{
        "logo: bare.svg\n": "", "updated: 2026-06-01\n": ""}), logo=False)
    build = run_pelican(tmp_path_factory.mktemp("trust-out") / "output",
                        PROVIDERS_PATH=str(folder), SITEURL=SITEURL, BUILD_DATE="2026-11-29")
    assert build.returncode == 0, build.output
    return build


STATUSES = {
    "testfjord": ("active", "AVMSP verified · valid until 9 January 2028"),
    "today": ("expiring", "AVMSP verified, renewal due · valid until 29 November 2026"),
    "tomorrow": ("expiring", "AVMSP verified, renewal due · valid until 30 November 2026"),
    "leapday": ("active", "AVMSP verified · valid until 29 February 2028"),
    "lapsed": ("expired", "Not AVMSP verified · expired"),
    "future": ("pending", "Not yet AVMSP verified · certification pending"),
    "mixed": ("active", "AVMSP verified · valid until 9 January 2028"),
}


@pytest.mark.parametrize("slug", sorted(STATUSES))
def test_verify_page_states_status_records_meanings_build_date_and_contact(site, slug):
    status, _ = STATUSES[slug]
    html = site.page(f"verify/{slug}/index.html")
    assert f'data-status="{status}"' in html
    assert 'Status as of <time datetime="2026-11-29">29 November 2026</time>' in html
    assert "This site was built on <time" in html
    for meaning in ("An audit record is in force and is not due to expire soon.",
                    "Every audit record on file has passed its expiry date.",
                    "An audit record has been issued with a start date after the build date."):
        assert meaning in html
    assert '<th scope="col" role="columnheader">Report</th>' in html
    assert '<th scope="col" role="columnheader">Auditor</th>' in html
    assert "Nordlicht Audit Partners" in html
    assert f'href="{SITEURL}/contact/?member={slug}"' in html
    assert f'<link rel="canonical" href="{SITEURL}/verify/{slug}/">' in html


def test_verify_page_lists_every_record(site):
    html = site.page("verify/mixed/index.html")
    assert "UCS-2025-0001" in html and "UCS-2022-0009" in html
    for value in ('<time datetime="2022-01-10">10 January 2022</time>',
                  '<time datetime="2024-01-09">9 January 2024</time>', "Cloud Verify"):
        assert value in html
    assert "is a verified member" in html
    assert "is not a verified member" in site.page("verify/lapsed/index.html")
    assert "is not yet a verified member" in site.page("verify/future/index.html")
    assert "due for renewal" in site.page("verify/today/index.html")


@pytest.mark.parametrize("slug", sorted(STATUSES))
def test_badge_text_for_each_status(site, slug):
    status, message = STATUSES[slug]
    svg = site.page(f"providers/{slug}/badge.svg")
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts[1] == message
    title = root.find(f"{ns}title").text
    assert title.startswith(f"{texts[0]}: ") and "as of 29 November 2026" in title
    assert "Association of Verified Managed Service Providers" in title
    assert root.get("role") == "img" and root.get("aria-labelledby") == "badge-title"
    assert "<script" not in svg.lower()
    assert not re.search(r"\son\w+=", svg)
    # the large size: the association in full, the member, the same status words
    large_svg = site.page(f"providers/{slug}/badge-large.svg")
    large = ET.fromstring(large_svg)
    assert [t.text for t in large.iter(f"{ns}text")] == [
        "Association of Verified Managed Service Providers", texts[0], message]
    assert large.get("height") == "76" and 300 <= int(large.get("width")) <= 420
    assert large.find(f"{ns}title").text == title
    assert "<script" not in large_svg.lower() and not re.search(r"\son\w+=", large_svg)


def test_badge_escapes_and_truncates_names(site):
    svg = site.page("providers/hostile/badge.svg")
    assert "<script" not in svg and "&lt;/script&gt;" in svg
    ET.fromstring(svg)
    root = ET.fromstring(site.page("providers/longname/badge.svg"))
    ns = "{http://www.w3.org/2000/svg}"
    drawn = next(root.iter(f"{ns}text")).text
    assert drawn.endswith("…") and LONG.startswith(drawn[:-1])
    assert root.find(f"{ns}title").text.startswith(LONG + ":")


def test_profile_offers_an_embed_snippet_linking_the_badge_to_the_verify_page(site):
    html = site.page("providers/testfjord/index.html")
    snippet = re.search(r'<textarea id="badge-snippet"[^>]*>(.*?)</textarea>', html, re.S)[1]
    assert snippet.startswith(f"&lt;a href=&#34;{SITEURL}/verify/testfjord/&#34;&gt;&lt;img "
                              f"src=&#34;{SITEURL}/providers/testfjord/badge.svg&#34;")
    assert '<label for="badge-snippet">' in html
    assert f'href="{SITEURL}/verify/testfjord/"' in html
    large = re.search(r'<textarea id="badge-snippet-large"[^>]*>(.*?)</textarea>', html, re.S)[1]
    assert large.startswith(f"&lt;a href=&#34;{SITEURL}/verify/testfjord/&#34;&gt;&lt;img "
                            f"src=&#34;{SITEURL}/providers/testfjord/badge-large.svg&#34;")
    assert "width=&#34;300&#34; height=&#34;76&#34;" in large
    assert "data-embed-warning" not in html


@pytest.mark.parametrize("siteurl", ["", "/directory"])
def test_a_development_build_warns_instead_of_offering_relative_embed_code(
        sample_site, subpath_build, siteurl):
    """Without an absolute SITEURL, the snippet's addresses would be relative to the member's
    own site: the profile says so beside the badge and offers no code to copy."""
    build = sample_site if siteurl == "" else subpath_build
    html = build.page("providers/fjordlys-drift/index.html")
    assert "badge-snippet" not in html and "<textarea" not in html
    warning = re.search(r'<p class="verify-box__warning" role="note" data-embed-warning>(.*?)</p>',
                        html, re.S)[1]
    assert "No embed code in this development build" in warning
    assert ("SITEURL is empty" if siteurl == "" else "SITEURL is &#34;/directory&#34;") in warning


def test_organization_json_ld_is_embedded_safely(site):
    html = site.page("providers/hostile/index.html")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@type"] == "Organization" and data["name"] == HOSTILE
    assert data["@id"] == f"{SITEURL}/providers/hostile/#organization"
    assert "</script><script>alert(1)" not in html
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in blocks[0]


def test_open_data_exports(site):
    data = json.loads(site.page("api/providers.json"))
    assert data["schema_version"] == "1.3" and data["as_of"] == data["built"] == "2026-11-29"
    slugs = [p["slug"] for p in data["providers"]]
    assert set(slugs) == set(STATUSES) | {"hostile", "longname", "secretive", "bare"}
    assert data["count"] == len(slugs)
    by_slug = {p["slug"]: p for p in data["providers"]}
    for slug, (status, _) in STATUSES.items():
        assert by_slug[slug]["status"] == status
        one = json.loads(site.page(f"api/providers/{slug}.json"))
        assert one == {"$schema": f"{SITEURL}/api/schema/provider.schema.json",
                       "schema_version": "1.3", "as_of": "2026-11-29", "built": "2026-11-29",
                       "provider": by_slug[slug]}
    assert by_slug["leapday"]["valid_until"] == "2028-02-29"
    assert by_slug["lapsed"]["valid_until"] is None and by_slug["lapsed"]["verified"] is False
    assert by_slug["bare"]["logo_url"] is None and by_slug["bare"]["updated"] is None
    assert by_slug["testfjord"]["badge_url"] == f"{SITEURL}/providers/testfjord/badge.svg"
    rows = list(csv.DictReader(io.StringIO(site.page("providers.csv"), newline="")))
    assert [r["slug"] for r in rows] == slugs
    assert {r["slug"]: r["status"] for r in rows} == {s: p["status"] for s, p in by_slug.items()}
    assert rows[slugs.index("today")]["valid_until"] == "2026-11-29"


def test_private_canary_is_absent_from_every_file(site):
    assert (site.path / "api/providers/secretive.json").exists()
    for path in site.files():
        assert CANARY.encode() not in path.read_bytes(), path
    record = json.loads(site.page("api/providers/secretive.json"))["provider"]
    assert "private" not in record and "notes" not in json.dumps(record)


def test_sitemap_covers_member_pages_with_lastmod(site):
    root = ET.fromstring(site.page("sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {u.find("s:loc", ns).text: getattr(u.find("s:lastmod", ns), "text", None)
               for u in root.findall("s:url", ns)}
    assert entries[f"{SITEURL}/providers/testfjord/"] == "2026-06-01"        # updated
    assert entries[f"{SITEURL}/providers/bare/"] == "2015-03-01"             # member_since
    assert entries[f"{SITEURL}/providers/lapsed/"] == "2026-06-01"
    assert entries[f"{SITEURL}/verify/lapsed/"] == "2026-11-29"  # expired the day before
    assert f"{SITEURL}/" in entries and f"{SITEURL}/providers/services/" in entries
    assert all(loc.startswith(SITEURL + "/") for loc in entries)
    assert list(entries) == sorted(entries)


def test_every_page_has_open_graph_tags_and_a_canonical_url(site, sample_site):
    for build, siteurl in ((site, SITEURL), (sample_site, "")):
        for path in build.pages():
            html = path.read_text(encoding="utf-8")
            relative = path.relative_to(build.path).as_posix()
            expected = siteurl + "/" + relative.removesuffix("index.html")
            assert html.count('<link rel="canonical"') == 1, relative
            assert f'<link rel="canonical" href="{expected}">' in html, relative
            assert f'<meta property="og:url" content="{expected}">' in html, relative
            for prop in ("og:title", "og:description", "og:type", "og:site_name"):
                assert re.search(rf'<meta property="{prop}" content="[^"]+">', html), (relative, prop)
    profile = site.page("providers/testfjord/index.html")
    assert '<meta property="og:title" content="Testfjord Drift AS">' in profile
    assert '<meta property="og:type" content="profile">' in profile
    assert f'<meta property="og:image" content="{SITEURL}/providers/testfjord/logo.svg">' in profile
    hostile = site.page("providers/hostile/index.html")
    assert 'content="Evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; AS"' in hostile


def test_compare_page_without_javascript_explains_and_links_to_the_directory(site):
    html = site.page("compare/index.html")
    assert "needs JavaScript" in html
    found = elements(html)
    assert ("a", {"href": f"{SITEURL}/providers/"}) in found
    app = next(attrs for tag, attrs in found if attrs.get("id") == "compare-app")
    assert app["data-source"] == f"{SITEURL}/api/providers.json"
    assert app["data-directory"] == f"{SITEURL}/providers/"
    # compare.js takes the compare page's address (COMPARE_URL) from its script element
    script = next(attrs for tag, attrs in found
                  if tag == "script" and "/assets/js/compare." in (attrs.get("src") or ""))
    assert re.fullmatch(r"[^\"]+/assets/js/compare\.[0-9a-f]{10}\.js", script["src"])
    assert script["integrity"].startswith("sha384-")
    assert script["data-compare-url"] == f"{SITEURL}/compare/"


def test_member_cards_carry_a_hidden_compare_checkbox(site):
    html = site.page("providers/index.html")
    assert ('<label class="compare-pick" hidden><input type="checkbox" '
            'data-compare-slug="testfjord" aria-label="Compare Testfjord Drift AS"> Compare'
            '</label>') in html


def test_no_inline_script_or_style_in_pages(site):
    for path in site.pages():
        html = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (path, tag)
        # (a textarea's text is not markup: the badge's embed code carries a style for the
        # embedding page, issue 26)
        html = re.sub(r"<textarea\b[^>]*>.*?</textarea>", "", html, flags=re.S)
        assert "<style" not in html and " style=" not in html and not re.search(r"\son\w+=", html)

"""Small things of issue 26 (deliverable 8): print styles for profile, verify and compare pages;
a badge that scales down inside a narrow container; records signed with a SAMPLE key shown as a
demo signature; raster logos between 64 and 2048 px on each side; wide wordmarks fitted inside
the square logo slot without distortion."""

import json
import re
import struct
import zlib

import pytest

from conftest import member_site, variant, write_profile, sign_profile
from test_badge_embed import embed, providers_dir_module  # noqa: F401
from test_records import _production, rotation  # noqa: F401

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def png(width, height):
    """A real PNG of `width` × `height` grey pixels (compressed rows of zeros)."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * ((width + 1) * height), 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


# --- print ---------------------------------------------------------------------------------------

PRINTED = {
    "profile": ("/providers/fjordlys-drift/", "main"),
    "verify": ("/verify/fjordlys-drift/", "main"),
    "compare": ("/compare/?ids=fjordlys-drift,nordkapp-nett", ".compare__table"),
}


@pytest.mark.browser
@pytest.mark.parametrize("kind", sorted(PRINTED))
def test_printed_pages_drop_navigation_and_show_addresses_statuses_and_dates(tabs, subpath_site,
                                                                            kind):
    path, ready = PRINTED[kind]
    tab = tabs()
    tab.goto(subpath_site + path)
    tab.locator(ready).first.wait_for()
    tab.emulate_media(media="print")
    try:
        for hidden in (".site-header nav", ".site-search", ".skip-link"):
            assert tab.locator(hidden).first.is_hidden(), hidden
        assert tab.locator(".breadcrumbs").count() == 0 or tab.locator(".breadcrumbs").is_hidden()
        # every link in the content is followed by its address; in-page, mail and phone links
        # and links whose text is their address are not
        after = tab.evaluate("""() => [...document.querySelectorAll('main a[href]')]
            .filter(a => a.checkVisibility())
            .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])""")
        assert len(after) >= 2
        for href, content in after:
            if href.startswith(("#", "mailto:", "tel:")):
                assert content == "none", href
            else:
                assert content in ("none", f'" <{href}>"'), (href, content)
        assert any(content == f'" <{href}>"' for href, content in after
                   if href.startswith("/directory/"))
        # the status in words, outlined; dates written out; the date the statuses were computed
        status = tab.locator("main .status").first
        assert status.is_visible() and status.inner_text() in ("Active", "Expiring soon")
        assert tab.evaluate("getComputedStyle(document.querySelector('main .status'))"
                            ".borderStyle") == "solid"
        text = tab.locator("main").inner_text()
        assert ISO_DATE.findall(text) == []
        assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
                         r"September|October|November|December) \d{4}\b", text)
        assert "statuses are as of" in tab.locator(".site-footer").inner_text().lower() or \
            "as of" in text
        pdf = tab.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
    finally:
        tab.emulate_media(media="screen")


# --- the badge in a narrow container -----------------------------------------------------------

@pytest.mark.browser
def test_the_embedded_badge_scales_down_in_a_narrow_container(tabs, embed, serve,  # noqa: F811
                                                               tmp_path):
    _, _, small, large = embed
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html lang=en><title>A narrow sidebar</title><link rel=icon href=data:,>"
        "<meta name=viewport content=\"width=device-width\">"
        f'<div class="narrow" style="width:120px">{small}{large}</div>'
        f'<p class="page">{large}</p></html>', encoding="utf-8")
    tab = tabs(viewport={"width": 320, "height": 640}, has_touch=True, is_mobile=True)
    tab.goto(serve(tmp_path) + "/index.html")
    for image in tab.locator("img").all():
        image.evaluate("img => img.decode()")
        declared = int(image.get_attribute("width")), int(image.get_attribute("height"))
        box = image.bounding_box()
        container = image.evaluate("img => img.closest('div, p').clientWidth")
        assert box["width"] <= container + 0.5, (declared, box)
        # in proportion: the declared aspect ratio, within a pixel of rounding
        assert abs(box["height"] - box["width"] * declared[1] / declared[0]) <= 1, (declared, box)
    narrow = tab.locator(".narrow img").first.bounding_box()
    assert narrow["width"] <= 120
    assert tab.evaluate("document.documentElement.scrollWidth") <= 320


# --- demo signatures ---------------------------------------------------------------------------

def test_sample_signatures_are_demo_signatures_on_verify_pages_and_in_the_json(sample_site):
    for path in sorted((sample_site.path / "api" / "providers").glob("*.json"))[:5]:
        member = json.loads(path.read_text())["provider"]
        html = sample_site.page(f"verify/{member['slug']}/index.html")
        assert html.count("data-demo-signature") == len(member["certifications"])
        assert "signed by the association on" not in html
        assert all(record["signature"]["demo"] is True for record in member["certifications"])


def test_a_signature_by_the_associations_own_key_is_not_a_demo(rotation):  # noqa: F811
    build = _production(rotation, "own-key")
    assert build.returncode == 0, build.output
    html = build.page("verify/testfjord/index.html")
    assert "signed by the association on" in html and "data-demo-signature" not in html
    member = json.loads(build.page("api/providers/testfjord.json"))["provider"]
    assert member["certifications"][0]["signature"]["demo"] is False


# --- raster logos ------------------------------------------------------------------------------

def _png_member(providers, slug, width, height):
    write_profile(providers, slug, variant(slug, f"{slug.title()} AS").replace(
        f"logo: {slug}.svg", f"logo: {slug}.png"), logo=False)
    (providers / "logos" / f"{slug}.png").write_bytes(png(width, height))
    sign_profile(providers, slug)


def test_raster_logos_must_be_64_to_2048_px_on_each_side(tmp_path, providers_dir):
    sizes = {"tiny": (8, 8), "huge": (6000, 6000), "flat": (2049, 100), "smallest": (64, 64),
             "largest": (2048, 2048)}
    for slug, (width, height) in sizes.items():
        _png_member(providers_dir, slug, width, height)
    build = member_site(tmp_path / "site", providers_dir)
    assert build.returncode != 0
    problems = [line for line in build.output.splitlines() if ": logo: " in line]
    expected = "expected an SVG without scripts, event handlers or external references, or a " \
               "PNG of 64 to 2048 px on each side, under 200 KiB"
    for slug, size in (("tiny", "8×8"), ("huge", "6000×6000"), ("flat", "2049×100")):
        line = next(p for p in problems if f"{slug}.yaml:" in p)
        assert re.fullmatch(rf".*{slug}\.yaml:7: logo: .*logos/{slug}\.png: the image is "
                            rf"{size} px; {expected}", line), line
    assert not any(slug in line for line in problems for slug in ("smallest", "largest"))
    assert len(problems) == 3


@pytest.fixture(scope="module")
def wordmark_site(tmp_path_factory, serve):
    """A member whose logo is a wide raster wordmark (400 × 100 px), served over HTTP."""
    from conftest import new_providers_dir

    providers = new_providers_dir(tmp_path_factory.mktemp("wordmark") / "providers")
    _png_member(providers, "wordmark", 400, 100)
    site = tmp_path_factory.mktemp("wordmark-site")
    build = member_site(site, providers, DIRECT_TEMPLATES=["index"])
    assert build.returncode == 0, build.output
    return serve(site)


@pytest.mark.browser
@pytest.mark.parametrize("path,selector,side", [
    ("/providers/wordmark/", ".profile__logo", 96),
    ("/providers/", ".card__logo[src$='/wordmark/logo.png']", 56),
])
def test_a_wide_wordmark_is_fitted_inside_the_square_slot(page, wordmark_site, path, selector,
                                                          side):
    response = page.goto(wordmark_site + path)
    if response.status == 404:
        pytest.skip(f"{path} is not built by the small member site")
    logo = page.locator(selector)
    logo.evaluate("img => img.decode()")
    box = logo.bounding_box()
    assert (round(box["width"]), round(box["height"])) == (side, side)  # the square slot
    assert logo.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [400, 100]
    assert logo.evaluate("img => getComputedStyle(img).objectFit") == "contain"  # not stretched
    assert page.problems == []

"""A member's badge embedded in another website, in headless Chromium.

The member site is built with an absolute SITEURL (its own HTTP server, port chosen first); the
embed code is copied from the profile page, as a member would, into a page served by a second
HTTP server on another port (another origin). Both sizes must load there, link back to the verify
page, and stand out on a light and on a dark background.
"""

import base64
import html
import re

import pytest

from conftest import member_site, new_providers_dir

pytestmark = pytest.mark.browser

BACKGROUNDS = {"light": "#ffffff", "dark": "#1b2430"}


def _snippet(profile_html, element_id):
    """The embed code in a textarea, as a visitor copies it (entities decoded)."""
    return html.unescape(re.search(rf'<textarea id="{element_id}"[^>]*>(.*?)</textarea>',
                                   profile_html, re.S)[1])


@pytest.fixture(scope="module")
def embed(tmp_path_factory, providers_dir_module, serve):
    """(member site base URL, page on another origin with the badges on light and dark)."""
    site = tmp_path_factory.mktemp("member-site") / "output"
    site.mkdir()
    base = serve(site)  # the port is known before the build, so SITEURL can be absolute
    build = member_site(site, providers_dir_module, SITEURL=base)
    assert build.returncode == 0, build.output
    profile = build.page("providers/testfjord/index.html")
    small, large = _snippet(profile, "badge-snippet"), _snippet(profile, "badge-snippet-large")
    other = tmp_path_factory.mktemp("member-own-site")
    sections = "".join(
        f'<div class="{name}" style="background:{colour};padding:24px">'
        f'<p class="small">{small}</p><p class="large">{large}</p></div>'
        for name, colour in BACKGROUNDS.items())
    (other / "index.html").write_text(
        f"<!DOCTYPE html><html lang=en><title>Testfjord's own site</title><link rel=icon href=data:,>{sections}</html>",
        encoding="utf-8")
    return base, serve(other), small, large


@pytest.fixture(scope="module")
def providers_dir_module(tmp_path_factory):
    """conftest's providers_dir (one signed profile, testfjord), once for this module."""
    return new_providers_dir(tmp_path_factory.mktemp("embed") / "providers")


def test_snippets_use_absolute_addresses(embed):
    base, _, small, large = embed
    for snippet, badge in ((small, "badge.svg"), (large, "badge-large.svg")):
        assert re.fullmatch(
            rf'<a href="{re.escape(base)}/verify/testfjord/"><img src="{re.escape(base)}'
            rf'/providers/testfjord/{badge}" alt="Testfjord Drift AS: AVMSP verified, valid until '
            r'9 January 2028\. Membership status with the Association of Verified Managed '
            r'Service Providers as of 29 November 2026\." width="\d+" height="\d+" '
            r'style="max-width:100%;height:auto"></a>', snippet)


def test_badges_load_and_link_home_from_another_origin(page, embed):
    base, elsewhere, _, _ = embed
    assert base.split(":")[-1] != elsewhere.split(":")[-1]  # two origins: two ports
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(elsewhere + "/")
    images = page.locator("img")
    assert images.count() == 4
    for i in range(4):
        image = images.nth(i)
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        # drawn at the size the snippet declares
        box = image.bounding_box()
        assert (round(box["width"]), round(box["height"])) == (
            int(image.get_attribute("width")), int(image.get_attribute("height")))
    assert any(url.startswith(base + "/providers/testfjord/badge.svg") for url in requests)
    assert any(url.startswith(base + "/providers/testfjord/badge-large.svg") for url in requests)
    page.locator(".dark .large a").click()
    page.wait_for_url(base + "/verify/testfjord/")
    assert page.locator("h1").inner_text() == "Verify Testfjord Drift AS"
    assert page.problems == []


# The badge's outline, read from a screenshot: every pixel on its edge (or one or two pixels in)
# must differ from the page behind it by a contrast of at least 3:1 (WCAG 1.4.11), except in the
# rounded corners. The screenshot is decoded by a canvas in the browser (no imaging library).
EDGE_CONTRAST = """async ([png, background]) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  const luminance = (r, g, b) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bg = luminance(...[1, 3, 5].map(i => parseInt(background.slice(i, i + 2), 16)));
  const contrast = (x, y) => {
    const i = (y * image.width + x) * 4;
    const l = luminance(data[i], data[i + 1], data[i + 2]);
    return (Math.max(l, bg) + 0.05) / (Math.min(l, bg) + 0.05);
  };
  const w = image.width, h = image.height, corner = 8, depth = 3;
  let edge = 0, seen = 0;
  const look = (points) => { edge += 1; if (Math.max(...points.map(([x, y]) => contrast(x, y))) >= 3) seen += 1; };
  for (let x = corner; x < w - corner; x++) {
    look([...Array(depth).keys()].map(d => [x, d]));
    look([...Array(depth).keys()].map(d => [x, h - 1 - d]));
  }
  for (let y = corner; y < h - corner; y++) {
    look([...Array(depth).keys()].map(d => [d, y]));
    look([...Array(depth).keys()].map(d => [w - 1 - d, y]));
  }
  return seen / edge;
}"""


@pytest.mark.parametrize("background", sorted(BACKGROUNDS))
@pytest.mark.parametrize("size", ["small", "large"])
def test_badge_stands_out_on_light_and_dark_pages(page, embed, background, size):
    _, elsewhere, _, _ = embed
    page.goto(elsewhere + "/")
    image = page.locator(f".{background} .{size} img")
    image.evaluate("img => img.decode()")
    png = base64.b64encode(image.screenshot()).decode()
    outlined = page.evaluate(EDGE_CONTRAST, [png, BACKGROUNDS[background]])
    assert outlined >= 0.98, f"{size} badge on {background}: {outlined:.0%} of its edge stands out"

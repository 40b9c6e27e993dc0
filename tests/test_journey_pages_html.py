"""Honest pages and data for the search journey, checked in the generated HTML: a pending or
expired member's pages never say "Verified members" and offer no badge snippet; the gazetteer
data file is checked like every data file (file:line errors)."""

import logging

import pytest

from conftest import (SAMPLE_CONTENT, member_site, new_providers_dir, sign_profile, variant,
                      write_profile)
from search_index.generator import load_gazetteer

EXPIRED = {"issued: 2025-01-10": "issued: 2023-01-10", "expires: 2028-01-09": "expires: 2026-01-09"}
PENDING = {"issued: 2025-01-10": "issued: 2026-12-20", "expires: 2028-01-09": "expires: 2029-12-19"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = new_providers_dir(tmp_path_factory.mktemp("honest") / "providers")
    for slug, name, change in (("lapsed", "Lapsed AS", EXPIRED), ("future", "Future AS", PENDING)):
        write_profile(folder, slug, variant(slug, name, **change))
        sign_profile(folder, slug)
    build = member_site(tmp_path_factory.mktemp("honest-out") / "output", folder)
    assert build.returncode == 0, build.output
    return build


@pytest.mark.parametrize("slug", ["lapsed", "future"])
def test_a_member_that_is_not_verified_is_never_called_verified(site, slug):
    for page in (f"providers/{slug}/index.html", f"verify/{slug}/index.html"):
        html = site.page(page)
        assert "Verified members" not in html, page
        assert 'id="badge-snippet"' not in html, page
        assert "verify-box__badge" not in html, page
    profile = site.page(f"providers/{slug}/index.html")
    assert '<a href="/providers/">Member directory</a>' in profile
    assert "is not a verified member, so it has no badge to show" in profile


def test_a_verified_member_keeps_its_badge_snippet_and_breadcrumb(site):
    html = site.page("providers/testfjord/index.html")
    assert '<a href="/providers/">Verified members</a>' in html
    # its badge, and, SITEURL being empty here, the warning in place of the embed code
    assert "verify-box__badge" in html and "data-embed-warning" in html


def test_the_gazetteer_reports_each_bad_entry_with_file_and_line(tmp_path, caplog):
    import shutil


    shutil.copy(SAMPLE_CONTENT / "data" / "gazetteer.schema.json", tmp_path)
    path = tmp_path / "gazetteer.yaml"
    path.write_text("# yaml-language-server: $schema=gazetteer.schema.json\n"
                    "countries:\n"
                    "  - country: NO\n"
                    "    places: [Oslo, Bergen]\n"
                    "  - country: XQ\n"
                    "    places: [Nowhere]\n"
                    "  - country: NO\n"
                    "    places: [Tromsø]\n"
                    "  - country: se\n"
                    "    places: [Malmö]\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        assert load_gazetteer(str(path)) == {}  # a gazetteer with problems is not used
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.endswith("gazetteer.yaml:5: countries[1].country: 'XQ' is not an ISO 3166-1 "
                             "country code; expected an assigned ISO 3166-1 alpha-2 code such "
                             "as NO, SE or GB") for line in lines), lines
    assert any("gazetteer.yaml:7: countries[2].country: 'NO' is listed twice" in line
               for line in lines), lines
    assert any("gazetteer.yaml:9: countries[3].country:" in line and "in capitals" in line
               for line in lines), lines

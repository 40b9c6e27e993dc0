"""The statistics page (/statistics/) and /api/statistics.json, from the frozen sample built on
REFERENCE_DATE: every figure equals a count made here from the sample's profile files alone; the
charts are script-free SVG with a title and description, the same bytes from build to build;
the JSON carries what the tables show; axe finds nothing serious; nothing overflows at 390 px."""

import collections
import datetime
import json
import re
import xml.etree.ElementTree as ET

import pycountry
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import REFERENCE_DATE, SAMPLE_CONTENT, SAMPLE_PROVIDERS, run_pelican
from htmlcheck import parse_html, text_of
from validation.yamlsafe import load_yaml

BUILT = datetime.date.fromisoformat(REFERENCE_DATE)
SVG = "{http://www.w3.org/2000/svg}"


def _profiles():
    """Every sample profile as plain data, its dates as dates (the sample has no revocations
    and no rejected file)."""
    profiles = [load_yaml(path.read_bytes())[0]
                for path in sorted(SAMPLE_PROVIDERS.glob("*.yaml"))]
    for profile in profiles:
        for record in profile["certifications"]:
            for field in ("issued", "expires"):
                record[field] = datetime.date.fromisoformat(str(record[field]))
    return profiles


def _in_force(record, day=BUILT):
    return record["issued"] <= day <= record["expires"]


def _verified(profiles):
    return [p for p in profiles if any(_in_force(r) for r in p["certifications"])]


def _quarter(day):
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def expected_figures():
    """{figure key: {row key: values}} counted from the profile files."""
    profiles = _profiles()
    verified = _verified(profiles)
    vocabulary = load_yaml((SAMPLE_CONTENT / "data" / "vocabulary.yaml").read_bytes())[0]
    services = collections.Counter()
    for profile in verified:
        services.update(set(profile["services"]))
    quarters = []
    year, quarter = BUILT.year, (BUILT.month - 1) // 3 + 1
    for _ in range(8):
        quarters.insert(0, f"{year}-Q{quarter}")
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    issued, lapsed = collections.Counter(), collections.Counter()
    months = [f"{BUILT.year + (BUILT.month - 1 + n) // 12}-{(BUILT.month - 1 + n) % 12 + 1:02d}"
              for n in range(12)]
    due = collections.Counter()
    for profile in profiles:
        for record in profile["certifications"]:
            if record["issued"] <= BUILT:
                issued[_quarter(record["issued"])] += 1
            if record["expires"] < BUILT:
                lapsed[_quarter(record["expires"] + datetime.timedelta(days=1))] += 1
            if _in_force(record):
                due[record["expires"].strftime("%Y-%m")] += 1
    years = collections.Counter()
    for profile in verified:
        first = min(r["issued"] for r in profile["certifications"])
        whole = BUILT.year - first.year - ((BUILT.month, BUILT.day) < (first.month, first.day))
        years[str(min(whole, 10))] += 1
    return {
        "by_country": {code: [n] for code, n in collections.Counter(
            p["headquarters"]["country"] for p in verified).items()},
        "by_service": {term["id"]: [services[term["id"]]] for term in vocabulary["services"]},
        "issued_lapsed": {q: [issued[q], lapsed[q]] for q in quarters},
        "renewals_due": {m: [due[m]] for m in months},
        "years_certified": {str(n): [years[str(n)]] for n in range(11)},
    }


def _tables(html):
    """{figure key: {row key: [values]}} of the page's data tables, and the sections."""
    root = parse_html(html)
    found = {}
    for section in root.iter("section"):
        key = section.get("aria-labelledby").removeprefix("figure-")
        rows = section.findall(".//tbody/tr")
        found[key] = {row.get("data-key"): [int(text_of(td)) for td in row.findall("td")]
                      for row in rows}
    return found


def _svgs(html):
    return [ET.fromstring(match) for match in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def test_the_tables_hold_the_counts_made_from_the_profile_files(sample_site):
    tables = _tables(sample_site.page("statistics/index.html"))
    expected = expected_figures()
    assert tables.keys() == expected.keys()
    for key, rows in expected.items():
        assert tables[key] == rows, key
    # the sample gives every figure something to show
    assert all(sum(sum(v) for v in rows.values()) > 0 for rows in expected.values())
    # the verified members counted once each by country
    assert sum(v[0] for v in tables["by_country"].values()) == len(_verified(_profiles()))


def test_the_open_data_carries_every_figure_of_the_tables(sample_site):
    document = json.loads(sample_site.page("api/statistics.json"))
    tables = _tables(sample_site.page("statistics/index.html"))
    assert document["build_date"] == REFERENCE_DATE
    assert document["verified"] == len(_verified(_profiles()))
    assert document["members"] == len(_profiles())
    assert document["figures"].keys() == tables.keys()
    for key, figure in document["figures"].items():
        assert {row["key"]: [row[s] for s in figure["series"]] for row in figure["rows"]} \
            == tables[key], key
    names = {row["key"]: row["label"] for row in document["figures"]["by_country"]["rows"]}
    for code, name in names.items():
        country = pycountry.countries.get(alpha_2=code)
        assert name == getattr(country, "common_name", None) or country.name


def test_each_chart_is_svg_with_a_title_a_description_and_nothing_executable(sample_site):
    html = sample_site.page("statistics/index.html")
    svgs = _svgs(html)
    assert len(svgs) == len(expected_figures())
    allowed = {f"{SVG}{tag}" for tag in ("svg", "title", "desc", "g", "rect", "text")}
    for svg in svgs:
        tags = {element.tag for element in svg.iter()}
        assert tags <= allowed, tags - allowed  # no script, foreignObject, image, use, a
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title.text and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        for element in svg.iter():
            assert not [name for name in element.attrib if name.lower().startswith("on")
                        or name.endswith("href")]
    assert "http://" not in html.split("<main", 1)[1].replace("http://www.w3.org/2000/svg", "")
    # the chart's bars are as long as their values say: the longest row is the largest value
    first = svgs[0]
    widths = [float(rect.get("width")) for rect in first.iter(f"{SVG}rect")]
    values = [v[0] for v in _tables(html)["by_country"].values()]
    assert [round(w / max(widths) * max(values), 6) for w in widths] == values


def test_two_builds_give_the_same_bytes(sample_site, tmp_path):
    again = run_pelican(tmp_path / "again")
    assert again.returncode == 0, again.output
    for name in ("statistics/index.html", "api/statistics.json"):
        assert (again.path / name).read_bytes() == (sample_site.path / name).read_bytes(), name


def test_the_page_is_in_the_sitemap_and_the_footer(sample_site):
    assert "<loc>/statistics/</loc>" in sample_site.page("sitemap.xml")
    assert 'href="/statistics/"' in sample_site.page("index.html")


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_axe_finding_and_nothing_wider_than_the_screen(tabs, sample_site, serve,
                                                                   width):
    base = serve(sample_site.path)
    tab = tabs(viewport={"width": width, "height": 900})
    response = tab.goto(base + "/statistics/")
    assert response.status == 200
    results = Axe().run(tab)
    serious = [violation["id"] for violation in results.response["violations"]
               if violation["impact"] in ("serious", "critical")]
    assert serious == []
    wide = tab.evaluate("""() => [...document.querySelectorAll('main *')].filter(
        e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
    ).map(e => e.tagName)""")
    assert wide == []
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    # the charts scale with the column and their text stays readable (values at 12 units: about 12 px)
    chart = tab.locator("svg.chart").first.bounding_box()
    assert chart["width"] >= min(width - 40, 300)
    assert chart["width"] / 360 * 12 >= 11.5

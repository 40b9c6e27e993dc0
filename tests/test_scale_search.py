"""Search on the generated 10,000-member site (make test-scale): the chunked index answers 200+
queries exactly as the unchunked index does, and the search page works as on the sample site."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from search_equivalence import compare, describe, typo
from bench.bench_search import make_builder
from search_site import choose, member_slugs, search, type_query, wait_for_results

pytestmark = [pytest.mark.scale, pytest.mark.browser]

SERVICE_WORDS = ("backup", "cloud", "security", "voice", "help desk", "microsoft", "compliance",
                 "network", "managed", "analytics", "print", "strategy", "disaster recovery",
                 "governance", "24/7")
FILTERS = ({"service": "backup-recovery"}, {"service": "voip"}, {"country": "NO"},
           {"country": "US"}, {"country": "JP"}, {"status": "expiring"}, {"status": "expired"},
           {"type": "article"}, {"type": "member"}, {"service": "cybersecurity", "country": "DE"})


@pytest.fixture(scope="module")
def records(scale_site):
    folder = scale_site.build.path / "search"
    entry = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    records = []
    for number in range(len(list((folder / entry["folder"] / "d").glob("*.json")))):
        records += json.loads((folder / entry["folder"] / "d" / f"{number}.json")
                              .read_text(encoding="utf-8"))
    return entry, records


@pytest.fixture(scope="module")
def site(scale_site, serve):
    return serve(scale_site.build.path)


@pytest.fixture(scope="module")
def reports(scale_site, records):
    """The report-id files of the search index (every record, lapsed ones too)."""
    folder = scale_site.build.path / "search" / records[0]["folder"] / "r"
    return [json.loads((folder / f"{n}.json").read_text(encoding="utf-8"))
            for n in range(records[0]["reports"])]


def queries(entry, records, reports=()):
    """A fixed set of queries from the generated data: names, prefixes, places, services, typos
    (at every position, first letter included), several words, filters."""
    count = entry["members"]["count"]
    members = records[:count:97][:60]  # spread over every status
    articles = records[count::41][:20]
    out = []
    for i, (slug, name, city, *_rest) in enumerate(members):
        words = [w for w in re.split(r"[\s\-]+", name.lower()) if len(w) >= 5]
        out.append({"q": name})
        out.append({"q": name.split()[0][:3 + i % 3]})
        out.append({"q": city})
        if words:
            word = words[0]
            kind = ("substitute", "delete", "insert", "swap")[i % 4]
            out.append({"q": typo(word, i % (len(word) - 1), kind)})
        if i % 3 == 0:
            out.append({"q": f"{name.split()[0]} {city}"})
    for record in articles:
        title = record[0].split()
        out.append({"q": " ".join(title[:2])})
        out.append({"q": max(title, key=len)[:5]})
    out += [{"q": word} for word in SERVICE_WORDS]
    out += [{"q": f"{word} {members[i][2]}"} for i, word in enumerate(SERVICE_WORDS[:8])]
    # report ids (of records in force and lapsed alike: r/ files) and synonyms (issue 26)
    for table in reports[:3]:
        out += [{"q": rows[0][1]} for rows in list(table.values())[:4]]
    out += [{"q": word} for word in ("hospital", "sykehus helse", "clinic backup", "law firm")]
    out += [{"q": "", "filters": {"service": ["backup-recovery", "cybersecurity"],
                                  "country": ["NO", "SE"]}},
            {"q": "cloud", "filters": {"industry": ["healthcare", "legal"], "status": "all"}}]
    for i, filters in enumerate(FILTERS):
        out.append({"q": "", "filters": filters})
        out.append({"q": SERVICE_WORDS[i], "filters": filters})
        out.append({"q": members[i][1].split()[0][:4], "filters": filters})
    return out


def test_chunked_index_answers_200_queries_as_the_unchunked_one(page, site, records, reports):
    entry, data = records
    asked = queries(entry, data, reports)
    assert sum(1 for q in asked if q["q"] and q["q"][:3].isupper()) >= 12  # report ids
    assert len(asked) >= 200
    outcome = compare(page, site, asked)
    assert outcome["differences"] == [], (
        f"{len(outcome['differences'])} of {len(asked)} queries differ:\n"
        + "\n".join(map(describe, outcome["differences"][:5])))
    assert outcome["shown"] > 20 * len(asked)  # the answers are full lists, not empty ones
    assert page.problems == []


def test_a_name_prefix_a_typo_and_a_place_find_the_member(page, site, records):
    entry, data = records
    slug, name, city = data[1234][:3]
    search(page, site, name.split()[0][:5])
    assert slug in member_slugs(page)[:20] or len(member_slugs(page)) == 20
    type_query(page, name)
    assert member_slugs(page)[0] == slug
    word = max(re.split(r"[\s\-]+", name.lower()), key=len)
    if len(word) >= 5:
        type_query(page, typo(word, 0, "substitute") + " " + city)  # the first letter wrong
        assert slug in member_slugs(page)
    assert page.problems == []


def test_facets_url_state_and_keyboard(page, site, records):
    search(page, site, "backup")
    choose(page, "country", "NO")
    page.wait_for_url(re.compile(r".*country=NO.*"))
    wait_for_results(page)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["backup"], "country": ["NO"]}
    shown = member_slugs(page)
    assert len(shown) == 20
    page.go_back()
    page.wait_for_function("() => document.querySelector('select[name=country]').value === ''")
    wait_for_results(page)
    assert member_slugs(page) != shown
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(first) + "$"))
    assert page.problems == []


def test_index_files_are_deterministic():
    first = make_builder(10000, 1000, 100).files()
    assert make_builder(10000, 1000, 100).files() == first
    assert len(first["index.json"]) < 20000  # the entry file stays small

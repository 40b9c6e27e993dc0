"""Certification history in a real build: a member with a renewal, a gap and a removed record,
from a temporary git repository with dated commits, on its verify page and in its JSON."""

import datetime
import json
import shutil
import subprocess
from types import SimpleNamespace

import pytest

from conftest import LOGO, SAMPLE_PROVIDERS, run_pelican, variant
from htmlcheck import parse_html, text_of
from test_history import commit, git

CANARY = "CANARY-history-7e3a-private"


def records(*entries):
    """Audit records as profile YAML: (standard, program, issued, expires, report_id)."""
    return "".join(
        f"  - standard: {standard}\n    program: {program}\n    issued: {issued}\n"
        f"    expires: {expires}\n    report_id: {report_id}\n"
        f"    auditor: Nordlicht Audit Partners\n"
        for standard, program, issued, expires, report_id in entries)


RUN_ONE = [("ucs", "msp-verify", "2019-01-10", "2021-01-09", "UCS-2019-0001"),
           ("ucs", "msp-verify", "2020-12-20", "2022-12-19", "UCS-2020-0002")]  # a renewal
RUN_TWO = [("ucs", "msp-verify", "2023-04-01", "2025-03-31", "UCS-2023-0003"),  # after a gap
           ("ucs", "msp-verify", "2025-04-01", "2028-03-31", "UCS-2025-0004")]  # a renewal
REMOVED = ("ucs-cloud", "cloud-verify", "2022-01-10", "2024-01-09", "UCS-2022-0099")
OLD_RECORD = """  - standard: ucs
    program: msp-verify
    issued: 2025-01-10
    expires: 2028-01-09
    report_id: UCS-2025-0001
    auditor: Nordlicht Audit Partners
"""


def profile(entries, city="Bergen", note="first"):
    text = variant("renewed", "Renewed Records AS", unique_reports=False,
                   **{"city: Bergen": f"city: {city}"})
    return text.replace(OLD_RECORD, records(*entries)) + (
        f"private:\n  notes: {CANARY} {note}\n  account_manager: {CANARY}-manager\n")


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    """providers/renewed.yaml with four dated commits, built on 2026-11-29."""
    repo = tmp_path_factory.mktemp("history-repo")
    folder = repo / "providers"
    (folder / "logos").mkdir(parents=True)
    shutil.copy(SAMPLE_PROVIDERS / "schema.json", folder / "schema.json")
    (folder / "logos" / "renewed.svg").write_text(LOGO, encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    path = folder / "renewed.yaml"
    path.write_text(profile(RUN_ONE + [REMOVED] + RUN_TWO[:1]), encoding="utf-8")
    commit(repo, "2026-03-01", "Add Renewed Records")
    path.write_text(profile(RUN_ONE + [REMOVED] + RUN_TWO[:1], note="second"), encoding="utf-8")
    commit(repo, "2026-04-01", "A private note only")
    path.write_text(profile(RUN_ONE + RUN_TWO, note="second"), encoding="utf-8")
    commit(repo, "2026-05-02", "Remove the cloud record; add the 2025 renewal")
    path.write_text(profile(RUN_ONE + RUN_TWO, city="Stavanger", note="third"), encoding="utf-8")
    commit(repo, "2026-06-10", "Move headquarters")
    builds = [run_pelican(tmp_path_factory.mktemp("history-out") / name,
                          PROVIDERS_PATH=str(folder), BUILD_DATE="2026-11-29")
              for name in ("output", "again")]
    for build in builds:
        assert build.returncode == 0, build.output
    return SimpleNamespace(site=builds[0], again=builds[1], repo=repo)


CHANGES = [
    {"date": "2026-03-01", "change": "profile added"},
    {"date": "2026-05-02", "change": "record UCS-2025-0004 added"},
    {"date": "2026-05-02", "change": "record UCS-2022-0099 removed"},
    {"date": "2026-06-10", "change": "headquarters changed"},
]


def test_json_has_certified_since_gaps_renewals_and_changes(history_site):
    site = history_site.site
    document = json.loads(site.page("api/providers/renewed.json"))
    assert document["schema_version"] == "1.3" and document["built"] == "2026-11-29"
    record = document["provider"]
    assert record["certified_since"] == "2023-04-01"
    assert record["history"] == {
        "periods": [{"from": "2019-01-10", "to": "2022-12-19"},
                    {"from": "2023-04-01", "to": "2026-11-29"}],
        "gaps": [{"from": "2022-12-20", "to": "2023-03-31"}],
        "renewals": [
            {"date": "2020-12-20", "report_id": "UCS-2020-0002",
             "previous_report_id": "UCS-2019-0001"},
            {"date": "2025-04-01", "report_id": "UCS-2025-0004",
             "previous_report_id": "UCS-2023-0003"},
        ],
        "changes": CHANGES,
        "changes_available": True,
        "changes_unavailable_reason": None,
    }
    collection = json.loads(site.page("api/providers.json"))
    assert collection["built"] == "2026-11-29"
    assert collection["providers"] == [record]


def test_verify_page_shows_since_gap_renewals_and_dated_changes(history_site):
    page = parse_html(history_site.site.page("verify/renewed/index.html"))
    section = page.find(".//section[@class='verify__history']")
    assert section is not None
    assert text_of(section.find(".//p[@class='history__since']")) == (
        "Certified since 1 April 2023, without a break up to 29 November 2026.")
    gaps = [text_of(li) for li in section.findall(".//ul[@class='history__gaps']/li")]
    assert gaps == ["No certification in force from 20 December 2022 to 31 March 2023"]
    renewals = [text_of(li) for li in section.findall(".//ul[@class='history__renewals']/li")]
    assert renewals == ["20 December 2020: UCS-2020-0002 renewed UCS-2019-0001",
                        "1 April 2025: UCS-2025-0004 renewed UCS-2023-0003"]
    changes = [text_of(li) for li in section.findall(".//ol[@class='history__changes']/li")]
    # written out for visitors, ISO in the datetime attribute
    assert changes == [f"{datetime.date.fromisoformat(c['date']):%-d %B %Y}: {c['change']}"
                       for c in CHANGES]
    assert [t.get("datetime") for t in section.findall(".//ol[@class='history__changes']/li/time")
            ] == [c["date"] for c in CHANGES]


def test_private_fields_never_appear_even_as_changed(history_site):
    site = history_site.site
    for path in site.files():
        data = path.read_bytes()
        assert CANARY.encode() not in data, path
    record = json.loads(site.page("api/providers/renewed.json"))["provider"]
    changes = " ".join(change["change"] for change in record["history"]["changes"])
    assert "private" not in changes and "note" not in changes
    # The commit that changed only the private note left no trace in the log.
    assert "2026-04-01" not in json.dumps(record)


def test_same_commit_gives_the_same_output(history_site):
    first, again = history_site.site, history_site.again
    for name in ("api/providers.json", "api/providers/renewed.json", "verify/renewed/index.html"):
        assert (first.path / name).read_bytes() == (again.path / name).read_bytes(), name


def test_shallow_clone_says_history_is_unavailable_and_builds(history_site, tmp_path):
    repo = history_site.repo
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)],
                   check=True, capture_output=True)
    build = run_pelican(tmp_path / "output", PROVIDERS_PATH=str(shallow / "providers"),
                        BUILD_DATE="2026-11-29")
    assert build.returncode == 0, build.output
    record = json.loads(build.page("api/providers/renewed.json"))["provider"]
    assert record["certified_since"] == "2023-04-01"
    assert record["history"]["changes"] == [] and not record["history"]["changes_available"]
    assert record["history"]["changes_unavailable_reason"] == (
        "this copy of the repository is a shallow clone")
    page = parse_html(build.page("verify/renewed/index.html"))
    note = page.find(".//p[@class='history__changes']")
    assert text_of(note) == (
        "History unavailable: this copy of the repository is a shallow clone.")

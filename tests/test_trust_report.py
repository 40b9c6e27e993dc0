"""`make report`: the staff certification report, its table, CSV and date handling."""

import csv
import datetime
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLE_CONTENT, variant, write_profile
from sitetools.report import main, months_before

D = datetime.date


def _cert(expires, issued="2024-03-01"):
    return {"issued: 2025-01-10": f"issued: {issued}", "expires: 2028-01-09": f"expires: {expires}"}


@pytest.fixture
def report_profiles(providers_dir):
    """testfjord (active, updated 2026-06-01) and one member per report section."""
    write_profile(providers_dir, "today", variant("today", "Expires Today AS", **_cert("2026-11-29")))
    write_profile(providers_dir, "edge90", variant("edge90", "Ninety Days AS", **_cert("2027-02-27")))
    write_profile(providers_dir, "edge91", variant("edge91", "Ninety-One Days AS",
                                                   **_cert("2027-02-28")))
    write_profile(providers_dir, "lapsed", variant("lapsed", "Lapsed AS", **_cert("2026-11-28")))
    write_profile(providers_dir, "stale", variant("stale", "Stale Profile AS", **{
        "updated: 2026-06-01": "updated: 2025-11-28"}))
    write_profile(providers_dir, "fresh", variant("fresh", "Fresh Profile AS", **{
        "updated: 2026-06-01": "updated: 2025-11-29"}))
    write_profile(providers_dir, "never", variant("never", "Never Reviewed AS", **{
        "updated: 2026-06-01\n": "", "logo: never.svg\n": ""}), logo=False)
    return providers_dir


def _run(folder, tmp_path, *args):
    path = tmp_path / "report.csv"
    code = main(["--as-of", "2026-11-29", "--csv", str(path), *args,
                 "-s", str(ROOT / "pelicanconf.py"), "-e", f'PROVIDERS_PATH="{folder}"',
                 f'PATH="{SAMPLE_CONTENT}"'])
    with open(path, encoding="utf-8", newline="") as handle:
        return code, list(csv.DictReader(handle))


def test_sections_and_csv(report_profiles, tmp_path, capsys):
    code, rows = _run(report_profiles, tmp_path)
    out = capsys.readouterr().out
    assert code == 0
    found = {(row["section"], row["slug"]) for row in rows}
    dropped = {row["slug"] for row in rows if row["section"] == "dropped"}
    assert dropped == {"lapsed"}
    found -= {("dropped", "lapsed")}
    # (these profiles are not signed: their own section lists them, tests/test_signing_cli.py)
    found = {(section, slug) for section, slug in found if section != "unsigned"}
    assert found == {
        ("expiring", "today"), ("expiring", "edge90"), ("expired", "lapsed"),
        ("stale", "stale"), ("stale", "never"), ("incomplete", "never"),
    }
    by_key = {(row["section"], row["slug"]): row for row in rows}
    assert by_key[("expiring", "today")]["days"] == "0"
    assert by_key[("expiring", "edge90")]["days"] == "90"
    assert by_key[("expired", "lapsed")]["days"] == "expired 1 day ago"
    assert by_key[("stale", "stale")]["days"] == "366 days ago"
    assert {row["email"] for row in rows} == {"hello@testfjord.example"}
    assert "report UCS-2025-0001" in by_key[("expired", "lapsed")]["detail"]
    assert by_key[("stale", "stale")]["date"] == "2025-11-28"
    assert by_key[("stale", "never")]["date"] == "2015-03-01"
    assert "member_since used" in by_key[("stale", "never")]["detail"]
    assert by_key[("incomplete", "never")]["detail"] == "missing logo"
    assert list(rows[0]) == ["section", "slug", "name", "email", "date", "days", "detail"]
    assert "Certification report as of 2026-11-29" in out
    assert "Certifications expiring within 90 days: 2" in out
    assert "Certifications already expired: 1" in out
    # lapsed was verified on 2026-10-30 (30 days before as-of, the default) and is not now
    assert "Members who dropped out of the directory since 2026-10-30: 1" in out
    assert "Profiles not updated in 12 months: 2" in out
    assert "Members missing a logo or a summary: 1" in out
    assert "Expires Today AS" in out and "CSV written to" in out


def test_days_option_and_superseded_records(report_profiles, tmp_path, capsys):
    code, rows = _run(report_profiles, tmp_path, "--days", "0")
    assert code == 0
    assert {row["slug"] for row in rows if row["section"] == "expiring"} == {"today"}
    assert "Certifications expiring within 0 days: 1" in capsys.readouterr().out


def test_default_csv_path_is_outside_the_published_output(report_profiles, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"))
    result = subprocess.run(
        [sys.executable, "-m", "sitetools.report", "--as-of", "2026-11-29",
         "-s", str(ROOT / "pelicanconf.py"), "-e", f'PROVIDERS_PATH="{report_profiles}"',
         f'PATH="{SAMPLE_CONTENT}"'],
        cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reports" / "certifications-2026-11-29.csv").is_file()


@pytest.mark.parametrize("args,message", [
    (["--as-of", "2026-02-30"], "is not a date; expected YYYY-MM-DD"),
    (["--days", "-3"], "expected a whole number of days"),
])
def test_bad_arguments_are_named(args, message, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_profiles_with_problems_are_counted(report_profiles, tmp_path, capsys):
    (report_profiles / "broken.yaml").write_text("name: [\n", encoding="utf-8")
    code, _ = _run(report_profiles, tmp_path)
    assert code == 0
    err = capsys.readouterr().err
    assert "1 problem(s) in 1 provider profile(s)" in err
    assert f"left out of this report: {report_profiles / 'broken.yaml'}." in err


def test_twelve_months_before():
    assert months_before(D(2026, 11, 29), 12) == D(2025, 11, 29)
    assert months_before(D(2028, 2, 29), 12) == D(2027, 2, 28)
    assert months_before(D(2027, 3, 31), 1) == D(2027, 2, 28)
    assert months_before(D(2027, 1, 15), 12) == D(2026, 1, 15)


def test_superseded_record_is_not_listed_as_expired(providers_dir, tmp_path):
    """An old record replaced by a newer one for the same standard and programme is history."""
    renewed = variant("renewed", "Renewed AS", **{
        "    auditor: Nordlicht Audit Partners\n": (
            "    auditor: Nordlicht Audit Partners\n"
            "  - standard: ucs\n    program: msp-verify\n    issued: 2022-01-10\n"
            "    expires: 2025-01-09\n    report_id: UCS-2022-0077\n"
            "    auditor: Nordlicht Audit Partners\n"),
    })
    write_profile(providers_dir, "renewed", renewed)
    write_profile(providers_dir, "lapsed", variant("lapsed", "Lapsed AS", **_cert("2026-11-28")))
    code, rows = _run(providers_dir, tmp_path)
    assert code == 0
    expired = [(row["slug"], row["detail"]) for row in rows if row["section"] == "expired"]
    assert expired == [("lapsed", "Unified Certification Standard (MSP Verify), report UCS-2025-0001-LAPSED")]


def test_dropped_since(report_profiles, tmp_path, capsys):
    """--since picks the date to compare with: lapsed dropped out on 2026-11-29."""
    code, rows = _run(report_profiles, tmp_path, "--since", "2026-11-28")
    assert code == 0
    dropped = [row for row in rows if row["section"] == "dropped"]
    assert [(row["slug"], row["date"], row["days"]) for row in dropped] == [
        ("lapsed", "2026-11-28", "expired 1 day ago")]
    assert dropped[0]["email"] == "hello@testfjord.example"
    assert "verified on 2026-11-28, expired now" in dropped[0]["detail"]
    code, rows = _run(report_profiles, tmp_path, "--since", "2026-11-29")
    assert not [row for row in rows if row["section"] == "dropped"]
    assert "since 2026-11-29: 0" in capsys.readouterr().out


def test_since_after_as_of_is_refused(report_profiles, tmp_path, capsys):
    code = main(["--as-of", "2026-11-29", "--since", "2026-12-01", "--csv", str(tmp_path / "r.csv"),
                 "-s", str(ROOT / "pelicanconf.py"), "-e", f'PROVIDERS_PATH="{report_profiles}"',
                 f'PATH="{SAMPLE_CONTENT}"'])
    assert code == 2
    assert "--since 2026-12-01 is after --as-of 2026-11-29" in capsys.readouterr().err

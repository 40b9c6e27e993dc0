"""Signing that staff can trust (issue 22, deliverable 5; issue 23, item 10).

`make sign-records` lists what it is about to sign and asks; YES=1 signs without asking, a run
that cannot ask refuses, DRY_RUN=1 only lists. `make report` lists the records waiting for a
signature and the members whose website or contact e-mail changed since staff signed. Every
command the tools' own messages suggest runs.
"""

import datetime
import json
import os
import re
import shlex
import subprocess

import pytest

from conftest import ROOT, SAMPLE_KEY_FILE, run_check, run_tool, variant, write_profile
from sitetools import report, sign_records

REPORT_ID = "UCS-2025-0001-NEWCOMER"


@pytest.fixture
def newcomer(providers_dir):
    """testfjord (signed) beside newcomer (not signed yet, as every new member is)."""
    write_profile(providers_dir, "newcomer", variant("newcomer", "Newcomer AS"))
    return providers_dir


def _sign(providers, *args, stdin_tty=False, answer=None, monkeypatch=None):
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-e", f'PROVIDERS_PATH="{providers}"',
            'BUILD_DATE="2026-11-29"', "--date", "2026-11-29", *args]
    return run_tool(sign_records.main, argv)


def _signature(providers, slug):
    path = providers / "signatures" / f"{slug}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def test_dry_run_lists_and_needs_no_key(newcomer, monkeypatch):
    monkeypatch.delenv("MSP_SIGNING_KEY_FILE", raising=False)
    monkeypatch.delenv("MSP_SIGNING_KEY", raising=False)
    result = _sign(newcomer, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert (f"  providers/newcomer.yaml: {REPORT_ID}: sign (Newcomer AS: ucs/msp-verify "
            "2025-01-10..2028-01-09, auditor Nordlicht Audit Partners; website "
            "https://testfjord.example, e-mail hello@testfjord.example)") in result.stdout.replace(
                str(newcomer.parent) + "/", "")
    assert "1 record(s) to sign, 1 already signed" in result.stdout
    assert result.stdout.rstrip().endswith("Dry run: nothing was signed.")
    assert _signature(newcomer, "newcomer") is None


def test_a_run_that_cannot_ask_refuses_without_yes(newcomer):
    result = _sign(newcomer, "--key-file", str(SAMPLE_KEY_FILE))
    assert result.returncode == 2
    assert ("1 record(s) listed above would be signed, and nobody can confirm it here (the input "
            "is not a terminal); read the list, then run again with YES=1") in result.stderr
    assert f"{REPORT_ID}: sign (" in result.stdout
    assert _signature(newcomer, "newcomer") is None


def test_staff_confirm_at_a_terminal():
    class Key:
        id = "association-2027"

    asked = []
    assert sign_records.confirmed(3, Key, False, ask=lambda q: asked.append(q) or "yes",
                                  interactive=True)
    assert asked == ["Sign these 3 record(s) with 'association-2027'? Type yes to sign: "]
    assert not sign_records.confirmed(3, Key, False, ask=lambda q: "n", interactive=True)
    assert sign_records.confirmed(3, Key, True, ask=None, interactive=False)


def test_yes_signs_and_records_the_contact_staff_saw(newcomer):
    result = _sign(newcomer, "--key-file", str(SAMPLE_KEY_FILE), "--yes")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"newcomer.yaml: {REPORT_ID}: signed with 'sample-2026'" in result.stdout
    document = _signature(newcomer, "newcomer")
    assert document["contact_at_signing"] == {
        "website": "https://testfjord.example", "email": "hello@testfjord.example",
        "signed_on": "2026-11-29"}
    assert [entry["report_id"] for entry in document["records"]] == [REPORT_ID]
    # nothing left: the next run signs nothing and does not ask
    again = _sign(newcomer, "--key-file", str(SAMPLE_KEY_FILE))
    assert again.returncode == 0 and "Nothing to sign." in again.stdout


def _report(providers, tmp_path):
    path = tmp_path / "report.csv"
    result = run_tool(report.main, ["--as-of", "2026-11-29", "--csv", str(path), "-s",
                                    str(ROOT / "pelicanconf.py"), "-e",
                                    f'PROVIDERS_PATH="{providers}"'])
    return result, path.read_text(encoding="utf-8")


def test_report_lists_records_waiting_for_a_signature(newcomer, tmp_path):
    result, csv_text = _report(newcomer, tmp_path)
    assert result.returncode == 0
    assert "Records waiting for a signature (make sign-records): 1" in result.stdout
    assert re.search(rf"\n  newcomer +Newcomer AS .*report {REPORT_ID}: not signed yet\n",
                     result.stdout)
    assert "unsigned,newcomer,Newcomer AS,hello@testfjord.example,,," in csv_text


def test_report_lists_a_contact_changed_since_signing(newcomer, tmp_path):
    assert _sign(newcomer, "--key-file", str(SAMPLE_KEY_FILE), "--yes").returncode == 0
    profile = newcomer / "newcomer.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "website: https://testfjord.example", "website: https://elsewhere.example").replace(
        "email: hello@testfjord.example", "email: sales@elsewhere.example"), encoding="utf-8")
    result, csv_text = _report(newcomer, tmp_path)
    assert ("Members whose website or contact e-mail changed since their records were signed: 1"
            in result.stdout)
    assert ("contact,newcomer,Newcomer AS,sales@elsewhere.example,2026-11-29,0,website "
            "https://testfjord.example -> https://elsewhere.example; email "
            "hello@testfjord.example -> sales@elsewhere.example (signed then)") in csv_text
    # the records stay signed: the website and e-mail are not signed, only recorded
    assert "Records waiting for a signature (make sign-records): 0" in result.stdout
    # a signed record changed afterwards waits for a new signature, and says why
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "expires: 2028-01-09", "expires: 2027-12-31"), encoding="utf-8")
    result, _ = _report(newcomer, tmp_path)
    assert re.search(rf"\n  newcomer +Newcomer AS .*report {REPORT_ID}: changed since it was "
                     r"signed\n", result.stdout)


@pytest.mark.parametrize(("day", "words"), [
    (datetime.date(2026, 11, 28), "1 day ago"), (datetime.date(2025, 10, 14), "411 days ago"),
    (datetime.date(2026, 11, 18), "11 days ago"), (datetime.date(2026, 11, 30), "1")])
def test_days_are_counted_in_words(day, words):
    assert report.days_text(day, datetime.date(2026, 11, 29)) == words


# -- every command the tools' messages suggest runs ----------------------------------------------

def _suggested(text):
    """The `make ...` commands a message suggests (target, then NAME=value words)."""
    return sorted(set(re.findall(r"make [a-z][a-z-]*(?: [A-Z_]+=[^\s;,)]+)*", text)))


def test_every_command_the_unsigned_note_suggests_works(newcomer, tmp_path):
    code, printed = run_check(PROVIDERS_PATH=str(newcomer))
    assert code == 0, printed
    commands = _suggested(printed)
    assert commands == ["make report", "make sign-records", "make sign-records DRY_RUN=1"]
    options = f"PELICANOPTS=-e PROVIDERS_PATH='\"{newcomer}\"' BUILD_DATE='\"2026-11-29\"'"
    extra = {"make report": [f"CSV={tmp_path / 'r.csv'}", "AS_OF=2026-11-29"],
             # (signing needs the key and a confirmation: shown here as a script would run it)
             "make sign-records": [f"KEY_FILE={SAMPLE_KEY_FILE}", "YES=1"]}
    env = {key: value for key, value in os.environ.items()
           if key not in ("MSP_SIGNING_KEY_FILE", "MSP_SIGNING_KEY")}
    for command in sorted(commands, key=lambda command: command == "make sign-records"):
        words = shlex.split(command) + extra.get(command, []) + [options]
        result = subprocess.run(words, cwd=ROOT, capture_output=True, text=True, timeout=300,
                                env=env)
        assert result.returncode == 0, (command, result.stdout + result.stderr)
        if command != "make sign-records":
            assert REPORT_ID in result.stdout, (command, result.stdout)
    assert _signature(newcomer, "newcomer")["records"][0]["report_id"] == REPORT_ID


def test_listing_each_unsigned_record_as_a_production_check(newcomer):
    """The form the guides document for one problem line per unsigned record: make hands
    PELICANOPTS to the shell, so the JSON string's quotes are inside the shell's quotes."""
    options = (f"PELICANOPTS=-e RECORD_SIGNATURES='\"required\"' "
               f"PROVIDERS_PATH='\"{newcomer}\"' BUILD_DATE='\"2026-11-29\"'")
    result = subprocess.run(["make", "check", options], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0  # (the problems found)
    assert "Invalid JSON value" not in result.stderr
    assert (f"{newcomer / 'newcomer.yaml'}:21: certifications[0]: report {REPORT_ID} is not "
            "signed by the association") in result.stdout + result.stderr

"""Revocation (issue 23, item 6): staff withdraw or suspend one record, and no replay from git
history brings it back.

`make revoke` writes the association's signed revocation list with a version that rises at every
change; a production build refuses a list older than MSP_REVOCATIONS_MIN_VERSION (the publish
environment's, outside the repository), a missing list when a minimum is set, and a list whose
signature is not believed. A withdrawn or suspended record is shown as such on the verify page,
in the badge and in the open data, never dropped.
"""

import csv
import io
import json

import pytest

from conftest import (ALLOW_SAMPLE, ROOT, SAMPLE_KEY_FILE, SECOND_RECORD, member_site, run_tool,
                      sign_profile, variant, write_profile)
from sitetools import revoke

REPORT = "UCS-2025-0001"
OTHER_REPORT = "UCS-2025-0001-OTHER"
REASON = "The auditor withdrew the report after a follow-up visit."


@pytest.fixture
def case(tmp_path, providers_dir):
    """testfjord (signed) and other (signed), with a revocation list path of their own."""
    write_profile(providers_dir, "other", variant("other", "Other Drift AS"))
    sign_profile(providers_dir, "other")
    return {"providers": providers_dir, "list": tmp_path / "data" / "revocations.yaml",
            "tmp": tmp_path}


def _revoke(case, slug, report, status, reason=REASON, *extra):
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-e", f'PROVIDERS_PATH="{case["providers"]}"',
            f'RECORD_REVOCATIONS_PATH="{case["list"]}"', "--slug", slug, "--report", report,
            "--status", status, "--reason", reason, "--key-file", str(SAMPLE_KEY_FILE),
            "--date", "2026-11-20", "--yes", *extra]
    return run_tool(revoke.main, argv)


def _build(case, name, settings="publishconf.py", **overrides):
    return member_site(case["tmp"] / name, case["providers"], settings,
                       RECORD_REVOCATIONS_PATH=str(case["list"]), SITEURL="https://a.example",
                       **{**ALLOW_SAMPLE, **overrides})


def test_a_withdrawn_record_is_shown_withdrawn_everywhere(case):
    # testfjord also has an expired record (which can never come back into force)
    profile = case["providers"] / "testfjord.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "    auditor: Nordlicht Audit Partners\n", SECOND_RECORD, 1), encoding="utf-8")
    sign_profile(case["providers"], "testfjord")
    result = _revoke(case, "testfjord", REPORT, "withdrawn")
    assert result.returncode == 0, result.stderr
    assert "Revocation list version 1 written to" in result.stdout
    assert "set MSP_REVOCATIONS_MIN_VERSION=1 in the publish environment" in result.stdout
    build = _build(case, "site", RECORD_REVOCATIONS_MIN_VERSION=1)
    assert build.returncode == 0, build.output
    verify = build.page("verify/testfjord/index.html")
    assert ('<strong>Testfjord Drift AS is not a verified member.</strong> The association '
            'withdrew its certification on <time datetime="2026-11-20">20 November 2026</time>: '
            f'{REASON}') in verify
    assert f'data-report="{REPORT}" data-signed="yes" data-revoked="withdrawn"' in verify
    # the status badges carry no dates for the browser to re-check: nothing revives it
    assert '<span class="status status--withdrawn">Withdrawn</span>' in verify
    assert 'data-status="withdrawn"' not in verify.split('class="verify__verdict', 1)[1].split(
        "</section>", 1)[0]
    badge = build.page("providers/testfjord/badge.svg")
    assert "certification withdrawn" in badge
    member = json.loads(build.page("api/providers/testfjord.json"))["provider"]
    assert member["status"] == "withdrawn" and member["verified"] is False
    assert member["certifications"][0]["status"] == "withdrawn"
    assert member["certifications"][0]["revocation"] == {
        "status": "withdrawn", "date": "2026-11-20", "reason": REASON}
    assert member["certifications"][0]["signature"] is not None  # kept, not dropped
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(build.page("providers.csv")))}
    assert rows["testfjord"]["status"] == "withdrawn"
    assert "2025-01-10..2028-01-09 withdrawn" in rows["testfjord"]["certifications"]
    # a withdrawn record beside an expired one: the member's badge stays "Withdrawn" in the
    # browser too (no dates to re-check), the expired record's keeps its dates
    assert "data-records" not in verify.split('<p><span class="status status--withdrawn"', 1)[1]\
        .split("</span>", 1)[0]
    assert ('<span class="status status--expired" data-status="expired" '
            'data-records="2022-01-10/2024-01-09">Expired</span>') in verify
    # the other member is untouched
    assert json.loads(build.page("api/providers/other.json"))["provider"]["status"] == "active"


def test_a_suspension_is_lifted_and_every_change_raises_the_version(case):
    assert _revoke(case, "testfjord", REPORT, "suspended").returncode == 0
    suspended = _build(case, "suspended", RECORD_REVOCATIONS_MIN_VERSION=1)
    assert suspended.returncode == 0, suspended.output
    assert "certification suspended" in suspended.page("providers/testfjord/badge.svg")
    assert "Suspended" in suspended.page("providers/testfjord/index.html")
    lifted = _revoke(case, "testfjord", REPORT, "reinstated", "")
    assert lifted.returncode == 0, lifted.stderr
    assert "version 2 written" in lifted.stdout
    again = _build(case, "lifted", RECORD_REVOCATIONS_MIN_VERSION=2)
    assert again.returncode == 0, again.output
    assert json.loads(again.page("api/providers/testfjord.json"))["provider"]["verified"] is True


def test_replaying_an_older_state_from_history_fails_the_production_build(case):
    # history: version 1 suspends the other member's record; version 2 withdraws testfjord's
    assert _revoke(case, "other", OTHER_REPORT, "suspended").returncode == 0
    old_list = case["list"].read_text(encoding="utf-8")
    assert _revoke(case, "testfjord", REPORT, "withdrawn").returncode == 0
    # the replay: the old list back (testfjord's profile and signature never changed)
    case["list"].write_text(old_list, encoding="utf-8")
    replay = _build(case, "replay", RECORD_REVOCATIONS_MIN_VERSION="2")
    assert replay.returncode != 0
    assert (f"{case['list']}:5: version: version 1 is older than the lowest this build accepts, "
            "2; an older list may leave out records the association has since withdrawn; "
            "expected the current list, version 2 or later (MSP_REVOCATIONS_MIN_VERSION in the "
            "publish environment)") in replay.output
    # ... and deleting the list is no better
    case["list"].unlink()
    deleted = _build(case, "deleted", RECORD_REVOCATIONS_MIN_VERSION="2")
    assert deleted.returncode != 0
    assert (f"{case['list']}: version: the revocation list is missing; expected version 2 or "
            "later") in deleted.output


def test_a_list_changed_by_hand_or_signed_by_an_untrusted_key_is_refused(case, tmp_path):
    assert _revoke(case, "testfjord", REPORT, "suspended").returncode == 0
    text = case["list"].read_text(encoding="utf-8")
    # an editor "lifts" the suspension by editing the list
    case["list"].write_text(text.replace('"suspended"', '"withdrawn"'), encoding="utf-8")
    edited = _build(case, "edited")
    assert edited.returncode != 0
    assert (f"{case['list']}:" in edited.output and "signature: the signature does not verify: "
            "the list was changed after it was signed" in edited.output)
    # a development build still shows what the list revokes (it can only take trust away)
    development = _build(case, "development", "pelicanconf.py")
    assert development.returncode == 0, development.output
    assert "certification withdrawn" in development.page("providers/testfjord/badge.svg")
    # the SAMPLE key signed it: a production build that does not allow the sample refuses it
    case["list"].write_text(text, encoding="utf-8")
    sample = _build(case, "sample", RECORD_ALLOW_SAMPLE_KEYS=False)
    assert sample.returncode != 0
    assert (f"{case['list']}:" in sample.output
            and "signature: signed with the SAMPLE key 'sample-2026'" in sample.output)


@pytest.mark.parametrize(("slug", "report", "status", "reason", "error"), [
    ("testfjord", "NO-SUCH-REPORT", "withdrawn", REASON,
     "has no record with the report id 'NO-SUCH-REPORT'; its report ids: UCS-2025-0001"),
    ("nobody", REPORT, "withdrawn", REASON, "no readable profile"),
    ("testfjord", REPORT, "cancelled", REASON,
     "STATUS='cancelled'; expected withdrawn, suspended or reinstated"),
    ("testfjord", REPORT, "withdrawn", "   ", "REASON is empty"),
    ("testfjord", REPORT, "reinstated", "", "is not withdrawn or suspended"),
])
def test_revoke_refuses_what_makes_no_sense(case, slug, report, status, reason, error):
    result = _revoke(case, slug, report, status, reason)
    assert result.returncode == 2
    assert error in result.stderr
    assert not case["list"].exists()


def test_a_withdrawn_record_is_final(case):
    assert _revoke(case, "testfjord", REPORT, "withdrawn").returncode == 0
    result = _revoke(case, "testfjord", REPORT, "reinstated", "")
    assert result.returncode == 2
    assert "a withdrawn record is final" in result.stderr


def test_revoke_asks_unless_yes(case):
    argv = ["-s", str(ROOT / "pelicanconf.py"), "-e", f'PROVIDERS_PATH="{case["providers"]}"',
            f'RECORD_REVOCATIONS_PATH="{case["list"]}"', "--slug", "testfjord", "--report",
            REPORT, "--status", "withdrawn", "--reason", REASON, "--key-file",
            str(SAMPLE_KEY_FILE)]
    result = run_tool(revoke.main, argv)
    assert result.returncode == 2 and "run again with YES=1" in result.stderr
    assert not case["list"].exists()


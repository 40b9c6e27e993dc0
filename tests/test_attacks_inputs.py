"""Security round 2 (issue 23), input hardening: each attack a pull request could make with
content alone, built into a fixture site (never the association's own content) on a pinned
BUILD_DATE, and what the build and `make check` do with it now."""

import json
import os
import subprocess

import pytest

from conftest import (
    LOGO, REFERENCE_DATE, VALID_PROFILE, member_site, new_providers_dir, sign_profile,
)
from htmlcheck import parse_html, text_of

# Characters no page, feed or JSON may carry from a contributor's text.
HOSTILE = ("\u202e", "\x07")
# 10000-01-01T00:00:00Z (the issue's @253402300800, with a zone as git 2.39 wants it): git
# accepts it, Python's datetime cannot hold it
YEAR_10000 = "@253402300800 +0000"


def git(repo, *args, date="2026-03-01T12:00:00+00:00"):
    env = dict(os.environ, GIT_AUTHOR_NAME="Editor", GIT_AUTHOR_EMAIL="editor@example.org",
               GIT_COMMITTER_NAME="Editor", GIT_COMMITTER_EMAIL="editor@example.org",
               GIT_AUTHOR_DATE="2026-03-01T12:00:00+00:00", GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, env=env,
                          capture_output=True, text=True).stdout


def commit(repo, message, date="2026-03-01T12:00:00+00:00"):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


# --- 2 and 12: git history cannot break or poison a build ------------------------------------

@pytest.fixture(scope="module")
def hostile_history(tmp_path_factory):
    """providers/testfjord.yaml with an intermediate commit whose report id carries U+202E and
    BEL, and a last commit dated in the year 10000; built as `make html` builds."""
    repo = tmp_path_factory.mktemp("hostile-history")
    folder = new_providers_dir(repo / "providers")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Add Testfjord")
    profile = folder / "testfjord.yaml"
    profile.write_text(VALID_PROFILE.replace(
        "report_id: UCS-2025-0001", 'report_id: "UCS-2025-0001\\u202E\\a-LIVE"'), encoding="utf-8")
    commit(repo, "An intermediate report id with an override and a bell",
           date="2026-04-01T12:00:00+00:00")
    profile.write_text(VALID_PROFILE, encoding="utf-8")
    commit(repo, "Back to the signed record", date="2026-04-02T12:00:00+00:00")
    profile.write_text(VALID_PROFILE.replace("city: Bergen", "city: Stavanger"), encoding="utf-8")
    sign_profile(folder, "testfjord")
    commit(repo, "Dated in the year 10000", date=YEAR_10000)
    assert "10000-01-01" in git(repo, "log", "-1", "--format=%cs")
    return member_site(tmp_path_factory.mktemp("hostile-history-out"), folder)


def test_a_commit_dated_in_the_year_10000_builds_and_says_history_unavailable(hostile_history):
    build = hostile_history
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output and "isoformat" not in build.output
    page = parse_html(build.page("verify/testfjord/index.html"))
    changes = [text_of(item) for item in page.iterfind(".//ol[@class='history__changes']/li")]
    assert changes[0].endswith(": profile added")
    assert changes[-1] == "Date unknown: History unavailable"
    record = json.loads(build.page("api/providers/testfjord.json"))["provider"]
    assert record["history"]["changes"][-1] == {"date": None, "change": "History unavailable"}
    assert record["history"]["changes_available"] is True


def test_text_from_history_passes_the_text_rules(hostile_history):
    build = hostile_history
    verify = build.page("verify/testfjord/index.html")
    document = build.page("api/providers/testfjord.json")
    for character in HOSTILE:
        assert character not in verify and character not in json.loads(document).__repr__()
    assert "\\u202e" not in document.lower() and "\\u0007" not in document
    changes = json.loads(document)["provider"]["history"]["changes"]
    # the intermediate record's added and removed entries are unreadable text, said as such
    assert {"date": "2026-04-01", "change": "History unavailable"} in changes
    assert {"date": "2026-04-01", "change": "record UCS-2025-0001 removed"} in changes
    assert {"date": "2026-04-02", "change": "record UCS-2025-0001 added"} in changes

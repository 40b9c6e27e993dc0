"""Certification history: runs, gaps and renewals from records; the change log from git."""

import datetime
import os
import subprocess
from types import SimpleNamespace

import pytest

from conftest import VALID_PROFILE
from validation.yamlsafe import load_yaml
from trust.history import Change, GitHistory, Period, Renewal, record_history

D = datetime.date.fromisoformat


def rec(report_id, issued, expires, standard="ucs", program="msp-verify"):
    return SimpleNamespace(report_id=report_id, issued=D(issued), expires=D(expires),
                           standard=standard, program=program)


def test_renewal_gap_and_certified_since():
    records = [
        rec("A-2019", "2019-01-01", "2020-12-31"),
        rec("A-2021", "2020-12-15", "2022-12-31"),   # renews A-2019 before it lapses
        rec("A-2023", "2023-03-01", "2025-02-28"),   # after a gap: starts afresh
        rec("A-2025", "2025-03-01", "2027-02-28"),   # renews A-2023 the day after
        rec("C-2024", "2024-01-01", "2026-01-01", "ucs-cloud", "cloud-verify"),
        rec("A-2027", "2027-02-01", "2029-01-31"),   # issued after the build date: pending
    ]
    history = record_history(records, D("2026-11-29"))
    assert history.certified_since == D("2023-03-01")
    assert history.periods == (Period(D("2019-01-01"), D("2022-12-31")),
                               Period(D("2023-03-01"), D("2026-11-29")))
    assert history.gaps == (Period(D("2023-01-01"), D("2023-02-28")),)
    assert history.renewals == (Renewal(D("2020-12-15"), "A-2021", "A-2019"),
                                Renewal(D("2025-03-01"), "A-2025", "A-2023"))


def test_lapsed_and_pending_members_are_not_certified():
    lapsed = record_history([rec("A", "2020-01-01", "2026-11-28")], D("2026-11-29"))
    assert lapsed.certified_since is None and lapsed.gaps == () and lapsed.renewals == ()
    pending = record_history([rec("B", "2026-12-01", "2028-11-30")], D("2026-11-29"))
    assert pending.certified_since is None and pending.periods == ()
    last_day = record_history([rec("A", "2020-01-01", "2026-11-29")], D("2026-11-29"))
    assert last_day.certified_since == D("2020-01-01")


def git(folder, *args, day=None):
    env = dict(os.environ, GIT_AUTHOR_NAME="Staff", GIT_AUTHOR_EMAIL="staff@example.org",
               GIT_COMMITTER_NAME="Staff", GIT_COMMITTER_EMAIL="staff@example.org")
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    return subprocess.run(["git", "-C", str(folder), *args], check=True, env=env,
                          capture_output=True, text=True).stdout


def commit(repo, day, message):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, day=day)


SECOND = """  - standard: ucs
    program: msp-verify
    issued: 2023-01-10
    expires: 2025-01-09
    report_id: UCS-2023-0101
    auditor: Nordlicht Audit Partners
contact:"""


@pytest.fixture
def history_repo(tmp_path):
    """A repository whose providers/testfjord.yaml has five dated commits."""
    repo = tmp_path / "repo"
    providers = repo / "providers"
    providers.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    profile = providers / "testfjord.yaml"
    with_second = VALID_PROFILE.replace("contact:", SECOND, 1)
    with_private = with_second + "private:\n  notes: first note\n"
    profile.write_text(with_private, encoding="utf-8")
    (providers / "README.md").write_text("not a profile\n")
    commit(repo, "2026-03-01", "Add Testfjord")
    profile.write_text(with_private.replace("first note", "second note"), encoding="utf-8")
    commit(repo, "2026-04-01", "Private note only")
    profile.write_text(VALID_PROFILE + "private:\n  notes: second note\n", encoding="utf-8")
    commit(repo, "2026-05-02", "Remove the 2023 record")
    profile.write_text(VALID_PROFILE.replace("city: Bergen", "city: Stavanger")
                       .replace("expires: 2028-01-09", "expires: 2028-06-30"), encoding="utf-8")
    commit(repo, "2026-06-10", "Move headquarters; correct the expiry")
    (providers / "other.yaml").write_text("name: [broken\n", encoding="utf-8")
    commit(repo, "2026-07-01", "An unreadable profile is skipped, not fatal")
    return repo


def load(data):
    return load_yaml(data)[0]


def test_git_change_log_names_public_changes_only(history_repo):
    log = GitHistory(history_repo / "providers", load).read()
    assert log.available and log.reason == ""
    assert log.of("testfjord.yaml") == (
        Change(D("2026-03-01"), "profile added"),
        Change(D("2026-05-02"), "record UCS-2023-0101 removed"),
        Change(D("2026-06-10"), "record UCS-2025-0001: expires changed"),
        Change(D("2026-06-10"), "headquarters changed"),
    )
    texts = " ".join(change.text for change in log.of("testfjord.yaml"))
    assert "private" not in texts and "note" not in texts
    assert log.of("other.yaml") == () and log.of("README.md") == ()
    # Reproducible: the same commit gives the same log.
    assert GitHistory(history_repo / "providers", load).read() == log


def test_shallow_clone_and_no_repository_say_unavailable(history_repo, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history_repo}", str(shallow)],
                   check=True, capture_output=True)
    log = GitHistory(shallow / "providers", load).read()
    assert not log.available and "shallow clone" in log.reason and log.changes == {}
    plain = tmp_path / "plain"
    plain.mkdir()
    log = GitHistory(plain, load).read()
    assert not log.available and "not in a git repository" in log.reason

"""Incremental builds: after any edit, a build from the previous output is byte-identical to a
cold build of the same sources, leaves the previous output untouched, and renders again only
what the edit changed."""

import os
import shutil
import subprocess

import pytest
from incremental import EditableSite, differences, tree

MEMBERS = 300
EDITS = 30


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return EditableSite(tmp_path_factory.mktemp("incremental"), MEMBERS)


def linked(folder):
    """Files of `folder` that are hard links to a previous build's file."""
    return {os.path.relpath(os.path.join(root, name), folder)
            for root, _, files in os.walk(folder) for name in files
            if os.stat(os.path.join(root, name)).st_nlink > 1}


def test_each_kind_of_edit_then_a_seeded_random_sequence_matches_a_cold_build(site, tmp_path):
    previous = site.build(tmp_path / "build-0")
    kinds = [edit for edit in dict.fromkeys(EditableSite.EDITS)]
    sequence = kinds + [None] * (EDITS - len(kinds))
    for step, kind in enumerate(sequence, start=1):
        done = getattr(site, kind)() if kind else site.random_edit()
        before = tree(previous)
        incremental = site.build(tmp_path / f"build-{step}", previous=previous)
        cold = site.build(tmp_path / f"cold-{step}")
        assert differences(incremental, cold) == [], f"step {step}: {done}"
        assert tree(previous) == before, f"step {step}: {done} changed the previous output"
        if done.startswith("summary of"):
            # one member's pages and the listings that show it; the rest are reused
            reused = linked(incremental)
            member_pages = [path for path in tree(incremental) if path.startswith("providers/m")]
            assert len([p for p in member_pages if p in reused]) >= len(member_pages) - 8, done
        previous = incremental
        for old in tmp_path.glob(f"*-{step - 1}"):
            shutil.rmtree(old)


def test_a_changed_template_renders_everything_again(site, tmp_path):
    first = site.build(tmp_path / "first")
    site.edit_template()
    second = site.build(tmp_path / "second", previous=first)
    assert not [path for path in linked(second) if path.endswith(".html")]
    assert differences(second, site.build(tmp_path / "cold")) == []


def test_without_a_previous_manifest_the_build_is_cold(site, tmp_path):
    first = site.build(tmp_path / "first")
    shutil.rmtree(first / ".build-manifest")  # the manifests and the members kept
    second = site.build(tmp_path / "second", previous=first)
    assert linked(second) == set()


def _git(folder, *args, date):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=folder, env=env, check=True,
                   capture_output=True)


def test_a_new_commit_renders_verify_pages_and_records_again(tmp_path):
    """Certification history comes from git (plugins/trust/history.py), not from the profile's
    bytes: committing an edit already built changes the verify page's change log and the JSON
    records, and an incremental build must not keep the old ones."""
    site = EditableSite(tmp_path / "site", 20)
    _git(site.providers, "init", "-q", date="2026-01-10T12:00:00+00:00")
    _git(site.providers, "add", "-A", date="2026-01-10T12:00:00+00:00")
    _git(site.providers, "commit", "-q", "-m", "members", date="2026-01-10T12:00:00+00:00")
    edited = site.edit_summary().rsplit(" ", 1)[-1]
    first = site.build(tmp_path / "first")  # the edit is in the folder, not yet in git
    _git(site.providers, "commit", "-q", "-a", "-m", "summary", date="2026-02-10T12:00:00+00:00")
    second = site.build(tmp_path / "second", previous=first)
    assert differences(second, site.build(tmp_path / "cold")) == []
    slug = edited.rsplit(".", 1)[0]
    changed = {path for path in differences(first, second) if slug in path}
    assert {f"verify/{slug}/index.html", f"api/providers/{slug}.json"} <= changed, changed

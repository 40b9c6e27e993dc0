"""Incremental builds: after any edit, a build from the previous output is byte-identical to a
cold build of the same sources, leaves the previous output untouched, and renders again only
what the edit changed.

The seeded sequence of EDITS edits (each kind once, then random ones) on a site of MEMBERS
members runs in PARTS parts, which xdist may run on different workers: the sources after k edits
are the same wherever they are replayed (tests/incremental.py). A part replays the edits before
its first step, builds that state cold, and then chains its steps: each edit is built from the
previous incremental output and compared with a cold build of the same sources. (A cold build is
tied to the folder of its sources, which the build key records, so the parts do not share them.)
"""

import os
import shutil
import subprocess

import pytest
from conftest import SAMPLE_PROVIDERS
from incremental import EditableSite, Snapshot, differences, linked

MEMBERS = 300  # the sample members and generated ones
SYNTHETIC = MEMBERS - len(list((SAMPLE_PROVIDERS).glob("*.yaml")))
EDITS = 30
PARTS = 3
STEPS = EDITS // PARTS


def _check_what_was_rendered(done, incremental, found):
    if done.startswith("summary of"):
        # one member's pages and the listings that show it; the rest are reused
        reused = linked(incremental)
        member_pages = [path for path in found if path.startswith("providers/m")]
        assert len([p for p in member_pages if p in reused]) >= len(member_pages) - 8, done
    if done.startswith("template"):
        # a changed template renders every page again
        assert not [path for path in linked(incremental) if path.endswith(".html")], done


def _check_part(part, tmp_path):
    site = EditableSite(tmp_path / "site", SYNTHETIC)
    site.replay(part * STEPS)
    previous = site.build(tmp_path / "start", BUILD_WORKERS=1)
    before = Snapshot(previous)
    if part == 0:
        assert len([path for path in before.stats if path.startswith("api/providers/")]) >= MEMBERS
    for step in range(part * STEPS + 1, (part + 1) * STEPS + 1):
        done = site.edit(step)
        # rendered in one process or in two (forked workers): the same bytes either way
        incremental = site.build(tmp_path / f"build-{step}", previous=previous,
                                 BUILD_WORKERS=1 + step % 2)
        found = Snapshot(incremental, reuse=before)
        cold = site.build(tmp_path / f"cold-{step}", BUILD_WORKERS=1)
        assert differences(found.hashes, Snapshot(cold).hashes) == [], f"step {step}: {done}"
        assert Snapshot(previous).stats == before.stats, \
            f"step {step}: {done} changed the previous output"
        _check_what_was_rendered(done, incremental, found.hashes)
        shutil.rmtree(cold)
        shutil.rmtree(previous)
        previous, before = incremental, found
    if part == PARTS - 1:
        # without the previous build's manifest nothing is reused, and the build is the same
        shutil.rmtree(previous / ".build-manifest")  # the manifests and the members kept
        again = site.build(tmp_path / "no-manifest", previous=previous)
        assert linked(again) == set()
        assert differences(again, before.hashes) == []


class SequencePart:
    """One part of the sequence. Each part is a class of its own, TestSequencePart<n>, because
    pytest-xdist's --dist loadscope hands a class to one worker (and a module's functions to
    one worker): the parts can run side by side."""

    part = None

    def test_a_seeded_sequence_of_edits_matches_cold_builds(self, tmp_path):
        _check_part(self.part, tmp_path)


for _part in range(PARTS):
    globals()[f"TestSequencePart{_part}"] = pytest.mark.heavy(
        type(f"TestSequencePart{_part}", (SequencePart,), {"part": _part}))


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

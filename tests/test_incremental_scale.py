"""Incremental builds at scale (make test-scale): on 10,000 generated members, a build from the
previous output after an edit is byte-identical to a cold build, and renders again only the
files that show what changed."""

import shutil

import pytest
from incremental import EditableSite, differences
from test_incremental import linked

pytestmark = pytest.mark.scale

MEMBERS = 10000


def test_incremental_builds_match_cold_builds_on_ten_thousand_members(tmp_path):
    site = EditableSite(tmp_path / "site", MEMBERS, seed=10000)
    previous = site.build(tmp_path / "build-0")
    for step, edit in enumerate(("edit_summary", "add_member", "rename_member",
                                 "edit_build_date", "edit_summary"), start=1):
        done = getattr(site, edit)()
        incremental = site.build(tmp_path / f"build-{step}", previous=previous)
        cold = site.build(tmp_path / f"cold-{step}")
        assert differences(incremental, cold) == [], f"step {step}: {done}"
        if edit == "edit_summary":
            # about 4 files per member: all but the edited member's and a few listings reused
            assert len(linked(incremental)) > 4 * MEMBERS - 100, done
        shutil.rmtree(cold)
        shutil.rmtree(previous)
        previous = incremental

"""Incremental builds at scale (make test-scale): on the shared generated site (10,000 synthetic
members beside the sample ones, 1,000 articles; tests/scale_site.py), a build from the previous
output after an edit is byte-identical to a cold build, and renders again only the files that
show what changed.

The first previous output is the `scale_site` fixture's own build: the edits are made to that
site's providers/ folder (built with the same settings, so the build key matches and unchanged
files are reused), and the folder is put back as it was when the test ends, for the other scale
tests."""

import random
import shutil
from pathlib import Path

import pytest
from conftest import REFERENCE_DATE, ROOT, run_pelican_command
from incremental import EditableSite, differences, linked
from bench.synthetic import SyntheticDirectory

pytestmark = pytest.mark.scale


class SharedSite(EditableSite):
    """The scale site's sources, edited in place and built with the pelican command as the
    fixture built them."""

    def __init__(self, scale_site, seed):
        self.content, self.providers = scale_site.content, scale_site.providers
        self.folder, self.theme = self.providers.parent, ROOT / "theme"
        self.synthetic = SyntheticDirectory()
        self.next_number = scale_site.members
        self.build_date = REFERENCE_DATE
        self.builds = 0
        self.rng = random.Random(seed)

    def build(self, output, previous=None, **overrides):
        overrides.update(PROVIDERS_PATH=str(self.providers), PATH=str(self.content),
                         BUILD_DATE=self.build_date)
        if previous:
            overrides["INCREMENTAL_FROM"] = str(previous)
        result = run_pelican_command(output, **overrides)
        assert result.returncode == 0, result.output[-3000:]
        return Path(output)


def test_incremental_builds_match_cold_builds_on_ten_thousand_members(scale_site, tmp_path):
    site = SharedSite(scale_site, seed=10000)
    kept = tmp_path / "providers-as-built"
    shutil.copytree(site.providers, kept)
    previous = scale_site.build.path
    members = scale_site.members
    try:
        for step, edit in enumerate(("edit_summary", "add_member", "rename_member",
                                     "edit_build_date", "edit_summary"), start=1):
            done = getattr(site, edit)()
            incremental = site.build(tmp_path / f"build-{step}", previous=previous)
            cold = site.build(tmp_path / f"cold-{step}")
            assert differences(incremental, cold) == [], f"step {step}: {done}"
            if edit == "edit_summary":
                # about 4 files per member: all but the edited member's and a few listings reused
                assert len(linked(incremental)) > 4 * members - 100, done
            shutil.rmtree(cold)
            if previous != scale_site.build.path:
                shutil.rmtree(previous)
            previous = incremental
    finally:
        shutil.rmtree(site.providers)
        shutil.copytree(kept, site.providers)

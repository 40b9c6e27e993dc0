"""One clean failure path (build_gate): the documented `pelican` command, `--fatal errors` and
`make html` all stop a build with problems before writing, printing the problem lines and one
summary line, with exit status 1 and no traceback; a good build ends with one summary line."""

import json
import shutil
import subprocess
import sys

import pytest

from conftest import REFERENCE_DATE, ROOT, SAMPLE_CONTENT, SAMPLE_PROVIDERS, variant, write_profile


def pelican(output, *flags, **overrides):
    """`pelican content -s pelicanconf.py` as the README documents it (Pelican's own log
    handler), run from the repository's folder, on the sample site (tests/sample_site/)."""
    overrides.setdefault("BUILD_DATE", REFERENCE_DATE)
    overrides.setdefault("PROVIDERS_PATH", str(SAMPLE_PROVIDERS))
    content = overrides.get("PATH", str(SAMPLE_CONTENT.relative_to(ROOT)))
    command = [sys.executable, "-m", "pelican", content, "-o", str(output),
               "-s", "pelicanconf.py", *flags,
               "-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin",
                                 "COLUMNS": "300"})
    return result.returncode, result.stdout + result.stderr


@pytest.fixture
def broken_providers(tmp_path):
    folder = tmp_path / "providers"
    shutil.copytree(SAMPLE_PROVIDERS, folder)
    write_profile(folder, "broken", variant("broken", "Broken AS", **{
        "founded: 2010": "founded: someday", "report_id: UCS-2025-0001": "report_id: BRK-1"}))
    return folder


@pytest.mark.parametrize("flags", [[], ["--fatal", "errors"]], ids=["documented", "fatal"])
def test_a_direct_pelican_run_fails_cleanly_and_writes_nothing(broken_providers, tmp_path, flags):
    code, output = pelican(tmp_path / "out", *flags, PROVIDERS_PATH=str(broken_providers))
    assert code == 1, output
    assert "broken.yaml:16" in output and 'founded: got text "someday"' in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert lines[-1].startswith("1 problem(s) in 1 file(s); nothing was built."), output
    assert "Traceback" not in output and "RuntimeError" not in output
    assert not [path for path in (tmp_path / "out").rglob("*") if path.is_file()]


def test_a_problem_found_while_writing_fails_the_build(tmp_path):
    shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    (tmp_path / "content/pages/education.md").write_text(
        "Title: Education\nSummary: A page at a listing's address.\nSlug: education\n\nText.\n")
    code, output = pelican(tmp_path / "out", "--log-handler", "plain",
                           PATH=str(tmp_path / "content"))
    assert code == 1, output
    assert "output path 'education/index.html' is already written by" in output
    assert output.rstrip().splitlines()[-1] == "1 problem(s) in 1 file(s); the build failed."
    assert "Traceback" not in output


def test_a_good_build_ends_with_one_summary_line(tmp_path):
    # make html builds into output.staging and names output/, which the staging folder becomes
    code, output = pelican(tmp_path / "out", "--log-handler", "plain",
                           BUILD_OUTPUT_SHOWN=str(tmp_path / "site"))
    assert code == 0, output
    last = output.rstrip().splitlines()[-1]
    assert last.startswith("Built 33 members (30 verified), 13 articles, 9 pages and 10 "
                           "newsletter issues: "), output
    files = sum(1 for path in (tmp_path / "out").rglob("*") if path.is_file())
    assert f": {files} files in {tmp_path / 'site'} (" in last
    assert "Done: Processed" not in output

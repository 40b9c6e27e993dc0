"""`make help` lists every target the Makefile declares, each with its one-line description."""

import re
import subprocess

from conftest import ROOT


def test_make_help_lists_every_phony_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split()
    listed = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, text=True,
                            capture_output=True, check=True).stdout
    names = {line.split()[0] for line in listed.splitlines() if line.strip()}
    assert "s3_upload" in names
    assert set(phony) <= names, sorted(set(phony) - names)
    for line in listed.splitlines():
        assert len(line.split(None, 1)) == 2, f"no description: {line!r}"


def test_check_is_quiet_and_ends_with_a_summary():
    """No warning an editor cannot act on (Pelican's feeds warning in development builds)."""
    from conftest import run_check

    code, out = run_check()
    assert code == 0, out
    lines = [line for line in out.splitlines() if line.strip()]
    assert "Feeds generated" not in out
    assert len(lines) == 1 and lines[0].startswith("OK: 33 provider profiles"), out

"""Helpers for the search tests: the sample site plus one article and one page, built once."""

import json
import shutil
import subprocess
import sys

from conftest import REFERENCE_DATE, ROOT, Build

ARTICLE = """\
Title: Five questions before you sign a support contract
Date: 2026-05-04
Slug: five-questions
Authors: Marcus Adeyemi
Category: Operations
Tags: contracts
Summary: What to ask a managed service provider about response times, backups and audits.

Ask how quickly a technician answers at night, who restores your files after a ransomware
attack, and when the last **backup restore test** happened. A certified member publishes its
audit report number, so you can check the certification yourself.
"""

PAGE = """\
Title: Search test page
Slug: search-test-page
Summary: A page added by the search tests.

The association audits its members every year against a published standard. Members sign a
code of ethics and keep their certification in force to stay listed.
"""


def copy_content(folder):
    """A copy of content/ in `folder`/content with ARTICLE and PAGE added; returns its path."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "articles").mkdir(exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    (content / "articles" / "five-questions.md").write_text(ARTICLE, encoding="utf-8")
    (content / "pages" / "search-test-page.md").write_text(PAGE, encoding="utf-8")
    return content


def build_search_site(folder, **overrides):
    """Build copy_content(folder) into `folder`/output with the pelican command."""
    content = copy_content(folder)
    output = folder / "output"
    overrides.setdefault("BUILD_DATE", REFERENCE_DATE)
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output),
               "-s", str(ROOT / "pelicanconf.py"), "--fatal", "errors", "--log-handler", "plain"]
    command += ["-e"] + [f"{key}={json.dumps(value)}" for key, value in overrides.items()]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    build = Build(result.returncode, result.stdout + result.stderr, output)
    assert build.returncode == 0, build.output
    return build

"""The suite tests the code, not the association's content (issue 22): on a copy of the repository
where an editor has added a member (not yet signed by staff, as every new member is), an article
and a newsletter issue, and removed a sample member, `make check` passes and the tests that used
to read content/ and providers/ pass too. A suite inside the suite, so it runs in
`make test-scale`, not in `make test`."""

import datetime
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import LOGO, REFERENCE_DATE, ROOT, variant

pytestmark = pytest.mark.scale

# The tests that built, checked or counted the association's content/ and providers/ before they
# were given the frozen sample (tests/sample_site/): the publish tests (production settings,
# which refuse an unsigned member), the counts and names of the sample, make check, the command
# line tools. (Browser tests read the same builds; they are left out for time.)
CONTENT_INDEPENDENT = [
    "tests/test_publish.py", "tests/test_site_build.py", "tests/test_validation.py",
    "tests/test_build_gate.py", "tests/test_content_site.py", "tests/test_search_index.py",
    "tests/test_records.py", "tests/test_trust_report.py", "tests/test_attacks.py",
    "tests/test_hostile_input.py", "tests/test_member_cache.py", "tests/test_devserver.py",
    "tests/test_journey_pages_html.py", "tests/test_history_site.py", "tests/test_trust_site.py",
]

NEW_MEMBER = "aurora-byte-drift"
ARTICLE = """\
Title: A spare laptop on the shelf
Date: {date}
Authors: Editorial team
Category: {category}
Tags: operations, continuity
Summary: Why a ready spare laptop shortens the worst morning of a small office's year.

A laptop that fails on a Monday morning stops one person; a laptop that takes three days to
replace stops their week. A spare, kept current, turns that week back into an hour.

## Keep it current

Switch the spare on once a month, let it take its updates, and note the date on a label.
"""
ISSUE = """\
Title: MSP News issue {number}
Date: {date}
Number: {number}
Summary: A new member, a new article about spare laptops, and the audit calendar.

The association welcomes a new member this month.

## A spare laptop on the shelf

Our latest article explains why a spare laptop, kept current, saves a small office's week.
"""
GIT = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
       "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}


def copy_repository(target):
    """The repository's working tree as git sees it (tracked and new files, not ignored ones),
    copied to `target` (symbolic links kept as links) and committed there; .venv is a link to
    this repository's."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, check=True).stdout.decode()
    for name in sorted(set(filter(None, listed.split("\0")))):
        source = ROOT / name
        if name.split("/")[0] == ".venv" or not (source.exists() or source.is_symlink()):
            continue  # the virtualenv, or a file deleted but not yet committed
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            os.symlink(os.readlink(source), target / name)
        else:
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
    _git(target, "init", "-q", "-b", "main")
    _git(target, "add", "-A")
    _git(target, "commit", "-q", "-m", "The repository as it is")
    return target


def _git(folder, *args):
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True,
                          env=dict(os.environ, **GIT)).stdout


def editors_change(repo):
    """An editor's pull request: a new member (valid, with a logo, not signed), an article and the
    next newsletter issue, and one sample member removed (profile, logo, signature). Returns the
    removed member's slug."""
    providers, content = repo / "providers", repo / "content"
    (providers / f"{NEW_MEMBER}.yaml").write_text(
        variant(NEW_MEMBER, "Aurora Byte Drift AS"), encoding="utf-8")
    (providers / "logos" / f"{NEW_MEMBER}.svg").write_text(LOGO, encoding="utf-8")
    categories = yaml.safe_load((content / "data" / "categories.yaml").read_text(encoding="utf-8"))
    (content / "articles" / "a-spare-laptop-on-the-shelf.md").write_text(
        ARTICLE.format(date=REFERENCE_DATE, category=categories["categories"][0]["name"]),
        encoding="utf-8")
    issues = {}
    for path in (content / "newsletter").glob("*.md"):
        header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        number, date = re.search(r"(?m)^Number: (\d+)$", header), re.search(
            r"(?m)^Date: (\d{4}-\d\d-\d\d)", header)
        issues[int(number[1])] = datetime.date.fromisoformat(date[1])
    latest = max(issues)
    day = issues[latest] + datetime.timedelta(days=7)
    (content / "newsletter" / f"{day.isoformat()}.md").write_text(
        ISSUE.format(number=latest + 1, date=day.isoformat()), encoding="utf-8")
    # a member that no page, article, issue or data file names (removing one that the
    # association's pages name is a change to those pages too)
    named = "\n".join(path.read_text(encoding="utf-8") for path in content.rglob("*")
                      if path.suffix in (".md", ".yaml"))
    removed = next(path.stem for path in sorted(providers.glob("*.yaml"))
                   if path.stem != NEW_MEMBER and path.stem not in named)
    doomed = [providers / f"{removed}.yaml", providers / "signatures" / f"{removed}.json",
              *(providers / "logos").glob(f"{removed}.*")]
    assert len(doomed) == 3 and all(path.exists() for path in doomed), doomed
    for path in doomed:
        path.unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Add Aurora Byte Drift AS, an article and the next issue")
    return removed


@pytest.fixture(scope="module")
def changed_repo(tmp_path_factory):
    repo = copy_repository(tmp_path_factory.mktemp("independence") / "repo")
    removed = editors_change(repo)
    changed = _git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split()
    assert f"providers/{NEW_MEMBER}.yaml" in changed and f"providers/{removed}.yaml" in changed
    return repo


def _make(repo, *args):
    return subprocess.run(["make", "-s", *args, f"PELICANOPTS=-e BUILD_DATE='\"{REFERENCE_DATE}\"'"],
                          cwd=repo, capture_output=True, text=True, timeout=600)


def test_the_editors_change_passes_make_check_and_builds(changed_repo, tmp_path):
    check = _make(changed_repo, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("OK: "), check.stdout
    build = _make(changed_repo, "html", f"OUTPUTDIR={tmp_path / 'site'}")
    assert build.returncode == 0, build.stdout + build.stderr
    assert (tmp_path / "site" / "providers" / NEW_MEMBER / "index.html").is_file()
    assert (tmp_path / "site" / "articles" / "a-spare-laptop-on-the-shelf" / "index.html").is_file()


def test_the_content_independent_tests_pass_on_the_editors_change(changed_repo, tmp_path):
    """The tests themselves, run in the changed copy (two workers, their own temporary folder)."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadscope",
         "-p", "no:cacheprovider", f"--basetemp={tmp_path / 'inner'}", "-m", "not scale",
         *CONTENT_INDEPENDENT],
        cwd=changed_repo, capture_output=True, text=True, timeout=1500,
        env=dict(os.environ, PYTHONPATH=str(changed_repo / "plugins")))
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert int(re.search(r"(\d+) passed", summary)[1]) > 200, summary

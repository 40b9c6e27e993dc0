"""CI's routing (issue 22): a pull request that changes only content runs `make check`, a
development build and the link check within 5 minutes; any other change runs the whole suite.
.ci/changed-kind classifies the changed files; .github/workflows/ci.yml wires it."""

import os
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

CLASSIFIER = ROOT / ".ci" / "changed-kind"
GIT = {"GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.invalid",
       "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.invalid"}


def classify(*names):
    result = subprocess.run([str(CLASSIFIER)], input="".join(f"{name}\n" for name in names),
                            capture_output=True, text=True, check=True, timeout=30)
    return result.stdout.strip()


@pytest.mark.parametrize("names", [
    ["providers/acme-it.yaml"],
    ["providers/acme-it.yaml", "providers/logos/acme-it.svg"],
    ["providers/logos/acme-it.png"],
    ["content/articles/why-restore-tests-matter.md"],
    ["content/articles/2027/a-folder-of-articles.md"],
    ["content/pages/about.md", "content/images/restore-cycle.svg"],
    ["content/newsletter/2027-01-12.md"],
    # the content pull request: a member added, one removed, an article and an issue
    ["providers/aurora-byte-drift.yaml", "providers/logos/aurora-byte-drift.svg",
     "providers/bluecairn-it.yaml", "providers/logos/bluecairn-it.svg",
     "content/articles/a-spare-laptop-on-the-shelf.md", "content/newsletter/2026-11-17.md"],
])
def test_content_only_changes_are_content(names):
    assert classify(*names) == "content"


@pytest.mark.parametrize("names", [
    [],                                            # nothing to go on: test everything
    ["providers/schema.json"],
    ["providers/signatures/acme-it.json"],          # staff's signatures
    ["providers/EXAMPLE.md"],
    ["providers/archive/acme-it.yaml"],             # not a profile of the directory
    ["content/data/signing-keys.yaml"],             # the keyring
    ["content/data/auditors.yaml"],                 # the registry of auditors
    ["content/data/gazetteer.yaml"],
    ["content/data/vocabulary.yaml"],
    ["content/data/synonyms.yaml"],
    ["content/data/categories.schema.json"],
    ["content/robots.txt"],
    ["plugins/trust/badges.py"],
    ["theme/templates/base.html"],
    ["tests/sample_site/providers/fjordlys-drift.yaml"],
    ["pelicanconf.py"], ["Makefile"], [".github/workflows/ci.yml"], [".ci/changed-kind"],
    ["README.md"], ["requirements.txt"],
    # content with one other file is not content only
    ["providers/acme-it.yaml", "content/data/vocabulary.yaml"],
    ["content/articles/x.md", "plugins/editorial/__init__.py"],
])
def test_every_other_change_runs_the_whole_suite(names):
    assert classify(*names) == "code"


def _workflow():
    with open(ROOT / ".github" / "workflows" / "ci.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _runs(job):
    return [step.get("run", "") for step in job["steps"]]


def test_the_workflow_routes_content_to_the_fast_job_and_the_rest_to_the_suite():
    workflow = _workflow()
    assert set(workflow[True]) >= {"pull_request", "push"}  # YAML 1.1 reads `on` as True
    jobs = workflow["jobs"]
    changes, content, suite = jobs["changes"], jobs["content"], jobs["check-and-test"]
    classify_step = next(step for step in changes["steps"] if step.get("id") == "classify")
    assert changes["outputs"]["kind"] == "${{ steps.classify.outputs.kind }}"
    assert "git diff --name-only --no-renames HEAD^1 HEAD | .ci/changed-kind" in \
        classify_step["run"]
    checkout = next(step for step in changes["steps"]
                    if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 2  # the merge commit and the base it is merged on
    # exactly one of the two jobs runs
    assert content["needs"] == suite["needs"] == "changes"
    assert content["if"] == "needs.changes.outputs.kind == 'content'"
    assert suite["if"] == "needs.changes.outputs.kind != 'content'"
    assert [run for run in _runs(content) if run.startswith("make")] == \
        ["make check", "make html", "make linkcheck"]
    assert content["timeout-minutes"] <= 5
    assert "make check" in _runs(suite) and ".ci/run" in _runs(suite)
    run_ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test\n" in run_ci and "make test-scale\n" in run_ci
    for job in jobs.values():
        for step in job["steps"]:
            if "uses" in step:
                ref = step["uses"].rsplit("@", 1)[1]
                assert len(ref) == 40 and int(ref, 16) >= 0, step["uses"]


def _git(folder, *args):
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                   env=dict(os.environ, **GIT))


@pytest.mark.parametrize("event, changed, expected", [
    ("pull_request", {"providers/acme-it.yaml": "name: Acme\n"}, "content"),
    ("pull_request", {"providers/acme-it.yaml": "name: Acme\n",
                      "content/data/gazetteer.yaml": "countries: []\n"}, "code"),
    ("push", {"content/articles/x.md": "Title: X\n"}, "code"),  # main: the whole suite
])
def test_the_classify_step_as_written_in_the_workflow(tmp_path, event, changed, expected):
    """The step's own shell, run in a repository whose last commit is the pull request's merge
    commit (its first parent is the base branch), as the checkout of a pull request gives it."""
    step = next(step for step in _workflow()["jobs"]["changes"]["steps"]
                if step.get("id") == "classify")
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy2(CLASSIFIER, repo / ".ci" / "changed-kind")
    (repo / "README.md").write_text("base\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    for name, text in changed.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "the pull request")
    output = tmp_path / "github_output"
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, capture_output=True,
                            text=True, timeout=30,
                            env=dict(os.environ, EVENT=event, GITHUB_OUTPUT=str(output)))
    assert result.returncode == 0, result.stderr
    assert output.read_text(encoding="utf-8") == f"kind={expected}\n"

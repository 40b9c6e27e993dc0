"""The GitHub Actions workflows pass actionlint and zizmor (both pinned in requirements.txt).

A deliberately careless workflow must fail both, so a linter that silently checks nothing
cannot make these tests pass.
"""

import os
import subprocess
import sys

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKFLOWS = os.path.join(ROOT, ".github", "workflows")
BIN = os.path.dirname(sys.executable)
CARELESS = """\
name: careless
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: make publish
"""


def run_tool(*args):
    return subprocess.run([os.path.join(BIN, args[0]), *args[1:]], capture_output=True,
                          text=True, check=False, cwd=ROOT)


def workflow_files(folder=WORKFLOWS):
    return sorted(os.path.join(folder, name) for name in os.listdir(folder)
                  if name.endswith((".yml", ".yaml")))


def test_actionlint_passes_every_workflow():
    result = run_tool("actionlint", "-no-color", *workflow_files())
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_workflows():
    result = run_tool("zizmor", "--offline", "--no-progress", "--format", "plain", WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_both_linters_fail_a_careless_workflow(tmp_path):
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "careless.yml").write_text(CARELESS)
    lint = run_tool("actionlint", "-no-color", str(folder / "careless.yml"))
    assert lint.returncode != 0 and "github.event.pull_request.title" in lint.stdout
    audit = run_tool("zizmor", "--offline", "--no-progress", "--format", "plain", str(folder))
    assert audit.returncode != 0
    for finding in ("unpinned-uses", "template-injection", "dangerous-triggers"):
        assert finding in audit.stdout, audit.stdout


def test_publish_runs_daily_and_on_main_with_least_privilege():
    with open(os.path.join(WORKFLOWS, "publish.yml"), encoding="utf-8") as handle:
        workflow = yaml.safe_load(handle)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    checkout = next(step for step in build["steps"]
                    if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False
    run = "\n".join(step.get("run", "") for step in build["steps"])
    assert 'BUILD_DATE="$(date -u +%F)"' in run and "make publish" in run
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                ref = step["uses"].rsplit("@", 1)[1]
                assert len(ref) == 40 and int(ref, 16) >= 0, step["uses"]


@pytest.mark.parametrize("value, expected", [("2027-01-31", "2027-01-31"), ("", None)])
def test_publishconf_reads_build_date_from_the_environment(value, expected):
    code = ("import sys; sys.path.insert(0, '.'); import publishconf; "
            "print(repr(publishconf.BUILD_DATE))")
    env = dict(os.environ, BUILD_DATE=value, PYTHONPATH=os.path.join(ROOT, "plugins"))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, text=True,
                            capture_output=True, check=True)
    assert result.stdout.strip() == repr(expected)

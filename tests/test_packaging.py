"""pyproject.toml's [project] table agrees with the pinned requirements.txt."""

import re
import tomllib

from conftest import ROOT


def _pins(lines):
    pins = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", line).groups()
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_project_dependencies_are_the_pinned_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    required = _pins((ROOT / "requirements.txt").read_text().splitlines())
    declared = _pins(project["dependencies"] + project["optional-dependencies"]["test"])
    assert project["name"] == "msp-directory"
    assert project["requires-python"] == ">=3.11"
    # every dependency the project names is pinned, at the same version, in requirements.txt
    assert {name: required.get(name) for name in declared} == declared

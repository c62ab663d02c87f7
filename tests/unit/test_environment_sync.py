"""environment.yml, pyproject.toml and constraints.txt cannot drift apart."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from tests.conftest import PROJECT_ROOT


def _pyproject():
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]


def _constraints() -> dict[str, Version]:
    pins = {}
    for line in (PROJECT_ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name.lower())] = Version(version.strip())
    return pins


def _requirements():
    project = _pyproject()
    for text in project["dependencies"] + project["optional-dependencies"]["dev"]:
        yield Requirement(text)


def test_every_dependency_is_pinned_within_its_bounds():
    pins = _constraints()
    for req in _requirements():
        name = re.sub(r"[-_.]+", "-", req.name.lower())
        assert name in pins, f"{req.name} is in pyproject.toml but not pinned in constraints.txt"
        assert pins[name] in req.specifier, (
            f"constraints.txt pins {req.name}=={pins[name]} outside pyproject's {req.specifier}")


def test_environment_yml_installs_the_project_with_the_same_pins():
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    python = next(d for d in deps if isinstance(d, str) and d.startswith("python="))
    assert Version(python.split("=")[1] + ".0") in SpecifierSet(_pyproject()["requires-python"])
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict))
    assert "-c constraints.txt" in pip_section
    assert "-e .[dev]" in pip_section
    conda_packages = {d.split("=")[0] for d in deps if isinstance(d, str)}
    assert conda_packages <= {"python", "pip"}, (
        "conda-only packages would bypass constraints.txt; add them to pyproject.toml instead")

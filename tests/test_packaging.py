"""The install pins what the tests passed with: every dependency of pyproject.toml has a version in
constraints.txt that satisfies it, and `make` installs with that file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"not an exact pin: {line}"
            pins[canonicalize_name(name)] = version
    return pins


def test_every_dependency_is_pinned_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = _pins()
    for text in requirements:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is not pinned in constraints.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (
            req.name,
            pins[name],
            str(req.specifier),
        )


def test_make_installs_with_the_constraints() -> None:
    makefile = (ROOT / "Makefile").read_text()
    install = [line for line in makefile.splitlines() if "pip install" in line and "-e" in line]
    assert install and all(re.search(r"-c constraints\.txt", line) for line in install)


def test_make_run_installs_no_development_tools() -> None:
    """`make run` sets up only the assistant's dependencies; the dev extra (pyspark, mypy...) is for tests."""
    makefile = (ROOT / "Makefile").read_text()
    targets = dict(re.findall(r"^([\w$()-]+):([^\n#]*)", makefile, flags=re.M))
    core = next(k for k in targets if k == "$(CORE)")
    assert targets["run"].split() == [core]
    core_recipe = makefile.split(f"{core}:", 1)[1].split("\n\n", 1)[0]
    assert "-e ." in core_recipe and "[dev]" not in core_recipe

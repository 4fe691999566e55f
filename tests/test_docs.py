"""The docs cover the code: every shipped table is described with its source, every
subpackage and module has its place in the README's map and in its package's docstring,
and every command, option and environment variable is in the README."""

import argparse
import ast
import re

import pytest

from geo import cli
from tests.paths import REPO, RESOURCES

README = (REPO / "README.md").read_text(encoding="utf-8")
RESOURCES_README = (RESOURCES / "README.md").read_text(encoding="utf-8")
SUBPACKAGES = sorted(p.parent for p in (REPO / "geo").glob("*/__init__.py"))


def _modules(package) -> list[str]:
    """The modules and subpackages directly inside ``package`` (not ``__init__``)."""
    return sorted(
        p.stem if p.is_file() else p.name
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()
    )


def _readme_row(package) -> str:
    """The README's subpackage-map row of ``package`` (``| `geo/<name>/` | ...``)."""
    rows = [line for line in README.splitlines() if line.startswith(f"| `geo/{package.name}/`")]
    assert len(rows) == 1, f"README.md has no row for geo/{package.name}/ in its map"
    return rows[0]


@pytest.mark.parametrize(
    "path",
    sorted(p for p in RESOURCES.rglob("*") if p.is_file() and not p.name.startswith("README")),
    ids=lambda p: str(p.relative_to(RESOURCES)),
)
def test_every_shipped_table_is_described_with_its_source(path):
    name = str(path.relative_to(RESOURCES))
    assert f"`{name}`" in RESOURCES_README or f"`{path.name}`" in RESOURCES_README


@pytest.mark.parametrize("package", SUBPACKAGES, ids=lambda p: p.name)
def test_every_subpackage_and_module_is_in_the_readme_map(package):
    row = _readme_row(package)
    missing = [m for m in _modules(package) if f"`{m}`" not in row and f"`{m}/`" not in row]
    assert missing == []


@pytest.mark.parametrize("package", SUBPACKAGES, ids=lambda p: p.name)
def test_every_package_docstring_says_what_goes_in_and_out_and_names_its_modules(package):
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "In:" in doc and "Out:" in doc
    missing = [m for m in _modules(package) if f"``{m}``" not in doc]
    assert missing == []


def _commands() -> dict[str, argparse.ArgumentParser]:
    subparsers = next(a for a in cli.parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(subparsers.choices)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_is_in_the_readme(name):
    command = _commands()[name]
    assert f"geo {name}" in README
    options = [
        option
        for action in command._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]
    missing = [option for option in options if option not in README]
    assert missing == []


def test_every_environment_variable_is_in_the_readme():
    code = "".join(
        p.read_text(encoding="utf-8")
        for p in [
            *(REPO / "geo").rglob("*.py"),
            REPO / "dashboard.py",
            *(REPO / "pages").glob("*.py"),
        ]
    )
    names = set(re.findall(r"[\"'](GEO_[A-Z_]+)[\"']", code))
    assert names, "no environment variable found: the pattern is out of date"
    assert sorted(n for n in names if n not in README) == []

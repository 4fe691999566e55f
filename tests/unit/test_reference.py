"""geo.reference: every shipped table is read through it, from the installed package's
geo/resources (importlib.resources), and read once."""

import csv
import tomllib

import pytest

from geo import reference
from tests.paths import RESOURCES


def shipped() -> list[str]:
    return sorted(
        p.relative_to(RESOURCES).as_posix()
        for p in RESOURCES.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )


def test_names_lists_every_file_in_the_resources():
    assert reference.names() == shipped()
    assert {"action_types.toml", "discourse.toml", "regions.geojson"} <= set(reference.names())


@pytest.mark.parametrize("name", shipped())
def test_every_shipped_file_is_readable_through_reference(name):
    path = reference.path(name)
    assert path == RESOURCES / name and path.is_file()
    assert reference.text(name) == (RESOURCES / name).read_text(encoding="utf-8")
    if name.endswith(".toml"):
        assert reference.toml(name) == tomllib.loads(path.read_text(encoding="utf-8"))
    if name.endswith(".csv"):
        with path.open(encoding="utf-8", newline="") as f:
            assert list(reference.csv_rows(name)) == list(csv.DictReader(f))


def test_a_table_is_read_once():
    assert reference.toml("discourse.toml") is reference.toml("discourse.toml")
    assert reference.discourse() is reference.toml("discourse.toml")
    assert reference.csv_rows("outlets.csv") is reference.csv_rows("outlets.csv")


def test_the_folder_is_the_package_resources():
    assert reference.folder() == RESOURCES


def test_a_missing_table_is_an_error():
    with pytest.raises(FileNotFoundError, match="no nothing.toml in geo/resources"):
        reference.path("nothing.toml")

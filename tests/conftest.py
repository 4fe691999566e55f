"""Shared pytest fixtures: the repository root and the small actions fixture."""

import shutil
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
ACTIONS_FIXTURE = REPO_DIR / "tests" / "fixtures" / "actions_small.geojson"


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    """The repository root (where dashboard.py and data/ are)."""
    return REPO_DIR


@pytest.fixture(scope="session")
def actions_fixture() -> Path:
    """tests/fixtures/actions_small.geojson: 6 features, 5 actions (see the file)."""
    return ACTIONS_FIXTURE


@pytest.fixture
def fixture_data_dir(tmp_path: Path) -> Path:
    """A data directory holding only actions.geojson, a copy of the fixture."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(ACTIONS_FIXTURE, data_dir / "actions.geojson")
    return data_dir


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """A data directory built from seeds/ by ``geo build`` (once per test session)."""
    from geo.cli import main

    out = tmp_path_factory.mktemp("seeds_build")
    assert main(["build", "--corpus", str(REPO_DIR / "seeds"), "--out", str(out), "--quiet"]) == 0
    return out

"""Shared pytest fixtures: the repository root, the small actions fixture, a build of the
seeds, and for the browser tests Debian's Chromium and the artifacts folder."""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from benchmarks.harness import CHROMIUM, CHROMIUM_ARGS

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


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's chromium, with Playwright to drive it. Without them a browser test is
    skipped, or fails when CI=true (CI must run it)."""
    _need(CHROMIUM.exists(), f"{CHROMIUM} not found (install Debian's chromium package)")
    _need(
        importlib.util.find_spec("playwright") is not None,
        "the playwright Python package is not installed",
    )
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium_path):
    """A headless Chromium for the test module (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """artifacts/: the screenshots the browser tests save, to be looked at."""
    path = REPO_DIR / "artifacts"
    path.mkdir(exist_ok=True)
    return path

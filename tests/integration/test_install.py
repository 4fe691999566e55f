"""A non-editable install carries everything it needs: ``pip install`` (not ``-e``) of a copy of
the package into a folder, then ``python -m geo.cli build`` run from a folder outside the
repository with only that folder on its path builds the seeds, as the repository's code does.

The dependencies come from the test's own environment (``--no-deps``), and so does the build
backend (``--no-build-isolation``: setuptools from the test extra), so nothing is downloaded.
"""

import json
import os
import shutil
import subprocess
import sys

from tests.paths import REPO, SEEDS

SOURCE_FILES = ("pyproject.toml", "README.md")


def test_a_non_editable_install_builds_the_seeds(tmp_path, seeds_build):
    source = tmp_path / "source"  # a copy: pip's build leaves build/ and egg-info behind
    shutil.copytree(REPO / "geo", source / "geo", ignore=shutil.ignore_patterns("__pycache__"))
    for name in SOURCE_FILES:
        shutil.copy2(REPO / name, source / name)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--target", str(site), str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    # Every file of the package that is not code (the shipped tables) is installed.
    data_files = {
        p.relative_to(REPO / "geo")
        for p in (REPO / "geo").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    }
    assert data_files and all((site / "geo" / f).is_file() for f in data_files)

    def package_files() -> set:
        return {p for p in site.rglob("*") if "__pycache__" not in p.parts}

    installed = package_files()

    elsewhere = tmp_path / "elsewhere"  # the current folder: no data/, no seeds/, no geo/
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GEO_", "PYTHON"))}
    env |= {"PYTHONPATH": str(site), "XDG_CACHE_HOME": str(tmp_path / "user-cache")}

    def run(*args: str) -> subprocess.CompletedProcess:
        # -P: nothing but PYTHONPATH and the environment's site-packages (its dependencies).
        return subprocess.run(
            [sys.executable, "-P", *args],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    imported = run("-c", "import geo.reference as r; print(r.__file__); print(r.folder())")
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.split() == [
        str(site / "geo" / "reference.py"),
        str(site / "geo" / "resources"),
    ]

    out = tmp_path / "out"
    built = run("-m", "geo.cli", "build", "--corpus", str(SEEDS), "--out", str(out), "--quiet")
    assert built.returncode == 0, built.stderr
    ours = json.loads((seeds_build / "actions.geojson").read_bytes())
    theirs = json.loads((out / "actions.geojson").read_bytes())
    assert len({f["properties"]["action_id"] for f in theirs["features"]}) == 18  # the seeds'
    assert theirs == ours
    # Its caches went to the workspace (the dataset folder), none into the installed package.
    assert (out / ".cache").is_dir()
    assert package_files() == installed
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    # The corrections belong to the dataset folder: out/, not the current folder's data/.
    assert report["corrections"]["file"] == str(out / "corrections.toml")

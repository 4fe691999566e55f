"""The ``geo`` command as a user runs it (a subprocess, from a folder of its own): which
corrections a build reads, the exit statuses and messages the README promises, the
briefing's formats and the options' messages."""

import contextlib
import gc
import json
import os
import shutil
import subprocess
import sys

import pytest

from geo import cli
from geo.dataset import corrections
from tests.paths import REPO, SEEDS

DOC = "000_d28f05125cd8f48e"


def geo(*args: str, cwd) -> subprocess.CompletedProcess:
    """``python -m geo.cli ARGS`` run in ``cwd``, with no GEO_ variable of the caller's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEO_")}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-m", "geo.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextlib.contextmanager
def read_only(folder):
    """``folder`` as no one may write into it: ``chmod 0555`` for a user, ``chattr +i`` for
    root (whom permissions do not stop); the test is skipped where neither holds."""
    as_root = os.geteuid() == 0
    locked = subprocess.run(["chattr", "+i", str(folder)], capture_output=True) if as_root else None
    if not as_root:
        folder.chmod(0o555)
    try:
        with contextlib.suppress(OSError):
            (folder / "probe").touch()
            (folder / "probe").unlink()
            pytest.skip(f"cannot make {folder} read-only here ({locked and locked.stderr})")
        yield folder
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        else:
            folder.chmod(0o755)


def delete_of(feature: dict) -> dict:
    props = feature["properties"]
    return {
        "who": "aigerim",
        "why": "not an action",
        "change": "delete",
        "doc_id": props["doc_id"],
        "action_id": props["action_id"],
        "evidence": props["evidence"],
    }


def test_a_build_of_another_corpus_into_another_folder_reads_none_of_data_corrections(
    tmp_path, seeds_build
):
    # The seeds' dataset folder (data/ in the current folder) has two corrections: one of an
    # action of DOC, one of another article's.
    features = json.loads((seeds_build / "actions.geojson").read_bytes())["features"]
    ours = next(f for f in features if f["properties"]["doc_id"] == DOC)
    other = next(f for f in features if f["properties"]["doc_id"] != DOC)
    (tmp_path / "data").mkdir()
    for feature in (ours, other):
        corrections.append(tmp_path / "data" / "corrections.toml", delete_of(feature))
    # Another corpus, with a copy of DOC, built into another folder.
    (tmp_path / "other").mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", tmp_path / "other")
    built = geo("build", "--corpus", "other", "--out", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "correction" not in built.stdout  # neither "applied" nor "not applied"
    report = json.loads((tmp_path / "out" / "build-report.json").read_bytes())
    assert tmp_path / report["corrections"]["file"] == tmp_path / "out" / "corrections.toml"
    assert report["corrections"]["applied"] == 0
    collection = json.loads((tmp_path / "out" / "actions.geojson").read_bytes())
    ids = {f["properties"]["action_id"] for f in collection["features"]}
    assert ours["properties"]["action_id"] in ids  # not deleted


def test_a_build_into_a_read_only_dataset_folder_exits_3_with_a_message(tmp_path):
    (tmp_path / "corpus").mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", tmp_path / "corpus")
    assert (
        geo("build", "--corpus", "corpus", "--out", "data", "--quiet", cwd=tmp_path).returncode == 0
    )
    before = (tmp_path / "data" / "actions.geojson").read_bytes()
    (tmp_path / "corpus" / f"{DOC}.txt").write_text("Волонтеры Караганды раздали продукты.")
    with read_only(tmp_path / "data"):
        for flags in ([], ["--no-cache"]):  # the build cache first, else the dataset's files
            built = geo(
                "build", "--corpus", "corpus", "--out", "data", "--quiet", *flags, cwd=tmp_path
            )
            assert built.returncode == 3, built.stderr
            assert built.stderr.startswith("geo build: cannot write the dataset to data: ")
            assert "the previous dataset there is unchanged" in built.stderr
            assert "Traceback" not in built.stderr
    assert (tmp_path / "data" / "actions.geojson").read_bytes() == before


def test_brief_writes_the_format_its_file_name_says_or_refuses_it(fixture_data_dir, tmp_path):
    from PIL import Image

    from geo.dashboard.brief import PAGE_PX

    made = geo("brief", "--data", str(fixture_data_dir), "-o", "brief.JPG", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    with Image.open(tmp_path / "brief.JPG") as image:
        assert (image.format, image.size) == ("JPEG", PAGE_PX)
    refused = geo("brief", "--data", str(fixture_data_dir), "-o", "brief.gif", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr == (
        "geo brief: -o brief.gif: the briefing is written as .png, .pdf, .jpg, .jpeg "
        "(the format its extension names)\n"
    )
    assert not (tmp_path / "brief.gif").exists()
    (tmp_path / "file").write_text("not a folder")
    unwritable = geo("brief", "--data", str(fixture_data_dir), "-o", "file/b.png", cwd=tmp_path)
    assert unwritable.returncode == 3
    assert unwritable.stderr.startswith("geo brief: cannot write file/b.png: ")


@pytest.mark.parametrize(
    ("command", "error"),
    [
        (
            ["brief", "--from", "2020-13-45"],
            "argument --from: '2020-13-45' is not a date (YYYY-MM-DD)",
        ),
        (["brief", "--to", "yesterday"], "argument --to: 'yesterday' is not a date (YYYY-MM-DD)"),
        (["brief", "--from", "2022-1-5"], "argument --from: '2022-1-5' is not a date (YYYY-MM-DD)"),
        (["build", "--workers", "0"], "argument --workers: '0' is not a whole number of 1 or more"),
        (
            ["build", "--max-chars", "-1"],
            "argument --max-chars: '-1' is not a whole number of 1 or more",
        ),
        (
            ["build", "--max-file-mb", "nan"],
            "argument --max-file-mb: 'nan' is not a number above 0",
        ),
        (
            ["evaluate", "--min-precision", "95"],
            "argument --min-precision: '95' is not a share from 0 to 1",
        ),
        (
            ["synth", "--articles", "0"],
            "argument --articles: '0' is not a whole number of 1 or more",
        ),
        (["synth", "--bad", "1"], "argument --bad: '1' is not a share from 0 to below 1"),
    ],
)
def test_a_bad_option_value_is_named_with_its_option(command, error, tmp_path):
    # Everything else the command needs is given: only the bad value can stop it.
    needs = {
        "brief": ["--data", "nowhere", "-o", "b.png"],
        "build": ["--corpus", "nowhere", "--out", "out", "--quiet"],
        "evaluate": ["--gold", "nowhere"],
        "synth": ["--articles", "1", "--out", "out", "--quiet"],
    }
    ran = geo(command[0], *needs[command[0]], *command[1:], cwd=tmp_path)
    assert ran.returncode == 2
    assert ran.stderr.splitlines()[-1] == f"geo {command[0]}: error: {error}"
    assert not (tmp_path / "out").exists() and not (tmp_path / "b.png").exists()


def test_brief_refuses_a_from_date_after_its_to_date(fixture_data_dir, tmp_path):
    ran = geo(
        "brief",
        "--data",
        str(fixture_data_dir),
        "--from",
        "2022-02-01",
        "--to",
        "2022-01-01",
        "-o",
        "b.png",
        cwd=tmp_path,
    )
    assert (ran.returncode, ran.stderr) == (
        2,
        "geo brief: --from 2022-02-01 is after --to 2022-01-01\n",
    )
    assert not (tmp_path / "b.png").exists()


def test_the_geo_command_exits_with_mains_status_its_objects_set_aside(monkeypatch):
    monkeypatch.setattr(cli, "main", lambda: 3)
    try:
        with pytest.raises(SystemExit) as stopped:
            cli.run()
        assert stopped.value.code == 3
        assert gc.get_freeze_count() > 0  # the last collection at exit walks none of them
    finally:
        gc.unfreeze()  # this test process goes on

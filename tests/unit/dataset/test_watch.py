"""geo watch: a corpus folder watched, and every change published within a second as the
dataset a full geo build of the folder writes, byte for byte but the report's ``built`` (when)
and ``seconds`` (how long): the only two values that record time."""

import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from geo.cli import main
from geo.dataset import publish
from geo.dataset.build import build
from geo.dataset.corrections import append
from geo.dataset.watch import Resident, watch
from geo.workspace import Workspace
from tests.paths import SEEDS

FILES = ("actions.geojson", "actions.csv", "actions.parquet", "build-report.json")
QUIET = 1.5  # seconds without a publication: the watch is done with a change
TIMED = re.compile(rb'\n  "(built|seconds)": [^\n]*')  # the report's two lines of time


def seed(name: str) -> list[Path]:
    """The seed article ``name`` (its number, "004") and its sidecar."""
    return sorted(SEEDS.glob(f"{name}_*"))


def resident_for(corpus: Path, out: Path) -> Resident:
    """The watch's builder with geo watch's defaults: corrections and places in ``out``."""
    where = Workspace.resolve(out, corpus, env={})
    options = {
        "corrections_path": where.corrections,
        "places_path": where.places,
        "cache_dir": where.cache,
    }
    return Resident(corpus, out, options)


def dataset(folder: Path) -> dict[str, bytes]:
    """The published files' bytes, the report without its lines of time."""
    files = {name: (folder / name).read_bytes() for name in FILES}
    files["build-report.json"] = TIMED.sub(b"", files["build-report.json"])
    return files


def full_build(corpus: Path, resident: Resident, out: Path) -> dict[str, bytes]:
    """What ``geo build`` of the folder writes now, from scratch (no cache), with the same
    corrections file as the watch."""
    shutil.rmtree(out, ignore_errors=True)
    build(corpus, out, progress=False, use_cache=False, **resident.options)
    return dataset(out)


def published_after(folder: Path, before: str, limit: float = 30.0) -> float:
    """Seconds from now until the dataset in ``folder`` is no longer the version ``before``
    and then holds still: until its last publication (one change may take two, when the
    article and its sidecar arrive in two batches)."""
    started = time.perf_counter()
    while (seen := publish.version(folder)) == before:
        assert time.perf_counter() - started < limit, "nothing was published"
        time.sleep(0.01)
    last = time.perf_counter()
    while time.perf_counter() - last < QUIET:
        if (now := publish.version(folder)) != seen:
            seen, last = now, time.perf_counter()
        time.sleep(0.01)
    return last - started


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """A corpus of four seeds watched in a thread, its first dataset published."""
    root = tmp_path_factory.mktemp("watched")
    corpus, out = root / "corpus", root / "data"
    corpus.mkdir()
    for number in ("000", "001", "002", "003"):
        for path in seed(number):
            shutil.copy(path, corpus)
    resident = resident_for(corpus, out)
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(resident,), kwargs={"stop": stop})
    thread.start()
    published_after(out, "", limit=120)
    while resident.publications == 0:  # the first build's line is logged after its files
        time.sleep(0.01)
    yield corpus, out, resident
    stop.set()
    thread.join(timeout=30)


def test_an_article_saved_is_on_the_map_within_a_second_as_a_build_would_have_it(watched, tmp_path):
    corpus, out, resident = watched
    before = publish.version(out)
    for path in seed("004"):
        shutil.copy(path, corpus)
    assert published_after(out, before) < 1.0
    assert dataset(out) == full_build(corpus, resident, tmp_path / "full")
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert "004_5b44a82eec03611c.txt" in {f["file"] for f in report["files"]}


def test_an_article_changed_or_deleted_is_published_as_a_build_would_have_it(watched, tmp_path):
    corpus, out, resident = watched
    article = next(p for p in seed("001") if p.suffix == ".txt")
    before = publish.version(out)
    (corpus / article.name).write_text(
        article.read_text(encoding="utf-8") + "\nВолонтеры Караганды раздали продукты.\n",
        encoding="utf-8",
    )
    assert published_after(out, before) < 1.0
    assert dataset(out) == full_build(corpus, resident, tmp_path / "changed")
    before = publish.version(out)
    for path in seed("002"):
        (corpus / path.name).unlink()
    assert published_after(out, before) < 1.0
    assert dataset(out) == full_build(corpus, resident, tmp_path / "deleted")
    assert not any("002_" in f for f in resident.skipped)


def test_a_bad_file_is_reported_and_skipped_and_the_watch_goes_on(watched, tmp_path, caplog):
    corpus, out, resident = watched
    before = publish.version(out)
    with caplog.at_level("WARNING", logger="geo.dataset.watch"):
        (corpus / "broken.html").write_bytes(b"\x00\x01\x02 not text \xff\xfe" * 100)
        published_after(out, before)
    assert "skipped broken.html" in caplog.text
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert {"file": "broken.html", "status": "skipped"}.items() <= next(
        f for f in report["files"] if f["file"] == "broken.html"
    ).items()
    before = publish.version(out)
    (corpus / "broken.html").unlink()
    published_after(out, before)
    assert dataset(out) == full_build(corpus, resident, tmp_path / "after")


def test_a_correction_saved_in_the_data_folder_applies_as_in_a_build(watched, tmp_path):
    corpus, out, resident = watched
    features = json.loads((out / "actions.geojson").read_text(encoding="utf-8"))["features"]
    first = features[0]["properties"]
    before = publish.version(out)
    correction = {"change": "delete", "action_id": first["action_id"], "doc_id": first["doc_id"]}
    append(out / "corrections.toml", correction | {"who": "Aigerim", "evidence": first["evidence"]})
    published_after(out, before)
    ids = {
        f["properties"]["action_id"]
        for f in json.loads(out.joinpath(FILES[0]).read_text())["features"]
    }
    assert first["action_id"] not in ids
    assert dataset(out) == full_build(corpus, resident, tmp_path / "corrected")


def test_a_burst_of_200_files_is_a_few_builds_not_200(tmp_path):
    assert main(["synth", "--articles", "100", "--out", str(tmp_path / "s"), "--quiet"]) == 0
    burst = sorted((tmp_path / "s" / "articles").iterdir())
    assert len(burst) >= 200  # 100 articles and their sidecars
    corpus, out = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    shutil.copy(next(p for p in seed("000") if p.suffix == ".txt"), corpus)
    resident = resident_for(corpus, out)
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(resident,), kwargs={"stop": stop})
    thread.start()
    try:
        published_after(out, "", limit=120)
        for path in burst:
            shutil.copy(path, corpus)
        deadline = time.perf_counter() + 300
        while resident.articles < 101:
            assert time.perf_counter() < deadline
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=60)
    assert resident.publications <= 1 + 3  # the first build, then one to three
    assert dataset(out) == full_build(corpus, resident, tmp_path / "full")


def test_ctrl_c_stops_the_watch_and_leaves_a_whole_dataset(tmp_path):
    assert main(["synth", "--articles", "20", "--out", str(tmp_path / "s"), "--quiet"]) == 0
    corpus, out = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    for path in seed("000"):
        shutil.copy(path, corpus)
    command = [sys.executable, "-m", "geo.cli", "watch", "--corpus", str(corpus)]
    process = subprocess.Popen(
        [*command, "--out", str(out)], stderr=subprocess.PIPE, text=True, bufsize=1
    )
    try:
        log = _until(process, "watching")
        for path in (tmp_path / "s" / "articles").iterdir():
            shutil.copy(path, corpus)
        log += _until(process, "building")
        time.sleep(0.2)  # in the middle of the build
        process.send_signal(signal.SIGINT)
        log += process.communicate(timeout=60)[1]
    finally:
        process.kill()
    assert process.returncode == 0, log
    assert "stopped;" in log
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(FILES)
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*.tmp"))
    assert not (out / publish.JOURNAL).exists()
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    features = json.loads((out / "actions.geojson").read_text(encoding="utf-8"))["features"]
    assert report["features"] == len(features)  # the report and the map of one build
    assert report["actions"] == len({f["properties"]["action_id"] for f in features})


def _until(process: subprocess.Popen, word: str, limit: float = 120.0) -> str:
    """The log lines up to and including the first one with ``word``."""
    lines, started = [], time.perf_counter()
    while time.perf_counter() - started < limit:
        line = process.stderr.readline()
        assert line, "geo watch ended: " + "".join(lines)
        lines.append(line)
        if word in line:
            return "".join(lines)
    raise AssertionError(f"no {word!r} in the log: " + "".join(lines))


def test_a_corpus_folder_that_is_not_there_is_exit_status_2(tmp_path):
    missing = tmp_path / "no-such-folder"
    command = [sys.executable, "-m", "geo.cli", "watch", "--corpus", str(missing)]
    done = subprocess.run(
        [*command, "--out", str(tmp_path / "data")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert f"geo watch: corpus folder not found: {missing}" in done.stderr

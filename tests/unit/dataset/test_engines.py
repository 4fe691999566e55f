"""geo.dataset.engines and geo.dataset.cache through the build: every core, a Dask cluster, and
rebuilds that
read only what changed. Each engine must write the same dataset."""

import json
import shutil
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import psutil
import pytest

from geo.dataset.build import build
from geo.dataset.cache import CACHE_NAME, ExtractionCache
from geo.dataset.engines import INLINE_JOBS, inline, run
from tests.paths import SEEDS


def square(x):
    return x * x


def test_run_yields_every_result_once_in_any_order():
    assert sorted(run(square, list(range(20)), workers=2)) == [(i, i * i) for i in range(20)]
    assert list(run(square, [3])) == [(0, 9)]  # a single job runs in this process


def test_a_few_jobs_or_one_worker_run_in_this_process():
    assert inline(1) and inline(INLINE_JOBS - 1, workers=8)
    assert inline(500, workers=1)
    assert not inline(INLINE_JOBS, workers=2)


def test_unknown_engines_and_a_dask_engine_without_scheduler_are_clear_errors():
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        list(run(square, [1], engine="spark"))
    with pytest.raises(ValueError, match="needs --scheduler"):
        list(run(square, [1], engine="dask"))


def dataset(out: Path) -> tuple[bytes, dict]:
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    report.pop("seconds")
    report.pop("built", None)
    return (out / "actions.geojson").read_bytes(), report


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The seeds built in this process, one article after another, without a cache."""
    out = tmp_path_factory.mktemp("reference")
    build(SEEDS, out, progress=False, workers=1, use_cache=False)
    return dataset(out)


def test_two_worker_processes_write_the_same_dataset(tmp_path, reference):
    result = build(SEEDS, tmp_path, progress=False, workers=2, use_cache=False)
    assert result.processed_now == 5
    assert dataset(tmp_path) == reference


def test_a_dask_cluster_writes_the_same_dataset(tmp_path, reference, monkeypatch):
    distributed = pytest.importorskip("distributed")
    # Dask's worker processes are spawned, and spawning re-runs the parent's __main__: in a
    # full test run an AppTest may have left dashboard.py there. A bare __main__ instead.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = build(
            SEEDS, tmp_path, progress=False, engine="dask", scheduler=cluster.scheduler_address
        )
    assert result.processed_now == 5
    assert dataset(tmp_path) == reference


def test_a_rebuild_reads_only_new_and_changed_articles(tmp_path, reference):
    corpus, out = tmp_path / "copy" / "seeds", tmp_path / "out"  # sources name the folder
    shutil.copytree(SEEDS, corpus)
    aside = tmp_path / "aside"
    aside.mkdir()
    for path in corpus.glob("003_*"):  # the article and its sidecar, added later
        shutil.move(path, aside)
    assert build(corpus, out, progress=False).processed_now == 4
    again = build(corpus, out, progress=False)
    assert (again.processed_now, again.from_cache) == (0, 4)
    for path in aside.iterdir():
        shutil.move(path, corpus)
    added = build(corpus, out, progress=False)
    assert (added.processed_now, added.from_cache) == (1, 4)
    assert dataset(out) == reference  # the cache changes nothing in the result
    sidecar = corpus / "002_82e0ac45970b357d.meta.toml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8") + '\noutlet = "Other"\n', "utf-8")
    assert build(corpus, out, progress=False).processed_now == 1  # its sidecar changed


def test_a_new_pipeline_starts_from_an_empty_cache(tmp_path):
    cache = ExtractionCache(tmp_path / CACHE_NAME, version="v1")
    cache.put("k", {"told": 1})
    cache.close()
    assert ExtractionCache(tmp_path / CACHE_NAME, version="v1").get_many(["k"]) == {
        "k": {"told": 1}
    }
    assert ExtractionCache(tmp_path / CACHE_NAME, version="v2").get_many(["k"]) == {}


def test_skipped_articles_are_not_cached_and_are_tried_again(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    (corpus / "blank.html").write_text("<p> </p>", "utf-8")
    build(corpus, out, progress=False)
    again = build(corpus, out, progress=False)
    assert (again.processed_now, again.from_cache) == (1, 1)


POOL = """
import time
from geo.dataset.engines import run

def slow(x):
    time.sleep(60)

list(run(slow, list(range(8)), workers=2))
"""


def test_workers_end_when_their_build_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", POOL])
    try:
        deadline = time.monotonic() + 30
        workers = []
        while len(workers) < 2 and time.monotonic() < deadline:
            workers = psutil.Process(parent.pid).children()
            time.sleep(0.1)
        assert len(workers) == 2
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []


def test_the_file_list_forgets_the_result_of_a_changed_or_deleted_article(tmp_path):
    from geo.dataset.cache import ExtractionCache

    cache = ExtractionCache(tmp_path / "cache.sqlite", "v1")
    for key in ("k-a", "k-b", "k-c"):
        cache.put(key, {"told": key})
    cache.remember([("a.txt", "1", "k-a"), ("b.txt", "1", "k-b"), ("c.txt", "1", "k-c")])
    seen = cache.stamps()
    cache.put("k-b2", {"told": "b changed"})
    cache.remember([("a.txt", "1", "k-a"), ("b.txt", "2", "k-b2")], seen)  # c.txt deleted
    assert cache.stamps() == {"a.txt": ("1", "k-a"), "b.txt": ("2", "k-b2")}
    assert cache.get_many(["k-a", "k-b", "k-b2", "k-c"]).keys() == {"k-a", "k-b2"}

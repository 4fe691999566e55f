"""Engines: run one function over many jobs, on this machine's cores or on a Dask cluster.

In: a picklable function, a list of picklable jobs, the engine's settings. Out:
``run(fn, jobs, ...)`` yields ``(index, result)`` as results arrive, in any order.

- ``local``: a process pool with one worker per core (``jobs``); a few jobs run in this
  process, since starting a worker (loading the gazetteer and natasha) costs more than them.
  Each process runs its numerical library (OpenBLAS, under natasha) on one thread: the
  cores are already shared out by processes, and two workers each spinning two BLAS threads
  on two cores made the build 2.6 times slower than one worker (benchmarks/build.py).
- ``dask``: an existing cluster at ``scheduler`` (``tcp://host:8786``) through
  ``dask.distributed``; the jobs carry the articles' bytes, so workers need no shared disk.

The function must not raise for a bad job (the build's ``process`` turns errors into
"skipped" results), so one article never stops the others.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from threadpoolctl import threadpool_limits

from geo.exc import BadSettings

ENGINES = ("local", "dask")
INLINE_JOBS = 4  # fewer than this run in this process


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def run(
    fn: Callable[[Any], Any],
    jobs: list[Any],
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    warm: Callable[[], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    if engine == "dask":
        yield from _dask(fn, jobs, scheduler)
        return
    if engine != "local":
        raise BadSettings(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    if inline(len(jobs), workers):
        with threadpool_limits(limits=1):
            for i, job in enumerate(jobs):
                yield i, fn(job)
        return
    workers = min(workers or cores(), len(jobs))
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(os.getpid(), warm)
    ) as pool:
        # Small batches keep every core busy to the end and the progress bar moving.
        size = max(1, min(16, len(jobs) // (workers * 8)))
        batches = [list(range(i, min(i + size, len(jobs)))) for i in range(0, len(jobs), size)]
        futures = {pool.submit(_batch, fn, [jobs[i] for i in b]): b for b in batches}
        for future in as_completed(futures):
            yield from zip(futures[future], future.result(), strict=True)


def inline(jobs: int, workers: int | None = None) -> bool:
    """Whether the local engine runs ``jobs`` jobs in this process: one worker, or too few
    jobs to be worth starting a pool."""
    return min(workers or cores(), jobs) <= 1 or jobs < INLINE_JOBS


def _batch(fn, jobs):
    return [fn(job) for job in jobs]


def _start_worker(parent: int, warm: Callable[[], None] | None) -> None:
    """A worker ends when the build that started it does: a build killed with SIGKILL
    cannot tell its pool to stop, and its workers would wait for work forever."""

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    threadpool_limits(limits=1)  # for the life of the worker
    if warm:
        warm()


def _dask(fn, jobs, scheduler):
    if not scheduler:
        raise BadSettings("--engine dask needs --scheduler ADDRESS (tcp://host:8786)")
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError as err:
        raise BadSettings(
            "the dask engine needs dask.distributed: pip install -e '.[dask]'"
        ) from err
    with Client(scheduler) as client:
        futures = client.map(fn, jobs, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        for future in dask_completed(futures):
            yield index[future.key], future.result()

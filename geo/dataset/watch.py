"""Watch: a resident builder that publishes the dataset again whenever the corpus changes.

In: what ``geo build`` takes (the corpus folder, the dataset folder, the analysts'
corrections and places files, the cache folder, the build's limits and workers). Out:
``watch(resident)`` builds once, then again after every batch of changes to the corpus
folder (an article or a sidecar saved, changed, renamed or deleted) or to the corrections or
places file, until Ctrl-C or ``stop``; each publication is the dataset a full ``geo build``
of the folder would write at that moment, byte for byte but the report's ``built`` and
``seconds`` (when, and how long it took). One line in the log (logger ``geo.dataset.watch``)
says what changed and one what was published: "published 5 324 actions from 1 001 articles
in 0.6 s (+1 article, +3 actions)"; each file newly skipped gets its line with its reason.

How: one build path. ``Resident.rebuild`` calls ``geo.dataset.build.build`` with a
``build.Memory`` (the results it read in full and the CSV rows it made stay in this
process between builds, as do natasha and the gazetteer, loaded once: a change of a few
articles runs here, see geo.dataset.engines), so a rebuild reads and extracts only the
files whose size or modification time changed and copies every unchanged action's bytes
from the last publication (geo.dataset.snapshot), as ``geo build`` does; a change of fewer
than ``POOL_FROM`` files is extracted in this process. The folder is watched with ``watchfiles``
(inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows, through the Rust
``notify`` crate): it hands over the changes in batches, waiting ``STEP_MS`` after the last
one (at most ``DEBOUNCE_MS``) so a burst of 200 files saved at once is one or a few builds,
not 200. Changes made while a build runs are kept and make the next batch. Publication is
geo.dataset.publish's: all files or none; Ctrl-C in the middle of one finishes it if it was
committed and drops it if not (``publish.settle``), so the folder never holds half a
dataset. A dashboard follows the data by polling ``publish.version(folder)``: one ``stat``
of ``build-report.json``, which every publication replaces last.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import watchfiles

from geo.dataset import publish
from geo.dataset.build import BuildResult, Memory, build, warm
from geo.exc import CorpusNotFound, OutputNotWritable

log = logging.getLogger(__name__)

# watchfiles hands over a batch once no change came for STEP_MS, or DEBOUNCE_MS after its
# first change. 50 ms apart is what a copy of many files, a `git pull` or an editor's save
# (write a temporary file, rename it) look like; 400 ms bounds how long a steady stream of
# changes can hold a publication back, inside the 1 s the watch promises.
STEP_MS = 50
DEBOUNCE_MS = 400
# Fewer changed files than this are extracted in this process, where natasha and the
# gazetteer stay loaded; more go to a pool of one worker per core (--workers), each loading
# them first. Measured on the 2-core machine: both cores extract about 80 articles a second
# (10 000 in 123 s), one about 40; a pool of workers is ready after 2.5 s (5 articles through
# a pool: 2.7 s). 200 articles cost 5 s either way.
POOL_FROM = 200
# The watcher is started before the first build, and the build waits for its first (empty)
# batch, due after TICK_MS without a change: a file saved during the first build is not
# missed. (The watch then wakes every TICK_MS for nothing, which costs nothing measurable.)
TICK_MS = 100


def grouped(number: int) -> str:
    """5324 -> '5 324': the log's numbers, grouped by thousands as the README writes them."""
    return f"{number:,}".replace(",", " ")


def plural(number: int, word: str) -> str:
    return f"{grouped(number)} {word}{'' if number == 1 else 's'}"


def signed(number: int, word: str) -> str:
    """+1 article, -3 actions, +0 actions."""
    return ("-" if number < 0 else "+") + plural(abs(number), word)


@dataclass
class Resident:
    """The builder that stays: ``build``'s arguments (but the progress bar and the
    ``memory``, which are the watch's own) and what the last publication held."""

    corpus: Path
    out: Path
    options: dict = field(default_factory=dict)  # geo.dataset.build.build's keyword arguments
    memory: Memory = field(default_factory=Memory)
    articles: int = 0  # in the last publication
    actions: int = 0
    skipped: set[str] = field(default_factory=set)  # files skipped by the last build
    publications: int = 0

    def rebuild(self, changed: int | None = None) -> BuildResult | None:
        """Build and publish; log one line about it. ``changed``: how many files changed
        since the last build (None: unknown, the first build). None when the dataset folder
        could not be written (logged; the previous dataset stays, the next change tries
        again)."""
        started = time.perf_counter()
        options = dict(self.options)
        if changed is not None and changed < POOL_FROM:
            options["workers"] = 1  # here, where natasha and the gazetteer are loaded
        try:
            result = build(self.corpus, self.out, progress=False, memory=self.memory, **options)
        except OutputNotWritable as err:
            log.error("cannot write the dataset to %s: %s; it is unchanged", self.out, err)
            return None
        skipped = {f.file: f.reason for f in result.files if not f.processed}
        for name in sorted(skipped.keys() - self.skipped):
            log.warning("skipped %s: %s", name, skipped[name])
        self.skipped = set(skipped)
        if not result.written:
            log.warning("no article could be read: %s is left as it was", self.out)
            return result
        self._published(result, time.perf_counter() - started)
        return result

    def _published(self, result: BuildResult, seconds: float) -> None:
        articles = sum(1 for f in result.files if f.processed)
        change = "first build"
        if self.publications:
            change = ", ".join(
                [
                    signed(articles - self.articles, "article"),
                    signed(result.actions - self.actions, "action"),
                ]
            )
        log.info(
            "published %s from %s in %.1f s (%s)",
            plural(result.actions, "action"),
            plural(articles, "article"),
            seconds,
            change,
        )
        self.articles, self.actions = articles, result.actions
        self.publications += 1

    def watched(self) -> list[Path]:
        """The folders to watch: the corpus, and the folder of the corrections and places
        files when it exists (the dataset folder, by default)."""
        folders = [self.corpus]
        corrections = self.options.get("corrections_path")
        if corrections is not None and Path(corrections).parent.is_dir():
            folders.append(Path(corrections).parent)
        return folders

    def concerns(self, change: watchfiles.Change, path: str) -> bool:
        """A change a build would see: any file in the corpus folder (but the dataset folder,
        should it lie inside), and the corrections and places files."""
        where = Path(path)
        mine = [self.options.get("corrections_path"), self.options.get("places_path")]
        if any(p is not None and where == Path(p) for p in mine):
            return True
        return where.is_relative_to(self.corpus) and not where.is_relative_to(self.out)


def describe(changes: set[tuple[watchfiles.Change, str]]) -> str:
    """'3 files changed (2 added, 1 deleted): building'."""
    kinds = Counter(change.name for change, _ in changes)
    parts = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    return f"{plural(len({p for _, p in changes}), 'file')} changed ({parts}): building"


def watch(
    resident: Resident,
    stop: threading.Event | None = None,
    step_ms: int = STEP_MS,
    debounce_ms: int = DEBOUNCE_MS,
) -> None:
    """Build, then build again after each batch of changes until ``stop`` is set or Ctrl-C
    (KeyboardInterrupt, raised to the caller); the dataset folder is settled either way.
    Raises ``CorpusNotFound`` (geo.exc) for a corpus folder that is not there."""
    resident.corpus, resident.out = Path(resident.corpus).resolve(), Path(resident.out).resolve()
    if not resident.corpus.is_dir():
        raise CorpusNotFound(f"corpus folder not found: {resident.corpus}")
    try:
        warm(resident.options.get("places_path"), resident.options.get("cache_dir"))
        resident.out.mkdir(parents=True, exist_ok=True)  # watched: the corrections are there
        batches = watchfiles.watch(
            *resident.watched(),
            watch_filter=resident.concerns,
            step=step_ms,
            debounce=debounce_ms,
            stop_event=stop,
            rust_timeout=TICK_MS,
            yield_on_timeout=True,  # an empty batch each tick, the first once it watches
        )
        if next(batches, None) is None:  # stopped already
            return
        # Watching now: a change saved during the first build makes the next batch.
        resident.rebuild()
        log.info("watching %s (Ctrl-C to stop)", resident.corpus)
        for changes in batches:
            if changes:
                log.info(describe(changes))
                resident.rebuild(len({path for _, path in changes}))
    finally:
        if resident.out.is_dir():
            publish.settle(resident.out)

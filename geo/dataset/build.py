"""Build: corpus folder in, map-ready dataset out.

In: a folder of articles (see geo.ingest.corpus) and, from the workspace (geo.workspace),
the analysts' corrections and places files and the cache folder. Out, in the output folder:
``actions.geojson`` (FeatureCollection, WGS84, one Point per action and place: the contract
other tools read, see README), ``actions.csv`` (the same rows, ``utf-8-sig`` for Excel),
``actions.parquet`` (the same, columnar, for the dashboard; see geo.dataset.formats) and
``build-report.json`` (every input file as processed or skipped with its reason, every place
name that could not be resolved). The files are replaced together (geo.dataset.publish): a
reader sees the previous dataset or the new one, never half of one. A build that reads no
article at all leaves the previous dataset alone.

How: each article file becomes a ``Job`` (its bytes, its sidecar's, its name); ``process``
turns a job into what the article tells (a geo.dataset.report ``ArticleTold``, its actions'
features made by geo.dataset.record; JSON-able, so it can be cached and sent between
machines). Jobs whose result is in the cache (geo.dataset.cache, by content hash) are not run
again; the others run on every core or on a Dask cluster (geo.dataset.engines). Then the same
action told by several articles is merged into one with several sources, the analysts'
corrections are applied, and the files are published. An article the extractor fails on is
skipped with its line in the report and its traceback in the log (logger
``geo.dataset.build``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from itertools import groupby
from pathlib import Path

import orjson
from tqdm import tqdm

from geo.dataset import confidence, corrections, engines, formats, snapshot
from geo.dataset.cache import CACHE_NAME, ExtractionCache, fingerprint, job_key
from geo.dataset.publish import publish
from geo.dataset.record import features_of
from geo.dataset.report import ArticleTold, FileLine, SameAs, ToldAction
from geo.dataset.snapshot import Piece, Snapshot
from geo.exc import CorpusNotFound, NotAnArticle, OutputNotWritable
from geo.extract.actions import Action, extract
from geo.geoparse.geocode import OfflineGeocoder, geocoder_for
from geo.ingest.corpus import (
    MAX_ARTICLE_CHARS,
    MAX_FILE_BYTES,
    Article,
    Entry,
    list_corpus,
    parse_article,
    read_file,
    read_sidecar,
    reason,
)

log = logging.getLogger(__name__)  # an article the extractor failed on, with its traceback


@dataclass
class BuildResult:
    # Each action's bytes in the files, in order: made now or copied from the last
    # publication (geo.dataset.snapshot). ``features`` are theirs as dicts.
    pieces: list[Piece] = field(default_factory=list)
    files: list[FileLine] = field(default_factory=list)  # every input file's line
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> names
    approximate: dict[str, list[str]] = field(default_factory=dict)  # at a district centre
    unknown_organisations: dict[str, list[str]] = field(default_factory=dict)
    # Actions put at the whole country only because nothing in the article placed them.
    unplaced: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> action ids
    seconds: float = 0.0
    written: bool = False  # False when no article was read: the previous dataset stays
    from_cache: int = 0  # articles whose result the cache held
    processed_now: int = 0  # articles read and extracted in this build
    copied: int = 0  # actions whose bytes were copied from the last publication (snapshot)
    # Each correction applied or why not; None when the build applied no corrections file.
    corrections: corrections.Report | None = None

    made: list[dict] | None = field(default=None, repr=False)  # ``features`` when made
    # actions.parquet's columns (geo.dataset.formats.by_date) and each feature's row there
    table: object = None
    positions: object = None

    @property
    def features(self) -> list[dict]:
        """Every feature of the dataset (read from the pieces' bytes when they were copied:
        the Curate page asks, the command line does not)."""
        if self.made is None:
            chunks = [p.geojson for p in self.pieces]
            self.made = [
                orjson.loads(line)
                for line in formats.LINE_BREAK.join(chunks).split(formats.LINE_BREAK)
                if line
            ]
        return self.made

    @property
    def actions(self) -> int:
        return len({p.action_id for p in self.pieces})

    @property
    def places(self) -> int:
        """How many features: one per action and place."""
        return sum(p.features for p in self.pieces)


@dataclass
class Memory:
    """What a process that builds again and again (geo.dataset.watch, the Curate page) keeps
    between builds: the results of the articles it read in full, by key, as ``told`` holds
    them, for the pipeline's ``version`` (geo.dataset.cache.fingerprint) that made them, and
    the rows of actions.csv it made (geo.dataset.formats.csv_rows's ``known``). A build reads
    an article's result here before the cache file. (Most articles of a rebuild are neither:
    their actions' bytes are copied from the last publication, geo.dataset.snapshot.)"""

    version: str = ""
    told: dict[str, ArticleTold] = field(default_factory=dict)
    csv_rows: dict[bytes, str] = field(default_factory=dict)

    def recall(self, version: str) -> dict[str, ArticleTold]:
        if version != self.version:  # another pipeline or other places: nothing here holds
            self.version, self.told, self.csv_rows = version, {}, {}
        return self.told


@dataclass
class Job:
    """One article file as a worker gets it: bytes, not paths, so any machine can take it."""

    name: str  # path under the corpus folder, printable
    doc_id: str
    path: str  # for its suffix and stem; never opened by the worker
    raw: bytes
    sidecar: bytes | None
    warnings: list[str]
    corpus_name: str  # the corpus folder's name, for sources without a URL
    max_chars: int

    @property
    def key(self) -> str:
        return job_key(
            self.name, self.doc_id, self.path, self.raw, self.sidecar, self.corpus_name,
            self.max_chars, *self.warnings,
        )  # fmt: skip


def build(
    corpus_dir: Path | str,
    out_dir: Path | str,
    progress: bool = True,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_ARTICLE_CHARS,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    use_cache: bool = True,
    corrections_path: Path | None = None,
    places_path: Path | None = None,
    cache_dir: Path | None = None,
    memory: Memory | None = None,
) -> BuildResult:
    """The dataset of the corpus, written to ``out_dir`` (unless no article could be read).
    ``corrections_path``, ``places_path``, ``cache_dir``: the workspace's corrections file,
    analysts' places file and cache folder (geo.workspace.Workspace; None: no corrections,
    the curated places alone, the user's cache folder). ``memory``: the results a resident
    process kept from its last build (``Memory``), read before the cache and updated.
    Raises ``CorpusNotFound``, ``BadSettings`` (engine, scheduler) or ``OutputNotWritable``
    (geo.exc); an article that cannot be read or extracted is a skipped line, never an
    error."""
    settings = dict(
        max_bytes=max_bytes, max_chars=max_chars, workers=workers, engine=engine,
        scheduler=scheduler, use_cache=use_cache, corrections_path=corrections_path,
        places_path=places_path, cache_dir=cache_dir, memory=memory,
    )  # fmt: skip
    try:
        return _build(Path(corpus_dir), Path(out_dir), progress, splice=use_cache, **settings)
    except _Unspliced:  # the snapshot named a result the cache no longer holds: rare
        return _build(Path(corpus_dir), Path(out_dir), progress, splice=False, **settings)
    finally:
        # What the pauses set aside goes back to the collector: the dashboard's Curate page
        # builds inside the long-lived server, where nothing may stay out of its reach.
        gc.unfreeze()


class _Unspliced(Exception):
    """A snapshot that cannot be used after all; the build starts again without it."""


def _beside(fn, *args) -> Future:
    """``fn(*args)`` in a thread of its own (actions.parquet's encoding, while the other
    files are made: geo.dataset.formats.parquet_bytes leaves the interpreter free)."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="geo-beside")
    try:
        return pool.submit(fn, *args)
    finally:
        pool.shutdown(wait=False)  # the thread ends with its one task


@dataclass
class _Noted:
    """The snapshot of a publication (geo.dataset.snapshot): ``make`` stages it, in the
    thread that waits for the publication's files to be written (geo.dataset.publish's
    ``meanwhile``: its marshalling holds the interpreter, and in a thread of its own started
    before the writers it held their start back by as long, 0.04-0.05 s at 10 000
    articles); called once the files are published, it commits it; ``drop`` throws it away
    when they were not."""

    stage: Callable[[], snapshot.Staged]
    commit: Callable[[snapshot.Staged], None]
    staged: snapshot.Staged | None = None

    def make(self) -> None:
        self.staged = self.stage()

    def __call__(self) -> None:
        if self.staged is None:
            self.make()
        self.commit(self.staged)

    def drop(self) -> None:
        if self.staged is not None:
            snapshot.drop(self.staged)


def _build(
    corpus_dir: Path, out_dir: Path, progress: bool, splice: bool, max_bytes: int,
    max_chars: int, workers: int | None, engine: str, scheduler: str | None, use_cache: bool,
    corrections_path: Path | None, places_path: Path | None, cache_dir: Path | None,
    memory: Memory | None,
) -> BuildResult:  # fmt: skip
    started = time.perf_counter()
    if not corpus_dir.is_dir():
        raise CorpusNotFound(f"corpus folder not found: {corpus_dir}")
    version = fingerprint(places_path)
    fixes = _corrections(corrections_path)
    # The last publication's bytes, copied where nothing changed; never under corrections
    # (they change features across articles, geo.dataset.corrections).
    with _paused_gc():  # a resident process holds millions of objects (see _paused_gc)
        entries, skipped = list_corpus(corpus_dir)
        snap = snapshot.load(out_dir, version) if splice and not fixes[0] else None
    result = BuildResult()
    result.files += [FileLine.skipped(s.name, s.reason) for s in skipped]
    held = memory.recall(version) if memory is not None and use_cache else {}
    with _open_cache(out_dir, version) if use_cache else contextlib.nullcontext() as cache_db:
        with _paused_gc():
            keys, jobs, told = _plan(
                entries, corpus_dir, cache_db, held, snap, max_bytes, max_chars, result
            )
        pending = [i for i in jobs if keys[i] not in told]
        result.from_cache = len(entries) - len(pending) - keys.count(None)
        bar = tqdm(total=len(pending), desc="articles", unit="article", disable=not progress)
        tables = {"places_path": places_path, "cache_dir": cache_dir}
        for n, article_told in engines.run(
            partial(process, **tables),
            [jobs[i] for i in pending],
            engine,
            workers,
            scheduler,
            warm=partial(warm, **tables),
        ):
            told[keys[pending[n]]] = article_told
            if cache_db and article_told.file.processed:
                cache_db.put(keys[pending[n]], article_told.to_json())
            bar.update()
        bar.close()
        result.processed_now = len(pending)
        with _paused_gc():
            recall = partial(_recall, held, cache_db, None)
            known = memory.csv_rows if memory is not None and use_cache else None
            _assemble(result, keys, told, fixes, corrections_path, tables, snap, recall, known)
    if memory is not None and use_cache:
        memory.told = {
            k: told[k]
            for k in keys
            if k is not None and told[k].file.processed and not told[k].light
        }
    with _paused_gc():
        result.seconds = time.perf_counter() - started
        if any(f.processed for f in result.files):
            keep = use_cache and not fixes[0]  # a corrected publication has no snapshot
            read = {k: told[k] for k in keys if k is not None and told[k].file.processed}

            def noting():  # the pieces know where they go: the snapshot made meanwhile
                if not keep:
                    return partial(snapshot.forget, out_dir)
                return _Noted(
                    partial(
                        snapshot.stage, out_dir, read, result.pieces, result.table,
                        result.positions, snap,
                    ),
                    partial(snapshot.commit, out_dir, version),
                )  # fmt: skip

            with _writing(out_dir):
                write_outputs(result, out_dir, snap, noting)
            result.written = True
    return result


def _corrections(path: Path | None) -> tuple[list[dict], list]:
    """The corrections file's valid corrections and its problems (geo.dataset.corrections.
    load); ([], []) when there is no file."""
    return corrections.load(Path(path)) if path is not None else ([], [])


def _open_cache(out_dir: Path, version: str) -> ExtractionCache:
    with _writing(out_dir):  # the cache lives in the output folder
        return ExtractionCache(out_dir / CACHE_NAME, version)


@contextlib.contextmanager
def _writing(out_dir: Path):
    """An OSError from the output folder (the cache in it, the dataset's files) is the
    folder that cannot be written: ``OutputNotWritable``, naming the folder."""
    try:
        yield
    except OutputNotWritable:
        raise
    except OSError as err:
        raise OutputNotWritable(err.errno, err.strerror or str(err), str(out_dir)) from err


@contextlib.contextmanager
def _paused_gc():
    """The cached results are millions of small dicts, lists and strings, and none refers
    back to another: the cycle collector would walk them again and again for nothing (at
    10 000 articles, reading them took 0.6 s with it and 0.25 s without). Never paused
    while articles are extracted. What was made meanwhile is set aside (frozen) until
    ``build`` ends, or the first collection after the pause would walk all of it again.
    (In ``geo watch``, which keeps every result between builds, a full collection started
    while the 20 000 files were listed made the listing 0.85 s instead of 0.2 s.)"""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _assemble(
    result: BuildResult,
    keys: list,
    told: dict,
    fixes: tuple[list[dict], list],
    corrections_path: Path | None,
    tables: dict,
    snap: Snapshot | None,
    recall,
    known: dict | None,
):
    """The articles' results in corpus order: the report's lines and each action's bytes
    (``result.pieces``), copied from the last publication (``snap``) where the article and
    its retellings are unchanged, made again from its features where not (``recall``: the
    full results of some keys, from memory or the cache)."""
    ordered_keys = [k for k in keys if k is not None]
    ordered = [told[k] for k in ordered_keys]
    for article_told in ordered:
        result.files.append(article_told.file)
        doc_id = article_told.doc_id
        for report_key in ("unresolved", "approximate", "unknown_organisations", "unplaced"):
            if names := getattr(article_told, report_key):
                getattr(result, report_key)[doc_id] = names
    result.files.sort(key=lambda f: f.file)
    kept = retellings(ordered)
    copied = [
        snap.piece(ordered_keys[i], a, retold)
        if snap is not None and ordered[i].actions[a].features is None
        else None
        for i, a, retold in kept
    ]
    again = {ordered_keys[i] for (i, _, _), piece in zip(kept, copied, strict=True) if not piece}
    again = {k for k in again if told[k].light}  # light, but its action changed
    if again:
        found = recall(list(again))
        if found.keys() != again:
            raise _Unspliced(f"{len(again - found.keys())} results neither cached nor held")
        told |= found
        ordered = [told[k] for k in ordered_keys]
    made = [
        (n, retold_features(ordered[i].actions[a], retold))
        for n, ((i, a, retold), piece) in enumerate(zip(kept, copied, strict=True))
        if piece is None
    ]
    features = [f for _, group in made for f in group]
    valid, problems = fixes
    if corrections_path is not None:
        result.corrections = corrections.Report(str(corrections_path), problems)
    if valid:
        # Corrected: every feature was made now; one piece per action, as corrected.
        features = _correct(result, features, valid, problems, Path(corrections_path), tables)
        made = [(n, list(g)) for n, (_, g) in enumerate(groupby(features, _action_id))]
        copied = [None] * len(made)
        kept = [(None, None, ())] * len(made)
    lines = formats.feature_lines(features)
    rows = formats.csv_rows(features, lines, known)
    at = 0
    for n, group in made:
        i, a, retold = kept[n]
        copied[n] = Piece(
            ordered_keys[i] if i is not None else "",
            a or 0,
            retold,
            _action_id(group[0]) if group else "",
            len(group),
            formats.LINE_BREAK.join(lines[at : at + len(group)]),
            b"".join(rows[at : at + len(group)]),
        )
        at += len(group)
    result.pieces = [p for p in copied if p.features]
    result.copied = len(copied) - len(made)
    result.made = features if len(made) == len(copied) else None  # made all, or read later
    result.table, result.positions = _table(result.pieces, snap, [copied[n] for n, _ in made])


def _table(pieces: list[Piece], snap: Snapshot | None, made: list[Piece]):
    """actions.parquet's table of ``pieces`` (geo.dataset.formats.by_date: sorted by date)
    and the row each feature went to: the rows of the pieces copied taken from the
    snapshot's table, those of the pieces ``made`` now read from their lines."""
    new = formats.feature_table([p.geojson for p in made if p.features])
    if snap is None or len(made) == len(pieces):
        return formats.by_date(new)
    fresh = {id(p): at for p, at in zip(made, _starts(made), strict=True)}
    rows = []
    for piece in pieces:
        at = fresh.get(id(piece))
        if at is None:
            rows.extend(snap.positions[piece.row : piece.row + piece.features])
        else:
            start = snap.table.num_rows + at
            rows.extend(range(start, start + piece.features))
    return formats.by_date(*formats.spliced_rows(snap.table, new, rows))


def _starts(pieces: list[Piece]) -> list[int]:
    """The index of each piece's first feature, the pieces one after another."""
    starts, at = [], 0
    for piece in pieces:
        starts.append(at)
        at += piece.features
    return starts


def _action_id(feature: dict) -> str:
    return feature["properties"]["action_id"]


def _correct(
    result: BuildResult,
    features: list[dict],
    valid: list[dict],
    problems: list,
    path: Path,
    tables: dict,
) -> list[dict]:
    """Apply the analysts' corrections (geo.dataset.corrections) and say in the report how it
    went."""
    needs_places = any(c["change"] == "move" for c in valid)
    gazetteer = _geocoder(**tables).gazetteer if needs_places else None
    features, outcomes = corrections.apply(features, valid, gazetteer)
    result.corrections = corrections.Report(str(path), problems + outcomes)
    return features


def _plan(entries, corpus_dir, cache_db, held, snap, max_bytes, max_chars, result):
    """Each entry's cache key, the jobs to run and the results the last publication's
    snapshot (``snap``: light, without features), ``held`` (a resident process's memory) or
    the cache holds. A file whose size and modification time (and its sidecar's) are as the
    cache last saw them is not read at all, as git and make do; any other file is read and
    hashed."""
    corpus_name = corpus_dir.resolve().name
    settings = f"{max_bytes}:{max_chars}:{corpus_name}"
    stamps = [f"{e.stamp}{settings}:{e.doc_id}:{e.warnings}" for e in entries]
    seen = cache_db.stamps() if cache_db else {}
    keys = [
        seen[e.name][1] if e.name in seen and seen[e.name][0] == stamp else None
        for e, stamp in zip(entries, stamps, strict=True)
    ]
    told = _recall(held, cache_db, snap, [k for k in keys if k])
    jobs = {}
    for i, entry in enumerate(entries):
        if keys[i] in told:
            continue
        try:
            jobs[i] = _job(entry, corpus_name, max_bytes, max_chars)
        except (OSError, NotAnArticle) as err:
            result.files.append(FileLine.skipped(entry.name, reason(err)))
            keys[i] = None
            continue
        keys[i] = jobs[i].key
    if cache_db:
        told |= _recall(held, cache_db, snap, [keys[i] for i in jobs])  # touched, not changed
        cache_db.remember(
            [(e.name, stamp, k) for e, stamp, k in zip(entries, stamps, keys, strict=True) if k],
            seen,
        )
    return keys, jobs, told


def _recall(
    held: dict, cache_db: ExtractionCache | None, snap: Snapshot | None, keys: list[str]
) -> dict:
    """The results of ``keys`` that the snapshot holds (light: no features, read in one
    go), then those memory holds, then those the cache file holds."""
    found = {k: t for k in keys if (t := snap.told(k)) is not None} if snap is not None else {}
    found |= {k: held[k] for k in keys if k not in found and k in held}
    return found | _from_cache(cache_db, [k for k in keys if k not in found])


def _from_cache(cache_db: ExtractionCache | None, keys: list[str]) -> dict[str, ArticleTold]:
    if cache_db is None:
        return {}
    return {k: ArticleTold.from_json(v) for k, v in cache_db.get_many(keys).items()}


def _job(entry: Entry, corpus_name: str, max_bytes: int, max_chars: int) -> Job:
    raw = read_file(entry.path, max_bytes)
    sidecar, warnings = read_sidecar(entry.path)
    return Job(
        entry.name,
        entry.doc_id,
        str(entry.path),
        raw,
        sidecar,
        entry.warnings + warnings,
        corpus_name,
        max_chars,
    )


def _geocoder(places_path: Path | None = None, cache_dir: Path | None = None) -> OfflineGeocoder:
    return geocoder_for(places_path, cache_dir)  # loaded once per process and places file


def warm(places_path: Path | None = None, cache_dir: Path | None = None) -> None:
    """Load the gazetteer and natasha in a new worker before its first article."""
    from geo.language import ner

    _geocoder(places_path, cache_dir)
    ner.entities("Волонтеры Караганды.")


def process(
    job: Job, places_path: Path | None = None, cache_dir: Path | None = None
) -> ArticleTold:
    """What one article tells (``ArticleTold``: its line in the report, its actions, each
    with its features and what ``merge_retellings`` compares, and the names the report
    lists). Never raises: a file that is no article is "skipped" with its reason; an article
    the extractor fails on is "skipped" too, its traceback in the log."""
    try:
        article = parse_article(job.raw, Path(job.path), job.sidecar, job.max_chars)
    except NotAnArticle as err:
        return ArticleTold(job.doc_id, FileLine.skipped(job.name, str(err)))
    except Exception as err:  # one broken article must not stop the others
        return _failed(job, err)
    article.name, article.doc_id = job.name, job.doc_id
    article.warnings = job.warnings + article.warnings
    try:
        geocoder = _geocoder(places_path, cache_dir)
        extraction = extract(article, geocoder)
        source = _source(article, job.corpus_name)
        actions = [
            ToldAction(
                _merge_key(action),
                source,
                features_of(
                    action, article, geocoder.gazetteer, [source], extraction.private_persons
                ),
            )
            for action in extraction.actions
        ]
    except Exception as err:  # one broken article must not stop the others
        return _failed(job, err)
    line = FileLine(
        job.name, "processed", actions=len(extraction.actions), warnings=tuple(article.warnings)
    )
    return ArticleTold(
        job.doc_id,
        line,
        actions,
        unresolved=extraction.unresolved,
        approximate=extraction.approximate,
        unknown_organisations=extraction.unknown_organisations,
        unplaced=[
            a.action_id
            for a in extraction.actions
            if any(p.kind == "country" and p.via == "article" for p in a.places)
        ],
    )


def _failed(job: Job, err: Exception) -> ArticleTold:
    """An article the extractor failed on: its traceback to the log, one line in the report."""
    log.error("%s: extraction failed", job.name, exc_info=err)
    reason_text = f"extraction failed: {type(err).__name__}: {err}"
    return ArticleTold(job.doc_id, FileLine.skipped(job.name, reason_text))


def merge_retellings(told: list[ArticleTold]) -> list[dict]:
    """The same action told by several articles (in Russian and in Kazakh, or by two outlets)
    is one action with several sources: same main type, same places, the same organisations
    and overlapping dates. Returns the features, each action's once, its ``sources`` listing
    every article that told it, and its records the reason ``told_by_several`` (geo.dataset.
    confidence.with_retellings). ``told``: ``process`` results, in corpus order."""
    return [
        feature
        for i, a, retold in retellings(told)
        for feature in retold_features(told[i].actions[a], retold)
    ]


def retellings(told: list[ArticleTold]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Which actions ``merge_retellings`` keeps, in order: the index of its article in
    ``told``, its index there and the sources of the later articles that told it again.
    Reads no feature: ``told`` may be light (geo.dataset.snapshot)."""
    kept: dict[bytes, list[tuple[SameAs, str, list[str]]]] = defaultdict(list)
    order: list[tuple[int, int, list[str]]] = []
    for i, article_told in enumerate(told):
        doc_id = article_told.doc_id
        for a, action in enumerate(article_told.actions):
            same_as = action.same_as
            bucket = kept[same_as.bucket]
            for twin in bucket:  # a loop, not next(generator): 17 000 actions a build
                if twin[1] != doc_id and twin[0].overlaps(same_as):
                    twin[2].append(action.source)
                    break
            else:
                entry = (same_as, doc_id, [])
                bucket.append(entry)
                order.append((i, a, entry[2]))
    return [(i, a, tuple(retold)) for i, a, retold in order]


def retold_features(action: ToldAction, retold: tuple[str, ...]) -> list[dict]:
    """The features of ``action`` (kept by ``retellings``) with the ``sources`` of every
    article that told it and their confidence for it (geo.dataset.confidence.
    with_retellings)."""
    for feature in action.features:
        props = feature["properties"]
        props["sources"] = [action.source, *retold]
        if props.get("confidence_reasons") is not None:  # several sources agree
            props["confidence"], props["confidence_reasons"] = confidence.with_retellings(
                props["confidence_reasons"], bool(retold)
            )
            props["text_confidence"] = props["confidence"]  # still the text's alone
    return action.features


def _merge_key(action: Action) -> SameAs:
    period = action.period
    return SameAs(
        [
            action.types[0],
            sorted({p.place_id for p in action.places}),
            sorted(set(action.organisations)),
            period is None,
        ],
        period.start.isoformat() if period else None,
        period.end.isoformat() if period else None,
    )


def _source(article: Article, corpus_name: str) -> str:
    return article.meta.url or f"{corpus_name}/{article.name}"


def write_outputs(
    result: BuildResult, out_dir: Path, snap: Snapshot | None = None, noting=None
) -> None:
    """The dataset's files, published together; each piece's ``at`` says where its bytes
    went (for geo.dataset.snapshot). ``snap``: the snapshot the pieces copied were copied
    from; ``noting``: called once each piece's ``at`` is set, before the files are written,
    it returns what to call once they are published, no other publication between
    (geo.dataset.publish), or None; what it returns may have a ``make``, called while the
    files are written (publish's ``meanwhile``), and a ``drop``, called when they were not
    published."""
    # The Parquet first: its encoding is the longest writer (0.05 s alone at 10 000 articles,
    # 0.1-0.15 s beside the others) and, once begun, leaves the interpreter free; started
    # after the snapshot's marshalling (which holds it), it waited 0.04-0.05 s to begin.
    parquet = _beside(formats.parquet_bytes, result.table)
    report = {
        # When the dataset was made (UTC): the dashboard and the briefing say how fresh it is.
        "built": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "seconds": round(result.seconds, 2),
        "articles": sum(1 for f in result.files if f.processed),
        "skipped": sum(1 for f in result.files if f.status == "skipped"),
        "actions": result.actions,
        "features": result.places,
        "files": [f.to_json() for f in result.files],
        "unresolved_places": result.unresolved,
        "placed_at_district_centre": result.approximate,
        "unknown_organisations": result.unknown_organisations,
        # Actions at the whole country because the article said nowhere (geo.extract.actions).
        "no_place_in_text": result.unplaced,
        "corrections": result.corrections.to_json() if result.corrections else {},
    }
    lines = [p.geojson for p in result.pieces]
    rows = [p.csv for p in result.pieces]
    if snap is not None:  # the pieces copied from one stretch as one slice
        geojson, csv = (snap.chunks(result.pieces, name) for name in snapshot.SPLICED)
    else:
        geojson, csv = lines, rows
    spans = zip(
        formats.collection_spans(lines),
        formats.csv_spans(rows),
        _starts(result.pieces),
        strict=True,
    )
    for piece, (in_geojson, in_csv, row) in zip(result.pieces, spans, strict=True):
        piece.at, piece.row = (*in_geojson, *in_csv), row
    then = noting() if noting is not None else None
    try:
        publish(
            out_dir,
            {
                "actions.geojson": formats.collection_parts(geojson),
                "actions.csv": formats.csv_parts(csv),
                "actions.parquet": parquet.result,
                "build-report.json": partial(orjson.dumps, report, option=orjson.OPT_INDENT_2),
            },
            then,
            meanwhile=getattr(then, "make", None),
        )
    except BaseException:
        if hasattr(then, "drop"):
            then.drop()
        raise

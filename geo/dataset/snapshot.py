"""Snapshot: the last publication, action by action, so that the next build splices it.

In: a dataset folder a build published into, and the build's ``stamp`` (the pipeline's
fingerprint, geo.dataset.cache.fingerprint, with the analysts' places: what made the
results and the bytes). Out: ``load(folder, stamp)``, the ``Snapshot`` of the last
publication there, or None when there is none that holds (another pipeline or other
places, a publication made without one, a file edited or replaced since); ``stage(folder,
told, pieces, ...)`` while a publication is written and ``commit(folder, stamp, staged)``
once it is published (``drop(staged)`` when it is not); ``forget(folder)``.

What it holds: for every article of the publication, by its cache key (geo.dataset.cache.
job_key), what merging the retellings and the report need (``light``: its
geo.dataset.report ``ArticleTold`` without its features, ``ToldAction.features`` None);
and for every action published, by its article's key and its index there (``Place``), the
sources of its retellings and where its rows are in actions.geojson and actions.csv. A
build whose article and retellings are unchanged copies that action's bytes from the
published files instead of reading its features back and writing them again (at 10 000
articles, reading them back was 0.27 s, making the CSV 0.47 s, the GeoJSON 0.15 s). The
bytes of an action are a function of its features, its sources and the code that wrote them
(the fingerprint covers the writers too): the same as a full build's.

How: ``marshal`` (standard library: builtin values only, read in one go) in one file: the
records, marshalled while the publication is written, inside a small header written under
a temporary name after the publication and renamed. The header names the published
files' identity (inode, size, modification time): a publication made without it (a build
with corrections: geo.dataset.build never splices then) or a file changed since makes it
void, and the build reads everything as before.
"""

from __future__ import annotations

import marshal
import mmap
import os
import uuid
from array import array
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from geo.dataset.formats import LINE_BREAK
from geo.dataset.report import ArticleTold, FileLine, SameAs, ToldAction

NAME = ".geo-snapshot"
TABLE = ".geo-snapshot.arrow"  # the features' columns, Arrow IPC: read back without parsing
SPLICED = ("actions.geojson", "actions.csv")  # the files an action's bytes are copied from
FORMAT = 3  # of the file itself; the code that wrote it is in the stamp
# marshal's version 2 writes every value whole; 3 and later note each value referred to
# more than once so as to write it once, and the build's records share their names and
# tuples with what it read: at 10 000 articles 0.02-0.03 s against 0.01 s, for 5 MB
# instead of 7.
NO_REFERENCES = 2


@dataclass(slots=True)  # 17 000 of them at 10 000 articles
class Piece:
    """One action as published: its features' GeoJSON lines (joined by ",\\n", as the file
    has them) and CSV rows (the file's bytes), and what made it: its article's key, its index
    there and the sources of its retellings. ``at``: where it was in the published files
    (GeoJSON start and end, CSV start and end), once written."""

    key: str
    index: int
    retold: tuple[str, ...]
    action_id: str
    features: int
    geojson: bytes
    csv: bytes
    at: tuple[int, int, int, int] = (0, 0, 0, 0)
    row: int = 0  # the index of its first feature in the publication, once written
    was: tuple[int, int, int, int] | None = None  # ``at`` in the last one, when copied


@dataclass
class Snapshot:
    light: dict[str, tuple]  # key -> the article's ArticleTold as ``_light`` made it
    places: dict[tuple[str, int], tuple]  # (key, index) -> (retold, action_id, n, at, row)
    files: dict[str, bytes]  # the published GeoJSON's and CSV's bytes
    table: pa.Table  # actions.parquet's rows (sorted by date)
    positions: array  # the row there of each feature, in the features' order

    def told(self, key: str) -> ArticleTold | None:
        """The article without its features (each action's ``features`` None)."""
        held = self.light.get(key)
        return None if held is None else _told(held)

    def piece(self, key: str, index: int, retold: tuple[str, ...]) -> Piece | None:
        """The action ``index`` of article ``key`` as published, if it was published with
        these retellings."""
        held = self.places.get((key, index))
        if held is None or held[0] != retold:
            return None
        _, action_id, features, (g0, g1, c0, c1), row = held
        geojson, csv = self.files["actions.geojson"], self.files["actions.csv"]
        return Piece(
            key, index, retold, action_id, features, geojson[g0:g1], csv[c0:c1], row=row,
            was=(g0, g1, c0, c1),
        )  # fmt: skip

    def chunks(self, pieces: list[Piece], name: str) -> list:
        """The bytes of ``pieces`` in the file ``name`` (actions.geojson or .csv), for
        geo.dataset.formats.collection_file or csv_file: the pieces copied one after another
        from one stretch of the last publication as one slice of it (adding an article to
        10 000 makes two or three slices, not 17 000)."""
        which = SPLICED.index(name)
        between = len(LINE_BREAK) if name == "actions.geojson" else 0
        published, chunks, run = self.files[name], [], None
        for piece in pieces:
            if piece.was is None:
                if run:
                    chunks.append(published[run[0] : run[1]])
                    run = None
                chunks.append(piece.geojson if which == 0 else piece.csv)
                continue
            start, end = piece.was[2 * which], piece.was[2 * which + 1]
            if run and run[1] + between == start:
                run[1] = end
            else:
                if run:
                    chunks.append(published[run[0] : run[1]])
                run = [start, end]
        if run:
            chunks.append(published[run[0] : run[1]])
        return chunks


def load(folder: Path, stamp: str) -> Snapshot | None:
    try:
        held = marshal.loads((folder / NAME).read_bytes())
        if held["format"] != FORMAT or held["stamp"] != stamp:
            return None
        if held["identity"] != _identity(folder):
            return None
        body = marshal.loads(held["body"])
        files = {name: _mapped(folder / name) for name in SPLICED}
        table = pa.ipc.open_file(pa.py_buffer(_mapped(folder / TABLE))).read_all()
    except (OSError, EOFError, ValueError, TypeError, KeyError, pa.ArrowException):
        return None
    if held["identity"] != _identity(folder):  # replaced while being read
        return None
    positions = array("q")
    positions.frombytes(body["positions"])
    return Snapshot(body["light"], body["places"], files, table, positions)


@dataclass
class Staged:
    """A snapshot made while the publication it describes is written (``stage``), put in
    place once it is published (``commit``): its records, marshalled, and its table, written
    under a temporary name."""

    body: bytes
    table: Path


def stage(
    folder: Path,
    told: dict[str, ArticleTold],
    pieces: list[Piece],
    table: pa.Table,
    positions: pa.Array,
    last: Snapshot | None = None,
) -> Staged:
    """The snapshot of the publication about to be made in ``folder`` from the articles
    ``told`` (by key), the ``pieces`` written (their ``at`` and ``row`` set), the ``table``
    of actions.parquet and the row there of each feature (geo.dataset.formats.by_date).
    ``last``: the snapshot the build read, whose records of the articles it did not read
    again are kept as they are. (geo.dataset.build makes it while the files are written.)"""
    kept = last.light if last is not None else {}
    staged = folder / f"{TABLE}.{uuid.uuid4().hex[:12]}.part"
    try:
        with pa.OSFile(str(staged), "wb") as sink, pa.ipc.new_file(sink, table.schema) as out:
            out.write_table(table)
        held = {
            "light": {
                key: kept[key] if article.light and key in kept else _light(article)
                for key, article in told.items()
            },
            "positions": positions.cast(pa.int64()).to_numpy().tobytes(),
            "places": {
                (p.key, p.index): (p.retold, p.action_id, p.features, p.at, p.row) for p in pieces
            },
        }
        return Staged(marshal.dumps(held, NO_REFERENCES), staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def commit(folder: Path, stamp: str, staged: Staged) -> None:
    """Put a ``stage``d snapshot in place, once the publication it describes is (the lock
    of geo.dataset.publish still held): it names the published files' identity, so a file
    changed since, or a publication made without it, voids it. Made for the pipeline's
    ``stamp``."""
    os.replace(staged.table, folder / TABLE)
    held = {"format": FORMAT, "stamp": stamp, "identity": _identity(folder), "body": staged.body}
    part = folder / f"{NAME}.{uuid.uuid4().hex[:12]}.part"
    part.write_bytes(marshal.dumps(held))
    os.replace(part, folder / NAME)


def drop(staged: Staged) -> None:
    """A ``stage``d snapshot whose publication did not happen."""
    staged.table.unlink(missing_ok=True)


def forget(folder: Path) -> None:
    (folder / NAME).unlink(missing_ok=True)
    (folder / TABLE).unlink(missing_ok=True)


def _mapped(path: Path) -> memoryview:
    """The bytes of a published file, mapped into memory rather than read: at 10 000
    articles reading the GeoJSON, the CSV and the table (63 MB) took 0.04 s of every build,
    which copies most of them, unread, into the next publication. Publications replace a
    file by renaming a new one over it, so a file mapped here never changes under the build
    (a tool that rewrote it in place, truncating it, would end the build; nothing is
    published then). Read in full where a file replaced while open cannot be (Windows)."""
    if os.name != "posix":
        return memoryview(path.read_bytes())
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return memoryview(b"")
        return memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))


def _identity(folder: Path) -> list:
    stats = [(folder / name).stat() for name in (*SPLICED, TABLE)]
    return [(s.st_ino, s.st_size, s.st_mtime_ns) for s in stats]


def _light(article: ArticleTold) -> tuple:
    line = article.file
    return (
        article.doc_id,
        (line.file, line.status, line.reason, line.actions, line.warnings),
        [(a.same_as.bucket, a.same_as.start, a.same_as.end, a.source) for a in article.actions],
        article.unresolved,
        article.approximate,
        article.unknown_organisations,
        article.unplaced,
    )


def _told(held: tuple) -> ArticleTold:
    doc_id, line, actions, unresolved, approximate, organisations, unplaced = held
    return ArticleTold(
        doc_id,
        FileLine(*line),
        [ToldAction(SameAs(None, s, e, bucket), source, None) for bucket, s, e, source in actions],
        unresolved,
        approximate,
        organisations,
        unplaced,
        light=True,
    )

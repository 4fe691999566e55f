"""Cache: what each article told, kept by content hash, so a rebuild reads only what changed.

In: a cache file, the pipeline's fingerprint (``fingerprint(places)``: the package and the
analysts' places file the build reads) and the key of each article (``job_key``: a hash
of its bytes, its sidecar's, its name and the build's limits). Out: ``ExtractionCache.get_many``
returns the stored results (JSON-able dicts) by key; ``put`` stores one; ``remember`` notes
each file's stamp (size and modification time) and key, so that an unchanged file need not
even be read next time (``stamps``), and drops what no file needs any more.

The fingerprint hashes the package's code and its data tables, so any change to the
extractor, the gazetteer overlay or the alias tables starts from an empty cache: a stale
result is never served. SQLite (standard library) holds it: one file (and its write-ahead
log while a build runs), safe to kill, fast to read ten thousand small records from. The
cache lives in the dataset folder: an SQLite error ("unable to open database file",
"attempt to write a readonly database") is that folder which cannot be written,
``OutputNotWritable`` (geo.exc), never a traceback. A file that is not an SQLite database at
all (damaged, overwritten) is thrown away and started afresh: the cache only ever saves
time, so losing it costs one full build, never a result.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from functools import wraps
from pathlib import Path

import orjson

from geo.exc import OutputNotWritable
from geo.geoparse.gazetteer import places_stamp
from geo.reference import package_fingerprint

log = logging.getLogger(__name__)

CACHE_NAME = ".geo-cache.sqlite"


def fingerprint(places: Path | None = None) -> str:
    """A hash of everything that shapes an extraction: the package
    (``geo.reference.package_fingerprint``)
    and the analysts' places file ``places`` the build's gazetteer reads (read now: a place
    added since the last build makes a new fingerprint)."""
    stamp = places_stamp(places)
    if stamp is None:
        return package_fingerprint()
    return hashlib.sha256(f"{package_fingerprint()}\0places\0{stamp}".encode()).hexdigest()


def job_key(*parts: bytes | str | int | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            part = b"\1none"
        elif isinstance(part, (str, int)):
            part = str(part).encode("utf-8", "surrogateescape")
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _writes(method):
    """The method's SQLite errors as ``OutputNotWritable`` naming the cache file."""

    @wraps(method)
    def checked(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as err:
            raise OutputNotWritable(None, f"{err} ({self.path.name})", str(self.path)) from err

    return checked


class ExtractionCache:
    @_writes
    def __init__(self, path: Path, version: str | None = None):
        self.path = path
        self.version = version or fingerprint()  # the build gives fingerprint(its places)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._open()
        except sqlite3.DatabaseError as err:
            if isinstance(err, sqlite3.OperationalError):  # the folder, not the file
                raise
            log.warning("%s is not a cache (%s): started afresh", path.name, err)
            if hasattr(self, "db"):
                self.db.close()
            path.unlink()
            self._open()

    def _open(self) -> None:
        self.db = sqlite3.connect(self.path)
        # A write-ahead log, synced at its checkpoints only: adding an article's result to
        # 10 000 committed in 0.1 s with the rollback journal's fsyncs, and a cache need
        # not outlive a power cut, only never be half-written (WAL keeps it whole).
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS told (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS files (name TEXT PRIMARY KEY, stamp TEXT, key TEXT)"
        )
        row = self.db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is None or row[0] != self.version:  # another pipeline: nothing here holds
            self.db.execute("DELETE FROM told")
            self.db.execute("DELETE FROM files")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))
        self.db.commit()

    @_writes
    def get_many(self, keys: list[str]) -> dict[str, dict]:
        found = {}
        for i in range(0, len(keys), 500):  # SQLite's limit on parameters
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in self.db.execute(
                f"SELECT key, value FROM told WHERE key IN ({marks})", chunk
            ):
                found[key] = orjson.loads(value)
        return found

    @_writes
    def put(self, key: str, value: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO told VALUES (?, ?)", (key, orjson.dumps(value)))

    @_writes
    def stamps(self) -> dict[str, tuple[str, str]]:
        """Each file's stamp and key, as the last build saw them."""
        return {name: (stamp, key) for name, stamp, key in self.db.execute("SELECT * FROM files")}

    @_writes
    def remember(
        self, files: list[tuple[str, str, str]], seen: dict[str, tuple[str, str]] | None = None
    ) -> None:
        """The (name, stamp, key) of every file of this build; forget the rest. ``seen``:
        ``stamps()`` as read before this build, when the build read them: only what changed
        is written then (at 10 000 articles, rewriting every row took 0.03-0.06 s a build)."""
        if seen is None:
            self.db.execute("DELETE FROM files")
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", files)
            keep = {key for _, _, key in files}
            stale = [k for (k,) in self.db.execute("SELECT key FROM told") if k not in keep]
        else:
            names = {name for name, _, _ in files}
            changed = [f for f in files if seen.get(f[0]) != f[1:]]
            gone = [(name,) for name in seen.keys() - names]
            self.db.executemany("DELETE FROM files WHERE name = ?", gone)
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", changed)
            keep = {key for _, _, key in files}
            stale = {key for _, key in seen.values()} - keep
        self.db.executemany("DELETE FROM told WHERE key = ?", [(k,) for k in stale])

    @_writes
    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def __enter__(self) -> ExtractionCache:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

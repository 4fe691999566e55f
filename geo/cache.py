"""Cache: what each article told, kept by content hash, so a rebuild reads only what changed.

In: a cache file, the pipeline's fingerprint and the key of each article (``job_key``: a hash
of its bytes, its sidecar's, its name and the build's limits). Out: ``ExtractionCache.get``
returns the stored result (a JSON-able dict) or None; ``put`` stores one; ``keep_only``
drops results no article needs any more.

The fingerprint hashes the package's code and its data tables, so any change to the
extractor, the gazetteer overlay or the alias tables starts from an empty cache: a stale
result is never served. SQLite (standard library) holds it: one file, safe to kill, fast to
read ten thousand small records from.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR.parent / "data"
DATA_SUFFIXES = {".csv", ".toml", ".geojson"}
DATASET_FILES = {"actions.geojson", "actions.csv", "actions.parquet", "build-report.json"}
CACHE_NAME = ".geo-cache.sqlite"


@cache
def fingerprint() -> str:
    """A hash of everything that shapes an extraction: geo/*.py and the tables in data/."""
    digest = hashlib.sha256()
    files = sorted(PACKAGE_DIR.glob("*.py")) + sorted(
        p for p in DATA_DIR.iterdir() if p.suffix in DATA_SUFFIXES and p.name not in DATASET_FILES
    )
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def job_key(*parts: bytes | str | int | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        if part is None:
            part = b"\1none"
        elif isinstance(part, (str, int)):
            part = str(part).encode("utf-8", "surrogateescape")
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class ExtractionCache:
    def __init__(self, path: Path, version: str | None = None):
        self.path = path
        self.version = version or fingerprint()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE TABLE IF NOT EXISTS told (key TEXT PRIMARY KEY, value TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
        row = self.db.execute("SELECT value FROM meta WHERE name = 'version'").fetchone()
        if row is None or row[0] != self.version:  # another pipeline: nothing here holds
            self.db.execute("DELETE FROM told")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (self.version,))
        self.db.commit()

    def get_many(self, keys: list[str]) -> dict[str, dict]:
        found = {}
        for i in range(0, len(keys), 500):  # SQLite's limit on parameters
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, value in self.db.execute(
                f"SELECT key, value FROM told WHERE key IN ({marks})", chunk
            ):
                found[key] = json.loads(value)
        return found

    def put(self, key: str, value: dict) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO told VALUES (?, ?)",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    def keep_only(self, keys: set[str]) -> None:
        stale = [k for (k,) in self.db.execute("SELECT key FROM told") if k not in keys]
        self.db.executemany("DELETE FROM told WHERE key = ?", [(k,) for k in stale])

    def close(self) -> None:
        self.db.commit()
        self.db.close()

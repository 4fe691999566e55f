"""Publish: replace a dataset's files all together, so readers see the old set or the new.

In: a folder and the new content of each of its files. Out: ``publish(folder, files)``
replaces them; ``current(folder, name)`` is the path a reader should open; ``version(folder)``
changes with every publication (for a reader that polls); ``settle(folder)`` finishes or
drops a publication that was interrupted.

Each file is renamed into place atomically, but a build writes three files, and a kill
between two renames would leave a new map beside an old report. So a build first writes
every file under a temporary name, then a small journal naming them (writing the journal,
itself atomic, is the moment the new dataset exists), then renames. Whoever comes next
finishes a journal left behind (``recover``), and until then ``current`` points readers at
the journal's files. A lock keeps two builds into one folder from interleaving. This is
the write-ahead pattern databases use; no library does it for plain files.
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no lock; one build at a time is then up to the user
    fcntl = None

JOURNAL = ".publish.json"
LOCK = ".publish.lock"


Content = bytes | list[bytes] | Callable[[], bytes | list[bytes]]


def publish(
    folder: Path,
    files: dict[str, Content],
    then: Callable[[], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """Replace ``folder/name`` by ``content`` for every item of ``files``, all or none. A
    content may be a list of parts, written one after another (a file of 27 MB made of a
    few slices of the last one is then never joined in memory), or a function that makes
    it. The files are made and written side by side, one thread each: writing and ``fsync``
    wait on the disk and pyarrow's Parquet writer leaves the interpreter free. ``then``:
    called once the files are in place, the lock still held, so that no other publication
    comes between (geo.dataset.snapshot notes the files it describes). ``meanwhile``: work
    for the calling thread while the files are written (it would wait for them), started
    once every writer is; an error there publishes nothing."""
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        recover(folder)
        token = uuid.uuid4().hex[:12]
        staged = {name: f".{name}.{token}.tmp" for name in files}
        try:
            with ThreadPoolExecutor(len(files) or 1) as writers:
                written = [
                    writers.submit(_write_synced, folder / staged[name], content)
                    for name, content in files.items()
                ]
                if meanwhile is not None:
                    meanwhile()
                for done in written:
                    done.result()
        except BaseException:  # nothing committed: what was written goes (the writers ended)
            for name in staged.values():
                (folder / name).unlink(missing_ok=True)
            raise
        _write_synced(folder / f"{JOURNAL}.{token}.tmp", json.dumps(staged).encode())
        os.replace(folder / f"{JOURNAL}.{token}.tmp", folder / JOURNAL)  # the commit
        recover(folder)
        if then is not None:
            then()


def recover(folder: Path) -> None:
    """Finish a publication that was committed but interrupted; drop uncommitted files.
    Call it holding the lock (``publish`` does)."""
    journal = folder / JOURNAL
    if journal.exists():
        for name, staged in json.loads(journal.read_text()).items():
            if (folder / staged).exists():
                os.replace(folder / staged, folder / name)
        journal.unlink()
    for leftover in folder.glob(".*.tmp"):
        leftover.unlink(missing_ok=True)


def settle(folder: Path) -> None:
    """Leave ``folder`` holding one whole dataset: a publication interrupted (Ctrl-C, a
    crash) is finished if it was committed and dropped if not."""
    with _locked(folder):
        recover(folder)


def version(folder: Path, name: str = "build-report.json") -> str:
    """A token that changes with every publication into ``folder``, for a reader that polls
    (a dashboard following the data): the identity and modification time of ``name``, which
    ``publish`` replaces by a new file, the report last. One ``stat``, no read. Empty when
    there is no dataset."""
    try:
        stat = current(folder, name).stat()
    except OSError:
        return ""
    return f"{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"


def current(folder: Path, name: str) -> Path:
    """The path of ``name`` in its latest committed version: the journal's staged file while
    a publication is being finished, ``folder/name`` otherwise."""
    with contextlib.suppress(OSError, ValueError):
        staged = json.loads((folder / JOURNAL).read_text()).get(name)
        if staged and (folder / staged).exists():
            return folder / staged
    return folder / name


def _write_synced(path: Path, content: Content) -> None:
    if callable(content):
        content = content()
    with open(path, "wb") as out:
        out.writelines([content] if isinstance(content, bytes) else content)
        out.flush()
        os.fsync(out.fileno())


@contextlib.contextmanager
def _locked(folder: Path):
    if fcntl is None:
        yield
        return
    with open(folder / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)

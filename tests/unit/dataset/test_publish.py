"""geo.dataset.publish: a dataset's files are replaced all together, whatever moment a build
dies."""

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from geo.dataset import publish

NAMES = ("actions.geojson", "actions.csv", "build-report.json")


def generation(folder) -> set[bytes]:
    """What a reader sees: the first line of each file, which names its generation."""
    return {publish.current(folder, n).read_bytes().split(b"\n")[0] for n in NAMES}


def test_publish_replaces_every_file_and_leaves_nothing_behind(tmp_path):
    publish.publish(tmp_path, {n: b"1\n" for n in NAMES})
    publish.publish(tmp_path, {n: b"2\n" for n in NAMES})
    assert generation(tmp_path) == {b"2"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*NAMES, publish.LOCK])


def test_a_crash_before_the_journal_keeps_the_old_files(tmp_path, monkeypatch):
    publish.publish(tmp_path, {n: b"old\n" for n in NAMES})
    real_replace = os.replace

    def crash_at_commit(src, dst):
        if str(dst).endswith(publish.JOURNAL):
            raise KeyboardInterrupt  # the process dies here
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_at_commit)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(tmp_path, {n: b"new\n" for n in NAMES})
    assert generation(tmp_path) == {b"old"}
    monkeypatch.setattr(os, "replace", real_replace)
    publish.recover(tmp_path)  # the next build's first step
    assert generation(tmp_path) == {b"old"}
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_crash_between_renames_shows_the_new_files_and_the_next_build_finishes(
    tmp_path, monkeypatch
):
    publish.publish(tmp_path, {n: b"old\n" for n in NAMES})
    real_replace, renames = os.replace, []

    def crash_after_first_rename(src, dst):
        if renames and not str(dst).endswith(publish.JOURNAL):
            raise KeyboardInterrupt
        real_replace(src, dst)
        if not str(dst).endswith(publish.JOURNAL):
            renames.append(dst)

    monkeypatch.setattr(os, "replace", crash_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(tmp_path, {n: b"new\n" for n in NAMES})
    monkeypatch.setattr(os, "replace", real_replace)
    on_disk = {(tmp_path / n).read_bytes() for n in NAMES}
    assert on_disk == {b"old\n", b"new\n"}  # mixed on disk ...
    assert generation(tmp_path) == {b"new"}  # ... but readers see the committed set
    publish.recover(tmp_path)
    assert {(tmp_path / n).read_bytes() for n in NAMES} == {b"new\n"}
    assert not (tmp_path / publish.JOURNAL).exists()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from geo.dataset.publish import publish
    folder, first, names = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    for i in range(first, 10**9):
        publish(folder, {n: f"{i}\\n".encode() + b"x" * 300_000 for n in names})
    """
)


def test_killed_publishers_always_leave_one_whole_generation(tmp_path):
    """A process publishing in a loop is killed at random moments, 40 times; after each kill
    every reader sees the three files of one generation, and the generations never go back."""
    rng = random.Random(20261122)
    last, mid_publication = 0, 0
    for _ in range(40):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(last + 1), *NAMES]
        )
        time.sleep(rng.uniform(0.15, 0.45))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        mid_publication += any(tmp_path.glob(".*.tmp")) or (tmp_path / publish.JOURNAL).exists()
        seen = generation(tmp_path)
        assert len(seen) == 1, seen
        now = int(seen.pop())
        assert now >= last
        last = now
    assert last > 100 and mid_publication >= 10  # kills landed while files were being written


def test_the_journal_is_small_json_naming_staged_files(tmp_path, monkeypatch):
    real_replace = os.replace
    seen = {}

    def peek(src, dst):
        if str(dst).endswith(publish.JOURNAL):
            seen.update(json.loads(Path(src).read_text()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", peek)
    publish.publish(tmp_path, {"a.csv": b"a"})
    assert list(seen) == ["a.csv"] and seen["a.csv"].startswith(".a.csv.")


def test_version_changes_with_every_publication_and_only_then(tmp_path):
    assert publish.version(tmp_path, "build-report.json") == ""  # no dataset yet
    publish.publish(tmp_path, {n: b"1\n" for n in NAMES})
    first = publish.version(tmp_path)
    assert first and publish.version(tmp_path) == first  # reading changes nothing
    publish.publish(tmp_path, {n: b"1\n" for n in NAMES})  # the same bytes, published again
    assert publish.version(tmp_path) not in ("", first)


def test_settle_finishes_a_committed_publication_after_ctrl_c(tmp_path, monkeypatch):
    publish.publish(tmp_path, {n: b"old\n" for n in NAMES})
    real_replace = os.replace

    def ctrl_c_after_commit(src, dst):
        real_replace(src, dst)
        if str(dst).endswith(publish.JOURNAL):
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", ctrl_c_after_commit)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(tmp_path, {n: b"new\n" for n in NAMES})
    monkeypatch.setattr(os, "replace", real_replace)
    publish.settle(tmp_path)  # what geo watch does on its way out
    assert {(tmp_path / n).read_bytes() for n in NAMES} == {b"new\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*NAMES, publish.LOCK])


def test_contents_in_parts_or_made_when_written_are_the_same_files(tmp_path):
    publish.publish(
        tmp_path,
        {
            "actions.geojson": [b"a", memoryview(b"bcd")[1:], b"\n"],  # written one by one
            "actions.csv": lambda: b"made in its writer's thread\n",
            "build-report.json": b"3\n",
        },
    )
    assert (tmp_path / "actions.geojson").read_bytes() == b"acd\n"
    assert (tmp_path / "actions.csv").read_bytes() == b"made in its writer's thread\n"


def test_then_sees_the_files_in_place_before_another_publication(tmp_path):
    seen = []
    publish.publish(
        tmp_path,
        {n: b"1\n" for n in NAMES},
        then=lambda: seen.append((generation(tmp_path), (tmp_path / publish.JOURNAL).exists())),
    )
    assert seen == [({b"1"}, False)]  # committed and renamed, the lock still held


def test_meanwhile_runs_while_the_files_are_written_and_its_error_publishes_nothing(tmp_path):
    publish.publish(tmp_path, {n: b"1\n" for n in NAMES})
    done = []

    def slow_file():
        time.sleep(0.2)
        return b"2\n"

    publish.publish(
        tmp_path,
        {**{n: b"2\n" for n in NAMES}, NAMES[0]: slow_file},
        then=lambda: done.append("then"),
        meanwhile=lambda: done.append("meanwhile"),
    )
    assert done == ["meanwhile", "then"] and generation(tmp_path) == {b"2"}

    def fails():
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        publish.publish(tmp_path, {n: b"3\n" for n in NAMES}, meanwhile=fails)
    assert generation(tmp_path) == {b"2"}  # the files written meanwhile were not published
    assert not list(tmp_path.glob(".*.tmp"))

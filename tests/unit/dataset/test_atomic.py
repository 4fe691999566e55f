"""A build killed at any moment leaves a whole dataset: the previous one or the new one.
(tests/unit/dataset/test_publish.py kills the publishing step itself many more times.)"""

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from geo.cli import main
from geo.dataset.publish import current
from tests.paths import SEEDS

FILES = ("actions.geojson", "actions.csv", "actions.parquet", "build-report.json")


def test_killed_builds_leave_a_whole_dataset(tmp_path, seeds_build):
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(SEEDS / "002_82e0ac45970b357d.txt", small)
    out = tmp_path / "data"
    assert main(["build", "--corpus", str(small), "--out", str(out), "--quiet"]) == 0
    old = {name: _content(out / name) for name in FILES}
    new = {name: _content(seeds_build / name) for name in FILES}
    rng = random.Random(20261122)
    for _ in range(4):
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "geo.cli",
                "build",
                "--corpus",
                str(SEEDS),
                "--out",
                str(out),
                "--quiet",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 4.0))  # anywhere from start-up to writing the files
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        seen = {name: _content(current(out, name)) for name in FILES}
        assert seen in (old, new)  # all the files of one build, never half a file
    assert _left_behind(str(out)) == []  # the killed builds' worker processes ended too


def _left_behind(marker: str, wait_s: float = 5.0) -> list[int]:
    deadline = time.monotonic() + wait_s
    while True:
        alive = []
        for process in psutil.process_iter(["pid", "cmdline"]):
            if marker in " ".join(process.info["cmdline"] or []):
                alive.append(process.info["pid"])
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def _content(path: Path):
    """A file's content; for the report, without the time it took and without the path of
    its corrections file (each dataset folder's own)."""
    if path.suffix != ".json":
        return path.read_bytes()
    report = json.loads(path.read_text(encoding="utf-8"))
    report.pop("seconds", None)
    report.pop("built", None)
    report.get("corrections", {}).pop("file", None)
    return report

"""What the browser tests and the benchmarks share: Chromium, a served page, process memory.

- ``CHROMIUM``, ``CHROMIUM_ARGS``: Debian's chromium as Playwright launches it
  (``executable_path=CHROMIUM``; a browser is never downloaded).
- ``start_streamlit(script, data_dir, log_path)`` -> ``(process, base_url)``: ``streamlit run
  SCRIPT -- --data DATA_DIR`` on 127.0.0.1 at a free port, returned once it is healthy;
  ``stop(process)`` ends it.
- ``tree_usage(pid)`` -> ``Usage(rss, cpu)``: memory and CPU time of a process and all its
  descendants (psutil); ``Sampler(pid)`` samples it in a thread and keeps the peak.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
START_TIMEOUT_S = 90
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'  # the frame st_folium draws the map in
# JavaScript, the start of a page predicate taking ``label`` and ``n``: false unless the
# Streamlit metric labelled ``label`` shows the number ``n`` (the page's rerun is done).
METRIC_SHOWS_JS = """
    const metric = [...document.querySelectorAll('[data-testid=stMetric]')].find(m => {
        const l = m.querySelector('[data-testid=stMetricLabel]');
        return l && l.innerText.trim() === label;
    });
    const value = metric && metric.querySelector('[data-testid=stMetricValue]');
    if (!value || value.innerText.replace(/\\D/g, '') !== String(n)) return false;
"""


# --- the server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1) as resp:
            return resp.status == 200
    except OSError:
        return False


def start_streamlit(
    script: str,
    data_dir: Path,
    log_path: Path,
    *,
    script_args: Sequence[str] = (),
    options: Sequence[str] = (),
    repo_dir: Path = REPO_DIR,
    timeout_s: float = START_TIMEOUT_S,
) -> tuple[subprocess.Popen, str]:
    """``streamlit run SCRIPT [OPTIONS] -- --data DATA_DIR [SCRIPT_ARGS]`` from ``repo_dir``
    on 127.0.0.1 at a free port; returns the process and its base URL once it answers its
    health check. Its output goes to ``log_path``. Raises RuntimeError, with the end of the
    log, when it exits or is not healthy within ``timeout_s``."""
    port = free_port()
    cmd = [
        sys.executable,
        *("-m", "streamlit", "run", script),
        *("--server.headless", "true", "--server.port", str(port)),
        *("--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"),
        *options,
        *("--", "--data", str(data_dir), *script_args),
    ]
    # The data folder comes from the command line only, never from the caller's environment.
    env = {k: v for k, v in os.environ.items() if k != "GEO_DATA_DIR"}
    with log_path.open("w") as log:  # the child keeps its own handle
        # cwd = repository root, so .streamlit/config.toml (static serving) applies.
        proc = subprocess.Popen(cmd, cwd=repo_dir, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout_s
    while not _healthy(base):
        if proc.poll() is not None or time.monotonic() > deadline:
            stop(proc)
            log_end = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"{script} did not start:\n{log_end}")
        time.sleep(0.2)
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# --- memory and CPU ------------------------------------------------------------------------


@dataclass(frozen=True)
class Usage:
    rss: int  # bytes resident
    cpu: float  # seconds of user + system time, reaped children included


def tree_usage(pid: int) -> Usage:
    """Memory and CPU time of process ``pid`` and all its descendants; zero once it is gone."""
    try:
        root = psutil.Process(pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.Error:
        return Usage(0, 0.0)
    rss, cpu = 0, 0.0
    for process in tree:
        with contextlib.suppress(psutil.Error):  # a child that just ended
            times = process.cpu_times()
            cpu += times.user + times.system + times.children_user + times.children_system
            rss += process.memory_info().rss
    return Usage(rss, cpu)


class Sampler:
    """Samples ``tree_usage(pid)`` every ``every`` seconds in a thread while in a ``with``
    block; ``samples`` holds (monotonic time, Usage) and ``now()`` adds one at once."""

    def __init__(self, pid: int, every: float = 0.5):
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, Usage]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.now()
            self._stop.wait(self.every)

    def now(self) -> Usage:
        usage = tree_usage(self.pid)
        self.samples.append((time.monotonic(), usage))
        return usage

    def peak_rss(self, since: float = 0.0) -> int:
        """The highest RSS sampled since the monotonic time ``since`` (bytes)."""
        return max((u.rss for t, u in self.samples if t >= since), default=0)

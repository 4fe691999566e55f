"""The dashboard under load: many browser sessions at once on a large dataset.

Builds a synthetic dataset (``benchmarks.dataset``; or takes ``--data DIR``), starts
``streamlit run dashboard.py`` on it (on 127.0.0.1, a free port, from the repository root)
and, in rounds, opens ``--sessions`` browser sessions at once: one headless Chromium
(Debian's /usr/bin/chromium, never a downloaded one), one browser context per session,
so each is its own Streamlit session. Every session waits for the map, picks an action
type and then a region in the sidebar, waits for each rerun (the "Actions" count must
become what ``geo.dashboard.store`` counts for that filter, and the map must be drawn again) and
closes. Every request that is not to the local server is blocked and counted as an error.

Errors: page errors, console errors, dialogs, Streamlit exception boxes, timeouts, wrong
counts, blocked requests, tracebacks in the server's log. The server's memory (RSS of the
process and its children) and CPU time are sampled every 0.5 s. After a round the load
test waits a few seconds and takes the RSS "after" it: the server keeps closed sessions
for reconnection for ``--session-ttl`` seconds (``server.disconnectedSessionTTL``) and
drops them when later ones close, so every round ends holding as many as the first.
Memory is bounded when no later round's peak or after-value exceeds the first round's by
more than ``--max-growth`` (a fraction). The browsers' CPU time is reported apart: on a
small machine they, not the server, take most of it.

    python -m benchmarks.loadtest --actions 10000 --sessions 20 --rounds 2
    python -m benchmarks.loadtest --data data --sessions 5

Exits 0 when there were no errors and memory stayed bounded, 1 otherwise. From Python:
``run_load_test(data_dir, sessions=20, rounds=2)`` returns a ``LoadReport``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.dataset import scaled_dataset
from benchmarks.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    METRIC_SHOWS_JS,
    REPO_DIR,
    Sampler,
    start_streamlit,
    stop,
    tree_usage,
)
from geo.dashboard import i18n, store

DEFAULT_ACTIONS = 2_000
SAMPLE_EVERY_S = 0.5
# Lines of the server's log that mean something went wrong in it.
LOG_PROBLEM = re.compile(r"Traceback|Uncaught app|Exception|\bERROR\b|\bError\b")


# --- sessions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What one session does: pick ``action_type`` (expect ``n_type`` actions), then also
    ``region`` (expect ``n_both``)."""

    action_type: str
    type_label: str
    n_type: int
    region: str
    region_label: str
    n_both: int


def plans(df, sessions: int) -> list[Plan]:
    """One filter plan per session, spread over the dataset's types and regions."""
    choices = store.options(df)
    types, regions = choices["action_types"], choices["regions"]
    if not types or not regions:
        raise ValueError("the dataset needs at least one action type and one region")
    type_labels = i18n.action_type_labels("en")
    region_labels = i18n.region_labels("en")
    out = []
    for i in range(sessions):
        action_type, region = types[i % len(types)], regions[(i * 7 + 3) % len(regions)]
        by_type = store.filter_actions(df, action_types=[action_type])
        both = store.filter_actions(by_type, regions=[region])
        out.append(
            Plan(
                action_type,
                type_labels.get(action_type, action_type),
                int(by_type["action_id"].nunique()),
                region,
                region_labels.get(region, region),
                int(both["action_id"].nunique()),
            )
        )
    return out


@dataclass
class SessionResult:
    round: int
    index: int
    to_map_s: float | None = None  # page opened -> map drawn
    rerun_s: list[float] = field(default_factory=list)  # filter picked -> count and map
    errors: list[str] = field(default_factory=list)


class _Held:
    """How many sessions have their map on screen at once (the most seen)."""

    def __init__(self) -> None:
        self.now = self.most = 0

    def up(self) -> None:
        self.now += 1
        self.most = max(self.most, self.now)

    def down(self) -> None:
        self.now -= 1


async def _pick(page, label: str, option: str, timeout_ms: float) -> None:
    """Choose ``option`` in the sidebar multiselect labelled ``label``: type it, click it.
    A dropdown that does not show it within a minute is closed and opened again (twice)."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has_text=label
    )
    for attempt in range(3):
        try:
            await box.locator("input").fill(option, timeout=timeout_ms)
            limit = timeout_ms if attempt == 2 else min(timeout_ms, 60_000)
            await page.get_by_role("option", name=option, exact=True).click(timeout=limit)
            break
        except PlaywrightTimeout:
            await page.keyboard.press("Escape")
            if attempt == 2:
                raise
    await page.keyboard.press("Escape")


# True when a run is over and drew its page: no script running, the metric labelled
# ``label`` shows ``n``, and exactly one map frame holds a Leaflet map (the map frame is
# served by the same origin, so its document is readable).
SETTLED = (
    """([label, n, mapFrame]) => {
    if (document.querySelector('[data-testid=stStatusWidget]')) return false;"""
    + METRIC_SHOWS_JS
    + """
    const frames = document.querySelectorAll(mapFrame);
    const doc = frames.length === 1 && frames[0].contentDocument;
    return !!(doc && doc.querySelector('.leaflet-container'));
}"""
)


async def _settled(page, expected: int, timeout_ms: float) -> None:
    """Wait until the run is over, the "Actions" count is ``expected`` and the map drawn."""
    await page.wait_for_function(
        SETTLED,
        arg=[i18n.t("metric_actions"), expected, MAP_FRAME],
        timeout=timeout_ms,
        polling=500,
    )


def _first(text: str) -> str:
    """The first line of a message (not its stack trace), at most 200 characters."""
    return (text.strip().splitlines() or [""])[0][:200]


async def run_session(
    browser,
    base: str,
    rnd: int,
    index: int,
    plan: Plan,
    total: int,
    timeout_s: float,
    held: _Held,
    filters: int = 2,
    screenshots: Path | None = None,
) -> SessionResult:
    """One session: open the page, wait for the map, pick a type, then a region (the
    first ``filters`` of these two), close. Errors are caught and recorded, never raised;
    the page of a session that failed is saved in ``screenshots`` if given."""
    result = SessionResult(rnd, index)
    timeout_ms = timeout_s * 1000

    def error(text: str) -> None:
        result.errors.append(f"round {rnd} session {index}: {text}")

    async def route(r):
        if r.request.url.startswith(base + "/"):
            await r.continue_()
        else:
            error(f"blocked request to {r.request.url}")
            await r.abort()

    async def dialog(d):
        error(f"dialog: {d.message}")
        await d.dismiss()

    context = await browser.new_context(viewport={"width": 1400, "height": 1600})
    step, has_map, page = "opening the page", False, None
    try:
        page = await context.new_page()
        await page.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and error(f"console: {_first(m.text)}"))
        page.on("pageerror", lambda e: error(f"page error: {_first(str(e))}"))
        page.on("dialog", dialog)
        started = time.monotonic()
        await page.goto(f"{base}/", wait_until="domcontentloaded", timeout=timeout_ms)
        step = "waiting for the map"
        leaflet = page.frame_locator(MAP_FRAME).first.locator(".leaflet-container")
        await leaflet.wait_for(timeout=timeout_ms)
        result.to_map_s = time.monotonic() - started
        held.up()
        has_map = True
        step = "waiting for the first run to end"
        await _settled(page, total, timeout_ms)
        steps = (
            (i18n.t("action_types"), plan.type_label, plan.n_type),
            (i18n.t("regions"), plan.region_label, plan.n_both),
        )
        for label, option, expected in steps[:filters]:
            step = f"picking {option!r}"
            started = time.monotonic()
            await _pick(page, label, option, timeout_ms)
            step = f"waiting for the rerun after {option!r} ({expected} actions)"
            await _settled(page, expected, timeout_ms)
            result.rerun_s.append(time.monotonic() - started)
        step = "looking for exception boxes"
        if n := await page.locator("[data-testid='stException']").count():
            error(f"{n} exception box(es) on the page")
    except Exception as err:  # a timeout or a closed page: an error of this session
        kind = "timeout" if type(err).__name__ == "TimeoutError" else type(err).__name__
        error(f"{kind} while {step}: {_first(str(err))}")
    finally:
        if has_map:
            held.down()
        if result.errors and screenshots is not None and page is not None:
            with contextlib.suppress(Exception):
                shot = screenshots / f"round{rnd}-session{index}.png"
                await page.screenshot(path=str(shot), full_page=True, timeout=30_000)
        await context.close()
    return result


# --- the load test ------------------------------------------------------------------------


@dataclass
class Round:
    seconds: float  # first session opened -> last one closed
    peak_mb: float  # the server's highest RSS in the round (settling included)
    after_mb: float  # its RSS once the round's sessions are gone
    server_cpu_s: float  # the server's CPU time in the round
    client_cpu_s: float  # Chromium's, Playwright's and this script's


@dataclass
class LoadReport:
    data_dir: Path
    actions: int
    features: int
    sessions: int
    rounds: list[Round] = field(default_factory=list)
    results: list[SessionResult] = field(default_factory=list)
    start_mb: float = 0.0  # the server's RSS before the first session
    held: int = 0
    server_errors: list[str] = field(default_factory=list)
    max_growth: float = 0.20
    interrupted: bool = False

    @property
    def errors(self) -> list[str]:
        return [e for r in self.results for e in r.errors] + self.server_errors

    def growth(self) -> tuple[float, float]:
        """The largest growth of a later round's peak and after-value over round 1's,
        as fractions (0.05 = 5 % more)."""
        if len(self.rounds) < 2:
            return 0.0, 0.0
        first, later = self.rounds[0], self.rounds[1:]
        return (
            max(r.peak_mb for r in later) / first.peak_mb - 1,
            max(r.after_mb for r in later) / first.after_mb - 1,
        )

    @property
    def memory_bounded(self) -> bool:
        return all(g <= self.max_growth for g in self.growth())

    @property
    def ok(self) -> bool:
        return not (self.errors or self.interrupted) and self.memory_bounded and bool(self.rounds)

    def summary(self, max_errors: int = 6) -> str:
        """The result on one screen."""

        def spread(values: list[float]) -> str:
            if not values:
                return "none"
            values = sorted(values)
            p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
            median = statistics.median(values)
            return f"median {median:.1f}, p95 {p95:.1f}, max {values[-1]:.1f} (n={len(values)})"

        # The same error in many sessions is one line: "12 x console: ... (round 1 session 3)".
        kinds: dict[str, list[str]] = {}
        for e in self.errors:
            where, _, what = e.partition(": ")
            kinds.setdefault(what, []).append(where)
        errors = sorted(kinds.items(), key=lambda kind: -len(kind[1]))
        more = len(errors) - max_errors
        lines = [
            f"Dataset: {self.actions} actions, {self.features} rows (one per action and place) "
            f"({self.data_dir})",
            f"Sessions: {self.sessions} at once x {len(self.rounds)} rounds; "
            f"at most {self.held} had their map on screen at the same time",
            f"Errors: {len(self.errors)}",
            *(f"  {len(w)} x {what[:120]} ({w[0]})" for what, w in errors[:max_errors]),
            *([f"  ... and {more} other kinds"] if more > 0 else []),
            f"Time to map (s): {spread([r.to_map_s for r in self.results if r.to_map_s])}",
            f"Filter rerun (s): {spread([s for r in self.results for s in r.rerun_s])}",
            f"Server RSS (MB): {self.start_mb:.0f} before the first session, "
            f"peak {max((r.peak_mb for r in self.rounds), default=0):.0f}",
        ]
        for i, r in enumerate(self.rounds, start=1):
            lines.append(
                f"  round {i}: {r.seconds:.0f} s, RSS peak {r.peak_mb:.0f} MB, after "
                f"{r.after_mb:.0f} MB; CPU server {r.server_cpu_s:.0f} s "
                f"({r.server_cpu_s / self.sessions:.1f} s a session), "
                f"browsers {r.client_cpu_s:.0f} s"
            )
        if len(self.rounds) > 1:
            peak, after = self.growth()
            verdict = "bounded" if self.memory_bounded else "NOT bounded"
            lines.append(
                f"RSS growth over round 1: peak {peak:+.1%}, after {after:+.1%} "
                f"(bound {self.max_growth:+.0%}): {verdict}"
            )
        stopped = " (interrupted)" if self.interrupted else ""
        lines.append(f"Result: {'PASS' if self.ok else 'FAIL'}{stopped}")
        return "\n".join(lines)


def _progress_printer(stream=sys.stderr) -> Callable[[str], None]:
    tty = stream.isatty()

    def show(text: str) -> None:
        stream.write(("\r" + text[:150] + "\033[K") if tty else text + "\n")
        stream.flush()

    return show


async def _round(browser, base, rnd, session_plans, total, options, held, progress):
    """All sessions of round ``rnd`` at once; their results."""
    done = 0

    async def one(i: int, plan: Plan) -> SessionResult:
        nonlocal done
        result = await run_session(browser, base, rnd, i, plan, total, held=held, **options)
        done += 1
        status = f"map in {result.to_map_s:.1f} s" if result.to_map_s else "no map"
        errs = f", {len(result.errors)} error(s): {result.errors[0]}" if result.errors else ""
        progress(f"round {rnd}: {done}/{len(session_plans)} sessions done ({status}{errs})")
        return result

    return await asyncio.gather(*(one(i, p) for i, p in enumerate(session_plans, start=1)))


async def _rounds(
    report: LoadReport,
    base: str,
    server: Sampler,
    rounds: int,
    session_plans: list[Plan],
    options: dict,
    session_ttl: int,
    progress: Callable[[str], None],
) -> None:
    """Run the rounds in one Chromium, adding sessions' results and rounds' figures to
    ``report``."""
    from playwright.async_api import async_playwright

    held = _Held()
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for rnd in range(1, rounds + 1):
                began, server_cpu, all_cpu = time.monotonic(), server.now().cpu, _all_cpu()
                report.results += await _round(
                    browser, base, rnd, session_plans, report.actions, options, held, progress
                )
                seconds = time.monotonic() - began
                server_cpu = server.now().cpu - server_cpu
                client_cpu = _all_cpu() - all_cpu - server_cpu
                progress(f"round {rnd}: done in {seconds:.0f} s, letting the server drop them")
                await asyncio.sleep(session_ttl + 2)
                after = []
                for _ in range(3):
                    after.append(server.now().rss)
                    await asyncio.sleep(SAMPLE_EVERY_S)
                peak = server.peak_rss(began)
                rss_after = sum(after) / len(after)
                report.rounds.append(
                    Round(seconds, peak / 1e6, rss_after / 1e6, server_cpu, client_cpu)
                )
        finally:
            await browser.close()
    report.held = held.most


def _all_cpu() -> float:
    """CPU time of this process and all below it: the browsers, Playwright, the server."""
    return tree_usage(os.getpid()).cpu


def run_load_test(
    data_dir: str | Path,
    sessions: int = 20,
    rounds: int = 2,
    *,
    filters: int = 2,
    timeout_s: float = 300,
    session_ttl: int = 5,
    max_growth: float = 0.20,
    repo_dir: Path = REPO_DIR,
    server_log: Path | None = None,
    screenshots: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> LoadReport:
    """Run the load test against ``data_dir/actions.geojson`` (see the module docstring):
    ``rounds`` times ``sessions`` sessions at once, each changing ``filters`` (0-2)
    filters; ``timeout_s`` bounds every wait of a session. The server's output is copied
    to ``server_log`` if given, the pages of failed sessions saved in ``screenshots``.
    Ctrl-C ends it early with the figures so far."""
    data_dir = Path(data_dir).resolve()
    df = store.load_actions(data_dir / "actions.geojson")
    session_plans = plans(df, sessions)
    report = LoadReport(
        data_dir, int(df["action_id"].nunique()), len(df), sessions, max_growth=max_growth
    )
    options = {"timeout_s": timeout_s, "filters": filters, "screenshots": screenshots}
    if screenshots is not None:
        screenshots.mkdir(parents=True, exist_ok=True)
    progress = progress or (lambda text: None)
    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        log_path = Path(tmp) / "streamlit.log"
        ttl = ("--server.disconnectedSessionTTL", str(int(session_ttl)))
        proc, base = start_streamlit(
            "dashboard.py", data_dir, log_path, options=ttl, repo_dir=repo_dir
        )
        try:
            with Sampler(proc.pid, every=SAMPLE_EVERY_S) as server:
                report.start_mb = server.now().rss / 1e6
                asyncio.run(
                    _rounds(
                        report, base, server, rounds, session_plans, options, session_ttl, progress
                    )
                )
        except KeyboardInterrupt:  # Ctrl-C: report what was measured so far
            report.interrupted = True
        finally:
            stop(proc)
            log = log_path.read_text(errors="replace")
            if server_log is not None:
                shutil.copyfile(log_path, server_log)
    report.server_errors = [
        f"server log: {line.strip()}" for line in log.splitlines() if LOG_PROBLEM.search(line)
    ]
    return report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.loadtest", description=__doc__.split("\n\n")[0]
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--actions", type=int, default=DEFAULT_ACTIONS, help="size of the synthetic dataset"
    )
    source.add_argument("--data", type=Path, help="use DIR/actions.geojson instead")
    parser.add_argument("--sessions", type=int, default=20, help="browser sessions at once")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--filters", type=int, default=2, choices=(0, 1, 2), help="filters each session picks"
    )
    parser.add_argument("--seed", type=int, default=0, help="of the synthetic dataset")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per step")
    parser.add_argument(
        "--session-ttl", type=int, default=5, help="server.disconnectedSessionTTL (s)"
    )
    parser.add_argument(
        "--max-growth", type=float, default=0.20, help="allowed RSS growth over round 1"
    )
    parser.add_argument("--server-log", type=Path, help="keep the server's output in this file")
    parser.add_argument("--screenshots", type=Path, help="save failed sessions' pages here")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        parser.error(f"{CHROMIUM} not found (install Debian's chromium package)")
    progress = _progress_printer()
    options = dict(
        sessions=args.sessions,
        rounds=args.rounds,
        filters=args.filters,
        timeout_s=args.timeout,
        session_ttl=args.session_ttl,
        max_growth=args.max_growth,
        server_log=args.server_log,
        screenshots=args.screenshots,
        progress=progress,
    )
    if args.data:
        report = run_load_test(args.data, **options)
    else:
        with tempfile.TemporaryDirectory(prefix="loadtest-data-") as tmp:
            progress(f"building a dataset of {args.actions} actions")
            scaled_dataset(args.actions, tmp, seed=args.seed)
            report = run_load_test(tmp, **options)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""The dashboard at scale, beside the naive one-marker-per-row folium map.

    python -m benchmarks.dashboard --sizes 1000 10000 100000
    python -m benchmarks.dashboard --sizes 100000 --screenshot artifacts/dashboard-100k.png

For each size, a synthetic dataset (``benchmarks.dataset``: actions.geojson and
actions.parquet, as ``geo build`` writes them) is shown by three pages, each served by its
own ``streamlit run`` on 127.0.0.1 and opened in headless Chromium (Debian's
/usr/bin/chromium; every request not to the local server is blocked and is an error):

- dashboard: ``dashboard.py``, the whole page (map, lists, charts, table);
- ours: ``benchmarks/mapapp.py --map ours``: an action-type filter, a count and our map
  (``geo.dashboard.mapview.build_map``: one feature per place) through st_folium;
- naive: the same page with the map most Streamlit apps make: one ``folium.CircleMarker``
  per row with a ``folium.Popup`` (our popup HTML) and a tooltip, in a ``MarkerCluster``.

"ours" and "naive" differ only in the map, so their ratio is the map's; the dashboard
does much more on every run and must meet the targets on its own.

Measured, for each page: the map's HTML (``Map.get_root().render()``, computed here;
beyond ``--naive-html-rows`` point rows the naive one is extrapolated from a sample and
marked ~), the first render (a new browser session: request -> the map drawn with its
markers and painted, the data already loaded by an earlier session), the filter change
(an action type picked in the sidebar -> the "Actions" count updated and the new view's
markers drawn and painted: a new map, or new layers in the same map), both the median of
``--repeat`` runs, the cold start (the first session after the server started, loading
the data) and the server's peak RSS (the process and its children).

Each timed filter change goes to a view the server has never shown: the dashboard keeps a
view's map, cards and tables for every session that shows it (``map_of_view``,
``country_cards``...), so picking the same type in every run timed a cached view from the
second run on, which an analyst trying new filters does not get. Run 1 picks the most
frequent action type, run 2 the second, ..., so the maps stay as big as they can (the most
frequent type is 44 % of the actions at 100 000); the cold start, whose filter change is
not timed, picks the type after those. A dataset with fewer types than runs repeats them
(said on stderr), and its later changes are then to views already shown. Every run opens
the default view first, as most sessions do: the first render is of a view already shown
(by the cold start), its data loaded.

Waits are bounded by ``--timeout`` seconds; a page that does not draw its map in time is
reported as "> N s" and its server stopped.

Progress goes to stderr, the table to stdout; exits 1 if any target is missed:
at 10 000 actions ours at least 10x faster than naive (first render and filter change);
at 100 000 the dashboard's map under 5 MB, first render under 3 s, filter change under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MAP_FRAME,
    METRIC_SHOWS_JS,
    REPO_DIR,
    Sampler,
    start_streamlit,
    stop,
)

PAGES = ("dashboard", "ours", "naive")
TARGET_RATIO = 10.0  # at 10 000 actions: ours at least 10x faster than naive
TARGET_HTML_MB, TARGET_FIRST_S, TARGET_FILTER_S = 5.0, 3.0, 1.0  # the dashboard at 100 000

# True when the page shows ``n`` in its "Actions" metric and one map frame holds a map with
# markers (a marker cluster group with layers) that are not those marked stale before a
# filter change (the dashboard swaps a view's layers in the same map, mapview.frame). The
# map frame has the page's origin, so its window is readable.
DRAWN = (
    "([label, n, mapFrame]) => {"
    + METRIC_SHOWS_JS
    + """
    const frames = document.querySelectorAll(mapFrame);
    if (frames.length !== 1) return false;
    const w = frames[0].contentWindow;
    if (!w || !w.L || !w.document.querySelector('.leaflet-container')) return false;
    const map = w.map instanceof w.L.Map ? w.map
        : Object.values(w).find(v => v instanceof w.L.Map);
    if (!map) return false;
    let markers = 0;
    map.eachLayer(l => {
        if (w.L.MarkerClusterGroup && l instanceof w.L.MarkerClusterGroup && !l._benchStale) {
            markers += l.getLayers().length;
        }
    });
    return markers > 0;
}"""
)
# Resolves once the map frame has painted twice more (the markers are on screen).
PAINTED = """(mapFrame) => new Promise(done => {
    const w = document.querySelector(mapFrame).contentWindow;
    w.requestAnimationFrame(() => w.requestAnimationFrame(() => done(true)));
})"""
STALE = """(mapFrame) => {
    const w = document.querySelector(mapFrame).contentWindow;
    const map = w.map instanceof w.L.Map ? w.map
        : Object.values(w).find(v => v instanceof w.L.Map);
    map.eachLayer(l => {
        if (w.L.MarkerClusterGroup && l instanceof w.L.MarkerClusterGroup) l._benchStale = true;
    });
}"""
# Opens the popup of the place with the most actions (for the screenshot).
OPEN_BIGGEST = """async () => {
    const map = window.map;
    const group = Object.values(map._layers).find(l => l instanceof L.MarkerClusterGroup);
    const places = group.getLayers().filter(l => l.feature);
    places.sort((a, b) => b.feature.properties.count - a.feature.properties.count);
    const biggest = places[0];
    await new Promise(done => group.zoomToShowLayer(biggest, done));
    await new Promise(done => setTimeout(done, 600));
    biggest.openPopup();
    await new Promise(done => setTimeout(done, 400));
    return biggest.feature.properties.count;
}"""


# --- the server ---------------------------------------------------------------------------


def start_page(page: str, data_dir: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    """The dashboard, or benchmarks/mapapp.py showing the map ``page`` ("ours" or "naive"),
    served on 127.0.0.1; returns the process and its base URL."""
    from geo.dashboard import assets

    if page == "dashboard":
        return start_streamlit("dashboard.py", data_dir, log_path)
    # Streamlit serves static/ beside its script, and looks for it when it starts.
    assets.install_static(REPO_DIR / "benchmarks" / "static")
    return start_streamlit("benchmarks/mapapp.py", data_dir, log_path, script_args=["--map", page])


# --- what is measured ---------------------------------------------------------------------


@dataclass
class Measure:
    size: int
    page: str
    html_bytes: int = 0
    html_estimated: bool = False
    cold_s: float | None = None
    first_s: list[float] = field(default_factory=list)
    filter_s: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    timed_out: float | None = None  # the step limit a wait hit, in seconds
    errors: list[str] = field(default_factory=list)

    @property
    def first(self) -> float | None:
        return statistics.median(self.first_s) if self.first_s else None

    @property
    def filter(self) -> float | None:
        return statistics.median(self.filter_s) if self.filter_s else None


@dataclass(frozen=True)
class Pick:
    """An action type a filter change picks."""

    key: str
    label: str
    actions: int  # actions of that type


@dataclass(frozen=True)
class Dataset:
    path: Path
    actions: int  # distinct actions
    point_rows: int  # rows the naive map draws
    picks: tuple[Pick, ...]  # the action types, most frequent first

    def pick(self, run: int, repeat: int) -> Pick:
        """The type run ``run`` picks (0: the cold start, after the timed runs' types)."""
        return self.picks[(run - 1 if run else repeat) % len(self.picks)]


def dataset(size: int, root: Path, progress: Callable[[str], None]) -> Dataset:
    """``root/SIZE``: made by benchmarks.dataset unless it is there already."""
    from benchmarks.dataset import scaled_dataset
    from geo.dashboard import i18n, mapview, store

    folder = root / str(size)
    if not (folder / "actions.parquet").is_file():
        progress(f"{size}: making the dataset in {folder}")
        scaled_dataset(size, folder, seed=1)
    df = store.read_actions(folder / "actions.parquet", store.VIEW_COLUMNS)
    counts = df.drop_duplicates("action_id")["action_type"].value_counts()
    labels = i18n.action_type_labels()
    picks = tuple(
        Pick(
            str(key),
            labels.get(str(key), str(key)),
            store.filter_actions(df, action_types=[key])["action_id"].nunique(),
        )
        for key in counts.index
    )
    points = df["geo_precision"].isin(mapview.POINT_PRECISIONS) & df["lat"].notna()
    return Dataset(folder, df["action_id"].nunique(), int(points.sum()), picks)


def html_bytes(data: Dataset, page: str, sample_rows: int) -> tuple[int, bool]:
    """Bytes of the page's map HTML for the whole dataset (see the module docstring)."""
    from benchmarks.mapapp import naive_map
    from geo import reference
    from geo.dashboard import assets, mapview, store

    assets.use_local_assets()
    df = store.read_actions(data.path / "actions.parquet", store.VIEW_COLUMNS)
    regions = store.load_regions(reference.path("regions.geojson"))
    cities = store.load_cities(reference.path("basemap_cities.csv"))

    def size(m) -> int:
        return len(m.get_root().render().encode())

    if page != "naive":
        return size(mapview.build_map(df, regions, cities)), False
    if data.point_rows <= sample_rows:
        return size(naive_map(df, regions, cities)), False
    points = df[df["geo_precision"].isin(mapview.POINT_PRECISIONS) & df["lat"].notna()]
    sample = points.sample(sample_rows, random_state=1)
    empty, some = (
        size(naive_map(df.iloc[0:0], regions, cities)),
        size(naive_map(sample, regions, cities)),
    )
    return round(empty + (some - empty) / sample_rows * data.point_rows), True


def pick_option(page, label: str, option: str, timeout_ms: float) -> float:
    """Choose ``option`` in the sidebar multiselect ``label``; returns the moment (perf
    counter) the option was clicked."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").filter(
        has_text=label
    )
    box.locator("input").click(timeout=timeout_ms)
    page.keyboard.type(option)
    item = page.get_by_role("option", name=option, exact=True)
    item.wait_for(timeout=timeout_ms)
    clicked = time.perf_counter()
    item.click(timeout=timeout_ms)
    return clicked


def measure_page(
    browser, data: Dataset, page_name: str, repeat: int, timeout_s: float, screenshot, progress
) -> Measure:
    """Start the page's server, open it ``repeat`` + 1 times (the first is the cold start)
    and change its filter in each; stop the server."""
    from geo.dashboard import i18n

    result = Measure(data.actions, page_name)
    timeout_ms = timeout_s * 1000
    label = i18n.t("metric_actions")

    def drawn(page, n: int) -> None:
        """Wait until the page shows ``n`` actions and their new map, painted."""
        page.wait_for_function(DRAWN, arg=[label, n, MAP_FRAME], timeout=timeout_ms, polling=50)
        page.evaluate(PAINTED, MAP_FRAME)

    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        log_path = Path(tmp) / "streamlit.log"
        proc, base = start_page(page_name, data.path, log_path)
        try:
            with Sampler(proc.pid) as rss:
                for run in range(repeat + 1):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    blocked: list[str] = []

                    def route(r, blocked=blocked):
                        if r.request.url.startswith(base + "/"):
                            r.continue_()
                        else:
                            blocked.append(r.request.url)
                            r.abort()

                    try:
                        page = context.new_page()
                        page.route("**/*", route)
                        page.on(
                            "pageerror",
                            lambda e: result.errors.append(f"page error: {e}"),
                        )
                        started = time.perf_counter()
                        page.goto(f"{base}/", wait_until="commit", timeout=timeout_ms)
                        drawn(page, data.actions)
                        seconds = time.perf_counter() - started
                        if run == 0:
                            result.cold_s = seconds
                        else:
                            result.first_s.append(seconds)
                        if screenshot and run == repeat:
                            _screenshots(page, screenshot, progress)
                        page.evaluate(STALE, MAP_FRAME)
                        picked = data.pick(run, repeat)
                        clicked = pick_option(
                            page, i18n.t("action_types"), picked.label, timeout_ms
                        )
                        drawn(page, picked.actions)
                        if run > 0:
                            result.filter_s.append(time.perf_counter() - clicked)
                        progress(
                            f"{data.actions} {page_name}: "
                            + ("cold start" if run == 0 else f"run {run}")
                            + f" {seconds:.2f} s, filter change to {picked.key} "
                            + f"{time.perf_counter() - clicked:.2f} s"
                        )
                    except Exception as err:
                        if type(err).__name__ != "TimeoutError":
                            raise
                        result.timed_out = timeout_s
                        progress(f"{data.actions} {page_name}: no map within {timeout_s:.0f} s")
                        break
                    finally:
                        context.close()
                        result.errors += [f"blocked request to {url}" for url in blocked]
            result.rss_mb = rss.peak_rss() / 1e6
        finally:
            stop(proc)
    return result


def _screenshots(page, path: Path, progress) -> None:
    """The dashboard's map as loaded, then with the biggest place's popup open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    frame = page.locator(MAP_FRAME).element_handle().content_frame()
    count = frame.evaluate(OPEN_BIGGEST)
    popup = path.with_name(path.stem + "-popup" + path.suffix)
    page.screenshot(path=str(popup))
    progress(f"screenshots: {path}, {popup} (a place with {count} actions)")


# --- the run and its report -----------------------------------------------------------------


def run(
    sizes: Sequence[int],
    root: Path,
    *,
    repeat: int = 3,
    timeout_s: float = 120,
    pages: Sequence[str] = PAGES,
    sample_rows: int = 20_000,
    screenshot: Path | None = None,
    progress: Callable[[str], None] = lambda text: None,
) -> list[Measure]:
    from playwright.sync_api import sync_playwright

    results: list[Measure] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for size in sizes:
                data = dataset(size, root, progress)
                picks = [data.pick(run, repeat) for run in range(1, repeat + 1)]
                progress(
                    f"{size}: {data.point_rows} rows on the map; the timed filter changes pick "
                    + ", ".join(f"{p.key!r} ({p.actions} actions)" for p in picks)
                )
                if len(data.picks) <= repeat:
                    progress(f"{size}: only {len(data.picks)} types: views repeat")
                for page_name in pages:
                    shot = screenshot if page_name == "dashboard" and size == max(sizes) else None
                    result = measure_page(
                        browser, data, page_name, repeat, timeout_s, shot, progress
                    )
                    result.html_bytes, result.html_estimated = html_bytes(
                        data, page_name, sample_rows
                    )
                    progress(
                        f"{size} {page_name}: map HTML {result.html_bytes / 1e6:.1f} MB, "
                        f"server RSS {result.rss_mb:.0f} MB"
                    )
                    results.append(result)
        finally:
            browser.close()
    return results


def _seconds(value: float | None, timed_out: float | None) -> str:
    if value is None:
        return f"> {timed_out:.0f} s" if timed_out else "—"
    return f"{value:.2f} s"


def _ratio(naive: Measure | None, ours: Measure | None, attr: str) -> float | None:
    """naive / ours; a naive page that timed out counts its time limit (a lower bound)."""
    if naive is None or ours is None or getattr(ours, attr) is None:
        return None
    slow = getattr(naive, attr)
    if slow is None:
        slow = naive.timed_out
    return slow / getattr(ours, attr) if slow else None


def report(results: list[Measure], repeat: int) -> tuple[str, bool]:
    """The table and the targets, and whether every target was met."""
    by = {(r.size, r.page): r for r in results}
    lines = [
        f"The dashboard at scale (median of {repeat}; first render: request -> map drawn, "
        "in a new session; filter change: action type picked -> new map drawn, a view "
        "never shown before in each run)",
        f"{'actions':>8}  {'page':<10} {'map HTML':>10} {'first render':>13} "
        f"{'filter change':>14} {'cold start':>11} {'server RSS':>11}",
    ]
    for size in sorted({r.size for r in results}):
        for page in PAGES:
            if r := by.get((size, page)):
                html = ("~" if r.html_estimated else "") + f"{r.html_bytes / 1e6:.1f} MB"
                lines.append(
                    f"{size:>8}  {page:<10} {html:>10} {_seconds(r.first, r.timed_out):>13} "
                    f"{_seconds(r.filter, r.timed_out):>14} "
                    f"{_seconds(r.cold_s, r.timed_out):>11} {r.rss_mb:>8.0f} MB"
                )
        naive, ours = by.get((size, "naive")), by.get((size, "ours"))
        if naive and ours:
            first, change = _ratio(naive, ours, "first"), _ratio(naive, ours, "filter")
            bound = "≥" if naive.timed_out else ""
            x = [f"{bound}{v:.0f}x" if v else "—" for v in (first, change)]
            html = naive.html_bytes / ours.html_bytes if ours.html_bytes else 0

            lines.append(f"{'':>8}  {'naive/ours':<10} {html:>9.0f}x {x[0]:>13} {x[1]:>14}")
    ok = True
    checks: list[str] = []
    naive, ours = by.get((10_000, "naive")), by.get((10_000, "ours"))
    if naive and ours:
        for attr, name in (("first", "first render"), ("filter", "filter change")):
            ratio = _ratio(naive, ours, attr)
            met = ratio is not None and ratio >= TARGET_RATIO
            ok &= met
            checks.append(
                f"10 000: ours {ratio or 0:.0f}x faster than naive ({name}; "
                f"target {TARGET_RATIO:.0f}x): {'met' if met else 'MISSED'}"
            )
    if dash := by.get((100_000, "dashboard")):
        mb = dash.html_bytes / 1e6
        for name, value, limit, unit in (
            ("map HTML", mb, TARGET_HTML_MB, "MB"),
            ("first render", dash.first, TARGET_FIRST_S, "s"),
            ("filter change", dash.filter, TARGET_FILTER_S, "s"),
        ):
            met = value is not None and value < limit
            ok &= met
            shown = "none" if value is None else f"{value:.2f} {unit}"
            checks.append(
                f"100 000, dashboard: {name} {shown} (target < {limit:g} {unit}): "
                f"{'met' if met else 'MISSED'}"
            )
    errors = [f"{r.size} {r.page}: {e}" for r in results for e in r.errors]
    lines += ["", *checks, *(f"error: {e}" for e in errors[:5])]
    return "\n".join(lines), ok and not errors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dashboard", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per page")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per wait")
    parser.add_argument(
        "--data-root", type=Path, help="keep the datasets in DIR/SIZE (reused if there)"
    )
    parser.add_argument(
        "--naive-html-rows",
        type=int,
        default=20_000,
        help="above this many point rows the naive HTML size is extrapolated",
    )
    parser.add_argument("--screenshot", type=Path, help="PNG of the dashboard at the largest size")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        parser.error(f"{CHROMIUM} not found (install Debian's chromium package)")

    def progress(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-dashboard-data-") as tmp:
        results = run(
            args.sizes,
            args.data_root or Path(tmp),
            repeat=args.repeat,
            timeout_s=args.timeout,
            pages=args.pages,
            sample_rows=args.naive_html_rows,
            screenshot=args.screenshot,
            progress=progress,
        )
    text, ok = report(results, args.repeat)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

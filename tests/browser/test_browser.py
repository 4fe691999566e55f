"""End to end: `streamlit run dashboard.py` on the fixture, driven by headless Chromium.

One server and one browser for the module. Every request that does not go to the local
server is blocked and recorded, so a test fails if the map (or Streamlit) tries to reach
a CDN. Waits are bounded and wait for something on the page, except where the test is
that something does *not* happen (pan/zoom sending nothing). Saves screenshots in
artifacts/: dashboard.png (main view), dashboard-popup.png, dashboard-filtered.png
(a shared link: Jas Otan in January 2022, in Russian), dashboard-details.png (a click on
the map), dashboard-date-enter.png (a date typed, then Enter) and brief-download.png
(the briefing PNG the page served).
Needs Debian's /usr/bin/chromium; skipped without it unless CI=true.
"""

import io
import json
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.proto.BackMsg_pb2 import BackMsg

from benchmarks import harness
from benchmarks.harness import MAP_FRAME
from geo.dashboard import brief, i18n, view

UI = i18n.texts("en")  # the English texts, as the pages show them

pytestmark = pytest.mark.browser

WAIT_MS = 20_000
# True once Leaflet has finished zooming and any open popup has faded in.
SETTLED = """() => {
    if (document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')) return false;
    const popup = document.querySelector('.leaflet-popup');
    return !popup || getComputedStyle(popup).opacity === '1';
}"""
# Markers on the map: the numbers on the cluster icons plus the lone circles and squares.
# Read from the page through the (same-origin) map frame, which a filter change replaces.
MARKERS = """() => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    const doc = frame && frame.contentDocument;
    if (!doc || !doc.querySelector('.leaflet-container')) return -1;
    let n = 0;
    doc.querySelectorAll('.marker-cluster').forEach(c => { n += parseInt(c.innerText); });
    return n + doc.querySelectorAll('path.va-point, .va-square-icon').length;
}"""
N_POINTS = 6  # point features of the fixture (tests/unit/dashboard/test_store.py lists them)


@contextmanager
def streamlit_server(repo_dir: Path, data_dir: Path):
    """``streamlit run dashboard.py -- --data DATA_DIR`` on a free port; yields its base URL
    once it is healthy, stops it after. Its output goes to DATA_DIR/streamlit.log."""
    try:
        proc, base = harness.start_streamlit(
            "dashboard.py", data_dir, data_dir / "streamlit.log", repo_dir=repo_dir
        )
    except RuntimeError as err:
        pytest.fail(str(err))
    try:
        yield base
    finally:
        harness.stop(proc)


@pytest.fixture(scope="module")
def server(repo_dir, actions_fixture, tmp_path_factory, chromium_path):
    """The dashboard on the fixture, on a free port; yields its base URL, stops it after."""
    data_dir = tmp_path_factory.mktemp("browser_data")
    (data_dir / "actions.geojson").write_bytes(actions_fixture.read_bytes())
    with streamlit_server(repo_dir, data_dir) as base:
        yield base


@contextmanager
def dashboard(browser, server, query: str = "", frames_sent: list | None = None):
    """A page on the dashboard (``query``: the URL's query string), map drawn; on exit,
    asserts it asked nothing of the outside world and logged no error. The reruns of the
    whole page it asks the server for are appended to ``frames_sent``."""
    external: list[str] = []
    problems: list[str] = []
    dialogs: list[str] = []

    def route(r):
        if r.request.url.startswith(server + "/"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 1400, "height": 2600}, accept_downloads=True)
    page = context.new_page()
    page.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    if frames_sent is not None:

        def rerun(frame) -> None:
            if is_app_rerun(frame):
                frames_sent.append(frame)

        page.on("websocket", lambda ws: ws.on("framesent", rerun))
    try:
        page.goto(f"{server}/{'?' + query if query else ''}", wait_until="domcontentloaded")
        page.wait_for_selector("[data-testid='stApp']", timeout=WAIT_MS)
        page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=WAIT_MS)
        yield page
    finally:
        context.close()
    assert external == [], f"requests to outside the local server: {external}"
    assert problems == [], problems
    assert dialogs == []


def is_app_rerun(frame: bytes) -> bool:
    """Whether a message the page sent asks for a rerun of the whole page: not the data check
    (a fragment, every CONFIG["data_check_seconds"]), not a heartbeat."""
    message = BackMsg()
    message.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
    return message.WhichOneof("type") == "rerun_script" and not message.rerun_script.fragment_id


def map_frame(page):
    """The map's frame. While a rerun replaces the map the page holds the old frame and the
    new one for a moment (seen under load): wait until one is left, and take the newest."""
    page.wait_for_function(
        f"() => document.querySelectorAll({json.dumps(MAP_FRAME)}).length === 1",
        timeout=WAIT_MS,
    )
    return page.locator(MAP_FRAME).last.element_handle().content_frame()


def wait_markers(page, n: int) -> None:
    page.wait_for_function(f"() => ({MARKERS})() === {n}", timeout=WAIT_MS)


def table_rows(page) -> int:
    """Rows of the actions table (the page's last data frame), from the grid's ARIA, once
    its view under the map is chosen (the segmented control's buttons, in SECTIONS order)."""
    sections = page.locator("[data-testid='stButtonGroup']").last.locator("button")
    sections.nth(view.SECTIONS.index("table")).click()
    grid = page.locator("[data-testid='stDataFrame']").last.locator("[aria-rowcount]").first
    grid.wait_for(state="attached", timeout=WAIT_MS)  # an accessible, invisible table
    return int(grid.get_attribute("aria-rowcount")) - 1  # the header row


def metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_dashboard_map_renders_offline(browser, server, artifacts):
    sent: list[object] = []
    with dashboard(browser, server, frames_sent=sent) as page:
        leaflet = page.frame_locator(MAP_FRAME)
        leaflet.locator(".marker-cluster").first.wait_for(timeout=WAIT_MS)
        wait_markers(page, N_POINTS)
        # Balkhash's awareness action is a lone circle.
        leaflet.locator("path.va-point[fill='#c79a00']").first.wait_for(timeout=WAIT_MS)
        # 20 region outlines + the shaded region of the region-wide action.
        assert leaflet.locator(".leaflet-va-regions-pane path").count() == 21
        assert leaflet.locator(".va-city").count() == 20

        # The legend sits fully inside the map (opened: folded at first on a map this size).
        leaflet.locator(".va-legend-toggle").click()
        frame_box = page.locator(MAP_FRAME).bounding_box()
        legend_box = leaflet.locator(".va-legend").bounding_box()
        assert legend_box["height"] > 40
        assert legend_box["x"] + legend_box["width"] <= frame_box["x"] + frame_box["width"]
        assert legend_box["y"] + legend_box["height"] <= frame_box["y"] + frame_box["height"]
        assert UI["legend_checkpoint"] in leaflet.locator(".va-legend").inner_text()

        page.get_by_text("Birgemiz fund paid").first.wait_for(timeout=WAIT_MS)
        assert table_rows(page) == 7
        page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

        # Open the popup of the action whose summary holds a <script> (green squares at two
        # checkpoints, in the cluster near Kokshetau): it must show as text and run nothing.
        frame = map_frame(page)
        before = len(sent)
        leaflet.locator(".marker-cluster").filter(has_text="3").click()
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        # A cluster click only zooms: nothing goes to the server (st_folium: <= 250 ms).
        page.wait_for_timeout(1000)
        assert len(sent) == before, "a click on a cluster reran the app"
        green = leaflet.locator(".va-square-icon .va-square[style*='49, 163, 84']")
        green.first.click()
        popup = leaflet.locator(".leaflet-popup-content")
        popup.wait_for(timeout=WAIT_MS)
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        assert "<script>alert(1)</script>" in popup.inner_text()
        assert popup.locator("script").count() == 0
        page.screenshot(path=str(artifacts / "dashboard-popup.png"))


def test_a_filter_changes_the_markers_and_the_url(browser, server):
    with dashboard(browser, server) as page:
        wait_markers(page, N_POINTS)
        box = page.locator("[data-testid='stMultiSelect']").filter(has_text=UI["organisations"])
        box.locator("input").click()
        page.keyboard.type("Jas Otan")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        # Jas Otan: Kokshetau (a marker) and Akmola Region (a shaded region, no marker).
        wait_markers(page, 1)
        # The dates are in every link, so it keeps its range when new data comes.
        page.wait_for_function(
            "() => location.search === '?from=2020-01-01&to=2022-01-31&org=Jas+Otan'",
            timeout=WAIT_MS,
        )
        assert metric(page, UI["metric_actions"]) == "2"


def test_a_date_typed_then_enter_applies_it(browser, server, artifacts):
    with dashboard(browser, server) as page:
        wait_markers(page, N_POINTS)
        start = page.locator("[data-range-field='start'] [data-type='year']")
        start.click()
        page.keyboard.type("2022")
        page.keyboard.press("Enter")  # no click elsewhere: Enter alone applies it
        page.wait_for_function("() => location.search.includes('from=2022-01-01')", timeout=WAIT_MS)
        # doc_a's two actions, doc_e, and the undated one.
        page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=stMetricValue]')]"
            ".some(m => m.innerText.trim() === '4')",
            timeout=WAIT_MS,
        )
        assert metric(page, UI["metric_actions"]) == "4"
        page.screenshot(path=str(artifacts / "dashboard-date-enter.png"))


def test_a_shared_link_restores_the_filters(browser, server, artifacts):
    link = "org=Jas+Otan&from=2022-01-01&to=2022-01-31&undated=0&lang=ru"
    with dashboard(browser, server, link) as page:
        page.get_by_role("heading", name="Волонтёрские акции в Казахстане").wait_for(
            timeout=WAIT_MS
        )
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.locator("[data-tag]").get_by_title("Jas Otan").count() == 1
        dates = sidebar.locator("[data-testid='stDateInput'] input[type=date]")
        assert [dates.nth(i).input_value() for i in (0, 1)] == ["2022-01-01", "2022-01-31"]
        wait_markers(page, 1)
        assert metric(page, "Акции") == "2"
        # The end date is the data's own last day, and stays in the URL all the same.
        assert page.evaluate("location.search") == "?" + link
        assert table_rows(page) == 2
        page.screenshot(path=str(artifacts / "dashboard-filtered.png"), full_page=True)


def test_csv_download_matches_the_table(browser, server):
    with dashboard(browser, server, "type=food_for_duty&type=humanitarian_aid") as page:
        wait_markers(page, 3)  # Kokshetau, Astana, the road near Nura
        rows = table_rows(page)
        assert rows == 3
        with page.expect_download(timeout=WAIT_MS) as download:
            page.get_by_role("button", name=UI["download"]).click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")
        lines = data.decode("utf-8-sig").splitlines()
        assert len(lines) == rows + 1 and lines[0].startswith("action_id,")
        assert ",lat,lon," in lines[0]
        # Named after the view and its dates.
        assert download.value.suggested_filename == (
            "volunteer_actions_food-for-duty+humanitarian-aid_2020-01-01_2022-01-31.csv"
        )


def test_briefing_png_download(browser, server, artifacts):
    with dashboard(browser, server, "org=Jas+Otan") as page:
        with page.expect_download(timeout=WAIT_MS) as download:
            page.get_by_role("button", name=UI["download_png"]).click()
        png = Path(download.value.path()).read_bytes()
        name = download.value.suggested_filename
    assert name == "volunteer_actions_brief_jas-otan_2020-01-01_2022-01-31.png"
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == brief.PAGE_PX
    assert np.asarray(image.convert("L"), dtype=float).std() > 20  # not blank
    (artifacts / "brief-download.png").write_bytes(png)


def test_a_click_shows_details_and_pan_zoom_do_not_rerun(browser, server, artifacts):
    sent: list[object] = []
    with dashboard(browser, server, "org=Birgemiz+Fund", sent) as page:
        leaflet = page.frame_locator(MAP_FRAME)
        wait_markers(page, 1)  # Astana; the other action is country-wide
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
        before = len(sent)

        leaflet.locator("path.va-point").first.click()
        page.get_by_text("Birgemiz volunteers brought hot meals").first.wait_for(timeout=WAIT_MS)
        page.get_by_text("Kokshetau Mineral Waters JSC").first.wait_for(timeout=WAIT_MS)
        assert len(sent) > before  # the click reran the app, once
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
        page.screenshot(path=str(artifacts / "dashboard-details.png"), full_page=True)

        after_click = len(sent)
        frame = map_frame(page)
        box = page.locator(MAP_FRAME).bounding_box()
        page.mouse.move(box["x"] + 300, box["y"] + 300)
        page.mouse.down()
        page.mouse.move(box["x"] + 420, box["y"] + 360, steps=6)
        page.mouse.up()
        leaflet.locator(".leaflet-control-zoom-in").click()
        page.mouse.wheel(0, -400)
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        # Waiting for nothing to happen: st_folium sends at most 250 ms after a move.
        page.wait_for_timeout(1000)
        assert len(sent) == after_click, "panning or zooming reran the app"

"""End to end: `streamlit run dashboard.py` on the fixture, driven by headless Chromium.

Every request that does not go to the local server is blocked and recorded, so the test
fails if the map (or Streamlit) tries to reach a CDN. Saves artifacts/dashboard.png.
Needs Debian's /usr/bin/chromium; skipped without it unless CI=true.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
START_TIMEOUT_S = 40
# True once Leaflet has finished zooming and any open popup has faded in.
SETTLED = """() => {
    if (document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')) return false;
    const popup = document.querySelector('.leaflet-popup');
    return !popup || getComputedStyle(popup).opacity === '1';
}"""
WAIT_MS = 20_000


def _need(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


@pytest.fixture
def server(repo_dir, fixture_data_dir, tmp_path):
    """The dashboard served on a free port; yields its base URL, stops it afterwards."""
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("w")
    env = {k: v for k, v in os.environ.items() if k != "GEO_DATA_DIR"}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        "--",
        "--data",
        str(fixture_data_dir),
    ]
    # cwd = repository root, so .streamlit/config.toml (static serving) applies.
    proc = subprocess.Popen(cmd, cwd=repo_dir, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _healthy(f"{base}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(
                    "streamlit did not become healthy:\n"
                    + (tmp_path / "streamlit.log").read_text(errors="replace")
                )
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def test_dashboard_map_renders_offline(server, repo_dir):
    _need(CHROMIUM.exists(), f"{CHROMIUM} not found (install Debian's chromium package)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need(False, "the playwright Python package is not installed")

    external: list[str] = []
    problems: list[str] = []
    dialogs: list[str] = []

    def route(r):
        if r.request.url.startswith(server + "/"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            page.route("**/*", route)
            page.on(
                "console",
                lambda m: problems.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            page.goto(server + "/", wait_until="domcontentloaded")
            page.wait_for_selector("[data-testid='stApp']", timeout=WAIT_MS)
            leaflet = page.frame_locator(MAP_FRAME)
            # Cluster icon (3 actions near Kokshetau) and a lone circle marker (Balkhash).
            leaflet.locator(".marker-cluster").first.wait_for(timeout=WAIT_MS)
            leaflet.locator("path.leaflet-interactive[fill='#c79a00']").first.wait_for(
                timeout=WAIT_MS
            )
            # 20 region outlines + the shaded region of the region-wide action.
            region_paths = leaflet.locator(".leaflet-va-regions-pane path")
            assert region_paths.count() == 21
            assert leaflet.locator(".va-city").count() == 20
            assert leaflet.locator(".marker-cluster").first.inner_text().strip() == "3"

            # The legend sits fully inside the map.
            frame_box = page.locator(MAP_FRAME).bounding_box()
            legend_box = leaflet.locator(".va-legend").bounding_box()
            assert legend_box["height"] > 40
            assert legend_box["x"] + legend_box["width"] <= frame_box["x"] + frame_box["width"]
            assert legend_box["y"] + legend_box["height"] <= frame_box["y"] + frame_box["height"]

            page.get_by_text("Birgemiz fund paid").first.wait_for(timeout=WAIT_MS)
            page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=WAIT_MS)
            artifacts = repo_dir / "artifacts"
            artifacts.mkdir(exist_ok=True)
            page.screenshot(path=str(artifacts / "dashboard.png"))

            # Open the popup of the action whose summary holds a <script>: it must show as
            # text and run nothing.
            frame = page.locator(MAP_FRAME).element_handle().content_frame()
            leaflet.locator(".marker-cluster").first.click()
            frame.wait_for_function(SETTLED, timeout=WAIT_MS)
            green = leaflet.locator("path.leaflet-interactive[fill='#31a354']")
            green.first.wait_for(timeout=WAIT_MS)
            green.first.click()
            popup = leaflet.locator(".leaflet-popup-content")
            popup.wait_for(timeout=WAIT_MS)
            frame.wait_for_function(SETTLED, timeout=WAIT_MS)
            assert "<script>alert(1)</script>" in popup.inner_text()
            assert popup.locator("script").count() == 0
            page.screenshot(path=str(artifacts / "dashboard-popup.png"))
        finally:
            browser.close()

    assert external == [], f"requests to outside the local server: {external}"
    assert not [p for p in problems if "is not defined" in p], problems
    assert problems == [], problems
    assert dialogs == []

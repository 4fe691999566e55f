"""The live map at 5 000 actions, driven by headless Chromium (issue 15, "the live map at scale").

The data is made here: 5 000 copies of the seeds' actions spread over the gazetteer
(``benchmarks.dataset.scaled_actions``), one of them given a very long evidence sentence,
many organisations and many sources, so that its popup is taller than the map. Checks that
a marker where the legend used to sit (bottom left, over the west) takes the click, that
the legend folds and its body takes no clicks, that cluster bubbles are no action type's
colour, that the tallest popup fits the map with its source line in view and no tooltip
over it, that a filtered view shows the filtered area and the button goes back to the
country. Saves artifacts/livemap-5k-country.png, livemap-5k-legend.png,
livemap-5k-zoomed.png, livemap-5k-popup.png and livemap-5k-filtered.png.
"""

import json
import re

import pytest

from benchmarks import dataset
from benchmarks.harness import MAP_FRAME
from geo.dashboard import mapview
from geo.dataset.formats import parquet_table
from tests.browser.test_browser import SETTLED, WAIT_MS, dashboard, map_frame, streamlit_server

pytestmark = pytest.mark.browser

ACTIONS = 5_000
TALL = "syn-tall"  # the action whose popup is taller than the map
SOURCES = [f"https://example.kz/news/tall-{i}" for i in range(8)]
# The Leaflet map of the frame (folium names it map_<hash>).
MAP = "window[Object.keys(window).find(k => k.startsWith('map_'))]"
# markercluster's own bubble colours (MarkerCluster.Default.css), which clashed with types.
DEFAULT_CLUSTER_COLOURS = {
    "rgba(181, 226, 140, 0.6)",
    "rgba(241, 211, 87, 0.6)",
    "rgba(253, 156, 115, 0.6)",
    "rgba(110, 204, 57, 0.6)",
    "rgba(240, 194, 12, 0.6)",
    "rgba(241, 128, 23, 0.6)",
}


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.fixture(scope="module")
def server(repo_dir, seeds_build, tmp_path_factory, chromium_path):
    """The dashboard on 5 000 synthetic actions, one with a very tall popup."""
    data_dir = tmp_path_factory.mktemp("livemap_5k")
    templates = dataset.read_features(seeds_build / "actions.geojson")
    features = dataset.scaled_actions(ACTIONS, seed=15, templates=templates)
    point = next(f for f in features if f["properties"]["geo_precision"] == 1)
    tall = json.loads(json.dumps(point))
    props = tall["properties"]
    # A place of its own (a popup of its own), a little off the copied one.
    lon, lat = tall["geometry"]["coordinates"]
    tall["geometry"]["coordinates"] = [lon + 0.07, lat + 0.07]
    props.update(
        action_id=TALL,
        feature_id=f"{TALL}-p1",
        place_id="test:tall",
        evidence=" ".join(["Volunteers brought food, water and blankets to the village."] * 30),
        organisations=[f"Volunteer group number {i}" for i in range(12)],
        source=SOURCES[0],
        sources=SOURCES,
    )
    tall["id"] = props["feature_id"]
    features.append(tall)
    (data_dir / "actions.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    (data_dir / "actions.parquet").write_bytes(parquet_table(features))
    with streamlit_server(repo_dir, data_dir) as base:
        yield base


def frame_of(page):
    frame = map_frame(page)
    frame.wait_for_function(f"() => {MAP} && document.querySelector('.marker-cluster')")
    frame.wait_for_function(SETTLED, timeout=WAIT_MS)
    return frame


def test_the_map_at_5000_actions(browser, server, artifacts):
    with dashboard(browser, server) as page:
        leaflet = page.frame_locator(MAP_FRAME)
        frame = frame_of(page)
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.locator(MAP_FRAME).screenshot(path=str(artifacts / "livemap-5k-country.png"))
        frame_box = page.locator(MAP_FRAME).bounding_box()
        size = frame.evaluate(f"() => {MAP}.getSize()")

        # Cluster bubbles: one neutral colour, no action type's, not markercluster's own.
        bubbles = frame.evaluate(
            """() => [...document.querySelectorAll('.marker-cluster')].map(c => [
                getComputedStyle(c).backgroundColor,
                getComputedStyle(c.querySelector('div')).backgroundColor])"""
        )
        assert len(bubbles) > 10
        type_colours = {rgb(c) for c in mapview.ACTION_COLOURS.values()}
        used = {colour for pair in bubbles for colour in pair}
        assert used.isdisjoint(type_colours), used
        assert used.isdisjoint(DEFAULT_CLUSTER_COLOURS), used
        assert {inner for _outer, inner in bubbles} == {rgb(mapview.CLUSTER_COLOUR)}

        # The legend: folded on a map this size, opened by its toggle; its body takes no
        # clicks (what is under it gets them) and it is not where it was (bottom left).
        legend = leaflet.locator(".va-legend")
        assert legend.locator(".va-legend-body").is_hidden()
        leaflet.locator(".va-legend-toggle").click()
        body = legend.locator(".va-legend-body")
        body.wait_for(timeout=WAIT_MS)
        assert re.search(r"\d+–\d+", body.inner_text())  # the classes' breaks
        box = body.bounding_box()
        x, y = box["x"] - frame_box["x"] + box["width"] / 2, box["y"] - frame_box["y"] + 20
        inside = frame.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y).closest('.va-legend')", [x, y]
        )
        assert not inside, "the legend's body takes clicks"
        assert box["x"] - frame_box["x"] > size["x"] / 2  # right half
        page.locator(MAP_FRAME).screenshot(path=str(artifacts / "livemap-5k-legend.png"))
        leaflet.locator(".va-legend-toggle").click()

        # A marker where the legend used to be (bottom left: the Caspian shore) takes the
        # click: a cluster there gets it (and zooms in, or spreads its places out).
        west = frame.evaluate(
            """([w, h]) => {
                const hit = [...document.querySelectorAll('.marker-cluster')].map(c => {
                    const r = c.getBoundingClientRect();
                    return [r.x + r.width / 2, r.y + r.height / 2];
                }).filter(([x, y]) => x < 240 && y > h - 260 && y < h - 30);
                return hit.find(([x, y]) => document.elementFromPoint(x, y)
                    .closest('.marker-cluster')) || null;
            }""",
            [size["x"], size["y"]],
        )
        assert west, "no marker in the bottom left (where the legend was), or it is covered"
        frame.evaluate(
            f"""() => {MAP}.eachLayer(l => {{ if (l instanceof L.MarkerClusterGroup)
                l.once('clusterclick', () => {{ window.vaWestClicked = true; }}); }})"""
        )
        page.mouse.click(frame_box["x"] + west[0], frame_box["y"] + west[1])
        frame.wait_for_function("() => window.vaWestClicked === true", timeout=WAIT_MS)
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        page.wait_for_timeout(500)
        page.locator(MAP_FRAME).screenshot(path=str(artifacts / "livemap-5k-zoomed.png"))

        # The tallest popup: shown whole inside the map, scrolling inside, its source line
        # in view, and no tooltip over it.
        found = frame.evaluate(
            f"""() => new Promise(done => {{
                setTimeout(() => done('timeout'), 15000);
                let tall = null, group = null;
                {MAP}.eachLayer(l => {{
                    if (!(l instanceof L.MarkerClusterGroup)) return;
                    group = l;
                    tall = l.getLayers().find(
                        m => (m.feature.properties.popup || '').includes('tall-7'));
                }});
                if (!tall) {{ done('not found'); return; }}
                // Not zoomToShowLayer: it waits for an icon, which a circle does not have.
                window.vaTall = tall;
                window.vaGroup = group;
                {MAP}.setView(tall.getLatLng(), {MAP}.getMaxZoom(), {{animate: false}});
                done('shown');
            }})"""
        )
        assert found == "shown"
        frame.wait_for_function(
            "() => !!window.vaTall._map",  # drawn alone (getVisibleParent needs an icon)
            timeout=WAIT_MS,
        )
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        page.wait_for_timeout(300)
        at = frame.evaluate(
            """() => { const e = window.vaTall._path || window.vaTall._icon;
                       const r = e.getBoundingClientRect();
                       return [r.x + r.width / 2, r.y + r.height / 2]; }"""
        )
        page.mouse.click(frame_box["x"] + at[0], frame_box["y"] + at[1])
        popup = leaflet.locator(".leaflet-popup-content")
        popup.wait_for(timeout=WAIT_MS)
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        page.wait_for_timeout(800)  # the pan that brings the popup into view
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        assert "Volunteer group number 11" in popup.inner_text()
        scroll = frame.evaluate(
            """() => { const c = document.querySelector('.leaflet-popup-content');
                       return [c.scrollHeight, c.clientHeight]; }"""
        )
        assert scroll[0] > scroll[1], "the tall popup does not scroll inside"
        whole = leaflet.locator(".leaflet-popup-content-wrapper").bounding_box()
        assert whole["y"] >= frame_box["y"] - 1
        assert whole["y"] + whole["height"] <= frame_box["y"] + frame_box["height"] + 1
        source = leaflet.locator(".leaflet-popup-content .va-source")
        line = source.bounding_box()
        assert frame_box["y"] <= line["y"]
        assert line["y"] + line["height"] <= frame_box["y"] + frame_box["height"]
        assert frame_box["x"] <= line["x"] <= frame_box["x"] + frame_box["width"]
        seen = frame.evaluate(
            """() => { const s = document.querySelector('.leaflet-popup-content .va-source');
                       const r = s.getBoundingClientRect();
                       const top = document.elementFromPoint(r.x + 30, r.y + r.height / 2);
                       return !!top && s.contains(top); }"""
        )
        assert seen, "the source line is hidden"
        assert SOURCES[0] in source.inner_text()
        # The pointer is still on the marker: no tooltip shows over the open popup.
        page.mouse.move(frame_box["x"] + at[0] + 1, frame_box["y"] + at[1] + 1)
        page.wait_for_timeout(300)
        assert frame.evaluate(
            """() => [...document.querySelectorAll('.leaflet-tooltip')]
                .every(t => t.getBoundingClientRect().width === 0)"""
        )
        page.locator(MAP_FRAME).screenshot(path=str(artifacts / "livemap-5k-popup.png"))

        # Zoomed in, the places drawn alone are named.
        assert frame.evaluate(f"() => {MAP}.getZoom()") >= mapview.PLACE_LABELS_ZOOM
        assert leaflet.locator(".va-place .va-name").count() > 0


def test_a_filtered_map_shows_the_filtered_area_and_a_button_goes_back(browser, server, artifacts):
    with dashboard(browser, server) as page:
        country = frame_of(page).evaluate(f"() => {MAP}.getZoom()")
    with dashboard(browser, server, "region=Mangystau+Region") as page:
        frame = frame_of(page)
        zoom = frame.evaluate(f"() => {MAP}.getZoom()")
        assert zoom > country
        # The view is in Mangystau, in the far west.
        centre = frame.evaluate(f"() => {MAP}.getCenter()")
        assert 49 < centre["lng"] < 56 and 41 < centre["lat"] < 47, centre
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        page.locator(MAP_FRAME).screenshot(path=str(artifacts / "livemap-5k-filtered.png"))
        page.frame_locator(MAP_FRAME).locator(".va-country a").click()
        frame.wait_for_function(f"() => {MAP}.getZoom() <= {country}", timeout=WAIT_MS)

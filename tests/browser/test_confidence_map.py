"""Doubtful points in the browser: the dashboard on the fixture with confidences
(tests/unit/dashboard/test_confidence.py, ``RATED``: Balkhash and the Nura road doubtful),
driven by headless Chromium.

Checks that a doubtful town is drawn hollow (white inside a ring of its type's colour) and a
doubtful road a hollow square, that the legend says what hollow means, that the popup and the
card under the map give the confidence and its reasons, and that the link's ``conf=doubtful``
shows only the doubtful ones. Saves artifacts/confidence-map.png (legend open),
confidence-popup.png (a doubtful town's popup and its card) and confidence-doubtful.png.
"""

import pytest

from benchmarks.harness import MAP_FRAME
from geo.dashboard import mapview
from geo.dataset import confidence
from tests.browser.test_browser import (
    SETTLED,
    UI,
    WAIT_MS,
    dashboard,
    map_frame,
    streamlit_server,
    wait_markers,
)
from tests.browser.test_livemap import rgb
from tests.unit.dashboard.test_confidence import write_rated

pytestmark = pytest.mark.browser

TOWN_REASONS = ("place_from_outlet", "namesakes_far", "no_date")  # Balkhash's, in RATED


@pytest.fixture(scope="module")
def server(repo_dir, actions_fixture, tmp_path_factory, chromium_path):
    data_dir = write_rated(actions_fixture, tmp_path_factory.mktemp("rated"))
    with streamlit_server(repo_dir, data_dir) as base:
        yield base


def style_of(frame, selector: str) -> dict:
    """The computed fill, stroke, background and border colour of the first ``selector``."""
    return frame.evaluate(
        """(selector) => {
            const s = getComputedStyle(document.querySelector(selector));
            return {fill: s.fill, stroke: s.stroke, background: s.backgroundColor,
                    border: s.borderTopColor};
        }""",
        selector,
    )


def test_doubtful_places_are_hollow_and_the_legend_says_so(browser, server, artifacts):
    with dashboard(browser, server) as page:
        leaflet = page.frame_locator(MAP_FRAME)
        wait_markers(page, 6)
        frame = map_frame(page)
        leaflet.locator("path.va-point.va-hollow").first.wait_for(timeout=WAIT_MS)
        town = style_of(frame, "path.va-point.va-hollow")
        assert town["fill"] == "rgb(255, 255, 255)"
        assert town["stroke"] == rgb(mapview.action_colour("awareness"))
        # The sure places, clustered at this zoom, stay in solid bubbles.
        assert leaflet.locator(".va-cluster").count() >= 1
        assert leaflet.locator(".va-cluster-hollow").count() == 0
        leaflet.locator(".va-legend-toggle").click()
        said = UI["legend_doubtful"].format(threshold="0.5")
        assert said in leaflet.locator(".va-legend").inner_text()
        frame.wait_for_function(SETTLED, timeout=WAIT_MS)
        page.locator(MAP_FRAME).screenshot(path=str(artifacts / "confidence-map.png"))


def test_the_popup_and_the_card_give_the_reasons(browser, server, artifacts):
    with dashboard(browser, server) as page:
        leaflet = page.frame_locator(MAP_FRAME)
        wait_markers(page, 6)
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
        leaflet.locator("path.va-point.va-hollow").first.click()
        popup = leaflet.locator(".leaflet-popup-content")
        popup.wait_for(timeout=WAIT_MS)
        map_frame(page).wait_for_function(SETTLED, timeout=WAIT_MS)
        text = popup.inner_text()
        assert f"{UI['f_confidence']}: 30% · {UI['confidence_doubtful']}" in text
        for code in TOWN_REASONS:
            assert confidence.words(code) in text
        # The click reran the page: the card under the map says it too.
        card = page.get_by_text(confidence.words("namesakes_far"), exact=False)
        card.first.wait_for(timeout=WAIT_MS)
        page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')")
        page.screenshot(path=str(artifacts / "confidence-popup.png"), full_page=True)


def test_a_link_shows_only_the_doubtful(browser, server, artifacts):
    with dashboard(browser, server, "conf=doubtful") as page:
        wait_markers(page, 2)  # Balkhash and the Nura road; the third is country-wide
        leaflet = page.frame_locator(MAP_FRAME)
        assert leaflet.locator("path.va-point.va-hollow").count() == 1
        assert leaflet.locator(".va-square.va-hollow").count() == 1
        assert leaflet.locator("path.va-point:not(.va-hollow)").count() == 0
        # The road (clustered with Astana in the whole view): a white square in a border of
        # its type's colour.
        road = style_of(map_frame(page), ".va-square.va-hollow")
        assert road["background"] == "rgb(255, 255, 255)"
        assert road["border"] == rgb(mapview.action_colour("humanitarian_aid"))
        page.screenshot(path=str(artifacts / "confidence-doubtful.png"))

"""The dashboard follows its data folder (issue 18): a dataset published while a page is
open appears on it without a reload, its filters and map position kept, with the new
actions counted. Saves artifacts/follow-new-data.png.

The first test publishes by rewriting actions.geojson; the second saves an article into a
corpus that ``geo watch`` watches, as an analyst does. The page checks for a new dataset every
``CONFIG["data_check_seconds"]``. Saves artifacts/follow-new-data.png and
follow-watched.png.
"""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from geo.dashboard import i18n
from tests.browser.test_browser import MARKERS, WAIT_MS, dashboard, map_frame, streamlit_server

pytestmark = pytest.mark.browser

UI = i18n.texts("en")
MAP = "window[Object.keys(window).find(k => k.startsWith('map_'))]"  # folium's map_<hash>
ASTANA = [71.4704, 51.1605]
KEPT = "va-map-view"  # where map.js keeps the map's position


@pytest.fixture(scope="module")
def folder(repo_dir, actions_fixture, tmp_path_factory, chromium_path):
    """A data folder with the fixture, served by its own dashboard: (folder, base URL)."""
    data_dir = tmp_path_factory.mktemp("follow_data")
    (data_dir / "actions.geojson").write_bytes(actions_fixture.read_bytes())
    with streamlit_server(repo_dir, data_dir) as base:
        yield data_dir, base


def markers_drawn(page) -> int:
    """The markers on the map once it has drawn some."""
    page.wait_for_function(f"() => ({MARKERS})() >= 1", timeout=WAIT_MS)
    return page.evaluate(f"() => ({MARKERS})()")


def assert_same_page_same_filter(page) -> None:
    """No reload (the mark set before is still there) and the organisation filter kept."""
    assert page.evaluate("window.__same_page") is True
    sidebar = page.locator("[data-testid='stSidebar']")
    assert sidebar.locator("[data-tag]").get_by_title("Jas Otan").count() == 1


def publish_one_more(data_dir) -> None:
    """The dataset again, with one more action of Jas Otan, in Astana."""
    path = data_dir / "actions.geojson"
    data = json.loads(path.read_text("utf-8"))
    added = json.loads(json.dumps(data["features"][0]))
    added["geometry"]["coordinates"] = ASTANA
    added["properties"] |= {
        "feature_id": "doc_new-a1-p1",
        "action_id": "doc_new-a1",
        "place": "Astana",
        "place_id": "geonames:1526273",
        "summary": "Jas Otan volunteers cleared snow in Astana",
    }
    data["features"].append(added)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)


def test_a_new_dataset_appears_without_a_reload_filters_and_position_kept(
    browser, folder, artifacts
):
    data_dir, base = folder
    with dashboard(browser, base, "org=Jas+Otan&follow=1") as page:
        before = markers_drawn(page)
        frame = map_frame(page)
        # The map has framed the view once it kept a position (map.js frameView); then the
        # analyst pans and zooms.
        frame.wait_for_function(f"() => {MAP} && sessionStorage.getItem({KEPT!r})", timeout=WAIT_MS)
        frame.evaluate(f"() => {MAP}.setView([51.0, 72.0], 6, {{animate: false}})")
        frame.wait_for_function(f"() => sessionStorage.getItem({KEPT!r}).includes('zoom\":6}}')")
        page.evaluate("window.__same_page = true")  # gone if the page were reloaded

        publish_one_more(data_dir)
        page.get_by_text(UI["new_actions"].format(n=1)).wait_for(timeout=WAIT_MS)
        page.wait_for_function(f"() => ({MARKERS})() === {before + 1}", timeout=WAIT_MS)

        assert_same_page_same_filter(page)
        frame = map_frame(page)  # the map was drawn again, in a new frame document
        # Drawn again where the analyst left it (map.js frameView).
        frame.wait_for_function(f"() => {MAP} && {MAP}.getZoom() === 6", timeout=WAIT_MS)
        centre = frame.evaluate(f"() => {MAP}.getCenter()")
        assert abs(centre["lat"] - 51.0) < 0.01 and abs(centre["lng"] - 72.0) < 0.01
        page.get_by_text(UI["new_actions_show"]).click()
        page.get_by_text("Jas Otan volunteers cleared snow in Astana").first.wait_for(
            timeout=WAIT_MS
        )
        page.screenshot(path=str(artifacts / "follow-new-data.png"), full_page=True)


# A new article the pipeline reads as one action of Jas Otan in Temirtau.
ARTICLE = (
    "Волонтеры раздали продукты в Темиртау\n\n"
    "В Темиртау волонтеры «Жас Отан» 5 марта 2022 года раздали продукты пожилым людям.\n"
)


@pytest.fixture(scope="module")
def watched(repo_dir, tmp_path_factory, chromium_path):
    """The seeds' corpus watched by ``geo watch`` into a data folder, and the dashboard on
    that folder: (corpus, base URL)."""
    root = tmp_path_factory.mktemp("watched")
    corpus, data_dir = root / "corpus", root / "data"
    shutil.copytree(repo_dir / "seeds", corpus)
    command = [sys.executable, "-m", "geo.cli", "watch", "--corpus", str(corpus)]
    log = (root / "watch.log").open("w", encoding="utf-8")
    watch = subprocess.Popen([*command, "--out", str(data_dir)], stderr=log, cwd=repo_dir)
    try:
        started = time.monotonic()
        while not (data_dir / "build-report.json").exists():
            assert watch.poll() is None, (root / "watch.log").read_text("utf-8")
            assert time.monotonic() - started < 180, "geo watch published nothing"
            time.sleep(0.5)
        with streamlit_server(repo_dir, data_dir) as base:
            yield corpus, base
    finally:
        watch.terminate()
        watch.wait(timeout=60)
        log.close()


def test_an_article_saved_into_a_watched_corpus_appears_on_the_open_page(
    browser, watched, artifacts
):
    corpus, base = watched
    with dashboard(browser, base, "org=Jas+Otan&follow=1") as page:
        before = markers_drawn(page)
        page.evaluate("window.__same_page = true")  # gone if the page were reloaded
        (corpus / "temirtau_2022.txt").write_text(ARTICLE, encoding="utf-8")
        page.get_by_text(UI["new_actions"].format(n=1)).wait_for(timeout=WAIT_MS)
        page.wait_for_function(f"() => ({MARKERS})() === {before + 1}", timeout=WAIT_MS)
        assert_same_page_same_filter(page)
        page.get_by_text(UI["new_actions_show"]).click()
        page.get_by_text("Temirtau").first.wait_for(timeout=WAIT_MS)
        page.screenshot(path=str(artifacts / "follow-watched.png"), full_page=True)

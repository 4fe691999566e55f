"""Hostile text stays text: article text, names and URLs from the web run nothing anywhere.

Two datasets carry the payloads (script tags, event handlers, javascript:/data: links,
template and Markdown syntax, Streamlit's icon and colour syntax, LaTeX for matplotlib,
spreadsheet formulas):
- ``built``: ``geo build`` of tests/fixtures/hostile/, articles written so the extractor
  finds actions whose evidence, doc_id, date note and source carry them; the payloads
  written as organisations' names (ОО «<img ...>», ТОО «=HYPERLINK(A1)») are no names
  (geo.language.organisations.looks_like_name), and invisible characters (a right-to-left
  override in a name) are dropped (geo.language.characters), so the organisations listed
  are the names as a reader sees them;
- ``handwritten``: tests/fixtures/hostile_actions.geojson, a payload in every property
  (places, ids, types, sources too), as another tool could write the dataset.
The dashboard runs on each in headless Chromium: every marker and shaded region is
clicked (popup and details panel), hovered (tooltip), in three languages, with payload
organisations picked in the filters. After each step no dialog may have opened, no
payload element or script may exist in any frame, ``__pwned`` (what the payloads set)
must be undefined in every frame, every link must be http(s), and the console must stay
free of errors. The exports are checked too: CSV cells cannot start a formula, the
GeoJSON keeps the text as it was, the briefing PNG/PDF draws "$" as a dollar sign.
Saves artifacts/hostile-popup.png. Browser tests need Debian's /usr/bin/chromium.
"""

import csv
import io
import json
import re
import shutil
import time
import urllib.parse
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from geo.cli import main
from geo.dashboard import brief, i18n, mapview, store, tables
from geo.language.characters import invisible
from tests.browser.test_browser import (
    MAP_FRAME,
    SETTLED,
    WAIT_MS,
    dashboard,
    map_frame,
    streamlit_server,
)
from tests.paths import FIXTURES, RESOURCES

UI = i18n.texts("en")  # the English texts, as the pages show them

HOSTILE_CORPUS = FIXTURES / "hostile"
HOSTILE_ACTIONS = FIXTURES / "hostile_actions.geojson"
WJ = tables.WORD_JOINER
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The payloads the articles of tests/fixtures/hostile/ write where a name goes (ОО «...»):
# the evidence keeps them, no organisation is made of them.
NO_ORGANISATIONS = {
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "=HYPERLINK(A1)",
    "HYPERLINK",
    "{{7*7}} ${7*7}",
    "$\\notacommand$",
    "+cmd",
    "-2+3",
    "@SUM(1)",
}
# 004_invisible's names: "Добрые \u202eикур\u202c" shows as "Добрые руки" but is not; the
# dataset keeps what a reader of it sees.
BUILT_ORGANISATIONS = {"Добрые икур", "Жана өмір"}
BUILT_EVIDENCE = (
    "<script>window.top.__pwned=1;alert(1)</script>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">',
    "![x](https://evil.example/x.png)",
    "$\\frac{1}{0}$ и $\\undefinedcommand$ стоят $ 5",
    '"><iframe srcdoc="<script>parent.__pwned=1</script>">',
    ":material/warning: :red[тревога]",
    "<img src=x onerror=alert(1)>",
)
# The sources the sidecars give: the build keeps them, or (geo.ingest.corpus dropping URLs that
# are not http(s)) puts the article's path in their place. The dashboard copes with both.
BUILT_URLS = {
    "001_script_tags": "javascript:alert(1)",
    "002_templates_math": "data:text/html,<script>alert(1)</script>",
    "003_entities": " JaVaScRiPt:alert(1)",
    "@SUM(1)": 'https://example.kz/news/1"><script>window.top.__pwned=1</script>',
}

# Run in every frame of the page: what a payload would leave behind if it ran or was
# parsed as HTML. Leaflet, Streamlit and folium add no inline handlers, srcdoc frames or
# non-http links of their own, so any of these is a payload's.
INJECTED = r"""() => {
    const bad = [];
    const pwned = document.getElementById("pwned");
    if (window.__pwned !== undefined) bad.push("__pwned set in " + location.href);
    if (pwned) bad.push("#pwned: " + pwned.outerHTML);
    const elements = ['img[src="x"]', "svg[onload]", "iframe[srcdoc]", "[onerror]",
                      "[onload]", "[onmouseover]", "[onclick]"];
    for (const sel of elements) {
        document.querySelectorAll(sel).forEach(
            e => bad.push(sel + ": " + e.outerHTML.slice(0, 200)));
    }
    const payloadScript = /^\s*((window\.top|parent)\.)?__pwned|^\s*alert\(/;
    document.querySelectorAll("script").forEach(s => {
        if (payloadScript.test(s.text)) bad.push("script: " + s.text);
    });
    // Streamlit's own favicon (the page icon, an emoji) is the one data: URL allowed.
    document.querySelectorAll("[href], [src], [action], [formaction]").forEach(e => {
        if (e.matches('link[rel~="icon"]')) return;
        for (const attr of ["href", "src", "action", "formaction"]) {
            const value = e.getAttribute(attr);
            if (value === null) continue;
            let url;
            try {
                url = new URL(value, document.baseURI);
            } catch (err) {
                bad.push(attr + " unparsable: " + value);
                continue;
            }
            if (!["http:", "https:"].includes(url.protocol)) bad.push(attr + "=" + value);
            if (url.hostname.endsWith("evil.example")) bad.push(attr + "=" + value);
        }
    });
    return bad;
}"""


# --- the datasets --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    """tests/fixtures/hostile/ built by ``geo build`` (once for the module)."""
    out = tmp_path_factory.mktemp("hostile_build")
    args = ["build", "--corpus", str(HOSTILE_CORPUS), "--out", str(out), "--quiet"]
    assert main(args) == 0
    return out


@pytest.fixture(scope="module")
def handwritten(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile_handwritten")
    shutil.copy(HOSTILE_ACTIONS, out / "actions.geojson")
    return out


@pytest.fixture(scope="module", params=["built", "handwritten"])
def data_dir(request) -> Path:
    return request.getfixturevalue("hostile_build" if request.param == "built" else "handwritten")


def features(data: Path) -> list[dict]:
    return [f["properties"] for f in json.loads((data / "actions.geojson").read_text())["features"]]


def test_the_payloads_reach_the_built_dataset(hostile_build):
    props = features(hostile_build)
    organisations = {o for p in props for o in p["organisations"] + p["sponsors"]}
    assert organisations == BUILT_ORGANISATIONS
    evidence = " ".join(p["evidence"] for p in props)
    for payload in BUILT_EVIDENCE:
        assert payload in evidence, payload
    assert any(p["evidence"].startswith("=HYPERLINK(") for p in props)
    invisible_places = {p["place"] for p in props if p["doc_id"] == "004_invisible"}
    assert invisible_places == {"Karaganda", "Temirtau"}  # "Темир\u200bтау" is Temirtau
    assert "<script>window.top.__pwned=1</script>" in {p["date_note"] for p in props}
    assert "@SUM(1)" in {p["doc_id"] for p in props}
    for doc_id, url in BUILT_URLS.items():
        sources = {s for p in props if p["doc_id"] == doc_id for s in p["sources"]}
        assert sources, doc_id
        for source in sources:
            assert source == url or (source.startswith("hostile/") and doc_id in source), source


def test_junk_is_no_organisation_option(hostile_build):
    """What the organisation filter offers: names, not the payloads written where one goes."""
    listed = store.options(store.load_actions(hostile_build / "actions.geojson"))["organisations"]
    assert set(listed) == BUILT_ORGANISATIONS
    assert NO_ORGANISATIONS.isdisjoint(listed)
    report = json.loads((hostile_build / "build-report.json").read_text(encoding="utf-8"))
    unknown = {n for names in report["unknown_organisations"].values() for n in names}
    assert not any(p in n for n in unknown for p in ("=HYPERLINK", "+cmd", "@SUM")), unknown


def test_no_invisible_character_in_any_export(hostile_build):
    """004_invisible hides a right-to-left override, isolates, a zero-width space and joiner, a
    soft hyphen and an escape sequence in its text and sidecar: no file of the build holds
    one, whatever its format."""
    texts = {
        name: (hostile_build / name).read_text(encoding="utf-8-sig")
        for name in ("actions.geojson", "actions.csv", "build-report.json")
    }
    table = pq.read_table(hostile_build / "actions.parquet").to_pylist()
    texts["actions.parquet"] = json.dumps(table, ensure_ascii=False, default=str)
    for name, text in texts.items():
        assert "\u202e" not in text, name
        assert [hex(ord(c)) for c in set(text) if invisible(c)] == [], name
        assert name == "build-report.json" or "Добрые икур" in text, name


# --- what the dashboard makes of them, without a browser -------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_map_html_holds_no_markup_from_the_data(data_dir, lang):
    df = store.load_actions(data_dir / "actions.geojson")
    points = mapview.point_features(df, lang)["features"]
    regions = store.load_regions(RESOURCES / "regions.geojson")
    shaded = mapview.region_features(df, regions, lang)["features"]
    assert points and shaded
    assert any("&lt;" in f["properties"].get("popup", "") for f in points)
    # A place with several actions has no popup HTML: the browser makes its popup with
    # textContent from the raw text (escaped here, it would show entities).
    for props in [f["properties"] for f in points if "newest" in f["properties"]]:
        assert "popup" not in props
        assert all("&lt;" not in summary for summary, *_said in props["newest"])
    for feature in points + shaded:
        for key in ("popup", "tooltip"):
            if key not in feature["properties"]:
                continue
            text = feature["properties"][key]
            assert not re.search(r"<(script|img|svg|iframe|a href=\"(?!https?://))", text), text
            # An escaped tooltip is cut before escaping: no entity is cut in half.
            assert not re.search(r"&[a-z]*$", text)


def test_escape_markdown_defuses_what_streamlit_links_on_its_own():
    out = tables.escape_markdown("see https://evil.example/x www.evil.example a@evil.example")
    assert "https\\:" + WJ + "//" in out and "www" + WJ + "\\." in out and "@" + WJ in out
    assert ":" + WJ + "material/" in tables.escape_markdown(":material/warning: :streamlit:")
    assert ":" + WJ + "streamlit" in tables.escape_markdown(":streamlit:")


def csv_cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def assert_defused(data: bytes) -> None:
    cells = csv_cells(data)
    assert len(cells) > 20
    formulas = [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert formulas == [], formulas


def test_dashboard_csv_cannot_start_a_formula(data_dir):
    df = store.load_actions(data_dir / "actions.geojson")
    data = tables.actions_csv_bytes(df)
    assert_defused(data)
    cells = set(csv_cells(data))
    # Defused, not lost: the apostrophe is the only change.
    assert "'@SUM(1)" in cells or any(c.startswith("'@SUM(1)") for c in cells)
    assert any(c.startswith("'=HYPERLINK(") for c in cells)


def test_built_csv_cannot_start_a_formula(hostile_build):
    assert_defused((hostile_build / "actions.csv").read_bytes())


@pytest.mark.parametrize("fmt", ["png", "pdf"])
@pytest.mark.parametrize("lang", ["en", "kk"])
def test_brief_draws_dollars_as_text(data_dir, tmp_path, fmt, lang):
    out = tmp_path / f"brief.{fmt}"
    args = ["brief", "--data", str(data_dir), "--lang", lang, "-o", str(out)]
    assert main(args) == 0
    assert out.read_bytes().startswith(b"\x89PNG" if fmt == "png" else b"%PDF")
    # A payload organisation picked as a filter is printed under the title too.
    picked = tmp_path / f"picked.{fmt}"
    org = "$\\notacommand$" if data_dir.name.startswith("hostile_handwritten") else "Жана өмір"
    assert main([*args[:-2], "--org", org, "-o", str(picked)]) == 0
    assert picked.stat().st_size > 10_000


def test_brief_text_is_drawn_as_written(handwritten, repo_dir):
    df = store.load_actions(handwritten / "actions.geojson")
    regions = store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")
    cities = store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")
    drawn: list[str] = []
    original = brief.Figure.savefig

    def spy(fig, *args, **kwargs):
        drawn.extend(t.get_text() for t in fig.findobj(brief.Text) if not t.get_parse_math())
        return original(fig, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(brief.Figure, "savefig", spy)
        brief.render_brief_bytes(df, "$\\frac{1}{0}$", regions, cities)
    text = "\n".join(drawn)
    assert "$\\notacommand$" in text and "$\\frac{1}{0}$" in text
    assert "\t" not in text and "\r" not in text


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(repo_dir, data_dir, chromium_path):
    with streamlit_server(repo_dir, data_dir) as base:
        yield base


@pytest.fixture(scope="module")
def browser(browser, server):
    """conftest's browser, once the server has drawn its first page: the first run of a
    fresh server imports everything, slow on a busy machine, so it is waited for here, with
    time to spare, not inside a test's bounded waits."""
    page = browser.new_page()
    page.goto(server)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=WAIT_MS * 6)
    page.close()
    return browser


def assert_inert(page, where: str) -> None:
    """Nothing a payload would do has happened in any frame of ``page``."""
    for attempt in range(3):
        problems = {}
        try:
            for frame in page.frames:
                if found := frame.evaluate(INJECTED):
                    problems[frame.url] = found
            break
        except Exception as err:  # a rerun replaced a frame: look at the new one
            if "detached" not in str(err) and "destroyed" not in str(err) or attempt == 2:
                raise
            page.wait_for_timeout(1000)
    assert problems == {}, f"{where}: {problems}"
    assert page.evaluate("() => window.top.__pwned") is None, where


def settle(page) -> None:
    """Wait for Streamlit to finish a rerun."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=WAIT_MS
    )


def literal(text: str) -> str:
    return text.replace(WJ, "")


# Brings action N on the map into view (a marker out of its cluster, spiderfied if it shares
# its spot; a shaded region fitted) and returns where to point at it, in the map frame's
# coordinates, with the number of actions on the map: the middle of a marker, or a point
# of a region that no marker or label covers.
PROBE = """async (n) => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const group = Object.values(map._layers).find(l => l instanceof L.MarkerClusterGroup);
    const layers = group ? [...group.getLayers()] : [];
    map.eachLayer(l => {
        if (l.feature && l.feature.properties.kind === "action-region") layers.push(l);
    });
    const layer = layers[n];
    if (layer === undefined) return {total: layers.length};
    const wait = ms => new Promise(done => setTimeout(done, ms));
    map.closePopup();
    if (group && group._spiderfied) {
        group.unspiderfy();
        await wait(600);  // the markers move back into their cluster
    }
    const region = layer.feature.properties.kind === "action-region";
    if (region) {
        map.fitBounds(layer.getBounds(), {animate: false});
    } else {
        map.setView(layer.getLatLng(), map.getMaxZoom(), {animate: false});
        // Markers at one spot stay clustered at every zoom: spread them out.
        for (let i = 0; i < 50 && !map.hasLayer(layer); i++) {
            await wait(200);
            const parent = group.getVisibleParent(layer);
            if (parent && parent !== layer && group._spiderfied !== parent) parent.spiderfy();
        }
    }
    await wait(500);
    const element = layer._icon || layer._path;
    if (!element || !map.hasLayer(layer)) return {total: layers.length, region, x: null};
    const box = element.getBoundingClientRect();
    const points = [[box.left + box.width / 2, box.top + box.height / 2]];
    for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
        points.push([box.left + box.width * i / 20, box.top + box.height * j / 20]);
    }
    const hit = points.find(([x, y]) => {
        const e = document.elementFromPoint(x, y);
        return e && (e === element || element.contains(e));
    });
    return {total: layers.length, region, x: hit && hit[0], y: hit && hit[1]};
}"""


def point_at(page, n: int) -> dict:
    """Action ``n`` of the map in view; returns PROBE's answer with page coordinates."""
    frame = map_frame(page)
    found = frame.evaluate(PROBE, n)
    frame.wait_for_function(SETTLED, timeout=WAIT_MS)
    if "x" in found:
        assert found["x"] is not None, f"action {n} cannot be pointed at: {found}"
        box = page.locator(MAP_FRAME).bounding_box()
        found["x"] += box["x"]
        found["y"] += box["y"]
    return found


def words(text: str) -> str:
    return " ".join(text.replace(WJ, "").split())


def wait_for_text(page, text: str, where: str) -> None:
    """Wait until the page's main part shows ``text`` (whitespace and word joiners aside)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while text not in words(page.locator("[data-testid='stMain']").inner_text()):
        assert time.monotonic() < deadline, f"{where}: {text!r} not shown"
        page.wait_for_timeout(200)


def click_everything(page, lang: str, screenshot: Path | None = None) -> int:
    """Hover and click every action on the map: its tooltip and popup show the data as
    text, the details panel too; nothing runs. Returns how many actions it clicked."""
    leaflet = page.frame_locator(MAP_FRAME)
    total = point_at(page, 10_000)["total"]
    assert total >= 3
    for n in range(total):
        where = f"action {n} of {total} ({lang})"
        page.mouse.move(0, 0)
        spot = point_at(page, n)
        page.mouse.move(spot["x"], spot["y"])
        tooltip = leaflet.locator(".leaflet-tooltip").last  # one may linger from the last
        tooltip.wait_for(timeout=WAIT_MS)
        assert tooltip.inner_text().strip()
        tips = leaflet.locator(".leaflet-tooltip")
        assert tips.locator("*").count() == 0, tips.first.inner_html()  # text only
        assert_inert(page, f"tooltip of {where}")

        page.mouse.click(spot["x"], spot["y"])
        popup = leaflet.locator(".leaflet-popup-content")
        popup.wait_for(timeout=WAIT_MS)
        map_frame(page).wait_for_function(SETTLED, timeout=WAIT_MS)
        tags = set(popup.evaluate("p => [...p.querySelectorAll('*')].map(e => e.tagName)"))
        assert tags <= {"DIV", "SPAN", "BLOCKQUOTE", "BR", "A", "UL", "LI"}, tags
        assert_inert(page, f"popup of {where}")
        if screenshot and not spot["region"]:
            page.locator(MAP_FRAME).scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot))
            screenshot = None

        # The click reruns the app, which lists the action under the map, as text.
        if not spot["region"]:
            wait_for_text(page, words(popup.locator(".va-summary").inner_text()), where)
        settle(page)
        assert_inert(page, f"details of {where}")
    return total


# One map frame on the page, and a Leaflet map in it (the frame is same-origin, so readable).
ONE_MAP_DRAWN = f"""() => {{
    const frames = document.querySelectorAll({json.dumps(MAP_FRAME)});
    const doc = frames.length === 1 && frames[0].contentDocument;
    return !!(doc && doc.querySelector('.leaflet-container'));
}}"""


def test_map_popups_tooltips_and_details_in_three_languages(browser, server, artifacts):
    shot = artifacts / "hostile-popup.png"
    with dashboard(browser, server) as page:
        assert_inert(page, "first load")
        clicked = click_everything(page, "en", screenshot=shot)
        for name in ("Русский", "Қазақша"):
            page.locator("[data-testid='stSidebar']").get_by_text(name).click()
            settle(page)
            # The map is drawn anew in the other language: wait, in one check, for the old
            # frame to go and the new one to hold a map (two waits raced a late rerun).
            page.wait_for_function(ONE_MAP_DRAWN, timeout=WAIT_MS)
            page.wait_for_timeout(500)
            assert_inert(page, f"after switching to {name}")
            assert click_everything(page, name) == clicked


def test_payload_filters_timeline_and_downloads(browser, server, data_dir, request):
    df = store.load_actions(data_dir / "actions.geojson")
    picked = [o for o in store.options(df)["organisations"] if o[:1] in "<$=@"][:4]
    if request.node.callspec.params["data_dir"] == "built":
        assert picked == []  # no payload is an organisation: pick the names it has
        picked = sorted(BUILT_ORGANISATIONS)
    assert len(picked) >= 2
    query = urllib.parse.urlencode([("org", o) for o in picked])
    with dashboard(browser, server, query) as page:
        assert_inert(page, "payload organisations picked by the URL")
        showing = words(
            page.locator("[data-testid='stMarkdownContainer']")
            .filter(has_text="Showing")
            .first.inner_text()
        )
        for name in picked:
            assert words(name) in showing
        # The organisations' drop-down lists every name.
        box = page.locator("[data-testid='stMultiSelect']").first
        box.locator("input").click()
        page.get_by_role("option").first.wait_for(timeout=WAIT_MS)
        assert_inert(page, "organisations drop-down open")
        page.keyboard.press("Escape")

        # The timeline's tooltips (each bar's title, as text), and a sweep over the chart.
        chart = page.locator(".va-tl-plot").first
        chart.scroll_into_view_if_needed()
        seen = set(chart.evaluate("p => [...p.querySelectorAll('.va-tl-bar')].map(b => b.title)"))
        assert seen, "no tooltip on the timeline"
        if request.node.callspec.params["data_dir"] == "handwritten":
            assert any("<img id=pwned" in text for text in seen), seen
        box = chart.bounding_box()
        for i in range(1, 24):
            page.mouse.move(box["x"] + box["width"] * i / 24, box["y"] + box["height"] * 0.8)
            page.wait_for_timeout(30)
        assert_inert(page, "timeline tooltips")

        downloads = {}
        for label in ("download", "download_geojson", "download_png", "download_pdf"):
            with page.expect_download(timeout=WAIT_MS * 3) as download:
                page.get_by_role("button", name=UI[label]).click()
            downloads[label] = Path(download.value.path()).read_bytes()
            assert_inert(page, f"after {label}")
        assert page.locator("[data-testid='stException']").count() == 0
    assert_defused(downloads["download"])
    if request.node.callspec.params["data_dir"] == "handwritten":
        assert any(c.startswith("'") for c in csv_cells(downloads["download"]))
    exported = json.loads(downloads["download_geojson"])
    orgs = {o for f in exported["features"] for o in f["properties"]["organisations"]}
    assert set(picked) <= orgs  # the GeoJSON keeps the text as it was
    assert downloads["download_png"].startswith(b"\x89PNG")
    assert downloads["download_pdf"].startswith(b"%PDF")

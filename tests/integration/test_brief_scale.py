"""The briefing image at any size (issue 15): images in en, ru and kk for (a) the seeds, (b) 5 000+
synthetic actions unfiltered, (c) one region, (d) the longest filters ``geo brief`` accepts; each
checked from the drawing itself (the artists' window extents after ``fig.canvas.draw()``): no text
leaves its box or the page, no two labels overlap nor a label a symbol, and the map's extent
matches the filter. The images are saved to artifacts/brief-<case>-<lang>.png to be looked at."""

import datetime as dt
import json

import numpy as np
import pytest
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from PIL import Image

from benchmarks.dataset import read_features, scaled_dataset
from geo.cli import main
from geo.dashboard import brief, filters, i18n, store, tables, view

LANGS = ("en", "ru", "kk")
SYNTHETIC_ACTIONS = 5200
TOLERANCE = 1.0  # pixels


@pytest.fixture(scope="module")
def base(repo_dir):
    regions = store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")
    cities = store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")
    return regions, cities


@pytest.fixture(scope="module")
def synthetic(seeds_build, tmp_path_factory):
    """A data folder with 5 200 actions copied from the seeds' (benchmarks.dataset) and a build
    report saying when it was built."""
    out = tmp_path_factory.mktemp("brief_scale")
    templates = read_features(seeds_build / "actions.geojson")
    scaled_dataset(SYNTHETIC_ACTIONS, out, seed=3, templates=templates)
    report = {"built": "2024-05-01T08:30:00+00:00", "articles": 3000}
    report["actions"] = SYNTHETIC_ACTIONS
    (out / "build-report.json").write_text(json.dumps(report))
    return out


def every_filter(df):
    """``geo brief``'s options with every value the data has: the longest filter line."""
    choices = store.options(df)
    given = {
        field: [str(v) for v in choices[field]]
        for spec in filters.FILTERS
        if spec.kind == filters.CHOICES
        for field in spec.fields
    }
    start, end = store.date_bounds(df)
    given |= {
        "date_from": (start + dt.timedelta(days=1)).isoformat(),
        "date_to": (end - dt.timedelta(days=1)).isoformat(),
        "include_undated": False,
        "include_branches": True,
    }
    return given


def busiest_region(df) -> str:
    return str(df.drop_duplicates("action_id")["admin1"].value_counts().index[0])


def draw(data_dir, base, lang, given=None):
    df = store.load_actions(data_dir / "actions.geojson")
    chosen = brief.filters_from_args(df, **(given or {}))
    shown = store.apply_filters(df, chosen)
    words = view.describe_filters(chosen, lang, store.date_bounds(df))
    page = brief.draw_brief(
        shown,
        words,
        *base,
        lang=lang,
        freshness=store.freshness(data_dir),
        whole_country=len(shown) == len(df),
    )
    return page, shown, words


def inside(inner, outer) -> bool:
    return (
        inner.x0 >= outer.x0 - TOLERANCE
        and inner.y0 >= outer.y0 - TOLERANCE
        and inner.x1 <= outer.x1 + TOLERANCE
        and inner.y1 <= outer.y1 + TOLERANCE
    )


def check_page(page, shown, regions):
    fig = page.fig
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    assert (width, height) == brief.PAGE_PX
    boxed = {id(t): name for name, texts in page.texts.items() for t in texts}
    whole = Bbox.from_extents(0, 0, width, height)
    for text in fig.findobj(Text):
        if not text.get_visible() or not text.get_text().strip():
            continue
        extent = text.get_window_extent(renderer)
        assert inside(extent, whole), f"off the page: {text.get_text()!r} {extent}"
        name = boxed.get(id(text))
        assert name, f"a text drawn in no box: {text.get_text()!r}"
        assert inside(extent, page.boxes[name]), f"out of {name}: {text.get_text()!r} {extent}"
    # The boxes themselves are apart.
    names = list(page.boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not page.boxes[a].overlaps(page.boxes[b]), (a, b)

    # No two labels overlap, no label covers a symbol.
    labels = [t.get_window_extent(renderer) for t in page.labels]
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not a.overlaps(b), (page.labels[i].get_text(), a, b)
        if len(page.symbols):
            cx, cy, r = page.symbols.T
            dx = np.clip(cx, a.x0, a.x1) - cx
            dy = np.clip(cy, a.y0, a.y1) - cy
            assert (dx * dx + dy * dy >= r * r).all(), page.labels[i].get_text()

    # The extent holds every place drawn.
    (west, east), (south, north) = page.map_ax.get_xlim(), page.map_ax.get_ylim()
    if len(page.points):
        lon, lat = page.points.T
        assert (west <= lon).all() and (lon <= east).all()
        assert (south <= lat).all() and (lat <= north).all()
    if not shown.empty:
        assert len(page.labels) >= 3, "hardly any city named"
    return (east - west) * (north - south)


def country_area(regions):
    west, south, east, north = brief._outline_box(regions["features"])
    return west, south, east, north


def save(page, artifacts, case, lang):
    path = artifacts / f"brief-{case}-{lang}.png"
    page.fig.savefig(path, format="png", dpi=brief.DPI, facecolor="white")
    assert Image.open(path).size == brief.PAGE_PX


@pytest.mark.parametrize("lang", LANGS)
def test_seeds(seeds_build, base, artifacts, lang):
    page, shown, _ = draw(seeds_build, base, lang)
    check_page(page, shown, base[0])
    west, south, east, north = country_area(base[0])
    (x0, x1), (y0, y1) = page.map_ax.get_xlim(), page.map_ax.get_ylim()
    assert x0 <= west and east <= x1 and y0 <= south and north <= y1  # unfiltered: the country
    save(page, artifacts, "seeds", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_5000_actions_unfiltered(synthetic, base, artifacts, lang):
    page, shown, _ = draw(synthetic, base, lang)
    assert shown["action_id"].nunique() == SYNTHETIC_ACTIONS
    check_page(page, shown, base[0])
    west, south, east, north = country_area(base[0])
    (x0, x1), (y0, y1) = page.map_ax.get_xlim(), page.map_ax.get_ylim()
    assert x0 <= west and east <= x1 and y0 <= south and north <= y1
    # A list too long for its box ends with "… and N more", inside the box (checked above).
    more = str(i18n.texts(lang)["b_more"]).split("{n}")[0]
    listed = {
        "sources": len(tables.source_list(shown)),
        "organisations": len(tables.counts_by_organisation(shown)),
    }
    assert listed["organisations"] > 12
    for name, n in listed.items():
        drawn = page.texts[name][1:]  # under the heading
        if len(drawn) < n:
            assert drawn[-1].get_text().startswith(more), name
            assert len(drawn) - 1 + int(drawn[-1].get_text()[len(more) :].split()[0]) == n
    footer = " ".join(t.get_text() for t in page.texts["footer"])
    assert "2024-05-01 08:30" in footer and "3000" in footer and str(SYNTHETIC_ACTIONS) in footer
    # One symbol per place, the largest first (the small ones on top).
    radii = page.symbols[:, 2]
    assert (
        len(radii)
        == shown.dropna(subset=["lat"])
        .query("geo_precision <= 2")[["place_id", "lat", "lon"]]
        .drop_duplicates()
        .shape[0]
    )
    assert (np.diff(radii) <= 1e-9).all()
    save(page, artifacts, "5000", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_one_region(synthetic, base, artifacts, lang):
    df = store.load_actions(synthetic / "actions.geojson")
    region = busiest_region(df)
    page, shown, words = draw(synthetic, base, lang, {"regions": [region]})
    assert i18n.region_labels(lang).get(region, region) in words
    area = check_page(page, shown, base[0])
    west, south, east, north = country_area(base[0])
    assert area < 0.35 * (east - west) * (north - south), "one region: not zoomed in"
    save(page, artifacts, "region", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_longest_filters(synthetic, base, artifacts, lang):
    df = store.load_actions(synthetic / "actions.geojson")
    page, shown, words = draw(synthetic, base, lang, every_filter(df))
    assert len(words) > 600  # every organisation, type, region, ... named
    check_page(page, shown, base[0])
    save(page, artifacts, "filters", lang)


def test_cli_writes_the_longest_filters_as_pdf(synthetic, tmp_path, capsys):
    df = store.load_actions(synthetic / "actions.geojson")
    given = every_filter(df)
    args = ["brief", "--data", str(synthetic), "--lang", "kk", "-o", str(tmp_path / "b.pdf")]
    args += ["--from", given["date_from"], "--to", given["date_to"], "--no-undated"]
    args += ["--include-branches"]
    for spec in filters.FILTERS:
        if spec.kind == filters.CHOICES:
            for value in given[spec.field]:
                args += [spec.options[0], value]
    assert main(args) == 0
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert "Wrote" in capsys.readouterr().out

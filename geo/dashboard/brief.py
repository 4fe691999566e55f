"""The briefing image: one A4 landscape page with the filtered actions, drawn offline.

In: the filtered actions (``geo.dashboard.store.load_actions`` rows, already filtered), the filters
in words (``geo.dashboard.view.describe_filters``), the region outlines (GeoJSON with ``name_en``),
the base-map cities (``geo.dashboard.store.load_cities``), the language of the labels, how fresh
the data is (``geo.dashboard.store.freshness``) and whether the view is the whole dataset.
Out: ``render_brief`` writes a PNG (1754 x 1240 px: A4 at 150 dpi) or a PDF (A4) to a path or a
binary file; ``draw_brief`` returns the drawn page (``Page``: the figure, each text's box, the
map's labels and symbols) for tests to measure. On the page: title, filters, a map, counts (with
"N of M points are doubtful" when some are), the
legends (colour by type, circle sizes, region classes), the organisations, the sources and a
footer (data as of <build time>, N articles, M actions; made <date>; credits).
How: Matplotlib's Agg backend, no pyplot state, no network; DejaVu Sans (shipped with matplotlib)
has the Cyrillic and Kazakh letters. The map draws one proportional symbol per place (circle area by
its number of actions, colour by the type most of them have; checkpoints and roads as squares;
hollow, a white fill in a ring of that colour, when every record there is doubtful, as on the live
map), largest first so the small ones stay on top, and shades the regions of region-wide actions by
``geo.dashboard.classes.region_classes`` (the live map's breaks). The extent is the filtered places
and regions with a margin (the rest of the country as context), or the whole country when the view
is unfiltered or its places span it. City labels are placed greedily (base-map cities first, then
places by number of actions), each at the first of eight spots around its point where its measured
box meets no other label, no symbol and stays in the map; a label that fits nowhere is left out.
Every text block has a box: it is wrapped to the box's width by measured text widths, shrunk down to
a floor size, and a list that still does not fit keeps its first items and ends with "… and N more".
Every text is drawn as written (mathtext off: a "$" in a name stays a dollar sign).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Polygon, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from geo.dashboard import classes, filters, i18n, mapview, store, tables

DPI = 150
# A file's extension -> the format it is written in (matplotlib's, Pillow's for JPEG): `geo
# brief -o` writes what the name says, and refuses any other name.
FORMATS = {".png": "png", ".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg"}
JPEG_QUALITY = 90
PAGE_PX = (1754, 1240)  # A4 landscape (297 x 210 mm) at 150 dpi
W, H = PAGE_PX
FONT = "DejaVu Sans"
INK = "#1f2a33"
BASE_FILL, BASE_EDGE = "#eef2f6", "#8a9aa9"
# The page's boxes, in pixels from the lower left: (x0, y0, x1, y1).
TITLE_BOX = (44, 1150, 1710, 1222)
FILTERS_BOX = (44, 1050, 1710, 1146)
MAP_BOX = (18, 330, 1240, 1040)
SIDE_BOX = (1262, 80, 1710, 1040)
ORGS_BOX = (44, 80, 630, 318)
SOURCES_BOX = (660, 80, 1240, 318)
FOOTER_BOX = (44, 10, 1710, 72)
# Symbols: a circle's area is proportional to its count. The largest place gets at most
# MAX_RADIUS points, all together cover INK_SHARE of the map at most; one action gets
# between MIN_RADIUS and ONE_RADIUS (at MIN_RADIUS the largest may be bigger).
MAX_RADIUS, ONE_RADIUS, MIN_RADIUS = 20.0, 3.5, 1.2
INK_SHARE = 0.12
# A doubtful place's ring (points): the live map's 2.5 px ring (mapview.HOLLOW_RING) at the
# page's scale, where a one-action circle is a few points across.
HOLLOW_RING_PT = 1.4
SIZE_STEPS = (1, 10, 100, 1000, 10000)
# The extent: the filtered area with this margin, never smaller than MIN_SPAN degrees, the
# whole country once it spans COUNTRY_SHARE of the country's width or height.
MARGIN, MIN_SPAN, COUNTRY_SHARE = 0.12, (4.0, 2.5), 0.6
COUNTRY_BOX = (46.5, 40.5, 87.5, 55.5)  # west, south, east, north: without outlines
MAX_LABELS = 60
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # all but the newline
_HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]


@dataclass
class Page:
    """A drawn briefing page: ``boxes`` by name (pixels, from the lower left), the texts drawn
    into each, the map's ``labels`` and its ``symbols`` (x, y, radius in pixels)."""

    fig: Figure
    map_ax: Any
    boxes: dict[str, Bbox] = field(default_factory=dict)
    texts: dict[str, list[Text]] = field(default_factory=dict)
    labels: list[Text] = field(default_factory=list)
    symbols: np.ndarray = field(default_factory=lambda: np.zeros((0, 3)))
    points: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))  # lon, lat drawn

    def box(self, name: str, x0: float, y0: float, x1: float, y1: float) -> Bbox:
        self.boxes[name] = Bbox.from_extents(x0, y0, x1, y1)
        self.texts.setdefault(name, [])
        return self.boxes[name]


# --- text in boxes ----------------------------------------------------------------------------


def _clean(text: object) -> str:
    # Control characters (tabs, carriage returns) have no glyph: drawn as spaces.
    return _CONTROL.sub(" ", str(text))


def _width(renderer, text: str, prop: FontProperties) -> float:
    return renderer.get_text_width_height_descent(text, prop, ismath=False)[0]


@functools.lru_cache(maxsize=20_000)
def _word_width(word: str, bold: bool) -> float:
    """A word's width in pixels at 10 points (widths grow with the size)."""
    return _width(_measurer(), word, _prop(10, bold))


@functools.cache
def _measurer() -> RendererAgg:
    return RendererAgg(W, H, DPI)


def _wrap(renderer, text: str, prop: FontProperties, width: float) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels, broken at spaces; a word wider than
    the line is broken between letters. Words are measured once (a line's width is its words'
    and spaces' sum), and each line once more as a whole, moving its last word down if over."""
    scale, bold = prop.get_size_in_points() / 10, prop.get_weight() == "bold"

    def size(word: str) -> float:
        return _word_width(word, bold) * scale

    space = _width(renderer, "a a", prop) - _width(renderer, "aa", prop)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words: list[str] = []
        for word in paragraph.split(" "):
            while len(word) > 1 and size(word) > width:  # break a long word between letters
                cut = len(word) - 1
                while cut > 1 and _width(renderer, word[:cut], prop) > width:
                    cut = max(1, int(cut * 0.8)) if cut > 8 else cut - 1
                words.append(word[:cut])
                word = word[cut:]
            words.append(word)
        line: list[str] = []
        queue: list[str] = []
        used = 0.0
        for word in words:
            extra = size(word) + (space if line else 0.0)
            if line and used + extra > width:
                queue.append(" ".join(line))
                line, used = [], 0.0
                extra = size(word)
            line.append(word)
            used += extra
        queue.append(" ".join(line))
        # Kerning and hinting make a whole line differ from its words' sum: check it.
        while queue:
            line_text, carry = queue.pop(0), []
            while " " in line_text and _width(renderer, line_text, prop) > width:
                line_text, _, last = line_text.rpartition(" ")
                carry.insert(0, last)
            lines.append(line_text)
            if carry:
                queue[:1] = [" ".join([*carry, *queue[:1]])]
    return lines


def _prop(size: float, bold: bool = False) -> FontProperties:
    return FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")


def _put(page: Page, box: str, x: float, top: float, text: str, size: float, **kw) -> Text:
    """A text whose top left is at (x, top) pixels, recorded as drawn into ``box``."""
    item = page.fig.text(
        x / W,
        top / H,
        _clean(text),
        fontproperties=_prop(size, kw.pop("bold", False)),
        va="top",
        ha="left",
        color=kw.pop("color", INK),
        linespacing=kw.pop("linespacing", 1.25),
        **kw,
    )
    item.set_parse_math(False)
    page.texts[box].append(item)
    return item


def _extent(item: Text, renderer) -> Bbox:
    return item.get_window_extent(renderer)


def _block(
    page: Page,
    renderer,
    box: str,
    x: float,
    top: float,
    bottom: float,
    items: Sequence[str],
    sizes: tuple[float, float],
    more: Callable[[int], str] | None = None,
    indent: float = 0.0,
    gap: float = 0.0,
    columns: int = 1,
    bold: bool = False,
) -> list[tuple[Text, int]]:
    """Draw ``items`` from ``top`` down to no lower than ``bottom`` (pixels), wrapped to the
    box's width less ``indent``, in ``columns`` columns: at the largest size from ``sizes``
    (start, floor) at which all fit, else at the floor with as many items as fit followed by
    ``more(n_left_out)``. Returns each drawn text with the index of its item (-1: the "more"
    line)."""
    bbox = page.boxes[box]
    column_width = (bbox.x1 - x - indent * columns) / columns - (12 if columns > 1 else 0)
    start, floor = sizes
    size = start
    while True:
        last = size <= floor
        placed = _try_block(
            page,
            renderer,
            box,
            x,
            top,
            bottom,
            items,
            size,
            column_width,
            indent,
            gap,
            columns,
            bold,
            more if last else None,
        )
        if placed is not None:
            return placed
        if last:
            return []
        size = max(floor, size - 0.5)


def _try_block(
    page, renderer, box, x, top, bottom, items, size, width, indent, gap, columns, bold, more
) -> list[tuple[Text, int]] | None:
    """``_block`` at one size: each item drawn under the last, its height measured; None when
    they do not all fit and there is no ``more`` line to end a shorter list with."""
    prop = _prop(size, bold)
    space = 0.15 * renderer.get_text_width_height_descent("lp", prop, ismath=False)[1] + gap
    step = width + indent + (12 if columns > 1 else 0)
    drawn: list[tuple[Text, int]] = []
    column, y = 0, top

    def put(text: str, k: int) -> bool:
        # Draw one item at the cursor, or in the next column; False when it fits nowhere.
        nonlocal column, y
        lines = "\n".join(_wrap(renderer, _clean(text), prop, width))
        while column < columns:
            item = _put(page, box, x + indent + column * step, y, lines, size, bold=bold)
            low = _extent(item, renderer).y0
            if low >= bottom - 0.5:
                drawn.append((item, k))
                y = low - space
                return True
            _drop(page, box, item)
            if y == top:  # taller than the whole column
                break
            column, y = column + 1, top
        return False

    for k, text in enumerate(items):
        if put(text, k):
            continue
        if more is None:
            for item, _ in drawn:
                _drop(page, box, item)
            return None
        # The first k items fit: keep as many as leave room for "… and N more".
        while True:
            if put(more(len(items) - len(drawn)), -1) or not drawn:
                return drawn
            item = drawn.pop()[0]
            px, py = item.get_position()
            column, y = round((px * W - x - indent) / step), py * H
            _drop(page, box, item)
    return drawn


def _drop(page: Page, box: str, item: Text) -> None:
    item.remove()
    page.texts[box].remove(item)


# --- the map ----------------------------------------------------------------------------------


def _rings(geometry: Mapping[str, Any]) -> Iterable[list[list[float]]]:
    # Outer rings only: the outlines have no holes worth drawing at this scale.
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords[:1]
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon[:1]


def places(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per place of the point actions: ``lon``, ``lat``, ``count`` (distinct actions),
    ``action_type`` (the one most of them have), ``square`` (a checkpoint or road),
    ``hollow`` (every record there is doubtful, as the live map draws it), ``name``; most
    actions first."""
    columns = ["lon", "lat", "count", "action_type", "square", "hollow", "name"]
    points = df[mapview.is_point(df)]  # the live map's rule, its key and its squares below
    if points.empty:
        return pd.DataFrame(columns=columns)
    key = mapview.PLACE_KEY
    rows = points.drop_duplicates([*key, "action_id"])
    types = (
        rows.groupby([*key, "action_type"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["n", "action_type"], ascending=[False, True], kind="stable")
        .drop_duplicates(key)
    )
    first = rows.drop_duplicates(key).set_index(key)
    out = types.set_index(key).join(rows.groupby(key).size().rename("count"))
    # A square when any action there is at a checkpoint or road, as on the live map.
    out["square"] = (
        rows["place_kind"].isin(mapview.SQUARE_KINDS).groupby([rows[k] for k in key]).any()
    )
    unsure = filters.doubtful(rows["confidence"]) if "confidence" in rows else rows["lat"].isna()
    out["hollow"] = unsure.groupby([rows[k] for k in key]).all()
    out["name"] = tables.place_labels(first, lang)
    out = out.reset_index().sort_values(["count", "place_id"], ascending=[False, True])
    return out[columns].reset_index(drop=True)


def symbol_radius(counts: Iterable[int]) -> float:
    """The radius in points of a one-action circle: the largest gets ``MAX_RADIUS`` at most
    and all of them together cover at most ``INK_SHARE`` of the map (at 5 000 actions the
    circles would otherwise bury the country)."""
    counts = [int(c) for c in counts]
    top, total = max(counts, default=1), max(sum(counts), 1)
    map_pt2 = (MAP_BOX[2] - MAP_BOX[0]) * (MAP_BOX[3] - MAP_BOX[1]) * (72 / DPI) ** 2
    crowded = math.sqrt(INK_SHARE * map_pt2 / (math.pi * total))
    return float(np.clip(min(MAX_RADIUS / math.sqrt(max(top, 1)), crowded), MIN_RADIUS, ONE_RADIUS))


def _outline_box(features: Iterable[Mapping[str, Any]]) -> tuple[float, float, float, float] | None:
    lons, lats = [], []
    for feature in features:
        for ring in _rings(feature.get("geometry") or {}):
            for lon, lat, *_ in ring:
                lons.append(lon)
                lats.append(lat)
    return (min(lons), min(lats), max(lons), max(lats)) if lons else None


def _fit(box, ax_w: float, ax_h: float) -> tuple[float, float, float, float]:
    """``box`` (west, south, east, north) grown to the axes' shape: a degree of latitude is
    1 / cos(latitude) times as long as one of longitude."""
    west, south, east, north = box
    k = 1 / math.cos(math.radians((south + north) / 2))
    scale = min(ax_w / (east - west), ax_h / ((north - south) * k))
    cx, cy = (west + east) / 2, (south + north) / 2
    half_x, half_y = ax_w / scale / 2, ax_h / (scale * k) / 2
    return cx - half_x, cy - half_y, cx + half_x, cy + half_y


def map_extent(
    spots: pd.DataFrame,
    shaded: Sequence[Mapping[str, Any]],
    regions_geojson: Mapping[str, Any],
    whole_country: bool,
) -> tuple[float, float, float, float]:
    """(west, south, east, north) to show: the country, or the places and shaded regions with
    a margin when they cover less than ``COUNTRY_SHARE`` of it."""
    west, south, east, north = _outline_box(regions_geojson.get("features", [])) or COUNTRY_BOX
    country = (west - 0.4, south - 0.4, east + 0.4, north + 0.4)
    boxes = [_outline_box(shaded)] if shaded else []
    if not spots.empty:
        lon, lat = spots["lon"].astype(float), spots["lat"].astype(float)
        boxes.append((lon.min(), lat.min(), lon.max(), lat.max()))
    boxes = [b for b in boxes if b]
    if whole_country or not boxes:
        return country
    west, south = min(b[0] for b in boxes), min(b[1] for b in boxes)
    east, north = max(b[2] for b in boxes), max(b[3] for b in boxes)
    width, height = country[2] - country[0], country[3] - country[1]
    if east - west >= COUNTRY_SHARE * width or north - south >= COUNTRY_SHARE * height:
        return country
    span_x = max(east - west, MIN_SPAN[0]) * (1 + 2 * MARGIN)
    span_y = max(north - south, MIN_SPAN[1]) * (1 + 2 * MARGIN)
    cx, cy = (west + east) / 2, (south + north) / 2
    return cx - span_x / 2, cy - span_y / 2, cx + span_x / 2, cy + span_y / 2


def _draw_regions(ax, regions_geojson, shaded_counts: Mapping[str, int], breaks) -> None:
    for feature in regions_geojson.get("features", []):
        count = shaded_counts.get(feature["properties"]["name_en"])
        fill = breaks.colour(count) if count else BASE_FILL
        edge = mapview.REGION_EDGE if count else BASE_EDGE
        for ring in _rings(feature.get("geometry") or {}):
            # Shaded regions above the others, so no grey border crosses their outline.
            ax.add_patch(
                Polygon(
                    ring,
                    closed=True,
                    facecolor=fill,
                    edgecolor=edge,
                    linewidth=0.9 if count else 0.6,
                    zorder=2 if count else 1,
                )
            )


def _marker_paths(square: Iterable[bool]) -> list:
    paths = {}
    for kind in ("o", "s"):
        style = MarkerStyle(kind)
        paths[kind] = style.get_path().transformed(style.get_transform())
    return [paths["s" if s else "o"] for s in square]


def _symbols(ax, spots: pd.DataFrame, one: float) -> None:
    """One symbol per place, area by count, the largest drawn first."""
    if spots.empty:
        return
    # A square's area is the circle's: its side is sqrt(pi)/2 of the circle's diameter.
    side = np.where(spots["square"], math.sqrt(math.pi) / 2, 1.0)
    diameter = 2 * one * np.sqrt(spots["count"].astype(float)) * side
    colours = [mapview.action_colour(t) for t in spots["action_type"]]
    hollow = spots["hollow"].to_numpy(dtype=bool)
    # A doubtful place as on the live map (mapview.doubtful_style): white inside a ring of
    # its type's colour.
    coll = ax.scatter(
        spots["lon"].astype(float),
        spots["lat"].astype(float),
        s=diameter**2,
        c=[mapview.HOLLOW_FILL if h else c for h, c in zip(hollow, colours, strict=True)],
        edgecolors=[c if h else "white" for h, c in zip(hollow, colours, strict=True)],
        linewidths=np.where(hollow, HOLLOW_RING_PT, 0.6),
        alpha=0.9,
        zorder=4,
    )
    coll.set_paths(_marker_paths(spots["square"]))


def _hits(rect, circles: np.ndarray, pad: float = 1.0) -> bool:
    if not len(circles):
        return False
    x0, y0, x1, y1 = rect
    cx, cy, r = circles[:, 0], circles[:, 1], circles[:, 2]
    dx = np.clip(cx, x0, x1) - cx
    dy = np.clip(cy, y0, y1) - cy
    return bool((dx * dx + dy * dy < (r + pad) ** 2).any())


def _overlaps(rect, rects: list) -> bool:
    x0, y0, x1, y1 = rect
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in rects)


def _place_labels(page: Page, renderer, candidates, circles: np.ndarray, area: Bbox) -> list[int]:
    """Greedy placement: each candidate (name, x, y, radius px, size, bold) at the first of
    eight spots around its point where it meets no placed label, no circle and stays in
    ``area``. Returns the indexes of the candidates placed."""
    placed: list[tuple[float, float, float, float]] = []
    chosen = []
    for k, (name, x, y, r, size, bold) in enumerate(candidates):
        if len(chosen) >= MAX_LABELS:
            break
        item = page.fig.text(
            0,
            0,
            _clean(name),
            fontproperties=_prop(size, bold),
            color=INK,
            ha="left",
            va="bottom",
            zorder=6,
        )
        item.set_parse_math(False)
        item.set_path_effects(_HALO)
        box = _extent(item, renderer)
        w, h = box.width, box.height
        d = r + 2
        diag = r * 0.75 + 2
        spots = [
            (x + d, y - h / 2),
            (x - d - w, y - h / 2),
            (x - w / 2, y + d),
            (x - w / 2, y - d - h),
            (x + diag, y + diag),
            (x - diag - w, y + diag),
            (x + diag, y - diag - h),
            (x - diag - w, y - diag - h),
        ]
        for sx, sy in spots:
            rect = (sx - 1, sy - 1, sx + w + 1, sy + h + 1)
            inside = (
                area.x0 + 2 <= rect[0]
                and rect[2] <= area.x1 - 2
                and area.y0 + 2 <= rect[1]
                and rect[3] <= area.y1 - 2
            )
            if inside and not _overlaps(rect, placed) and not _hits(rect, circles):
                item.set_position((sx / W, sy / H))
                page.labels.append(item)
                page.texts["map"].append(item)
                placed.append(rect)
                chosen.append(k)
                break
        else:
            item.remove()
    return chosen


def _draw_map(page: Page, renderer, df, regions_geojson, cities, lang, whole_country) -> dict:
    """The map in MAP_BOX; returns what the legends need: the symbols' ``one`` radius, the
    ``largest`` count, the region ``breaks``."""
    x0, y0, x1, y1 = MAP_BOX
    ax = page.fig.add_axes((x0 / W, y0 / H, (x1 - x0) / W, (y1 - y0) / H))
    page.map_ax = ax
    area = page.box("map", *MAP_BOX)
    ax.set_axis_off()
    shaded = mapview.region_features(df, regions_geojson, lang)["features"]
    counts = {f["properties"]["name_en"]: f["properties"]["count"] for f in shaded}
    breaks = classes.region_classes(counts.values())
    _draw_regions(ax, regions_geojson, counts, breaks)
    spots = places(df, lang)
    west, south, east, north = _fit(
        map_extent(spots, shaded, regions_geojson, whole_country), x1 - x0, y1 - y0
    )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    one = symbol_radius(spots["count"])
    _symbols(ax, spots, one)

    to_px = ax.transData.transform
    pt = DPI / 72
    circles = np.zeros((0, 3))
    if not spots.empty:
        xy = to_px(spots[["lon", "lat"]].astype(float).to_numpy())
        radius = one * np.sqrt(spots["count"].astype(float).to_numpy()) * pt + 0.6 * pt
        circles = np.column_stack([xy, radius])
        page.points = spots[["lon", "lat"]].astype(float).to_numpy()
    page.symbols = circles

    def seen(x: float, y: float) -> bool:
        return area.x0 < x < area.x1 and area.y0 < y < area.y1

    towns = []
    for city in mapview.city_rows(cities, lang):
        x, y = to_px((city["lon"], city["lat"]))
        if seen(x, y):
            towns.append((city["name"], x, y))
    dots = np.array([(x, y, 2.5) for _, x, y in towns]).reshape(-1, 3)
    names = {name for name, _, _ in towns}

    def under(x: float, y: float) -> float:
        # A town's label clears the symbol drawn on it.
        near = circles[np.hypot(circles[:, 0] - x, circles[:, 1] - y) < 4] if len(circles) else []
        return max([3.0, *(float(c[2]) for c in near)])

    candidates = [(name, x, y, under(x, y), 7.5, True) for name, x, y in towns]
    for k, row in enumerate(spots.head(3 * MAX_LABELS).itertuples()):
        x, y, r = circles[k]
        if row.name and row.name not in names and seen(x, y):
            candidates.append((row.name, x, y, r, 7.0, False))
            names.add(row.name)
    chosen = _place_labels(page, renderer, candidates, np.vstack([circles, dots]), area)
    for k in chosen:
        if k < len(towns):
            lon, lat = ax.transData.inverted().transform(towns[k][1:])
            ax.plot(lon, lat, "o", ms=3, color="#3c4650", mec="white", mew=0.5, zorder=5)
    return {
        "one": one,
        "largest": int(spots["count"].max()) if not spots.empty else 0,
        "breaks": breaks,
        "hollow": bool(spots["hollow"].any()),
    }


# --- the page ---------------------------------------------------------------------------------


def _footer(t: Mapping[str, object], freshness: store.Freshness | None, made_on: dt.date) -> str:
    parts = []
    if freshness and freshness.built_text:
        parts.append(str(t["b_data_as_of"]).format(built=freshness.built_text))
    if freshness and freshness.articles is not None:
        parts.append(str(t["b_n_articles"]).format(n=freshness.articles))
    if freshness and freshness.actions is not None:
        parts.append(str(t["b_n_actions"]).format(n=freshness.actions))
    made = str(t["b_made_on"]).format(date=made_on.isoformat())
    said = f"{', '.join(parts)}; {made[0].lower()}{made[1:]}" if parts else made
    return f"{said} · {t['credits']}"


def _side(page: Page, renderer, glyphs, df, lang, legend) -> None:
    """Counts and the legends (colour by type, circle sizes, region classes), top down in
    SIDE_BOX."""
    t = i18n.texts(lang)
    page.box("side", *SIDE_BOX)
    x, bottom = SIDE_BOX[0], SIDE_BOX[1]
    top = SIDE_BOX[3]

    def header(text: str) -> float:
        drawn = _block(page, renderer, "side", x, top, bottom, [text], (11, 8), bold=True)
        return min(_extent(d, renderer).y0 for d, _ in drawn) - 4 if drawn else top

    def below(drawn, y: float) -> float:
        return min((_extent(d, renderer).y0 for d, _ in drawn), default=y) - 10

    counts = tables.summary_counts(df)
    lines = [
        f"{t['metric_actions']}: {counts['actions']}",
        f"{t['metric_places']}: {counts['places']}",
        f"{t['metric_organisations']}: {counts['organisations']}",
        str(t["b_country"]).format(n=counts["country"]),
    ]
    # How many shown records are doubtful (geo.dashboard.filters.doubtful); none, no line.
    if doubts := tables.doubtful_line(df, lang):
        lines.append(doubts)
    top = header(str(t["b_counts"]))
    top = below(_block(page, renderer, "side", x, top, bottom, lines, (9.5, 7)), top)

    # Colour: the type most actions at a place have.
    by_type = tables.counts_by_type(df)
    if by_type:
        top = header(str(t["b_by_type"]))
        keys = list(by_type)
        items = [f"{mapview.action_label(k, lang)}\u00a0—\u00a0{n}" for k, n in by_type.items()]
        items.append(str(t["b_colour_note"]))
        squares = df["place_kind"].isin(mapview.SQUARE_KINDS).any()
        if squares:
            items.append(str(t["legend_checkpoint"]))
        if legend["hollow"]:
            items.append(str(t["legend_doubtful"]).format(threshold=tables.doubtful_threshold()))
        budget = max(top - 0.32 * (SIDE_BOX[3] - bottom), bottom)
        drawn = _block(
            page,
            renderer,
            "side",
            x,
            top,
            budget,
            items,
            (8.5, 6.5),
            more=lambda n: str(t["b_more"]).format(n=n),
            indent=16,
        )

        def swatch(item, **style) -> None:
            """A legend swatch level with the first line of ``item``."""
            box = _extent(item, renderer)
            line_height = box.height / (item.get_text().count("\n") + 1)
            style = {"edgecolors": "white", "linewidths": 0.6, **style}
            glyphs.scatter(x + 6, box.y1 - line_height / 2, **style)

        for item, k in drawn:
            if 0 <= k < len(keys):
                swatch(item, s=55, color=mapview.action_colour(keys[k]))
            if k == len(keys):
                item.set_color("#555")
            if k == len(keys) + 1 and squares:
                swatch(item, s=45, marker="s", color="#6b7682")
            if k == len(keys) + 1 + squares and legend["hollow"]:
                swatch(
                    item,
                    s=45,
                    color=mapview.HOLLOW_FILL,
                    edgecolors="#6b7682",
                    linewidths=HOLLOW_RING_PT,
                )
        top = below(drawn, top)

    # Sizes: circles of the map's scale, side by side, labelled under them.
    if legend["largest"]:
        top = header(str(t["b_sizes"]))
        steps = [s for s in SIZE_STEPS if s <= legend["largest"]]
        if legend["largest"] >= 2 * steps[-1]:
            steps.append(legend["largest"])
        radii = [legend["one"] * math.sqrt(s) * DPI / 72 for s in steps[-4:]]
        cx = x + 8
        base = top - 2 * max(radii) - 2
        for step, r in zip(steps[-4:], radii, strict=True):
            cx += r
            glyphs.scatter(
                cx,
                base + r,
                s=(2 * r * 72 / DPI) ** 2,
                facecolor="#b8c0c8",
                edgecolors="#56616c",
                linewidths=0.7,
            )
            label = _put(page, "side", cx, base - 3, str(step), 7.5)
            label.set_horizontalalignment("center")
            cx += r + max(18, _extent(label, renderer).width / 2 + 6)
        top = base - 3 - 20

    # Region classes: the live map's breaks.
    breaks = legend["breaks"]
    if breaks.breaks:
        top = header(str(t["legend_regions"]))
        drawn = _block(
            page, renderer, "side", x, top, bottom, breaks.labels(), (8.5, 6.5), indent=26
        )
        for (item, k), colour in zip(drawn, breaks.colours, strict=False):
            if k >= 0:
                box = _extent(item, renderer)
                glyphs.add_patch(
                    Rectangle(
                        (x, box.y1 - 14),
                        20,
                        13,
                        facecolor=colour,
                        edgecolor=mapview.REGION_EDGE,
                        linewidth=0.8,
                    )
                )
        top = below(drawn, top)


def draw_brief(
    df: pd.DataFrame,
    filters_text: str,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    lang: str = "en",
    made_on: dt.date | None = None,
    freshness: store.Freshness | None = None,
    whole_country: bool = False,
) -> Page:
    """The briefing page of ``df``, drawn (see the module docstring)."""
    t = i18n.texts(lang)
    made_on = made_on or dt.date.today()
    fig = Figure(figsize=(W / DPI, H / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    renderer = fig.canvas.get_renderer()
    page = Page(fig, None)
    # Legend glyphs are drawn in page pixels, above everything, on a see-through axes.
    glyphs = fig.add_axes((0, 0, 1, 1), zorder=5)
    glyphs.set_xlim(0, W)
    glyphs.set_ylim(0, H)
    glyphs.set_axis_off()
    glyphs.patch.set_visible(False)

    page.box("title", *TITLE_BOX)
    _block(
        page,
        renderer,
        "title",
        TITLE_BOX[0],
        TITLE_BOX[3],
        TITLE_BOX[1],
        [str(t["title"])],
        (20, 12),
        bold=True,
    )
    page.box("filters", *FILTERS_BOX)
    filter_line = f"{t['b_filters']}: {filters_text}"
    drawn = _block(
        page,
        renderer,
        "filters",
        FILTERS_BOX[0],
        FILTERS_BOX[3],
        FILTERS_BOX[1],
        [filter_line],
        (10, 7),
    )
    if not drawn:  # too long for the box even at the floor: as much as fits, then "…"
        _fit_cut(page, renderer, "filters", filter_line, 7)

    legend = _draw_map(page, renderer, df, regions_geojson, cities, lang, whole_country)
    if df.empty:
        page.map_ax.text(
            0.5,
            0.5,
            str(t["b_empty"]),
            transform=page.map_ax.transAxes,
            ha="center",
            fontsize=14,
            family=FONT,
        )
    _side(page, renderer, glyphs, df, lang, legend)

    # Who did it (the question a briefing is usually about) and where it was read, under the map.
    orgs = tables.counts_by_organisation(df)
    org_lines = [f"{r['organisation']}\u00a0—\u00a0{r['actions']}" for r in orgs.to_dict("records")]
    sources = [src or doc_id for doc_id, src in tables.source_list(df)]
    for name, box, heading, items, columns in (
        ("organisations", ORGS_BOX, t["by_org_header"], org_lines, 2),
        ("sources", SOURCES_BOX, t["b_sources"], sources, 1),
    ):
        page.box(name, *box)
        head = _block(
            page, renderer, name, box[0], box[3], box[1], [str(heading)], (11, 8), bold=True
        )
        top = min(_extent(d, renderer).y0 for d, _ in head) - 4
        _block(
            page,
            renderer,
            name,
            box[0],
            top,
            box[1],
            items,
            (8, 6.5),
            more=lambda n: str(t["b_more"]).format(n=n),
            columns=columns,
        )

    page.box("footer", *FOOTER_BOX)
    _block(
        page,
        renderer,
        "footer",
        FOOTER_BOX[0],
        FOOTER_BOX[3],
        FOOTER_BOX[1],
        [_footer(t, freshness, made_on)],
        (8, 6),
        more=lambda n: "…",
    )
    for item in fig.findobj(Text):
        # Names and sources come from the web: "$...$" in them is text, not mathtext.
        item.set_parse_math(False)
    fig.canvas.draw()
    return page


def _fit_cut(page: Page, renderer, box: str, text: str, size: float) -> None:
    """``text`` at ``size``, wrapped to the box and cut with "…" at the box's last line."""
    bbox = page.boxes[box]
    prop = _prop(size)
    lines = _wrap(renderer, _clean(text), prop, bbox.width)
    line_h = renderer.get_text_width_height_descent("lp", prop, ismath=False)[1] * 1.25
    fit = max(1, int(bbox.height // line_h) - 1)
    while fit >= 1:
        shown = lines[:fit]
        last = shown[-1]
        while last and _width(renderer, last + " …", prop) > bbox.width:
            last = last[:-1]
        shown[-1] = f"{last.rstrip()} …"
        item = _put(page, box, bbox.x0, bbox.y1, "\n".join(shown), size)
        if _extent(item, renderer).y0 >= bbox.y0 - 0.5:
            return
        item.remove()
        page.texts[box].remove(item)
        fit -= 1


def render_brief(
    df: pd.DataFrame,
    filters_text: str,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    out_path: str | Path | BinaryIO,
    fmt: str = "png",
    lang: str = "en",
    made_on: dt.date | None = None,
    freshness: store.Freshness | None = None,
    whole_country: bool = False,
) -> None:
    """Draw the briefing page of ``df`` and write it to ``out_path`` as ``fmt`` ("png", "pdf"
    or "jpeg": ``FORMATS``). ``filters_text`` is printed under the title; ``made_on``
    defaults to today; ``freshness`` (``store.freshness(data_dir)``) makes the footer's "data
    as of"; ``whole_country``: show all of Kazakhstan (the unfiltered view), else fit the map
    to ``df``'s places and regions."""
    if fmt not in FORMATS.values():
        raise ValueError(f"fmt must be one of {sorted(set(FORMATS.values()))}, not {fmt!r}")
    page = draw_brief(
        df, filters_text, regions_geojson, cities, lang, made_on, freshness, whole_country
    )
    # Pillow's default JPEG quality is 75; at 90 the labels' edges ring less, for 1.5x the
    # bytes (the 5 324-action synthetic briefing: 264 KB at 75, 392 KB at 90).
    extra = {"pil_kwargs": {"quality": JPEG_QUALITY}} if fmt == "jpeg" else {}
    page.fig.savefig(out_path, format=fmt, dpi=DPI, facecolor="white", **extra)


def render_brief_bytes(
    df: pd.DataFrame,
    filters_text: str,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    fmt: str = "png",
    lang: str = "en",
    freshness: store.Freshness | None = None,
    whole_country: bool = False,
) -> bytes:
    """``render_brief`` into memory: the PNG or PDF file's bytes."""
    buffer = io.BytesIO()
    render_brief(
        df,
        filters_text,
        regions_geojson,
        cities,
        buffer,
        fmt=fmt,
        lang=lang,
        freshness=freshness,
        whole_country=whole_country,
    )
    return buffer.getvalue()


def filters_from_args(df: pd.DataFrame, **given: object) -> store.Filters:
    """``geo brief``'s options as ``store.Filters``: ``given`` keyed by ``store.Filters``
    field (``geo.dashboard.filters.cli_given``), dates in ISO form; names matched with
    ``store.match_choice`` against what ``df`` holds (types, regions and beneficiaries by key
    or by label in any language). Raises ValueError naming a value that matches nothing."""
    known = {field for spec in filters.FILTERS for field in spec.fields}
    if unknown := set(given) - known:
        raise TypeError(f"filters_from_args: unknown filters {sorted(unknown)}")
    choices = store.options(df)
    langs = list(i18n.LANGUAGES)
    chosen: dict[str, object] = {}
    for spec in filters.FILTERS:
        if spec.kind != filters.CHOICES or spec.values:
            continue
        options = choices[spec.field]
        labels = [filters.value_labels(spec, x) for x in langs] if spec.match_labels else []
        found = []
        for value in given.get(spec.field, ()):
            choice = store.match_choice(str(value), options, labels)
            if choice is None:
                listed = ", ".join(options) or "none"
                raise ValueError(
                    f"{value!r} matches no {spec.field} in the data (there are: {listed})"
                )
            found.append(choice)
        chosen[spec.field] = tuple(dict.fromkeys(found))
    for spec in filters.FILTERS:
        if spec.kind == filters.DATES:
            for field_name in spec.fields:
                text = given.get(field_name)
                chosen[field_name] = dt.date.fromisoformat(str(text)) if text else None
        elif spec.kind == filters.FLAG:
            chosen[spec.field] = bool(given.get(spec.field, spec.default))
        elif spec.kind == filters.ONE_OF:
            value = given.get(spec.field, spec.default)
            if value not in spec.values:
                listed = ", ".join(str(v) for v in spec.values)
                raise ValueError(f"{value!r} is not a {spec.field} (one of: {listed})")
            chosen[spec.field] = value
        elif spec.values:
            chosen[spec.field] = tuple(int(v) for v in given.get(spec.field, ()))
    return store.Filters(**chosen)

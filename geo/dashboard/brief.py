"""The briefing image: one A4 landscape page with the filtered actions, drawn offline.

In: the filtered actions (``geo.dashboard.store.load_actions`` rows, already filtered), the filters
in words (``geo.dashboard.view.describe_filters``), the region outlines (GeoJSON with ``name_en``),
the base-map cities (``geo.dashboard.store.load_cities``) and the language of the labels.
Out: ``render_brief`` writes a PNG (1754 x 1240 px: A4 at 150 dpi) or a PDF (A4) to a
path or a binary file: title, filters, a map (region outlines, city names, actions
coloured by type, checkpoints and roads as squares, regions of region-wide actions
shaded by count), counts, a legend by type, the sources, the date it was made and the
credits. Matplotlib's Agg backend, no pyplot state, no network; DejaVu Sans (shipped
with matplotlib) has the Cyrillic and Kazakh letters. Every text is drawn as written
(mathtext off: a "$" in a name stays a dollar sign).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, BinaryIO

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.text import Text

from geo.dashboard import filters, i18n, mapview, store, tables

DPI = 150
PAGE_PX = (1754, 1240)  # A4 landscape (297 x 210 mm) at 150 dpi
FONT = "DejaVu Sans"
BASE_FILL, BASE_EDGE = "#eef2f6", "#8a9aa9"
MAX_SOURCES = 12
SOURCE_CHARS = 80
MAX_ORGS = 12
SIDE_CHARS = 36  # side panel lines at 10 pt; legend and organisation lines are smaller
LEGEND_CHARS = 36
ORG_CHARS = 44
ROW_HEIGHT = 0.0285  # one legend row, in the side panel's axes fraction
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # all but the newline


def _rings(geometry: Mapping[str, Any]) -> Iterable[list[list[float]]]:
    # Outer rings only: the outlines have no holes worth drawing at this scale.
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        yield from coords[:1]
    elif kind == "MultiPolygon":
        for polygon in coords:
            yield from polygon[:1]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _wrap(text: str, width: int = LEGEND_CHARS) -> str:
    # Callers join a count with no-break spaces, which textwrap never breaks at.
    return "\n".join(textwrap.wrap(text, width)) or text


def _draw_map(ax, df: pd.DataFrame, regions_geojson, cities, lang: str) -> None:
    shaded = {
        f["properties"]["name_en"]: f["properties"]["count"]
        for f in mapview.region_features(df, regions_geojson, lang)["features"]
    }
    for feature in regions_geojson.get("features", []):
        count = shaded.get(feature["properties"]["name_en"])
        fill = mapview.region_colour(count) if count else BASE_FILL
        edge = mapview.REGION_EDGE if count else BASE_EDGE
        for ring in _rings(feature.get("geometry") or {}):
            ax.add_patch(
                # Shaded regions above the others, so no grey border crosses their outline.
                Polygon(
                    ring,
                    closed=True,
                    facecolor=fill,
                    edgecolor=edge,
                    linewidth=0.9 if count else 0.6,
                    zorder=2 if count else 1,
                )
            )

    for city in mapview.city_rows(cities, lang):
        ax.plot(city["lon"], city["lat"], "o", ms=2.5, color="#3c4650", zorder=3)
        ax.annotate(
            city["name"],
            (city["lon"], city["lat"]),
            xytext=(3, 2),
            textcoords="offset points",
            fontsize=7,
            color="#2b333b",
            zorder=3,
        )

    points = df[df["geo_precision"].isin(mapview.POINT_PRECISIONS) & df["lat"].notna()]
    if not points.empty:
        # Markers at the same spot merge into one, sized by how many actions it holds.
        spots = (
            points.assign(
                _lat=points["lat"].round(2),
                _lon=points["lon"].round(2),
                _square=points["place_kind"].isin(mapview.SQUARE_KINDS),
            )
            .groupby(["_lat", "_lon", "_square", "action_type"])["action_id"]
            .nunique()
            .reset_index()
        )
        for spot in spots.to_dict("records"):
            n = int(spot["action_id"])
            ax.scatter(
                spot["_lon"],
                spot["_lat"],
                s=40 + 30 * (n - 1),
                marker="s" if spot["_square"] else "o",
                color=mapview.action_colour(spot["action_type"]),
                edgecolors="white",
                linewidths=0.8,
                zorder=5 if spot["_square"] else 4,
            )
            if n > 1:
                ax.annotate(
                    str(n),
                    (spot["_lon"], spot["_lat"]),
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white",
                    fontweight="bold",
                    zorder=6,
                )

    box = mapview.bounds(regions_geojson) or [[40.5, 46.5], [55.5, 87.5]]
    (south, west), (north, east) = box
    ax.set_xlim(west - 0.5, east + 0.5)
    ax.set_ylim(south - 0.5, north + 0.5)
    # Degrees of longitude are shorter than degrees of latitude this far north.
    ax.set_aspect(1 / math.cos(math.radians((south + north) / 2)))
    ax.set_axis_off()


def _legend_handles(df: pd.DataFrame, shaded_counts: list[int], lang: str) -> list:
    t = i18n.texts(lang)
    by_type = tables.counts_by_type(df)
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=8,
            markerfacecolor=mapview.action_colour(key),
            markeredgecolor="white",
            label=_wrap(f"{mapview.action_label(key, lang)}\u00a0—\u00a0{n}"),
        )
        for key, n in by_type.items()
    ]
    if df["place_kind"].isin(mapview.SQUARE_KINDS).any():
        handles.append(
            Line2D(
                [],
                [],
                marker="s",
                linestyle="",
                markersize=8,
                markerfacecolor="#6b7682",
                markeredgecolor="white",
                label=_wrap(str(t["legend_checkpoint"])),
            )
        )
    for n in sorted(set(min(c, len(mapview.REGION_SCALE)) for c in shaded_counts)):
        label = f"{n}+" if n == len(mapview.REGION_SCALE) else str(n)
        handles.append(
            Patch(
                facecolor=mapview.region_colour(n),
                edgecolor=mapview.REGION_EDGE,
                label=_wrap(f"{t['legend_regions']}:\u00a0{label}"),
            )
        )
    return handles


def render_brief(
    df: pd.DataFrame,
    filters_text: str,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    out_path: str | Path | BinaryIO,
    fmt: str = "png",
    lang: str = "en",
    made_on: dt.date | None = None,
) -> None:
    """Draw the briefing page of ``df`` and write it to ``out_path`` as ``fmt`` ("png" or
    "pdf"). ``filters_text`` is printed under the title; ``made_on`` defaults to today."""
    if fmt not in ("png", "pdf"):
        raise ValueError(f"fmt must be 'png' or 'pdf', not {fmt!r}")
    t = i18n.texts(lang)
    made_on = made_on or dt.date.today()
    fig = Figure(figsize=(PAGE_PX[0] / DPI, PAGE_PX[1] / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    fig.patch.set_facecolor("white")
    text = {"family": FONT, "color": "#1f2a33"}

    fig.text(0.025, 0.955, str(t["title"]), fontsize=20, fontweight="bold", **text)
    filters_lines = textwrap.wrap(f"{t['b_filters']}: {filters_text}", 150)[:2]
    fig.text(0.025, 0.915, "\n".join(filters_lines), fontsize=10, va="top", **text)

    # The country is about twice as wide as tall: the map spans the left two thirds of the
    # page under the title, the sources fill the band below it, counts and legend the right.
    map_ax = fig.add_axes((0.005, 0.27, 0.70, 0.64))
    map_ax.set_anchor("N")
    _draw_map(map_ax, df, regions_geojson, cities, lang)
    if df.empty:
        map_ax.text(
            0.5, 0.5, str(t["b_empty"]), transform=map_ax.transAxes, ha="center", fontsize=14
        )

    side = fig.add_axes((0.72, 0.09, 0.27, 0.80))
    side.set_axis_off()
    counts = tables.summary_counts(df)
    lines = [
        f"{t['metric_actions']}: {counts['actions']}",
        f"{t['metric_places']}: {counts['places']}",
        f"{t['metric_organisations']}: {counts['organisations']}",
        str(t["b_country"]).format(n=counts["country"]),
    ]
    side.text(0, 1, str(t["b_counts"]), fontsize=12, fontweight="bold", va="top", **text)
    lines = [wrapped for line in lines for wrapped in textwrap.wrap(line, SIDE_CHARS)]
    side.text(0, 0.96, "\n".join(lines), fontsize=10, va="top", linespacing=1.5, **text)

    shaded = mapview.region_features(df, regions_geojson, lang)["features"]
    handles = _legend_handles(df, [f["properties"]["count"] for f in shaded], lang)
    side.text(0, 0.78, str(t["b_by_type"]), fontsize=12, fontweight="bold", va="top", **text)
    if handles:
        side.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0, 0.745),
            frameon=False,
            prop={"family": FONT, "size": 8.5},
            handletextpad=0.4,
            borderaxespad=0,
        )

    # Who did it: the question a briefing is usually about.
    orgs = tables.counts_by_organisation(df)
    legend_lines = sum(h.get_label().count("\n") + 1 for h in handles)
    top = 0.745 - ROW_HEIGHT * legend_lines - 0.04
    side.text(0, top, str(t["by_org_header"]), fontsize=12, fontweight="bold", va="top", **text)
    org_lines = [
        _short(f"{r['organisation']} — {r['actions']}", ORG_CHARS)
        for r in orgs.head(MAX_ORGS).to_dict("records")
    ]
    if len(orgs) > MAX_ORGS:
        org_lines.append(str(t["b_more"]).format(n=len(orgs) - MAX_ORGS))
    side.text(0, top - 0.035, "\n".join(org_lines), fontsize=8.5, va="top", linespacing=1.4, **text)

    sources = tables.source_list(df)
    shown = [_short(src or doc_id, SOURCE_CHARS) for doc_id, src in sources[:MAX_SOURCES]]
    if len(sources) > MAX_SOURCES:
        shown.append(str(t["b_more"]).format(n=len(sources) - MAX_SOURCES))
    fig.text(0.025, 0.245, str(t["b_sources"]), fontsize=12, fontweight="bold", va="top", **text)
    half = (len(shown) + 1) // 2
    for column, lines in enumerate((shown[:half], shown[half:])):
        fig.text(
            0.025 + 0.35 * column,
            0.21,
            "\n".join(lines),
            fontsize=8,
            va="top",
            linespacing=1.45,
            **text,
        )

    footer = f"{str(t['b_made_on']).format(date=made_on.isoformat())} · {t['credits']}"
    fig.text(0.025, 0.03, footer, fontsize=8, color="#555", family=FONT)
    # Names and sources come from the web: "$...$" in them is text, not mathtext (which
    # would typeset it, or fail on an unknown command such as "$\foo$"); control
    # characters (tabs, carriage returns) have no glyph and are drawn as spaces.
    for item in fig.findobj(Text):
        item.set_parse_math(False)
        item.set_text(_CONTROL.sub(" ", item.get_text()))
    fig.savefig(out_path, format=fmt, dpi=DPI, facecolor="white")


def render_brief_bytes(
    df: pd.DataFrame,
    filters_text: str,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    fmt: str = "png",
    lang: str = "en",
) -> bytes:
    """``render_brief`` into memory: the PNG or PDF file's bytes."""
    buffer = io.BytesIO()
    render_brief(df, filters_text, regions_geojson, cities, buffer, fmt=fmt, lang=lang)
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
            for field in spec.fields:
                text = given.get(field)
                chosen[field] = dt.date.fromisoformat(str(text)) if text else None
        elif spec.kind == filters.FLAG:
            chosen[spec.field] = bool(given.get(spec.field, spec.default))
        elif spec.values:
            chosen[spec.field] = tuple(int(v) for v in given.get(spec.field, ()))
    return store.Filters(**chosen)

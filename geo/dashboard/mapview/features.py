"""The map's data: GeoJSON features of the places and regions of the actions.

In: the actions DataFrame from ``geo.dashboard.store.load_actions`` (already filtered), the
region outlines (GeoJSON with ``name_en``), the base-map cities, the interface language.
Out: ``point_features`` (one feature per place of the actions placed at a settlement or near
one), ``region_features`` (the regions of region-wide actions, shaded by the class of their
count, ``geo.dashboard.classes``),
``off_map`` (what the map does not draw), ``clicked`` / ``details_heading`` (what a click
selected), ``bounds``, ``city_rows``, and the colours and sizes of the symbols.
How: pandas group-bys over only the columns needed; a feature carries only what the map
draws and what a click sends back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from geo import reference
from geo.dashboard import config, i18n
from geo.dashboard.classes import SCALE, region_classes
from geo.dashboard.filters import doubtful
from geo.dashboard.mapview.popups import _e, _more, place_heading, popup_html, source_html
from geo.dashboard.tables import (
    confidence_label,
    format_dates,
    reason_words,
    sources_of,
    summary_of,
)
from geo.dataset import confidence as judged
from geo.dataset.schema import place_name_in, summary_field

# Each type's colour is in geo/resources/action_types.toml (one colour per type everywhere).
ACTION_COLOURS: dict[str, str] = reference.type_colours()
UNKNOWN_COLOUR = "#555555"
# The shades of region-wide actions: geo.dashboard.classes (one set of breaks for the map and
# the briefing image).
REGION_SCALE = SCALE
REGION_EDGE = "#54278f"
REGION_ACTION_COLOUR = REGION_EDGE
SQUARE_KINDS = ("checkpoint", "road")
POINT_PRECISIONS = (1, 2)
REGION_PRECISION = 3
# A place's circle grows with its number of actions: 7 px for one, 3 px more per tenfold.
RADIUS, RADIUS_PER_DECADE, MAX_RADIUS = 7, 3, 16
# A doubtful place (every action there below the doubtful threshold): hollow, a white fill in
# a ring of its type's colour this many px wide (map.css draws a square's border alike).
HOLLOW_FILL, HOLLOW_RING = "#ffffff", 2.5
# A shaded region whose region-wide actions are all doubtful: a dashed outline (its fill
# stays the class of its count: at 5 000 actions nearly every region is dashed, and a paler
# fill there blurred the classes).
DOUBTFUL_REGION = {"dashArray": "6 4"}


def action_colour(action_type: str) -> str:
    """Colour of an action type's markers and legend swatch, its dots on the briefing image
    and its bars on the timeline (``colour`` in action_types.toml; grey if unknown)."""
    return ACTION_COLOURS.get(action_type, UNKNOWN_COLOUR)


def is_point(df: pd.DataFrame) -> pd.Series:
    """The rows drawn as a place's symbol (map and briefing image): a point precision with
    coordinates."""
    return df["geo_precision"].isin(POINT_PRECISIONS) & df["lat"].notna() & df["lon"].notna()


def doubtful_style(colour: str) -> dict[str, Any]:
    """How a place whose actions are all doubtful is drawn (``map.js``): hollow, a white
    fill inside a ring of its type's ``colour`` (a square: a white box, its border in that
    colour). White, not transparent: the ring stays readable over the shaded regions and
    the whole symbol still takes the click."""
    return {"fillColor": HOLLOW_FILL, "color": colour, "weight": HOLLOW_RING}


def _doubt_words(record: Mapping[str, Any], lang: str) -> list[str]:
    """The reasons' words of a doubtful record (the popup of a place with several actions
    lists them under it), else none."""
    if not judged.is_doubtful(record["confidence"]):
        return []
    return reason_words(record["confidence_reasons"], lang)


def _newest_first(df: pd.DataFrame) -> pd.DataFrame:
    """``df``'s rows by date, newest first (start date, else end date; undated last)."""
    when = df["date_start"].fillna(df["date_end"])
    return (
        df.assign(_when=when)
        .sort_values("_when", ascending=False, na_position="last", kind="stable")
        .drop(columns="_when")
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """``frame.to_dict("records")``, made from whole columns: to_dict reads the Arrow-backed
    columns cell by cell (the newest rows of 884 places at 100 000 actions: 0.09 s against
    0.03 s this way)."""
    columns = {name: frame[name].tolist() for name in frame.columns}
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


def _radius(count: int) -> float:
    return round(min(MAX_RADIUS, RADIUS + RADIUS_PER_DECADE * math.log10(max(count, 1))), 1)


PLACE_KEY = ["place_id", "lat", "lon"]
_PLACE_COLUMNS = [
    *PLACE_KEY,
    *("action_id", "action_type", "place_kind", "geo_precision", "summary"),
    *("date_start", "date_end", "time_precision", "place", "place_ru", "place_kk"),
    *("confidence", "confidence_reasons"),
]


def _summary_columns(df: pd.DataFrame, lang: str) -> list[str]:
    """The column of the summary in ``lang``, besides "summary", if the dataset has it."""
    field = summary_field(lang)
    return [field] if field != "summary" and field in df else []


def point_features(df: pd.DataFrame, lang: str = "en") -> dict[str, Any]:
    """FeatureCollection of the places of the point actions (geo_precision 1-2 with
    coordinates): one feature per place (``place_id`` and point), however many actions
    happened there, biggest first.

    Each feature carries only what the map needs: ``kind`` ("action-point"), ``place_id``,
    ``lat``, ``lon`` (what a click sends back), ``count`` (distinct actions there),
    ``types`` ([type, count] pairs, most first), ``action_type`` (the most frequent: the
    marker's colour), ``shape`` (square for checkpoints and roads, else circle),
    ``doubtful`` (how many of its actions are doubtful, ``geo.dashboard.filters.doubtful``),
    ``hollow`` (all of them are: drawn hollow, with ``doubtful_style``), ``label``
    (the place's name in ``lang``, as text: its label on the map zoomed in and its popup's
    title), an escaped ``tooltip``, ``style`` (``radius``, growing with ``count``, and
    ``fillColor``) and
    - one action: ``popup``, all its details as escaped HTML (``popup_html``);
    - several: the data the browser makes their popup of, as text (``_PlacePopups``):
      ``prec`` (geo_precision) and ``newest`` ([summary, dates, confidence, reasons] of the
      newest ``popup_newest`` of CONFIG: the confidence as ``tables.confidence_label`` says
      it, or null; the reasons' words of a doubtful one, else none).
    """
    # Only the columns needed here: sorting and copying all of them took most of the time.
    points = is_point(df)
    columns = [*_PLACE_COLUMNS, *_summary_columns(df, lang)]
    rows = df.loc[points, columns].assign(_pos=np.flatnonzero(points.to_numpy()))
    rows = rows.drop_duplicates([*PLACE_KEY, "action_id"])
    if rows.empty:
        return {"type": "FeatureCollection", "features": []}
    rows = _newest_first(rows)
    places = rows.groupby(PLACE_KEY, sort=False)
    counts = places.size().to_dict()
    is_square = rows["place_kind"].isin(SQUARE_KINDS)
    square = is_square.groupby([rows[k] for k in PLACE_KEY]).any().to_dict()
    unsure = doubtful(rows["confidence"]).groupby([rows[k] for k in PLACE_KEY]).sum().to_dict()
    types: dict[tuple, list[tuple[str, int]]] = {}
    by_type = rows.groupby([*PLACE_KEY, "action_type"], sort=False).size()
    for (*key, action_type), n in by_type.items():
        types.setdefault(tuple(key), []).append((str(action_type), int(n)))
    # One to_dict for all places: per group it costs ~15 ms (pandas 3), 13 s at 900 places.
    newest: dict[tuple, list[dict[str, Any]]] = {}
    for record in _records(places.head(int(config.CONFIG["popup_newest"]))):
        newest.setdefault(tuple(record[k] for k in PLACE_KEY), []).append(record)
    # The whole row (every column) of the places with one action, for popup_html.
    alone = [records[0]["_pos"] for key, records in newest.items() if counts[key] == 1]
    whole = dict(zip(alone, _records(df.iloc[alone]), strict=True))
    features = []
    for key, records in newest.items():
        first, count = records[0], int(counts[key])
        kinds = sorted(types[key], key=lambda kn: (-kn[1], kn[0]))
        label = place_name_in(first, lang)
        colour, hollow = action_colour(kinds[0][0]), int(unsure[key]) == count
        if count == 1:
            # Cut before escaping: a cut through "&lt;" would show a broken entity.
            tooltip = f"{_e(label)}: {_e(summary_of(first, lang)[:120])}"
            shown: dict[str, Any] = {"popup": popup_html(whole[first["_pos"]], lang)}
        else:
            tooltip = _e(place_heading(label, count, lang))
            newest_rows = [
                [
                    summary_of(r, lang),
                    format_dates(r["date_start"], r["date_end"], r["time_precision"], lang),
                    confidence_label(r["confidence"], lang),
                    _doubt_words(r, lang),
                ]
                for r in records
            ]
            shown = {"prec": int(first["geo_precision"]), "newest": newest_rows}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [first["lon"], first["lat"]]},
                "properties": {
                    "kind": "action-point",
                    "place_id": first["place_id"],
                    "lat": first["lat"],
                    "lon": first["lon"],
                    "count": count,
                    "types": [list(kn) for kn in kinds],
                    "action_type": kinds[0][0],
                    "shape": "square" if square[key] else "circle",
                    "doubtful": int(unsure[key]),
                    "hollow": hollow,
                    "label": label,
                    "tooltip": tooltip,
                    "style": {
                        "radius": _radius(count),
                        **(doubtful_style(colour) if hollow else {"fillColor": colour}),
                    },
                    **shown,
                },
            }
        )
    # Big circles first, so the small ones drawn after them stay on top and clickable.
    features.sort(key=lambda f: -f["properties"]["count"])
    return {"type": "FeatureCollection", "features": features}


def _region_names(regions_geojson: Mapping[str, Any]) -> set[str]:
    return {f["properties"]["name_en"] for f in regions_geojson.get("features", [])}


def region_features(
    df: pd.DataFrame, regions_geojson: Mapping[str, Any], lang: str = "en"
) -> dict[str, Any]:
    """FeatureCollection of the regions that have region-level actions, shaded by count.

    Each feature is the region's outline with ``kind`` ("action-region"), ``name_en``,
    ``count`` (distinct actions), ``doubtful`` (how many of them are doubtful), ``hollow``
    (all of them are), ``style`` (fill by the class of ``count`` among the counts
    of the regions shaded: ``geo.dashboard.classes.region_classes``; its outline dashed,
    ``DOUBTFUL_REGION``, when ``hollow``), an escaped
    ``tooltip`` with the count and a ``popup`` saying how many are doubtful and listing the
    newest ``region_popup_newest`` (CONFIG) of those actions, with how many more the click
    lists under the map.
    """
    t = i18n.texts(lang)
    region_names = i18n.region_labels(lang)
    wanted = (df["geo_precision"] == REGION_PRECISION) & df["admin1"].notna()
    columns = ["admin1", "action_id", "summary", "organisations", "source", "sources", "confidence"]
    columns += [*_summary_columns(df, lang), "date_start", "date_end", "time_precision"]
    rows = df.loc[wanted, columns]
    rows = _newest_first(rows.drop_duplicates(["admin1", "action_id"]))
    counts = rows.groupby("admin1", sort=False).size().to_dict()
    unsure = doubtful(rows["confidence"]).groupby(rows["admin1"], sort=False).sum().to_dict()
    newest: dict[str, list[dict[str, Any]]] = {}
    head = rows.groupby("admin1", sort=False).head(int(config.CONFIG["region_popup_newest"]))
    for record in _records(head):
        newest.setdefault(record["admin1"], []).append(record)
    outlined = _region_names(regions_geojson)
    classes = region_classes(n for name, n in counts.items() if name in outlined)
    features = []
    for region in regions_geojson.get("features", []):
        name = region["properties"]["name_en"]
        if name not in counts:
            continue
        label = region_names.get(name, name)
        count, shown = int(counts[name]), newest[name]
        items = "".join(
            f"<li>{_e(summary_of(r, lang))} <span class='va-key'>"
            f"({_e(format_dates(r['date_start'], r['date_end'], r['time_precision'], lang))}; "
            f"{_e('; '.join(r['organisations']))}; "
            f"{', '.join(source_html(s) for s in sources_of(r))})</span></li>"
            for r in shown
        )
        more = _more(count - len(shown), lang) if count > len(shown) else ""
        doubts = int(unsure.get(name, 0))
        doubt = (
            f"<div class='va-row va-confidence va-doubtful'>"
            f"{_e(t['popup_doubtful'].format(n=doubts, total=count))}</div>"
            if doubts
            else ""
        )
        features.append(
            {
                "type": "Feature",
                "geometry": region["geometry"],
                "properties": {
                    "kind": "action-region",
                    "name_en": name,
                    "count": count,
                    "tooltip": _e(t["region_tooltip"].format(region=label, n=count)),
                    "popup": (
                        f"<div class='va-popup'><div class='va-summary'>"
                        f"{_e(t['details_region'].format(region=label))}</div>"
                        f"{doubt}<ul>{items}</ul>{more}</div>"
                    ),
                    "doubtful": doubts,
                    "hollow": doubts == count,
                    "style": {
                        "color": REGION_EDGE,
                        "weight": 2,
                        "fillColor": classes.colour(count),
                        "fillOpacity": 0.7,
                        **(DOUBTFUL_REGION if doubts == count else {}),
                    },
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def off_map(df: pd.DataFrame, regions_geojson: Mapping[str, Any]) -> pd.DataFrame:
    """Rows ``build_map`` does not draw, one per action: country-level actions, and any
    region-level action whose ``admin1`` has no outline or point without coordinates."""
    region = (df["geo_precision"] == REGION_PRECISION) & df["admin1"].isin(
        _region_names(regions_geojson)
    )
    rest = df[~(is_point(df) | region)]
    return rest.drop_duplicates("action_id")


def clicked(returned: Mapping[str, Any] | None) -> dict[str, Any]:
    """What a click on the map selected, from st_folium's return value: ``{"place_id":
    ..., "lat": ..., "lon": ...}`` for a place's marker, ``{"region": name_en}`` for a
    shaded region, else {}; keyword arguments of ``geo.dashboard.tables.action_details``."""
    feature = (returned or {}).get("last_active_drawing") or {}
    props = feature.get("properties") or {}
    if props.get("kind") == "action-point" and props.get("place_id") is not None:
        try:
            lat, lon = float(props["lat"]), float(props["lon"])
        except (KeyError, TypeError, ValueError):
            return {}
        return {"place_id": str(props["place_id"]), "lat": lat, "lon": lon}
    if props.get("kind") == "action-region" and props.get("name_en"):
        return {"region": str(props["name_en"])}
    return {}


def details_heading(
    df: pd.DataFrame,
    lang: str = "en",
    place_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    region: str | None = None,
) -> str | None:
    """The title of what a click selected (``clicked``'s keywords) among ``df``'s rows,
    as its popup gives it: 'Kokshetau: 3 action(s)', 'Akmola Region: actions across the
    region'; None when nothing is selected."""
    if place_id is not None:
        at = df[is_point(df) & (df["place_id"] == place_id)]
        at = at[(at["lat"] == lat) & (at["lon"] == lon)]
        if at.empty:
            return None
        return place_heading(place_name_in(at.iloc[0], lang), at["action_id"].nunique(), lang)
    if region:
        label = i18n.region_labels(lang).get(region, region)
        return str(i18n.texts(lang)["details_region"]).format(region=label)
    return None


def bounds(regions_geojson: Mapping[str, Any]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of all the features' geometries (region outlines,
    points), or None if there are none."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(float(coords[0]))
            lats.append(float(coords[1]))
        else:
            for c in coords or ():
                walk(c)

    for f in regions_geojson.get("features", []):
        walk((f.get("geometry") or {}).get("coordinates"))
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def city_rows(
    cities: pd.DataFrame | Iterable[Mapping[str, Any]], lang: str = "en"
) -> list[dict[str, Any]]:
    """Base-map labels as ``name`` (in ``lang``: name_ru / name_kk, else name_en),
    ``lat``, ``lon``."""
    records = cities.to_dict("records") if isinstance(cities, pd.DataFrame) else cities
    column = {"ru": "name_ru", "kk": "name_kk"}.get(lang, "name_en")
    rows = []
    for c in records:
        name = c.get(column)
        if not isinstance(name, str) or not name:
            name = c.get("name_ru") if lang == "kk" and c.get("name_ru") else c["name_en"]
        rows.append({"name": str(name), "lat": float(c["lat"]), "lon": float(c["lon"])})
    return rows

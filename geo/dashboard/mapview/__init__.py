"""Draw the filtered actions on a folium map that works with no internet.

In: the actions DataFrame from ``geo.dashboard.store.load_actions`` (already filtered), the region
outlines (a GeoJSON FeatureCollection with ``name_en``), the main cities (rows with
``name_en``, ``name_ru``, ``name_kk``, ``lat``, ``lon``) and the interface language.
Out: ``build_map`` returns a ``folium.Map`` with no tile layer unless asked for:
- region outlines and city names as the offline base layer (always there);
- one clustered GeoJson layer for actions placed at a settlement or near one
  (geo_precision 1 and 2) with one feature per place, however many actions happened
  there: a circle growing with their number, coloured by the most frequent action type,
  or a square for road checkpoints and roads (``place_kind`` checkpoint|road), hollow (white
  inside a ring of that colour) when every action there is doubtful, and so is a cluster
  bubble whose places all are; its popup
  gives the counts by type, how many are doubtful and the newest actions (one action:
  its confidence and reasons) (a long popup scrolls inside the map, its
  source line in view; no tooltip over it), its cluster icons the number of actions below
  them on a neutral bubble that no type's colour is; zoomed in, the places drawn alone are
  named where a name fits;
- the regions of region-level actions (geo_precision 3) shaded by the class of how many
  actions each has (``geo.dashboard.classes``: quantile breaks), matched by ``admin1``;
  its outline dashed when all those actions are doubtful;
- a legend of the symbols and classes that folds away and takes no clicks but on its
  toggle, and a button back to the whole country; the map shows the whole country, or the
  filtered area when asked to (``focus``).
Country-level actions (4) are not drawn: ``off_map`` returns them (and anything else
that cannot be placed) for the dashboard to list beside the map. ``clicked`` reads what
streamlit-folium returns for a click (``RETURNED_OBJECTS``), ``details_heading`` names it.
One feature per place keeps the map's page small whatever the number of actions (100 000
actions at ~900 places: under 2 MB); the actions themselves are listed under the map.
All text from the data is HTML-escaped before it goes into the map; only http(s)
sources become links.

How, by concern: ``features`` makes the data (the GeoJSON features of places and regions,
what a click selected), ``popups`` the escaped HTML of popups and tooltips, ``leaflet``
the folium/Leaflet glue that assembles the map (``base_map``, the same for every view, and
``view_layers``, one view's), ``frame`` what st_folium sends the browser for a map, made
once per language (``map_frame``) and given each view's layers apart (``with_view``), so a
new view is swapped into the map already drawn, and drawn by any session (``show_map``).
"""

from geo.dashboard.mapview.features import (
    ACTION_COLOURS,
    DOUBTFUL_REGION,
    HOLLOW_FILL,
    HOLLOW_RING,
    MAX_RADIUS,
    PLACE_KEY,
    POINT_PRECISIONS,
    RADIUS,
    RADIUS_PER_DECADE,
    REGION_ACTION_COLOUR,
    REGION_EDGE,
    REGION_PRECISION,
    REGION_SCALE,
    SQUARE_KINDS,
    UNKNOWN_COLOUR,
    action_colour,
    bounds,
    city_rows,
    clicked,
    details_heading,
    doubtful_style,
    is_point,
    off_map,
    point_features,
    region_features,
)
from geo.dashboard.mapview.frame import MapFrame, map_frame, show_map, with_view
from geo.dashboard.mapview.leaflet import (
    ATTRIBUTION,
    CLUSTER_COLOUR,
    FIT_MAX_ZOOM,
    LABELS_Z,
    MAX_ZOOM_OFFLINE,
    MAX_ZOOM_ONLINE,
    MIN_ZOOM,
    OSM_ATTRIBUTION,
    OSM_TILES,
    PLACE_LABELS_ZOOM,
    REGIONS_PANE,
    REGIONS_Z,
    RETURNED_OBJECTS,
    base_map,
    build_map,
    view_layers,
)
from geo.dashboard.mapview.popups import action_label, place_heading, popup_html, source_html

__all__ = [
    "ACTION_COLOURS",
    "ATTRIBUTION",
    "DOUBTFUL_REGION",
    "CLUSTER_COLOUR",
    "FIT_MAX_ZOOM",
    "HOLLOW_FILL",
    "HOLLOW_RING",
    "LABELS_Z",
    "MapFrame",
    "MAX_RADIUS",
    "MAX_ZOOM_OFFLINE",
    "MAX_ZOOM_ONLINE",
    "MIN_ZOOM",
    "OSM_ATTRIBUTION",
    "OSM_TILES",
    "PLACE_KEY",
    "PLACE_LABELS_ZOOM",
    "POINT_PRECISIONS",
    "RADIUS",
    "RADIUS_PER_DECADE",
    "REGIONS_PANE",
    "REGIONS_Z",
    "REGION_ACTION_COLOUR",
    "REGION_EDGE",
    "REGION_PRECISION",
    "REGION_SCALE",
    "RETURNED_OBJECTS",
    "SQUARE_KINDS",
    "UNKNOWN_COLOUR",
    "action_colour",
    "action_label",
    "base_map",
    "bounds",
    "build_map",
    "city_rows",
    "clicked",
    "details_heading",
    "doubtful_style",
    "is_point",
    "map_frame",
    "off_map",
    "place_heading",
    "point_features",
    "popup_html",
    "region_features",
    "show_map",
    "source_html",
    "view_layers",
    "with_view",
]

"""A tiny Streamlit page for benchmarks.dashboard: an action-type filter, a count and a map.

    streamlit run benchmarks/mapapp.py -- --data DIR --map ours    # geo.dashboard.mapview.build_map
    streamlit run benchmarks/mapapp.py -- --data DIR --map naive   # one marker per row

Both maps show the same filtered rows through the same st_folium, on the same offline base
map (region outlines, city names, Leaflet served by this app); the data is loaded as the
dashboard loads it (one cached frame). "naive" is what most Streamlit map apps do: one
``folium.CircleMarker`` per row with a ``folium.Popup`` (the same HTML as our popups,
``geo.dashboard.mapview.popup_html``) and a tooltip, all in one ``MarkerCluster``. Run it from the
repository root (.streamlit/config.toml serves the map's scripts).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import folium
import folium.plugins
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import reference
from geo.dashboard import assets, i18n, mapview, store
from geo.dataset.schema import place_name_in


def naive_map(df: pd.DataFrame, regions: dict, cities: pd.DataFrame, lang: str = "en"):
    """The map the tutorials make: one CircleMarker with its popup and tooltip per row."""
    m = folium.Map(location=[48.0, 67.0], zoom_start=4, tiles=None, control_scale=True)
    m.options["min_zoom"], m.options["max_zoom"] = mapview.MIN_ZOOM, mapview.MAX_ZOOM_OFFLINE
    folium.GeoJson(regions, name="Regions", control=False, interactive=False).add_to(m)
    for city in mapview.city_rows(cities, lang):
        folium.Marker([city["lat"], city["lon"]], icon=folium.DivIcon(html=city["name"])).add_to(m)
    cluster = folium.plugins.MarkerCluster(name="Actions", control=False).add_to(m)
    points = df[df["geo_precision"].isin(mapview.POINT_PRECISIONS) & df["lat"].notna()]
    for row in points.to_dict("records"):
        folium.CircleMarker(
            [row["lat"], row["lon"]],
            radius=7,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=mapview.action_colour(row["action_type"]),
            fill_opacity=0.9,
            popup=folium.Popup(mapview.popup_html(row, lang), max_width=360),
            tooltip=f"{place_name_in(row, lang)}: {str(row['summary'])[:120]}",
        ).add_to(cluster)
    m.fit_bounds(mapview.bounds(regions))
    return m


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", required=True)
    parser.add_argument("--map", choices=["ours", "naive"], required=True)
    args, _ = parser.parse_known_args(sys.argv[1:])
    st.set_page_config(page_title=f"map: {args.map}", layout="wide")
    # Streamlit serves static/ beside the script it runs: here benchmarks/static/.
    assets.install_static(Path(__file__).resolve().parent / "static")
    assets.use_local_assets()

    @st.cache_resource(show_spinner=False)
    def load(path: str):
        actions = store.read_actions(path, store.VIEW_COLUMNS)
        return actions, store.options(actions)

    actions, choices = load(str(store.actions_file(args.data)))
    regions = store.load_regions(reference.path("regions.geojson"))
    cities = store.load_cities(reference.path("basemap_cities.csv"))
    t = i18n.texts()
    with st.sidebar:
        types = st.multiselect(
            t["action_types"],
            choices["action_types"],
            format_func=lambda k: i18n.action_type_labels().get(k, k),
            key="type",
        )
    filtered = store.filter_actions(actions, action_types=types)
    st.metric(t["metric_actions"], filtered["action_id"].nunique())
    if args.map == "ours":
        m = mapview.build_map(filtered, regions, cities)
    else:
        m = naive_map(filtered, regions, cities)
    st_folium(m, height=540, use_container_width=True, returned_objects=[], key="map")


if __name__ == "__main__":
    main()

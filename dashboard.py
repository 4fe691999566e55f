"""Streamlit dashboard: the map and table of volunteer actions found by ``geo build``.

In: DIR/actions.geojson, where DIR is ``--data DIR`` after ``--`` on the command line,
else the GEO_DATA_DIR environment variable, else ``data/`` next to this file. Region
outlines and city labels are read from DIR too if present, else from ``data/`` here.
Out: a page with date/organisation filters, counts, an offline map, a list of the
actions that are not on the map (country-wide), a table and a CSV download.

    streamlit run dashboard.py                      # data/actions.geojson
    streamlit run dashboard.py -- --data /some/dir  # /some/dir/actions.geojson
    GEO_DATA_DIR=/some/dir streamlit run dashboard.py

All data work lives in geo.store and geo.mapview; this script only lays out the page.
"""

import argparse
import os
import sys
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo import assets, mapview, store
from geo.settings import UI

APP_DIR = Path(__file__).resolve().parent

st.set_page_config(page_title=UI["page_title"], page_icon="🗺️", layout="wide")

# --- where the data is ------------------------------------------------------------
# parse_known_args: under pytest (AppTest) sys.argv holds pytest's own arguments.
parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
parser.add_argument("--data", default=None)
cli, _unknown = parser.parse_known_args(sys.argv[1:])
data_dir = Path(cli.data or os.environ.get(UI["data_dir_env"]) or APP_DIR / UI["default_data_dir"])
actions_path = data_dir / UI["actions_file"]
regions_path = store.find_data_file(UI["regions_file"], data_dir, APP_DIR / "data")
cities_path = store.find_data_file(UI["cities_file"], data_dir, APP_DIR / "data")

# --- map assets served by this app, not by a CDN ------------------------------------
assets.install_static(APP_DIR / "static")
base_path = st.get_option("server.baseUrlPath").strip("/")
assets.use_local_assets(("/" + base_path if base_path else "") + assets.DEFAULT_BASE_URL)


@st.cache_data(show_spinner=False)
def load_actions(path: str, mtime: float):
    # mtime is only part of the cache key: a new `geo build` invalidates the cache.
    return store.load_actions(path)


@st.cache_data(show_spinner=False)
def load_base(regions: str, cities: str):
    return store.load_regions(regions), store.load_cities(cities)


st.title(UI["title"])
st.caption(UI["caption"])
if not st.get_option("server.enableStaticServing"):
    st.warning(
        "server.enableStaticServing is off, so the map cannot load its scripts: run "
        "`streamlit run dashboard.py` from the repository root (it has .streamlit/config.toml)."
    )

with st.spinner(UI["loading"]):
    try:
        mtime = actions_path.stat().st_mtime if actions_path.exists() else 0.0
        actions = load_actions(str(actions_path), mtime)
    except store.ActionsFileNotFound as err:
        st.error(str(err))
        st.stop()
    regions, cities = load_base(str(regions_path), str(cities_path))

# --- filters -------------------------------------------------------------------------
bounds = store.date_bounds(actions)
date_from = date_to = None
with st.sidebar:
    st.header(UI["filters"])
    if bounds:
        picked = st.date_input(
            UI["date_range"],
            value=bounds,
            min_value=bounds[0],
            max_value=bounds[1],
            key="dates",
        )
        # While a range is being picked the widget holds only its first date.
        date_from = picked[0] if len(picked) > 0 else None
        date_to = picked[1] if len(picked) > 1 else None
    include_undated = st.toggle(UI["include_undated"], value=True, key="undated")
    organisations = st.multiselect(
        UI["organisations"],
        store.organisation_options(actions),
        key="organisations",
        help=UI["organisations_help"],
    )
    online_tiles = st.toggle(UI["online_tiles"], value=False, key="online_tiles")

filtered = store.filter_actions(actions, date_from, date_to, include_undated, organisations)

# --- counts --------------------------------------------------------------------------
counts = store.summary_counts(filtered)
c1, c2, c3 = st.columns(3)
c1.metric(UI["metric_actions"], counts["actions"])
c2.metric(UI["metric_places"], counts["places"])
c3.metric(UI["metric_organisations"], counts["organisations"])

# --- map and what is not on it -------------------------------------------------------
map_col, side_col = st.columns([3, 1])
with map_col:
    st.subheader(UI["map_header"])
    folium_map = mapview.build_map(filtered, regions, cities, online_tiles=online_tiles)
    # returned_objects=[]: panning and zooming must not rerun the script.
    st_folium(
        folium_map,
        height=UI["map_height"],
        use_container_width=True,
        returned_objects=[],
        key="map",
    )
    st.caption(UI["map_note"])

with side_col:
    st.subheader(UI["country_header"])
    off_map = mapview.off_map(filtered, regions)
    if off_map.empty:
        st.info(UI["country_empty"])
    # A fixed height keeps a long list beside the map instead of pushing the table down.
    off_map_list = st.container(height=UI["map_height"], border=False)
    for row in off_map.to_dict("records"):
        with off_map_list, st.container(border=True):
            st.markdown("**" + store.escape_markdown(row["summary"]) + "**")
            dates = store.format_dates(row["date_start"], row["date_end"], row["time_precision"])
            orgs = "; ".join(row["organisations"]) or "—"
            st.caption(store.escape_markdown(f"{dates} · {orgs} · {row['place']}"))
            st.caption(store.escape_markdown(row["source"]))

# --- table and download --------------------------------------------------------------
st.subheader(UI["table_header"])
if filtered.empty:
    st.info(UI["no_rows"])
st.dataframe(
    store.table_view(filtered),
    hide_index=True,
    width="stretch",
    column_config={
        **UI["columns"],
        "date_start": st.column_config.DateColumn(UI["columns"]["date_start"]),
        "date_end": st.column_config.DateColumn(UI["columns"]["date_end"]),
        # Only http(s) sources are in "link" (see store.table_view), so only they are links.
        "link": st.column_config.LinkColumn(UI["columns"]["link"], display_text="open ↗"),
    },
)
st.download_button(
    UI["download"],
    data=store.to_csv_bytes(filtered),
    file_name=UI["download_file"],
    mime="text/csv",
    on_click="ignore",
)

"""The dashboard's settings that are not labels: where its data is, its files, sizes and limits.

In: nothing (constants). Out: ``CONFIG``, read by dashboard.py, pages/curate.py (through
geo.curation.curate.locate), geo.dashboard.store and geo.dashboard.mapview. The labels are
in geo.dashboard.i18n.
"""

from __future__ import annotations

CONFIG: dict[str, object] = {
    "default_data_dir": "data",
    "data_dir_env": "GEO_DATA_DIR",
    "actions_file": "actions.geojson",
    "regions_file": "regions.geojson",
    "cities_file": "basemap_cities.csv",
    "map_height": 540,
    # Downloads are named <stem>_<view>_<from>_<to>.<ext> (geo.dashboard.view.file_name).
    "download_stem": "volunteer_actions",
    "brief_stem": "volunteer_actions_brief",
    # At scale: a place's popup lists its newest actions (a region's too), the lists under
    # and beside the map the newest "list_max", the table the newest "table_max_rows";
    # everything else is counted, and the CSV download holds every row.
    "popup_newest": 3,
    "region_popup_newest": 5,
    "list_max": 10,
    "table_max_rows": 1000,  # sent to every session on every rerun
    # An open page that follows the data (a switch) looks for a newly published dataset this
    # often (two stats in a fragment rerun) and then shows it, filters kept (issue 18).
    "data_check_seconds": 5,
    # The two pages, as each page's sidebar links them (named by i18n.page_name in the
    # page's language; Streamlit's own list, which names them by file in English, is off in
    # .streamlit/config.toml): script under the app's folder, and icon.
    "pages": {
        "dashboard.py": ":material/map:",
        "pages/curate.py": ":material/edit_note:",
    },
}

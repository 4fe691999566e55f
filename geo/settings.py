"""Every label, default and limit the dashboard shows, in one place.

In: nothing but ``data/action_types.toml`` (for the type labels). Out: ``UI`` (texts, file
names, sizes), ``ACTION_TYPE_LABELS`` and ``GEO_PRECISION_LABELS``. The dashboard and its
tests import them from here, so a label changes in one place.
"""

from __future__ import annotations

from geo.taxonomy import type_labels

UI: dict[str, object] = {
    "page_title": "Volunteer actions in Kazakhstan",
    "title": "Volunteer actions in Kazakhstan / Волонтёрские акции в Казахстане",
    "caption": "Actions found in news articles, placed on the map by where they happened.",
    "default_data_dir": "data",
    "data_dir_env": "GEO_DATA_DIR",
    "actions_file": "actions.geojson",
    "regions_file": "regions.geojson",
    "cities_file": "basemap_cities.csv",
    "loading": "Loading actions…",
    "filters": "Filters / Фильтры",
    "date_range": "Date range / Период",
    "include_undated": "Include actions without a date / Включая без даты",
    "organisations": "Organisations / Организации",
    "organisations_help": "Empty = all organisations.",
    "online_tiles": "Online OpenStreetMap tiles (needs internet)",
    "metric_actions": "Actions / Акции",
    "metric_places": "Places / Места",
    "metric_organisations": "Organisations / Организации",
    "map_header": "Map / Карта",
    "map_height": 520,
    "map_note": (
        "Pins: a town or a spot near it. Shaded regions: actions known only by region. "
        "Click a pin or a region for details."
    ),
    "country_header": "Country-wide / По всей стране",
    "country_empty": "No country-wide actions in the selection.",
    "table_header": "Actions / Список акций",
    "download": "Download CSV",
    "download_file": "volunteer_actions.csv",
    "no_rows": "No action matches the filters.",
    # Headers of the table columns (keys are table_view's columns).
    "columns": {
        "date_start": "from / с",
        "date_end": "to / по",
        "action_type": "type / тип",
        "summary": "summary / описание",
        "organisations": "organisations / организации",
        "place": "place / место",
        "geo_precision": "precision / точность",
        "admin1": "region / область",
        "evidence": "evidence / цитата",
        "source": "source / источник",
        "link": "link / ссылка",
    },
}

# Labels of the action types come from data/action_types.toml, like the extractor's.
ACTION_TYPE_LABELS: dict[str, str] = type_labels("en")

GEO_PRECISION_LABELS: dict[int, str] = {
    1: "settlement / exact point",
    2: "district or near a town",
    3: "region",
    4: "whole country",
}

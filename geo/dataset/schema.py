"""The dataset contract: the properties of every feature in ``actions.geojson``.

``geo build`` writes them, the dashboard reads them, other tools rely on them: keep them
stable. What each means is in the README ("The dataset").
"""

FEATURE_PROPERTIES: tuple[str, ...] = (
    "feature_id",
    "action_id",
    "doc_id",
    "action_type",
    "action_types",
    "summary",
    "organisations",
    "sponsors",
    "beneficiaries",
    "quantities",
    "date_start",
    "date_end",
    "time_precision",
    "date_source",
    "date_note",
    "place_name",
    "place",
    "place_ru",
    "place_kk",
    "place_id",
    "place_kind",
    "geo_precision",
    "admin1",
    "place_source",  # sentence | article | outlet: where the action's place was read
    "evidence",
    "char_start",
    "char_end",
    "evidence_spans",
    "source",
    "sources",
    "language",
    "edited",  # true when an analyst corrected the action (geo.dataset.corrections)
    "corrections",  # the ids of those corrections
)
# Lists in the GeoJSON; joined with "; " in the CSV.
LIST_COLUMNS: tuple[str, ...] = (
    "action_types",
    "organisations",
    "sponsors",
    "beneficiaries",
    "quantities",
    "sources",
    "corrections",
)
# actions.csv: the same, with the point's coordinates.
CSV_COLUMNS: tuple[str, ...] = (*FEATURE_PROPERTIES, "lat", "lon")

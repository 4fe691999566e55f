"""The dataset contract: the properties of every feature in ``actions.geojson``, once.

In: nothing (a table). Out: ``FIELDS``, one ``Field`` per property in the files' order, each
of a ``Kind`` that says its Arrow type (``actions.parquet``), how a CSV cell writes it
(``actions.csv``) and what type the dashboard's DataFrame gives it (``geo.dashboard.store``);
and the name lists the writers and readers take from it (``FEATURE_PROPERTIES``,
``LIST_COLUMNS``, ``CSV_COLUMNS``, ``OPTIONAL_PROPERTIES``).

How: ``geo build`` writes the properties (geo.dataset.record makes them, geo.dataset.formats
writes the three files), the dashboard reads them, other tools rely on them: keep them
stable. What each means is in the README ("The dataset"). A new property is one line here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pyarrow as pa


def _as_is(value: object) -> object:
    return value


def _joined(values: list[str] | None) -> str:
    """A list's cell; a feature without the property (made by another tool, or before the
    field existed) has an empty one, as its Parquet column has a null."""
    return "; ".join(values or ())


def _spans(spans: list[list[int]] | None) -> str:
    return "; ".join(f"{s}-{e}" for s, e in spans or ())


@dataclass(frozen=True)
class Kind:
    """What a kind of property is in each form the dataset takes."""

    arrow: pa.DataType  # in actions.parquet
    csv: Callable[[object], object]  # the GeoJSON value -> the cell of actions.csv
    # In the dashboard's DataFrame (geo.dashboard.store): "text" (str), "tuple" (of str),
    # "date" (datetime64), "int" (int, or the nullable Int64 when ``missing`` is None),
    # "bool", "float" (float, NaN when missing).
    frame: str
    is_list: bool = False  # a list of names: joined with "; " in the CSV, tuples in a frame

    @property
    def verbatim_in_csv(self) -> bool:
        """The GeoJSON value is the CSV cell as it is (``csv`` need not be called)."""
        return self.csv is _as_is


KINDS: dict[str, Kind] = {
    "text": Kind(pa.string(), _as_is, "text"),
    "list": Kind(pa.list_(pa.string()), _joined, "tuple", is_list=True),
    "date": Kind(pa.date32(), _as_is, "date"),  # ISO text in the GeoJSON and the CSV
    "int": Kind(pa.int64(), _as_is, "int"),
    "bool": Kind(pa.bool_(), _as_is, "bool"),
    "number": Kind(pa.float64(), _as_is, "float"),
    # [[start, end], ...] character offsets; "s-e; s-e" in the CSV; text in a frame (as the
    # dashboard has always shown it: the list's repr).
    "spans": Kind(pa.list_(pa.list_(pa.int64())), _spans, "text"),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # a key of KINDS
    # Older builds may lack it: the dashboard still gives it a column, empty.
    optional: bool = False
    # Its value in a DataFrame when the feature has none: "" for text, () for lists, NaT for
    # dates, the number for an int (None: a nullable Int64), False for bool.
    missing: object = ""
    note: str = ""

    @property
    def type(self) -> Kind:
        return KINDS[self.kind]


FIELDS: tuple[Field, ...] = (
    Field("feature_id", "text"),
    Field("action_id", "text"),
    Field("doc_id", "text"),
    Field("action_type", "text"),
    Field("action_types", "list"),
    Field("summary", "text"),
    Field("summary_ru", "text", optional=True),
    Field("summary_kk", "text", optional=True),
    Field("organisations", "list"),
    Field("sponsors", "list", optional=True),
    Field("beneficiaries", "list", optional=True),
    Field("quantities", "list", optional=True),
    Field("date_start", "date"),
    Field("date_end", "date"),
    Field("time_precision", "text"),
    Field("date_source", "text"),
    Field("date_note", "text"),
    Field("place_name", "text"),
    Field("place", "text"),
    Field("place_ru", "text", optional=True),
    Field("place_kk", "text", optional=True),
    Field("place_id", "text"),
    Field("place_kind", "text"),
    Field("geo_precision", "int", missing=4, note="1 exact .. 4 whole country"),
    Field("admin1", "text", missing=None, note="null, not empty, for country-wide actions"),
    Field(
        "place_source",
        "text",
        optional=True,
        note="sentence | article | outlet: where the action's place was read",
    ),
    Field(
        "confidence",
        "number",
        optional=True,
        missing=None,
        note="0-1, how sure the point is (geo.dataset.confidence); an analyst's once checked",
    ),
    Field(
        "text_confidence",
        "number",
        optional=True,
        missing=None,
        note="0-1, the confidence the text gave, kept when an analyst moves or confirms",
    ),
    Field(
        "confidence_reasons",
        "list",
        optional=True,
        note="codes of geo/resources/confidence.toml (checked_by_analyst: confirmed)",
    ),
    Field("evidence", "text"),
    Field("char_start", "int", missing=None),
    Field("char_end", "int", missing=None),
    Field("evidence_spans", "spans"),
    Field("source", "text"),
    Field("sources", "list", optional=True),
    Field("language", "text"),
    Field(
        "edited",
        "bool",
        optional=True,
        missing=False,
        note="true when an analyst corrected the action (geo.dataset.corrections)",
    ),
    Field("corrections", "list", optional=True, note="the ids of those corrections"),
)
BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


def place_name_in(properties: Mapping[str, object], lang: str) -> str:
    """A feature's place named in ``lang``: ``place_ru`` / ``place_kk`` where it has one (the
    Kazakh falls back to the Russian, as geo.geoparse.resolve.localized_name does), else its
    English ``place``. A name missing is empty, None or NaN (a pandas row's null)."""

    def named(key: str) -> str:
        value = properties.get(key)
        return value if isinstance(value, str) else ""

    ru, kk = named("place_ru"), named("place_kk")
    if lang == "kk" and (kk or ru):
        return kk or ru
    if lang == "ru" and ru:
        return ru
    return named("place")


def summary_field(lang: str) -> str:
    """The property holding an action's summary in ``lang``: "summary" (English),
    "summary_ru", "summary_kk"."""
    return "summary" if lang == "en" else f"summary_{lang}"


FEATURE_PROPERTIES: tuple[str, ...] = tuple(f.name for f in FIELDS)
# Lists in the GeoJSON; joined with "; " in the CSV.
LIST_COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.type.is_list)
# Properties that may be missing from older builds: the dashboard fills them, empty.
OPTIONAL_PROPERTIES: tuple[str, ...] = tuple(f.name for f in FIELDS if f.optional)
# The point's coordinates, after the properties in actions.csv and actions.parquet.
COORDINATES: tuple[str, ...] = ("lat", "lon")
# actions.csv: the same, with the point's coordinates.
CSV_COLUMNS: tuple[str, ...] = (*FEATURE_PROPERTIES, *COORDINATES)


def csv_cell(field: Field, value: object) -> object:
    """``value`` (as in the GeoJSON) as ``field``'s cell of actions.csv, before a spreadsheet
    formula is defused (geo.dataset.formats)."""
    return field.type.csv(value)


def arrow_schema() -> pa.Schema:
    """actions.parquet's columns: the properties, then lat and lon."""
    fields = [pa.field(f.name, f.type.arrow) for f in FIELDS]
    return pa.schema([*fields, *(pa.field(n, pa.float64()) for n in COORDINATES)])

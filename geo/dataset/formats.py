"""Formats: the dataset's features as the bytes of each file ``geo build`` writes.

In: GeoJSON Point features whose properties follow geo.dataset.schema (whose table of fields
says each column's Arrow type and CSV cell). Out:
- ``feature_collection(features)``: ``actions.geojson``, the contract (one feature a line);
- ``csv_table(features)``: ``actions.csv`` for spreadsheets (UTF-8 with BOM for Excel,
  lists joined with "; ");
- ``parquet_table(features)``: ``actions.parquet``, the dashboard's store.

Why Parquet for the dashboard: it is columnar, so a view reads only the columns it shows
(the map needs 6 of 32); its row groups carry min/max statistics, so a date filter skips
whole groups unread; pyarrow, which writes and reads it, already comes with Streamlit and
pandas; and analysts' tools (pandas, R, DuckDB, Power BI) open it as it is. SQLite reads
rows, not columns; DuckDB would add a 40 MB engine for what pyarrow does here.
"""

from __future__ import annotations

import csv
import io

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from geo.dataset.schema import CSV_COLUMNS, FIELDS, arrow_schema, csv_cell
from geo.language.organisations import FORMULA_START

# A spreadsheet runs a cell as a formula after these, and after a tab or a CR it may too.
_FORMULA_PREFIXES = (*FORMULA_START, "\t", "\r")
ROW_GROUP = 16_384  # rows; rows are sorted by date, so a date filter skips groups
_DATES = tuple(f.name for f in FIELDS if f.kind == "date")


def feature_collection(features: list[dict]) -> bytes:
    """GeoJSON with one feature per line: compact, and a diff shows which actions changed."""
    lines = b",\n".join(orjson.dumps(f) for f in features)
    return b'{"type": "FeatureCollection", "features": [\n' + lines + b"\n]}\n"


def defuse_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab
    or a CR), prefixed with an apostrophe; anything else as it is. Text comes from the web."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_table(features: list[dict]) -> bytes:
    """Rows end with CRLF (RFC 4180), so every cell holding a CR or LF is quoted, and no text
    cell can start a spreadsheet formula (``defuse_formula``): the text comes from the web."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for feature in features:
        properties = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        row = [defuse_formula(csv_cell(f, properties.get(f.name))) for f in FIELDS]
        writer.writerow([*row, lat, lon])
    return buffer.getvalue().encode("utf-8-sig")


def parquet_schema() -> pa.Schema:
    """The columns of actions.parquet, as geo.dataset.schema types them."""
    return arrow_schema()


def parquet_table(features: list[dict]) -> bytes:
    schema = parquet_schema()
    ordered = sorted(features, key=lambda f: f["properties"].get("date_start") or "9999")
    # Rows in, converted by pyarrow (in C++): twice as fast as columns gathered in Python.
    # Dates arrive as ISO text and are cast.
    as_read = [
        pa.field(f.name, pa.string()) if f.name in _DATES else schema.field(f.name) for f in FIELDS
    ]
    table = pa.Table.from_pylist([f["properties"] for f in ordered], schema=pa.schema(as_read))
    for name in _DATES:
        where = table.schema.get_field_index(name)
        table = table.set_column(where, schema.field(name), table.column(name).cast(pa.date32()))
    coordinates = [f["geometry"]["coordinates"] for f in ordered]
    for name, axis in (("lat", 1), ("lon", 0)):
        values = pa.array([c[axis] for c in coordinates], pa.float64())
        table = table.append_column(schema.field(name), values)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=ROW_GROUP, compression="zstd")
    return buffer.getvalue()

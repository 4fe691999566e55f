"""Formats: the dataset's features as the bytes of each file ``geo build`` writes.

In: GeoJSON Point features whose properties follow geo.dataset.schema (whose table of fields
says each column's Arrow type and CSV cell). Out:
- ``feature_lines(features)``: each feature's JSON line, made once for the next two;
- ``feature_collection(features)``: ``actions.geojson``, the contract (one feature a line);
- ``csv_table(features)``: ``actions.csv`` for spreadsheets (UTF-8 with BOM for Excel,
  lists joined with "; ");
- ``parquet_table(features)``: ``actions.parquet``, the dashboard's store;
- ``collection_file``, ``csv_file``, ``parquet_file``: the same files of bytes made already,
  an action's lines or rows at a time (``csv_rows``; geo.dataset.snapshot copies an
  unchanged action's from the last publication), with ``collection_spans`` and
  ``csv_spans`` saying where each action's bytes are in them.

Why Parquet for the dashboard: it is columnar, so a view reads only the columns it shows
(the map needs 6 of 32); its row groups carry min/max statistics, so a date filter skips
whole groups unread; pyarrow, which writes and reads it, already comes with Streamlit and
pandas; and analysts' tools (pandas, R, DuckDB, Power BI) open it as it is. SQLite reads
rows, not columns; DuckDB would add a 40 MB engine for what pyarrow does here.
"""

from __future__ import annotations

import csv
import io

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj
import pyarrow.parquet as pq

from geo.dataset.schema import CSV_COLUMNS, FIELDS, arrow_schema
from geo.language.organisations import FORMULA_START

# A spreadsheet runs a cell as a formula after these, and after a tab or a CR it may too.
_FORMULA_PREFIXES = (*FORMULA_START, "\t", "\r")
ROW_GROUP = 16_384  # rows; rows are sorted by date, so a date filter skips groups
_DATES = tuple(f.name for f in FIELDS if f.kind == "date")


def feature_lines(features: list[dict]) -> list[bytes]:
    """Each feature as one line of JSON: made once, for the GeoJSON and the Parquet both."""
    return [orjson.dumps(f) for f in features]


def feature_collection(features: list[dict], lines: list[bytes] | None = None) -> bytes:
    """GeoJSON with one feature per line: compact, and a diff shows which actions changed.
    ``lines``: ``feature_lines(features)``, when made already."""
    lines = feature_lines(features) if lines is None else lines
    return collection_file([LINE_BREAK.join(lines)] if lines else [])


# Between two features of actions.geojson; orjson writes no line break inside a line.
LINE_BREAK = b",\n"
_COLLECTION_HEAD = b'{"type": "FeatureCollection", "features": [\n'


def collection_file(chunks: list[bytes]) -> bytes:
    """actions.geojson of ``chunks``, each one or more features' lines joined by
    ``LINE_BREAK`` (an action's, geo.dataset.snapshot.Piece)."""
    return b"".join(collection_parts(chunks))


def collection_parts(chunks: list[bytes]) -> list[bytes]:
    """``collection_file(chunks)`` in parts, to be written one after another."""
    parts = [_COLLECTION_HEAD]
    for chunk in chunks:
        parts += (chunk, LINE_BREAK)
    if chunks:
        parts.pop()
    return [*parts, b"\n]}\n"]


def collection_spans(chunks: list[bytes]) -> list[tuple[int, int]]:
    """Where each of ``chunks`` is in ``collection_file(chunks)``: (start, end)."""
    spans, at = [], len(_COLLECTION_HEAD)
    for chunk in chunks:
        spans.append((at, at + len(chunk)))
        at += len(chunk) + len(LINE_BREAK)
    return spans


def defuse_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula (it starts with = + - @, a tab
    or a CR), prefixed with an apostrophe; anything else as it is. Text comes from the web."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_table(
    features: list[dict], lines: list[bytes] | None = None, known: dict[bytes, bytes] | None = None
) -> bytes:
    """Rows end with CRLF (RFC 4180), so every cell holding a CR or LF is quoted, and no text
    cell can start a spreadsheet formula (``defuse_formula``): the text comes from the web.
    ``lines``, ``known``: as ``csv_rows``."""
    return csv_file(csv_rows(features, lines, known))


def csv_rows(
    features: list[dict], lines: list[bytes] | None = None, known: dict[bytes, bytes] | None = None
) -> list[bytes]:
    """Each feature's row of actions.csv, its bytes. ``known``: the rows a resident builder
    (geo.dataset.watch) wrote last time, by their feature's line (``feature_lines``, given
    as ``lines``); a feature whose line is there gets that row as it is (a row is a function
    of the feature alone), and ``known`` is left holding these rows. At 10 000 articles that
    is 0.05 s instead of 0.45 s."""
    known = {} if known is None else known
    lines = feature_lines(features) if lines is None else lines
    rows = {}
    for feature, line in zip(features, lines, strict=True):
        if line not in rows:
            rows[line] = known.get(line) or _csv_text(_csv_row(feature)).encode("utf-8")
    known.clear()
    known.update(rows)
    return [rows[line] for line in lines]


def csv_file(rows: list[bytes]) -> bytes:
    """actions.csv of ``rows`` (``csv_rows``'s, or several rows each): UTF-8 with a BOM for
    Excel, the header first."""
    return b"".join(csv_parts(rows))


def csv_parts(rows: list[bytes]) -> list[bytes]:
    """``csv_file(rows)`` in parts, to be written one after another."""
    return [_CSV_HEAD, *rows]


def csv_spans(rows: list[bytes]) -> list[tuple[int, int]]:
    """Where each of ``rows`` is in ``csv_file(rows)``: (start, end)."""
    spans, at = [], len(_CSV_HEAD)
    for row in rows:
        spans.append((at, at + len(row)))
        at += len(row)
    return spans


def _csv_text(row) -> str:
    """One row of actions.csv as text, its CRLF included."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue()


_CSV_HEAD = _csv_text(CSV_COLUMNS).encode("utf-8-sig")


# Each column's name and cell maker, none where the value is the cell: looked up once, and
# the formula check inline, for at 10 000 articles (716 000 cells) a call of csv_cell and of
# defuse_formula per cell took 3 s of 3.4 s under cProfile. The same cells as they make.
_MAKERS = tuple((f.name, None if f.type.verbatim_in_csv else f.type.csv) for f in FIELDS)


def _csv_row(feature: dict) -> list:
    properties = feature["properties"]
    row = [
        properties.get(name) if make is None else make(properties.get(name))
        for name, make in _MAKERS
    ]
    row = ["'" + v if v.__class__ is str and v.startswith(_FORMULA_PREFIXES) else v for v in row]
    lon, lat = feature["geometry"]["coordinates"]
    row += (lat, lon)
    return row


def parquet_schema() -> pa.Schema:
    """The columns of actions.parquet, as geo.dataset.schema types them."""
    return arrow_schema()


def parquet_table(features: list[dict], lines: list[bytes] | None = None) -> bytes:
    """The features as Parquet, sorted by date (undated last, else in the given order).
    ``lines``: ``feature_lines(features)``, when made already."""
    return parquet_file(feature_lines(features) if lines is None else lines)


def parquet_file(chunks: list[bytes]) -> bytes:
    """actions.parquet of the features in ``chunks`` (as ``collection_file`` takes them)."""
    return parquet_bytes(by_date(feature_table(chunks))[0])


def feature_table(chunks: list[bytes]) -> pa.Table:
    """The features in ``chunks`` as actions.parquet's columns, in their order (unsorted)."""
    return _from_lines(chunks, parquet_schema())


def by_date(table: pa.Table, rows: pa.Array | None = None) -> tuple[pa.Table, pa.Array]:
    """The rows of ``table`` (``rows`` of it, in that order, when given) as actions.parquet
    orders them: by date, undated last, else as given (the sort is stable). Also where each
    given row went (``positions[k]``: the row of the result that row ``k`` became)."""
    dates = table.column("date_start")
    given = dates if rows is None else dates.take(rows)
    order = pc.array_sort_indices(given, order="ascending", null_placement="at_end")
    taken = order if rows is None else rows.take(order)
    return _gathered(table, taken).combine_chunks(), pc.array_sort_indices(order)


def _gathered(table: pa.Table, rows: pa.Array) -> pa.Table:
    """``table.take(rows)``, by slices where the rows run on: a build that adds an article
    to 10 000 keeps the last publication's rows in a few long runs (0.002 s, where ``take``
    took 0.01-0.02 s). A full build's rows are a shuffle: ``take`` itself."""
    at = rows.to_numpy()
    breaks = np.flatnonzero(np.diff(at) != 1) + 1
    if not len(at) or len(breaks) > len(at) // 64:
        return table.take(rows)
    starts, ends = [0, *breaks.tolist()], [*breaks.tolist(), len(at)]
    return pa.concat_tables(
        [table.slice(int(at[s]), e - s) for s, e in zip(starts, ends, strict=True)]
    )


def parquet_bytes(table: pa.Table) -> bytes:
    """actions.parquet of a table ``by_date`` ordered."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=ROW_GROUP, compression="zstd")
    return buffer.getvalue()


def spliced_rows(last: pa.Table, new: pa.Table, rows: list[int]) -> tuple[pa.Table, pa.Array]:
    """``last`` followed by ``new``, and ``rows`` of them (for ``by_date``): the last
    publication's rows an action at a time (geo.dataset.snapshot), and the rows made now.
    (At 10 000 articles 0.02 s, where reading every feature's JSON again took 0.25 s.)"""
    both = pa.concat_tables([last, new]) if new.num_rows else last
    return both, pa.array(rows, pa.int64())


def _from_lines(chunks: list[bytes], schema: pa.Schema) -> pa.Table:
    """The table of the features' JSON lines (in ``chunks`` of lines joined by
    ``LINE_BREAK``), read by pyarrow's JSON reader (C++, on every
    core): at 10 000 articles (20 000 features) 0.6 s where ``Table.from_pylist`` of their
    properties took 1.3-3 s on the loaded 2-core machine. Dates are read as ISO text and
    cast; the sort that follows is stable, so equal dates keep the features' order."""
    if not chunks:
        return schema.empty_table()
    as_read = [
        pa.field(f.name, pa.string()) if f.name in _DATES else schema.field(f.name) for f in FIELDS
    ]
    feature = pa.schema(
        [
            ("geometry", pa.struct([("coordinates", pa.list_(pa.float64()))])),
            ("properties", pa.struct(as_read)),
        ]
    )
    options = pj.ParseOptions(explicit_schema=feature, unexpected_field_behavior="ignore")
    # A block holds whole lines: one longer than the reader's 1 MB blocks would be an error.
    # (A chunk is at least as long as its longest line.)
    blocks = pj.ReadOptions(block_size=max(1 << 20, 2 * max(map(len, chunks))))
    text = LINE_BREAK.join(chunks).replace(LINE_BREAK, b"\n")  # one feature a line
    read = pj.read_json(io.BytesIO(text), blocks, options)
    properties = read.column("properties").combine_chunks()
    columns = [
        properties.field(f.name).cast(pa.date32()) if f.name in _DATES else properties.field(f.name)
        for f in FIELDS
    ]
    coordinates = read.column("geometry").combine_chunks().field("coordinates")
    lat, lon = pc.list_element(coordinates, 1), pc.list_element(coordinates, 0)
    return pa.Table.from_arrays([*columns, lat, lon], schema=schema)

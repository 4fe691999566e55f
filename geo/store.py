"""Load the dashboard's data files into tables and filter them.

In: the GeoJSON written by ``geo build`` (one Point feature per action and place; the
properties are described in README.md), ``regions.geojson``, ``basemap_cities.csv`` and
the user's filter choices.
Out: pandas DataFrames (one row per feature, ``lat``/``lon`` columns, dates as
``datetime64``, ``organisations`` and ``action_types`` as tuples), counts, CSV bytes.
Everything here is pure pandas: no Streamlit, no HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from geo.schema import CSV_COLUMNS, FEATURE_PROPERTIES
from geo.settings import ACTION_TYPE_LABELS, UI

COLUMNS: tuple[str, ...] = CSV_COLUMNS
_TEXT_COLUMNS = (
    "feature_id",
    "action_id",
    "doc_id",
    "action_type",
    "summary",
    "time_precision",
    "place_name",
    "place",
    "place_id",
    "place_kind",
    "admin1",
    "evidence",
    "source",
    "language",
)


class ActionsFileNotFound(FileNotFoundError):
    """``actions.geojson`` is missing; the message says how to make it."""


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, Iterable):
        return tuple(str(v) for v in value if v is not None and str(v) != "")
    return (str(value),)


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def load_actions(path: str | Path) -> pd.DataFrame:
    """Read ``actions.geojson`` at ``path`` into a DataFrame, one row per feature.

    Returns the columns in ``COLUMNS``: the feature properties, plus ``lat``/``lon`` from
    the Point geometry (NaN if it has none). ``date_start``/``date_end`` are
    ``datetime64`` (NaT when unknown), ``geo_precision`` an int, ``organisations`` and
    ``action_types`` tuples of strings, other text columns strings ("" when null, except
    ``admin1``, which is missing/NA when null). Raises ``ActionsFileNotFound`` naming the
    path if the file is missing, ``ValueError`` if it is not a GeoJSON FeatureCollection.
    """
    path = Path(path)
    if not path.is_file():
        raise ActionsFileNotFound(
            f"{path} not found. Run `geo build` to create it, or point the dashboard at "
            f"another directory: `streamlit run dashboard.py -- --data DIR` "
            f"(or set {UI['data_dir_env']}=DIR)."
        )
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")

    rows = []
    for feature in data.get("features") or []:
        props = dict(feature.get("properties") or {})
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
        row = {col: props.get(col) for col in FEATURE_PROPERTIES}
        for col in _TEXT_COLUMNS:
            row[col] = _as_text(row[col])
        row["admin1"] = row["admin1"] or None
        row["organisations"] = _as_tuple(row["organisations"])
        row["action_types"] = _as_tuple(row["action_types"])
        row["lon"], row["lat"] = (
            (float(coords[0]), float(coords[1])) if coords else (float("nan"),) * 2
        )
        rows.append(row)

    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for col in ("date_start", "date_end"):
        df[col] = pd.to_datetime(df[col], errors="coerce", format="ISO8601")
    df["geo_precision"] = pd.to_numeric(df["geo_precision"], errors="coerce").fillna(4).astype(int)
    for col in ("char_start", "char_end"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("Int64")
    return df


def load_regions(path: str | Path) -> dict:
    """Region outlines (GeoJSON FeatureCollection whose features have ``name_en``)."""
    with Path(path).open(encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    return data


def load_cities(path: str | Path) -> pd.DataFrame:
    """Base-map city labels: columns ``name_en``, ``name_ru``, ``lat``, ``lon``, ``geonameid``."""
    return pd.read_csv(path, dtype={"name_en": str, "name_ru": str, "geonameid": "Int64"})


def find_data_file(name: str, data_dir: str | Path, fallback_dir: str | Path) -> Path:
    """``data_dir / name`` if it exists, else ``fallback_dir / name`` (the app's own data).

    Lets a data directory that holds only ``actions.geojson`` reuse the repository's
    region outlines and city labels.
    """
    first = Path(data_dir) / name
    return first if first.is_file() else Path(fallback_dir) / name


def date_bounds(df: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """Earliest start and latest end date over dated rows, or None if nothing is dated."""
    starts = df["date_start"].fillna(df["date_end"]).dropna()
    ends = df["date_end"].fillna(df["date_start"]).dropna()
    if starts.empty:
        return None
    return starts.min().date(), ends.max().date()


def filter_actions(
    df: pd.DataFrame,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    include_undated: bool = True,
    organisations: Iterable[str] = (),
) -> pd.DataFrame:
    """Return the rows of ``df`` that match the filters (same columns, index kept).

    - dates: a dated row is kept if its span [date_start, date_end] overlaps
      [date_from, date_to] (either bound None = open; a missing start or end takes the
      other's value); a row with no date at all is kept only if ``include_undated``.
    - ``organisations``: keep rows naming at least one of them; empty = no filtering.
    """
    start = df["date_start"].fillna(df["date_end"])
    end = df["date_end"].fillna(df["date_start"])
    dated = start.notna()
    keep = dated.copy()
    if date_to is not None:
        keep &= start <= pd.Timestamp(date_to)
    if date_from is not None:
        keep &= end >= pd.Timestamp(date_from)
    if include_undated:
        keep |= ~dated
    wanted = set(organisations)
    if wanted:
        keep &= df["organisations"].map(lambda orgs: not wanted.isdisjoint(orgs))
    return df[keep]


def organisation_options(df: pd.DataFrame) -> list[str]:
    """All organisation names in ``df``, each once, sorted case-insensitively."""
    names = {name for orgs in df["organisations"] for name in orgs}
    return sorted(names, key=lambda n: (n.casefold(), n))


def summary_counts(df: pd.DataFrame) -> dict[str, int]:
    """Distinct ``actions`` (action_id), ``places`` (place_id) and ``organisations``."""
    return {
        "actions": int(df["action_id"].nunique()),
        "places": int(df["place_id"].nunique()),
        "organisations": len(organisation_options(df)),
    }


def country_wide(df: pd.DataFrame) -> pd.DataFrame:
    """Country-level actions (geo_precision 4), one row per action, newest first."""
    rows = df[df["geo_precision"] >= 4].drop_duplicates("action_id")
    return rows.sort_values("date_start", ascending=False, na_position="last")


def is_http_url(value: object) -> bool:
    """True only for absolute http(s) URLs: those are the only sources shown as links."""
    text = str(value or "").strip().lower()
    return text.startswith(("http://", "https://")) and len(text) > len("https://")


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def escape_markdown(text: object) -> str:
    """``text`` with every Markdown/Streamlit markup character backslash-escaped, so
    web text shown with ``st.markdown`` stays literal (no links, HTML, LaTeX, icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def format_dates(start: object, end: object, precision: str) -> str:
    """Human date span such as '2022-01-01 – 2022-01-31 (month)', or 'no date'."""
    s = "" if pd.isna(start) else pd.Timestamp(start).date().isoformat()
    e = "" if pd.isna(end) else pd.Timestamp(end).date().isoformat()
    if not s and not e:
        return "no date"
    span = f"{s} – {e}" if s and e and s != e else (s or e)
    return f"{span} ({precision})" if precision else span


def table_view(df: pd.DataFrame) -> pd.DataFrame:
    """The filtered rows as the dashboard table shows them: readable text columns.

    ``organisations`` is joined with '; ', dates are ``datetime.date`` (missing if unknown),
    ``link`` holds the source only when it is an http(s) URL (so only those are
    clickable), ``source`` keeps the raw value as plain text.
    """
    out = pd.DataFrame(
        {
            "date_start": df["date_start"].dt.date,
            "date_end": df["date_end"].dt.date,
            "action_type": df["action_type"].map(lambda t: ACTION_TYPE_LABELS.get(t, t)),
            "summary": df["summary"],
            "organisations": df["organisations"].map("; ".join),
            "place": df["place"],
            "geo_precision": df["geo_precision"],
            "admin1": df["admin1"],
            "evidence": df["evidence"],
            "source": df["source"],
            "link": df["source"].map(lambda s: s if is_http_url(s) else None),
        },
        index=df.index,
    )
    return out


_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _defuse_formula(value: object) -> object:
    # Text comes from the web; a leading '=' would run as a formula in a spreadsheet.
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The rows of ``df`` (``load_actions`` columns) as CSV, UTF-8 with BOM for Excel.

    Lists are joined with '; ', dates written as YYYY-MM-DD, and text cells that would
    start a spreadsheet formula are prefixed with an apostrophe.
    """
    out = df.loc[:, [c for c in COLUMNS if c in df.columns]].copy()
    for col in ("organisations", "action_types"):
        if col in out:
            out[col] = out[col].map("; ".join)
    for col in ("date_start", "date_end"):
        if col in out:
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_defuse_formula)
    return out.to_csv(index=False).encode("utf-8-sig")

"""Load the dashboard's data files into tables and filter them.

In: the GeoJSON written by ``geo build`` (one Point feature per action and place; the
properties are described in README.md), ``regions.geojson``, ``basemap_cities.csv``, the
user's filter choices (a ``Filters``).
Out: pandas DataFrames (one row per feature, ``lat``/``lon`` columns, dates as
``datetime64``, list properties as tuples), the same filtered, the date range of the data
and the choices the filter widgets offer.
Everything here is pure pandas: no Streamlit, no HTML. The dashboard, the briefing image
and ``geo brief`` all filter through ``apply_filters``: there is one filter implementation.
The view in the URL is in ``geo.dashboard.view``; what is shown and exported is in
``geo.dashboard.tables``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from geo import reference
from geo.dashboard import config
from geo.dashboard.filters import confidence_keeps
from geo.dataset.schema import BY_NAME, COORDINATES, FEATURE_PROPERTIES, FIELDS
from geo.dataset.schema import LIST_COLUMNS as LIST_COLUMNS

# The columns and their types follow the dataset's one table of fields (geo.dataset.schema):
# every property of the contract, optional ones (older builds may lack them) empty when absent.
PROPERTIES: tuple[str, ...] = FEATURE_PROPERTIES
COLUMNS: tuple[str, ...] = (*PROPERTIES, *COORDINATES)
_TEXT_COLUMNS = tuple(f.name for f in FIELDS if f.type.frame == "text")
# Text columns that stay missing (None), not "", when null: admin1.
_NULLABLE_TEXT = tuple(f.name for f in FIELDS if f.type.frame == "text" and f.missing is None)


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

    Returns the columns in ``COLUMNS``: the feature properties (optional ones empty when
    absent), plus ``lat``/``lon`` from the Point geometry (NaN if it has none).
    ``date_start``/``date_end`` are ``datetime64`` (NaT when unknown), ``geo_precision``
    an int, list properties (``LIST_COLUMNS``) tuples of strings, other text columns
    strings ("" when null, except ``admin1``, which is missing/NA when null). Raises
    ``ActionsFileNotFound`` naming the path if the file is missing, ``ValueError`` if it
    is not a GeoJSON FeatureCollection.
    """
    path = Path(path)
    if not path.is_file():
        raise ActionsFileNotFound(
            f"{path} not found. Run `geo build` to create it, or point the dashboard at "
            f"another directory: `streamlit run dashboard.py -- --data DIR` "
            f"(or set {config.CONFIG['data_dir_env']}=DIR)."
        )
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    return features_frame(data.get("features") or [])


def features_frame(features: Iterable[Mapping]) -> pd.DataFrame:
    """GeoJSON features (as ``actions.geojson`` holds them) as ``load_actions`` types them:
    e.g. the records a correction took off the map, which build-report.json keeps."""
    rows = []
    for feature in features:
        props = dict(feature.get("properties") or {})
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") if geometry.get("type") == "Point" else None
        row = {col: props.get(col) for col in PROPERTIES}
        for col in _TEXT_COLUMNS:
            row[col] = _as_text(row[col])
        for col in _NULLABLE_TEXT:
            row[col] = row[col] or None
        for col in LIST_COLUMNS:
            row[col] = _as_tuple(row[col])
        row["lon"], row["lat"] = (
            (float(coords[0]), float(coords[1])) if coords else (float("nan"),) * 2
        )
        rows.append(row)

    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for field in FIELDS:
        col, frame = field.name, field.type.frame
        if frame == "date":
            df[col] = pd.to_datetime(df[col], errors="coerce", format="ISO8601")
        elif frame == "int":
            numbers = pd.to_numeric(df[col], errors="coerce")
            df[col] = (
                numbers.astype("Int64")
                if field.missing is None
                else numbers.fillna(field.missing).astype(int)
            )
        elif frame == "bool":
            df[col] = df[col].fillna(field.missing).astype(bool)
        elif frame == "float":
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    return df


def load_regions(path: str | Path) -> dict:
    """Region outlines (GeoJSON FeatureCollection whose features have ``name_en``)."""
    with Path(path).open(encoding="utf-8") as fh:
        data = json.load(fh)
    if data.get("type") != "FeatureCollection":
        raise ValueError(f"{path} is not a GeoJSON FeatureCollection")
    return data


def load_cities(path: str | Path) -> pd.DataFrame:
    """Base-map city labels: ``name_en``, ``name_ru``, ``name_kk``, ``lat``, ``lon``,
    ``geonameid`` (``name_kk`` falls back to ``name_ru`` when the file has none)."""
    cities = pd.read_csv(path, dtype={"name_en": str, "name_ru": str, "geonameid": "Int64"})
    if "name_kk" not in cities:
        cities["name_kk"] = cities["name_ru"]
    return cities


def find_data_file(name: str, data_dir: str | Path, fallback_dir: str | Path) -> Path:
    """``data_dir / name`` if it exists, else ``fallback_dir / name`` (the app's own data).

    Lets a data directory that holds only ``actions.geojson`` reuse the repository's
    region outlines and city labels.
    """
    first = Path(data_dir) / name
    return first if first.is_file() else Path(fallback_dir) / name


# --- the dashboard's store: actions.parquet, only the columns and rows asked for -------------

ACTIONS_GEOJSON, ACTIONS_PARQUET = "actions.geojson", "actions.parquet"
# The dates' type as load_actions makes them (pandas picks the resolution).
_DATE_DTYPE = pd.to_datetime(pd.Series(["2020-01-01"]), format="ISO8601").dtype
# Columns no view of the dashboard shows: it keeps them out of memory and reads them from
# the file only for a download (``whole_rows``).
DOWNLOAD_ONLY = ("date_source", "date_note", "char_start", "char_end", "evidence_spans")
VIEW_COLUMNS: tuple[str, ...] = tuple(c for c in COLUMNS if c not in DOWNLOAD_ONLY)


def actions_file(data_dir: str | Path) -> Path:
    """The dataset file to read in ``data_dir``: ``actions.parquet`` when it is there and
    not older than ``actions.geojson`` (``geo build`` writes both; a GeoJSON edited or
    written by another tool wins), else ``actions.geojson`` (missing or not: ``read_actions``
    then says how to make it). Both as ``geo.dataset.publish.current`` names them, so a reader sees
    the last whole dataset while a build is switching files."""
    from geo.dataset import publish

    geojson = publish.current(Path(data_dir), ACTIONS_GEOJSON)
    parquet = publish.current(Path(data_dir), ACTIONS_PARQUET)
    if parquet.is_file() and (
        not geojson.is_file() or parquet.stat().st_mtime >= geojson.stat().st_mtime
    ):
        return parquet
    return geojson


class DataStamp(NamedTuple):
    """Which dataset a page shows: the actions file it read (``actions_file``), that file's
    modification time, and the publication's version (``geo.dataset.publish.version``: the
    build report, replaced last, so it changes once the whole dataset is new)."""

    path: Path
    mtime: float
    version: str


def data_stamp(data_dir: str | Path) -> DataStamp:
    """The stamp of the dataset in ``data_dir`` now: another one means ``geo build``,
    ``geo watch`` or the Curate page published (mtime 0.0 and version "" when there is
    none). Two stats, cheap enough for every open page to ask every few seconds."""
    from geo.dataset import publish

    path = actions_file(data_dir)
    mtime = path.stat().st_mtime if path.exists() else 0.0
    return DataStamp(path, mtime, publish.version(Path(data_dir)))


def read_actions(
    path: str | Path,
    columns: Iterable[str] | None = None,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    feature_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """``load_actions`` for either file ``actions_file`` names, reading only what is asked:
    ``columns`` (of ``COLUMNS``, in their order; default all), the rows whose dates may
    overlap [``date_from``, ``date_to``] (as ``filter_actions`` with undated rows kept) and,
    if given, only the rows of ``feature_ids``. The values and types are ``load_actions``'s.

    From ``actions.parquet`` (``path`` ending in .parquet) pyarrow reads only those columns,
    and the dates and ids are pushed down as a filter: the file is sorted by date, so a date
    range skips whole row groups by their min/max statistics. ``actions.geojson`` is read
    whole, then cut the same way.
    """
    path = Path(path)
    wanted = list(columns) if columns is not None else list(COLUMNS)
    if unknown := [c for c in wanted if c not in COLUMNS]:
        raise ValueError(f"unknown columns: {unknown}")
    wanted = [c for c in COLUMNS if c in wanted]
    if path.suffix != ".parquet" or not path.is_file():
        df = load_actions(path)  # a missing file: its error says how to make it
        if feature_ids is not None:
            df = df[df["feature_id"].isin(set(feature_ids))]
    else:
        df = _read_parquet(path, wanted, date_from, date_to, feature_ids)
    if date_from is not None or date_to is not None:
        df = filter_actions(df, date_from, date_to, include_undated=True)
    return df[wanted].reset_index(drop=True)


def whole_rows(path: str | Path, rows: pd.DataFrame) -> pd.DataFrame:
    """Every column of ``rows`` (rows of the file at ``path`` read with fewer columns, say
    ``VIEW_COLUMNS``), read again from the file: only those rows, in their order. Their
    date range is pushed down too, so a Parquet file skips the row groups outside it."""
    starts = rows["date_start"].fillna(rows["date_end"]).dropna()
    ends = rows["date_end"].fillna(rows["date_start"]).dropna()
    whole = read_actions(
        path,
        date_from=starts.min().date() if len(starts) else None,
        date_to=ends.max().date() if len(ends) else None,
        feature_ids=rows["feature_id"],
    )
    order = dict(zip(rows["feature_id"], range(len(rows)), strict=True))
    position = whole["feature_id"].map(order)
    return whole.iloc[position.to_numpy().argsort(kind="stable")].reset_index(drop=True)


def _read_parquet(
    path: Path,
    wanted: list[str],
    date_from: dt.date | None,
    date_to: dt.date | None,
    feature_ids: Iterable[str] | None,
) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from geo.dataset.schema import arrow_schema

    dates = ["date_start", "date_end"] if date_from is not None or date_to is not None else []
    in_file = set(pq.read_schema(path).names)
    read = [c for c in COLUMNS if c in in_file and (c in wanted or c in dates)]
    # A superset of the rows filter_actions keeps (a missing start or end passes), which
    # pyarrow can test against each row group's statistics; filter_actions then decides.
    condition = None
    if date_to is not None:
        start = pc.field("date_start")
        condition = (start <= pa.scalar(date_to, pa.date32())) | start.is_null()
    if date_from is not None:
        end = pc.field("date_end")
        later = (end >= pa.scalar(date_from, pa.date32())) | end.is_null()
        condition = later if condition is None else condition & later
    if feature_ids is not None:
        listed = pc.field("feature_id").isin(pa.array(list(feature_ids), pa.string()))
        condition = listed if condition is None else condition & listed
    # One chunk per column, not one per row group: a filter's take on a chunked column
    # first joins its chunks, at 100 000 actions 0.3-0.5 s for the longest texts, on every
    # new view (joined once here: 0.05 s).
    table = pq.read_table(path, columns=read, filters=condition).combine_chunks()
    n = table.num_rows
    data: dict[str, object] = {}
    schema = arrow_schema()  # the types of columns an older file lacks
    for name in [c for c in COLUMNS if c in wanted or c in dates]:
        if name in table.column_names:
            column = table.column(name)
        else:
            column = pa.nulls(n, schema.field(name).type if name in schema.names else pa.string())
        data[name] = _column(name, column)
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def _column(name: str, column) -> object:
    """One Parquet column as ``load_actions`` types it (see its docstring)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    field = BY_NAME.get(name)
    frame = field.type.frame if field else "coordinate"  # lat, lon
    if frame == "tuple":
        values = column.to_pylist()
        items = pc.list_flatten(column)
        if pc.any(pc.or_kleene(pc.is_null(items), pc.equal(items, ""))).as_py():
            return [_as_tuple(v) for v in values]  # drops empty items, as for GeoJSON
        return [tuple(v) if v else () for v in values]
    if frame == "date":
        return column.to_pandas(date_as_object=False).astype(_DATE_DTYPE)
    if frame == "int":
        numbers = column.to_pandas()
        if field.missing is None:
            return numbers.astype("Int64")
        return numbers.fillna(field.missing).astype(int)
    if frame in {"coordinate", "float"}:
        return column.cast(pa.float64()).to_pandas()
    if pa.types.is_boolean(column.type) or frame == "bool":
        return column.to_pandas().fillna(False).astype(bool)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return [_as_text(v) for v in column.to_pylist()]  # as the GeoJSON reader does
    if field.missing is None:  # admin1: missing, not "", when null
        return column.to_pandas().replace("", None).astype("str")
    return column.fill_null("").to_pandas().astype("str")


def date_bounds(df: pd.DataFrame) -> tuple[dt.date, dt.date] | None:
    """Earliest start and latest end date over dated rows, or None if nothing is dated."""
    starts = df["date_start"].fillna(df["date_end"]).dropna()
    ends = df["date_end"].fillna(df["date_start"]).dropna()
    if starts.empty:
        return None
    return starts.min().date(), ends.max().date()


# --- filters ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Filters:
    """What the user asked to see; the defaults show everything.

    Every list is "any of these"; an empty list does not filter. Each field's key in the URL,
    its words and its ``geo brief`` option are in ``geo.dashboard.filters.FILTERS``.
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    include_undated: bool = True
    organisations: tuple[str, ...] = ()
    include_branches: bool = False
    action_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    beneficiaries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    precisions: tuple[int, ...] = ()
    confidence: str = "all"


def expand_organisations(names: Iterable[str], include_branches: bool = False) -> set[str]:
    """``names``, plus (with ``include_branches``) every organisation below them in
    ``geo/resources/organisations.csv`` (its ``parent`` column, followed down all levels):
    Nur Otan (Amanat) -> Jas Otan, Birgemiz Fund."""
    wanted = set(names)
    if not include_branches or not wanted:
        return wanted
    orgs = reference.organisations()
    children: dict[str, list[str]] = {}
    for org in orgs.values():
        if org.parent in orgs:
            children.setdefault(orgs[org.parent].name, []).append(org.name)
    todo = list(wanted)
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in wanted:
                wanted.add(child)
                todo.append(child)
    return wanted


def _any_of(column: pd.Series, wanted: Iterable[str]) -> pd.Series:
    wanted = set(wanted)
    return column.map(lambda values: not wanted.isdisjoint(values))


def filter_actions(
    df: pd.DataFrame,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    include_undated: bool = True,
    organisations: Iterable[str] = (),
    *,
    include_branches: bool = False,
    action_types: Iterable[str] = (),
    regions: Iterable[str] = (),
    beneficiaries: Iterable[str] = (),
    languages: Iterable[str] = (),
    precisions: Iterable[int] = (),
    confidence: str = "all",
) -> pd.DataFrame:
    """Return the rows of ``df`` that match the filters (same columns, index kept).

    - dates: a dated row is kept if its span [date_start, date_end] overlaps
      [date_from, date_to] (either bound None = open; a missing start or end takes the
      other's value); a row with no date at all is kept only if ``include_undated``.
    - ``organisations``: rows naming at least one of them as organiser or sponsor
      (``include_branches``: or an organisation below one of them, see
      ``expand_organisations``).
    - ``action_types``: rows with one of them among their ``action_types`` (or as main type).
    - ``regions``: rows whose ``admin1`` is one of them (country-wide rows have none).
    - ``beneficiaries``, ``languages``, ``precisions`` (geo_precision levels): any of them.
    - ``confidence``: "all", "sure" (no doubtful record) or "doubtful" (only those), by
      ``geo.dashboard.filters.confidence_keeps``.
    Every empty choice (and "all") means no filtering on that property.
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
    orgs = expand_organisations(organisations, include_branches)
    if orgs:
        keep &= _any_of(involved(df), orgs)
    types = set(action_types)
    if types:
        keep &= _any_of(df["action_types"], types) | df["action_type"].isin(types)
    if regions := set(regions):
        keep &= df["admin1"].isin(regions)
    if beneficiaries := set(beneficiaries):
        keep &= _any_of(df["beneficiaries"], beneficiaries)
    if languages := set(languages):
        keep &= df["language"].isin(languages)
    if precisions := {int(p) for p in precisions}:
        keep &= df["geo_precision"].isin(precisions)
    if (kept := confidence_keeps(df["confidence"], confidence)) is not None:
        keep &= kept
    # Nothing filtered out: the frame itself, not a copy (100 ms at 100 000 actions).
    return df if keep.all() else df[keep]


def apply_filters(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """``filter_actions`` with the choices held in ``filters``."""
    return filter_actions(df, **dataclasses.asdict(filters))


def match_choice(
    wanted: str, choices: Iterable[str], labels: Iterable[Mapping[str, str]] = ()
) -> str | None:
    """The one of ``choices`` that ``wanted`` names (for the command line): the choice
    itself or one of its ``labels`` (choice -> label maps), ignoring case, else the only
    choice whose name or a label starts with it ("Nur Otan" -> "Nur Otan (Amanat)").
    None if it names none or several."""
    choices = list(choices)
    labels = list(labels)
    key = wanted.strip().casefold()

    def names(choice: str) -> list[str]:
        return [choice.casefold()] + [str(m[choice]).casefold() for m in labels if choice in m]

    for choice in choices:
        if key in names(choice):
            return choice
    starts = [c for c in choices if any(n.startswith(key) for n in names(c))]
    return starts[0] if len(starts) == 1 else None


# --- options offered by the filter widgets -----------------------------------------------


def _sorted_names(names: Iterable[str]) -> list[str]:
    return sorted(set(names), key=lambda n: (n.casefold(), n))


def involved(df: pd.DataFrame) -> pd.Series:
    """Per row, the organisations that organised or sponsored it (organisers first)."""
    return (df["organisations"] + df["sponsors"]).map(lambda names: tuple(dict.fromkeys(names)))


def organisation_options(df: pd.DataFrame) -> list[str]:
    """All organisation names in ``df`` (organisers and sponsors), each once, sorted
    case-insensitively."""
    return _sorted_names(name for orgs in involved(df) for name in orgs)


def options(df: pd.DataFrame) -> dict[str, list]:
    """What each list filter can choose from in ``df`` (keys as in ``Filters``).

    Types follow geo/resources/action_types.toml's order, precisions are 1..4, beneficiaries are
    empty when the dataset has none (the dashboard then hides that filter).
    """
    known_types = list(reference.action_types())
    types = ({t for ts in df["action_types"] for t in ts} | set(df["action_type"])) - {""}
    return {
        "organisations": organisation_options(df),
        "action_types": [t for t in known_types if t in types] + sorted(types - set(known_types)),
        "regions": sorted(df["admin1"].dropna().unique()),
        "beneficiaries": sorted({b for bs in df["beneficiaries"] for b in bs}),
        "languages": sorted(set(df["language"]) - {""}),
        "precisions": [1, 2, 3, 4],
    }


# --- how fresh the data is -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Freshness:
    """When the dataset was built and from how much: "data as of <built> · N articles"."""

    built: dt.datetime | None  # UTC; None when no build report says it
    articles: int | None
    actions: int | None

    @property
    def built_text(self) -> str | None:
        """The build time as every view prints it, "2026-12-03 14:05 UTC" (a time without a
        zone is taken as UTC); None when unknown."""
        if self.built is None:
            return None
        built = self.built if self.built.tzinfo is None else self.built.astimezone(dt.UTC)
        return built.strftime("%Y-%m-%d %H:%M UTC")


def freshness(data_dir: str | Path, report: Mapping | None = None) -> Freshness:
    """Read from ``build-report.json`` (``built``, ``articles``, ``actions``), or from
    ``report``, that file already read; a dataset made by an older build or by another tool
    has no ``built``: the dataset file's modification time stands in for it. Nothing raises:
    a missing or broken report gives what is known."""
    from geo.dataset import publish

    if report is None:
        report = {}
        with contextlib.suppress(OSError, ValueError):
            path = publish.current(Path(data_dir), "build-report.json")
            report = json.loads(path.read_bytes())
    built = None
    with contextlib.suppress(KeyError, TypeError, ValueError):
        built = dt.datetime.fromisoformat(report["built"])
    if built is None:
        with contextlib.suppress(OSError):
            mtime = actions_file(data_dir).stat().st_mtime
            built = dt.datetime.fromtimestamp(mtime, dt.UTC).replace(microsecond=0)
    return Freshness(built, report.get("articles"), report.get("actions"))

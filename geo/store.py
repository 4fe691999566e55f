"""Load the dashboard's data files into tables, filter them, and shape what is shown.

In: the GeoJSON written by ``geo build`` (one Point feature per action and place; the
properties are described in README.md), ``regions.geojson``, ``basemap_cities.csv``, the
user's filter choices (a ``Filters``, or the dashboard's widget state / URL parameters).
Out: pandas DataFrames (one row per feature, ``lat``/``lon`` columns, dates as
``datetime64``, list properties as tuples), the same filtered, the filters as URL
parameters and in words, one-row-per-action tables, counts, timelines, CSV and GeoJSON.
Everything here is pure pandas: no Streamlit, no HTML. The dashboard, the briefing image
and ``geo brief`` all filter through ``apply_filters``: there is one filter implementation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

import pandas as pd

from geo import settings, taxonomy
from geo.schema import FEATURE_PROPERTIES
from geo.schema import LIST_COLUMNS as _SCHEMA_LISTS

# Properties that may be missing from older builds (or not yet written by geo build):
# they are always present in the table, empty when the file lacks them.
OPTIONAL_PROPERTIES = ("place_ru", "place_kk", "beneficiaries", "quantities", "sponsors", "sources")
PROPERTIES: tuple[str, ...] = (
    *FEATURE_PROPERTIES,
    *(p for p in OPTIONAL_PROPERTIES if p not in FEATURE_PROPERTIES),
)
COLUMNS: tuple[str, ...] = (*PROPERTIES, "lat", "lon")
LIST_COLUMNS = (*_SCHEMA_LISTS, *(c for c in ("sources",) if c not in _SCHEMA_LISTS))
_NOT_TEXT = {"date_start", "date_end", "geo_precision", "char_start", "char_end", *LIST_COLUMNS}
_TEXT_COLUMNS = tuple(p for p in PROPERTIES if p not in _NOT_TEXT)


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
            f"(or set {settings.CONFIG['data_dir_env']}=DIR)."
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
        row = {col: props.get(col) for col in PROPERTIES}
        for col in _TEXT_COLUMNS:
            row[col] = _as_text(row[col])
        row["admin1"] = row["admin1"] or None
        for col in LIST_COLUMNS:
            row[col] = _as_tuple(row[col])
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

    Every list is "any of these"; an empty list does not filter.
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


def expand_organisations(names: Iterable[str], include_branches: bool = False) -> set[str]:
    """``names``, plus (with ``include_branches``) every organisation below them in
    ``data/organisations.csv`` (its ``parent`` column, followed down all levels):
    Nur Otan (Amanat) -> Jas Otan, Birgemiz Fund."""
    wanted = set(names)
    if not include_branches or not wanted:
        return wanted
    orgs = taxonomy.organisations()
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
    Every empty choice means no filtering on that property.
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
    return df[keep]


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

    Types follow data/action_types.toml's order, precisions are 1..4, beneficiaries are
    empty when the dataset has none (the dashboard then hides that filter).
    """
    known_types = list(taxonomy.action_types())
    types = ({t for ts in df["action_types"] for t in ts} | set(df["action_type"])) - {""}
    return {
        "organisations": organisation_options(df),
        "action_types": [t for t in known_types if t in types] + sorted(types - set(known_types)),
        "regions": sorted(df["admin1"].dropna().unique()),
        "beneficiaries": sorted({b for bs in df["beneficiaries"] for b in bs}),
        "languages": sorted(set(df["language"]) - {""}),
        "precisions": [1, 2, 3, 4],
    }


# --- the view in the URL -------------------------------------------------------------------
# The dashboard's widgets use these keys in st.session_state, and the same keys are the
# URL's query parameters, holding stable values (type keys, English region names), so a
# link opens the same view in any interface language.

VIEW_KEYS = (
    "lang",
    "dates",
    "undated",
    "org",
    "branches",
    "type",
    "region",
    "ben",
    "alang",
    "prec",
    "period",
    "tiles",
)
_LIST_KEYS = {
    "org": "organisations",
    "type": "action_types",
    "region": "regions",
    "ben": "beneficiaries",
    "alang": "languages",
    "prec": "precisions",
}
_FLAG_KEYS = ("undated", "branches", "tiles")
# The query parameters a view can set ("dates" is written as "from" and "to").
URL_PARAMS = (
    "lang",
    "from",
    "to",
    "undated",
    "org",
    "branches",
    "type",
    "region",
    "ben",
    "alang",
    "prec",
    "period",
    "tiles",
)
PERIODS = ("month", "week")


def default_view(bounds: tuple[dt.date, dt.date] | None) -> dict[str, object]:
    """The widget state that shows everything (the Reset button restores it)."""
    return {
        "lang": settings.DEFAULT_LANGUAGE,
        "dates": tuple(bounds) if bounds else (),
        "undated": True,
        "org": [],
        "branches": False,
        "type": [],
        "region": [],
        "ben": [],
        "alang": [],
        "prec": [],
        "period": PERIODS[0],
        "tiles": False,
    }


def _values(params: Mapping[str, object], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def view_from_params(
    params: Mapping[str, object],
    bounds: tuple[dt.date, dt.date] | None,
    choices: Mapping[str, Collection] | None = None,
) -> dict[str, object]:
    """The widget state a URL asks for: ``default_view`` with what ``params`` sets.

    ``params`` maps a query parameter to a string or a list of strings (repeated
    parameters). Values that are not valid (a bad date, a name not in ``choices``, keyed
    like ``options``) are ignored; dates are clamped to ``bounds``.
    """
    view = default_view(bounds)
    if (lang := _values(params, "lang")[:1]) and lang[0] in settings.LANGUAGES:
        view["lang"] = lang[0]
    if bounds:
        start = _iso_date((_values(params, "from") or [""])[0]) or bounds[0]
        end = _iso_date((_values(params, "to") or [""])[0]) or bounds[1]
        start = min(max(start, bounds[0]), bounds[1])
        end = min(max(end, bounds[0]), bounds[1])
        view["dates"] = (start, end) if start <= end else (end, start)
    for key in _FLAG_KEYS:
        if values := _values(params, key):
            view[key] = values[0].strip().lower() in ("1", "true", "yes", "on")
    for key, field in _LIST_KEYS.items():
        values = list(dict.fromkeys(_values(params, key)))
        if key == "prec":
            values = [int(v) for v in values if v.strip() in ("1", "2", "3", "4")]
        if choices is not None and field in choices:
            allowed = set(choices[field])
            values = [v for v in values if v in allowed]
        view[key] = values
    if (period := _values(params, "period")[:1]) and period[0] in PERIODS:
        view["period"] = period[0]
    return view


def clamp_dates(dates: Iterable[dt.date], bounds: tuple[dt.date, dt.date]) -> tuple:
    """``dates`` (a range, or its first date while it is being picked) moved inside
    ``bounds``: a session may outlive a rebuild of the data with other dates."""
    return tuple(min(max(d, bounds[0]), bounds[1]) for d in dates)


def params_from_view(
    view: Mapping[str, object], bounds: tuple[dt.date, dt.date] | None
) -> dict[str, list[str]]:
    """The query parameters of a widget state; what is at its default is left out."""
    default = default_view(bounds)
    params: dict[str, list[str]] = {}
    if view.get("lang", default["lang"]) != default["lang"]:
        params["lang"] = [str(view["lang"])]
    dates = tuple(view.get("dates") or ())
    if bounds and len(dates) == 2:
        if dates[0] != bounds[0]:
            params["from"] = [dates[0].isoformat()]
        if dates[1] != bounds[1]:
            params["to"] = [dates[1].isoformat()]
    for key in _FLAG_KEYS:
        if bool(view.get(key, default[key])) != default[key]:
            params[key] = ["1" if view[key] else "0"]
    for key in _LIST_KEYS:
        if values := list(view.get(key) or ()):
            params[key] = [str(v) for v in values]
    if view.get("period", default["period"]) != default["period"]:
        params["period"] = [str(view["period"])]
    return params


def filters_from_view(view: Mapping[str, object]) -> Filters:
    """The ``Filters`` a widget state stands for. While a date range is being picked the
    date widget holds only its first date: the range is then open-ended."""
    dates = tuple(view.get("dates") or ())
    return Filters(
        date_from=dates[0] if len(dates) > 0 else None,
        date_to=dates[1] if len(dates) > 1 else None,
        include_undated=bool(view.get("undated", True)),
        organisations=tuple(view.get("org") or ()),
        include_branches=bool(view.get("branches", False)),
        action_types=tuple(view.get("type") or ()),
        regions=tuple(view.get("region") or ()),
        beneficiaries=tuple(view.get("ben") or ()),
        languages=tuple(view.get("alang") or ()),
        precisions=tuple(int(p) for p in view.get("prec") or ()),
    )


def describe_filters(
    filters: Filters, lang: str = "en", bounds: tuple[dt.date, dt.date] | None = None
) -> str:
    """The filters in words in ``lang``, e.g. 'dates 2022-01-01 – 2022-01-31 · organisations:
    Jas Otan'. A date range that is all of ``bounds`` (the dataset's) is not mentioned;
    one that is not is given with both ends (an open end is the dataset's)."""
    t = settings.labels(lang)
    start, end = filters.date_from, filters.date_to
    if bounds and (start or bounds[0]) == bounds[0] and (end or bounds[1]) == bounds[1]:
        start = end = None  # the whole dataset: nothing to say
    elif bounds:
        start, end = start or bounds[0], end or bounds[1]
    parts = []
    if start and end:
        parts.append(t["w_dates"].format(start=start.isoformat(), end=end.isoformat()))
    elif start:
        parts.append(t["w_from"].format(start=start.isoformat()))
    elif end:
        parts.append(t["w_to"].format(end=end.isoformat()))
    if not filters.include_undated:
        parts.append(t["w_no_undated"])
    if filters.organisations:
        names = ", ".join(filters.organisations)
        if filters.include_branches:
            names = t["w_with_branches"].format(names=names)
        parts.append(t["w_organisations"].format(names=names))
    lists = (
        ("w_types", filters.action_types, settings.action_type_labels(lang)),
        ("w_regions", filters.regions, settings.region_labels(lang)),
        ("w_beneficiaries", filters.beneficiaries, settings.beneficiary_labels(lang)),
        (
            "w_languages",
            filters.languages,
            settings.ARTICLE_LANGUAGE_LABELS[settings.lang_or_default(lang)],
        ),
        (
            "w_precision",
            filters.precisions,
            settings.GEO_PRECISION_LABELS_BY_LANG[settings.lang_or_default(lang)],
        ),
    )
    for key, values, names in lists:
        if values:
            parts.append(t[key].format(names=", ".join(str(names.get(v, v)) for v in values)))
    return " · ".join(parts) if parts else str(t["w_all"])


# --- what is shown ------------------------------------------------------------------------


def summary_counts(df: pd.DataFrame) -> dict[str, int]:
    """Distinct ``actions`` (action_id), ``places`` (place_id), ``organisations`` and
    ``country`` (actions known only for the whole country)."""
    return {
        "actions": int(df["action_id"].nunique()),
        "places": int(df["place_id"].nunique()),
        "organisations": len(organisation_options(df)),
        "country": int(df.loc[df["geo_precision"] >= 4, "action_id"].nunique()),
    }


def country_wide(df: pd.DataFrame) -> pd.DataFrame:
    """Country-level actions (geo_precision 4), one row per action, newest first."""
    rows = df[df["geo_precision"] >= 4].drop_duplicates("action_id")
    return rows.sort_values("date_start", ascending=False, na_position="last")


def is_http_url(value: object) -> bool:
    """True only for absolute http(s) URLs: those are the only sources shown as links."""
    text = str(value or "").strip().lower()
    return text.startswith(("http://", "https://")) and len(text) > len("https://")


def sources_of(row: Mapping[str, object]) -> tuple[str, ...]:
    """Every article that reported the action: ``sources`` if the build lists several,
    else its one ``source``."""
    sources = tuple(row.get("sources") or ())
    source = str(row.get("source") or "")
    return tuple(dict.fromkeys((source, *sources) if source else sources))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])")


def escape_markdown(text: object) -> str:
    """``text`` with every Markdown/Streamlit markup character backslash-escaped, so
    web text shown with ``st.markdown`` stays literal (no links, HTML, LaTeX, icons)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def format_dates(start: object, end: object, precision: str, lang: str = "en") -> str:
    """Human date span such as '2022-01-01 – 2022-01-31 (month)', or 'no date'."""
    s = "" if _is_missing(start) or pd.isna(start) else pd.Timestamp(start).date().isoformat()
    e = "" if _is_missing(end) or pd.isna(end) else pd.Timestamp(end).date().isoformat()
    if not s and not e:
        return str(settings.labels(lang)["no_date"])
    span = f"{s} – {e}" if s and e and s != e else (s or e)
    label = settings.TIME_PRECISION_LABELS[settings.lang_or_default(lang)].get(precision, precision)
    return f"{span} ({label})" if precision else span


def place_label(row: Mapping[str, object], lang: str = "en") -> str:
    """The place's name in ``lang`` where the gazetteer has it, else its canonical name."""
    if lang == "ru" and row.get("place_ru"):
        return str(row["place_ru"])
    if lang == "kk" and (row.get("place_kk") or row.get("place_ru")):
        return str(row.get("place_kk") or row["place_ru"])
    return str(row.get("place") or "")


def place_labels(df: pd.DataFrame, lang: str = "en") -> pd.Series:
    """``place_label`` of every row of ``df``."""
    if lang == "ru":
        return df["place_ru"].where(df["place_ru"] != "", df["place"])
    if lang == "kk":
        ru = df["place_ru"].where(df["place_ru"] != "", df["place"])
        return df["place_kk"].where(df["place_kk"] != "", ru)
    return df["place"]


def _unique(values: Iterable[object]) -> tuple:
    return tuple(dict.fromkeys(v for v in values if not _is_missing(v) and v != ""))


def action_rows(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per action (its places gathered), newest first; raw values, for CSV.

    Columns: action_id, doc_id, date_start, date_end, time_precision, action_type,
    action_types, summary, organisations, sponsors, beneficiaries, quantities, places
    (names in ``lang``), place_ids, regions (admin1 values), geo_precision (the finest),
    language, evidence (first place's), source, sources (all articles).
    """
    columns = [
        "action_id",
        "doc_id",
        "date_start",
        "date_end",
        "time_precision",
        "action_type",
        "action_types",
        "summary",
        "organisations",
        "sponsors",
        "beneficiaries",
        "quantities",
        "places",
        "place_ids",
        "regions",
        "geo_precision",
        "language",
        "evidence",
        "source",
        "sources",
    ]
    if df.empty:
        return pd.DataFrame(columns=columns)
    frame = df.assign(_place=place_labels(df, lang))
    grouped = frame.groupby("action_id", sort=False)
    out = grouped.first()[
        [
            "doc_id",
            "date_start",
            "date_end",
            "time_precision",
            "action_type",
            "action_types",
            "summary",
            "organisations",
            "sponsors",
            "beneficiaries",
            "quantities",
            "language",
            "evidence",
            "source",
        ]
    ].copy()
    out["places"] = grouped["_place"].agg(_unique)
    out["place_ids"] = grouped["place_id"].agg(_unique)
    out["regions"] = grouped["admin1"].agg(_unique)
    out["geo_precision"] = grouped["geo_precision"].min()
    out["sources"] = grouped.apply(
        lambda g: _unique(s for r in g.to_dict("records") for s in sources_of(r)),
        include_groups=False,
    )
    out = out.reset_index()[columns]
    order = out["date_start"].fillna(out["date_end"])
    return (
        out.assign(_o=order)
        .sort_values("_o", ascending=False, na_position="last", kind="stable")[columns]
        .reset_index(drop=True)
    )


def _join_labels(values: tuple, labels: Mapping[str, str]) -> str:
    return "; ".join(str(labels.get(v, v)) for v in values)


def table_view(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The filtered rows as the dashboard table shows them: one row per action, text in
    ``lang``, dates as ``datetime64`` (NaT when unknown). ``link`` holds the first
    http(s) source only (so only those are clickable), ``source`` every source as plain
    text; ``sponsors`` and ``beneficiaries`` only when the dataset has any."""
    rows = action_rows(df, lang)
    types = settings.action_type_labels(lang)
    regions = settings.region_labels(lang)
    precision = settings.GEO_PRECISION_LABELS_BY_LANG[settings.lang_or_default(lang)]
    article_lang = settings.ARTICLE_LANGUAGE_LABELS[settings.lang_or_default(lang)]
    whole = str(settings.labels(lang)["whole_country"])
    out = pd.DataFrame(
        {
            # datetime64, so an unknown date shows as an empty cell, not "None"
            "date_start": pd.to_datetime(rows["date_start"]).dt.normalize(),
            "date_end": pd.to_datetime(rows["date_end"]).dt.normalize(),
            "action_type": rows["action_type"].map(lambda t: types.get(t, t)),
            "summary": rows["summary"],
            "organisations": rows["organisations"].map("; ".join),
            "sponsors": rows["sponsors"].map("; ".join),
            "beneficiaries": rows["beneficiaries"].map(
                lambda b: _join_labels(b, settings.beneficiary_labels(lang))
            ),
            "places": rows["places"].map("; ".join),
            "regions": rows["regions"].map(lambda r: _join_labels(r, regions) or whole),
            "geo_precision": rows["geo_precision"].map(
                lambda p: f"{int(p)} · {precision.get(int(p), '')}"
            ),
            "language": rows["language"].map(lambda x: article_lang.get(x, x)),
            "evidence": rows["evidence"],
            "source": rows["sources"].map(" ".join),
            "link": rows["sources"].map(lambda s: next((u for u in s if is_http_url(u)), None)),
        }
    )
    for optional in ("sponsors", "beneficiaries"):
        if not (out[optional] != "").any():
            out = out.drop(columns=optional)
    return out


def action_details(
    df: pd.DataFrame, feature_id: str | None = None, region: str | None = None
) -> pd.DataFrame:
    """The rows behind a click on the map: the action of feature ``feature_id`` (all its
    places), or the region-level actions of ``region``; empty if none is in ``df``."""
    if feature_id:
        action = df.loc[df["feature_id"] == feature_id, "action_id"]
        return df[df["action_id"].isin(action)]
    if region:
        return df[(df["admin1"] == region) & (df["geo_precision"] == 3)]
    return df.iloc[0:0]


def _period_freq(period: str) -> str:
    return "W-SUN" if period == "week" else "M"  # weeks run Monday to Sunday


def _period_label(start: pd.Timestamp, period: str) -> str:
    return start.strftime("%Y-%m-%d" if period == "week" else "%Y-%m")


def timeline(df: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Distinct dated actions per ``period`` ("week" or "month") and main type.

    Columns ``period`` (label: YYYY-MM, or the Monday YYYY-MM-DD of a week),
    ``period_start`` (Timestamp), ``action_type``, ``actions``; an action counts once, in
    the period of its start date (its end date if it has no start).
    """
    actions = df.drop_duplicates("action_id")
    when = actions["date_start"].fillna(actions["date_end"])
    dated = actions[when.notna()].assign(_when=when[when.notna()])
    if dated.empty:
        return pd.DataFrame(columns=["period", "period_start", "action_type", "actions"])
    starts = dated["_when"].dt.to_period(_period_freq(period)).dt.start_time
    counts = (
        dated.assign(period_start=starts)
        .groupby(["period_start", "action_type"])
        .size()
        .rename("actions")
        .reset_index()
    )
    counts.insert(0, "period", counts["period_start"].map(lambda s: _period_label(s, period)))
    return counts


def all_periods(counts: pd.DataFrame, period: str = "month") -> list[str]:
    """Every period label from the first to the last of ``timeline``'s rows, empty ones
    included, so a chart shows the gaps in time too."""
    if counts.empty:
        return []
    first, last = counts["period_start"].min(), counts["period_start"].max()
    freq = _period_freq(period)
    periods = pd.period_range(first.to_period(freq), last.to_period(freq), freq=freq)
    return [_period_label(p.start_time, period) for p in periods]


def undated_actions(df: pd.DataFrame) -> int:
    """How many distinct actions in ``df`` have no date at all."""
    undated = df["date_start"].isna() & df["date_end"].isna()
    return int(df.loc[undated, "action_id"].nunique())


def counts_by_region(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Distinct actions per region (names in ``lang``; country-wide rows under 'Whole
    country'), most first. Columns ``admin1``, ``region``, ``actions``."""
    admin1 = df["admin1"].fillna("")
    counts = df.assign(admin1=admin1).groupby("admin1")["action_id"].nunique()
    labels = settings.region_labels(lang)
    whole = str(settings.labels(lang)["whole_country"])
    out = counts.rename("actions").reset_index()
    out.insert(1, "region", out["admin1"].map(lambda r: labels.get(r, r) if r else whole))
    return out.sort_values(["actions", "region"], ascending=[False, True]).reset_index(drop=True)


def counts_by_organisation(df: pd.DataFrame) -> pd.DataFrame:
    """Distinct actions per organisation (as organiser or sponsor), most first.
    Columns ``organisation``, ``actions``."""
    pairs = df.assign(organisations=involved(df))[["action_id", "organisations"]]
    pairs = pairs.explode("organisations").dropna()
    if pairs.empty:
        return pd.DataFrame(columns=["organisation", "actions"])
    counts = pairs.groupby("organisations")["action_id"].nunique().rename("actions")
    out = counts.reset_index().rename(columns={"organisations": "organisation"})
    return out.sort_values(["actions", "organisation"], ascending=[False, True]).reset_index(
        drop=True
    )


def counts_by_type(df: pd.DataFrame) -> dict[str, int]:
    """Distinct actions per main type, most first."""
    counts = df.drop_duplicates("action_id")["action_type"].value_counts()
    return {str(k): int(v) for k, v in counts.items()}


def source_list(df: pd.DataFrame) -> list[tuple[str, str]]:
    """(doc_id, source) of every article behind ``df``, each once, in order of doc_id."""
    pairs: dict[tuple[str, str], None] = {}
    for row in df.sort_values("doc_id").to_dict("records"):
        for source in sources_of(row):
            pairs[(row["doc_id"], source)] = None
    return list(pairs)


# --- exports ---------------------------------------------------------------------------------

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _defuse_formula(value: object) -> object:
    # Text comes from the web; a leading '=' would run as a formula in a spreadsheet.
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The rows of ``df`` as CSV, UTF-8 with BOM for Excel, all its columns in order.

    Tuples are joined with '; ', dates written as YYYY-MM-DD, and text cells that would
    start a spreadsheet formula are prefixed with an apostrophe.
    """
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
        elif out[col].map(lambda v: isinstance(v, tuple)).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, tuple) else v)
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_defuse_formula)
    return out.to_csv(index=False).encode("utf-8-sig")


def actions_csv_bytes(df: pd.DataFrame, lang: str = "en") -> bytes:
    """The table on screen as CSV: one row per action (``action_rows``)."""
    return to_csv_bytes(action_rows(df, lang))


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if _is_missing(value) or value is pd.NA:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def to_geojson_bytes(df: pd.DataFrame) -> bytes:
    """The rows of ``df`` as a GeoJSON FeatureCollection (UTF-8), one Point per row, with
    the dataset's properties: the map's features, as ``geo build`` wrote them."""
    features = []
    for row in df.to_dict("records"):
        props = {col: _json_value(row.get(col)) for col in PROPERTIES}
        geometry = (
            None
            if _is_missing(row.get("lat")) or _is_missing(row.get("lon"))
            else {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        )
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")

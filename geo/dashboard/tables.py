"""What the dashboard's page and the exports show of the filtered actions.

In: the actions DataFrame from ``geo.dashboard.store.load_actions`` (usually filtered with
``geo.dashboard.store.apply_filters``) and the interface language.
Out: counts, one-row-per-action tables (raw, for CSV, and as the dashboard table shows
them), the cards of a list of actions (``Cards``), the rows behind a click on the map,
timelines, labels of places and dates, the articles behind the actions, and the rows as
CSV and GeoJSON bytes.
Everything here is pure pandas: no Streamlit, no HTML.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain

import pandas as pd

from geo.dashboard import i18n
from geo.dashboard.filters import doubtful
from geo.dataset import confidence as judged
from geo.dataset.formats import defuse_formula
from geo.dataset.schema import FEATURE_PROPERTIES, summary_field
from geo.language.quantities import said_in

# --- what is shown ------------------------------------------------------------------------


def summary_counts(df: pd.DataFrame) -> dict[str, int]:
    """Distinct ``actions`` (action_id), ``places`` (place_id), ``organisations`` and
    ``country`` (actions known only for the whole country)."""
    return {
        "actions": int(df["action_id"].nunique()),
        "places": int(df["place_id"].nunique()),
        "organisations": len(_organisation_names(df)),
        "country": int(df.loc[df["geo_precision"] >= 4, "action_id"].nunique()),
    }


def _organisation_names(df: pd.DataFrame) -> set[str]:
    """The organisers and sponsors named in ``df``: ``store.organisation_options``, unsorted."""
    return set(chain.from_iterable(df["organisations"])) | set(chain.from_iterable(df["sponsors"]))


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
# Streamlit turns some plain text into markup after the escapes are resolved, so a
# backslash cannot stop it: bare URLs, www. names and e-mail addresses become links
# (GitHub's autolinks), ":material/x:" an icon, ":streamlit:" the logo. An invisible
# WORD JOINER (U+2060) inside each of these breaks the pattern and changes nothing seen.
_AUTO_MARKUP = re.compile(r"(?<=:)(?=//|material|streamlit)|(?<=@)|(?<=www)(?=\.)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def escape_markdown(text: object) -> str:
    """``text`` as Markdown that Streamlit shows literally: every markup character
    backslash-escaped and the text Streamlit would turn into links or icons on its own
    broken with an invisible word joiner (no links, HTML, LaTeX, icons, colours)."""
    text = _AUTO_MARKUP.sub(WORD_JOINER, "" if text is None else str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def format_dates(start: object, end: object, precision: str, lang: str = "en") -> str:
    """Human date span such as '2022-01-01 – 2022-01-31 (month)', or 'no date'."""
    s = "" if _is_missing(start) or pd.isna(start) else pd.Timestamp(start).date().isoformat()
    e = "" if _is_missing(end) or pd.isna(end) else pd.Timestamp(end).date().isoformat()
    if not s and not e:
        return i18n.t("no_date", lang)
    span = f"{s} – {e}" if s and e and s != e else (s or e)
    label = i18n.time_precision_labels(lang).get(precision, precision)
    return f"{span} ({label})" if precision else span


def freshness_line(fresh, lang: str = "en") -> str:
    """ "Data as of 2026-12-03 14:05 UTC · 3000 articles" (in ``lang``) from a
    ``geo.dashboard.store.Freshness`` (a build time without a zone is taken as UTC); ""
    when the build time is unknown."""
    if fresh is None or (when := fresh.built_text) is None:
        return ""
    if fresh.articles is None:
        return i18n.t("freshness_no_articles", lang).format(built=when)
    return i18n.t("freshness", lang).format(built=when, articles=fresh.articles)


def place_labels(df: pd.DataFrame, lang: str = "en") -> pd.Series:
    """geo.dataset.schema.place_name_in of every row of ``df``: a missing name (empty or
    null) falls back as it does there."""
    if lang not in ("ru", "kk"):
        return df["place"]
    ru = df["place_ru"].where(df["place_ru"].fillna("") != "", df["place"])
    return ru if lang == "ru" else df["place_kk"].where(df["place_kk"].fillna("") != "", ru)


# --- how sure a record is, in words (geo.dataset.confidence) -----------------------------------


def doubtful_threshold() -> str:
    """The doubtful threshold as the texts give it ("0.5"): the sidebar's help, the map's
    note and legend, the briefing image's line."""
    return f"{judged.doubtful_below():g}"


def confidence_label(confidence: object, lang: str = "en") -> str | None:
    """A record's confidence as the popup and the card say it: "42%", "42% · doubtful"
    (below ``geo.dataset.confidence.doubtful_below``); None for a record without one."""
    if _is_missing(confidence):
        return None
    t = i18n.texts(lang)
    said = str(t["confidence_value"]).format(percent=round(float(confidence) * 100))
    if judged.is_doubtful(float(confidence)):
        said += f" · {t['confidence_doubtful']}"
    return said


def reason_words(codes: Iterable[str], lang: str = "en") -> list[str]:
    """A record's ``confidence_reasons`` in words in ``lang``, in its order."""
    return [judged.words(code, lang) for code in codes or ()]


def place_confidences(df: pd.DataFrame, lang: str = "en") -> dict[str, list[tuple]]:
    """Per action, how sure each of its places is: ``action_id -> [(place, confidence,
    reasons)]`` (place named in ``lang``, each place once, least sure first); the card
    under the map says it. Records without a confidence are left out."""
    rated = df[df["confidence"].notna()]
    rated = rated.assign(_place=place_labels(rated, lang)).sort_values("confidence", kind="stable")
    found: dict[str, list[tuple]] = {}
    for action, place, conf, codes in zip(
        rated["action_id"],
        rated["_place"],
        rated["confidence"],
        rated["confidence_reasons"],
        strict=True,
    ):
        if all(place != known for known, _c, _r in found.get(action, ())):
            found.setdefault(action, []).append((place, float(conf), tuple(codes)))
    return found


def doubtful_line(df: pd.DataFrame, lang: str = "en") -> str | None:
    """How many of ``df``'s records are doubtful, e.g. "3 of 18 points are doubtful
    (confidence below 0.5)" (the briefing image); None when none is."""
    n = int(doubtful(df["confidence"]).sum())
    if not n:
        return None
    return str(i18n.texts(lang)["b_doubtful"]).format(
        n=n, total=len(df), threshold=doubtful_threshold()
    )


def _unique(values: Iterable[object]) -> tuple:
    return tuple(dict.fromkeys(v for v in values if not _is_missing(v) and v != ""))


def summaries(df: pd.DataFrame, lang: str = "en") -> pd.Series:
    """Each row's summary in ``lang`` (the dataset's ``summary_ru``, ``summary_kk``), the
    English one where the dataset has none (a build from before they existed)."""
    field = summary_field(lang)
    if field == "summary" or field not in df:
        return df["summary"]
    own = df[field]
    return own.where(own.notna() & (own != ""), df["summary"])


def summary_of(row: Mapping, lang: str = "en") -> str:
    """One row's summary in ``lang`` (as ``summaries``: a null one is NaN in a pandas row)."""
    own, english = row.get(summary_field(lang)), row.get("summary")
    return own if isinstance(own, str) and own else english if isinstance(english, str) else ""


def amounts(quantities: Iterable[str], lang: str = "en") -> list[str]:
    """A record's quantities ("360 000+ families") in ``lang`` ("360 000+ семей")."""
    return [said_in(str(q), lang) for q in quantities]


def action_rows(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per action (its places gathered), newest first; raw values, for CSV.

    Columns: action_id, doc_id, date_start, date_end, time_precision, action_type,
    action_types, summary (in ``lang``), organisations, sponsors, beneficiaries,
    quantities, places (names in ``lang``), place_ids, regions (admin1 values),
    geo_precision (the finest), lat and lon (that finest place's point, the first one's on
    a tie; the GeoJSON download has every place's), place_source (sentence, article or
    outlet: where its place was read), language, evidence (first place's), source, sources
    (all articles), edited (an analyst corrected it) and corrections (the ids of those
    corrections, geo.dataset.corrections).
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
        "lat",
        "lon",
        "place_source",
        "language",
        "evidence",
        "source",
        "sources",
        "edited",
        "corrections",
    ]
    if df.empty:
        return pd.DataFrame(columns=columns)
    # Each row's sources first, then gathered per action: a per-group apply is minutes at 10k.
    sources = [sources_of(r) for r in df[["source", "sources"]].to_dict("records")]
    frame = df.assign(
        _place=place_labels(df, lang), _sources=sources, summary=summaries(df, lang)
    ).reset_index(drop=True)
    if "edited" not in frame:  # a frame from before corrections existed
        frame = frame.assign(edited=False, corrections=[()] * len(frame))
    if "place_source" not in frame:  # a frame from before place_source existed
        frame = frame.assign(place_source=None)
    grouped = frame.groupby("action_id", sort=False)
    # action_id is the index; the other gathered columns are filled in below.
    gathered = {"action_id", "places", "place_ids", "regions", "geo_precision", "sources"}
    gathered |= {"edited", "corrections", "lat", "lon"}
    out = grouped.first()[[c for c in columns if c not in gathered]].copy()
    out["places"] = grouped["_place"].agg(_unique)
    out["place_ids"] = grouped["place_id"].agg(_unique)
    out["regions"] = grouped["admin1"].agg(_unique)
    out["geo_precision"] = grouped["geo_precision"].min()
    out["sources"] = grouped["_sources"].agg(lambda rows: _unique(s for r in rows for s in r))
    out["edited"] = grouped["edited"].any()
    out["corrections"] = grouped["corrections"].agg(lambda ids: _unique(i for r in ids for i in r))
    finest = frame.loc[grouped["geo_precision"].idxmin(), ["action_id", "lat", "lon"]]
    out[["lat", "lon"]] = finest.set_index("action_id")[["lat", "lon"]]
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
    types = i18n.action_type_labels(lang)
    regions = i18n.region_labels(lang)
    precision = i18n.geo_precision_labels(lang)
    article_lang = i18n.article_language_labels(lang)
    whole = i18n.t("whole_country", lang)
    out = pd.DataFrame(
        {
            # datetime64, so an unknown date shows as an empty cell, not "None"
            "date_start": pd.to_datetime(rows["date_start"]).dt.normalize(),
            "date_end": pd.to_datetime(rows["date_end"]).dt.normalize(),
            "action_type": rows["action_type"].map(lambda t: types.get(t, t)),
            # ✎: an analyst corrected it (geo.dataset.corrections); the CSV has "edited" for this.
            "summary": rows["summary"].where(~rows["edited"], "✎ " + rows["summary"]),
            "organisations": rows["organisations"].map("; ".join),
            "sponsors": rows["sponsors"].map("; ".join),
            "beneficiaries": rows["beneficiaries"].map(
                lambda b: _join_labels(b, i18n.beneficiary_labels(lang))
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
    df: pd.DataFrame,
    feature_id: str | None = None,
    region: str | None = None,
    place_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> pd.DataFrame:
    """The rows behind a click on the map: the action of feature ``feature_id`` (all its
    places), the actions placed at the map's place ``place_id`` at (``lat``, ``lon``) (all
    their places), or the region-level actions of ``region``; empty if none is in ``df``."""
    if feature_id:
        action = df.loc[df["feature_id"] == feature_id, "action_id"]
        return df[df["action_id"].isin(action)]
    if place_id is not None:
        # Points only (geo_precision 1-2), as geo.dashboard.mapview draws them.
        at = (df["place_id"] == place_id) & (df["lat"] == lat) & (df["lon"] == lon)
        action = df.loc[at & df["geo_precision"].isin((1, 2)), "action_id"]
        return df[df["action_id"].isin(action)]
    if region:
        return df[(df["admin1"] == region) & (df["geo_precision"] == 3)]
    return df.iloc[0:0]


@dataclass(frozen=True)
class Cards:
    """A list of actions as the page shows it, one card each: ``rows``, the ``action_rows``
    records of the newest ``limit`` of them, newest first; ``confidences``, how sure their
    places are (``place_confidences``); ``total``, how many actions the list has (more than
    ``len(rows)`` when it was cut)."""

    rows: list[dict]
    confidences: dict[str, list[tuple]]
    total: int


def action_cards(df: pd.DataFrame, limit: int, lang: str = "en") -> Cards:
    """The cards of the actions of ``df``, the newest ``limit`` of them (see ``Cards``)."""
    shown = newest_actions(df, limit)
    return Cards(
        action_rows(shown, lang).to_dict("records"),
        place_confidences(shown, lang),
        int(df["action_id"].nunique()),
    )


def newest_actions(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """The rows of the ``n`` newest actions of ``df`` (by start date, else end date;
    undated last), all their places; ``df`` itself when it has no more than ``n``."""
    first = df[["action_id", "date_start", "date_end"]].drop_duplicates("action_id")
    if len(first) <= n:
        return df
    when = first["date_start"].fillna(first["date_end"])
    order = first.assign(_when=when).sort_values(
        "_when", ascending=False, na_position="last", kind="stable"
    )
    return df[df["action_id"].isin(order["action_id"].head(n))]


def _period_freq(period: str) -> str:
    return "W-SUN" if period == "week" else "M"  # weeks run Monday to Sunday


def _period_label(start: pd.Timestamp, period: str) -> str:
    return start.strftime("%Y-%m-%d" if period == "week" else "%Y-%m")


def _period_starts(days: pd.Series, period: str) -> pd.Series:
    """The first day of the period (Monday, or the 1st) of each of ``days`` (midnights),
    by date arithmetic (to_period was 1 s at 100 000 actions)."""
    back = days.dt.day_of_week if period == "week" else days.dt.day - 1
    return days - pd.to_timedelta(back, unit="D")


def _nth_period(first: pd.Series, k: pd.Series, period: str) -> pd.Series:
    """The start of the period ``k`` periods after the one starting at ``first``."""
    if period == "week":
        return first + pd.to_timedelta(7 * k, unit="D")
    months = first.to_numpy().astype("datetime64[M]") + k.to_numpy()
    return pd.Series(months.astype(first.dtype), index=first.index)


# A dated range at least this long is spread over its periods even when its precision says
# "day" (a long span of known days is no one day).
SPREAD_MIN_DAYS = 7

TIMELINE_COLUMNS = ["period", "period_start", "action_type", "dating", "actions", "of_actions"]


def _dated(df: pd.DataFrame, period: str) -> pd.DataFrame:
    """One row per dated action: ``action_type``, ``start``/``end`` (midnights), ``days``,
    ``first``/``last`` (starts of the periods of its first and last day), ``spread``."""
    columns = ["action_id", "date_start", "date_end", "time_precision", "action_type"]
    actions = df[columns].drop_duplicates("action_id")
    start = actions["date_start"].fillna(actions["date_end"]).dt.normalize()
    end = actions["date_end"].fillna(actions["date_start"]).dt.normalize()
    end = end.where(end >= start, start)  # a range given backwards counts at its start
    out = pd.DataFrame(
        {
            "action_type": actions["action_type"],
            "precision": actions["time_precision"],
            "start": start,
            "end": end,
        }
    )[start.notna()].reset_index(drop=True)
    out["days"] = (out["end"] - out["start"]).dt.days + 1
    out["first"] = _period_starts(out["start"], period)
    out["last"] = _period_starts(out["end"], period)
    out["spread"] = (out["first"] != out["last"]) & (
        (out["precision"] != "day") | (out["days"] >= SPREAD_MIN_DAYS)
    )
    return out


def timeline(df: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Dated actions per ``period`` ("week" or "month"), main type and how they are dated.

    In: the actions' rows (``action_id``, ``date_start``, ``date_end``, ``time_precision``,
    ``action_type``).
    Out: one row per period, type and ``dating``, in order of period: ``period`` (label:
    YYYY-MM, or the Monday YYYY-MM-DD of a week), ``period_start`` (Timestamp),
    ``action_type``, ``dating``, ``actions`` (a float) and ``of_actions`` (how many distinct
    actions make it up).
    How: ``dating`` is "exact" for an action whose dates fall in one period, or that is
    known to the day and spans less than ``SPREAD_MIN_DAYS`` (it counts 1, in the period of
    its start); "spread" for one known only to the week, month or year, or by a long range,
    whose dates cross periods: it is spread evenly over its days, so each period gets the
    share of its days that fall in it (an action of the year 2020 counts 31/366 in January,
    29/366 in February …), never piled on the first. Every dated action counts 1 in all, so
    ``actions`` sums to the number of dated actions (``timeline_totals``); an action with
    only one of its dates counts at that date.
    """
    dated = _dated(df, period)
    if dated.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    exact = dated[~dated["spread"]]
    exact = pd.DataFrame(
        {
            "period_start": exact["first"],
            "action_type": exact["action_type"],
            "dating": "exact",
            "actions": 1.0,
        }
    )
    # Each spread action once per period its days touch, weighted by its days in it.
    spread = dated[dated["spread"]].reset_index(drop=True)
    first, last = spread["first"], spread["last"]
    if period == "week":
        n = (last - first).dt.days // 7 + 1
    else:
        n = (last.dt.year - first.dt.year) * 12 + (last.dt.month - first.dt.month) + 1
    rows = spread.loc[spread.index.repeat(n)].reset_index()
    k = rows.groupby("index").cumcount()
    at, after = _nth_period(rows["first"], k, period), _nth_period(rows["first"], k + 1, period)
    s, e = rows["start"], rows["end"]
    inside = (e.where(e < after, after - pd.Timedelta(days=1)) - s.where(s > at, at)).dt.days + 1
    shared = pd.DataFrame(
        {
            "period_start": at,
            "action_type": rows["action_type"],
            "dating": "spread",
            "actions": inside / rows["days"],
        }
    )
    counts = (
        pd.concat([exact, shared], ignore_index=True)
        .groupby(["period_start", "action_type", "dating"])
        .agg(actions=("actions", "sum"), of_actions=("actions", "size"))  # once per period
        .reset_index()
    )
    counts.insert(0, "period", counts["period_start"].map(lambda s: _period_label(s, period)))
    return counts[TIMELINE_COLUMNS]


def timeline_totals(df: pd.DataFrame, period: str = "month") -> dict[str, int]:
    """``dated``: the distinct dated actions ``timeline`` counts (its ``actions`` sum to
    it); ``spread``: how many of them it spreads over several periods."""
    dated = _dated(df, period)
    return {"dated": len(dated), "spread": int(dated["spread"].sum())}


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
    labels = i18n.region_labels(lang)
    whole = i18n.t("whole_country", lang)
    out = counts.rename("actions").reset_index()
    out.insert(1, "region", out["admin1"].map(lambda r: labels.get(r, r) if r else whole))
    return out.sort_values(["actions", "region"], ascending=[False, True]).reset_index(drop=True)


def counts_by_organisation(df: pd.DataFrame) -> pd.DataFrame:
    """Distinct actions per organisation (as organiser or sponsor), most first.
    Columns ``organisation``, ``actions``."""
    sponsors = df[["action_id", "sponsors"]].rename(columns={"sponsors": "organisations"})
    pairs = pd.concat([df[["action_id", "organisations"]], sponsors])
    pairs = pairs.explode("organisations").dropna()
    if pairs.empty:
        return pd.DataFrame(columns=["organisation", "actions"])
    counts = pairs.drop_duplicates()["organisations"].value_counts().rename("actions")
    out = counts.rename_axis("organisation").reset_index()
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


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The rows of ``df`` as CSV, UTF-8 with BOM for Excel, all its columns in order.

    Tuples are joined with '; ', dates written as YYYY-MM-DD, text cells that would
    start a spreadsheet formula are prefixed with an apostrophe, rows end with CRLF and
    cells holding a line break are quoted.
    """
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
        elif out[col].map(lambda v: isinstance(v, tuple)).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, tuple) else v)
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(defuse_formula)
    # CRLF rows (RFC 4180): then every cell holding a CR or LF is quoted. With pandas'
    # default "\n" a bare CR stayed unquoted, and Excel starts a new row at it, so the
    # text after it ("x\r=cmd") became a cell of its own that the apostrophe missed.
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def actions_csv_bytes(df: pd.DataFrame, lang: str = "en", labelled: bool = False) -> bytes:
    """The table on screen as CSV: one row per action (``action_rows``), its headers the
    column keys, or (``labelled``) their names in ``lang`` (i18n ``csv_columns``)."""
    rows = action_rows(df, lang)
    if labelled:
        rows = rows.rename(columns=i18n.texts(lang)["csv_columns"])
    return to_csv_bytes(rows)


def _json_value(value: object) -> object:
    """A DataFrame cell (as geo.dashboard.store types it from the schema) back to its JSON
    value: tuples to lists, dates to ISO days, missing to null, numpy numbers to Python's."""
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
        props = {col: _json_value(row.get(col)) for col in FEATURE_PROPERTIES}
        geometry = (
            None
            if _is_missing(row.get("lat")) or _is_missing(row.get("lon"))
            else {"type": "Point", "coordinates": [row["lon"], row["lat"]]}
        )
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")

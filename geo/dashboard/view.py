"""The dashboard's view in the URL and in words.

In: the dashboard's widget state (a mapping keyed by ``VIEW_KEYS``), the URL's query
parameters (a mapping of a parameter to a string or a list of strings), the dataset's date
range (``geo.dashboard.store.date_bounds``) and the choices of the filter widgets
(``geo.dashboard.store.options``).
Out: the widget state a URL asks for, the query parameters of a widget state, the
``geo.dashboard.store.Filters`` it stands for, and the filters in words in the interface language.
Everything here is pure Python: no Streamlit, no HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from geo.dashboard import i18n
from geo.dashboard.store import Filters

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
# The query parameters a view can set: the view's keys, "dates" written as "from" and "to".
URL_PARAMS = tuple(p for k in VIEW_KEYS for p in (("from", "to") if k == "dates" else (k,)))
PERIODS = ("month", "week")


def default_view(bounds: tuple[dt.date, dt.date] | None) -> dict[str, object]:
    """The widget state that shows everything (the Reset button restores it)."""
    return {
        "lang": i18n.DEFAULT_LANGUAGE,
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
    if (lang := _values(params, "lang")[:1]) and lang[0] in i18n.LANGUAGES:
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
    t = i18n.texts(lang)
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
        ("w_types", filters.action_types, i18n.action_type_labels(lang)),
        ("w_regions", filters.regions, i18n.region_labels(lang)),
        ("w_beneficiaries", filters.beneficiaries, i18n.beneficiary_labels(lang)),
        (
            "w_languages",
            filters.languages,
            i18n.article_language_labels(lang),
        ),
        (
            "w_precision",
            filters.precisions,
            i18n.geo_precision_labels(lang),
        ),
    )
    for key, values, names in lists:
        if values:
            parts.append(t[key].format(names=", ".join(str(names.get(v, v)) for v in values)))
    return " · ".join(parts) if parts else str(t["w_all"])

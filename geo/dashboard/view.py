"""The dashboard's view in the URL and in words.

In: the dashboard's widget state (a mapping keyed by ``VIEW_KEYS``), the URL's query
parameters (a mapping of a parameter to a string or a list of strings), the dataset's date
range (``geo.dashboard.store.date_bounds``) and the choices of the filter widgets
(``geo.dashboard.store.options``).
Out: the widget state a URL asks for, the query parameters of a widget state, the
``geo.dashboard.store.Filters`` it stands for, and the filters in words in the interface language.
How: the filters' URL keys, their parsing and their words follow from the one table of
filters, ``geo.dashboard.filters.FILTERS``. Everything here is pure Python: no Streamlit, no
HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from geo.dashboard import i18n
from geo.dashboard.filters import CHOICES, DATES, FILTERS, FLAG, value_labels
from geo.dashboard.store import Filters

# --- the view in the URL -------------------------------------------------------------------
# The dashboard's widgets use these keys in st.session_state, and the same keys are the
# URL's query parameters, holding stable values (type keys, English region names), so a
# link opens the same view in any interface language.

FILTER_KEYS = tuple(spec.key for spec in FILTERS)  # what the Reset button resets
VIEW_KEYS = ("lang", *FILTER_KEYS, "period", "tiles")
_SPECS = {spec.key: spec for spec in FILTERS}
_LIST_KEYS = {spec.key: spec.field for spec in FILTERS if spec.kind == CHOICES}
_FLAG_KEYS = (*(spec.key for spec in FILTERS if spec.kind == FLAG), "tiles")
# The query parameters a view can set: the view's keys, a date range written as "from" and "to".
URL_PARAMS = tuple(
    p
    for k in VIEW_KEYS
    for p in (("from", "to") if k in _SPECS and _SPECS[k].kind == DATES else (k,))
)
PERIODS = ("month", "week")


def default_view(bounds: tuple[dt.date, dt.date] | None) -> dict[str, object]:
    """The widget state that shows everything (the Reset button restores it)."""
    view: dict[str, object] = {"lang": i18n.DEFAULT_LANGUAGE}
    for spec in FILTERS:
        if spec.kind == DATES:
            view[spec.key] = tuple(bounds) if bounds else ()
        elif spec.kind == CHOICES:
            view[spec.key] = list(spec.default)
        else:
            view[spec.key] = spec.default
    return {**view, "period": PERIODS[0], "tiles": False}


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
        if fixed := {str(v): v for v in _SPECS[key].values}:
            values = [fixed[v.strip()] for v in values if v.strip() in fixed]
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
    chosen: dict[str, object] = {}
    for spec in FILTERS:
        if spec.kind == DATES:
            dates = tuple(view.get(spec.key) or ())
            chosen.update(
                {field: dates[i] if len(dates) > i else None for i, field in enumerate(spec.fields)}
            )
        elif spec.kind == FLAG:
            chosen[spec.field] = bool(view.get(spec.key, spec.default))
        elif spec.values:
            chosen[spec.field] = tuple(int(v) for v in view.get(spec.key) or ())
        else:
            chosen[spec.field] = tuple(view.get(spec.key) or ())
    return Filters(**chosen)


def describe_filters(
    filters: Filters, lang: str = "en", bounds: tuple[dt.date, dt.date] | None = None
) -> str:
    """The filters in words in ``lang``, e.g. 'dates 2022-01-01 – 2022-01-31 · organisations:
    Jas Otan'. A date range that is all of ``bounds`` (the dataset's) is not mentioned;
    one that is not is given with both ends (an open end is the dataset's)."""
    t = i18n.texts(lang)
    parts = []
    for spec in FILTERS:
        if spec.kind == DATES:
            parts += _dates_in_words(filters, t, bounds)
        elif spec.kind == FLAG and not spec.qualifies:
            if getattr(filters, spec.field) != spec.default:
                parts.append(str(t[spec.words]))
        elif spec.kind == CHOICES and (values := getattr(filters, spec.field)):
            names = value_labels(spec, lang)
            said = ", ".join(str(names.get(v, v)) for v in values)
            for flag in FILTERS:
                if flag.qualifies == spec.key and getattr(filters, flag.field) != flag.default:
                    said = t[flag.words].format(names=said)
            parts.append(t[spec.words].format(names=said))
    return " · ".join(parts) if parts else str(t["w_all"])


def _dates_in_words(
    filters: Filters, t: Mapping[str, object], bounds: tuple[dt.date, dt.date] | None
) -> list[str]:
    start, end = filters.date_from, filters.date_to
    if bounds and (start or bounds[0]) == bounds[0] and (end or bounds[1]) == bounds[1]:
        start = end = None  # the whole dataset: nothing to say
    elif bounds:
        start, end = start or bounds[0], end or bounds[1]
    if start and end:
        return [str(t["w_dates"]).format(start=start.isoformat(), end=end.isoformat())]
    if start:
        return [str(t["w_from"]).format(start=start.isoformat())]
    if end:
        return [str(t["w_to"]).format(end=end.isoformat())]
    return []

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

import dataclasses
import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from geo.dashboard import i18n
from geo.dashboard.config import CONFIG
from geo.dashboard.filters import (
    CHOICES,
    DATES,
    FILTERS,
    FLAG,
    ONE_OF,
    parse_day,
    value_labels,
)
from geo.dashboard.store import Filters
from geo.language import characters, names

# --- the view in the URL -------------------------------------------------------------------
# The dashboard's widgets use these keys in st.session_state, and the same keys are the
# URL's query parameters, holding stable values (type keys, English region names), so a
# link opens the same view in any interface language.

FILTER_KEYS = tuple(spec.key for spec in FILTERS)  # what the Reset button resets
VIEW_KEYS = ("lang", *FILTER_KEYS, "period", "section", "follow", "tiles")
_SPECS = {spec.key: spec for spec in FILTERS}
_LIST_KEYS = {spec.key: spec.field for spec in FILTERS if spec.kind == CHOICES}
_FLAG_KEYS = (*(spec.key for spec in FILTERS if spec.kind == FLAG), "follow", "tiles")
_ONE_OF_KEYS = {spec.key: spec for spec in FILTERS if spec.kind == ONE_OF}
# The query parameters a view can set: the view's keys, a date range written as "from" and "to".
URL_PARAMS = tuple(
    p
    for k in VIEW_KEYS
    for p in (("from", "to") if k in _SPECS and _SPECS[k].kind == DATES else (k,))
)
PERIODS = ("month", "week")
# The views under the map, one shown at a time (the page draws only that one): at 100 000
# actions the timeline chart took 0.65 s of the browser's first render, the count tables 0.3 s
# and the table of actions 0.25 s, all three together over the 3 s target (issue 18).
SECTIONS = ("timeline", "counts", "table")


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
    return {
        **view,
        "period": PERIODS[0],
        "section": SECTIONS[0],
        "follow": False,
        "tiles": False,
    }


def _values(params: Mapping[str, object], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


# --- what a link asks for that the page does not take ---------------------------------------
# A problem names the query parameter, the value as written and what the page did instead,
# as keys: the page says it in words in its language (``problem_words``).
NOT_IN_DATA, NOT_A_DATE, OUT_OF_RANGE = "not_in_data", "not_a_date", "out_of_range"
NOT_YES_NO, NOT_AN_OPTION = "not_yes_no", "not_an_option"
# ... and then: every value (the filter is empty), the others, the dataset's first or last
# date, the default, the nearest date of the dataset.
ALL, LEFT_OUT, FIRST_DATE, LAST_DATE, DEFAULT, MOVED = (
    "all",
    "left_out",
    "first_date",
    "last_date",
    "default",
    "moved",
)
YES, NO = ("1", "true", "yes", "on"), ("0", "false", "no", "off")
VALUE_SHOWN_MAX = 60  # characters of a value quoted in a notice


@dataclass(frozen=True)
class LinkProblem:
    """A value of a link that the page did not take: ``param`` (the query parameter),
    ``value`` (as written), ``problem`` (``NOT_IN_DATA`` …) and ``outcome`` (``ALL`` …: what
    the page shows instead); ``moved_to``: the date it showed instead (``MOVED``)."""

    param: str
    value: str
    problem: str
    outcome: str
    moved_to: dt.date | None = None


class LinkView(NamedTuple):
    """What a link asks for: the widget state (``view``), the values it did not take
    (``problems``) and whether it asks for online tiles (``wants_tiles``: never in ``view``,
    the page asks the user first)."""

    view: dict[str, object]
    problems: list[LinkProblem]
    wants_tiles: bool


def view_from_params(
    params: Mapping[str, object],
    bounds: tuple[dt.date, dt.date] | None,
    choices: Mapping[str, Collection] | None = None,
) -> LinkView:
    """The widget state a URL asks for: ``default_view`` with what ``params`` sets.

    ``params`` maps a query parameter to a string or a list of strings (repeated
    parameters). A value that is not valid (a bad date, a name not in ``choices``, keyed
    like ``options``, a flag that is not yes or no) is not taken and is a ``LinkProblem``;
    dates are clamped to ``bounds`` (a problem too). ``tiles`` is never turned on here.
    """
    view = default_view(bounds)
    problems: list[LinkProblem] = []
    _one_of(params, "lang", tuple(i18n.LANGUAGES), view, problems)
    if bounds:
        view["dates"] = _dates(params, bounds, problems)
    for key in _FLAG_KEYS:
        if values := _values(params, key):
            said = values[0].strip().lower()
            if said in YES + NO:
                view[key] = said in YES
            else:
                problems.append(LinkProblem(key, values[0], NOT_YES_NO, DEFAULT))
    for key, field in _LIST_KEYS.items():
        view[key] = _choices(key, _values(params, key), (choices or {}).get(field), problems)
    for key, spec in _ONE_OF_KEYS.items():
        _one_of(params, key, tuple(str(v) for v in spec.values), view, problems)
    _one_of(params, "period", PERIODS, view, problems)
    _one_of(params, "section", SECTIONS, view, problems)
    wants_tiles = bool(view.pop("tiles"))
    return LinkView({**view, "tiles": False}, problems, wants_tiles)


def _one_of(
    params: Mapping[str, object],
    key: str,
    allowed: tuple[str, ...],
    view: dict[str, object],
    problems: list[LinkProblem],
) -> None:
    if values := _values(params, key)[:1]:
        if values[0] in allowed:
            view[key] = values[0]
        else:
            problems.append(LinkProblem(key, values[0], NOT_AN_OPTION, DEFAULT))


def _dates(
    params: Mapping[str, object], bounds: tuple[dt.date, dt.date], problems: list[LinkProblem]
) -> tuple[dt.date, dt.date]:
    """The link's ``from`` and ``to`` inside ``bounds``; a missing one is the dataset's."""
    ends = []
    for param, bound, outcome in (("from", bounds[0], FIRST_DATE), ("to", bounds[1], LAST_DATE)):
        written = (_values(params, param) or [""])[0]
        day = parse_day(written) if written else bound
        if day is None:
            problems.append(LinkProblem(param, written, NOT_A_DATE, outcome))
            day = bound
        elif (moved := min(max(day, bounds[0]), bounds[1])) != day:
            problems.append(LinkProblem(param, written, OUT_OF_RANGE, MOVED, moved))
            day = moved
        ends.append(day)
    start, end = ends
    return (start, end) if start <= end else (end, start)


def _choices(
    key: str, written: list[str], allowed: Collection | None, problems: list[LinkProblem]
) -> list:
    """The values of a list filter a link names that the data has, each once."""
    fixed = {str(v): v for v in _SPECS[key].values}
    known = None if allowed is None else set(allowed)
    taken, missing = [], []
    for value in dict.fromkeys(v.strip() for v in written):
        chosen = fixed.get(value) if fixed else value
        ok = chosen is not None and (known is None or chosen in known)
        (taken if ok else missing).append(chosen if ok else value)
    outcome = LEFT_OUT if taken else ALL
    problems.extend(LinkProblem(key, v, NOT_IN_DATA, outcome) for v in missing)
    return taken


def problem_words(problem: LinkProblem, lang: str) -> str:
    """``problem`` in words in ``lang``, e.g. "organisation 'X' is not in this dataset;
    showing all". The value is quoted as written, cut at ``VALUE_SHOWN_MAX`` characters."""
    t = i18n.texts(lang)
    written = characters.visible(problem.value)  # a link's text never reorders the notice
    value = written if len(written) <= VALUE_SHOWN_MAX else (written[:VALUE_SHOWN_MAX] + "…")
    outcome = str(t["link_outcomes"][problem.outcome]).format(
        date=problem.moved_to.isoformat() if problem.moved_to else ""
    )
    return str(t["link_problems"][problem.problem]).format(
        param=t["link_params"][problem.param], value=value, outcome=outcome
    )


def clamp_dates(
    dates: Iterable[dt.date],
    bounds: tuple[dt.date, dt.date],
    before: tuple[dt.date, dt.date] | None = None,
) -> tuple:
    """``dates`` (a range, or its first date while it is being picked) moved inside
    ``bounds``: a session may outlive a rebuild of the data with other dates. A range that
    was the whole of the data (``before``: its bounds when the session last drew the page)
    stays the whole of it, so that new actions of new dates are shown."""
    dates = tuple(dates)
    if before is not None and dates == tuple(before):
        return tuple(bounds)
    return tuple(min(max(d, bounds[0]), bounds[1]) for d in dates)


def params_from_view(
    view: Mapping[str, object], bounds: tuple[dt.date, dt.date] | None
) -> dict[str, list[str]]:
    """The query parameters of a widget state. The dates are always written once the
    dataset has any (a link keeps its range when new data extends the dataset's); the other
    values only when they are not at their default."""
    default = default_view(bounds)
    params: dict[str, list[str]] = {}
    if view.get("lang", default["lang"]) != default["lang"]:
        params["lang"] = [str(view["lang"])]
    dates = tuple(view.get("dates") or ())
    if bounds and len(dates) == 2:
        params["from"], params["to"] = [dates[0].isoformat()], [dates[1].isoformat()]
    for key in _FLAG_KEYS:
        if bool(view.get(key, default[key])) != default[key]:
            params[key] = ["1" if view[key] else "0"]
    for key in _LIST_KEYS:
        if values := list(view.get(key) or ()):
            params[key] = [str(v) for v in values]
    for key in _ONE_OF_KEYS:
        if view.get(key, default[key]) != default[key]:
            params[key] = [str(view[key])]
    for key in ("period", "section"):
        if view.get(key, default[key]) != default[key]:
            params[key] = [str(view[key])]
    return params


def lang_param(lang: str) -> dict[str, str]:
    """The address's ``lang`` for a page in ``lang``: none for the default language, as
    ``params_from_view`` writes it (a link then opens the other page in the language shown)."""
    return {} if lang == i18n.DEFAULT_LANGUAGE else {"lang": lang}


def page_links(lang: str) -> list[dict[str, object]]:
    """The sidebar's links to the two pages (geo.dashboard.config's ``pages``), named in
    ``lang`` and opening them in it, as ``st.page_link`` takes them."""
    return [
        {
            "page": script,
            "label": i18n.page_name(script, lang),
            "icon": icon,
            "query_params": lang_param(lang),
        }
        for script, icon in CONFIG["pages"].items()
    ]


def map_key(filters: Filters) -> str:
    """The key under which the map keeps its position (geo.dashboard.mapview.build_map's
    ``view_key``): the same filters, the same key, whatever the data."""
    return json.dumps(dataclasses.asdict(filters), default=str, sort_keys=True)


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
        elif spec.kind == ONE_OF:
            said = view.get(spec.key, spec.default)
            chosen[spec.field] = said if said in spec.values else spec.default
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
        elif spec.kind == ONE_OF and (value := getattr(filters, spec.field)) != spec.default:
            names = value_labels(spec, lang)
            parts.append(t[spec.words].format(names=names.get(value, value)))
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


# --- the view in a file name ------------------------------------------------------------------
NAME_MAX = 40  # characters of the view's part of a file name
_NOT_SLUG = re.compile(r"[^a-z0-9+]+")


def file_name(stem: str, filters: Filters, ext: str) -> str:
    """A download's name after the view, e.g.
    ``volunteer_actions_jas-otan_2022-01-01_2022-01-31.csv``: ``stem``, the values of the
    first list filter that is set (in ``FILTERS``' order: organisations, types, regions …;
    "all" when none is), the dates, ``ext``; ASCII letters, digits, ``-``, ``+`` and ``_``
    only (Cyrillic names in the Latin letters of ``geo.language.names``, accents dropped)."""
    picked = next(
        (
            getattr(filters, s.field)
            for s in FILTERS
            if s.kind == CHOICES and getattr(filters, s.field)
        ),
        (),
    )
    what = _slug("+".join(str(v) for v in picked)) if picked else "all"
    dates = [d.isoformat() for d in (filters.date_from, filters.date_to) if d]
    return "_".join([stem, what or "filtered", *dates]) + "." + ext


def _slug(text: str) -> str:
    # Cyrillic through the pipeline's own folding and Kazakh Latin key ("Қызыл Жарты Ай" ->
    # "kyzyl-jarty-ai"), then accents dropped: a name written in any script gets a slug.
    latin = text if names.is_latin(text) else names.latin_pattern(names.key(text))
    ascii_text = unicodedata.normalize("NFKD", latin.replace("ı", "i")).encode("ascii", "ignore")
    slug = _NOT_SLUG.sub("-", ascii_text.decode().lower()).strip("-+")
    return slug[:NAME_MAX].rstrip("-+")

"""The dashboard's filters, declared once.

In: nothing: this is a table.
Out: ``FILTERS``, one ``FilterSpec`` per filter, in the order the URL, the filters in words,
the briefing and ``geo brief --help`` list them; ``value_labels`` (a filter's values named in
a language); ``add_cli_options`` / ``cli_given`` (``geo brief``'s options and what they ask
for, keyed by ``geo.dashboard.store.Filters`` field).
How: ``geo.dashboard.view`` takes the URL's keys, their parsing and the filters in words from
the table, ``geo.dashboard.brief.filters_from_args`` the matching of names, ``geo.cli`` the
options. A new filter is a row here, a field of ``store.Filters`` (a test checks that they
agree), its test in ``store.filter_actions`` and its widget in ``dashboard.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.dataset import confidence as judged

if TYPE_CHECKING:  # geo build reads this table for geo brief's options: pandas costs 0.3 s
    import pandas as pd

DATES, FLAG, CHOICES, ONE_OF = "dates", "flag", "choices", "one_of"


@dataclass(frozen=True)
class FilterSpec:
    """One filter.

    ``key``: the widget's key in the dashboard's session state and the URL's query parameter
    (a ``DATES`` range is written as the parameters ``from`` and ``to``); ``kind``: ``DATES``
    (a range of dates), ``FLAG`` (yes or no), ``CHOICES`` (any of a list; none picked means
    all) or ``ONE_OF`` (exactly one of ``values``, its default shows everything);
    ``fields``: the ``store.Filters`` field(s) it sets; ``default``: its value when it
    shows everything; ``words``: the label (``i18n.texts``) that says it in words
    (``{names}`` its values); ``qualifies``: the key of the filter whose words a ``FLAG``
    rewrites ("Jas Otan and its branches") instead of having words of its own;
    ``labels``: the name of the ``geo.dashboard.i18n`` function naming its values in a
    language; ``values``: the only
    values it takes, when fixed (a ``CHOICES``' are ints, in the URL and on the command
    line; a ``ONE_OF``'s are words);
    ``options``: ``geo brief``'s option(s) (a ``FLAG``'s option flips its default);
    ``help``: the option's help; ``match_labels``: ``geo brief`` also takes a value's label
    in any language.
    """

    key: str
    kind: str
    fields: tuple[str, ...]
    default: object
    words: str
    options: tuple[str, ...]
    help: str | None = None
    qualifies: str | None = None
    labels: str | None = None
    values: tuple[int, ...] | tuple[str, ...] = ()
    match_labels: bool = False

    @property
    def field(self) -> str:
        return self.fields[0]


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec("dates", DATES, ("date_from", "date_to"), None, "w_dates", ("--from", "--to")),
    FilterSpec(
        "undated",
        FLAG,
        ("include_undated",),
        True,
        "w_no_undated",
        ("--no-undated",),
        help="leave out undated actions",
    ),
    FilterSpec(
        "org", CHOICES, ("organisations",), (), "w_organisations", ("--org",), help="repeatable"
    ),
    FilterSpec(
        "branches",
        FLAG,
        ("include_branches",),
        False,
        "w_with_branches",
        ("--include-branches",),
        qualifies="org",
    ),
    FilterSpec(
        "type",
        CHOICES,
        ("action_types",),
        (),
        "w_types",
        ("--type",),
        help="key or label",
        labels="action_type_labels",
        match_labels=True,
    ),
    FilterSpec(
        "region",
        CHOICES,
        ("regions",),
        (),
        "w_regions",
        ("--region",),
        labels="region_labels",
        match_labels=True,
    ),
    FilterSpec(
        "ben",
        CHOICES,
        ("beneficiaries",),
        (),
        "w_beneficiaries",
        ("--beneficiary",),
        labels="beneficiary_labels",
        match_labels=True,
    ),
    FilterSpec(
        "alang",
        CHOICES,
        ("languages",),
        (),
        "w_languages",
        ("--language",),
        help="ru, kk, kk-latn",
        labels="article_language_labels",
    ),
    FilterSpec(
        "prec",
        CHOICES,
        ("precisions",),
        (),
        "w_precision",
        ("--precision",),
        labels="geo_precision_labels",
        values=(1, 2, 3, 4),
    ),
    FilterSpec(
        "conf",
        ONE_OF,
        ("confidence",),
        "all",
        "w_confidence",
        ("--confidence",),
        help="all; sure: hide doubtful records; doubtful: only them",
        labels="confidence_filter_labels",
        values=("all", "sure", "doubtful"),
    ),
)


# --- the confidence filter's rule -----------------------------------------------------------
# A record is doubtful below geo.dataset.confidence's one threshold (doubtful_below); one
# without a confidence (a dataset built before confidences: NaN) is not doubtful, so "sure"
# keeps it and "doubtful" leaves it out, and "all" hides nothing.


def doubtful(confidence: pd.Series) -> pd.Series:
    """Per record, whether it is doubtful (``geo.dataset.confidence.is_doubtful``, for a
    column): NaN is not."""
    return confidence.lt(judged.doubtful_below()).fillna(False).astype(bool)


def confidence_keeps(confidence: pd.Series, level: str) -> pd.Series | None:
    """The records the confidence filter keeps at ``level``: None (all of them) for "all",
    else a mask: "sure" the records that are not doubtful, "doubtful" those that are."""
    if level == "sure":
        return ~doubtful(confidence)
    if level == "doubtful":
        return doubtful(confidence)
    return None


def value_labels(spec: FilterSpec, lang: str) -> Mapping:
    """``spec``'s values -> their names in ``lang`` (empty when its values are names)."""
    if spec.labels is None:
        return {}
    from geo.dashboard import i18n

    return getattr(i18n, spec.labels)(lang)


def _dest(option: str) -> str:
    return option.lstrip("-").replace("-", "_")


def add_cli_options(parser: argparse.ArgumentParser) -> None:
    """``geo brief``'s filter options: ``--from``/``--to`` (ISO dates), a flag's option,
    and a repeatable option per list."""
    for spec in FILTERS:
        if spec.kind == DATES:
            for option, field in zip(spec.options, spec.fields, strict=True):
                parser.add_argument(option, dest=field, metavar="YYYY-MM-DD", type=_cli_day)
        elif spec.kind == FLAG:
            parser.add_argument(spec.options[0], action="store_true", help=spec.help)
        elif spec.kind == ONE_OF:
            parser.add_argument(
                spec.options[0], default=spec.default, choices=spec.values, help=spec.help
            )
        elif spec.values:
            parser.add_argument(
                spec.options[0],
                action="append",
                default=[],
                type=type(spec.values[0]),
                choices=spec.values,
                help=spec.help,
            )
        else:
            parser.add_argument(spec.options[0], action="append", default=[], help=spec.help)


def parse_day(text: str) -> dt.date | None:
    """A day written YYYY-MM-DD (spaces around allowed), as the command line's ``--from``/
    ``--to`` and a link's ``from``/``to`` take it; None for anything else ("2020-13-45",
    "20220101", which Python's ``fromisoformat`` alone would take)."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _cli_day(text: str) -> str:
    """``--from``/``--to``: the date as written, if it is one (``parse_day``); else argparse's
    error naming the option ("argument --from: '2020-13-45' is not a date (YYYY-MM-DD)")."""
    day = parse_day(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)")
    return day.isoformat()


def cli_given(args: argparse.Namespace) -> dict[str, object]:
    """What ``add_cli_options``' options asked for, keyed by ``store.Filters`` field: dates
    as written, a flag's value (its option given: not its default), a list's values as
    written (``geo.dashboard.brief.filters_from_args`` matches them)."""
    given: dict[str, object] = {}
    for spec in FILTERS:
        if spec.kind == DATES:
            given.update({field: getattr(args, field) for field in spec.fields})
        elif spec.kind == FLAG:
            flipped = bool(getattr(args, _dest(spec.options[0])))
            given[spec.field] = (not spec.default) if flipped else spec.default
        elif spec.kind == ONE_OF:
            given[spec.field] = getattr(args, _dest(spec.options[0]))
        else:
            given[spec.field] = list(getattr(args, _dest(spec.options[0])))
    return given

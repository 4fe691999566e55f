"""Dates: when an article says something happened.

In: a stretch of folded text (geo.names.fold: lowercase, Kazakh letters folded, Latin ý->u,
q->k) and the article's publication date as a ``Period`` (or None).
Out: ``find_dates(text, start, end, published) -> list[DateMention]``: each with a
``Period`` (start, end, precision day | week | month | year) and its offsets.

Handled: "5 января 2022", "5-го января", "с 8 по 13 июня", "8–13 маусым", "01.05.2020" (day
first), "в январе 2022", "января" (year from the publication), "2020 году", Kazakh "2021 жылғы
5 маусымда", "қаңтарда", Latin "5 maýsymda", and relative dates resolved against the
publication day: "вчера", "сегодня", "в минувшие выходные", "на прошлой неделе", "кеше",
"бүгін", "өткен аптада". Written by hand: dateparser reads 01.05.2020 month first unless told,
takes bare numbers and page words for dates and knows Kazakh months only in the nominative;
natasha's DatesExtractor knows no Kazakh, no ranges and no relative dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.corpus import Period

# Month stems in folded Russian, Kazakh Cyrillic and Kazakh Latin (2021).
_MONTHS = {
    1: ["январ", "кантар", "kantar"],
    2: ["феврал", "акпан", "akpan"],
    3: ["март", "наурыз", "nauryz", "nauruz"],
    4: ["апрел", "сауир", "sauir"],
    5: ["ма[яйе]", "мамыр", "mamyr"],
    6: ["июн", "маусым", "mausym"],
    7: ["июл", "шилде", "shilde"],
    8: ["август", "тамыз", "tamyz"],
    9: ["сентябр", "кыркуйек", "kyrkuiek"],
    10: ["октябр", "казан(?![а-я]*\\s+кала)", "kazan"],
    11: ["ноябр", "караша", "karasha"],
    12: ["декабр", "желтоксан", "jeltoksan"],
}
_STEMS = "|".join(stem for stems in _MONTHS.values() for stem in stems)
MONTH = rf"(?P<mon>(?:{_STEMS})[а-яa-z]*)"
YEAR = r"(?P<year>(?:19|20)\d\d)"
DAY = r"(?P<day>[0-3]?\d)(?:-?(?:го|ого|е|ши|шы|inshi|shi))?"
# A Russian month name standing alone in the genitive: "с первых дней января".
GENITIVE_MONTH = r"(?P<mon>(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)я|августа|мая)"

PATTERNS = [
    # с 8 по 13 июня 2021 / 8–13 июня / 8-13 маусым
    (
        "range",
        re.compile(
            r"(?:с\s+)?(?P<day1>[0-3]?\d)(?:-?го)?\s*(?:по|-|–|—)\s*(?P<day>[0-3]?\d)(?:-?го)?\s+"
            rf"{MONTH}(?:\s+{YEAR})?"
        ),
    ),
    # 2021 жылғы 5 маусымда / 2021 jylgy 5 mausymda
    ("day", re.compile(rf"{YEAR}\s+(?:жылгы|jylgy)\s+{DAY}\s+{MONTH}")),
    # 5 января 2022 года / 5 января
    ("day", re.compile(rf"(?<![\d.]){DAY}\s+{MONTH}(?:\s+{YEAR})?")),
    # 01.05.2020
    (
        "numeric",
        re.compile(r"(?<![\d.])(?P<day>[0-3]\d)\.(?P<month>[01]\d)\.(?P<year>(?:19|20)\d\d)"),
    ),
    # 2022 жылдың қаңтарында / в январе 2022 / январь 2022
    ("month", re.compile(rf"{YEAR}\s+(?:жылдын|jyldyn|жылы|jyly)\s+{MONTH}")),
    ("month", re.compile(rf"{MONTH}\s+{YEAR}")),
    ("month", re.compile(rf"\b(?:в|с|до|по|начале|конце|середине|дней)\s+{MONTH}(?:\s+{YEAR})?")),
    ("month", re.compile(rf"\b{GENITIVE_MONTH}(?:\s+{YEAR})?\b")),
    ("month", re.compile(rf"\b(?P<mon>(?:{_STEMS})(?:ында|инде|да|де|та|те|nda|de|da|ta))\b")),
    # 2020 году / 2020 жылы
    ("year", re.compile(rf"(?<!\d){YEAR}\s+(?:год\w*|г\.|жыл\w*|jyl\w*)")),
]
RELATIVE = [
    (re.compile(r"\bпозавчера\b"), -2, -2, "day"),
    (re.compile(r"\bвчера\b|\bкеше\b|\bkeshe\b"), -1, -1, "day"),
    (re.compile(r"\bсегодня\b|\bбугин\b|\bbugin\b"), 0, 0, "day"),
    (
        re.compile(r"на прошлой неделе|на минувшей неделе|откен аптада|otken aptada"),
        "last_week",
        0,
        "week",
    ),
    (
        re.compile(r"в (?:минувшие|прошедшие|прошлые) выходные|откен демалыс\w*|otken demalys\w*"),
        "last_weekend",
        0,
        "week",
    ),
    (re.compile(r"\bна днях\b"), -7, 0, "week"),
]


@dataclass
class DateMention:
    period: Period
    start: int
    end: int


def find_dates(text: str, start: int, end: int, published: Period | None) -> list[DateMention]:
    """Dates written in ``text[start:end]`` (folded), in order; overlapping readings keep the
    longest."""
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text, start, end):
            period = _period(kind, m, published)
            if period is not None:
                found.append(DateMention(period, m.start(), m.end()))
    if published is not None and published.precision == "day":
        for pattern, first, last, precision in RELATIVE:
            for m in pattern.finditer(text, start, end):
                found.append(
                    DateMention(
                        _relative(published.start, first, last, precision), m.start(), m.end()
                    )
                )
    found.sort(key=lambda d: (-(d.end - d.start), d.start))
    kept: list[DateMention] = []
    for d in found:
        if all(d.end <= k.start or k.end <= d.start for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


def _month(m: re.Match) -> int | None:
    if m.groupdict().get("month"):
        return int(m.group("month"))
    word = m.groupdict().get("mon") or ""
    return next(
        (n for n, stems in _MONTHS.items() if any(re.match(stem, word) for stem in stems)), None
    )


def _period(kind: str, m: re.Match, published: Period | None) -> Period | None:
    month = _month(m)
    year = int(m.group("year")) if m.groupdict().get("year") else None
    if kind == "year":
        return Period.parse(str(year))
    if month is None:
        return None
    if year is None:
        if published is None:
            return None
        # A month without a year: the publication's year, or the one before if the month
        # would be after the publication.
        year = published.start.year
        if month > published.end.month and published.precision != "year":
            year -= 1
    try:
        if kind == "month":
            return Period.parse(f"{year:04d}-{month:02d}")
        last = date(year, month, int(m.group("day")))
        first = date(year, month, int(m.group("day1"))) if kind == "range" else last
    except ValueError:  # 31 февраля
        return None
    if first > last:
        return None
    return Period(first, last, "day")


def _relative(day: date, first, last, precision: str) -> Period:
    if first == "last_week":
        monday = day - timedelta(days=day.weekday() + 7)
        return Period(monday, monday + timedelta(days=6), precision)
    if first == "last_weekend":
        saturday = day - timedelta(days=(day.weekday() - 5) % 7 or 7)
        return Period(saturday, saturday + timedelta(days=1), precision)
    return Period(day + timedelta(days=first), day + timedelta(days=last), precision)

"""Dates: when an article says something happened.

In: a stretch of folded text (geo.language.names.fold: lowercase, Kazakh letters folded, Latin ý->u,
q->k) and the article's publication date as a ``Period`` (or None).
Out: ``find_dates(text, start, end, published) -> list[DateMention]``: each with a
``Period`` (start, end, precision day | week | month | year) and its offsets.

Handled: "5 января 2022", "5-го января", "с 8 по 13 июня", "8–13 маусым", "01.05.2020" (day
first), "в январе 2022", "января" (year from the publication), "2020 году", Kazakh "2021 жылғы
5 маусымда", "қаңтарда", Latin "5 maýsymda", and relative dates resolved against the
publication day: "вчера", "сегодня", "в минувшие выходные", "на прошлой неделе", "кеше",
"бүгін", "өткен аптада", and against its year: "былтыр", "в прошлом году", "биыл".

Also ``stamp_date(line) -> Stamp | None``: the page's own publication date if a line is a
dateline ("14 Сентября, 2022", "2021 жылғы 9 Қазан", "Қоғам • 7 Қаңтар, 2022", "12 нау, 2021",
"Дата публикации: 12.03.2021"), and ``url_date(url)``: a date in a page's address
(/2021/03/12/). Month names live in geo/resources/months.toml, dateline words in
geo/resources/datelines.toml.

Written by hand: dateparser reads 01.05.2020 month first unless told,
takes bare numbers and page words for dates and knows Kazakh months only in the nominative;
natasha's DatesExtractor knows no Kazakh, no ranges and no relative dates.
"""

from __future__ import annotations

import calendar
import contextlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from urllib.parse import urlsplit

from geo import reference
from geo.language.names import fold, is_genitive
from geo.language.prefilter import PatternTable


@dataclass(frozen=True)
class Period:
    """A date known to a day, a month or a year: ``Period.parse("2022-01")``."""

    start: date
    end: date
    precision: str  # day | month | year

    @classmethod
    def parse(cls, value: str) -> Period:
        parts = [int(p) for p in str(value).strip().split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return cls(day, day, "day")
        if len(parts) == 2:
            year, month = parts
            last = calendar.monthrange(year, month)[1]
            return cls(date(year, month, 1), date(year, month, last), "month")
        if len(parts) == 1 and 1900 < parts[0] < 2100:
            return cls(date(parts[0], 1, 1), date(parts[0], 12, 31), "year")
        raise ValueError(f"not a date, month or year: {value!r}")


def _table(name: str) -> dict:
    return reference.toml(name)


# Month stems in folded Russian, Kazakh Cyrillic and Kazakh Latin (2021): geo/resources/months.toml.
_MONTH_TABLE = _table("months.toml")["month"]
_MONTHS = {m["number"]: m["full"] for m in _MONTH_TABLE}
_MONTH_WORD = {n: re.compile("|".join(stems)) for n, stems in _MONTHS.items()}
_SHORT_WORD = {m["number"]: re.compile("|".join(m["short"])) for m in _MONTH_TABLE}
_STEMS = "|".join(stem for stems in _MONTHS.values() for stem in stems)
_SHORT_STEMS = "|".join(stem for m in _MONTH_TABLE for stem in m["short"])
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
    # 2022 жылдың наурыз және сәуір айларында / в октябре и ноябре 2021 года / май-июнь:
    # two months joined, one period from the first day of the one to the last of the other.
    (
        "months",
        re.compile(
            rf"(?:{YEAR}\s+(?:жылдын|jyldyn)\s+)?{MONTH.replace('<mon>', '<mon1>')}"
            rf"\s*(?:\s(?:и|жане|мен|jane|men)\s|[-–—])\s*{MONTH}"
            rf"(?:\s+(?:айлар|ailar)\w*)?(?:\s+{YEAR.replace('<year>', '<year2>')})?"
        ),
    ),
    # 2020 году / 2020 жылы
    # not "с 2019 года", "2019 жылдан бері" (since then: no date of what is told now)
    (
        "year",
        re.compile(
            rf"(?<!\d)(?<!\bс )(?<!\bсо )(?<!начиная с ){YEAR}\s+"
            r"(?!жылдан\s+бери|jyldan\s+beri)(?:год\w*|г\.|жыл\w*|jyl\w*)"
        ),
    ),
]
# Relative words that need the publication day: (pattern, first, last, precision).
RELATIVE = [
    (re.compile(r"\bпозавчера\b"), -2, -2, "day"),
    (
        re.compile(r"\bвчера\b|\bвчерашн\w*|\bкеше\b|\bкешеги\b|\bkeshe\b|\bkeshegi\b"),
        -1,
        -1,
        "day",
    ),
    # "Сегодняшнее мероприятие", "бүгінгі акция": the adjective dates it as well.
    (
        re.compile(r"\bсегодня\b|\bсегодняшн\w*|\bбугин(?:ги)?\b|\bbugin(?:gi)?\b"),
        0,
        0,
        "day",
    ),
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
# Relative words that need only the publication year: (pattern, years back). Year precision.
RELATIVE_YEARS = [
    (
        re.compile(
            r"\bбылтыр\w*|\bbyltyr\w*|\bв (?:прошлом|минувшем|прошедшем) году\b"
            r"|\bпрошлогодн\w*|\bоткен жыл(?:ы|гы)\b|\botken jyl(?:y|gy)\b"
        ),
        1,
    ),
    (
        re.compile(
            r"\bбиыл\w*|\bbiyl\w*|\bв (?:этом|текущем|нынешнем) году\b|\bосы жылы\b"
            r"|\bosy jyly\b"
        ),
        0,
    ),
]


# "Накануне" and the word after it (geo.language.dates._the_day_before).
EVE = re.compile(r"\bнакануне\b[ \t,]*([а-яё]+)?")


@dataclass
class DateMention:
    period: Period
    start: int
    end: int


def find_dates(text: str, start: int, end: int, published: Period | None) -> list[DateMention]:
    """Dates written in ``text[start:end]`` (folded), in order; overlapping readings keep the
    longest."""
    found: list[DateMention] = []
    hits = _pattern_table().scan(text)
    for k in hits.candidates("written", start, end):
        kind, pattern = PATTERNS[k]
        for m in pattern.finditer(text, start, end):
            period = _period(kind, m, published)
            if period is not None:
                found.append(DateMention(period, m.start(), m.end()))
    if published is not None and published.precision == "day":
        found += _the_day_before(text, start, end, published.start)
        for k in hits.candidates("relative", start, end):
            pattern, first, last, precision = RELATIVE[k]
            for m in pattern.finditer(text, start, end):
                found.append(
                    DateMention(
                        _relative(published.start, first, last, precision), m.start(), m.end()
                    )
                )
    if published is not None:
        for k in hits.candidates("years", start, end):
            pattern, back = RELATIVE_YEARS[k]
            year = Period.parse(str(published.start.year - back))
            found += [
                DateMention(year, m.start(), m.end()) for m in pattern.finditer(text, start, end)
            ]
    found.sort(key=lambda d: (-(d.end - d.start), d.start))
    kept: list[DateMention] = []
    for d in found:
        if all(d.end <= k.start or k.end <= d.start for k in kept):
            kept.append(d)
    return sorted(kept, key=lambda d: d.start)


@cache
def _pattern_table() -> PatternTable:
    """The patterns above, searched where their words or digits occur
    (geo.language.prefilter): most of an article's sentences give no date."""
    return PatternTable(
        {
            "written": [p for _, p in PATTERNS],
            "relative": [p for p, *_ in RELATIVE],
            "years": [p for p, _ in RELATIVE_YEARS],
        }
    )


def _the_day_before(text: str, start: int, end: int, day: date) -> list[DateMention]:
    """ "Накануне волонтеры работали ...", "накануне в селе ...": the day before publication.
    "Накануне праздника" (a genitive after it, by pymorphy3) is the eve of something else
    and dates nothing here."""
    return [
        DateMention(_relative(day, -1, -1, "day"), m.start(), m.start() + len("накануне"))
        for m in EVE.finditer(text, start, end)
        if not (m.group(1) and is_genitive(m.group(1)))
    ]


def _month(m: re.Match) -> int | None:
    if m.groupdict().get("month"):
        return int(m.group("month"))
    return month_number(m.groupdict().get("mon") or "")


def month_number(word: str, short: bool = False) -> int | None:
    """The month a folded word names ("маусымда" -> 6); with ``short``, also the short forms
    datelines print ("нау" -> 3)."""
    for tables in (_MONTH_WORD, _SHORT_WORD) if short else (_MONTH_WORD,):
        for number, pattern in tables.items():
            if pattern.match(word):
                return number
    return None


def _period(kind: str, m: re.Match, published: Period | None) -> Period | None:
    month = _month(m)
    groups = m.groupdict()
    year = int(groups.get("year") or groups.get("year2") or 0) or None
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
        if kind == "months":
            first_month = month_number(groups["mon1"])
            if first_month is None or first_month >= month:
                return None
            last = Period.parse(f"{year:04d}-{month:02d}").end
            return Period(date(year, first_month, 1), last, "month")
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


# Datelines: the stamp of a web page that says when it was published (geo/resources/datelines.toml).
# Each pattern reads a whole date, day to year, on folded text; a short month ("12 нау,
# 2021") only here, between a day and a year.
_DL_MONTH = rf"(?P<mon>(?:{_STEMS})[а-яa-z]*|(?:{_SHORT_STEMS})\.?(?![а-яa-z]))"
_DL_DAY = r"(?P<day>[0-3]?\d)"
DATELINE_PATTERNS = [
    # 14 Сентября, 2022 / 17 Шілде 2020 / 12 нау, 2021 / 5 Mamyr, 2021 / 4 ноября 2025 г.
    re.compile(rf"(?<![\d.:/–—-]){_DL_DAY}\s*{_DL_MONTH}[\s.,]*{YEAR}(?![\d–—-])"),
    # 2021 жылғы 9 Қазан / 2020 ж. 18 тамыз
    re.compile(rf"(?<![\d–—-]){YEAR}\s*(?:жылгы|jylgy|ж\.)\s*{_DL_DAY}\s*{_DL_MONTH}"),
    # 12.03.2021 / 12/03/2021 (day first, as Kazakhstani pages print it)
    re.compile(
        r"(?<![\d.:/–—-])(?P<day>[0-3]?\d)([./])(?P<month>[01]?\d)\2(?P<year>(?:19|20)\d\d)"
        r"(?![\d–—-]|\.\d)"
    ),
    # 2021-03-12 (ISO)
    re.compile(
        r"(?<![\d–—-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d–—-])"
    ),
]
_TIME = re.compile(r"\b[0-2]?\d:[0-5]\d(?::[0-5]\d)?\b")
_NUMBER = re.compile(r"[+-]?\d+")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass
class Stamp:
    """A dateline found on a line: its date and where it stands in the line."""

    period: Period
    start: int
    end: int
    labelled: bool  # "Дата публикации:", "Жарияланды:" before it


@cache
def _dateline_rules() -> dict:
    rules = _table("datelines.toml")
    return {
        "labels": sorted(rules["labels"], key=len, reverse=True),
        "other_labels": rules["other_labels"],
        "stamp_words": set(rules["stamp_words"]),
        "phrase_words": set(rules["phrase_words"]),
        "max_other_words": rules["max_other_words"],
    }


def stamp_date(line: str) -> Stamp | None:
    """The publication date if ``line`` (one line of the page, as written) is a dateline: a
    whole date (day, month, year) with at most a label, a time, "г.", a view counter and a
    few capitalised names (an agency, a town, a rubric, an author) around it. A date inside a
    sentence ("5 мая 2021 года волонтеры провели ..."), in a phrase ("К 1 мая 2021 года"), a
    range ("8–13 июня 2021") or after "Обновлено:" is none."""
    m = _first_match(fold(line))
    if m is None or (period := _stamp_period(m)) is None:
        return None
    rules = _dateline_rules()
    head = line[: m.start()]
    if _NUMBER.search(_TIME.sub(" ", head)):  # "8–", "с 8 по": a range, not a stamp
        return None
    words = _WORD.findall(head)
    said = " " + " ".join(fold(w) for w in words)
    if any(said.endswith(f" {label}") for label in rules["other_labels"]):
        return None
    label = next((lb for lb in rules["labels"] if said.endswith(f" {lb}")), None)
    if label:
        words = words[: -len(label.split())]
    words += _WORD.findall(_NUMBER.sub(" ", _TIME.sub(" ", line[m.end() :])))
    if not _only_names(words, rules):
        return None
    return Stamp(period, m.start(), m.end(), label is not None)


def has_label(folded: str) -> bool:
    """Does a (folded) line start with a publication label: "дата публикации", "жарияланды"?"""
    return bool(_label_start().match(folded))


@cache
def _label_start() -> re.Pattern:
    labels = "|".join(re.escape(label) for label in _dateline_rules()["labels"])
    return re.compile(rf"\W*(?:{labels})\b")


def _first_match(folded: str) -> re.Match | None:
    matches = [m for p in DATELINE_PATTERNS if (m := p.search(folded))]
    return min(matches, key=lambda m: m.start(), default=None)


def _stamp_period(m: re.Match) -> Period | None:
    if m.groupdict().get("month"):
        month = int(m.group("month"))
    else:
        month = month_number(m.group("mon"), short=True)
    try:
        day = date(int(m.group("year")), month or 0, int(m.group("day")))
    except ValueError:  # 31.02.2020, no month
        return None
    return Period(day, day, "day")


def _only_names(words: list[str], rules: dict) -> bool:
    """Are the words beside a date those of a stamp: names (capitalised), stamp words ("г.",
    "GMT", "просмотров"), and not too many?"""
    names = 0
    for word in words:
        folded = fold(word)
        if folded in rules["phrase_words"]:
            return False
        if folded in rules["stamp_words"]:
            continue
        if not word[0].isupper():
            return False
        names += 1
    return names <= rules["max_other_words"]


# Dates in a page's address: /2021/03/12/, 2021-03-12, 12-03-2021, a lone 20210312; /2021/03/
# gives the month. Tried in this order; the first that reads a real date wins.
URL_PATTERNS = [
    (
        "day",
        re.compile(
            r"(?<![0-9a-z])(?P<year>(?:19|20)\d\d)([/_.-])(?P<month>[01]?\d)\2(?P<day>[0-3]?\d)"
            r"(?![0-9a-z])",
            re.IGNORECASE,
        ),
    ),
    (
        "day",
        re.compile(
            r"(?<![0-9a-z])(?P<day>[0-3]\d)([/_.-])(?P<month>[01]\d)\2(?P<year>(?:19|20)\d\d)"
            r"(?![0-9a-z])",
            re.IGNORECASE,
        ),
    ),
    (
        "compact",
        re.compile(
            r"(?<![0-9a-z])(?P<year>(?:19|20)\d\d)(?P<month>0[1-9]|1[0-2])"
            r"(?P<day>0[1-9]|[12]\d|3[01])(?![0-9a-z])",
            re.IGNORECASE,
        ),
    ),
    ("month", re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>0?[1-9]|1[0-2])/")),
]


def url_date(url: str | None) -> tuple[Period, str] | None:
    """The publication date a page's address holds, and that part of the address. Only the
    path and query are read (a host name holds no date). Eight digits in a row count only when
    they stand alone and are the address's only such run: an id like 20211234 is no date, and
    of two runs nobody can tell which is the date."""
    if not url:
        return None
    parts = urlsplit(url)
    where = parts.path + ("?" + parts.query if parts.query else "")
    for kind, pattern in URL_PATTERNS:
        found = list(pattern.finditer(where))
        if kind == "compact" and len(found) != 1:
            continue
        for m in found:
            with contextlib.suppress(ValueError):  # month 13, 30 February: not a date
                year, month = int(m.group("year")), int(m.group("month"))
                if kind == "month":
                    return Period.parse(f"{year:04d}-{month:02d}"), m.group()
                day = date(year, month, int(m.group("day")))
                return Period(day, day, "day"), m.group()
    return None

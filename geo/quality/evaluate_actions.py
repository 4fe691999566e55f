"""Evaluation of actions: did the extractor find who did what, where and when.

In: a gold folder (see geo.quality.evaluate) with ``expected_actions.csv`` (``doc_id, action_type,
organisations, places, beneficiaries, date_start, date_end, time_precision, note``; names and
place mentions as written, separated by "; ") beside ``expected_places.csv``.
Out: ``evaluate_actions(gold_dir) -> ActionEvaluation`` with two views of the same extraction:

- matching (the first view): an expected action is found when a found action of the same
  article has its type and one of its places; then its organisations, beneficiaries and dates;
- the table of issue 13 (``ActionEvaluation.table``, overall and per language), which judges
  a map, not a list of records, and is type-agnostic:
  * action places: each expected action has a found action with a point at the most specific
    place the gold gives for it (its places of the finest kind: settlement/road < district <
    region < country), matched as geo.quality.evaluate matches places;
  * points in the right area: every place of every found action lies within 15 km of an
    expected point of its article, or in the region (admin1) of an expected region, district
    or village without coordinates; a country point only when the article expects the country;
  * organisations: per article, the named organisations of its expected actions against the
    organisations and sponsors of all its found actions (recall and precision); names match by
    folded containment or when the organisation table gives both the same id;
  * dates: an article that states a date is right when each of its dated expected actions
    overlaps the period of a found action at its place (else of any found action).

How: one extraction per article serves both views. Every miss of every figure is listed.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from geopy.distance import geodesic
from tqdm import tqdm

from geo.dataset import confidence
from geo.extract.actions import extract
from geo.geoparse.geocode import OfflineGeocoder
from geo.ingest.corpus import Period, read_corpus
from geo.language.names import fold, key
from geo.language.organisations import find_organisations, organisation_name
from geo.quality.evaluate import WITHIN_KM, Expected, Score, articles_dir, matches, read_expected

# Finest first: an action's most specific places are those of its lowest rank.
KIND_RANK = {"settlement": 0, "city": 0, "road": 0, "checkpoint": 0, "district": 1, "region": 2}
COUNTRY_RANK = 3
# An expected row with only date_end covers [date_end - window, date_end]; "unknown" and
# "day" are the day itself. Days, the longest a week, month or year can be.
PRECISION_WINDOW_DAYS = {"day": 0, "week": 6, "month": 30, "year": 365, "unknown": 0}
# Words that say which kind of place a mention names, folded, both scripts: they decide
# between an article's places that share a stem ("Павлодар облысының" is the region).
KIND_WORDS = {
    "region": ("облыс", "област", "oblys", "аймаг", "aimag", "өңір", "онир", "onir"),
    "district": ("аудан", "район", "audan", "aýdan"),
    "settlement": ("кала", "город", "qala", "kala", "ауыл", "aýyl", "auyl", "сел", "посел"),
}
STEM_LETTERS = 5  # "Ақмола облысында" and "Ақмола облыстарында" share "ақмол"


@dataclass(eq=False)
class ExpectedAction:
    doc_id: str
    action_type: str
    organisations: list[str]
    places: list[str]  # mentions, as in expected_places.csv
    beneficiaries: list[str]
    period: Period | None


@dataclass
class Ratio:
    """``right`` of ``total``; 1.0 when there is nothing to judge."""

    right: int = 0
    total: int = 0

    def add(self, right: bool) -> None:
        self.right += bool(right)
        self.total += 1

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.right}/{self.total} ({self.share:.0%})"


@dataclass
class TableScore:
    """One line of the issue's table: a gold set, or one language of it."""

    action_places: Ratio = field(default_factory=Ratio)
    points: Ratio = field(default_factory=Ratio)
    organisations: Score = field(default_factory=Score)
    dates: Ratio = field(default_factory=Ratio)  # articles that state a date
    dated_actions: Ratio = field(default_factory=Ratio)

    def as_dict(self) -> dict:
        ratios = {
            "action_places": self.action_places,
            "points_in_right_area": self.points,
            "dates": self.dates,
            "dated_actions": self.dated_actions,
        }
        out = {k: {"right": r.right, "total": r.total, "share": r.share} for k, r in ratios.items()}
        o = self.organisations
        out["organisations"] = {
            "expected": o.expected,
            "found": o.found,
            "matched": o.matched,
            "recall": o.recall,
            "precision": o.precision,
        }
        return out


@dataclass(frozen=True)
class JudgedRecord:
    """One found record (an action at one of its places) and whether it is right: its point
    is at the most specific place of one of its article's expected actions (as
    geo.quality.evaluate matches places), not only in its area; a region's point for a town
    is wrong. With what the review queue needs (geo.curation.review): its article, action,
    place and organisations."""

    reasons: tuple[str, ...]  # geo.dataset.confidence.reasons
    right: bool
    doc_id: str
    action_id: str
    place_id: str
    organisations: tuple[str, ...]  # organisations and sponsors (ids)


@dataclass
class ActionEvaluation:
    actions: Score = field(default_factory=Score)
    types_right: int = 0
    organisations: Score = field(default_factory=Score)
    beneficiaries: Score = field(default_factory=Score)
    dated: int = 0  # matched actions the gold set dates
    dates_exact: int = 0
    dates_overlapping: int = 0
    misses: list[str] = field(default_factory=list)
    false_actions: list[str] = field(default_factory=list)
    # The table: "all" and one entry per language, and what each figure missed.
    table: dict[str, TableScore] = field(default_factory=lambda: defaultdict(TableScore))
    places_missed: list[str] = field(default_factory=list)
    points_outside: list[str] = field(default_factory=list)
    organisations_missed: list[str] = field(default_factory=list)
    organisations_unexpected: list[str] = field(default_factory=list)
    dates_wrong: list[str] = field(default_factory=list)
    # Every found record, judged (see JudgedRecord).
    records: list[JudgedRecord] = field(default_factory=list)

    @property
    def samples(self) -> list[tuple[list[str], bool]]:
        """The records as geo.quality.calibration takes them: (reason codes, right)."""
        return [(list(r.reasons), r.right) for r in self.records]


def read_expected_actions(path: Path) -> dict[str, list[ExpectedAction]]:
    by_doc: dict[str, list[ExpectedAction]] = defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_doc[row["doc_id"]].append(
                ExpectedAction(
                    row["doc_id"],
                    row["action_type"],
                    _split(row["organisations"]),
                    _split(row["places"]),
                    _split(row["beneficiaries"]),
                    expected_period(row["date_start"], row["date_end"], row["time_precision"]),
                )
            )
    return by_doc


def expected_period(start: str, end: str, precision: str) -> Period | None:
    """The period of an expected row; with only ``date_end``, the window before it."""
    precision = precision or "day"
    if start:
        first = date.fromisoformat(start)
        return Period(first, date.fromisoformat(end) if end else first, precision)
    if end:
        last = date.fromisoformat(end)
        days = PRECISION_WINDOW_DAYS.get(precision, 0)
        return Period(last - timedelta(days=days), last, precision)
    return None


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def resolve_mention(mention: str, places: list[Expected]) -> Expected | None:
    """The expected place an action's mention names. Gold files write an action's places as
    the text has them, which need not be the place row's first mention ("Ақмола облысында" for
    "Ақмола облыстарында", "В Актау" for "Актау"): the same mention or canonical name, else one
    folded name holding the other, else the same stem; a kind word picks among several."""
    exact = [p for p in places if mention in (p.mention, p.place)]
    if exact:
        return exact[0]
    name = key(mention)
    stem = name.split()[0][:STEM_LETTERS] if name else ""
    near = [
        p
        for p in places
        if name in key(p.mention) or key(p.mention) in name or key(p.mention).startswith(stem)
    ]
    kind = next((k for k, words in KIND_WORDS.items() if any(w in name for w in words)), None)
    return next((p for p in near if p.kind == kind), near[0] if near else None)


def finest_places(action: ExpectedAction, places: list[Expected]) -> list[Expected]:
    """The action's places of its most specific kind."""
    where = [p for p in (resolve_mention(m, places) for m in action.places) if p is not None]
    if not where:
        return []
    rank = min(_rank(p) for p in where)
    return [p for p in where if _rank(p) == rank]


def _rank(place: Expected) -> int:
    return KIND_RANK.get(place.kind, COUNTRY_RANK)


def evaluate_actions(
    gold_dir: Path | str, geocoder: OfflineGeocoder | None = None, progress: bool = False
) -> ActionEvaluation:
    """Actions found against ``expected_actions.csv``: both views (see the module)."""
    gold_dir = Path(gold_dir)
    geocoder = geocoder or OfflineGeocoder()
    places_by_doc = read_expected(gold_dir / "expected_places.csv")
    expected_by_doc = read_expected_actions(gold_dir / "expected_actions.csv")
    result = ActionEvaluation()
    articles = read_corpus(articles_dir(gold_dir)).articles
    for article in tqdm(articles, desc="gold actions", unit="article", disable=not progress):
        expected = expected_by_doc.get(article.doc_id, [])
        places = places_by_doc.get(article.doc_id, [])
        found = extract(article, geocoder).actions
        _match_actions(result, article.doc_id, expected, found, places)
        for line in ("all", article.language):
            _score_table(result, result.table[line], article.doc_id, expected, found, places)
    return result


# -- the first view: matching records --------------------------------------------------------


def _match_actions(result: ActionEvaluation, doc_id: str, expected, found, places) -> None:
    free = list(found)
    for e in expected:
        hit = next((a for a in free if _same_action(e, a, places)), None)
        if hit is None:
            result.misses.append(f"{doc_id}: {e.action_type} at {', '.join(e.places)}")
            continue
        free.remove(hit)
        result.actions.matched += 1
        result.types_right += hit.types[0] == e.action_type
        _score_names(
            result.organisations, e.organisations, [organisation_name(o) for o in hit.organisations]
        )
        _score_names(result.beneficiaries, e.beneficiaries, hit.beneficiaries)
        if e.period is not None:
            result.dated += 1
            p = hit.period
            result.dates_exact += p is not None and (p.start, p.end) == (
                e.period.start,
                e.period.end,
            )
            result.dates_overlapping += _overlaps(p, e.period)
    result.false_actions += [
        f"{doc_id}: {a.types[0]} at {', '.join(p.name for p in a.places)}" for a in free
    ]
    result.actions.expected += len(expected)
    result.actions.found += len(found)


def _same_action(e: ExpectedAction, found, places: list[Expected]) -> bool:
    if e.action_type not in found.types and not (
        e.action_type == "other" or found.types == ["other"]
    ):
        return False
    where = [p for p in (resolve_mention(m, places) for m in e.places) if p is not None]
    if not where:
        return any(p.kind == "country" for p in found.places)
    return any(matches(x, p) for x in where for p in found.places)


def _score_names(score: Score, expected: list[str], found: list[str]) -> None:
    """Names match when one folded name holds the other ("Шапағат" and "фонд Шапағат")."""
    score.expected += len(expected)
    score.found += len(found)
    free = [key(f) for f in found]
    for name in (key(x) for x in expected):
        hit = next((f for f in free if f and name and (f in name or name in f)), None)
        if hit is not None:
            free.remove(hit)
            score.matched += 1


def _overlaps(found: Period | None, expected: Period) -> bool:
    return found is not None and found.start <= expected.end and expected.start <= found.end


# -- the second view: the table ------------------------------------------------------


def _score_table(result, line: TableScore, doc_id, expected, found, places) -> None:
    """Adds one article to one line of the table; the lists of misses are kept once, for
    the "all" line."""
    record = line is result.table["all"]
    at_place = {id(e): _at_place(e, found, places) for e in expected}
    finest = [x for e in expected for x in finest_places(e, places)]
    for e in expected:
        line.action_places.add(bool(at_place[id(e)]))
        if record and not at_place[id(e)]:
            result.places_missed.append(f"{doc_id}: {e.action_type} at {'; '.join(e.places)}")
    for action in found:
        for p in action.places:
            ok = in_right_area(p, places)
            line.points.add(ok)
            if record:
                right = any(matches(x, p) for x in finest)
                result.records.append(_judged(action, p, right))
            if record and not ok:
                result.points_outside.append(f"{doc_id}: {p.place_name} -> {p.name} ({p.kind})")
    missed, unexpected = _score_organisations(line.organisations, expected, found)
    if record:
        result.organisations_missed += [f"{doc_id}: {n}" for n in missed]
        result.organisations_unexpected += [f"{doc_id}: {n}" for n in unexpected]
    _score_dates(result if record else None, line, doc_id, expected, found, at_place)


def _judged(action, place, right: bool) -> JudgedRecord:
    return JudgedRecord(
        tuple(confidence.reasons(action, place)),
        right,
        action.doc_id,
        action.action_id,
        place.place_id,
        tuple(dict.fromkeys([*action.organisations, *action.sponsors])),
    )


def _at_place(e: ExpectedAction, found, places: list[Expected]) -> list:
    """The found actions with a point at the expected action's most specific place."""
    finest = finest_places(e, places)
    return [a for a in found if any(matches(x, p) for x in finest for p in a.places)]


def in_right_area(p, places: list[Expected]) -> bool:
    """A found point lies in an area its article supports (see the module). A region's
    point is a convention, not a spot: a region is judged by its admin1 only."""
    if p.kind == "country":
        return any(x.kind == "country" for x in places)
    areas = {x.admin1 for x in places if x.kind in {"region", "district"} or not x.point}
    if p.admin1 is not None and p.admin1 in areas:
        return True
    return p.kind != "region" and any(
        x.point and geodesic(x.point, (p.lat, p.lon)).km <= WITHIN_KM for x in places
    )


def _score_organisations(score: Score, expected, found) -> tuple[list[str], list[str]]:
    """The article's named organisations against all it found; the misses both ways."""
    names = list({key(n): n for e in expected for n in e.organisations}.values())
    ids = list(dict.fromkeys(o for a in found for o in [*a.organisations, *a.sponsors]))
    free = list(ids)
    missed = []
    for name in names:
        hit = next((i for i in free if _same_organisation(name, i)), None)
        if hit is None:
            missed.append(name)
        else:
            free.remove(hit)
            score.matched += 1
    score.expected += len(names)
    score.found += len(ids)
    return missed, [organisation_name(i) for i in free]


def _same_organisation(name: str, org_id: str) -> bool:
    """The gold's name as written and a found organisation are one when one folded name holds
    the other, when both quote the same name («Жасыл Ел» қозғалысы, бойцы «Жасыл Ел»), when
    the words of the shorter are the words of the longer up to their case endings (молодежный
    ресурсный центр, молодежного ресурсного центра города Ш.), or through the alias table."""
    written, found = key(name), key(organisation_name(org_id))
    if written and found and (written in found or found in written):
        return True
    if (quoted := _quoted(fold(name))) and quoted == _quoted(fold(organisation_name(org_id))):
        return True
    shorter, longer = sorted((_stems(written), _stems(found)), key=len)
    if len(shorter) >= 2 and shorter <= longer:
        return True
    return org_id in table_ids(name)


def _quoted(name: str) -> str:
    """The first name in quotes, without its inner quotes: "«ассоциация «гражданский альянс»"."""
    match = re.search(r"[«\"“](.+?)(?:[»\"”]|$)", name)
    return match.group(1).strip(' «»"“”') if match else ""


def _stems(name: str) -> set[str]:
    """Words of three letters or more, cut to five letters: a crude stem that ignores the case
    endings of Russian and Kazakh (ресурсного -> ресур, орталығының -> ортал)."""
    return {w[:5] for w in re.findall(r"\w{3,}", name)}


@cache
def table_ids(name: str) -> frozenset[str]:
    """The ids the organisation table gives a name ("Nur Otan partııasynyń" -> nur_otan)."""
    folded = fold(name)
    return frozenset(m.org_id for m in find_organisations(folded, [(0, len(folded))]))


def _score_dates(result, line: TableScore, doc_id, expected, found, at_place) -> None:
    """An article that states a date is right when every dated expected action overlaps a
    found action at its place, or any found action of the article when none is there."""
    dated = [e for e in expected if e.period is not None]
    if not dated:
        return
    right = []
    for e in dated:
        pool = at_place[id(e)] or found
        ok = any(_overlaps(a.period, e.period) for a in pool)
        line.dated_actions.add(ok)
        right.append(ok)
        if result is not None and not ok:
            periods = ", ".join(_period_text(a.period) for a in pool) or "no action"
            result.dates_wrong.append(
                f"{doc_id}: {e.action_type} {_period_text(e.period)}, found {periods}"
            )
    line.dates.add(all(right))


def _period_text(p: Period | None) -> str:
    if p is None:
        return "undated"
    return str(p.start) if p.start == p.end else f"{p.start}..{p.end}"


# -- reports ---------------------------------------------------------------------------------


def format_action_report(result: ActionEvaluation, name: str = "gold") -> str:
    matched = result.actions.matched or 1
    lines = [
        *format_table(result, name),
        f"actions: precision {result.actions.precision:.1%}, recall {result.actions.recall:.1%} "
        f"({result.actions.matched} matched of {result.actions.expected} expected, "
        f"{result.actions.found} found); main type right in {result.types_right / matched:.0%}",
        f"organisations of matched actions: precision {result.organisations.precision:.1%}, "
        f"recall {result.organisations.recall:.1%}",
        f"beneficiaries of matched actions: precision {result.beneficiaries.precision:.1%}, "
        f"recall {result.beneficiaries.recall:.1%}",
        f"dates of matched actions: exact {result.dates_exact}/{result.dated}, "
        f"overlapping {result.dates_overlapping}/{result.dated}",
    ]
    for title, items in [
        ("missed actions", result.misses),
        ("false actions", result.false_actions),
        ("action places missed", result.places_missed),
        ("points outside the article's area", result.points_outside),
        ("organisations missed", result.organisations_missed),
        ("organisations not expected", result.organisations_unexpected),
        ("dates wrong", result.dates_wrong),
    ]:
        if items:
            lines += [f"{title} ({len(items)}):", *(f"  {item}" for item in items)]
    return "\n".join(lines)


def format_table(result: ActionEvaluation, name: str) -> list[str]:
    """The issue's table: the set, then one line per language."""
    header = "set | action places | points in right area | organisations (R, P) | dates"
    rows = [(name, result.table["all"])]
    rows += [(f"  {lang}", s) for lang, s in sorted(result.table.items()) if lang != "all"]
    return [header, *(f"{label} | {_row(s)}" for label, s in rows)]


def _row(s: TableScore) -> str:
    o = s.organisations
    return (
        f"{s.action_places} | {s.points} | "
        f"R {o.matched}/{o.expected} ({o.recall:.0%}), P {o.matched}/{o.found} "
        f"({o.precision:.0%}) | {s.dates} of articles, {s.dated_actions} of dated actions"
    )


def action_scores(result: ActionEvaluation) -> dict:
    """The action figures as plain data (``geo evaluate --json``): the table by line, the
    matching view's counts and every list of misses."""
    counts = {
        "expected": result.actions.expected,
        "found": result.actions.found,
        "matched": result.actions.matched,
        "types_right": result.types_right,
        "dated": result.dated,
        "dates_exact": result.dates_exact,
        "dates_overlapping": result.dates_overlapping,
    }
    lists = {
        "missed_actions": result.misses,
        "false_actions": result.false_actions,
        "action_places_missed": result.places_missed,
        "points_outside": result.points_outside,
        "organisations_missed": result.organisations_missed,
        "organisations_unexpected": result.organisations_unexpected,
        "dates_wrong": result.dates_wrong,
    }
    table = {line: s.as_dict() for line, s in sorted(result.table.items())}
    return {"table": table, "matching": counts, **lists}

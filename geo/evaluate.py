"""Evaluation: how well the geoparser and the extractor do on a gold set.

In: a gold folder with ``articles/`` (a corpus, see geo.corpus) and
``expected_places.csv`` (``doc_id, mention, place, kind, admin1, lat, lon, note``: every place
a careful reader would geocode, once per article).
Out: ``evaluate(gold_dir) -> Evaluation``: place precision and recall, the share of
settlements placed within 15 km and of region-level places inside their region, by language,
with every miss and every false place listed.

A found place matches an expected one when it is the same kind of thing in the same spot:
the country for the country; the same region for a region; within 15 km for a settlement,
district or road point. A village the gazetteer lacks (no expected coordinates) matches a
place in its region, which is where the product puts it (its district's centre).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geopy.distance import geodesic
from tqdm import tqdm

from geo.corpus import Period, read_corpus
from geo.extract import extract
from geo.geocode import OfflineGeocoder
from geo.geoparse import geoparse
from geo.names import key
from geo.organisations import organisation_name
from geo.places import ResolvedPlace

WITHIN_KM = 15


@dataclass(eq=False)
class Expected:
    doc_id: str
    mention: str
    place: str
    kind: str
    admin1: str | None
    point: tuple[float, float] | None


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0


@dataclass
class Evaluation:
    overall: Score = field(default_factory=Score)
    by_language: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[str] = field(default_factory=list)  # "doc: mention (place)"
    false_places: list[str] = field(default_factory=list)
    settlements: int = 0
    settlements_within: int = 0
    regions: int = 0
    regions_inside: int = 0


def read_expected(path: Path) -> dict[str, list[Expected]]:
    by_doc: dict[str, list[Expected]] = defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            point = (float(row["lat"]), float(row["lon"])) if row["lat"] and row["lon"] else None
            by_doc[row["doc_id"]].append(
                Expected(
                    row["doc_id"],
                    row["mention"],
                    row["place"],
                    row["kind"],
                    row["admin1"] or None,
                    point,
                )
            )
    return by_doc


def matches(expected: Expected, found: ResolvedPlace) -> bool:
    if expected.kind == "country":
        return found.kind == "country"
    if expected.kind == "region":
        return found.kind == "region" and found.admin1 == expected.admin1
    if found.kind in {"country", "region"}:
        return False
    if expected.point is None:
        return found.admin1 == expected.admin1
    return geodesic(expected.point, (found.lat, found.lon)).km <= WITHIN_KM


def _pair(expected: list[Expected], found: list[ResolvedPlace], text: str) -> dict:
    """Each expected place and the found place that matches it (or None): first the place
    found at the expected mention itself, then any other match of the same kind, then any
    match. A place without expected coordinates must be found at its mention."""
    pairs: dict = {}
    free = list(found)

    def take(e, ok):
        hit = next((f for f in free if matches(e, f) and ok(e, f)), None)
        if hit is not None:
            free.remove(hit)
            pairs[e] = hit

    at = {id(e): text.find(e.mention) for e in expected}
    for e in expected:
        take(e, lambda e, f: f.start < at[id(e)] + len(e.mention) and at[id(e)] < f.end)
    for e in (e for e in expected if e not in pairs and e.point):
        take(e, lambda e, f: _family(e.kind) == _family(f.kind))
    for e in (e for e in expected if e not in pairs and e.point):
        take(e, lambda e, f: True)
    return {e: pairs.get(e) for e in expected}


def _family(kind: str) -> str:
    return "town" if kind in {"settlement", "city"} else kind


def evaluate(
    gold_dir: Path | str, geocoder: OfflineGeocoder | None = None, progress: bool = False
) -> Evaluation:
    gold_dir = Path(gold_dir)
    geocoder = geocoder or OfflineGeocoder()
    expected_by_doc = read_expected(gold_dir / "expected_places.csv")
    result = Evaluation()
    articles = read_corpus(gold_dir / "articles").articles
    for article in tqdm(articles, desc="gold articles", unit="article", disable=not progress):
        expected = expected_by_doc.get(article.doc_id, [])
        found = geoparse(article, geocoder).places()
        unmatched = list(found)
        score = result.by_language[article.language]
        for e, hit in _pair(expected, found, article.text).items():
            if hit is None:
                result.misses.append(f"{article.doc_id}: {e.mention} ({e.place})")
            else:
                unmatched.remove(hit)
                for s in (score, result.overall):
                    s.matched += 1
            if e.kind in {"settlement", "district", "road"} and e.point:
                result.settlements += 1
                result.settlements_within += hit is not None
            if e.kind == "region":
                result.regions += 1
                result.regions_inside += hit is not None
        result.false_places += [f"{article.doc_id}: {f.place_name} -> {f.name}" for f in unmatched]
        for s in (score, result.overall):
            s.expected += len(expected)
            s.found += len(found)
    return result


def format_report(result: Evaluation) -> str:
    lines = [
        f"places: precision {result.overall.precision:.1%}, recall {result.overall.recall:.1%} "
        f"({result.overall.matched} matched of {result.overall.expected} expected, "
        f"{result.overall.found} found)",
        f"settlements, districts, roads within {WITHIN_KM} km: "
        f"{result.settlements_within}/{result.settlements}",
        f"region-level places inside their region: {result.regions_inside}/{result.regions}",
    ]
    for language, s in sorted(result.by_language.items()):
        lines.append(
            f"  {language:8} precision {s.precision:6.1%}  recall {s.recall:6.1%}  "
            f"({s.matched}/{s.expected} expected, {s.found} found)"
        )
    lines += _listing("missed", result.misses) + _listing("false places", result.false_places)
    return "\n".join(lines)


def _listing(title: str, items: list[str]) -> list[str]:
    return [f"{title} ({len(items)}):", *(f"  {item}" for item in items)] if items else []


# -- actions ---------------------------------------------------------------------------------


@dataclass(eq=False)
class ExpectedAction:
    doc_id: str
    action_type: str
    organisations: list[str]
    places: list[str]  # mentions, as in expected_places.csv
    beneficiaries: list[str]
    period: Period | None


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


def read_expected_actions(path: Path) -> dict[str, list[ExpectedAction]]:
    by_doc: dict[str, list[ExpectedAction]] = defaultdict(list)
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            period = None
            if row["date_start"]:
                start, end = (
                    date.fromisoformat(row["date_start"]),
                    date.fromisoformat(row["date_end"] or row["date_start"]),
                )
                period = Period(start, end, row["time_precision"] or "day")
            by_doc[row["doc_id"]].append(
                ExpectedAction(
                    row["doc_id"],
                    row["action_type"],
                    _split(row["organisations"]),
                    _split(row["places"]),
                    _split(row["beneficiaries"]),
                    period,
                )
            )
    return by_doc


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def evaluate_actions(
    gold_dir: Path | str, geocoder: OfflineGeocoder | None = None, progress: bool = False
) -> ActionEvaluation:
    """Actions found against ``expected_actions.csv``: an expected action is found when a
    found action of the same article takes place where it does (one of its places matches,
    as places are matched above; or both are country-wide) and has its type among its types."""
    gold_dir = Path(gold_dir)
    geocoder = geocoder or OfflineGeocoder()
    places_by_doc = read_expected(gold_dir / "expected_places.csv")
    expected_by_doc = read_expected_actions(gold_dir / "expected_actions.csv")
    result = ActionEvaluation()
    articles = read_corpus(gold_dir / "articles").articles
    for article in tqdm(articles, desc="gold actions", unit="article", disable=not progress):
        expected = expected_by_doc.get(article.doc_id, [])
        found = extract(article, geocoder).actions
        places = {p.mention: p for p in places_by_doc.get(article.doc_id, [])}
        free = list(found)
        for e in expected:
            hit = next((a for a in free if _same_action(e, a, places)), None)
            if hit is None:
                result.misses.append(f"{article.doc_id}: {e.action_type} at {', '.join(e.places)}")
                continue
            free.remove(hit)
            result.actions.matched += 1
            result.types_right += hit.types[0] == e.action_type
            _score_names(
                result.organisations,
                e.organisations,
                [organisation_name(o) for o in hit.organisations],
            )
            _score_names(result.beneficiaries, e.beneficiaries, hit.beneficiaries)
            if e.period is not None:
                result.dated += 1
                p = hit.period
                result.dates_exact += p is not None and (p.start, p.end) == (
                    e.period.start,
                    e.period.end,
                )
                result.dates_overlapping += p is not None and (
                    p.start <= e.period.end and e.period.start <= p.end
                )
        result.false_actions += [
            f"{article.doc_id}: {a.types[0]} at {', '.join(p.name for p in a.places)}" for a in free
        ]
        result.actions.expected += len(expected)
        result.actions.found += len(found)
    return result


def _same_action(e: ExpectedAction, found, places: dict[str, Expected]) -> bool:
    if e.action_type not in found.types and not (
        e.action_type == "other" or found.types == ["other"]
    ):
        return False
    where = [places[m] for m in e.places if m in places]
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


def format_action_report(result: ActionEvaluation) -> str:
    matched = result.actions.matched or 1
    lines = [
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
    lines += _listing("missed actions", result.misses)
    lines += _listing("false actions", result.false_actions)
    return "\n".join(lines)

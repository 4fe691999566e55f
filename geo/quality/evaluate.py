"""Evaluation: how well the geoparser and the extractor do on a gold set.

In: a gold folder with ``articles/`` (a corpus, see geo.ingest.corpus) and
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
from pathlib import Path

from geopy.distance import geodesic
from tqdm import tqdm

from geo.geoparse.document import geoparse
from geo.geoparse.geocode import OfflineGeocoder
from geo.geoparse.resolve import ResolvedPlace
from geo.ingest.corpus import read_corpus

WITHIN_KM = 15
AREAS = {"country", "region"}  # matched by identity, not by distance


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


def articles_dir(gold_dir: Path) -> Path:
    """``gold_dir/articles``, or the folder itself when its articles lie beside the
    expected files (a corpus such as seeds/ with a gold layout added)."""
    return gold_dir / "articles" if (gold_dir / "articles").is_dir() else gold_dir


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
    match. A village without expected coordinates must be found at its mention (matching it
    by region alone would be too loose); the country and a region are one thing wherever the
    article names them ("елімізде" and "Қазақстанда" both find the country)."""
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
    for e in (e for e in expected if e not in pairs and (e.point or e.kind in AREAS)):
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
    articles = read_corpus(articles_dir(gold_dir)).articles
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
    rows = sorted(result.by_language.items())
    if sum(language.startswith("kk") for language, _ in rows) > 1:
        rows.append(("kazakh", kazakh(result)))  # both scripts
    for language, s in rows:
        lines.append(
            f"  {language:8} precision {s.precision:6.1%}  recall {s.recall:6.1%}  "
            f"({s.matched}/{s.expected} expected, {s.found} found)"
        )
    lines += _listing("missed", result.misses) + _listing("false places", result.false_places)
    return "\n".join(lines)


def kazakh(result: Evaluation) -> Score:
    """Kazakh text in both scripts (kk and kk-latn) as one score."""
    parts = [s for language, s in result.by_language.items() if language.startswith("kk")]
    return Score(
        sum(s.expected for s in parts), sum(s.found for s in parts), sum(s.matched for s in parts)
    )


def place_scores(result: Evaluation) -> dict:
    """The place figures as plain data (``geo evaluate --json``)."""

    def score(s: Score) -> dict:
        return {
            "expected": s.expected,
            "found": s.found,
            "matched": s.matched,
            "precision": s.precision,
            "recall": s.recall,
        }

    return {
        "overall": score(result.overall),
        "by_language": {lang: score(s) for lang, s in sorted(result.by_language.items())},
        "kazakh": score(kazakh(result)),
        "settlements_within": [result.settlements_within, result.settlements],
        "regions_inside": [result.regions_inside, result.regions],
        "misses": result.misses,
        "false_places": result.false_places,
    }


def _listing(title: str, items: list[str]) -> list[str]:
    return [f"{title} ({len(items)}):", *(f"  {item}" for item in items)] if items else []

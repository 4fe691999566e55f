"""Build: corpus folder in, map-ready dataset out.

In: a folder of articles (see geo.corpus). Out, in the output folder:
``actions.geojson`` (FeatureCollection, WGS84, one Point per action and place: the contract
other tools read, see README), ``actions.csv`` (the same rows, ``utf-8-sig`` for Excel) and
``build-report.json`` (every input file as processed or skipped with its reason, every place
name that could not be resolved). The three files are replaced together (geo.publish): a
reader sees the previous dataset or the new one, never half of one. A build that reads no
article at all leaves the previous dataset alone.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from geo.corpus import MAX_ARTICLE_CHARS, MAX_FILE_BYTES, Article, read_corpus
from geo.extract import Action, extract
from geo.geocode import OfflineGeocoder
from geo.organisations import organisation_name
from geo.places import localized_name
from geo.publish import publish
from geo.schema import CSV_COLUMNS, LIST_COLUMNS
from geo.taxonomy import action_types

CHECKPOINT_WORDS = re.compile(r"блокпост|бекет|кпп|пункт\w* пропуска|checkpoint", re.IGNORECASE)


@dataclass
class BuildResult:
    features: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)  # {file, status, reason|actions}
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> names
    approximate: dict[str, list[str]] = field(default_factory=dict)  # at a district centre
    unknown_organisations: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0
    written: bool = False  # False when no article was read: the previous dataset stays

    @property
    def actions(self) -> int:
        return len({f["properties"]["action_id"] for f in self.features})


def build(
    corpus_dir: Path | str,
    out_dir: Path | str,
    progress: bool = True,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> BuildResult:
    started = time.perf_counter()
    corpus_dir, out_dir = Path(corpus_dir), Path(out_dir)
    corpus = read_corpus(corpus_dir, max_bytes, max_chars)
    result = BuildResult()
    for skipped in corpus.skipped:
        result.files.append({"file": skipped.name, "status": "skipped", "reason": skipped.reason})
    geocoder = OfflineGeocoder()
    told: list[tuple[Action, Article]] = []
    private: dict[str, list[tuple[int, int]]] = {}
    for article in tqdm(corpus.articles, desc="articles", unit="article", disable=not progress):
        name = article.name
        try:
            extraction = extract(article, geocoder)
        except Exception as err:  # one broken article must not stop the others
            result.files.append(
                {
                    "file": name,
                    "status": "skipped",
                    "reason": f"extraction failed: {type(err).__name__}: {err}",
                }
            )
            continue
        told += [(action, article) for action in extraction.actions]
        private[article.doc_id] = extraction.private_persons
        result.files.append(
            {
                "file": name,
                "status": "processed",
                "actions": len(extraction.actions),
                "warnings": article.warnings,
            }
        )
        if extraction.unresolved:
            result.unresolved[article.doc_id] = extraction.unresolved
        if extraction.approximate:
            result.approximate[article.doc_id] = extraction.approximate
        if extraction.unknown_organisations:
            result.unknown_organisations[article.doc_id] = extraction.unknown_organisations
    for action, article, retold in merge_retellings(told):
        sources = [_source(a, corpus_dir) for a in [article, *retold]]
        result.features += features_of(
            action,
            article,
            corpus_dir,
            geocoder.gazetteer,
            sources,
            private.get(article.doc_id, []),
        )
    result.files.sort(key=lambda f: f["file"])
    result.seconds = time.perf_counter() - started
    if any(f["status"] == "processed" for f in result.files):
        write_outputs(result, out_dir)
        result.written = True
    return result


def redact(text: str, start: int, end: int, persons: list[tuple[int, int]]) -> str:
    """``text[start:end]`` with the names in ``persons`` cut to initials: "Раушан
    Сейдахметова" -> "Р. С."."""
    out, pos = [], start
    for s, e in sorted(p for p in persons if start <= p[0] and p[1] <= end):
        out.append(text[pos:s])
        out.append(" ".join(w[0] + "." for w in text[s:e].split() if w[:1].isalpha()))
        pos = e
    out.append(text[pos:end])
    return "".join(out)


def merge_retellings(told: list[tuple[Action, Article]]):
    """The same action told by several articles (in Russian and in Kazakh, or by two outlets)
    is one action with several sources: same main type, same places, the same organisations
    and overlapping dates. Yields (action, first article, the other articles)."""
    kept: list[tuple[Action, Article, list[Article]]] = []
    for action, article in told:
        twin = next((k for k in kept if k[1] is not article and _same_action(k[0], action)), None)
        if twin is None:
            kept.append((action, article, []))
        else:
            twin[2].append(article)
    return kept


def _same_action(a: Action, b: Action) -> bool:
    return (
        a.types[0] == b.types[0]
        and {p.place_id for p in a.places} == {p.place_id for p in b.places}
        and set(a.organisations) == set(b.organisations)
        and (a.period is None) == (b.period is None)
        and (
            a.period is None or (a.period.start <= b.period.end and b.period.start <= a.period.end)
        )
    )


def _source(article: Article, corpus_dir: Path) -> str:
    return article.meta.url or f"{corpus_dir.resolve().name}/{article.name}"


def features_of(
    action: Action,
    article: Article,
    corpus_dir: Path,
    gazetteer,
    sources: list[str] = (),
    private: list[tuple[int, int]] = (),
) -> list[dict]:
    """One GeoJSON Point feature per place of the action. Private people's names in the
    evidence are cut to initials; the offsets still point at the sentence in the article."""
    org_names = [organisation_name(o) for o in action.organisations]
    label = action_types()[action.types[0]]["label_en"]
    place_names = [p.name for p in action.places]
    summary = label + (f" by {', '.join(org_names)}" if org_names else "")
    summary += f" — {', '.join(place_names[:3])}" + (
        f" and {len(place_names) - 3} more" if len(place_names) > 3 else ""
    )
    evidence_text = " ".join(article.text[s:e] for s, e in action.evidence)
    period = action.period
    features = []
    for k, place in enumerate(action.places, start=1):
        start, end = next(
            ((s, e) for s, e in action.evidence if s <= place.start < e), action.evidence[0]
        )
        kind = place.kind
        if kind == "road":
            kind = "checkpoint" if CHECKPOINT_WORDS.search(evidence_text) else "road"
        elif kind == "city":
            kind = "settlement"
        properties = {
            "feature_id": f"{action.action_id}-p{k}",
            "action_id": action.action_id,
            "doc_id": action.doc_id,
            "action_type": action.types[0],
            "action_types": action.types,
            "summary": summary,
            "organisations": org_names,
            "sponsors": [organisation_name(o) for o in action.sponsors],
            "beneficiaries": action.beneficiaries,
            "quantities": action.quantities,
            "date_start": period.start.isoformat() if period else None,
            "date_end": period.end.isoformat() if period else None,
            "time_precision": period.precision if period else "unknown",
            "date_source": action.date_source,
            "date_note": article.meta.date_note if action.date_source == "metadata" else None,
            "place_name": place.place_name or None,
            "place": place.name,
            "place_ru": localized_name(place, gazetteer, "ru"),
            "place_kk": localized_name(place, gazetteer, "kk"),
            "place_id": place.place_id,
            "place_kind": kind,
            "geo_precision": place.geo_precision,
            "admin1": place.admin1,
            "evidence": redact(article.text, start, end, private),
            "char_start": start,
            "char_end": end,
            # Every sentence the action's fields come from (type, organisations, dates, ...).
            "evidence_spans": [[s, e] for s, e in action.evidence],
            "source": _source(article, corpus_dir),
            "sources": list(sources) or [_source(article, corpus_dir)],
            "language": article.language,
        }
        features.append(
            {
                "type": "Feature",
                "id": properties["feature_id"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(place.lon, 6), round(place.lat, 6)],
                },
                "properties": properties,
            }
        )
    return features


def write_outputs(result: BuildResult, out_dir: Path) -> None:
    collection = {"type": "FeatureCollection", "features": result.features}
    report = {
        "seconds": round(result.seconds, 2),
        "articles": sum(1 for f in result.files if f["status"] == "processed"),
        "skipped": sum(1 for f in result.files if f["status"] == "skipped"),
        "actions": result.actions,
        "features": len(result.features),
        "files": result.files,
        "unresolved_places": result.unresolved,
        "placed_at_district_centre": result.approximate,
        "unknown_organisations": result.unknown_organisations,
    }
    publish(
        out_dir,
        {
            "actions.geojson": _json(collection),
            "actions.csv": _csv(result.features).encode("utf-8-sig"),
            "build-report.json": _json(report),
        },
    )


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def _csv(features: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for feature in features:
        row = dict(feature["properties"])
        row["lon"], row["lat"] = feature["geometry"]["coordinates"]
        for column in LIST_COLUMNS:
            row[column] = "; ".join(row[column])
        row["evidence_spans"] = "; ".join(f"{s}-{e}" for s, e in row["evidence_spans"])
        writer.writerow(row)
    return buffer.getvalue()

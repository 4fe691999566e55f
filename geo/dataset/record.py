"""Record: what one action becomes in the dataset, whoever makes or changes it.

In: an extracted ``Action`` with its article (geo.extract.actions), or a feature an analyst
corrects (geo.dataset.corrections). Out: ``features_of`` (one GeoJSON Point feature per place
of the action, its properties as geo.dataset.schema lists them), ``summarize`` (the action in
one line), ``redact`` (private people's names cut to initials).

How: the build and the corrections both call these, so an action made by the extractor and
one an analyst changed are written alike.
"""

from __future__ import annotations

import re

from geo.extract.actions import Action
from geo.geoparse.resolve import localized_name
from geo.ingest.corpus import Article
from geo.language.organisations import organisation_name
from geo.reference import action_types

# How an action dated by its article's text (not its own sentences) is dated.
DATE_NOTES = {"article": "the one date the article gives: its lead's, else its only one"}

CHECKPOINT_WORDS = re.compile(r"блокпост|бекет|кпп|пункт\w* пропуска|checkpoint", re.IGNORECASE)


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


def summarize(action_type: str, organisations: list[str], places: list[str]) -> str:
    """One line: "Food and drink for people on duty by Jas Otan — Nura, Karaganda"."""
    label = action_types()[action_type]["label_en"]
    summary = label + (f" by {', '.join(organisations)}" if organisations else "")
    more = f" and {len(places) - 3} more" if len(places) > 3 else ""
    return summary + f" — {', '.join(places[:3])}{more}"


def features_of(
    action: Action,
    article: Article,
    gazetteer,
    sources: list[str],
    private: list[tuple[int, int]] = (),
) -> list[dict]:
    """One GeoJSON Point feature per place of the action. Private people's names in the
    evidence are cut to initials; the offsets still point at the sentence in the article."""
    org_names = [organisation_name(o) for o in action.organisations]
    summary = summarize(action.types[0], org_names, [p.name for p in action.places])
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
            "date_note": DATE_NOTES.get(action.date_source, article.meta.date_note)
            if action.date_source in {"metadata", "article"}
            else None,
            "place_name": place.place_name or None,
            "place": place.name,
            "place_ru": localized_name(place, gazetteer, "ru"),
            "place_kk": localized_name(place, gazetteer, "kk"),
            "place_id": place.place_id,
            "place_kind": kind,
            "geo_precision": place.geo_precision,
            "admin1": place.admin1,
            "place_source": action.place_source,
            "evidence": redact(article.text, start, end, private),
            "char_start": start,
            "char_end": end,
            # Every sentence the action's fields come from (type, organisations, dates, ...).
            "evidence_spans": [[s, e] for s, e in action.evidence],
            "source": sources[0],
            "sources": list(sources),
            "language": article.language,
            "edited": False,
            "corrections": [],
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

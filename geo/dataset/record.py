"""Record: what one action becomes in the dataset, whoever makes or changes it.

In: an extracted ``Action`` with its article (geo.extract.actions), or a feature an analyst
corrects (geo.dataset.corrections). Out: ``features_of`` (one GeoJSON Point feature per place
of the action, its properties as geo.dataset.schema lists them, with its confidence and
reasons from geo.dataset.confidence), ``summarize`` / ``summaries`` (the action in
one line, in English, Russian and Kazakh), ``redact`` (private people's names cut to
initials), ``place_kind`` and ``at_place`` / ``at_point`` (the place properties of a
feature put at a gazetteer place or at an analyst's point, as a correction's ``move``
does), ``typed`` (what an analyst typed, as the
dataset keeps it).

How: the build and the corrections both call these, so an action made by the extractor and
one an analyst changed are written alike. The precision of a gazetteer place is the
geocoder's one measure (``geo.geoparse.geocode.geo_precision``): a village drawn at its
district's centre is 2 wherever it comes from, the text or an analyst. Text has no invisible
characters wherever it comes from: the article's and its sidecar's were dropped as they were
read (geo.ingest), an analyst's are dropped by ``typed`` (one definition for both:
geo.language.characters).
"""

from __future__ import annotations

import re

from geo import reference
from geo.dataset.confidence import judge
from geo.dataset.schema import summary_field
from geo.extract.actions import Action
from geo.geoparse.gazetteer import Place
from geo.geoparse.geocode import geo_precision
from geo.geoparse.resolve import localized_name
from geo.ingest.corpus import Article
from geo.language.characters import visible
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


SUMMARY_LANGUAGES = ("en", "ru", "kk")  # summary, summary_ru, summary_kk


def summarize(
    action_type: str, organisations: list[str], places: list[str], lang: str = "en"
) -> str:
    """One line in ``lang`` (geo/resources/summaries.toml; ``places`` named in it): "Food
    and drink for people on duty by Jas Otan — Nura, Karaganda", "Питание для дежурящих:
    Jas Otan — Нура, Караганда"."""
    words = reference.toml("summaries.toml")[lang]
    more = words["more_places"].format(n=len(places) - 3) if len(places) > 3 else ""
    line = words["with_organisations" if organisations else "without_organisations"]
    return line.format(
        type=action_types()[action_type][f"label_{lang}"],
        organisations=", ".join(organisations),
        places=", ".join(places[:3]) + more,
    )


def summaries(action_type: str, organisations: list[str], places: dict[str, list[str]]) -> dict:
    """The ``summary``, ``summary_ru`` and ``summary_kk`` properties, ``places`` the action's
    place names by language."""
    return {
        summary_field(lang): summarize(action_type, organisations, places[lang], lang)
        for lang in SUMMARY_LANGUAGES
    }


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
    names = {
        lang: [localized_name(p, gazetteer, lang) for p in action.places]
        for lang in SUMMARY_LANGUAGES
    }
    summary = summaries(action.types[0], org_names, names)
    evidence_text = " ".join(article.text[s:e] for s, e in action.evidence)
    period = action.period
    features = []
    for k, place in enumerate(action.places, start=1):
        start, end = next(
            ((s, e) for s, e in action.evidence if s <= place.start < e), action.evidence[0]
        )
        kind = place_kind(place.kind, evidence_text)
        confidence, reasons = judge(action, place)
        properties = {
            "feature_id": f"{action.action_id}-p{k}",
            "action_id": action.action_id,
            "doc_id": action.doc_id,
            "action_type": action.types[0],
            "action_types": action.types,
            **summary,
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
            "place_ru": names["ru"][k - 1],
            "place_kk": names["kk"][k - 1],
            "place_id": place.place_id,
            "place_kind": kind,
            # The resolver's: geo_precision(place) of the gazetteer place it found, or less
            # precise for a point it derived (a demonym's town, a checkpoint on a road).
            "geo_precision": place.geo_precision,
            "admin1": place.admin1,
            "place_source": action.place_source,
            "confidence": confidence,
            "text_confidence": confidence,  # kept when an analyst moves or confirms the point
            "confidence_reasons": reasons,
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


def place_kind(kind: str, evidence: str = "") -> str:
    """The ``place_kind`` a feature shows for a place of ``kind``: a city is a settlement, a
    road is a checkpoint when the action's ``evidence`` names one."""
    if kind == "road":
        return "checkpoint" if CHECKPOINT_WORDS.search(evidence) else "road"
    return "settlement" if kind == "city" else kind


def at_place(place: Place) -> dict:
    """The place properties of a feature at the gazetteer's ``place`` (located), as the build
    writes them when a text names that place: names in three languages, its kind, the
    geocoder's precision and its region (``None`` for the whole country)."""
    return {
        "place": place.name,
        "place_ru": place.name_ru or place.name,
        "place_kk": place.name_kk or place.name_ru or place.name,
        "place_id": place.id,
        "place_kind": place_kind(place.kind),
        "geo_precision": geo_precision(place),
        "admin1": place.admin1,
    }


def typed(value):
    """A value an analyst typed (a correction's organisations, a place's name), as the dataset
    keeps it: text without invisible characters (a right-to-left override would make "evil"
    read "live") and the spaces around it; each text of a list so; anything else as it is."""
    if isinstance(value, str):
        return visible(value).strip()
    if isinstance(value, list):
        return [typed(v) for v in value]
    return value


def at_point(lat: float, lon: float, name: str | None, gazetteer) -> dict:
    """The place properties of a feature at an analyst's point: exact (precision 1), named
    ``name`` (else by its coordinates), in the region the point falls in."""
    name = typed(name) or f"{lat:.4f}, {lon:.4f}"
    return {
        "place": name,
        "place_ru": name,
        "place_kk": name,
        "place_id": f"analyst:{lat:.5f},{lon:.5f}",
        "place_kind": "settlement",
        "geo_precision": 1,
        "admin1": gazetteer.region_at(lat, lon),
    }

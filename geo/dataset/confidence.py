"""Confidence: how sure a record's point is, and why.

In: an extracted ``Action`` and one of its ``ResolvedPlace``s (geo.extract.actions,
geo.geoparse.resolve). Out: ``reasons(action, place)`` (short codes, in the order of
geo/resources/confidence.toml), ``score(codes)`` (0-1, two decimals), ``judge(action,
place) -> (confidence, reasons)`` as geo.dataset.record writes them (``confidence``,
``confidence_reasons``), ``words(code, lang)`` (a reason in en, ru or kk) and
``by_analyst()`` (a point an analyst moved: sure, for that reason alone), ``checked()`` (a
record an analyst confirmed: the same, for its own reason) and
``is_doubtful(confidence)`` (below the table's ``doubtful_below``).

How: each reason is a signal the pipeline already has (where the place was read, how the
gazetteer matched the name, namesakes in other regions, a village at its district's centre,
the organisations' and the date's source, the action pattern). The table gives each a
log-odds weight; the confidence is the logistic of the bias plus the weights of the reasons a
record has. The weights are fitted on the written gold set and checked on real news
(geo.quality.evaluate_actions, ``geo evaluate --fit-confidence``): the rule is here, the
numbers are data.
"""

from __future__ import annotations

import math
from functools import cache

from geo.reference import confidence as table

NAMESAKE_FAR_KM = 100  # a namesake this far away puts a wrong choice in another part of the map
PLACE_SOURCE = {
    "sentence": "place_in_sentence",
    "article": "place_from_article",
    "outlet": "place_from_outlet",
}
VIA = {
    "district_centre": "village_at_district_centre",
    "road": "road_point",
    "exit": "road_point",
    "checkpoint": "road_point",
    "demonym": "demonym",
    "adjective": "adjective",
}
DATE_SOURCE = {
    "text": "date_own",
    "article": "date_of_article",
    "metadata": "date_of_page",
    "unknown": "no_date",
}


def reasons(action, place) -> list[str]:
    """The reason codes of ``action``'s record at ``place``, in the table's order."""
    found = {PLACE_SOURCE.get(action.place_source), VIA.get(place.via)}
    found.add(_stands_for(place))
    if place.exact is not None:
        found.add("name_exact" if place.exact else "name_inflected")
    if place.namesakes:
        found.add("namesakes_far" if place.namesake_km >= NAMESAKE_FAR_KM else "namesakes_near")
    if place.role != "at":
        found.add("help_from_or_to")
    found.add(_organisations(action.organisations))
    found.add(DATE_SOURCE.get(action.date_source))
    found.add("type_inherited" if action.type_inherited else None)
    found.add("retold" if action.retold else None)
    return [code for code in table()["reasons"] if code in found]  # never ANALYST: the text's


def _stands_for(place) -> str | None:
    """What a point for an area stands for: a region the article names towns or districts
    in (the point may stand in for one), a region it names nothing finer in, the country."""
    if place.kind == "region":
        return "whole_region" if place.finer_named else "region_only_named"
    return "whole_country" if place.kind == "country" else None


def _organisations(ids: list[str]) -> str:
    if not ids:
        return "no_organisation"
    listed = any(not i.startswith("unlisted:") for i in ids)
    return "organisation_listed" if listed else "organisation_as_written"


def score(codes: list[str], weights: dict | None = None) -> float:
    """The confidence of a record with ``codes``: the logistic of the bias plus their weights
    (``weights``: {"bias": b, code: w}, else the table's), to two decimals."""
    weights = _table_weights() if weights is None else weights
    logit = weights["bias"] + sum(weights.get(c, 0.0) for c in codes)
    return round(1 / (1 + math.exp(-logit)), 2)


@cache
def _table_weights() -> dict[str, float]:
    """The table's bias and weights, made once: ``score`` runs for every record of a build."""
    t = table()
    return {"bias": t["bias"]} | {c: r["weight"] for c, r in t["reasons"].items()}


def judge(action, place) -> tuple[float, list[str]]:
    """``(confidence, reasons)`` of ``action``'s record at ``place``."""
    codes = reasons(action, place)
    return score(codes), codes


TOLD_BY_SEVERAL = "told_by_several"


def with_retellings(codes: list[str], retold: bool) -> tuple[float, list[str]]:
    """``(confidence, reasons)`` of a record whose action other articles also told
    (``retold``; geo.dataset.build.merge_retellings) or no longer tell: ``told_by_several``
    added or taken away, in the table's order. The same answer however often it is asked
    (a resident build keeps the records between builds)."""
    found = {c for c in codes if c != TOLD_BY_SEVERAL} | ({TOLD_BY_SEVERAL} if retold else set())
    ordered = [c for c in table()["reasons"] if c in found]
    return score(ordered), ordered


ANALYST = "place_by_analyst"
CHECKED = "checked_by_analyst"
BY_ANALYSTS = (ANALYST, CHECKED)  # reasons no text gives: an analyst looked


def by_analyst(code: str = ANALYST) -> dict:
    """The confidence properties of a point an analyst moved (geo.dataset.corrections): that
    reason alone, whatever the text's were. ``text_confidence`` keeps the text's."""
    return {"confidence": score([code]), "confidence_reasons": [code]}


def checked() -> dict:
    """The confidence properties of a record an analyst confirmed (a correction's
    ``confirm``): the one reason ``checked_by_analyst``."""
    return by_analyst(CHECKED)


def doubtful_below() -> float:
    """The confidence under which a record is doubtful (the table's ``doubtful_below``):
    one threshold for the map's hollow points, the briefing line and the review queue."""
    return table()["doubtful_below"]


def is_doubtful(confidence: float | None) -> bool:
    """Whether a record of ``confidence`` is doubtful; a record without one (a dataset
    written before confidences) is not called doubtful."""
    return confidence is not None and confidence < doubtful_below()


def words(code: str, lang: str = "en") -> str:
    """What reason ``code`` means, in ``lang`` (en, ru, kk); the code itself if unknown."""
    return table()["reasons"].get(code, {}).get(lang, code)

"""Organisation mentions: who the text names, by the alias table.

In: an article's folded text (geo.names.fold) and its paragraph spans;
``data/organisation_aliases.csv``. Out: ``find_organisations(...) -> list[OrgMention]``
with the organisation id (see ``geo.taxonomy.organisations``) and offsets.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from geo.names import table_patterns
from geo.taxonomy import DATA_DIR

# An organisation named as the place where something happened is not one of the actors:
# "в городском филиале партии «Нур Отан»".
VENUE = re.compile(r"\b(в|во)\s+(\w+\s+филиал\w*\s+партии\W*)?$")


@dataclass
class OrgMention:
    org_id: str
    start: int
    end: int
    venue: bool = False  # "в городском филиале партии «Нур Отан»": where, not who


@cache
def _aliases() -> list[tuple[str, re.Pattern, bool]]:
    with (DATA_DIR / "organisation_aliases.csv").open(encoding="utf-8") as f:
        return [
            (r["org_id"], pattern, r["needs_context"] == "yes")
            for r in csv.DictReader(f)
            for pattern in table_patterns([r["pattern"]])
        ]


def find_organisations(folded: str, paragraphs) -> list[OrgMention]:
    """Organisation mentions by the alias table; an alias that needs context ("партийцы",
    "члены Ассамблеи") counts only where the article names that organisation outright."""
    found = []
    for s, e in paragraphs:
        for org_id, pattern, needs_context in _aliases():
            for m in pattern.finditer(folded, s, e):
                found.append((m.start(), m.end(), org_id, needs_context))
    named = {org_id for _, _, org_id, needs in found if not needs}
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    mentions: list[OrgMention] = []
    for start, end, org_id, needs_context in found:
        if needs_context and org_id not in named:
            continue
        if mentions and start < mentions[-1].end:
            continue  # overlaps a longer alias found first
        venue = bool(VENUE.search(folded[max(0, start - 60) : start]))
        mentions.append(OrgMention(org_id, start, end, venue))
    return mentions

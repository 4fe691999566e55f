"""Roles of place mentions: where help came FROM, went TO, or happened AT.

In: the folded article text (geo.language.names.fold), a resolved place mention, the gazetteer; the
table geo/resources/place_roles.toml.
Out: ``role_of(folded, place, gazetteer, kazakh) -> "from" | "to" | "at"``, and
``region_centre_spans(folded, start, end)``: where a sentence says "областной центр" /
"облыс орталығы" as a place.

How: Kazakh marks the role on the last word of the name or of its kind word ("Семей
қаласынан" = from Semey, "Арысқа" = to Arys, "Абай облысы аумағында" = in the Abay region);
Russian puts "из"/"от" before the name. A word that is itself a name of the gazetteer has no
ending to read ("Түркістан"). Everything else is "at". Real news names volunteers' home town
in the ablative beside the region where they help (geo.extract.actions keeps both, but lets neither
the origin drop the region nor later actions inherit the origin first).
"""

from __future__ import annotations

import re
from functools import cache

from geo import reference
from geo.language.names import key, table_patterns

_WORD_END = re.compile(r"\w*")  # the rest of the word a mention's span may cut


@cache
def _table() -> dict[str, re.Pattern]:
    table = reference.toml("place_roles.toml")
    # One alternation per entry: one search per mention, not one per pattern.
    return {
        name: re.compile("|".join(f"(?:{p.pattern})" for p in table_patterns(patterns)))
        for name, patterns in table.items()
    }


def role_of(folded: str, place, gazetteer, kazakh: bool = True) -> str:
    """The role of ``place`` (a ResolvedPlace with offsets into ``folded``). Case endings
    are read only in Kazakh text (``kazakh``): Russian "Шахтинске", "Астане" end like a
    Kazakh dative but are locatives."""
    if place.end <= place.start:
        return "at"  # a place the text only implies (an outlet's home, the country)
    table = _table()
    before = folded[max(0, place.start - 16) : place.start]
    if table["from_before"].search(before[-8:]) and not table["not_from_before"].search(before):
        return "from"
    if not kazakh:
        return "at"
    end = _WORD_END.match(folded, place.end).end()
    words = folded[place.start : end].split()
    last = words[-1] if words else ""
    if not last or gazetteer.lookup(key(last)):
        return "at"
    if table["from_ending"].search(last):
        return "at" if table["not_from_after"].match(folded[end : end + 20]) else "from"
    if table["to_ending"].search(last):
        return "to"
    return "at"


def region_centre_spans(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where ``folded[start:end]`` says "the regional centre" as a place."""
    table = _table()
    return [
        (m.start(), m.end())
        for m in table["region_centre"].finditer(folded, start, end)
        if not table["institution_after"].search(folded[m.end() : m.end() + 30])
    ]

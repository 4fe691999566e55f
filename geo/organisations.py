"""Organisation mentions: who the text names.

In: an article's text, its folded text (geo.names.fold) and its paragraph spans;
``data/organisation_aliases.csv`` (known organisations in every spelling) and
``data/organisation_forms.toml`` (how news name others: ОО «X», «X» қоры).
Out: ``find_organisations(...) -> list[OrgMention]`` with offsets and either the id of a
known organisation (see ``geo.taxonomy.organisations``) or ``unlisted:<name as written>``.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass
from functools import cache

from geo.names import latin_pattern, table_patterns
from geo.taxonomy import DATA_DIR, organisations

# An organisation named as the place where something happened is not one of the actors:
# "в городском филиале партии «Нур Отан»".
VENUE = re.compile(r"\b(в|во)\s+(\w+\s+филиал\w*\s+партии\W*)?$")


@dataclass
class OrgMention:
    org_id: str  # an id of data/organisations.csv, or "unlisted:<name>"
    start: int
    end: int
    venue: bool = False  # "в городском филиале партии «Нур Отан»": where, not who


def organisation_name(org_id: str) -> str:
    """The canonical name of a known organisation, the written name of an unlisted one."""
    if org_id.startswith("unlisted:"):
        return org_id.split(":", 1)[1]
    return organisations()[org_id].name


QUOTED_NAME = r"[«“\"]\s*(?P<name>[^«»“”\"\n]{2,60}?)\s*[»”\"]"


@cache
def _forms() -> list[re.Pattern]:
    table = tomllib.loads((DATA_DIR / "organisation_forms.toml").read_text(encoding="utf-8"))
    before = [p for spec in table.values() for p in spec["before"]]
    after = [p for spec in table.values() for p in spec["after"]]
    return [
        re.compile(rf"\b(?:{'|'.join(table_patterns_text(before))})\s+{QUOTED_NAME}"),
        re.compile(rf"{QUOTED_NAME}\s+(?:{'|'.join(table_patterns_text(after))})\b"),
    ]


def table_patterns_text(patterns: list[str]) -> list[str]:
    return list(dict.fromkeys(p for pattern in patterns for p in (pattern, latin_pattern(pattern))))


# Bodies news name by what they are, not by a name: "молодежный ресурсный центр", "областной
# центр крови", "облыстық еріктілер штабы". One to three qualifying words, then the head.
BODY_RU = re.compile(
    r"\b((?:[а-я-]+(?:ый|ий|ой|ым|им|ом|ого|его|ому|ые|ие|ых|их|ыми|ими)\s+){0,2})"
    r"((?:волонтерск|ресурсн|молодежн|добровольческ)[а-я]*\s+(?:центр|штаб)[а-я]*|"
    r"(?:штаб|клуб|фонд)[а-я]*|центр[а-я]*\s+крови)"
)
BODY_KK = re.compile(
    r"\b((?:[а-яa-z]+(?:тык|тик|лык|лик|дык|дик|лар|лер|дар|дер|тар|тер|tyk|tik|lyk|lik|dyk|dik|lar|ler|"
    r"dar|der|tar|ter)\s+){1,3})(орталыг|штаб|клуб|департамент|акимдиг|ortalyg|shtab|klub)[а-яa-z]*"
)


def find_bodies(text: str, folded: str, paragraphs, known: list[OrgMention]) -> list[OrgMention]:
    """Organisations named only by what they are; the name is given in the nominative."""
    found = []
    for s, e in paragraphs:
        for pattern in (BODY_RU, BODY_KK):
            for m in pattern.finditer(folded, s, e):
                if any(k.start < m.end() and m.start() < k.end for k in known + found):
                    continue
                if re.match(r"\s*[«“\"]", folded[m.end() : m.end() + 3]):
                    continue  # "спортивного клуба «EsilTopTeam»": the name follows
                venue = bool(VENUE.search(folded[max(0, m.start() - 60) : m.start()]))
                name = (
                    _nominative(text[m.start() : m.end()])
                    if pattern is BODY_RU
                    else (text[m.start() : m.end()])
                )
                found.append(OrgMention(f"unlisted:{name}", m.start(), m.end(), venue))
    return found


def _nominative(phrase: str) -> str:
    """ "молодежным ресурсным центром" -> "молодежный ресурсный центр" (pymorphy3)."""
    from geo.names import _morph

    words = []
    for word in phrase.split():
        if not re.fullmatch(r"[А-Яа-яЁё-]+", word):
            words.append(word)
            continue
        parse = _morph().parse(word)[0]
        # The heads (центр, штаб, клуб, фонд) are masculine: so are their adjectives.
        grammemes = {"nomn", "masc", "sing"} if parse.tag.POS == "ADJF" else {"nomn"}
        nominative = parse.inflect(grammemes)
        words.append(nominative.word if nominative else word)
    return " ".join(words)


def find_unlisted(text: str, folded: str, paragraphs, known: list[OrgMention]) -> list[OrgMention]:
    """Organisations the alias table lacks, named by a legal form or kind and a quoted name."""
    found = []
    for s, e in paragraphs:
        for pattern in _forms():
            for m in pattern.finditer(folded, s, e):
                start, end = m.span("name")
                if any(k.start < end and start < k.end for k in known + found):
                    continue
                name = re.sub(r"\s+", " ", text[start:end]).strip()
                if re.search(r"[!?:]", name) or len(name.split()) > 6:
                    continue  # a slogan in quotes, not a name: «Нет насилию и рабству!»
                found.append(OrgMention(f"unlisted:{name}", m.start(), m.end()))
    return found


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

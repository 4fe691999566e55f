"""Organisation mentions: who the text names.

In: an article's text, its folded text (geo.language.names.fold) and its paragraph spans;
``geo/resources/organisation_aliases.csv`` (known organisations in every spelling) and
``geo/resources/organisation_forms.toml`` (how news name others: ОО «X», «X» қоры).
Out: ``find_organisations(...) -> list[OrgMention]`` with offsets and either the id of a
known organisation (see ``geo.reference.organisations``) or ``unlisted:<name as written>``,
only for a name that ``looks_like_name`` (the one rule for what may be listed as an
organisation, the extractor's and the analysts' alike).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geo import reference
from geo.language.names import fold, is_first_name, latin_pattern, table_patterns
from geo.language.prefilter import PatternTable
from geo.reference import organisations

# An organisation named as the place where something happened is not one of the actors:
# "в городском филиале партии «Нур Отан»".
VENUE = re.compile(r"\b(в|во)\s+(\w+\s+филиал\w*\s+партии\W*)?$")


@dataclass
class OrgMention:
    org_id: str  # an id of geo/resources/organisations.csv, or "unlisted:<name>"
    start: int
    end: int
    venue: bool = False  # "в городском филиале партии «Нур Отан»": where, not who


# What an organisation's name may hold and be (``looks_like_name``). Names in the news are
# a few words: the longest in the tables, the seeds, the gold and real-news sets and 1 000
# synthetic articles has 49 characters.
MAX_NAME = 120
# Characters of markup, templates, LaTeX and Markdown ("<script>", "{{7*7}}", "$\\frac$",
# "[x](...)"), and ";" that ends a statement: no organisation's name holds them.
MARKUP = frozenset("<>{}[];\\$|`")
# What a spreadsheet runs as a formula (geo.dataset.formats defuses them in cells too), at the
# start of the name or of its quoted part ("ТОО «=HYPERLINK(A1)»").
FORMULA_START = ("=", "+", "-", "@")
_FORMULA = re.compile(r"(?:^|[«“„\"'])\s*[" + re.escape("".join(FORMULA_START)) + "]")


def looks_like_name(name: str) -> bool:
    """Could ``name`` be listed as an organisation ("ОО «Добрые руки»", "Бригада 112",
    "LIDER.KZ")? It has at least one letter and letters make up most of it (spaces aside),
    it holds no ``MARKUP`` character, neither it nor its quoted part starts a formula
    (``FORMULA_START``) and it is at most ``MAX_NAME`` characters long. ``<script>…``,
    ``=HYPERLINK(A1)``, ``{{7*7}}`` and ``@SUM(1)`` in quotes after "ОО" are text of the
    article, not organisations."""
    name = name.strip()
    letters = sum(c.isalpha() for c in name)
    return (
        0 < letters
        and letters * 2 > len(name) - name.count(" ")
        and len(name) <= MAX_NAME
        and not _FORMULA.search(name)
        and MARKUP.isdisjoint(name)
    )


def organisation_name(org_id: str) -> str:
    """The canonical name of a known organisation, the written name of an unlisted one."""
    if org_id.startswith("unlisted:"):
        return org_id.split(":", 1)[1]
    return organisations()[org_id].name


# A name in quotes, one level of quotes inside allowed: ОЮЛ «Ассоциация «Гражданский альянс»»
# (news often drop the second closing quote).
QUOTED_NAME = r"[«“\"]\s*(?P<name>[^«»“”\"\n]{2,60}?(?:«[^«»\n]{2,60}»?)?)\s*[»”\"]"


@cache
def _heads_toml() -> dict:
    """geo/resources/organisation_heads.toml, read once for the tables built from it below."""
    return reference.toml("organisation_heads.toml")


@cache
def _forms() -> list[re.Pattern]:
    table = reference.toml("organisation_forms.toml")
    before = [p for spec in table.values() for p in spec["before"]]
    after = [p for spec in table.values() for p in spec["after"]]
    return [
        re.compile(rf"\b(?:{'|'.join(table_patterns_text(before))})\s+{QUOTED_NAME}"),
        re.compile(rf"{QUOTED_NAME}\s+(?:{'|'.join(table_patterns_text(after))})\b"),
    ]


def table_patterns_text(patterns: list[str]) -> list[str]:
    return list(dict.fromkeys(p for pattern in patterns for p in (pattern, latin_pattern(pattern))))


# -- organisations named by a head noun (geo/resources/organisation_heads.toml)
# ----------------------

WORD = r"[\w-]+"
CAPITAL = re.compile(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]")
# A Kazakh genitive or a place word before the head: "Ақтөбе облысының", "Qazaqstannyń".
KK_GENITIVE = re.compile(r"(?:[ндт][ыи]н|[ndt][yi]n)$")
# Only its genitive or possessive ("облысы", "қаласының"): "Орал қаласында штаб" is where.
KK_PLACE_WORD = re.compile(r"^(?:облыс|аудан|кала|ауыл|oblys|audan|kala|auyl)\w*(?:ы|нын|y|nyn)$")
CENTRE = re.compile(r"орталы[гк]|ortaly[gk]")  # Kazakh "centre", both scripts (folded)


@dataclass(frozen=True)
class _HeadTable:
    pattern: re.Pattern  # level? kind* head complement*, on folded text
    needs_kind: re.Pattern  # heads that a level alone does not make a name
    needs_name: re.Pattern  # heads that only a name makes one ("волонтерские группы")
    state: re.Pattern  # authorities: actors only where the text says they act
    language: str
    volunteer: re.Pattern  # kinds that do not name a plural head ("волонтерлік штабтар")
    plural: re.Pattern  # a plural ending after the head's stem


def _alt(stems: list[str]) -> str:
    return "|".join(table_patterns_text(stems))


@cache
def _head_tables() -> list[_HeadTable]:
    table = _heads_toml()
    out = []
    for language in ("ru", "kk"):
        spec = table[language]
        heads = _alt(spec["heads"] + spec["state_heads"])
        words = _alt(spec["levels"] + spec["kinds"])
        complement = rf"(?:\s+(?:{_alt(spec['complements'])}))" if spec["complements"] else ""
        pattern = re.compile(
            rf"\b(?:(?:{words})\w*\s+){{0,4}}(?:{heads})[а-я]{{0,3}}\b{complement}{{0,2}}"
            if language == "ru"
            else rf"\b(?:(?:{words})\w*\s+){{0,4}}(?:{heads})\w*"
        )
        out.append(
            _HeadTable(
                pattern,
                re.compile(rf"\b(?:{_alt(spec['needs_kind'])})"),
                re.compile(rf"\b(?:{_alt(spec['needs_name'])})"),
                re.compile(rf"\b(?:{_alt(spec['state_heads'])})"),
                language,
                re.compile(rf"(?:{_alt(spec['volunteer_kinds'])})\w*$"),
                re.compile(spec["plural"]),
            )
        )
    return out


@cache
def _context(name: str, gap: int = 3) -> tuple[re.Pattern, re.Pattern]:
    """The [acting], [source] or [beneficiary] words of organisation_heads.toml as (before,
    after) patterns, with at most ``gap`` words (``gap + 1`` after) between them and the name."""
    spec = _heads_toml()[name]
    return (
        re.compile(rf"(?:{_alt(spec['before'])})\W*(?:\w+\W+){{0,{gap}}}$"),
        re.compile(rf"^\W*(?:\w+\W+){{0,{gap + 1}}}?(?:{_alt(spec['after'])})"),
    )


def find_bodies(text: str, folded: str, paragraphs, known: list[OrgMention]) -> list[OrgMention]:
    """Organisations named by a head noun and what makes it a name (a kind, a level, a place,
    a quoted or capitalised name); Russian names in the nominative, Kazakh ones without
    their case ending."""
    found: list[OrgMention] = []
    for s, e in paragraphs:
        for table in _head_tables():
            for m in table.pattern.finditer(folded, s, e):
                mention = _body(text, folded, m, table, s)
                if mention is None or any(_overlap(k, mention) for k in known + found):
                    continue
                if any(0 <= k.start - mention.end <= 2 for k in known):
                    continue  # "волонтерская группа NuraArnasy": the kind of a known name
                if any(_right_after(folded, k, mention) for k in known):
                    continue  # "Қызыл Жарты Ай қоғамы": the head of a known name
                found.append(mention)
    return _same_bodies(text, folded, known, found)


def _right_after(folded: str, first: OrgMention, then: OrgMention) -> bool:
    """Only a space between two mentions ("Қызыл Жарты Ай" + "қоғамы"; not "ассамблеясы, ...")."""
    return 0 <= then.start - first.end <= 2 and not folded[first.end : then.start].strip()


def _same_bodies(text, folded, known: list[OrgMention], found: list[OrgMention]):
    """One id for one body in an article: a body that quotes a known name takes its id
    ("«Birgemiz!» volonterler shtaby" and "«Birgemiz!» eriktiler shtaby"); a body named with
    fewer words takes the id of the fuller name whose words hold its own up to their
    endings ("Eriktiler shtaby", "Kýrchatovtaǵy volonterler qozǵalysy" after "Kýrchatov
    qalasynyń volonterlik qozǵalys ortalyǵy")."""
    named = {_quoted_name(organisation_name(k.org_id)): k.org_id for k in known}
    for b in found:
        quoted = _quoted_name(organisation_name(b.org_id))
        if quoted and quoted in named:
            b.org_id = named[quoted]
    words: dict[str, frozenset[str]] = {}
    for o in known + found:
        own = _stems(f"{organisation_name(o.org_id)} {folded[o.start : o.end]}")
        words[o.org_id] = words.get(o.org_id, frozenset()) | own
    for b in found:
        own = _stems(organisation_name(b.org_id))
        fuller = [i for i, w in words.items() if i != b.org_id and own < w and len(own) >= 2]
        if fuller:
            b.org_id = max(fuller, key=lambda i: len(words[i]))
    return found


def _quoted_name(name: str) -> str:
    match = re.match(r"[«“\"]([^«»“”\"]+)", name) or re.fullmatch(r"([^«»“”\"]+)", name)
    return fold(match.group(1)).strip() if match else ""


def _stems(name: str) -> frozenset[str]:
    """Words cut to five letters: a crude stem that ignores Russian and Kazakh case endings
    (ресурсного -> ресур, qozǵalysyn -> qozga); the measure geo.quality.evaluate_actions uses."""
    return frozenset(w[:5] for w in re.findall(r"\w{3,}", fold(name)))


def _overlap(a: OrgMention, b: OrgMention) -> bool:
    return a.start < b.end and b.start < a.end


def _body(text, folded, m: re.Match, table: _HeadTable, floor: int) -> OrgMention | None:
    start, end = m.span()
    if re.match(r"\s*[«“\"]", folded[end : end + 3]):
        return None  # "спортивного клуба «EsilTopTeam»": find_unlisted takes the name
    words = folded[start:end].split()
    qualified = len(words) > 1
    if table.language == "kk":
        start = _extend_left(text, folded, start, floor)
    else:
        end = _extend_right(text, end)
    named = start < m.start() or end > m.end()
    head = re.search(table.needs_kind, folded[m.start() : m.end()])
    quoted = text[start] in '«“"'
    # A capitalised name before a lower-case head names it ("Sapar Dosanov qory"); a
    # capitalised generic head is a name of its own ("Байзақ ауданы Кеңес": a village).
    by_name = named and text[m.start() : m.end()].split()[-1][:1].islower()
    if table.language == "kk" and len(words) == 1 and _place_centre(folded, start, m.start()):
        return None  # "Мұғалжар ауданының орталығы": the district's centre, a town
    kind = _kind_in(words, table) or _complemented(words, table)
    if not (named or qualified) or (head and not (quoted or by_name or kind)):
        return None  # "центр", "Кеңес" (a village): a generic head needs a kind of body
    generic = table.needs_name.search(folded, m.start(), m.end())
    if not (named or quoted) and generic and not _has_complement(words, table):
        return None
    if _generic().search(folded, max(0, start - 30), start):
        return None  # "нескольких этнокультурных центров": a kind, not a name
    if not (named or quoted) and _volunteers_only(words, table):
        return None  # "волонтерлік штабтар құрылды": any volunteers' headquarters
    if table.state.search(folded, m.start(), m.end()) and not _acts(folded, start, end):
        return None  # "по списку акимата": an authority named, not acting
    name = _clean(text[start:end], table.language)
    if not looks_like_name(name):
        return None
    venue = bool(VENUE.search(folded[max(0, start - 60) : start]))
    # The mention spans the head phrase only: the place in "Kýrchatov qalasynyń ... ortalyǵy"
    # stays a place for the geoparser, the name keeps it.
    return OrgMention(f"unlisted:{name}", m.start(), m.end(), venue)


@cache
def _generic() -> re.Pattern:
    spec = _heads_toml()
    return re.compile(rf"\b(?:{_alt(spec['generic']['before'])})\s+$")


def _volunteers_only(words: list[str], table: _HeadTable) -> bool:
    """A plural head with only volunteer words before it ("волонтерские штабы")."""
    kinds, head = words[:-1], words[-1]
    return (
        bool(kinds)
        and all(table.volunteer.match(w) for w in kinds)
        and bool(table.plural.search(head[len(_head_stem(head, table)) :]))
    )


def _head_stem(word: str, table: _HeadTable) -> str:
    found = _head_stems(table.language).match(word)
    return found.group() if found else word


@cache
def _head_stems(language: str) -> re.Pattern:
    spec = _heads_toml()
    return re.compile(rf"(?:{_alt(spec[language]['heads'] + spec[language]['state_heads'])})")


def _has_complement(words: list[str], table: _HeadTable) -> bool:
    """Does a genitive follow the head ("движение волонтеров")?"""
    return _word_after(words, lambda w: bool(table.needs_name.match(w)))


def _word_after(words: list[str], is_head) -> bool:
    """Does a word follow the last of ``words`` that ``is_head`` says is a head?"""
    heads = [i for i, w in enumerate(words) if is_head(w)]
    return bool(heads) and heads[-1] < len(words) - 1


def _place_centre(folded: str, start: int, head: int) -> bool:
    """Is the only name before a Kazakh head a place with its kind word ("X ауданының",
    "Y облысының") and the head "орталығы"? Then it is that place's centre (a town)."""
    before = folded[start:head].split()
    return bool(before and KK_PLACE_WORD.match(before[-1]) and CENTRE.match(folded, head))


def _complemented(words: list[str], table: _HeadTable) -> bool:
    """Does a genitive of the complements follow a head that needs a kind ("районный центр
    занятости": the genitive says what kind of centre)? Not a head that needs a name too:
    "Группа волонтеров" is any group."""
    return table.language == "ru" and _word_after(
        words, lambda w: bool(table.needs_kind.match(w)) and not table.needs_name.match(w)
    )


def _kind_in(words: list[str], table: _HeadTable) -> bool:
    spec = _kinds(table.language)
    return any(spec.match(w) for w in words[:-1])


@cache
def _kinds(language: str) -> re.Pattern:
    spec = _heads_toml()
    return re.compile(rf"(?:{_alt(spec[language]['kinds'])})")


def _extend_left(text: str, folded: str, start: int, floor: int) -> int:
    """Take the «quoted» or capitalised name, or the place, just before a head phrase:
    "«Шаңырақ» көпбалалы ...", "Ақтөбе облысының ...", "Болат Өтемұратов қоры"."""
    before = text[floor:start]
    quoted = re.search(r"[«“\"][^«»“”\"\n]{2,60}[»”\"]\s+$", before)
    if quoted:
        return floor + quoted.start()
    tokens = list(re.finditer(WORD, before))[-3:]
    new_start = start
    for token in reversed(tokens):
        gap = text[floor + token.end() : new_start]
        if gap.strip():
            break  # a comma or a quote between: not part of the name
        word = token.group()
        fold_word = folded[floor + token.start() : floor + token.end()]
        if CAPITAL.match(word) or (KK_PLACE_WORD.match(fold_word) and new_start != start):
            new_start = floor + token.start()
            continue
        if KK_PLACE_WORD.match(fold_word):
            new_start = floor + token.start()
            continue
        break
    if new_start != start and not _name_before(text, folded, new_start, start, floor):
        # "Ol Kýrchatovtaǵy ...": the sentence's first word is no name; the next may be
        following = re.search(r"\s+", text[new_start:start])
        if following and following.end() < start - new_start:
            return new_start + following.end()
        return start
    return new_start


def _name_before(text, folded, new_start, start, floor) -> bool:
    """Is what was taken a name rather than the sentence's first word ("Бүгін штаб ...")?"""
    taken = folded[new_start:start].split()
    if not CAPITAL.match(text[new_start]):
        return False  # "облысының" with no name before it
    at_sentence_start = not text[floor:new_start].strip(' \t«“"–—-') or re.search(
        r"[.!?…][\s«“\"–—-]*$", text[floor:new_start]
    )  # "«Жедел штаб ..." opens a quoted sentence: "Жедел" is no name
    genitive = KK_GENITIVE.search(taken[0]) or any(KK_PLACE_WORD.match(w) for w in taken[1:2])
    return bool(genitive or not at_sentence_start)


def _extend_right(text: str, end: int) -> int:
    """Take the genitive names after a Russian head phrase: "Лига волонтеров Казахстана",
    "центра города Шахтинска"; not a person's name ("диаспоры Данильбек Саратов")."""
    for _ in range(2):
        m = RU_NAME_AFTER.match(text, end)
        if not m or is_first_name(m.group().split()[-1]):
            break  # "координатор штаба Светлана Ермекова": who speaks, not the body's name
        end = m.end()
    return end


# A capitalised genitive (Казахстана, Алматы, Добряков), or город/район and a name.
RU_NAME_AFTER = re.compile(
    r"[ \t]+(?:(?:города|района|области|г\.)[ \t]*)?"
    r"[A-ZА-ЯЁ][\w-]*(?:а|я|ы|и|ов|ев|ой|ей|ого|его)\b"
)


def _acts(folded: str, start: int, end: int) -> bool:
    before, after = _context("acting")
    sentence = _sentence(folded, start, end)
    return bool(
        before.search(folded, sentence[0], start) or after.search(folded[end : sentence[1]])
    )


def is_source(folded: str, start: int, end: int) -> bool:
    """Is the organisation the news source ("сообщает пресс-служба акимата", "... деп
    хабарлады облыс әкімдігі")?"""
    before, after = _context("source", gap=5)  # "пресс-секретарь областного филиала партии X"
    sentence = _sentence(folded, start, end)
    return bool(
        before.search(folded, sentence[0], start) or after.search(folded[end : sentence[1]])
    )


def acting(folded: str, mention: OrgMention) -> bool:
    """Is the organisation named as a doer or a funder of what the sentence tells?

    For the attachment of organisations to actions. In order:
    * a venue ("в филиале партии"), or a Kazakh locative head ("орталығында": at the centre),
      does not act;
    * the outlet of an agency dateline ("АСТАНА. KAZINFORM –", "BAQ.KZ тілшісі") or the
      source right next to its word ("пресс-служба акимата", "деп хабарлады әкімдігі") does
      not act;
    * words that make it act ("при поддержке", "силами", "по заказу", "ұйымдастыруымен",
      "qoldaýymen", "өкілдері", "провели") win over the rest;
    * a source further away in the sentence ("сообщает пресс-служба ... фонд") or the one
      helped ("для подопечных фонда", "орталығының тәрбиеленушілеріне") does not act;
    * anything else named in the story (a subject, "members of") acts.
    """
    start, end = mention.start, mention.end
    if mention.venue or KK_LOCATIVE.search(folded, start, end):
        return False
    if _agency_dateline(folded, start, end) or _next_to(folded, start, end, "source"):
        return False
    if _acts(folded, start, end):
        return True
    if is_source(folded, start, end):
        return False
    return not _next_to(folded, start, end, "beneficiary")


# A Kazakh head in the locative ("орталығында", "ortalyǵynda"): where it happened.
KK_LOCATIVE = re.compile(r"(?:[ыиіy]|[^\W\d_]\w*[аеa][тд])(?:нда|нде|nda|nde)\b|(?<=ы)нда\b")


def _next_to(folded: str, start: int, end: int, name: str) -> bool:
    before, after = _context(name, gap=0)
    sentence = _sentence(folded, start, end)
    return bool(
        before.search(folded, sentence[0], start) or after.search(folded[end : sentence[1]])
    )


# "АҚТӨБЕ. KAZINFORM – ...", "Павлодар. BAQ.KZ ...": a line opening with a town and an outlet.
AGENCY_DATELINE = re.compile(r"(?:^|\n)[^\W\d_][\w-]*\.\s+$")


def _agency_dateline(folded: str, start: int, end: int) -> bool:
    return bool(AGENCY_DATELINE.search(folded, max(0, start - 40), start))


def _sentence(folded: str, start: int, end: int) -> tuple[int, int]:
    left = max(folded.rfind(". ", 0, start), folded.rfind("\n", 0, start)) + 1
    stops = [i for i in (folded.find(". ", end), folded.find("\n", end)) if i != -1]
    return left, min(stops) if stops else len(folded)


# Kazakh case endings after a head ("штабының", "qorymen", "палатасымен"): the name keeps the
# possessive (штабы, qory) and drops the case. Longest first.
KK_CASE = re.compile(
    r"(?<=[ыиіiıy])(?:н[ыиі]ң|nyń|niń|nyn|nin|на|не|na|ne|нда|нде|nda|nde|ндағы|ndaǵy|мен|men|"
    r"нан|нен|nan|nen|н|n)$"
)


def _clean(phrase: str, language: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip()
    if language == "ru":
        return _nominative(phrase)
    head, _, last = phrase.rpartition(" ")
    last = KK_CASE.sub("", last)
    return f"{head} {last}".strip()


def _nominative(phrase: str) -> str:
    """ "молодежным ресурсным центром" -> "molodezhny ..." in the nominative singular, up to
    the head noun; the genitives after it stay as written ("лига волонтеров Казахстана")."""
    from geo.language.names import _morph

    words = phrase.split()
    parses = [_morph().parse(w)[0] if re.fullmatch(r"[А-Яа-яЁё-]+", w) else None for w in words]
    head = next((i for i, p in enumerate(parses) if p and p.tag.POS == "NOUN"), None)
    if head is None:
        return phrase
    gender = parses[head].tag.gender or "masc"
    out = []
    for i, (word, parse) in enumerate(zip(words, parses, strict=True)):
        wanted = {"nomn", "sing", gender} if i < head else {"nomn", "sing"}
        form = parse.inflect(wanted) if parse and i <= head else None
        if form is None:
            out.append(word)
            continue
        keep_yo = "ё" in word.lower()  # pymorphy writes ё; the text may not
        out.append(_same_case(word, form.word if keep_yo else form.word.replace("ё", "е")))
    return " ".join(out)


def _same_case(written: str, form: str) -> str:
    """Keep the written capitals: "Клуба" -> "Клуб", "КЛУБА" -> "КЛУБ"."""
    if written.isupper() and len(written) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if written[:1].isupper() else form


def find_unlisted(text: str, folded: str, paragraphs, known: list[OrgMention]) -> list[OrgMention]:
    """Organisations the alias table lacks, named by a legal form or kind and a quoted name."""
    found = []
    for s, e in paragraphs:
        for pattern in _forms():
            for m in pattern.finditer(folded, s, e):
                start, end = m.span("name")
                if any(k.start < m.end() and m.start() < k.end for k in known + found):
                    continue  # "«A» қоғамдық қоры «B» палатасымен": the kind belongs to A
                name = _balanced(re.sub(r"\s+", " ", text[start:end]).strip())
                if _slogan(name) or not looks_like_name(name):
                    continue

                found.append(OrgMention(f"unlisted:{name}", m.start(), m.end()))
    return found + find_latin_names(text, folded, paragraphs, known + found)


# Latin capitals, one to four words, maybe a site suffix: "LIDER.KZ", "JAS OTAN", "KEGOC";
# not a spreadsheet's function ("=HYPERLINK(", "+SUM(").
LATIN_CAPITALS = re.compile(
    r"(?<![\w#@./=+-])[A-Z][A-Z0-9&]{2,}(?:[ -][A-Z][A-Z0-9&]+){0,3}(?:\.(?:KZ|COM|ORG))?"
    r"(?![\w./@(-])"
)
ROMAN = re.compile(r"[IVXLC]+")


def find_latin_names(
    text: str, folded: str, paragraphs, known: list[OrgMention]
) -> list[OrgMention]:
    """Names in Latin capitals inside a Cyrillic paragraph ("поисковый отряд
    ALFA.KZ"); common abbreviations (COVID, SMS), Roman numerals and the outlet of a dateline
    or a credit line are not names."""
    found: list[OrgMention] = []
    for s, e in paragraphs:
        if not _mostly_cyrillic(text[s:e]):
            continue  # Kazakh Latin or English text: capitals there are headlines or names
        for m in LATIN_CAPITALS.finditer(text, s, e):
            name = m.group()
            if name.split(".")[0] in _not_latin_names() or ROMAN.fullmatch(name):
                continue
            if any(k.start < m.end() and m.start() < k.end for k in known + found):
                continue  # "JAS OTAN": the alias table knows it
            if _outlet(folded, m.start(), m.end()):
                continue
            found.append(OrgMention(f"unlisted:{name}", m.start(), m.end()))
    return found


def _outlet(folded: str, start: int, end: int) -> bool:
    """A news outlet, not an organisation: "АСТАНА. KAZINFORM –", "BAQ.KZ тілшісі",
    "пишет TENGRINEWS"."""
    return _agency_dateline(folded, start, end) or _next_to(folded, start, end, "source")


def _mostly_cyrillic(paragraph: str) -> bool:
    cyrillic = len(re.findall(r"[а-яёәғқңөұүһі]", paragraph, re.IGNORECASE))
    return cyrillic > 2 * len(re.findall(r"[a-z]", paragraph, re.IGNORECASE))


@cache
def _not_latin_names() -> frozenset[str]:
    spec = _heads_toml()
    return frozenset(spec["latin_capitals"]["not_names"])


def _slogan(name: str) -> bool:
    """A slogan in quotes, not a name: «Нет насилию и рабству!», «Кто, если не мы?». A short
    name may end in "!" or hold a comma («Birgemiz, Maqtaaral!»): three words at most."""
    words = len(name.split())
    return bool(re.search(r"[?:]", name)) or words > 6 or ("!" in name and words > 3)


def _balanced(name: str) -> str:
    """Close an inner quote the text left open: "Ассоциация «Альянс" -> "Ассоциация «Альянс»"."""
    return name + "»" * (name.count("«") - name.count("»"))


@cache
def _aliases() -> list[tuple[str, re.Pattern, bool]]:
    return [
        (r["org_id"], pattern, r["needs_context"] == "yes")
        for r in reference.csv_rows("organisation_aliases.csv")
        for pattern in table_patterns([r["pattern"]])
    ]


@cache
def _alias_table() -> PatternTable:
    return PatternTable({"aliases": [pattern for _, pattern, _ in _aliases()]})


def find_organisations(folded: str, paragraphs) -> list[OrgMention]:
    """Organisation mentions by the alias table; an alias that needs context ("партийцы",
    "члены Ассамблеи") counts only where the article names that organisation outright."""
    found = []
    hits = _alias_table().scan(folded)
    for s, e in paragraphs:
        for k in hits.candidates("aliases", s, e):
            org_id, pattern, needs_context = _aliases()[k]
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

"""Place mentions: where a text names a place, and how.

In: a span of an article's text, the spans to leave alone (organisation names, person names)
and the gazetteer behind an ``OfflineGeocoder``.
Out: ``find_places(...) -> list[PlaceMention]``: names (Приозерске, п. Гульшат, Мақтаарал
ауданы), adjectives (Карагандинской области; "Нуринского отдела" only as context), demonyms
(карагандинцам), the capital by another word (столица, елорда), roads between two or more
places («Нура – Нур-Султан», трасса Алматы-Балхаш-Караганды) and exits ("на выезде из
Кокшетау в направлении Зерендинского района"). Nothing is resolved to coordinates here,
except that every mention is one the gazetteer knows.

Dictionary matching is written by hand because natasha's NER misses or mislabels many of
these names (Акшатау and Гульшат as persons, the second name of a road) and knows no Kazakh.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from geo.geoparse.geocode import OfflineGeocoder, kind_of_word
from geo.language.names import (
    adjective_stem,
    fold,
    is_common_russian_word,
    is_latin,
    key,
    latin_key,
    name_forms,
    russian_lemmas,
    table_patterns,
    unmix,
)
from geo.language.prefilter import PatternTable
from geo.reference import discourse

# A word, hyphenated names as one (Нур-Султан, Аксу-Аюлы), apostrophes inside Latin words
# (Qostanai' in the 2017 Kazakh alphabet), a trailing dot for "г." and "п.".
_LETTERS = r"[^\W\d_](?:[^\W\d_]|(?<=[a-zA-Z])['’])*"
WORD = re.compile(rf"{_LETTERS}(?:[-‑–]{_LETTERS})*\.?")
# Words that make the next or the previous name a river, a lake or a street, not a town.
NOT_A_TOWN_BEFORE = re.compile(
    r"(река|реки|реке|рекой|берег\w*|озеро|озера|озере|водохранилищ\w*|канал\w*|гор|гора|горы|"
    r"горах|хребт\w*|хребет|перевал\w*|улица|улицы|улице|ул\.|проспект\w*|пр\.|бульвар\w*|"
    r"площад\w*|river|lake|street)"
)
# Matched on the words after the name (Latin read into Cyrillic): Нұра өзені, Балқаш көлі,
# Қапшағай су қоймасы, Қаратау жотасы, Абай көшесі, Қонаев даңғылы.
NOT_A_TOWN_AFTER = re.compile(
    r"(озен\w*|кол(и|ин|ине|инде|инин|инен)?\b|су коймас\w*|жота\w*|шынг\w*|кошес\w*|дангыл\w*|"
    r"проспект\w*|улиц\w*|бульвар\w*|river|lake|street)"
)
ROAD_WORD = re.compile(
    r"(трасс\w*|автодорог\w*|дорог\w*|шоссе|тас жол\w*|жол\w*)\s+"
    r"(республиканского значения\s+)?$"
)
QUOTED = re.compile(r"[«“\"]([^«»“”\"]{3,80})[»”\"]")
UNQUOTED_ROAD = re.compile(
    r"(?:трасс|автодорог)\w*\s+((?:[^\W\d_]+(?:-[^\W\d_]+)*\s*[-–—]\s*){1,4}[^\W\d_]+(?:-[^\W\d_]+)*)"
)
EXIT = re.compile(r"выезд\w* из\s+(\S+)\s+в направлении\s+(\S+(?:\s+(?:район\w*|област\w*))?)")
CHECKPOINT_NAME = re.compile(r"(кпп|пункт\w* пропуска|блокпост\w*|бекет\w*)\s*$")
CONJUNCTIONS = {"и", "жане", "мен", "and", "jane"}
# A rural okrug (ауылдық округ, сельский округ, с.о.) after its name, on folded text; Kazakh
# Latin "aýyldyq okrýgi" folds to "auyldyk okrugi". "Кеңес ауылдық «Кеңес» мешіті": the
# adjective alone, when no noun follows it.
RURAL_OKRUG = re.compile(
    r"(?:ауылдык|auyldyk)\s+(?:округ|okrug)\w*|ауылдык(?=\s*[«\"(,.;:])|сельск\w*\s+округ\w*"
    r"|[са]\.\s?о\.|[са]/о\b"
)
NAME_BEFORE = re.compile(rf"({_LETTERS}(?:[-‑–]{_LETTERS})*)\s+$")
# Prepositions that end an organisation's name before a place: "фонд помощи в Алматы".
PREPOSITIONS = {"в", "во", "на", "по", "из", "для", "с", "со", "к", "у", "о", "от", "до", "и"}
# A Kazakh kind word after a name takes the possessive ("Көктерек ауылы", "Qarabalyq
# aýylynda"); bare, it is a noun of its own ("Бүгінде қала аумағында": "today the town's
# area"), and the capitalised word before it opens the sentence. Folded, Latin read as Cyrillic.
KAZAKH_BARE_KIND_WORDS = {"облыс", "аудан", "кала", "ауыл"}
# A Kazakh place in an organisation's name is in the genitive or bare (Ақтөбе облысы).
GENITIVE = re.compile(r"(нын|нин|дын|дин|тын|тин)$")
NOMINATIVE_KIND_WORDS = {"облысы", "ауданы", "каласы", "ауылы"}
LIST_SEPARATOR = re.compile(r"\s*,?\s*((и|және|мен|and|jáne|jane)\s+)?")


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str  # as written
    via: str  # name | adjective | demonym | road | exit | checkpoint | nationwide | unresolved
    explicit: bool = True  # False: only an adjective inside some other name ("Нуринского отдела")
    parts: list[str] = field(default_factory=list)  # road endpoints or exit from/towards
    query: str = ""  # what to look up, when not the text itself ("п. Акшатау")
    village: bool = False  # unresolved, but the text says it is a village or rural okrug
    okrug: bool = False  # a rural okrug: an area of its district, wherever the text names it


def find_places(
    text: str,
    start: int,
    end: int,
    geocoder: OfflineGeocoder,
    masked: list[tuple[int, int]] = (),
    folded: str | None = None,
) -> list[PlaceMention]:
    """Place mentions in ``text[start:end]``, with offsets into ``text``. ``folded`` is
    ``fold(text)`` when the caller has it (it is called once per paragraph)."""
    folded = fold(text) if folded is None else folded
    if (span := unmix(text[start:end])) != text[start:end]:  # "Mақтаарал" with a Latin M
        text = text[:start] + span + text[end:]
        folded = folded[:start] + fold(span) + folded[end:]
    mentions = _roads_and_exits(text, folded, start, end, geocoder)
    mentions += _nationwide(text, folded, start, end)
    mentions += _rural_okrugs(text, folded, start, end, masked)
    taken = list(masked) + [(m.start, m.end) for m in mentions]
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text, start, end)]
    skipped = taken + quoted
    tokens = [m for m in WORD.finditer(text, start, end) if not _inside(m.span(), skipped)]
    shared = _shared_kind_words(text, tokens)
    i = 0
    while i < len(tokens):
        found = _match_at(text, tokens, i, geocoder, shared.get(i), shared)
        if found is None:
            i += 1
            continue
        mention, used = found
        mentions.append(mention)
        i += used
        if used == 2 and _is_kind_word(tokens[i - 2].group()):
            listed, i = _listed_after(text, tokens, i - 2, geocoder)
            mentions += listed
    for m in mentions:
        if m.via == "name" and _in_organisation_name(text, m, end, geocoder.gazetteer):
            m.explicit = False  # "Ақтөбе облысының волонтерлер кеңесі": context, no place
        elif m.via == "name" and _in_source_credit(folded, m, start):
            m.explicit = False  # "деп хабарлайды Түркістан облысының ... қызметі"
    return sorted(mentions, key=lambda m: m.start)


def _rural_okrugs(text, folded, start, end, masked) -> list[PlaceMention]:
    """ "Жамбыл ауылдық округі", "Ozerkı aýyldyq okrýginde", "Кенесский сельский округ": a
    rural okrug GeoNames does not list. It is left unresolved: the article's district places
    it (geo.geoparse.document), or it is reported."""
    mentions = []
    for m in RURAL_OKRUG.finditer(folded, start, end):
        name = NAME_BEFORE.search(text, max(start, m.start() - 40), m.start())
        if not name or not name.group(1)[:1].isupper() or _inside(name.span(1), masked):
            continue
        written = text[name.start(1) : m.end()]
        mentions.append(
            PlaceMention(
                name.start(1),
                m.end(),
                written,
                "unresolved",
                query=name.group(1),
                village=True,
                okrug=True,
            )
        )
    return mentions


@cache
def _not_a_place() -> dict[str, re.Pattern]:
    table = name_forms()["not_a_place"]
    return {
        part: re.compile("|".join(f"(?:{p})" for p in table[part]))
        for part in ("before", "after", "organisation_heads")
    }


def _in_source_credit(folded: str, mention, start: int) -> bool:
    """Does a source's verb stand up to four words before the place, in its sentence and with
    no comma between ("деп хабарлайды Түркістан облысының", "сообщает пресс-служба акимата
    Карагандинской области")? The place is whose office told the news."""
    before = folded[max(start, mention.start - 80) : mention.start]
    return bool(_source_credit().search(before))


@cache
def _source_credit() -> re.Pattern:
    verbs = "|".join(f"(?:{p})" for p in name_forms()["not_a_place"]["source_credit"])
    return re.compile(rf"(?<!\w)(?:{verbs})\s+(?:[^\s.!?,;:«»\"]+\s+){{0,4}}$")


def _in_organisation_name(text, mention, end, gaz) -> bool:
    """Is the place part of an organisation's name? A Kazakh genitive or bare name with the
    organisation's head noun within two words after it ("Ақтөбе облысының волонтерлер
    кеңесі", "Qazaqstannyń isker áıelder qaýymdastyǵy"), or a Russian head noun within two
    words before it ("Лига волонтеров Казахстана")."""
    heads = _not_a_place()["organisation_heads"]
    last = _reading(mention.text.split()[-1].rstrip("."))
    if GENITIVE.search(last) or last in NOMINATIVE_KIND_WORDS or gaz.lookup(key(mention.text)):
        after = text[mention.end : min(end, mention.end + 60)]
        if not re.match(r"\s", after):
            return False
        for written in re.findall(r"[^\W\d_]+|[^\w\s]", after)[:4]:
            if not written.isalpha():
                break
            # The head noun is written in lower case ("облысының волонтерлер кеңесі",
            # "Қазақстанның Қызыл Жарты Ай қоғамы"), not a name ("Байзақ ауданы Кеңес ауылы").
            if written.islower() and heads.fullmatch(_reading(written)):
                return True
    before = text[max(0, mention.start - 60) : mention.start]
    if not before.endswith(" ") or not _russian(mention.text):
        return False
    for written in reversed(re.findall(r"[^\W\d_]+|[^\w\s]", before)[-3:]):
        word = fold(written)
        if not word.isalpha() or word in PREPOSITIONS or not _russian(written):
            return False
        if heads.fullmatch(word):
            return True
    return False


def _russian(word: str) -> bool:
    """Cyrillic without Kazakh letters: the Russian order, head noun first, applies."""
    return bool(re.fullmatch(r"[А-Яа-яЁё\s-]+", word))


def _reading(word: str) -> str:
    """A word folded; Kazakh Latin read into Cyrillic first."""
    return latin_key(word) if is_latin(word) else fold(word)


def _shared_kind_words(text, tokens) -> dict[int, str]:
    """Names that share the kind word after the last of them: "Бескарагайского и Жарминского
    районов", "Alakól jáne Panfılov aýdandaryn". Token index -> that kind word."""
    shared = {}
    for k, token in enumerate(tokens):
        if k < 3 or not _is_kind_word(token.group()) or not tokens[k - 1].group()[:1].isupper():
            continue
        j = k - 1  # the name just before the kind word
        while j >= 1:
            if _second_word_of_a_name(text, tokens, j):
                j -= 1  # "Солтүстік Қазақстан және Ақмола облыстарында"
                continue
            conjunction = j >= 2 and _is_conjunction(tokens[j - 1].group())
            before = j - 2 if conjunction else j - 1
            gap = text[tokens[before].end() : tokens[j].start()]
            if conjunction:  # "X и Y", "X, Y и Z": only spaces and commas around the "и"
                gap = gap.replace(tokens[j - 1].group(), " ", 1)
            if not tokens[before].group()[:1].isupper() or not re.fullmatch(r"[\s,]+", gap):
                break
            if not conjunction and "," not in gap:
                break
            if bool(adjective_stem(tokens[before].group())) != bool(
                adjective_stem(tokens[j].group())
            ):
                break  # "в Петропавловск и Атыраускую область": a town, then a region
            shared[before] = token.group()
            j = before
    return shared


def _second_word_of_a_name(text, tokens, j) -> bool:
    """Is ``tokens[j]`` the second word of a two-word name listed before a shared kind word
    ("Батыс Қазақстан", "Солтүстік Қазақстан")? The word before it is capitalised, only a
    space apart, and itself preceded by a comma or a conjunction."""
    first = tokens[j - 1].group()
    if text[tokens[j - 1].end() : tokens[j].start()] != " " or not first[:1].isupper():
        return False
    if _is_conjunction(first) or _is_kind_word(first) or j < 2:
        return False
    gap = text[tokens[j - 2].end() : tokens[j - 1].start()]
    return "," in gap or _is_conjunction(tokens[j - 2].group())


def _listed_after(text, tokens, i, geocoder) -> tuple[list[PlaceMention], int]:
    """Names listed after a kind word and its first name (``tokens[i]``, ``tokens[i + 1]``):
    "в поселках Ортак и Булак", "п. Аксу-Аюлы, Акшатау". Returns them and the next index."""
    kind_word, listed = tokens[i].group(), []
    last_end, j = tokens[i + 1].end(), i + 2
    while j < len(tokens):
        k = j + 1 if _is_conjunction(tokens[j].group()) else j
        if k >= len(tokens):
            break
        gap = text[last_end : tokens[k].start()]
        if (
            tokens[k - 1].group().endswith(".")  # the sentence ended
            or not LIST_SEPARATOR.fullmatch(gap)
            or (k == j and "," not in gap)  # "в с. Бирлестик СКО": its region, not a list
        ):
            break
        name = tokens[k].group().rstrip(".")
        followed_by_kind = (
            k + 1 < len(tokens)
            and _is_kind_word(tokens[k + 1].group())
            and text[tokens[k].end() : tokens[k + 1].start()] == " "
        )
        if (
            not name[:1].isupper()
            or _is_kind_word(tokens[k].group())
            or followed_by_kind  # "в г. Кокшетау и Есильском районе": a name of its own kind
            or adjective_stem(name)
        ):
            break
        query = f"{kind_word} {name}"
        via = "name" if geocoder.candidates(query) else "unresolved"
        if via == "unresolved" and is_common_russian_word(name):
            break  # "города Караганды, Управления внутренней политики"
        start = tokens[k].start()
        listed.append(PlaceMention(start, start + len(name), name, via, via == "name", query=query))
        last_end, j = tokens[k].end(), k + 1
    return listed, j


def _match_at(text, tokens, i, geocoder, shared_kind_word=None, shared=None):
    """The place mention starting at ``tokens[i]`` and how many tokens it takes, or None."""
    gaz = geocoder.gazetteer
    for width in _widths(tokens, i, gaz):
        window = tokens[i : i + width]
        if len(window) < width or not _one_name(text, window):
            continue
        phrase = text[window[0].start() : window[-1].end()].rstrip(".")
        first = window[0].group()
        bare = first.rstrip(".")
        shared_here = shared_kind_word if width == 1 else shared.get(i + width - 1)
        # Without a kind word, only a name the gazetteer holds whole, which begins as a name
        # does (that test, the one below, made first: it is cheaper than the lookup).
        if (
            width > 1
            and not _has_kind_word(window)
            and not shared_here
            and not (_may_begin_name(first, gaz) and gaz.lookup_phrase(phrase))
        ):
            continue
        name_token = window[1].group() if width > 1 and _is_kind_word(first) else first
        if width == 1 and (
            any(gaz.by_demonym(lemma) for lemma in russian_lemmas(bare))
            or gaz.by_kazakh_demonym(bare)
        ):
            return PlaceMention(
                window[0].start(), window[0].start() + len(bare), bare, "demonym"
            ), 1
        lower_region = width == 2 and kind_of_word(window[-1].group()) in {"region", "district"}
        if not (lower_region or _may_begin_name(name_token, gaz)):
            continue
        if width == 1 and _is_kind_word(first):
            continue
        query = f"{phrase} {shared_here}" if shared_here else phrase
        candidates = geocoder.candidates(query)
        if not candidates and query != phrase:
            query, candidates = phrase, geocoder.candidates(phrase)
        if not candidates and width == 2 and _names_unknown_place(tokens, i, geocoder):
            # "в поселках Ортак", "Кызылжарского района": the text says it is a place, the
            # gazetteer does not know it.
            name = window[-1] if _is_kind_word(first) else window[0]
            written = name.group().rstrip(".")
            if len(written) < 3:
                continue  # "Ár aýdanda": "each district", a word at a sentence's start
            kind = kind_of_word(window[0].group() if name is window[-1] else window[-1].group())
            return PlaceMention(
                name.start(),
                name.start() + len(written),
                written,
                "unresolved",
                explicit=False,
                village=kind == "settlement",
            ), 2
        if candidates:
            if (
                width == 1
                and query == phrase
                and not _plausible_single_word(text, window[0], candidates)
            ):
                continue
            written = phrase.rstrip(".") if width > 1 else bare
            return PlaceMention(
                window[0].start(),
                window[0].start() + len(written),
                written,
                "name",
                query=query if query != phrase else "",
            ), width
        if width == 1 and (stem := adjective_stem(bare)) and gaz.by_adjective(stem):
            mention = PlaceMention(
                window[0].start(), window[0].start() + len(bare), bare, "adjective", explicit=False
            )
            return mention, 1
    return None


def _widths(tokens, i, gaz) -> tuple[int, ...]:
    """How many words a name starting at ``tokens[i]`` may take, longest first. A word that
    cannot begin a name and is no kind word ("волонтеры") is a demonym or nothing, unless a
    region's or district's kind word follows it ("акмолинской области"): the tests below
    would turn its longer windows down anyway, after lookups that took a third of the time
    of place mentions."""
    first = tokens[i].group()
    if _may_begin_name(first, gaz) or _is_kind_word(first):
        return (3, 2, 1)
    after = tokens[i + 1].group() if i + 1 < len(tokens) else ""
    return (2, 1) if kind_of_word(after) in {"region", "district"} else (1,)


def _names_unknown_place(tokens, i, geocoder) -> bool:
    """Do ``tokens[i]`` and ``tokens[i + 1]`` name a place by its kind, though the gazetteer
    knows no such place? "поселках Ортак" yes; "Кызылжарского района", "Qyzyljar aýdany" yes;
    "Волонтеры области Жетысу" no: there the kind word goes with the name after it."""
    first, second = tokens[i].group(), tokens[i + 1].group()
    if _is_kind_word(first):
        # "районах СКО": the name is a place of another kind, found on its own.
        name = second.rstrip(".")
        known_adjective = (stem := adjective_stem(name)) and geocoder.gazetteer.by_adjective(stem)
        return name[:1].isupper() and not geocoder.candidates(name) and not known_adjective
    if not (first[:1].isupper() and _is_kind_word(second)):
        return False
    if _reading(second) in KAZAKH_BARE_KIND_WORDS:
        return False  # "Бүгінде қала аумағында", "Keshe qala turǵyndary": "the town's ..."
    after = tokens[i + 2].group() if i + 2 < len(tokens) else ""
    if after[:1].isupper() and not second.endswith("."):
        return False
    russian = bool(re.search(r"[а-яё]", second)) and not re.search(r"[әғқңөұүһі]", second)
    return bool(adjective_stem(first.rstrip("."))) or not russian


def _is_conjunction(word: str) -> bool:
    return fold(word) in CONJUNCTIONS or (is_latin(word) and latin_key(word) in CONJUNCTIONS)


def _one_name(text, window) -> bool:
    """Only words separated by spaces, within one sentence, make one name."""
    for a, b in zip(window, window[1:], strict=False):
        if text[a.end() : b.start()].strip(" "):
            return False
        word = a.group()
        if word.endswith(".") and len(word) > 4:  # "района. В ..." but not "г. Балхаш"
            return False
    return True


def _plausible_single_word(text, token, candidates) -> bool:
    """A lone capitalised word is a place unless the words around it say otherwise: a river
    or a street (река Нура, Ленинский проспект, Нұра өзені), or a common word opening a
    sentence (Так, Мир) with no "г."/"п." before it."""
    word = token.group().rstrip(".")
    before = fold(text[max(0, token.start() - 40) : token.start()]).split()
    if before and kind_of_word(before[-1]):
        return True
    if (before and NOT_A_TOWN_BEFORE.fullmatch(before[-1])) or _river_or_street_after(text, token):
        return False
    if before and _not_a_place()["before"].fullmatch(before[-1]):
        return False  # "сопке Букпа", "Телеканал Астана"
    if (
        len(before) >= 3
        and re.fullmatch(r"[-–—]", before[-1])
        and NOT_A_TOWN_BEFORE.fullmatch(before[-3])
    ):
        return False  # "на реке Шерубай – Нура": the second name of the river
    after = text[token.end() : token.end() + 30].split()[:1]
    if after and _not_a_place()["after"].fullmatch(_reading(after[0].strip(".,;:»)"))):
        return False  # "Қазақстан тауы": a hill
    sentence_start = not text[: token.start()].rstrip(' «"“')[-1:].isalnum()
    return not (sentence_start and is_common_russian_word(word) and len(candidates) < 2)


def _river_or_street_after(text, token) -> bool:
    """Do the words after the name make it a river, lake, ridge or street? The name may have
    a second word of its own: "Úlken Almaty ózeni"."""
    if token.group().endswith(".") or re.match(r"\s*[.!?]", text[token.end() :]):
        return False  # the sentence ends with the name
    words = [w.strip(".,;:»)") for w in text[token.end() : token.end() + 50].split()[:3]]
    words = [latin_key(w) if is_latin(w) else fold(w) for w in words]
    starts = [0, 1] if words and text[token.end() :].lstrip()[:1].isupper() else [0]
    return any(NOT_A_TOWN_AFTER.match(" ".join(words[k : k + 2])) for k in starts)


def _may_begin_name(word: str, gaz) -> bool:
    """Can ``word`` begin a place's name: capitalised, or a common noun naming one?"""
    return word[:1].isupper() or gaz.is_common_noun(word)


def _is_kind_word(word: str) -> bool:
    return kind_of_word(word) is not None


def _has_kind_word(window) -> bool:
    return _is_kind_word(window[0].group()) or _is_kind_word(window[-1].group())


def _inside(span, spans) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


@cache
def _nationwide_table() -> PatternTable:
    return PatternTable({"nationwide": table_patterns(discourse()["nationwide"])})


# A campaign described as nationwide ("бүкіл республика бойынша бастау алған «X» акциясы",
# "стартовавшая по всей стране акция"): the words say what kind of campaign it is, as the
# adjective "республикалық акция" does, not where this article's action is.
_CAMPAIGN = r"(«[^»]{1,60}»\s+)?(акци|челлендж|марафон|aksii|chellendj|marafon)"
CAMPAIGN_AFTER = re.compile(rf"\s+(\S+\s+)?\w+(ган|ген|кан|кен|gan|gen|qan|ken)\s+{_CAMPAIGN}")
CAMPAIGN_BEFORE = re.compile(r"(стартовавш|проходящ|прошедш|объявленн|организованн)\w*\s+$")


def _nationwide(text, folded, start, end) -> list[PlaceMention]:
    """ "по всей стране", "бүкіл ел бойынша": the whole country, as a place; not when the
    words describe a campaign (``CAMPAIGN_AFTER``, ``CAMPAIGN_BEFORE``)."""
    return [
        PlaceMention(m.start(), m.end(), text[m.start() : m.end()], "nationwide")
        for m in _nationwide_table().scan(folded).finditer("nationwide", start, end)
        if not CAMPAIGN_AFTER.match(folded, m.end(), end)
        and not CAMPAIGN_BEFORE.search(folded, max(start, m.start() - 30), m.start())
    ]


def _roads_and_exits(text, folded, start, end, geocoder) -> list[PlaceMention]:
    mentions = []
    for m in QUOTED.finditer(text, start, end):
        before = folded[max(start, m.start() - 60) : m.start()]
        after_other_road = (
            bool(mentions)
            and re.search(r"\s+и\s+$", before)
            and (mentions[-1].via == "road" and m.start() - mentions[-1].end < 6)
        )
        if ROAD_WORD.search(before) or after_other_road:
            parts = split_road(m.group(1), geocoder)
            if parts:
                mentions.append(PlaceMention(m.start(), m.end(), m.group(), "road", parts=parts))
    for m in QUOTED.finditer(text, start, end):
        # A checkpoint named after its town: КПП «Кордай», бекет «Қордай».
        before = folded[max(start, m.start() - 30) : m.start()]
        if CHECKPOINT_NAME.search(before) and geocoder.candidates(m.group(1)):
            mentions.append(
                PlaceMention(m.start(), m.end(), m.group(), "checkpoint", query=m.group(1))
            )
    for m in UNQUOTED_ROAD.finditer(text, start, end):
        if any(s <= m.start(1) < e for s, e in ((x.start, x.end) for x in mentions)):
            continue
        parts = split_road(m.group(1), geocoder)
        if parts:
            mentions.append(PlaceMention(m.start(1), m.end(1), m.group(1), "road", parts=parts))
    for m in EXIT.finditer(folded, start, end):
        origin = text[m.start(1) : m.end(1)]
        target = text[m.start(2) : m.end(2)]
        if geocoder.candidates(origin) and geocoder.candidates(target):
            mentions.append(
                PlaceMention(
                    m.start(), m.end(), text[m.start() : m.end()], "exit", parts=[origin, target]
                )
            )
    return mentions


def split_road(name: str, geocoder: OfflineGeocoder) -> list[str] | None:
    """``"Нура – Нур-Султан"`` -> ``["Нура", "Нур-Султан"]``; None unless every part is a place.
    Hyphens both separate places and join names (Нур-Султан, Аксу-Аюлы): the longest run of
    pieces that the gazetteer knows wins."""
    pieces = [p for p in re.split(r"\s*[-–—‑]\s*", name.strip()) if p]
    parts, i = [], 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            candidate = "-".join(pieces[i:j])
            if geocoder.candidates(candidate):
                parts.append(candidate)
                i = j
                break
        else:
            return None
    return parts if len(parts) >= 2 else None

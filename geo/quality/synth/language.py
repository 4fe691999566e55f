"""The words of the synthetic articles: place names in the case and alphabet a sentence needs.

In: a Kazakh or Russian word or name (and a case). Out: the same in another form —
``to_latin`` (Kazakh Cyrillic in the acute-accent Latin alphabet geo.language.names reads),
``kk_case`` / ``kk_possessive_case`` (Kazakh case endings by vowel harmony),
``kk_number_ablative`` ("50-ден"), ``ru_forms`` (a Russian place name's case forms, from
pymorphy3), ``ru_unit_forms`` (a district's or region's Russian name in each case),
``ru_preposition`` ("в" / "во" / "из" / "изо") and ``common_word`` (a Russian name that is
also an everyday word, which the writer does not inflect on its own).
"""

from __future__ import annotations

import re
from functools import cache

from geo.language.names import _morph, fold, is_common_russian_word

# -- Kazakh in the Latin alphabet ------------------------------------------------------------

# The acute-accent alphabet as lat.egemen.kz writes it, which geo.language.names reads back
# (names.latin_key): ц is s there (aksııa), и and й are ı, ю is ıý, я is ıa.
_KK_LATIN = {
    "а": "a",
    "ә": "á",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ǵ",
    "д": "d",
    "е": "e",
    "ё": "ıo",
    "ж": "j",
    "з": "z",
    "и": "ı",
    "й": "ı",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ń",
    "о": "o",
    "ө": "ó",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "ý",
    "ұ": "u",
    "ү": "ú",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "s",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "і": "i",
    "ь": "",
    "э": "e",
    "ю": "ıý",
    "я": "ıa",
}
_KK_LATIN_UPPER = {
    c.upper(): ("I" + v[1:] if v.startswith("ı") else v[:1].upper() + v[1:])
    for c, v in _KK_LATIN.items()
}
_LATIN_TABLE = str.maketrans({**_KK_LATIN, **_KK_LATIN_UPPER})


def to_latin(text: str) -> str:
    """Kazakh Cyrillic in the Latin alphabet, letter by letter (so a substring's
    transliteration is a substring of the text's): "Қостанай облысы" -> "Qostanaı oblysy"."""
    return text.translate(_LATIN_TABLE)


# -- Kazakh case endings ---------------------------------------------------------------------

_BACK, _FRONT = set("аоұыя"), set("әеөүіэ")
_VOICELESS = set("кқпстфхцчшщһ")
_NASAL = set("мнң")
_VOWELS = set("аәеоөұүыіиэюя")


def _front(word: str) -> bool:
    for ch in reversed(word.lower()):
        if ch in _FRONT:
            return True
        if ch in _BACK:
            return False
    return False


def kk_case(word: str, case: str) -> str:
    """A Kazakh word with a case ending by vowel harmony and its last sound: loc (Атырауда,
    Шымкентте), dat (Атырауға, Шымкентке), abl (Атыраудан, Өскеменнен), gen (Астананың,
    Атыраудың, Шымкенттің)."""
    front, last = _front(word), word.lower()[-1]
    a, ы = ("е", "і") if front else ("а", "ы")
    if case == "loc":
        first = "т" if last in _VOICELESS else "д"
        return f"{word}{first}{a}"
    if case == "dat":
        first = ("к" if front else "қ") if last in _VOICELESS else ("г" if front else "ғ")
        return f"{word}{first}{a}"
    if case == "abl":
        first = "т" if last in _VOICELESS else "н" if last in _NASAL else "д"
        return f"{word}{first}{a}н"
    if case == "gen":
        if last in _VOWELS - {"у", "и"} or last in _NASAL:
            first = "н"
        elif last in _VOICELESS or last in "бвгд":
            first = "т"
        else:
            first = "д"
        return f"{word}{first}{ы}ң"
    raise ValueError(f"no such case: {case}")


def kk_possessive_case(word: str, case: str) -> str:
    """A word with a 3rd-person possessive (ауданы, қаласы, кенті) in a case: ауданында,
    қаласының, кентіне, облысынан."""
    if case == "nom":
        return word
    front = _front(word)
    a, ы = ("е", "і") if front else ("а", "ы")
    ending = {"loc": f"нд{a}", "dat": f"н{a}", "abl": f"н{a}н", "gen": f"н{ы}ң"}[case]
    return word + ending


_KK_NUMBERS = {
    1: "бір",
    2: "екі",
    3: "үш",
    4: "төрт",
    5: "бес",
    6: "алты",
    7: "жеті",
    8: "сегіз",
    9: "тоғыз",
    10: "он",
    20: "жиырма",
    30: "отыз",
    40: "қырық",
    50: "елу",
    60: "алпыс",
    70: "жетпіс",
    80: "сексен",
    90: "тоқсан",
}


def kk_number_ablative(n: int) -> str:
    """ "50-ден", "30-дан", "300-ден": the ending follows the last word one would say."""
    if n % 10:
        word = _KK_NUMBERS[n % 10]
    elif n % 100:
        word = _KK_NUMBERS[n % 100]
    elif n % 1000:
        word = "жүз"
    else:
        word = "мың"
    return f"{n}-{kk_case(word, 'abl')[len(word) :]}"


# -- Russian forms -----------------------------------------------------------------------------

RU_CASES = ("loct", "gent", "datv", "accs")


@cache
def ru_forms(name: str) -> dict[str, str] | None:
    """The case forms of a one-word place name pymorphy3 knows as a place (Geox), checked
    by parsing each form back: "Караганда" -> {"loct": "Караганде", ...}; None otherwise."""
    if not re.fullmatch(r"[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?", name):
        return None
    morph = _morph()
    parse = next(
        (
            p
            for p in morph.parse(name)
            if "Geox" in p.tag and "sing" in p.tag and fold(p.normal_form) == fold(name)
        ),
        None,
    )
    if parse is None:
        return None
    forms = {}
    for case in RU_CASES:
        inflected = parse.inflect({case, "sing"})
        if inflected is None:
            return None
        word = _recase(inflected.word, name)
        back = [
            p for p in morph.parse(word) if "Geox" in p.tag and fold(p.normal_form) == fold(name)
        ]
        if not back:
            return None
        forms[case] = word
    return forms


def _recase(word: str, like: str) -> str:
    """Capitalise the parts of a hyphenated name as in ``like``; keep ё only if it has it."""
    parts, models = word.split("-"), like.split("-")
    if len(parts) != len(models):
        return word.capitalize()
    out = []
    for part, model in zip(parts, models, strict=True):
        part = part if "ё" in model.lower() else part.replace("ё", "е")
        out.append(part[:1].upper() + part[1:] if model[:1].isupper() else part)
    return "-".join(out)


_RU_NOUNS = {
    "район": {
        "nomn": "район",
        "loct": "районе",
        "gent": "района",
        "datv": "району",
        "accs": "район",
    },
    "область": {
        "nomn": "область",
        "loct": "области",
        "gent": "области",
        "datv": "области",
        "accs": "область",
    },
}
_RU_ADJECTIVES = [
    ("ский", {"loct": "ском", "gent": "ского", "datv": "скому", "accs": "ский"}),
    ("цкий", {"loct": "цком", "gent": "цкого", "datv": "цкому", "accs": "цкий"}),
    ("ный", {"loct": "ном", "gent": "ного", "datv": "ному", "accs": "ный"}),
    ("ская", {"loct": "ской", "gent": "ской", "datv": "ской", "accs": "скую"}),
    ("ная", {"loct": "ной", "gent": "ной", "datv": "ной", "accs": "ную"}),
]


def ru_unit_forms(name: str) -> dict[str, str] | None:
    """Case forms of a district's or region's Russian name: "Абайский район" -> "Абайском
    районе", ...; "область Жетысу" -> "области Жетысу"; None for other shapes."""
    words = name.split()
    if len(words) >= 2 and words[0] in _RU_NOUNS:
        nouns = _RU_NOUNS[words[0]]
        rest = " ".join(words[1:])
        return {case: f"{nouns[case]} {rest}" for case in ("nomn", *RU_CASES)}
    if len(words) != 2 or words[1] not in _RU_NOUNS:
        return None
    adjective, noun = words
    for ending, forms in _RU_ADJECTIVES:
        if adjective.endswith(ending):
            stem = adjective[: -len(ending)]
            out = {case: f"{stem}{forms[case]} {_RU_NOUNS[noun][case]}" for case in RU_CASES}
            out["nomn"] = name
            return out
    return None


def ru_preposition(case: str, phrase: str) -> str:
    """ "в Караганде", "во Владимировке", "из Караганды", "изо Всеволодовки"; other cases as
    they are."""
    if case in {"loct", "accs"}:
        word = "во" if re.match(r"[ВвФф][^аеёиоуыэюяАЕЁИОУЫЭЮЯ]", phrase) else "в"
        return f"{word} {phrase}"
    if case == "from":
        word = "изо" if re.match(r"[Вв]с", phrase) else "из"
        return f"{word} {phrase}"
    return phrase


@cache
def common_word(name: str) -> bool:
    """A Russian name that is also an everyday word (Заречный, Степное...)."""
    return is_common_russian_word(name)

"""Name normalisation shared by the gazetteer, the organisation table and the extractor.

In: a word or a name as written (Russian, Kazakh Cyrillic, Kazakh Latin, English).
Out: lookup keys. ``fold`` maps a text to a same-length lowercase string, so offsets found
in the folded text are offsets in the original; ``variants`` gives every key a word may be
indexed under (as written, Russian lemmas from pymorphy3, Kazakh stems).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from geo import reference

# Kazakh sources often write Russian letters for Kazakh ones (Косшы for Қосшы, Гульшат for
# Гүлшат), and GeoNames mixes both. Matching on letters folded to their Russian look-alikes
# makes both spellings one key. The Latin map covers the 2021 alphabet's extra letters.
_FOLD = str.maketrans(
    {
        "ё": "е",
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ı": "i",
        "á": "a",
        "ǵ": "g",
        "ń": "n",
        "ó": "o",
        "ú": "u",
        "ý": "u",  # Kazakh Latin ý is у, as u (ұ) and ú (ү): all fold to u, as in Cyrillic
        "q": "k",  # q is қ: folds to k, as қ folds to к
        "’": "'",
        "‘": "'",
        "–": "-",
        "—": "-",
        "‑": "-",
    }
)


# Folded Cyrillic letters as folded Kazakh Latin (2021) spells them, to write each pattern of
# the tables once, in Cyrillic, and match Latin-script articles too.
_CYRILLIC_TO_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


def latin_pattern(pattern: str) -> str:
    """A table pattern written in folded Cyrillic, for folded Kazakh Latin text:
    ``"комек корсет\\w*"`` -> ``"komek korset\\w*"``. Regex syntax is ASCII and stays."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in pattern)


def table_patterns(patterns: list[str]) -> list[re.Pattern]:
    """Compile a table's patterns for both scripts: each as written and, if it differs, as
    Kazakh Latin spells it."""
    both = dict.fromkeys(p for pattern in patterns for p in (pattern, latin_pattern(pattern)))
    return [re.compile(p) for p in both]


def fold(text: str) -> str:
    """Lowercase and fold Kazakh/Latin letters; the result has exactly ``len(text)`` chars."""
    low = text.lower()
    # Whole-string lower is C speed; a character at a time is needed only when lowering
    # changes the length ("İ") or depends on context (Greek final sigma).
    if len(low) == len(text) and "Σ" not in text:
        return low.translate(_FOLD)
    out = []
    for ch in text:
        low = ch.lower()
        if len(low) != 1:  # "İ".lower() is two code points: keep offsets aligned
            low = ch
        out.append(low.translate(_FOLD))
    return "".join(out)


@lru_cache(maxsize=1 << 17)  # the same words recur in every article
def key(name: str) -> str:
    """The lookup key of a whole name: folded, inner whitespace collapsed, soft and hard
    signs dropped (Russian Гульшат and Kazakh Гүлшат are one name), й read as и (Latin ı
    stands for both)."""
    # Russian дж for Kazakh ж (Урджар, Үржар; Джаркент, Жаркент) is one sound.
    folded = (
        fold(unmix(name)).replace("ь", "").replace("ъ", "").replace("й", "и").replace("дж", "ж")
    )
    return re.sub(r"\s+", " ", folded).strip(' .,«»"“”')


# Kazakh in Latin script, read back into (folded) Cyrillic so that one Cyrillic gazetteer
# serves both scripts. No library covers the 2021 alphabet and its 2017 apostrophe variant,
# so the table is here; English-style spellings (zh, kh, ya) are read too.
_LATIN_DIGRAPHS = [
    ("shch", "щ"),
    ("sh", "ш"),
    ("ch", "ч"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ya", "я"),
    ("yu", "ю"),
    ("ıa", "я"),
    ("ıý", "ю"),
    ("ıu", "ю"),
    ("s'", "ш"),
    ("c'", "ч"),
    ("a'", "а"),
    ("g'", "г"),
    ("n'", "н"),
    ("o'", "о"),
    ("u'", "у"),
    ("y'", "у"),
    ("i'", "и"),
]
_LATIN_LETTERS = str.maketrans(
    {
        "a": "а",
        "á": "а",
        "b": "б",
        "c": "ц",
        "d": "д",
        "e": "е",
        "é": "е",
        "f": "ф",
        "g": "г",
        "ǵ": "г",
        "h": "х",
        "i": "и",
        "ı": "и",
        "j": "ж",
        "k": "к",
        "l": "л",
        "m": "м",
        "n": "н",
        "ń": "н",
        "o": "о",
        "ó": "о",
        "p": "п",
        "q": "к",
        "r": "р",
        "s": "с",
        "t": "т",
        "u": "у",
        "ú": "у",
        "v": "в",
        "w": "у",
        "x": "кс",
        "y": "ы",
        "ý": "у",
        "z": "з",
        "’": "'",
    }
)


def is_latin(text: str) -> bool:
    return bool(re.search(r"[a-zA-Záǵıńóúý]", text)) and not re.search(r"[а-яА-ЯёЁ]", text)


def latin_key(name: str) -> str:
    """``"Qostanaı oblysy"`` -> ``"костанаи облысы"``, the key of ``"Қостанай облысы"``."""
    text = name.lower().replace("’", "'")
    for latin, cyrillic in _LATIN_DIGRAPHS:
        text = text.replace(latin, cyrillic)
    return key(text.translate(_LATIN_LETTERS).replace("'", ""))


# Kazakh case and possessive endings, longest first. A stem is accepted only when the
# gazetteer knows it, which keeps over-stripping (Ақмола -> ақмол) harmless.
_KAZAKH_ENDINGS = sorted(
    [
        "ның",
        "нің",
        "дың",
        "дің",
        "тың",
        "тің",
        "ның",
        "ға",
        "ге",
        "қа",
        "ке",
        "на",
        "не",
        "да",
        "де",
        "та",
        "те",
        "нда",
        "нде",
        "дан",
        "ден",
        "тан",
        "тен",
        "нан",
        "нен",
        "ндағы",
        "ндегі",
        "дағы",
        "дегі",
        "тағы",
        "тегі",
        "мен",
        "пен",
        "бен",
        "ның",
        "ы",
        "і",
        "сы",
        "сі",
        "н",
        "ын",
        "ін",
        "ында",
        "інде",
        "ынан",
        "інен",
        "ына",
        "іне",
    ],
    key=len,
    reverse=True,
)
_KAZAKH_ENDINGS_FOLDED = sorted({fold(e) for e in _KAZAKH_ENDINGS}, key=len, reverse=True)


def kazakh_stems(word: str) -> list[str]:
    """Candidate stems of a (folded) Kazakh word with one case or possessive ending removed."""
    stems = []
    for ending in _KAZAKH_ENDINGS_FOLDED:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stems.append(word[: -len(ending)])
    return stems


# Russian adjectives of place names (Карагандинской, Зерендинского) are cut to their stem
# by hand: pymorphy3 guesses lemmas of rare adjectives wrongly (Зерендинского -> зерендинской).
_ADJ_ENDING = re.compile(
    r"(ими|ыми|ого|его|ому|ему|ая|яя|ое|ее|ий|ый|ой|ей|ую|юю|ые|ие|ых|их|ым|им|ом|ем)$"
)


def adjective_stem(word: str) -> str | None:
    """``карагандинской`` -> ``карагандинск``; None if the word does not look like one."""
    folded = fold(word)
    if not re.search(
        r"(ск|цк)(ими|ыми|ого|его|ому|ему|ая|яя|ое|ее|ий|ый|ой|ей|ую|юю|ые|ие|ых|их|ым|им|ом|ем)$",
        folded,
    ):
        return None
    return _ADJ_ENDING.sub("", folded)


@cache
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _russian_word(word: str) -> bool:
    """Only Cyrillic words go to pymorphy3: it fails on characters Unicode gives no name."""
    return bool(re.fullmatch(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі-]+", word))


@lru_cache(maxsize=65536)
def russian_lemmas(word: str) -> tuple[str, ...]:
    """Normal forms pymorphy3 offers for a word, place-name (Geox) readings first."""
    if not _russian_word(word):
        return ()
    parses = _morph().parse(word)
    geox = [p.normal_form for p in parses if "Geox" in p.tag]
    other = [p.normal_form for p in parses if "Geox" not in p.tag]
    return tuple(dict.fromkeys(key(w) for w in geox + other))


# Case endings of Russian nouns, to guess the nominative of names pymorphy3 does not know
# (Кульсарах -> Кульсары, Кандыагаше -> Кандыагаш, Кордая -> Кордай). Wrong guesses are
# harmless: only a form the gazetteer knows is used.
_RUSSIAN_ENDINGS = [
    ("ах", ["ы", "и", "а", ""]),
    ("ях", ["и", "я"]),
    ("ами", ["ы", "и"]),
    ("ом", [""]),
    ("ем", ["", "ь"]),
    ("ой", ["а"]),
    ("ей", ["ь", "и"]),
    ("е", ["", "а", "ь"]),
    ("у", ["", "а"]),
    ("а", ["", "ь"]),
    ("я", ["й", "ь"]),
    ("ы", ["а", ""]),
    ("и", ["ь", "я"]),
]


def russian_guesses(word: str) -> list[str]:
    """Possible nominatives of an inflected name, by its ending."""
    low = word.lower()
    return [
        key(low[: -len(ending)] + nominative)
        for ending, nominatives in _RUSSIAN_ENDINGS
        if low.endswith(ending) and len(low) - len(ending) >= 3
        for nominative in nominatives
    ]


def _best_reading(word: str):
    """pymorphy3's most likely reading of a Cyrillic word, or None (not Cyrillic, no reading)."""
    if not _russian_word(word):
        return None
    parses = _morph().parse(word)
    return parses[0] if parses else None


def is_first_name(word: str) -> bool:
    """True when pymorphy3's best reading of the word is a person's first name (Светлана,
    Гульнара, Данильбек)."""
    best = _best_reading(word)
    return best is not None and "Name" in best.tag


def is_genitive(word: str) -> bool:
    """True when pymorphy3's best reading of a Russian word is a genitive noun or adjective
    ("праздника", "нового" in "накануне нового года")."""
    best = _best_reading(word)
    return best is not None and "gent" in best.tag and best.tag.POS in {"NOUN", "ADJF"}


def is_common_russian_word(word: str) -> bool:
    """True when pymorphy3's dictionary knows the word and its best reading is not a name."""
    best = _best_reading(word)
    if best is None or any(g in best.tag for g in ("Geox", "Name", "Surn", "Orgn", "Abbr")):
        return False
    return best.is_known


def variants(word: str) -> list[str]:
    """Every key a single word may be found under, most literal first."""
    folded = key(word)
    out = [folded]
    if re.search(r"[а-яё]", folded):
        out.extend(russian_lemmas(word))
        out.extend(kazakh_stems(folded))
        out.extend(russian_guesses(word))
    elif is_latin(word):
        cyrillic = latin_key(word)
        out.append(cyrillic)
        out.extend(kazakh_stems(cyrillic))
    return list(dict.fromkeys(v for v in out if v))


@cache
def name_forms() -> dict:
    """geo/resources/name_forms.toml: look-alike letters, Kazakh demonym suffixes, words that make a
    name no place."""
    return reference.toml("name_forms.toml")


_MIXED = re.compile(r"\w*[a-zA-Z]\w*")


def unmix(text: str) -> str:
    """Latin look-alike letters in a mostly Cyrillic word read as Cyrillic: "Mақтаарал" (Latin
    M) -> "Мақтаарал", GeoNames' "Сексеуiл" (Latin i) -> "Сексеуіл". A mostly Latin word
    ("Аstanatv" with a Cyrillic А) and pure words are left as they are. Same length."""
    if not (_HAS_CYRILLIC.search(text) and _HAS_LATIN.search(text)):
        return text
    return _MIXED.sub(_unmix_word, text)


_HAS_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_HAS_LATIN = re.compile(r"[a-zA-Z]")


def _unmix_word(m: re.Match) -> str:
    word = m.group()
    cyrillic = len(_HAS_CYRILLIC.findall(word))
    if not cyrillic or cyrillic <= len(word) - cyrillic:
        return word
    table = _homoglyphs()
    if not all(ord(ch) in table for ch in word if "a" <= ch.lower() <= "z"):
        return word  # a Latin letter with no Cyrillic twin: really a mixed word
    return word.translate(table)


@cache
def _homoglyphs() -> dict:
    return str.maketrans(name_forms()["homoglyphs"])


@lru_cache(maxsize=1 << 16)  # called for most words of Kazakh text, and words repeat
def kazakh_demonym_stems(word: str) -> tuple[str, ...]:
    """Place names a Kazakh demonym may be built on, longest reading first:
    "ақтөбеліктерге" -> ["актобе"], "Павлодарлықтар" -> ["павлодар"],
    "шығысқазақстандықтар" -> ["шыгысказакстан"]. Keys (folded); [] for other words."""
    table = name_forms()["kazakh_demonym"]
    folded = key(unmix(word))
    stems = []
    for ending in ["", *table["endings"]]:
        if ending and not folded.endswith(ending):
            continue
        base = folded[: len(folded) - len(ending)]
        for plural in ["", *table["plurals"]]:
            if plural and not base.endswith(plural):
                continue
            bare = base[: len(base) - len(plural)]
            for voiced, suffix in table["voiced"].items():
                if bare.endswith(voiced):
                    bare = bare[: -len(voiced)] + suffix
            for suffix in table["suffixes"]:
                if bare.endswith(suffix) and len(bare) - len(suffix) >= 3:
                    stems.append(bare[: -len(suffix)])
    return tuple(dict.fromkeys(stems))

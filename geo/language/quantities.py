"""Quantities: how much, for how many ("100 военнослужащих", "360 мыңнан астам отбасыға").

In: a stretch of folded text (geo.language.names.fold) and ``geo/resources/quantity_units.toml``.
Out: ``find_quantities(text, start, end) -> list[Quantity]``, each with a value, whether the
text said "more than" or "about", an English unit and its offsets; ``str(quantity)`` reads
"360 000+ families" (the dataset keeps that), ``said_in(text, lang)`` says it in Russian or
Kazakh ("360 000+ семей", "360 000+ отбасы"). Numbers may be digits ("1 000", "2100-ден"),
with a multiplier (тыс., мың, млн, миллион) or Kazakh and Russian number words (бір мың,
бес мыңнан). Written by hand: no library reads Kazakh numerals or Kazakh case endings on
numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from geo import reference
from geo.language.names import latin_pattern

_WORDS = {
    # Kazakh (folded Cyrillic; Latin is derived) and Russian number words.
    "бир": 1,
    "еки": 2,
    "уш": 3,
    "торт": 4,
    "бес": 5,
    "алты": 6,
    "жети": 7,
    "сегиз": 8,
    "тогыз": 9,
    "он": 10,
    "жиырма": 20,
    "отыз": 30,
    "кырык": 40,
    "елу": 50,
    "алпыс": 60,
    "жетпис": 70,
    "сексен": 80,
    "токсан": 90,
    "жуз": 100,
    "один": 1,
    "одна": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "двадцать": 20,
    "тридцать": 30,
    "сорок": 40,
    "пятьдесят": 50,
    "сто": 100,
    "двести": 200,
    "триста": 300,
    "пятьсот": 500,
}
_MULTIPLIERS = {
    "тыс": 1_000,
    "тысяч": 1_000,
    "тысячи": 1_000,
    "тысяча": 1_000,
    "мын": 1_000,
    "myn": 1_000,
    "млн": 1_000_000,
    "миллион": 1_000_000,
    "million": 1_000_000,
    "млрд": 1_000_000_000,
    "миллиард": 1_000_000_000,
}
_ABOVE = r"(?:более|свыше|больше|астам|astam|artyk)"
_ABOUT = r"(?:около|порядка|почти|примерно|шамамен|shamamen)"


@dataclass
class Quantity:
    value: float
    unit: str
    start: int
    end: int
    more_than: bool = False
    about: bool = False

    def __str__(self) -> str:
        number = f"{self.value:,.0f}".replace(",", " ")
        sign = "+" if self.more_than else ""
        prefix = "~" if self.about else ""
        return f"{prefix}{number}{sign} {self.unit}"


# str(Quantity), read back: "~", the number, "+", the unit.
SAID = re.compile(r"(?P<about>~?)(?P<number>\d{1,3}(?: \d{3})*)(?P<more>\+?) (?P<unit>.+)")


def said_in(text: str, lang: str) -> str:
    """A quantity as ``str(Quantity)`` writes it ("360 000+ families"), in ``lang`` (en, ru,
    kk); as it is when it is not one or the unit has no words in that language."""
    found = SAID.fullmatch(text)
    spec = reference.toml("quantity_units.toml").get(found["unit"]) if found else None
    if lang == "en" or not spec or lang not in spec:
        return text
    words = spec[lang]
    if lang == "ru":
        words = words[_russian_form(int(found["number"].replace(" ", "")))]
    return f"{found['about']}{found['number']}{found['more']} {words}"


def _russian_form(n: int) -> int:
    """Which of the three forms a Russian noun takes after ``n``: 0 for 1, 21, 101 ("1
    семья"), 1 for 2-4, 22-24 ("2 семьи"), else 2 ("5 семей", "11 семей")."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2


@cache
def _units() -> list[tuple[str, re.Pattern]]:
    table = reference.toml("quantity_units.toml")
    units = []
    for label, spec in table.items():
        for pattern in spec["patterns"]:
            for p in dict.fromkeys((pattern, latin_pattern(pattern))):
                units.append((label, re.compile(p)))
    return units


_NUMBER_WORD = "|".join(
    sorted({*_WORDS, *(latin_pattern(w) for w in _WORDS)}, key=len, reverse=True)
)
_MULTIPLIER = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))
NUMBER = re.compile(
    rf"(?:(?P<about>{_ABOUT})\s+)?(?:(?P<above>{_ABOVE})\s+)?"
    rf"(?P<number>\d{{1,3}}(?:[  ]\d{{3}})+|\d+(?:[.,]\d+)?|(?:\b(?:{_NUMBER_WORD})\b\s*)+)"
    rf"(?:-[а-яa-z]{{1,4}})?\s*(?P<mult>(?:{_MULTIPLIER})[а-яa-z.]*)?\s*"
)


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    found = []
    for m in NUMBER.finditer(text, start, end):
        value = _value(m.group("number"))
        if value is None:
            continue
        if m.group("mult"):
            value *= next(v for k, v in _MULTIPLIERS.items() if m.group("mult").startswith(k))
        # "2100-ден астам қызметкерге", "бір мың тоннадан астам": "more than" may stand
        # before or after the unit.
        above = re.match(rf"\s*{_ABOVE}\s*", text[m.end() : min(end, m.end() + 20)])
        offset = m.end() + (above.end() if above else 0)
        for label, pattern in _units():
            unit = pattern.match(text, offset, min(end, offset + 40))
            if unit:
                after = re.match(rf"\s*{_ABOVE}", text[unit.end() : min(end, unit.end() + 20)])
                more_than = bool(m.group("above") or above or after)
                about = bool(m.group("about"))
                found.append(Quantity(value, label, m.start(), unit.end(), more_than, about))
                break
    return found


def _value(number: str) -> float | None:
    number = number.strip()
    if number[:1].isdigit():
        return float(re.sub(r"[  ]", "", number).replace(",", "."))
    total = 0
    for word in number.split():
        total += _WORDS.get(word) or next(
            (v for k, v in _WORDS.items() if latin_pattern(k) == word), 0
        )
    return total or None

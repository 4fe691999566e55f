"""Synthetic corpus: realistic news articles about volunteer actions, with their truth.

In: the gazetteer (geo.gazetteer: the settlements of GeoNames cities500, every district of
``data/districts.csv``, the regions and cities of ``data/places_overlay.csv``), the
organisations of ``data/organisations.csv`` as news write them, the sentence templates of
``data/synth_templates.toml`` (invented for this purpose), a count and a seed.
Out: ``generate(n, out_dir, seed) -> SynthResult`` writes a folder laid out like ``tests/gold``,
so that ``geo evaluate --gold DIR`` scores the pipeline on it and ``geo build --corpus
DIR/articles`` reads it:

    DIR/articles/sNNNNN_<lang>.txt|.html   the article; Russian (~60 %), Kazakh in Cyrillic
                                           (~30 %) and in the Latin alphabet (~10 %)
    DIR/articles/sNNNNN_<lang>.meta.toml   language; published (or a dd.mm.yyyy dateline at
                                           the top instead); sometimes url, outlet, region
    DIR/expected_places.csv                every place each article names (first mention)
    DIR/expected_actions.csv               every action: type, organisations, places,
                                           beneficiaries, dates; the note names the template
    DIR/README.md                          what this is: synthetic, the seed, the counts

Articles have 1-3 actions and 1-4 places (settlements of every region, districts, regions,
roads "трасса X – Y", the whole country), dates from 2019 to 2025 written in words ("5 января
2022 года", "2022 жылғы 5 қаңтарда", "2022 jylǵy 5 qańtarda", "вчера") and organisations in
their written forms. Russian names are inflected where pymorphy3 knows them as place names
("в Караганде") and kept in the nominative after a kind word otherwise ("в селе Аксу");
Kazakh puts the name in the nominative before a kind word ("Ақсу ауылында") or, for cities,
adds the case ending ("Атырауда"). Kazakh Latin is the Kazakh text transliterated with the
acute-accent alphabet the rest of the project reads and calls the 2021 alphabet (geo.names,
tests/gold: á ǵ ı ń ó ú ý, sh, ch; not the ä ğ ñ ş of the version presented in 2021,
which geo.names does not read). Only names that lead back to their place in the gazetteer,
given their region, are used, and an article naming one that has namesakes elsewhere gets
its region in the sidecar (a regional outlet), so that a careful reader could place every
row of the truth.
Some articles are HTML pages with menus, "Читайте также" and scripts; ``bad`` adds empty and
binary files and re-encodes some Russian articles in cp1251. The same seed gives the same
corpus, and article i is the same whatever the count.
"""

from __future__ import annotations

import csv
import html
import json
import math
import random
import re
import string
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from geo.gazetteer import DATA_DIR, Place
from geo.names import key

TEMPLATES = DATA_DIR / "synth_templates.toml"
FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2025, 12, 31)
# Abay, Jetisu and Ulytau regions exist from this day; before it an article names no such region.
NEW_REGIONS_FROM = date(2022, 6, 8)
NEW_REGIONS = {"Abay Region", "Jetisu Region", "Ulytau Region"}
CITY_POPULATION = 20_000  # "город" / "қаласы" from here on
ROAD_TOWN_POPULATION = 8_000
MAX_PLACES = 4
PLACE_FIELDS = ["doc_id", "mention", "place", "kind", "admin1", "lat", "lon", "note"]
ACTION_FIELDS = [
    "doc_id",
    "action_type",
    "organisations",
    "places",
    "beneficiaries",
    "date_start",
    "date_end",
    "time_precision",
    "note",
]

# -- Kazakh in the Latin alphabet ------------------------------------------------------------

# The acute-accent alphabet as lat.egemen.kz writes it, which geo.names reads back
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
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _e(word: str) -> str:
    return word.lower().replace("ё", "е")


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
            if "Geox" in p.tag and "sing" in p.tag and _e(p.normal_form) == _e(name)
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
        back = [p for p in morph.parse(word) if "Geox" in p.tag and _e(p.normal_form) == _e(name)]
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


# -- the places the generator writes about ----------------------------------------------------


@dataclass(eq=False)
class SynthPlace:
    id: str
    kind: str  # settlement | district | region | country
    name_en: str
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    ru: str  # nominative
    kk: str
    ru_forms: dict[str, str] | None = None  # settlements pymorphy3 knows; districts, regions
    ru_kind: str = "village"  # city | village | settlement (поселок): the kind word
    kk_kind: str = "village"
    city: bool = False  # a big city: "г." and Kazakh case endings on the name itself
    demonym: str | None = None  # Russian, plural: "карагандинцы"
    abbreviation: str | None = None  # ВКО
    district: SynthPlace | None = None  # the district a village is the centre of
    languages: set[str] = field(default_factory=set)  # ru, kk, kk-latn: its names resolve
    ambiguous: set[str] = field(default_factory=set)  # ... but only given its region
    note: str = ""


@dataclass
class World:
    units: list[str]  # admin1 names (17 regions, 3 cities)
    settlements: dict[str, list[SynthPlace]]
    weights: dict[str, list[float]]
    districts: dict[str, list[SynthPlace]]
    regions: dict[str, SynthPlace]
    country: SynthPlace
    road_towns: list[SynthPlace]
    templates: dict
    renamed: dict[str, list[dict]]


@cache
def world() -> World:
    """The places, organisations and templates, loaded once (about a second)."""
    from geo.geocode import OfflineGeocoder

    templates = tomllib.loads(TEMPLATES.read_text(encoding="utf-8"))
    geocoder = OfflineGeocoder()
    gaz = geocoder.gazetteer
    overlay = _overlay_rows()
    units = sorted({p.admin1 for p in gaz.places.values() if p.kind == "region"} | _CITY_UNITS)

    def resolves(query: str, place: Place) -> tuple[bool, bool]:
        """Does ``query`` name ``place`` for a reader who knows its region (no namesake of
        the same kind in that region), and does it without that (no namesake anywhere)?"""
        found = geocoder.geocode(query, region=place.admin1)
        if found is None or found.raw["place_id"] != place.id:
            return False, False
        family = {"settlement", "city"} if place.kind in {"settlement", "city"} else {place.kind}
        others = [c for c in geocoder.candidates(query) if c.id != place.id and c.kind in family]
        if any(c.admin1 == place.admin1 for c in others):
            return False, False
        alone = geocoder.geocode(query)
        return True, alone is not None and alone.raw["place_id"] == place.id

    country_place = gaz.place("country:kazakhstan")
    country = SynthPlace(
        country_place.id, "country", "Kazakhstan", None, None, None, 0, "Казахстан", "Қазақстан"
    )
    regions: dict[str, SynthPlace] = {}
    for p in gaz.places.values():
        if p.kind != "region" or not p.name_ru or not p.name_kk:
            continue
        row = overlay.get(p.id, {})
        s = SynthPlace(
            p.id,
            "region",
            p.name,
            p.admin1,
            None,
            None,
            0,
            p.name_ru,
            p.name_kk,
            ru_forms=ru_unit_forms(p.name_ru),
            abbreviation=next(
                (a for a in row.get("aliases", "").split("|") if re.fullmatch(r"[А-Я]{3}", a)),
                None,
            ),
            note=f"synthetic; region {p.id.split(':', 1)[1]}",
        )
        _check_languages(s, p, resolves)
        regions[p.admin1] = s
    districts: dict[str, list[SynthPlace]] = {u: [] for u in units}
    by_centre: dict[str, SynthPlace] = {}
    for p in sorted(gaz.places.values(), key=lambda p: p.id):
        if p.kind != "district" or not (p.parent or "").startswith("region:") or not p.located:
            continue
        if not p.name_ru or not p.name_kk or p.admin1 not in districts:
            continue
        s = SynthPlace(
            p.id,
            "district",
            p.name,
            p.admin1,
            p.lat,
            p.lon,
            0,
            p.name_ru,
            p.name_kk,
            ru_forms=ru_unit_forms(p.name_ru),
            note=f"synthetic; centre GeoNames {p.centre.split(':')[1]}"
            if p.centre
            else "synthetic",
        )
        _check_languages(s, p, resolves)
        if s.languages:
            districts[p.admin1].append(s)
            if p.centre:
                by_centre[p.centre] = s
    settlements: dict[str, list[SynthPlace]] = {u: [] for u in units}
    for p in sorted(gaz.places.values(), key=lambda p: p.id):
        if p.kind not in {"settlement", "city"} or p.country != "KZ" or not p.located:
            continue
        if p.admin1 not in settlements or p.approximate or not p.id.startswith("geonames:"):
            continue
        if p.admin1 in _CITY_UNITS and p.name != p.admin1:
            continue  # suburbs and districts of Almaty, Astana, Shymkent are not towns here
        s = _settlement(p, overlay.get(p.id, {}), by_centre.get(p.id))
        if s is None:
            continue
        _check_languages(s, p, resolves)
        if s.languages:
            settlements[p.admin1].append(s)
    weights = {
        u: [(8.0 if s.city else 1.0) + math.log10(max(s.population, 10)) for s in places]
        for u, places in settlements.items()
    }
    road_towns = [
        s
        for places in settlements.values()
        for s in places
        if (s.city or s.population >= ROAD_TOWN_POPULATION) and "ru" in s.languages
    ]
    renamed: dict[str, list[dict]] = {}
    for r in templates.get("renamed", []):
        renamed.setdefault(r["place"], []).append(r)
    return World(
        units,
        settlements,
        weights,
        districts,
        regions,
        country,
        road_towns,
        templates,
        renamed,
    )


_CITY_UNITS = {"Almaty", "Astana", "Shymkent"}


def _overlay_rows() -> dict[str, dict]:
    """Overlay rows by the gazetteer id they describe (demonyms, abbreviations)."""
    rows = {}
    with (DATA_DIR / "places_overlay.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pid = (
                f"geonames:{row['geonameid']}" if row["geonameid"] else f"{row['kind']}:{row['id']}"
            )
            rows[pid] = row
    return rows


def _check_languages(s: SynthPlace, place: Place, resolves) -> None:
    """The languages whose names of the place lead back to it in the gazetteer, given its
    region: a name a careful reader could not place (a namesake in the same region) is left
    out, and only the nominative is checked (the inflected forms are the pipeline's test)."""
    checks = {"ru": s.ru, "kk": s.kk, "kk-latn": to_latin(s.kk)}
    for lang, name in checks.items():
        if lang == "ru" and not (s.kind == "settlement" or s.ru_forms):
            continue
        if lang == "kk-latn" and "kk" not in s.languages:
            continue
        ok, alone = resolves(name, place)
        if ok:
            s.languages.add(lang)
            if not alone:
                s.ambiguous.add(lang)


_RUSSIAN_LETTERS = re.compile(r"[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁа-яё][а-яё]+)*")
_KAZAKH_NAME = re.compile(
    r"[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+(?:[- ][А-ЯЁӘҒҚҢӨҰҮҺІа-яё][а-яёәғқңөұүһі]+)*"
)
_KIND_PREFIX = re.compile(r"(село|поселок|посёлок|аул|ауыл|разъезд|станция|совхоз)\b", re.I)
_FOLD_KAZAKH = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def _settlement(p: Place, overlay_row: dict, district: SynthPlace | None) -> SynthPlace | None:
    from geo.names import latin_key

    names = _alternate_names().get(p.id, [])
    target = latin_key(p.name)
    kazakh = [n for n in names if _KAZAKH_NAME.fullmatch(n) and re.search("[әғқңөұүһі]", n)]
    names = [n for n in names if not _KIND_PREFIX.match(n)]
    russian = [n for n in names if _RUSSIAN_LETTERS.fullmatch(n)]
    kk = overlay_row.get("name_kk") or _closest(kazakh, target)
    ru = overlay_row.get("name_ru") or _closest(russian, key(kk) if kk else target)
    if ru and kk and _similarity(key(ru), key(kk)) < 0.6 and _similarity(key(ru), target) < 0.6:
        ru = None  # an old Soviet name (Краснокутск for Ақтоғай): write the current one
    if ru is None and kk:
        ru = kk.translate(_FOLD_KAZAKH)
    if kk is None:
        kk = ru
    if not ru or not kk or not _RUSSIAN_LETTERS.fullmatch(ru):
        return None
    city = p.kind == "city"
    population = p.population or 0
    if city or population >= CITY_POPULATION:
        ru_kind, kk_kind = "city", "city"
    elif re.search(r"(ка|ое|ово|ево|ино|ское)$", ru) or (int(p.id.split(":")[1]) % 3):
        ru_kind, kk_kind = "village", "village"
    else:
        ru_kind, kk_kind = "settlement", "settlement"
    demonym = (overlay_row.get("demonym_ru") or "").split("|")[0] or None
    return SynthPlace(
        p.id,
        "settlement",
        p.name,
        p.admin1,
        p.lat,
        p.lon,
        population,
        ru,
        kk,
        ru_forms=ru_forms(ru),
        ru_kind=ru_kind,
        kk_kind=kk_kind,
        city=city,
        demonym=demonym,
        district=district,
        note=f"synthetic; GeoNames {p.id.split(':', 1)[1]}",
    )


@cache
def _alternate_names() -> dict[str, list[str]]:
    from geo.gazetteer import _geonames_rows

    return {
        f"geonames:{r['geonameid']}": list(r.get("alternatenames", [])) for r in _geonames_rows()
    }


def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio()


def _closest(names: list[str], target: str) -> str | None:
    """The name closest to ``target`` (a key), ties to the first."""
    if not names:
        return None
    return max(names, key=lambda n: _similarity(key(n), target))


# -- one article -------------------------------------------------------------------------------


@dataclass
class Mention:
    place: SynthPlace | None  # None for a road
    text: str
    road: tuple[SynthPlace, SynthPlace] | None = None


@dataclass
class Act:
    type: str
    places: list[SynthPlace] = field(default_factory=list)
    containers: dict[str, SynthPlace] = field(default_factory=dict)  # place id -> container
    road: tuple[SynthPlace, SynthPlace] | None = None
    nationwide: bool = False
    regionwide: bool = False
    origin: SynthPlace | None = None
    # filled while writing
    place_keys: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    period: tuple[date, date, str] | None = None
    date_note: str = ""
    ben_key: str | None = None  # the kind of people helped, once chosen
    template: str = ""  # which sentence of data/synth_templates.toml told it
    campaign: str = ""  # the name of the campaign, if the text gives one


@dataclass
class Doc:
    doc_id: str
    lang: str  # ru | kk | kk-latn
    admin1: str
    published: date | None  # None: the article does not say when it was published
    day: date  # when it was written (dates, seasons and names follow it)
    date_mode: str  # meta | dateline | none
    html: bool
    meta_region: bool
    url: str | None
    outlet: str | None
    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    mentions: dict[str, Mention] = field(default_factory=dict)  # place key -> first mention
    actions: list[Act] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # "Читайте также" headlines (HTML)


def _place_key(place: SynthPlace | None, road=None) -> str:
    if road is not None:
        return f"road:{road[0].id}>{road[1].id}"
    return place.id


class Writer:
    """Writes one article in one language (Kazakh Latin is written in Cyrillic and
    transliterated at the end), keeping the first mention of every place."""

    def __init__(self, doc: Doc, rng: random.Random, w: World):
        self.doc, self.rng, self.w = doc, rng, w
        self.script = "ru" if doc.lang == "ru" else "kk"
        self.t = w.templates[self.script]
        self.pending: list[Mention] = []
        self.recording = True

    # -- names on the day ----------------------------------------------------------------

    def _names(self, p: SynthPlace) -> tuple[str, dict | None, str]:
        day = self.doc.day
        for r in self.w.renamed.get(p.id, []):
            if date.fromisoformat(r["from"]) <= day <= date.fromisoformat(r["to"]):
                return r["ru"], r["ru_forms"], r["kk"]
        return p.ru, p.ru_forms, p.kk

    # -- Russian phrases -----------------------------------------------------------------

    def _ru_settlement(self, p: SynthPlace, case: str) -> tuple[str, str]:
        """(phrase with preposition for loct/accs/from, mention)."""
        rng = self.rng
        name, forms, _ = self._names(p)
        kinds = self.t["kinds"]
        kind_forms = kinds[p.ru_kind]
        index = {"nomn": 0, "loct": 1, "gent": 2, "datv": 3, "accs": 4}
        kase = "gent" if case == "from" else case
        common = _common_word(name)
        roll = rng.random()
        if forms and not common and roll < 0.7:
            mention = forms[kase]
            phrase = mention
        elif forms and p.ru_kind == "city" and roll < 0.85:
            abbr = kinds["city_abbr"]
            mention = f"{abbr} {forms[kase]}"
            phrase = mention
        elif roll < 0.92 and not common:
            abbr = kinds[f"{p.ru_kind}_abbr"]
            mention = f"{abbr} {name}"
            phrase = mention
        else:
            mention = forms[kase] if forms and p.ru_kind == "city" else name
            phrase = f"{kind_forms[index[kase]]} {mention}"
        return _ru_preposition(case, phrase), mention

    def _ru_unit(self, p: SynthPlace, case: str) -> tuple[str, str]:
        kase = "gent" if case == "from" else case
        if p.kind == "region" and p.abbreviation and self.rng.random() < 0.3:
            mention = p.abbreviation
        else:
            mention = p.ru_forms[kase]
        return _ru_preposition(case, mention), mention

    def ru_place(self, p: SynthPlace, case: str, container: SynthPlace | None = None) -> str:
        if p.kind == "settlement":
            phrase, mention = self._ru_settlement(p, case)
        else:
            phrase, mention = self._ru_unit(p, case)
        self.pending.append(Mention(p, mention))
        if container is not None:
            _, contained = self._ru_unit(container, "gent")
            self.pending.append(Mention(container, contained))
            phrase = f"{phrase} {contained}"
        return phrase

    # -- Kazakh phrases ------------------------------------------------------------------

    def kk_place(self, p: SynthPlace, case: str, container: SynthPlace | None = None) -> str:
        _, _, name = self._names(p)
        kinds = self.t["kinds"]
        if p.kind == "settlement" and p.city and self.rng.random() < 0.45 and case != "nom":
            phrase = kk_case(name, case) if " " not in name else None
        else:
            phrase = None
        if phrase is None:
            if p.kind == "settlement":
                phrase = f"{name} {kk_possessive_case(kinds[p.kk_kind], case)}"
            else:
                words = name.split()
                last = words[-1]
                if last.endswith(("ы", "і")):
                    words[-1] = kk_possessive_case(last, case)
                else:
                    words[-1] = kk_case(last, case) if case != "nom" else last
                phrase = " ".join(words)
        prefix = ""
        if container is not None:
            kind = "nom" if container.kind == "district" else "gen"
            prefix = self.kk_place(container, kind) + " "
        self.pending.append(Mention(p, phrase))
        return prefix + phrase

    def place(self, p: SynthPlace, case: str, container: SynthPlace | None = None) -> str:
        """``case``: loct (where), gent, accs (to), from; Kazakh: loc, gen, dat, abl."""
        if self.script == "ru":
            return self.ru_place(p, case, container)
        kk = {"loct": "loc", "gent": "gen", "accs": "dat", "from": "abl"}[case]
        return self.kk_place(p, kk, container)

    def where(self, act: Act, case: str = "loct") -> str:
        if act.nationwide:
            phrase = self.t["nationwide"]
            self.pending.append(Mention(self.w.country, phrase))
            return phrase
        phrases = []
        for p in act.places:
            container = act.containers.get(p.id)
            if p.kind == "region" and act.regionwide and case == "loct":
                phrases.append(self._regionwide(p))
            elif p.kind == "district" and case == "loct" and self.rng.random() < 0.3:
                phrases.append(self._district_villages(p))
            else:
                phrases.append(self.place(p, case, container))
        joiner = " и " if self.script == "ru" else " және "
        return joiner.join(phrases)

    def _regionwide(self, p: SynthPlace) -> str:
        if self.script == "ru":
            if p.abbreviation and self.rng.random() < 0.3:
                mention = p.abbreviation
                phrase = f"во всех районах {mention}"
            else:
                mention = p.ru_forms["datv"]
                phrase = f"по всей {mention}"
            self.pending.append(Mention(p, mention))
            return phrase
        phrase = self.kk_place(p, "gen")
        return f"{phrase} барлық аудандарында"

    def _district_villages(self, p: SynthPlace) -> str:
        if self.script == "ru":
            mention = p.ru_forms["gent"]
            self.pending.append(Mention(p, mention))
            return f"в населенных пунктах {mention}"
        return f"{self.kk_place(p, 'gen')} елді мекендерінде"

    def road(self, act: Act) -> str:
        a, b = act.road
        na, _, ka = self._names(a)
        nb, _, kb = self._names(b)
        if self.script == "ru":
            mention = f"трассе {na} – {nb}"
            phrase = f"на {mention}"
        else:
            mention = f"{ka} – {kb} тас жолында"
            phrase = mention
        self.pending.append(Mention(None, mention, road=(a, b)))
        return phrase

    # -- sentences -----------------------------------------------------------------------

    def sentence(self, template: str, slots: dict, connector: str = "") -> str:
        """Fill ``template``'s slots in the order they appear, tidy spaces, capitalise."""
        out = [connector]
        for literal, name, _, _ in string.Formatter().parse(template):
            out.append(literal)
            if name is not None:
                value = slots[name]
                out.append(value() if callable(value) else value)
        text = re.sub(r"\s+", " ", "".join(out)).strip()
        text = re.sub(r"\s+([,.:;])", r"\1", text)
        text = re.sub(r"^[,:;]\s*", "", text)
        first = next((i for i, ch in enumerate(text) if ch.isalnum()), None)
        if first is not None and text[first].islower():
            text = text[:first] + text[first].upper() + text[first + 1 :]
        self._commit(text)
        return text

    def _commit(self, text: str) -> None:
        found = []
        for m in self.pending:
            at = text.find(m.text)
            if at < 0 and m.text[:1].islower():
                m.text = m.text[0].upper() + m.text[1:]
                at = text.find(m.text)
            found.append((at, m))
        self.pending = []
        if not self.recording:
            return
        for _, m in sorted(found, key=lambda f: f[0]):
            k = _place_key(m.place, m.road)
            self.doc.mentions.setdefault(k, m)


def _ru_preposition(case: str, phrase: str) -> str:
    if case in {"loct", "accs"}:
        word = "во" if re.match(r"[ВвФф][^аеёиоуыэюяАЕЁИОУЫЭЮЯ]", phrase) else "в"
        return f"{word} {phrase}"
    if case == "from":
        word = "изо" if re.match(r"[Вв]с", phrase) else "из"
        return f"{word} {phrase}"
    return phrase


@cache
def _common_word(name: str) -> bool:
    from geo.names import is_common_russian_word

    return is_common_russian_word(name)


# -- planning ------------------------------------------------------------------------------------


def _weighted(rng: random.Random, table: dict) -> str:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def _plan(index: int, seed: int, w: World) -> tuple[Doc, random.Random]:
    rng = random.Random(f"synth:{seed}:{index}")
    weights = w.templates["weights"]
    lang = _weighted(rng, weights["languages"])
    units = [u for u in w.units if any(lang in s.languages for s in w.settlements[u])]
    admin1 = rng.choice(units)
    # Published from mid-January 2019, so that actions a week or two earlier stay in 2019.
    first = FIRST_DAY + timedelta(days=14)
    published = first + timedelta(days=rng.randrange((LAST_DAY - first).days + 1))
    roll = rng.random()
    date_mode = "meta" if roll < 0.8 else "dateline" if roll < 0.92 else "none"
    doc = Doc(
        doc_id=f"s{index:05d}_{lang}",
        lang=lang,
        admin1=admin1,
        published=published if date_mode != "none" else None,
        day=published,
        date_mode=date_mode,
        html=rng.random() < 0.15,
        meta_region=rng.random() < 0.35,
        url=f"https://example.kz/news/{index}" if rng.random() < 0.6 else None,
        outlet=rng.choice(w.templates["names"]["outlets"]) if rng.random() < 0.4 else None,
    )
    n_actions = rng.choices([1, 2, 3], weights=weights["actions_per_article"])[0]
    nationwide = rng.random() < 0.04
    used: set[str] = set()
    day = published
    for k in range(n_actions):
        kind = _weighted(rng, weights["action_types"])
        act = Act(kind)
        if nationwide and k == 0:
            act.type = rng.choice(["humanitarian_aid", "blood_donation", "community_work"])
            act.nationwide = True
            used.add(w.country.id)
        else:
            _choose_places(act, doc, rng, w, used, day, strict=nationwide)
        done = {(a.type, p.id) for a in doc.actions for p in a.places}
        if any((act.type, p.id) in done for p in act.places):
            # A second action of the same kind in the same town would be the same action
            # told twice: make it another kind.
            others = [
                t for t in weights["action_types"] if all((t, p.id) not in done for p in act.places)
            ]
            act.type = rng.choice(others)
        doc.actions.append(act)
        if len(used) >= MAX_PLACES:
            break
    if not nationwide and not doc.meta_region and _needs_region(doc):
        doc.meta_region = True  # a regional outlet: what tells the reader which Аксу
    return doc, rng


def _needs_region(doc: Doc) -> bool:
    """Does the article name a place that only its region tells apart from a namesake,
    and not the region itself?"""
    places = [
        p
        for act in doc.actions
        for p in [*act.places, *act.containers.values(), act.origin, *(act.road or ())]
        if p is not None
    ]
    if any(p.kind == "region" for p in places):
        return False
    return any(doc.lang in p.ambiguous for p in places)


def _pick(
    rng, w: World, unit: str, lang: str, used: set[str], strict: bool = False
) -> SynthPlace | None:
    """A town of ``unit`` not used yet, big ones more often; ``strict``: one whose name has
    no namesake elsewhere (for articles that name no region)."""
    places, weights = w.settlements[unit], w.weights[unit]
    pairs = [(p, x) for p, x in zip(places, weights, strict=True) if lang in p.languages]
    pairs = [(p, x) for p, x in pairs if p.id not in used]
    if strict:
        pairs = [(p, x) for p, x in pairs if lang not in p.ambiguous]
    if not pairs:
        return None
    return rng.choices([p for p, _ in pairs], weights=[x for _, x in pairs])[0]


def _choose_places(
    act: Act, doc: Doc, rng, w: World, used: set[str], day: date, strict: bool = False
) -> None:
    lang, unit = doc.lang, doc.admin1
    room = MAX_PLACES - len(used)
    region = w.regions.get(unit)
    region_ok = (
        region is not None
        and lang in region.languages
        and not (unit in NEW_REGIONS and day < NEW_REGIONS_FROM)
    )
    districts = [d for d in w.districts[unit] if lang in d.languages and d.id not in used]
    if strict:
        districts = [d for d in districts if lang not in d.ambiguous]
    roll = rng.random()
    road_types = {"food_for_duty": 0.3, "patrol": 0.3, "humanitarian_aid": 0.08}
    script = "ru" if lang == "ru" else "kk"
    has_road = "road" in w.templates[script][act.type]
    if room >= 2 and rng.random() < road_types.get(act.type, 0) and has_road:
        town = _pick(rng, w, unit, lang, used, strict)
        partner = _road_partner(town, w, lang, rng) if town else None
        if town is not None and partner is not None and town.id not in used:
            act.road = (town, partner)
            act.origin = town
            used.update({town.id, f"road:{town.id}>{partner.id}"})
            return
    if roll < 0.12 and region_ok and region.id not in used:
        act.places = [region]
        act.regionwide = rng.random() < 0.5
        used.add(region.id)
        return
    if roll < 0.27 and districts:
        d = rng.choice(districts)
        act.places = [d]
        used.add(d.id)
        return
    count = 2 if room >= 2 and rng.random() < 0.2 else 1
    for _ in range(count):
        p = _pick(rng, w, unit, lang, used, strict)
        if p is None:
            break
        act.places.append(p)
        used.add(p.id)
    if not act.places:  # the unit's towns are used up (Almaty): one of them again
        again = [p for p in w.settlements[unit] if lang in p.languages]
        act.places = [rng.choice(again)]
        return
    room = MAX_PLACES - len(used)
    p = act.places[0]
    if room >= 1 and len(act.places) == 1:
        district = p.district
        fits = district and lang in district.languages and district.id not in used
        if fits and rng.random() < 0.35:
            act.containers[p.id] = district
            used.add(district.id)
            room -= 1
        fits = p.id not in act.containers and region_ok and region.id not in used
        if fits and rng.random() < 0.2:
            act.containers[p.id] = region
            used.add(region.id)
            room -= 1
    if room >= 1 and rng.random() < 0.15:
        origin = _pick(rng, w, unit, lang, used, strict)
        if origin is not None and (origin.city or origin.population >= ROAD_TOWN_POPULATION):
            act.origin = origin
            used.add(origin.id)


def _road_partner(town: SynthPlace, w: World, lang: str, rng) -> SynthPlace | None:
    """A town the road from ``town`` plausibly leads to: one of the three nearest towns
    20-300 km away."""
    if not (town.city or town.population >= ROAD_TOWN_POPULATION) or " " in town.ru + town.kk:
        return None
    near = []
    for other in w.road_towns:
        if other is town or lang not in other.languages or lang in other.ambiguous:
            continue
        if " " in other.ru + other.kk:
            continue
        km = _km(town, other)
        if 20 <= km <= 300:
            near.append((km, other.id, other))
    near.sort(key=lambda x: (x[0], x[1]))
    return rng.choice(near[:3])[2] if near else None


def _km(a: SynthPlace, b: SynthPlace) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


# -- writing ------------------------------------------------------------------------------------


def _write_article(doc: Doc, rng, w: World) -> None:
    writer = Writer(doc, rng, w)
    t = writer.t
    acts = doc.actions
    first = acts[0]
    slots_first = _slots(writer, first, doc, rng, w, headline=True)
    if rng.random() < 0.8:
        template = rng.choice(_in_season(t[first.type]["headline"], doc.day))
        doc.headline = writer.sentence(template, slots_first).rstrip(".")
    else:
        doc.headline = writer.sentence(_generic_headline(writer, rng), {}).rstrip(".")
    quote_after = 0 if rng.random() < 0.6 else None
    for k, act in enumerate(acts):
        slots = _slots(writer, act, doc, rng, w)
        spec = t[act.type]
        bodies = spec.get("road") if act.road else spec["body"]
        if act.nationwide:  # "по всей стране" goes only where a place phrase goes
            bodies = [b for b in spec["body"] if "{where}" in b and "{river}" not in b]
        template = rng.choice(_in_season(bodies or spec["body"], doc.day))
        section = "road" if template in spec.get("road", []) else "body"
        act.template = f"{writer.script}.{act.type}.{section}[{spec[section].index(template)}]"
        connector = rng.choice(t["new_action"]) if k and rng.random() < 0.6 else ""
        sentences = [writer.sentence(template, slots, connector)]
        if "{actor}" not in template and rng.random() < 0.6:
            sentences.append(_organisers(writer, act, slots))
        details = [
            d if isinstance(d, str) else d["text"]
            for d in spec["details"]
            if isinstance(d, str) or re.search(d["needs"], template)
        ]
        if details and rng.random() < 0.4:
            sentences.append(writer.sentence(rng.choice(details), {}))
        _finish_action(writer, act, slots)
        doc.paragraphs.append(" ".join(sentences))
        if quote_after == k:
            doc.paragraphs.append(_quote(writer, rng, w))
    if rng.random() < 0.5:
        n = rng.choice([20, 30, 40, 50, 60, 100, 150])
        text = rng.choice(t["closings"])
        closing = writer.sentence(text, {"n": str(n), "n_abl": kk_number_ablative(n)})
        doc.paragraphs.append(closing)
    if doc.html:
        writer.recording = False
        for _ in range(rng.randint(2, 3)):
            doc.related.append(_related_headline(doc, rng, w))


_WINTER = re.compile(r"снег|уголь|дров|зим|қар|көмір|отын")
_WARM = re.compile(r"саженц|субботник|побелили|берег|көшет|сенбілік|жағасын|флешмоб")


def _in_season(templates: list[str], day: date | None) -> list[str]:
    """Snow and coal in winter, planting and clean-ups out of it."""
    if day is None:
        return templates
    winter = day.month in {11, 12, 1, 2, 3}
    kept = [
        t
        for t in templates
        if not (_WINTER.search(t) and not winter)
        and not (_WARM.search(t) and day.month in {12, 1, 2})
    ]
    return kept or templates


def _generic_headline(writer: Writer, rng) -> str:
    if writer.script == "ru":
        return rng.choice(
            ["Волонтеры продолжают помогать", "Добрые дела волонтеров", "Акция добра"]
        )
    return rng.choice(["Еріктілер көмектесуді жалғастыруда", "Игі істер", "Ізгілік акциясы"])


def _related_headline(doc: Doc, rng, w: World) -> str:
    """A headline of another article for the page's "Читайте также": other places, not this
    article's truth (the page reader must cut it)."""
    other = Doc(
        doc.doc_id,
        doc.lang,
        rng.choice(w.units),
        doc.published,
        doc.day,
        "meta",
        False,
        False,
        None,
        None,
    )
    used: set[str] = set()
    act = Act(_weighted(rng, w.templates["weights"]["action_types"]))
    _choose_places(act, other, rng, w, used, doc.day)
    if not act.places and not act.nationwide:
        act.nationwide = True
    writer = Writer(other, rng, w)
    writer.recording = False
    slots = _slots(writer, act, other, rng, w, headline=True)
    template = rng.choice(writer.t[act.type]["headline"])
    return writer.sentence(template, slots).rstrip(".")


def _slots(writer: Writer, act: Act, doc: Doc, rng, w: World, headline: bool = False) -> dict:
    """The values of a template's slots for ``act``; places, organisations, beneficiaries and
    dates are chosen when the slot is written, and recorded in the action's truth."""
    t, script = writer.t, writer.script
    names = w.templates["names"]
    act.campaign = act.campaign or rng.choice(names["campaigns"])

    def ben(form: str):
        def value():
            if act.ben_key is None:
                options = w.templates["beneficiaries_by_type"].get(act.type) or ["needy"]
                if act.road and act.type == "humanitarian_aid":
                    options = ["drivers_and_travellers"]
                act.ben_key = rng.choice(options)
            k = act.ben_key
            if k not in act.beneficiaries:
                act.beneficiaries.append(k)
            return rng.choice(t["beneficiaries"][k][form])

        return value

    def ben_n():
        n = rng.choice([12, 15, 20, 25, 30, 40, 45, 50, 60, 75, 80, 100, 120, 150, 200, 300])
        return f"{n} {ben('dat_n')()}"

    def where():
        if act.road:
            return writer.road(act)
        return writer.where(act, "loct")

    def where_gen():
        if act.nationwide or act.road:
            return where()
        return (" и " if script == "ru" else " және ").join(
            writer.place(p, "gent", act.containers.get(p.id)) for p in act.places
        )

    def to():
        if act.nationwide or act.road:
            return where()
        return (" и " if script == "ru" else " және ").join(
            writer.place(p, "accs", act.containers.get(p.id)) for p in act.places
        )

    def origin():
        if act.origin is None:
            return ""
        return writer.place(act.origin, "from")

    def actor():
        org = _organisation(act, doc, rng, w, "actor")
        suffix = ""
        if act.origin is not None and not act.road:
            suffix = origin()
        if org is None:
            base = rng.choice(t["actors_plain"])
            town = act.places[0] if len(act.places) == 1 else None
            if script == "ru" and not suffix and town and town.demonym and rng.random() < 0.3:
                # "неравнодушные карагандинцы": the people of the town name it
                writer.pending.append(Mention(town, town.demonym))
                return f"неравнодушные {town.demonym}"
            if script == "kk" and suffix:
                return f"{suffix} келген {base}"
            return f"{base} {suffix}".strip()
        role = rng.choice(t["actor_roles"])
        if script == "ru":
            return f"{role} {org[1]} {suffix}".strip()
        before = f"{suffix} келген " if suffix else ""
        return f"{before}{org[1]} {role}"

    def partner():
        if rng.random() > 0.25:
            return ""
        org = _organisation(act, doc, rng, w, "partner")
        if org is None:
            return ""
        if script == "ru":
            return f" совместно с {org[2]}"
        return f"{org[2]} бірлесіп "

    def sponsor():
        if rng.random() > 0.3:
            return ""
        org = _organisation(act, doc, rng, w, "sponsor")
        if org is None:
            return ""
        if script == "ru":
            return f"при поддержке {org[1]} "
        return f"{org[1]} қолдауымен "

    def sponsor_gen():
        org = _organisation(act, doc, rng, w, "sponsor", required=True)
        return org[1]

    def when():
        return _when(writer, act, doc, rng) if not headline else ""

    n = rng.choice([15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300, 500])
    return {
        "when": when,
        "where": where,
        "where_gen": where_gen,
        "to": to,
        "road": lambda: writer.road(act),
        "from": origin,
        "actor": actor,
        "partner": partner,
        "sponsor": sponsor,
        "sponsor_gen": sponsor_gen,
        "ben": ben("dat"),
        "ben_gen": ben("gen"),
        "ben_n": ben_n,
        "n": str(n),
        "n_abl": kk_number_ablative(n),
        "money": rng.choice(["150 000", "320 000", "480 000", "1 200 000", "2 500 000", "750 000"]),
        "tons": rng.choice(["более 2 тонн", "около 800 килограммов", "1,5 тонны", "5 тонн"]),
        "river": (names["rivers_ru"] if script == "ru" else names["rivers_kk"]).get(
            doc.admin1, "Ишим" if script == "ru" else "Есіл"
        ),
        "campaign": act.campaign,
    }


def _organisation(act: Act, doc: Doc, rng, w: World, role: str, required: bool = False):
    """An organisation for ``role`` (actor, partner, sponsor) as (truth, genitive/nominative
    forms...); it is recorded in the action's truth. Returns (truth, gen, ins) in Russian,
    (truth, gen, ins) in Kazakh, or None (plain volunteers)."""
    script = "ru" if doc.lang == "ru" else "kk"
    roll = rng.random()
    if role == "actor" and roll < 0.3 and not required:
        return None
    day = doc.day
    table = [
        spec
        for spec in w.templates["orgs"].values()
        if role in spec["roles"]
        and script in spec
        and (not spec.get("regions") or doc.admin1 in spec["regions"])
        and (not spec.get("types") or act.type in spec["types"])
        and (not spec.get("from") or date.fromisoformat(spec["from"]) <= day)
        and (not spec.get("to") or day <= date.fromisoformat(spec["to"]))
    ]
    table = [spec for spec in table if _org_names()[spec["id"]] not in act.organisations]
    bodies = [
        b
        for b in w.templates["bodies"]
        if (not b.get("types") or act.type in b["types"])
        and b[f"truth_{script}"] not in act.organisations
    ]
    choice = rng.random()
    if table and (choice < 0.35 or role == "sponsor" and choice < 0.7):
        spec = rng.choice(table)
        _, gen, ins = rng.choice(spec[script])
        out = (_org_names()[spec["id"]], gen, ins)
    elif choice < 0.85 or role == "sponsor" or not bodies:
        unused = [x for x in w.templates["names"]["unlisted_orgs"] if x not in act.organisations]
        name = rng.choice(unused)
        _, gen, ins = (f.format(x=name) for f in rng.choice(w.templates["unlisted_kinds"][script]))
        out = (name, gen, ins)
    else:
        body = rng.choice(bodies)
        out = (body[f"truth_{script}"], body[script][1], body[script][2])
    if out[0] not in act.organisations:
        act.organisations.append(out[0])
    return out


@cache
def _org_names() -> dict[str, str]:
    from geo.taxonomy import organisations

    return {k: v.name for k, v in organisations().items()}


def _when(writer: Writer, act: Act, doc: Doc, rng) -> str:
    """The action's date in words, or "" (then the truth is the publication day)."""
    t = writer.t
    pub = doc.published
    roll = rng.random()
    if pub is not None and roll < 0.28:
        act.period, act.date_note = (pub, pub, "day"), "date from publication"
        return ""
    if pub is None and roll < 0.15:
        act.date_note = "no date"
        return ""
    if pub is not None and roll < 0.36:
        choice = rng.random()
        if choice < 0.5:
            d = pub - timedelta(days=1)
            act.period, act.date_note = (d, d, "day"), "relative: yesterday"
            return t["yesterday"]
        if choice < 0.75:
            saturday = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
            act.period = (saturday, saturday + timedelta(days=1), "week")
            act.date_note = "relative: last weekend"
            return t["last_weekend"]
        monday = pub - timedelta(days=pub.weekday() + 7)
        act.period = (monday, monday + timedelta(days=6), "week")
        act.date_note = "relative: last week"
        return t["last_week"]
    base = doc.day
    if roll < 0.44:  # a range within one month
        end = base - timedelta(days=rng.randint(0, 3))
        start = end - timedelta(days=rng.randint(1, 5))
        if start.month == end.month:
            act.period, act.date_note = (start, end, "day"), "range in the text"
            year = pub is None or rng.random() < 0.5
            if writer.script == "ru":
                tail = f" {end.year} года" if year else ""
                return f"с {start.day} по {end.day} {t['months'][end.month - 1]}{tail}"
            head = f"{end.year} жылғы " if year else ""
            return f"{head}{start.day}–{end.day} {t['months'][end.month - 1]} аралығында"
    if roll < 0.49 and (pub is None or pub.day > 20):  # a month
        first = base.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        act.period, act.date_note = (first, last, "month"), "month in the text"
        if writer.script == "ru":
            return f"в {t['months_loct'][base.month - 1]} {base.year} года"
        return f"{base.year} жылдың {t['months_in'][base.month - 1]}"
    d = base - timedelta(days=rng.randint(0, 6))
    act.period, act.date_note = (d, d, "day"), "day in the text"
    year = pub is None or d.year != pub.year or rng.random() < 0.6
    if writer.script == "ru":
        tail = f" {d.year} года" if year else ""
        return f"{d.day} {t['months'][d.month - 1]}{tail}"
    month = kk_case(t["months"][d.month - 1], "loc")
    return f"{d.year} жылғы {d.day} {month}" if year else f"{d.day} {month}"


def _organisers(writer: Writer, act: Act, slots: dict) -> str:
    org = _organisation(act, writer.doc, writer.rng, writer.w, "actor", required=True)
    role = writer.rng.choice(writer.t["actor_roles"])
    if writer.script == "ru":
        return writer.sentence(f"Акцию организовали {role} {org[1]}.", {})
    return writer.sentence(f"Акцияны {org[1]} {role} ұйымдастырды.", {})


def _finish_action(writer: Writer, act: Act, slots: dict) -> None:
    keys = []
    if act.nationwide:
        keys.append(writer.w.country.id)
    if act.road:
        keys.append(_place_key(None, act.road))
    keys += [p.id for p in act.places]
    act.place_keys = [k for k in keys if k in writer.doc.mentions]
    if act.period is None and writer.doc.published is not None and act.date_note != "no date":
        pub = writer.doc.published
        act.period, act.date_note = (pub, pub, "day"), "date from publication"


def _quote(writer: Writer, rng, w: World) -> str:
    t, names = writer.t, w.templates["names"]
    female = rng.random() < 0.5
    first = rng.choice(names["first_names_f"] if female else names["first_names_m"])
    surname = rng.choice(names["surnames"]) + ("а" if female else "")
    said = rng.choice(t["said"] if female else t["said_m"])
    role = rng.choice(t["speaker_roles"] if female else t["speaker_roles_m"])
    quote = rng.choice(t["quotes"])
    if writer.script == "ru":
        return f"«{quote}», – {said} {role} {first} {surname}."
    return f"«{quote}», – {said} {role} {first} {surname}."


# -- files -------------------------------------------------------------------------------------


def _text(doc: Doc) -> str:
    body = "\n\n".join(doc.paragraphs)
    text = f"{doc.headline}\n\n{body}\n"
    if doc.date_mode == "dateline" and not doc.html:
        text = f"{doc.published:%d.%m.%Y}\n\n{text}"
    return to_latin(text) if doc.lang == "kk-latn" else text


def _html(doc: Doc, rng, w: World) -> str:
    chrome = w.templates["html"]
    latin = doc.lang == "kk-latn"
    script = "ru" if doc.lang == "ru" else "kk"
    menu = chrome["menu_latn"] if latin else chrome[f"menu_{script}"]
    also = chrome["read_also_latn"] if latin else chrome[f"read_also_{script}"]

    def esc(s: str) -> str:
        s = to_latin(s) if latin else s
        return html.escape(s, quote=False)

    items = "".join(f'<li><a href="/{i}">{html.escape(m)}</a></li>' for i, m in enumerate(menu))
    langs = "".join(f"<li>{x}</li>" for x in ("RU", "KZ", "EN"))
    dateline = ""
    if doc.date_mode == "dateline":
        views = rng.randint(100, 5000)
        dateline = f'<div class="meta">{doc.published:%d.%m.%Y} <span>{views}</span></div>'
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in doc.paragraphs)
    related = "".join(
        f'<li><a href="/news/{k}">{esc(h)}</a></li>' for k, h in enumerate(doc.related)
    )
    year = doc.day.year
    tracker = json.dumps(
        {"page": "news", "city": "Алматы", "region": "Karaganda"}, ensure_ascii=False
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{doc.lang}"><head><meta charset="utf-8">'
        f"<title>Example.kz</title>"
        f"<script>window.dataLayer = [{tracker}];</script>"
        "<style>.menu{display:flex} p{margin:0 0 1em}</style></head>\n"
        f'<body><header><nav class="menu"><ul>{items}</ul></nav><ul class="lang">{langs}</ul>'
        f"</header>\n{dateline}\n<article><h1>{esc(doc.headline)}</h1>\n{paragraphs}</article>\n"
        f"<aside><h3>{html.escape(also)}</h3><ul>{related}</ul></aside>\n"
        f"<footer>{html.escape(chrome['footer'].format(year=year))}</footer>"
        '<script>document.querySelectorAll("a").forEach(a => a.rel = "noopener");</script>'
        "</body></html>\n"
    )


def _meta(doc: Doc) -> str:
    lines = [f"language = {json.dumps(doc.lang)}"]
    if doc.date_mode == "meta":
        lines.append(f'published = "{doc.published.isoformat()}"')
    if doc.url:
        lines.append(f"url = {json.dumps(doc.url)}")
    if doc.outlet:
        lines.append(f"outlet = {json.dumps(doc.outlet, ensure_ascii=False)}")
    if doc.meta_region and not any(a.nationwide for a in doc.actions):
        lines.append(f"region = {json.dumps(doc.admin1)}")
    return "\n".join(lines) + "\n"


def _place_rows(doc: Doc) -> list[dict]:
    rows = []
    latin = doc.lang == "kk-latn"
    for m in doc.mentions.values():
        mention = to_latin(m.text) if latin else m.text
        if m.road is not None:
            a, b = m.road
            rows.append(
                {
                    "doc_id": doc.doc_id,
                    "mention": mention,
                    "place": f"{a.name_en} – {b.name_en} road near {a.name_en}",
                    "kind": "road",
                    "admin1": a.admin1,
                    "lat": f"{a.lat:.5f}",
                    "lon": f"{a.lon:.5f}",
                    "note": f"synthetic; road out of {a.name_en}, placed at it ({a.note[11:]})",
                }
            )
            continue
        p = m.place
        point = p.kind in {"settlement", "district"}
        rows.append(
            {
                "doc_id": doc.doc_id,
                "mention": mention,
                "place": p.name_en,
                "kind": p.kind,
                "admin1": p.admin1 or "",
                "lat": f"{p.lat:.5f}" if point else "",
                "lon": f"{p.lon:.5f}" if point else "",
                "note": p.note or "synthetic",
            }
        )
    return rows


def _action_rows(doc: Doc) -> list[dict]:
    rows = []
    latin = doc.lang == "kk-latn"
    for act in doc.actions:
        places = []
        for k in act.place_keys:
            if k == "country:kazakhstan":
                places.append("Kazakhstan")
            else:
                text = doc.mentions[k].text
                places.append(to_latin(text) if latin else text)
        orgs = [to_latin(o) if latin else o for o in act.organisations]
        start, end, precision = act.period if act.period else ("", "", "")
        rows.append(
            {
                "doc_id": doc.doc_id,
                "action_type": act.type,
                "organisations": "; ".join(orgs),
                "places": "; ".join(places),
                "beneficiaries": "; ".join(act.beneficiaries),
                "date_start": str(start),
                "date_end": str(end),
                "time_precision": precision,
                "note": f"synthetic; {act.date_note}; template {act.template}",
            }
        )
    return rows


@dataclass
class SynthResult:
    out: Path
    articles: int
    languages: Counter
    html: int
    places: int
    actions: int
    bad_files: list[str]
    cp1251: int
    seconds: float

    def summary(self) -> str:
        shares = ", ".join(
            f"{k} {v / max(self.articles, 1):.0%}" for k, v in sorted(self.languages.items())
        )
        return (
            f"{self.articles} articles ({shares}; {self.html} HTML, {self.cp1251} cp1251), "
            f"{self.places} places, {self.actions} actions, {len(self.bad_files)} bad files "
            f"in {self.out} in {self.seconds:.1f} s"
        )


def generate(
    n: int, out: Path | str, seed: int = 1, bad: float = 0.0, progress: bool = False
) -> SynthResult:
    """Write ``n`` articles and their truth into ``out`` (see the module docstring). ``bad``:
    the share of files that exercise the build report (empty, binary, cp1251), on top of
    the ``n`` articles (cp1251 ones are re-encoded Russian articles, still in the truth)."""
    from tqdm import tqdm

    started = time.perf_counter()
    out = Path(out)
    folder = out / "articles"
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty: choose a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    w = world()
    n_bad = round(bad * n)
    bad_rng = random.Random(f"synth:{seed}:bad")
    place_rows: list[dict] = []
    action_rows: list[dict] = []
    languages: Counter = Counter()
    html_count = 0
    russian: list[Path] = []  # plain-text Russian articles cp1251 can encode
    for i in tqdm(range(1, n + 1), desc="synthetic articles", unit="article", disable=not progress):
        doc, rng = _plan(i, seed, w)
        _write_article(doc, rng, w)
        text = _html(doc, rng, w) if doc.html else _text(doc)
        path = folder / f"{doc.doc_id}{'.html' if doc.html else '.txt'}"
        path.write_text(text, encoding="utf-8")
        (folder / f"{doc.doc_id}.meta.toml").write_text(_meta(doc), encoding="utf-8")
        if doc.lang == "ru" and not doc.html and _cp1251_can(text):
            russian.append(path)
        place_rows += _place_rows(doc)
        action_rows += _action_rows(doc)
        languages[doc.lang] += 1
        html_count += doc.html
    # A third of the bad files are Russian articles saved in cp1251: read with a warning,
    # still in the truth.
    recoded = bad_rng.sample(russian, min(len(russian), n_bad // 3))
    for path in recoded:
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    n_cp1251 = len(recoded)
    bad_files = []
    for k in range(n_bad - n_cp1251):
        name = f"s{n + k + 1:05d}_bad.txt"
        if k % 2 == 0:
            (folder / name).write_bytes(b"")
        else:
            junk = bytes(bad_rng.randrange(256) for _ in range(512))
            (folder / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + junk)
        bad_files.append(name)
    _write_csv(out / "expected_places.csv", PLACE_FIELDS, place_rows)
    _write_csv(out / "expected_actions.csv", ACTION_FIELDS, action_rows)
    result = SynthResult(
        out,
        n,
        languages,
        html_count,
        len(place_rows),
        len(action_rows),
        bad_files,
        n_cp1251,
        time.perf_counter() - started,
    )
    (out / "README.md").write_text(_readme(result, seed, bad), encoding="utf-8")
    result.seconds = time.perf_counter() - started
    return result


def _cp1251_can(text: str) -> bool:
    try:
        text.encode("cp1251")
    except UnicodeEncodeError:
        return False
    return True


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def _readme(result: SynthResult, seed: int, bad: float) -> str:
    shares = ", ".join(f"{k}: {v}" for k, v in sorted(result.languages.items()))
    return f"""# Synthetic corpus (generated, not real news)

Made by `geo synth --articles {result.articles} --seed {seed} --bad {bad:g}` (geo/synth.py,
templates in data/synth_templates.toml). **Every article here is synthetic**: the sentences
come from invented templates, the people, numbers and most organisation names are made up;
only the places (the gazetteer) and the organisations of data/organisations.csv are real.
The same seed and count give the same files.

- {result.articles} articles ({shares}); {result.html} are HTML pages with menus, "Читайте
  также" and scripts; {result.cp1251} Russian articles are saved in cp1251 (the build reads
  them with a warning; they are in the truth).
- {len(result.bad_files)} bad files that are no articles (empty or binary), for the build
  report: {", ".join(result.bad_files[:5])}{" ..." if len(result.bad_files) > 5 else ""}
- `expected_places.csv`: {result.places} places (first mention of each place in each article;
  districts at their centre; roads at the town they leave; regions and the country without
  coordinates). `expected_actions.csv`: {result.actions} actions (organisations by their
  canonical name for those of data/organisations.csv, else as written; dates from the text,
  else the publication day, else none).

Score the pipeline on it: `geo evaluate --gold THIS_FOLDER`; build it:
`geo build --corpus THIS_FOLDER/articles --out DIR`.
"""

"""The places the synthetic articles write about, loaded once.

In: the gazetteer (geo.geoparse.gazetteer: the settlements of GeoNames cities500 with their
alternate
names, every district of ``geo/resources/districts.csv``, the regions and cities of
``geo/resources/places_overlay.csv``) and the templates of
``geo/resources/quality/synth_templates.toml``.
Out: ``world() -> World``: per region (admin1) its settlements (with their Russian and
Kazakh names, kind words and case forms), their weights, its districts, the region itself,
the country, the towns roads lead between, the templates and the places renamed on a day.
Every ``SynthPlace`` lists the languages whose names of it lead back to it in the gazetteer
(``languages``), and those in which only its region tells it apart (``ambiguous``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache

from geo import reference
from geo.geoparse.gazetteer import Place
from geo.language.names import key
from geo.quality.synth.language import ru_forms, ru_unit_forms, to_latin

TEMPLATES = "quality/synth_templates.toml"  # in geo/resources
CITY_POPULATION = 20_000  # "город" / "қаласы" from here on
ROAD_TOWN_POPULATION = 8_000


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

    @property
    def road_town(self) -> bool:
        """Big enough for a road out of it to be named after it."""
        return self.city or self.population >= ROAD_TOWN_POPULATION


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
    from geo.geoparse.geocode import OfflineGeocoder

    templates = reference.toml(TEMPLATES)
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
        s for places in settlements.values() for s in places if s.road_town and "ru" in s.languages
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
    for row in reference.csv_rows("places_overlay.csv"):
        pid = f"geonames:{row['geonameid']}" if row["geonameid"] else f"{row['kind']}:{row['id']}"
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
    from geo.language.names import latin_key

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
    from geo.geoparse.gazetteer import _geonames_rows

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

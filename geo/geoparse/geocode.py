"""Geocoder: place names to coordinates, offline, behind geopy's ``Geocoder`` interface.

In: a place name as written ("Приозерске", "Мақтаарал ауданы", "Нуринского района") and,
optionally, what the article is about (its region, the places near it).
Out: ``OfflineGeocoder().geocode(query) -> geopy.Location`` whose ``raw`` carries
``place_id, kind, admin1, geo_precision, country, population, source``; ``None`` when the
gazetteer does not know the name. ``geocoder_for(places, cache_dir)``: the geocoder over a
workspace's gazetteer (its analysts' places), shared, new when the places file changed.
An online geopy geocoder could be swapped in: this one never touches the network.

Choosing among namesakes (Приозерск in Kazakhstan and in Russia, three Актау): Kazakhstan
first, then the region the article is about, then the kind of place the text asked for,
then population.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

from geopy.distance import distance, great_circle
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.geoparse.gazetteer import Gazetteer, Place, default_gazetteer, load
from geo.language.names import adjective_stem, fold, is_latin, key, latin_key, variants

# Words that say what kind of place a name is: "Нуринский район", "Достық ауылы", "г. Балхаш".
# Matched on folded words; Latin-script words are read into Cyrillic first (geo.language.names).
# Kazakh adjectives such as облыстық, аудандық ("regional") are no kind words.
# Kazakh case endings of облыс, аудан, қала, ауыл ("облысында", "аудандарының").
_KK = (
    r"(ы|сы|ын|сын|ынын|сынын|нын|тын|ында|сында|ындагы|сындагы|да|та|дагы|тагы|ына|сына|га|ка|"
    r"ынан|сынан|нан|дан|тан|дар\w*|тар\w*|лар\w*)?"
)
KIND_WORDS = {
    # аймақ: "region, area" (Қарағанды аймағынан)
    "region": rf"(област(ь|и|ью|ей|ях|ям|ями)|обл\.?|облыс{_KK}|аймаг{_KK}|аймак{_KK}|region)",
    "district": rf"(район(а|е|у|ом|ы|ов|ах|ами)?|р-н|аудан{_KK}|district)",
    "city": rf"(город(а|е|у|ом|ов)?|г\.|кала{_KK}|city)",
    "settlement": rf"(пос[её]л(ок|ка|ке|ку|ком|ки|ков|ках)|пос\.|п\.|село|сел[аеу]|с\.|станци\w*|"
    rf"ст\.|станса\w*|"
    rf"аул(а|е|ы)?|ауыл{_KK}|мкр\.?)",
}
# How the overlay writes a region's or district's name, to find "области Жетысу" or
# "Нура ауданында" under "область Жетысу" and "Нұра ауданы".
CANONICAL_FORMS = {
    "region": ["область {}", "{} облысы", "{} oblysy"],
    "district": ["{} район", "{} ауданы", "{} aýdany"],
}
# Between namesakes equal in all else, a curated country, region or city beats a village
# (Kazakhstan the country, not the sovkhoz "Kazakhstan" in Almaty region).
KIND_WEIGHT = {"country": 3, "region": 2, "city": 2, "district": 1}
NEAR_KM = 150  # a namesake this close to another place of the article is the one meant
GEO_PRECISION = {"settlement": 1, "city": 1, "district": 2, "region": 3, "country": 4}
# Queries whose candidates a geocoder keeps (synthetic articles ask 1 400 distinct ones in
# 500 articles, 2 800 in 1 500): ``geo watch`` lives for days of new names, so the memory
# starts afresh beyond this rather than growing without end.
CANDIDATES_KEPT = 1 << 16


def geo_precision(place: Place) -> int:
    if place.approximate:  # placed at its district's centre or inside its region
        return place.approximate
    return GEO_PRECISION.get(place.kind, 1)


@lru_cache(maxsize=1 << 16)  # the same words recur in every article
def kind_of_word(word: str) -> str | None:
    """The kind of place a word names: "районе" -> district, "г." -> city, "ay'danynda"
    (2017 Latin) -> district; None for other words. A sentence may end after the word."""
    forms = {fold(word), fold(word).rstrip(".")}
    if is_latin(word):
        forms.add(latin_key(word).rstrip("."))
    for kind, pattern in KIND_WORDS.items():
        if any(re.fullmatch(pattern, form) for form in forms):
            return kind
    return None


def split_kind_word(query: str) -> tuple[str, str | None]:
    """``"Мақтаарал ауданы"`` -> ``("Мақтаарал", "district")``; the kind word may lead or trail."""
    words = query.split()
    if len(words) > 1 and (kind := kind_of_word(words[-1])):
        return " ".join(words[:-1]), kind
    if len(words) > 1 and (kind := kind_of_word(words[0])):
        return " ".join(words[1:]), kind
    return query, None


class OfflineGeocoder(Geocoder):
    """geopy geocoder over the offline gazetteer."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        super().__init__(user_agent="volunteer-action-map")
        self.gazetteer = gazetteer or default_gazetteer()
        # query -> candidates: the same names recur in every article (a tenth of the
        # pipeline's time went on working out "Алматы" again); the gazetteer never changes.
        self._candidates: dict[str, list[Place]] = {}

    def geocode(self, query, *, exactly_one=True, region=None, parent=None, near=(), timeout=None):
        """Locate ``query``. To choose among namesakes: ``region`` (an admin1 name) the article
        is about, ``parent`` (a place id) named just before, ``near`` (lat, lon) points of the
        other places the article names."""
        ranked = self.rank(
            self.candidates(query),
            region=region,
            parent=parent,
            kind=split_kind_word(query)[1],
            near=near,
        )
        locations = [self.location(place, query) for place in ranked if place.located]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def candidates(self, query: str) -> list[Place]:
        """Every place ``query`` may name, before ranking."""
        if query not in self._candidates:
            if len(self._candidates) >= CANDIDATES_KEPT:
                self._candidates.clear()
            self._candidates[query] = self._look_up(query)
        return list(self._candidates[query])

    def _look_up(self, query: str) -> list[Place]:
        gaz = self.gazetteer
        for whole in (key(query), latin_key(query)) if is_latin(query) else (key(query),):
            if found := gaz.lookup(whole):
                return self._region_of_the_name(whole, found)
        if len(query.split()) > 1 and (found := gaz.lookup_phrase(query)):
            return found
        name, kind = split_kind_word(query)
        words = name.split()
        if kind in {"region", "district"} and len(words) == 1 and (stem := adjective_stem(name)):
            if not _agrees(name, kind):
                return []  # "районах Жамбылской (области)": the adjective goes with область
            return [p for p in gaz.by_adjective(stem) if p.kind == kind]
        whole_name = [key(name), latin_key(name)] if is_latin(name) else [key(name)]
        for form in CANONICAL_FORMS.get(kind, []):
            for variant in variants(name) if len(words) == 1 else whole_name:
                if found := gaz.lookup(key(form.format(variant))):
                    return found
        for variant in whole_name if kind else ():
            if found := [p for p in gaz.lookup(variant) if _kind_fits(p, kind)]:
                return found
        if len(words) == 1:
            for variant in variants(name)[1:]:
                if found := gaz.lookup(variant):
                    if kind is None:
                        return self._region_of_the_name(variant, found)
                    return [p for p in found if _kind_fits(p, kind)]
        return []

    def _region_of_the_name(self, name_key: str, found: list[Place]) -> list[Place]:
        """A region's name without "облысы" means the region unless a main town has it:
        "Маңғыстауда" is Mangystau Region (the village Mangistau is no centre), "Ақтөбеде"
        the city of Aktobe."""
        if any(p.kind != "settlement" for p in found):
            return found
        regions = self.gazetteer.by_short_name(name_key, "region")
        if regions and not self.gazetteer.names_a_main_town(found, regions[0]):
            return regions
        return found

    @staticmethod
    def rank(places: list[Place], region=None, parent=None, kind=None, near=()) -> list[Place]:
        def score(p: Place):
            return (
                p.country == "KZ",
                parent is not None and p.parent == parent,
                region is not None and p.admin1 == region,
                kind is None or _kind_fits(p, kind),
                KIND_WEIGHT.get(p.kind, 0),
                p.located and any(_near(p, point) for point in near),
                p.population,
            )

        return sorted(places, key=score, reverse=True)

    def location(self, place: Place, query: str) -> Location:
        raw = {
            "place_id": place.id,
            "name": place.name,
            "kind": place.kind,
            "admin1": place.admin1,
            "geo_precision": geo_precision(place),
            "country": place.country,
            "population": place.population,
            "source": place.source,
            "approximate": place.approximate,
            "query": query,
        }
        address = ", ".join(filter(None, [place.name, place.admin1, place.country]))
        return Location(address, (place.lat, place.lon), raw)


def _agrees(adjective: str, kind: str) -> bool:
    """Can a Russian adjective go with район (masculine) or область (feminine)? Plural and
    Kazakh forms go with both."""
    folded = fold(adjective)
    if kind == "district":
        return not re.search(r"(ая|ой|ую|ей|яя)$", folded)
    return not re.search(r"(ого|ому|ом|ий|ый|им|ым)$", folded)


def _near(place: Place, point: tuple[float, float]) -> bool:
    # great_circle: within 0.5% of the ellipsoid's geodesic and ~50 times cheaper; ranking
    # namesakes by "near" needs no more.
    return great_circle((place.lat, place.lon), point).km < NEAR_KM


def _kind_fits(place: Place, kind: str) -> bool:
    if kind in {"city", "settlement"}:
        return place.kind in {"city", "settlement"}
    return place.kind == kind


def bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial great-circle bearing in degrees; geopy measures distances but has no bearing."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlon = math.radians(lon2 - lon1)
    x = math.sin(dlon) * math.cos(phi2)
    y = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlon)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def point_towards(origin: Place, target: Place, km: float) -> tuple[float, float]:
    """The point ``km`` from ``origin`` on the way to ``target``: a checkpoint on a road out
    of town. Roads out of a town leave roughly in the direction of where they go."""
    heading = bearing(origin.lat, origin.lon, target.lat, target.lon)
    point = distance(kilometers=km).destination((origin.lat, origin.lon), bearing=heading)
    return point.latitude, point.longitude


def geocoder_for(places: Path | None = None, cache_dir: Path | None = None) -> OfflineGeocoder:
    """The geocoder over the gazetteer with the analysts' places file ``places``
    (geo.geoparse.gazetteer.load: loaded once, again when the file changed; ``cache_dir``: the
    workspace's cache folder)."""
    return _geocoder_over(load(places, cache_dir))


@lru_cache(maxsize=2)
def _geocoder_over(gazetteer: Gazetteer) -> OfflineGeocoder:
    return OfflineGeocoder(gazetteer)

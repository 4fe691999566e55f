"""geo.geoparse.geocode: a geopy geocoder over the offline gazetteer."""

import pytest
from geopy.distance import geodesic
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from geo.geoparse.geocode import OfflineGeocoder, bearing, point_towards, split_kind_word

# Town centres written down independently of GeoNames (rounded to 0.01°).
REFERENCE = {
    "Караганды": (49.80, 73.10),
    "Приозерске": (46.03, 73.70),
    "г. Кокшетау": (53.28, 69.39),
    "Нура": (50.26, 71.55),
    "п. Аксу-Аюлы": (48.77, 73.68),
    "Акшатау": (47.99, 74.06),
    "г. Балхаш": (46.85, 74.98),
    "п. Гульшат": (46.63, 74.36),
    "п. Сарышаган": (46.12, 73.62),
    "Нур-Султан": (51.17, 71.45),
    "Алматы қаласының": (43.24, 76.89),
    "Петропавловск": (54.87, 69.15),
    "Омск": (54.98, 73.37),
    "г. Косшы": (50.97, 71.35),
}


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def test_is_a_geopy_geocoder(geocoder):
    assert isinstance(geocoder, Geocoder)
    location = geocoder.geocode("Приозерск")
    assert isinstance(location, Location)
    assert {"place_id", "kind", "admin1", "geo_precision"} <= set(location.raw)


@pytest.mark.parametrize("name", REFERENCE)
def test_every_seed_place_within_15_km(geocoder, name):
    location = geocoder.geocode(name)
    assert location is not None, name
    assert geodesic(location.point, REFERENCE[name]).km < 15


def test_kazakhstan_first(geocoder):
    assert geocoder.geocode("Приозерске").raw["country"] == "KZ"
    assert geocoder.geocode("Рузаевка").raw["admin1"] == "North Kazakhstan Region"


def test_then_the_region_the_article_is_about(geocoder):
    assert geocoder.geocode("Актау").raw["admin1"] == "Mangystau Region"
    assert geocoder.geocode("Актау", region="Karaganda Region").raw["admin1"] == "Karaganda Region"
    akmola = geocoder.geocode("Есильском районе", region="Akmola Region")
    north = geocoder.geocode("Есильском районе", region="North Kazakhstan Region")
    assert (akmola.raw["admin1"], north.raw["admin1"]) == (
        "Akmola Region",
        "North Kazakhstan Region",
    )


def test_then_the_district_named_just_before(geocoder):
    dostyk = geocoder.geocode("Достық ауылының", parent="district:maktaaral_district")
    assert dostyk.raw["place_id"] == "settlement:dostyk_maktaaral"
    assert dostyk.raw["geo_precision"] == 2  # placed at the district centre


def test_precision_by_kind(geocoder):
    assert geocoder.geocode("г. Балхаш").raw["geo_precision"] == 1
    assert geocoder.geocode("Нуринского района").raw["geo_precision"] == 2
    assert geocoder.geocode("Карагандинской области").raw["geo_precision"] == 3
    assert geocoder.geocode("Қазақстан").raw["geo_precision"] == 4


def test_kazakh_forms(geocoder):
    assert geocoder.geocode("Мақтаарал ауданы").raw["place_id"] == "district:maktaaral_district"
    assert geocoder.geocode("елорданың").raw["place_id"] == "geonames:1526273"
    assert geocoder.geocode("Qostanaı oblysynyń").raw["place_id"] == "region:kostanay"


def test_unknown_name_and_all_candidates(geocoder):
    assert geocoder.geocode("Атлантида") is None
    assert len(geocoder.geocode("Актау", exactly_one=False)) == 3


def test_split_kind_word():
    assert split_kind_word("Мақтаарал ауданы") == ("Мақтаарал", "district")
    assert split_kind_word("г. Балхаш") == ("Балхаш", "city")
    assert split_kind_word("Кокшетау") == ("Кокшетау", None)


def test_point_towards(geocoder):
    gaz = geocoder.gazetteer
    kokshetau, petropavl = gaz.place("geonames:1522203"), gaz.place("geonames:1520172")
    lat, lon = point_towards(kokshetau, petropavl, 6)
    assert geodesic((lat, lon), (kokshetau.lat, kokshetau.lon)).km == pytest.approx(6, abs=0.01)
    assert lat > kokshetau.lat  # Petropavl is north
    assert bearing(0, 0, 1, 0) == pytest.approx(0) and bearing(0, 0, 0, 1) == pytest.approx(90)


@pytest.mark.parametrize(
    "old, new",
    [
        ("Гурьев", "Atyrau"),
        ("Джамбул", "Taraz"),
        ("Талды-Курган", "Taldykorgan"),
        ("Семипалатинск", "Semey"),
        ("Целиноград", "Astana"),
        ("Капчагай", "Konaev"),
        ("Усть-Каменогорске", "Oskemen"),
        ("Өскемен", "Oskemen"),
    ],
)
def test_old_and_other_names(geocoder, old, new):
    assert geocoder.geocode(old).raw["name"] == new


@pytest.mark.parametrize(
    "latin, place_id",
    [
        ("Atyraýda", "geonames:610529"),
        ("Aqtóbege", "geonames:610611"),
        ("Aıagóz qalasynda", "geonames:1525988"),
        ("Soltu'stik Qazaqstan oblysynda", "region:north_kazakhstan"),
        ("Jangeldi aýdanynyń", "district:zhangeldin_district"),
    ],
)
def test_kazakh_latin_names(geocoder, latin, place_id):
    assert geocoder.geocode(latin).raw["place_id"] == place_id


def test_every_region_has_districts_with_centres(geocoder):
    districts = [p for p in geocoder.gazetteer.places.values() if p.kind == "district"]
    assert len(districts) > 170
    regions = {p.admin1 for p in districts}
    assert len(regions) == 20  # 17 regions and the 3 cities' own districts
    for d in districts:
        if not d.approximate:  # at its centre, which lies in its region
            assert geocoder.gazetteer.region_at(d.lat, d.lon) == d.admin1, d.name


def test_district_without_a_known_centre_is_region_precise(geocoder):
    location = geocoder.geocode("Кызылжарского района")
    assert location.raw["admin1"] == "North Kazakhstan Region"
    assert location.raw["geo_precision"] == 3


def test_surname_is_no_city(geocoder):
    assert geocoder.geocode("Шевченко") is None  # geo/resources/name_exclusions.csv


@pytest.mark.parametrize(
    "epithet, region",
    [
        ("Ертіс өңірі", "Pavlodar Region"),  # as geo/resources/region_epithets.csv writes it
        ("Ертіс өңірінің", "Pavlodar Region"),  # its last word inflected (lookup_phrase)
        ("Прииртышье", "Pavlodar Region"),
        ("Сыр өңірінде", "Kyzylorda Region"),
        ("Syr óńirinde", "Kyzylorda Region"),  # Kazakh Latin, read into Cyrillic
        ("Жайық өңіріне", "West Kazakhstan Region"),
    ],
)
def test_the_press_names_for_a_region(geocoder, epithet, region):
    location = geocoder.geocode(epithet)
    assert location is not None and location.raw["kind"] == "region"
    assert location.raw["admin1"] == region


def test_a_phrase_is_found_only_under_a_name_the_gazetteer_holds(geocoder):
    gazetteer = geocoder.gazetteer
    assert [p.id for p in gazetteer.lookup_phrase("Ертіс өңірінің")] == ["region:pavlodar"]
    assert gazetteer.lookup_phrase("Ертіс") == []  # one word: candidates() reads it
    # Сарыарқа names the steppe of more than one region: no epithet of any.
    assert gazetteer.lookup_phrase("Сарыарқа өңірінің") == []


def test_a_long_lived_geocoder_keeps_a_bounded_memory_of_queries(monkeypatch):
    from geo.geoparse import geocode

    monkeypatch.setattr(geocode, "CANDIDATES_KEPT", 3)
    fresh = OfflineGeocoder()
    names = ["Караганды", "Актау", "Атлантида", "Нура", "Омск"]
    for name in names:
        fresh.candidates(name)
        assert len(fresh._candidates) <= 3
    assert [p.id for p in fresh.candidates("Актау")] == [
        p.id for p in OfflineGeocoder().candidates("Актау")
    ]  # found again after it was let go, the same places

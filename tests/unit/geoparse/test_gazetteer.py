"""geo.geoparse.gazetteer: GeoNames plus the curated overlay, and regions by point-in-polygon."""

import pytest

from geo.geoparse.gazetteer import default_gazetteer
from geo.language.names import key


@pytest.fixture(scope="module")
def gaz():
    return default_gazetteer()


def ids(places):
    return {p.id for p in places}


def test_all_twenty_regions_and_the_country(gaz):
    regions = [p for p in gaz.places.values() if p.kind == "region"]
    assert len(regions) == 17  # + Astana, Almaty and Shymkent, cities of republican significance
    for name in ("Abay Region", "Jetisu Region", "Ulytau Region"):  # created in 2022
        assert gaz.region(name) is not None
    for city in ("Astana", "Almaty", "Shymkent"):
        (place,) = [p for p in gaz.lookup(key(city)) if p.kind == "city"]
        assert place.admin1 == city
    assert gaz.lookup(key("Қазақстан"))[0].kind in {"country", "settlement"}


def test_region_points_lie_inside_their_region(gaz):
    for place in gaz.places.values():
        if place.kind == "region":
            assert gaz.region_at(place.lat, place.lon) == place.admin1


def test_renamed_capital_is_one_place(gaz):
    astana = "geonames:1526273"
    for name in (
        "Астана",
        "Нур-Султан",
        "Нұр-Сұлтан",
        "Nur-Sultan",
        "Акмола",
        "Целиноград",
        "елорда",
    ):
        assert astana in ids(gaz.lookup(key(name))), name


def test_neighbours_large_cities_are_there_for_road_endpoints(gaz):
    (omsk,) = gaz.lookup(key("Омск"))
    assert omsk.country == "RU" and omsk.population > 1_000_000


def test_small_russian_namesakes_are_not_loaded(gaz):
    # Приозерск (Leningrad oblast) and Рузаевка (Mordovia) exist in Russia too.
    assert {p.country for p in gaz.lookup(key("Приозерск"))} == {"KZ"}
    assert {p.country for p in gaz.lookup(key("Рузаевка"))} == {"KZ"}


def test_adjectives_and_demonyms(gaz):
    assert ids(gaz.by_adjective("карагандинск")) == {"region:karaganda"}
    assert ids(gaz.by_adjective("нуринск")) == {"district:nura_district"}
    assert ids(gaz.by_adjective("есильск")) >= {
        "district:esil_district_akmola",
        "district:esil_district_north",
    }
    assert ids(gaz.by_demonym("карагандинец")) == {"geonames:609655"}


def test_village_without_coordinates_sits_at_its_district_centre(gaz):
    dostyk = gaz.place("settlement:dostyk_maktaaral")
    district = gaz.place("district:maktaaral_district")
    assert dostyk.approximate and (dostyk.lat, dostyk.lon) == (district.lat, district.lon)
    assert dostyk.parent == district.id and dostyk.admin1 == "Turkistan Region"


def test_region_at(gaz):
    assert gaz.region_at(53.28, 69.39) == "Akmola Region"  # Kokshetau
    assert gaz.region_at(46.03, 73.70) == "Karaganda Region"  # Priozersk
    assert gaz.region_at(55.0, 73.4) is None  # Omsk


def test_kazakh_demonyms_and_short_region_names():
    from geo.geoparse.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    assert [p.name for p in gaz.by_kazakh_demonym("өскемендіктер")] == ["Oskemen"]
    assert [p.name for p in gaz.by_kazakh_demonym("Маңғыстаулықтар")] == ["Mangystau Region"]
    assert gaz.by_kazakh_demonym("жақсылық") == []  # goodness, not the people of Zhaksy
    assert gaz.by_kazakh_demonym("қазақстандықтар") == []  # anyone in the country
    assert [p.name for p in gaz.lookup("сексеуил")] == ["Saksaul’skiy"]  # GeoNames' Latin i

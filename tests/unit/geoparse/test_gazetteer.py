"""geo.geoparse.gazetteer: GeoNames plus the curated overlay, and regions by point-in-polygon."""

import shutil

import pytest

from geo.geoparse import gazetteer
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


# -- the gazetteer kept pickled in the cache folder ---------------------------------------------


def _pickles(folder):
    return sorted(p.name for p in folder.glob("gazetteer-*.pickle"))


def _cache_folder(tmp_path):
    """A cache folder holding GeoNames' rows (parsing them again would take 1.6 s)."""
    default_gazetteer()  # the user's cache folder has them from now on
    for rows in gazetteer.workspace.user_cache().glob("geonames-*.json"):
        shutil.copy(rows, tmp_path)
    return tmp_path


def test_a_second_process_reads_the_gazetteer_from_its_pickle(tmp_path, monkeypatch):
    _cache_folder(tmp_path)
    made = gazetteer._loaded.__wrapped__(None, None, tmp_path)
    assert len(_pickles(tmp_path)) == 1

    def not_again(*args, **kwargs):
        raise AssertionError("made again instead of read")

    monkeypatch.setattr(gazetteer.Gazetteer, "__init__", not_again)
    read = gazetteer._loaded.__wrapped__(None, None, tmp_path)
    assert [p.id for p in read.lookup("астана")] == [p.id for p in made.lookup("астана")]
    assert read.region_at(51.17, 71.45) == "Astana"  # the outlines are prepared again


def test_a_damaged_pickle_is_made_again_and_another_codes_is_dropped(tmp_path):
    saved = gazetteer._pickle_path(None, _cache_folder(tmp_path))
    saved.write_bytes(b"not a pickle")
    (tmp_path / "gazetteer-0123456789abcdef-0123456789abcdef.pickle").write_bytes(b"old code")
    found = gazetteer._loaded.__wrapped__(None, None, tmp_path)
    assert found.lookup("астана")
    assert _pickles(tmp_path) == [saved.name]

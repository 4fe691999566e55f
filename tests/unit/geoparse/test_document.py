"""geo.geoparse.document: the places an article gives for what it tells (``Geoparse.places``).

The articles are made up for these tests, in the shapes real news has (an agency's dateline,
a headline's rubric, the country named inside a sentence about somewhere else).
"""

import pytest

from geo.geoparse.document import geoparse, is_dateline
from geo.geoparse.geocode import OfflineGeocoder
from tests.unit.geoparse.test_roles import read

ASTANA, AKTOBE, KARAGANDA = "geonames:1526273", "geonames:610611", "geonames:609655"
EKIBASTUZ = "geonames:1524325"


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def parse(tmp_path, geocoder, text):
    return geoparse(read(tmp_path, text), geocoder)


def places(tmp_path, geocoder, text):
    return [p.place_id for p in parse(tmp_path, geocoder, text).places()]


def test_a_dateline_is_where_the_news_was_filed_not_a_place_of_the_body(tmp_path, geocoder):
    text = (
        "Волонтеры раздали продукты пожилым людям\n\n"
        "АСТАНА. KAZINFORM – В Караганде волонтеры раздали продукты пожилым людям.\n"
    )
    assert places(tmp_path, geocoder, text) == [KARAGANDA]
    found = parse(tmp_path, geocoder, text)
    (astana,) = [p for s in found.sentences for p in s.places if p.place_id == ASTANA]
    assert astana.dateline and is_dateline(astana, text)
    assert ASTANA in [p.place_id for p in found.context]  # still the article's context


def test_a_dateline_that_is_all_the_article_says_is_its_place(tmp_path, geocoder):
    text = (
        "Еріктілер балаларға сыйлық таратты\n\n"
        "АҚТӨБЕ. KAZINFORM – Еріктілер ауруханадағы балаларға жаңажылдық сыйлық таратты.\n"
    )
    assert places(tmp_path, geocoder, text) == [AKTOBE]


def test_a_headline_rubric_is_no_place_when_the_body_names_one(tmp_path, geocoder):
    text = (
        "Павлодар: волонтеры собрали помощь для пожилых людей\n\n"
        "В Экибастузе волонтеры собрали продукты для пожилых людей.\n"
    )
    assert places(tmp_path, geocoder, text) == [EKIBASTUZ]


def test_the_country_by_name_is_no_place_but_the_whole_country_said_so_is(tmp_path, geocoder):
    named = "Жители Казахстана помогли: в Караганде волонтеры раздали продукты.\n"
    assert places(tmp_path, geocoder, named) == [KARAGANDA]
    whole = "Посылки для пострадавших приходят со всего Казахстана.\n"
    (country,) = parse(tmp_path, geocoder, whole).places()
    assert (country.kind, country.via) == ("country", "nationwide")

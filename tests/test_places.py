"""geo.places: where a text names a place, and how."""

import pytest

from geo.geocode import OfflineGeocoder
from geo.places import Resolver, find_places, split_road


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def mentions(text, geocoder):
    return [(m.via, m.text, m.explicit) for m in find_places(text, 0, len(text), geocoder)]


def test_names_with_kind_words_and_case_forms(geocoder):
    text = "Автокараван прибыл в п. Аксу-Аюлы, Акшатау, г. Балхаш и п. Гульшат, затем в Приозерске."
    found = [t for _, t, _ in mentions(text, geocoder)]
    assert found == ["п. Аксу-Аюлы", "Акшатау", "г. Балхаш", "п. Гульшат", "Приозерске"]


def test_region_adjective_is_a_place_only_with_its_noun(geocoder):
    found = mentions("В Карагандинской области Карагандинский областной филиал партии", geocoder)
    assert found == [
        ("name", "Карагандинской области", True),
        ("adjective", "Карагандинский", False),
    ]


def test_demonym_names_the_town(geocoder):
    assert mentions("помощь одиноким карагандинцам", geocoder) == [
        ("demonym", "карагандинцам", True)
    ]


def test_roads_split_into_their_places(geocoder):
    assert split_road("Нура – Нур-Султан", geocoder) == ["Нура", "Нур-Султан"]
    assert split_road("Алматы-Балхаш-Караганды", geocoder) == ["Алматы", "Балхаш", "Караганды"]
    assert split_road("Наказ будущему поколению", geocoder) is None
    text = "посетили два блокпоста на автодорогах «Кокшетау - Рузаевка» и «Кокшетау - Омск»"
    roads = [m for m in find_places(text, 0, len(text), geocoder) if m.via == "road"]
    assert [m.parts for m in roads] == [["Кокшетау", "Рузаевка"], ["Кокшетау", "Омск"]]


def test_exit_from_a_town(geocoder):
    text = "блокпост на выезде из Кокшетау в направлении Зерендинского района."
    (exit_,) = find_places(text, 0, len(text), geocoder)
    assert exit_.via == "exit" and exit_.parts == ["Кокшетау", "Зерендинского района"]


def test_kazakh_district_then_village(geocoder):
    found = mentions("Мақтаарал ауданы Достық ауылының тұрғындарына", geocoder)
    assert found == [("name", "Мақтаарал ауданы", True), ("name", "Достық ауылының", True)]


def test_unknown_village_is_reported_not_guessed(geocoder):
    assert ("unresolved", "Ортак", False) in mentions("в поселках Ортак и Булак", geocoder)


def test_common_word_at_sentence_start_is_no_place(geocoder):
    assert mentions("Так волонтеры помогли.", geocoder) == []


def test_masked_spans_are_left_alone(geocoder):
    text = "Ассамблеи народа Казахстана"
    assert find_places(text, 0, len(text), geocoder, masked=[(0, len(text))]) == []


def test_checkpoint_on_a_road_is_near_the_town_of_the_text(geocoder):
    text = "блокпост на трассе «Петропавловск - Нур-Султан»"
    (road,) = find_places(text, 0, len(text), geocoder)
    resolver = Resolver(geocoder, "Akmola Region")
    kokshetau = resolver.resolve(find_places("г. Кокшетау", 0, 11, geocoder)[0])
    point = resolver.resolve(road, towns=[kokshetau])
    assert point.anchor_id == "geonames:1522203" and point.geo_precision == 2
    assert point.place_id == "road:geonames:1522203>geonames:1520172"  # towards Petropavl


def test_kazakh_latin_script_2021_and_2017(geocoder):
    found = mentions(
        "Astana qalasynyń eriktileri Qaraǵandy oblysyna jәne Qostanai' oblysyna bardy", geocoder
    )
    assert [t for _, t, _ in found] == [
        "Astana qalasynyń",
        "Qaraǵandy oblysyna",
        "Qostanai' oblysyna",
    ]
    resolver = Resolver(geocoder, None)
    text = "Qostanai' oblysyna"
    (m,) = find_places(text, 0, len(text), geocoder)
    assert resolver.resolve(m).place_id == "region:kostanay"


def test_rivers_and_streets_are_no_towns(geocoder):
    assert mentions("На берегу реки Нура волонтеры убрали мусор.", geocoder) == []
    assert mentions("Субботник прошел на улице Абая и на Ленинский проспект.", geocoder) == []


@pytest.mark.parametrize(
    "text",
    [
        "Между волонтерами царит достық и ортақ мақсат.",  # friendship, common (Kazakh words)
        "Жаңа қала салынып жатыр, бұлақ тазартылды.",  # "a new town", "a spring"
        "Субботник на берегу Нуры собрал сто человек.",  # the river
        "На улице Ленина и Ленинский проспект волонтеры убрали снег.",
        "Úlken Almaty ózeniniń jaǵasy tazartyldy.",  # the river Big Almaty, not the village Ülken
    ],
)
def test_common_words_rivers_and_streets_are_no_places(geocoder, text):
    assert [m for m in find_places(text, 0, len(text), geocoder) if m.via == "name"] == []


def test_the_same_words_used_as_places(geocoder):
    text = "Помощь получили жители поселка Достык Мактааральского района и села Жанакала."
    found = [t for via, t, _ in mentions(text, geocoder) if via != "adjective"]
    assert "поселка Достык" in found and "села Жанакала" in found


def test_names_sharing_a_kind_word(geocoder):
    text = "детям Бескарагайского и Жарминского районов; Alakól jáne Panfılov aýdandaryn"
    found = {m.text: m.query for m in find_places(text, 0, len(text), geocoder)}
    assert found["Бескарагайского"] == "Бескарагайского районов"
    assert found["Alakól"] == "Alakól aýdandaryn"


def test_checkpoint_named_after_its_town(geocoder):
    text = "очередь у КПП «Кордай» на трассе Алматы – Бишкек у Кордая"
    resolver = Resolver(geocoder, "Jambyl Region")
    places = [resolver.resolve(m) for m in find_places(text, 0, len(text), geocoder)]
    kinds = {p.place_id.split(":")[0] for p in places if p}
    assert {"checkpoint", "road", "geonames"} <= kinds

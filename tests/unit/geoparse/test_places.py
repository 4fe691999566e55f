"""geo.geoparse.mentions and geo.geoparse.resolve: where a text names a place, and which
place it means."""

import pytest

from geo.geoparse.geocode import OfflineGeocoder
from geo.geoparse.mentions import find_places, split_road
from geo.geoparse.resolve import Resolver


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


# Sentences below are made up for these tests.


def test_kazakh_demonyms_name_their_town_or_region(geocoder):
    text = "Кеше павлодарлықтар мен шығысқазақстандықтарға сыйлық берілді, жақсылық жасалды."
    found = find_places(text, 0, len(text), geocoder)
    assert [(m.via, m.text) for m in found] == [
        ("demonym", "павлодарлықтар"),
        ("demonym", "шығысқазақстандықтарға"),
    ]
    resolver = Resolver(geocoder, None)
    assert [resolver.resolve(m).name for m in found] == ["Pavlodar", "East Kazakhstan Region"]


def test_latin_look_alike_letter_in_a_cyrillic_word(geocoder):
    text = "Mақтааралдықтар көмек жіберді. Аstanatv.kz хабарлайды."  # Latin M; Cyrillic А
    found = find_places(text, 0, len(text), geocoder)
    assert [(m.via, m.text) for m in found] == [("demonym", "Мақтааралдықтар")]


def test_region_named_without_its_kind_word_and_in_lower_case(geocoder):
    text = "Маңғыстауда жәрмеңке өтті, жүк маңғыстау облысына жетті, Қарағанды аймағынан да келді."
    found = find_places(text, 0, len(text), geocoder)
    resolver = Resolver(geocoder, None)
    assert [resolver.resolve(m).name for m in found] == [
        "Mangystau Region",
        "Mangystau Region",
        "Karaganda Region",
    ]


def test_list_of_regions_with_a_two_word_name_shares_the_kind_word(geocoder):
    text = "Жамбыл, Солтүстік Қазақстан және Ақмола облыстарында жастар жұмыс істейді."
    resolver = Resolver(geocoder, None)
    names = [resolver.resolve(m).name for m in find_places(text, 0, len(text), geocoder)]
    assert names == ["Jambyl Region", "North Kazakhstan Region", "Akmola Region"]


def test_hills_channels_rivers_and_organisation_names_are_no_places(geocoder):
    texts = [
        "Еріктілер Қазақстан тауына көшет екті.",
        "Субботник прошёл на сопке Букпа, сообщил Телеканал Астана.",
        "Мусор собрали на реке Шерубай – Нура.",
        "Ертіс бойында жастар тазалық жүргізді.",
    ]
    for text in texts:
        assert [m for m in find_places(text, 0, len(text), geocoder) if m.explicit] == [], text
    text = "Ақтөбе облысының волонтерлер кеңесі Ақтөбе қаласында акция өткізді."
    found = [(m.text, m.explicit) for m in find_places(text, 0, len(text), geocoder)]
    assert found == [("Ақтөбе облысының", False), ("Ақтөбе қаласында", True)]
    text = "В акции участвовала Лига волонтеров Казахстана."
    assert [m.explicit for m in find_places(text, 0, len(text), geocoder)] == [False]


def test_a_regions_department_keeps_its_region(geocoder):
    text = "Жамбыл облысының төтенше жағдайлар департаменті хабарлады."
    assert [m.explicit for m in find_places(text, 0, len(text), geocoder)] == [True]


def test_rural_okrug_is_left_for_the_articles_district(geocoder):
    text = "Көмек Сарыбұлақ ауылдық округіне және Qaraqum aýyldyq okrýginde жеткізілді."
    found = [(m.via, m.text, m.village) for m in find_places(text, 0, len(text), geocoder)]
    assert found == [
        ("unresolved", "Сарыбұлақ ауылдық округіне", True),
        ("unresolved", "Qaraqum aýyldyq okrýginde", True),
    ]


@pytest.mark.parametrize(
    "text, explicit",
    [
        ("Еріктілер көмек берді деп хабарлайды Павлодар облысының баспасөз қызметі.", False),
        ("Об этом сообщает пресс-служба акимата Павлодарской области.", False),
        ("Как сообщает пресс-служба, в Павлодаре волонтеры раздали продукты.", True),
        ("Сообщается, что в Павлодаре волонтеры раздали продукты.", True),
    ],
)
def test_a_source_credit_names_no_place_of_the_story(geocoder, text, explicit):
    (mention,) = find_places(text, 0, len(text), geocoder)
    assert mention.explicit is explicit


def test_a_place_knows_its_namesakes_in_other_regions_and_how_its_name_matched(geocoder):
    resolver = Resolver(geocoder, None)
    text = "в Актогае"  # Aktogay: villages of that name in several regions, far apart
    (m,) = find_places(text, 0, len(text), geocoder)
    aktogay = resolver.resolve(m)
    assert aktogay.namesakes >= 2 and aktogay.namesake_km >= 100
    assert aktogay.exact is False  # found through its case form, not as written
    (m,) = find_places("Павлодар", 0, 8, geocoder)
    pavlodar = resolver.resolve(m)
    assert (pavlodar.namesakes, pavlodar.exact) == (0, True)


def test_a_region_by_the_name_the_press_gives_it(geocoder):
    found = mentions("Ертіс өңірінің жастары Арысқа көмек жіберді.", geocoder)
    assert found[0] == ("name", "Ертіс өңірінің", True)


def test_a_campaign_described_as_nationwide_is_no_place(geocoder):
    # As the adjective "республикалық акция": what kind of campaign, not where this one is.
    assert (
        mentions(
            "Бүкіл республика бойынша бастау алған «Жақсылық» акциясы облысқа келді.", geocoder
        )
        == []
    )
    found = mentions("Стартовавшая по всей стране акция «Добро» пришла в Павлодар.", geocoder)
    assert [via for via, _, _ in found] == ["name"]
    # The whole country said as the place of what happens stays.
    assert mentions("Акция проходит по всей стране.", geocoder) == [
        ("nationwide", "по всей стране", True)
    ]

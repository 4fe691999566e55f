"""geo.extract.actions: each seed's actions as a careful reader lists them."""

import pytest

from geo.extract.actions import extract
from geo.geoparse.geocode import OfflineGeocoder
from geo.ingest.corpus import read_article, read_corpus
from geo.language.organisations import organisation_name
from geo.reference import organisations
from tests.paths import SEEDS


@pytest.fixture(scope="module")
def actions():
    geocoder = OfflineGeocoder()
    return {a.doc_id[:3]: extract(a, geocoder).actions for a in read_corpus(SEEDS).articles}


def summary(action):
    """(main type, organisation ids, place ids) of an action."""
    return (action.types[0], set(action.organisations), [p.place_id for p in action.places])


def test_seed_000_karaganda_region_in_january_2022(actions):
    assert [summary(a) for a in actions["000"]] == [
        ("food_for_duty", set(), ["region:karaganda"]),
        ("humanitarian_aid", set(), ["geonames:609655"]),
        (
            "food_for_duty",
            {"nuraarnasy", "nura_youth_centre"},
            ["road:geonames:1522605>geonames:1526273"],
        ),
        ("patrol", {"narodny_druzhinnik"}, ["geonames:7536148"]),
        ("food_for_duty", set(), ["geonames:7536148"]),
    ]


def test_seed_001_lists_patrols_tea_meals_and_technical_support(actions):
    kokshetau = "geonames:1522203"
    assert [summary(a) for a in actions["001"]] == [
        ("patrol", {"nur_otan", "jas_otan", "halyq_saqshysy"}, ["region:akmola"]),
        ("food_for_duty", {"jas_otan"}, [kokshetau]),  # "на блокпостах областного центра"
        ("food_for_duty", {"nur_otan", "esiltopteam"}, ["district:esil_district_akmola"]),
        ("food_for_duty", {"jas_otan", "stk1_college"}, [kokshetau]),  # 100 servicemen
        ("food_for_duty", {"kokshetau_mineral_waters", "naturprodukt"}, [kokshetau]),
        ("technical_support", {"transtelecom"}, [kokshetau]),
    ]


def test_seed_002_is_one_tour_of_four_checkpoints_on_four_roads(actions):
    (tour,) = actions["002"]
    assert {"apk", "sangi_kabud", "russian_community", "chuvash_centre"} <= set(tour.organisations)
    assert set(tour.types) == {"food_for_duty", "visit_congratulation"}
    assert [p.place_id for p in tour.places] == [
        "road:geonames:1522203>geonames:1520172",  # «Петропавловск - Нур-Султан», to Petropavl
        "road:geonames:1522203>geonames:1517047",  # exit towards Zerenda district
        "road:geonames:1522203>settlement:ruzaevka",
        "road:geonames:1522203>geonames:1496153",  # «Кокшетау - Омск»
    ]


def test_seed_003_is_one_motorcade_through_six_places_with_no_date(actions):
    (motorcade,) = actions["003"]
    assert motorcade.types[0] == "awareness"
    assert [p.name for p in motorcade.places] == [
        "Aksu-Ayuly",
        "Akshatau",
        "Balkhash",
        "Gulshat",
        "Saryshagan",
        "Karaganda",
    ]
    assert {"mir_dobra", "red_crescent"} <= set(motorcade.organisations)
    assert "nur_otan" not in motorcade.organisations  # its branch was a venue, not an actor
    assert motorcade.period is None


def test_seed_004_in_kazakh(actions):
    assert [summary(a) for a in actions["004"]] == [
        ("cash_aid", {"birgemiz_fund"}, ["country:kazakhstan"]),
        ("cash_aid", {"birgemiz_fund"}, ["geonames:1526273", "geonames:1526384"]),
        ("cash_aid", {"birgemiz_fund"}, ["settlement:dostyk_maktaaral"]),
        ("humanitarian_aid", {"nur_otan"}, ["settlement:dostyk_maktaaral"]),
        ("humanitarian_aid", {"jas_otan"}, ["country:kazakhstan"]),
    ]


def test_dates_come_from_the_metadata(actions):
    assert {a.period.precision for a in actions["000"]} == {"month"}
    assert actions["002"][0].period.start.isoformat() == "2020-05-01"
    assert {a.period.precision for a in actions["004"]} == {"year"}


def test_evidence_is_a_sentence_of_the_article(actions):
    text = (SEEDS / "000_d28f05125cd8f48e.txt").read_text(encoding="utf-8")
    start, end = actions["000"][3].evidence[0]
    assert text[start:end].startswith("А в Приозерске создали отряд")


def test_every_credited_organisation_has_one_canonical_name(actions):
    # A listed organisation by its canonical name; one the table lacks as written (seed 002:
    # "представителей этнокультурных объединений региона").
    names = organisations()
    credited = {o for acts in actions.values() for a in acts for o in a.organisations}
    unlisted = {o for o in credited if o.startswith("unlisted:")}
    assert credited - unlisted <= set(names)
    assert all(organisation_name(o).strip() for o in unlisted)
    assert len({organisation_name(o) for o in credited}) == len(credited)


def details(action):
    return (action.beneficiaries, action.quantities, action.sponsors)


def test_who_was_helped_how_much_and_who_sponsored(actions):
    assert details(actions["000"][0]) == (["police", "soldiers"], [], [])
    assert details(actions["000"][1]) == (["large_families", "pensioners"], [], [])
    assert details(actions["000"][3]) == ([], ["13 volunteers"], [])  # the patrol squad
    assert details(actions["001"][2]) == ([], [], ["nur_otan", "esiltopteam"])  # спонсорами
    assert details(actions["001"][3]) == (["soldiers"], ["100 servicemen"], [])
    assert details(actions["004"][0]) == (
        ["families"],
        ["360 000+ families", "50 000 tenge", "240 000 families"],
        ["birgemiz_fund"],  # «Birgemiz» қорының қаражаты есебінен
    )
    assert details(actions["004"][2])[1:] == (["340 000 000 tenge"], ["birgemiz_fund"])
    assert details(actions["004"][3]) == (["needy"], ["1 000+ tonnes"], [])
    assert details(actions["004"][4]) == (["needy"], ["5 000+ volunteers"], [])


def test_date_from_the_text_wins_over_the_metadata(tmp_path):
    from geo.ingest.corpus import read_article

    path = tmp_path / "a.txt"
    path.write_text(
        "Вчера волонтеры Павлодара раздали продукты 40 многодетным семьям. "
        "15 мая они же угостили горячим чаем полицейских на блокпосту.",
        encoding="utf-8",
    )
    (tmp_path / "a.meta.toml").write_text('published = "2021-06-20"', encoding="utf-8")
    first, second = extract(read_article(path), OfflineGeocoder()).actions
    assert (first.period.start.isoformat(), first.date_source) == ("2021-06-19", "text")
    assert (second.period.start.isoformat(), second.period.precision) == ("2021-05-15", "day")
    assert first.beneficiaries == ["large_families"] and first.quantities == ["40 families"]


def _extract_text(tmp_path, text):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return extract(read_article(path), OfflineGeocoder()).actions


def test_an_organisation_named_beside_the_action_is_credited(tmp_path):
    text = (
        "В Павлодаре раздали продукты\n\n"
        "Волонтеры раздали продуктовые наборы сорока многодетным семьям Павлодара. "
        "Сбор организовала общественная организация «Светлый Путь».\n\n"
        "«Мы будем продолжать», – сказала руководитель фонда «Тёплый Дом» Анна Петрова.\n\n"
        "Фонд «Зелёный Сад» весной провёл конкурс рисунков. Участвовали школьники. "
        "Победителей наградили грамотами."
    )
    (action,) = _extract_text(tmp_path, text)
    names = {organisation_name(o) for o in action.organisations}
    assert {"Светлый Путь", "Тёплый Дом"} <= names  # its sentence; a short quote's signature
    assert "Зелёный Сад" not in names  # a paragraph of its own tells another story

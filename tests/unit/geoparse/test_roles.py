"""geo.geoparse.roles and its use in geo.extract.actions: where helpers came FROM is not where the
action IS;
"областной центр" / "облыс орталығы" is a place of its sentence.

The sentences are made up for these tests, in ru, kk and kk-latn.
"""

import pytest

from geo.extract.actions import extract
from geo.geoparse.document import geoparse
from geo.geoparse.geocode import OfflineGeocoder
from geo.ingest.corpus import read_article

PAVLODAR, EKIBASTUZ = "geonames:1520240", "geonames:1524325"
KARAGANDA, BALKHASH, KOSTANAY = "geonames:609655", "geonames:1525798", "geonames:1519928"


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def read(tmp_path, text):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    return read_article(path)


def roles(tmp_path, geocoder, text):
    found = geoparse(read(tmp_path, text), geocoder)
    return {p.name: p.role for s in found.sentences for p in s.places}


def places(action):
    return {p.place_id for p in action.places}


@pytest.mark.parametrize(
    "text, expected",
    [
        # Kazakh: the ablative on the name or on its kind word; a list shares the ending.
        (
            "Павлодар облысында Екібастұз қаласынан келген еріктілер көмектесті.",
            {"Pavlodar Region": "at", "Ekibastuz": "from"},
        ),
        (
            "Павлодар мен Екібастұздан 40 ерікті Арысқа жүк жөнелтті.",
            {"Pavlodar": "from", "Ekibastuz": "from", "Arys": "to"},
        ),
        # Kazakh Latin.
        ("Pavlodar oblysy aýmaǵynda Ekibastuz qalasynan 30 erikti júr.", None),
        # A name ending like an ablative is no ablative; "шығатын" makes it a direction.
        ("Түркістан қаласында еріктілер жиналды.", {"Turkistan": "at"}),
        ("Павлодар қаласынан шығатын жолдарда еріктілер тұрды.", {"Pavlodar": "at"}),
        # Russian: "из", "от" before the name, but not a distance.
        ("Волонтеры из Караганды привезли воду в Балхаш.", {"Karaganda": "from", "Balkhash": "at"}),
        ("Студенты из Павлодара и Экибастуза помогли.", {"Pavlodar": "from", "Ekibastuz": "from"}),
        ("Лагерь стоит в 20 км от Балхаша.", {"Balkhash": "at"}),
        # Russian locatives that end like a Kazakh dative are no destination.
        ("Волонтеры работали в Шахтинске.", {"Shakhtinsk": "at"}),
    ],
)
def test_role_of_a_place(tmp_path, geocoder, text, expected):
    found = roles(tmp_path, geocoder, text)
    if expected is None:  # the Latin case: the same as its Cyrillic twin above
        expected = {"Pavlodar Region": "at", "Ekibastuz": "from"}
    for name, role in expected.items():
        assert found.get(name) == role, (name, found)


@pytest.mark.parametrize(
    "text",
    [
        "Павлодар облысы аумағында Екібастұз қаласынан 60 ерікті өрт сөндірушілерге көмектесті.",
        "Pavlodar oblysy aýmaǵynda Ekibastuz qalasynan 60 erikti órt sóndirýshilerge kómektesti.",
    ],
)
def test_an_origin_does_not_drop_the_region_where_the_action_is(tmp_path, geocoder, text):
    actions = extract(read(tmp_path, text), geocoder).actions
    assert {"region:pavlodar", EKIBASTUZ} <= places(actions[0]) or any(
        p.kind == "region" for p in actions[0].places
    )
    assert EKIBASTUZ in places(actions[0])


def test_a_later_action_inherits_where_it_happens_not_the_origin(tmp_path, geocoder):
    text = (
        "Павлодар облысы аумағында Екібастұз қаласынан 60 ерікті өрт сөндірушілерге "
        "көмектесіп жүр.\n\n"
        "Сондай-ақ кәсіпкерлер 500 мың теңге қаражат жинады."
    )
    actions = extract(read(tmp_path, text), geocoder).actions
    later = actions[-1]
    assert EKIBASTUZ not in places(later)
    assert [p.kind for p in later.places] == ["region"]


def test_an_aid_convoy_keeps_its_origin_and_its_destination(tmp_path, geocoder):
    text = "Волонтеры доставили гуманитарную помощь из Караганды в Балхаш."
    actions = extract(read(tmp_path, text), geocoder).actions
    assert {KARAGANDA, BALKHASH} <= places(actions[0])


@pytest.mark.parametrize(
    "text",
    [
        (
            "Волонтеры Костанайской области провели обучение первой помощи.\n\n"
            "Занятия охватили пять районов и областной центр. "
            "Волонтеры провели 15 тренингов для жителей."
        ),
        (
            "Қостанай облысының еріктілері алғашқы көмек бойынша оқыту өткізді.\n\n"
            "Оқу бес ауданды және облыс орталығын қамтыды. "
            "Еріктілер тұрғындарға 15 тренинг өткізді."
        ),
    ],
)
def test_the_region_centre_is_a_place_of_its_sentence(tmp_path, geocoder, text):
    article = read(tmp_path, text)
    found = geoparse(article, geocoder)
    centres = [p for s in found.sentences for p in s.places if p.via == "region_centre"]
    assert [p.place_id for p in centres] == [KOSTANAY]
    actions = extract(article, geocoder).actions
    assert any(KOSTANAY in places(a) for a in actions)


def test_a_centre_of_an_institution_is_no_place(tmp_path, geocoder):
    text = "Волонтеры Костанайской области сдали кровь в областном центре крови."
    found = geoparse(read(tmp_path, text), geocoder)
    assert not [p for s in found.sentences for p in s.places if p.via == "region_centre"]

"""geo.geoparse.document's unresolved names (build-report.json, ``geo unresolved``, the Curate
page): places to teach the gazetteer, not the words that open a sentence; and the regions'
abbreviations (geo/resources/region_abbreviations.csv), which are no unresolved names at all.

The sentences are made up for these tests, in the shapes the synthetic and real news take.
"""

from pathlib import Path

import pytest

from geo.geoparse.document import geoparse, worth_listing
from geo.geoparse.geocode import OfflineGeocoder
from geo.geoparse.mentions import find_places
from geo.ingest.corpus import parse_article

REGIONS = {
    "north": "region:north_kazakhstan",
    "east": "region:east_kazakhstan",
    "west": "region:west_kazakhstan",
    "turkistan": "region:turkistan",
}


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def parsed(geocoder, text, name="a.txt"):
    return geoparse(parse_article(text.encode("utf-8"), Path(name)), geocoder)


def place_ids(found) -> set[str]:
    return {p.place_id for s in found.sentences for p in s.places}


# The page of a synthetic article (geo synth): its menu, a headline, a lead, links to others.
MENU = "Example.kz\n\nГлавная\n\nНовости\n\nОбщество\n\nСпорт\n\nКонтакты\n\nRU\n\nKZ\n\nEN\n\n"
LEAD = (
    "В августе 2022 года в Жалагашском районе активисты фонда «Qamqor Jastar» передали 20 "
    "нуждающимся продуктовые наборы.\n\n"
)
SEE_ALSO = "Читайте также\n\n{}\n\n© 2021 Example.kz. Все права защищены.\n"


def test_common_words_opening_a_line_are_not_listed(geocoder):
    # natasha tags "По всей" as a place here: before, it was listed.
    page = MENU + "Помогли\n\n" + LEAD + SEE_ALSO.format("По всей Акмолинской области")
    assert parsed(geocoder, page).unresolved == []


@pytest.mark.parametrize(
    "opening",
    ["Волонтеры", "Денежную помощь", "По всей", "Весенний паводок", "Студенты-волонтеры", "Жители"],
)
def test_no_common_words_at_a_sentences_start(opening):
    for text in (
        f"{opening} оказали помощь",
        f"Новости\n{opening} оказали",
        f"Итак. «{opening} ...",
    ):
        start = text.index(opening)
        assert not worth_listing(text, start, start + len(opening)), text


def test_short_pieces_are_not_listed():
    text = "В Степногорске. Гвардии РК и Пе"
    assert not worth_listing(text, 0, 1)  # "В"
    assert not worth_listing(text, text.index("РК"), text.index("РК") + 2)
    assert not worth_listing(text, text.index("Пе"), text.index("Пе") + 2)


def test_real_unknown_places_stay_listed():
    # A village inside a sentence, though "дамба" is a word too; unknown words opening one.
    text = "Ребята из пригородных сел Дамба и Жанаталап. Экоактивисты очистили берег."
    start = text.index("Дамба")
    assert worth_listing(text, start, start + 5)
    start = text.index("Экоактивисты")
    assert worth_listing(text, start, start + len("Экоактивисты"))
    start = text.index("Жанаталап")
    assert worth_listing(text, start, start + len("Жанаталап"))


def test_a_region_after_a_village_is_its_region_not_a_second_village(geocoder):
    text = "Заголовок\n\nВолонтеры отправили в с. Бирлестик СКО 1,5 тонны помощи нуждающимся.\n"
    found = parsed(geocoder, text)
    assert found.unresolved == []
    assert REGIONS["north"] in place_ids(found)


@pytest.mark.parametrize(
    "abbreviation, region",
    [
        ("СКО", "north"),
        ("ВКО", "east"),
        ("ЗКО", "west"),
        ("ЮКО", "turkistan"),  # South Kazakhstan Region until 2018, now Turkistan Region
        ("ШҚО", "east"),
        ("БҚО", "west"),
        ("СҚО", "north"),
        ("ОҚО", "turkistan"),
        ("ShQO", "east"),
        ("SQO", "north"),
    ],
)
def test_region_abbreviations_name_their_regions(geocoder, abbreviation, region):
    assert [p.id for p in geocoder.candidates(abbreviation)] == [REGIONS[region]]


@pytest.mark.parametrize(
    "text",
    [
        "Бүгінде қала аумағында 669 қызметкер жұмылдырылды.",
        "Keshe qala turǵyndary Qarabalyq aýylynda kómek jetkizdi.",
    ],
)
def test_a_kazakh_word_before_a_bare_kind_word_is_no_place(geocoder, text):
    # Before, "Бүгінде" and "Keshe" (today, yesterday) were listed as unknown towns.
    found = find_places(text, 0, len(text), geocoder)
    assert [m.text for m in found if m.via == "unresolved"] == []

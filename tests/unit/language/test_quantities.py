"""geo.language.quantities: numbers with units, in Russian and Kazakh."""

import pytest

from geo import reference
from geo.language.names import fold
from geo.language.quantities import Quantity, find_quantities, said_in


def quantities(text):
    folded = fold(text)
    return [str(q) for q in find_quantities(folded, 0, len(folded))]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("акция для 100 военнослужащих", ["100 servicemen"]),
        ("13 добровольцев из числа жителей", ["13 volunteers"]),
        ("установлены восемь блокпостов", ["8 checkpoints"]),
        ("около 14 сотрудников полиции", ["~14 police officers"]),
        ("более 800 комплектов одежды", ["800+ sets"]),
        (
            "360 мыңнан астам отбасыға 50 мың теңге көлемінде",
            ["360 000+ families", "50 000 tenge"],
        ),
        ("бір мың тоннадан астам гуманитарлық көмек", ["1 000+ tonnes"]),
        ("340 миллион теңге бөлінді", ["340 000 000 tenge"]),
        ("бес мыңнан астам еріктіні", ["5 000+ volunteers"]),
        ("Bes myńnan astam eriktini jumyldyrdy", ["5 000+ volunteers"]),
        ("40 tonna jem-shóp", ["40 tonnes"]),
    ],
)
def test_quantities(text, expected):
    assert quantities(text) == expected


def test_numbers_without_a_unit_are_no_quantities():
    assert quantities("телефон 87162 25-63-93, в 2020 году") == []


@pytest.mark.parametrize(
    "written, lang, said",
    [
        ("360 000+ families", "ru", "360 000+ семей"),
        ("1 families", "ru", "1 семья"),
        ("2 police officers", "ru", "2 сотрудника полиции"),
        ("~21 volunteers", "ru", "~21 волонтёр"),
        ("12 children", "ru", "12 детей"),  # 11-14 take the third form
        ("360 000+ families", "kk", "360 000+ отбасы"),  # a Kazakh noun stays singular
        ("50 000 tenge", "en", "50 000 tenge"),
        ("a note, not a quantity", "ru", "a note, not a quantity"),
    ],
)
def test_a_quantity_said_in_the_pages_language(written, lang, said):
    assert said_in(written, lang) == said


def test_every_unit_has_its_russian_forms_and_kazakh_word():
    for unit, spec in reference.toml("quantity_units.toml").items():
        assert len(spec["ru"]) == 3 and spec["kk"], unit
        assert said_in(str(Quantity(5, unit, 0, 0)), "ru").endswith(spec["ru"][2])

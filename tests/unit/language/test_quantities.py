"""geo.language.quantities: numbers with units, in Russian and Kazakh."""

import pytest

from geo.language.names import fold
from geo.language.quantities import find_quantities


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

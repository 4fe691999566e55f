"""geo.dates: dates in Russian and Kazakh text, resolved against the publication."""

import pytest

from geo.corpus import Period
from geo.dates import find_dates
from geo.names import fold

PUBLISHED = Period.parse("2021-06-20")  # a Sunday


def dates(text, published=PUBLISHED):
    folded = fold(text)
    return [
        (d.period.start.isoformat(), d.period.end.isoformat(), d.period.precision)
        for d in find_dates(folded, 0, len(folded), published)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("5 января 2022 года волонтеры", ("2022-01-05", "2022-01-05", "day")),
        ("акция прошла с 8 по 13 июня", ("2021-06-08", "2021-06-13", "day")),
        ("8–13 маусым аралығында", ("2021-06-08", "2021-06-13", "day")),
        ("01.05.2020 волонтеры", ("2020-05-01", "2020-05-01", "day")),  # day first
        ("2021 жылғы 5 маусымда еріктілер", ("2021-06-05", "2021-06-05", "day")),
        ("Eriktiler 5 maýsymda jınaldy", ("2021-06-05", "2021-06-05", "day")),
        ("в январе 2022 года", ("2022-01-01", "2022-01-31", "month")),
        ("с первых дней января", ("2021-01-01", "2021-01-31", "month")),
        ("қаңтарда еріктілер", ("2021-01-01", "2021-01-31", "month")),
        ("jeltoqsanda eriktiler", ("2020-12-01", "2020-12-31", "month")),  # after June: last year
        ("в 2020 году", ("2020-01-01", "2020-12-31", "year")),
        ("Вчера волонтеры", ("2021-06-19", "2021-06-19", "day")),
        ("Кеше еріктілер", ("2021-06-19", "2021-06-19", "day")),
        ("на прошлой неделе", ("2021-06-07", "2021-06-13", "week")),
        ("в минувшие выходные", ("2021-06-19", "2021-06-20", "week")),
    ],
)
def test_dates(text, expected):
    assert dates(text) == [expected]


def test_relative_dates_need_a_publication_day():
    assert dates("Вчера волонтеры", Period.parse("2021-06")) == []
    assert dates("с первых дней января", None) == []


def test_no_dates_in_numbers_phone_numbers_and_city_names():
    assert dates("телефон 87162 25-63-93, 100 военнослужащих") == []
    assert dates("Қазан қаласында") == []
    assert dates("31 февраля") == [("2021-02-01", "2021-02-28", "month")]  # no such day

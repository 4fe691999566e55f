"""geo.language.dates: dates in Russian and Kazakh text, resolved against the publication."""

import pytest

from geo.ingest.corpus import Period
from geo.language.dates import find_dates, month_number, stamp_date, url_date
from geo.language.names import fold

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
        # Two months joined: one period over both.
        ("в марте и апреле 2022 года", ("2022-03-01", "2022-04-30", "month")),
        ("2020 жылдың ақпан және наурыз айларында", ("2020-02-01", "2020-03-31", "month")),
        ("2020 jyldyń aqpan jáne naýryz aılarynda", ("2020-02-01", "2020-03-31", "month")),
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


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Сегодняшнее мероприятие собрало волонтеров", ("2021-06-20", "2021-06-20", "day")),
        ("Бүгінгі акцияға еріктілер қатысты", ("2021-06-20", "2021-06-20", "day")),
        ("Вчерашний субботник", ("2021-06-19", "2021-06-19", "day")),
        ("Накануне волонтеры работали в селе", ("2021-06-19", "2021-06-19", "day")),
        ("Накануне в Актобе прошла акция", ("2021-06-19", "2021-06-19", "day")),
        ("Былтыр еріктілер ағаш отырғызды", ("2020-01-01", "2020-12-31", "year")),
        ("Byltyr eriktiler", ("2020-01-01", "2020-12-31", "year")),
        ("в прошлом году волонтеры", ("2020-01-01", "2020-12-31", "year")),
        ("Биыл еріктілер", ("2021-01-01", "2021-12-31", "year")),
        ("в этом году волонтеры", ("2021-01-01", "2021-12-31", "year")),
    ],
)
def test_relative_words(text, expected):
    assert dates(text) == [expected]


def test_the_eve_of_something_else_is_no_date():
    assert dates("Накануне праздника волонтеры поздравили ветеранов") == []
    assert dates("накануне нового года") == []


def test_last_year_needs_only_the_publication_year():
    assert dates("Былтыр еріктілер", Period.parse("2021")) == [("2020-01-01", "2020-12-31", "year")]
    assert dates("Былтыр еріктілер", None) == []


@pytest.mark.parametrize(
    "line, expected, labelled",
    [
        ("14 Сентября, 2022", "2022-09-14", False),
        ("7 октября 2022 г. 9:15", "2022-10-07", False),
        ("2021 жылғы 9 Қазан", "2021-10-09", False),
        ("17 Шілде 2020, 16:05", "2020-07-17", False),
        ("Ақжайық 03 Мамыр, 2022", "2022-05-03", False),  # a name before it
        ("Қоғам • 7 Қаңтар, 2022", "2022-01-07", False),  # a rubric and a bullet
        ("12 нау, 2021", "2021-03-12", False),  # short Kazakh month
        ("3 сәу. 2021", "2021-04-03", False),
        ("12 мар. 2021", "2021-03-12", False),  # short Russian month
        ("5 март 2021", "2021-03-05", False),  # Kazakh-style month in Russian
        ("5 Mamyr, 2021", "2021-05-05", False),  # Kazakh Latin
        ("9 Qyrkúıek 2022", "2022-09-09", False),
        ("09:15, 02 Сентября 2023 | GMT +5", "2023-09-02", False),
        ("3 марта, 2024 Радио Город", "2024-03-03", False),  # the source after it
        ("Понедельник, 12 апреля 2021", "2021-04-12", False),  # a weekday
        ("01.05.2020 1270 0", "2020-05-01", False),  # a view counter
        ("Дата публикации: 12.03.2021", "2021-03-12", True),
        ("Жарияланды: 12.03.2021 10:05", "2021-03-12", True),
        ("Опубликовано 2021-03-12", "2021-03-12", True),
    ],
)
def test_datelines(line, expected, labelled):
    stamp = stamp_date(line)
    assert stamp is not None and stamp.period == Period.parse(expected)
    assert stamp.labelled == labelled


@pytest.mark.parametrize(
    "line",
    [
        "5 мая 2021 года волонтеры провели субботник в парке",  # an event in a sentence
        "Акция прошла 12 марта 2021 года.",
        "К 1 мая 2021 года",  # a phrase: the date of a holiday
        "1 Мамыр мерекесі",  # a holiday's name, and no year
        "1 Мамыр 2021 мерекесі",
        "8–13 июня 2021",  # a range
        "с 8 по 13 июня 2021",
        "Ол 1985 жылы 12 наурызда туған",  # a birth date
        "Обновлено: 13.03.2021",  # another date of the page
        "24 апреля",  # no year
        "31.02.2020",  # no such day
        "Там 12 человек в 2021 году",
    ],
)
def test_no_dateline(line):
    assert stamp_date(line) is None


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://news.kz/2021/03/12/volontery", ("2021-03-12", "day")),
        ("https://news.kz/ru/news/2021-03-12-volontery", ("2021-03-12", "day")),
        ("https://news.kz/news/12-03-2021/volontery", ("2021-03-12", "day")),
        ("https://news.kz/news/20210312/volontery", ("2021-03-12", "day")),
        ("https://news.kz/2021/03/volontery", ("2021-03-01", "month")),
        ("https://news.kz/news/20210312-20210313", None),  # two runs: which one?
        ("https://news.kz/news/volontery-327354", None),  # an id
        ("https://news.kz/news/a3643940", None),
        ("https://news.kz/news/20211234", None),  # no such date
        ("https://2021.kz/news/x", None),  # the host holds no date
        (None, None),
    ],
)
def test_dates_in_the_page_url(url, expected):
    found = url_date(url)
    got = (found[0].start.isoformat(), found[0].precision) if found else None
    assert got == expected


def test_month_names_come_from_the_table():
    assert month_number("маусымда") == 6 and month_number("mamyr") == 5
    assert month_number("нау") is None and month_number("нау", short=True) == 3
    assert month_number("казан каласы") is None  # Kazan the city


@pytest.mark.parametrize(
    "text", ["с 2019 года проводим акцию", "2019 жылдан бері ұйымдастырамыз", "2019 jyldan beri"]
)
def test_since_a_year_dates_nothing(text):
    assert dates(text, None) == []

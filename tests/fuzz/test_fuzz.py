"""Properties over any text: the reader, the geoparser and the extractor never crash, offsets
stay inside the text and coordinates are valid. A few hundred examples here; a longer run:
``HYPOTHESIS_PROFILE=long python -m pytest tests/fuzz/test_fuzz.py`` (3000 examples each)."""

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extract.actions import extract
from geo.geoparse.geocode import OfflineGeocoder
from geo.ingest.corpus import Article, Metadata, Period, find_body

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("long", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

GEOCODER = OfflineGeocoder()
WORDS = [
    "Волонтеры",
    "в",
    "г.",
    "Кокшетау",
    "Приозерске",
    "Карагандинской",
    "области",
    "раздали",
    "продукты",
    "многодетным",
    "семьям",
    "«Nur Otan»",
    "ОО",
    "«Мир добра»",
    "5",
    "января",
    "2022",
    "года",
    "на",
    "трассе",
    "«Нура – Нур-Султан»",
    "блокпост",
    "Qostanaı",
    "oblysynda",
    "eriktiler",
    "kómek",
    "kórsetti",
    "Мақтаарал",
    "ауданы",
    "Достық",
    "ауылының",
    "100",
    "военнослужащих",
    "Вчера",
    "с",
    "8",
    "по",
    "13",
    "июня",
    ".",
    ",",
    "\n",
    "Читайте также",
    "ОПРОС",
    "(40)",
    "Иван",
    "Петров",
    "река",
    "Нура",
    "<script>",
    "=SUM(A1)",
    "😀",
    "İ",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join),
)


def article(text: str, published: Period | None = None) -> Article:
    body, _ = find_body(text)
    return Article(
        "fuzz", __import__("pathlib").Path("fuzz.txt"), text, body, Metadata(published=published)
    )


@given(texts)
def test_find_body_spans_lie_inside_the_text(text):
    body, _ = find_body(text)
    for start, end in body:
        assert 0 <= start <= end <= len(text)


@given(texts, st.sampled_from([None, Period.parse("2021-06-20"), Period.parse("2022-01")]))
def test_extract_never_crashes_and_stays_inside_the_text(text, published):
    result = extract(article(text, published), GEOCODER)
    for action in result.actions:
        for start, end in action.evidence + action.spans:
            assert 0 <= start <= end <= len(text)
        for place in action.places:
            assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
            assert place.geo_precision in {1, 2, 3, 4}
        if action.period is not None:
            assert action.period.start <= action.period.end


@given(st.text(max_size=60))
def test_geocoder_answers_any_query(query):
    location = GEOCODER.geocode(query)
    if location is not None:
        assert -90 <= location.latitude <= 90 and -180 <= location.longitude <= 180


pages = st.one_of(
    st.binary(max_size=600),
    texts.map(lambda t: t.encode("utf-8")),
    texts.map(lambda t: f"<html><p>{t}</p><script>{t}</script></html>".encode("utf-8", "replace")),
    texts.map(lambda t: t.encode("cp1251", "replace")),
    texts.map(lambda t: t.encode("utf-16")),
)
sidecars = st.one_of(
    st.none(), st.binary(max_size=200), texts.map(lambda t: f'url = "{t}"'.encode())
)


@given(pages, sidecars, st.sampled_from(["a.txt", "a.html"]))
def test_any_bytes_are_an_article_or_a_clear_reason(raw, sidecar, name):
    from pathlib import Path

    from geo.ingest.corpus import parse_article

    try:
        read = parse_article(raw, Path(name), sidecar)
    except ValueError as err:  # the file is skipped with this reason
        assert str(err)
        return
    for start, end in read.body:
        assert 0 <= start < end <= len(read.text)
    assert read.meta.url is None or read.meta.url.startswith(("http://", "https://"))

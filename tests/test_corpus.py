"""geo.corpus: articles, their metadata and the page chrome cut away."""

from datetime import date
from pathlib import Path

import pytest

from geo.corpus import Period, detect_language, find_body, read_article, read_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seeds():
    corpus = read_corpus(SEEDS)
    return {a.doc_id[:3]: a for a in corpus.articles}


def test_reads_all_five_seeds_with_nothing_skipped():
    corpus = read_corpus(SEEDS)
    assert [a.doc_id for a in corpus.articles] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert corpus.skipped == []


def test_seed_002_loses_the_site_header_and_the_2025_2026_headlines(seeds):
    body = seeds["002"].body_text()
    assert body.startswith("Настоящим сюрпризом")
    assert "2026" not in body and "Халықаралық" not in body and "Become a volunteer" not in body


def test_seed_003_loses_the_poll_and_the_news_feed(seeds):
    body = seeds["003"].body_text()
    assert body.startswith("В Карагандинской области прошла акция")
    for chrome in ("ОПРОС", "Лента событий", "24 апреля", "привыкли к новому времени", "Рассылка"):
        assert chrome not in body


def test_seed_001_ends_before_read_also(seeds):
    assert "Читайте также" not in seeds["001"].body_text()
    assert seeds["001"].body_text().rstrip().endswith("«Nur Otan».")


def test_dates_the_seeds_establish(seeds):
    assert seeds["002"].meta.published == Period.parse("2020-05-01")
    assert seeds["000"].meta.published.precision == "month"
    assert seeds["001"].meta.published.start == date(2022, 1, 1)
    assert seeds["004"].meta.published.precision == "year"
    assert seeds["003"].meta.published is None  # no date in the text: unknown, not guessed


def test_dateline_gives_the_date_when_there_is_no_sidecar(tmp_path):
    page = (SEEDS / "002_82e0ac45970b357d.txt").read_bytes()
    (tmp_path / "page.txt").write_bytes(page)
    article = read_article(tmp_path / "page.txt")
    assert article.meta.published == Period(date(2020, 5, 1), date(2020, 5, 1), "day")
    assert article.meta.date_note == "dateline at the top of the page"


def test_languages(seeds):
    assert seeds["000"].language == "ru"
    assert seeds["004"].language == "kk"
    assert detect_language("Qostanaı oblysynyń ákimdigi eriktilerge alǵys aıtty") == "kk-latn"


def test_offsets_point_into_the_file_text(seeds):
    article = seeds["003"]
    start, end = article.body[0]
    assert article.text[start:end] in article.text
    assert article.text == (SEEDS / "003_f2a7985d1ed99803.txt").read_text(encoding="utf-8")


def test_html_is_read_without_scripts(tmp_path):
    (tmp_path / "a.html").write_text(
        "<html><head><title>t</title><script>alert('x')</script><style>p{}</style></head>"
        "<body><p>Волонтеры Кокшетау раздали горячий чай полицейским на блокпостах города.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    article = read_article(tmp_path / "a.html")
    assert "alert" not in article.text and "p{}" not in article.text
    assert "горячий чай" in article.body_text()


def test_bad_files_are_skipped_with_a_reason_and_the_rest_read(tmp_path):
    (tmp_path / "good.txt").write_text("В Приозерске волонтеры кормят полицейских.", "utf-8")
    (tmp_path / "empty.txt").write_text("", "utf-8")
    (tmp_path / "cp1251.txt").write_bytes(
        "Волонтеры Павлодара раздали продукты многодетным семьям области.".encode("cp1251")
    )
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "orphan.meta.toml").write_text('language = "ru"', "utf-8")
    (tmp_path / "good.meta.toml").write_text('published = "2020-13-45"\ncolour = 1', "utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.doc_id for a in corpus.articles] == ["cp1251", "good"]
    assert "Павлодара" in corpus.articles[0].text
    assert any("not UTF-8" in w for w in corpus.articles[0].warnings)
    reasons = {s.path.name: s.reason for s in corpus.skipped}
    assert reasons["empty.txt"] == "ValueError: empty file"
    assert "binary" in reasons["binary.txt"]
    assert "not an article" in reasons["notes.docx"]
    assert "without an article" in reasons["orphan.meta.toml"]
    warnings = corpus.articles[1].warnings
    assert any("colour" in w for w in warnings) and any("2020-13-45" in w for w in warnings)


def test_find_body_without_chrome_is_the_whole_text():
    text = "Заголовок\n\nВолонтеры раздали продукты многодетным семьям в Павлодаре.\n"
    (span,), dateline = find_body(text)
    assert text[span[0] : span[1]] == text and dateline is None


def test_period_parse():
    assert Period.parse("2022-01") == Period(date(2022, 1, 1), date(2022, 1, 31), "month")
    assert Period.parse("2020").end == date(2020, 12, 31)
    with pytest.raises(ValueError):
        Period.parse("yesterday")


def test_utf16_and_koi8r_are_read(tmp_path):
    text = "Волонтеры Костаная раздали продукты пенсионерам в январе 2022 года."
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "koi.txt").write_bytes((text + " " + text).encode("koi8-r"))
    corpus = read_corpus(tmp_path)
    assert {a.doc_id: a.text.strip()[:25] for a in corpus.articles} == {
        "koi": text[:25],
        "u16": text[:25],
    }

"""geo.ingest.corpus: articles, their metadata and the page chrome cut away."""

import os
from datetime import date
from pathlib import Path

import pytest

from geo.ingest.corpus import Period, detect_language, find_body, read_article, read_corpus
from tests.paths import REALNEWS, SEEDS


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
    assert article.meta.date_note == "dateline at the top of the page (01.05.2020)"


# Made-up pages: a headline, the page's dateline in the form sites print it, the story.
STORY = (
    "Волонтеры города в течение недели раздали продуктовые наборы многодетным семьям, "
    "одиноким пенсионерам и людям с инвалидностью."
)
KK_STORY = (
    "Қала еріктілері осы аптада көпбалалы отбасыларға, жалғыз тұратын зейнеткерлерге және "
    "мүмкіндігі шектеулі жандарға азық-түлік себетін таратты."
)


@pytest.mark.parametrize(
    "page, published",
    [
        (f"Волонтеры помогли семьям\n\n14 Сентября, 2022\n\n{STORY}", "2022-09-14"),
        (
            f"Волонтеры помогли семьям\n\n7 октября 2022 г. 9:15\nИван Петров\n\n{STORY}",
            "2022-10-07",
        ),
        (f"Еріктілер көмектесті\n\n2021 жылғы 9 Қазан\n- Облыс\n\n{KK_STORY}", "2021-10-09"),
        (f"Еріктілер көмектесті\n\n17 Шілде 2020, 16:05\n\n{KK_STORY}", "2020-07-17"),
        (f"Еріктілер көмектесті\n\nАқжайық 03 Мамыр, 2022\n\n{KK_STORY}", "2022-05-03"),
        (f"Еріктілер көмектесті\n\nҚоғам • 7 Қаңтар, 2022\n\n{KK_STORY}", "2022-01-07"),
        (f"Еріктілер көмектесті\n\n12 нау, 2021\n\n{KK_STORY}", "2021-03-12"),
        (f"Волонтеры помогли семьям\n\n5 март 2021\n\n{STORY}", "2021-03-05"),
        (f"Eriktiler kómektesti\n\n5 Mamyr, 2021\n\n{KK_STORY}", "2021-05-05"),
        (f"Волонтеры помогли семьям\n\n09:15, 02 Сентября 2023 | GMT +5\n\n{STORY}", "2023-09-02"),
        (f"Волонтеры помогли семьям\n\n3 марта, 2024 Радио Город\n\n{STORY}", "2024-03-03"),
        # A label dates the page wherever the line stands.
        (
            f"Волонтеры помогли семьям\n\n{STORY}\n{STORY}\n{STORY}\n{STORY}\n{STORY}\n"
            f"{STORY}\nДата публикации: 12.03.2021\n{STORY}",
            "2021-03-12",
        ),
        (f"Еріктілер көмектесті\n\n{KK_STORY}\nЖарияланды: 14.04.2022\n", "2022-04-14"),
        # A byline at the end of the page.
        (f"Волонтеры помогли семьям\n\n{STORY}\n\nИван Петров\n21.10.2022", "2022-10-21"),
    ],
)
def test_the_pages_dateline_dates_it(tmp_path, page, published):
    (tmp_path / "page.txt").write_text(page, "utf-8")
    article = read_article(tmp_path / "page.txt")
    assert article.meta.published == Period.parse(published)
    assert article.meta.date_note.startswith("dateline")


@pytest.mark.parametrize(
    "page",
    [
        # An event's date in a sentence, a holiday, a range, a birth year, an update stamp.
        f"Волонтеры помогли семьям\n\n5 мая 2021 года волонтеры провели субботник.\n{STORY}",
        f"Субботник к 1 мая\n\nК 1 мая 2021 года\n\n{STORY}",
        f"Еріктілер көмектесті\n\n1 Мамыр мерекесі\n\n{KK_STORY}",
        f"Волонтеры помогли семьям\n\n8–13 июня 2021\n\n{STORY}",
        f"Еріктілер көмектесті\n\nОл 1985 жылы 12 наурызда туған.\n\n{KK_STORY}",
        f"Волонтеры помогли семьям\n\nОбновлено: 13.03.2021\n\n{STORY}",
        # A day and month without a year is no date to publish under (feeds print them).
        f"Лента событий\nВчера\n24 апреля\n\n{STORY}",
        # A date deep inside the story is no dateline.
        f"Волонтеры помогли семьям\n\n{STORY}\n{STORY}\n{STORY}\n{STORY}\n{STORY}\n"
        f"{STORY}\n12 марта 2021\n{STORY}\n{STORY}\n{STORY}\n{STORY}",
    ],
)
def test_no_dateline_in_dates_that_are_not_the_pages(tmp_path, page):
    (tmp_path / "page.txt").write_text(page, "utf-8")
    assert read_article(tmp_path / "page.txt").meta.published is None


def test_the_sidecar_date_wins_then_the_page_then_its_address(tmp_path):
    page = f"Волонтеры помогли семьям\n\n14 Сентября, 2022\n\n{STORY}"
    (tmp_path / "a.txt").write_text(page, "utf-8")
    (tmp_path / "a.meta.toml").write_text('published = "2022-09-13"', "utf-8")
    (tmp_path / "b.txt").write_text(page, "utf-8")
    (tmp_path / "b.meta.toml").write_text('url = "https://news.kz/2022/09/12/x"', "utf-8")
    (tmp_path / "c.txt").write_text(STORY, "utf-8")
    (tmp_path / "c.meta.toml").write_text('url = "https://news.kz/2022/09/12/x"', "utf-8")
    a, b, c = read_corpus(tmp_path).articles
    assert a.meta.published == Period.parse("2022-09-13")
    assert b.meta.published == Period.parse("2022-09-14")
    assert c.meta.published == Period.parse("2022-09-12")
    assert c.meta.date_note == "date in the page URL (2022/09/12)"


def test_no_date_from_the_future(tmp_path):
    (tmp_path / "a.txt").write_text(f"Волонтеры\n\n11 Августа, 2099\n\n{STORY}", "utf-8")
    (tmp_path / "a.meta.toml").write_text('url = "https://news.kz/2099/08/09/x"', "utf-8")
    assert read_corpus(tmp_path).articles[0].meta.published is None


@pytest.mark.skipif(not REALNEWS.is_dir(), reason="../shared/realnews is not here")
def test_real_pages_get_the_date_they_show():
    """Every real page that shows its date gets it; none that does not gets one. SOURCES.md
    lists the date each page shows ("on page", or in words as printed)."""
    shown = {}
    for line in (REALNEWS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 5 and cells[1][:1] in "ab" and cells[1][1:].isdigit():
            shown[cells[1]] = cells[4]
    dated = {a.doc_id: a.meta.published for a in read_corpus(REALNEWS / "articles").articles}
    on_page = {k for k, v in shown.items() if v[:1].isdigit() and "metadata" not in v}
    assert len(on_page) >= 8
    assert {k for k, v in dated.items() if v is not None} == on_page
    for doc_id in on_page:
        assert dated[doc_id].precision == "day"
        if shown[doc_id][:4].isdigit() and shown[doc_id][4] == "-":
            assert dated[doc_id].start.isoformat() == shown[doc_id][:10]


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
    assert reasons["empty.txt"] == "empty file"
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


# --- every file accounted for: odd names, links, namesakes, sizes ---------------------------

ARTICLE = "Волонтеры Караганды накормили полицейских на блокпосту у въезда в город.\n"


def test_links_are_never_followed_and_each_says_why(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "secret.txt").write_text("пароль от почты", "utf-8")
    (corpus / "out.txt").symlink_to(tmp_path / "secret.txt")
    (corpus / "outdir").symlink_to(tmp_path)
    (corpus / "in.txt").symlink_to(corpus / "sub" / "a.txt")
    (corpus / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    corpus_read = read_corpus(corpus)
    assert [a.doc_id for a in corpus_read.articles] == ["sub/a"]
    assert {s.name: s.reason for s in corpus_read.skipped} == {
        "dangling.txt": "broken link, not followed",
        "in.txt": "link to sub/a.txt, which is read under its own name",
        "out.txt": "link to outside the corpus, not followed",
        "outdir": "link to outside the corpus, not followed",
    }


def test_odd_file_names_are_read_and_reported_printably(tmp_path):
    names = [b"odd\nname\x01.txt", b"bad\xff\xfebytes.txt", b"-rf.txt", "пробел в имени.txt"]
    for name in names:
        path = tmp_path / (os.fsdecode(name) if isinstance(name, bytes) else name)
        path.write_text(ARTICLE, "utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref", "utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would wait forever
    corpus = read_corpus(tmp_path)
    assert sorted(a.name for a in corpus.articles) == [
        "-rf.txt",
        "bad\\xff\\xfebytes.txt",
        "odd\\nname\\x01.txt",
        "пробел в имени.txt",
    ]
    assert all(a.doc_id.isprintable() and a.doc_id.encode() for a in corpus.articles)
    assert {s.name: s.reason for s in corpus.skipped} == {
        ".git": "hidden folder, not read",
        ".hidden.txt": "hidden file, not read",
        "pipe.txt": "not a regular file (a pipe or a device)",
    }


def test_namesakes_get_distinct_doc_ids_and_share_their_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "a.html").write_text(f"<p>{ARTICLE}</p>", "utf-8")
    (tmp_path / "a.meta.toml").write_text('published = "2022-01-06"', "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, "utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.doc_id for a in corpus.articles] == ["a.html", "a.txt", "sub/a"]
    assert all(a.meta.published == Period.parse("2022-01-06") for a in corpus.articles[:2])
    assert "same name as a.txt" in corpus.articles[0].warnings[-1]
    assert corpus.skipped == []


def test_a_huge_file_is_skipped_without_being_read(tmp_path):
    with open(tmp_path / "huge.txt", "wb") as out:
        out.truncate(50 * 2**20)  # 50 MB, sparse: instant to make
    (tmp_path / "good.txt").write_text(ARTICLE, "utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.doc_id for a in corpus.articles] == ["good"]
    assert corpus.skipped[0].reason == "too large: 50.0 MB (limit 20 MB)"


def test_a_megabyte_line_is_too_long_for_an_article_but_megabyte_markup_is_fine(tmp_path):
    (tmp_path / "line.txt").write_text("слово " * 200_000, "utf-8")
    script = "<script>" + "var x=1;" * 150_000 + "</script>"
    (tmp_path / "page.html").write_text(f"<html>{script}<p>{ARTICLE}</p></html>", "utf-8")
    corpus = read_corpus(tmp_path)
    assert [a.doc_id for a in corpus.articles] == ["page"]
    assert corpus.articles[0].body_text().strip() == ARTICLE.strip()
    assert corpus.skipped[0].reason.startswith("too long for one article: 1,200,000 characters")


def test_a_page_of_markup_only_is_skipped(tmp_path):
    (tmp_path / "blank.html").write_text("<html><script>x()</script><p> </p></html>", "utf-8")
    (tmp_path / "zeros.txt").write_bytes(b"\x00" * 1000)  # valid UTF-8, still binary
    reasons = {s.name: s.reason for s in read_corpus(tmp_path).skipped}
    assert reasons == {
        "blank.html": "no article text (only page chrome or markup)",
        "zeros.txt": "binary file, not text",
    }


def test_an_unreadable_file_is_skipped_with_the_reason(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "good.txt").write_text(ARTICLE, "utf-8")
    read_bytes = Path.read_bytes

    def refuse(path):  # as chmod 000 would, had the tests not run as root in CI
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    corpus = read_corpus(tmp_path)
    assert [a.doc_id for a in corpus.articles] == ["good"]
    assert corpus.skipped[0].reason == "cannot be read: Permission denied"


def test_invisible_characters_are_dropped_before_any_offset_is_taken(tmp_path):
    # A zero-width space inside a town's name, a soft hyphen inside a word, a right-to-left
    # override in a name, in a text file and as HTML entities.
    text = "Новости\n\nВ Темир\u200bтау волон\u00adтеры ОО «\u202eикур\u202c» помогли.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    page = "<p>В Темир&#8203;тау волон&shy;теры ОО «&#8238;икур&#8236;» помогли.</p>"
    (tmp_path / "b.html").write_text(page, encoding="utf-8")
    for name in ("a.txt", "b.html"):
        article = read_article(tmp_path / name)
        assert "В Темиртау волонтеры ОО «икур» помогли." in article.body_text()
        # Offsets are of the cleaned text: the body's span holds the sentence whole.
        s, e = article.body[0]
        assert article.text[s:e].endswith("«икур» помогли.\n")

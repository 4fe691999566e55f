"""geo.ingest.metadata: a sidecar never stops its article; whatever is wrong in it is one
warning."""

from datetime import date

import pytest

from geo.ingest.metadata import Metadata, Period, read_metadata

TODAY = date(2026, 11, 22)


def sidecar(tmp_path, text: str):
    path = tmp_path / "a.meta.toml"
    path.write_text(text, encoding="utf-8")
    return read_metadata(path, today=TODAY)


def test_a_good_sidecar(tmp_path):
    meta, warnings = sidecar(
        tmp_path,
        'url = "https://example.kz/news/1"\nlanguage = "kk"\npublished = "2022-01"\n'
        'outlet = "eKaraganda"\nregion = "Karaganda Region"\ndate_note = "the dateline"',
    )
    assert warnings == []
    assert meta.url == "https://example.kz/news/1" and meta.language == "kk"
    assert meta.published == Period(date(2022, 1, 1), date(2022, 1, 31), "month")


def test_no_sidecar_is_no_metadata(tmp_path):
    assert read_metadata(tmp_path / "none.meta.toml") == (Metadata(), [])


@pytest.mark.parametrize(
    "line, warning",
    [
        ('published = "2022-02-30"', "published '2022-02-30' ignored (not a real date: write"),
        ('published = "2022-13"', "published '2022-13' ignored (not a real date"),
        ('published = "2099-01-01"', "published '2099-01-01' ignored (in the future)"),
        ('published = "вчера"', "published 'вчера' ignored (not a real date"),
        ("published = 12.5", "published '12.5' ignored (not a real date"),
        ("published = 1850", "published '1850' ignored (not a real date"),
        ('url = "javascript:alert(1)"', "url 'javascript:alert(1)' ignored (not an http(s) link)"),
        ('url = "data:text/html,<b>x</b>"', "ignored (not an http(s) link)"),
        ('url = "file:///etc/passwd"', "ignored (not an http(s) link)"),
        ('url = "https://x.kz/\\"><script>"', "ignored (not a valid link)"),
        ('language = "en"', "language 'en' ignored (not one of ru, kk, kk-latn)"),
        ("outlet = 5", "outlet must be a short text, ignored"),
        ('colour = "red"', "unknown key 'colour' ignored"),
    ],
)
def test_each_bad_value_is_one_warning_and_ignored(tmp_path, line, warning):
    meta, warnings = sidecar(tmp_path, line)
    assert meta == Metadata()
    assert len(warnings) == 1 and warning in warnings[0], warnings


def test_a_toml_date_is_a_day(tmp_path):
    meta, warnings = sidecar(tmp_path, "published = 2020-05-01T10:00:00")
    assert warnings == [] and meta.published == Period.parse("2020-05-01")


@pytest.mark.parametrize(
    "content", [b"url = [broken", b"\xff\xfe\x00\x01", b'language = "ru"\nlanguage = "kk"']
)
def test_a_broken_sidecar_is_a_warning_and_the_article_still_reads(tmp_path, content):
    (tmp_path / "a.meta.toml").write_bytes(content)
    meta, warnings = read_metadata(tmp_path / "a.meta.toml")
    assert meta == Metadata()
    assert warnings[0].startswith("a.meta.toml: not read, the article is read without it")


def test_invisible_characters_are_dropped_from_every_text_value(tmp_path):
    meta, warnings = sidecar(
        tmp_path,
        'outlet = "\\u202eSWEN\\u202c Караганда"\ndate_note = "по\\u200b данным"\n'
        'url = "https://example.kz/\\u2066news\\u2069/1"',
    )
    assert warnings == []
    assert meta.outlet == "SWEN Караганда"  # the override made it read "NEWS Караганда"
    assert meta.date_note == "по данным" and meta.url == "https://example.kz/news/1"

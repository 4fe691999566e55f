"""Corpus: read a folder of articles into plain ``Article`` objects.

In: a folder of ``.txt`` and ``.html`` files, each with an optional metadata sidecar
``<stem>.meta.toml`` (see README, "Article metadata").
Out: ``read_corpus(folder) -> Corpus`` with the articles and a list of files that were
skipped, each with its reason. An ``Article`` keeps the whole text of its file and the
spans of it that are the article itself (page chrome cut away), so every offset the later
stages report is an offset into that text.
"""

from __future__ import annotations

import calendar
import contextlib
import html
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from geo.names import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}
META_SUFFIX = ".meta.toml"
META_KEYS = {"url", "outlet", "language", "published", "date_note", "region"}
LONG_LINE_WORDS = 12


@dataclass(frozen=True)
class Period:
    """A date known to a day, a month or a year: ``Period.parse("2022-01")``."""

    start: date
    end: date
    precision: str  # day | month | year

    @classmethod
    def parse(cls, value: str) -> Period:
        parts = [int(p) for p in str(value).strip().split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return cls(day, day, "day")
        if len(parts) == 2:
            year, month = parts
            last = calendar.monthrange(year, month)[1]
            return cls(date(year, month, 1), date(year, month, last), "month")
        if len(parts) == 1 and 1900 < parts[0] < 2100:
            return cls(date(parts[0], 1, 1), date(parts[0], 12, 31), "year")
        raise ValueError(f"not a date, month or year: {value!r}")


@dataclass
class Metadata:
    url: str | None = None
    outlet: str | None = None
    language: str | None = None  # ru | kk | kk-latn
    published: Period | None = None
    date_note: str | None = None  # how the date is known
    region: str | None = None  # admin1 name the outlet covers


@dataclass
class Article:
    doc_id: str
    path: Path
    text: str
    body: list[tuple[int, int]]  # spans of ``text`` that are the article
    meta: Metadata = field(default_factory=Metadata)
    warnings: list[str] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.meta.language or detect_language(self.body_text())

    def body_text(self) -> str:
        return "\n".join(self.text[s:e] for s, e in self.body)

    def paragraphs(self) -> list[tuple[int, int]]:
        """Non-empty lines of the body as spans of ``text``."""
        spans = []
        for start, end in self.body:
            for m in re.finditer(r"[^\n]+", self.text[start:end]):
                if m.group().strip():
                    spans.append((start + m.start(), start + m.end()))
        return spans


@dataclass
class Skipped:
    path: Path
    reason: str


@dataclass
class Corpus:
    articles: list[Article]
    skipped: list[Skipped]


def read_corpus(folder: Path | str) -> Corpus:
    """Read every article under ``folder``; a file that cannot be read is skipped, not fatal."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    articles, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.name.endswith(META_SUFFIX):
            if not any(
                path.with_name(path.name[: -len(META_SUFFIX)] + s).exists()
                for s in ARTICLE_SUFFIXES
            ):
                skipped.append(Skipped(path, "metadata without an article beside it"))
            continue
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            skipped.append(Skipped(path, f"not an article ({path.suffix or 'no suffix'})"))
            continue
        try:
            articles.append(read_article(path))
        except (OSError, UnicodeDecodeError, ValueError, tomllib.TOMLDecodeError) as err:
            skipped.append(Skipped(path, f"{type(err).__name__}: {err}"))
    return Corpus(articles, skipped)


def read_article(path: Path) -> Article:
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("empty file")
    text, encoding = decode(raw)
    if path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    meta, warnings = read_metadata(path)
    if encoding != "utf-8":
        warnings.append(f"{path.name}: read as {encoding}, not UTF-8")
    body, dateline = find_body(text)
    if meta.published is None and dateline is not None:
        meta.published = dateline
        meta.date_note = "dateline at the top of the page"
    return Article(path.stem, path, text, body, meta, warnings)


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a file and its encoding: UTF-8 (with or without BOM), UTF-16 with a BOM, or
    what charset-normalizer finds (cp1251, koi8-r, ...). Binary files raise ValueError."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw[:4096]:
        raise ValueError("binary file, not text")
    best = from_bytes(raw).best()
    if best is None:
        raise ValueError("binary file or unknown encoding")
    return str(best), best.encoding


def read_metadata(path: Path) -> tuple[Metadata, list[str]]:
    sidecar = path.with_name(path.stem + META_SUFFIX)
    if not sidecar.exists():
        return Metadata(), []
    values = tomllib.loads(sidecar.read_text(encoding="utf-8"))
    warnings = [f"{sidecar.name}: unknown key {k!r} ignored" for k in values if k not in META_KEYS]
    published = values.get("published")
    try:
        period = Period.parse(published) if published else None
    except ValueError as err:
        warnings.append(f"{sidecar.name}: published {published!r} ignored ({err})")
        period = None
    meta = Metadata(
        url=values.get("url"),
        outlet=values.get("outlet"),
        language=values.get("language"),
        published=period,
        date_note=values.get("date_note"),
        region=values.get("region"),
    )
    return meta, warnings


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one line per block element; scripts and styles dropped."""

    BLOCKS = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "title",
    }
    HIDDEN = {"script", "style", "noscript", "template", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def html_to_text(page: str) -> str:
    parser = _TextExtractor()
    parser.feed(page)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


@cache
def _chrome_rules() -> dict:
    rules = tomllib.loads((DATA_DIR / "page_chrome.toml").read_text(encoding="utf-8"))
    return {
        "footer": [re.compile(p) for p in rules["footer"]],
        "head": [re.compile(p) for p in rules["head"]],
        "dateline": re.compile(rules["dateline"]),
    }


def find_body(text: str) -> tuple[list[tuple[int, int]], Period | None]:
    """The span of ``text`` that is the article, and the page's dateline if it shows one."""
    rules = _chrome_rules()
    lines = [(m.start(), m.end(), fold(m.group()).strip()) for m in re.finditer(r"[^\n]*", text)]
    lines = [line for line in lines if line[2]]
    end = len(text)
    for start, _, folded in lines:
        if any(p.search(folded) for p in rules["footer"]):
            end = start
            break
    body_start, dateline = 0, None
    for i, (start, line_end, folded) in enumerate(lines):
        if start >= end or len(folded.split()) >= LONG_LINE_WORDS:
            break
        is_head = any(p.search(folded) for p in rules["head"])
        # A poll's question is chrome when the poll's answer lines follow it.
        is_poll_question = (
            folded.endswith("?")
            and i + 1 < len(lines)
            and re.search(r"\(\d+\)\s*$", lines[i + 1][2])
        )
        if is_head or is_poll_question:
            body_start = line_end
        if m := rules["dateline"].match(folded):
            day, month, year = (int(g) for g in m.group(1, 2, 3))
            with contextlib.suppress(ValueError):  # 31.02.2020 is no dateline
                dateline = Period.parse(f"{year:04d}-{month:02d}-{day:02d}")
    while body_start < end and text[body_start] in "\n\r \t":
        body_start += 1
    return ([(body_start, end)] if body_start < end else []), dateline


_KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
_KAZAKH_LATIN_LETTERS = set("ıńǵýúóáİŃǴÝÚÓÁ")


def detect_language(text: str) -> str:
    """``kk`` (Cyrillic), ``kk-latn`` (2021 Latin alphabet) or ``ru``, by the letters used."""
    cyrillic = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    kazakh = sum(1 for c in text if c in _KAZAKH_LETTERS)
    kazakh_latin = sum(1 for c in text if c in _KAZAKH_LATIN_LETTERS)
    if latin > cyrillic:
        return "kk-latn" if kazakh_latin * 100 > latin else "en"
    return "kk" if kazakh * 100 > cyrillic else "ru"

"""Corpus: read a folder of articles into plain ``Article`` objects.

In: a folder of ``.txt`` and ``.html`` files, each with an optional metadata sidecar
``<stem>.meta.toml`` (see geo.ingest.metadata and README, "Article metadata").
Out: ``read_corpus(folder) -> Corpus`` with the articles and every other file under the
folder as ``Skipped``, with its reason: not an article, empty, binary, too large, a link
(links are never followed, so nothing outside the folder is read), hidden. An ``Article``
keeps the whole text of its file and the spans of it that are the article itself (page
chrome cut away), so every offset the later stages report is an offset into that text. That
text has no invisible characters (geo.language.characters: bidirectional controls, zero-width
spaces, soft hyphens, control characters): they are dropped as the file is read.
Names are printable (``display_name``) and ``doc_id``s unique, whatever the file names.
"""

from __future__ import annotations

import html
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from geo import reference
from geo.exc import CorpusNotFound, NotAnArticle
from geo.ingest.metadata import META_SUFFIX, Metadata, Period, parse_metadata, sidecar_of
from geo.language.characters import visible
from geo.language.dates import has_label, stamp_date, url_date
from geo.language.names import fold

__all__ = [
    "Article",
    "Corpus",
    "Dateline",
    "Metadata",
    "Period",
    "Skipped",
    "read_article",
    "read_corpus",
]

ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}
# Articles withdrawn on the Curate page are kept here, hidden, so never read (geo.curation.intake).
WITHDRAWN_FOLDER = ".withdrawn"
LONG_LINE_WORDS = 12
# Far above any news article (the seeds are 4-6 kB); the extractor reads about 6 000
# characters a second, so these bound one file's share of a build to about 20 seconds.
MAX_FILE_BYTES = 20 * 2**20
MAX_ARTICLE_CHARS = 120_000
# Where a dateline stands: in the page's header or among the first lines after it (a
# headline, a subtitle: on the real-news set it is the 2nd to 4th non-empty line) or, as a
# byline, among the last ones. A labelled one ("Дата публикации: ...") may stand anywhere.
DATELINE_HEAD_LINES = 6
DATELINE_TAIL_LINES = 3


@dataclass
class Dateline:
    """The page's own publication date: where it stands in the file's text and how it is
    known (``note``, for the record's ``date_note``)."""

    period: Period
    start: int
    end: int
    note: str


@dataclass
class Article:
    doc_id: str
    path: Path
    text: str
    body: list[tuple[int, int]]  # spans of ``text`` that are the article
    meta: Metadata = field(default_factory=Metadata)
    warnings: list[str] = field(default_factory=list)
    name: str = ""  # path under the corpus folder, printable

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
    name: str = ""  # path under the corpus folder, printable


@dataclass
class Corpus:
    articles: list[Article]
    skipped: list[Skipped]


@dataclass
class Entry:
    """An article file found under the corpus folder, not read yet."""

    full: str  # its path, as text (``path``: a Path made when asked, see list_corpus)
    name: str  # path under the corpus folder, printable
    doc_id: str
    warnings: list[str] = field(default_factory=list)
    stamp: str = ""  # size and modification time of the file and its sidecar

    @property
    def path(self) -> Path:
        return Path(self.full)


def read_corpus(
    folder: Path | str,
    max_bytes: int = MAX_FILE_BYTES,
    max_chars: int = MAX_ARTICLE_CHARS,
) -> Corpus:
    """Read every article under ``folder``; a file that cannot be read is skipped, not fatal."""
    entries, skipped = list_corpus(folder)
    articles = []
    for entry in entries:
        try:
            articles.append(read_entry(entry, max_bytes, max_chars))
        except (OSError, ValueError) as err:  # UnicodeDecodeError is a ValueError
            skipped.append(Skipped(entry.path, reason(err), entry.name))
    return Corpus(articles, sorted(skipped, key=lambda s: s.name))


def list_corpus(folder: Path | str) -> tuple[list[Entry], list[Skipped]]:
    """The article files under ``folder`` (in name order, with their doc_ids) and every other
    file, skipped with its reason. Reads no file. (Names are handled as text, not as Path
    objects, and each file's suffix is found once: at 10 000 articles, Path's parsing,
    hashing and comparing took 4.4 s of the listing, text 0.2 s, and the rest of it 0.1 s
    beside the 20 000 ``stat`` calls' 0.07 s.)"""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusNotFound(f"corpus folder not found: {folder}")
    files, skipped = _walk(folder)  # relative name -> (full path, stamp)
    suffixes = {rel: _suffix(rel) for rel in files}
    articles = [rel for rel, suffix in suffixes.items() if suffix.lower() in ARTICLE_SUFFIXES]
    stems = defaultdict(list)  # a.txt and a.html: two articles, one sidecar
    for rel in articles:
        stems[rel[: -len(suffixes[rel])]].append(rel)
    for rel, suffix in suffixes.items():
        if rel.endswith(META_SUFFIX):
            if rel[: -len(META_SUFFIX)] not in stems:
                skipped.append(
                    Skipped(Path(files[rel][0]), "metadata without an article beside it")
                )
        elif suffix.lower() not in ARTICLE_SUFFIXES:
            skipped.append(
                Skipped(Path(files[rel][0]), f"not an article ({suffix or 'no suffix'})")
            )
    entries = []
    for rel in articles:
        full, stamp = files[rel]
        stem = rel[: -len(suffixes[rel])]
        twins = stems[stem]
        sidecar = files.get(stem + META_SUFFIX)
        name = _printable(rel)
        entry = Entry(full, name, name if len(twins) > 1 else name.rsplit(".", 1)[0])
        entry.stamp = stamp + sidecar[1] if sidecar else stamp
        if len(twins) > 1:
            others = ", ".join(_printable(t) for t in twins if t != rel)
            entry.warnings.append(f"{name}: same name as {others}; read as doc_id {name!r}")
        entries.append(entry)
    for s in skipped:
        s.name = display_name(s.path, folder)
    return entries, skipped


def _suffix(rel: str) -> str:
    """The suffix as Path.suffix has it: from the last dot of the last part, not a leading
    dot nor a trailing one."""
    last = rel.rsplit("/", 1)[-1]
    i = last.rfind(".")
    return last[i:] if 0 < i < len(last) - 1 else ""


def _printable(rel: str) -> str:
    """``display_name`` of a name already relative and in "/" form."""
    if rel.isprintable():
        try:
            rel.encode("utf-8")
            return rel
        except UnicodeEncodeError:  # undecodable bytes, kept as surrogates
            pass
    text = os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def read_entry(
    entry: Entry, max_bytes: int = MAX_FILE_BYTES, max_chars: int = MAX_ARTICLE_CHARS
) -> Article:
    article = read_article(entry.path, max_bytes, max_chars)
    article.name, article.doc_id = entry.name, entry.doc_id
    article.warnings += entry.warnings
    return article


def read_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes; a file larger than ``max_bytes`` raises NotAnArticle unread."""
    size = path.stat().st_size
    if size > max_bytes:
        raise NotAnArticle(f"too large: {size / 2**20:.1f} MB (limit {max_bytes / 2**20:.0f} MB)")
    return path.read_bytes()


def _walk(folder: Path) -> tuple[dict[str, tuple[str, str]], list[Skipped]]:
    """Regular files under ``folder`` by their name under it ("/" between folders), each
    with its full path and stamp (size and modification time), in the order Path sorts
    them, and what was passed over. Links are never followed: one pointing outside would
    publish a file the corpus does not hold, one pointing inside would read a file twice.
    (os.scandir, not Path.rglob: its entries know their type without a system call, which
    matters at ten thousand files; a plain file, the common case, is told first.)"""
    files, skipped = {}, []
    folders = [(str(folder), "")]
    while folders:
        where, prefix = folders.pop()
        with os.scandir(where) as listing:
            for entry in listing:
                if entry.is_file(follow_symlinks=False) and entry.name[0] != ".":
                    stat = entry.stat(follow_symlinks=False)
                    files[prefix + entry.name] = (
                        entry.path,
                        f"{stat.st_size}:{stat.st_mtime_ns};",
                    )
                elif entry.is_symlink():
                    path = Path(entry.path)
                    skipped.append(Skipped(path, _link_reason(path, folder)))
                elif entry.name == WITHDRAWN_FOLDER and entry.is_dir():
                    skipped.append(
                        Skipped(Path(entry.path), "articles withdrawn by analysts, not read")
                    )
                elif entry.name.startswith("."):
                    kind = "folder" if entry.is_dir() else "file"
                    skipped.append(Skipped(Path(entry.path), f"hidden {kind}, not read"))
                elif entry.is_dir():
                    folders.append((entry.path, prefix + entry.name + "/"))
                elif not entry.is_file():
                    skipped.append(
                        Skipped(Path(entry.path), "not a regular file (a pipe or a device)")
                    )
    # Sorted by parts, as Path orders them: in a flat folder, by name.
    nested = any("/" in rel for rel in files)
    names = sorted(files, key=(lambda rel: rel.split("/")) if nested else None)
    return {rel: files[rel] for rel in names}, skipped


def _link_reason(path: Path, folder: Path) -> str:
    target = path.resolve()
    if not target.exists():
        return "broken link, not followed"
    if not target.is_relative_to(folder.resolve()):
        return "link to outside the corpus, not followed"
    return f"link to {display_name(target, folder.resolve())}, which is read under its own name"


def display_name(path: Path, base: Path) -> str:
    """``path`` under ``base`` as printable text: bytes that are not UTF-8 shown as ``\\xff``,
    control characters as ``\\n``, ``\\x01``, so a report line is always one clean line."""
    try:
        rel = path.relative_to(base).as_posix()
    except ValueError:
        rel = path.as_posix()
    text = os.fsencode(rel).decode("utf-8", errors="backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def reason(err: Exception) -> str:
    """Why a file was skipped, in words, from the error reading it raised."""
    if isinstance(err, OSError):
        return f"cannot be read: {err.strerror or err}"
    return str(err)


def read_article(
    path: Path, max_bytes: int = MAX_FILE_BYTES, max_chars: int = MAX_ARTICLE_CHARS
) -> Article:
    meta_bytes, warnings = read_sidecar(path)
    article = parse_article(read_file(path, max_bytes), path, meta_bytes, max_chars)
    article.warnings += warnings
    return article


def read_sidecar(path: Path) -> tuple[bytes | None, list[str]]:
    """The bytes of the article's sidecar (None if it has none), and a warning if it could
    not be read: the article is read without it."""
    sidecar = sidecar_of(path)
    try:
        return (sidecar.read_bytes() if sidecar.is_file() else None), []
    except OSError as err:
        return None, [f"{sidecar.name}: not read, the article is read without it ({reason(err)})"]


def parse_article(
    raw: bytes, path: Path, sidecar: bytes | None = None, max_chars: int = MAX_ARTICLE_CHARS
) -> Article:
    """The article in ``raw`` (the bytes of the file at ``path``, whose suffix says if it is
    HTML) with its sidecar's bytes. Reads no file, so a worker on another machine can run it.
    Raises NotAnArticle (a ValueError) for what is no article."""
    if not raw.strip():
        raise NotAnArticle("empty file")
    text, encoding = decode(raw)
    if path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
    # Before any offset is taken: every span, evidence and name is of the cleaned text.
    text = visible(text)
    meta, warnings = (
        parse_metadata(sidecar, sidecar_of(path).name) if sidecar is not None else (Metadata(), [])
    )
    if encoding != "utf-8":
        warnings.append(f"read as {encoding}, not UTF-8")
    body, dateline = find_body(text)
    length = sum(e - s for s, e in body)
    if length > max_chars:
        raise NotAnArticle(
            f"too long for one article: {length:,} characters of text (limit {max_chars:,}); "
            "split it into its articles"
        )
    if not length:
        raise NotAnArticle("no article text (only page chrome or markup)")
    _date_from_page(meta, dateline)
    return Article(path.stem, path, text, body, meta, warnings, path.name)


def _date_from_page(meta: Metadata, dateline: Dateline | None, today: date | None = None) -> None:
    """Without a ``published`` in the sidecar, the page's dateline dates the article, else a
    date in its address; a date in the future is neither."""
    if meta.published is not None:
        return
    today = today or date.today()
    if dateline is not None and dateline.period.start <= today:
        meta.published, meta.date_note = dateline.period, dateline.note
    elif (found := url_date(meta.url)) and found[0].start <= today:
        meta.published, meta.date_note = found[0], f"date in the page URL ({found[1]})"


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a file and its encoding: UTF-8 (with or without BOM), UTF-16 with a BOM, or
    what charset-normalizer finds (cp1251, koi8-r, ...). Binary files raise NotAnArticle."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw[:4096]:
        raise NotAnArticle("binary file, not text")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        raise NotAnArticle("binary file or unknown encoding")
    return str(best), best.encoding


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
    rules = reference.toml("page_chrome.toml")
    return {
        "footer": [re.compile(p) for p in rules["footer"]],
        "head": [re.compile(p) for p in rules["head"]],
    }


def find_body(text: str) -> tuple[list[tuple[int, int]], Dateline | None]:
    """The span of ``text`` that is the article, and the page's dateline if it shows one."""
    rules = _chrome_rules()
    lines = [(m.start(), m.end(), fold(m.group()).strip()) for m in re.finditer(r"[^\n]*", text)]
    lines = [line for line in lines if line[2]]
    end = len(text)
    for start, _, folded in lines:
        if any(p.search(folded) for p in rules["footer"]):
            end = start
            break
    body_start = 0
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
    while body_start < end and text[body_start] in "\n\r \t":
        body_start += 1
    page = [line for line in lines if line[0] < end]
    chrome = sum(1 for line in page if line[0] < body_start)
    dateline = _dateline(text, page, chrome + DATELINE_HEAD_LINES)
    return ([(body_start, end)] if body_start < end else []), dateline


def _dateline(text: str, lines: list[tuple[int, int, str]], head: int) -> Dateline | None:
    """The first dateline among the first ``head`` lines (the header and a few more), else
    the last among the last few lines, else the first labelled one anywhere. Only short
    lines are read: a dateline has at most a few words besides the date."""

    def short(part):
        return [(s, e) for s, e, folded in part if len(folded.split()) < LONG_LINE_WORDS]

    for where, spans in (
        ("at the top of the page", short(lines[:head])),
        ("at the end of the page", reversed(short(lines[-DATELINE_TAIL_LINES:]))),
        ("after a label", [(s, e) for s, e, f in lines if has_label(f)]),
    ):
        for start, end in spans:
            if stamp := stamp_date(text[start:end]):
                s, e = start + stamp.start, start + stamp.end
                note = f"dateline {where} ({text[s:e]})"
                return Dateline(stamp.period, s, e, note)
    return None


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

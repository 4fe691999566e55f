"""Article metadata: the optional ``<stem>.meta.toml`` sidecar beside an article.

In: the sidecar's path. Out: ``read_metadata(path, today) -> (Metadata, warnings)``.
A sidecar never stops its article from being read: a broken file, a value of the wrong
type, an unknown key, an impossible or future date, a link that is not http(s) (such as
``javascript:``) each become one warning, and the value is ignored. Invisible characters
(geo.language.characters) are dropped from every text value before it is checked.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from geo.language.characters import visible
from geo.language.dates import Period

META_SUFFIX = ".meta.toml"
LANGUAGES = ("ru", "kk", "kk-latn")
# added_by, added_at: who added the article on the Curate page, and when (geo.curation.intake)
TEXT_KEYS = ("url", "outlet", "language", "date_note", "region", "added_by", "added_at")
META_KEYS = {*TEXT_KEYS, "published"}
MAX_TEXT = 2000  # characters; a longer value is not metadata


@dataclass
class Metadata:
    url: str | None = None
    outlet: str | None = None
    language: str | None = None  # ru | kk | kk-latn
    published: Period | None = None
    date_note: str | None = None  # how the date is known
    region: str | None = None  # admin1 name the outlet covers
    added_by: str | None = None  # the analyst who added it (the Curate page)
    added_at: str | None = None  # when, "YYYY-MM-DD HH:MM:SS UTC"


def sidecar_of(article: Path) -> Path:
    return article.with_name(article.stem + META_SUFFIX)


def read_metadata(sidecar: Path, today: date | None = None) -> tuple[Metadata, list[str]]:
    """The sidecar's metadata and a warning for everything in it that was ignored."""
    try:
        content = sidecar.read_bytes()
    except FileNotFoundError:
        return Metadata(), []
    except OSError as err:
        return Metadata(), [f"{sidecar.name}: not read, the article is read without it ({err})"]
    return parse_metadata(content, sidecar.name, today)


def parse_metadata(
    content: bytes, name: str, today: date | None = None
) -> tuple[Metadata, list[str]]:
    """``read_metadata`` on the sidecar's bytes; ``name`` is for the warnings."""
    try:
        values = tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return Metadata(), [f"{name}: not read, the article is read without it ({err})"]
    warnings = [f"{name}: unknown key {k!r} ignored" for k in values if k not in META_KEYS]
    meta = Metadata()
    for key in TEXT_KEYS:
        value = values.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = visible(value)  # the article's text is cleaned alike (geo.ingest.corpus)
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            warnings.append(f"{name}: {key} must be a short text, ignored")
        elif problem := _problem(key, value.strip()):
            warnings.append(f"{name}: {key} {value[:80]!r} ignored ({problem})")
        else:
            setattr(meta, key, value.strip())
    if (published := values.get("published")) is not None:
        if isinstance(published, date):  # a TOML date or date-time
            published = published.isoformat()[:10]
        try:
            period = Period.parse(published)
        except (ValueError, TypeError):
            period, problem = None, "not a real date: write YYYY-MM-DD, YYYY-MM or YYYY"
        else:
            problem = "in the future" if period.start > (today or date.today()) else None
        if problem:
            warnings.append(f"{name}: published {str(published)[:40]!r} ignored ({problem})")
        else:
            meta.published = period
    return meta, warnings


def _problem(key: str, value: str) -> str | None:
    if key == "language" and value not in LANGUAGES:
        return f"not one of {', '.join(LANGUAGES)}"
    if key == "url":
        parts = urlsplit(value)
        # Only web links become links: javascript:, data: and file: stay out of the dashboard.
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return "not an http(s) link"
        if any(c.isspace() or c in "<>\"'`" for c in value):
            return "not a valid link"
    return None

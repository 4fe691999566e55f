"""Intake: what analysts add by hand: articles into the corpus, places into the gazetteer.

In: an article's bytes (an uploaded .txt/.html file or pasted text) with its metadata; or a
place's names, kind, point and district. Out: ``add_article(corpus_dir, ...) -> Path`` saves
the article (and its sidecar) under ``corpus_dir/added/``; ``add_place(..., path=...) -> dict``
appends the place to a workspace's places file (``places_added.csv``, geo.workspace), which
the gazetteer reads beside its curated overlay.
The next ``geo build`` uses both (a build re-reads only what is new, see geo.dataset.cache).

Uploads are checked before anything is written: only text and HTML, at most ``MAX_UPLOAD``
bytes, an article the corpus reader can read, metadata it accepts. The file name is made
here from safe characters only, so no name can write outside ``corpus_dir/added/``; an
existing file is never overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from pathlib import Path

import tomli_w

from geo.ingest.corpus import ARTICLE_SUFFIXES, parse_article
from geo.ingest.metadata import LANGUAGES, parse_metadata

MAX_UPLOAD = 5 * 2**20  # bytes: a news page, with room to spare
ADDED_FOLDER = "added"
PLACE_KINDS = ("settlement", "district")
OVERLAY_COLUMNS = (
    *("id", "kind", "geonameid", "name_en", "name_ru", "name_kk", "name_kk_latn", "aliases"),
    *("adjective_ru", "demonym_ru", "admin1", "parent", "centre_geonameid", "lat", "lon"),
    "source",
)


def add_article(
    corpus_dir: Path,
    content: bytes | str,
    file_name: str = "",
    *,
    url: str = "",
    published: str = "",
    language: str = "",
    who: str = "",
) -> Path:
    """Save an uploaded or pasted article and its sidecar; returns the article's path.
    Raises ValueError, with a message for the analyst, for anything it will not save."""
    raw = content.encode("utf-8") if isinstance(content, str) else content
    suffix = Path(file_name).suffix.lower() if file_name else ".txt"
    if suffix not in ARTICLE_SUFFIXES:
        raise ValueError(f"only .txt and .html articles, not {suffix or 'a file without suffix'}")
    if len(raw) > MAX_UPLOAD:
        raise ValueError(f"too large: {len(raw) / 2**20:.1f} MB (at most {MAX_UPLOAD >> 20} MB)")
    sidecar = _sidecar(url, published, language, who)
    _, warnings = parse_metadata(sidecar, "metadata")
    if warnings:
        raise ValueError(
            "; ".join(
                w.removeprefix("metadata: ").replace(" ignored", " refused") for w in warnings
            )
        )
    parse_article(raw, Path(f"article{suffix}"), sidecar)  # raises if it is no article
    folder = Path(corpus_dir) / ADDED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stem = _safe_stem(file_name, raw)
    for n in range(1, 1000):
        path = folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
        try:
            with open(path, "xb") as out:  # x: never overwrite
                out.write(raw)
        except FileExistsError:
            continue
        path.with_name(path.stem + ".meta.toml").write_bytes(sidecar)
        return path
    raise ValueError(f"too many articles named {stem} in {folder}")


def _sidecar(url: str, published: str, language: str, who: str) -> bytes:
    values = {"url": url.strip(), "published": published.strip(), "language": language}
    values = {k: v for k, v in values.items() if v}
    if language and language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    values["date_note"] = f"added by {who or 'an analyst'} on {now}" if published else ""
    return tomli_w.dumps({k: v for k, v in values.items() if v}).encode("utf-8")


def _safe_stem(file_name: str, raw: bytes) -> str:
    """A file stem of ASCII letters, digits and dashes only: no folder, no dot file."""
    stem = Path(file_name).stem if file_name else ""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-_")[:60]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{stem}" if stem else f"{stamp}-pasted-{abs(hash(raw)) % 10**6:06d}"


def add_place(
    gazetteer,
    name_ru: str,
    kind: str,
    lat: float,
    lon: float,
    *,
    name_kk: str = "",
    name_en: str = "",
    district_id: str = "",
    who: str = "",
    path: Path,
) -> dict:
    """Append a place an analyst placed on the map (a village GeoNames lacks) to the places
    file ``path`` (a workspace's ``places``); returns its row. ``district_id``: a gazetteer id
    ("district:..."). Raises ValueError for a place it will not add."""
    if kind not in PLACE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(PLACE_KINDS)}")
    if not name_ru.strip():
        raise ValueError("a place needs its Russian name")
    admin1 = gazetteer.region_at(lat, lon)
    if admin1 is None:
        raise ValueError(f"{lat:.4f}, {lon:.4f} is not in Kazakhstan")
    parent = ""
    if district_id:
        district = gazetteer.places.get(district_id)
        if district is None or district.kind != "district":
            raise ValueError(f"no district {district_id}")
        if district.admin1 != admin1:
            raise ValueError(f"the point is in {admin1}, not in {district.admin1}")
        parent = district_id.split(":", 1)[1]
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    row = dict.fromkeys(OVERLAY_COLUMNS, "") | {
        "id": "added_" + re.sub(r"\W+", "_", f"{name_en or name_ru}_{lat:.3f}_{lon:.3f}").lower(),
        "kind": kind,
        "name_en": name_en.strip() or name_ru.strip(),
        "name_ru": name_ru.strip(),
        "name_kk": name_kk.strip(),
        "admin1": admin1,
        "parent": parent,
        "lat": f"{lat:.5f}",
        "lon": f"{lon:.5f}",
        "source": f"placed on the map by {who or 'an analyst'} on {now}",
    }
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=OVERLAY_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(row)
        out.flush()
        os.fsync(out.fileno())
    return row

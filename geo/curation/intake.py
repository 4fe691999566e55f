"""Intake: what analysts add by hand: articles into the corpus, places into the gazetteer.

In: an article's bytes (an uploaded .txt/.html file or pasted text) with its metadata; or a
place's names, kind, point and district. Out: ``add_article(corpus_dir, ...) -> Path`` saves
the article (and its sidecar) under ``corpus_dir/added/``; ``add_place(..., path=...) -> dict``
appends the place to a workspace's places file (``places_added.csv``, geo.workspace), which
the gazetteer reads beside its curated overlay. Both can be undone, nothing erased:
``withdraw_place``/``restore_place`` append a row (the last row of a place wins),
``withdraw_article``/``restore_article`` move the article and its sidecar into
``CORPUS/.withdrawn/`` (which the corpus reader passes over) and back, logged in
``CORPUS/.withdrawn/history.toml``; ``added_articles`` and ``place_rows`` list them.
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
import tomllib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import tomli_w

from geo.geoparse.gazetteer import WITHDRAWN
from geo.ingest.corpus import ARTICLE_SUFFIXES, WITHDRAWN_FOLDER, parse_article
from geo.ingest.metadata import LANGUAGES, parse_metadata, read_metadata, sidecar_of

MAX_UPLOAD = 5 * 2**20  # bytes: a news page, with room to spare
# What the page's upload box takes (server.maxUploadSize in .streamlit/config.toml): more than
# MAX_UPLOAD, of any type, so that add_article, not the box, says why a file will not do.
MAX_RECEIVED = 20 * 2**20
ADDED_FOLDER = "added"
PLACE_KINDS = ("settlement", "district")
OVERLAY_COLUMNS = (
    *("id", "kind", "geonameid", "name_en", "name_ru", "name_kk", "name_kk_latn", "aliases"),
    *("adjective_ru", "demonym_ru", "admin1", "parent", "centre_geonameid", "lat", "lon"),
    "source",
)
# The analysts' places file: the overlay's columns and each row's history. A later row with
# the same id replaces an earlier one (geo.geoparse.gazetteer.current_places): status
# "withdrawn" takes the place out, a row without status puts it back; no row is ever removed.
PLACES_COLUMNS = (*OVERLAY_COLUMNS, "status", "who", "when", "why")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S UTC"  # when a change was made (sidecars, places, history)
HISTORY = "history.toml"  # in CORPUS/.withdrawn/: every withdrawal and restoration of an article
HISTORY_HEADER = """\
# Articles withdrawn from the corpus on the Curate page and restored: who, when and why.
# The files themselves are kept beside this one (added/...), restorable.
"""


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
    """The sidecar: what the analyst said of the article, and who added it when
    (``added_by``, ``added_at``: keys of their own, whether a date is given or not)."""
    values = {"url": url.strip(), "published": published.strip(), "language": language}
    if language and language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    now = _now()
    values["date_note"] = f"added by {who or 'an analyst'} on {now}" if published.strip() else ""
    values |= {"added_by": who.strip() or "an analyst", "added_at": now}
    return tomli_w.dumps({k: v for k, v in values.items() if v}).encode("utf-8")


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime(TIME_FORMAT)


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
    why: str = "",
    path: Path,
) -> dict:
    """Append a place an analyst placed on the map (a village GeoNames lacks) to the places
    file ``path`` (a workspace's ``places``); returns its row. ``district_id``: a gazetteer id
    ("district:..."). Raises ValueError for a place it will not add (a point outside
    Kazakhstan: the gazetteer's ``check_point``, the rule a moved action follows too)."""
    if kind not in PLACE_KINDS:
        raise ValueError(f"kind must be one of {', '.join(PLACE_KINDS)}")
    if not name_ru.strip():
        raise ValueError("a place needs its Russian name")
    checked = gazetteer.check_point(lat, lon)
    if checked.problem:
        raise ValueError(checked.problem)
    admin1 = checked.region
    parent = ""
    if district_id:
        district = gazetteer.places.get(district_id)
        if district is None or district.kind != "district":
            raise ValueError(f"no district {district_id}")
        if district.admin1 != admin1:
            raise ValueError(f"the point is in {admin1}, not in {district.admin1}")
        parent = district_id.split(":", 1)[1]
    now = _now()
    row = dict.fromkeys(PLACES_COLUMNS, "") | {
        "id": "added_" + re.sub(r"\W+", "_", f"{name_en or name_ru}_{lat:.3f}_{lon:.3f}").lower(),
        "kind": kind,
        "name_en": name_en.strip() or name_ru.strip(),
        "name_ru": name_ru.strip(),
        "name_kk": name_kk.strip(),
        "admin1": admin1,
        "parent": parent,
        "lat": f"{lat:.5f}",
        "lon": f"{lon:.5f}",
        "source": f"placed on the map by {who or 'an analyst'} on {now[:10]}",
        "who": who.strip(),
        "when": now,
        "why": why.strip(),
    }
    _append_place_row(Path(path), row)
    return row


def place_rows(path: Path) -> list[dict]:
    """Every row of the places file ``path``, oldest first, as written (its history: an
    added place, then perhaps its withdrawal and restoration)."""
    try:
        with Path(path).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError:
        return []


def withdraw_place(path: Path, place_id: str, who: str, why: str) -> dict:
    """Take the analysts' place ``place_id`` (its ``id`` column) out of the gazetteer: a new
    row, status ``withdrawn``, with who, when and why; the rows before it stay."""
    return _restate_place(Path(path), place_id, WITHDRAWN, who, why)


def restore_place(path: Path, place_id: str, who: str, why: str) -> dict:
    """Put a withdrawn place back: its row again, with no status, and who, when, why."""
    return _restate_place(Path(path), place_id, "", who, why)


def _restate_place(path: Path, place_id: str, status: str, who: str, why: str) -> dict:
    who_and_why(who, why)
    rows = [r for r in place_rows(path) if r.get("id") == place_id]
    if not rows:
        raise ValueError(f"no place {place_id} in {path.name}")
    if (rows[-1].get("status") or "") == status:
        raise ValueError(f"{place_id} is {'withdrawn' if status else 'in the gazetteer'} already")
    row = dict.fromkeys(PLACES_COLUMNS, "") | rows[-1]
    row |= {"status": status, "who": who.strip(), "when": _now(), "why": why.strip()}
    _append_place_row(path, {k: row.get(k) or "" for k in PLACES_COLUMNS})
    return row


def _append_place_row(path: Path, row: dict) -> None:
    """Append ``row`` to the places file; a file written before the history columns
    (status, who, when, why) is written again with them first (every row kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and _header(path) != PLACES_COLUMNS:
        rows = place_rows(path)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=PLACES_COLUMNS, restval="")
            writer.writeheader()
            writer.writerows({k: r.get(k) or "" for k in PLACES_COLUMNS} for r in rows)
        os.replace(tmp, path)
    new = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=PLACES_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow(row)
        out.flush()
        os.fsync(out.fileno())


def _header(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as f:
        return tuple(next(csv.reader(f), ()))


def who_and_why(who: str, why: str) -> None:
    """Every change names who made it and why; ValueError with the words for the analyst if not."""
    if not str(who or "").strip():
        raise ValueError("say who you are: your name goes with every change")
    if not str(why or "").strip():
        raise ValueError("say why: the next analyst will want to know")


# --- withdrawn articles ----------------------------------------------------------------------


def added_articles(corpus_dir: Path) -> list[AddedArticle]:
    """The articles added on the Curate page, in the corpus or withdrawn, oldest first."""
    found = []
    for base, withdrawn in ((Path(corpus_dir), False), (Path(corpus_dir) / WITHDRAWN_FOLDER, True)):
        folder = base / ADDED_FOLDER
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
                found.append(AddedArticle.of(path, base, withdrawn))
    return sorted(found, key=lambda a: (a.added_at, a.file))


def withdrawals(corpus_dir: Path) -> list[dict]:
    """Every withdrawal and restoration of an added article, oldest first (``change``,
    ``file``, ``who``, ``when``, ``why``), from ``CORPUS/.withdrawn/history.toml``."""
    try:
        text = (Path(corpus_dir) / WITHDRAWN_FOLDER / HISTORY).read_text(encoding="utf-8")
        return tomllib.loads(text).get("entry", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []


def withdraw_article(corpus_dir: Path, file: str, who: str, why: str) -> Path:
    """Move the added article ``file`` (as the corpus names it, ``added/...``) and its
    sidecar into ``CORPUS/.withdrawn/``, which the corpus reader passes over; kept there,
    restorable. Returns its new path."""
    return _move_article(Path(corpus_dir), file, "withdraw", who, why)


def restore_article(corpus_dir: Path, file: str, who: str, why: str) -> Path:
    """Move a withdrawn article (and its sidecar) back into the corpus."""
    return _move_article(Path(corpus_dir), file, "restore", who, why)


def _move_article(corpus: Path, file: str, change: str, who: str, why: str) -> Path:
    who_and_why(who, why)
    rel = PurePosixPath(file)
    if rel.parent != PurePosixPath(ADDED_FOLDER) or rel.suffix.lower() not in ARTICLE_SUFFIXES:
        raise ValueError(f"{file} is not an article added on this page")
    inside, aside = corpus / rel, corpus / WITHDRAWN_FOLDER / rel
    source, target = (inside, aside) if change == "withdraw" else (aside, inside)
    if not source.is_file():
        state = "withdrawn" if change == "withdraw" else "in the corpus"
        raise ValueError(f"{file} is not there to {change} (is it {state} already?)")
    moves = [(source, target), (sidecar_of(source), sidecar_of(target))]
    if any(to.exists() for _, to in moves):
        raise ValueError(f"{target} exists already: nothing moved")
    target.parent.mkdir(parents=True, exist_ok=True)
    for old, new in moves:
        if old.exists():
            os.replace(old, new)
    _log(corpus, {"change": change, "file": file, "who": who.strip(), "when": _now(), "why": why})
    return target


def _log(corpus: Path, entry: dict) -> None:
    path = corpus / WITHDRAWN_FOLDER / HISTORY
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HISTORY_HEADER + "\n" + tomli_w.dumps({"entry": [*withdrawals(corpus), entry]})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class AddedArticle:
    """An article added on the Curate page: its name in the corpus (``added/...``), who
    added it and when (its sidecar's ``added_by``, ``added_at``), and whether it is
    withdrawn."""

    file: str
    added_by: str
    added_at: str
    url: str
    withdrawn: bool

    @classmethod
    def of(cls, path: Path, base: Path, withdrawn: bool) -> AddedArticle:
        meta, _problems = read_metadata(sidecar_of(path))  # the pipeline's own reading
        # Added before added_at was written: the file's time.
        stamp = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
        return cls(
            file=path.relative_to(base).as_posix(),
            added_by=meta.added_by or "",
            added_at=meta.added_at or stamp.strftime(TIME_FORMAT),
            url=meta.url or "",
            withdrawn=withdrawn,
        )

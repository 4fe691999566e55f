"""The package's shipped tables (``geo/resources/``): the one way to read them, and the
reference tables of action types and organisations.

In: the files under ``geo/resources/``, found with ``importlib.resources`` (so an installed
package reads its own copy, wherever it is installed). Out: ``path(name)`` (the file on disk),
``text(name)``, ``toml(name)`` and ``csv_rows(name)`` (each read once per process),
``names()`` (every shipped file), ``package_fingerprint()`` (a hash of the pipeline's code
and tables, for what is kept across runs); and from the tables ``action_types()`` (type
key -> labels and patterns, in priority order), ``type_labels(lang)`` (type key -> label in
en, ru or kk), ``type_colours()`` (type key -> its colour on the map, the briefing image
and the timeline), ``beneficiaries()`` and ``beneficiary_labels(lang)``,
``organisations()`` (id -> ``Organisation``) and ``discourse()`` (the discourse markers,
read by the extractor and by the geoparser). What analysts add (corrections, places) is
not here: it is the workspace's (geo.workspace).

The parsed tables are shared by every caller: read them, never change them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from geo import BESIDE, FOUNDATION, PIPELINE

PACKAGE = "geo"
FOLDER = "resources"


def _root():
    return files(PACKAGE) / FOLDER


def path(name: str) -> Path:
    """The shipped file ``name`` ("regions.geojson", "dashboard/i18n/en.toml") on disk: the
    package is installed as files (a wheel is unpacked), so its resources are files too."""
    found = _root().joinpath(*name.split("/"))
    if not found.is_file():
        raise FileNotFoundError(f"no {name} in {PACKAGE}/{FOLDER}")
    return Path(str(found))


def folder() -> Path:
    """The shipped tables' folder on disk, for a caller that looks for a file in a data folder
    first and falls back to the package's own (geo.dashboard.store.find_data_file)."""
    return Path(str(_root()))


@cache
def text(name: str) -> str:
    return _root().joinpath(*name.split("/")).read_text(encoding="utf-8")


@cache
def toml(name: str) -> dict:
    return tomllib.loads(text(name))


@cache
def csv_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a shipped CSV table as dicts (header -> cell)."""
    return tuple(csv.DictReader(io.StringIO(text(name), newline="")))


def names() -> list[str]:
    """Every shipped file as ``path`` takes it ("districts.csv", "dashboard/i18n/en.toml")."""
    found = []

    def walk(folder, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                walk(entry, f"{prefix}{entry.name}/")
            elif entry.is_file() and not entry.name.startswith("."):
                found.append(prefix + entry.name)

    walk(_root(), "")
    return sorted(found)


@cache
def package_fingerprint() -> str:
    """A hash of what the pipeline is made of, as the layout says (``geo.FOUNDATION`` and
    ``geo.PIPELINE``, see geo/__init__.py): the foundation's modules, every module of the
    pipeline's subpackages, and every shipped table but those in a folder named after a
    package beside the pipeline (``resources/dashboard/``, ``resources/quality/``). The
    dashboard, the Curate page, the evaluation and the command line change no extraction.
    (The analysts' corrections apply after extraction: editing them re-extracts nothing.)
    What is kept across runs under it (the build cache, the gazetteer's pickle) is never
    served to other code."""
    package = Path(__file__).resolve().parent
    modules = [package / "__init__.py", *(package / f"{m}.py" for m in FOUNDATION)]
    for stage in PIPELINE:
        modules += sorted((package / stage).rglob("*.py"))
    tables = [n for n in names() if n.split("/")[0] not in BESIDE]
    digest = hashlib.sha256()
    for file in [*modules, *(path(n) for n in tables)]:
        digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str  # canonical name, shown in filters and exports
    type: str  # party, youth_wing, foundation, ngo, company, state_body, ...
    parent: str | None  # id of the organisation it belongs to


def action_types() -> dict[str, dict]:
    return toml("action_types.toml")


def type_labels(lang: str = "en") -> dict[str, str]:
    return {key: spec[f"label_{lang}"] for key, spec in action_types().items()}


def type_colours() -> dict[str, str]:
    """Type key -> its colour (``colour`` in action_types.toml, "#rrggbb")."""
    return {key: spec["colour"] for key, spec in action_types().items()}


def confidence() -> dict:
    """``geo/resources/confidence.toml``: the log-odds ``bias`` and ``reasons`` (code ->
    ``weight`` and its words ``en``, ``ru``, ``kk``), read by geo.dataset.confidence."""
    return toml("confidence.toml")


def beneficiaries() -> dict[str, dict]:
    """Beneficiary key -> labels and patterns (``geo/resources/beneficiaries.toml``), in display
    order."""
    return toml("beneficiaries.toml")


def beneficiary_labels(lang: str = "en") -> dict[str, str]:
    return {key: spec[f"label_{lang}"] for key, spec in beneficiaries().items()}


@cache
def organisations() -> dict[str, Organisation]:
    return {
        r["id"]: Organisation(r["id"], r["name"], r["type"], r["parent"] or None)
        for r in csv_rows("organisations.csv")
    }


def discourse() -> dict[str, list[str]]:
    """``geo/resources/discourse.toml``: marker name -> patterns (the extractor's sentence
    markers and the geoparser's "the whole country")."""
    return toml("discourse.toml")

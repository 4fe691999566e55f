"""The project's reference tables: action types and organisations.

In: ``geo/resources/action_types.toml``, ``geo/resources/beneficiaries.toml``,
``geo/resources/organisations.csv``.
Out: ``action_types()`` (type key -> labels and patterns, in priority order),
``type_labels(lang)`` (type key -> label in en, ru or kk), ``type_colours()`` (type key ->
its colour on the map, the briefing image and the timeline), ``beneficiaries()`` and
``beneficiary_labels(lang)``, and ``organisations()`` (id -> ``Organisation``). The extractor
and the dashboard read the same tables.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "resources"


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str  # canonical name, shown in filters and exports
    type: str  # party, youth_wing, foundation, ngo, company, state_body, ...
    parent: str | None  # id of the organisation it belongs to


@cache
def action_types() -> dict[str, dict]:
    return tomllib.loads((DATA_DIR / "action_types.toml").read_text(encoding="utf-8"))


def type_labels(lang: str = "en") -> dict[str, str]:
    return {key: spec[f"label_{lang}"] for key, spec in action_types().items()}


def type_colours() -> dict[str, str]:
    """Type key -> its colour (``colour`` in action_types.toml, "#rrggbb")."""
    return {key: spec["colour"] for key, spec in action_types().items()}


@cache
def beneficiaries() -> dict[str, dict]:
    """Beneficiary key -> labels and patterns (``geo/resources/beneficiaries.toml``), in display
    order."""
    return tomllib.loads((DATA_DIR / "beneficiaries.toml").read_text(encoding="utf-8"))


def beneficiary_labels(lang: str = "en") -> dict[str, str]:
    return {key: spec[f"label_{lang}"] for key, spec in beneficiaries().items()}


@cache
def organisations() -> dict[str, Organisation]:
    with (DATA_DIR / "organisations.csv").open(encoding="utf-8") as f:
        return {
            r["id"]: Organisation(r["id"], r["name"], r["type"], r["parent"] or None)
            for r in csv.DictReader(f)
        }

"""Corrections: what analysts fixed, kept as data and applied to every build.

In: ``data/corrections.toml``, a list of ``[[correction]]`` tables (see README, "Analysts in
the loop"), and the features a build made. Out: ``load(path) -> (corrections, problems)``
validates the file; ``apply(features, corrections, gazetteer) -> (features, report)``
returns the features corrected, every feature of a corrected action marked ``edited`` with
the ids of its ``corrections``, and a report of the corrections that found no action.
``append(path, correction)`` adds one (the dashboard's forms use it).

A correction is tied to its action by the article (``doc_id``) and the action's evidence
sentence, not only by ``action_id``: when a rebuild numbers the article's actions otherwise
(the extractor improved, an action was found before it), the correction still finds its
action by the sentence. One that finds none is reported, never dropped silently.

Changes: ``move`` (to a gazetteer ``place_id``, or to ``lat``/``lon`` with a ``place``
name; ``from_place_id`` says which of several places), ``edit`` (any of ``action_type``,
``organisations``, ``beneficiaries``, ``date_start``/``date_end``), ``delete`` (a false
action) and ``merge`` (fold the action into the one named by ``into``, keeping its sources).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from pathlib import Path

import tomli_w

from geo.dataset import record
from geo.reference import action_types

CHANGES = ("move", "edit", "delete", "merge")
EDITABLE = ("action_type", "organisations", "beneficiaries", "date_start", "date_end")
REQUIRED = ("id", "who", "when", "change", "doc_id", "action_id", "evidence")
HEADER = """\
# Analysts' corrections to the extracted actions: who changed what, when and why.
# Applied to every build (geo build); see README, "Analysts in the loop". Written by the
# dashboard's forms; edit by hand if you like: geo build reports any entry it cannot apply.
"""


def load(path: Path) -> tuple[list[dict], list[str]]:
    """The valid corrections of the file and a message for each one that is not."""
    if not path.exists():
        return [], []
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("correction", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return [], [f"{path.name}: not read, no correction applied ({err})"]
    valid, problems, seen = [], [], set()
    for n, entry in enumerate(entries, start=1):
        problem = _problem(entry, seen)
        if problem:
            problems.append(f"{path.name}: correction {entry.get('id', f'#{n}')}: {problem}")
        else:
            seen.add(entry["id"])
            valid.append(entry)
    return valid, problems


def _problem(entry: dict, seen: set[str]) -> str | None:
    missing = [key for key in REQUIRED if not entry.get(key)]
    if missing:
        return f"missing {', '.join(missing)}"
    if entry["id"] in seen:
        return "the same id as an earlier correction"
    change = entry["change"]
    if change not in CHANGES:
        return f"change {change!r} is not one of {', '.join(CHANGES)}"
    if change == "move" and not entry.get("place_id"):
        if not all(isinstance(entry.get(k), (int, float)) for k in ("lat", "lon")):
            return "a move needs place_id, or lat and lon"
        if not (-90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180):
            return "lat/lon out of range"
    if change == "merge" and not entry.get("into"):
        return "a merge needs into (the action to keep)"
    if change == "edit":
        if not any(key in entry for key in EDITABLE):
            return f"an edit changes nothing (give any of {', '.join(EDITABLE)})"
        if "action_type" in entry and entry["action_type"] not in action_types():
            return f"unknown action_type {entry['action_type']!r}"
        for key in ("date_start", "date_end"):
            if key in entry and not _iso_day(entry[key]):
                return f"{key} must be YYYY-MM-DD"
        if (entry.get("date_start") or "") > (entry.get("date_end") or "9999"):
            return "date_start is after date_end"
    return None


def _iso_day(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def apply(features: list[dict], corrections: list[dict], gazetteer) -> tuple[list, list[str]]:
    """``features`` with the corrections applied in order; and a line for each correction
    that found no action (its article is gone or no longer tells that sentence)."""
    actions: dict[str, list[dict]] = {}
    for feature in features:
        actions.setdefault(feature["properties"]["action_id"], []).append(feature)
    orphans = []
    for correction in corrections:
        action_id = _find(actions, correction)
        if action_id is None:
            orphans.append(
                f"correction {correction['id']} ({correction['change']} "
                f"{correction['action_id']}): its action is no longer in {correction['doc_id']}"
            )
            continue
        change = correction["change"]
        if change == "merge":
            kept = _find(actions, {**correction, "action_id": correction["into"], "evidence": ""})
            if kept is None or kept == action_id:
                orphans.append(f"correction {correction['id']}: no action {correction['into']}")
                continue
            sources = [s for f in actions[action_id] for s in f["properties"]["sources"]]
            for feature in actions[kept]:
                props = feature["properties"]
                props["sources"] = list(dict.fromkeys(props["sources"] + sources))
                _mark(feature, correction)
            del actions[action_id]
        elif change == "delete":
            del actions[action_id]
        elif change == "move":
            place_id = correction.get("place_id")
            place = gazetteer.places.get(place_id) if place_id else None
            if place_id and not (place and place.located) and "lat" not in correction:
                orphans.append(f"correction {correction['id']}: no place {place_id} to move to")
                continue
            actions[action_id] = _move(actions[action_id], correction, gazetteer)
            _summarize(actions[action_id])
        else:
            _edit(actions[action_id], correction)
        for feature in actions.get(action_id, []):
            _mark(feature, correction)
    return [f for group in actions.values() for f in group], orphans


def _find(actions: dict[str, list[dict]], correction: dict) -> str | None:
    """The action the correction is about: its id, if the id still tells the same sentence;
    else the article's action that tells it."""
    anchor = _words(correction.get("evidence", ""))
    same_id = actions.get(correction["action_id"])
    if same_id and (not anchor or _words(same_id[0]["properties"]["evidence"]) == anchor):
        return correction["action_id"]
    for action_id, group in actions.items():
        props = group[0]["properties"]
        same_article = props["doc_id"] == correction["doc_id"]
        if same_article and anchor and _words(props["evidence"]) == anchor:
            return action_id
    return None


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _mark(feature: dict, correction: dict) -> None:
    props = feature["properties"]
    props["edited"] = True
    props["corrections"] = list(dict.fromkeys([*props.get("corrections", []), correction["id"]]))


def _edit(group: list[dict], correction: dict) -> None:
    for props in (f["properties"] for f in group):
        for key in EDITABLE:
            if key in correction:
                props[key] = correction[key]
        if "action_type" in correction:
            rest = [t for t in props["action_types"] if t != correction["action_type"]]
            props["action_types"] = [correction["action_type"], *rest]
        if "date_start" in correction or "date_end" in correction:
            props["date_end"] = props["date_end"] or props["date_start"]
            props["date_start"] = props["date_start"] or props["date_end"]
            props["time_precision"] = _precision(props["date_start"], props["date_end"])
            props["date_source"] = "analyst"
    _summarize(group)


def _summarize(group: list[dict]) -> None:
    """The action's summary again, after its type, organisations or places changed."""
    places = list(dict.fromkeys(f["properties"]["place"] for f in group))
    for props in (f["properties"] for f in group):
        props["summary"] = record.summarize(props["action_type"], props["organisations"], places)


def _precision(start: str, end: str) -> str:
    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    return "day" if days == 0 else "week" if days < 7 else "month" if days < 31 else "year"


def _move(group: list[dict], correction: dict, gazetteer) -> list[dict]:
    """The action's features with the one at ``from_place_id`` (or its only one) moved."""
    where = correction.get("from_place_id")
    target = next((f for f in group if f["properties"]["place_id"] == where), None)
    if target is None:
        if len(group) > 1 and where:
            return group
        target = group[0]
    props = target["properties"]
    place_id = correction.get("place_id")
    place = gazetteer.places.get(place_id) if place_id else None
    if place is not None and place.located:
        lat, lon = place.lat, place.lon
        props |= record.at_place(place)
    else:
        lat, lon = float(correction["lat"]), float(correction["lon"])
        props |= record.at_point(lat, lon, correction.get("place"), gazetteer)
    target["geometry"]["coordinates"] = [round(lon, 6), round(lat, 6)]
    return group


def append(path: Path, correction: dict) -> dict:
    """Add ``correction`` (``id`` and ``when`` are set if missing) to the file, atomically."""
    entries = []
    if path.exists():
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("correction", [])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    correction = {"id": f"c{now:%Y%m%d%H%M%S}-{len(entries) + 1}", "when": now} | correction
    problem = _problem(correction, {e.get("id") for e in entries})
    if problem:
        raise ValueError(problem)
    text = HEADER + "\n" + tomli_w.dumps({"correction": [*entries, correction]})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return correction

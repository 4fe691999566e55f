"""Corrections: what analysts fixed, kept as data and applied to every build.

In: ``data/corrections.toml``, a list of ``[[correction]]`` tables (see README, "Analysts in
the loop"), and the features a build made. Out: ``load(path) -> (corrections, problems)``
validates the file (a problem is an ``Outcome`` not applied, with why);
``apply(features, corrections, gazetteer) -> (features, outcomes)`` returns the features
corrected, every feature of a corrected action marked ``edited`` with the ids of its
``corrections``, and the ``Outcome`` of each correction: applied, or why not (its action is
gone, ...); a delete's or merge's ``Outcome`` keeps the features it took off the map
(``removed``, listed in the report so that the review queue still counts them as checked).
``Report`` gathers a build's outcomes: the ``corrections`` of build-report.json.
``append(path, correction)`` adds one (the dashboard's forms use it; ``BadCorrection`` says
why it will not).

A correction is tied to its action by the article (``doc_id``) and the action's evidence
sentence, not only by ``action_id``: when a rebuild numbers the article's actions otherwise
(the extractor improved, an action was found before it), the correction still finds its
action by the sentence. One that finds none is reported, never dropped silently.

Changes: ``move`` (to a gazetteer ``place_id``, or to ``lat``/``lon`` with a ``place``
name; ``from_place_id`` says which of several places), ``edit`` (any of ``action_type``,
``organisations``, ``beneficiaries``, ``date_start``/``date_end``), ``delete`` (a false
action), ``merge`` (fold the action into the one named by ``into``, keeping its sources),
``confirm`` (an analyst checked the record and its point is right: ``place_id`` says which
of several places; its confidence becomes an analyst's, geo.dataset.confidence.checked)
and ``revert`` (``reverts``: the id of an earlier correction, which is then not applied;
reverting a revert applies its correction again). Nothing is erased: undoing is a new entry.

A move to ``lat``/``lon`` must land in Kazakhstan: the gazetteer's ``check_point`` (the
rule the Curate page and an added place follow) refuses it at build time too, so a
hand-edited file cannot put an action off the map.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from geo.dataset import confidence, record
from geo.dataset.schema import place_name_in
from geo.exc import BadCorrection
from geo.language.characters import visible
from geo.language.organisations import FORMULA_START, MARKUP, looks_like_name
from geo.reference import action_types

CHANGES = ("move", "edit", "delete", "merge", "confirm")  # what a correction does to an action
REVERT = "revert"  # undoes an earlier correction (or an earlier revert)
EDITABLE = ("action_type", "organisations", "beneficiaries", "date_start", "date_end")
REQUIRED = ("id", "who", "when", "change", "doc_id", "action_id", "evidence")
REVERT_REQUIRED = ("id", "who", "when", "change", "reverts")
HEADER = """\
# Analysts' corrections to the extracted actions: who changed what, when and why.
# Applied to every build into this folder (geo build); see README, "Analysts in the loop".
# Written by the dashboard's forms; edit by hand if you like: geo build reports any entry it
# cannot apply.
"""

# Why a correction was not applied (Outcome.why).
UNREADABLE = "unreadable"  # the file could not be read: no correction applied
INVALID = "invalid"  # the entry is not a valid correction
NO_ACTION = "no_action"  # its action is no longer in its article
NO_TARGET = "no_target"  # a merge's ``into`` action is not there
NO_PLACE = "no_place"  # a move's place is not in the gazetteer
OUTSIDE = "outside"  # a move's point is not in Kazakhstan
REVERTED = "reverted"  # a later revert undid it (not a failure)


@dataclass(frozen=True)
class Outcome:
    """What became of one correction in a build: applied, or ``why`` not (with the report's
    line, ``message``)."""

    correction_id: str | None  # None when the file itself was not read
    applied: bool
    why: str = ""  # UNREADABLE | INVALID | NO_ACTION | NO_TARGET | NO_PLACE | OUTSIDE | REVERTED
    message: str = ""
    removed: tuple[dict, ...] = ()  # the features a delete or merge took off the map

    @classmethod
    def failed(cls, correction_id: str | None, why: str, message: str) -> Outcome:
        return cls(correction_id, False, why, message)


@dataclass
class Report:
    """The corrections of one build: the file and every correction's ``Outcome``."""

    file: str
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(o.applied for o in self.outcomes)

    @property
    def not_applied(self) -> list[Outcome]:
        """The corrections the build could not apply (a reverted one is not among them)."""
        return [o for o in self.outcomes if not o.applied and o.why != REVERTED]

    @property
    def reverted(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.why == REVERTED]

    @property
    def removed(self) -> list[dict]:
        """The features the corrections took off the map (deleted, merged), as they were."""
        return [f for o in self.outcomes for f in o.removed]

    def was_applied(self, correction_id: str) -> bool:
        """False if the build could not apply the correction ``correction_id``."""
        return not any(o.correction_id == correction_id for o in self.not_applied)

    def to_json(self) -> dict:
        """As build-report.json has it: the file, how many applied, a line for each not,
        one for each reverted, and the features taken off the map (``removed``)."""
        return {
            "file": self.file,
            "applied": self.applied,
            "not_applied": [o.message for o in self.not_applied],
            "reverted": [o.message for o in self.reverted],
            "removed": self.removed,
        }


def load(path: Path) -> tuple[list[dict], list[Outcome]]:
    """The valid corrections of the file and an ``Outcome`` (not applied, why) for each one
    that is not."""
    if not path.exists():
        return [], []
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("correction", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        message = f"{path.name}: not read, no correction applied ({err})"
        return [], [Outcome.failed(None, UNREADABLE, message)]
    valid, problems, seen = [], [], set()
    for n, entry in enumerate(entries, start=1):
        problem = _problem(entry, seen)
        if problem:
            name = entry.get("id", f"#{n}")
            message = f"{path.name}: correction {name}: {problem}"
            problems.append(Outcome.failed(entry.get("id"), INVALID, message))
        else:
            seen.add(entry["id"])
            valid.append(entry)
    return valid, problems


def _problem(entry: dict, seen: set[str], gazetteer=None) -> str | None:
    """Why ``entry`` is not a valid correction (``seen``: the ids of the valid ones before
    it); with a ``gazetteer``, a move's point must be in Kazakhstan too."""
    required = REVERT_REQUIRED if entry.get("change") == REVERT else REQUIRED
    missing = [key for key in required if not entry.get(key)]
    if missing:
        return f"missing {', '.join(missing)}"
    if entry["id"] in seen:
        return "the same id as an earlier correction"
    change = entry["change"]
    if change == REVERT:
        return (
            None
            if entry["reverts"] in seen
            else f"reverts {entry['reverts']!r}: no such earlier correction"
        )
    if change not in CHANGES:
        return f"change {change!r} is not one of {', '.join((*CHANGES, REVERT))}"
    if change == "move" and not entry.get("place_id"):
        if not all(isinstance(entry.get(k), (int, float)) for k in ("lat", "lon")):
            return "a move needs place_id, or lat and lon"
        if not (-90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180):
            return "lat/lon out of range"
        if gazetteer is not None:
            return _outside(entry, gazetteer)
    if change == "merge" and not entry.get("into"):
        return "a merge needs into (the action to keep)"
    if change == "edit":
        if not any(key in entry for key in EDITABLE):
            return f"an edit changes nothing (give any of {', '.join(EDITABLE)})"
        if "action_type" in entry and entry["action_type"] not in action_types():
            return f"unknown action_type {entry['action_type']!r}"
        if "organisations" in entry and (problem := _organisations_problem(entry)):
            return problem
        for key in ("date_start", "date_end"):
            if key in entry and not _iso_day(entry[key]):
                return f"{key} must be YYYY-MM-DD"
        if (entry.get("date_start") or "") > (entry.get("date_end") or "9999"):
            return "date_start is after date_end"
    return None


def _organisations_problem(entry: dict) -> str | None:
    """Why an edit's organisations cannot be kept, if they cannot: the analyst's names follow
    the rule the extractor's follow (geo.language.organisations.looks_like_name)."""
    names = entry["organisations"]
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return "organisations must be a list of names"
    for name in record.typed(names):
        if not looks_like_name(name):
            return (
                f"organisation {name[:60]!r} does not look like a name (mostly letters, "
                f"no {' '.join(sorted(MARKUP))}, not starting with {' '.join(FORMULA_START)})"
            )
    return None


def _outside(entry: dict, gazetteer) -> str | None:
    """Why a move's typed point is not in Kazakhstan (the gazetteer's ``check_point``)."""
    if entry.get("change") != "move" or entry.get("place_id") or "lat" not in entry:
        return None
    return gazetteer.check_point(entry["lat"], entry["lon"]).problem


def undone_by(corrections: list[dict]) -> dict[str, str]:
    """The corrections a later revert undid: id -> the id of the revert that did. A revert
    that is itself reverted undoes nothing (its correction is in force again)."""
    undone: dict[str, str] = {}
    for entry in reversed(corrections):  # a revert always names an earlier entry
        if entry.get("change") == REVERT and entry["id"] not in undone:
            undone.setdefault(entry["reverts"], entry["id"])
    return undone


def _what(correction: dict) -> str:
    if correction["change"] == REVERT:
        return f"revert of {correction['reverts']}"
    return f"{correction['change']} {correction['action_id']}"


def _iso_day(value) -> bool:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def apply(features: list[dict], corrections: list[dict], gazetteer) -> tuple[list, list[Outcome]]:
    """``features`` with the corrections applied in order; and the ``Outcome`` of each
    correction, in order: applied, or why not (a later revert undid it, its article is gone
    or no longer tells that sentence, its merge's other action or its move's place is not
    there, its point is not in Kazakhstan)."""
    actions: dict[str, list[dict]] = {}
    for feature in features:
        actions.setdefault(feature["properties"]["action_id"], []).append(feature)
    undone = undone_by(corrections)
    outcomes = []
    for correction in corrections:
        cid = correction["id"]
        if cid in undone:
            message = f"correction {cid} ({_what(correction)}): reverted by {undone[cid]}"
            outcomes.append(Outcome.failed(cid, REVERTED, message))
            continue
        if correction["change"] == REVERT:
            outcomes.append(Outcome(cid, True))
            continue
        outcome = _apply_one(actions, correction, gazetteer)
        outcomes.append(outcome or Outcome(cid, True))
    return [f for group in actions.values() for f in group], outcomes


def _apply_one(actions: dict[str, list[dict]], correction: dict, gazetteer) -> Outcome | None:
    """Apply ``correction`` to ``actions`` (in place); the outcome if it could not be, or if
    it took features off the map (a delete's, a merge's: ``removed``)."""
    cid = correction["id"]
    if gazetteer is not None and (problem := _outside(correction, gazetteer)):
        message = f"correction {cid} (move {correction['action_id']}): {problem}"
        return Outcome.failed(cid, OUTSIDE, message)
    action_id = _find(actions, correction)
    if action_id is None:
        message = (
            f"correction {cid} ({correction['change']} "
            f"{correction['action_id']}): its action is no longer in {correction['doc_id']}"
        )
        return Outcome.failed(cid, NO_ACTION, message)
    actions[action_id] = _own(actions[action_id])
    change = correction["change"]
    if change == "merge":
        kept = _find(actions, {**correction, "action_id": correction["into"], "evidence": ""})
        if kept is None or kept == action_id:
            message = f"correction {cid}: no action {correction['into']}"
            return Outcome.failed(cid, NO_TARGET, message)
        actions[kept] = _own(actions[kept])
        sources = [s for f in actions[action_id] for s in f["properties"]["sources"]]
        for feature in actions[kept]:
            props = feature["properties"]
            props["sources"] = list(dict.fromkeys(props["sources"] + sources))
            _mark(feature, correction)
        return Outcome(cid, True, removed=tuple(actions.pop(action_id)))
    if change == "delete":
        return Outcome(cid, True, removed=tuple(actions.pop(action_id)))
    if change == "confirm":
        if (target := _at(actions[action_id], correction.get("place_id"))) is None:
            where = correction["place_id"]
            message = f"correction {cid} (confirm {correction['action_id']}): not at {where} now"
            return Outcome.failed(cid, NO_PLACE, message)
        target["properties"] |= confidence.checked()
    elif change == "move":
        place_id = correction.get("place_id")
        place = gazetteer.places.get(place_id) if place_id else None
        if place_id and not (place and place.located) and "lat" not in correction:
            message = f"correction {cid}: no place {place_id} to move to"
            return Outcome.failed(cid, NO_PLACE, message)
        actions[action_id] = _move(actions[action_id], correction, gazetteer)
        _summarize(actions[action_id])
    else:
        _edit(actions[action_id], correction)
    for feature in actions.get(action_id, []):
        _mark(feature, correction)
    return None


def _own(group: list[dict]) -> list[dict]:
    """A copy of an action's features to change: the features a correction starts from stay
    as the extraction made them, for the next build of a resident process (geo.dataset.watch)
    keeps them in memory. An action has a few features: copying them costs nothing."""
    return copy.deepcopy(group)


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
    # The evidence of a build from before invisible characters were dropped still finds its
    # sentence (geo.language.characters).
    return re.sub(r"\s+", " ", visible(text or "")).strip()


def _mark(feature: dict, correction: dict) -> None:
    props = feature["properties"]
    props["edited"] = props.get("edited") or correction["change"] != "confirm"  # none changed
    props["corrections"] = list(dict.fromkeys([*props.get("corrections", []), correction["id"]]))


def _edit(group: list[dict], correction: dict) -> None:
    for props in (f["properties"] for f in group):
        for key in EDITABLE:
            if key in correction:
                props[key] = record.typed(correction[key])
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
    """The action's summaries again, after its type, organisations or places changed."""
    names = {
        lang: list(dict.fromkeys(place_name_in(f["properties"], lang) for f in group))
        for lang in record.SUMMARY_LANGUAGES
    }
    for props in (f["properties"] for f in group):
        props |= record.summaries(props["action_type"], props["organisations"], names)


def _precision(start: str, end: str) -> str:
    days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
    return "day" if days == 0 else "week" if days < 7 else "month" if days < 31 else "year"


def _at(group: list[dict], place_id: str | None) -> dict | None:
    """The feature of the action at ``place_id``; with none named, its only (or first) one."""
    if not place_id:
        return group[0]
    return next((f for f in group if f["properties"]["place_id"] == place_id), None)


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
    props |= confidence.by_analyst()  # the text's reasons were about the old point
    target["geometry"]["coordinates"] = [round(lon, 6), round(lat, 6)]
    return group


def append(path: Path, correction: dict, gazetteer=None) -> dict:
    """Add ``correction`` (``id`` and ``when`` are set if missing) to the file, atomically.
    Raises ``BadCorrection`` (a ValueError) saying why one is not valid (with a
    ``gazetteer``: a move's point outside Kazakhstan too)."""
    entries = []
    if path.exists():
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("correction", [])
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    correction = {"id": f"c{now:%Y%m%d%H%M%S}-{len(entries) + 1}", "when": now} | correction
    problem = _problem(correction, {e.get("id") for e in entries}, gazetteer)
    if problem:
        raise BadCorrection(problem)
    text = HEADER + "\n" + tomli_w.dumps({"correction": [*entries, correction]})
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return correction

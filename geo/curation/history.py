"""History: every change analysts made, who made it, when and why, and how to undo it.

In: a ``geo.workspace.Workspace``: its corrections file (``[[correction]]``, with reverts),
its places file (one row per change of a place) and the articles added to its corpus
(their sidecars' ``added_by``/``added_at``, and ``CORPUS/.withdrawn/history.toml``).
Out: ``entries(where)``, the history newest first (an ``Entry`` each: who, when, what, why,
its state and the undo it offers); what and state are ``Phrase`` values, words in no
language yet, that ``Phrase.said(phrases)`` puts in the page's language (the templates:
``[curate.history_phrases]`` of geo/resources/dashboard/i18n/*.toml, ``phrases(lang)``);
``undo(where, key, who, why)`` does that undo, as a new entry (nothing is erased) and says
what it did as a ``Phrase``: a correction is reverted (``change = "revert"``, which
geo.dataset.corrections honours; reverting a revert applies its correction again), a place
withdrawn or restored (a new row of the places file), an article withdrawn into
``CORPUS/.withdrawn/`` or restored (geo.curation.intake). ``gone(where, action_id)``: the
delete or merge in force that took an action off the map, for a link to it.
The caller rebuilds the dataset after an undo (geo.curation.curate.rebuild).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from geo.curation import intake
from geo.dataset import corrections
from geo.geoparse.gazetteer import WITHDRAWN
from geo.workspace import Workspace

# What an undo does (the page's labels: geo/resources/dashboard/i18n, [curate.undo]).
REVERT, APPLY_AGAIN, WITHDRAW, RESTORE = "revert", "apply_again", "withdraw", "restore"


@dataclass(frozen=True)
class Phrase:
    """Words of the history in no language yet: ``key`` names a template of
    ``[curate.history_phrases]`` (geo/resources/dashboard/i18n/*.toml), ``args`` fill its
    fields: a string as it is, a ``Phrase`` said first, a tuple of them said and joined with
    "; " ("organisations = Jas Otan; type = Cash aid")."""

    key: str
    args: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, **args) -> Phrase:
        return cls(key, tuple(args.items()))

    def said(self, phrases: Mapping[str, str]) -> str:
        """The phrase in the language of ``phrases`` (``phrases(lang)``)."""

        def value(v) -> str:
            if isinstance(v, Phrase):
                return v.said(phrases)
            if isinstance(v, tuple):
                return "; ".join(value(part) for part in v)
            return str(v)

        return phrases[self.key].format(**{k: value(v) for k, v in self.args})


def phrases(lang: str | None = None) -> Mapping[str, str]:
    """The history's templates in ``lang`` (English when None or unknown)."""
    from geo.dashboard import i18n

    return i18n.curate_texts(lang or i18n.DEFAULT_LANGUAGE)["history_phrases"]


@dataclass(frozen=True)
class Entry:
    """One change of the history. ``key`` names it for ``undo``; ``undo`` is what undoing it
    does now (None: nothing, e.g. an earlier row of a place changed since)."""

    key: str
    kind: str  # correction | place | article
    when: str
    who: str
    what: Phrase
    why: str
    state: Phrase  # in force, reverted by ..., withdrawn, ...
    undo: str | None = None
    target: str = ""  # what an undo acts on: the correction's id, the place's id, the file
    change: str = ""  # a correction's change (move, edit, delete, merge, revert)

    @property
    def removes_an_action(self) -> bool:
        """A delete or merge in force: its action is off the map until it is reverted."""
        return self.change in ("delete", "merge") and self.undo == REVERT


def entries(where: Workspace) -> list[Entry]:
    """Every correction, place and article analysts added, withdrew or restored, newest
    first."""
    found = [*_corrections(where), *_places(where), *_articles(where)]
    # Within one second, a later line of its file is the newer.
    order = {id(e): n for n, e in enumerate(found)}
    return sorted(found, key=lambda e: (e.when, order[id(e)]), reverse=True)


def _corrections(where: Workspace, written: list[dict] | None = None) -> list[Entry]:
    """The corrections file's entries (``written``: the file, if already read)."""
    written = _read_corrections(where) if written is None else written
    undone = corrections.undone_by(written)
    found, said = [], {}
    for c in written:
        cid = str(c.get("id", ""))
        by = undone.get(cid)
        if c.get("change") == corrections.REVERT:
            reverted = said.get(c.get("reverts"), "?")
            what = Phrase.of("revert_of", id=c.get("reverts"), what=reverted)
        else:
            what = headline(c)
        said[cid] = what
        found.append(
            Entry(
                key=f"correction:{cid}",
                kind="correction",
                when=_when(c.get("when")),
                who=str(c.get("who", "")),
                what=what,
                why=str(c.get("why", "")),
                state=Phrase.of("reverted_by", by=by) if by else Phrase("in_force"),
                undo=APPLY_AGAIN if by else REVERT,
                target=cid,
                change=str(c.get("change", "")),
            )
        )
    return found


def _when(value) -> str:
    """A correction's time as the other entries write theirs (intake.TIME_FORMAT)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime(intake.TIME_FORMAT)
    return str(value or "")


def _read_corrections(where: Workspace) -> list[dict]:
    valid, _problems = corrections.load(where.corrections)
    return valid


def headline(entry) -> Phrase:
    """A correction in one line: its change, its action and what it changes
    ("move a12: to settlement:priozersk")."""
    change, action = Phrase(f"change_{entry.get('change')}"), entry.get("action_id")
    if (what := describe(entry)) is None:
        return Phrase.of("correction_bare", change=change, action=action)
    return Phrase.of("correction", change=change, action=action, what=what)


def describe(entry) -> Phrase | None:
    """What a correction changes, in a few words (None: nothing more than its change)."""
    change = entry.get("change")
    if change == "move":
        if entry.get("place_id"):
            return Phrase.of("move_to", place=entry["place_id"])
        place, lat, lon = entry.get("place") or "", entry.get("lat"), entry.get("lon")
        return Phrase.of("move_to_point", place=place, lat=lat, lon=lon)
    if change == "merge":
        return Phrase.of("merge_into", into=entry.get("into"))
    if change == "confirm":
        return Phrase.of("confirmed_at", place=entry.get("place_id"))
    if change == "edit":
        fields = tuple(
            Phrase.of("field_is", field=Phrase(f"field_{k}"), value=_words(entry[k]))
            for k in corrections.EDITABLE
            if k in entry
        )
        return Phrase.of("edited", fields=fields)
    if change == corrections.REVERT:
        return Phrase.of("undoes", id=entry.get("reverts"))
    return None


def _words(value) -> str | Phrase:
    """A value as words: a list as its items with commas ("Jas Otan, Birgemiz Fund"),
    "none" when empty."""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or Phrase("none")
    return str(value)


def _places(where: Workspace) -> list[Entry]:
    rows = intake.place_rows(where.places)
    last = {row.get("id"): n for n, row in enumerate(rows)}
    found, seen = [], set()
    for n, row in enumerate(rows):
        place_id, status = row.get("id", ""), row.get("status") or ""
        verb = "withdrew" if status == WITHDRAWN else "restored" if place_id in seen else "added"
        seen.add(place_id)
        current = last[place_id] == n
        name = f"{row.get('name_ru')} ({row.get('admin1')}, {row.get('lat')}, {row.get('lon')})"
        found.append(
            Entry(
                key=f"place:{place_id}:{n}",
                kind="place",
                # A row written before the history columns: its source says who and when.
                when=row.get("when") or _from_source(row, 2),
                who=row.get("who") or _from_source(row, 1),
                what=Phrase.of(f"{verb}_place", name=name),
                why=row.get("why") or "",
                state=Phrase(
                    ("withdrawn" if status == WITHDRAWN else "in_gazetteer")
                    if current
                    else "changed_since"
                ),
                undo=(RESTORE if status == WITHDRAWN else WITHDRAW) if current else None,
                target=place_id,
            )
        )
    return found


def _from_source(row: dict, group: int) -> str:
    """Who (1) or on which day (2), from "placed on the map by NAME on DAY"."""
    found = re.search(r"by (.+) on (\S+)$", row.get("source") or "")
    return found.group(group) if found else ""


def _articles(where: Workspace) -> list[Entry]:
    added = {a.file: a for a in intake.added_articles(where.corpus)}
    log = intake.withdrawals(where.corpus)
    last = {e.get("file"): n for n, e in enumerate(log)}
    found = []
    for article in added.values():
        found.append(
            Entry(
                key=f"article:{article.file}",
                kind="article",
                when=article.added_at,
                who=article.added_by,
                what=Phrase.of("added_article_from", file=article.file, url=article.url)
                if article.url
                else Phrase.of("added_article", file=article.file),
                why="",
                **_article_now(article, current=article.file not in last),
            )
        )
    for n, e in enumerate(log):
        file, article = e.get("file", ""), added.get(e.get("file", ""))
        current = last[file] == n and article is not None
        verb = "withdrew" if e.get("change") == "withdraw" else "restored"
        found.append(
            Entry(
                key=f"article:{file}:{n}",
                kind="article",
                when=str(e.get("when", "")),
                who=str(e.get("who", "")),
                what=Phrase.of(f"{verb}_article", file=file),
                why=str(e.get("why", "")),
                **_article_now(article, current),
            )
        )
    return found


def _article_now(article: intake.AddedArticle | None, current: bool) -> dict:
    """An article entry's state, undo and target: what the newest entry of its file offers."""
    if not current or article is None:
        return {"state": Phrase("changed_since"), "undo": None}
    withdrawn = article.withdrawn
    return {
        "state": Phrase("withdrawn" if withdrawn else "in_corpus"),
        "undo": RESTORE if withdrawn else WITHDRAW,
        "target": article.file,
    }


def undo(where: Workspace, key: str, who: str, why: str) -> Phrase:
    """Undo the history's entry ``key`` (as ``Entry.undo`` says), kept as a new entry;
    returns what was done. Raises ValueError with the reason it will not."""
    kind = key.split(":", 1)[0]
    of_kind = {"correction": _corrections, "place": _places, "article": _articles}.get(kind)
    entry = next((e for e in of_kind(where) if e.key == key), None) if of_kind else None
    if entry is None or entry.undo is None:
        raise ValueError(f"{key} cannot be undone now (the history changed: look again)")
    if kind == "correction":
        return _revert(where, entry.target, who, why)
    if kind == "place":
        place_id = entry.target
        if entry.undo == WITHDRAW:
            intake.withdraw_place(where.places, place_id, who, why)
            return Phrase.of("withdrew_place", name=place_id)
        intake.restore_place(where.places, place_id, who, why)
        return Phrase.of("restored_place", name=place_id)
    file = entry.target
    if entry.undo == WITHDRAW:
        intake.withdraw_article(where.corpus, file, who, why)
        return Phrase.of("withdrew_article_kept", file=file, folder=intake.WITHDRAWN_FOLDER)
    intake.restore_article(where.corpus, file, who, why)
    return Phrase.of("restored_article", file=file)


def _revert(where: Workspace, correction_id: str, who: str, why: str) -> Phrase:
    """A revert of ``correction_id``, or, when a revert undid it, a revert of that revert."""
    intake.who_and_why(who, why)
    written = _read_corrections(where)
    target = correction_id
    if correction_id in (undone := corrections.undone_by(written)):
        target = undone[correction_id]
    entry = next(c for c in written if c["id"] == target)
    revert = {
        "who": who.strip(),
        "why": why.strip(),
        "change": corrections.REVERT,
        "reverts": target,
        # Which action it is about, for the history and a link to it.
        **{k: entry[k] for k in ("doc_id", "action_id", "evidence") if entry.get(k)},
    }
    saved = corrections.append(where.corrections, revert)
    if target != correction_id:
        return Phrase.of("reverts_again", id=saved["id"], target=target, again=correction_id)
    return Phrase.of("reverts", id=saved["id"], target=correction_id)


@dataclass(frozen=True)
class Gone:
    """How an action left the map: the delete or merge in force, by whom, when, why."""

    correction_id: str
    change: str  # delete | merge
    who: str
    when: str
    why: str
    into: str = ""  # a merge's kept action


def gone(where: Workspace, action_id: str) -> Gone | None:
    """The delete or merge in force that took ``action_id`` off the map (the last one)."""
    written = _read_corrections(where)
    in_force = {e.target for e in _corrections(where, written) if e.removes_an_action}
    for c in reversed(written):
        if c["id"] in in_force and c.get("action_id") == action_id:
            when, why = _when(c.get("when")), c.get("why", "")
            return Gone(c["id"], c["change"], c["who"], when, why, c.get("into", ""))
    return None

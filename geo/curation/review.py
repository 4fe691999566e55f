"""Review: the review queue, the records most worth an analyst's look first, and the
progress of checking the doubtful ones.

In: the records of a view (``Record`` each: from the dashboard's table of the dataset,
``records_of``, or from an evaluated gold set, geo.quality.evaluate_actions) and, for the
progress, the records corrections took off the map (the build report's ``removed``).
Out: ``queue(records) -> list[Entry]`` (heaviest first, with ``shares``), ``progress(records,
removed) -> Progress`` ("12 of 40 doubtful records checked"), ``confirmation(record, who)``
(the ``confirm`` correction of a record, for geo.dataset.corrections), ``lines`` (the queue
for a terminal), ``records_of`` (a dashboard table's rows as ``Record``s) and
``load(data_dir, params, corrections_path, lang) -> Review`` (the queue and the progress of a
dataset folder in the view the map page's address parameters name: the one entry point of
the Curate page and ``geo review``).

How: a record's weight is how much a check would change the map:

    weight = (1 - confidence) x shares

``confidence`` is the record's (geo.dataset.confidence); ``shares`` is how many actions of
the view share the record's place (the same ``place_id``) or name one of its organisations
(organisations and sponsors, as the organisation filter reads them), its own action
included (so at least 1): a wrong place or organisation there moves that many actions on
the map. A checked record (confirmed, moved or edited by a correction: an analyst's reason,
or an edit among its corrections) weighs 0: a second look changes nothing. Ties: the lower
confidence first, then the record's id.

Why the product and a plain count: on ``../shared/realnews`` (49 records, 5 wrong) the ten
heaviest hold 3 wrong points against 1.0 for ten at random; confidence alone holds 4, the
place's count alone 2, the organisations' alone 4; on ``tests/gold`` 6 against 2.4 (7, 6,
7) and on ``tests/gold_holdout`` 6 against 1.7 (6 each). A square root or a logarithm of
the count changes none of these by more than one. The count costs a wrong point on real
news where one article puts several actions in a region (all right), and it is what the
queue is for: a check that fixes a place shared by four actions fixes four points
(``geo evaluate --queue`` prints the figure).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from geo.dataset import confidence, corrections

CONFIRM = "confirm"
# The why of a one-click confirm: the page's button says what it means.
CONFIRM_WHY = "checked in the review queue: the record and its point are right"


@dataclass(frozen=True)
class Record:
    """One record of a view (an action at one of its places) as the queue sees it."""

    record_id: str  # feature_id
    action_id: str
    place_id: str
    place: str
    organisations: tuple[str, ...]  # organisations and sponsors
    confidence: float  # now: an analyst's once checked
    reasons: tuple[str, ...]
    text_confidence: float  # the text's, before any analyst's check
    checked: bool = False  # confirmed, moved, edited (or deleted) by a correction

    @property
    def doubtful(self) -> bool:
        """Doubtful by the text's confidence (geo.dataset.confidence.is_doubtful)."""
        return confidence.is_doubtful(self.text_confidence)


@dataclass(frozen=True)
class Entry:
    """One line of the queue: the record, the evidence of its weight, its rank (1 first)."""

    rank: int
    record_id: str
    action_id: str
    place: str
    place_id: str
    organisations: tuple[str, ...]
    confidence: float
    reasons: tuple[str, ...]
    shares: int  # actions of the view at its place or naming one of its organisations
    checked: bool

    @property
    def weight(self) -> float:
        """(1 - confidence) x shares; 0 for a checked record."""
        return 0.0 if self.checked else round((1 - self.confidence) * self.shares, 4)

    def as_dict(self) -> dict:
        return {
            "rank": self.rank,
            "record_id": self.record_id,
            "action_id": self.action_id,
            "place": self.place,
            "place_id": self.place_id,
            "organisations": list(self.organisations),
            "confidence": self.confidence,
            "reasons": list(self.reasons),
            "shares": self.shares,
            "weight": self.weight,
            "checked": self.checked,
        }


@dataclass(frozen=True)
class Progress:
    """``checked`` of ``doubtful`` doubtful records checked (deleted ones included)."""

    checked: int
    doubtful: int

    def __str__(self) -> str:
        return f"{self.checked} of {self.doubtful} doubtful records checked"


@dataclass(frozen=True)
class Review:
    """A view's queue and its progress."""

    entries: list[Entry]
    progress: Progress
    view: str = ""  # the view's filters in words


def shares(records: Sequence[Record]) -> dict[str, int]:
    """record_id -> how many actions of ``records`` are at its place or name one of its
    organisations, its own included."""
    at_place: dict[str, set[str]] = defaultdict(set)
    naming: dict[str, set[str]] = defaultdict(set)
    for r in records:
        at_place[r.place_id].add(r.action_id)
        for org in r.organisations:
            naming[org].add(r.action_id)
    found = {}
    for r in records:
        actions = {r.action_id, *at_place[r.place_id]}
        for org in r.organisations:
            actions |= naming[org]
        found[r.record_id] = len(actions)
    return found


def queue(records: Sequence[Record]) -> list[Entry]:
    """The records, heaviest first (see the module for the weight and the ties)."""
    count = shares(records)
    entries = [
        Entry(
            0,
            r.record_id,
            r.action_id,
            r.place,
            r.place_id,
            r.organisations,
            r.confidence,
            r.reasons,
            count[r.record_id],
            r.checked,
        )
        for r in records
    ]
    entries.sort(key=lambda e: (-e.weight, e.confidence, e.record_id))
    return [replace(e, rank=n) for n, e in enumerate(entries, start=1)]


def progress(records: Iterable[Record], removed: Iterable[Record] = ()) -> Progress:
    """How many of the doubtful records (by the text's confidence) are checked; the records
    corrections took off the map (``removed``: deleted, merged) count as checked."""
    doubtful = [r for r in records if r.doubtful]
    gone = [r for r in removed if r.doubtful]
    return Progress(sum(r.checked for r in doubtful) + len(gone), len(doubtful) + len(gone))


def lines(entries: Sequence[Entry], done: Progress, lang: str = "en") -> list[str]:
    """The queue for a terminal: each entry with its evidence (place, organisations,
    confidence, the reasons in words, how many actions share), then the progress."""
    out = []
    for e in entries:
        orgs = "; ".join(o.removeprefix("unlisted:") for o in e.organisations) or "-"
        out += [
            f"{e.rank}. {e.record_id}  weight {e.weight:.2f} = (1 - {e.confidence:.2f}) x "
            f"{e.shares} actions sharing its place or organisation",
            f"   place: {e.place} ({e.place_id}); organisations: {orgs}",
            *(f"   - {confidence.words(code, lang)}" for code in e.reasons),
        ]
    return [*out, str(done)]


# --- records from the dashboard's table ---------------------------------------------------


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def records_of(frame, edits: Iterable[str] = (), removed: bool = False) -> list[Record]:
    """The ``Record`` of each row of a dashboard table (geo.dashboard.store), checked when its
    reasons are an analyst's or one of its corrections is among ``edits`` (the ids of edit
    corrections); every one checked when ``removed`` (taken off the map by a correction). A
    record without a confidence (a dataset built before them) is taken as sure."""
    edits = set(edits)
    found = []
    for row in frame.itertuples(index=False):
        now = _number(row.confidence)
        now = 1.0 if now is None else now
        text = _number(getattr(row, "text_confidence", None))
        reasons = tuple(row.confidence_reasons)
        by_analyst = any(code in confidence.BY_ANALYSTS for code in reasons)
        found.append(
            Record(
                record_id=row.feature_id,
                action_id=row.action_id,
                place_id=row.place_id,
                place=row.place,
                organisations=tuple(dict.fromkeys((*row.organisations, *row.sponsors))),
                confidence=now,
                reasons=reasons,
                text_confidence=now if text is None else text,
                checked=removed or by_analyst or not edits.isdisjoint(row.corrections),
            )
        )
    return found


def edit_ids(entries: Iterable[Mapping]) -> set[str]:
    """The ids of the corrections (as written in the corrections file) that check the
    records they mark without giving them an analyst's reason: edits."""
    return {str(e.get("id")) for e in entries if e.get("change") == "edit"}


def confirmation(record: Mapping, who: str, why: str = CONFIRM_WHY) -> dict:
    """The ``confirm`` correction of the record ``record`` (a feature's properties: its
    article, action, evidence and place), ready for geo.curation.curate.save_correction.
    ValueError (words for the analyst) without who."""
    from geo.curation import intake

    intake.who_and_why(who, why)
    return {
        "who": who.strip(),
        "why": why.strip(),
        "change": CONFIRM,
        "doc_id": record["doc_id"],
        "action_id": record["action_id"],
        "evidence": record.get("evidence") or "",
        "place_id": record["place_id"],
    }


def load(
    data_dir,
    params: Mapping | None = None,
    corrections_path=None,
    lang="en",
    given: Mapping | None = None,
) -> Review:
    """The queue and progress of the dataset in ``data_dir`` (the last whole one), in the
    view the map page's address parameters ``params`` name (geo.dashboard.view: dates,
    organisations, types, regions...; None or empty: everything), or else the view
    ``geo review``'s filter options ask for (``given``, as geo.dashboard.filters.cli_given
    gives them; a value that matches nothing raises ValueError), with the corrections file
    at ``corrections_path`` (its edits check records). ``Review.view``: that view in words
    in ``lang``."""
    from geo.dashboard import brief, store, view

    frame = store.read_actions(store.actions_file(data_dir))
    removed = (_report(data_dir).get("corrections") or {}).get("removed") or []
    gone = store.features_frame(removed)
    bounds = store.date_bounds(frame)
    if given is not None and not params:
        filters = brief.filters_from_args(frame, **given)
    else:
        link = view.view_from_params(params or {}, bounds, store.options(frame))
        filters = view.filters_from_view(link.view)
    frame, gone = _in_view(frame, filters), _in_view(gone, filters)
    written = corrections.load(Path(corrections_path))[0] if corrections_path else []
    records = records_of(frame, edit_ids(written))
    done = progress(records, records_of(gone, removed=True))
    return Review(queue(records), done, view.describe_filters(filters, lang, bounds))


def _in_view(frame, filters):
    """The rows of ``frame`` in the view ``filters``, its confidence filter ("doubtful",
    "sure") judging each record by the text's confidence: a record confirmed or moved stays
    in the doubtful view it was reviewed in, so the progress counts it checked."""
    from geo.dashboard import store

    by_text = frame.assign(confidence=frame["text_confidence"].fillna(frame["confidence"]))
    return frame.loc[store.apply_filters(by_text, filters).index]


def _report(data_dir) -> dict:
    """The last whole build's report (as geo.curation.curate.read_report, without loading
    the Curate page's gazetteer and map for the command line)."""
    import orjson

    from geo.dataset import publish

    path = publish.current(Path(data_dir), "build-report.json")
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}

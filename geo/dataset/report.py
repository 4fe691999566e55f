"""Report: what each article told the build, and each input file's line in the report.

In: what ``geo.dataset.build.process`` makes of one article. Out: typed records the build, the
cache, the command line and the Curate page pass between them instead of dicts read by key:

- ``FileLine``: one input file's line of ``build-report.json`` (``processed`` with its count
  of actions and warnings, or ``skipped`` with its reason); ``to_json`` gives the report's
  bytes as they always were;
- ``ToldAction``: one action as an article told it: its features, its source and what
  ``merge_retellings`` compares (``SameAs``);
- ``ArticleTold``: everything one article told: its ``FileLine``, its actions and the names
  the report lists (unresolved, at a district centre, unknown organisations, unplaced
  actions). ``to_json`` / ``from_json`` for the cache (geo.dataset.cache) and the workers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import orjson

PROCESSED, SKIPPED = "processed", "skipped"


@dataclass(frozen=True)
class FileLine:
    """One input file in the report: read (``processed``) or not (``skipped``, ``reason``)."""

    file: str  # the path under the corpus folder, printable
    status: str  # PROCESSED | SKIPPED (or "not read": the Curate page's file no build saw)
    reason: str = ""  # why it was skipped
    actions: int = 0  # how many actions it told (processed)
    warnings: tuple[str, ...] = ()  # what was odd about it (processed)

    @property
    def processed(self) -> bool:
        return self.status == PROCESSED

    @classmethod
    def skipped(cls, file: str, reason: str) -> FileLine:
        return cls(file, SKIPPED, reason=reason)

    def to_json(self) -> dict:
        if self.processed:
            return {
                "file": self.file,
                "status": self.status,
                "actions": self.actions,
                "warnings": list(self.warnings),
            }
        return {"file": self.file, "status": self.status, "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict) -> FileLine:
        return cls(
            data["file"],
            data["status"],
            reason=data.get("reason", ""),
            actions=data.get("actions", 0),
            warnings=tuple(data.get("warnings", ())),
        )


@dataclass(frozen=True)
class SameAs:
    """What makes two articles' actions one (geo.dataset.build.merge_retellings): the same
    ``key`` (main type, places, organisations, dated or not) and overlapping dates."""

    key: list | None  # None in a light record (geo.dataset.snapshot), which has ``bucket``
    start: str | None
    end: str | None
    # ``key`` as bytes: what two actions must share to be compared at all (made once here,
    # not once per build: 17 000 actions at 10 000 articles).
    bucket: bytes = field(default=b"", compare=False, repr=False)

    def __post_init__(self):
        if not self.bucket:
            object.__setattr__(self, "bucket", orjson.dumps(self.key))

    def overlaps(self, other: SameAs) -> bool:
        return self.start is None or (self.start <= other.end and other.start <= self.end)


@dataclass
class ToldAction:
    same_as: SameAs
    source: str  # the article's URL, else corpus/file
    # GeoJSON features (geo.dataset.record.features_of); None in a light record
    # (geo.dataset.snapshot), which has what merging the retellings compares and no more.
    features: list[dict] | None


@dataclass
class ArticleTold:
    """What one article told the build (``geo.dataset.build.process``)."""

    doc_id: str
    file: FileLine
    actions: list[ToldAction] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # place names not found
    approximate: list[str] = field(default_factory=list)  # placed at a district centre
    unknown_organisations: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # action ids put country-wide by default

    # A snapshot's light record (geo.dataset.snapshot): its actions' features are None.
    light: bool = field(default=False, compare=False)

    def to_json(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "file": self.file.to_json(),
            "actions": [
                {
                    "same_as": {
                        "key": a.same_as.key,
                        "start": a.same_as.start,
                        "end": a.same_as.end,
                    },
                    "source": a.source,
                    "features": a.features,
                }
                for a in self.actions
            ],
            "unresolved": self.unresolved,
            "approximate": self.approximate,
            "unknown_organisations": self.unknown_organisations,
            "unplaced": self.unplaced,
        }

    @classmethod
    def from_json(cls, data: dict) -> ArticleTold:
        return cls(
            data["doc_id"],
            FileLine.from_json(data["file"]),
            [
                ToldAction(SameAs(**a["same_as"]), a["source"], a["features"])
                for a in data["actions"]
            ],
            data.get("unresolved", []),
            data.get("approximate", []),
            data.get("unknown_organisations", []),
            data.get("unplaced", []),
        )

"""Calibration: is a record's confidence the share of such records that are right?

In: the records of an evaluated gold set, each as ``(reason codes, right)``: right when its
point lies in the area its article supports (geo.quality.evaluate_actions.in_right_area).
Out: ``reliability(samples) -> list[Band]`` (confidence bands -> how many records, how many
right), ``format_reliability`` (the table ``geo evaluate`` prints) and ``fit(samples)`` (the
weights of geo/resources/confidence.toml that best predict right from the reasons, printed
by ``geo evaluate --fit-confidence`` as TOML lines to copy into the table);
``queue_check(records) -> QueueCheck``: how many wrong points the review queue's first ten
records hold against ten at random (``geo evaluate --queue``).

How: the confidence is geo.dataset.confidence's rule; a band is right in the share of its
records that are. ``fit`` is a logistic regression on the reasons' indicators, by Newton's
method with a ridge penalty (``RIDGE``) so that a reason seen on few records keeps a small
weight. Fit on one set (the written gold, tests/gold) and check on another (real news):
never on the same texts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.curation import review
from geo.dataset.confidence import doubtful_below, score
from geo.reference import confidence as table

# Lower edges of the bands, highest first: the issue asks the top band to be right >= 95 %,
# the bottom one <= 60 %. The bottom band is the doubtful records, those drawn hollow.
BANDS = (0.9, 0.7, doubtful_below(), 0.0)
RIDGE = 1.0  # the penalty on each weight's square (log-odds): a few records move it little
NEWTON_STEPS = 50


@dataclass
class Band:
    low: float
    high: float
    total: int = 0
    right: int = 0

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None

    def as_dict(self) -> dict:
        return {"band": [self.low, self.high], "records": self.total, "right": self.right}


def reliability(samples: list[tuple[list[str], bool]], weights: dict | None = None) -> list[Band]:
    """The bands, highest first, with the records whose confidence falls in each."""
    highs = (1.0, *BANDS[:-1])
    bands = [Band(low, high) for low, high in zip(BANDS, highs, strict=True)]
    for codes, right in samples:
        c = score(codes, weights)
        band = next(b for b in bands if c >= b.low)
        band.total += 1
        band.right += bool(right)
    return bands


def format_reliability(bands: list[Band], name: str) -> list[str]:
    """``confidence | records | right`` lines, one per band, under a title."""
    lines = [f"reliability ({name}): confidence | records | right"]
    for b in bands:
        share = f"{b.share:.0%}" if b.share is not None else "-"
        lines.append(f"  {b.low:.1f}-{b.high:.1f} | {b.total} | {b.right} ({share})")
    return lines


def fit(samples: list[tuple[list[str], bool]]) -> dict[str, float]:
    """{"bias": b, code: w, ...}: the logistic regression of right on the reasons (every code
    of the table but those it marks ``fitted = false``; a code no record has gets 0)."""
    codes = [c for c, r in table()["reasons"].items() if r.get("fitted", True)]
    x = np.array([[1.0] + [float(c in s) for c in codes] for s, _ in samples])
    y = np.array([float(r) for _, r in samples])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], RIDGE)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(NEWTON_STEPS):
        p = 1 / (1 + np.exp(-x @ w))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x.T * (p * (1 - p))) @ x + np.diag(penalty) + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return {"bias": round(float(w[0]), 2)} | {
        c: round(float(v), 2) for c, v in zip(codes, w[1:], strict=True)
    }


def format_weights(weights: dict[str, float]) -> list[str]:
    """The fitted weights as lines of confidence.toml (``bias = ...``, ``code: weight = ...``)."""
    return [f"bias = {weights['bias']}"] + [
        f"[reasons.{c}] weight = {w}" for c, w in weights.items() if c != "bias"
    ]


QUEUE_TOP = 10  # records an analyst checks first


@dataclass(frozen=True)
class QueueCheck:
    """The review queue on a gold set: ``wrong_first`` wrong points among its first ``top``
    records, against ``at_random`` expected among ``top`` drawn at random (the share of
    wrong records times ``top``: the mean of every draw, exactly)."""

    name: str
    records: int
    wrong: int
    top: int
    wrong_first: int

    @property
    def at_random(self) -> float:
        return self.wrong / self.records * min(self.top, self.records) if self.records else 0.0

    def line(self) -> str:
        verdict = "better than" if self.wrong_first > self.at_random else "not better than"
        return (
            f"review queue ({self.name}): the first {self.top} records hold "
            f"{self.wrong_first} wrong points, {self.top} at random {self.at_random:.1f} "
            f"({self.wrong} wrong of {self.records} records): {verdict} random"
        )

    def as_dict(self) -> dict:
        return {
            "records": self.records,
            "wrong": self.wrong,
            "top": self.top,
            "wrong_first": self.wrong_first,
            "at_random": round(self.at_random, 2),
        }


def queue_check(records, name: str = "gold", top: int = QUEUE_TOP) -> QueueCheck:
    """The review queue (geo.curation.review) over an evaluation's records (``JudgedRecord``s
    of geo.quality.evaluate_actions, the whole set as one view), against the truth."""
    queued, right = [], {}
    for n, r in enumerate(records):
        c = score(list(r.reasons))
        record_id = f"{r.action_id}:{r.place_id}:{n}"
        right[record_id] = r.right
        queued.append(
            review.Record(
                record_id, r.action_id, r.place_id, r.place_id, r.organisations, c, r.reasons, c
            )
        )
    first = review.queue(queued)[:top]
    wrong = sum(not ok for ok in right.values())
    return QueueCheck(name, len(right), wrong, top, sum(not right[e.record_id] for e in first))

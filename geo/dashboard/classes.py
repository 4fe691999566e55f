"""Classes of region counts: one set of breaks shades the regions on the live map and on the
briefing image, and the legends say them.

In: the number of region-wide actions of each region shown (regions with none are not shaded).
Out: ``region_classes(counts) -> Classes``: ``breaks`` (each class's upper bound, ascending),
``colour(count)`` (the fill of a region with that count) and ``labels()`` ("1", "2–4",
"5–40"), one per class, lightest first.
How: quantile breaks, at most ``MAX_CLASSES``, so each class holds about as many regions and
one big region does not push every other one into the lightest shade (a fixed "1, 2, … 5+"
scale made every region "5+" at 5 000 actions). numpy's quantiles, not mapclassify: with 20
regions natural breaks separate no better, and mapclassify brings scipy and scikit-learn and
1.4 s of import into the dashboard's start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# ColorBrewer "Purples", light to mid. The darkest steps are left out so city names and
# markers stay readable on top.
SCALE = ("#e4e2f0", "#cfcfe5", "#b3b3d6", "#9a96c7", "#807dba")
MAX_CLASSES = len(SCALE)


@dataclass(frozen=True)
class Classes:
    breaks: tuple[int, ...]  # upper bound of each class, ascending; empty: nothing to shade
    low: int = 1  # the smallest count shaded

    @property
    def colours(self) -> tuple[str, ...]:
        """One colour per class, spread over the scale (two classes: lightest and darkest;
        one class: the middle shade)."""
        n = len(self.breaks)
        if n <= 1:
            return (SCALE[len(SCALE) // 2],) if n else ()
        return tuple(SCALE[round(i * (len(SCALE) - 1) / (n - 1))] for i in range(n))

    def colour(self, count: int) -> str:
        """The fill of a region with ``count`` actions (above the last break: the darkest)."""
        for bound, colour in zip(self.breaks, self.colours, strict=True):
            if count <= bound:
                return colour
        return self.colours[-1] if self.breaks else SCALE[0]

    def labels(self) -> list[str]:
        """Each class's range of counts: "1", "2–4", "5–40"."""
        if not self.breaks:
            return []
        lows = (self.low, *(b + 1 for b in self.breaks[:-1]))
        return [
            f"{lo}" if lo == hi else f"{lo}–{hi}" for lo, hi in zip(lows, self.breaks, strict=True)
        ]


def region_classes(counts) -> Classes:
    """Quantile breaks of ``counts`` (positive ints), at most ``MAX_CLASSES`` distinct; when
    there are no more distinct counts than that, each count is its own class."""
    values = np.asarray([int(c) for c in counts if int(c) > 0])
    if not values.size:
        return Classes(())
    if len(distinct := np.unique(values)) <= MAX_CLASSES:
        return Classes(tuple(int(v) for v in distinct), int(values.min()))
    shares = np.linspace(0, 1, MAX_CLASSES + 1)[1:]
    breaks = np.unique(np.quantile(values, shares, method="higher").astype(int))
    return Classes(tuple(int(b) for b in breaks), int(values.min()))

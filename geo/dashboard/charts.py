"""Charts: the timeline under the map, as light static HTML.

In: a timeline table (``geo.dashboard.tables.timeline``: period, action_type, dating,
actions, of_actions), its period ("month" or "week") and the interface language.
Out: ``timeline_html(per_period, period, lang) -> str``, HTML for ``st.html``: the legend
of how actions are dated, the bars (boxes placed by CSS) and the legend of the types shown.

How: one bar per period and action type, stacked, coloured as on the map
(mapview.action_colour); actions dated within one bar are solid, the others spread over
their days (tables.timeline) are pale, on top. Opacity, not colour, tells them apart:
colour is the action type. Every period from the first to the last has its band, empty
ones too (``tables.all_periods``); each bar's tooltip (its ``title``) says its period,
type, dating, share of actions and from how many actions. The page is
``geo/resources/dashboard/page/timeline.html`` (Jinja, autoescaped) with ``timeline.css``.
Static, not a Vega-Lite chart: at 100 000 actions drawing it cost the browser 0.65 s, on
the same 2 cores as the server and the map, and its library is a large script to load.
Boxes, not SVG: st.html's sanitiser keeps HTML only; an SVG through st.markdown cost the
page's Markdown parser 0.3 s, and in a frame of its own (``srcdoc``) it is what an injected
page would look like.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import jinja2
import pandas as pd

from geo import reference
from geo.dashboard import i18n, mapview, tables

NARROW_BARS = 10  # up to this many periods bars keep a fixed width, then share their band
BAR_PX = 40
BAND_SHARE = 0.85  # of its period's band a bar fills, beyond NARROW_BARS periods
PALE = 0.35
AXIS_PX, PLOT_TOP_PX, PLOT_PX, HEIGHT_PX = 44, 8, 260, 306  # the plot under its top margin
# Period labels under the axis, at most (every k-th period is named): room for each in a
# plot 600 px wide (a week's label is longer).
MAX_LABELS = {"month": 12, "week": 8}
MONTH_STEPS = (1, 2, 3, 4, 6, 12)  # months between labels: a label falls on each January


@dataclass(frozen=True)
class Bar:
    """One part of a stacked bar: where it is (``left``, a CSS length: % of the plot, less
    half a narrow bar's px; ``y`` px from the top), its size (``width``, a CSS length;
    ``height`` px), look and what it counts."""

    left: str
    y: float
    width: str
    height: float
    colour: str
    opacity: float
    period: str
    type: str
    dating: str
    actions: str
    of_actions: int
    tip: str


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(reference.text("dashboard/page/timeline.html"))


def _share(value: float) -> str:
    """A share of actions as Vega's ".2~f" wrote it: at most 2 decimals, no trailing 0."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _ticks(top: float) -> tuple[float, list[float]]:
    """The axis' maximum and its ticks: four to seven, on 1, 2 or 5 times a power of ten,
    whole numbers only."""
    raw = max(top, 1.0) / 6
    power = 10 ** math.floor(math.log10(raw))
    step = max(1.0, next(m * power for m in (1, 2, 5, 10) if m * power >= raw))
    highest = math.ceil(max(top, 1.0) / step) * step
    return highest, [i * step for i in range(int(round(highest / step)) + 1)]


def _label_step(periods: list[str], period: str) -> int:
    """Every how many periods a label is written under the axis."""
    step = math.ceil(len(periods) / MAX_LABELS[period])
    if period == "month":
        return next((s for s in MONTH_STEPS if s >= step), math.ceil(step / 12) * 12)
    return step


def _labels(periods: list[str], period: str, band: float) -> list[dict]:
    step = _label_step(periods, period)
    if period == "month" and step in MONTH_STEPS:
        named = [i for i, p in enumerate(periods) if (int(p[5:7]) - 1) % step == 0]
    else:
        named = list(range(0, len(periods), step))
    return [{"x": round((i + 0.5) * band, 3), "text": periods[i]} for i in named]


def timeline_html(per_period: pd.DataFrame, period: str, lang: str) -> str:
    """The stacked bars of ``per_period`` (not empty) in ``lang``, as HTML."""
    t = i18n.texts(lang)
    type_names = i18n.action_type_labels(lang)
    shown_types = sorted(set(per_period["action_type"]))
    periods = tables.all_periods(per_period, period)
    where = {p: i for i, p in enumerate(periods)}
    dating = {"exact": t[f"timeline_exact_{period}"], "spread": t["timeline_spread"]}
    opacity = {"exact": 1.0, "spread": PALE}
    rank = {k: i for i, k in enumerate(shown_types)}
    totals = per_period.groupby("period")["actions"].sum()
    highest, ticks = _ticks(float(totals.max()))
    px = PLOT_PX / highest
    band = 100 / len(periods)
    narrow = len(periods) <= NARROW_BARS
    # Bottom up: the types dated within their bar, then the spread ones (rank as legend).
    order = per_period.assign(
        _stack=[
            rank[k] + (len(rank) if d == "spread" else 0)
            for k, d in zip(per_period["action_type"], per_period["dating"], strict=True)
        ]
    ).sort_values(["period", "_stack"], kind="stable")
    stacked: dict[str, float] = {}
    bars = []
    for row in order.to_dict("records"):
        below = stacked.get(row["period"], 0.0)
        stacked[row["period"]] = below + row["actions"]
        i, name = where[row["period"]], type_names.get(row["action_type"], row["action_type"])
        said, share = dating[row["dating"]], _share(row["actions"])
        tip = "\n".join(
            (
                f"{t['timeline_tip_period']}: {row['period']}",
                f"{t['timeline_tip_type']}: {name}",
                f"{t['timeline_tip_dating']}: {said}",
                f"{t['timeline_tip_actions']}: {share}",
                f"{t['timeline_tip_of']}: {int(row['of_actions'])}",
            )
        )
        bars.append(
            Bar(
                left=(
                    f"calc({round((i + 0.5) * band, 3)}% - {BAR_PX // 2}px)"
                    if narrow
                    else f"{round((i + (1 - BAND_SHARE) / 2) * band, 3)}%"
                ),
                y=round(PLOT_TOP_PX + PLOT_PX - (below + row["actions"]) * px, 2),
                width=f"{BAR_PX}px" if narrow else f"{round(band * BAND_SHARE, 3)}%",
                height=round(row["actions"] * px, 2),
                colour=mapview.action_colour(row["action_type"]),
                opacity=opacity[row["dating"]],
                period=row["period"],
                type=row["action_type"],
                dating=said,
                actions=share,
                of_actions=int(row["of_actions"]),
                tip=tip,
            )
        )
    return _template().render(
        css=reference.text("dashboard/page/timeline.css"),
        title=t["timeline_header"],
        dating=[{"label": dating[d], "opacity": opacity[d]} for d in ("exact", "spread")],
        types=[
            {"label": type_names.get(k, k), "colour": mapview.action_colour(k)} for k in shown_types
        ],
        periods=periods,
        bars=bars,
        ticks=[{"y": round(PLOT_TOP_PX + PLOT_PX - v * px, 2), "label": f"{v:g}"} for v in ticks],
        labels=_labels(periods, period, band),
        axis_px=AXIS_PX,
        height_px=HEIGHT_PX,
        base_px=PLOT_TOP_PX + PLOT_PX,
        plot_mid_px=PLOT_TOP_PX + PLOT_PX // 2,
        x_title=t["timeline_x"],
        y_title=t["timeline_y"],
        lang=lang,
    )

"""Charts: the timeline under the map, as a Vega-Lite chart (Altair).

In: a timeline table (``geo.dashboard.tables.timeline``: period, action_type, dating,
actions, of_actions), its period ("month" or "week") and the interface language.
Out: ``timeline_chart(per_period, period, lang) -> alt.Chart``, ready for
``st.altair_chart``.

How: one bar per period and action type, coloured as on the map (mapview.action_colour);
actions dated within one bar are solid, the others spread over their days (tables.timeline)
are pale, on top. Opacity, not colour, tells them apart: colour is the action type.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from geo.dashboard import i18n, mapview, tables

NARROW_BARS = 10  # up to this many periods bars keep a fixed width, then share their band
BAR_PX = 40
CHART_HEIGHT_PX = 340  # room for the plot under its dating legend and a legend of every type
PALE = 0.35


def timeline_chart(per_period: pd.DataFrame, period: str, lang: str) -> alt.Chart:
    """The stacked bars of ``per_period`` (not empty) in ``lang``."""
    t = i18n.texts(lang)
    type_names = i18n.action_type_labels(lang)
    shown_types = sorted(set(per_period["action_type"]))
    periods = tables.all_periods(per_period, period)
    dating = {"exact": t[f"timeline_exact_{period}"], "spread": t["timeline_spread"]}
    rank = {k: i for i, k in enumerate(shown_types)}
    # Types the taxonomy lacks keep their key as the label (not None).
    labelled = per_period.assign(
        type=[type_names.get(k, k) for k in per_period["action_type"]],
        dated=per_period["dating"].map(dating),
        stack=[
            rank[k] + (len(rank) if d == "spread" else 0)
            for k, d in zip(per_period["action_type"], per_period["dating"], strict=True)
        ],
    )
    return (
        alt.Chart(labelled)
        # Bars no wider than their period's band (overlapping pale bars would darken);
        # empty periods stay on the axis.
        .mark_bar(width=BAR_PX if len(periods) <= NARROW_BARS else alt.RelativeBandSize(0.85))
        .encode(
            x=alt.X(
                "period:O",
                title=t["timeline_x"],
                scale=alt.Scale(domain=periods),
                axis=alt.Axis(labelAngle=-45, labelOverlap="greedy"),
            ),
            y=alt.Y("actions:Q", title=t["timeline_y"], axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "type:N",
                title=None,
                scale=alt.Scale(
                    domain=[type_names.get(k, k) for k in shown_types],
                    range=[mapview.action_colour(k) for k in shown_types],
                ),
                legend=alt.Legend(orient="right", labelLimit=320),
            ),
            opacity=alt.Opacity(
                "dated:N",
                title=None,
                scale=alt.Scale(domain=list(dating.values()), range=[1.0, PALE]),
                # Above the bars: beside them, under a long list of types, it is cut off.
                legend=alt.Legend(
                    orient="top",
                    direction="horizontal",
                    labelLimit=400,
                    symbolType="square",
                    symbolFillColor="#555",
                    symbolStrokeWidth=0,
                ),
            ),
            order=alt.Order("stack:Q"),
            tooltip=[
                alt.Tooltip("period:N", title=t["timeline_tip_period"]),
                alt.Tooltip("type:N", title=t["timeline_tip_type"]),
                alt.Tooltip("dated:N", title=t["timeline_tip_dating"]),
                alt.Tooltip("actions:Q", title=t["timeline_tip_actions"], format=".2~f"),
                alt.Tooltip("of_actions:Q", title=t["timeline_tip_of"]),
            ],
        )
        .properties(height=CHART_HEIGHT_PX)
    )

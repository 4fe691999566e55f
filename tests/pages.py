"""What AppTest tests read from the dashboard page, in one place.

The views under the map are drawn one at a time (``view.SECTIONS``, the segmented control
keyed "section"), so a test that reads the table of actions or the count tables opens their
section first, as a user clicks it.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
from streamlit.testing.v1 import AppTest

from geo.dashboard import i18n


def opened(at: AppTest, section: str) -> AppTest:
    """``at`` with ``section`` (timeline, counts, table) shown under the map."""
    if at.session_state["section"] != section:
        at.segmented_control(key="section").set_value(section).run()
        assert not at.exception, at.exception
    return at


def table(at: AppTest) -> pd.DataFrame:
    """The table of actions (one row per action)."""
    [frame] = [d.value for d in opened(at, "table").dataframe if "summary" in d.value.columns]
    return frame


def count_frames(at: AppTest) -> list:
    """The two count tables' elements: by region, by organisation."""
    return list(opened(at, "counts").dataframe[:2])


def timeline_html(at: AppTest) -> str | None:
    """The timeline's HTML (``geo.dashboard.charts.timeline_html``), None when not drawn."""
    found = [h.proto.body for h in at.get("html") if 'class="va-tl"' in h.proto.body]
    return found[0] if found else None


class _Timeline(HTMLParser):
    """The periods of the timeline's axis and the tooltips of its bars."""

    def __init__(self):
        super().__init__()
        self.periods: list[str] = []
        self.tips: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-periods" in attrs:
            self.periods = attrs["data-periods"].split()
        if attrs.get("class") == "va-tl-bar":
            self.tips.append(attrs["title"])


def timeline(at: AppTest, lang: str = "en") -> tuple[list[str], pd.DataFrame]:
    """The timeline shown: every period of its axis, and one row per part of a bar as its
    tooltip says it (period, type, dating, actions, of_actions)."""
    parsed = _Timeline()
    parsed.feed(timeline_html(at) or "")
    ui = i18n.texts(lang)
    names = {
        ui["timeline_tip_period"]: "period",
        ui["timeline_tip_type"]: "type",
        ui["timeline_tip_dating"]: "dating",
        ui["timeline_tip_actions"]: "actions",
        ui["timeline_tip_of"]: "of_actions",
    }
    rows = [
        {names[k]: v for k, v in (line.split(": ", 1) for line in tip.splitlines())}
        for tip in parsed.tips
    ]
    bars = pd.DataFrame(rows, columns=list(names.values()))
    return parsed.periods, bars.astype({"actions": float, "of_actions": int})

"""What AppTest tests read from the dashboard page, in one place.

The views under the map are drawn one at a time (``view.SECTIONS``, the segmented control
keyed "section"), so a test that reads the table of actions or the count tables opens their
section first, as a user clicks it.
"""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest


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

"""geo.dashboard.charts: the timeline under the map as a static SVG, on the fixture
(tests/fixtures/actions_small.geojson) and on small made-up tables."""

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from geo.dashboard import charts, i18n, mapview, store, tables


class Page(HTMLParser):
    """The bars (their attributes, the tooltip as "tip"), the axis' periods and all text."""

    def __init__(self, html: str):
        super().__init__()
        self.bars: list[dict] = []
        self.periods: list[str] = []
        self.text: list[str] = []
        self.scripts = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.scripts += tag == "script"
        if attrs.get("class") == "va-tl-bar":
            style = dict(p.split(": ", 1) for p in attrs["style"].split("; "))
            self.bars.append(style | {"tip": attrs["title"]})
        if "data-periods" in attrs:
            self.periods = attrs["data-periods"].split()

    def handle_data(self, data):
        if data.strip() and self.lasttag != "style":
            self.text.append(data.strip())


def px(length: str) -> float:
    return float(length.removesuffix("px"))


@pytest.fixture
def per_month(actions_fixture):
    return tables.timeline(store.load_actions(actions_fixture), "month")


def test_one_bar_part_per_period_type_and_dating_with_its_tooltip(per_month):
    page = Page(charts.timeline_html(per_month, "month", "en"))
    assert len(page.bars) == len(per_month)
    ui = i18n.texts("en")
    # doc_d-a1, cash aid in the year 2020, is spread over its months: pale, with its share.
    [march] = [b for b in page.bars if "period: 2020-03" in b["tip"] and "Cash" in b["tip"]]
    assert float(march["opacity"]) == charts.PALE
    assert march["background"] == mapview.action_colour("cash_aid")
    assert f"{ui['timeline_tip_dating']}: {ui['timeline_spread']}" in march["tip"]
    assert f"{ui['timeline_tip_actions']}: 0.08" in march["tip"]  # 31/366
    assert f"{ui['timeline_tip_of']}: 1" in march["tip"]
    # Every month from the first to the last has its band, the empty ones too.
    assert page.periods[0] == "2020-01" and page.periods[-1] == "2022-01"
    assert len(page.periods) == 25
    # The legends: how actions are dated, and each type shown in its language.
    assert ui["timeline_exact_month"] in page.text and ui["timeline_spread"] in page.text
    assert i18n.action_type_labels("en")["cash_aid"] in page.text
    assert page.scripts == 0


def test_bars_stack_and_the_axis_counts_whole_actions():
    rows = pd.DataFrame(
        {
            "period": ["2021-01", "2021-01", "2021-02"],
            "period_start": pd.to_datetime(["2021-01-01", "2021-01-01", "2021-02-01"]),
            "action_type": ["patrol", "cash_aid", "patrol"],
            "dating": ["exact", "spread", "exact"],
            "actions": [3.0, 0.5, 1.0],
            "of_actions": [3, 6, 1],
        }
    )
    page = Page(charts.timeline_html(rows, "month", "ru"))
    january = [b for b in page.bars if "2021-01" in b["tip"]]
    solid, pale = sorted(january, key=lambda b: -float(b["opacity"]))
    # The spread part sits on top of the solid one: it ends where that one begins.
    assert px(pale["top"]) + px(pale["height"]) == pytest.approx(px(solid["top"]))
    assert px(solid["height"]) == pytest.approx(6 * px(pale["height"]))
    # Few periods: bars of a fixed width, centred on their band.
    assert solid["width"] == f"{charts.BAR_PX}px"
    assert solid["left"] == f"calc(25.0% - {charts.BAR_PX // 2}px)"  # January: 1st of 2 bands
    ticks = [t for t in page.text if re.fullmatch(r"\d+(\.\d+)?", t)]
    assert ticks == ["0", "1", "2", "3", "4"]  # whole numbers only, to the tallest bar
    assert i18n.texts("ru")["timeline_y"] in page.text


def test_many_periods_share_their_band_and_name_some_of_them():
    weeks = pd.date_range("2020-01-06", periods=100, freq="7D")
    rows = pd.DataFrame(
        {
            "period": weeks.strftime("%Y-%m-%d"),
            "period_start": weeks,
            "action_type": "patrol",
            "dating": "exact",
            "actions": 2.0,
            "of_actions": 2,
        }
    )
    page = Page(charts.timeline_html(rows, "week", "kk"))
    assert len(page.periods) == 100 and len(page.bars) == 100
    assert all(b["width"].endswith("%") and b["left"].endswith("%") for b in page.bars)
    named = [t for t in page.text if re.fullmatch(r"\d{4}-\d\d-\d\d", t)]
    assert 1 < len(named) <= charts.MAX_LABELS["week"] and named[0] == "2020-01-06"


def test_text_from_the_data_is_text():
    rows = pd.DataFrame(
        {
            "period": ["2021-01"],
            "period_start": pd.to_datetime(["2021-01-01"]),
            "action_type": ['<img src=x onerror="alert(1)">'],  # a type the taxonomy lacks
            "dating": ["exact"],
            "actions": [1.0],
            "of_actions": [1],
        }
    )
    html = charts.timeline_html(rows, "month", "en")
    assert "<img" not in html and "&lt;img src=x" in html
    page = Page(html)  # the tooltip and the legend say it as it was written
    assert page.bars[0]["tip"].splitlines()[1] == 'type: <img src=x onerror="alert(1)">'
    assert '<img src=x onerror="alert(1)">' in page.text

"""geo.dashboard.tables' timeline on the fixture (tests/fixtures/actions_small.geojson; its
actions are listed in tests/unit/dashboard/test_store.py).
"""

import pytest

from geo.dashboard import store, tables


@pytest.fixture
def df(actions_fixture):
    return store.load_actions(actions_fixture)


def test_timeline_per_month_and_week(df):
    month = tables.timeline(df, "month")
    assert month.groupby("period")["actions"].sum().to_dict() == {
        "2020-01": 1,
        "2020-05": 1,
        "2021-12": 1,
        "2022-01": 3,
    }
    periods = tables.all_periods(month, "month")
    assert periods[0] == "2020-01" and periods[-1] == "2022-01" and len(periods) == 25
    week = tables.timeline(df, "week")
    # Weeks start on Mondays: 2022-01-10 is one, 2022-01-01 (a Saturday) is in 2021-12-27's.
    assert week.groupby("period")["actions"].sum().to_dict()["2022-01-10"] == 1
    assert week.groupby("period")["actions"].sum().to_dict()["2021-12-27"] == 2
    assert tables.undated_actions(df) == 1

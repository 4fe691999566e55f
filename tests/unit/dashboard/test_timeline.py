"""geo.dashboard.tables' timeline on the fixture (tests/fixtures/actions_small.geojson; its
actions are listed in tests/unit/dashboard/test_store.py).
"""

import pandas as pd
import pytest

from geo.dashboard import store, tables


@pytest.fixture
def df(actions_fixture):
    return store.load_actions(actions_fixture)


def per_period(counts):
    return counts.groupby("period")["actions"].sum().to_dict()


def test_timeline_per_month_and_week(df):
    month = tables.timeline(df, "month")
    by_month = per_period(month)
    # doc_d-a1 (the year 2020) is spread over 2020 by its days; the others count whole.
    year = {f"2020-{m:02d}": pytest.approx(days / 366) for m, days in enumerate(MONTH_DAYS, 1)}
    assert by_month == year | {
        "2020-05": pytest.approx(1 + 31 / 366),
        "2021-12": 1,
        "2022-01": 3,  # doc_a's two actions of January 2022 fall in one month: whole
    }
    periods = tables.all_periods(month, "month")
    assert periods[0] == "2020-01" and periods[-1] == "2022-01" and len(periods) == 25
    week = tables.timeline(df, "week")
    by_week = per_period(week)
    # Weeks start on Mondays: 2022-01-10 is one, 2022-01-01 (a Saturday) is in 2021-12-27's.
    # doc_a's two actions known only to January 2022 are spread over its weeks by days.
    assert by_week["2022-01-10"] == pytest.approx(1 + 2 * 7 / 31)
    assert by_week["2021-12-27"] == pytest.approx(2 * 2 / 31)
    assert by_week["2021-12-20"] == 1  # doc_f-a1, known to the day
    assert tables.undated_actions(df) == 1
    for counts in (month, week):
        assert counts["actions"].sum() == pytest.approx(6)  # the 6 dated actions, once each


MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 2020


def frame(*rows):
    """Actions (id, start, end, precision, type) as load_actions makes them."""
    return pd.DataFrame(
        rows, columns=["action_id", "date_start", "date_end", "time_precision", "action_type"]
    ).assign(
        date_start=lambda f: pd.to_datetime(f["date_start"]),
        date_end=lambda f: pd.to_datetime(f["date_end"]),
    )


def test_an_action_known_only_by_year_is_not_piled_on_january():
    df = frame(("y", "2020-01-01", "2020-12-31", "year", "patrol"))
    month = tables.timeline(df, "month")
    assert list(month["period"]) == [f"2020-{m:02d}" for m in range(1, 13)]
    assert set(month["dating"]) == {"spread"} and set(month["of_actions"]) == {1}
    assert month["actions"].max() < 0.09 and month["actions"].sum() == pytest.approx(1)
    week = tables.timeline(df, "week")
    # 2020-01-01 is a Wednesday: 53 weeks, the first from Monday 2019-12-30 with 5 days.
    assert len(week) == 53 and week["period"].iloc[0] == "2019-12-30"
    assert week["actions"].iloc[0] == pytest.approx(5 / 366)
    assert week["actions"].iloc[1] == pytest.approx(7 / 366)
    assert week["actions"].sum() == pytest.approx(1)
    assert tables.timeline_totals(df, "month") == {"dated": 1, "spread": 1}


def test_what_is_spread_and_what_counts_whole():
    df = frame(
        ("day", "2021-03-05", "2021-03-05", "day", "patrol"),
        # A weekend known to the day across two months: whole, at its start.
        ("weekend", "2021-01-30", "2021-02-01", "day", "patrol"),
        # A long range of known days is spread all the same.
        ("range", "2021-01-20", "2021-02-18", "day", "patrol"),
        ("month", "2021-02-01", "2021-02-28", "month", "cash_aid"),
        ("week", "2021-03-29", "2021-04-04", "week", "cash_aid"),
        ("end only", None, "2021-04-10", "day", "cash_aid"),
        ("backwards", "2021-04-20", "2021-04-01", "month", "cash_aid"),
        ("undated", None, None, "unknown", "cash_aid"),
    )
    month = tables.timeline(df, "month")
    assert month["actions"].sum() == pytest.approx(7)
    exact = month[month["dating"] == "exact"].groupby("period")["actions"].sum().to_dict()
    assert exact == {"2021-01": 1, "2021-02": 1, "2021-03": 1, "2021-04": 2}
    spread = month[month["dating"] == "spread"]
    assert dict(zip(spread["period"], spread["actions"], strict=True)) == pytest.approx(
        {"2021-01": 12 / 30, "2021-02": 18 / 30, "2021-03": 3 / 7, "2021-04": 4 / 7}
    )
    assert spread.set_index("period")["of_actions"].to_dict() == {
        "2021-01": 1, "2021-02": 1, "2021-03": 1, "2021-04": 1,
    }  # fmt: skip
    assert tables.timeline_totals(df, "month") == {"dated": 7, "spread": 2}
    week = tables.timeline(df, "week")
    # Per week the month-dated action is spread too (February 2021 is four whole weeks).
    february = week[(week["action_type"] == "cash_aid") & (week["dating"] == "spread")]
    assert list(february["period"][:4]) == ["2021-02-01", "2021-02-08", "2021-02-15", "2021-02-22"]
    assert list(february["actions"][:4]) == pytest.approx([0.25] * 4)
    assert week["actions"].sum() == pytest.approx(7)
    assert tables.timeline_totals(df, "week") == {"dated": 7, "spread": 2}


def test_a_timeline_of_nothing():
    empty = tables.timeline(frame(("undated", None, None, "unknown", "patrol")), "week")
    assert empty.empty and list(empty.columns) == tables.TIMELINE_COLUMNS
    assert tables.timeline_totals(frame(), "week") == {"dated": 0, "spread": 0}

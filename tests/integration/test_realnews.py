"""The pipeline on real news nobody wrote for us (issue 13): floors, not targets.

In: ``../shared/realnews`` beside the repository (26 real Kazakhstani news items with the
places and actions a careful reader would record; see its README). It is for evaluation only
and is not in the repository: where it is absent (a fresh clone elsewhere) every test here is
skipped.
Out: the five figures of the issue's table and the place precision of Kazakh text must not
fall below what the pipeline reached when these floors were set.

How: ``geo evaluate``'s own functions, run once for the module. The floors sit in one table
below; raise them when the pipeline gets better (the targets are in the issue: action places
90 %, points in the right area 95 %, organisations R 85 % / P 90 %, dates 90 %, Kazakh place
precision 90 %).
"""

import pytest

from geo.quality.calibration import reliability
from geo.quality.evaluate import evaluate, kazakh
from geo.quality.evaluate_actions import evaluate_actions
from tests.paths import REALNEWS

# Measured at the end of issue 13's second session (`geo evaluate --gold ../shared/realnews`):
# action places 45/46, points 51/51, organisations R 32/33 P 32/32, dates 10/11 articles,
# places kk P 32/35, kk-latn P 9/9, Kazakh in both scripts P 41/44. Each floor allows one case
# less than that (dates none: at 9/11 they would be under the 90 % target), so that a
# fix for one class that costs another shows up here.
FLOORS = {
    # Issue 17's confidence, fitted on tests/gold, checked here: its top band (0.9-1.0) was
    # right in 17 of 17 records; the issue asks >= 95 %.
    "top confidence band right": 0.95,
    "action places": 0.95,
    "points in the right area": 0.98,
    "organisations recall": 0.93,
    "organisations precision": 0.96,
    "dates (articles that state one)": 0.90,
    "place precision kk": 0.88,
    "place precision kk-latn": 0.88,
    "place precision Kazakh": 0.90,
}

pytestmark = pytest.mark.skipif(
    not (REALNEWS / "expected_actions.csv").exists(), reason=f"no real-news set at {REALNEWS}"
)


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    places = evaluate(REALNEWS)
    actions = evaluate_actions(REALNEWS)
    table = actions.table["all"]
    bands = reliability(actions.samples)
    top, bottom = bands[0], bands[-1]
    return {
        "top confidence band right": top.share if top.total else 0.0,
        "action places": table.action_places.share,
        "points in the right area": table.points.share,
        "organisations recall": table.organisations.recall,
        "organisations precision": table.organisations.precision,
        "dates (articles that state one)": table.dates.share,
        "place precision kk": places.by_language["kk"].precision,
        "place precision kk-latn": places.by_language["kk-latn"].precision,
        "place precision Kazakh": kazakh(places).precision,
        "bottom confidence band right": bottom.share if bottom.total else 0.0,
        "_expected actions": table.action_places.total,
        "_dated articles": table.dates.total,
    }


def test_the_set_is_whole(figures):
    # 46 expected actions, 11 articles that state a date: a smaller count means a broken copy
    assert figures["_expected actions"] >= 46 and figures["_dated articles"] >= 11


# Issue 17: the doubtful band (confidence below 0.5) is right at most 60 % of the time, so
# that "doubtful" means something. Measured 5 of 9 (56 %) when the region's two reasons
# (whole_region, region_only_named) were split, one 73 % (11/15) before; 4 of 7 (57 %) once
# origins no longer count as the region's finer places.
CEILINGS = {"bottom confidence band right": 0.60}


@pytest.mark.parametrize("figure", sorted(CEILINGS))
def test_does_not_rise_above_its_ceiling(figures, figure):
    assert figures[figure] <= CEILINGS[figure], f"{figure}: {figures[figure]:.1%}"


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_does_not_fall_below_its_floor(figures, figure):
    assert figures[figure] >= FLOORS[figure], f"{figure}: {figures[figure]:.1%}"

"""The geoparser on the gold set (tests/gold): the targets of the geoparsing issue.

The gold set was written for this project and the code was tuned on it; tests/gold_holdout
(if present) was written blind to the code, and its figures are reported, not tuned.
"""

import pytest

from geo.quality.calibration import reliability
from geo.quality.evaluate import evaluate
from tests.paths import GOLD


@pytest.fixture(scope="module")
def result():
    return evaluate(GOLD)


def test_precision_and_recall_of_places_at_least_95_percent(result):
    assert result.overall.expected >= 150
    assert result.overall.precision >= 0.95, result.false_places
    assert result.overall.recall >= 0.95, result.misses


def test_settlements_within_15_km_and_regions_inside(result):
    assert result.settlements_within == result.settlements
    assert result.regions_inside >= 0.95 * result.regions


def test_kazakh_latin_as_good_as_cyrillic(result):
    latin, russian = result.by_language["kk-latn"], result.by_language["ru"]
    assert latin.expected >= 30
    assert latin.recall >= russian.recall - 0.03
    assert latin.precision >= russian.precision - 0.03


@pytest.fixture(scope="module")
def actions():
    from geo.quality.evaluate_actions import evaluate_actions

    return evaluate_actions(GOLD)


def test_actions_against_the_gold_set_do_not_fall_back(actions):
    # Measured on 2026-11-22 (see the README): actions P 60.3 %, R 55.0 %; these floors keep
    # what the extractor does now from getting worse. They are not the targets.
    assert actions.actions.expected >= 80
    assert actions.actions.precision >= 0.55 and actions.actions.recall >= 0.50
    assert actions.types_right >= 0.8 * actions.actions.matched
    assert actions.dates_overlapping == actions.dated
    assert actions.beneficiaries.precision >= 0.7


def test_the_confidence_bands_of_the_set_it_was_fitted_on(actions):
    # Issue 17: the top band right >= 95 %, the bottom (doubtful) band <= 60 %. Fitted here,
    # so this only says the table still fits its own set; test_realnews checks it elsewhere.
    bands = reliability(actions.samples)
    top, bottom = bands[0], bands[-1]
    assert top.total and top.share >= 0.95, top
    assert bottom.total and bottom.share <= 0.60, bottom

"""The geoparser on the gold set (tests/gold): the targets of the geoparsing issue.

The gold set was written for this project and the code was tuned on it; tests/gold_holdout
(if present) was written blind to the code, and its figures are reported, not tuned.
"""

from pathlib import Path

import pytest

from geo.evaluate import evaluate

GOLD = Path(__file__).resolve().parent / "gold"


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

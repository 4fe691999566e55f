"""Issue 17's "done when" for the review queue: checking the ten records the queue puts
first fixes more wrong points than checking ten at random, on sets where the truth is known
(``geo evaluate --queue``): tests/gold always, ``../shared/realnews`` where it is (skipped
elsewhere, as tests/integration/test_realnews.py)."""

import json
import random

import pytest

from geo.quality.calibration import queue_check
from geo.quality.evaluate_actions import evaluate_actions
from tests.paths import GOLD, REALNEWS
from tests.unit.test_cli import geo

SETS = [
    pytest.param(GOLD, id="gold"),
    pytest.param(
        REALNEWS,
        id="realnews",
        marks=pytest.mark.skipif(
            not (REALNEWS / "expected_actions.csv").exists(),
            reason=f"no real-news set at {REALNEWS}",
        ),
    ),
]


@pytest.mark.parametrize("gold", SETS)
def test_the_queue_s_first_ten_hold_more_wrong_points_than_ten_at_random(gold, tmp_path):
    done = geo("evaluate", "--gold", str(gold), "--queue", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["queue"]
    assert found["top"] == 10 and found["records"] >= 40
    assert found["at_random"] == round(found["wrong"] / found["records"] * 10, 2)
    assert found["wrong_first"] > found["at_random"]
    line = geo("evaluate", "--gold", str(gold), "--queue", cwd=tmp_path).stdout.splitlines()[-1]
    assert line.startswith(f"review queue ({gold.name}): the first 10 records hold ")
    assert line.endswith(": better than random")


def test_at_random_is_the_mean_of_many_random_draws():
    records = evaluate_actions(GOLD).records
    check = queue_check(records, "gold")
    draws = random.Random(17)
    mean = sum(sum(not r.right for r in draws.sample(records, 10)) for _ in range(4000)) / 4000
    assert abs(mean - check.at_random) < 0.1

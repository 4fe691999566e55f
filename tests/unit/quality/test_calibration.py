"""geo.quality.calibration: confidence bands against how often their records are right, and
the weights fitted from the reasons."""

from geo.cli import main
from geo.quality.calibration import fit, format_reliability, format_weights, reliability
from tests.unit.quality.test_evaluate import _action_gold

WEIGHTS = {"bias": 0.0, "sure": 3.0, "doubtful": -3.0}


def test_records_fall_in_the_band_of_their_confidence():
    samples = [(["sure"], True)] * 9 + [(["sure"], False)] + [(["doubtful"], False)] * 3
    samples += [([], True)]  # 0.5: the 0.5-0.7 band
    bands = reliability(samples, WEIGHTS)
    assert [(b.low, b.total, b.right) for b in bands] == [
        (0.9, 10, 9),
        (0.7, 0, 0),
        (0.5, 1, 1),
        (0.0, 3, 0),
    ]
    lines = format_reliability(bands, "tiny")
    assert lines[0] == "reliability (tiny): confidence | records | right"
    assert lines[1:] == [
        "  0.9-1.0 | 10 | 9 (90%)",
        "  0.7-0.9 | 0 | 0 (-)",
        "  0.5-0.7 | 1 | 1 (100%)",
        "  0.0-0.5 | 3 | 0 (0%)",
    ]


def test_the_fit_gives_a_reason_seen_on_wrong_records_a_negative_weight():
    samples = [(["place_in_sentence"], True)] * 20 + [(["whole_region"], False)] * 6
    samples += [(["whole_region"], True)] * 2
    weights = fit(samples)
    assert weights["whole_region"] < 0 < weights["bias"]
    assert weights["road_point"] == 0.0  # no record has it
    assert "place_by_analyst" not in weights  # set by hand, not fitted
    assert "[reasons.whole_region] weight = " in "\n".join(format_weights(weights))


def test_geo_evaluate_prints_the_reliability_table_and_fits_on_request(tmp_path, capsys):
    gold = _action_gold(tmp_path)
    assert main(["evaluate", "--gold", str(gold), "--fit-confidence"]) == 0
    out = capsys.readouterr().out
    assert f"reliability ({gold.name}): confidence | records | right" in out
    table = out.split("reliability (")[1].splitlines()[1:5]
    assert [line.split(" | ")[0].strip() for line in table] == [
        "0.9-1.0",
        "0.7-0.9",
        "0.5-0.7",
        "0.0-0.5",
    ]
    assert sum(int(line.split(" | ")[1]) for line in table) == 3  # its three records
    assert "fitted confidence weights:" in out and "bias = " in out


def test_the_json_has_the_reliability_table(tmp_path, capsys):
    import json

    assert main(["evaluate", "--gold", str(_action_gold(tmp_path)), "--json"]) == 0
    bands = json.loads(capsys.readouterr().out)["reliability"]
    assert [b["band"] for b in bands] == [[0.9, 1.0], [0.7, 0.9], [0.5, 0.7], [0.0, 0.5]]
    assert sum(b["records"] for b in bands) == 3

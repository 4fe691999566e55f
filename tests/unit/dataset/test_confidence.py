"""geo.dataset.confidence: how sure a record's point is, from the signals the pipeline has,
and its reasons in three languages."""

import csv
import json

import pyarrow.parquet as pq

from geo.dataset import confidence
from geo.dataset.schema import FEATURE_PROPERTIES
from geo.extract.actions import Action
from geo.geoparse.resolve import ResolvedPlace
from geo.reference import confidence as table

CODES = set(table()["reasons"])
KEYS = {"weight", "fitted", "en", "ru", "kk"}


def _place(**changes) -> ResolvedPlace:
    place = ResolvedPlace(
        "geonames:1520240", "Pavlodar", "city", 52.28, 76.97, 1, "Pavlodar Region",
        "Павлодаре", 10, 19, "name", exact=False,
    )  # fmt: skip
    for name, value in changes.items():
        setattr(place, name, value)
    return place


def _action(place, **changes) -> Action:
    action = Action("a", ["humanitarian_aid"], ["jas_otan"], [place], [(0, 40)], 0)
    action.date_source = "text"
    for name, value in changes.items():
        setattr(action, name, value)
    return action


def test_a_town_named_in_the_sentence_has_its_reasons_in_the_table_s_order():
    place = _place()
    codes = confidence.reasons(_action(place), place)
    assert codes == ["place_in_sentence", "name_inflected", "organisation_listed", "date_own"]
    assert set(codes) <= CODES


def test_each_signal_gives_its_reason():
    village = _place(via="district_centre", exact=None)
    region = _place(kind="region", finer_named=1, namesakes=2, namesake_km=640, role="from")
    unlisted = _action(village, organisations=["unlisted:ОО «Жарқын»"], date_source="metadata")
    assert confidence.reasons(unlisted, village) == [
        "place_in_sentence",
        "village_at_district_centre",
        "organisation_as_written",
        "date_of_page",
    ]
    told = _action(region, place_source="outlet", organisations=[], type_inherited=True)
    assert confidence.reasons(told, region) == [
        "place_from_outlet",
        "whole_region",
        "name_inflected",
        "namesakes_far",
        "help_from_or_to",
        "no_organisation",
        "date_own",
        "type_inherited",
    ]
    near = _place(namesakes=1, namesake_km=40)
    assert "namesakes_near" in confidence.reasons(_action(near), near)


def test_a_region_the_article_names_nothing_finer_in_is_not_doubted_as_a_stand_in():
    alone = _place(kind="region", finer_named=0)
    with_towns = _place(kind="region", finer_named=3)
    assert "region_only_named" in confidence.reasons(_action(alone), alone)
    assert "whole_region" in confidence.reasons(_action(with_towns), with_towns)
    assert confidence.is_doubtful(confidence.judge(_action(with_towns), with_towns)[0])
    assert not confidence.is_doubtful(confidence.judge(_action(alone), alone)[0])


def test_the_confidence_is_the_logistic_of_the_bias_and_the_weights():
    assert confidence.score([], {"bias": 0.0}) == 0.5
    assert confidence.score(["a"], {"bias": 0.0, "a": 2.0}) == 0.88
    assert confidence.score(["a", "b"], {"bias": 2.0, "a": 0.0, "b": -4.0}) == 0.12
    # with the shipped weights: a town named in its sentence is surer than a region's point
    town = _place(exact=True)
    region = _place(kind="region", finer_named=2)
    assert confidence.judge(_action(town), town)[0] > confidence.judge(_action(region), region)[0]
    assert 0 <= confidence.judge(_action(region), region)[0] <= 1


def test_a_record_below_the_table_s_threshold_is_doubtful():
    threshold = table()["doubtful_below"]
    assert confidence.is_doubtful(threshold - 0.01)
    assert not confidence.is_doubtful(threshold)
    assert not confidence.is_doubtful(None)  # a dataset written before confidences
    region = _place(kind="region", finer_named=2)
    assert confidence.is_doubtful(confidence.judge(_action(region), region)[0])


def test_every_reason_has_a_weight_and_words_in_three_languages():
    for code, reason in table()["reasons"].items():
        assert isinstance(reason["weight"], float) and set(reason) <= KEYS, code
        words = [confidence.words(code, lang) for lang in ("en", "ru", "kk")]
        assert all(w and w != code for w in words) and len(set(words)) == 3, code
    assert confidence.words("no_such_code", "ru") == "no_such_code"


def test_every_format_of_a_build_carries_the_confidence_and_its_reasons(seeds_build):
    assert {"confidence", "confidence_reasons"} <= set(FEATURE_PROPERTIES)
    features = json.loads((seeds_build / "actions.geojson").read_text("utf-8"))["features"]
    assert features
    for feature in features:
        props = feature["properties"]
        assert 0 <= props["confidence"] <= 1
        assert round(props["confidence"], 2) == props["confidence"]
        assert props["confidence_reasons"] and set(props["confidence_reasons"]) <= CODES
        assert "place_by_analyst" not in props["confidence_reasons"]  # no correction here
    with (seeds_build / "actions.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    first = features[0]["properties"]
    by_id = {r["feature_id"]: r for r in rows}
    assert float(by_id[first["feature_id"]]["confidence"]) == first["confidence"]
    assert by_id[first["feature_id"]]["confidence_reasons"] == "; ".join(
        first["confidence_reasons"]
    )
    parquet = pq.read_table(seeds_build / "actions.parquet").to_pylist()
    row = next(r for r in parquet if r["feature_id"] == first["feature_id"])
    assert row["confidence"] == first["confidence"]
    assert row["confidence_reasons"] == first["confidence_reasons"]

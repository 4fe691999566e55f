"""geo.dataset.corrections: analysts' fixes are data, applied to every build, and never lost."""

import json
import re
import shutil
import tomllib

import pytest
import tomli_w

from geo.dataset import corrections
from geo.dataset.build import build
from geo.exc import BadCorrection
from geo.geoparse.gazetteer import default_gazetteer
from tests.paths import SEEDS

DOC = "000_d28f05125cd8f48e"


@pytest.fixture(scope="module")
def seeds_features(tmp_path_factory):
    out = tmp_path_factory.mktemp("plain")
    build(SEEDS, out, progress=False, corrections_path=None)
    return json.loads((out / "actions.geojson").read_text(encoding="utf-8"))["features"]


def evidence_of(features, action_id):
    return next(
        f["properties"]["evidence"] for f in features if f["properties"]["action_id"] == action_id
    )


def correction(features, action_id, change, **fields):
    return {
        "who": "aigerim",
        "why": "test",
        "change": change,
        "doc_id": action_id.rsplit("-", 1)[0],
        "action_id": action_id,
        "evidence": evidence_of(features, action_id),
        **fields,
    }


def built_with(tmp_path, entries):
    path = tmp_path / "corrections.toml"
    for entry in entries:
        corrections.append(path, entry)
    out = tmp_path / "out"
    result = build(SEEDS, out, progress=False, corrections_path=path)
    features = json.loads((out / "actions.geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["feature_id"]: f for f in features}, result


def test_move_edit_delete_and_merge_survive_a_rebuild(tmp_path, seeds_features):
    entries = [
        correction(seeds_features, f"{DOC}-a2", "move", place_id="geonames:1518262"),  # Temirtau
        correction(
            seeds_features,
            f"{DOC}-a5",
            "edit",
            organisations=["Jas Otan"],
            action_type="humanitarian_aid",
            date_start="2022-01-06",
            date_end="2022-01-08",
        ),
        correction(seeds_features, f"{DOC}-a4", "delete"),
        correction(seeds_features, f"{DOC}-a1", "merge", into="001_a578faf2f4fd7f4d-a1"),
    ]
    for _ in range(2):  # the second build reads every article from the cache
        features, result = built_with(tmp_path, entries if _ == 0 else [])
        assert result.corrections.applied == 4 and result.corrections.not_applied == []
        moved = features[f"{DOC}-a2-p1"]
        assert moved["properties"]["place"] == "Temirtau"
        assert moved["properties"]["admin1"] == "Karaganda Region"
        assert moved["properties"]["edited"] is True
        assert moved["properties"]["corrections"] == [result_id(tmp_path, 0)]
        edited = features[f"{DOC}-a5-p1"]["properties"]
        assert edited["organisations"] == ["Jas Otan"]
        assert edited["action_type"] == "humanitarian_aid" == edited["action_types"][0]
        assert (edited["date_start"], edited["date_end"], edited["time_precision"]) == (
            "2022-01-06",
            "2022-01-08",
            "week",
        )
        assert edited["summary"].startswith("Humanitarian and food aid by Jas Otan")
        assert f"{DOC}-a4-p1" not in features
        assert f"{DOC}-a1-p1" not in features
        kept = features["001_a578faf2f4fd7f4d-a1-p1"]["properties"]
        assert len(kept["sources"]) == 2 and kept["edited"] is True
        untouched = features["002_82e0ac45970b357d-a1-p1"]["properties"]
        assert untouched["edited"] is False and untouched["corrections"] == []


def result_id(tmp_path, n):
    text = (tmp_path / "corrections.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["correction"][n]["id"]


def test_a_correction_finds_its_action_by_the_sentence_when_ids_shift(tmp_path, seeds_features):
    entry = correction(seeds_features, f"{DOC}-a3", "delete")
    entry["action_id"] = f"{DOC}-a9"  # the action numbered otherwise by a newer extractor
    features, result = built_with(tmp_path, [entry])
    assert result.corrections.applied == 1
    assert f"{DOC}-a3-p1" not in features


def test_a_correction_whose_sentence_is_gone_is_reported_not_lost(tmp_path, seeds_features):
    entry = correction(seeds_features, f"{DOC}-a3", "delete")
    entry["evidence"] = "Этого предложения в статье нет."
    entry["action_id"] = f"{DOC}-a9"
    features, result = built_with(tmp_path, [entry])
    assert f"{DOC}-a3-p1" in features
    (outcome,) = result.corrections.not_applied
    assert (outcome.correction_id, outcome.applied) == (result_id(tmp_path, 0), False)
    assert outcome.why == corrections.NO_ACTION
    line = outcome.message
    assert "is no longer in 000_d28f05125cd8f48e" in line
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert report["corrections"]["not_applied"] == [line]
    assert "correction" in (tmp_path / "corrections.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "fields, problem",
    [
        ({"change": "paint"}, "change 'paint' is not one of move, edit, delete, merge"),
        ({"change": "move"}, "a move needs place_id, or lat and lon"),
        ({"change": "move", "lat": 95.0, "lon": 70.0}, "lat/lon out of range"),
        ({"change": "edit", "action_type": "magic"}, "unknown action_type 'magic'"),
        ({"change": "edit", "date_start": "5 января"}, "date_start must be YYYY-MM-DD"),
        (
            {"change": "edit", "organisations": ["Jas Otan", "=HYPERLINK(A1)"]},
            "organisation '=HYPERLINK(A1)' does not look like a name",
        ),
        (
            {"change": "edit", "organisations": ["<b>x</b>"]},
            "organisation '<b>x</b>' does not look like a name",
        ),
        ({"change": "edit", "organisations": "Jas Otan"}, "organisations must be a list of names"),
        ({"change": "edit"}, "an edit changes nothing"),
        ({"change": "merge"}, "a merge needs into"),
        ({"evidence": ""}, "missing evidence"),
    ],
)
def test_invalid_corrections_are_refused_with_the_reason(tmp_path, seeds_features, fields, problem):
    entry = correction(seeds_features, f"{DOC}-a3", "delete") | fields
    with pytest.raises(BadCorrection, match=problem.split("(")[0][:30]):
        corrections.append(tmp_path / "c.toml", entry)
    # written by hand, the file still loads: the bad entry is named and skipped
    good = correction(seeds_features, f"{DOC}-a2", "delete")
    corrections.append(tmp_path / "c.toml", good)
    text = (tmp_path / "c.toml").read_text(encoding="utf-8")
    bad = "\n[[correction]]\n" + "\n".join(
        f"{k} = {json.dumps(v, ensure_ascii=False)}"
        for k, v in ({"id": "hand-1", "when": "today"} | entry).items()
    )
    (tmp_path / "c.toml").write_text(text + bad, encoding="utf-8")
    valid, problems = corrections.load(tmp_path / "c.toml")
    assert [c["change"] for c in valid] == ["delete"]
    assert (problems[0].correction_id, problems[0].why) == ("hand-1", corrections.INVALID)
    assert problems[0].message.startswith("c.toml: correction hand-1: ")


def test_the_file_is_readable_toml_with_who_when_why(tmp_path, seeds_features):
    path = tmp_path / "corrections.toml"
    saved = corrections.append(path, correction(seeds_features, f"{DOC}-a2", "delete"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Analysts' corrections")
    (entry,) = tomllib.loads(text)["correction"]
    assert entry["who"] == "aigerim" and entry["why"] == "test" and entry["when"]
    assert entry["id"] == saved["id"]


def test_a_broken_file_applies_nothing_and_says_so(tmp_path):
    path = tmp_path / "corrections.toml"
    path.write_text("[[correction]\nbroken", encoding="utf-8")
    valid, problems = corrections.load(path)
    assert valid == [] and problems[0].message.startswith("corrections.toml: not read")
    assert (problems[0].correction_id, problems[0].why) == (None, corrections.UNREADABLE)


def test_the_build_uses_no_corrections_file_that_does_not_exist(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", corpus)
    result = build(corpus, tmp_path / "out", progress=False, corrections_path=tmp_path / "none")
    expected = {"file": str(tmp_path / "none"), "applied": 0, "not_applied": [], "reverted": []}
    expected["removed"] = []
    assert result.corrections.to_json() == expected


def test_a_moved_action_is_summarised_at_its_new_place(tmp_path, seeds_features):
    entry = correction(seeds_features, f"{DOC}-a4", "move", place_id="geonames:1518262")
    features, result = built_with(tmp_path, [entry])
    moved = features[f"{DOC}-a4-p1"]["properties"]
    assert moved["summary"].endswith("— Temirtau")
    assert moved["summary_ru"].endswith("— Темиртау")  # each language's summary, its names
    assert moved["summary_kk"].endswith("— Теміртау")


def test_a_move_to_a_place_the_gazetteer_no_longer_has_is_reported(tmp_path, seeds_features):
    entry = correction(seeds_features, f"{DOC}-a4", "move", place_id="settlement:added_gone")
    features, result = built_with(tmp_path, [entry])
    assert features[f"{DOC}-a4-p1"]["properties"]["place"] == "Priozersk"
    assert features[f"{DOC}-a4-p1"]["properties"]["edited"] is False
    [outcome] = result.corrections.not_applied
    assert outcome.why == corrections.NO_PLACE
    assert outcome.message.endswith("no place settlement:added_gone to move to")


PLACE_PROPERTIES = ("place", "place_ru", "place_kk", "place_id", "place_kind")
PLACE_PROPERTIES += ("geo_precision", "admin1")


def test_a_move_to_a_village_at_its_district_centre_is_as_precise_as_the_build_says(
    tmp_path, seeds_features
):
    # Dostyk (Maktaaral) has no coordinates of its own: places_overlay.csv draws it at its
    # district's centre, so the geocoder gives it precision 2. A correction moving an action
    # there wrote 1 (its own table of kinds); both now take geo.dataset.record's.
    village = "settlement:dostyk_maktaaral"
    told = next(f for f in seeds_features if f["properties"]["place_id"] == village)
    assert told["properties"]["geo_precision"] == 2
    entry = correction(seeds_features, f"{DOC}-a4", "move", place_id=village)
    features, result = built_with(tmp_path, [entry])
    moved = features[f"{DOC}-a4-p1"]
    assert result.corrections.applied == 1
    for key in PLACE_PROPERTIES:
        assert moved["properties"][key] == told["properties"][key], key
    assert moved["geometry"] == told["geometry"]


def test_a_move_to_the_whole_country_is_in_no_region():
    # As the build writes an action placed country-wide: no admin1 (the country's point
    # lies in Ulytau Region, which the correction used to write).
    from geo.dataset.build import _geocoder
    from geo.dataset.record import at_place

    gazetteer = _geocoder().gazetteer
    country = at_place(gazetteer.places["country:kazakhstan"])
    assert (country["admin1"], country["geo_precision"], country["place_kind"]) == (
        None,
        4,
        "country",
    )


def test_what_an_analyst_types_is_kept_without_invisible_characters(tmp_path, seeds_features):
    # "\u202eikur" shows as "руки": the dataset keeps what a reader of it sees.
    typed = ["Добрые \u202eикур\u202c"]
    edit = correction(seeds_features, f"{DOC}-a5", "edit", organisations=typed)
    place = "Кара\u200bганда \u2066x\u2069"
    move = correction(seeds_features, f"{DOC}-a2", "move", lat=49.8, lon=73.1, place=place)
    # An anchor copied from a build that kept a soft hyphen still finds its sentence.
    move["evidence"] = move["evidence"].replace("в", "\u00adв", 1)
    features, result = built_with(tmp_path, [edit, move])
    assert result.corrections.applied == 2
    assert features[f"{DOC}-a5-p1"]["properties"]["organisations"] == ["Добрые икур"]
    assert "by Добрые икур" in features[f"{DOC}-a5-p1"]["properties"]["summary"]
    moved = features[f"{DOC}-a2-p1"]["properties"]
    assert moved["place"] == moved["place_ru"] == "Караганда x"


# --- a point outside Kazakhstan (issue 16, finding 1) ------------------------------------------


def hand_written(path, entries):
    """``entries`` written into the corrections file by hand (append's checks bypassed)."""
    when = "2026-12-03T04:00:00Z"
    path.write_text(
        corrections.HEADER
        + "\n"
        + tomli_w.dumps(
            {
                "correction": [
                    {"id": f"hand-{n}", "when": when} | e for n, e in enumerate(entries, start=1)
                ]
            }
        ),
        encoding="utf-8",
    )


@pytest.mark.parametrize(
    "lat, lon, reason",
    [
        (73.7, 46.03, "did you swap latitude and longitude? 46.0300, 73.7000 is in Karaganda"),
        (0.0, 0.0, "0.0000, 0.0000 is not in Kazakhstan"),
    ],
)
def test_a_move_outside_kazakhstan_is_refused_even_written_by_hand(
    tmp_path, seeds_features, lat, lon, reason
):
    entry = correction(seeds_features, f"{DOC}-a4", "move", lat=lat, lon=lon, place="Priozersk")
    with pytest.raises(BadCorrection, match=re.escape(reason)):
        corrections.append(tmp_path / "c.toml", entry, default_gazetteer())
    assert not (tmp_path / "c.toml").exists()
    hand_written(tmp_path / "corrections.toml", [entry])
    out = tmp_path / "out"
    result = build(SEEDS, out, progress=False, corrections_path=tmp_path / "corrections.toml")
    [outcome] = result.corrections.not_applied
    assert (outcome.correction_id, outcome.why) == ("hand-1", corrections.OUTSIDE)
    assert reason in outcome.message
    features = json.loads((out / "actions.geojson").read_text(encoding="utf-8"))["features"]
    moved = next(f for f in features if f["properties"]["feature_id"] == f"{DOC}-a4-p1")
    assert moved["properties"]["place"] == "Priozersk" and moved["properties"]["edited"] is False


# --- undo: a revert is a new entry (issue 16, finding 2) ------------------------------------------


def revert(of: str, why="wrong call"):
    return {"who": "dana", "why": why, "change": "revert", "reverts": of}


def test_a_reverted_correction_is_not_applied_and_reverting_the_revert_applies_it_again(
    tmp_path, seeds_features
):
    path = tmp_path / "corrections.toml"
    deleted = corrections.append(path, correction(seeds_features, f"{DOC}-a3", "delete"))
    undo = corrections.append(path, revert(deleted["id"]))
    out = tmp_path / "out"
    result = build(SEEDS, out, progress=False, corrections_path=path)
    features = json.loads((out / "actions.geojson").read_text(encoding="utf-8"))["features"]
    assert f"{DOC}-a3-p1" in {f["properties"]["feature_id"] for f in features}  # restored
    assert result.corrections.not_applied == []  # a revert is no failure
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["corrections"]
    assert report["reverted"] == [
        f"correction {deleted['id']} (delete {DOC}-a3): reverted by {undo['id']}"
    ]
    # Reverting the revert applies the delete again; every entry stays in the file.
    corrections.append(path, revert(undo["id"], why="it was right"))
    result = build(SEEDS, out, progress=False, corrections_path=path)
    features = json.loads((out / "actions.geojson").read_text(encoding="utf-8"))["features"]
    assert f"{DOC}-a3-p1" not in {f["properties"]["feature_id"] for f in features}
    assert [o.correction_id for o in result.corrections.reverted] == [undo["id"]]
    written = tomllib.loads(path.read_text(encoding="utf-8"))["correction"]
    assert [c["change"] for c in written] == ["delete", "revert", "revert"]


def test_a_revert_must_name_an_earlier_correction(tmp_path):
    with pytest.raises(BadCorrection, match="reverts 'c-none': no such earlier correction"):
        corrections.append(tmp_path / "c.toml", revert("c-none"))


def test_a_moved_point_is_sure_because_an_analyst_put_it_there(tmp_path, seeds_features):
    # The text's reasons (a region's point, a name in a case form) were about the old point.
    entry = correction(seeds_features, f"{DOC}-a4", "move", place_id="geonames:1518262")
    features, _ = built_with(tmp_path, [entry])
    moved = features[f"{DOC}-a4-p1"]["properties"]
    assert moved["confidence_reasons"] == ["place_by_analyst"]
    assert moved["confidence"] >= 0.95


def test_a_confirmed_record_is_checked_by_an_analyst_the_others_of_its_action_are_not(
    tmp_path, seeds_features
):
    # 004...-a2 is at Astana and Almaty: the analyst checked the Almaty record only.
    action = "004_5b44a82eec03611c-a2"
    entry = correction(seeds_features, action, "confirm", place_id="geonames:1526384")
    deleted = correction(seeds_features, f"{DOC}-a3", "delete")
    features, result = built_with(tmp_path, [entry, deleted])
    assert result.corrections.not_applied == []
    checked, other = features[f"{action}-p2"]["properties"], features[f"{action}-p1"]["properties"]
    assert (checked["place"], checked["confidence_reasons"]) == ("Almaty", ["checked_by_analyst"])
    assert checked["confidence"] == 1.0 and checked["text_confidence"] == other["confidence"]
    assert other["confidence_reasons"] != ["checked_by_analyst"]
    assert checked["corrections"] == other["corrections"] and not checked["edited"]
    # The deleted record is kept, as it was, in the report's corrections.
    [removed] = result.corrections.removed
    assert removed["properties"]["feature_id"] == f"{DOC}-a3-p1"
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    assert report["corrections"]["removed"] == [removed]


def test_the_text_s_confidence_is_the_confidence_until_an_analyst_checks(seeds_features):
    # Every record of a build without corrections, retold ones included (told_by_several).
    assert all(
        f["properties"]["text_confidence"] == f["properties"]["confidence"] for f in seeds_features
    )

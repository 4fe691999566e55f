"""geo build: the dataset contract other tools read, and the build report."""

import csv
import gc
import json
import shutil

import pytest
from geopy.distance import geodesic

from geo.cli import main
from geo.dataset.confidence import with_retellings
from geo.dataset.schema import FEATURE_PROPERTIES
from geo.reference import action_types
from tests.paths import SEEDS

PROPERTIES = {
    "action_id",
    "doc_id",
    "action_type",
    "summary",
    "organisations",
    "date_start",
    "date_end",
    "time_precision",
    "place_name",
    "place",
    "place_id",
    "geo_precision",
    "admin1",
    "evidence",
    "char_start",
    "char_end",
    "source",
}
ASTANA = (51.18, 71.45)
NURA = (50.26, 71.55)


@pytest.fixture(scope="module")
def built(seeds_build):
    collection = json.loads((seeds_build / "actions.geojson").read_text(encoding="utf-8"))
    return seeds_build, collection["features"]


def test_geojson_contract(built):
    _, features = built
    assert features
    for feature in features:
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert 40 < lat < 56 and 46 < lon < 88  # Kazakhstan's bounding box
        props = feature["properties"]
        assert PROPERTIES <= set(props)
        assert set(props) == set(FEATURE_PROPERTIES)  # what the dashboard reads
        assert props["time_precision"] in {"day", "month", "year", "unknown"}
        assert props["geo_precision"] in {1, 2, 3, 4}
        assert isinstance(props["organisations"], list)
        text = (SEEDS / f"{props['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[props["char_start"] : props["char_end"]] == props["evidence"]


def test_csv_has_the_same_rows(built):
    out, features = built
    with (out / "actions.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["feature_id"] for r in rows] == [f["properties"]["feature_id"] for f in features]
    assert rows[0]["lat"] and rows[0]["lon"]


def test_report_lists_every_file_and_unresolved_names(built):
    out, _ = built
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in report["files"]] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert {f["status"] for f in report["files"]} == {"processed"}
    # Villages GeoNames lacks, in a district the text names, sit at the district's centre.
    assert report["placed_at_district_centre"]["001_a578faf2f4fd7f4d"] == [
        "Ортак (at the centre of Zerenda District)",
        "Булак (at the centre of Zerenda District)",
    ]
    assert report["unresolved_places"] == {}


def test_no_point_where_the_text_puts_no_action(built):
    _, features = built
    for feature in features:
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        if props["place_id"].startswith("road:geonames:1522605"):  # «Нура – Нур-Султан»
            assert geodesic((lat, lon), NURA).km < 15
            assert geodesic((lat, lon), ASTANA).km > 80  # Nura is 100 km from Astana
        assert props["admin1"] != "Almaty Region"
        assert "2026" not in props["evidence"] and "ОПРОС" not in props["evidence"]


def test_region_and_country_records_lie_inside_them(built):
    _, features = built
    levels = {f["properties"]["geo_precision"] for f in features}
    assert levels == {1, 2, 3, 4}
    for feature in features:
        props = feature["properties"]
        if props["geo_precision"] == 3:
            assert props["place_id"].startswith("region:") and props["admin1"]
        if props["geo_precision"] == 4:
            assert props["admin1"] is None


def test_checkpoints_near_kokshetau_are_four_points_within_15_km(built):
    _, features = built
    kokshetau = (53.28, 69.39)
    points = [
        tuple(reversed(f["geometry"]["coordinates"]))
        for f in features
        if f["properties"]["doc_id"].startswith("002")
    ]
    assert len(points) == 4
    assert {
        f["properties"]["place_kind"]
        for f in features
        if f["properties"]["doc_id"].startswith("002")
    } == {"checkpoint"}
    for p in points:
        assert geodesic(p, kokshetau).km < 15
    for i, p in enumerate(points):
        for q in points[i + 1 :]:
            assert geodesic(p, q).km > 3


def test_one_broken_article_does_not_stop_the_others(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    (corpus / "broken.txt").write_bytes(b"\xff\xfe\x00garbage\x81")
    (corpus / "empty.txt").write_text("")
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    status = {f["file"]: f["status"] for f in report["files"]}
    assert status == {
        "000_d28f05125cd8f48e.txt": "processed",
        "broken.txt": "skipped",
        "empty.txt": "skipped",
    }
    assert report["actions"] == 5


def test_a_build_leaves_the_cycle_collector_as_it_found_it(tmp_path):
    # The build pauses the collector and sets what it read aside; the dashboard's Curate page
    # builds inside the long-lived server, so nothing may stay paused or set aside after.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    (tmp_path / "file").write_text("not a folder")
    for out in (tmp_path / "out", tmp_path / "file" / "data"):  # a build that works, one that fails
        main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"])
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0


def test_a_corpus_with_nothing_readable_leaves_the_previous_dataset(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 0
    before = (out / "actions.geojson").read_bytes()
    (corpus / "000_d28f05125cd8f48e.txt").unlink()
    (corpus / "empty.txt").write_text("")
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 1
    assert (out / "actions.geojson").read_bytes() == before
    printed = capsys.readouterr()
    assert "skipped empty.txt: empty file" in printed.out
    assert "left as it was" in printed.err


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    (tmp_path / "file").write_text("not a folder")
    out = tmp_path / "file" / "data"
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 3
    assert f"cannot write the dataset to {out}" in capsys.readouterr().err


def test_a_build_cache_sqlite_cannot_open_is_the_folder_that_cannot_be_written(
    tmp_path, capsys, monkeypatch
):
    import sqlite3

    from geo.dataset import cache

    def refuse(path):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(cache.sqlite3, "connect", refuse)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    out = tmp_path / "out"
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 3
    assert capsys.readouterr().err == (
        f"geo build: cannot write the dataset to {out}: unable to open database file "
        "(.geo-cache.sqlite); the previous dataset there is unchanged\n"
    )


def test_a_damaged_build_cache_is_started_afresh_not_a_traceback(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    out.mkdir()
    (out / ".geo-cache.sqlite").write_bytes(b"not a database, " * 512)
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert (out / "actions.geojson").exists()
    # and the cache works again: a second build reads the article from it
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 0


def test_every_action_is_summed_up_in_english_russian_and_kazakh(built):
    """The page in each language shows its own line: the type's label and the places'
    names in that language."""
    _, features = built
    first = features[0]["properties"]
    assert first["summary"].startswith(action_types()[first["action_type"]]["label_en"])
    assert first["summary_ru"].startswith(action_types()[first["action_type"]]["label_ru"])
    assert first["summary_kk"].startswith(action_types()[first["action_type"]]["label_kk"])
    assert first["place_ru"] in first["summary_ru"] and first["place_kk"] in first["summary_kk"]


def test_the_summary_fits_a_screen_and_the_report_has_every_file(tmp_path, capsys):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_d28f05125cd8f48e.txt", corpus)
    for i in range(40):
        (corpus / f"empty{i:02}.txt").write_text("")
    assert main(["build", "--corpus", str(corpus), "--out", str(out), "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert len(printed.splitlines()) < 25
    assert "... and 28 more (skipped): see build-report.json" in printed
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["skipped"] == 40 and len(report["files"]) == 41


def test_missing_corpus_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["build", "--corpus", str(tmp_path / "nope"), "--quiet"]) == 2
    assert "corpus folder not found" in capsys.readouterr().err


def test_geocode_command(capsys):
    assert main(["geocode", "Приозерске"]) == 0
    assert "geonames:7536148" in capsys.readouterr().out


def test_the_same_action_told_twice_is_one_action_with_two_sources(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ru.txt").write_text(
        "5 июня 2021 года волонтеры «Жас Отан» раздали продукты многодетным семьям в Павлодаре.",
        encoding="utf-8",
    )
    (corpus / "kk.txt").write_text(
        "2021 жылғы 5 маусымда «Жас Отан» еріктілері Павлодарда көпбалалы отбасыларға "
        "азық-түлік таратты.",
        encoding="utf-8",
    )
    (corpus / "other.txt").write_text(
        "10 июня 2021 года волонтеры «Жас Отан» раздали продукты многодетным семьям в Павлодаре.",
        encoding="utf-8",
    )
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    features = json.loads((tmp_path / "out" / "actions.geojson").read_text("utf-8"))["features"]
    sources = sorted(f["properties"]["sources"] for f in features)
    assert sources == [["corpus/kk.txt", "corpus/ru.txt"], ["corpus/other.txt"]]
    # Several sources agree: a reason of the merged action's records, not of the other's.
    agreed = {
        len(f["properties"]["sources"]): "told_by_several" in f["properties"]["confidence_reasons"]
        for f in features
    }
    assert agreed == {2: True, 1: False}


def test_agreement_is_a_reason_given_or_taken_away_the_same_however_often_asked():
    codes = ["place_in_sentence", "name_exact", "no_date"]
    confidence, told = with_retellings(codes, True)
    assert told == ["place_in_sentence", "name_exact", "no_date", "told_by_several"]
    assert with_retellings(told, True) == (confidence, told)  # a resident build asks again
    assert with_retellings(told, False)[1] == codes  # the other article was deleted


def test_private_people_are_not_published_by_name(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "В Шымкенте волонтеры фонда «Шапағат» собрали 9 миллионов тенге, которые бабушка "
        "мальчика Раушан Сейдахметова и председатель фонда Марат Ахметов передали в больницу.",
        encoding="utf-8",
    )
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    features = json.loads((tmp_path / "out" / "actions.geojson").read_text("utf-8"))["features"]
    published = " ".join(f["properties"]["evidence"] for f in features)
    assert "Сейдахметова" not in published and "Р. С." in published
    assert "Марат Ахметов" in published  # acts for the fund


def test_redact_keeps_the_sentence_and_cuts_names_to_initials():
    from geo.dataset.record import redact

    text = "Помощь получила Раушан Сейдахметова из Шымкента."
    assert redact(text, 0, len(text), [(16, 35)]) == "Помощь получила Р. С. из Шымкента."


def test_every_field_traces_to_its_sentences(built):
    _, features = built
    tour = [f["properties"] for f in features if f["properties"]["doc_id"].startswith("002")]
    spans = tour[0]["evidence_spans"]
    text = (SEEDS / "002_82e0ac45970b357d.txt").read_text(encoding="utf-8")
    told = " ".join(text[s:e] for s, e in spans)
    assert len(spans) >= 5  # the tour is told over many sentences
    assert "Русская община" in told and "Кокшетау - Омск" in told

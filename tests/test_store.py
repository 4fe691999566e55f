"""geo.store on the 6-feature fixture: loading, filters, counts, CSV, small helpers."""

import datetime as dt
import io
import json

import pandas as pd
import pytest

from geo import settings, store

D = dt.date


@pytest.fixture
def df(actions_fixture):
    return store.load_actions(actions_fixture)


def ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["feature_id"])


def test_load_actions_one_row_per_feature_with_typed_columns(df):
    assert len(df) == 6
    assert list(df.columns) == list(store.COLUMNS)
    first = df.iloc[0]
    assert (first["lat"], first["lon"]) == pytest.approx((53.2841, 69.3936))
    assert first["date_start"] == pd.Timestamp("2022-01-01")
    assert first["date_end"] == pd.Timestamp("2022-01-31")
    assert pd.api.types.is_datetime64_any_dtype(df["date_start"])
    assert isinstance(first["organisations"], tuple)
    assert df.loc[df.feature_id == "doc_a-a2-p1", "organisations"].item() == (
        "Jas Otan",
        "Nur Otan",
    )
    undated = df[df.feature_id == "doc_c-a1-p1"].iloc[0]
    assert pd.isna(undated["date_start"]) and pd.isna(undated["date_end"])
    country = df[df.feature_id == "doc_d-a1-p1"].iloc[0]
    assert pd.isna(country["admin1"]) and country["geo_precision"] == 4


def test_load_actions_missing_file_names_path_and_geo_build(tmp_path):
    missing = tmp_path / "nowhere" / "actions.geojson"
    with pytest.raises(store.ActionsFileNotFound) as err:
        store.load_actions(missing)
    assert str(missing) in str(err.value)
    assert "geo build" in str(err.value)
    assert isinstance(err.value, FileNotFoundError)


def test_load_actions_rejects_non_feature_collection(tmp_path):
    bad = tmp_path / "actions.geojson"
    bad.write_text(json.dumps({"type": "Feature"}), encoding="utf-8")
    with pytest.raises(ValueError, match="FeatureCollection"):
        store.load_actions(bad)


def test_load_actions_empty_collection_keeps_columns(tmp_path):
    empty = tmp_path / "actions.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    frame = store.load_actions(empty)
    assert frame.empty and list(frame.columns) == list(store.COLUMNS)
    assert store.filter_actions(frame, D(2020, 1, 1), D(2021, 1, 1), True, ["x"]).empty
    assert store.date_bounds(frame) is None
    assert store.to_csv_bytes(frame).decode("utf-8-sig").startswith("feature_id,")


def test_filter_by_date_keeps_overlapping_actions(df):
    # doc_a runs through January 2022; doc_b is 2020-05-01; doc_d spans all of 2020.
    jan = store.filter_actions(df, D(2022, 1, 15), D(2022, 3, 1), include_undated=False)
    assert ids(jan) == ["doc_a-a1-p1", "doc_a-a2-p1"]
    may = store.filter_actions(df, D(2020, 5, 1), D(2020, 5, 1), include_undated=False)
    assert ids(may) == ["doc_b-a1-p1", "doc_b-a1-p2", "doc_d-a1-p1"]
    before = store.filter_actions(df, D(2019, 1, 1), D(2019, 12, 31), include_undated=False)
    assert before.empty


def test_filter_open_bounds(df):
    assert len(store.filter_actions(df, None, None, include_undated=False)) == 5
    assert ids(store.filter_actions(df, D(2021, 1, 1), None, False)) == [
        "doc_a-a1-p1",
        "doc_a-a2-p1",
    ]


def test_undated_switch(df):
    with_undated = store.filter_actions(df, D(2022, 1, 1), D(2022, 1, 31), include_undated=True)
    assert "doc_c-a1-p1" in ids(with_undated)
    without = store.filter_actions(df, D(2022, 1, 1), D(2022, 1, 31), include_undated=False)
    assert "doc_c-a1-p1" not in ids(without)
    assert len(with_undated) == len(without) + 1


def test_filter_by_organisation(df):
    assert len(store.filter_actions(df, organisations=[])) == 6
    assert ids(store.filter_actions(df, organisations=["Nur Otan"])) == ["doc_a-a2-p1"]
    assert ids(store.filter_actions(df, organisations=["Nur Otan", "Birgemiz Fund"])) == [
        "doc_a-a2-p1",
        "doc_d-a1-p1",
    ]
    assert store.filter_actions(df, organisations=["Nobody"]).empty


def test_filter_keeps_index_and_does_not_modify_input(df):
    before = df.copy()
    out = store.filter_actions(df, D(2022, 1, 1), D(2022, 1, 31), False, ["Jas Otan"])
    assert list(out.index) == [0, 1]
    pd.testing.assert_frame_equal(df, before)


def test_organisation_options_sorted_unique(df):
    assert store.organisation_options(df) == [
        "Assembly of People of Kazakhstan",
        "Birgemiz Fund",
        "Jas Otan",
        "Nur Otan",
        "Red Crescent Society of Kazakhstan",
        "Russian Community (NGO)",
    ]


def test_summary_counts_and_bounds(df):
    assert store.summary_counts(df) == {"actions": 5, "places": 6, "organisations": 6}
    assert store.date_bounds(df) == (D(2020, 1, 1), D(2022, 1, 31))


def test_country_wide_lists_country_level_actions(df):
    assert list(store.country_wide(df)["action_id"]) == ["doc_d-a1"]


def test_to_csv_bytes_utf8_sig_joined_lists_and_defused_formulas(df):
    df = df.copy()
    df.loc[0, "summary"] = '=HYPERLINK("http://x")'
    raw = store.to_csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    assert len(back) == 6
    assert back.loc[0, "summary"].startswith("'=")
    assert back.loc[1, "organisations"] == "Jas Otan; Nur Otan"
    assert back.loc[0, "date_start"] == "2022-01-01"
    assert "Жасотановцы" in back.loc[0, "evidence"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("  HTTPS://EXAMPLE.ORG ", True),
        ("javascript:alert(1)", False),
        ("seeds/doc_a.txt", False),
        ("https://", False),
        ("//example.org/x", False),
        (None, False),
    ],
)
def test_is_http_url(value, expected):
    assert store.is_http_url(value) is expected


def test_table_view_links_only_http_sources(df):
    df = df.copy()
    df.loc[0, "source"] = "https://example.org/news/1"
    df.loc[1, "source"] = "javascript:alert(1)"
    view = store.table_view(df)
    assert view.loc[0, "link"] == "https://example.org/news/1"
    assert pd.isna(view.loc[1, "link"])
    assert view.loc[1, "source"] == "javascript:alert(1)"
    assert view.loc[1, "organisations"] == "Jas Otan; Nur Otan"
    assert view.loc[0, "action_type"] == settings.ACTION_TYPE_LABELS["food_for_duty"]


def test_escape_markdown_keeps_text_literal():
    out = store.escape_markdown("[x](javascript:alert(1)) <b>*hi*</b> $x$")
    for ch in "[]()<>*$:":
        assert f"\\{ch}" in out
    assert store.escape_markdown(None) == ""


def test_format_dates():
    ts = pd.Timestamp
    assert store.format_dates(ts("2022-01-01"), ts("2022-01-31"), "month") == (
        "2022-01-01 – 2022-01-31 (month)"
    )
    assert store.format_dates(ts("2020-05-01"), ts("2020-05-01"), "day") == "2020-05-01 (day)"
    assert store.format_dates(pd.NaT, pd.NaT, "unknown") == "no date"


def test_base_map_files(repo_dir, tmp_path):
    cities = store.load_cities(repo_dir / "data" / "basemap_cities.csv")
    assert len(cities) == 20
    assert {"Astana", "Almaty", "Shymkent", "Kokshetau"} <= set(cities["name_en"])
    assert cities["lat"].between(40, 56).all() and cities["lon"].between(46, 88).all()
    regions = store.load_regions(repo_dir / "data" / "regions.geojson")
    assert len(regions["features"]) == 20
    # A data dir without base-map files falls back to the repository's data/.
    found = store.find_data_file("regions.geojson", tmp_path, repo_dir / "data")
    assert found == repo_dir / "data" / "regions.geojson"

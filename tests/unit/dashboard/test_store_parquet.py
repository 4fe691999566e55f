"""geo.dashboard.store reading actions.parquet: the same table as actions.geojson, only the columns
and rows asked for (dates and ids pushed down to pyarrow), and which file a folder's
dashboard reads."""

import datetime as dt
import json
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from geo.dashboard import store
from geo.dashboard.store import ActionsFileNotFound
from geo.dataset import formats

D = dt.date


def by_id(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("feature_id").reset_index(drop=True)


@pytest.fixture
def as_parquet(tmp_path, actions_fixture, monkeypatch):
    """The fixture's actions as actions.geojson and actions.parquet, two rows per row group
    (so a date range has whole groups to skip)."""
    features = json.loads(actions_fixture.read_text(encoding="utf-8"))["features"]
    monkeypatch.setattr(formats, "ROW_GROUP", 2)
    (tmp_path / "actions.geojson").write_bytes(actions_fixture.read_bytes())
    (tmp_path / "actions.parquet").write_bytes(formats.parquet_table(features))
    return tmp_path


def test_parquet_reads_as_the_geojson_does(seeds_build):
    geojson = store.load_actions(seeds_build / "actions.geojson")
    parquet = store.read_actions(seeds_build / "actions.parquet")
    assert list(parquet.columns) == list(store.COLUMNS)
    pd.testing.assert_frame_equal(by_id(parquet), by_id(geojson))


def test_only_the_columns_asked_for_are_read(as_parquet, monkeypatch):
    read: list[list[str]] = []
    original = pq.read_table

    def spy(path, columns, **kwargs):
        read.append(columns)
        return original(path, columns=columns, **kwargs)

    monkeypatch.setattr(pq, "read_table", spy)
    view = store.read_actions(as_parquet / "actions.parquet", store.VIEW_COLUMNS)
    assert list(view.columns) == list(store.VIEW_COLUMNS)
    assert not set(store.DOWNLOAD_ONLY) & set(read[0])
    whole = store.load_actions(as_parquet / "actions.geojson")[list(store.VIEW_COLUMNS)]
    pd.testing.assert_frame_equal(by_id(view), by_id(whole))
    with pytest.raises(ValueError, match="unknown columns"):
        store.read_actions(as_parquet / "actions.parquet", ["feature_id", "nope"])


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [(D(2022, 1, 1), D(2022, 1, 31)), (None, D(2020, 12, 31)), (D(2021, 12, 25), None)],
)
def test_a_date_range_is_pushed_down(as_parquet, date_from, date_to):
    assert pq.ParquetFile(as_parquet / "actions.parquet").num_row_groups == 4
    expected = store.filter_actions(
        store.load_actions(as_parquet / "actions.geojson"), date_from, date_to
    )
    for name in ("actions.parquet", "actions.geojson"):
        got = store.read_actions(as_parquet / name, date_from=date_from, date_to=date_to)
        assert sorted(got["feature_id"]) == sorted(expected["feature_id"]), name
        assert "doc_c-a1-p1" in set(got["feature_id"])  # undated: kept, a filter decides


def test_rows_by_feature_id_with_every_column_in_their_order(as_parquet):
    view = store.read_actions(as_parquet / "actions.parquet", store.VIEW_COLUMNS)
    shown = store.filter_actions(view, organisations=["Red Crescent", "Jas Otan"]).iloc[::-1]
    for name in ("actions.parquet", "actions.geojson"):
        whole = store.whole_rows(as_parquet / name, shown)
        assert list(whole["feature_id"]) == list(shown["feature_id"]), name
        assert list(whole.columns) == list(store.COLUMNS)
        assert whole.loc[whole.feature_id == "doc_f-a1-p1", "char_start"].notna().all()
    ids = ["doc_e-a1-p1", "doc_a-a1-p1"]
    got = store.read_actions(as_parquet / "actions.parquet", feature_ids=ids)
    assert sorted(got["feature_id"]) == sorted(ids)


def test_an_older_parquet_without_the_newer_columns(as_parquet):
    path = as_parquet / "actions.parquet"
    table = pq.read_table(path).drop_columns(["edited", "corrections", "sponsors", "place_kk"])
    pq.write_table(table, path)
    df = store.read_actions(path)
    assert list(df.columns) == list(store.COLUMNS)
    assert not df["edited"].any() and set(df["corrections"]) == {()}
    assert set(df["sponsors"]) == {()} and set(df["place_kk"]) == {""}


def test_the_dashboard_reads_the_parquet_unless_the_geojson_is_newer(as_parquet, tmp_path):
    parquet, geojson = as_parquet / "actions.parquet", as_parquet / "actions.geojson"
    os.utime(geojson, (1_000_000, 1_000_000))
    assert store.actions_file(as_parquet) == parquet
    os.utime(parquet, (900_000, 900_000))  # the GeoJSON was edited after the build
    assert store.actions_file(as_parquet) == geojson
    geojson.unlink()
    assert store.actions_file(as_parquet) == parquet
    empty = tmp_path / "empty"
    empty.mkdir()
    assert store.actions_file(empty) == empty / "actions.geojson"
    with pytest.raises(ActionsFileNotFound, match="geo build"):
        store.read_actions(store.actions_file(empty))


def test_strings_lists_and_dates_keep_their_types(as_parquet):
    df = store.read_actions(as_parquet / "actions.parquet")
    row = df[df.feature_id == "doc_e-a1-p1"].iloc[0]
    assert row["sources"] == ("https://example.kz/news/1", "https://example.org/report/2")
    assert row["date_start"] == pd.Timestamp("2022-01-10")
    country = df[df.feature_id == "doc_d-a1-p1"].iloc[0]
    assert pd.isna(country["admin1"]) and country["geo_precision"] == 4
    assert pa.types.is_date32(pq.read_schema(as_parquet / "actions.parquet").field("date_end").type)

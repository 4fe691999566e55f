"""geo.dataset.schema: one table of fields drives every form the dataset takes."""

import pandas as pd
import pyarrow.parquet as pq

from geo.dashboard import store, tables
from geo.dataset import formats
from geo.dataset.schema import CSV_COLUMNS, FIELDS, KINDS, LIST_COLUMNS


def test_every_field_has_a_known_kind_and_a_name_once():
    assert all(f.kind in KINDS for f in FIELDS)
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))
    assert CSV_COLUMNS == (*names, "lat", "lon")
    assert set(LIST_COLUMNS) == {f.name for f in FIELDS if f.kind == "list"}


def test_the_parquet_file_has_the_schema_s_types(seeds_build):
    written = pq.read_schema(seeds_build / "actions.parquet")
    for field in FIELDS:
        assert written.field(field.name).type == field.type.arrow, field.name
    assert written.remove_metadata() == formats.parquet_schema()


def test_the_dashboard_frame_types_follow_the_schema(seeds_build):
    for path in (seeds_build / "actions.geojson", seeds_build / "actions.parquet"):
        frame = store.read_actions(path)
        assert list(frame.columns) == list(store.COLUMNS)
        for field in FIELDS:
            column, kind = frame[field.name], field.type.frame
            if kind == "date":
                assert pd.api.types.is_datetime64_any_dtype(column), field.name
            elif kind == "int":
                expected = "Int64" if field.missing is None else "int64"
                assert str(column.dtype) == expected, (path.suffix, field.name)
            elif kind == "bool":
                assert column.dtype == bool, field.name
            elif kind == "tuple":
                assert column.map(lambda v: isinstance(v, tuple)).all(), field.name
            elif kind == "float":
                assert column.dtype == float, field.name
            else:
                values = column.dropna() if field.missing is None else column
                assert values.map(lambda v: isinstance(v, str)).all(), field.name


def test_the_geojson_export_has_every_property_in_the_schema_s_order(seeds_build):
    frame = store.read_actions(seeds_build / "actions.parquet")
    import json

    exported = json.loads(tables.to_geojson_bytes(frame.head(3)))
    for feature in exported["features"]:
        assert list(feature["properties"]) == [f.name for f in FIELDS]

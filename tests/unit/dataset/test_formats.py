"""geo.dataset.formats: the three files of a build hold the same rows."""

import csv
import io
import json

import pandas as pd
import pyarrow.parquet as pq

from geo.dataset import formats
from geo.dataset.schema import CSV_COLUMNS, FEATURE_PROPERTIES


def features(seeds_build):
    return json.loads((seeds_build / "actions.geojson").read_text(encoding="utf-8"))["features"]


def test_geojson_has_one_feature_a_line(seeds_build):
    lines = (seeds_build / "actions.geojson").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(features(seeds_build)) + 2


def test_csv_and_parquet_hold_the_geojson_rows(seeds_build):
    rows = features(seeds_build)
    table = list(csv.DictReader(io.StringIO(formats.csv_table(rows).decode("utf-8-sig"))))
    assert list(table[0]) == list(CSV_COLUMNS) and len(table) == len(rows)
    frame = pd.read_parquet(seeds_build / "actions.parquet")
    assert list(frame.columns) == [*FEATURE_PROPERTIES, "lat", "lon"]
    by_id = frame.set_index("feature_id")
    for row in rows:
        props = row["properties"]
        got = by_id.loc[props["feature_id"]]
        assert list(got["organisations"]) == props["organisations"]
        assert (got["lon"], got["lat"]) == tuple(row["geometry"]["coordinates"])
        assert (str(got["date_start"]) if props["date_start"] else None) == props["date_start"]


def test_a_view_reads_only_its_columns_and_dated_rows(seeds_build):
    path = seeds_build / "actions.parquet"
    meta = pq.ParquetFile(path).metadata
    assert meta.row_group(0).column(FEATURE_PROPERTIES.index("date_start")).statistics.has_min_max
    january = pq.read_table(
        path,
        columns=["feature_id", "lat", "lon"],
        filters=[("date_end", ">=", pd.Timestamp("2022-01-01").date())],
    )
    assert january.column_names == ["feature_id", "lat", "lon"]
    dated = [f for f in features(seeds_build) if (f["properties"]["date_end"] or "") >= "2022"]
    assert january.num_rows == len(dated) > 0

"""geo.dataset.formats: the three files of a build hold the same rows."""

import copy
import csv
import datetime as dt
import io
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from geo.dataset import formats
from geo.dataset.schema import CSV_COLUMNS, FEATURE_PROPERTIES, FIELDS, csv_cell


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


def tricky(seeds_build) -> list[dict]:
    """The seeds' rows and, made from them, what the writers must get right: equal dates
    (the Parquet keeps their order), undated rows (last), an optional property missing, a
    cell that would start a formula, a text with a line break and quotes."""
    rows = features(seeds_build)
    extra = copy.deepcopy(rows[:4])
    extra[0]["properties"].update(date_start=None, date_end=None, summary='=HYPERLINK("x")')
    extra[1]["properties"].pop("place_source")
    extra[1]["properties"]["organisations"] = ["+7 701", "Jas Otan"]
    extra[2]["properties"].update(
        evidence='"Сказал",\r\nон', date_start=rows[0]["properties"]["date_start"]
    )
    extra[3]["properties"]["confidence"] = 1
    return [*extra, *rows, *extra[:2]]


def test_the_parquet_is_the_rows_sorted_by_date_undated_last(seeds_build):
    rows = tricky(seeds_build)
    # What pyarrow makes of the rows themselves, sorted as the Parquet promises.
    ordered = sorted(rows, key=lambda f: f["properties"].get("date_start") or "9999")
    properties = [
        {
            **f["properties"],
            "lat": f["geometry"]["coordinates"][1],
            "lon": f["geometry"]["coordinates"][0],
        }
        for f in ordered
    ]
    for p in properties:
        for name in ("date_start", "date_end"):
            p[name] = p[name] and dt.date.fromisoformat(p[name])
    expected = pa.Table.from_pylist(properties, schema=formats.parquet_schema())
    written = pq.read_table(io.BytesIO(formats.parquet_table(rows)))
    assert written.replace_schema_metadata().equals(expected)
    lines = formats.feature_lines(rows)
    assert formats.parquet_table(rows, lines) == formats.parquet_table(rows)
    assert pq.read_table(io.BytesIO(formats.parquet_table([]))).num_rows == 0
    rows[5]["properties"]["evidence"] = "Волонтеры. " * 200_000  # a line of 3 MB
    assert pq.read_table(io.BytesIO(formats.parquet_table(rows))).num_rows == len(rows)


def test_every_csv_cell_is_the_schema_cell_with_formulas_defused(seeds_build):
    rows = tricky(seeds_build)
    table = list(csv.reader(io.StringIO(formats.csv_table(rows).decode("utf-8-sig"), newline="")))
    assert table[0] == list(CSV_COLUMNS) and len(table) == len(rows) + 1
    for row, cells in zip(rows, table[1:], strict=True):
        props = row["properties"]
        expected = [formats.defuse_formula(csv_cell(f, props.get(f.name))) for f in FIELDS]
        lon, lat = row["geometry"]["coordinates"]
        assert cells == ["" if v is None else str(v) for v in [*expected, lat, lon]]
    assert table[1][CSV_COLUMNS.index("summary")] == '\'=HYPERLINK("x")'
    assert table[2][CSV_COLUMNS.index("organisations")] == "'+7 701; Jas Otan"
    assert table[3][CSV_COLUMNS.index("evidence")] == '"Сказал",\r\nон'


def test_rows_kept_from_the_last_table_make_the_same_csv(seeds_build):
    rows = tricky(seeds_build)
    known = {}  # what geo watch keeps between builds (build.Memory.csv_rows)
    first = formats.csv_table(rows[:5], known=known)
    assert first == formats.csv_table(rows[:5]) and len(known) == 5
    kept = dict(known)
    changed = copy.deepcopy(rows)
    changed[0]["properties"]["summary"] = "@SUM(1)"  # a changed row is made again
    assert formats.csv_table(changed, known=known) == formats.csv_table(changed)
    assert set(kept) - set(known) == {formats.feature_lines(rows[:1])[0]}


def test_a_feature_without_a_list_property_has_empty_cells_and_null_columns(seeds_build):
    feature = copy.deepcopy(features(seeds_build)[0])
    for name in ("sponsors", "evidence_spans"):  # a list and the spans, as another tool may
        del feature["properties"][name]
    header, row = list(csv.reader(io.StringIO(formats.csv_table([feature]).decode("utf-8-sig"))))
    assert row[header.index("sponsors")] == "" and row[header.index("evidence_spans")] == ""
    table = pq.read_table(io.BytesIO(formats.parquet_table([feature])))
    assert table.column("sponsors").to_pylist() == [None]


def test_rows_taken_in_runs_or_shuffled_give_the_same_table_and_file():
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=d % 97) for d in range(2_000)]
    table = pa.table({"date_start": pa.array(dates, pa.date32()), "n": list(range(2_000))})
    # An article added to a built corpus: the last table's rows in a few runs, two new ones.
    runs = pa.array([*range(0, 700), 1_998, *range(700, 1_500), 1_999, *range(1_500, 1_998)])
    shuffled = pa.array(sorted(range(2_000), key=lambda n: (n * 7919) % 2_000))
    for rows in (runs, shuffled, pa.array([], pa.int64())):
        gathered, positions = formats.by_date(table, rows)
        taken = table.take(rows)
        order = pa.compute.array_sort_indices(taken.column("date_start"))
        assert gathered.equals(taken.take(order))
        assert formats.parquet_bytes(gathered) == formats.parquet_bytes(taken.take(order))
        assert len(positions) == len(rows)

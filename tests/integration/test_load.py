"""Scale: the synthetic dataset keeps the contract, and the dashboard holds 20 sessions.

``test_scaled_dataset_meets_the_contract`` is a fast unit test of benchmarks/dataset.py.
``test_twenty_sessions_without_errors_and_bounded_memory`` runs benchmarks/loadtest.py
(20 browser sessions at once, each picking one filter, two rounds) on a small synthetic
dataset; ``python -m benchmarks.loadtest`` runs the full-size one. Its time goes to the
browsers (about 6 CPU-seconds to open the page, 2 for a filter), so it takes 3-4 minutes
on 2 idle cores. It needs Debian's /usr/bin/chromium and is skipped without it unless
CI=true.
"""

import datetime as dt
import json

import pytest

from benchmarks import dataset, loadtest
from geo import reference
from geo.dashboard import store
from geo.dataset.schema import FEATURE_PROPERTIES
from geo.geoparse.gazetteer import default_gazetteer

# Kazakhstan's bounding box, with a little margin.
LAT, LON = (40.5, 55.5), (46.4, 87.4)
# CI-sized: the browsers, not the dataset, take most of the time (~6 CPU-seconds a page).
LOAD_ACTIONS = 100
# Memory after (and peak during) round 2 may exceed round 1's by at most this fraction.
MAX_GROWTH = 0.20


def test_scaled_dataset_meets_the_contract(tmp_path, seeds_build):
    templates = dataset.read_features(seeds_build / "actions.geojson")
    made = dataset.scaled_dataset(250, tmp_path, seed=7, templates=templates)
    assert made.path == tmp_path / "actions.geojson" and made.actions == 250

    raw = json.loads(made.path.read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection" and len(raw["features"]) == made.features
    for feature in raw["features"]:
        assert feature["geometry"]["type"] == "Point"
        assert set(feature["properties"]) == set(FEATURE_PROPERTIES)
        assert feature["id"] == feature["properties"]["feature_id"]

    df = store.load_actions(made.path)
    assert len(df) == made.features > made.actions
    assert df["action_id"].nunique() == 250 and df["feature_id"].is_unique
    assert df["lat"].between(*LAT).all() and df["lon"].between(*LON).all()
    gazetteer = default_gazetteer()
    placed = df[df["geo_precision"] < 4]
    assert placed["admin1"].notna().all()
    assert all(gazetteer.region_at(r.lat, r.lon) == r.admin1 for r in placed.itertuples())
    assert df.loc[df["geo_precision"] == 4, "admin1"].isna().all()
    assert df["place_id"].nunique() > 100  # spread over the country, not the seeds' towns
    dated = df.dropna(subset=["date_start"])
    assert len(dated) > len(df) / 2
    assert dated["date_start"].min() >= dt.datetime(2020, 1, 1)
    assert dated["date_end"].max() <= dt.datetime(2023, 12, 31)
    assert (dated["date_start"] <= dated["date_end"]).all()
    known = {org.name for org in reference.organisations().values()}
    assert set(store.organisation_options(df)) <= known
    assert set(store.options(df)["action_types"]) <= set(reference.action_types())

    again = dataset.scaled_dataset(250, tmp_path / "again", seed=7, templates=templates)
    assert again.path.read_bytes() == made.path.read_bytes()


@pytest.mark.browser
def test_twenty_sessions_without_errors_and_bounded_memory(
    tmp_path, seeds_build, repo_dir, chromium_path
):
    templates = dataset.read_features(seeds_build / "actions.geojson")
    dataset.scaled_dataset(LOAD_ACTIONS, tmp_path, seed=1, templates=templates)

    report = loadtest.run_load_test(
        tmp_path,
        sessions=20,
        rounds=2,
        filters=1,
        timeout_s=240,
        max_growth=MAX_GROWTH,
        repo_dir=repo_dir,
    )
    summary = report.summary()
    print(summary)

    assert report.errors == [], summary
    assert len(report.results) == 40 and all(r.to_map_s for r in report.results), summary
    assert all(len(r.rerun_s) == 1 for r in report.results), summary
    round1, round2 = report.rounds
    assert round2.after_mb <= round1.after_mb * (1 + MAX_GROWTH), summary
    assert round2.peak_mb <= round1.peak_mb * (1 + MAX_GROWTH), summary

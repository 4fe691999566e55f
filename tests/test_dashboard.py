"""dashboard.py run headless with Streamlit's AppTest on the fixture data.

The st_folium map shows up as a component element; its ``json_args`` hold the map
script (one ``"action-point"`` per pin) and the JS/CSS links the map page will load.
"""

import datetime as dt
import json
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo import assets
from geo.settings import UI


@pytest.fixture(autouse=True)
def clean_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def app(repo_dir, fixture_data_dir, monkeypatch):
    monkeypatch.setenv(UI["data_dir_env"], str(fixture_data_dir))
    monkeypatch.setattr(sys, "argv", ["dashboard.py"])
    at = AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def map_args(at: AppTest) -> dict:
    [component] = [
        el
        for el in at.get("component_instance")
        if el.proto.component_name == "streamlit_folium.st_folium"
    ]
    return json.loads(component.proto.json_args)


def n_points(at: AppTest) -> int:
    return map_args(at)["script"].count('"action-point"')


def n_rows(at: AppTest) -> int:
    return len(at.dataframe[0].value)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_shows_everything_by_default(app):
    assert n_rows(app) == 6
    assert n_points(app) == 4
    assert metrics(app) == {
        UI["metric_actions"]: "5",
        UI["metric_places"]: "6",
        UI["metric_organisations"]: "6",
    }
    assert app.title[0].value == UI["title"]
    assert app.get("download_button")


def test_map_assets_are_all_local(app, repo_dir):
    args = map_args(app)
    links = args["js_links"] + args["css_links"]
    assert any(link.endswith("/leaflet.js") for link in links)
    assert any(link.endswith("/leaflet.markercluster.js") for link in links)
    for link in links:
        assert link.startswith(assets.DEFAULT_BASE_URL + "/"), link
        # ... and the dashboard has copied the file that link names.
        rel = link.removeprefix(assets.DEFAULT_BASE_URL + "/")
        assert (repo_dir / "static" / "vendor" / rel).is_file(), link
    assert "http://" not in args["header"] and "https://" not in args["header"]
    assert "tile.openstreetmap.org" not in args["script"]
    # Pan and zoom must not rerun the script.
    assert args["returned_objects"] == []


def test_organisation_filter_changes_table_and_map(app):
    app.multiselect(key="organisations").select("Nur Otan").run()
    assert n_rows(app) == 1
    assert n_points(app) == 0  # its only action is region-wide: a shaded region, no pin
    assert '"action-region"' in map_args(app)["script"]
    assert metrics(app)[UI["metric_actions"]] == "1"


def test_undated_switch(app):
    app.toggle(key="undated").set_value(False).run()
    assert n_rows(app) == 5
    assert n_points(app) == 3  # Balkhash (no date) is gone


def test_date_range(app):
    app.date_input(key="dates").set_value((dt.date(2022, 1, 1), dt.date(2022, 1, 31))).run()
    assert n_rows(app) == 3  # doc_a's two features + the undated one
    assert n_points(app) == 2
    app.toggle(key="undated").set_value(False).run()
    assert n_rows(app) == 2


def test_country_wide_action_listed_beside_the_map(app):
    text = " ".join(m.value for m in app.markdown)
    assert "Birgemiz fund paid 50 000 tenge" in text


def test_hostile_summary_is_plain_text_in_table(app):
    table = app.dataframe[0].value
    assert table["summary"].str.contains("<script>alert(1)</script>", regex=False).any()
    assert "<script>alert(1)" not in map_args(app)["script"]


def test_data_dir_from_command_line(repo_dir, fixture_data_dir, monkeypatch):
    monkeypatch.delenv(UI["data_dir_env"], raising=False)
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--data", str(fixture_data_dir)])
    at = AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    assert n_rows(at) == 6


def test_missing_actions_file_explains_what_to_do(repo_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(UI["data_dir_env"], str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["dashboard.py"])
    at = AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60).run()
    assert not at.exception
    message = at.error[0].value
    assert str(tmp_path / "actions.geojson") in message and "geo build" in message
    assert not at.get("component_instance")

"""The dashboard on the seeds' own build, the way an analyst uses it."""

import datetime as dt
import json
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.settings import UI


@pytest.fixture
def app(repo_dir, seeds_build, monkeypatch):
    st.cache_data.clear()
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--data", str(seeds_build)])
    at = AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    yield at
    st.cache_data.clear()


def test_every_credited_organisation_can_be_picked_under_one_name(app, seeds_build):
    features = json.loads((seeds_build / "actions.geojson").read_text("utf-8"))["features"]
    credited = {o for f in features for o in f["properties"]["organisations"]}
    options = app.multiselect(key="organisations").options
    assert credited == set(options)
    assert "Jas Otan" in options and not any("Жас Отан" in o for o in options)


def test_who_fed_police_at_akmola_checkpoints_in_january_2022(app):
    app.date_input(key="dates").set_value((dt.date(2022, 1, 1), dt.date(2022, 1, 31)))
    app.toggle(key="undated").set_value(False)
    app.multiselect(key="organisations").select("Jas Otan").run()
    table = app.dataframe[0].value
    assert set(table["place"]) == {"Kokshetau", "Akmola Region"}
    assert set(table["admin1"]) == {"Akmola Region"}
    assert metrics(app)[UI["metric_actions"]] == "3"


def metrics(at):
    return {m.label: m.value for m in at.metric}

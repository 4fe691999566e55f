"""The dashboard on the seeds' own build, the way an analyst uses it."""

import datetime as dt
import json
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.dashboard import i18n
from tests.pages import count_frames, table

UI = i18n.texts("en")  # the English texts, as the pages show them


@pytest.fixture
def new_app(repo_dir, seeds_build, monkeypatch):
    st.cache_data.clear()
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--data", str(seeds_build)])
    yield AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60)
    st.cache_data.clear()


@pytest.fixture
def app(new_app):
    new_app.run()
    assert not new_app.exception, new_app.exception
    return new_app


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_every_credited_organisation_can_be_picked_under_one_name(app, seeds_build):
    features = json.loads((seeds_build / "actions.geojson").read_text("utf-8"))["features"]
    credited = {
        o
        for f in features
        for o in f["properties"]["organisations"] + f["properties"].get("sponsors", [])
    }
    options = app.multiselect(key="org").options
    assert credited == set(options)
    assert "Jas Otan" in options and not any("Жас Отан" in o for o in options)


def test_who_fed_police_at_akmola_checkpoints_in_january_2022(app, repo_dir):
    app.date_input(key="dates").set_value((dt.date(2022, 1, 1), dt.date(2022, 1, 31)))
    app.toggle(key="undated").set_value(False)
    app.multiselect(key="type").select("food_for_duty")
    app.multiselect(key="region").select("Akmola Region")
    app.multiselect(key="ben").select("police")
    app.run()
    assert not app.exception
    answer = table(app)
    assert list(answer["organisations"]) == ["Jas Otan"]
    assert list(answer["places"]) == ["Kokshetau"]
    assert metrics(app)[UI["metric_actions"]] == "1"
    assert list(count_frames(app)[1].value["organisation"]) == ["Jas Otan"]

    # The link to this view reopens it in a new session.
    link = {key: app.query_params[key] for key in app.query_params}
    assert link["type"] == "food_for_duty" and link["region"] == "Akmola Region"
    again = AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60)
    for key, value in link.items():
        again.query_params[key] = value
    again.run()
    assert not again.exception
    assert table(again).equals(answer)


def test_jas_otan_in_january_2022(app):
    app.date_input(key="dates").set_value((dt.date(2022, 1, 1), dt.date(2022, 1, 31)))
    app.toggle(key="undated").set_value(False)
    app.multiselect(key="org").select("Jas Otan")
    app.run()
    rows = table(app)
    assert set(rows["places"]) == {"Kokshetau", "Akmola Region"}
    assert set(rows["regions"]) == {"Akmola Region"}
    assert metrics(app)[UI["metric_actions"]] == "3"


def test_data_as_of_the_build_under_the_title(app, seeds_build):
    built = json.loads((seeds_build / "build-report.json").read_text("utf-8"))["built"]
    when = dt.datetime.fromisoformat(built).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    assert app.caption[0].value == UI["freshness"].format(built=when, articles=5)
    app.radio(key="lang").set_value("ru")
    app.run()
    assert app.caption[0].value == f"Данные на {when} · статей: 5"

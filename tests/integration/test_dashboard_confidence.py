"""dashboard.py under AppTest on the fixture with confidences (tests/unit/dashboard/
test_confidence.py, ``RATED``): the confidence filter changes the records shown and the link,
a link's bad value is named, the legend and the note under the map say what hollow means,
and a card says how sure its action is and why."""

import json
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.dashboard import i18n
from geo.dashboard.config import CONFIG
from geo.dataset import confidence
from tests.integration.test_dashboard import ALL_DATES, map_text, n_points, n_rows, params, warnings
from tests.unit.dashboard.test_confidence import write_rated


@pytest.fixture
def new_app(repo_dir, actions_fixture, tmp_path, monkeypatch):
    st.cache_data.clear()
    monkeypatch.setenv(CONFIG["data_dir_env"], str(write_rated(actions_fixture, tmp_path / "d")))
    monkeypatch.setattr(sys, "argv", ["dashboard.py"])
    yield AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60)
    st.cache_data.clear()


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def app(new_app):
    return run(new_app)


def captions(at: AppTest) -> str:
    """The page's captions as read (Markdown escapes and colour marks taken out)."""
    return " ".join(c.value for c in at.caption).replace("\\", "").replace("\u2060", "")


def test_the_filter_shows_everything_then_hides_or_keeps_only_the_doubtful(app):
    assert app.radio(key="conf").value == "all" and n_rows(app) == 7 and n_points(app) == 6
    assert "conf" not in params(app)
    app.radio(key="conf").set_value("sure")
    run(app)
    # Balkhash, the Nura road and the country-wide action are doubtful; Astana, without a
    # confidence, stays.
    assert n_rows(app) == 4 and n_points(app) == 4
    assert params(app) == ALL_DATES | {"conf": ["sure"]}
    app.radio(key="conf").set_value("doubtful")
    run(app)
    assert n_rows(app) == 3 and n_points(app) == 2
    assert params(app) == ALL_DATES | {"conf": ["doubtful"]}
    assert "confidence: Only doubtful" in app.markdown[0].value.replace("\\", "")


def test_a_link_opens_the_doubtful_view_and_a_bad_value_is_named(new_app):
    new_app.query_params["conf"] = "doubtful"
    app = run(new_app)
    assert app.radio(key="conf").value == "doubtful" and n_rows(app) == 3
    again = AppTest.from_file(new_app._script_path, default_timeout=60)
    again.query_params["conf"] = "maybe"
    run(again)
    assert again.radio(key="conf").value == "all" and n_rows(again) == 7
    assert "confidence 'maybe' is not one of its choices; kept the default" in warnings(again)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_legend_and_the_note_say_hollow_is_doubtful(app, lang):
    app.radio(key="lang").set_value(lang)
    run(app)
    t = i18n.texts(lang)
    said = str(t["legend_doubtful"]).format(threshold=confidence.doubtful_below())
    assert json.dumps(said)[1:-1] in map_text(app)  # as tojson writes it
    assert str(t["map_note"]).format(threshold="0.5") in captions(app)


def test_a_card_says_how_sure_its_action_is_and_why(app):
    # The country-wide action's card, beside the map (a click on the map fills the cards
    # under it the same way: tests/browser/test_confidence_map.py).
    said = captions(app)
    assert "Confidence: :orange[20% · doubtful]" in said
    for code in ("whole_country", "no_organisation"):
        assert confidence.words(code) in said
    app.radio(key="lang").set_value("kk")
    run(app)
    assert "Сенімділік: :orange[20% · күмәнді]" in captions(app)
    assert confidence.words("no_organisation", "kk") in captions(app)

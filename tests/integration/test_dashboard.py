"""dashboard.py run headless with Streamlit's AppTest on the fixture data, widget by widget.

The st_folium map shows up as a component element; its ``json_args`` hold the base map's
script, the view's layers (``feature_group``: one ``"action-point"`` per marker) and the
JS/CSS links the map page will load; ``map_text`` is both scripts.
The table of actions has one row per action (7 in the fixture, see
tests/unit/dashboard/test_store.py).
"""

import datetime as dt
import json
import os
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.dashboard import assets, i18n
from geo.dashboard.config import CONFIG
from tests.pages import count_frames, table, timeline, timeline_html

UI = i18n.texts("en")  # the English texts, as the pages show them

D = dt.date
# The fixture's dates, in every URL (the view always carries explicit dates).
ALL_DATES = {"from": ["2020-01-01"], "to": ["2022-01-31"]}


@pytest.fixture(autouse=True)
def clean_cache():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def new_app(repo_dir, fixture_data_dir, monkeypatch):
    """An AppTest of the dashboard on the fixture, not run yet (set query params first)."""
    monkeypatch.setenv(CONFIG["data_dir_env"], str(fixture_data_dir))
    monkeypatch.setattr(sys, "argv", ["dashboard.py"])
    return AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60)


@pytest.fixture
def app(new_app):
    new_app.run()
    assert not new_app.exception, new_app.exception
    return new_app


def run(at: AppTest) -> AppTest:
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


def map_text(at: AppTest) -> str:
    """The map's whole script: the base map's and the view's layers'."""
    args = map_args(at)
    return args["script"] + (args["feature_group"] or "")


def n_points(at: AppTest) -> int:
    return map_text(at).count('"action-point"')


def n_rows(at: AppTest) -> int:
    return len(table(at))


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def params(at: AppTest) -> dict[str, list[str]]:
    """The URL's query parameters after the run (each as a list: they may repeat), but the
    view under the map: tests open the table to read it (test_the_view_under_the_map_...)."""
    values = {key: at.query_params[key] for key in at.query_params if key != "section"}
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


def test_shows_everything_by_default(app):
    assert params(app) == ALL_DATES  # the dates, explicit: a shared link keeps its range
    assert n_rows(app) == 7
    assert n_points(app) == 6
    assert metrics(app) == {
        UI["metric_actions"]: "7",
        UI["metric_places"]: "8",
        UI["metric_organisations"]: "7",
        UI["metric_country"]: "1",
    }
    assert app.title[0].value == UI["title"]
    assert "all actions" in " ".join(m.value for m in app.markdown)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == [
        UI["download"],
        UI["download_localised"],
        UI["download_geojson"],
        UI["download_png"],
        UI["download_pdf"],
    ]


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
    assert "tile.openstreetmap.org" not in map_text(app)
    # Only a click on an action comes back: pan and zoom do not rerun the script.
    assert args["returned_objects"] == ["last_active_drawing"]


def test_online_tiles_switch(app):
    app.toggle(key="tiles").set_value(True)
    run(app)
    assert "tile.openstreetmap.org" in map_text(app)
    assert params(app) == ALL_DATES | {"tiles": ["1"]}


def test_organisation_filter_changes_table_and_map(app):
    app.multiselect(key="org").select("Nur Otan (Amanat)")
    run(app)
    assert n_rows(app) == 1
    assert n_points(app) == 0  # its only action is region-wide: a shaded region, no pin
    assert '"action-region"' in map_text(app)
    assert metrics(app)[UI["metric_actions"]] == "1"
    assert params(app) == ALL_DATES | {"org": ["Nur Otan (Amanat)"]}


def test_branches_and_youth_wing(app):
    app.multiselect(key="org").select("Nur Otan (Amanat)")
    app.checkbox(key="branches").check()
    run(app)
    # + Jas Otan (Kokshetau, Akmola) and Birgemiz Fund (country-wide, Astana)
    assert n_rows(app) == 4
    assert n_points(app) == 2
    assert params(app) == ALL_DATES | {"org": ["Nur Otan (Amanat)"], "branches": ["1"]}


def test_undated_switch(app):
    app.toggle(key="undated").set_value(False)
    run(app)
    assert n_rows(app) == 6
    assert n_points(app) == 5  # Balkhash (no date) is gone
    assert params(app) == ALL_DATES | {"undated": ["0"]}


def test_date_range(app):
    app.date_input(key="dates").set_value((D(2022, 1, 1), D(2022, 1, 31)))
    run(app)
    assert n_rows(app) == 4  # doc_a's two actions, doc_e, + the undated one
    assert n_points(app) == 3
    assert params(app) == ALL_DATES | {"from": ["2022-01-01"], "to": ["2022-01-31"]}
    app.toggle(key="undated").set_value(False)
    run(app)
    assert n_rows(app) == 3


def test_action_type(app):
    app.multiselect(key="type").select("humanitarian_aid")
    run(app)
    assert n_rows(app) == 2 and n_points(app) == 2
    assert params(app) == ALL_DATES | {"type": ["humanitarian_aid"]}  # the key, not the label


def test_region(app):
    app.multiselect(key="region").select("Karaganda Region")
    run(app)
    assert n_rows(app) == 2 and n_points(app) == 2
    assert "Birgemiz fund paid" not in " ".join(m.value for m in app.markdown)


def test_beneficiaries(app):
    app.multiselect(key="ben").select("soldiers")
    run(app)
    assert n_rows(app) == 1 and n_points(app) == 2  # one action at two checkpoints


def test_beneficiaries_filter_hidden_when_the_data_has_none(repo_dir, tmp_path, monkeypatch):
    data = json.loads((repo_dir / "tests" / "fixtures" / "actions_small.geojson").read_text())
    for feature in data["features"]:
        del feature["properties"]["beneficiaries"]
    (tmp_path / "actions.geojson").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--data", str(tmp_path)])
    at = run(AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60))
    assert "ben" not in [m.key for m in at.multiselect]
    assert n_rows(at) == 7


def test_article_language(app):
    app.multiselect(key="alang").select("kk")
    run(app)
    assert n_rows(app) == 2 and n_points(app) == 1  # doc_d is country-wide


def test_precision(app):
    app.multiselect(key="prec").select(3)
    run(app)
    assert n_rows(app) == 1 and n_points(app) == 0
    assert params(app) == ALL_DATES | {"prec": ["3"]}


def test_reset_restores_every_filter_but_keeps_the_language(app):
    app.radio(key="lang").set_value("ru")
    app.multiselect(key="org").select("Jas Otan")
    app.multiselect(key="type").select("food_for_duty")
    app.toggle(key="undated").set_value(False)
    app.date_input(key="dates").set_value((D(2022, 1, 1), D(2022, 1, 31)))
    app.multiselect(key="prec").select(1)
    run(app)
    assert n_rows(app) == 1
    [reset] = [b for b in app.button if b.label == i18n.texts("ru")["reset"]]
    reset.click()
    run(app)
    assert n_rows(app) == 7 and n_points(app) == 6
    assert app.multiselect(key="org").value == [] and app.toggle(key="undated").value
    assert app.date_input(key="dates").value == (D(2020, 1, 1), D(2022, 1, 31))
    assert params(app) == ALL_DATES | {"lang": ["ru"]}


def test_language_switch(app):
    app.radio(key="lang").set_value("ru")
    run(app)
    ru = i18n.texts("ru")
    assert app.title[0].value == ru["title"]
    assert ru["metric_actions"] in metrics(app)
    assert "Питание для дежурящих" in set(table(app)["action_type"])
    assert "Кокшетау" in set(table(app)["places"])
    assert '"Кокшетау"' in map_text(app).encode().decode("unicode_escape")
    app.radio(key="lang").set_value("kk")
    run(app)
    kk = i18n.texts("kk")
    assert app.title[0].value == kk["title"]
    assert app.multiselect(key="type").label == kk["action_types"]
    assert "Көкшетау" in set(table(app)["places"])
    assert "Бүкіл ел" in set(count_frames(app)[0].value["region"])
    assert params(app) == ALL_DATES | {"lang": ["kk"]}


def correct_links(app) -> list:
    """The cards' links to the Curate page (the sidebar's links aside: the pages, the
    review queue)."""
    labels = {i18n.texts(lang)["correct_link"] for lang in i18n.CODES}
    return [link.proto for link in app.get("page_link") if link.proto.label in labels]


def page_links(app) -> list[tuple[str, str, str]]:
    """The sidebar's links to the two pages: (its address under the app, name, query)."""
    return [
        (link.proto.page, link.proto.label, link.proto.query_string)
        for link in app.get("page_link")
        if link.proto.icon in {":material/map:", ":material/edit_note:"}
    ]


def test_the_sidebar_names_the_pages_in_the_language_shown(app):
    assert [name for _, name, query in page_links(app)] == ["Map", "Curate"]
    assert all(query == "" for _, _, query in page_links(app))  # English: the default
    app.radio(key="lang").set_value("kk")
    run(app)
    assert page_links(app) == [
        ("", "Карта", "lang=kk"),  # the app's address itself
        ("curate", "Түзету", "lang=kk"),
    ]


def test_the_curate_link_opens_the_page_in_the_language_shown(app):
    links = correct_links(app)
    assert links and all(link.query_string.startswith("action=") for link in links)
    assert all("lang=" not in link.query_string for link in links)  # English: the default
    app.radio(key="lang").set_value("kk")
    run(app)
    links = correct_links(app)
    assert {link.label for link in links} == {i18n.texts("kk")["correct_link"]}
    assert all(link.query_string.endswith("&lang=kk") for link in links)


def test_selection_survives_a_language_switch(app):
    app.multiselect(key="type").select("patrol")
    run(app)
    app.radio(key="lang").set_value("kk")
    run(app)
    assert app.multiselect(key="type").value == ["patrol"]
    assert n_rows(app) == 1
    assert params(app) == ALL_DATES | {"lang": ["kk"], "type": ["patrol"]}


def test_a_shared_link_restores_the_view(new_app):
    link = {
        "lang": "ru",
        "from": "2022-01-01",
        "to": "2022-01-31",
        "undated": "0",
        "org": ["Nur Otan (Amanat)"],
        "branches": "1",
        "type": ["food_for_duty", "patrol"],
        "region": ["Akmola Region", "Astana"],
        "ben": ["police", "medical_workers"],
        "alang": ["ru", "kk-latn"],
        "prec": ["1", "3"],
        "period": "week",
        "tiles": "1",
    }
    for key, value in link.items():
        new_app.query_params[key] = value
    app = run(new_app)
    assert app.radio(key="lang").value == "ru"
    assert app.date_input(key="dates").value == (D(2022, 1, 1), D(2022, 1, 31))
    assert app.toggle(key="undated").value is False
    assert app.multiselect(key="org").value == ["Nur Otan (Amanat)"]
    assert app.checkbox(key="branches").value is True
    assert app.multiselect(key="type").value == ["food_for_duty", "patrol"]
    assert app.multiselect(key="region").value == ["Akmola Region", "Astana"]
    assert app.multiselect(key="ben").value == ["police", "medical_workers"]
    assert app.multiselect(key="alang").value == ["ru", "kk-latn"]
    assert app.multiselect(key="prec").value == [1, 3]
    assert app.radio(key="period").value == "week"
    # Online tiles wait for the user's yes (test_a_link_asks_before_turning_on_online_tiles).
    assert app.toggle(key="tiles").value is False
    # doc_a-a1 (Kokshetau), doc_a-a2 (Akmola Region), doc_e-a1 (Astana)
    assert n_rows(app) == 3
    assert app.title[0].value == i18n.texts("ru")["title"]


def warnings(at: AppTest) -> str:
    """The page's warnings as read (their Markdown escapes taken out)."""
    return " ".join(w.value for w in at.warning).replace("\\", "")


def test_a_link_value_not_understood_is_named_in_a_notice(new_app):
    new_app.query_params["org"] = ["Jas Otan", "Nonexistent Org"]
    new_app.query_params["from"] = "2020-13-45"
    new_app.query_params["undated"] = "maybe"
    new_app.query_params["lang"] = "fr"
    app = run(new_app)
    assert app.multiselect(key="org").value == ["Jas Otan"]
    assert app.radio(key="lang").value == "en"
    assert app.toggle(key="undated").value is True  # "maybe" keeps the default
    said = warnings(app)
    assert "organisation 'Nonexistent Org' is not in this dataset; left out" in said
    assert "from '2020-13-45' is not a date; showing from the first date" in said
    assert "undated 'maybe' is not yes/no; kept the default" in said
    assert "language 'fr' is not one of its choices; kept the default" in said
    assert params(app) == ALL_DATES | {"org": ["Jas Otan"]}
    # In the language shown; OK puts it away.
    app.radio(key="lang").set_value("ru")
    run(app)
    assert "организация 'Nonexistent Org' — нет в этих данных; пропущено" in warnings(app)
    app.button(key="link_ok").click()
    run(app)
    assert not app.warning


def test_a_link_to_nothing_the_data_has_says_it_shows_all(new_app):
    new_app.query_params["org"] = "Nonexistent Org"
    app = run(new_app)
    assert "organisation 'Nonexistent Org' is not in this dataset; showing all" in warnings(app)
    assert n_rows(app) == 7


def test_a_link_asks_before_turning_on_online_tiles(new_app):
    new_app.query_params["tiles"] = "yes"
    app = run(new_app)
    assert app.toggle(key="tiles").value is False
    assert "tile.openstreetmap.org" not in map_text(app)  # nothing online yet
    assert UI["tiles_ask"] in [i.value for i in app.info]
    app.button(key="tiles_yes").click()
    run(app)
    assert app.toggle(key="tiles").value is True
    assert "tile.openstreetmap.org" in map_text(app)
    assert UI["tiles_ask"] not in [i.value for i in app.info]
    assert params(app) == ALL_DATES | {"tiles": ["1"]}


def test_online_tiles_can_be_refused(new_app):
    new_app.query_params["tiles"] = "1"
    app = run(new_app)
    app.button(key="tiles_no").click()
    run(app)
    assert app.toggle(key="tiles").value is False
    assert UI["tiles_ask"] not in [i.value for i in app.info]
    assert "tile.openstreetmap.org" not in map_text(app)
    assert "tiles" not in params(app)


def test_the_view_under_the_map_is_drawn_alone_and_kept_in_the_link(app, new_app, repo_dir):
    # Only the chosen view is drawn (issue 18: each cost the browser 0.25-0.65 s at 100 000).
    assert app.session_state["section"] == "timeline" and timeline_html(app)
    assert not app.dataframe
    assert "section" not in app.query_params  # the default is not written
    frames = count_frames(app)
    assert [f.value.columns[0] for f in frames] == ["region", "organisation"]
    assert not timeline_html(app) and app.query_params["section"] == "counts"
    assert len(table(app)) == 7 and len(app.dataframe) == 1
    # A link to the table opens it; a section the page does not have is named and left.
    new_app.query_params["section"] = "table"
    assert len(run(new_app).dataframe) == 1 and new_app.session_state["section"] == "table"
    again = AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60)
    again.query_params["section"] = "map"
    run(again)
    assert again.session_state["section"] == "timeline"
    assert "view 'map' is not one of its choices" in " ".join(w.value for w in again.warning)


def test_a_newly_published_dataset_is_shown_with_its_new_actions_named(app, fixture_data_dir):
    app.multiselect(key="org").select("Jas Otan")
    run(app)
    assert not app.get("expander")  # nothing new yet
    # A build publishes the dataset again, with one more action of Jas Otan.
    path = fixture_data_dir / "actions.geojson"
    data = json.loads(path.read_text("utf-8"))
    added = json.loads(json.dumps(data["features"][0]))
    added["properties"] |= {"feature_id": "doc_z-a1-p1", "action_id": "doc_z-a1"}
    added["properties"]["summary"] = "Jas Otan volunteers cleared snow in Kokshetau"
    data["features"].append(added)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    os.utime(path, (path.stat().st_atime + 5, path.stat().st_mtime + 5))
    run(app)  # what the page's check for new data does (every few seconds)
    assert app.multiselect(key="org").value == ["Jas Otan"]  # the view is kept
    said = " ".join(i.value for i in app.info)
    assert UI["new_actions"].format(n=1) in said
    [new] = app.get("expander")
    assert new.label == UI["new_actions_show"]
    assert "Jas Otan volunteers cleared snow in Kokshetau" in " ".join(
        m.value for m in new.markdown
    )
    app.button(key="new_seen").click()
    run(app)
    assert UI["new_actions"].format(n=1) not in " ".join(i.value for i in app.info)


def test_timeline_per_month_or_week(app):
    months, bars = timeline(app)
    assert months[0] == "2020-01" and months[-1] == "2022-01" and len(months) == 25
    assert set(bars["period"]) < set(months)  # the empty months keep their place on the axis
    app.radio(key="period").set_value("week")
    run(app)
    weeks, _bars = timeline(app)
    assert "2022-01-10" in weeks and weeks[0] == "2019-12-30"  # Mondays
    assert params(app) == ALL_DATES | {"period": ["week"]}
    caption = " ".join(c.value for c in app.caption)
    assert UI["timeline_undated"].format(n=1) in caption
    # Per week the three actions known only to the month or year are spread (pale).
    assert UI["timeline_spread_note"].format(n=3, total=6) in caption


def test_the_timeline_spreads_an_action_known_only_by_year(app):
    _months, rows = timeline(app)  # each part of a bar, as its tooltip says it
    assert rows["actions"].sum() == pytest.approx(6, abs=0.05)  # the 6 dated actions, once each
    cash_aid = i18n.action_type_labels("en")["cash_aid"]
    cash = rows[rows["type"] == cash_aid]  # doc_d-a1: the year 2020
    assert len(cash) == 12 and cash["actions"].max() < 0.09
    assert set(cash["dating"]) == {UI["timeline_spread"]} and set(cash["of_actions"]) == {1}
    assert set(rows.loc[rows["type"] != cash_aid, "dating"]) == {UI["timeline_exact_month"]}
    caption = " ".join(c.value for c in app.caption)
    assert UI["timeline_spread_note"].format(n=1, total=6) in caption


def test_freshness_under_the_title(app, fixture_data_dir):
    # The fixture has no build report: its file's time, no count of articles.
    when = dt.datetime.fromtimestamp((fixture_data_dir / "actions.geojson").stat().st_mtime, dt.UTC)
    assert app.caption[0].value == UI["freshness_no_articles"].format(
        built=when.strftime("%Y-%m-%d %H:%M UTC")
    )


def test_counts_by_region_and_organisation(app):
    regions, orgs = (frame.value for frame in count_frames(app))
    assert dict(zip(regions["region"], regions["actions"], strict=True))["Akmola Region"] == 3
    assert dict(zip(orgs["organisation"], orgs["actions"], strict=True))["Birgemiz Fund"] == 2
    app.multiselect(key="org").select("Jas Otan")
    run(app)
    assert list(count_frames(app)[1].value["organisation"]) == ["Jas Otan", "Nur Otan (Amanat)"]


def bar_scale(frame) -> int:
    """The largest value a count table's bars are drawn to (its ProgressColumn's max)."""
    return json.loads(frame.proto.columns)["actions"]["type_config"]["max_value"]


def test_count_bars_run_to_the_largest_row_shown(app):
    for frame in count_frames(app):  # by region, by organisation
        assert bar_scale(frame) == frame.value["actions"].max()
    assert bar_scale(count_frames(app)[0]) == 3 < 7  # Akmola Region's 3 fill its bar, not 3/7


def test_country_wide_action_listed_beside_the_map(app):
    text = " ".join(m.value for m in app.markdown)
    assert "Birgemiz fund paid 50 000 tenge" in text


def test_details_panel_waits_for_a_click(app):
    assert UI["details_hint"] in [i.value for i in app.info]


def test_hostile_summary_is_plain_text_in_table(app):
    assert table(app)["summary"].str.contains("<script>alert(1)</script>", regex=False).any()
    assert "<script>alert(1)" not in map_text(app)


def test_a_rebuild_with_other_dates_keeps_an_open_session_working(app, fixture_data_dir):
    path = fixture_data_dir / "actions.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = [
        f for f in data["features"] if (f["properties"]["date_start"] or "") >= "2021-12"
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    run(app)  # the session's date range (2020-01-01 – 2022-01-31) is now outside the data
    assert app.date_input(key="dates").value == (D(2021, 12, 20), D(2022, 1, 31))
    assert n_rows(app) == 4  # doc_a's two actions, doc_e, doc_f


def test_data_dir_from_command_line(repo_dir, fixture_data_dir, monkeypatch):
    monkeypatch.delenv(CONFIG["data_dir_env"], raising=False)
    monkeypatch.setattr(sys, "argv", ["dashboard.py", "--data", str(fixture_data_dir)])
    at = run(AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60))
    assert n_rows(at) == 7


def test_missing_actions_file_explains_what_to_do(repo_dir, tmp_path, monkeypatch):
    monkeypatch.setenv(CONFIG["data_dir_env"], str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["dashboard.py"])
    at = run(AppTest.from_file(str(repo_dir / "dashboard.py"), default_timeout=60))
    message = at.error[0].value
    assert str(tmp_path / "actions.geojson") in message and "geo build" in message
    assert not at.get("component_instance")

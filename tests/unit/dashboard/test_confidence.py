"""How sure a record is, on the dashboard: the confidence filter (geo.dashboard.filters, its
link value in geo.dashboard.view), doubtful places drawn hollow with the legend saying so
(geo.dashboard.mapview), the confidence and its reasons in the popup and in words
(geo.dashboard.tables), and the briefing image's line (geo.dashboard.brief).

The data: the fixture (tests/fixtures/actions_small.geojson, built before confidences) with
the confidences of ``RATED`` put in: Balkhash (a town), the Nura road (a square) and the
country-wide action are doubtful; Astana keeps none, as an older dataset's record would.
"""

import json
import math
from html import escape as html_escape
from pathlib import Path

import pandas as pd
import pytest

from geo.dashboard import brief, filters, i18n, mapview, store, tables, view
from geo.dataset import confidence
from tests.unit.dashboard.test_mapview import legend, render

# feature_id -> (confidence, reasons); a record not listed has no confidence (NaN).
RATED = {
    "doc_a-a1-p1": (0.92, ["place_in_sentence", "name_exact", "organisation_listed", "date_own"]),
    "doc_a-a2-p1": (0.81, ["place_in_sentence", "whole_region", "organisation_listed"]),
    "doc_b-a1-p1": (0.88, ["place_in_sentence", "road_point", "organisation_listed"]),
    "doc_b-a1-p2": (0.86, ["place_in_sentence", "road_point", "organisation_listed"]),
    "doc_c-a1-p1": (0.3, ["place_from_outlet", "namesakes_far", "no_date"]),
    "doc_d-a1-p1": (0.2, ["whole_country", "no_organisation"]),
    "doc_f-a1-p1": (0.35, ["road_point", "namesakes_near", "organisation_as_written"]),
}
DOUBTFUL_ACTIONS = {"doc_c-a1", "doc_d-a1", "doc_f-a1"}


def rated_collection(fixture: Path) -> dict:
    """The fixture's FeatureCollection with ``RATED``'s confidences in its records."""
    data = json.loads(fixture.read_text(encoding="utf-8"))
    for feature in data["features"]:
        props = feature["properties"]
        if rated := RATED.get(props["feature_id"]):
            props["confidence"], props["confidence_reasons"] = rated
    return data


def write_rated(fixture: Path, data_dir: Path) -> Path:
    """A data directory whose actions.geojson is the rated fixture."""
    data_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(rated_collection(fixture), ensure_ascii=False)
    (data_dir / "actions.geojson").write_text(text, encoding="utf-8")
    return data_dir


@pytest.fixture
def unrated(actions_fixture):
    return store.load_actions(actions_fixture)


@pytest.fixture
def df(actions_fixture, tmp_path):
    return store.load_actions(write_rated(actions_fixture, tmp_path) / "actions.geojson")


@pytest.fixture(scope="module")
def base(repo_dir):
    regions = store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")
    cities = store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")
    return regions, cities


def actions(frame: pd.DataFrame) -> set[str]:
    return set(frame["action_id"])


# --- the filter -----------------------------------------------------------------------------


def test_doubtful_is_below_the_one_threshold_and_a_missing_confidence_is_not():
    below = confidence.doubtful_below()
    said = filters.doubtful(pd.Series([below - 0.01, below, 0.9, math.nan]))
    assert said.tolist() == [True, False, False, False]
    assert said.tolist() == [confidence.is_doubtful(c) for c in (below - 0.01, below, 0.9, None)]


def test_the_confidence_filter_shows_all_hides_or_keeps_only_the_doubtful(df):
    assert actions(store.filter_actions(df)) == actions(df)  # the default hides nothing
    assert actions(store.filter_actions(df, confidence="all")) == actions(df)
    sure = store.filter_actions(df, confidence="sure")
    assert actions(sure) == actions(df) - DOUBTFUL_ACTIONS
    assert "doc_e-a1" in actions(sure)  # no confidence: not doubtful, so not hidden
    only = store.apply_filters(df, store.Filters(confidence="doubtful"))
    assert actions(only) == DOUBTFUL_ACTIONS


def test_a_dataset_built_before_confidences_loses_nothing_to_the_filter(unrated):
    assert unrated["confidence"].isna().all()
    assert len(store.filter_actions(unrated, confidence="sure")) == len(unrated)
    assert store.filter_actions(unrated, confidence="doubtful").empty


def test_the_confidence_filter_is_in_the_link(df):
    bounds = store.date_bounds(df)
    link = view.view_from_params({"conf": "doubtful"}, bounds, store.options(df))
    assert link.view["conf"] == "doubtful" and link.problems == []
    chosen = view.filters_from_view(link.view)
    assert chosen.confidence == "doubtful"
    assert actions(store.apply_filters(df, chosen)) == DOUBTFUL_ACTIONS
    assert view.params_from_view(link.view, bounds)["conf"] == ["doubtful"]
    # The default is not written: a link without it shows everything.
    assert "conf" not in view.params_from_view(view.default_view(bounds), bounds)


def test_a_confidence_the_link_gets_wrong_is_a_problem_said_in_words(df):
    bounds = store.date_bounds(df)
    link = view.view_from_params({"conf": "maybe"}, bounds, store.options(df))
    assert link.view["conf"] == "all"
    assert link.problems == [view.LinkProblem("conf", "maybe", view.NOT_AN_OPTION, view.DEFAULT)]
    said = view.problem_words(link.problems[0], "en")
    assert said == "confidence 'maybe' is not one of its choices; kept the default"
    assert view.problem_words(link.problems[0], "kk").startswith("сенімділік 'maybe'")


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_confidence_filter_in_words(lang):
    label = i18n.confidence_filter_labels(lang)["sure"]
    said = view.describe_filters(store.Filters(confidence="sure"), lang)
    assert said == str(i18n.texts(lang)["w_confidence"]).format(names=label)
    assert view.describe_filters(store.Filters(), lang) == i18n.texts(lang)["w_all"]


# --- in words -------------------------------------------------------------------------------


def test_a_confidence_in_words_in_three_languages():
    assert tables.confidence_label(0.42) == "42% · doubtful"
    assert tables.confidence_label(0.9) == "90%"
    assert tables.confidence_label(0.42, "ru") == "42 % · сомнительно"
    assert tables.confidence_label(0.42, "kk") == "42% · күмәнді"
    assert tables.confidence_label(math.nan) is None and tables.confidence_label(None) is None
    codes = ("namesakes_far", "no_date")
    assert tables.reason_words(codes, "kk") == [confidence.words(c, "kk") for c in codes]


def test_each_place_of_an_action_says_how_sure_it_is(df):
    sure = tables.place_confidences(df)
    assert sure["doc_c-a1"] == [
        ("Balkhash", 0.3, ("place_from_outlet", "namesakes_far", "no_date"))
    ]
    road = [c for _place, c, _r in sure["doc_b-a1"]]
    assert road == [0.86, 0.88]  # both places, least sure first
    assert "doc_e-a1" not in sure  # no confidence, nothing to say


def test_the_briefing_line_counts_the_shown_doubtful_records(df, unrated):
    assert tables.doubtful_line(df) == "3 of 8 points are doubtful (confidence below 0.5)"
    ru = "Сомнительных точек: 3 из 8 (уверенность ниже 0.5)"
    assert tables.doubtful_line(df, "ru") == ru
    assert tables.doubtful_line(store.filter_actions(df, confidence="sure")) is None
    assert tables.doubtful_line(unrated) is None


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_the_briefing_image_says_how_many_points_are_doubtful(df, unrated, base, lang):
    def drawn(frame):
        page = brief.draw_brief(frame, "all", *base, lang=lang)
        return [t.get_text().replace("\n", " ") for t in page.texts["side"]]

    line = tables.doubtful_line(df, lang)
    assert line in drawn(df)
    assert not any("0.5" in text for text in drawn(unrated))


# --- on the map -----------------------------------------------------------------------------


def place(points: dict, name: str) -> dict:
    [found] = [f["properties"] for f in points["features"] if f["properties"]["label"] == name]
    return found


def test_a_place_whose_actions_are_all_doubtful_is_hollow(df):
    points = mapview.point_features(df)
    town, road = place(points, "Balkhash"), place(points, "Nura – Astana road near Nura")
    assert town["hollow"] and town["doubtful"] == 1 and town["shape"] == "circle"
    colour = mapview.action_colour("awareness")
    assert town["style"] == {"radius": mapview.RADIUS, **mapview.doubtful_style(colour)}
    assert town["style"]["fillColor"] == "#ffffff" and town["style"]["color"] == colour
    assert road["hollow"] and road["shape"] == "square"
    for sure in ("Kokshetau", "Astana"):  # Astana has no confidence: solid, not doubtful
        props = place(points, sure)
        assert not props["hollow"] and props["doubtful"] == 0
        assert props["style"]["fillColor"] == mapview.action_colour(props["action_type"])


def test_a_place_with_sure_and_doubtful_actions_is_solid_and_its_popup_counts_them(df):
    balkhash = df[df["action_id"] == "doc_c-a1"]
    sure = balkhash.assign(action_id="doc_c-a2", feature_id="doc_c-a2-p1", confidence=0.9)
    points = mapview.point_features(pd.concat([df, sure], ignore_index=True))
    props = place(points, "Balkhash")
    assert props["count"] == 2 and props["doubtful"] == 1 and not props["hollow"]
    said = {row[2]: row[3] for row in props["newest"]}
    assert said["90%"] == []  # a sure one: its confidence, no reasons
    assert said["30% · doubtful"] == [
        confidence.words(c) for c in ("place_from_outlet", "namesakes_far", "no_date")
    ]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_popup_gives_the_confidence_and_its_reasons(df, lang):
    row = df[df["action_id"] == "doc_c-a1"].iloc[0].to_dict()
    html = mapview.popup_html(row, lang)
    assert i18n.texts(lang)["f_confidence"] in html and "va-doubtful" in html
    assert tables.confidence_label(0.3, lang) in html
    for code in ("place_from_outlet", "namesakes_far", "no_date"):
        assert html_escape(confidence.words(code, lang)) in html
    sure = df[df["action_id"] == "doc_a-a1"].iloc[0].to_dict()
    assert "va-doubtful" not in mapview.popup_html(sure, lang)
    unrated = df[df["action_id"] == "doc_e-a1"].iloc[0].to_dict()
    assert "va-confidence" not in mapview.popup_html(unrated, lang)


def legend_items(m) -> list[dict]:
    return legend(render(m))[0]


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_legend_says_hollow_is_doubtful_when_the_map_has_one(df, unrated, base, lang):
    said = str(i18n.texts(lang)["legend_doubtful"]).format(threshold="0.5")
    items = legend_items(mapview.build_map(df, *base, lang=lang))
    assert {"label": said, "colour": "#6b7682", "shape": "hollow"} in items
    for frame in (unrated, store.filter_actions(df, confidence="sure")):
        shapes = [i["shape"] for i in legend_items(mapview.build_map(frame, *base, lang=lang))]
        assert "hollow" not in shapes


def test_a_region_whose_region_wide_actions_are_all_doubtful_is_dashed(df, base):
    regions, _cities = base
    sure = mapview.region_features(df, regions)["features"][0]["properties"]
    assert sure["name_en"] == "Akmola Region" and not sure["hollow"]
    assert "dashArray" not in sure["style"] and "va-doubtful" not in sure["popup"]
    unsure = df.assign(confidence=df["confidence"].where(df["geo_precision"] != 3, 0.2))
    props = mapview.region_features(unsure, regions)["features"][0]["properties"]
    assert props["hollow"] and props["doubtful"] == 1
    assert props["style"]["dashArray"] == mapview.DOUBTFUL_REGION["dashArray"]
    assert "doubtful: 1 of 1" in props["popup"]
    items = legend_items(mapview.build_map(unsure, *base))
    said = i18n.texts("en")["legend_doubtful_region"]
    assert {"label": said, "colour": mapview.REGION_EDGE, "shape": "dashed"} in items

"""geo.dashboard.store, geo.dashboard.view and geo.dashboard.tables on the 8-feature fixture:
loading, every filter, the view in the URL, the filters in words, one-row-per-action tables,
counts, CSV and GeoJSON (the timeline: test_timeline.py).

The fixture (tests/fixtures/actions_small.geojson), 7 actions:
  doc_a-a1  food_for_duty         Jas Otan                     Jan 2022  Kokshetau      1  ru
  doc_a-a2  patrol                Jas Otan, Nur Otan (Amanat)  Jan 2022  Akmola Region  3  ru
  doc_b-a1  visit_congratulation  APK, Russian Community       2020-05-01  2 checkpoints 2  ru
  doc_c-a1  awareness             Red Crescent                 no date   Balkhash       1  ru
  doc_d-a1  cash_aid              Birgemiz Fund                2020      Kazakhstan     4  kk
  doc_e-a1  food_for_duty (+aid)  Birgemiz Fund, sponsor KMW   2022-01-10  Astana       1  kk-latn
  doc_f-a1  humanitarian_aid      Red Crescent                 2021-12-20  road near Nura 2 kk
"""

import datetime as dt
import io
import json
import re

import pandas as pd
import pytest

from geo.dashboard import i18n, store, tables
from geo.dashboard import view as geo_view
from geo.dataset.schema import place_name_in

D = dt.date
BOUNDS = (D(2020, 1, 1), D(2022, 1, 31))


@pytest.fixture
def df(actions_fixture):
    return store.load_actions(actions_fixture)


def ids(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["feature_id"])


def actions(frame: pd.DataFrame) -> list[str]:
    return sorted(frame["action_id"].unique())


def test_load_actions_one_row_per_feature_with_typed_columns(df):
    assert len(df) == 8
    assert list(df.columns) == list(store.COLUMNS)
    first = df.iloc[0]
    assert (first["lat"], first["lon"]) == pytest.approx((53.2841, 69.3936))
    assert first["date_start"] == pd.Timestamp("2022-01-01")
    assert first["date_end"] == pd.Timestamp("2022-01-31")
    assert pd.api.types.is_datetime64_any_dtype(df["date_start"])
    assert isinstance(first["organisations"], tuple)
    assert df.loc[df.feature_id == "doc_a-a2-p1", "organisations"].item() == (
        "Jas Otan",
        "Nur Otan (Amanat)",
    )
    undated = df[df.feature_id == "doc_c-a1-p1"].iloc[0]
    assert pd.isna(undated["date_start"]) and pd.isna(undated["date_end"])
    country = df[df.feature_id == "doc_d-a1-p1"].iloc[0]
    assert pd.isna(country["admin1"]) and country["geo_precision"] == 4
    astana = df[df.feature_id == "doc_e-a1-p1"].iloc[0]
    assert astana["beneficiaries"] == ("medical_workers",)
    assert astana["sponsors"] == ("Kokshetau Mineral Waters JSC",)
    assert astana["sources"] == ("https://example.kz/news/1", "https://example.org/report/2")


def test_properties_missing_from_the_file_are_empty_not_errors(tmp_path):
    # A build from before beneficiaries, sponsors, sources and Kazakh place names.
    old = tmp_path / "actions.geojson"
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [69.39, 53.28]},
        "properties": {"feature_id": "x-a1-p1", "action_id": "x-a1", "place": "Kokshetau"},
    }
    old.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    frame = store.load_actions(old)
    row = frame.iloc[0]
    assert row["beneficiaries"] == () and row["sponsors"] == () and row["sources"] == ()
    assert row["place_kk"] == ""
    assert place_name_in(row, "kk") == "Kokshetau"
    assert store.options(frame)["beneficiaries"] == []
    assert "beneficiaries" not in tables.table_view(frame).columns


def test_load_actions_missing_file_names_path_and_geo_build(tmp_path):
    missing = tmp_path / "nowhere" / "actions.geojson"
    with pytest.raises(store.ActionsFileNotFound) as err:
        store.load_actions(missing)
    assert str(missing) in str(err.value)
    assert "geo build" in str(err.value)
    assert isinstance(err.value, FileNotFoundError)


def test_load_actions_rejects_non_feature_collection(tmp_path):
    bad = tmp_path / "actions.geojson"
    bad.write_text(json.dumps({"type": "Feature"}), encoding="utf-8")
    with pytest.raises(ValueError, match="FeatureCollection"):
        store.load_actions(bad)


def test_load_actions_empty_collection_keeps_columns(tmp_path):
    empty = tmp_path / "actions.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    frame = store.load_actions(empty)
    assert frame.empty and list(frame.columns) == list(store.COLUMNS)
    assert store.filter_actions(frame, D(2020, 1, 1), D(2021, 1, 1), True, ["x"]).empty
    assert store.date_bounds(frame) is None
    assert tables.to_csv_bytes(frame).decode("utf-8-sig").startswith("feature_id,")
    assert tables.action_rows(frame).empty and tables.table_view(frame).empty
    assert tables.timeline(frame).empty and tables.all_periods(tables.timeline(frame)) == []
    assert json.loads(tables.to_geojson_bytes(frame))["features"] == []


def test_filter_by_date_keeps_overlapping_actions(df):
    # doc_a runs through January 2022; doc_b is 2020-05-01; doc_d spans all of 2020.
    jan = store.filter_actions(df, D(2022, 1, 15), D(2022, 3, 1), include_undated=False)
    assert ids(jan) == ["doc_a-a1-p1", "doc_a-a2-p1"]
    may = store.filter_actions(df, D(2020, 5, 1), D(2020, 5, 1), include_undated=False)
    assert ids(may) == ["doc_b-a1-p1", "doc_b-a1-p2", "doc_d-a1-p1"]
    before = store.filter_actions(df, D(2019, 1, 1), D(2019, 12, 31), include_undated=False)
    assert before.empty


def test_filter_open_bounds(df):
    assert len(store.filter_actions(df, None, None, include_undated=False)) == 7
    assert actions(store.filter_actions(df, D(2021, 1, 1), None, False)) == [
        "doc_a-a1",
        "doc_a-a2",
        "doc_e-a1",
        "doc_f-a1",
    ]


def test_undated_switch(df):
    with_undated = store.filter_actions(df, D(2022, 1, 1), D(2022, 1, 31), include_undated=True)
    assert "doc_c-a1-p1" in ids(with_undated)
    without = store.filter_actions(df, D(2022, 1, 1), D(2022, 1, 31), include_undated=False)
    assert "doc_c-a1-p1" not in ids(without)
    assert len(with_undated) == len(without) + 1


def test_filter_by_organisation(df):
    assert len(store.filter_actions(df, organisations=[])) == 8
    assert ids(store.filter_actions(df, organisations=["Nur Otan (Amanat)"])) == ["doc_a-a2-p1"]
    assert actions(
        store.filter_actions(df, organisations=["Nur Otan (Amanat)", "Birgemiz Fund"])
    ) == [
        "doc_a-a2",
        "doc_d-a1",
        "doc_e-a1",
    ]
    assert store.filter_actions(df, organisations=["Nobody"]).empty


def test_organisation_filter_finds_sponsors_too(df):
    sponsored = store.filter_actions(df, organisations=["Kokshetau Mineral Waters JSC"])
    assert ids(sponsored) == ["doc_e-a1-p1"]


def test_branches_and_youth_wing_via_the_parent_column(df):
    assert store.expand_organisations(["Nur Otan (Amanat)"], include_branches=True) == {
        "Nur Otan (Amanat)",
        "Jas Otan",
        "Birgemiz Fund",
    }
    assert store.expand_organisations(["Jas Otan"], include_branches=True) == {"Jas Otan"}
    assert store.expand_organisations(["Nur Otan (Amanat)"]) == {"Nur Otan (Amanat)"}
    # The Assembly's ethnocultural centres are its branches.
    assert "Russian Community (NGO)" in store.expand_organisations(
        ["Assembly of People of Kazakhstan"], True
    )
    party = store.filter_actions(df, organisations=["Nur Otan (Amanat)"], include_branches=True)
    assert actions(party) == ["doc_a-a1", "doc_a-a2", "doc_d-a1", "doc_e-a1"]


def test_filter_by_type_main_or_secondary(df):
    food = store.filter_actions(df, action_types=["food_for_duty"])
    assert actions(food) == ["doc_a-a1", "doc_e-a1"]
    aid = store.filter_actions(df, action_types=["humanitarian_aid"])
    assert actions(aid) == ["doc_e-a1", "doc_f-a1"]  # doc_e lists it second


def test_filter_by_region_leaves_out_country_wide(df):
    akmola = store.filter_actions(df, regions=["Akmola Region"])
    assert actions(akmola) == ["doc_a-a1", "doc_a-a2", "doc_b-a1"]
    two = store.filter_actions(df, regions=["Astana", "Karaganda Region"])
    assert actions(two) == ["doc_c-a1", "doc_e-a1", "doc_f-a1"]


def test_filter_by_beneficiary_language_and_precision(df):
    assert actions(store.filter_actions(df, beneficiaries=["soldiers"])) == ["doc_b-a1"]
    police = store.filter_actions(df, beneficiaries=["police", "medical_workers"])
    assert actions(police) == ["doc_a-a1", "doc_a-a2", "doc_b-a1", "doc_e-a1"]
    kazakh = store.filter_actions(df, languages=["kk", "kk-latn"])
    assert actions(kazakh) == ["doc_d-a1", "doc_e-a1", "doc_f-a1"]
    assert ids(store.filter_actions(df, precisions=[3, 4])) == ["doc_a-a2-p1", "doc_d-a1-p1"]
    assert len(store.filter_actions(df, precisions=[2])) == 3


def test_the_analysts_question_in_one_call(df):
    # Who fed police at checkpoints in Akmola region in January 2022, and where?
    f = store.Filters(
        date_from=D(2022, 1, 1),
        date_to=D(2022, 1, 31),
        include_undated=False,
        action_types=("food_for_duty",),
        regions=("Akmola Region",),
        beneficiaries=("police",),
    )
    rows = store.apply_filters(df, f)
    assert ids(rows) == ["doc_a-a1-p1"]
    assert store.organisation_options(rows) == ["Jas Otan"]


def test_filter_keeps_index_and_does_not_modify_input(df):
    before = df.copy()
    out = store.filter_actions(df, D(2022, 1, 1), D(2022, 1, 31), False, ["Jas Otan"])
    assert list(out.index) == [0, 1]
    pd.testing.assert_frame_equal(df, before)


def test_organisation_options_sorted_unique_with_sponsors(df):
    assert store.organisation_options(df) == [
        "Assembly of People of Kazakhstan",
        "Birgemiz Fund",
        "Jas Otan",
        "Kokshetau Mineral Waters JSC",
        "Nur Otan (Amanat)",
        "Red Crescent Society of Kazakhstan",
        "Russian Community (NGO)",
    ]


def test_options_for_every_filter(df):
    opts = store.options(df)
    assert opts["action_types"][:2] == ["food_for_duty", "patrol"]  # action_types.toml order
    assert set(opts["action_types"]) == {
        "food_for_duty",
        "patrol",
        "visit_congratulation",
        "awareness",
        "cash_aid",
        "humanitarian_aid",
    }
    assert opts["regions"] == ["Akmola Region", "Astana", "Karaganda Region"]
    assert opts["beneficiaries"] == [
        "families",
        "large_families",
        "medical_workers",
        "police",
        "soldiers",
    ]
    assert opts["languages"] == ["kk", "kk-latn", "ru"]
    assert opts["precisions"] == [1, 2, 3, 4]


def test_summary_counts_and_bounds(df):
    assert tables.summary_counts(df) == {
        "actions": 7,
        "places": 8,
        "organisations": 7,
        "country": 1,
    }
    assert store.date_bounds(df) == BOUNDS


def test_country_wide_lists_country_level_actions(df):
    assert list(tables.country_wide(df)["action_id"]) == ["doc_d-a1"]


# --- the view in the URL ---------------------------------------------------------------


def test_default_view_has_only_its_dates(df):
    view = geo_view.default_view(BOUNDS)
    # Explicit dates: the link keeps its range when a rebuild extends the dataset's.
    assert geo_view.params_from_view(view, BOUNDS) == {"from": ["2020-01-01"], "to": ["2022-01-31"]}
    assert geo_view.filters_from_view(view) == store.Filters(BOUNDS[0], BOUNDS[1])
    assert len(store.apply_filters(df, geo_view.filters_from_view(view))) == 8


def test_view_round_trips_through_parameters(df):
    view = {
        **geo_view.default_view(BOUNDS),
        "lang": "kk",
        "dates": (D(2022, 1, 1), BOUNDS[1]),
        "undated": False,
        "org": ["Nur Otan (Amanat)"],
        "branches": True,
        "type": ["food_for_duty", "patrol"],
        "region": ["Akmola Region"],
        "ben": ["police"],
        "alang": ["ru"],
        "prec": [1, 3],
        "period": "week",
        "tiles": True,
    }
    params = geo_view.params_from_view(view, BOUNDS)
    assert params == {
        "lang": ["kk"],
        "from": ["2022-01-01"],
        "to": ["2022-01-31"],
        "undated": ["0"],
        "org": ["Nur Otan (Amanat)"],
        "branches": ["1"],
        "type": ["food_for_duty", "patrol"],
        "region": ["Akmola Region"],
        "ben": ["police"],
        "alang": ["ru"],
        "prec": ["1", "3"],
        "period": ["week"],
        "tiles": ["1"],
    }
    assert set(params) <= set(geo_view.URL_PARAMS)
    link = geo_view.view_from_params(params, BOUNDS, store.options(df))
    # Online tiles wait for the user's yes: the link only asks for them.
    assert link.view == {**view, "tiles": False} and link.wants_tiles
    assert link.problems == []


def test_a_link_keeps_its_dates_when_the_data_grows():
    view = {**geo_view.default_view(BOUNDS)}
    params = geo_view.params_from_view(view, BOUNDS)
    grown = (BOUNDS[0], D(2022, 3, 31))  # new articles extend the dataset
    assert geo_view.view_from_params(params, grown).view["dates"] == BOUNDS


def test_bad_parameters_are_not_taken_and_each_is_a_problem(df):
    params = {
        "lang": "xx",
        "from": "2019-01-01",
        "to": "not-a-date",
        "org": ["Jas Otan", "Nobody", "Jas Otan"],
        "type": "<script>",
        "prec": ["9", "2"],
        "period": "decade",
        "undated": "maybe",
        "branches": "no",
    }
    view, problems, wants_tiles = geo_view.view_from_params(params, BOUNDS, store.options(df))
    assert view["lang"] == "en" and view["period"] == "month"
    assert view["dates"] == BOUNDS
    assert view["org"] == ["Jas Otan"] and view["type"] == [] and view["prec"] == [2]
    assert view["undated"] is True and view["branches"] is False and not wants_tiles
    P = geo_view.LinkProblem
    assert problems == [
        P("lang", "xx", geo_view.NOT_AN_OPTION, geo_view.DEFAULT),
        P("from", "2019-01-01", geo_view.OUT_OF_RANGE, geo_view.MOVED, BOUNDS[0]),
        P("to", "not-a-date", geo_view.NOT_A_DATE, geo_view.LAST_DATE),
        P("undated", "maybe", geo_view.NOT_YES_NO, geo_view.DEFAULT),
        P("org", "Nobody", geo_view.NOT_IN_DATA, geo_view.LEFT_OUT),
        P("type", "<script>", geo_view.NOT_IN_DATA, geo_view.ALL),
        P("prec", "9", geo_view.NOT_IN_DATA, geo_view.LEFT_OUT),
        P("period", "decade", geo_view.NOT_AN_OPTION, geo_view.DEFAULT),
    ]
    swapped = geo_view.view_from_params({"from": "2022-01-31", "to": "2021-01-01"}, BOUNDS)
    assert swapped.view["dates"] == (D(2021, 1, 1), D(2022, 1, 31)) and not swapped.problems


def test_link_problems_in_words_in_three_languages():
    P = geo_view.LinkProblem
    unknown = P("org", "X", geo_view.NOT_IN_DATA, geo_view.ALL)
    assert geo_view.problem_words(unknown, "en") == (
        "organisation 'X' is not in this dataset; showing all"
    )
    assert (
        geo_view.problem_words(unknown, "ru") == "организация 'X' — нет в этих данных; показано всё"
    )
    assert geo_view.problem_words(unknown, "kk").startswith("ұйым 'X'")
    bad = P("from", "2020-13-45", geo_view.NOT_A_DATE, geo_view.FIRST_DATE)
    assert geo_view.problem_words(bad, "en") == (
        "from '2020-13-45' is not a date; showing from the first date"
    )
    maybe = P("undated", "maybe", geo_view.NOT_YES_NO, geo_view.DEFAULT)
    assert geo_view.problem_words(maybe, "en") == "undated 'maybe' is not yes/no; kept the default"
    moved = P("to", "2030-01-01", geo_view.OUT_OF_RANGE, geo_view.MOVED, BOUNDS[1])
    assert geo_view.problem_words(moved, "en").endswith("moved to 2022-01-31")
    long = P("org", "x" * 500, geo_view.NOT_IN_DATA, geo_view.ALL)
    assert len(geo_view.problem_words(long, "en")) < 120
    # A link's text cannot reorder the notice: bidirectional controls are dropped.
    evil = P("org", "\u202eevil", geo_view.NOT_IN_DATA, geo_view.ALL)
    assert "\u202e" not in geo_view.problem_words(evil, "en")


def test_download_names_follow_the_view():
    name = geo_view.file_name
    jan = {"date_from": D(2022, 1, 1), "date_to": D(2022, 1, 31)}
    assert name("va", store.Filters(**jan, organisations=("Jas Otan",)), "csv") == (
        "va_jas-otan_2022-01-01_2022-01-31.csv"
    )
    assert name("va", store.Filters(*BOUNDS), "ru.csv") == "va_all_2020-01-01_2022-01-31.ru.csv"
    assert name("va", store.Filters(regions=("Akmola Region", "Astana")), "pdf") == (
        "va_akmola-region+astana.pdf"
    )
    # ASCII only: accents dropped, other letters and path or formula characters gone.
    odd = store.Filters(organisations=("Izgi nıet", "Dobrye rýkı"))
    assert name("va", odd, "png") == "va_izgi-niet+dobrye-ryki.png"
    assert name("va", store.Filters(organisations=("=HYPERLINK(1) ../../x",)), "csv") == (
        "va_hyperlink-1-x.csv"
    )
    # Cyrillic in the Latin letters the pipeline matches Kazakh Latin with.
    assert name("va", store.Filters(organisations=("Жас Отан",)), "csv") == "va_jas-otan.csv"
    assert name("va", store.Filters(organisations=("Қызыл Жарты Ай",)), "csv") == (
        "va_kyzyl-jarty-ai.csv"
    )
    assert name("va", store.Filters(organisations=("«»",)), "csv") == "va_filtered.csv"
    assert len(name("va", store.Filters(organisations=("x" * 300,)), "csv")) < 60


def test_clamp_dates_to_the_data():
    assert geo_view.clamp_dates((D(2019, 1, 1), D(2030, 1, 1)), BOUNDS) == BOUNDS
    assert geo_view.clamp_dates((D(2021, 1, 1),), BOUNDS) == (D(2021, 1, 1),)
    assert geo_view.clamp_dates((), BOUNDS) == ()
    # New data extends the dates: the whole range follows it, a narrower one stays.
    wider = (BOUNDS[0], D(2030, 1, 1))
    assert geo_view.clamp_dates(BOUNDS, wider, before=BOUNDS) == wider
    narrow = (D(2021, 1, 1), BOUNDS[1])
    assert geo_view.clamp_dates(narrow, wider, before=BOUNDS) == narrow


def test_view_while_a_date_range_is_being_picked():
    f = geo_view.filters_from_view({"dates": (D(2021, 5, 1),)})
    assert f.date_from == D(2021, 5, 1) and f.date_to is None
    assert geo_view.params_from_view({"dates": (D(2021, 5, 1),)}, BOUNDS) == {}


def test_filters_in_words_in_three_languages():
    f = store.Filters(
        date_from=D(2022, 1, 1),
        date_to=D(2022, 1, 31),
        organisations=("Nur Otan (Amanat)",),
        include_branches=True,
        action_types=("food_for_duty",),
        regions=("Akmola Region",),
    )
    en = geo_view.describe_filters(f, "en", BOUNDS)
    assert en == (
        "dates 2022-01-01 – 2022-01-31 · organisations: Nur Otan (Amanat) with branches · "
        "types: Food and drink for people on duty · regions: Akmola Region"
    )
    ru = geo_view.describe_filters(f, "ru", BOUNDS)
    assert "Акмолинская область" in ru and "Питание для дежурящих" in ru
    kk = geo_view.describe_filters(f, "kk", BOUNDS)
    assert "Ақмола облысы" in kk and "филиалдарымен" in kk
    assert geo_view.describe_filters(store.Filters(*BOUNDS), "en", BOUNDS) == "all actions"
    assert geo_view.describe_filters(store.Filters(), "ru") == "все акции"
    # A range that is not all of the data is said with both ends.
    assert geo_view.describe_filters(store.Filters(D(2021, 6, 1)), "en", BOUNDS).startswith(
        "dates 2021-06-01 – 2022-01-31"
    )


def test_match_choice_for_the_command_line():
    orgs = ["Nur Otan (Amanat)", "Jas Otan", "Birgemiz Fund"]
    assert store.match_choice("Nur Otan", orgs) == "Nur Otan (Amanat)"
    assert store.match_choice("jas otan", orgs) == "Jas Otan"
    assert store.match_choice("Nobody", orgs) is None
    assert store.match_choice("", orgs) is None  # every name starts with ""
    labels = [i18n.region_labels("ru")]
    assert store.match_choice("Акмолинская область", ["Akmola Region"], labels) == "Akmola Region"


# --- what is shown -----------------------------------------------------------------------


def test_action_rows_one_per_action_places_gathered(df):
    rows = tables.action_rows(df, "en")
    assert len(rows) == 7 and rows["action_id"].is_unique
    road = rows[rows.action_id == "doc_b-a1"].iloc[0]
    assert road["places"] == (
        "road Petropavl – Astana near Kokshetau",
        "road Kokshetau – Omsk near Kokshetau",
    )
    assert road["regions"] == ("Akmola Region",) and road["geo_precision"] == 2
    # Newest first, undated last.
    assert list(rows["action_id"])[:2] == ["doc_e-a1", "doc_a-a1"]
    assert rows.iloc[-1]["action_id"] == "doc_c-a1"
    kk = tables.action_rows(df, "kk")
    assert kk[kk.action_id == "doc_c-a1"].iloc[0]["places"] == ("Балқаш",)


def test_place_names_in_the_chosen_language(df):
    row = df[df.feature_id == "doc_a-a1-p1"].iloc[0]
    assert [place_name_in(row, lang) for lang in ("en", "ru", "kk")] == [
        "Kokshetau",
        "Кокшетау",
        "Көкшетау",
    ]
    assert list(tables.place_labels(df, "ru"))[1] == "Акмолинская область"


def test_table_view_links_only_http_sources(df):
    df = df.copy()
    df.loc[0, "source"] = "https://example.org/news/1"
    df.loc[0, "sources"] = ()
    df.loc[1, "source"] = "javascript:alert(1)"
    df.loc[1, "sources"] = ()
    view = tables.table_view(df).set_index(tables.action_rows(df)["action_id"])
    assert view.loc["doc_a-a1", "link"] == "https://example.org/news/1"
    assert pd.isna(view.loc["doc_a-a2", "link"])
    assert view.loc["doc_a-a2", "source"] == "javascript:alert(1)"
    assert view.loc["doc_a-a2", "organisations"] == "Jas Otan; Nur Otan (Amanat)"
    assert view.loc["doc_a-a1", "action_type"] == i18n.action_type_labels()["food_for_duty"]
    # Several articles: all listed, the first web one linked.
    assert view.loc["doc_e-a1", "source"] == (
        "https://example.kz/news/1 https://example.org/report/2"
    )
    assert view.loc["doc_e-a1", "sponsors"] == "Kokshetau Mineral Waters JSC"
    assert view.loc["doc_d-a1", "regions"] == "Whole country"
    assert list(view.columns) == list(i18n.texts()["columns"])


def test_table_view_in_russian_and_kazakh(df):
    ru = tables.table_view(df, "ru").set_index(tables.action_rows(df)["action_id"])
    assert ru.loc["doc_a-a1", "action_type"] == "Питание для дежурящих"
    assert ru.loc["doc_a-a1", "places"] == "Кокшетау"
    assert ru.loc["doc_a-a1", "regions"] == "Акмолинская область"
    assert ru.loc["doc_a-a1", "beneficiaries"] == i18n.beneficiary_labels("ru")["police"]
    kk = tables.table_view(df, "kk").set_index(tables.action_rows(df)["action_id"])
    assert kk.loc["doc_d-a1", "regions"] == "Бүкіл ел"
    assert kk.loc["doc_e-a1", "language"] == "қазақ тілі (латын)"


def test_action_details_of_a_click(df):
    both = tables.action_details(df, feature_id="doc_b-a1-p2")
    assert ids(both) == ["doc_b-a1-p1", "doc_b-a1-p2"]  # the whole action
    region = tables.action_details(df, region="Akmola Region")
    assert ids(region) == ["doc_a-a2-p1"]  # region-level actions only
    assert tables.action_details(df).empty
    assert tables.action_details(df, feature_id="nope").empty


def test_counts_by_region_organisation_and_type(df):
    regions = tables.counts_by_region(df, "en")
    assert dict(zip(regions["region"], regions["actions"], strict=True)) == {
        "Akmola Region": 3,
        "Karaganda Region": 2,
        "Astana": 1,
        "Whole country": 1,
    }
    assert tables.counts_by_region(df, "ru")["region"].iloc[0] == "Акмолинская область"
    orgs = tables.counts_by_organisation(df)
    top = dict(zip(orgs["organisation"], orgs["actions"], strict=True))
    assert top["Birgemiz Fund"] == 2 and top["Kokshetau Mineral Waters JSC"] == 1
    assert tables.counts_by_type(df)["food_for_duty"] == 2


def test_source_list(df):
    sources = tables.source_list(df)
    assert ("doc_e", "https://example.org/report/2") in sources
    assert len(sources) == 7 and len(set(sources)) == 7


# --- exports ------------------------------------------------------------------------------


def test_to_csv_bytes_utf8_sig_joined_lists_and_defused_formulas(df):
    df = df.copy()
    df.loc[0, "summary"] = '=HYPERLINK("http://x")'
    raw = tables.to_csv_bytes(df)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    assert len(back) == 8
    assert back.loc[0, "summary"].startswith("'=")
    assert back.loc[1, "organisations"] == "Jas Otan; Nur Otan (Amanat)"
    assert back.loc[0, "date_start"] == "2022-01-01"
    assert "Жасотановцы" in back.loc[0, "evidence"]


def test_actions_csv_has_each_actions_point_and_headers_in_a_language(df):
    raw = tables.actions_csv_bytes(df, "ru")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    kokshetau = back[back.action_id == "doc_a-a1"].iloc[0]
    assert (kokshetau["lat"], kokshetau["lon"]) == (53.2841, 69.3936)
    labelled = tables.actions_csv_bytes(df, "ru", labelled=True).decode("utf-8-sig")
    header = labelled.splitlines()[0].split(",")
    names = i18n.texts("ru")["csv_columns"]
    assert header == [names[c] for c in tables.action_rows(df).columns]
    assert "широта" in header and "долгота" in header
    hostile = df.assign(summary='=HYPERLINK("http://x")')
    raw = tables.actions_csv_bytes(hostile, "kk", labelled=True)
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    summary = i18n.texts("kk")["csv_columns"]["summary"]
    assert back[summary].str.startswith("'=HYPERLINK").all()  # still no formula


def test_actions_csv_is_the_table_one_row_per_action(df):
    raw = tables.actions_csv_bytes(df, "ru")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    assert len(back) == len(tables.table_view(df, "ru")) == 7
    road = back[back.action_id == "doc_b-a1"].iloc[0]
    assert (
        road["places"]
        == "трасса Петропавловск – Астана у Кокшетау; трасса Кокшетау – Омск у Кокшетау"
    )
    assert road["beneficiaries"] == "police; soldiers"


def test_geojson_export_is_the_filtered_features(df):
    shown = store.filter_actions(df, organisations=["Jas Otan"])
    data = json.loads(tables.to_geojson_bytes(shown))
    assert data["type"] == "FeatureCollection"
    assert [f["properties"]["feature_id"] for f in data["features"]] == [
        "doc_a-a1-p1",
        "doc_a-a2-p1",
    ]
    first = data["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [69.3936, 53.2841]}
    assert first["properties"]["organisations"] == ["Jas Otan"]
    assert first["properties"]["date_start"] == "2022-01-01"
    undated = json.loads(tables.to_geojson_bytes(df[df.action_id == "doc_c-a1"]))
    assert undated["features"][0]["properties"]["date_start"] is None
    assert undated["features"][0]["properties"]["admin1"] == "Karaganda Region"


# --- small helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("  HTTPS://EXAMPLE.ORG ", True),
        ("javascript:alert(1)", False),
        ("seeds/doc_a.txt", False),
        ("https://", False),
        ("//example.org/x", False),
        (None, False),
    ],
)
def test_is_http_url(value, expected):
    assert tables.is_http_url(value) is expected


def test_escape_markdown_keeps_text_literal():
    out = tables.escape_markdown("[x](javascript:alert(1)) <b>*hi*</b> $x$")
    for ch in "[]()<>*$:":
        assert f"\\{ch}" in out
    assert tables.escape_markdown(None) == ""


def test_format_dates():
    ts = pd.Timestamp
    assert tables.format_dates(ts("2022-01-01"), ts("2022-01-31"), "month") == (
        "2022-01-01 – 2022-01-31 (month)"
    )
    assert tables.format_dates(ts("2020-05-01"), ts("2020-05-01"), "day") == "2020-05-01 (day)"
    assert tables.format_dates(pd.NaT, pd.NaT, "unknown") == "no date"
    assert tables.format_dates(ts("2020-05-01"), None, "day", "ru") == "2020-05-01 (день)"
    assert tables.format_dates(None, None, "unknown", "kk") == "күні белгісіз"


def test_base_map_files(repo_dir, tmp_path):
    cities = store.load_cities(repo_dir / "geo" / "resources" / "basemap_cities.csv")
    assert len(cities) == 20
    assert {"Astana", "Almaty", "Shymkent", "Kokshetau"} <= set(cities["name_en"])
    assert cities.loc[cities.name_en == "Kokshetau", "name_kk"].item() == "Көкшетау"
    assert cities["lat"].between(40, 56).all() and cities["lon"].between(46, 88).all()
    regions = store.load_regions(repo_dir / "geo" / "resources" / "regions.geojson")
    assert len(regions["features"]) == 20
    # Every outline has its name in Russian and Kazakh (Cyrillic, so not the English one).
    for lang in ("ru", "kk"):
        names = i18n.region_labels(lang)
        for f in regions["features"]:
            assert re.search("[А-Яа-яӘәҒғҚқҢңӨөҰұҮүІі]", names[f["properties"]["name_en"]])
    assert i18n.region_labels("kk")["Akmola Region"] == "Ақмола облысы"
    # A data dir without base-map files falls back to the repository's data/.
    found = store.find_data_file("regions.geojson", tmp_path, repo_dir / "geo" / "resources")
    assert found == repo_dir / "geo" / "resources" / "regions.geojson"


def test_actions_an_analyst_corrected_are_marked_in_the_table_and_its_csv(df):
    corrected = df["action_id"] == "doc_b-a1"
    df = df.assign(
        edited=corrected,
        corrections=[("c1",) if c else () for c in corrected],
    )
    rows = tables.action_rows(df).set_index("action_id")
    assert rows.loc["doc_b-a1", "edited"] and rows.loc["doc_b-a1", "corrections"] == ("c1",)
    assert not rows.drop("doc_b-a1")["edited"].any()
    view = tables.table_view(df).set_index(tables.action_rows(df)["action_id"])
    assert view.loc["doc_b-a1", "summary"].startswith("✎ ")
    assert not view.drop("doc_b-a1")["summary"].str.startswith("✎").any()
    back = pd.read_csv(io.BytesIO(tables.actions_csv_bytes(df)), encoding="utf-8-sig")
    back = back.set_index("action_id")
    assert back.loc["doc_b-a1", "edited"] and back.loc["doc_b-a1", "corrections"] == "c1"
    assert not back.drop("doc_b-a1")["edited"].any()


# --- the filters are declared once (geo.dashboard.filters) ------------------------------------


def test_the_filter_table_names_every_field_of_filters_once(df):
    import dataclasses

    from geo.dashboard import filters

    fields = [field for spec in filters.FILTERS for field in spec.fields]
    assert fields == [f.name for f in dataclasses.fields(store.Filters)]
    # Each filter's default is the Filters default: the default view filters nothing.
    for spec in filters.FILTERS:
        for field in spec.fields:
            default = store.Filters.__dataclass_fields__[field].default
            assert default == (spec.default if spec.kind != filters.DATES else None), field
    keys = [spec.key for spec in filters.FILTERS]
    assert geo_view.FILTER_KEYS == tuple(keys)
    assert geo_view.VIEW_KEYS == ("lang", *keys, "period", "section", "follow", "tiles")
    assert geo_view.URL_PARAMS == (
        *("lang", "from", "to", "undated", "org", "branches", "type", "region", "ben"),
        *("alang", "prec", "conf", "period", "section", "follow", "tiles"),
    )
    for spec in filters.FILTERS:
        for lang in i18n.LANGUAGES:
            assert spec.words in i18n.texts(lang), spec
            if spec.kind == filters.ONE_OF:  # every choice named in every language
                assert set(filters.value_labels(spec, lang)) == set(spec.values), spec
        if spec.kind == filters.CHOICES:
            assert spec.field in store.options(df), spec


def test_every_filter_is_said_in_words_in_the_tables_order():
    f = store.Filters(
        D(2022, 1, 1),
        D(2022, 1, 31),
        False,
        ("Jas Otan",),
        True,
        ("patrol",),
        ("Astana",),
        ("police",),
        ("kk",),
        (1, 3),
    )
    assert geo_view.describe_filters(f, "en", BOUNDS) == (
        "dates 2022-01-01 – 2022-01-31 · dated actions only · organisations: Jas Otan with "
        "branches · types: Patrols and public order · regions: Astana · helped: Police · "
        "articles in Kazakh (Cyrillic) · precision: settlement / exact point, region"
    )
    assert geo_view.describe_filters(f, "kk", BOUNDS) == (
        "күндері 2022-01-01 – 2022-01-31 · тек күні белгілі · ұйымдар: Jas Otan филиалдарымен · "
        "түрлері: Патрульдер және қоғамдық тәртіп · өңірлер: Астана · кімге көмектесті: Полиция · "
        "мақала тілі: қазақ тілі (кирилл) · дәлдік: елді мекен / нүкте, облыс"
    )
    view = geo_view.default_view(BOUNDS)
    assert geo_view.filters_from_view(view) == store.Filters(*BOUNDS)
    view = {**view, "undated": False, "branches": True, "prec": [3, 1], "alang": ["kk"]}
    f = geo_view.filters_from_view(view)
    assert (f.include_undated, f.include_branches, f.precisions, f.languages) == (
        False,
        True,
        (3, 1),
        ("kk",),
    )


def test_freshness_says_when_and_from_how_much_the_data_was_built(seeds_build, fixture_data_dir):
    fresh = store.freshness(seeds_build)
    assert fresh.built is not None and fresh.built.tzinfo is not None
    assert (fresh.articles, fresh.actions) == (5, 18)
    # A dataset with no build report: its file's time, counts unknown.
    bare = store.freshness(fixture_data_dir)
    assert bare.built is not None and (bare.articles, bare.actions) == (None, None)


def test_freshness_line_in_three_languages():
    built = dt.datetime(2026, 12, 3, 19, 5, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    fresh = store.Freshness(built, 3000, 5324)
    assert tables.freshness_line(fresh, "en") == "Data as of 2026-12-03 14:05 UTC · 3000 articles"
    assert tables.freshness_line(fresh, "ru") == "Данные на 2026-12-03 14:05 UTC · статей: 3000"
    assert "2026-12-03 14:05 UTC" in tables.freshness_line(fresh, "kk")
    assert "3000" in tables.freshness_line(fresh, "kk")
    naive = store.Freshness(dt.datetime(2026, 1, 2, 3, 4), None, None)  # taken as UTC
    assert tables.freshness_line(naive, "en") == "Data as of 2026-01-02 03:04 UTC"
    assert tables.freshness_line(store.Freshness(None, 5, 18), "en") == ""


def test_a_column_of_place_names_falls_back_as_one_row_does():
    frame = pd.DataFrame(
        {
            "place": ["Kokshetau", "Taraz", "Oral"],
            "place_ru": ["Кокшетау", None, ""],
            "place_kk": [None, "", "Орал"],
        }
    )
    for lang in ("en", "ru", "kk"):
        rows = [place_name_in(r, lang) for r in frame.to_dict("records")]
        assert list(tables.place_labels(frame, lang)) == rows


def test_a_row_without_its_own_summary_shows_the_english_one():
    frame = pd.DataFrame({"summary": ["Cleanup in Oral"], "summary_kk": [None]})
    row = frame.to_dict("records")[0]  # the null is NaN in a pandas row
    assert tables.summary_of(row, "kk") == "Cleanup in Oral"
    assert list(tables.summaries(frame, "kk")) == ["Cleanup in Oral"]

"""The Curate page (pages/curate.py, logic in geo.curation.curate): analysts add articles, correct
records and teach the gazetteer, and every change survives the next rebuild.

Headless with Streamlit's AppTest on a copy of seeds/ and its build (``seeds_build``: the
copies keep the files' times, so its cache serves every seed and a rebuild reads only what
is new); the corrections file and the analysts' places file beside it are temporary (a
``geo.workspace.Workspace`` of its own, given to the page through GEO_DATA_DIR,
GEO_CORPUS_DIR and GEO_CORRECTIONS): nothing is written to the repository's data/ or seeds/.
Two browser tests (marked ``browser``, as tests/browser/test_browser.py) paste an article
and move an action, then look at the map page; they save artifacts/curate.png and
artifacts/curate-moved.png.
"""

import datetime as dt
import json
import re
import shutil
import sys
import tomllib
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.curation import curate, intake
from geo.dashboard import i18n, mapview, store, tables
from geo.dashboard.config import CONFIG
from geo.workspace import CORPUS_ENV, CORRECTIONS_ENV, Workspace
from tests.pages import table
from tests.paths import REPO

UI = i18n.texts("en")  # the English texts, as the pages show them

SEEDS = REPO / "seeds"
PAGE = REPO / "pages" / "curate.py"
DOC = "000_d28f05125cd8f48e"
SEED_ACTIONS = 18
# A village GeoNames lacks: the build leaves "Жаркамыс" unresolved until it is taught.
VILLAGE = """Волонтёры привезли продукты в село Жаркамыс

5 марта 2022 года волонтёры фонда «Шапағат» привезли продуктовые наборы многодетным семьям \
в селе Жаркамыс Нуринского района Карагандинской области. Помощь получили 40 семей.
"""
# Temirtau has no action in the seeds: the pasted article's action is a new one.
TEMIRTAU = """Волонтёры накормили врачей в Темиртау

7 марта 2022 года волонтёры фонда «Шапағат» привезли горячие обеды медицинским работникам \
Темиртау.
"""


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def copy_site(root: Path, seeds_build: Path, corpus_files=None) -> Workspace:
    """A corpus (a copy of seeds/, or of ``corpus_files``) and a dataset folder under root.
    copytree keeps the files' modification times, so seeds_build's cache serves them."""
    corpus = root / "seeds"
    if corpus_files is None:
        shutil.copytree(SEEDS, corpus)
        shutil.copytree(seeds_build, root / "data")
    else:
        corpus.mkdir(parents=True)
        for name, text in corpus_files.items():
            (corpus / name).write_text(text, encoding="utf-8")
    return Workspace.resolve(root / "data", corpus, root / "corrections.toml", env={})


@pytest.fixture
def site(tmp_path, seeds_build, monkeypatch) -> Workspace:
    where = copy_site(tmp_path, seeds_build)
    use(where, tmp_path, monkeypatch)
    return where


def use(where: Workspace, tmp_path: Path, monkeypatch) -> None:
    """The page's workspace is ``where`` (its places file: tmp_path/places_added.csv)."""
    assert where.places == tmp_path / "places_added.csv"
    monkeypatch.setenv(str(CONFIG["data_dir_env"]), str(where.data))
    monkeypatch.setenv(CORPUS_ENV, str(where.corpus))
    monkeypatch.setenv(CORRECTIONS_ENV, str(where.corrections))
    monkeypatch.setattr(sys, "argv", ["curate.py"])


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def page(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=180)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return run(at)


def said(at: AppTest, kind: str) -> str:
    """Every message of one kind (success, warning, error, caption) on the page, unescaped."""
    return " | ".join(e.value for e in getattr(at, kind)).replace("\\", "")


def features(where: Workspace) -> dict[str, dict]:
    return {f["properties"]["feature_id"]: f for f in curate.read_features(where.data)}


def added_files(where: Workspace) -> list[str]:
    folder = where.corpus / intake.ADDED_FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_where_things_are_from_the_command_line_the_environment_or_the_defaults():
    def where(found: Workspace) -> tuple[Path, ...]:
        return found.data, found.corpus, found.corrections, found.places

    argv = ["--data", "/d", "--corpus", "/c", "--corrections", "/x.toml", "--other"]
    assert where(curate.locate(argv, {}, REPO)) == tuple(
        map(Path, ("/d", "/c", "/x.toml", "/places_added.csv"))
    )
    env = {"GEO_DATA_DIR": "/e", CORPUS_ENV: "/f", CORRECTIONS_ENV: "/g/g.toml"}
    assert where(curate.locate([], env, REPO)) == tuple(
        map(Path, ("/e", "/f", "/g/g.toml", "/g/places_added.csv"))
    )
    default = curate.locate([], {}, REPO)
    assert (default.data, default.corpus) == (REPO / "data", REPO / "seeds")
    assert default.corrections == REPO / "data" / "corrections.toml"
    assert default.places == REPO / "data" / "places_added.csv"


def test_a_corpus_the_data_was_not_built_from_is_refused(site, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv(CORPUS_ENV, str(other))
    at = page()
    assert "was not built from" in said(at, "error") and not at.radio


@pytest.mark.parametrize(
    "lang, title, section",
    [("ru", "Правка карты", "Исправить запись"), ("kk", "Картаны түзету", "Жазбаны түзету")],
)
def test_the_page_speaks_russian_and_kazakh(site, lang, title, section):
    at = page({"lang": lang})  # as the map page's link opens it in that language
    assert at.title[0].value == title == i18n.curate_texts(lang)["title"]
    assert section in at.radio(key="section").options
    assert at.radio(key="lang").value == lang
    at.radio(key="lang").set_value("en")  # the sidebar's switch, as on the map page
    run(at)
    assert at.title[0].value == "Curate the map" and "lang" not in at.query_params
    at.radio(key="lang").set_value(lang)
    run(at)
    assert at.title[0].value == title and at.query_params["lang"] == lang


def test_the_header_says_how_fresh_the_data_is(site):
    built = json.loads((site.data / "build-report.json").read_text("utf-8"))["built"]
    when = dt.datetime.fromisoformat(built).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    at = page({"lang": "kk"})
    assert at.caption[0].value == i18n.t("freshness", "kk").format(built=when, articles=5)


# --- add an article ------------------------------------------------------------------------


def article_form(at: AppTest, who="aigerim", paste="", url="", published="", language=""):
    at.text_input(key="who").input(who)
    at.text_area(key="paste").input(paste)
    at.text_input(key="url").input(url)
    at.text_input(key="published").input(published)
    at.selectbox(key="language").set_value(language)
    return at


def save_article(at: AppTest) -> AppTest:
    [submit] = [b for b in at.button if b.label == "Save and rebuild the map"]
    submit.click()
    return run(at)


def test_a_pasted_article_is_saved_read_and_on_the_map(site):
    at = article_form(
        page(), paste=VILLAGE, url="https://example.kz/news/1", published="2022-03-05"
    )
    at.selectbox(key="language").set_value("ru")
    save_article(at)
    assert "1 action(s) at Nura District; Karaganda Region" in said(at, "success")
    assert "Not in the gazetteer: Жаркамыс" in said(at, "caption")
    assert at.text_area(key="paste").value == "" and at.text_input(key="url").value == ""
    [text, sidecar] = sorted(added_files(site), key=lambda n: n.endswith(".toml"))
    assert text.endswith(".txt") and sidecar.endswith(".meta.toml")
    meta = (site.corpus / "added" / sidecar).read_text(encoding="utf-8")
    assert 'url = "https://example.kz/news/1"' in meta and "added by aigerim" in meta
    new = [
        f
        for f in features(site).values()
        if "https://example.kz/news/1" in f["properties"]["sources"]
    ]
    assert {f["properties"]["place"] for f in new} == {"Nura District", "Karaganda Region"}
    report = curate.read_report(site.data)
    assert report["unresolved_places"] == {f"added/{text[:-4]}": ["Жаркамыс"]}


def test_an_uploaded_html_page_is_saved_as_html(site):
    at = article_form(page(), url="https://example.kz/news/2")
    html = f"<html><body><h1>Новости</h1><p>{TEMIRTAU}</p><script>x()</script></body></html>"
    at.file_uploader(key="upload-0").upload("Темиртау обеды.html", html.encode(), "text/html")
    save_article(at)
    assert "1 action(s) at Temirtau" in said(at, "success")
    assert [n for n in added_files(site) if n.endswith(".html")]
    assert len({f["properties"]["action_id"] for f in features(site).values()}) == SEED_ACTIONS + 1


@pytest.mark.parametrize(
    "form, upload, message",
    [
        ({"who": ""}, None, "say who you are"),
        ({"url": "javascript:alert(1)"}, None, "not an http(s) link"),
        ({"published": "2099-01-01"}, None, "in the future"),
        ({"paste": ""}, None, "upload a file or paste the article's text"),
        ({"paste": ""}, ("big.txt", b"x" * (intake.MAX_UPLOAD + 1)), "too large: 5.0 MB"),
        ({"paste": ""}, ("blob.txt", b"\x00\x01\x02" * 50), "binary file"),
        ({}, ("a.txt", b"text"), "upload a file or paste the text, not both"),
    ],
)
def test_an_article_that_will_not_do_is_refused_and_nothing_changes(site, form, upload, message):
    before = (site.data / "actions.geojson").read_bytes()
    at = article_form(page(), **({"paste": VILLAGE} | form))
    if upload:
        at.file_uploader(key="upload-0").upload(*upload, "text/plain")
    save_article(at)
    assert message in said(at, "error") and said(at, "success") == ""
    assert added_files(site) == []
    assert (site.data / "actions.geojson").read_bytes() == before
    assert at.text_area(key="paste").value == form.get("paste", VILLAGE)  # kept to fix


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("report.pdf", b"%PDF-1.4 ...", "only .txt and .html articles, not .pdf"),
        ("virus.exe", b"MZ\x90\x00", "only .txt and .html articles, not .exe"),
        ("big.txt", b"x" * (6 * 2**20), "too large: 6.0 MB (at most 5 MB)"),
    ],
)
def test_an_upload_of_another_type_or_too_large_is_refused_with_its_reason(
    site, name, content, message
):
    """The box takes any file up to MAX_RECEIVED, so the page, not a red mark on the file's
    chip, says why one will not do (before, the box refused it and Save asked for a file)."""
    at = article_form(page())
    at.file_uploader(key="upload-0").upload(name, content, "application/octet-stream")
    save_article(at)
    assert message in said(at, "error") and "paste the article's text" not in said(at, "error")
    assert added_files(site) == []
    uploader = at.file_uploader(key="upload-0")
    assert list(uploader.allowed_type) == []  # every type reaches the page's own check
    assert uploader.proto.max_upload_size_mb == intake.MAX_RECEIVED >> 20
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == intake.MAX_RECEIVED >> 20  # the server's too


# --- correct a record ----------------------------------------------------------------------


def correct(action_id: str, change: str, fill=None, who="aigerim", why="seen on the spot"):
    """The page opened on ``action_id`` (as the map's link does), the change chosen,
    ``fill(at)`` filling its fields, who and why given, saved."""
    at = page({"action": action_id})
    assert at.radio(key="section").value == "correct"
    assert at.selectbox(key="pick").value == action_id
    at.text_input(key="who").input(who)
    at.radio(key="change").set_value(change)
    run(at)
    if fill:
        fill(at)
    at.text_input(key="why").input(why)
    at.button(key="save").click()
    return run(at)


def kept_after_a_rebuild(where: Workspace, check) -> None:
    """``check(features)`` on the page's rebuild, then on a plain rebuild (from the cache)."""
    check(features(where))
    result = curate.rebuild(where)
    assert result.corrections.not_applied == [] and result.from_cache == 5
    check(features(where))


def correction_ids(where: Workspace) -> list[str]:
    return [c["id"] for c in curate.read_corrections(where.corrections)]


def test_move_to_a_place_of_the_gazetteer(site):
    def fill(at):
        at.text_input(key="place_query").input("Темиртау")
        run(at)
        options = at.selectbox(key="place_pick:Темиртау").options
        assert options[0].startswith("Temirtau, Karaganda Region")

    at = correct(f"{DOC}-a4", "move", fill)
    assert "Saved correction" in said(at, "success") and "at Temirtau (50.05" in said(at, "caption")
    [entry] = curate.read_corrections(site.corrections)
    assert (entry["who"], entry["why"], entry["place_id"]) == (
        "aigerim",
        "seen on the spot",
        "geonames:1518262",
    )
    assert entry["evidence"].startswith("А в Приозерске создали отряд")

    def check(found):
        props = found[f"{DOC}-a4-p1"]["properties"]
        assert (props["place"], props["admin1"]) == ("Temirtau", "Karaganda Region")
        assert props["summary"].endswith("— Temirtau")
        assert props["edited"] is True and props["corrections"] == [entry["id"]]

    kept_after_a_rebuild(site, check)
    # Marked in the table, the CSV of the table, the popup and the build's own CSV.
    df = store.load_actions(site.data / "actions.geojson")
    moved = df[df["action_id"] == f"{DOC}-a4"]
    assert tables.table_view(moved)["summary"].iloc[0].startswith("✎ Patrols")
    rows = tables.action_rows(df)
    assert rows.set_index("action_id").loc[f"{DOC}-a4", "edited"]
    assert int(rows["edited"].sum()) == 1
    assert "edited by an analyst" in mapview.popup_html(moved.iloc[0].to_dict())
    assert "edited by an analyst" not in mapview.popup_html(df[~df["edited"]].iloc[0].to_dict())
    csv = tables.actions_csv_bytes(moved).decode("utf-8-sig").splitlines()
    assert csv[0].endswith(",edited,corrections") and csv[1].endswith(f",True,{entry['id']}")
    build_csv = (site.data / "actions.csv").read_text(encoding="utf-8-sig").splitlines()
    header = build_csv[0].split(",")
    row = next(line for line in build_csv if line.startswith(f"{DOC}-a4-p1,"))
    assert "edited" in header and "True" in row and entry["id"] in row


def test_move_to_a_typed_point(site):
    def fill(at):
        at.radio(key="move_to").set_value("point")
        run(at)
        at.number_input(key="move_lat").set_value(50.06)
        at.number_input(key="move_lon").set_value(72.96)
        at.text_input(key="move_name").input("Temirtau steel works")

    correct(f"{DOC}-a4", "move", fill)

    def check(found):
        feature = found[f"{DOC}-a4-p1"]
        assert feature["geometry"]["coordinates"] == [72.96, 50.06]
        assert feature["properties"]["place"] == "Temirtau steel works"
        assert feature["properties"]["edited"] is True

    kept_after_a_rebuild(site, check)


def test_edit_organisations_type_beneficiaries_and_dates(site):
    def fill(at):
        assert at.text_input(key="edit_orgs").value == ""  # as the machine had it
        assert at.selectbox(key="edit_type").value == "food_for_duty"
        at.text_input(key="edit_orgs").input("Jas Otan; Birgemiz Fund")
        at.selectbox(key="edit_type").set_value("humanitarian_aid")
        at.multiselect(key="edit_helped").set_value(["police"])
        at.date_input(key="edit_start").set_value(curate.dt.date(2022, 1, 6))
        at.date_input(key="edit_end").set_value(curate.dt.date(2022, 1, 8))

    correct(f"{DOC}-a5", "edit", fill)
    [entry] = curate.read_corrections(site.corrections)
    assert entry["organisations"] == ["Jas Otan", "Birgemiz Fund"]

    def check(found):
        props = found[f"{DOC}-a5-p1"]["properties"]
        assert props["organisations"] == ["Jas Otan", "Birgemiz Fund"]
        assert props["action_type"] == "humanitarian_aid" and props["beneficiaries"] == ["police"]
        assert (props["date_start"], props["date_end"]) == ("2022-01-06", "2022-01-08")
        assert props["summary"].startswith("Humanitarian and food aid by Jas Otan")
        assert props["edited"] is True

    kept_after_a_rebuild(site, check)


def test_delete_a_false_action(site):
    at = correct(f"{DOC}-a3", "delete", why="a road closure, no action")
    assert f"{DOC}-a3 is no longer on the map" in said(at, "caption")
    kept_after_a_rebuild(site, lambda found: f"{DOC}-a3-p1" not in found)


def test_merge_the_same_action_told_twice(site):
    into = "001_a578faf2f4fd7f4d-a1"

    def fill(at):
        at.text_input(key="into_find").input("Khalyq Saqshysy")
        run(at)
        assert at.selectbox(key="into").options[0].endswith(into)
        at.selectbox(key="into").set_value(into)

    correct(f"{DOC}-a1", "merge", fill)

    def check(found):
        assert f"{DOC}-a1-p1" not in found
        kept = found[f"{into}-p1"]["properties"]
        assert len(kept["sources"]) == 2 and kept["edited"] is True

    kept_after_a_rebuild(site, check)


@pytest.mark.parametrize(
    "who, why, change, fill, message",
    [
        ("", "because", "delete", None, "say who you are"),
        ("aigerim", "", "delete", None, "say why"),
        ("aigerim", "because", "move", None, "pick a place from the gazetteer"),
        ("aigerim", "because", "merge", None, "a merge needs into"),
        ("aigerim", "because", "edit", None, "an edit changes nothing"),
    ],
)
def test_a_correction_without_who_why_or_a_change_is_refused(site, who, why, change, fill, message):
    at = correct(f"{DOC}-a3", change, fill, who=who, why=why)
    assert message in said(at, "error") and said(at, "success") == ""
    assert not site.corrections.exists()


def test_find_an_action_and_see_what_the_last_build_could_not_apply(site):
    stale = {
        "who": "aigerim",
        "why": "test",
        "change": "delete",
        "doc_id": DOC,
        "action_id": f"{DOC}-a9",
        "evidence": "Этого предложения в статье нет.",
    }
    saved = curate.save_correction(site, stale)
    curate.rebuild(site)
    at = page()
    at.radio(key="section").set_value("correct")
    run(at)
    at.text_input(key="find").input("birgemiz almaty")
    run(at)
    assert at.selectbox(key="pick").options == [
        f.label() for f in curate.search(curate.actions(curate.read_features(site.data)), "Almaty")
    ]
    assert "The last build could not apply 1 of them" in said(at, "warning")
    assert f"correction {saved['id']} (delete {DOC}-a9)" in said(at, "caption")
    [listed] = [d.value for d in at.dataframe]
    assert list(listed["id"]) == [saved["id"]] and list(listed["why"]) == ["test"]


# --- teach the gazetteer -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, point, message",
    [
        ("", (49.62, 72.41), "say who you are"),
        ("aigerim", None, "click the place's point on the map"),
        ("aigerim", (55.75, 37.6), "is not in Kazakhstan"),
    ],
)
def test_a_place_without_a_name_or_a_point_in_kazakhstan_is_refused(
    site, tmp_path, who, point, message
):
    at = page()
    at.radio(key="section").set_value("place")
    run(at)
    at.text_input(key="who").input(who)
    at.text_input(key="place_ru").input("Жаркамыс")
    if point:
        at.number_input(key="place_lat").set_value(point[0])
        at.number_input(key="place_lon").set_value(point[1])
    at.button(key="save_place").click()
    run(at)
    assert message in said(at, "error")
    assert not (tmp_path / "places_added.csv").exists()


@pytest.fixture
def village_site(tmp_path, seeds_build, monkeypatch):
    """A corpus of the village article alone, built: "Жаркамыс" is unresolved."""
    where = copy_site(tmp_path, seeds_build, {"village.txt": VILLAGE})
    use(where, tmp_path, monkeypatch)
    curate.rebuild(where)
    return where


def test_teach_the_gazetteer_a_village_and_the_rebuild_places_it(village_site, tmp_path):
    where = village_site
    at = page()
    at.radio(key="section").set_value("place")
    run(at)
    assert at.selectbox(key="unresolved_pick").options == ["Жаркамыс (in 1 article(s))"]
    at.selectbox(key="unresolved_pick").set_value("Жаркамыс")
    run(at)
    assert at.text_input(key="place_ru").value == "Жаркамыс"
    at.text_input(key="who").input("aigerim")
    at.text_input(key="place_kk").input("Жарқамыс")
    at.number_input(key="place_lat").set_value(49.62)
    at.number_input(key="place_lon").set_value(72.41)
    run(at)
    assert "In Karaganda Region." in said(at, "caption")
    nura = next(
        i
        for i, label in curate.districts(curate.geocoder(where).gazetteer, "Karaganda Region")
        if label.startswith("Nura")
    )
    at.selectbox(key="place_district").set_value(nura)
    at.button(key="save_place").click()
    run(at)
    assert "“Жаркамыс” is on the map now" in said(at, "caption")
    [row] = curate.read_places(tmp_path / "places_added.csv")
    assert (row["name_kk"], row["admin1"], row["parent"]) == (
        "Жарқамыс",
        "Karaganda Region",
        nura.split(":", 1)[1],
    )
    assert "aigerim" in row["source"]

    def placed():
        report = curate.read_report(where.data)
        assert report["unresolved_places"] == {}
        found = features(where).values()
        village = [f for f in found if f["properties"]["place"] == "Жаркамыс"]
        assert village and all(f["geometry"]["coordinates"] == [72.41, 49.62] for f in village)
        assert {f["properties"]["geo_precision"] for f in village} == {1}

    placed()
    assert curate.rebuild(where).from_cache == 1  # the new fingerprint's cache serves it
    placed()
    assert not (REPO / "data" / "places_added.csv").exists()


# --- checked points, history and undo (issue 16) ----------------------------------------------

PRIOZERSK = (46.03, 73.7)  # the action's town; typed the other way round it is in the Arctic


def point_typed(lat: float, lon: float, name: str = ""):
    def fill(at):
        at.radio(key="move_to").set_value("point")
        run(at)
        at.number_input(key="move_lat").set_value(lat)
        at.number_input(key="move_lon").set_value(lon)
        at.text_input(key="move_name").input(name)
        run(at)

    return fill


def test_a_point_typed_with_latitude_and_longitude_swapped_is_caught_before_saving(site):
    at = page({"action": f"{DOC}-a4"})
    at.text_input(key="who").input("aigerim")
    at.radio(key="change").set_value("move")
    run(at)
    point_typed(PRIOZERSK[1], PRIOZERSK[0])(at)
    assert "Did you swap latitude and longitude? 46.03000, 73.70000 is in Karaganda Region" in (
        said(at, "warning")
    )
    # Saved anyway, it is refused with the reason, and nothing is written.
    at.text_input(key="why").input("seen on the spot")
    at.button(key="save").click()
    run(at)
    assert "did you swap latitude and longitude?" in said(at, "error")
    assert not site.corrections.exists()
    # One click takes the swapped point; the page shows where it is and how far from the town.
    at.button(key="move_swap").click()
    run(at)
    assert (at.number_input(key="move_lat").value, at.number_input(key="move_lon").value) == (
        PRIOZERSK
    )
    assert "In Karaganda Region." in said(at, "caption")
    assert re.search(r"\d+\.\d km from Priozersk", said(at, "caption"))
    assert "Did you swap" not in said(at, "warning")


def test_a_point_outside_kazakhstan_is_refused_and_its_distance_shown_inside(site):
    at = correct(f"{DOC}-a4", "move", point_typed(0.0, 0.0))
    assert "That point is not in Kazakhstan." in said(at, "warning")
    assert "0.0000, 0.0000 is not in Kazakhstan" in said(at, "error")
    assert not site.corrections.exists()
    at = page({"action": f"{DOC}-a4"})
    at.radio(key="change").set_value("move")
    run(at)
    point_typed(50.06, 72.96, "Темиртау")(at)  # Temirtau, some 150 km north of Priozersk
    distances = re.findall(r"(\d+\.\d) km from ([^|]+)", said(at, "caption"))
    assert [place.strip() for _, place in distances] == [
        "Priozersk",
        "Temirtau, Karaganda Region, KZ",
    ]
    assert 100 < float(distances[0][0]) < 500 and float(distances[1][0]) < 5


def test_an_edit_says_what_it_changed_in_words(site):
    def fill(at):
        at.text_input(key="edit_orgs").input("Jas Otan; Birgemiz Fund")

    at = correct(f"{DOC}-a5", "edit", fill)
    assert "organisations = Jas Otan, Birgemiz Fund" in said(at, "success")
    assert "[" not in said(at, "success")


def test_a_link_to_a_deleted_action_says_who_deleted_it_and_restores_it(site):
    correct(f"{DOC}-a3", "delete", why="a road closure, no action")
    at = page({"action": f"{DOC}-a3"})
    warning = said(at, "warning")
    assert re.search(
        r"This action was deleted by aigerim on 20\d\d-\d\d-\d\d .*: a road closure", warning
    )
    at.text_input(key="who").input("dana")
    at.text_input(key="restore_why").input("the squad did go out")
    at.button(key="restore").click()
    run(at)
    assert "Done: " in said(at, "success")
    assert f"{DOC}-a3-p1" in features(site)
    assert [c["change"] for c in curate.read_corrections(site.corrections)] == ["delete", "revert"]
    assert at.selectbox(key="pick").value == f"{DOC}-a3"  # back on the map, and picked


def test_a_link_to_a_merged_or_unknown_action_says_so(site):
    into = "001_a578faf2f4fd7f4d-a1"
    saved = curate.save_correction(
        site,
        curate.new_correction(
            curate.actions(curate.read_features(site.data))[f"{DOC}-a1"],
            "merge",
            "aigerim",
            "told twice",
            into=into,
        ),
    )
    curate.rebuild(site)
    assert saved["id"]
    assert f"This action was merged into {into} by aigerim" in said(
        page({"action": f"{DOC}-a1"}), "warning"
    )
    assert "No action nothing-a1 in this dataset." in said(
        page({"action": "nothing-a1"}), "warning"
    )


def test_the_history_lists_every_change_and_undoes_one(site):
    correct(f"{DOC}-a3", "delete", why="a road closure, no action")
    at = page()
    at.radio(key="section").set_value("history")
    run(at)
    [table] = [d.value for d in at.dataframe]
    assert list(table["who"]) == ["aigerim"] and list(table["state"]) == ["in force"]
    assert list(table["why"]) == ["a road closure, no action"]
    at.toggle(key="history_gone").set_value(True)
    run(at)
    [choice] = at.selectbox(key="undo_pick").options
    assert choice.startswith(f"Revert: delete {DOC}-a3 (aigerim, ")
    at.selectbox(key="undo_pick").set_value(at.selectbox(key="undo_pick").options[0])
    at.text_input(key="who").input("dana")
    at.text_input(key="undo_why").input("the squad did go out")
    run(at)
    at.button(key="undo").click()
    run(at)
    assert "Done: " in said(at, "success") and f"{DOC}-a3-p1" in features(site)
    assert "Nothing here yet." in said(at, "caption")  # no action off the map now
    at.toggle(key="history_gone").set_value(False)
    run(at)
    [table] = [d.value for d in at.dataframe]
    assert list(table["who"]) == ["dana", "aigerim"]
    assert table["state"].iloc[1].startswith("reverted by")


def test_the_history_is_told_in_the_pages_language(site):
    correct(f"{DOC}-a3", "delete", why="a road closure, no action")
    at = page({"lang": "ru"})
    at.radio(key="section").set_value("history")
    run(at)
    [table] = [d.value for d in at.dataframe]
    assert list(table["state"]) == ["действует"]
    assert list(table["what"]) == [f"удаление {DOC}-a3"]
    [choice] = at.selectbox(key="undo_pick").options
    assert choice.startswith(f"Отменить: удаление {DOC}-a3 (aigerim, ")


# --- the map page --------------------------------------------------------------------------


def test_the_map_page_shows_each_change_on_its_next_run_without_a_restart(site):
    """As an analyst goes: the map, the Curate page (an article, a correction), the map."""
    at = run(AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=180))
    assert metrics(at)[UI["metric_actions"]] == str(SEED_ACTIONS)
    at.switch_page("pages/curate.py")
    article_form(run(at), paste=TEMIRTAU)
    save_article(at)
    # Its sidebar links both pages, named in the page's language (here English).
    links = [(x.proto.label, x.proto.query_string) for x in at.get("page_link")]
    assert links[:2] == [("Map", ""), ("Curate", "")]
    at.switch_page("dashboard.py")
    assert metrics(run(at))[UI["metric_actions"]] == str(SEED_ACTIONS + 1)
    # The rebuild published as `geo build` and `geo watch` do: the map page names what is new.
    assert UI["new_actions"].format(n=1) in said(at, "info")
    assert "Temirtau" in set(
        tables.table_view(store.load_actions(site.data / "actions.geojson"))["places"]
    )

    at.switch_page("pages/curate.py")
    at.query_params["action"] = "004_5b44a82eec03611c-a5"  # as the card's link opens it
    run(at)
    at.radio(key="change").set_value("edit")
    run(at)
    at.text_input(key="edit_orgs").input("Jas Otan; Birgemiz Fund")
    at.text_input(key="why").input("the fund paid for it")
    at.button(key="save").click()
    assert "Saved correction" in said(run(at), "success")
    at.switch_page("dashboard.py")
    run(at)
    edited = [s for s in table(at)["summary"] if s.startswith("✎ ")]
    assert edited == ["✎ Humanitarian and food aid by Jas Otan, Birgemiz Fund — Kazakhstan"]
    # Country-wide actions are cards beside the map: marked, and linked to this page.
    assert UI["edited_note"] in said(at, "caption")
    links = [link.proto for link in at.get("page_link") if link.proto.label == UI["correct_link"]]
    assert links and {link.label for link in links} == {UI["correct_link"]}
    assert "action=004_5b44a82eec03611c-a5" in [link.query_string for link in links]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- in the browser ----------------------------------------------------------------------------

LONG_MS = 120_000  # a save rebuilds the dataset: generous on a loaded machine


@pytest.fixture(scope="module")
def curate_server(repo_dir, seeds_build, tmp_path_factory, chromium_path):
    """``streamlit run dashboard.py`` on a copy of seeds/ and its build, with a temporary
    corrections file (GEO_CORPUS_DIR and GEO_CORRECTIONS, read by the Curate page)."""
    from tests.browser.test_browser import streamlit_server

    where = copy_site(tmp_path_factory.mktemp("curate_browser"), seeds_build)
    server = streamlit_server(repo_dir, where.data)
    with pytest.MonkeyPatch.context() as mp:  # the server's environment only
        mp.setenv(CORPUS_ENV, str(where.corpus))
        mp.setenv(CORRECTIONS_ENV, str(where.corrections))
        base = server.__enter__()
    try:
        yield base, where
    finally:
        server.__exit__(None, None, None)


@contextmanager
def curate_page(browser, base: str, query: str = ""):
    """The Curate page (``query``: the address's query string); on exit, asserts it asked
    nothing of the outside world and logged no error."""
    external: list[str] = []
    problems: list[str] = []

    def route(r):
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 1400, "height": 2000})
    page = context.new_page()
    page.route("**/*", route)
    # Opened at /curate, Streamlit's frontend first looks for its server under that path
    # (/curate/_stcore/health, 404) before it finds it at the root: not an error of the page.
    probe = f"{base}/curate/_stcore/"

    def console(m):
        if m.type == "error" and not m.location.get("url", "").startswith(probe):
            problems.append(m.text)

    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto(f"{base}/curate{'?' + query if query else ''}", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Curate the map").wait_for(timeout=LONG_MS)
        yield page
    finally:
        context.close()
    assert external == [], f"requests to outside the local server: {external}"
    assert problems == [], problems


def metric_value(page, label: str):
    box = page.locator("[data-testid='stMetric']").filter(has_text=label)
    return box.locator("[data-testid='stMetricValue']")


@pytest.mark.browser
def test_an_article_pasted_in_the_browser_is_on_the_map_page(browser, curate_server, artifacts):
    from playwright.sync_api import expect

    from tests.browser.test_browser import dashboard

    base, where = curate_server
    with curate_page(browser, base) as page:
        page.get_by_role("textbox", name="Your name", exact=True).fill("aigerim")
        page.get_by_role("textbox", name="… or paste the article's text", exact=True).fill(TEMIRTAU)
        page.get_by_role("textbox", name="Source URL", exact=True).fill(
            "https://example.kz/news/temirtau"
        )
        page.get_by_role("button", name="Save and rebuild the map").click()
        page.get_by_text("1 action(s) at Temirtau").wait_for(timeout=LONG_MS)
        # The form is empty again, ready for the next article.
        expect(page.get_by_role("textbox", name="Source URL", exact=True)).to_have_value("")
        page.screenshot(path=str(artifacts / "curate.png"), full_page=True)
    assert len(added_files(where)) == 2  # the article and its sidecar
    with dashboard(browser, base) as page:
        expect(metric_value(page, UI["metric_actions"])).to_have_text(str(SEED_ACTIONS + 1))


@pytest.mark.browser
def test_an_action_moved_in_the_browser_is_marked_edited_on_the_map(
    browser, curate_server, artifacts
):
    from playwright.sync_api import expect

    from tests.browser.test_browser import (
        MAP_FRAME,
        SETTLED,
        WAIT_MS,
        dashboard,
        map_frame,
        wait_markers,
    )

    base, where = curate_server
    with curate_page(browser, base, f"action={DOC}-a4") as page:
        page.get_by_text("Patrols and public order by Narodny Druzhinnik").first.wait_for()
        page.get_by_role("textbox", name="Your name", exact=True).fill("aigerim")
        page.get_by_text("Move it to another place").click()
        search = page.get_by_role("textbox", name="Search the gazetteer", exact=True)
        search.fill("Темиртау")
        search.press("Enter")
        place = page.get_by_role("combobox", name="Place", exact=True)
        expect(place).to_have_value(re.compile("^Temirtau, Karaganda Region"), timeout=LONG_MS)
        page.get_by_role("textbox", name="Why", exact=True).fill("the squad patrols Temirtau")
        page.get_by_role("textbox", name="Why", exact=True).press("Enter")
        page.get_by_role("button", name="Save the correction and rebuild the map").click()
        page.get_by_text("Saved correction").wait_for(timeout=LONG_MS)
        page.get_by_text("at Temirtau (50.0520, 72.9550)").wait_for()
        page.screenshot(path=str(artifacts / "curate-moved.png"), full_page=True)
    [entry] = curate.read_corrections(where.corrections)
    assert (entry["change"], entry["place_id"], entry["who"]) == (
        "move",
        "geonames:1518262",
        "aigerim",
    )

    with dashboard(browser, base, "org=Narodny+Druzhinnik+squad+(Priozersk)") as page:
        wait_markers(page, 1)
        leaflet = page.frame_locator(MAP_FRAME)
        leaflet.locator("path.va-point").first.click()
        popup = leaflet.locator(".leaflet-popup-content")
        popup.wait_for(timeout=WAIT_MS)
        map_frame(page).wait_for_function(SETTLED, timeout=WAIT_MS)
        assert "Temirtau" in popup.inner_text() and UI["edited_note"] in popup.inner_text()
        # The details under the map: marked, with a link back to the Curate page.
        page.get_by_text(UI["edited_note"]).first.wait_for(timeout=WAIT_MS)
        link = page.get_by_role("link", name=UI["correct_link"]).first
        assert link.get_attribute("href").endswith(f"curate?action={DOC}-a4")


@pytest.mark.browser
def test_in_the_browser_a_swapped_point_is_caught_and_the_history_undoes_a_delete(
    browser, curate_server, artifacts
):
    """Issue 16: the swapped-latitude warning before saving, and the history section; saves
    artifacts/issue16/curate-swapped.png and curate-history.png to be looked at."""
    from playwright.sync_api import expect

    base, where = curate_server
    shots = artifacts / "issue16"
    shots.mkdir(exist_ok=True)
    with curate_page(browser, base, f"action={DOC}-a2") as page:
        page.get_by_role("textbox", name="Your name", exact=True).fill("aigerim")
        page.get_by_text("Move it to another place").click()
        page.get_by_text("a point (latitude, longitude)").click()
        for name, value in (("Latitude", "73.7"), ("Longitude", "46.03")):
            box = page.get_by_role("spinbutton", name=name, exact=True)
            box.fill(value)
            box.press("Enter")
        warning = page.get_by_text("Did you swap latitude and longitude?")
        warning.wait_for(timeout=LONG_MS)
        preview = page.locator('iframe[title="streamlit_folium.st_folium"]').last.content_frame
        preview.locator(".leaflet-container path").first.wait_for(timeout=LONG_MS)
        page.wait_for_timeout(1000)  # the tiles-free map draws its outlines
        page.screenshot(path=str(shots / "curate-swapped.png"), full_page=True)
        page.get_by_role("button", name="Use 46.03000, 73.70000").click()
        page.get_by_text(re.compile(r"km from Karaganda")).first.wait_for(timeout=LONG_MS)
        expect(page.get_by_role("spinbutton", name="Latitude", exact=True)).to_have_value(
            "46.03000"
        )
        expect(warning).to_have_count(0)

    action = curate.actions(curate.read_features(where.data))[f"{DOC}-a3"]
    entry = curate.new_correction(action, "delete", "aigerim", "a road closure, no action")
    curate.save_correction(where, entry)
    curate.rebuild(where)
    with curate_page(browser, base) as page:
        page.get_by_text("History and undo").click()
        page.get_by_text("Every correction, added place and added article").wait_for()
        page.get_by_role("textbox", name="Your name", exact=True).fill("dana")
        page.get_by_role("combobox", name="Undo a change", exact=True).click()
        page.get_by_role("option", name=re.compile(f"^Revert: delete {DOC}-a3")).click()
        page.get_by_role("textbox", name="Why", exact=True).fill("the squad did go out")
        page.get_by_role("textbox", name="Why", exact=True).press("Enter")
        page.get_by_role("button", name="Undo it and rebuild the map").click()
        page.get_by_text("Done: ").wait_for(timeout=LONG_MS)
        page.get_by_role("heading", name="History and undo").wait_for()
        page.wait_for_timeout(1500)  # the table draws its rows
        page.screenshot(path=str(shots / "curate-history.png"), full_page=True)
    assert f"{DOC}-a3-p1" in features(where)
    changes = [c["change"] for c in curate.read_corrections(where.corrections)]
    assert changes[-2:] == ["delete", "revert"]

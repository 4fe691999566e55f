"""geo.curation.review: the review queue's order, its progress, and a confirm kept as a
correction (applied by every build, shown as checked, undone like any other); ``geo review``
as a user runs it."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from geo.curation import curate, history, review
from geo.dashboard import i18n
from geo.dataset import confidence
from geo.workspace import CORPUS_ENV, CORRECTIONS_ENV
from tests.unit.curation.test_curate import (
    DOC,
    LONG_MS,
    copy_site,
    features,
    fresh_caches,  # noqa: F401 (autouse: no cache kept)
    page,
    run,
    said,
    use,
)
from tests.unit.test_cli import geo

UI_REVIEW_LINK = i18n.texts("en")["review_link"]
DOUBTFUL = f"{DOC}-a1-p1"  # the seeds' one doubtful record: Karaganda Region, 0.4


def record(record_id, action_id, place_id, orgs=(), c=0.5, checked=False, text=None):
    return review.Record(
        record_id, action_id, place_id, place_id, tuple(orgs), c, (), c if text is None else text,
        checked,
    )  # fmt: skip


def test_the_queue_puts_first_the_least_sure_record_weighted_by_the_actions_that_share_it():
    records = [
        # Alone at its place, no organisation: (1 - 0.3) x 1 = 0.7.
        record("lonely", "a1", "town:x", c=0.3),
        # Surer, but its place holds three more actions: (1 - 0.7) x 4 = 1.2.
        record("shared-place", "a2", "region:y", c=0.7),
        record("b", "a3", "region:y", c=0.95),
        record("c", "a4", "region:y", c=0.95),
        # Its organisation names three actions (two elsewhere): (1 - 0.5) x 3 = 1.5.
        record("shared-org", "a5", "town:z", ["fund"], c=0.5),
        record("d", "a6", "town:w", ["fund"], c=0.9),
        record("e", "a7", "town:v", ["fund", "other"], c=0.9),
        # Checked: weighs nothing, whatever its confidence.
        record("checked", "a8", "region:y", c=0.1, checked=True),
    ]
    order = review.queue(records)
    assert [e.record_id for e in order[:3]] == ["shared-org", "shared-place", "lonely"]
    first = order[0]
    assert (first.rank, first.shares, first.weight) == (1, 3, 1.5)
    assert order[1].shares == 4  # region:y: a2, a3, a4 and the checked a8
    assert order[-1].record_id == "checked" and order[-1].weight == 0.0


def test_ties_go_to_the_less_sure_record_then_by_id():
    records = [record("b", "a1", "p1", c=0.5), record("a", "a2", "p2", c=0.5)]
    records += [record("c", "a3", "p3", ["x"], c=0.75), record("d", "a4", "p4", ["x"], c=0.9)]
    # a, b: 0.5 x 1; c: 0.25 x 2 = 0.5 as well, but surer.
    assert [e.record_id for e in review.queue(records)] == ["a", "b", "c", "d"]


def test_progress_counts_doubtful_records_by_the_text_s_confidence_and_removed_ones_as_checked():
    below = confidence.doubtful_below()
    records = [
        record("r1", "a1", "p", c=below - 0.1),
        record("r2", "a2", "p", c=1.0, text=below - 0.2, checked=True),  # confirmed
        record("r3", "a3", "p", c=below),  # not doubtful: the threshold itself
    ]
    gone = [record("r4", "a4", "p", c=0.2, checked=True), record("r5", "a5", "p", c=0.9)]
    done = review.progress(records, gone)
    assert (done.checked, done.doubtful) == (2, 3)
    assert str(done) == "2 of 3 doubtful records checked"


@pytest.fixture
def where(tmp_path, seeds_build):
    return copy_site(tmp_path, seeds_build)


def confirm(where, record_id: str, who="aigerim") -> dict:
    props = features(where)[record_id]["properties"]
    entry = review.confirmation(props, who)
    saved = curate.save_correction(where, entry)
    result = curate.rebuild(where)
    assert result.corrections.not_applied == []
    return saved


def test_a_confirm_is_a_correction_that_shows_the_record_as_checked_and_undoes_like_any(where):
    before = review.load(where.data, corrections_path=where.corrections)
    assert str(before.progress) == "0 of 1 doubtful records checked"
    assert before.entries[0].record_id != DOUBTFUL or not before.entries[0].checked
    saved = confirm(where, DOUBTFUL)
    written = curate.read_corrections(where.corrections)[-1]
    assert written["change"] == "confirm" and written["who"] == "aigerim"
    assert written["why"] == review.CONFIRM_WHY and written["place_id"] == "region:karaganda"
    props = features(where)[DOUBTFUL]["properties"]
    assert props["confidence_reasons"] == ["checked_by_analyst"]
    assert props["confidence"] == 1.0 and props["text_confidence"] == 0.4
    assert saved["id"] in props["corrections"] and props["edited"] is False  # nothing changed
    after = review.load(where.data, corrections_path=where.corrections)
    assert str(after.progress) == "1 of 1 doubtful records checked"
    assert next(e for e in after.entries if e.record_id == DOUBTFUL).checked
    # In the history, and undone as any correction: the text's confidence is back.
    entry = next(e for e in history.entries(where) if e.target == saved["id"])
    assert entry.what.said(history.phrases()) == f"confirm {DOC}-a1: checked at region:karaganda"
    history.undo(where, entry.key, "aigerim", "confirmed the wrong record")
    curate.rebuild(where)
    assert features(where)[DOUBTFUL]["properties"]["confidence"] == 0.4
    again = review.load(where.data, corrections_path=where.corrections)
    assert str(again.progress) == "0 of 1 doubtful records checked"


def test_a_confirm_needs_a_name_and_a_place_the_action_still_has(where):
    props = features(where)[DOUBTFUL]["properties"]
    with pytest.raises(ValueError, match="say who you are"):
        review.confirmation(props, " ")
    curate.save_correction(where, review.confirmation(props | {"place_id": "region:abai"}, "a"))
    [failed] = curate.rebuild(where).corrections.not_applied
    assert "not at region:abai now" in failed.message


def test_a_deleted_or_moved_doubtful_record_counts_as_checked(where):
    action = curate.actions(curate.read_features(where.data))[f"{DOC}-a1"]
    entry = curate.new_correction(action, "delete", "aigerim", "no such action")
    curate.save_correction(where, entry)
    curate.rebuild(where)
    assert DOUBTFUL not in features(where)
    after = review.load(where.data, corrections_path=where.corrections)
    assert str(after.progress) == "1 of 1 doubtful records checked"
    assert DOUBTFUL not in {e.record_id for e in after.entries}


def test_the_queue_follows_the_view_of_the_map_page_s_address(where):
    akmola = review.load(where.data, {"region": ["Akmola Region"]}, lang="ru")
    assert akmola.view == "области: Акмолинская область"
    regions = {features(where)[e.record_id]["properties"]["admin1"] for e in akmola.entries}
    assert regions == {"Akmola Region"} and len(akmola.entries) == 10
    assert str(akmola.progress) == "0 of 0 doubtful records checked"


def test_geo_review_prints_the_top_records_with_their_evidence_and_the_progress(
    seeds_build, tmp_path
):
    done = geo("review", "--data", str(seeds_build), "--top", "2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    view, *lines = done.stdout.splitlines()
    assert view == "View: all actions"
    first = review.load(seeds_build).entries[0]  # the seeds' heaviest: Dostyk, 1.04
    assert lines[:3] == [
        f"1. {first.record_id}  weight {first.weight:.2f} = (1 - {first.confidence:.2f}) x "
        f"{first.shares} actions sharing its place or organisation",
        f"   place: {first.place} ({first.place_id}); organisations: "
        + "; ".join(first.organisations),
        f"   - {confidence.words(first.reasons[0])}",
    ]
    assert sum(line[:1].isdigit() for line in lines[:-1]) == 2
    assert lines[-1] == "0 of 1 doubtful records checked"
    as_json = json.loads(geo("review", "--data", str(seeds_build), "--json", cwd=tmp_path).stdout)
    assert len(as_json["queue"]) == 10 and as_json["progress"] == {"checked": 0, "doubtful": 1}
    weights = [e["weight"] for e in as_json["queue"]]
    assert weights == sorted(weights, reverse=True)
    missing = geo("review", "--data", str(tmp_path / "none"), cwd=tmp_path)
    assert missing.returncode == 2 and "actions.geojson not found" in missing.stderr


def test_geo_review_takes_the_view_filters_geo_brief_takes(seeds_build, tmp_path):
    done = geo("review", "--data", str(seeds_build), "--region", "Akmola Region", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    view, *lines = done.stdout.splitlines()
    assert view == "View: regions: Akmola Region"
    akmola = review.load(seeds_build, {"region": ["Akmola Region"]})
    shown = [line.split()[1] for line in lines if re.match(r"\d+\. ", line)]
    assert shown == [e.record_id for e in akmola.entries][: len(shown)] and shown
    as_json = geo(
        "review", "--data", str(seeds_build), "--json", "--confidence", "doubtful", cwd=tmp_path
    )
    assert json.loads(as_json.stdout)["view"] == "confidence: Only doubtful"
    nowhere = geo("review", "--data", str(seeds_build), "--region", "Atlantis", cwd=tmp_path)
    assert nowhere.returncode == 2 and "'Atlantis' matches no regions" in nowhere.stderr


# --- the Curate page's review queue (AppTest) -----------------------------------------------


@pytest.fixture
def site(where, tmp_path, monkeypatch):
    """The Curate page's workspace: a copy of seeds/ and its build."""
    use(where, tmp_path, monkeypatch)
    return where


def review_page(query: dict | None = None) -> AppTest:
    at = page(query)
    at.radio(key="section").set_value("review")
    return run(at)


def titles(at: AppTest) -> list[str]:
    """The queue's records as the page titles them, unescaped ("1. Cash aid by … — Dostyk")."""
    bold = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")]
    return [t.strip("*") for t in bold if t[2:3].isdigit() and ". " in t]


def progress_line(at: AppTest) -> str:
    """The progress, in bold above the queue ("**12 of 40 doubtful records checked**")."""
    bold = [m.value for m in at.markdown if m.value.startswith("**") and m.value[2:3].isdigit()]
    return next(v for v in bold if "\\." not in v)


def test_the_page_lists_the_queue_with_its_evidence_and_confirm_checks_a_record(site):
    at = review_page()
    assert progress_line(at) == "**0 of 1 doubtful records checked**"
    first = review.load(site.data).entries[0]  # the heaviest record first, as geo review has it
    summary = features(site)[first.record_id]["properties"]["summary"]
    assert titles(at)[0] == f"1. {summary}" and len(titles(at)) == 10
    captions = said(at, "caption")
    evidence = f"confidence {first.confidence:.2f} · {first.shares} action(s) share its place"
    assert f"at {first.place} · {evidence} or organisation · weight {first.weight:.2f}" in captions
    assert " · ".join(confidence.words(code) for code in first.reasons) in captions
    at.text_input(key="who").input("aigerim")
    at.button(key=f"confirm:{DOUBTFUL}").click()
    run(at)
    assert "Confirmed: Karaganda Region" in said(at, "success")
    assert progress_line(at) == "**1 of 1 doubtful records checked**"
    [checked] = at.expander
    assert checked.label == "Checked in this view (1)"
    assert "✓ checked by an analyst · Karaganda Region" in said(checked, "caption")
    assert DOUBTFUL not in [
        b.key.split(":", 1)[1] for b in at.button if b.key.startswith("confirm:")
    ]
    assert curate.read_corrections(site.corrections)[-1]["change"] == "confirm"


def test_confirm_without_a_name_is_refused(site):
    at = review_page()
    at.button(key=f"confirm:{DOUBTFUL}").click()
    run(at)
    assert "say who you are" in said(at, "error")
    assert curate.read_corrections(site.corrections) == []


def test_move_edit_or_delete_opens_the_record_under_correct_a_record(site):
    at = review_page()
    at.button(key=f"fix:{DOUBTFUL}").click()
    run(at)
    assert at.radio(key="section").value == "correct"
    assert at.selectbox(key="pick").value == f"{DOC}-a1"


def test_the_queue_speaks_the_page_s_language_and_follows_the_view_in_the_address(site):
    at = review_page({"lang": "kk", "region": "Karaganda Region"})
    assert progress_line(at) == "**1 күмәнді жазбаның 0 тексерілді**"
    assert "Қарағанды облысы" in said(at, "caption")
    assert confidence.words("whole_region", "kk") in said(at, "caption")
    assert titles(at) and not any("Akmola" in t for t in titles(at))


def test_the_map_page_links_to_the_review_queue_of_its_view(site):
    from urllib.parse import parse_qs

    from tests.paths import REPO

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=180)
    run(at)
    at.multiselect(key="region").set_value(["Karaganda Region"])
    run(at)
    [link] = [x.proto for x in at.get("page_link") if "section=review" in x.proto.query_string]
    assert link.label == UI_REVIEW_LINK
    query = parse_qs(link.query_string)
    assert query["region"] == ["Karaganda Region"] and query["section"] == ["review"]
    curate_page = page({key: values[0] for key, values in query.items()})
    assert curate_page.radio(key="section").value == "review"
    assert progress_line(curate_page) == "**0 of 1 doubtful records checked**"
    assert "regions: Karaganda Region" in said(curate_page, "caption")


# --- in the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def review_server(repo_dir, seeds_build, tmp_path_factory, chromium_path):
    """The dashboard on a copy of seeds/ and its build, its Curate page with a temporary
    corrections file (as test_curate's ``curate_server``)."""
    from tests.browser.test_browser import streamlit_server

    where = copy_site(tmp_path_factory.mktemp("review_browser"), seeds_build)
    with pytest.MonkeyPatch.context() as mp:  # the server's environment only
        mp.setenv(CORPUS_ENV, str(where.corpus))
        mp.setenv(CORRECTIONS_ENV, str(where.corrections))
        with streamlit_server(repo_dir, where.data) as base:
            yield base, where


@pytest.mark.browser
def test_in_the_browser_the_map_s_link_opens_the_queue_and_confirm_checks_a_record(
    browser, review_server, artifacts
):
    """From the map filtered to Karaganda Region, the sidebar's link opens the review queue of
    that view; Confirm on its doubtful record counts it checked. Saves
    artifacts/issue17/review-queue.png and review-confirmed.png to be looked at."""
    from playwright.sync_api import expect

    from tests.browser.test_browser import dashboard

    base, where = review_server
    shots = artifacts / "issue17"
    shots.mkdir(exist_ok=True)
    view = {"region": ["Karaganda Region"]}
    rank = next(e.rank for e in review.load(where.data, view).entries if e.record_id == DOUBTFUL)
    with dashboard(browser, base, "region=Karaganda+Region") as page:
        page.get_by_role("link", name=UI_REVIEW_LINK).click()
        page.get_by_role("heading", name="Review queue").wait_for(timeout=LONG_MS)
        progress = page.get_by_text("0 of 1 doubtful records checked")
        progress.wait_for(timeout=LONG_MS)
        page.get_by_text("View: regions: Karaganda Region").wait_for()
        page.get_by_text(confidence.words("whole_region")).first.wait_for()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(shots / "review-queue.png"), full_page=True)
        page.get_by_role("textbox", name="Your name", exact=True).fill("aigerim")
        page.get_by_role("textbox", name="Your name", exact=True).press("Enter")
        confirm = page.get_by_role("button", name="Confirm: it is right")
        confirm.nth(rank - 1).click()
        page.get_by_text("Confirmed: Karaganda Region").wait_for(timeout=LONG_MS)
        expect(page.get_by_text("1 of 1 doubtful records checked")).to_be_visible()
        shown = page.get_by_role("spinbutton", name="Records shown", exact=True)
        shown.fill("2")  # a short page: the progress, the queue and the records checked
        shown.press("Enter")
        expect(page.get_by_role("button", name="Confirm: it is right")).to_have_count(2)
        page.get_by_text("Checked in this view (1)").click()
        page.get_by_text("✓ checked by an analyst · Karaganda Region").wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "review-confirmed.png"), full_page=True)
    [entry] = curate.read_corrections(where.corrections)
    assert (entry["change"], entry["who"], entry["place_id"]) == (
        "confirm",
        "aigerim",
        "region:karaganda",
    )


def test_in_the_doubtful_view_a_confirmed_record_stays_and_counts_checked(where):
    doubtful = {"conf": ["doubtful"]}
    assert [e.record_id for e in review.load(where.data, doubtful).entries] == [DOUBTFUL]
    confirm(where, DOUBTFUL)
    after = review.load(where.data, doubtful, where.corrections)
    assert [(e.record_id, e.checked) for e in after.entries] == [(DOUBTFUL, True)]
    assert str(after.progress) == "1 of 1 doubtful records checked"

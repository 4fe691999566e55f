"""geo.curation.history: every change analysts made, listed with who, when and why, and undone
as a new entry: nothing is erased."""

import tomllib

import pytest

from geo.curation import history, intake
from geo.dataset import corrections
from geo.geoparse.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse.geocode import OfflineGeocoder
from geo.ingest.corpus import read_corpus
from geo.workspace import Workspace
from tests.paths import SEEDS

ARTICLE = (SEEDS / "000_d28f05125cd8f48e.txt").read_bytes()
DOC = "000_d28f05125cd8f48e"


def said(phrase: history.Phrase, lang: str = "en") -> str:
    return phrase.said(history.phrases(lang))


@pytest.fixture
def where(tmp_path) -> Workspace:
    (tmp_path / "corpus").mkdir()
    return Workspace.resolve(tmp_path / "data", tmp_path / "corpus", tmp_path / "c.toml", env={})


def delete(action_id: str) -> dict:
    return {
        "who": "aigerim",
        "why": "a road closure",
        "change": "delete",
        "doc_id": DOC,
        "action_id": action_id,
        "evidence": "Дорогу закрыли.",
    }


def test_the_history_lists_corrections_places_and_articles_newest_first(where):
    first = corrections.append(where.corrections, delete(f"{DOC}-a3"))
    intake.add_place(
        default_gazetteer(), "Ортакшыл", "settlement", 49.62, 72.41, who="dana", path=where.places
    )
    intake.add_article(where.corpus, ARTICLE, "a.txt", who="erlan")
    second = corrections.append(where.corrections, delete(f"{DOC}-a2"))
    found = history.entries(where)
    assert {(e.kind, e.who, e.undo) for e in found} == {
        ("correction", "aigerim", history.REVERT),
        ("place", "dana", history.WITHDRAW),
        ("article", "erlan", history.WITHDRAW),
    }
    assert [e.when for e in found] == sorted((e.when for e in found), reverse=True)
    ids = [e.key for e in found if e.kind == "correction"]
    assert ids == [f"correction:{second['id']}", f"correction:{first['id']}"]  # newest first
    [place] = [e for e in found if e.kind == "place"]
    assert said(place.what) == "added place Ортакшыл (Karaganda Region, 49.62000, 72.41000)"
    assert said(found[-1].what) == f"delete {DOC}-a3" and found[-1].why == "a road closure"


def test_an_edit_is_described_in_words_not_as_a_python_list():
    entry = {"change": "edit", "organisations": ["Jas Otan", "Birgemiz Fund"], "beneficiaries": []}
    described = history.describe(entry)
    assert said(described) == "organisations = Jas Otan, Birgemiz Fund; who was helped = none"
    assert said(described, "ru") == "организации = Jas Otan, Birgemiz Fund; кому помогли = нет"


def test_the_history_speaks_the_pages_language(where):
    corrections.append(where.corrections, delete(f"{DOC}-a3"))
    [entry] = history.entries(where)
    assert (said(entry.what), said(entry.state)) == (f"delete {DOC}-a3", "in force")
    assert (said(entry.what, "ru"), said(entry.state, "ru")) == (f"удаление {DOC}-a3", "действует")
    assert (said(entry.what, "kk"), said(entry.state, "kk")) == (f"жою {DOC}-a3", "күшінде")


def test_every_phrase_the_history_can_say_has_its_words_in_every_language():
    from geo.dashboard import i18n

    keys = {lang: set(history.phrases(lang)) for lang in i18n.CODES}
    assert keys["ru"] == keys["en"] == keys["kk"]
    changes = {f"change_{c}" for c in (*corrections.CHANGES, corrections.REVERT)}
    fields = {f"field_{f}" for f in corrections.EDITABLE}
    assert changes | fields <= keys["en"]


def test_a_deleted_action_is_gone_until_its_delete_is_reverted_and_back_after_a_revert_of_that(
    where,
):
    saved = corrections.append(where.corrections, delete(f"{DOC}-a3"))
    gone = history.gone(where, f"{DOC}-a3")
    assert (gone.change, gone.who, gone.why) == ("delete", "aigerim", "a road closure")
    assert history.gone(where, f"{DOC}-a9") is None
    done = history.undo(where, f"correction:{saved['id']}", "dana", "it happened")
    assert said(done).endswith(f"reverts {saved['id']}")
    assert history.gone(where, f"{DOC}-a3") is None
    [entry] = [e for e in history.entries(where) if e.key == f"correction:{saved['id']}"]
    assert said(entry.state).startswith("reverted by") and entry.undo == history.APPLY_AGAIN
    history.undo(where, entry.key, "aigerim", "it did not")  # reverts the revert
    assert history.gone(where, f"{DOC}-a3").correction_id == saved["id"]
    written = tomllib.loads(where.corrections.read_text(encoding="utf-8"))["correction"]
    assert [c["change"] for c in written] == ["delete", "revert", "revert"]
    assert written[1]["action_id"] == f"{DOC}-a3"  # a revert names its action too


def test_a_place_withdrawn_leaves_the_gazetteer_and_comes_back_restored(where):
    intake.add_place(default_gazetteer(), "Ортакшыл", "settlement", 49.62, 72.41, path=where.places)

    def found():
        return OfflineGeocoder(Gazetteer(where.places)).geocode("Ортакшыл")

    assert found() is not None
    [added] = history.entries(where)
    history.undo(where, added.key, "dana", "a typo of Ортакшил")
    assert found() is None
    rows = intake.place_rows(where.places)
    assert [r["status"] for r in rows] == ["", "withdrawn"]  # the first row is kept
    latest = history.entries(where)[0]
    assert (said(latest.what).split()[0], latest.undo, latest.why) == (
        "withdrew",
        history.RESTORE,
        "a typo of Ортакшил",
    )
    history.undo(where, latest.key, "dana", "it exists after all")
    assert found() is not None and len(intake.place_rows(where.places)) == 3
    with pytest.raises(ValueError, match="cannot be undone now"):
        history.undo(where, added.key, "dana", "again")  # a row changed since


def test_a_places_file_written_before_the_history_columns_keeps_its_rows(where):
    old = ",".join(intake.OVERLAY_COLUMNS)
    row = dict.fromkeys(intake.OVERLAY_COLUMNS, "") | {
        "id": "added_x",
        "kind": "settlement",
        "name_en": "X",
        "name_ru": "Х",
        "admin1": "Karaganda Region",
        "lat": "49.62",
        "lon": "72.41",
        "source": "placed on the map by aigerim on 2026-11-30",
    }
    where.places.write_text(old + "\n" + ",".join(row.values()) + "\n", encoding="utf-8")
    [entry] = history.entries(where)
    assert (entry.who, entry.when) == ("aigerim", "2026-11-30")
    history.undo(where, entry.key, "dana", "no such village")
    assert [r["id"] for r in intake.place_rows(where.places)] == ["added_x", "added_x"]
    assert OfflineGeocoder(Gazetteer(where.places)).geocode("Х") is None


def test_an_article_withdrawn_is_kept_aside_unread_and_restorable(where):
    path = intake.add_article(where.corpus, ARTICLE, "a.txt", who="erlan")
    assert len(read_corpus(where.corpus).articles) == 1
    [added] = history.entries(where)
    history.undo(where, added.key, "dana", "a duplicate")
    aside = where.corpus / ".withdrawn" / "added" / path.name
    assert aside.exists() and aside.with_name(path.stem + ".meta.toml").exists()
    assert not path.exists()
    corpus = read_corpus(where.corpus)
    assert corpus.articles == []
    assert [s.reason for s in corpus.skipped] == ["articles withdrawn by analysts, not read"]
    latest = history.entries(where)[0]
    assert (said(latest.what), latest.who, latest.undo) == (
        f"withdrew article added/{path.name}",
        "dana",
        history.RESTORE,
    )
    history.undo(where, latest.key, "dana", "not a duplicate")
    assert path.exists() and len(read_corpus(where.corpus).articles) == 1
    log = tomllib.loads((where.corpus / ".withdrawn" / "history.toml").read_text("utf-8"))
    assert [e["change"] for e in log["entry"]] == ["withdraw", "restore"]


@pytest.mark.parametrize("who, why, message", [("", "x", "say who"), ("dana", "", "say why")])
def test_an_undo_needs_who_and_why(where, who, why, message):
    saved = corrections.append(where.corrections, delete(f"{DOC}-a3"))
    with pytest.raises(ValueError, match=message):
        history.undo(where, f"correction:{saved['id']}", who, why)
    assert len(corrections.load(where.corrections)[0]) == 1

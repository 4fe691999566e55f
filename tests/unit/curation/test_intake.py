"""geo.curation.intake: analysts add articles to the corpus and places to the gazetteer, safely."""

import re
import tomllib

import pytest

from geo.curation import intake
from geo.geoparse.gazetteer import Gazetteer, default_gazetteer
from geo.geoparse.geocode import OfflineGeocoder, geocoder_for
from geo.ingest.corpus import read_corpus
from geo.ingest.metadata import read_metadata, sidecar_of
from geo.workspace import Workspace
from tests.paths import SEEDS

ARTICLE = (SEEDS / "000_d28f05125cd8f48e.txt").read_bytes()


def test_an_uploaded_article_is_saved_with_its_metadata_and_read(tmp_path):
    path = intake.add_article(
        tmp_path,
        ARTICLE,
        "Волонтёры Караганды.txt",
        url="https://example.kz/news/1",
        published="2022-01-07",
        language="ru",
        who="aigerim",
    )
    assert path.parent == tmp_path / "added" and path.suffix == ".txt"
    (article,) = read_corpus(tmp_path).articles
    assert article.meta.url == "https://example.kz/news/1"
    assert article.meta.published.start.isoformat() == "2022-01-07"
    assert "added by aigerim" in article.meta.date_note


def test_pasted_text_becomes_a_txt_article(tmp_path):
    path = intake.add_article(tmp_path, ARTICLE.decode("utf-8"))
    assert path.suffix == ".txt" and "pasted" in path.name
    assert read_corpus(tmp_path).articles[0].text == ARTICLE.decode("utf-8")


@pytest.mark.parametrize(
    "content, name, fields, message",
    [
        (ARTICLE, "virus.exe", {}, "only .txt and .html articles, not .exe"),
        (b"x" * (intake.MAX_UPLOAD + 1), "big.txt", {}, "too large"),
        (b"", "empty.txt", {}, "empty file"),
        (b"\x00\x01\x02" * 50, "blob.txt", {}, "binary file"),
        (ARTICLE, "a.txt", {"url": "javascript:alert(1)"}, "not an http(s) link"),
        (ARTICLE, "a.txt", {"published": "2099-01-01"}, "in the future"),
        (ARTICLE, "a.txt", {"language": "en"}, "language must be one of ru, kk, kk-latn"),
    ],
)
def test_what_is_not_an_article_is_refused_and_nothing_written(
    tmp_path, content, name, fields, message
):
    with pytest.raises(ValueError, match=re.escape(message)):
        intake.add_article(tmp_path, content, name, **fields)
    assert not (tmp_path / "added").exists() or not any((tmp_path / "added").iterdir())


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.txt", "/tmp/evil.txt", "..\\..\\x.txt", ".hidden.txt", "a\x00b.txt"]
)
def test_no_file_name_writes_outside_the_added_folder(tmp_path, name):
    corpus = tmp_path / "corpus"
    path = intake.add_article(corpus, ARTICLE, name)
    assert path.resolve().parent == (corpus / "added").resolve()
    assert not path.name.startswith(".")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_the_same_name_twice_keeps_both(tmp_path):
    first = intake.add_article(tmp_path, ARTICLE, "a.txt")
    second = intake.add_article(tmp_path, ARTICLE + b"\n", "a.txt")
    assert first != second and first.read_bytes() == ARTICLE


def test_a_place_added_on_the_map_is_found_by_the_next_gazetteer(tmp_path):
    added = tmp_path / "places_added.csv"
    gazetteer = default_gazetteer()
    district = next(
        p.id for p in gazetteer.places.values() if p.kind == "district" and "Nura" in p.name
    )
    row = intake.add_place(
        gazetteer,
        "Ортакшыл",
        "settlement",
        49.62,
        72.41,
        district_id=district,
        who="aigerim",
        path=added,
    )
    assert row["admin1"] == "Karaganda Region" and "aigerim" in row["source"]
    fresh = OfflineGeocoder(Gazetteer(added))
    location = fresh.geocode("Ортакшыл")
    assert location is not None and round(location.latitude, 2) == 49.62
    assert location.raw["admin1"] == "Karaganda Region"


@pytest.mark.parametrize(
    "args, message",
    [
        (("Х", "city", 49.6, 72.4), "kind must be one of settlement, district"),
        (("", "settlement", 49.6, 72.4), "needs its Russian name"),
        (("Х", "settlement", 55.75, 37.6), "is not in Kazakhstan"),
    ],
)
def test_places_that_cannot_be_added(tmp_path, args, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        intake.add_place(default_gazetteer(), *args, path=tmp_path / "p.csv")
    assert not (tmp_path / "p.csv").exists()


def test_the_gazetteer_and_the_build_cache_read_the_workspace_places_file(tmp_path):
    from geo.dataset import cache

    places = Workspace.resolve(tmp_path / "data", corrections=tmp_path / "c.toml", env={}).places
    assert places == tmp_path / "places_added.csv"
    before = cache.fingerprint(places)
    shared = geocoder_for(places)  # as the build and the Curate page hold it
    assert shared.geocode("Ортакшыл") is None
    intake.add_place(default_gazetteer(), "Ортакшыл", "settlement", 49.62, 72.41, path=places)
    assert cache.fingerprint(places) != before  # a rebuild reads every article again
    for geocoder in (OfflineGeocoder(Gazetteer(places)), geocoder_for(places)):
        location = geocoder.geocode("Ортакшыл")  # the shared one is new: the file changed
        assert location is not None and round(location.longitude, 2) == 72.41
    assert OfflineGeocoder(default_gazetteer()).geocode("Ортакшыл") is None  # tables alone


@pytest.mark.parametrize("published", ["2022-01-07", ""])
def test_the_sidecar_says_who_added_the_article_and_when_in_keys_of_their_own(tmp_path, published):
    path = intake.add_article(tmp_path, ARTICLE, "a.txt", published=published, who="aigerim")
    sidecar = tomllib.loads(sidecar_of(path).read_text(encoding="utf-8"))
    assert sidecar["added_by"] == "aigerim"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", sidecar["added_at"])
    meta, warnings = read_metadata(sidecar_of(path))  # the pipeline reads them, no warning
    assert warnings == [] and (meta.added_by, meta.added_at) == ("aigerim", sidecar["added_at"])
    (article,) = read_corpus(tmp_path).articles
    assert article.warnings == []


def test_a_place_typed_with_latitude_and_longitude_swapped_is_refused_with_a_hint(tmp_path):
    # Ortakshyl's point typed the other way round: 72.41, 49.62 is in the Arctic Ocean.
    with pytest.raises(ValueError, match="did you swap latitude and longitude"):
        intake.add_place(default_gazetteer(), "Х", "settlement", 72.41, 49.62, path=tmp_path / "p")
    assert not (tmp_path / "p").exists()

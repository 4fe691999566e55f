"""A build into a folder it built before copies the bytes of every unchanged action from
the last publication (geo.dataset.snapshot) and makes only the rest: the files are a full
``--no-cache`` build's byte for byte whatever changed (an article added, changed, deleted,
one that retells another's action), and a snapshot that no longer holds (other code, a file
edited, corrections, a result the cache lost) is never used, and one made for a
publication that failed is never left."""

import re
import sqlite3
import textwrap
from pathlib import Path

import pytest

from geo.dataset import publish, snapshot
from geo.dataset.build import build
from geo.dataset.cache import CACHE_NAME, fingerprint
from geo.exc import OutputNotWritable

FILES = ("actions.geojson", "actions.csv", "actions.parquet", "build-report.json")
TIMED = re.compile(rb'\n  "(built|seconds)": [^\n]*')  # the report's two lines of time
RU = "5 июня 2021 года волонтеры «Жас Отан» раздали продукты многодетным семьям в Павлодаре."
KK = (  # the same action, told in Kazakh: one action with two sources
    "2021 жылғы 5 маусымда «Жас Отан» еріктілері Павлодарда көпбалалы отбасыларға "
    "азық-түлік таратты."
)
OTHER = "10 июня 2021 года волонтеры «Жас Отан» раздали продукты многодетным семьям в Павлодаре."
LATER = "12 июля 2021 года волонтеры Красного Полумесяца провели субботник в Караганде."


def dataset(folder: Path) -> dict[str, bytes]:
    """The published files' bytes, the report without its lines of time."""
    files = {name: (folder / name).read_bytes() for name in FILES}
    files["build-report.json"] = TIMED.sub(b"", files["build-report.json"])
    return files


def full_build(corpus: Path, out: Path) -> dict[str, bytes]:
    """What a build from scratch writes (no cache, no snapshot)."""
    build(corpus, out, progress=False, use_cache=False)
    assert not (out / snapshot.NAME).exists()
    return dataset(out)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "other.txt").write_text(OTHER, encoding="utf-8")
    (folder / "ru.txt").write_text(RU, encoding="utf-8")
    return folder


def test_each_change_is_spliced_into_what_a_full_build_writes(corpus, tmp_path):
    out = tmp_path / "out"
    first = build(corpus, out, progress=False)
    assert first.copied == 0 and (out / snapshot.NAME).exists()
    assert dataset(out) == full_build(corpus, tmp_path / "full0")

    (corpus / "later.txt").write_text(LATER, encoding="utf-8")  # an article added
    added = build(corpus, out, progress=False)
    assert added.processed_now == 1 and added.copied == 2  # other's and ru's copied
    assert dataset(out) == full_build(corpus, tmp_path / "full1")

    # kk.txt retells ru.txt's action and sorts first: ru's action is now kk's, two sources.
    (corpus / "kk.txt").write_text(KK, encoding="utf-8")
    retold = build(corpus, out, progress=False)
    assert retold.copied == 2  # other's and later's; kk's made, ru's folded into it
    merged = dataset(out)
    assert merged == full_build(corpus, tmp_path / "full2")
    assert b'"sources":["corpus/kk.txt","corpus/ru.txt"]' in merged["actions.geojson"]

    # kk.txt deleted: ru.txt's action is its own again, read back from the cache.
    (corpus / "kk.txt").unlink()
    alone = build(corpus, out, progress=False)
    assert alone.processed_now == 0 and alone.copied == 2
    assert dataset(out) == full_build(corpus, tmp_path / "full3")

    (corpus / "other.txt").write_text(OTHER.replace("10 июня", "11 июня"), encoding="utf-8")
    changed = build(corpus, out, progress=False)
    assert changed.processed_now == 1 and changed.copied == 2
    assert dataset(out) == full_build(corpus, tmp_path / "full4")


def test_a_rebuild_of_nothing_changed_copies_every_action(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, progress=False)
    before = dataset(out)
    again = build(corpus, out, progress=False)
    assert again.copied == 2 and again.processed_now == 0
    assert dataset(out) == before
    # The features, parsed from the copied bytes when asked (the Curate page asks).
    assert sorted(f["properties"]["doc_id"] for f in again.features) == ["other", "ru"]


def test_a_snapshot_of_other_code_or_places_is_not_read(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, progress=False)
    assert snapshot.load(out, fingerprint()) is not None
    assert snapshot.load(out, "the fingerprint of other code") is None


def test_a_published_file_changed_since_voids_the_snapshot(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, progress=False)
    edited = (out / "actions.csv").read_bytes().replace(b"\xd0\x96", b"X", 1)
    (out / "actions.csv").write_bytes(edited)  # by hand, or by another program
    assert snapshot.load(out, fingerprint()) is None
    (corpus / "later.txt").write_text(LATER, encoding="utf-8")
    rebuilt = build(corpus, out, progress=False)
    assert rebuilt.copied == 0
    assert dataset(out) == full_build(corpus, tmp_path / "full")


def test_a_damaged_snapshot_is_not_read(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, progress=False)
    (out / snapshot.NAME).write_bytes(b"\x00 not a snapshot")
    assert snapshot.load(out, fingerprint()) is None
    assert build(corpus, out, progress=False).copied == 0
    assert dataset(out) == full_build(corpus, tmp_path / "full")


def test_corrections_are_applied_to_features_never_to_copied_bytes(corpus, tmp_path):
    out = tmp_path / "out"
    build(corpus, out, progress=False)
    ru = next(
        f for f in build(corpus, out, progress=False).features if f["properties"]["doc_id"] == "ru"
    )
    props = ru["properties"]
    fixes = out / "corrections.toml"
    fixes.write_text(
        textwrap.dedent(
            f"""
            [[correction]]
            id = "c1"
            who = "analyst"
            when = "2026-12-03T10:00:00Z"
            change = "delete"
            doc_id = "ru"
            action_id = "{props["action_id"]}"
            evidence = {props["evidence"]!r}
            """
        ),
        encoding="utf-8",
    )
    corrected = build(corpus, out, progress=False, corrections_path=fixes)
    assert corrected.copied == 0 and corrected.corrections.applied == 1
    assert not (out / snapshot.NAME).exists()  # a corrected publication has none
    assert [f["properties"]["doc_id"] for f in corrected.features] == ["other"]
    full = tmp_path / "full"
    full.mkdir()
    (full / "corrections.toml").write_bytes(fixes.read_bytes())
    build(corpus, full, progress=False, use_cache=False, corrections_path=full / "corrections.toml")
    assert dataset(out)["actions.geojson"] == dataset(full)["actions.geojson"]


def test_a_result_the_cache_lost_is_extracted_again_not_missed(corpus, tmp_path):
    out = tmp_path / "out"
    (corpus / "kk.txt").write_text(KK, encoding="utf-8")
    build(corpus, out, progress=False)  # ru's action published as kk's
    with sqlite3.connect(out / CACHE_NAME) as db:
        db.execute("DELETE FROM told")  # the cache lost every result, the snapshot did not
    (corpus / "kk.txt").unlink()  # ru's action must be made from its result again
    rebuilt = build(corpus, out, progress=False)
    assert rebuilt.processed_now == 2
    assert dataset(out) == full_build(corpus, tmp_path / "full")


def test_a_publication_that_fails_leaves_the_last_snapshot_and_no_part_of_the_new(
    corpus, tmp_path, monkeypatch
):
    # The snapshot of a publication is made while its files are written; when they cannot
    # be, the snapshot made meanwhile is thrown away and the last one still holds.
    out = tmp_path / "out"
    build(corpus, out, progress=False)
    before = dataset(out)

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "_write_synced", disk_full)
    (corpus / "later.txt").write_text(LATER, encoding="utf-8")
    with pytest.raises(OutputNotWritable):
        build(corpus, out, progress=False)
    assert dataset(out) == before
    assert not [p.name for p in out.iterdir() if p.name.endswith((".part", ".tmp"))]
    monkeypatch.undo()
    assert snapshot.load(out, fingerprint()) is not None  # still the last publication's
    again = build(corpus, out, progress=False)
    assert again.copied == 2 and again.processed_now == 0  # later's result was cached
    assert dataset(out) == full_build(corpus, tmp_path / "full")

"""geo.dataset.report and geo.exc: typed hand-offs between the build's stages, errors a
caller tells apart, and an extraction failure's traceback kept in the log."""

import json
import logging
import shutil

import orjson
import pytest

from geo.cli import main
from geo.curation import curate
from geo.dataset import build as build_module
from geo.dataset import corrections
from geo.dataset.build import build
from geo.dataset.report import ArticleTold, FileLine, SameAs, ToldAction
from geo.exc import BadSettings, CorpusNotFound, GeoError, NotAnArticle, OutputNotWritable
from geo.ingest.corpus import parse_article
from tests.paths import SEEDS

DOC = "000_d28f05125cd8f48e"


def test_a_file_line_is_the_report_line_it_always_was():
    skipped = FileLine.skipped("a.txt", "empty file")
    assert skipped.to_json() == {"file": "a.txt", "status": "skipped", "reason": "empty file"}
    assert not skipped.processed
    read = FileLine("b.txt", "processed", actions=2, warnings=("read as cp1251, not UTF-8",))
    assert list(read.to_json()) == ["file", "status", "actions", "warnings"]
    assert read.to_json()["warnings"] == ["read as cp1251, not UTF-8"] and read.processed
    for line in (skipped, read):
        assert FileLine.from_json(orjson.loads(orjson.dumps(line.to_json()))) == line


def test_what_an_article_told_goes_through_the_cache_unchanged():
    told = ArticleTold(
        "doc",
        FileLine("doc.txt", "processed", actions=1),
        [ToldAction(SameAs(["food", ["geonames:1"], [], False], "2022-01-05", "2022-01-05"),
                    "https://example.kz/1", [{"type": "Feature", "properties": {"x": 1}}])],
        unresolved=["Нигде"],
        unplaced=["doc-a1"],
    )  # fmt: skip
    again = ArticleTold.from_json(orjson.loads(orjson.dumps(told.to_json())))
    assert again == told


def test_retellings_overlap_by_their_dates():
    day = SameAs(["t", [], [], False], "2022-01-05", "2022-01-05")
    assert day.overlaps(SameAs(["t", [], [], False], "2022-01-01", "2022-01-10"))
    assert not day.overlaps(SameAs(["t", [], [], False], "2022-01-06", "2022-01-10"))
    assert SameAs(["t", [], [], True], None, None).overlaps(day)  # undated: any date


def test_the_errors_a_caller_tells_apart_are_still_the_builtin_ones():
    assert issubclass(NotAnArticle, ValueError) and issubclass(BadSettings, ValueError)
    assert issubclass(CorpusNotFound, FileNotFoundError)
    assert issubclass(OutputNotWritable, OSError)
    for error in (NotAnArticle, BadSettings, CorpusNotFound, OutputNotWritable):
        assert issubclass(error, GeoError)
    with pytest.raises(NotAnArticle, match="empty file"):
        parse_article(b"  ", SEEDS / "x.txt")


def test_the_build_raises_what_the_command_line_maps_to_its_statuses(tmp_path):
    with pytest.raises(CorpusNotFound):
        build(tmp_path / "nope", tmp_path / "out", progress=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", corpus)
    with pytest.raises(BadSettings, match="unknown engine"):
        build(corpus, tmp_path / "out", progress=False, engine="spark", use_cache=False)
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(OutputNotWritable) as raised:
        build(corpus, tmp_path / "file" / "data", progress=False)
    assert raised.value.filename == str(tmp_path / "file" / "data")
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path / "o"),
                 "--engine", "dask", "--quiet"]) == 2  # fmt: skip


def test_an_extraction_failure_keeps_its_traceback_in_the_log_and_one_line_in_the_report(
    tmp_path, monkeypatch, caplog
):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    shutil.copy(SEEDS / f"{DOC}.txt", corpus)
    (corpus / "bad.txt").write_text("В Караганде волонтеры раздали продукты.", "utf-8")
    extract = build_module.extract

    def failing(article, geocoder):
        if article.name == "bad.txt":
            return {}["deep inside the extractor"]
        return extract(article, geocoder)

    monkeypatch.setattr(build_module, "extract", failing)
    with caplog.at_level(logging.ERROR, logger="geo.dataset.build"):
        result = build(corpus, out, progress=False, use_cache=False, workers=1)
    [failure] = [r for r in caplog.records if r.name == "geo.dataset.build"]
    assert failure.getMessage() == "bad.txt: extraction failed"
    assert failure.exc_info and failure.exc_info[0] is KeyError
    assert "in failing" in caplog.text  # the traceback names where it failed
    line = next(f for f in result.files if f.file == "bad.txt")
    assert line == FileLine.skipped(
        "bad.txt", "extraction failed: KeyError: 'deep inside the extractor'"
    )
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert line.to_json() in report["files"] and report["articles"] == 1


def test_a_correction_outcome_is_told_by_its_id_not_by_its_text():
    # "c1" is a prefix of "c10": the page once read the report's lines for "correction c1".
    report = corrections.Report(
        "corrections.toml",
        [
            corrections.Outcome("c1", True),
            corrections.Outcome.failed("c10", corrections.NO_ACTION, "correction c10 (...)"),
        ],
    )

    class Result:
        pass

    result = Result()
    result.corrections = report
    assert curate.applied(result, "c1") and not curate.applied(result, "c10")
    assert curate.not_applied(result) == ["correction c10 (...)"]
    assert report.to_json() == {
        "file": "corrections.toml",
        "applied": 1,
        "not_applied": ["correction c10 (...)"],
        "reverted": [],
        "removed": [],
    }

"""geo evaluate: precision and recall of places against a gold set."""

from pathlib import Path

from geo.cli import main
from geo.evaluate import evaluate, format_report

EXPECTED = """doc_id,mention,place,kind,admin1,lat,lon,note
a,Павлодаре,Pavlodar,settlement,Pavlodar Region,52.28,76.97,
a,Экибастуза,Ekibastuz,settlement,Pavlodar Region,51.72,75.32,
b,Qostanaı oblysynda,Kostanay Region,region,Kostanay Region,,,
b,Arqalyqta,Arkalyk,settlement,Kostanay Region,50.25,66.91,
"""


def make_gold(folder: Path) -> Path:
    articles = folder / "articles"
    articles.mkdir(parents=True)
    (articles / "a.txt").write_text(
        "В Павлодаре волонтеры собрали продукты для семей из Экибастуза. "
        "Ленинский проспект украсили к празднику.",
        encoding="utf-8",
    )
    (articles / "b.txt").write_text(
        "Qostanaı oblysynda eriktiler qarttarǵa kómek kórsetti. Arqalyqta da aksıa ótti.",
        encoding="utf-8",
    )
    (folder / "expected_places.csv").write_text(EXPECTED, encoding="utf-8")
    return folder


def test_scores_places_by_language(tmp_path):
    result = evaluate(make_gold(tmp_path))
    assert (result.overall.expected, result.overall.matched) == (4, 4)
    assert result.overall.precision == 1.0 and result.overall.recall == 1.0
    assert result.by_language["kk-latn"].matched == 2
    assert (result.settlements_within, result.settlements) == (3, 3)
    assert (result.regions_inside, result.regions) == (1, 1)
    assert "precision 100.0%" in format_report(result)


def test_a_wrong_place_is_a_miss_and_a_false_place(tmp_path):
    gold = make_gold(tmp_path)
    wrong = EXPECTED.replace("52.28,76.97", "43.25,76.91")  # Pavlodar put in Almaty
    (gold / "expected_places.csv").write_text(wrong, encoding="utf-8")
    result = evaluate(gold)
    assert result.misses == ["a: Павлодаре (Pavlodar)"]
    assert result.false_places == ["a: Павлодаре -> Pavlodar"]
    assert result.overall.recall == 0.75


def test_command_fails_below_the_thresholds(tmp_path, capsys):
    gold = make_gold(tmp_path)
    assert main(["evaluate", "--gold", str(gold), "--min-precision", "0.95"]) == 0
    (gold / "expected_places.csv").write_text(EXPECTED.replace("52.28", "43.25"), "utf-8")
    assert main(["evaluate", "--gold", str(gold), "--min-recall", "0.95"]) == 1
    assert "missed (1)" in capsys.readouterr().out


def test_unresolved_command_lists_the_build_reports_names(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_text("Волонтеры из села Жанаталап помогли пенсионерам.", "utf-8")
    assert main(["build", "--corpus", str(corpus), "--out", str(tmp_path), "--quiet"]) == 0
    capsys.readouterr()
    assert main(["unresolved", "--data", str(tmp_path)]) == 0
    assert "x\tЖанаталап" in capsys.readouterr().out
    assert main(["unresolved", "--data", str(tmp_path / "nowhere")]) == 2


ACTIONS = (
    "doc_id,action_type,organisations,places,beneficiaries,date_start,date_end,time_precision,"
    "note\n"
    "a,humanitarian_aid,Добро рядом,Павлодаре,families,2021-06-19,2021-06-19,day,\n"
    "a,blood_donation,,Экибастуза,,,,unknown,not in the text: a miss\n"
    "b,humanitarian_aid,,Qostanaı oblysynda,pensioners,,,unknown,\n"
)


def test_actions_organisations_beneficiaries_and_dates(tmp_path):
    from geo.evaluate_actions import evaluate_actions, format_action_report

    gold = make_gold(tmp_path)
    (gold / "articles" / "a.txt").write_text(
        "Вчера в Павлодаре волонтеры фонда «Добро рядом» раздали продукты семьям из Экибастуза.",
        encoding="utf-8",
    )
    (gold / "articles" / "a.meta.toml").write_text('published = "2021-06-20"', "utf-8")
    (gold / "expected_actions.csv").write_text(ACTIONS, encoding="utf-8")
    result = evaluate_actions(gold)
    assert (result.actions.expected, result.actions.found, result.actions.matched) == (3, 2, 2)
    assert result.misses == ["a: blood_donation at Экибастуза"]
    assert result.organisations.recall == 1.0 and result.beneficiaries.recall == 1.0
    assert (result.dates_exact, result.dated) == (1, 1)
    assert "actions: precision 100.0%, recall 66.7%" in format_action_report(result)

"""geo evaluate: precision and recall of places against a gold set."""

from pathlib import Path

from geo.cli import main
from geo.quality.evaluate import evaluate, format_report
from tests.paths import SEEDS

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
    from geo.quality.evaluate_actions import evaluate_actions, format_action_report

    result = evaluate_actions(_action_gold(tmp_path))
    assert (result.actions.expected, result.actions.found, result.actions.matched) == (3, 2, 2)
    assert result.misses == ["a: blood_donation at Экибастуза"]
    assert result.organisations.recall == 1.0 and result.beneficiaries.recall == 1.0
    assert (result.dates_exact, result.dated) == (1, 1)
    assert "actions: precision 100.0%, recall 66.7%" in format_action_report(result)


# -- the action table (geo.quality.evaluate_actions) ---------------------------------


def _place(name, kind, admin1, lat=0.0, lon=0.0):
    from geo.geoparse.resolve import ResolvedPlace

    return ResolvedPlace(name, name, kind, lat, lon, 1, admin1, name, 0, 0, "name")


def _expected(mention, place, kind, admin1, point=None):
    from geo.quality.evaluate import Expected

    return Expected("d", mention, place, kind, admin1, point)


PAVLODAR_ROWS = [
    _expected("Павлодар облысында", "Pavlodar Region", "region", "Pavlodar Region"),
    _expected("Павлодарлықтар", "Pavlodar", "settlement", "Pavlodar Region", (52.28, 76.97)),
    _expected("Ертіс ауданы", "Irtysh District", "district", "Pavlodar Region", (53.33, 75.45)),
    _expected("бүкіл елде", "Kazakhstan", "country", None),
]


def test_an_action_mention_finds_its_place_row_by_name_stem_and_kind_word():
    from geo.quality.evaluate_actions import resolve_mention

    def place(mention):
        return resolve_mention(mention, PAVLODAR_ROWS).place

    assert place("Павлодарлықтар") == "Pavlodar"  # as written in the place rows
    assert place("Kazakhstan") == "Kazakhstan"  # the canonical name
    assert place("Павлодар облысының") == "Pavlodar Region"  # another case, a kind word
    assert place("Павлодар қаласынан") == "Pavlodar"
    assert place("Ертіс ауданында") == "Irtysh District"
    assert resolve_mention("Атырауда", PAVLODAR_ROWS) is None


def test_an_action_is_scored_at_its_finest_places():
    from geo.quality.evaluate_actions import ExpectedAction, finest_places

    action = ExpectedAction(
        "d", "other", [], ["бүкіл елде", "Павлодар облысында", "Ертіс ауданы"], [], None
    )
    assert [p.place for p in finest_places(action, PAVLODAR_ROWS)] == ["Irtysh District"]
    action.places.append("Павлодарлықтар")
    assert [p.place for p in finest_places(action, PAVLODAR_ROWS)] == ["Pavlodar"]


def test_points_in_the_area_the_article_supports():
    from geo.quality.evaluate_actions import in_right_area

    town_only = [PAVLODAR_ROWS[1]]
    assert in_right_area(_place("Pavlodar", "city", "Pavlodar Region", 52.29, 76.95), town_only)
    # 25 km out of the only expected town, in another region: outside
    assert not in_right_area(_place("X", "settlement", "Akmola Region", 52.5, 76.97), town_only)
    # a village anywhere in a region the article names (here through its district)
    village = _place("Y", "settlement", "Pavlodar Region", 51.0, 78.0)
    assert in_right_area(village, PAVLODAR_ROWS[1:3])
    assert not in_right_area(village, town_only)
    # a region is judged by its admin1; the country only when the article says the country
    region = _place("Pavlodar Region", "region", "Pavlodar Region", 52.29, 76.97)
    assert in_right_area(region, PAVLODAR_ROWS[:1]) and not in_right_area(region, town_only)
    country = _place("Kazakhstan", "country", None)
    assert in_right_area(country, PAVLODAR_ROWS) and not in_right_area(country, town_only)


def test_organisations_match_by_containment_or_through_the_organisation_table():
    from geo.quality.evaluate_actions import _same_organisation

    assert _same_organisation("Nur Otan partııasynyń", "nur_otan")  # the alias table
    assert _same_organisation("«Нұр Отан» партиясы", "nur_otan")
    assert _same_organisation("фонд «Добро рядом»", "unlisted:Добро рядом")  # containment
    assert not _same_organisation("Jas Otan", "nur_otan")


def test_a_row_with_only_an_end_date_covers_its_precision_window():
    from datetime import date

    from geo.quality.evaluate_actions import expected_period

    week = expected_period("", "2021-03-12", "week")
    assert (week.start, week.end) == (date(2021, 3, 6), date(2021, 3, 12))
    day = expected_period("", "2021-03-12", "unknown")
    assert day.start == day.end == date(2021, 3, 12)
    assert expected_period("", "", "unknown") is None


def _action_gold(tmp_path) -> Path:
    gold = make_gold(tmp_path)
    (gold / "articles" / "a.txt").write_text(
        "Вчера в Павлодаре волонтеры фонда «Добро рядом» раздали продукты семьям из Экибастуза.",
        encoding="utf-8",
    )
    (gold / "articles" / "a.meta.toml").write_text('published = "2021-06-20"', "utf-8")
    (gold / "expected_actions.csv").write_text(ACTIONS, encoding="utf-8")
    return gold


def test_the_table_is_type_agnostic_and_per_language(tmp_path):
    from geo.quality.evaluate_actions import evaluate_actions, format_action_report

    result = evaluate_actions(_action_gold(tmp_path))
    table = result.table
    # the blood donation is no found type, but an action is at Экибастуз: a place right
    assert (table["all"].action_places.right, table["all"].action_places.total) == (3, 3)
    assert (table["ru"].action_places.total, table["kk-latn"].action_places.total) == (2, 1)
    assert (table["all"].points.right, table["all"].points.total) == (3, 3)
    assert (table["all"].organisations.matched, table["all"].organisations.expected) == (1, 1)
    assert (table["all"].dates.right, table["all"].dates.total) == (1, 1)
    report = format_action_report(result, "tiny")
    assert report.splitlines()[1].startswith("tiny | 3/3 (100%) | 3/3 (100%) | R 1/1")
    assert "  ru | 2/2 (100%)" in report


def test_wrong_dates_and_misses_are_listed(tmp_path):
    from geo.quality.evaluate_actions import evaluate_actions

    gold = _action_gold(tmp_path)
    wrong = ACTIONS.replace("2021-06-19,2021-06-19", "2020-06-19,2020-06-19")
    wrong = wrong.replace("Добро рядом", "Клуб добряков")
    (gold / "expected_actions.csv").write_text(wrong, encoding="utf-8")
    result = evaluate_actions(gold)
    assert (result.table["all"].dates.right, result.table["all"].dates.total) == (0, 1)
    assert result.dates_wrong == ["a: humanitarian_aid 2020-06-19, found 2021-06-19"]
    assert result.organisations_missed == ["a: Клуб добряков"]
    assert result.organisations_unexpected == ["a: Добро рядом"]


def test_json_has_the_table_and_the_place_figures(tmp_path, capsys):
    import json

    assert main(["evaluate", "--gold", str(_action_gold(tmp_path)), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["places"]["overall"]["recall"] == 1.0
    assert out["places"]["by_language"]["kk-latn"]["matched"] == 2
    assert out["actions"]["table"]["all"]["action_places"] == {"right": 3, "total": 3, "share": 1.0}
    assert out["actions"]["missed_actions"] == ["a: blood_donation at Экибастуза"]


def test_a_corpus_with_its_gold_beside_it_is_scored_and_one_without_is_refused(tmp_path, capsys):
    # seeds/ keeps its articles in the folder itself, with no expected files: no gold layout
    seeds = SEEDS
    assert main(["evaluate", "--gold", str(seeds)]) == 2
    assert "not a gold set" in capsys.readouterr().err
    gold = make_gold(tmp_path / "g")
    for f in (gold / "articles").iterdir():
        f.rename(gold / f.name)
    (gold / "articles").rmdir()
    result = evaluate(gold)
    assert (result.overall.matched, result.overall.found) == (4, 4)


def test_an_organisation_matches_its_case_forms_and_its_quoted_name():
    from geo.quality.evaluate_actions import _same_organisation

    found = "unlisted:молодежный ресурсный центр"
    assert _same_organisation("молодежного ресурсного центра города Энск", found)
    assert _same_organisation("«Жарық, Ауыл!» еріктілер штабы", "unlisted:«Жарық, Ауыл!» штабы")
    assert not _same_organisation("областной штаб", found)
    assert not _same_organisation("«Жарық» қоры", "unlisted:«Сәуле» қоры")


def test_the_country_and_a_region_are_found_wherever_the_article_names_them():
    from geo.geoparse.resolve import ResolvedPlace
    from geo.quality.evaluate import Expected, _pair

    text = "Елімізде акция басталды. Қазақстанда 10 күн өтеді."
    country = ResolvedPlace(
        "country:kazakhstan", "Kazakhstan", "country", 48.0, 67.0, 4, None, "Елімізде", 0, 8, "nw"
    )
    expected = Expected("x", "Қазақстанда", "Kazakhstan", "country", None, None)
    village = Expected("x", "Жаңаауыл", "Zhanaaul", "settlement", "Abay Region", None)
    assert _pair([expected, village], [country], text) == {expected: country, village: None}

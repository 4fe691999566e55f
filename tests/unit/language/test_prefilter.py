"""geo.language.prefilter: a table of patterns searched only where their literals occur."""

import re
from pathlib import Path

import pytest

from geo.extract import actions
from geo.language.names import fold
from geo.language.prefilter import PatternTable, literals

ROOT = Path(__file__).parents[3]


@pytest.mark.parametrize(
    "pattern, expected",
    [
        ("кормят", {"кормят"}),
        (r"\bспас(ли|ают|ает)\b", {"спас"}),
        # The longer of two necessary pieces: "тарат" rules out more text than "ас".
        (r"(ас|тагам)\w* (\w+ )?тарат\w*", {"тарат"}),
        (r"(разда|переда)\w* .{0,30}(продукт|хлеб)\w*", {"разда", "переда"}),
        (r"^в рамках (акции|поездки)", {"в рамках "}),
        (r"(?<!алгашкы )комек\w*", {"комек"}),  # the lookbehind's words are not needed
        (r"(дом\w+ )?купил", {"купил"}),  # an optional part is not needed
        (r"(ул\w+ ){1,3}уборк", {"уборк"}),
    ],
)
def test_the_literals_every_match_holds(pattern, expected):
    assert literals(pattern) == expected


@pytest.mark.parametrize("pattern", [r"\w+", r"[0-9]+ тг|\d", "(?i)кормят", r"и\b"])
def test_a_pattern_that_needs_no_telling_literal_has_none(pattern):
    assert literals(pattern) is None


def test_a_table_finds_what_its_patterns_find():
    table = PatternTable(
        {
            "food": [re.compile(r"ыстык тамак"), re.compile(r"кормят")],
            "any_number": [re.compile(r"\d+")],  # no literal: tried everywhere
        }
    )
    text = fold("Волонтеры кормят спасателей. Еріктілер 200 адамға ыстық тамақ берді.")
    hits = table.scan(text)
    second = text.index("ериктилер")
    assert hits.search("food", 0, second).group() == "кормят"
    assert [m.group() for m in hits.finditer("food", second, len(text))] == ["ыстык тамак"]
    assert hits.search("any_number", 0, second) is None
    assert hits.search("any_number", second, len(text)).group() == "200"


def test_a_span_cut_out_is_searched_with_its_patterns_so_that_a_caret_is_its_start():
    table = PatternTable({"also": [re.compile(r"^также")]})
    text = "волонтеры приехали. также они"
    hits = table.scan(text)
    start = text.index("также")
    assert hits.search("also", start, len(text)) is None  # "^" is the text's start
    cut = text[start:]
    assert [p.search(cut).group() for _, p in hits.groups_in(start, len(text))] == ["также"]


def test_a_text_scanned_again_is_not_read_again():
    table = PatternTable({"food": [re.compile("кормят")]})
    assert table.scan("волонтеры кормят") is table.scan("волонтеры кормят")


def _sentences():
    """The written gold articles and the seeds, folded, cut at sentence ends."""
    paths = sorted((ROOT / "tests" / "gold" / "articles").glob("*.txt"))
    paths += sorted((ROOT / "seeds").glob("*.txt"))
    for path in paths:
        text = fold(path.read_text(encoding="utf-8"))
        start = 0
        for end in [m.end() for m in re.finditer(r"[.!?\n]\s*", text)] + [len(text)]:
            if end > start:
                yield text, start, end
            start = end


@pytest.mark.parametrize(
    "table",
    [actions._type_table, actions._flag_table, actions._beneficiary_table],
    ids=["action types", "sentence flags", "beneficiaries"],
)
def test_every_table_answers_as_searching_every_pattern_would(table):
    table = table()
    scanned = {}
    checked = 0
    for text, start, end in _sentences():
        hits = scanned.setdefault(text, table.scan(text))
        for group, patterns in table.groups.items():
            plain = [m.span() for p in patterns for m in p.finditer(text, start, end)]
            assert [m.span() for m in hits.finditer(group, start, end)] == plain
            assert bool(hits.search(group, start, end)) == bool(plain)
            cut = text[start:end]
            assert any(p.search(cut) for g, p in hits.groups_in(start, end) if g == group) == any(
                p.search(cut) for p in patterns
            )
            checked += bool(plain)
    assert checked > 50  # the texts hold plenty of matches to compare


def test_a_compiled_pattern_is_read_with_its_flags():
    assert literals(re.compile(r"кормят  # a comment", re.VERBOSE)) == {"кормят"}
    assert literals(re.compile("кормят", re.IGNORECASE)) is None  # "Кормят" matches too


def test_groups_in_gives_each_pattern_that_may_match_a_span_with_its_group():
    table = PatternTable(
        {"food": [re.compile("кормят"), re.compile("чай")], "cash": [re.compile("тенге")]}
    )
    text = "волонтеры кормят людей, собрали 500 тенге"
    hits = table.scan(text)
    assert [(g, p.pattern) for g, p in hits.groups_in(0, len(text))] == [
        ("food", "кормят"),
        ("cash", "тенге"),
    ]
    assert list(hits.groups_in(0, 10)) == []  # "волонтеры": no literal of the table

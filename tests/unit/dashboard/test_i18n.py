"""The labels (geo/resources/dashboard/i18n/{en,ru,kk}.toml, read by geo.dashboard.i18n):
every key in every language, with the same placeholders, and no label left in the Python that
shows them."""

import ast
import re
import string
import tomllib

import pytest

from geo.dashboard import i18n
from tests.paths import REPO, RESOURCES

# The code that lays out or fills the pages: its labels come from the i18n files.
PAGES = [
    REPO / "dashboard.py",
    REPO / "pages" / "curate.py",
    *sorted((REPO / "geo" / "dashboard").glob("*.py")),
]
CYRILLIC = re.compile("[\u0400-\u04ff]")


def leaves(table: dict, prefix: str = "") -> dict[str, str]:
    """Every label of a file by its dotted key (``curate.changes.move``)."""
    out = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out |= leaves(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def labels(lang: str) -> dict[str, str]:
    return leaves(
        tomllib.loads((RESOURCES / "dashboard" / "i18n" / f"{lang}.toml").read_text("utf-8"))
    )


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def strings_in(path) -> list[str]:
    """The string constants of a Python file, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_the_files_are_one_per_language_of_the_switch():
    assert sorted(p.stem for p in (RESOURCES / "dashboard" / "i18n").glob("*.toml")) == sorted(
        i18n.CODES
    )
    assert i18n.LANGUAGES == {"en": "English", "ru": "Русский", "kk": "Қазақша"}
    assert i18n.switch_label() == "Language / Язык / Тіл"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_key_is_in_every_language_with_the_same_placeholders(lang):
    english, other = labels("en"), labels(lang)
    assert list(other) == list(english)  # the same keys, in the same order
    for key, text in other.items():
        assert isinstance(text, str) and text.strip(), key
        assert placeholders(text) == placeholders(english[key]), key


def test_every_language_reads_back_the_same_shapes():
    for lang in i18n.CODES:
        assert set(i18n.geo_precision_labels(lang)) == {1, 2, 3, 4}
        assert list(i18n.texts(lang)["columns"]) == list(i18n.texts("en")["columns"])
        assert set(i18n.curate_texts(lang)["changes"]) == {"move", "edit", "delete", "merge"}
    assert i18n.texts("fr") == i18n.texts("en") and i18n.t("all", None) == "All"


@pytest.mark.parametrize("path", PAGES + [REPO / "geo" / "curation" / "curate.py"], ids=str)
def test_no_russian_or_kazakh_label_is_left_in_python(path):
    assert [s for s in strings_in(path) if CYRILLIC.search(s)] == []


@pytest.mark.parametrize("path", PAGES, ids=str)
def test_no_english_label_is_left_in_python(path):
    # The words of every label of three words or more, between its placeholders.
    pieces = {
        piece.strip()
        for text in labels("en").values()
        for piece, *_ in string.Formatter().parse(text)
        if len(piece.split()) >= 3
    }
    code = strings_in(path)
    assert sorted(p for p in pieces if any(p in s for s in code)) == []


def test_the_sidebar_links_both_pages_named_and_opened_in_the_language_shown():
    from geo.dashboard import view

    assert view.page_links("en") == [
        {"page": "dashboard.py", "label": "Map", "icon": ":material/map:", "query_params": {}},
        {
            "page": "pages/curate.py",
            "label": "Curate",
            "icon": ":material/edit_note:",
            "query_params": {},
        },
    ]
    kazakh = view.page_links("kk")
    assert [link["label"] for link in kazakh] == ["Карта", "Түзету"]
    assert all(link["query_params"] == {"lang": "kk"} for link in kazakh)
    assert all((REPO / link["page"]).is_file() for link in kazakh)  # each script is there

"""geo.language.characters: the one definition of a character that shows nothing."""

import pytest

from geo.language.characters import invisible, visible

RLO, PDF = "\u202e", "\u202c"  # right-to-left override, pop directional formatting


@pytest.mark.parametrize(
    "char",
    [
        "\u200b",  # zero-width space
        "\u200c",  # zero-width non-joiner
        "\u200d",  # zero-width joiner
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u202a",  # left-to-right embedding
        RLO,
        "\u2066",  # left-to-right isolate
        "\u2069",  # pop directional isolate
        "\u2060",  # word joiner
        "\ufeff",  # byte-order mark, zero-width no-break space
        "\u00ad",  # soft hyphen
        "\U000e0041",  # tag latin capital letter A
        "\x1b",  # escape: starts a terminal's colour codes
        "\x00",
        "\x7f",
        "\x85",  # a C1 control
    ],
)
def test_format_and_control_characters_are_invisible(char):
    assert invisible(char)


@pytest.mark.parametrize("char", ["a", "ж", "қ", "ı", " ", "\u00a0", "\t", "\n", "\r", "«", "—"])
def test_letters_spaces_and_layout_are_not(char):
    assert not invisible(char)


def test_a_right_to_left_override_is_dropped_so_evil_stays_what_it_is():
    # Shown, "\u202elive" reads "evil": the text kept is what a reader of it sees.
    assert visible(f"ОО «{RLO}live{PDF}»") == "ОО «live»"


def test_words_broken_by_invisible_characters_are_whole_again():
    assert visible("Темир\u200bтау волон\u00adтеры \ufeffпомогли") == "Темиртау волонтеры помогли"
    assert visible("красный\x1b[31m") == "красный[31m"


def test_other_text_is_kept_as_written():
    text = "Қарағанды облысы\n\tSoltústik Qazaqstan — «Жас Отан» 100\u00a0%\r\n"
    assert visible(text) is text
    assert visible("") == ""

"""Characters: what of a text is shown, and what only changes how the rest is shown.

In: text from outside the program: an article, a sidecar's value, a name an analyst typed.
Out: ``invisible(char)``, the one definition of a character no reader sees; ``visible(text)``,
the text without them. Ingest cleans every article and sidecar with it before any offset is
taken (geo.ingest), and the dataset cleans what analysts type (geo.dataset.record), so no
field of the dataset, and nothing shown or exported from it, holds one. (The dashboard puts
word joiners of its own into text it shows, to keep Markdown from making links: that is
after the dataset, and this module never sees it.)
"""

from __future__ import annotations

import unicodedata

# Line breaks and tabs are layout the pipeline reads (lines, paragraphs); every other control
# character is not.
_LAYOUT = "\t\n\r"


def invisible(char: str) -> bool:
    """Is ``char`` one that shows nothing yet can change what a reader sees?

    * Unicode format characters (category Cf): the bidirectional controls (U+200E/U+200F
      marks, U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates: a right-to-left
      override makes "evil" read "live"), zero-width space, joiner and non-joiner
      (U+200B-U+200D), word joiner U+2060, byte-order mark U+FEFF, soft hyphen U+00AD, the
      tag characters. ZWJ and ZWNJ shape Persian and Indic words and join emoji; in Russian
      and Kazakh, Cyrillic or Latin, they mean nothing, and an emoji sequence without them
      shows its parts side by side: dropping them costs nothing here.
    * control characters (Cc) but tab, line feed and carriage return: an escape sequence
      (ESC, U+001B) in a name printed by ``geo unresolved`` would drive the terminal.
    """
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and char not in _LAYOUT)


def visible(text: str) -> str:
    """``text`` without its ``invisible`` characters: dropped, not replaced (a soft hyphen or
    a zero-width space inside a word leaves the word whole). Other text is kept as written."""
    # The definition is asked of the text's own distinct characters (a few hundred in an
    # article): no table of all 1.1 million code points to build or to keep in step.
    drop = {ord(c): None for c in set(text) if invisible(c)}
    return text.translate(drop) if drop else text

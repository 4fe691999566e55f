"""Stage 2, language: what the words of an article say, before any place is looked up.

In: text (an article's, a sentence's). Out: the one definition of a character no reader sees,
and text without them (``characters``); normalised keys of names (``names``: folding,
lemmas, Kazakh suffixes, Latin transliteration), tables of patterns searched only where a
literal they need occurs (``prefilter``), natasha's named entities (``ner``), dates
and periods (``dates``), numbers with units (``quantities``) and organisation mentions
(``organisations``: the geoparser masks them, so they sit here, before geoparsing).
"""

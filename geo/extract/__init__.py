"""Stage 4, extract: who did what, where and when.

In: an ``Article`` and its ``Geoparse``. Out: ``Extraction`` (``actions``): ``Action``
records with their types, organisations, places (and where each place came from), dates,
quantities and evidence spans, plus the place names left unresolved.
"""

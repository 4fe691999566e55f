"""Curation: analysts correct the machine and grow the corpus and the gazetteer.

In: the dashboard's Curate page (``pages/curate.py``). Out: new articles in the corpus and
places in the analysts' places file (``intake``), corrections appended to the corrections
file and a rebuild (``curate``), the history of every change with its undo, kept as a
new entry (``history``), and the review queue: a view's records ordered by how much a check
would change the map, a confirm, the progress (``review``, for the page and ``geo review``).
The pipeline never imports it.
"""

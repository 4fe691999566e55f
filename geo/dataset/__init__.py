"""Stage 5, dataset: actions become the published map data.

In: a corpus folder and the analysts' corrections. Out: ``actions.geojson``, ``.csv``,
``.parquet`` and ``build-report.json`` in the output folder, replaced all together
(``publish``). ``build`` orchestrates: it reads articles through a cache of what each one
told (``cache``), on one or many cores (``engines``), applies ``corrections``, and writes
the rows ``schema`` describes in three formats (``formats``).
"""

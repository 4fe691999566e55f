"""Stage 5, dataset: actions become the published map data.

In: a corpus folder and the analysts' corrections. Out: ``actions.geojson``, ``.csv``,
``.parquet`` and ``build-report.json`` in the output folder, replaced all together
(``publish``). ``build`` orchestrates: it reads articles through a cache of what each one
told (``cache``; what an article told and each file's report line are typed in ``report``),
on one or many cores (``engines``); ``record`` turns each action into features (and is what
``corrections`` uses to change them), each with the confidence and reasons ``confidence``
judges; it applies ``corrections`` and writes the rows
``schema`` describes in three formats (``formats``), copying each unchanged action's bytes
from the last publication (``snapshot``). ``watch`` keeps a build resident and
publishes again whenever the corpus folder changes.
"""

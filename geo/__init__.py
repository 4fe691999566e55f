"""The volunteer-action map: news articles about volunteer actions in Kazakhstan, read,
geocoded offline and shown on a map.

The subpackages follow the data, in order: ``ingest`` (files to articles) -> ``language``
(names, dates, quantities, organisations in text) -> ``geoparse`` (places found and
resolved) -> ``extract`` (actions) -> ``dataset`` (the published map data). Beside the
pipeline, which never imports them: ``dashboard`` (what the Streamlit pages show),
``curation`` (analysts' corrections and additions) and ``quality`` (evaluation, synthetic
corpora). ``reference`` reads the shipped tables in ``resources/``; ``workspace`` says where
the dataset, the corpus and the analysts' files are (resolved once, passed down); ``cli`` is
``geo``.
"""

# The layout, declared once: tests/test_imports.py holds the imports to it, and the build
# cache fingerprints the pipeline from it (geo.dataset.cache). Import order, earliest first:
# ``language`` works on plain text, so ``ingest`` can use it to read a page's dateline.
FOUNDATION = ("exc", "reference", "workspace")  # modules every stage may import
PIPELINE = ("language", "ingest", "geoparse", "extract", "dataset")  # each imports only earlier
BESIDE = ("dashboard", "curation", "quality", "cli")  # never imported by the pipeline

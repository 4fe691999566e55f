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

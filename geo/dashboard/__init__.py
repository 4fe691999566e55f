"""The dashboard's logic, without Streamlit: the pipeline never imports it.

In: a dataset folder (``actions.parquet`` or ``.geojson``, regions and city labels). Out:
filtered DataFrames (``store``), the view in the URL and the filters in words (``view``),
tables, counts and exports (``tables``), the Leaflet map (``mapview``, its files served by
``assets``), the briefing image (``brief``), the labels of both pages in three languages
(``i18n``, from ``geo/resources/i18n/*.toml``) and the file names and limits (``config``);
``settings`` keeps the old names for ``mapview``.
``dashboard.py`` at the repository's root lays these out.
"""

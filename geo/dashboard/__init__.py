"""The dashboard's logic, without Streamlit: the pipeline never imports it.

In: a dataset folder (``actions.parquet`` or ``.geojson``, regions and city labels).
Out: filtered DataFrames (``store``), the table of filters (``filters``), the view in the
URL and the filters in words (``view``), tables, counts and exports (``tables``), the
timeline chart (``charts``), the Leaflet map (``mapview``: features, popups, leaflet; its
map.js / map.css in ``geo/resources/dashboard/map/``, Leaflet itself served by ``assets``),
the classes of the region shading both share (``classes``), the briefing image
(``brief``), the labels of both pages in three languages (``i18n``, from
``geo/resources/dashboard/i18n/*.toml``) and the file names and limits (``config``).
``dashboard.py`` at the repository's root lays these out.
"""

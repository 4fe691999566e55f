"""The volunteer-action map: news articles about volunteer actions in Kazakhstan, read,
geocoded offline and shown on a map.

The modules follow the data: ``corpus`` (files to articles) -> ``places`` and ``extract``
(articles to actions, with ``names``, ``gazetteer``, ``geocode`` and ``ner`` underneath) ->
``build`` (actions to ``data/actions.geojson``) -> ``store`` and ``mapview`` (the dashboard).
"""

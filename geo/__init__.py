"""The volunteer-action map: news articles about volunteer actions in Kazakhstan, read,
geocoded offline and shown on a map.

The modules follow the data: ``corpus`` (files to articles) -> ``geoparse`` (places, with
``names``, ``gazetteer``, ``geocode``, ``places`` and ``ner`` underneath) and ``extract``
(actions, with ``organisations``, ``dates`` and ``quantities``) -> ``build`` (actions to
``data/actions.geojson``, see ``schema``) -> ``store``, ``view``, ``tables``, ``mapview`` and
``brief`` (the dashboard and the briefing image). ``evaluate`` scores it all on a gold set.
"""

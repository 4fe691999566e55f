"""Stage 3, geoparse: the places an article names, found and resolved to points.

In: an ``Article`` and an ``OfflineGeocoder``. Out: ``Geoparse`` (``document``): every
``PlaceMention`` found in the text (``mentions``) resolved to a ``ResolvedPlace`` with its
point and precision (``resolve``) against the offline gazetteer (``gazetteer``: GeoNames
plus the curated overlay; ``geocode``: a geopy geocoder over it), each place's role in its
sentence (``roles``: at, from, to) and the article's context (headline, dateline, outlet:
``outlets``).
"""

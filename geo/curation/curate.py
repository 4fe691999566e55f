"""Curate: what the dashboard's Curate page does (``pages/curate.py`` lays it out).

In: where things are (``locate``: a ``geo.workspace.Workspace``, the dataset folder as the
dashboard finds it, the corpus folder it was built from, the corrections file and the
analysts' places beside it) and what an analyst asks for.
Out: the work behind the page's three forms, each ending in ``rebuild``:
- add an article (``add_article``: ``geo.curation.intake.add_article``, then what the build found
  in it, ``findings``);
- correct a record (``actions``/``search`` find it, ``new_correction``/``edit_changes``
  make the correction, ``save_correction`` appends it to the corrections file; a typed
  point is checked first, ``check_point``, with its ``distances`` to the place as written);
- teach the gazetteer (``unresolved`` names from the build report, ``districts`` of a
  region, ``pick_map`` to click a point, ``add_place``: ``geo.curation.intake.add_place``);
- undo any change of the history (``undo``: geo.curation.history).

``rebuild`` is ``geo.dataset.build.build(corpus, data, progress=False)`` with the workspace's
corrections and places files: incremental (its cache re-reads only new articles); when the
analysts' places changed, the pipeline sees it by itself (its gazetteer and cache
fingerprint follow the places file), so every article is read again with the new places.
One rebuild or write at a time per process.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import threading
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import folium
import orjson

from geo.curation import history, intake
from geo.dataset import build as build_module
from geo.dataset import corrections, publish
from geo.dataset.report import FileLine
from geo.geoparse.geocode import OfflineGeocoder, geocoder_for
from geo.ingest.corpus import list_corpus
from geo.workspace import Workspace

# What "Correct a record" offers (labelled in geo/resources/i18n); a confirm comes from the
# review queue (geo.curation.review).
CHANGES = tuple(c for c in corrections.CHANGES if c != "confirm")
SEARCH_LIMIT = 200  # actions offered in a list at once
_LOCK = threading.RLock()  # one write or rebuild at a time (sessions share the process)
# Every article's result from the last rebuild, as `geo watch` keeps them: the next rebuild
# extracts only what changed and reads no cache file (geo.dataset.build.Memory).
_MEMORY = build_module.Memory()


# --- where things are --------------------------------------------------------------------


def locate(argv: Sequence[str], environ: Mapping[str, str], home: Path) -> Workspace:
    """``--data DIR``, ``--corpus DIR``, ``--corrections FILE`` (after ``--`` on the
    ``streamlit run`` line), else GEO_DATA_DIR, GEO_CORPUS_DIR, GEO_CORRECTIONS, else
    ``data/`` and ``seeds/`` in ``home`` (the dashboard's folder) and ``corrections.toml`` in
    the dataset folder; the analysts' places beside the corrections (geo.workspace)."""
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    for option in ("--data", "--corpus", "--corrections"):
        parser.add_argument(option, default=None)
    args, _unknown = parser.parse_known_args(list(argv))
    return Workspace.resolve(args.data, args.corpus, args.corrections, env=environ, home=home)


def corpus_problem(where: Workspace, report: Mapping) -> str | None:
    """Why rebuilding from ``where.corpus`` would not give the map its own articles back:
    no such folder, or none of the files the last build read is in it."""
    if not where.corpus.is_dir():
        return f"the corpus folder {where.corpus} does not exist (give --corpus DIR)"
    read = [f["file"] for f in report.get("files", []) if f.get("status") == "processed"]
    if read and not any((where.corpus / name).exists() for name in read[:50]):
        return (
            f"{where.data} was not built from {where.corpus}: a rebuild would replace its "
            "actions with this corpus's (give the right --corpus DIR)"
        )
    return None


# --- the dataset ---------------------------------------------------------------------------


def read_features(data_dir: Path) -> list[dict]:
    """The features of the last whole dataset in ``data_dir`` (as ``geo build`` wrote
    them), or [] when there is none yet."""
    path = publish.current(Path(data_dir), "actions.geojson")
    if not path.is_file():
        return []
    return orjson.loads(path.read_bytes())["features"]


def read_report(data_dir: Path) -> dict:
    path = publish.current(Path(data_dir), "build-report.json")
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}


@dataclass
class Action:
    """One action of the dataset: its first feature's properties and all its places."""

    props: dict
    places: list[dict] = field(default_factory=list)  # place, place_id, lat, lon, ...

    @property
    def id(self) -> str:
        return self.props["action_id"]

    @property
    def when(self) -> str:
        start, end = self.props.get("date_start"), self.props.get("date_end")
        if not start and not end:
            return "no date"
        return start if start == end or not end else f"{start or '…'} – {end}"

    def label(self) -> str:
        """One line for a list: summary, date, id (plain text)."""
        summary = " ".join(str(self.props.get("summary") or "").split())
        summary = summary if len(summary) <= 110 else summary[:109] + "…"
        return f"{summary} · {self.when} · {self.id}"

    def text(self) -> str:
        """Everything a search looks in, folded."""
        p = self.props
        parts = [p.get("action_id"), p.get("doc_id"), p.get("summary"), p.get("evidence")]
        parts += [*p.get("organisations", []), *p.get("sponsors", []), *p.get("sources", [])]
        for place in self.places:
            parts += [place.get(k) for k in ("place", "place_ru", "place_kk", "place_name")]
            parts.append(place.get("admin1"))
        return " ".join(str(x) for x in parts if x).casefold()


def actions(features: list[dict]) -> dict[str, Action]:
    """The dataset's actions by id, newest first (undated last)."""
    found: dict[str, Action] = {}
    for feature in features:
        props = feature["properties"]
        action = found.setdefault(props["action_id"], Action(props))
        lon, lat = (feature.get("geometry") or {}).get("coordinates") or (None, None)
        place_keys = ("place", "place_ru", "place_kk", "place_name", "place_id", "place_kind")
        place = {k: props.get(k) for k in (*place_keys, "geo_precision", "admin1")}
        action.places.append(place | {"lat": lat, "lon": lon})
    ordered = sorted(
        found.values(),
        key=lambda a: a.props.get("date_start") or a.props.get("date_end") or "",
        reverse=True,
    )
    return {a.id: a for a in ordered}


def search(found: Mapping[str, Action], query: str, limit: int = SEARCH_LIMIT) -> list[Action]:
    """The actions whose id, summary, organisations, places, evidence or sources hold every
    word of ``query`` (any case); all of them for an empty query; at most ``limit``."""
    words = query.casefold().split()
    hits = [a for a in found.values() if all(w in a.text() for w in words)]
    return hits[:limit]


# --- corrections ---------------------------------------------------------------------------


def new_correction(action: Action, change: str, who: str, why: str, **fields) -> dict:
    """The correction of ``action`` an analyst asked for, ready for ``save_correction``.
    Raises ValueError, with a message for the analyst, when who or why is missing."""
    if change not in CHANGES:
        raise ValueError(f"change must be one of {', '.join(CHANGES)}")
    intake.who_and_why(who, why)
    entry = {
        "who": who.strip(),
        "why": why.strip(),
        "change": change,
        "doc_id": action.props["doc_id"],
        "action_id": action.id,
        "evidence": action.props.get("evidence") or "",
    }
    return entry | {k: v for k, v in fields.items() if v is not None}


def move_fields(
    action: Action,
    from_place_id: str | None = None,
    place_id: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
    place: str = "",
) -> dict:
    """A move's fields: to a gazetteer ``place_id``, or to ``lat``/``lon`` named ``place``;
    ``from_place_id`` says which of the action's places moves (needed when it has several)."""
    fields: dict = {}
    if len(action.places) > 1:
        if not from_place_id:
            raise ValueError("this action has several places: say which one moves")
        fields["from_place_id"] = from_place_id
    if place_id:
        return fields | {"place_id": place_id}
    if lat is None or lon is None:
        raise ValueError("pick a place from the gazetteer, or type its latitude and longitude")
    fields |= {"lat": float(lat), "lon": float(lon)}
    return fields | ({"place": place.strip()} if place.strip() else {})


def edit_changes(
    action: Action,
    organisations: str,
    action_type: str,
    beneficiaries: Sequence[str],
    date_start: dt.date | None,
    date_end: dt.date | None,
) -> dict:
    """The fields an edit changes, compared with ``action``: organisations (written with
    "; " between them), main type, who was helped, dates (both, when either changes)."""
    p = action.props
    changes: dict = {}
    orgs = list(dict.fromkeys(o.strip() for o in organisations.split(";") if o.strip()))
    if orgs != list(p.get("organisations") or []):
        changes["organisations"] = orgs
    if action_type and action_type != p.get("action_type"):
        changes["action_type"] = action_type
    if list(beneficiaries) != list(p.get("beneficiaries") or []):
        changes["beneficiaries"] = list(beneficiaries)
    start = date_start.isoformat() if date_start else None
    end = date_end.isoformat() if date_end else None
    if (start and start != p.get("date_start")) or (end and end != p.get("date_end")):
        changes["date_start"] = start or p.get("date_start") or end
        changes["date_end"] = end or p.get("date_end") or start
    return changes


def save_correction(where: Workspace, entry: dict) -> dict:
    """Append ``entry`` to the corrections file (``geo.dataset.corrections.append``: validated,
    ``id`` and ``when`` added, a move's point checked against Kazakhstan); raises ValueError
    with the reason it is refused."""
    with _LOCK:
        return corrections.append(where.corrections, entry, geocoder(where).gazetteer)


def check_point(where: Workspace, lat: float, lon: float):
    """Where a typed point falls (the gazetteer's ``check_point``: its region, or why not,
    with the swapped point's region when latitude and longitude look swapped)."""
    return geocoder(where).gazetteer.check_point(lat, lon)


def distances(
    where: Workspace, lat: float, lon: float, action: Action, from_place_id: str | None, name: str
) -> list[tuple[str, float]]:
    """How far the point ``lat``, ``lon`` is from the place as written: the action's place
    that moves (its only one, or ``from_place_id``) and the place ``name`` typed for it, when
    the gazetteer knows it. (name, km) each."""
    found = []
    here = next((p for p in action.places if p["place_id"] == from_place_id), action.places[0])
    if here.get("lat") is not None:
        found.append((str(here["place"]), _km((lat, lon), (here["lat"], here["lon"]))))
    named = geocoder(where).geocode(name) if name.strip() else None
    if named is not None:
        found.append((named.address, _km((lat, lon), (named.latitude, named.longitude))))
    return found


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    from geopy.distance import great_circle

    return great_circle(a, b).km


def read_corrections(path: Path) -> list[dict]:
    """Every entry of the corrections file, valid or not, as written."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8")).get("correction", [])
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return []


def now_shown(result, action_id: str) -> list[str]:
    """How the rebuilt dataset shows the action: its summary and its places with their
    points, or that it is gone (deleted, merged)."""
    features = [f for f in result.features if f["properties"]["action_id"] == action_id]
    if not features:
        return [f"{action_id} is no longer on the map."]
    lines = [f"Now: {features[0]['properties']['summary']}"]
    for f in features:
        lon, lat = f["geometry"]["coordinates"]
        lines.append(f"at {f['properties']['place']} ({lat:.4f}, {lon:.4f})")
    return lines


def applied(result, correction_id: str) -> bool:
    """Did the build apply the correction ``correction_id``? (Its ``Outcome``.)"""
    return result.corrections is None or result.corrections.was_applied(correction_id)


def not_applied(result) -> list[str]:
    """The report's line for each correction the build could not apply."""
    return [o.message for o in result.corrections.not_applied] if result.corrections else []


# --- history and undo ---------------------------------------------------------------------


def undo(where: Workspace, key: str, who: str, why: str) -> history.Phrase:
    """``geo.curation.history.undo`` of the history's entry ``key`` (who and why required);
    returns what was done (``Phrase.said`` puts it in words). The caller rebuilds."""
    with _LOCK:
        return history.undo(where, key, who, why)


# --- articles ------------------------------------------------------------------------------


def add_article(where: Workspace, content: bytes | str, file_name: str = "", **meta) -> Path:
    """``geo.curation.intake.add_article`` into the corpus (``url``, ``published``, ``language``,
    ``who``); a name is required here."""
    if not str(meta.get("who", "")).strip():
        raise ValueError("say who you are: your name goes with every article you add")
    with _LOCK:
        return intake.add_article(where.corpus, content, file_name, **meta)


def findings(result, article: Path, corpus: Path) -> dict:
    """What the build made of the article at ``article``: its ``file`` line of the report
    (a ``FileLine``: processed with its actions, else the reason it was skipped, or "not
    read"), its ``actions`` (one feature's
    properties each, merged retellings included), their ``places`` and the place names it
    could not resolve (``unresolved``)."""
    name = Path(article).relative_to(corpus).as_posix()
    entries, _ = list_corpus(corpus)
    doc_id = next((e.doc_id for e in entries if e.path == Path(article)), name)
    line = next((f for f in result.files if f.file == name), FileLine(name, "not read"))
    # Its source, as the build names it (geo.dataset.build._source): told by another article
    # before, its action keeps that article's doc_id and lists this one among its sources.
    source = _source_of(article) or f"{Path(corpus).resolve().name}/{name}"
    mine = [
        f["properties"]
        for f in result.features
        if f["properties"]["doc_id"] == doc_id or source in f["properties"]["sources"]
    ]
    first = list({p["action_id"]: p for p in mine}.values())
    places = list(dict.fromkeys(p["place"] for p in mine))
    return {
        "file": line,
        "doc_id": doc_id,
        "actions": first,
        "places": places,
        "unresolved": result.unresolved.get(doc_id, []),
    }


def _source_of(article: Path) -> str:
    sidecar = Path(article).with_name(Path(article).stem + ".meta.toml")
    try:
        return str(tomllib.loads(sidecar.read_text(encoding="utf-8")).get("url") or "")
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return ""


# --- the gazetteer ---------------------------------------------------------------------------


def geocoder(where: Workspace) -> OfflineGeocoder:
    """The geocoder a rebuild of ``where`` uses (one gazetteer in memory, shared with the
    build), new when the analysts' places changed."""
    return geocoder_for(where.places, where.cache)


def unresolved(report: Mapping) -> list[tuple[str, list[str]]]:
    """(name, doc_ids) of every place name the last build could not resolve, the most
    frequent first."""
    docs: dict[str, list[str]] = {}
    for doc_id, names in (report.get("unresolved_places") or {}).items():
        for name in names:
            docs.setdefault(name, []).append(doc_id)
    return sorted(docs.items(), key=lambda item: (-len(item[1]), item[0]))


def districts(gaz, region: str | None) -> list[tuple[str, str]]:
    """(id, label) of the districts of ``region`` (an admin1 name), by name."""
    if not region:
        return []
    found = [p for p in gaz.places.values() if p.kind == "district" and p.admin1 == region]
    return [
        (p.id, f"{p.name} ({p.name_ru})" if p.name_ru else p.name)
        for p in sorted(found, key=lambda p: p.name)
    ]


def add_place(where: Workspace, name_ru: str, kind: str, lat: float, lon: float, **fields) -> dict:
    """``geo.curation.intake.add_place`` into the workspace's places file (``name_kk``,
    ``name_en``, ``district_id``, ``who``); a name is required here."""
    if not str(fields.get("who", "")).strip():
        raise ValueError("say who you are: your name goes with every place you add")
    if lat is None or lon is None:
        raise ValueError("click the place's point on the map, or type it")
    with _LOCK:
        gaz = geocoder(where).gazetteer
        return intake.add_place(gaz, name_ru, kind, lat, lon, path=where.places, **fields)


def read_places(path: Path) -> list[dict]:
    """The rows of the analysts' places file (a workspace's ``places``)."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    except OSError:
        return []


def pick_map(
    regions_geojson: Mapping,
    point: tuple[float, float] | None,
    online_tiles: bool = False,
    landmarks: Sequence[tuple[str, float, float]] = (),
    fit: bool = False,
) -> folium.Map:
    """A small map to click a place's point on: region outlines (no tiles unless asked),
    ``landmarks`` (name, lat, lon: the district centres around, to find one's way) and the
    point picked so far. A click anywhere is returned by st_folium's ``last_clicked``.
    ``fit``: framed on the point and the landmarks together (a moved action's preview: a
    point typed far off shows how far)."""
    from geo.dashboard import mapview

    m = folium.Map(
        location=list(point) if point else [48.0, 67.0],
        zoom_start=8 if point else 4,
        tiles=None,
        control_scale=True,
    )
    m.options["min_zoom"], m.options["max_zoom"] = 3, 18 if online_tiles else 13
    if online_tiles:
        folium.TileLayer(mapview.OSM_TILES, attr=mapview.OSM_ATTRIBUTION).add_to(m)
    folium.GeoJson(
        regions_geojson,
        style_function=lambda _: {"color": "#5b6b79", "weight": 1, "fillOpacity": 0.04},
        interactive=False,
    ).add_to(m)
    for name, lat, lon in landmarks:
        folium.CircleMarker(
            [lat, lon], radius=3, color="#3c4650", weight=1, fill=True, fill_opacity=0.8
        ).add_child(folium.Tooltip(html.escape(name))).add_to(m)
    if point:
        folium.CircleMarker(
            list(point), radius=7, color="#ffffff", weight=2, fill_color="#d7301f", fill_opacity=1
        ).add_to(m)
    if fit and point and landmarks:
        lats, lons = [point[0], *(x[1] for x in landmarks)], [point[1], *(x[2] for x in landmarks)]
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30), max_zoom=9)
    return m


# --- rebuilding ------------------------------------------------------------------------------


def rebuild(where: Workspace):
    """``geo build`` of the corpus into the dataset folder, with the workspace's corrections
    and places: returns the ``BuildResult``. It publishes as every build does; an open
    dashboard shows the new dataset on its next check (the same path as ``geo watch``'s)."""
    with _LOCK:
        return build_module.build(
            where.corpus,
            where.data,
            progress=False,
            corrections_path=where.corrections,
            places_path=where.places,
            cache_dir=where.cache,
            memory=_MEMORY,
        )

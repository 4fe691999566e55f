"""What one synthetic article is about, before a word of it is written.

In: the article's number, the seed and the ``World``. Out: ``plan(index, seed, w) ->
(Doc, rng)``: the article's language, region, publication day and how it is given (sidecar,
dateline or not at all), HTML or text, its sidecar fields, and 1-3 actions (``Act``) with
their type and places — towns (with their district or region), districts, the region, a road
"X – Y", the whole country — at most four places an article. ``rng`` then writes the article.
Also the article's model (``Doc``, ``Act``, ``Mention``: the writer fills their text and
truth) and ``choose_places`` for one action, which the "Читайте также" headlines reuse.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from geo.quality.synth.world import SynthPlace, World

FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2025, 12, 31)
# Abay, Jetisu and Ulytau regions exist from this day; before it an article names no such region.
NEW_REGIONS_FROM = date(2022, 6, 8)
NEW_REGIONS = {"Abay Region", "Jetisu Region", "Ulytau Region"}
MAX_PLACES = 4


@dataclass
class Mention:
    place: SynthPlace | None  # None for a road
    text: str
    road: tuple[SynthPlace, SynthPlace] | None = None


@dataclass
class Act:
    type: str
    places: list[SynthPlace] = field(default_factory=list)
    containers: dict[str, SynthPlace] = field(default_factory=dict)  # place id -> container
    road: tuple[SynthPlace, SynthPlace] | None = None
    nationwide: bool = False
    regionwide: bool = False
    origin: SynthPlace | None = None
    # filled while writing
    place_keys: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    beneficiaries: list[str] = field(default_factory=list)
    period: tuple[date, date, str] | None = None
    date_note: str = ""
    ben_key: str | None = None  # the kind of people helped, once chosen
    template: str = ""  # which sentence of geo/resources/quality/synth_templates.toml told it
    campaign: str = ""  # the name of the campaign, if the text gives one


@dataclass
class Doc:
    doc_id: str
    lang: str  # ru | kk | kk-latn
    admin1: str
    published: date | None  # None: the article does not say when it was published
    day: date  # when it was written (dates, seasons and names follow it)
    date_mode: str  # meta | dateline | none
    html: bool
    meta_region: bool
    url: str | None
    outlet: str | None
    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    mentions: dict[str, Mention] = field(default_factory=dict)  # place key -> first mention
    actions: list[Act] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # "Читайте также" headlines (HTML)

    @property
    def script(self) -> str:
        """The templates it is written from: ru, or kk (Kazakh Latin is transliterated)."""
        return "ru" if self.lang == "ru" else "kk"


def place_key(place: SynthPlace | None, road=None) -> str:
    """The key of a place in ``Doc.mentions`` and the truth: its id, or the road's."""
    if road is not None:
        return f"road:{road[0].id}>{road[1].id}"
    return place.id


def weighted(rng: random.Random, table: dict) -> str:
    """A key of ``table`` drawn by its weight."""
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def plan(index: int, seed: int, w: World) -> tuple[Doc, random.Random]:
    """Article ``index`` of the corpus of ``seed`` (see the module docstring); its own
    random generator, so article i is the same whatever the count."""
    rng = random.Random(f"synth:{seed}:{index}")
    weights = w.templates["weights"]
    lang = weighted(rng, weights["languages"])
    units = [u for u in w.units if any(lang in s.languages for s in w.settlements[u])]
    admin1 = rng.choice(units)
    # Published from mid-January 2019, so that actions a week or two earlier stay in 2019.
    first = FIRST_DAY + timedelta(days=14)
    published = first + timedelta(days=rng.randrange((LAST_DAY - first).days + 1))
    roll = rng.random()
    date_mode = "meta" if roll < 0.8 else "dateline" if roll < 0.92 else "none"
    doc = Doc(
        doc_id=f"s{index:05d}_{lang}",
        lang=lang,
        admin1=admin1,
        published=published if date_mode != "none" else None,
        day=published,
        date_mode=date_mode,
        html=rng.random() < 0.15,
        meta_region=rng.random() < 0.35,
        url=f"https://example.kz/news/{index}" if rng.random() < 0.6 else None,
        outlet=rng.choice(w.templates["names"]["outlets"]) if rng.random() < 0.4 else None,
    )
    n_actions = rng.choices([1, 2, 3], weights=weights["actions_per_article"])[0]
    nationwide = rng.random() < 0.04
    used: set[str] = set()
    day = published
    for k in range(n_actions):
        kind = weighted(rng, weights["action_types"])
        act = Act(kind)
        if nationwide and k == 0:
            act.type = rng.choice(["humanitarian_aid", "blood_donation", "community_work"])
            act.nationwide = True
            used.add(w.country.id)
        else:
            choose_places(act, doc, rng, w, used, day, strict=nationwide)
        done = {(a.type, p.id) for a in doc.actions for p in a.places}
        if any((act.type, p.id) in done for p in act.places):
            # A second action of the same kind in the same town would be the same action
            # told twice: make it another kind.
            others = [
                t for t in weights["action_types"] if all((t, p.id) not in done for p in act.places)
            ]
            act.type = rng.choice(others)
        doc.actions.append(act)
        if len(used) >= MAX_PLACES:
            break
    if not nationwide and not doc.meta_region and _needs_region(doc):
        doc.meta_region = True  # a regional outlet: what tells the reader which Аксу
    return doc, rng


def _needs_region(doc: Doc) -> bool:
    """Does the article name a place that only its region tells apart from a namesake,
    and not the region itself?"""
    places = [
        p
        for act in doc.actions
        for p in [*act.places, *act.containers.values(), act.origin, *(act.road or ())]
        if p is not None
    ]
    if any(p.kind == "region" for p in places):
        return False
    return any(doc.lang in p.ambiguous for p in places)


def _pick(
    rng, w: World, unit: str, lang: str, used: set[str], strict: bool = False
) -> SynthPlace | None:
    """A town of ``unit`` not used yet, big ones more often; ``strict``: one whose name has
    no namesake elsewhere (for articles that name no region)."""
    places, weights = w.settlements[unit], w.weights[unit]
    pairs = [(p, x) for p, x in zip(places, weights, strict=True) if lang in p.languages]
    pairs = [(p, x) for p, x in pairs if p.id not in used]
    if strict:
        pairs = [(p, x) for p, x in pairs if lang not in p.ambiguous]
    if not pairs:
        return None
    return rng.choices([p for p, _ in pairs], weights=[x for _, x in pairs])[0]


def choose_places(
    act: Act, doc: Doc, rng, w: World, used: set[str], day: date, strict: bool = False
) -> None:
    """The places of ``act`` in the article's region, none of ``used`` (which it extends):
    a road, the region, a district, or one or two towns (with their district or region,
    and maybe a town the helpers came from). ``strict``: names with no namesake elsewhere."""
    lang, unit = doc.lang, doc.admin1
    room = MAX_PLACES - len(used)
    region = w.regions.get(unit)
    region_ok = (
        region is not None
        and lang in region.languages
        and not (unit in NEW_REGIONS and day < NEW_REGIONS_FROM)
    )
    districts = [d for d in w.districts[unit] if lang in d.languages and d.id not in used]
    if strict:
        districts = [d for d in districts if lang not in d.ambiguous]
    roll = rng.random()
    road_types = {"food_for_duty": 0.3, "patrol": 0.3, "humanitarian_aid": 0.08}
    has_road = "road" in w.templates[doc.script][act.type]
    if room >= 2 and rng.random() < road_types.get(act.type, 0) and has_road:
        town = _pick(rng, w, unit, lang, used, strict)
        partner = _road_partner(town, w, lang, rng) if town else None
        if town is not None and partner is not None and town.id not in used:
            act.road = (town, partner)
            act.origin = town
            used.update({town.id, f"road:{town.id}>{partner.id}"})
            return
    if roll < 0.12 and region_ok and region.id not in used:
        act.places = [region]
        act.regionwide = rng.random() < 0.5
        used.add(region.id)
        return
    if roll < 0.27 and districts:
        d = rng.choice(districts)
        act.places = [d]
        used.add(d.id)
        return
    count = 2 if room >= 2 and rng.random() < 0.2 else 1
    for _ in range(count):
        p = _pick(rng, w, unit, lang, used, strict)
        if p is None:
            break
        act.places.append(p)
        used.add(p.id)
    if not act.places:  # the unit's towns are used up (Almaty): one of them again
        again = [p for p in w.settlements[unit] if lang in p.languages]
        act.places = [rng.choice(again)]
        return
    room = MAX_PLACES - len(used)
    p = act.places[0]
    if room >= 1 and len(act.places) == 1:
        district = p.district
        fits = district and lang in district.languages and district.id not in used
        if fits and rng.random() < 0.35:
            act.containers[p.id] = district
            used.add(district.id)
            room -= 1
        fits = p.id not in act.containers and region_ok and region.id not in used
        if fits and rng.random() < 0.2:
            act.containers[p.id] = region
            used.add(region.id)
            room -= 1
    if room >= 1 and rng.random() < 0.15:
        origin = _pick(rng, w, unit, lang, used, strict)
        if origin is not None and origin.road_town:
            act.origin = origin
            used.add(origin.id)


def _road_partner(town: SynthPlace, w: World, lang: str, rng) -> SynthPlace | None:
    """A town the road from ``town`` plausibly leads to: one of the three nearest towns
    20-300 km away."""
    if not town.road_town or " " in town.ru + town.kk:
        return None
    near = []
    for other in w.road_towns:
        if other is town or lang not in other.languages or lang in other.ambiguous:
            continue
        if " " in other.ru + other.kk:
            continue
        km = _km(town, other)
        if 20 <= km <= 300:
            near.append((km, other.id, other))
    near.sort(key=lambda x: (x[0], x[1]))
    return rng.choice(near[:3])[2] if near else None


def _km(a: SynthPlace, b: SynthPlace) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))

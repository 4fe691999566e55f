"""Place resolution: which place a mention means, and the point to draw it at.

In: the ``PlaceMention``s of one article (``geo.geoparse.mentions``), what the article is
about (its region, the points of its unambiguous places) and the gazetteer behind an
``OfflineGeocoder``.
Out: ``Resolver.resolve(mention, ...) -> ResolvedPlace`` (the gazetteer's place, its point,
its precision, how it was found, how sure the choice was: its namesakes in other regions and
whether the name was the gazetteer's as written), and ``localized_name`` (a resolved place's
name in en, ru or kk).
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.geoparse.geocode import OfflineGeocoder, point_towards
from geo.geoparse.mentions import PlaceMention
from geo.language.names import adjective_stem, key, russian_lemmas


@dataclass
class ResolvedPlace:
    """A mention tied to the gazetteer, with the point to draw it at."""

    place_id: str
    name: str  # canonical
    kind: str  # settlement | city | district | region | country | checkpoint | road
    lat: float
    lon: float
    geo_precision: int
    admin1: str | None
    place_name: str  # as written
    start: int
    end: int
    via: str
    anchor_id: str | None = None  # the town a road point is near
    parent: str | None = None
    explicit: bool = True
    parts: tuple[str, ...] = ()  # a road's places, an exit's town and direction (place ids)
    role: str = "at"  # at | from (help came from there) | to (sent there): geo.geoparse.roles
    # Places of the same name in other regions the resolver chose against, and the farthest
    # of them (km): a namesake far away is a wrong point when the choice was wrong.
    namesakes: int = 0
    namesake_km: float = 0.0
    # The name as written is a gazetteer name (else found through an inflection, a suffix
    # rule, a transliteration or an adjective). None: not looked up by name (a road, a
    # demonym, the country).
    exact: bool | None = None
    # A region's point: how many towns and districts in that region the article names (its
    # own or another action's). A region the article names nothing finer in is the finest
    # place it gives; otherwise the point may stand in for one of them (geo.dataset.confidence).
    finer_named: int = 0
    # An agency's dateline or a headline's rubric ("АСТАНА. KAZINFORM –", "Түркістан: ..."):
    # where the news was filed, the article's context (geo.geoparse.document), no place of
    # the sentence it opens.
    dateline: bool = False


def localized_name(place: ResolvedPlace, gazetteer, lang: str) -> str:
    """The place's name in ``lang`` (en, ru or kk), where the gazetteer has one."""
    if lang == "en":
        return place.name

    def name(place_id):
        p = gazetteer.places.get(place_id)
        if p is None:
            return None
        return (p.name_kk if lang == "kk" else p.name_ru) or p.name_ru or p.name

    kind = place.place_id.split(":")[0]
    if kind == "road" and place.via == "exit":
        origin, target = (name(i) for i in place.parts)
        return f"{origin} – {target}, выезд" if lang == "ru" else f"{origin} – {target} бағыты"
    if kind == "road":
        road = " – ".join(name(i) for i in place.parts)
        near = name(place.anchor_id)
        return f"трасса {road} у {near}" if lang == "ru" else f"{road} жолы, {near} маңы"
    if kind == "checkpoint":
        town = name(place.anchor_id)
        return f"КПП {town}" if lang == "ru" else f"{town} бекеті"
    if kind == "unlisted":
        district = name(place.place_id.split(":", 1)[1].rsplit(":", 1)[0])
        return f"{place.place_name} ({district})"
    return name(place.place_id) or place.name


CHECKPOINT_KM = 6  # checkpoints stand at a town's edge, a few km out on the road


class Resolver:
    """Turns an article's place mentions into ``ResolvedPlace``s, using what the article is
    about: its region (to choose among namesakes) and its towns (to put road points)."""

    def __init__(self, geocoder: OfflineGeocoder, region: str | None, near=()):
        self.geocoder = geocoder
        self.region = region
        self.near = list(near)  # points of the article's unambiguous places

    def resolve(
        self,
        mention: PlaceMention,
        previous: ResolvedPlace | None = None,
        towns: list[ResolvedPlace] = (),
    ) -> ResolvedPlace | None:
        if mention.via in {"road", "exit"}:
            return self._road_point(mention, towns)
        if mention.via == "checkpoint":
            return self._checkpoint(mention)
        if mention.via == "nationwide":
            return self.place(
                "country:kazakhstan", mention.text, mention.start, mention.end, "nationwide"
            )
        if mention.via == "demonym":
            return self._demonym(mention)
        parent = None
        if (
            previous
            and previous.kind in {"district", "region"}
            and mention.start - previous.end < 3
        ):
            parent = previous.place_id  # "Мақтаарал ауданы Достық ауылының"
        if mention.via == "adjective":
            stem = adjective_stem(mention.text)
            places = self.geocoder.rank(
                self.geocoder.gazetteer.by_adjective(stem), region=self.region
            )
            found = [self.geocoder.location(p, mention.text) for p in places if p.located]
            exact = False
        else:
            query = mention.query or mention.text
            found = self.geocoder.geocode(
                query, exactly_one=False, region=self.region, parent=parent, near=self.near
            )
            exact = bool(self.geocoder.gazetteer.lookup(key(query)))
        if not found:
            return None
        location = found[0]
        raw = location.raw
        others = [_km_apart(location, x) for x in found[1:] if x.raw["admin1"] != raw["admin1"]]
        return ResolvedPlace(
            raw["place_id"],
            raw["name"],
            raw["kind"],
            location.latitude,
            location.longitude,
            raw["geo_precision"],
            raw["admin1"],
            mention.text,
            mention.start,
            mention.end,
            mention.via,
            parent=self.geocoder.gazetteer.place(raw["place_id"]).parent,
            explicit=mention.explicit,
            namesakes=len(others),
            namesake_km=round(max(others, default=0.0)),
            exact=exact,
        )

    def place(self, place_id: str, written: str, start: int, end: int, via: str) -> ResolvedPlace:
        """A place the text points at without naming it ("областного центра", "по всей стране")."""
        place = self.geocoder.gazetteer.place(place_id)
        location = self.geocoder.location(place, written)
        return ResolvedPlace(
            place.id,
            place.name,
            place.kind,
            place.lat,
            place.lon,
            location.raw["geo_precision"],
            place.admin1,
            written,
            start,
            end,
            via,
        )

    def unlisted(self, mention: PlaceMention, district: ResolvedPlace) -> ResolvedPlace:
        """A village the gazetteer lacks, in a district the text names: at the district's
        centre, with precision 2 ("near a town")."""
        return ResolvedPlace(
            f"unlisted:{district.place_id}:{key(mention.text)}",
            f"{mention.text} ({district.name})",
            "settlement",
            district.lat,
            district.lon,
            2,
            district.admin1,
            mention.text,
            mention.start,
            mention.end,
            "district_centre",
        )

    def _checkpoint(self, mention):
        """КПП «Кордай»: a border or road checkpoint named after its town, drawn at the town."""
        location = self.geocoder.geocode(mention.query, region=self.region, near=self.near)
        if location is None:
            return None
        raw = location.raw
        return ResolvedPlace(
            f"checkpoint:{raw['place_id']}",
            f"{raw['name']} checkpoint",
            "road",
            location.latitude,
            location.longitude,
            2,
            raw["admin1"],
            mention.text,
            mention.start,
            mention.end,
            "checkpoint",
            anchor_id=raw["place_id"],
        )

    def _demonym(self, mention):
        gaz = self.geocoder.gazetteer
        lemmas = russian_lemmas(mention.text)
        places = next((gaz.by_demonym(x) for x in lemmas if gaz.by_demonym(x)), [])
        places = places or gaz.by_kazakh_demonym(mention.text)  # өскемендіктер
        if not places:
            return None
        place = self.geocoder.rank(places, region=self.region)[0]
        # "одиноким карагандинцам": people of the town, not a spot in it.
        resolved = self.place(place.id, mention.text, mention.start, mention.end, "demonym")
        resolved.geo_precision = max(2, resolved.geo_precision)
        return resolved

    def _road_point(self, mention, towns):
        """A checkpoint on a road is put a few km out of the town the text is about, towards
        the road's next place: «Нура – Нур-Султан» near Nura, not in Astana nor halfway."""
        places = [self.geocoder.geocode(p, region=self.region) for p in mention.parts]
        if any(p is None for p in places):
            return None
        ids = [p.raw["place_id"] for p in places]
        gaz = self.geocoder.gazetteer
        if mention.via == "exit":
            anchor, toward = ids
        else:
            anchor = next((t.place_id for t in towns if t.place_id in ids), None)
            if anchor is None and towns:
                anchor = towns[0].place_id
                here = gaz.place(anchor)
                toward = min(ids, key=lambda i: _km(here, gaz.place(i)))
            else:
                anchor = anchor or ids[0]
                k = ids.index(anchor)
                toward = ids[k + 1] if k + 1 < len(ids) else ids[k - 1]
        origin, target = gaz.place(anchor), gaz.place(toward)
        if target.kind in {"district", "region"} and target.centre:
            target = gaz.place(target.centre)
        lat, lon = point_towards(origin, target, CHECKPOINT_KM)
        names = " – ".join(gaz.place(i).name for i in ids)
        name = (
            f"exit from {origin.name} towards {target.name}"
            if mention.via == "exit"
            else f"{names} road near {origin.name}"
        )
        return ResolvedPlace(
            f"road:{origin.id}>{target.id}",
            name,
            "road",
            lat,
            lon,
            2,
            gaz.region_at(lat, lon) or origin.admin1,
            mention.text,
            mention.start,
            mention.end,
            mention.via,
            anchor_id=origin.id,
            parts=(origin.id, target.id) if mention.via == "exit" else tuple(ids),
        )


def _km_apart(a, b) -> float:
    """Kilometres between two geopy ``Location``s."""
    from geopy.distance import great_circle

    return great_circle(a.point, b.point).km


def _km(a, b) -> float:
    from geopy.distance import great_circle  # enough to compare distances, ~50x cheaper

    return great_circle((a.lat, a.lon), (b.lat, b.lon)).km

"""Geoparsing: every place an article names, found and resolved in context.

In: an ``Article`` (geo.ingest.corpus) and an ``OfflineGeocoder``.
Out: ``geoparse(article, geocoder) -> Geoparse``: the article's sentences, each with its
resolved places (``ResolvedPlace``), the organisation mentions (whose spans are no places),
the region the article is about, its document context (the places of the headline, the
dateline and the lead, most telling first), its outlet (geo.geoparse.outlets), and the names that
could not be resolved.

Context decides among namesakes: the outlet's region (metadata) or else the region most of
the article's places lie in, the district named just before a village, the other places the
article names (a namesake near them wins), the towns of the text for points on roads.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from razdel import sentenize

from geo.geoparse.geocode import OfflineGeocoder, kind_of_word
from geo.geoparse.mentions import PlaceMention, find_places
from geo.geoparse.outlets import Outlet, outlet_home
from geo.geoparse.resolve import ResolvedPlace, Resolver
from geo.geoparse.roles import region_centre_spans, role_of
from geo.ingest.corpus import Article
from geo.language import ner
from geo.language.names import fold, is_common_russian_word, key
from geo.language.organisations import (
    OrgMention,
    find_bodies,
    find_organisations,
    find_unlisted,
    looks_like_name,
)

TOWN_KINDS = {"settlement", "city"}
FINER_KINDS = TOWN_KINDS | {"district"}  # finer than a region
# The lead is the first paragraph after the headline with at least this many words; the
# short lines between them are datelines and bylines ("АҚТӨБЕ. KAZINFORM", "4 ноября 2025 г.",
# "собственный корреспондент по ЗКО"). Headlines of the real-news set run 5 to 14 words,
# leads 20 and more.
LEAD_WORDS = 15
CONTEXT_PARAGRAPHS = 6  # a lead further down is no lead: the excerpt starts mid-article
# What joins the names of one list: a comma, "и", Kazakh "мен/пен/бен", "және" (folded; the
# Latin spellings too).
COORDINATION = re.compile(r"\s*(,|и|мен|пен|бен|жане|men|pen|ben|jane)\s*")
# Most specific first: a town over its district over its region over the whole country.
SPECIFICITY = {"settlement": 0, "city": 0, "unlisted": 1, "district": 1, "region": 2, "country": 3}


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int
    places: list[ResolvedPlace]


@dataclass
class Geoparse:
    sentences: list[Sentence]
    organisations: list[OrgMention]
    region: str | None  # admin1 the article is about, if one is clear
    resolver: Resolver
    folded: str  # fold(article.text), for the stages after
    unresolved: list[str] = field(default_factory=list)
    approximate: list[str] = field(default_factory=list)  # villages put at a district centre
    unknown_organisations: list[str] = field(default_factory=list)
    persons: list[tuple[int, int]] = field(default_factory=list)  # natasha's PER spans
    context: list[ResolvedPlace] = field(default_factory=list)  # see document_context
    outlet: Outlet | None = None
    opening: set[int] = field(default_factory=set)  # the headline's, datelines' and lead's

    def places(self) -> list[ResolvedPlace]:
        """Every place the article gives for what it tells, once, in order of first mention:
        the places it names outright that can place an action (``places_an_action``: not the
        country by name), without its dateline or headline rubric when it names places of its
        own (``is_dateline``: that is where the news was filed)."""
        named = [p for s in self.sentences for p in s.places if p.explicit and places_an_action(p)]
        own = [p for p in named if not p.dateline]
        seen, out = set(), []
        for place in own or named:
            if place.place_id not in seen:
                seen.add(place.place_id)
                out.append(place)
        return out


def geoparse(article: Article, geocoder: OfflineGeocoder) -> Geoparse:
    text, folded = article.text, fold(article.text)
    paragraphs = article.paragraphs()
    orgs = find_organisations(folded, paragraphs)
    orgs = sorted(orgs + find_unlisted(text, folded, paragraphs, orgs), key=lambda o: o.start)
    orgs = sorted(orgs + find_bodies(text, folded, paragraphs, orgs), key=lambda o: o.start)
    entities = ner.entities(text) if article.language == "ru" else []
    persons = [(e.start, e.end) for e in entities if e.type == "PER"]
    # Person names of two words are masked; natasha tags lone village names (Гульшат) as
    # persons too, and "п. Гульшат" is a place whatever natasha says.
    masked = [(o.start, o.end) for o in orgs] + [
        (e.start, e.end)
        for e in entities
        if e.type == "PER" and " " in e.text.strip() and not _after_kind_word(folded, e.start)
    ]
    mentions = [m for s, e in paragraphs for m in find_places(text, s, e, geocoder, masked, folded)]
    region = article.meta.region or _focus_region(mentions, geocoder)
    outlet = outlet_home(article, folded)
    # Among namesakes (Aktau of Mangystau, Aktau of Karaganda) the outlet's region decides
    # when the text leaves it open.
    near_region = region or (outlet.admin1 if outlet else None) or None
    resolver = Resolver(geocoder, near_region, near=_unambiguous_points(mentions, geocoder))
    sentences, unresolved = _resolve(text, paragraphs, mentions, resolver)
    _add_region_centres(text, folded, sentences, resolver, region, known_orgs(orgs))
    _set_roles(folded, sentences, geocoder, article.language != "ru")
    _mark_datelines(text, sentences)
    _count_finer_places(sentences)
    known = [(m.start, m.end) for m in mentions] + [(o.start, o.end) for o in orgs]
    names = [
        m.text
        for m in unresolved
        if not _overlaps((m.start, m.end), persons) and worth_listing(text, m.start, m.end)
    ]
    names += [
        e.text
        for e in entities
        if e.type == "LOC"
        and not _overlaps((e.start, e.end), known)
        and not geocoder.candidates(e.text)
        and worth_listing(text, e.start, e.end)
    ]
    unknown_orgs = [
        e.text
        for e in entities
        if e.type == "ORG" and not _overlaps((e.start, e.end), known) and looks_like_name(e.text)
    ]
    approximate = [
        f"{p.place_name} (at the centre of {p.name.split('(')[-1].rstrip(')')})"
        for s in sentences
        for p in s.places
        if p.via == "district_centre"
    ]
    opening = _opening_paragraphs([len(text[s:e].split()) for s, e in paragraphs])
    return Geoparse(
        sentences,
        orgs,
        region,
        resolver,
        folded,
        sorted(set(names)),
        list(dict.fromkeys(approximate)),
        sorted(set(unknown_orgs)),
        persons,
        document_context(sentences, opening),
        outlet,
        opening,
    )


# A name listed as unresolved has at least this many letters: "В", "Пе" (natasha's piece of
# "Петропавловск"), "РК" are no places to teach the gazetteer.
MIN_UNRESOLVED_LETTERS = 3
_SENTENCE_END = re.compile(r"(?:^|[.!?…\n])[\s«“„\"(–—-]*$")


def worth_listing(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]``, a name the gazetteer lacks, worth listing for an analyst (the
    build report's unresolved names, ``geo unresolved``, the Curate page)? Not a name of fewer
    than ``MIN_UNRESOLVED_LETTERS`` letters, and not common Russian words opening a sentence
    or a headline ("Волонтеры", "Денежную помощь", "По всей", "Весенний паводок",
    "Студенты-волонтеры"): there a capital says nothing, and natasha tags such openings as
    places. The same words inside a sentence stay listed: "сел Дамба, Жанаталап" is a village."""
    words = re.findall(r"[^\W\d_]+", text[start:end])
    if sum(len(w) for w in words) < MIN_UNRESOLVED_LETTERS:
        return False
    opening = bool(_SENTENCE_END.search(text, max(0, start - 10), start))
    return not (opening and all(is_common_russian_word(w) for w in words))


def document_context(sentences: list[Sentence], opening: set[int]) -> list[ResolvedPlace]:
    """The places an article's opening gives for all it tells: the headline's, then the
    dateline's and the lead's; in each group the most specific first, and the whole country
    (said so: "по всей стране", "елімізде") last. Real news names its town once, in the
    headline ("В Актау волонтеры ...") or the dateline ("АҚТӨБЕ. KAZINFORM"), and the body's
    sentences say only "горожане" or nothing; an action with no place of its own takes its
    place from here (geo.extract.actions). The country by name ("Қазақстанның", inside a fund's or a
    party's name) is no context; roads and checkpoints are no context either.

    ``opening``: the paragraphs of the opening (``_opening_paragraphs``)."""
    ranked = [
        ((s.paragraph != 0, p.kind == "country", SPECIFICITY[p.kind], p.start), p)
        for s in sentences
        if s.paragraph in opening
        for p in s.places
        if p.explicit and p.kind in SPECIFICITY and (p.kind != "country" or p.via == "nationwide")
    ]
    seen, out = set(), []
    for _, place in sorted(ranked, key=lambda r: r[0]):
        if place.place_id not in seen:
            seen.add(place.place_id)
            out.append(place)
    return out


def _opening_paragraphs(words: list[int]) -> set[int]:
    """The headline (paragraph 0), the datelines and bylines after it, and the lead: up to the
    first long paragraph. A long paragraph 0 is a lead with no headline before it."""
    opening = {0}
    for index in range(1, min(len(words), CONTEXT_PARAGRAPHS)):
        if words[0] >= LEAD_WORDS * 2:
            break
        opening.add(index)
        if words[index] >= LEAD_WORDS:
            break
    return opening


def _resolve(text, paragraphs, mentions, resolver):
    """Resolve the mentions sentence by sentence; road points go near the towns named so far."""
    gazetteer = resolver.geocoder.gazetteer
    sentences, unresolved = [], []
    towns: list[ResolvedPlace] = []
    districts: list[tuple[int, ResolvedPlace]] = []  # (paragraph, district) named so far
    waiting = []  # villages named before any district: (sentence index, mention)
    villages: dict[str, ResolvedPlace] = {}  # placed so far, by name
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        for sent in sentenize(text[p_start:p_end]):
            s, e = p_start + sent.start, p_start + sent.stop
            places: list[ResolvedPlace] = []
            # Roads last: a checkpoint goes near the town the sentence names, before or after
            # the road ("на трассе Алматы – Бишкек у Кордая").
            here_mentions = [m for m in mentions if s <= m.start < e]
            here_mentions.sort(key=lambda m: m.via in {"road", "exit"})
            for m in here_mentions:
                if m.via == "unresolved":
                    if districts and (m.village or districts[-1][0] == p_index):
                        # "Зерендинского ... в поселках Ортак и Булак"
                        places.append(_unlisted(resolver, m, districts[-1][1], villages))
                    elif m.okrug:
                        waiting.append((len(sentences), m))
                    else:
                        unresolved.append(m)
                    continue
                here = [p for p in places if p.kind in TOWN_KINDS]
                centres = [
                    resolver.place(c, p.place_name, p.start, p.end, "centre")
                    for p in places
                    if p.kind == "district" and (c := gazetteer.place(p.place_id).centre)
                ]
                previous = places[-1] if places else None
                resolved = resolver.resolve(m, previous, here + centres + towns)
                if resolved is None:
                    unresolved.append(m)
                else:
                    places.append(resolved)
                    if resolved.kind == "district":
                        districts.append((p_index, resolved))
            places.sort(key=lambda p: p.start)
            towns = [p for p in places if p.kind in TOWN_KINDS and p.explicit] + towns
            sentences.append(Sentence(s, e, p_index, places))
    # A rural okrug named before its district: the article's first district places it; with
    # no district named anywhere it is reported, not guessed. A village goes with a district
    # named before it anywhere in the article (a village named first stays reported: the
    # Curate page teaches it), other unknown names (a surname after "п.") with a district
    # of their own paragraph only.
    for index, m in waiting:
        if districts:
            sentences[index].places.append(_unlisted(resolver, m, districts[0][1], villages))
            sentences[index].places.sort(key=lambda p: p.start)
        else:
            unresolved.append(m)
    return sentences, unresolved


def known_orgs(orgs) -> list[tuple[int, int]]:
    return [(o.start, o.end) for o in orgs]


def _add_region_centres(text, folded, sentences, resolver, region, masked) -> None:
    """ "областной центр", "облыс орталығы" as a place of its sentence: the centre of the
    one region the sentence names, else of the article's region (none when neither is
    known). geo.extract.actions reads it for a sentence that continues an action ("тренинги прошли в
    шести районах и областном центре")."""
    gazetteer = resolver.geocoder.gazetteer
    for sentence in sentences:
        spans = region_centre_spans(folded, sentence.start, sentence.end)
        if not spans:
            continue
        regions = {p.admin1 for p in sentence.places if p.kind == "region"}
        admin1 = next(iter(regions)) if len(regions) == 1 else region
        area = gazetteer.region(admin1) if admin1 else None
        if area is None or not area.centre:
            continue
        for start, end in spans:
            if _overlaps((start, end), masked):  # "областного центра крови" in a name
                continue
            place = resolver.place(area.centre, text[start:end], start, end, "region_centre")
            sentence.places.append(place)
        sentence.places.sort(key=lambda p: p.start)


def _set_roles(folded, sentences, geocoder, kazakh: bool) -> None:
    """Each place's role (geo.geoparse.roles): where help came from, went to, or happened."""
    gazetteer = geocoder.gazetteer
    for sentence in sentences:
        places = sentence.places
        roles = [role_of(folded, p, gazetteer, kazakh) for p in places]
        # A list shares one role: "из Щучинска и Макинска", "Павлодар мен Екібастұздан".
        for _ in range(2):
            for k in range(len(places) - 1):
                if roles[k] != roles[k + 1] and "from" in roles[k : k + 2]:
                    joined = folded[places[k].end : places[k + 1].start]
                    if COORDINATION.fullmatch(joined):
                        roles[k] = roles[k + 1] = "from"
        sentence.places = [
            replace(p, role=role) if role != "at" else p
            for p, role in zip(places, roles, strict=True)
        ]


def places_an_action(place: ResolvedPlace) -> bool:
    """The country by name is no action's place ("Қазақстанның іскер әйелдер қауымдастығы",
    "жителей Казахстана"); the whole country, said so, is ("по всей стране", "со всего
    Казахстана": geo/resources/discourse.toml ``nationwide``)."""
    return place.kind != "country" or place.via == "nationwide"


def is_dateline(place: ResolvedPlace, text: str) -> bool:
    """Does ``place`` open a paragraph as an agency's dateline ("АҚТӨБЕ. KAZINFORM –",
    "АСТАНА, 5 мая.") or open the headline as its rubric ("Түркістан: ...")? Either says
    where the news was filed. In the real-news set the article's own sentences name other
    places in 2 of 3 such articles (a nationwide campaign datelined АСТАНА, a district's
    villagers under the rubric of their region), and the filing place is then no place of
    theirs; in the third the dateline is all the article says."""
    at_line_start = place.start == 0 or text[place.start - 1] == "\n"
    if not at_line_start:
        return False
    after = text[place.end : place.end + 1]
    if place.start == 0 and after == ":":
        return True
    return place.place_name.isupper() and after in ".,"


def _mark_datelines(text: str, sentences: list[Sentence]) -> None:
    """Each place that is a dateline or a headline's rubric says so (``is_dateline``)."""
    for sentence in sentences:
        sentence.places = [
            replace(p, dateline=True) if is_dateline(p, text) else p for p in sentence.places
        ]


def _count_finer_places(sentences) -> None:
    """Each region's point learns how many towns and districts in it the article names
    (``ResolvedPlace.finer_named``). Measured on the gold sets: every wrong region point of
    tests/gold (14 of 14) is in an article that names towns of that region, and every region
    point of ../shared/realnews in an article that names none (6) is right. A town help came
    from is no place the region's point could stand for (volunteers of Semey fighting fires
    in Abay Region): counting origins put 4 right region points of real news among the
    doubtful, and changed no record of the gold sets."""
    finer = {
        p.place_id: p.admin1
        for s in sentences
        for p in s.places
        if p.kind in FINER_KINDS and p.role != "from"
    }
    counts = Counter(finer.values())
    for sentence in sentences:
        sentence.places = [
            replace(p, finer_named=counts[p.admin1]) if p.kind == "region" else p
            for p in sentence.places
        ]


def _unlisted(resolver, mention, district, villages) -> ResolvedPlace:
    """A village the gazetteer lacks at its district's centre; named again later in the
    article (after another district), it is still the same village."""
    name = key(mention.query or mention.text)
    first = villages.get(name)
    if first is None:
        first = villages[name] = resolver.unlisted(mention, district)
        return first
    return replace(first, place_name=mention.text, start=mention.start, end=mention.end)


def _focus_region(mentions: list[PlaceMention], geocoder: OfflineGeocoder) -> str | None:
    """The region most of the article's places are in, if one clearly leads."""
    votes: dict[str, int] = {}
    for m in mentions:
        if m.via in {"road", "exit", "unresolved"}:
            continue
        location = geocoder.geocode(m.text)
        admin1 = location and location.raw["admin1"]
        if admin1:
            votes[admin1] = votes.get(admin1, 0) + 1
    if not votes:
        return None
    best = max(votes, key=votes.get)
    return best if votes[best] * 2 > sum(votes.values()) else None


def _unambiguous_points(mentions, geocoder) -> list[tuple[float, float]]:
    """Where the article's places that have one reading only are."""
    points = []
    for m in mentions:
        if m.via == "name":
            candidates = [p for p in geocoder.candidates(m.text) if p.located]
            if len(candidates) == 1 and candidates[0].kind in TOWN_KINDS:
                points.append((candidates[0].lat, candidates[0].lon))
    return points


def _after_kind_word(folded: str, start: int) -> bool:
    before = folded[max(0, start - 10) : start].split()
    return bool(before) and kind_of_word(before[-1]) is not None


def _overlaps(span, spans) -> bool:
    start, end = span
    return any(s < end and start < e for s, e in spans)

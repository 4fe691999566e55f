"""Extraction: the volunteer actions an article reports, with who, what, where and when.

In: an ``Article`` (geo.ingest.corpus) and an ``OfflineGeocoder``; its places and organisations as
``geo.geoparse.document`` finds them; the tables ``geo/resources/action_types.toml`` and
``geo/resources/discourse.toml``.
Out: ``extract(article, geocoder) -> Extraction`` holding ``Action`` records (types,
organisation ids, resolved places, evidence spans, dates) and what could not be resolved.

How an article becomes actions: every sentence is read for action words (the types' patterns),
organisations, places and discourse markers. A sentence with action words starts a new
action when it brings a new place, says so ("Также", "А в", "Сондай-ақ") or names a different
kind of action; otherwise it adds to the action before it. Markers such as "Далее", "Здесь",
"В рамках акции" continue the current action and add their places to it, so a motorcade or a
tour of checkpoints is one action with several places.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from geo.geoparse.document import SPECIFICITY, Geoparse, geoparse, places_an_action
from geo.geoparse.geocode import OfflineGeocoder
from geo.geoparse.resolve import ResolvedPlace
from geo.ingest.corpus import Article, Period
from geo.language.dates import find_dates
from geo.language.names import key as name_key
from geo.language.names import table_patterns
from geo.language.organisations import OrgMention, acting
from geo.language.prefilter import Hits, PatternTable
from geo.language.quantities import find_quantities
from geo.reference import action_types, beneficiaries, discourse

POINT_KINDS = {"settlement", "city", "road"}
ON_DUTY = {"police", "soldiers", "medical_workers"}


@dataclass
class Action:
    doc_id: str
    types: list[str]
    organisations: list[str]  # organisation ids, in order of mention
    places: list[ResolvedPlace]
    evidence: list[tuple[int, int]]  # sentence spans in the article's text
    paragraph: int  # the last paragraph that told of it
    spans: list[tuple[int, int]] = field(default_factory=list)  # the text that tells of it
    period: Period | None = None
    date_source: str = "unknown"  # text | article | metadata | unknown
    beneficiaries: list[str] = field(default_factory=list)  # keys of beneficiaries.toml
    quantities: list[str] = field(default_factory=list)  # "100 servicemen", "360 000+ families"
    sponsors: list[str] = field(default_factory=list)  # organisation ids that sponsored
    type_inherited: bool = False  # "Так, ...": the type of the action it gives an instance of
    retold: bool = False  # a later sentence told it again
    place_source: str = "sentence"  # sentence | article | outlet: where its place was read
    index: int = 0

    @property
    def action_id(self) -> str:
        return f"{self.doc_id}-a{self.index}"


@dataclass
class Extraction:
    actions: list[Action]
    unresolved: list[str] = field(default_factory=list)  # place names the gazetteer lacks
    approximate: list[str] = field(default_factory=list)  # villages put at a district centre
    private_persons: list[tuple[int, int]] = field(default_factory=list)  # not to publish
    unknown_organisations: list[str] = field(default_factory=list)


@dataclass
class _Unit:
    """One sentence, or the part of one that tells a separate action."""

    start: int
    end: int
    paragraph: int
    sentence: tuple[int, int]
    types: list[str]
    orgs: list[OrgMention]
    places: list[ResolvedPlace]
    flags: set[str]


# -- tables --------------------------------------------------------------------------------


@cache
def _type_table() -> PatternTable:
    """Per action type its patterns, in the table's order."""
    return PatternTable(
        {
            action_type: table_patterns(spec["patterns"])
            for action_type, spec in action_types().items()
        }
    )


def _alternation(patterns: list[re.Pattern]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


@cache
def _beneficiary_table() -> PatternTable:
    return PatternTable(
        {key: table_patterns(spec["patterns"]) for key, spec in beneficiaries().items()}
    )


@cache
def _markers() -> dict[str, list[re.Pattern]]:
    return {name: table_patterns(patterns) for name, patterns in discourse().items()}


# The markers of geo/resources/discourse.toml that say how a sentence relates to the ones before
# (the others are looked for around one name, not in the whole sentence).
SENTENCE_FLAGS = (
    "continue_with_places",
    "continue_with_organisations",
    "organisers_of_previous",
    "new_action",
    "instance_of_previous",
    "same_organisations",
    "not_an_action",
    "region_centre",
    "this_town",
)


@cache
def _on_duty_words() -> re.Pattern:
    return _alternation(_markers()["on_duty"])  # both scripts, one search


@cache
def _flag_table() -> PatternTable:
    """The sentence flags' markers (the discourse table has grown to hundreds of patterns)."""
    return PatternTable({f: _markers()[f] for f in SENTENCE_FLAGS})


@dataclass
class _Words:
    """Where an article's text may hold action words, sentence flags and beneficiaries
    (geo.language.prefilter): each table's literals found once per article."""

    types: Hits
    flags: Hits
    beneficiaries: Hits

    @classmethod
    def of(cls, folded: str) -> _Words:
        return cls(
            *(table().scan(folded) for table in (_type_table, _flag_table, _beneficiary_table))
        )


@cache
def _public_roles() -> re.Pattern:
    return _alternation(_markers()["public_roles"])  # 54 words: one search, not 54


# -- the pipeline --------------------------------------------------------------------------


def extract(article: Article, geocoder: OfflineGeocoder) -> Extraction:
    found = geoparse(article, geocoder)
    folded = found.folded
    words = _Words.of(folded)
    units = [
        unit
        for sentence in found.sentences
        for unit in _split_units(
            words,
            folded,
            sentence.start,
            sentence.end,
            sentence.paragraph,
            found.organisations,
            sentence.places,
        )
    ]
    actions = _assemble(units, article, found, words)
    _credit_organisations_nearby(actions, found)
    taken = [(m.start, m.end) for m in found.organisations] + [
        (p.start, p.end) for sentence in found.sentences for p in sentence.places
    ]
    private = [
        p
        for p in found.persons
        if len(article.text[p[0] : p[1]].split()) >= 2  # natasha calls lone village names PER
        and not any(s < p[1] and p[0] < e for s, e in taken)
        and not _acts_for_organisation(folded, p)
    ]
    return Extraction(
        actions,
        unresolved=found.unresolved,
        approximate=found.approximate,
        unknown_organisations=found.unknown_organisations,
        private_persons=private,
    )


def _acts_for_organisation(folded: str, person: tuple[int, int]) -> bool:
    """Is the person named in a public role ("председатель ... центра «Санги Кабуд» Умар
    Шоназаров", "депутатов маслихата А.У. Шаримовой")? Private people (a grandmother, a sick
    child) are not."""
    start = person[0]
    window = max(0, start - 150)
    ends = list(re.finditer(r"(?<!\b\w)[.!?]\s+|\n", folded[window:start]))  # "А.У." no end
    sentence_start = window + (ends[-1].end() if ends else 0)
    before = folded[sentence_start:start]
    return bool(_public_roles().search(before))


def _split_units(words: _Words, folded, s, e, p_index, orgs, places) -> list[_Unit]:
    sentence = folded[s:e].lstrip(' «“"–—-')
    s_text = e - len(sentence)  # where the flags' "^" is: the sentence without its dash
    flags = {f for f, pattern in words.flags.groups_in(s_text, e) if pattern.search(sentence)}
    triggers = [] if "not_an_action" in flags else _triggers(words.types, s, e)
    sentence_orgs = [o for o in orgs if s <= o.start < e and not o.venue]
    bounds = [s]
    for prev, nxt in zip(triggers, triggers[1:], strict=False):
        seen = {o.org_id for o in sentence_orgs if o.start < prev[2]}
        new_orgs = {o.org_id for o in sentence_orgs if prev[2] <= o.start < nxt[2]} - seen
        if nxt[0] != prev[0] and new_orgs:
            bounds.append(prev[2])  # "... питания и АО «Транстелеком» – работа по техническому"
        elif (clause := _new_clause_at(folded, prev[1], nxt[1], places, bounds[-1])) is not None:
            bounds.append(clause)  # "Меркі ауданында ... жеткізсе, Шу қаласында ... көмектесті"
    bounds.append(e)
    units = []
    for k, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        types = [t for t, ts, _ in triggers if a <= ts < b]
        own_places = [p for p in places if a <= p.start < b]
        units.append(
            _Unit(
                a,
                b,
                p_index,
                (s, e),
                _ordered(types),
                [o for o in sentence_orgs if a <= o.start < b],
                own_places if k == 0 or own_places else places,
                flags if k == 0 else {"split"},
            )
        )
    return units


# Where a sentence turns to a second action elsewhere: a Kazakh verb in the conditional
# ("жеткізсе," = "while ... delivered,"), Russian ", а" ("..., а в Шу ...").
NEW_CLAUSE = re.compile(r"(?:\w(?:са|се|sa|se),|, а)\s")


def _new_clause_at(folded, after: int, before: int, places, start: int) -> int | None:
    """Where, between two action words, a sentence starts telling a second action at another
    place (the offset after the turn), or None: each side must name a place of its own."""
    turn = NEW_CLAUSE.search(folded, after, before)
    if turn is None:
        return None
    first = {p.place_id for p in places if start <= p.start < turn.start() and p.explicit}
    second = {p.place_id for p in places if turn.end() <= p.start < before and p.explicit}
    return turn.end() if first and second and not second <= first else None


def _triggers(types: Hits, s, e) -> list[tuple[str, int, int]]:
    """Action words in a sentence as (type, start, end); where two overlap, the type listed
    first in action_types.toml wins."""
    found = [
        (t, m.start(), m.end())
        for t, p in types.groups_in(s, e)
        for m in p.finditer(types.text, s, e)
    ]
    priority = list(action_types())
    found.sort(key=lambda f: (priority.index(f[0]), f[1]))
    kept: list[tuple[str, int, int]] = []
    for f in found:
        if not any(f[1] < k[2] and k[1] < f[2] for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f[1])


def _ordered(types) -> list[str]:
    priority = list(action_types())
    return sorted(set(types), key=priority.index)


def _assemble(units: list[_Unit], article: Article, found: Geoparse, words: _Words) -> list[Action]:
    actions: list[Action] = []
    current: Action | None = None
    # Who organised what the article is about, said before any action is told ("Проект
    # реализован ОО ... по заказу управления ..." in the lead): the first action's.
    ahead: list[_Unit] = []
    for index, unit in enumerate(units):
        flags = unit.flags
        continues = flags & {"continue_with_places", "continue_with_organisations"}
        if not unit.types:
            attaches = continues or "organisers_of_previous" in flags
            if current and attaches and unit.paragraph - current.paragraph <= 2:
                _merge(current, unit, with_places="continue_with_places" in flags, evidence=False)
            elif current and unit.paragraph - current.paragraph <= 1:
                _add_region_centre(current, unit)  # "Занятия охватили ... областной центр."
            elif current is None and "organisers_of_previous" in flags and unit.orgs:
                ahead.append(unit)
            continue
        moved = _moved_on(units, index, current)
        if current is not None and not moved and (continues or _belongs_to(unit, current)):
            _merge(current, unit, with_places="continue_with_places" in flags or "split" in flags)
            continue
        earlier = moved or _earlier_in_paragraph(units, index)
        current = _new_action(unit, current, article, found, earlier, after_move=bool(moved))
        if not actions:  # the first action takes the organisers told before it
            for told in ahead:
                if unit.paragraph - told.paragraph <= 2:
                    _merge(current, told, with_places=False, evidence=False)
        actions.append(current)
    actions = _drop_repeats(actions)
    for index, action in enumerate(actions, start=1):
        action.index = index
        action.places = _finest_places(action.places)
        _describe(action, found.folded, article.meta.published, found.organisations, words)
    if article.meta.published is None and (period := _article_period(found)) is not None:
        for action in actions:
            if action.period is None:
                action.period, action.date_source = period, "article"
    return actions


def _article_period(found: Geoparse) -> Period | None:
    """When an undated page dates what it tells as a whole: the one date its opening gives
    ("2022 жылдың наурыз және сәуір айларында ... еріктілер"), else the one date the whole
    article gives ("2020 jyl Volonter jyly" in a quote). None when it gives none or several.
    Without a publication date only dates with their year are read (geo.language.dates), so a stray
    "1 мая" dates nothing."""
    folded = found.folded
    opening = [s for s in found.sentences if s.paragraph in found.opening]
    for sentences in (opening, found.sentences):
        periods = {
            (d.period.start, d.period.end): d.period
            for s in sentences
            for d in find_dates(folded, s.start, s.end, None)
        }
        if len(periods) == 1:
            return next(iter(periods.values()))
        if periods:
            return None
    return None


def _describe(action: Action, folded: str, published: Period | None, orgs, words: _Words) -> None:
    """Who was helped, how much, when, and who only sponsored, from the action's own text."""
    for start, end in action.spans:
        for key in beneficiaries():
            if key not in action.beneficiaries and words.beneficiaries.search(key, start, end):
                action.beneficiaries.append(key)
        action.quantities += [str(q) for q in find_quantities(folded, start, end)]
        if action.date_source != "text" and (dates := find_dates(folded, start, end, published)):
            action.period, action.date_source = dates[0].period, "text"
        action.sponsors += [
            o.org_id
            for o in orgs
            if start <= o.start < end and o.org_id in action.organisations and _sponsor(folded, o)
        ]
    if action.date_source != "text" and published is not None:
        action.period, action.date_source = published, "metadata"
    order = list(beneficiaries())
    action.beneficiaries.sort(key=order.index)
    on_duty = set(action.beneficiaries) & ON_DUTY or any(
        _on_duty_words().search(folded, s, e) for s, e in action.evidence
    )
    if action.types[0] == "food_for_duty" and not on_duty and not action.type_inherited:
        # Hot meals for flood victims are humanitarian aid, not food for people on duty.
        action.types = _ordered(["humanitarian_aid", *action.types[1:]])
    action.quantities = _unique(action.quantities)
    action.sponsors = _unique(action.sponsors)


def _credit_organisations_nearby(actions: list[Action], found: Geoparse) -> None:
    """Organisations named outside the sentences that tell an action, credited to the action
    told nearest: real news names the doer in a sentence of its own ("Организовали сбор
    продуктов ...", "Акцияны облыстық еріктілер кеңесі ұйымдастырды", a headline over the
    lead, "– деді ... орталығының жетекшісі" under a quote). The nearest action before it in
    its paragraph, else the next one there, else (from a short paragraph) the action of the
    paragraph before; an organisation of the headline or the lead goes to the first action.
    A longer paragraph of its own about an organisation ("Все филиалы партии работали в
    координации с акиматами ...") tells what it did, not who did the action before. Only
    organisations that act (geo.language.organisations.acting): venues, news sources ("сообщает
    пресс-служба акимата") and the ones helped are no doers."""
    if not actions:
        return
    credited = {o for a in actions for o in a.organisations}
    paragraph_of = _paragraph_finder(found)
    sentences = Counter(s.paragraph for s in found.sentences)
    for org in found.organisations:
        if org.venue or org.org_id in credited or not acting(found.folded, org):
            continue
        # From a paragraph of one or two sentences (a step of the story, a quote's signature)
        # to the paragraph before; a longer one tells what the organisation did apart.
        short = sentences[paragraph_of(org.start)] <= 2
        action = _told_nearest(actions, org.start, paragraph_of, short)
        if action is None:
            continue
        action.organisations.append(org.org_id)
        credited.add(org.org_id)
        if _sponsor(found.folded, org):
            action.sponsors.append(org.org_id)


def _paragraph_finder(found: Geoparse):
    starts = [(s.start, s.paragraph) for s in found.sentences]

    def paragraph_of(offset: int) -> int:
        return next((p for start, p in reversed(starts) if start <= offset), 0)

    return paragraph_of


def _told_nearest(
    actions: list[Action], offset: int, paragraph_of, across: bool = False
) -> Action | None:
    """The action told nearest before ``offset`` in its paragraph, else the next one there;
    with ``across``, else the last one told in the paragraph before; an organisation of the
    headline or the lead (paragraphs 0 and 1) goes to the first action."""
    paragraph = paragraph_of(offset)
    told = [(paragraph_of(s), s, a) for a in actions for s, _ in a.spans]
    before = [t for t in told if t[0] == paragraph and t[1] <= offset]
    after = [t for t in told if t[0] == paragraph and t[1] > offset]
    previous = [t for t in told if t[0] == paragraph - 1]
    if before:
        return max(before, key=lambda t: t[1])[2]
    if after:
        return min(after, key=lambda t: t[1])[2]
    if previous and across:
        return max(previous, key=lambda t: t[1])[2]
    return actions[0] if paragraph <= 1 else None


def _sponsor(folded: str, org: OrgMention) -> bool:
    """Is the organisation named as a sponsor or funder rather than as the organiser?
    "при поддержке АО ...", "спонсорами акции выступили ... «Nur Otan»", "«Birgemiz» қорының
    қаражаты есебінен"."""
    sentence_start = max(folded.rfind(". ", 0, org.start), folded.rfind("\n", 0, org.start))
    before = folded[max(sentence_start, org.start - 120) : org.start]
    after = folded[org.end : org.end + 40]
    markers = _markers()
    return any(p.search(before) for p in markers["sponsor_before"]) or any(
        p.match(after) for p in markers["sponsor_after"]
    )


def _earlier_in_paragraph(units: list[_Unit], index: int) -> list[ResolvedPlace]:
    """Where a sentence that names no place is, by the sentences before it: the nearest one
    in its paragraph that names a place (the headline and the lead are geo.geoparse.document's
    document context)."""
    unit = units[index]
    before = [u for u in units if u.paragraph == unit.paragraph and u.start < unit.start][::-1]
    return next((own for u in before if (own := _own_places(u))), [])


def _moved_on(units: list[_Unit], index: int, current: Action | None):
    """The places the text has moved on to since the current action was told: a sentence
    with action words and no place of its own, after a sentence of its paragraph that names
    other places than the action's ("Ақмола облысында ... 50 волонтер
    қатысып жатыр. Олар ... эвакуациялап ..."). Such a sentence tells a new action there
    ([] if none)."""
    unit = units[index]
    if current is None or unit.paragraph == current.paragraph or _own_places(unit):
        return []
    told = current.spans[-1][1]
    since = [u for u in units[:index] if u.start >= told and u.paragraph == unit.paragraph]
    earlier = next((own for u in reversed(since) if (own := _placing(u))), [])
    # A new place, or one of the action's several ("Ақтөбе, Қостанай ... облыстарында", then
    # "Ақмола облысында ..."): either way the paragraph is about somewhere else now. Only in
    # its own paragraph: a place named in the paragraph before split 4 of 26 real articles
    # wrongly (a destination, an origin told after the action).
    moved = {p.place_id for p in earlier} != {p.place_id for p in current.places}
    return earlier if moved else []


def _placing(unit: _Unit) -> list[ResolvedPlace]:
    """The places a sentence gives the sentences after it (as _earlier_in_paragraph)."""
    return [p for p in _own_places(unit) if p.kind != "country"]


def _own_places(unit: _Unit) -> list[ResolvedPlace]:
    """The places a sentence names itself (no dateline, no country by name)."""
    return [p for p in unit.places if p.explicit and places_an_action(p) and not p.dateline]


def _belongs_to(unit: _Unit, current: Action) -> bool:
    """Does a sentence with no marker tell more of the current action?"""
    if unit.flags & {"new_action", "split"}:
        return False
    known = {p.place_id for p in current.places}
    again = [p for p in unit.places if p.place_id in known]  # it names the action's place
    if any(p.explicit and p.place_id not in known and not _contains(p, again) for p in unit.places):
        return False
    if unit.types == ["other"] and {o.org_id for o in unit.orgs} - set(current.organisations):
        return False  # a new organisation's action: "Jas Otan ... еріктіні жұмылдырды"
    if (
        set(unit.types) <= set(current.types)
        or unit.types == ["other"]
        or current.types == ["other"]
    ):
        return True
    joins = {t for c in current.types for t in action_types()[c].get("joins", [])}
    return set(unit.types) <= joins


def _contains(place: ResolvedPlace, places: list[ResolvedPlace]) -> bool:
    """Is ``place`` a region or district that only locates one of ``places`` ("Ақмола облысы
    Целиноград ауданына қарасты Косшы қаласында", told of an action already at Косшы: the
    sentence names Косшы again)?"""
    if place.kind == "region":
        return any(q.admin1 == place.admin1 and q.kind != "region" for q in places)
    if place.kind == "district":
        return any(q.parent == place.place_id for q in places)
    return False


def _new_action(
    unit: _Unit,
    previous: Action | None,
    article: Article,
    found: Geoparse,
    earlier=(),
    after_move: bool = False,
) -> Action:
    types = unit.types
    if previous and "instance_of_previous" in unit.flags and types == ["other"]:
        types = previous.types[:1]  # "Так, в Есильском районе спонсорами благотворительной акции"
    orgs = [o.org_id for o in unit.orgs]
    if not orgs and previous and "same_organisations" in unit.flags:
        orgs = list(previous.organisations)
    # After a move to a new place, the action before is no guide to where this one is.
    near = None if after_move else previous
    places, source = _place_of(unit, near, article, found, list(earlier))
    return Action(
        article.doc_id,
        list(types),
        _unique(orgs),
        places,
        [unit.sentence],
        unit.paragraph,
        spans=[(unit.start, unit.end)],
        type_inherited=types is not unit.types,
        place_source=source,
    )


def _place_of(
    unit: _Unit, previous: Action | None, article: Article, found: Geoparse, earlier
) -> tuple[list[ResolvedPlace], str]:
    """Where a new action is, and where that was read (``place_source``), from the nearest
    evidence to the farthest, because a nearer word is likelier to be about this action:

    1. its own sentence's places (the country only where it says the whole country, "по всей
       стране", "елімізде": "Қазақстанның" in a fund's name places nothing) -> ``sentence``;
       "областного центра", "в городе" with only a region named: the town of the context in
       that region, or the region's centre;
    2. the action just before, in the same or the next paragraph (or "нашего города") ->
       its source;
    3. an earlier sentence of its paragraph that names a place -> ``article``;
    4. a place inside the name of an organisation of its sentence (its home), or the document
       context: the most specific place of the headline, dateline or lead
       (geo.geoparse.document.document_context) -> ``article``;
    5. the town or district the article names most (a page cut from its middle) -> ``article``;
       then the outlet's home town or region (geo/resources/outlets.csv) -> ``outlet``;
    6. the article's region (metadata, or where most of its places are) -> ``article``;
    7. the whole country -> ``article``; the build report lists such actions as unplaced.
    """
    # "областной центр" is read below by _town_in, as the sentence's flag says.
    own = [p for p in _own_places(unit) if p.via != "region_centre"]
    if any(p.kind != "country" for p in own):  # "елімізде, оның ішінде Ақмола облысында"
        own = [p for p in own if p.kind != "country"]
    if own and not any(p.kind in {"region", "country"} for p in own):
        return own, "sentence"
    if (own or "region_centre" in unit.flags) and (town := _town_in(own, found, article, unit)):
        return [town], "sentence" if own else "article"
    if own:
        return own, "sentence"
    near = previous and (unit.paragraph - previous.paragraph <= 1 or "this_town" in unit.flags)
    if near:
        staying = _where_it_happens(previous.places)
        points = [p for p in staying if p.kind in POINT_KINDS]
        return points or staying, previous.place_source
    if "this_town" in unit.flags and (town := _town_in(own, found, article, unit)):
        return [town], "article"
    if earlier:
        return _where_it_happens(earlier), "article"
    if home := _organisation_home(unit, found):
        return [home], "article"
    if found.context:
        return _context_pick(found), "article"
    if not article.meta.region and (main := _main_place(found)) is not None:
        return [main], "article"
    if (home := _outlet_place(found)) is not None:
        return [home], "outlet"
    resolver, region = found.resolver, found.region
    fallback = resolver.geocoder.gazetteer.region(region) if region else None
    place_id = fallback.id if fallback else "country:kazakhstan"
    return [resolver.place(place_id, "", unit.start, unit.start, "article")], "article"


def _where_it_happens(places: list[ResolvedPlace]) -> list[ResolvedPlace]:
    """The places that are not where helpers came from (geo.geoparse.roles), if any: an action told
    after "Семей қаласынан 125 ерікті Абай облысы аумағында ..." is in the region, not in
    Semey; with only origins named, the origins."""
    return [p for p in places if p.role != "from"] or list(places)


def _organisation_home(unit: _Unit, found: Geoparse) -> ResolvedPlace | None:
    """The place inside the name of an organisation the sentence names ("Курчатов қаласының
    волонтерлік қозғалыс орталығы", "Нуринского районного филиала"): a local organisation
    acts at home. A town of the document context inside that home is more specific (the
    region's council in the headline's town)."""
    homes = [p for p in unit.places if not p.explicit and p.kind in SPECIFICITY]
    homes = [p for p in homes if p.kind != "country"]
    if not homes:
        return None
    inside = [c for c in found.context if c.kind != "country" and c.admin1 == homes[0].admin1]
    return _most_specific([homes[0], *inside])


def _main_place(found: Geoparse) -> ResolvedPlace | None:
    """The town or district an article with no place in its opening keeps coming back to:
    named in at least two sentences, more often than any other, inside the article's region
    (a middle chunk of a page whose quotes name "the volunteers of our town" three times).
    None when the article names a region, or its sidecar says the region its outlet covers
    (the caller checks): its actions with no place are region-wide ("во всех районах
    области")."""
    places = [p for sentence in found.sentences for p in sentence.places if p.explicit]
    if any(p.kind == "region" for p in places):
        return None
    counts: dict[str, list[ResolvedPlace]] = {}
    for sentence in found.sentences:
        for p in {p.place_id: p for p in sentence.places if p.explicit}.values():
            if SPECIFICITY.get(p.kind, 9) <= 1 and found.region in {None, p.admin1}:
                counts.setdefault(p.place_id, []).append(p)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < 2 or (len(ranked) > 1 and len(ranked[1]) == len(ranked[0])):
        return None
    return ranked[0][0]


def _town_in(own, found: Geoparse, article: Article, unit: _Unit) -> ResolvedPlace | None:
    """The town a sentence means by "областного центра", "в городе", "по городу" (None if
    it says neither), when it names no town: the context's town in the region the sentence
    names (or in the article's region), else the outlet's home town there, else the centre
    of that region."""
    if not unit.flags & {"region_centre", "this_town"}:
        return None
    regions = {p.admin1 for p in own if p.kind == "region"}
    region = next(iter(regions), None) if len(regions) == 1 else found.region
    towns = [p for p in _where_it_happens(found.context) if p.kind in {"settlement", "city"}]
    town = next((t for t in towns if region is None or t.admin1 == region), None)
    home = _outlet_place(found)
    if town is None and home is not None and home.kind in {"settlement", "city"}:
        town = home if region is None or home.admin1 == region else None
    if town is not None or "region_centre" not in unit.flags or region is None:
        return town
    # "на блокпостах областного центра": the centre of the region the article is about.
    said = next(
        m
        for p in _markers()["region_centre"]
        if (m := p.search(found.folded, unit.sentence[0], unit.sentence[1]))
    )
    written = article.text[said.start() : said.end()]
    centre = found.resolver.geocoder.gazetteer.region(region).centre
    return found.resolver.place(centre, written, said.start(), said.end(), "region_centre")


def _context_pick(found: Geoparse) -> list[ResolvedPlace]:
    """The document context's most specific place, with the places of its kind listed in the
    same sentence ("в Актобе и Костанае"). Inside the article's region, when it has one: a
    lead that names where helpers came from (another region) is less often the action's."""
    context = _where_it_happens(found.context)
    inside = [p for p in context if p.admin1 == found.region or p.kind == "country"]
    best = _most_specific(inside or context)
    sentence = next((s for s in found.sentences if s.start <= best.start < s.end), None)
    listed = [
        p
        for p in inside or context
        if p.kind == best.kind and sentence and sentence.start <= p.start < sentence.end
    ]
    return listed or [best]


def _most_specific(context: list[ResolvedPlace]) -> ResolvedPlace:
    """The first context place, or a more specific one inside it: a headline that names the
    region and a lead that names a town in it give the town. A headline that says the whole
    country keeps it: an agency's dateline town is where the news was written."""
    best = context[0]
    for place in context[1:]:
        inside = best.kind != "country" and place.admin1 == best.admin1
        if inside and SPECIFICITY[place.kind] < SPECIFICITY[best.kind]:
            best = place
    return best


def _outlet_place(found: Geoparse) -> ResolvedPlace | None:
    """The outlet's home town, or its region for a regional outlet (geo/resources/outlets.csv)."""
    outlet = found.outlet
    if outlet is None or not outlet.admin1:
        return None
    gazetteer = found.resolver.geocoder.gazetteer
    towns = [
        p
        for p in gazetteer.lookup(name_key(outlet.home))
        if p.admin1 == outlet.admin1 and p.kind in {"settlement", "city"}
    ]
    town = max(towns, key=lambda p: p.population, default=None) if outlet.home else None
    place = town or gazetteer.region(outlet.admin1)
    if place is None:
        return None
    return found.resolver.place(place.id, outlet.outlet, 0, 0, "outlet")


def _merge(action: Action, unit: _Unit, with_places: bool, evidence: bool = True) -> None:
    action.types = _ordered(action.types + unit.types)
    action.organisations = _unique(action.organisations + [o.org_id for o in unit.orgs])
    own = [p for p in unit.places if p.explicit and places_an_action(p)]
    if own and action.place_source != "sentence" and unit.types:
        # Placed from the context until a sentence that tells it names the place itself.
        action.places, action.place_source = list(own), "sentence"
    elif with_places:
        known = {p.place_id for p in action.places}
        action.places += [p for p in own if p.place_id not in known]
    else:
        _add_region_centre(action, unit)
    if evidence and unit.sentence not in action.evidence:
        action.evidence.append(unit.sentence)
    if evidence:
        action.spans.append((unit.start, unit.end))
    action.paragraph = unit.paragraph


def _add_region_centre(action: Action, unit: _Unit) -> None:
    """A sentence that says "областной центр" of a region the action is in adds that centre
    (geo.geoparse.document): the action's most specific place ("в шести районах и областном центре"
    after an action told of the whole region)."""
    regions = {p.admin1 for p in action.places if p.kind == "region"}
    known = {p.place_id for p in action.places}
    action.places += [
        p
        for p in unit.places
        if p.via == "region_centre" and p.admin1 in regions and p.place_id not in known
    ]


def _finest_places(places: list[ResolvedPlace]) -> list[ResolvedPlace]:
    """Keep the most precise places: a region or district goes when a town or road point in it
    is named (not the town helpers came from, geo.geoparse.roles), a town goes when a checkpoint on
    a
    road out of it is named."""
    anchors = {p.anchor_id for p in places if p.anchor_id}
    points = [p for p in places if p.kind in POINT_KINDS]
    kept, seen = [], set()
    for p in places:
        if p.place_id in seen or p.place_id in anchors:
            continue
        # The town helpers came from ("Семей қаласынан") does not locate the region they
        # help in ("Абай облысы аумағында"): only a point of the same role drops an area.
        inside = [q for q in points if q.role != "from" or p.role == "from"]
        if p.kind in {"district", "region", "country"} and any(
            q.admin1 == p.admin1 or p.kind == "country" for q in inside
        ):
            continue
        seen.add(p.place_id)
        kept.append(p)
    return kept


def _drop_repeats(actions: list[Action]) -> list[Action]:
    """The same action told twice in one article is one action: the same type, places and
    organisations; or a headline that names no organisation, told again in the body with the
    same places or more precise ones in the same region."""
    kept: list[Action] = []
    for action in actions:
        twin = next((k for k in kept if _retold(k, action)), None)
        if twin is None:
            kept.append(action)
            continue
        twin.retold = True
        if not twin.organisations:  # the body says more than the headline
            twin.organisations = list(action.organisations)
            # The body's place replaces the headline's only when the body names it, and the
            # headline's is coarser or only read from the context.
            told_here = twin.place_source == "sentence" and not _coarser(twin.places, action.places)
            if action.place_source == "sentence" and not told_here:
                twin.places, twin.place_source = action.places, action.place_source
        twin.evidence += [e for e in action.evidence if e not in twin.evidence]
        twin.spans += [s for s in action.spans if s not in twin.spans]
    return kept


def _retold(first: Action, later: Action) -> bool:
    if first.types[:1] != later.types[:1]:
        return False
    same_places = {p.place_id for p in first.places} == {p.place_id for p in later.places}
    if same_places and set(first.organisations) == set(later.organisations):
        return True
    # A headline is told again once, by the body's first sentence of its kind; later ones
    # ("В частности, ...") are the local actions the headline sums up.
    headline = first.paragraph == 0 and not first.organisations and not first.retold
    # A headline placed by its lead is told again by the lead's sentence at that place.
    # A headline told again by a body sentence that names its places and more ("Павлодарлықтар
    # ... жөнелтті", then "Павлодар қаласынан Арысқа ... жөнелтілді") is one action too.
    from_lead = {p.place_id for p in first.places} <= {p.place_id for p in later.places}
    return headline and (same_places or from_lead or _coarser(first.places, later.places))


def _coarser(places: list[ResolvedPlace], than: list[ResolvedPlace]) -> bool:
    """Are ``places`` the regions (or the country) that ``than`` lie in?"""
    broad = [p for p in places if p.kind in {"region", "country"}]
    return len(broad) == len(places) and all(
        any(b.kind == "country" or b.admin1 == p.admin1 for b in broad) for p in than
    )


def _unique(items):
    return list(dict.fromkeys(items))

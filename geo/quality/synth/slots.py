"""The values of a template's slots for one action, chosen as they are written.

In: the ``Writer``, an ``Act`` and its ``Doc``, the ``rng`` and the ``World``. Out:
``slots(...) -> dict`` from slot name ({where}, {actor}, {when}, {ben}, {n}, ...) to a
value or a function that writes it; writing a slot records its truth in the action:
the places (through the writer), the organisations (``organisation``: one of
``geo/resources/organisations.csv`` in a written form, an invented one, or a state body), the
beneficiaries, and the dates (``when``: the action's day, range, week or month in words,
or nothing, and then the publication day).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from geo.quality.synth.language import kk_case, kk_number_ablative
from geo.quality.synth.plan import Act, Doc, Mention
from geo.quality.synth.world import World
from geo.quality.synth.writer import Writer


def slots_for(writer: Writer, act: Act, doc: Doc, rng, w: World, headline: bool = False) -> dict:
    """The values of a template's slots for ``act``; places, organisations, beneficiaries and
    dates are chosen when the slot is written, and recorded in the action's truth."""
    t, script = writer.t, writer.script
    names = w.templates["names"]
    act.campaign = act.campaign or rng.choice(names["campaigns"])

    def ben(form: str):
        def value():
            if act.ben_key is None:
                options = w.templates["beneficiaries_by_type"].get(act.type) or ["needy"]
                if act.road and act.type == "humanitarian_aid":
                    options = ["drivers_and_travellers"]
                act.ben_key = rng.choice(options)
            k = act.ben_key
            if k not in act.beneficiaries:
                act.beneficiaries.append(k)
            return rng.choice(t["beneficiaries"][k][form])

        return value

    def ben_n():
        n = rng.choice([12, 15, 20, 25, 30, 40, 45, 50, 60, 75, 80, 100, 120, 150, 200, 300])
        return f"{n} {ben('dat_n')()}"

    def where():
        if act.road:
            return writer.road(act)
        return writer.where(act, "loct")

    def places_in(case: str):
        def value():
            if act.nationwide or act.road:
                return where()
            places = act.places
            return writer.join(writer.place(p, case, act.containers.get(p.id)) for p in places)

        return value

    def origin():
        if act.origin is None:
            return ""
        return writer.place(act.origin, "from")

    def actor():
        org = organisation(act, doc, rng, w, "actor")
        suffix = ""
        if act.origin is not None and not act.road:
            suffix = origin()
        if org is None:
            base = rng.choice(t["actors_plain"])
            town = act.places[0] if len(act.places) == 1 else None
            if script == "ru" and not suffix and town and town.demonym and rng.random() < 0.3:
                # "неравнодушные карагандинцы": the people of the town name it
                writer.pending.append(Mention(town, town.demonym))
                return f"неравнодушные {town.demonym}"
            if script == "kk" and suffix:
                return f"{suffix} келген {base}"
            return f"{base} {suffix}".strip()
        role = rng.choice(t["actor_roles"])
        if script == "ru":
            return f"{role} {org[1]} {suffix}".strip()
        before = f"{suffix} келген " if suffix else ""
        return f"{before}{org[1]} {role}"

    def with_organisation(role: str, chance: float, form: int, ru: str, kk: str):
        """{partner}, {sponsor}: now and then a phrase with an organisation (``form`` 1 is
        its genitive, 2 its instrumental), else nothing."""

        def value():
            if rng.random() > chance:
                return ""
            org = organisation(act, doc, rng, w, role)
            return (ru if script == "ru" else kk).format(org[form])

        return value

    def sponsor_gen():
        org = organisation(act, doc, rng, w, "sponsor", required=True)
        return org[1]

    def when():
        return _when(writer, act, doc, rng) if not headline else ""

    n = rng.choice([15, 20, 25, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300, 500])
    return {
        "when": when,
        "where": where,
        "where_gen": places_in("gent"),
        "to": places_in("accs"),
        "road": lambda: writer.road(act),
        "from": origin,
        "actor": actor,
        "partner": with_organisation("partner", 0.25, 2, " совместно с {}", "{} бірлесіп "),
        "sponsor": with_organisation("sponsor", 0.3, 1, "при поддержке {} ", "{} қолдауымен "),
        "sponsor_gen": sponsor_gen,
        "ben": ben("dat"),
        "ben_gen": ben("gen"),
        "ben_n": ben_n,
        "n": str(n),
        "n_abl": kk_number_ablative(n),
        "money": rng.choice(["150 000", "320 000", "480 000", "1 200 000", "2 500 000", "750 000"]),
        "tons": rng.choice(["более 2 тонн", "около 800 килограммов", "1,5 тонны", "5 тонн"]),
        "river": (names["rivers_ru"] if script == "ru" else names["rivers_kk"]).get(
            doc.admin1, "Ишим" if script == "ru" else "Есіл"
        ),
        "campaign": act.campaign,
    }


def organisation(act: Act, doc: Doc, rng, w: World, role: str, required: bool = False):
    """An organisation for ``role`` (actor, partner, sponsor) as (truth, genitive,
    instrumental) in the article's script, recorded in the action's truth; None, for an
    actor that is not ``required``, now and then (plain volunteers)."""
    script = doc.script
    roll = rng.random()
    if role == "actor" and roll < 0.3 and not required:
        return None
    day = doc.day
    table = [
        spec
        for spec in w.templates["orgs"].values()
        if role in spec["roles"]
        and script in spec
        and (not spec.get("regions") or doc.admin1 in spec["regions"])
        and (not spec.get("types") or act.type in spec["types"])
        and (not spec.get("from") or date.fromisoformat(spec["from"]) <= day)
        and (not spec.get("to") or day <= date.fromisoformat(spec["to"]))
    ]
    table = [spec for spec in table if _org_names()[spec["id"]] not in act.organisations]
    bodies = [
        b
        for b in w.templates["bodies"]
        if (not b.get("types") or act.type in b["types"])
        and b[f"truth_{script}"] not in act.organisations
    ]
    choice = rng.random()
    if table and (choice < 0.35 or role == "sponsor" and choice < 0.7):
        spec = rng.choice(table)
        _, gen, ins = rng.choice(spec[script])
        out = (_org_names()[spec["id"]], gen, ins)
    elif choice < 0.85 or role == "sponsor" or not bodies:
        unused = [x for x in w.templates["names"]["unlisted_orgs"] if x not in act.organisations]
        name = rng.choice(unused)
        _, gen, ins = (f.format(x=name) for f in rng.choice(w.templates["unlisted_kinds"][script]))
        out = (name, gen, ins)
    else:
        body = rng.choice(bodies)
        out = (body[f"truth_{script}"], body[script][1], body[script][2])
    if out[0] not in act.organisations:
        act.organisations.append(out[0])
    return out


@cache
def _org_names() -> dict[str, str]:
    from geo.reference import organisations

    return {k: v.name for k, v in organisations().items()}


def _when(writer: Writer, act: Act, doc: Doc, rng) -> str:
    """The action's date in words, or "" (then the truth is the publication day)."""
    t = writer.t
    pub = doc.published
    roll = rng.random()
    if pub is not None and roll < 0.28:
        act.period, act.date_note = (pub, pub, "day"), "date from publication"
        return ""
    if pub is None and roll < 0.15:
        act.date_note = "no date"
        return ""
    if pub is not None and roll < 0.36:
        choice = rng.random()
        if choice < 0.5:
            d = pub - timedelta(days=1)
            act.period, act.date_note = (d, d, "day"), "relative: yesterday"
            return t["yesterday"]
        if choice < 0.75:
            saturday = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
            act.period = (saturday, saturday + timedelta(days=1), "week")
            act.date_note = "relative: last weekend"
            return t["last_weekend"]
        monday = pub - timedelta(days=pub.weekday() + 7)
        act.period = (monday, monday + timedelta(days=6), "week")
        act.date_note = "relative: last week"
        return t["last_week"]
    base = doc.day
    if roll < 0.44:  # a range within one month
        end = base - timedelta(days=rng.randint(0, 3))
        start = end - timedelta(days=rng.randint(1, 5))
        if start.month == end.month:
            act.period, act.date_note = (start, end, "day"), "range in the text"
            year = pub is None or rng.random() < 0.5
            if writer.script == "ru":
                tail = f" {end.year} года" if year else ""
                return f"с {start.day} по {end.day} {t['months'][end.month - 1]}{tail}"
            head = f"{end.year} жылғы " if year else ""
            return f"{head}{start.day}–{end.day} {t['months'][end.month - 1]} аралығында"
    if roll < 0.49 and (pub is None or pub.day > 20):  # a month
        first = base.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        act.period, act.date_note = (first, last, "month"), "month in the text"
        if writer.script == "ru":
            return f"в {t['months_loct'][base.month - 1]} {base.year} года"
        return f"{base.year} жылдың {t['months_in'][base.month - 1]}"
    d = base - timedelta(days=rng.randint(0, 6))
    act.period, act.date_note = (d, d, "day"), "day in the text"
    year = pub is None or d.year != pub.year or rng.random() < 0.6
    if writer.script == "ru":
        tail = f" {d.year} года" if year else ""
        return f"{d.day} {t['months'][d.month - 1]}{tail}"
    month = kk_case(t["months"][d.month - 1], "loc")
    return f"{d.year} жылғы {d.day} {month}" if year else f"{d.day} {month}"

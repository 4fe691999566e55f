"""One synthetic article written out: headline, a paragraph an action, quotes, closing.

In: a planned ``Doc``, its ``rng`` and the ``World``. Out: ``write_article`` fills
``doc.headline``, ``doc.paragraphs`` and, for HTML pages, ``doc.related`` (headlines of
other articles for "Читайте также", not in the truth), and completes every action's truth
(places as first mentioned, organisations, beneficiaries, dates, the template it came from).
Templates follow the season of the article's day (snow in winter, planting out of it).
"""

from __future__ import annotations

import re
from datetime import date

from geo.quality.synth.language import kk_number_ablative
from geo.quality.synth.plan import Act, Doc, choose_places, place_key, weighted
from geo.quality.synth.slots import organisation, slots_for
from geo.quality.synth.world import World
from geo.quality.synth.writer import Writer


def write_article(doc: Doc, rng, w: World) -> None:
    """Write the planned ``doc``: its headline, paragraphs, related headlines and truth."""
    writer = Writer(doc, rng, w)
    t = writer.t
    acts = doc.actions
    first = acts[0]
    slots_first = slots_for(writer, first, doc, rng, w, headline=True)
    if rng.random() < 0.8:
        template = rng.choice(_in_season(t[first.type]["headline"], doc.day))
        doc.headline = writer.sentence(template, slots_first).rstrip(".")
    else:
        doc.headline = writer.sentence(_generic_headline(writer, rng), {}).rstrip(".")
    quote_after = 0 if rng.random() < 0.6 else None
    for k, act in enumerate(acts):
        slots = slots_for(writer, act, doc, rng, w)
        spec = t[act.type]
        bodies = spec.get("road") if act.road else spec["body"]
        if act.nationwide:  # "по всей стране" goes only where a place phrase goes
            bodies = [b for b in spec["body"] if "{where}" in b and "{river}" not in b]
        template = rng.choice(_in_season(bodies or spec["body"], doc.day))
        section = "road" if template in spec.get("road", []) else "body"
        act.template = f"{writer.script}.{act.type}.{section}[{spec[section].index(template)}]"
        connector = rng.choice(t["new_action"]) if k and rng.random() < 0.6 else ""
        sentences = [writer.sentence(template, slots, connector)]
        if "{actor}" not in template and rng.random() < 0.6:
            sentences.append(_organisers(writer, act))
        details = [
            d if isinstance(d, str) else d["text"]
            for d in spec["details"]
            if isinstance(d, str) or re.search(d["needs"], template)
        ]
        if details and rng.random() < 0.4:
            sentences.append(writer.sentence(rng.choice(details), {}))
        _finish_action(writer, act)
        doc.paragraphs.append(" ".join(sentences))
        if quote_after == k:
            doc.paragraphs.append(_quote(writer, rng, w))
    if rng.random() < 0.5:
        n = rng.choice([20, 30, 40, 50, 60, 100, 150])
        text = rng.choice(t["closings"])
        closing = writer.sentence(text, {"n": str(n), "n_abl": kk_number_ablative(n)})
        doc.paragraphs.append(closing)
    if doc.html:
        writer.recording = False
        for _ in range(rng.randint(2, 3)):
            doc.related.append(_related_headline(doc, rng, w))


_WINTER = re.compile(r"снег|уголь|дров|зим|қар|көмір|отын")
_WARM = re.compile(r"саженц|субботник|побелили|берег|көшет|сенбілік|жағасын|флешмоб")


def _in_season(templates: list[str], day: date) -> list[str]:
    """Snow and coal in winter, planting and clean-ups out of it."""
    winter = day.month in {11, 12, 1, 2, 3}
    kept = [
        t
        for t in templates
        if not (_WINTER.search(t) and not winter)
        and not (_WARM.search(t) and day.month in {12, 1, 2})
    ]
    return kept or templates


def _generic_headline(writer: Writer, rng) -> str:
    if writer.script == "ru":
        return rng.choice(
            ["Волонтеры продолжают помогать", "Добрые дела волонтеров", "Акция добра"]
        )
    return rng.choice(["Еріктілер көмектесуді жалғастыруда", "Игі істер", "Ізгілік акциясы"])


def _related_headline(doc: Doc, rng, w: World) -> str:
    """A headline of another article for the page's "Читайте также": other places, not this
    article's truth (the page reader must cut it)."""
    other = Doc(
        doc.doc_id,
        doc.lang,
        rng.choice(w.units),
        doc.published,
        doc.day,
        "meta",
        False,
        False,
        None,
        None,
    )
    used: set[str] = set()
    act = Act(weighted(rng, w.templates["weights"]["action_types"]))
    choose_places(act, other, rng, w, used, doc.day)
    if not act.places and not act.nationwide:
        act.nationwide = True
    writer = Writer(other, rng, w)
    writer.recording = False
    slots = slots_for(writer, act, other, rng, w, headline=True)
    template = rng.choice(writer.t[act.type]["headline"])
    return writer.sentence(template, slots).rstrip(".")


def _organisers(writer: Writer, act: Act) -> str:
    org = organisation(act, writer.doc, writer.rng, writer.w, "actor", required=True)
    role = writer.rng.choice(writer.t["actor_roles"])
    if writer.script == "ru":
        return writer.sentence(f"Акцию организовали {role} {org[1]}.", {})
    return writer.sentence(f"Акцияны {org[1]} {role} ұйымдастырды.", {})


def _finish_action(writer: Writer, act: Act) -> None:
    keys = []
    if act.nationwide:
        keys.append(writer.w.country.id)
    if act.road:
        keys.append(place_key(None, act.road))
    keys += [p.id for p in act.places]
    act.place_keys = [k for k in keys if k in writer.doc.mentions]
    if act.period is None and writer.doc.published is not None and act.date_note != "no date":
        pub = writer.doc.published
        act.period, act.date_note = (pub, pub, "day"), "date from publication"


def _quote(writer: Writer, rng, w: World) -> str:
    t, names = writer.t, w.templates["names"]
    female = rng.random() < 0.5
    first = rng.choice(names["first_names_f"] if female else names["first_names_m"])
    surname = rng.choice(names["surnames"]) + ("а" if female else "")
    said = rng.choice(t["said"] if female else t["said_m"])
    role = rng.choice(t["speaker_roles"] if female else t["speaker_roles_m"])
    quote = rng.choice(t["quotes"])
    return f"«{quote}», – {said} {role} {first} {surname}."

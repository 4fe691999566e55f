"""Place phrases and sentences of one synthetic article, and the first mention of each place.

In: a planned ``Doc``, its ``rng`` and the ``World``. Out: a ``Writer`` whose ``place``,
``where`` and ``road`` return a place in the case a template needs ("в Караганде", "в селе
Аксу Абайского района", "Атырауда", "Ақсу ауылында", "на трассе Караганда – Темиртау"), with
the name the place had on the article's day, and whose ``sentence`` fills a template's slots
and records in ``doc.mentions`` the first mention of every place the sentence names.
Kazakh Latin is written in Cyrillic here and transliterated when the files are written.
"""

from __future__ import annotations

import random
import re
import string
from datetime import date

from geo.quality.synth.language import common_word, kk_case, kk_possessive_case, ru_preposition
from geo.quality.synth.plan import Act, Doc, Mention, place_key
from geo.quality.synth.world import SynthPlace, World


class Writer:
    """Writes one article in one language (Kazakh Latin is written in Cyrillic and
    transliterated at the end), keeping the first mention of every place."""

    def __init__(self, doc: Doc, rng: random.Random, w: World):
        self.doc, self.rng, self.w = doc, rng, w
        self.script = doc.script
        self.t = w.templates[self.script]
        self.pending: list[Mention] = []
        self.recording = True

    # -- names on the day ----------------------------------------------------------------

    def _names(self, p: SynthPlace) -> tuple[str, dict | None, str]:
        day = self.doc.day
        for r in self.w.renamed.get(p.id, []):
            if date.fromisoformat(r["from"]) <= day <= date.fromisoformat(r["to"]):
                return r["ru"], r["ru_forms"], r["kk"]
        return p.ru, p.ru_forms, p.kk

    # -- Russian phrases -----------------------------------------------------------------

    def _ru_settlement(self, p: SynthPlace, case: str) -> tuple[str, str]:
        """(phrase with preposition for loct/accs/from, mention)."""
        rng = self.rng
        name, forms, _ = self._names(p)
        kinds = self.t["kinds"]
        kind_forms = kinds[p.ru_kind]
        index = {"nomn": 0, "loct": 1, "gent": 2, "datv": 3, "accs": 4}
        kase = "gent" if case == "from" else case
        common = common_word(name)
        roll = rng.random()
        if forms and not common and roll < 0.7:
            mention = forms[kase]
            phrase = mention
        elif forms and p.ru_kind == "city" and roll < 0.85:
            abbr = kinds["city_abbr"]
            mention = f"{abbr} {forms[kase]}"
            phrase = mention
        elif roll < 0.92 and not common:
            abbr = kinds[f"{p.ru_kind}_abbr"]
            mention = f"{abbr} {name}"
            phrase = mention
        else:
            mention = forms[kase] if forms and p.ru_kind == "city" else name
            phrase = f"{kind_forms[index[kase]]} {mention}"
        return ru_preposition(case, phrase), mention

    def _ru_unit(self, p: SynthPlace, case: str) -> tuple[str, str]:
        kase = "gent" if case == "from" else case
        if p.kind == "region" and p.abbreviation and self.rng.random() < 0.3:
            mention = p.abbreviation
        else:
            mention = p.ru_forms[kase]
        return ru_preposition(case, mention), mention

    def ru_place(self, p: SynthPlace, case: str, container: SynthPlace | None = None) -> str:
        if p.kind == "settlement":
            phrase, mention = self._ru_settlement(p, case)
        else:
            phrase, mention = self._ru_unit(p, case)
        self.pending.append(Mention(p, mention))
        if container is not None:
            _, contained = self._ru_unit(container, "gent")
            self.pending.append(Mention(container, contained))
            phrase = f"{phrase} {contained}"
        return phrase

    # -- Kazakh phrases ------------------------------------------------------------------

    def kk_place(self, p: SynthPlace, case: str, container: SynthPlace | None = None) -> str:
        _, _, name = self._names(p)
        kinds = self.t["kinds"]
        if p.kind == "settlement" and p.city and self.rng.random() < 0.45 and case != "nom":
            phrase = kk_case(name, case) if " " not in name else None
        else:
            phrase = None
        if phrase is None:
            if p.kind == "settlement":
                phrase = f"{name} {kk_possessive_case(kinds[p.kk_kind], case)}"
            else:
                words = name.split()
                last = words[-1]
                if last.endswith(("ы", "і")):
                    words[-1] = kk_possessive_case(last, case)
                else:
                    words[-1] = kk_case(last, case) if case != "nom" else last
                phrase = " ".join(words)
        prefix = ""
        if container is not None:
            kind = "nom" if container.kind == "district" else "gen"
            prefix = self.kk_place(container, kind) + " "
        self.pending.append(Mention(p, phrase))
        return prefix + phrase

    def place(self, p: SynthPlace, case: str, container: SynthPlace | None = None) -> str:
        """``case``: loct (where), gent, accs (to), from; Kazakh: loc, gen, dat, abl."""
        if self.script == "ru":
            return self.ru_place(p, case, container)
        kk = {"loct": "loc", "gent": "gen", "accs": "dat", "from": "abl"}[case]
        return self.kk_place(p, kk, container)

    def where(self, act: Act, case: str = "loct") -> str:
        if act.nationwide:
            phrase = self.t["nationwide"]
            self.pending.append(Mention(self.w.country, phrase))
            return phrase
        phrases = []
        for p in act.places:
            container = act.containers.get(p.id)
            if p.kind == "region" and act.regionwide and case == "loct":
                phrases.append(self._regionwide(p))
            elif p.kind == "district" and case == "loct" and self.rng.random() < 0.3:
                phrases.append(self._district_villages(p))
            else:
                phrases.append(self.place(p, case, container))
        return self.join(phrases)

    def join(self, phrases) -> str:
        """ "A и B", "A және B"."""
        return (" и " if self.script == "ru" else " және ").join(phrases)

    def _regionwide(self, p: SynthPlace) -> str:
        if self.script == "ru":
            if p.abbreviation and self.rng.random() < 0.3:
                mention = p.abbreviation
                phrase = f"во всех районах {mention}"
            else:
                mention = p.ru_forms["datv"]
                phrase = f"по всей {mention}"
            self.pending.append(Mention(p, mention))
            return phrase
        phrase = self.kk_place(p, "gen")
        return f"{phrase} барлық аудандарында"

    def _district_villages(self, p: SynthPlace) -> str:
        if self.script == "ru":
            mention = p.ru_forms["gent"]
            self.pending.append(Mention(p, mention))
            return f"в населенных пунктах {mention}"
        return f"{self.kk_place(p, 'gen')} елді мекендерінде"

    def road(self, act: Act) -> str:
        a, b = act.road
        na, _, ka = self._names(a)
        nb, _, kb = self._names(b)
        if self.script == "ru":
            mention = f"трассе {na} – {nb}"
            phrase = f"на {mention}"
        else:
            mention = f"{ka} – {kb} тас жолында"
            phrase = mention
        self.pending.append(Mention(None, mention, road=(a, b)))
        return phrase

    # -- sentences -----------------------------------------------------------------------

    def sentence(self, template: str, slots: dict, connector: str = "") -> str:
        """Fill ``template``'s slots in the order they appear, tidy spaces, capitalise."""
        out = [connector]
        for literal, name, _, _ in string.Formatter().parse(template):
            out.append(literal)
            if name is not None:
                value = slots[name]
                out.append(value() if callable(value) else value)
        text = re.sub(r"\s+", " ", "".join(out)).strip()
        text = re.sub(r"\s+([,.:;])", r"\1", text)
        text = re.sub(r"^[,:;]\s*", "", text)
        first = next((i for i, ch in enumerate(text) if ch.isalnum()), None)
        if first is not None and text[first].islower():
            text = text[:first] + text[first].upper() + text[first + 1 :]
        self._commit(text)
        return text

    def _commit(self, text: str) -> None:
        found = []
        for m in self.pending:
            at = text.find(m.text)
            if at < 0 and m.text[:1].islower():
                m.text = m.text[0].upper() + m.text[1:]
                at = text.find(m.text)
            found.append((at, m))
        self.pending = []
        if not self.recording:
            return
        for _, m in sorted(found, key=lambda f: f[0]):
            k = place_key(m.place, m.road)
            self.doc.mentions.setdefault(k, m)

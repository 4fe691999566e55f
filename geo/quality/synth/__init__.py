"""Synthetic corpus: realistic news articles about volunteer actions, with their truth.

In: the gazetteer (geo.geoparse.gazetteer: the settlements of GeoNames cities500, every district of
``geo/resources/districts.csv``, the regions and cities of ``geo/resources/places_overlay.csv``),
the
organisations of ``geo/resources/organisations.csv`` as news write them, the sentence templates of
``geo/resources/quality/synth_templates.toml`` (invented for this purpose), a count and a seed.
Out: ``generate(n, out_dir, seed) -> SynthResult`` writes a folder laid out like ``tests/gold``,
so that ``geo evaluate --gold DIR`` scores the pipeline on it and ``geo build --corpus
DIR/articles`` reads it:

    DIR/articles/sNNNNN_<lang>.txt|.html   the article; Russian (~60 %), Kazakh in Cyrillic
                                           (~30 %) and in the Latin alphabet (~10 %)
    DIR/articles/sNNNNN_<lang>.meta.toml   language; published (or a dd.mm.yyyy dateline at
                                           the top instead); sometimes url, outlet, region
    DIR/expected_places.csv                every place each article names (first mention)
    DIR/expected_actions.csv               every action: type, organisations, places,
                                           beneficiaries, dates; the note names the template
    DIR/README.md                          what this is: synthetic, the seed, the counts

Articles have 1-3 actions and 1-4 places (settlements of every region, districts, regions,
roads "трасса X – Y", the whole country), dates from 2019 to 2025 written in words ("5 января
2022 года", "2022 жылғы 5 қаңтарда", "2022 jylǵy 5 qańtarda", "вчера") and organisations in
their written forms. Russian names are inflected where pymorphy3 knows them as place names
("в Караганде") and kept in the nominative after a kind word otherwise ("в селе Аксу");
Kazakh puts the name in the nominative before a kind word ("Ақсу ауылында") or, for cities,
adds the case ending ("Атырауда"). Kazakh Latin is the Kazakh text transliterated with the
acute-accent alphabet the rest of the project reads and calls the 2021 alphabet (geo.language.names,
tests/gold: á ǵ ı ń ó ú ý, sh, ch; not the ä ğ ñ ş of the version presented in 2021,
which geo.language.names does not read). Only names that lead back to their place in the gazetteer,
given their region, are used, and an article naming one that has namesakes elsewhere gets
its region in the sidecar (a regional outlet), so that a careful reader could place every
row of the truth.
Some articles are HTML pages with menus, "Читайте также" and scripts; ``bad`` adds empty and
binary files and re-encodes some Russian articles in cp1251. The same seed gives the same
corpus, and article i is the same whatever the count.

The package, in the order it runs: ``world`` (the places), ``plan`` (what each article is
about), ``writer`` and ``slots`` (place phrases, organisations, dates in words), ``article``
(the sentences), ``files`` (pages, sidecars, truth rows, README); ``language`` holds the
Kazakh and Russian word forms they share.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from geo.quality.synth.article import write_article
from geo.quality.synth.files import (
    ACTION_FIELDS,
    PLACE_FIELDS,
    action_rows,
    cp1251_can,
    html_page,
    meta,
    place_rows,
    readme,
    text_page,
    write_csv,
)
from geo.quality.synth.plan import plan
from geo.quality.synth.world import world

__all__ = ["SynthResult", "generate"]


@dataclass
class SynthResult:
    out: Path
    articles: int
    languages: Counter
    html: int
    places: int
    actions: int
    bad_files: list[str]
    cp1251: int
    seconds: float

    def summary(self) -> str:
        shares = ", ".join(
            f"{k} {v / max(self.articles, 1):.0%}" for k, v in sorted(self.languages.items())
        )
        return (
            f"{self.articles} articles ({shares}; {self.html} HTML, {self.cp1251} cp1251), "
            f"{self.places} places, {self.actions} actions, {len(self.bad_files)} bad files "
            f"in {self.out} in {self.seconds:.1f} s"
        )


def generate(
    n: int, out: Path | str, seed: int = 1, bad: float = 0.0, progress: bool = False
) -> SynthResult:
    """Write ``n`` articles and their truth into ``out`` (see the module docstring). ``bad``:
    the share of files that exercise the build report (empty, binary, cp1251), on top of
    the ``n`` articles (cp1251 ones are re-encoded Russian articles, still in the truth)."""
    from tqdm import tqdm

    started = time.perf_counter()
    out = Path(out)
    folder = out / "articles"
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty: choose a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    w = world()
    n_bad = round(bad * n)
    bad_rng = random.Random(f"synth:{seed}:bad")
    places: list[dict] = []  # rows of expected_places.csv
    actions: list[dict] = []
    languages: Counter = Counter()
    html_count = 0
    russian: list[Path] = []  # plain-text Russian articles cp1251 can encode
    for i in tqdm(range(1, n + 1), desc="synthetic articles", unit="article", disable=not progress):
        doc, rng = plan(i, seed, w)
        write_article(doc, rng, w)
        text = html_page(doc, rng, w) if doc.html else text_page(doc)
        path = folder / f"{doc.doc_id}{'.html' if doc.html else '.txt'}"
        path.write_text(text, encoding="utf-8")
        (folder / f"{doc.doc_id}.meta.toml").write_text(meta(doc), encoding="utf-8")
        if doc.lang == "ru" and not doc.html and cp1251_can(text):
            russian.append(path)
        places += place_rows(doc)
        actions += action_rows(doc)
        languages[doc.lang] += 1
        html_count += doc.html
    # A third of the bad files are Russian articles saved in cp1251: read with a warning,
    # still in the truth.
    recoded = bad_rng.sample(russian, min(len(russian), n_bad // 3))
    for path in recoded:
        path.write_bytes(path.read_text(encoding="utf-8").encode("cp1251"))
    n_cp1251 = len(recoded)
    bad_files = []
    for k in range(n_bad - n_cp1251):
        name = f"s{n + k + 1:05d}_bad.txt"
        if k % 2 == 0:
            (folder / name).write_bytes(b"")
        else:
            junk = bytes(bad_rng.randrange(256) for _ in range(512))
            (folder / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + junk)
        bad_files.append(name)
    write_csv(out / "expected_places.csv", PLACE_FIELDS, places)
    write_csv(out / "expected_actions.csv", ACTION_FIELDS, actions)
    result = SynthResult(
        out,
        n,
        languages,
        html_count,
        len(places),
        len(actions),
        bad_files,
        n_cp1251,
        time.perf_counter() - started,
    )
    (out / "README.md").write_text(readme(result, seed, bad), encoding="utf-8")
    result.seconds = time.perf_counter() - started
    return result

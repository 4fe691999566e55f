"""The files of a synthetic corpus, from written articles.

In: a written ``Doc`` (and for HTML its ``rng`` and the ``World``'s page chrome). Out: the
article as text (``text_page``: headline, paragraphs, maybe a dd.mm.yyyy dateline) or as an
HTML page with menus, "Читайте также" and scripts (``html_page``), its ``.meta.toml``
sidecar (``meta``), its rows of ``expected_places.csv`` and ``expected_actions.csv``
(``place_rows``, ``action_rows``, written by ``write_csv``) and the corpus's README
(``readme``). Kazakh Latin articles are transliterated here, text and truth alike.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path
from typing import TYPE_CHECKING

from geo.quality.synth.language import to_latin
from geo.quality.synth.plan import Doc
from geo.quality.synth.world import World

if TYPE_CHECKING:
    from geo.quality.synth import SynthResult

PLACE_FIELDS = ["doc_id", "mention", "place", "kind", "admin1", "lat", "lon", "note"]
ACTION_FIELDS = [
    "doc_id",
    "action_type",
    "organisations",
    "places",
    "beneficiaries",
    "date_start",
    "date_end",
    "time_precision",
    "note",
]


def _as_written(doc: Doc, text: str) -> str:
    """Text of the article or its truth in the article's alphabet (Kazakh Latin is written
    in Cyrillic until here)."""
    return to_latin(text) if doc.lang == "kk-latn" else text


def text_page(doc: Doc) -> str:
    """The article as a .txt file."""
    body = "\n\n".join(doc.paragraphs)
    text = f"{doc.headline}\n\n{body}\n"
    if doc.date_mode == "dateline" and not doc.html:
        text = f"{doc.published:%d.%m.%Y}\n\n{text}"
    return _as_written(doc, text)


def html_page(doc: Doc, rng, w: World) -> str:
    """The article as a news site's page, with what a page reader must cut."""
    chrome = w.templates["html"]
    latin = doc.lang == "kk-latn"
    menu = chrome["menu_latn"] if latin else chrome[f"menu_{doc.script}"]
    also = chrome["read_also_latn"] if latin else chrome[f"read_also_{doc.script}"]

    def esc(s: str) -> str:
        return html.escape(_as_written(doc, s), quote=False)

    items = "".join(f'<li><a href="/{i}">{html.escape(m)}</a></li>' for i, m in enumerate(menu))
    langs = "".join(f"<li>{x}</li>" for x in ("RU", "KZ", "EN"))
    dateline = ""
    if doc.date_mode == "dateline":
        views = rng.randint(100, 5000)
        dateline = f'<div class="meta">{doc.published:%d.%m.%Y} <span>{views}</span></div>'
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in doc.paragraphs)
    related = "".join(
        f'<li><a href="/news/{k}">{esc(h)}</a></li>' for k, h in enumerate(doc.related)
    )
    year = doc.day.year
    tracker = json.dumps(
        {"page": "news", "city": "Алматы", "region": "Karaganda"}, ensure_ascii=False
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{doc.lang}"><head><meta charset="utf-8">'
        f"<title>Example.kz</title>"
        f"<script>window.dataLayer = [{tracker}];</script>"
        "<style>.menu{display:flex} p{margin:0 0 1em}</style></head>\n"
        f'<body><header><nav class="menu"><ul>{items}</ul></nav><ul class="lang">{langs}</ul>'
        f"</header>\n{dateline}\n<article><h1>{esc(doc.headline)}</h1>\n{paragraphs}</article>\n"
        f"<aside><h3>{html.escape(also)}</h3><ul>{related}</ul></aside>\n"
        f"<footer>{html.escape(chrome['footer'].format(year=year))}</footer>"
        '<script>document.querySelectorAll("a").forEach(a => a.rel = "noopener");</script>'
        "</body></html>\n"
    )


def meta(doc: Doc) -> str:
    """The article's .meta.toml sidecar."""
    lines = [f"language = {json.dumps(doc.lang)}"]
    if doc.date_mode == "meta":
        lines.append(f'published = "{doc.published.isoformat()}"')
    if doc.url:
        lines.append(f"url = {json.dumps(doc.url)}")
    if doc.outlet:
        lines.append(f"outlet = {json.dumps(doc.outlet, ensure_ascii=False)}")
    if doc.meta_region and not any(a.nationwide for a in doc.actions):
        lines.append(f"region = {json.dumps(doc.admin1)}")
    return "\n".join(lines) + "\n"


def place_rows(doc: Doc) -> list[dict]:
    """Its rows of expected_places.csv: the first mention of every place it names."""
    rows = []
    for m in doc.mentions.values():
        mention = _as_written(doc, m.text)
        if m.road is not None:
            a, b = m.road
            rows.append(
                {
                    "doc_id": doc.doc_id,
                    "mention": mention,
                    "place": f"{a.name_en} – {b.name_en} road near {a.name_en}",
                    "kind": "road",
                    "admin1": a.admin1,
                    "lat": f"{a.lat:.5f}",
                    "lon": f"{a.lon:.5f}",
                    "note": f"synthetic; road out of {a.name_en}, placed at it ({a.note[11:]})",
                }
            )
            continue
        p = m.place
        point = p.kind in {"settlement", "district"}
        rows.append(
            {
                "doc_id": doc.doc_id,
                "mention": mention,
                "place": p.name_en,
                "kind": p.kind,
                "admin1": p.admin1 or "",
                "lat": f"{p.lat:.5f}" if point else "",
                "lon": f"{p.lon:.5f}" if point else "",
                "note": p.note or "synthetic",
            }
        )
    return rows


def action_rows(doc: Doc) -> list[dict]:
    """Its rows of expected_actions.csv, one an action."""
    rows = []
    for act in doc.actions:
        places = []
        for k in act.place_keys:
            if k == "country:kazakhstan":
                places.append("Kazakhstan")
            else:
                places.append(_as_written(doc, doc.mentions[k].text))
        orgs = [_as_written(doc, o) for o in act.organisations]
        start, end, precision = act.period if act.period else ("", "", "")
        rows.append(
            {
                "doc_id": doc.doc_id,
                "action_type": act.type,
                "organisations": "; ".join(orgs),
                "places": "; ".join(places),
                "beneficiaries": "; ".join(act.beneficiaries),
                "date_start": str(start),
                "date_end": str(end),
                "time_precision": precision,
                "note": f"synthetic; {act.date_note}; template {act.template}",
            }
        )
    return rows


def cp1251_can(text: str) -> bool:
    try:
        text.encode("cp1251")
    except UnicodeEncodeError:
        return False
    return True


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def readme(result: SynthResult, seed: int, bad: float) -> str:
    shares = ", ".join(f"{k}: {v}" for k, v in sorted(result.languages.items()))
    return f"""# Synthetic corpus (generated, not real news)

Made by `geo synth --articles {result.articles} --seed {seed} --bad {bad:g}`
(geo/quality/synth/, templates in geo/resources/quality/synth_templates.toml). **Every article
here is synthetic**: the sentences come from invented templates, the people, numbers and most
organisation names are made up; only the places (the gazetteer) and the organisations of
geo/resources/organisations.csv are real.
The same seed and count give the same files.

- {result.articles} articles ({shares}); {result.html} are HTML pages with menus, "Читайте
  также" and scripts; {result.cp1251} Russian articles are saved in cp1251 (the build reads
  them with a warning; they are in the truth).
- {len(result.bad_files)} bad files that are no articles (empty or binary), for the build
  report: {", ".join(result.bad_files[:5])}{" ..." if len(result.bad_files) > 5 else ""}
- `expected_places.csv`: {result.places} places (first mention of each place in each article;
  districts at their centre; roads at the town they leave; regions and the country without
  coordinates). `expected_actions.csv`: {result.actions} actions (organisations by their
  canonical name for those of geo/resources/organisations.csv, else as written; dates from the text,
  else the publication day, else none).

Score the pipeline on it: `geo evaluate --gold THIS_FOLDER`; build it:
`geo build --corpus THIS_FOLDER/articles --out DIR`.
"""

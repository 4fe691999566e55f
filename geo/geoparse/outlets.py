"""Outlets: where a news outlet is at home, for an article whose text leaves its place open.

In: ``geo/resources/outlets.csv`` (site domain, the outlet's names, home town and region, source of
each fact); an ``Article`` (its sidecar's ``url`` and ``outlet``) and its folded text.
Out: ``outlet_home(article, folded) -> Outlet | None``: the outlet the article came from, with
its home town (English gazetteer name, or "" for a regional outlet) and region; national
outlets are in the table with no home, so they answer "nowhere in particular".

How: the sidecar's url host, less "www." and "amp." and any subdomain the table lacks
("tv.ekaraganda.kz" -> "ekaraganda.kz"); else the sidecar's ``outlet``; else a name the text
credits ("пишет «Мой город»", "сообщает Kazinform", "хабарлайды Kazinform"). The extractor uses
the answer only after the text itself and the article's context have said nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from geo import reference
from geo.ingest.corpus import Article
from geo.language.names import key

# "пишет «Мой город»", "сообщает Kazinform", "передает корреспондент Kazinform", and the
# Kazakh "... деп хабарлайды Kazinform тілшісі". Folded text.
CREDIT = re.compile(
    r"(?:пишет|пишут|сообщает|сообщают|передает|передают|хабарлайды|хабарлады|жазады)"
    r"\s+(?:(?:корреспондент\w*|тилшиси|tilshisi)\s+)?(?:[«\"“]([^»\"”\n]{2,40})[»\"”]|([\w.\-]{2,30}))"
)


@dataclass(frozen=True)
class Outlet:
    outlet: str  # the table's key: the site's domain
    home: str  # English gazetteer name of its town; "" when it covers a region, or nothing
    admin1: str  # its region; "" for a national outlet
    source: str  # where the table has the fact from


@cache
def outlets() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    """The table, by domain and by the folded names outlets are credited with."""
    by_domain, by_name = {}, {}
    for row in reference.csv_rows("outlets.csv"):
        outlet = Outlet(row["outlet"], row["home"], row["admin1"], row["source"])
        by_domain[row["outlet"]] = outlet
        for name in [row["outlet"], *row["names"].split(";")]:
            if name.strip():
                by_name[key(name)] = outlet
    return by_domain, by_name


def outlet_home(article: Article, folded: str) -> Outlet | None:
    """The outlet of the article (see the module's docstring for the order), or None."""
    by_domain, by_name = outlets()
    host = _host(article.meta.url)
    while host and host not in by_domain and "." in host:
        host = host.split(".", 1)[1]  # tv.ekaraganda.kz -> ekaraganda.kz
    if host in by_domain:
        return by_domain[host]
    if article.meta.outlet and key(article.meta.outlet) in by_name:
        return by_name[key(article.meta.outlet)]
    for m in CREDIT.finditer(folded):
        found = by_name.get(key(m.group(1) or m.group(2)))
        if found:
            return found
    return None


def _host(url: str | None) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    for prefix in ("www.", "amp.", "m."):
        host = host.removeprefix(prefix)
    return host

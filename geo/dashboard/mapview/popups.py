"""The map's popups and tooltips as escaped HTML.

In: one action's row (``geo.dashboard.store.load_actions``), a place's name and count, a
source, the interface language.
Out: ``popup_html`` (all the details of one action), ``place_heading`` (a place's title),
``source_html`` (a link for http(s) sources only), ``action_label`` (a type's name).
How: every text from the data passes through ``html.escape`` before it is put in HTML; the
popup of a place with several actions is made in the browser, as text (``map.js``).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

from geo.dashboard import i18n
from geo.dashboard.tables import (
    amounts,
    confidence_label,
    format_dates,
    is_http_url,
    reason_words,
    sources_of,
    summary_of,
)
from geo.dataset import confidence as judged
from geo.dataset.schema import place_name_in


def _e(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def action_label(action_type: str, lang: str = "en") -> str:
    """Readable name of an action type (the raw key if it is not a known one)."""
    return i18n.action_type_labels(lang).get(action_type, action_type or "unknown")


def source_html(source: object) -> str:
    """The source as escaped HTML: a link for http(s) URLs, plain text otherwise."""
    text = "" if source is None else str(source).strip()
    if is_http_url(text):
        return (
            f'<a href="{_e(text)}" target="_blank" rel="noopener noreferrer nofollow">'
            f"{_e(text)}</a>"
        )
    return _e(text)


def _row(key: str, value_html: str, extra_class: str = "") -> str:
    classes = f"va-row {extra_class}".strip()
    return f"<div class='{classes}'><span class='va-key'>{_e(key)}:</span> {value_html}</div>"


def popup_html(row: Mapping[str, Any], lang: str = "en") -> str:
    """Escaped HTML describing one action at one place (one ``load_actions`` row):
    summary, type, organisations, sponsors, who was helped, amounts, date and its
    precision, place and its precision, how sure its point is (confidence and its reasons
    in words), the evidence sentence, the source(s) (``va-source``:
    the map keeps it in view when the popup scrolls) and, if an analyst corrected it, a line
    saying so."""
    t = i18n.texts(lang)
    place = _e(place_name_in(row, lang))
    written = _e(row.get("place_name"))
    if written and written != place:
        place += f" <span class='va-key'>(“{written}”)</span>"
    precision_labels = i18n.geo_precision_labels(lang)
    precision = precision_labels.get(int(row.get("geo_precision") or 4), "")
    dates = format_dates(
        row.get("date_start"), row.get("date_end"), row.get("time_precision"), lang
    )
    orgs = "; ".join(_e(o) for o in row.get("organisations") or ()) or "—"
    parts = [
        f"<div class='va-summary'>{_e(summary_of(row, lang))}</div>",
        _row(t["f_type"], _e(action_label(row.get("action_type", ""), lang))),
        _row(t["f_organisations"], orgs),
    ]
    if sponsors := row.get("sponsors"):
        parts.append(_row(t["f_sponsors"], "; ".join(_e(s) for s in sponsors)))
    if beneficiaries := row.get("beneficiaries"):
        names = i18n.beneficiary_labels(lang)
        parts.append(
            _row(t["f_beneficiaries"], "; ".join(_e(names.get(b, b)) for b in beneficiaries))
        )
    if quantities := row.get("quantities"):
        parts.append(_row(t["f_quantities"], "; ".join(_e(q) for q in amounts(quantities, lang))))
    parts.append(_row(t["f_date"], _e(dates)))
    parts.append(_row(t["f_place"], f"{place} <span class='va-key'>— {_e(precision)}</span>"))
    # Where the place was read, when not in the action's own sentence (geo.extract.actions).
    if told := t.get(f"place_from_{row.get('place_source')}"):
        parts.append(f"<div class='va-row va-key va-place-source'>{_e(told)}</div>")
    parts += _confidence_html(row, lang)
    if row.get("evidence"):
        parts.append(f"<blockquote>{_e(row.get('evidence'))}</blockquote>")
    sources = sources_of(row) or ("",)
    # va-source: kept in view at the bottom of a popup that scrolls (map.css).
    parts.append(_row(t["f_source"], "<br>".join(source_html(s) for s in sources), "va-source"))
    if row.get("edited"):  # an analyst corrected it (geo.dataset.corrections)
        parts.append(f"<div class='va-row va-key va-edited'>{_e(t['edited_note'])}</div>")
    return "<div class='va-popup'>" + "".join(parts) + "</div>"


def _confidence_html(row: Mapping[str, Any], lang: str) -> list[str]:
    """The popup's confidence row ("Confidence: 42% · doubtful", ``va-confidence``, and
    ``va-doubtful`` when doubtful) and its reasons in words (``va-reasons``); nothing for
    a record without a confidence."""
    said = confidence_label(row.get("confidence"), lang)
    if said is None:
        return []
    doubt = " va-doubtful" if judged.is_doubtful(float(row["confidence"])) else ""
    parts = [_row(i18n.texts(lang)["f_confidence"], _e(said), "va-confidence" + doubt)]
    if words := reason_words(row.get("confidence_reasons") or (), lang):
        items = "".join(f"<li>{_e(w)}</li>" for w in words)
        parts.append(f"<ul class='va-reasons'>{items}</ul>")
    return parts


def place_heading(place: str, count: int, lang: str = "en") -> str:
    """'Kokshetau: 3 action(s)': a place's popup title, tooltip and details heading."""
    return str(i18n.texts(lang)["place_actions"]).format(place=place, n=count)


def _more(count: int, lang: str) -> str:
    text = str(i18n.texts(lang)["popup_more"]).format(n=count)
    return f"<div class='va-row va-key'>{_e(text)}</div>"

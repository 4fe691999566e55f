"""The old home of the dashboard's labels and settings, now a thin facade over
``geo.dashboard.i18n`` (labels, from ``geo/resources/i18n/*.toml``) and
``geo.dashboard.config`` (``CONFIG``).

In / Out: the names geo.dashboard.mapview still imports from here. New code imports i18n
and config; delete this module once mapview does too.
"""

from __future__ import annotations

from geo.dashboard import i18n
from geo.dashboard.config import CONFIG
from geo.dashboard.i18n import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    action_type_labels,
    beneficiary_labels,
    lang_or_default,
    region_labels,
)

__all__ = [
    "CONFIG",
    "DEFAULT_LANGUAGE",
    "GEO_PRECISION_LABELS_BY_LANG",
    "LANGUAGES",
    "action_type_labels",
    "beneficiary_labels",
    "labels",
    "lang_or_default",
    "region_labels",
]


def labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, object]:
    """The settings and every map-page text in ``lang`` (en, ru or kk; anything else = en)."""
    return {**CONFIG, **i18n.texts(lang)}


GEO_PRECISION_LABELS_BY_LANG: dict[str, dict[int, str]] = {
    code: i18n.geo_precision_labels(code) for code in i18n.CODES
}

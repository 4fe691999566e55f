"""Every label the dashboard, its briefing image and the Curate page show, in three languages.

In: ``geo/resources/dashboard/i18n/{en,ru,kk}.toml`` (one file per language, the same keys in each),
``geo/resources/action_types.toml`` and ``beneficiaries.toml`` (type and beneficiary labels,
via geo.reference) and the region rows of ``geo/resources/places_overlay.csv`` (region names
in Russian and Kazakh).
Out: ``LANGUAGES`` (code -> the language's own name, in the switch's order),
``texts(lang)`` (the map page's texts, ``columns`` its table headers), ``curate_texts(lang)``
(the Curate page's), ``t(key, lang)`` (one map-page text), ``page_name(script, lang)``
(the sidebar's link to a page), ``switch_label()``, and the
labels of values: ``action_type_labels``, ``beneficiary_labels``, ``region_labels``,
``geo_precision_labels``, ``time_precision_labels``, ``article_language_labels``.
How: each file is read once (cached); a language that is not one of LANGUAGES is English.
"""

from __future__ import annotations

from functools import cache

from geo import reference

CODES = ("en", "ru", "kk")  # the language switch's order; each has i18n/<code>.toml
DEFAULT_LANGUAGE = "en"


def _file(lang: str) -> dict:
    return reference.toml(f"dashboard/i18n/{lang}.toml")


def lang_or_default(lang: str | None) -> str:
    """``lang`` if it is one of LANGUAGES, else the default language."""
    return lang if lang in CODES else DEFAULT_LANGUAGE


def _table(name: str, lang: str | None) -> dict:
    return _file(lang_or_default(lang))[name]


LANGUAGES: dict[str, str] = {code: _file(code)["language_name"] for code in CODES}


def texts(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, object]:
    """The map page's texts in ``lang`` (en, ru or kk; anything else = en): strings, and
    ``columns`` (the table's headers by column)."""
    return dict(_table("dashboard", lang))


def t(key: str, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """One of the map page's texts in ``lang``."""
    return _table("dashboard", lang)[key]


def curate_texts(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, object]:
    """The Curate page's texts in ``lang``: strings, and the tables ``sections``,
    ``changes``, ``destinations``, ``place_kinds``, ``corrections_columns``,
    ``places_columns``, ``undo``, ``history_columns``, ``history_kinds`` (key -> label)."""
    return dict(_table("curate", lang))


def page_name(script: str, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A page's name in ``lang`` (the sidebar's link to it), by its script: dashboard.py
    the map, pages/curate.py the Curate page."""
    return _table("pages", lang)[script.rsplit("/", 1)[-1].removesuffix(".py")]


def switch_label() -> str:
    """The language switch's label, in every language: Language / Язык / Тіл."""
    return " / ".join(t("interface_language", code) for code in CODES)


@cache
def geo_precision_labels(lang: str | None = DEFAULT_LANGUAGE) -> dict[int, str]:
    """geo_precision (1 settlement … 4 whole country) -> its label in ``lang``."""
    return {int(k): v for k, v in _table("geo_precision", lang).items()}


def confidence_filter_labels(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The confidence filter's choices (all, sure, doubtful) -> their labels in ``lang``."""
    return _table("confidence_filter", lang)


def time_precision_labels(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, str]:
    """time_precision (day, week, month, year, unknown) -> its label in ``lang``."""
    return _table("time_precision", lang)


def article_language_labels(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, str]:
    """An article's language (ru, kk, kk-latn) -> its name in ``lang``."""
    return _table("article_languages", lang)


def action_type_labels(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Action type key -> label in ``lang`` (from geo/resources/action_types.toml)."""
    return reference.type_labels(lang_or_default(lang))


def beneficiary_labels(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Beneficiary key -> label in ``lang``; empty until geo.reference provides them (the
    dashboard then shows the keys themselves)."""
    provider = getattr(reference, "beneficiary_labels", None)
    if provider is None:
        return {}
    try:
        return dict(provider(lang_or_default(lang)))
    except (OSError, KeyError, ValueError):
        return {}


@cache
def _region_rows() -> dict[str, dict[str, str]]:
    return {
        r["name_en"]: {"en": r["name_en"], "ru": r["name_ru"], "kk": r["name_kk"]}
        for r in reference.csv_rows("places_overlay.csv")
        if r.get("kind") in ("region", "city") and r.get("admin1") == r.get("name_en")
    }


def region_labels(lang: str | None = DEFAULT_LANGUAGE) -> dict[str, str]:
    """English region name (``admin1``) -> its name in ``lang`` (falls back to English)."""
    lang = lang_or_default(lang)
    return {en: names.get(lang) or en for en, names in _region_rows().items()}

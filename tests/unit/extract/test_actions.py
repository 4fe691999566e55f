"""geo.extract.actions: the action words of geo/resources/action_types.toml and how sentences
become actions,
on short sentences written for these tests (Russian, Kazakh Cyrillic, Kazakh Latin)."""

import pytest

from geo.extract.actions import _triggers, _type_table, extract
from geo.geoparse.geocode import OfflineGeocoder
from geo.language.names import fold
from tests.unit.geoparse.test_roles import read

PAVLODAR, ORAL, AKTAU = "geonames:1520240", "geonames:608668", "geonames:610612"


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def actions_of(tmp_path, geocoder, text):
    return extract(read(tmp_path, text), geocoder).actions


def types_in(sentence: str) -> list[str]:
    folded = fold(sentence)
    return [t for t, _, _ in _triggers(_type_table().scan(folded), 0, len(folded))]


@pytest.mark.parametrize(
    ("sentence", "action_type"),
    [
        # humanitarian aid: goods handed over, in every script
        ("Имам мешіті мұқтаж отбасыларға бір қап ұннан таратты.", "humanitarian_aid"),
        ("Eriktiler jalǵyz qarttarǵa azyq-túlik úlestirdi.", "humanitarian_aid"),
        ("Жастар ауылдағы отбасыларға көмір мен отын жеткізді.", "humanitarian_aid"),
        ("Волонтеры купили дом для семьи с шестью детьми.", "humanitarian_aid"),
        ("Два дома купили активисты для нуждающихся.", "humanitarian_aid"),
        ("Бизнесмены вручили сертификаты детям-сиротам.", "humanitarian_aid"),
        ("Студенты оказав помощь ветеранам, вернулись в город.", "humanitarian_aid"),
        ("Ерікті жастар гуманитарлық-материалдық көмек жеткізді.", "humanitarian_aid"),
        ("Волонтеры доставляли одиноким пенсионерам свежий хлеб.", "humanitarian_aid"),
        ("Оқушыларға сөмке мен кеңсе тауарлары табысталды.", "humanitarian_aid"),
        # things sewn or knitted for those in need
        ("Көпбалалы ана зардап шеккендерге көрпешелер тігіпті.", "humanitarian_aid"),
        ("Школьницы сшили теплые носки для пожилых.", "humanitarian_aid"),
        # collection points for donated goods
        ("В Актау пункты сбора открыты в торговых центрах.", "humanitarian_aid"),
        ("Қалада көмек қабылдау пункттері ашылды.", "humanitarian_aid"),
        # fundraising
        ("Ауыл тұрғындары 2 миллион теңге қаржы жинады.", "fundraising"),
        ("Volonterler 500 myń teńge qarajat jınady.", "fundraising"),
        ("Школьники на вырученные деньги купили подарки.", "fundraising"),
        ("Центры организовали сбор денежных средств для семей.", "fundraising"),
        # rescue
        ("Волонтеры эвакуировали жителей затопленной улицы.", "rescue"),
        ("Жителей эвакуировали волонтеры и спасатели.", "rescue"),
        ("Еріктілер су басқан үйлерден тұрғындарды эвакуациялады.", "rescue"),
        # community work
        ("Студенты расчищали снег во дворах пенсионеров.", "community_work"),
        ("Жастар ауладан қар шығарды.", "community_work"),
        ("Оқушылар саябаққа 300 көшет отырғызды.", "community_work"),
        ("Жители вывезли мусор со двора.", "community_work"),
        ("Eriktiler qarttardyń peshterin jóndedi.", "community_work"),
        # food for people on duty
        ("Волонтеры привозят горячий чай и еду спасателям.", "food_for_duty"),
        ("Eriktiler dala ashanasyn uıymdastyrdy.", "food_for_duty"),
        # awareness and training
        ("Для добровольцев провели тренинг по оказанию первой помощи.", "awareness"),
        ("Еріктілер тұрғындарға алғашқы көмек көрсетуді үйретті.", "awareness"),
        # other: volunteers mobilised
        ("Облыста 2 мың ерікті жұмылдырылды.", "other"),
        ("Колледждерден 300 ерікті тартылды.", "other"),
        ("Қалада арнайы пункттер мен волонтерлік штабтар ашылды.", "other"),
        ("В Уральске открылся волонтерский штаб.", "other"),
        # cash aid
        ("Кәсіпкер жұмысшыларына 50 мың теңгеден көмек көрсетті.", "cash_aid"),
    ],
)
def test_real_news_wording_finds_its_action_type(sentence, action_type):
    assert types_in(sentence)[:1] == [action_type], types_in(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Спасатели дежурят на дамбе.",  # rescuers, not a rescue by volunteers
        "Пункты эвакуации работают круглосуточно.",
        "Эвакуированным жителям выдали палатки.",
        "Ауылда университет бар.",  # "ун" (flour) only as a word
    ],
)
def test_words_that_only_look_like_actions_are_none(sentence):
    assert types_in(sentence) == []


def test_first_aid_is_training_not_aid():
    assert types_in("Еріктілер алғашқы көмек көрсетеді.") == ["awareness"]
    assert "humanitarian_aid" not in types_in("Обучение оказанию первой помощи прошли 50 человек.")


def test_calls_goals_and_what_is_known_are_no_actions(tmp_path, geocoder):
    text = (
        "Волонтеры Павлодара призывают горожан сдать теплые вещи.\n\n"
        "Еріктілер желтоқсанда қайырымдылық жәрмеңкесін өткізуді жоспарлап отыр.\n\n"
        "Жобаның мақсаты – мұқтаж отбасыларға азық-түлік тарату.\n\n"
        "Су тасқыны кезінде тұрғындарға көмек көрсетілгені белгілі.\n"
    )
    assert actions_of(tmp_path, geocoder, text) == []


def test_food_for_firefighters_is_food_for_people_on_duty(tmp_path, geocoder):
    text = "Semeı qalasynyń eriktileri órt sóndirýshilerge ystyq tamaq ákeldi.\n"
    (action,) = actions_of(tmp_path, geocoder, text)
    assert action.types[0] == "food_for_duty"


def test_a_paragraph_that_moves_to_a_new_place_starts_a_new_action(tmp_path, geocoder):
    text = (
        "В Павлодаре волонтеры раздали продукты пенсионерам.\n\n"
        "В Уральске собрались около сорока добровольцев. "
        "Волонтеры эвакуировали жителей из затопленных домов.\n"
    )
    first, second = actions_of(tmp_path, geocoder, text)
    assert [p.place_id for p in first.places] == [PAVLODAR]
    assert second.types[0] == "rescue"
    assert [p.place_id for p in second.places] == [ORAL]


def test_a_headline_told_again_with_more_places_is_one_action(tmp_path, geocoder):
    text = (
        "Павлодарлықтар Ақтауға жүк жөнелтті\n\n"
        "Бүгін Павлодар қаласынан Ақтауға азық-түлік артылған көліктер аттанды.\n"
    )
    (action,) = actions_of(tmp_path, geocoder, text)
    assert {p.place_id for p in action.places} >= {AKTAU}


def test_who_supported_the_action_told_just_before_is_one_of_its_organisations(tmp_path, geocoder):
    text = (
        "В Павлодаре волонтеры раздали продукты пенсионерам.\n\n"
        "Акцию поддержал областной акимат, выделив транспорт.\n"
    )
    (action,) = actions_of(tmp_path, geocoder, text)
    assert "unlisted:областной акимат" in action.organisations


def test_a_sentence_that_turns_to_another_place_tells_two_actions(tmp_path, geocoder):
    kazakh = (
        "Меркі ауданында еріктілер отбасыларға көмір жеткізсе, Шу қаласында жастар көмектесті.\n"
    )
    russian = "В Павлодаре волонтеры раздали продукты, а в Экибастузе студенты убрали снег.\n"
    for text in (kazakh, russian):
        found = actions_of(tmp_path, geocoder, text)
        assert [len(a.places) for a in found] == [1, 1], [a.places for a in found]
        assert found[0].places[0].place_id != found[1].places[0].place_id


def test_who_carried_out_the_project_said_before_its_action_is_told(tmp_path, geocoder):
    text = (
        "В Павлодаре появились отряды быстрого реагирования\n\n"
        "Социальный проект реализован ОО «Союз волонтеров» по заказу областного управления"
        " общественного развития.\n\n"
        "Волонтеры отрядов провели тренинги по оказанию первой помощи для жителей Павлодара.\n"
    )
    (action,) = actions_of(tmp_path, geocoder, text)
    names = " ".join(action.organisations)
    assert "Союз волонтеров" in names and "управление общественного развития" in names

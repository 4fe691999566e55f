"""geo.language.organisations: organisations as news name them, on sentences written for these
tests."""

from geo.language.names import fold
from geo.language.organisations import (
    find_bodies,
    find_organisations,
    find_unlisted,
    looks_like_name,
    organisation_name,
)


def names(text: str) -> list[str]:
    folded, paragraphs = fold(text), [(0, len(text))]
    known = find_organisations(folded, paragraphs)
    known += find_unlisted(text, folded, paragraphs, known)
    known += find_bodies(text, folded, paragraphs, known)
    return [organisation_name(o.org_id) for o in known]


def test_russian_head_with_a_genitive_name():
    assert "Лига добровольцев Павлодара" in names("Лига добровольцев Павлодара собрала вещи.")


def test_russian_kind_and_head_in_the_nominative():
    assert "областной волонтерский штаб" in names("Помощь раздал областной волонтерский штаб.")
    assert "молодежный ресурсный центр" in names("С молодежным ресурсным центром убрали парк.")


def test_a_person_after_the_head_is_no_part_of_the_name():
    found = names("Председатель корейской диаспоры Ким Сергей привез продукты.")
    assert found == ["корейская диаспора"]


def test_who_speaks_for_a_body_is_no_part_of_its_name():
    found = names("«Помогать важно», – рассказала координатор штаба Светлана Ермекова.")
    assert not any("Светлана" in name for name in found)


def test_public_institutions_that_join_an_action():
    assert names("Инструмент предоставил районный центр занятости.") == ["районный центр занятости"]
    assert names("Саженцы передало лесное хозяйство района.") == ["лесное хозяйство"]
    assert names("Мусор вывезло коммунальное предприятие г. Щучинска.") == [
        "коммунальное предприятие г. Щучинска"
    ]
    assert names("Орман шаруашылығы мекемесі көшет берді.") == ["Орман шаруашылығы мекемесі"]
    assert names("Национальный парк «Бурабай» выдал мешки.") == ["Бурабай"]
    # An authority acts when the verb before it says so.
    assert names("Экспедицию поддержал областной акимат.") == ["областной акимат"]
    # Not a city park, a farm, any group of volunteers or a district's centre (a town).
    assert names("В городском парке крестьянское хозяйство раздало корм.") == []
    assert names("Группа волонтеров из Кызылорды высадила деревья.") == []
    assert names("Мұғалжар ауданының орталығы Қандыағаш қаласында акция өтті.") == []


def test_blood_centres_that_run_donor_drives():
    assert names("Акцию провел областной центр крови.") == ["областной центр крови"]
    assert names("Облыстық қан орталығы донорлар күнін өткізді.") == ["Облыстық қан орталығы"]
    assert names("Qalalyq qan ortalyǵy aksııa ótkizdi.") == ["Qalalyq qan ortalyǵy"]
    # "Қаныш" is a name, not blood: no kind of body before the head.
    assert names("Қаныш орталығында жиын өтті.") == []


def test_the_regional_centre_and_generic_groups_are_no_organisations():
    assert names("Волонтеры работали в областном центре и организовали волонтерские группы.") == []
    assert names("Приехали представители нескольких этнокультурных центров.") == []


def test_kazakh_place_genitive_kind_and_head_without_the_case_ending():
    found = names("Павлодар облысының жастар ресурстық орталығымен бірге ағаш отырғызды.")
    assert found == ["Павлодар облысының жастар ресурстық орталығы"]


def test_kazakh_quoted_name_before_kind_and_head():
    found = names("«Мейірлі жүрек» көпбалалы отбасылар орталығы азық-түлік таратты.")
    assert found == ["«Мейірлі жүрек» көпбалалы отбасылар орталығы"]


def test_kazakh_latin_fund_named_after_a_person():
    found = names("Aýylda Sapar Dosanov qorynyń qoldaýymen kómek kórsetildi.")
    assert found == ["Sapar Dosanov qory"]


def test_the_red_crescent_is_one_organisation_in_every_script():
    for text in (
        "Красного Полумесяца волонтеры помогли.",
        "Қызыл Жарты Ай қоғамы көмек берді.",
        "Qyzyl Jarty Aı qoǵamy kómek berdi.",
    ):
        assert names(text)[:1] == ["Red Crescent Society of Kazakhstan"]


def test_an_authority_counts_only_where_it_acts():
    assert names("Продукты раздали по списку акимата города.") == []
    assert "областной акимат" in names("При поддержке областной акимат выделил автобусы.")


# -- round 2: forms, Latin capitals, one id per body, acting -------------------------------


def mentions(text: str):
    folded, paragraphs = fold(text), [(0, len(text))]
    known = find_organisations(folded, paragraphs)
    known += find_unlisted(text, folded, paragraphs, known)
    known += find_bodies(text, folded, paragraphs, known)
    return folded, known


def test_nested_quotes_keep_the_inner_name_balanced():
    found = names("Проект провело ОЮЛ «Союз «Добрые соседи» по заказу акимата.")
    assert "Союз «Добрые соседи»" in found


def test_a_short_name_may_hold_a_comma_or_an_exclamation_mark():
    assert names("«Bárimiz, birgemiz!» eriktiler shtaby kómek berdi.") == ["Bárimiz, birgemiz!"]
    assert names("Движение «Нет мусору в нашем дворе!» вышло на улицы.") == []


def test_companies_mosques_funds_and_members_by_their_form():
    assert names("«Жарық» мешітінің жамағаты азық жинады.") == ["Жарық"]
    assert names("«Дала нұры» қоғамдық қоры көмек берді.") == ["Дала нұры"]
    assert names("«Altyn Dán» LLP bóldi.") == ["Altyn Dán"]
    assert names("Сегодня бойцы «Зеленый край» убрали берег.") == ["Зеленый край"]


def test_latin_capitals_inside_cyrillic_text_are_names_but_not_outlets():
    assert names("Помогали поисковики отряда SPAS.KZ и волонтеры.") == ["SPAS.KZ"]
    assert names("Против COVID-19 сделали прививки, пишут в SMS.") == []
    assert names("ОРАЛ. DALANEWS – Еріктілер қар тазалады.") == []


def test_one_body_named_twice_has_one_id():
    text = (
        "«Ақ ниет» еріктілер штабы құрылды. Еріктілер штабының мүшелері 50 отбасыға "
        "көмектесті. «Ақ ниет» волонтерлер штабы жұмысын жалғастырады."
    )
    assert set(names(text)) == {"Ақ ниет"}


def test_the_head_right_after_a_known_name_is_that_name():
    assert names("Қазақстанның Қызыл Жарты Ай қоғамы жаттығу өткізді.") == [
        "Red Crescent Society of Kazakhstan"
    ]


def test_plural_volunteer_headquarters_are_no_organisation():
    assert names("Ауданда жаңа волонтерлік штабтар құрылды.") == []


def test_acting_tells_the_doer_from_the_source_venue_and_the_helped():
    from geo.language.organisations import acting

    def acts(text: str) -> dict[str, bool]:
        folded, found = mentions(text)
        return {organisation_name(o.org_id): acting(folded, o) for o in found}

    assert acts("При поддержке фонда «Береке» волонтеры раздали продукты.") == {"Береке": True}
    assert acts("Об этом сообщает фонд «Береке».") == {"Береке": False}
    assert acts("Подарки вручили для подопечных фонда «Береке».") == {"Береке": False}
    assert acts("«Береке» қорының ұйымдастыруымен ас берілді.") == {"Береке": True}
    assert acts("Aksiıa «Bereke» qorynyń qoldaýymen ótti.") == {"Bereke": True}


def test_names_look_like_names():
    for name in ("ОО «Добрые руки»", "Бригада 112", "LIDER.KZ", "Qazaqstannyń Qyzyl Jarty Aıy"):
        assert looks_like_name(name), name


def test_markup_formulas_numbers_and_walls_of_text_do_not():
    for junk in (
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "{{7*7}} ${7*7}",
        "$\\notacommand$",
        "[x](javascript:alert(1))",
        "=HYPERLINK(A1)",
        "+cmd",
        "-2+3",
        "@SUM(1)",
        "ТОО «=HYPERLINK(A1)",  # a formula inside the quotes
        "2021-2022",
        "«»",
        "Фонд " + "помощи " * 30,
    ):
        assert not looks_like_name(junk), junk


def test_a_payload_in_quotes_after_a_legal_form_is_no_organisation():
    text = (
        "В Балхаше при поддержке ТОО «=HYPERLINK(A1)» волонтеры ОО «<img src=x onerror=alert(1)>» "
        "и фонда «{{7*7}}» раздали чай. =HYPERLINK(A1) и ОО «Добрые руки» помогли."
    )
    assert names(text) == ["Добрые руки"]


def test_every_organisation_of_the_table_looks_like_a_name():
    from geo.reference import organisations

    assert [o.name for o in organisations().values() if not looks_like_name(o.name)] == []

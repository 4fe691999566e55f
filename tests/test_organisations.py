"""geo.organisations: organisations as news name them, on sentences written for these tests."""

from geo.names import fold
from geo.organisations import find_bodies, find_organisations, find_unlisted, organisation_name


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

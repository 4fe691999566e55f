"""geo.language.ner: natasha's NER, installed from a clean venv on Python 3.11."""

import subprocess
import sys

from geo.language.ner import entities


def test_finds_people_places_and_organisations():
    text = "Пресс-секретарь Анар Шаймерденова рассказала, что в Приозерске работает «Мир добра»."
    found = {(e.type, e.text) for e in entities(text)}
    assert ("PER", "Анар Шаймерденова") in found
    assert ("LOC", "Приозерске") in found
    for e in entities(text):
        assert text[e.start : e.end] == e.text


def test_natasha_runs_on_pymorphy3_without_pkg_resources():
    # pymorphy2, natasha's own dependency, fails on Python 3.11 (inspect.getargspec is gone)
    # and without pkg_resources (setuptools >= 81): geo.language.ner hands natasha pymorphy3
    # instead.
    code = (
        "import sys; sys.modules['pkg_resources'] = None\n"
        "from geo.language.ner import entities\n"
        "from natasha import MorphVocab\n"
        "entity = entities('Волонтеры Кокшетау')[0].type\n"
        "print(entity, MorphVocab().parse('Приозерске')[0].normal_form)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "LOC приозерск"

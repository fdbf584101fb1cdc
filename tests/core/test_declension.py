"""The declension table: names, names as documents write them, and positions, in every case they are asked for."""

import pytest

from app.core.declension import Case, Gender, decline, decline_full, decline_position, gender_of
from tests.core.declension_table import FULL, NAMES, POSITIONS


@pytest.mark.parametrize(("surname", "name", "patronymic", "gender", "case", "expected"), NAMES)
def test_names(surname, name, patronymic, gender, case, expected):
    assert " ".join(part for part in decline(surname, name, patronymic, case, gender) if part) == expected


@pytest.mark.parametrize(("text", "case", "expected"), FULL)
def test_full_names_as_documents_write_them(text, case, expected):
    assert decline_full(text, case) == expected


@pytest.mark.parametrize(("position", "case", "expected"), POSITIONS)
def test_positions(position, case, expected):
    assert decline_position(position, case) == expected


def test_the_table_is_the_size_the_issue_asks():
    assert len(NAMES) + len(FULL) + len(POSITIONS) >= 60


@pytest.mark.parametrize(("patronymic", "gender"), [
    ("Рашид оглы", Gender.MALE), ("Гасан кызы", Gender.FEMALE), ("Ильинична", Gender.FEMALE),
    ("Кузьмич", Gender.MALE), ("", None),
])
def test_gender_from_the_patronymic(patronymic, gender):
    assert gender_of("Черных", "Саша", patronymic) is gender


def test_registry_gender_letters_are_understood():
    assert decline("Шевчук", "Саша", "", Case.DATIVE, "f") == ("Шевчук", "Саше", "")
    assert decline("Шевчук", "Саша", "", Case.DATIVE, "m") == ("Шевчуку", "Саше", "")


def test_nominative_and_empty_text_change_nothing():
    assert decline_full("Петров Пётр Петрович", Case.NOMINATIVE) == "Петров Пётр Петрович"
    assert decline_full("", Case.DATIVE) == ""
    assert decline_position("", Case.DATIVE) == ""

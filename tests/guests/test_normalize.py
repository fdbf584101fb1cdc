"""The guest registry's own values as departments type them: gender, needs, status, rank."""

import pytest

from app.guests.kinds import Gender, PersonStatus
from app.guests.normalize import guess_gender, parse_gender, parse_status
from app.imports.guest_columns import Needs, parse_needs, parse_rank
from app.imports.normalize import InvalidValue


@pytest.mark.parametrize(("name", "patronymic", "surname", "gender"), [
    ("Иван", "Петрович", "", Gender.MALE),
    ("Мария", "Ивановна", "", Gender.FEMALE),
    ("Никита", "Ильич", "", Gender.MALE),
    ("Ольга", "Ильинична", "", Gender.FEMALE),
    ("Рашид", "Ильхам оглы", "", Gender.MALE),
    ("Лейла", "Рашид кызы", "", Gender.FEMALE),
    ("Саша", "Петровна", "", Gender.FEMALE),  # the patronymic decides
    ("Мария", "", "", Gender.FEMALE),
    ("Никита", "", "", Gender.MALE),
    ("Илья", "", "", Gender.MALE),
    ("Любовь", "", "", Gender.FEMALE),
    ("Игорь", "", "", Gender.MALE),
    ("Саша", "", "", None),
    ("Женя", "", "Ким", None),
    ("Саша", "", "Иванова", Gender.FEMALE),
    ("Никита", "", "Иванова", None),  # name and surname disagree
    ("И.", "П.", "", None),
    ("", "", "", None),
])
def test_gender_is_guessed_carefully(name, patronymic, surname, gender):
    assert guess_gender(name, patronymic, surname) == gender


@pytest.mark.parametrize(("typed", "gender"), [
    ("м", Gender.MALE), ("М.", Gender.MALE), ("муж.", Gender.MALE), ("мужской", Gender.MALE), ("M", Gender.MALE),
    ("Ж", Gender.FEMALE), ("жен", Gender.FEMALE), ("женский", Gender.FEMALE), ("f", Gender.FEMALE),
    ("", Gender.UNKNOWN), (None, Gender.UNKNOWN),
])
def test_gender_from_text(typed, gender):
    assert parse_gender(typed) == gender


def test_unknown_gender_says_what_to_write():
    with pytest.raises(InvalidValue, match="Пол «средний» не распознан"):
        parse_gender("средний")


@pytest.mark.parametrize(("typed", "needs"), [
    ("коляска", Needs(wheelchair=True, no_stairs=True)),
    ("Инвалидная коляска", Needs(wheelchair=True, no_stairs=True)),
    ("без лестниц", Needs(no_stairs=True)),
    ("нужен сопровождающий", Needs(needs_escort=True)),
    ("коляска, сопровождение", Needs(wheelchair=True, no_stairs=True, needs_escort=True)),
    ("без лестниц и сопровождающий; диабет", Needs(no_stairs=True, needs_escort=True, other="диабет")),
    ("нет", Needs()),
    ("", Needs()),
])
def test_needs_from_text(typed, needs):
    assert parse_needs(typed) == needs


@pytest.mark.parametrize(("typed", "status"), [
    ("", PersonStatus.ACTIVE), ("действует", PersonStatus.ACTIVE), ("Активен", PersonStatus.ACTIVE),
    ("умер", PersonStatus.DECEASED), ("Умерла", PersonStatus.DECEASED), ("скончался", PersonStatus.DECEASED),
    ("ушёл из жизни", PersonStatus.DECEASED), ("выбыл", PersonStatus.MOVED), ("переехала", PersonStatus.MOVED),
])
def test_status_from_text(typed, status):
    assert parse_status(typed) == status


def test_unknown_status_names_the_choices():
    with pytest.raises(InvalidValue, match="Статус «в отпуске» не распознан: допустимо «действует», «умер»"):
        parse_status("в отпуске")


@pytest.mark.parametrize(("typed", "rank"), [("3", 3), (" 10 ", 10), (3.0, 3), ("7,0", 7), ("", None)])
def test_rank_is_an_integer(typed, rank):
    assert parse_rank(typed) == rank


@pytest.mark.parametrize("typed", ["первый", "-1", "2.5"])
def test_a_bad_rank_is_an_error(typed):
    with pytest.raises(InvalidValue, match="нужно целое число"):
        parse_rank(typed)



"""Values as departments type them, brought to one form; clear Russian messages for the rest."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.text import search_key
from app.imports.normalize import (
    FullName,
    InvalidValue,
    clean_text,
    normalize_email,
    normalize_name,
    normalize_phone,
    parse_yes_no,
    phone_keys,
    split_full_name,
)


@pytest.mark.parametrize(("typed", "printed"), [
    ("ИВАНОВ иван", "Иванов Иван"),
    ("  иванов \u00a0 иван  петрович ", "Иванов Иван Петрович"),
    ("иВАНОВ", "Иванов"),
    ("салтыков-щедрин", "Салтыков-Щедрин"),
    ("Салтыков - Щедрин", "Салтыков-Щедрин"),
    ("СЁМИН", "Сёмин"),
    ("МакДональд", "МакДональд"),
    ("мамедов рашид ильхам ОГЛЫ", "Мамедов Рашид Ильхам оглы"),
    ("Ивaнoв", "Иванов"),  # a Latin «a» and «o» typed on the other keyboard layout
    ("ПЕТPOВ ИВAН", "Петров Иван"),
    ("Мaкдональд-Cмит", "Макдональд-Смит"),
    ("Smith", "Smith"),  # a Latin name stays Latin
    ("Иванoвq", "Иванoвq"),  # a Latin letter with no Cyrillic twin: left for the reader, not guessed
    ("", ""),
])
def test_names_are_written_as_on_an_invitation(typed, printed):
    assert normalize_name(typed) == printed


def test_search_key_ignores_case_and_yo():
    assert search_key("СЁМИН  Пётр") == search_key("семин петр") == "семин петр"


@pytest.mark.parametrize(("typed", "parts"), [
    ("Иванов Иван Петрович", FullName("Иванов", "Иван", "Петрович")),
    ("ИВАНОВ  иван петрович", FullName("Иванов", "Иван", "Петрович")),
    ("Иванов И. П.", FullName("Иванов", "И.", "П.", initials=True)),
    ("Иванов И.П.", FullName("Иванов", "И.", "П.", initials=True)),
    ("иванов и п", FullName("Иванов", "И.", "П.", initials=True)),
    ("И.П. Иванов", FullName("Иванов", "И.", "П.", initials=True, reordered=True)),
    ("Иван Петрович Иванов", FullName("Иванов", "Иван", "Петрович", reordered=True)),
    ("Мамедов Рашид Ильхам оглы", FullName("Мамедов", "Рашид", "Ильхам оглы")),
    ("Салтыков-Щедрин Михаил Евграфович", FullName("Салтыков-Щедрин", "Михаил", "Евграфович")),
    ("Иванов, Иван", FullName("Иванов", "Иван")),
    ("Иванов, Иван Иванович", FullName("Иванов", "Иван", "Иванович")),
    ("Иванов", FullName("Иванов")),
    ("", FullName("")),
    # what a cell says besides the name: never part of it
    ("Генерал-майор Иванов Иван Иванович", FullName("Иванов", "Иван", "Иванович", aside=("генерал-майор",))),
    ("полковник полиции Петров Пётр Петрович", FullName("Петров", "Пётр", "Петрович", aside=("полковник полиции",))),
    ("Иванов Иван Иванович (с супругой)", FullName("Иванов", "Иван", "Иванович", aside=("с супругой",))),
    ("Иванов Иван Иванович + 1", FullName("Иванов", "Иван", "Иванович", aside=("+ 1",))),
    ("Иванов Иван Иванович, ветеран ВОВ", FullName("Иванов", "Иван", "Иванович", aside=("ветеран ВОВ",))),
    ("Иванов Иван Иванович, Герой Советского Союза",
     FullName("Иванов", "Иван", "Иванович", aside=("Герой Советского Союза",))),
    ("Иванов И.И., Петров П.П.", FullName("Иванов", "И.", "И.", initials=True, aside=("Петров П.П.",), several=True)),
    ("Иванов Иван Иванович; Петрова Анна Павловна",
     FullName("Иванов", "Иван", "Иванович", aside=("Петрова Анна Павловна",), several=True)),
])
def test_a_full_name_splits_into_parts(typed, parts):
    assert split_full_name(typed) == parts


@pytest.mark.parametrize(("typed", "canonical"), [
    ("8 (4212) 30-45-67", "+7 421 230-45-67"),
    ("+7 914 123 45 67", "+7 914 123-45-67"),
    ("+7(914)123-45-67", "+7 914 123-45-67"),
    ("89141234567", "+7 914 123-45-67"),
    (89141234567, "+7 914 123-45-67"),
    (89141234567.0, "+7 914 123-45-67"),  # as Excel keeps a number
    ("4212 304567", "+7 421 230-45-67"),
    ("8-914-123-45-67", "+7 914 123-45-67"),
    ("8 (4212) 30-45-67 доб. 123", "+7 421 230-45-67 доб. 123"),
    ("8 (4212) 30-45-67, доб. 12", "+7 421 230-45-67 доб. 12"),
    ("+7 914 123-45-67 ext. 5", "+7 914 123-45-67 доб. 5"),
    ("8 914 123 45 67; 8 (4212) 30-45-67", "+7 914 123-45-67, +7 421 230-45-67"),
    ("+375 29 123 45 67", "+375291234567"),
    ("8-914-123-45-67 (моб.)", "+7 914 123-45-67"),
    ("раб. 8 (4212) 30-45-67, моб. 89141234567", "+7 421 230-45-67, +7 914 123-45-67"),
    ("", ""),
])
def test_phones_in_any_format(typed, canonical):
    assert normalize_phone(typed) == canonical


def test_a_local_number_takes_the_city_code_when_given():
    assert normalize_phone("30-45-67", area_code="4212") == "+7 421 230-45-67"
    with pytest.raises(InvalidValue, match="нужен номер из 10 цифр"):
        normalize_phone("30-45-67")


@pytest.mark.parametrize("typed", ["abc", "123", "+7 914 123 45 6", "8 914 123 45 67 89", "звонить секретарю"])
def test_an_unparseable_phone_is_a_clear_russian_error(typed):
    with pytest.raises(InvalidValue, match=re.escape(f"Телефон «{typed}» не распознан")):
        normalize_phone(typed)


def test_a_phone_excel_turned_into_a_number_with_an_exponent_is_explained():
    with pytest.raises(InvalidValue, match="текстовый формат"):
        normalize_phone("8,91412E+10")


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_a_canonical_phone_stays_as_it_is(digits):
    canonical = normalize_phone("8" + digits)
    assert normalize_phone(canonical) == canonical
    assert phone_keys(canonical) == phone_keys("+7" + digits) == {digits}


@pytest.mark.parametrize(("typed", "canonical"), [
    (" Ivanov@Mail.RU ", "Ivanov@mail.ru"),
    ("mailto:a.b@adm.khv.ru", "a.b@adm.khv.ru"),
    ("сергей@почта.рф", "сергей@почта.рф"),
    ("a@b.ru; c@d.ru", "a@b.ru, c@d.ru"),
    ("", ""),
])
def test_email(typed, canonical):
    assert normalize_email(typed) == canonical


@pytest.mark.parametrize("typed", ["ivanov@mail", "ivanov.mail.ru", "a@@b.ru", "a b@c.ru", "a..b@c.ru", "a@c.r"])
def test_a_bad_email_is_a_clear_russian_error(typed):
    with pytest.raises(InvalidValue, match="Адрес эл. почты .* неверен"):
        normalize_email(typed)


def test_yes_no():
    assert [parse_yes_no(t) for t in ("да", "+", "1", "X", "нет", "-", "", "Иванова Мария")] == [
        True, True, True, True, False, False, False, None]


def test_clean_text_folds_invisible_and_repeated_spaces():
    assert clean_text(" Иванов\u200b\u00a0\n Иван ") == "Иванов Иван"
    assert clean_text(None) == "" and clean_text(12.0) == "12"

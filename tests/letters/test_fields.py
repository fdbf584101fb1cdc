"""Fields of a letter's text: found, filled where there is a value, kept and named where there is none."""

from app.letters.fields import fields_in, fill, listed, segments

TEXT = "Просим обеспечить {{дата}} с {{время}} порядок по адресу: {{место}}, {{ адрес }}. Гостей: {{число_гостей}}."


def test_fields_are_named_once_in_order_of_appearance():
    assert fields_in(TEXT + " {{дата}}") == ["дата", "время", "место", "адрес", "число_гостей"]
    assert fields_in("Без полей, {просто} скобки.") == []


def test_fields_with_a_value_are_filled_and_empty_ones_stay_as_written():
    filled = fill(TEXT, {"дата": "9 мая 2027 г.", "время": "09:00", "место": "Площадь Славы", "адрес": "",
                         "число_гостей": " "})
    assert filled == ("Просим обеспечить 9 мая 2027 г. с 09:00 порядок по адресу: Площадь Славы, {{ адрес }}. "
                      "Гостей: {{число_гостей}}.")
    assert fields_in(filled) == ["адрес", "число_гостей"]
    assert listed(fields_in(filled)) == "{{адрес}}, {{число_гостей}}"


def test_segments_mark_the_fields_for_the_page():
    assert segments("У {{адрес}}.") == [("У ", False), ("{{адрес}}", True), (".", False)]
    assert segments("") == []

"""`ceremonia quota`: the organisations file (CSV or XLSX, Russian or English headers) to an allocation, printed
or as JSON; what is impossible explained with its numbers; faulty rows named."""

import io
import json

from click.testing import CliRunner
from openpyxl import Workbook

from app.cli import main

ORGANISATIONS = ("Разнарядка на 9 мая\n"
                 "Организация;Вес;Мин;Макс\n"
                 "Совет ветеранов;1 200;20;300\n"
                 "Городская дума;45;10;\n"
                 "Университет;800,5;;100\n"
                 "Школа № 1;0;5;\n")


def run(tmp_path, data: bytes, *options: str, name: str = "orgs.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return CliRunner().invoke(main, ["quota", "--organisations", str(path), *options])


def test_the_allocation_as_json_with_its_calculation(tmp_path):
    result = run(tmp_path, ORGANISATIONS.encode("cp1251"), "--capacity", "400", "--method", "dhondt", "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    seats = {o["name"]: o["seats"] for o in answer["organisations"]}
    assert seats == {"Совет ветеранов": 285, "Городская дума": 10, "Университет": 100, "Школа № 1": 5}
    university = answer["organisations"][2]
    assert (university["bound"], university["min"], university["max"], university["weight"]) == ("max", 0, 100, 800.5)
    assert answer["method"] == "dhondt" and answer["divisor"] > 0 and answer["ties"] == []
    # the divisor's quotients, rounded down, are the places of everyone the bounds leave free
    assert int(answer["organisations"][0]["quotient"]) == 285


def test_the_table_printed_for_a_person_from_an_xlsx_with_english_headers(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["organisation", "weight", "min", "max"])
    for row in (["North", 10, 0, None], ["South", 10, 0, None], ["East", 5, 1, 1]):
        sheet.append(row)
    data = io.BytesIO()
    workbook.save(data)
    result = run(tmp_path, data.getvalue(), "--capacity", "4", name="orgs.xlsx")
    assert result.exit_code == 0, result.output
    assert "Мест распределено: 4, метод наибольших остатков (Гамильтона)" in result.output
    assert "Равенство решено правилом «больший вес, затем имя по алфавиту»: North, South." in result.output
    # name, weight, min, (no max), places: 1.5 each for North and South, the tie to the name first
    lines = [line.split()[:5] for line in result.output.splitlines()[2:5]]
    assert lines[0][:4] == ["North", "10", "0", "2"] and lines[1][:4] == ["South", "10", "0", "1"]
    assert lines[2] == ["East", "5", "1", "1", "1"]


def test_what_is_impossible_is_explained_with_numbers(tmp_path):
    data = "организация;вес;мин\nА;1;700\nБ;1;540\n".encode()
    result = run(tmp_path, data, "--capacity", "1200")
    assert result.exit_code == 1
    assert "Сумма минимумов — 1\u202f240, а мест всего 1\u202f200." in result.output
    answer = json.loads(run(tmp_path, data, "--capacity", "1200", "--json").output)
    assert answer["problems"][0]["code"] == "minimums_over_capacity"
    assert answer["problems"][0]["numbers"] == {"minimums": 1240, "capacity": 1200}


def test_faulty_rows_are_named(tmp_path):
    data = "организация;вес;мин;макс\nА;много;;\nБ;3;2,5;\n;4;;\n".encode()
    result = run(tmp_path, data, "--capacity", "10", "--json")
    assert result.exit_code == 2
    assert json.loads(result.output)["errors"] == [
        "Строка 2, столбец «вес»: «много» — нужно неотрицательное число.",
        "Строка 3, столбец «мин»: «2,5» — нужно целое неотрицательное число.",
        "Строка 4: не указана организация.",
    ]
    missing = run(tmp_path, "организация;мин\nА;1\n".encode(), "--capacity", "10")
    assert missing.exit_code == 2 and "Нет столбца «вес» (weight)." in missing.output

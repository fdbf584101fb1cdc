"""Files that once answered 500: random bytes named .xlsx, zips with broken XML, CSV in DOS or KOI-8
code pages, a UTF-8 mark before a Windows-1251 body, a cell of 131 KB. Through the real upload page
each is either read right or refused with a Russian message naming the file (and the place); the
seat command reads the same files and exits 2 with the message."""

import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from app.cli import main
from app.core.roles import Role
from app.guests import importing
from app.imports.encoding import UndecodableText, decode_text
from app.imports.sheets import TableError, read_table
from app.seating.halls.files import read_hall, to_json
from app.seating.halls.layout import rows_template
from app.seating.seat_command import EXIT_BAD_INPUT
from tests.conftest import sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST = "ФИО;Должность\r\nЁлкин Пётр Ильич;Начальник отдела\r\nЩукина Эльвира Юрьевна;Советник\r\n"


def workbook_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_part(data: bytes, part: str, text: bytes) -> bytes:
    """The workbook with one of its zip parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, text if item.filename == part else source.read(item.filename))
    return out.getvalue()


GOOD_BOOK = workbook_bytes([["ФИО", "Должность"], ["Ёлкин Пётр Ильич", "Начальник"]])
HUGE = "Ф" * 131_100


def broken() -> list[tuple[str, bytes, str]]:
    """(file name, bytes, words the message must hold)."""
    return [
        ("список.xlsx", os.urandom(4096).replace(b"PK", b"pk"), "«список.xlsx» назван как таблица Excel"),
        ("список.xlsx", b"PK\x03\x04" + os.urandom(2000), "«список.xlsx» не читается как таблица Excel"),
        ("лист.xlsx", with_part(GOOD_BOOK, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r="),
         "«лист.xlsx» не читается как таблица Excel"),
        ("книга.xlsx", with_part(GOOD_BOOK, "xl/workbook.xml", b"<?xml version='1.0'?><workbook"),
         "«книга.xlsx» не читается как таблица Excel"),
        ("архив.xlsx", with_part(GOOD_BOOK, "[Content_Types].xml", b"not xml at all"),
         "«архив.xlsx» не читается как таблица Excel"),
        ("мусор.csv", os.urandom(4096), "«мусор.csv» не похож ни на XLSX, ни на CSV"),
        ("длинный.csv", f"ФИО;Должность\nИванов Иван;{HUGE}\n".encode(),
         "Строка 2, столбец «Должность»: больше 10\u202f000 знаков"),
        ("длинный.xlsx", workbook_bytes([["ФИО", "Должность"], ["Иванов Иван", "Ж" * 20_000]]),
         "Строка 2, столбец «Должность»: больше 10\u202f000 знаков"),
    ]


def readable() -> list[tuple[str, bytes]]:
    return [
        ("dos.csv", LIST.encode("cp866")),
        ("koi.csv", LIST.encode("koi8_r")),
        ("bom.csv", b"\xef\xbb\xbf" + LIST.encode("cp1251")),  # the mark is ignored, the body read as it is
        ("win.csv", LIST.encode("cp1251")),
        ("utf16.csv", LIST.encode("utf-16")),
    ]


@pytest.mark.parametrize(("name", "data", "words"), broken())
def test_a_broken_file_is_a_located_message(name, data, words):
    with pytest.raises(TableError, match=words):
        read_table(name, data, importing.GUESTS)


@pytest.mark.parametrize(("name", "data"), readable())
def test_russian_code_pages_are_read(name, data):
    sheet = read_table(name, data, importing.GUESTS)
    assert sheet.header == ["ФИО", "Должность"]
    assert [cells for _row, cells in sheet.data()] == [["Ёлкин Пётр Ильич", "Начальник отдела"],
                                                       ["Щукина Эльвира Юрьевна", "Советник"]]


def test_decoding_refuses_to_guess_at_binary():
    with pytest.raises(UndecodableText):
        decode_text(b"\x00\x01\x02\x03" * 100)
    assert decode_text("Иванов".encode("koi8_r")) == ("Иванов", "koi8-r")


def test_a_hall_file_saved_in_a_windows_code_page_is_read():
    spec = rows_template("Малый зал «Ёлочка»", 2, 3, ())
    text = json.dumps(to_json(spec), ensure_ascii=False)
    assert read_hall(text.encode("cp1251")) == spec


async def test_the_upload_page_answers_every_broken_file_in_russian(client):
    token = await sign_in(client, Role.PROTOCOL)
    for name, data, words in broken():
        response = await client.post("/guests/import/", files={"file": (name, data, XLSX)},
                                      data={"_csrf_token": token}, follow_redirects=False)
        assert response.status_code == 422, name
        assert words.replace("«", "&laquo;").replace("»", "&raquo;") in response.text or words in response.text
    for name, data in readable():
        response = await client.post("/guests/import/", files={"file": (name, data, "text/csv")},
                                     data={"_csrf_token": token}, follow_redirects=False)
        assert response.status_code == 303, name
        page = await client.get(response.headers["location"])
        assert "Ёлкин Пётр Ильич" in page.text and "Щукина Эльвира Юрьевна" in page.text


def test_the_seat_command_exits_2_with_the_message(tmp_path: Path):
    hall = tmp_path / "hall.json"
    hall.write_text(json.dumps(to_json(rows_template("Зал", 3, 4, ())), ensure_ascii=False), encoding="utf-8")
    for number, (name, data, words) in enumerate(broken()):
        guests = tmp_path / f"{number}-{name}"
        guests.write_bytes(data)
        result = CliRunner().invoke(main, ["seat", "--hall", str(hall), "--guests", str(guests),
                                           "--out", str(tmp_path / "plan.csv")])
        assert result.exit_code == EXIT_BAD_INPUT, (name, result.output)
        assert words.replace(name, guests.name) in result.stderr, name
    guests = tmp_path / "dos.csv"
    guests.write_bytes(LIST.encode("cp866"))
    result = CliRunner().invoke(main, ["seat", "--hall", str(hall), "--guests", str(guests),
                                       "--out", str(tmp_path / "plan.csv")])
    assert result.exit_code == 0, result.output
    assert "Ёлкин Пётр Ильич" in (tmp_path / "plan.csv").read_text(encoding="utf-8-sig")

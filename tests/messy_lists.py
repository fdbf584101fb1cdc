"""A messy, real-sized guest list as a district office sends it, seeded, with what it should import to.

    messy = messy_list(300, seed=7)                 # XLSX bytes; as_csv=True for «;»-separated Windows-1251
    messy.data, messy.filename                      # the file
    messy.groups, messy.escorts, messy.interpreters # the truth to check an import or a seating plan against

Every trait of the lists the department gets: a title and a blank line above the header; Фамилия / Имя /
Отчество in their own columns (names in capitals or lower case, stray spaces); a «Группа (сидят вместе)»
column holding families, delegations (a foreign one with an interpreter) and veterans with their escorts
(whose position says «Сопровождающий»); free-text needs («кресло-коляска», «не может подниматься», «у прохода»,
«слабовидящий», and words no rule knows); categories of the registry, abbreviated («ветераны ВОВ») and unknown
ones («Почётные доноры»); ranks; duplicates differing only in case, ё and spaces, or typed with Latin look-alike
letters («Ивaнoв»); two broken rows (no surname,
digits in a surname). Used by tests/guests/test_guest_lists.py and the benchmark of import → plan.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field

from openpyxl import Workbook

HEADER = ["№", "Фамилия", "Имя", "Отчество", "Должность", "Организация", "Категория", "Ранг",
          "Группа (сидят вместе)", "Особые потребности", "Телефон", "Язык"]
TITLE = "Список приглашённых на торжественное собрание, посвящённое Дню Победы"
FIRST_DATA_ROW = 4  # a title, a blank line, the header: the first guest is row 4 of the file

_MEN = [("Иванов", "Иван", "Петрович"), ("Семёнов", "Алексей", "Игоревич"), ("Кузнецов", "Олег", "Сергеевич"),
        ("Попов", "Николай", "Андреевич"), ("Соколов", "Юрий", "Викторович"), ("Лебедев", "Пётр", "Ильич"),
        ("Козлов", "Андрей", "Николаевич"), ("Новиков", "Дмитрий", "Павлович"), ("Морозов", "Виктор", "Фёдорович"),
        ("Волков", "Сергей", "Олегович"), ("Алексеев", "Борис", "Юрьевич"), ("Мамедов", "Рашид", "Ильхам оглы")]
_WOMEN = [("Петрова", "Анна", "Сергеевна"), ("Смирнова", "Елена", "Ивановна"), ("Фёдорова", "Ольга", "Петровна"),
          ("Михайлова", "Мария", "Никитична"), ("Егорова", "Татьяна", "Ильинична"), ("Орлова", "Алёна", "Игоревна"),
          ("Гусейнова", "Лейла", "Рамиз кызы")]
_CATEGORIES = [("Ветераны Великой Отечественной войны", 20), ("ветераны ВОВ", 20), ("Депутаты", 40),
               ("Руководители организаций", 50), ("Общественность", 90), ("Почётные доноры", 70),
               ("Участники СВО", 30)]
_NEEDS = ["", "", "", "", "", "", "кресло-коляска", "коляска", "без лестниц", "не может подниматься",
          "у прохода", "слабовидящий", "слабовидящий, нужен сопровождающий", "диабет", "на кресле, у прохода"]
NEEDS_FLAGS = {  # what each text above means: (wheelchair, no_stairs, aisle, needs_escort)
    "": (False, False, False, False), "кресло-коляска": (True, True, False, False),
    "коляска": (True, True, False, False), "без лестниц": (False, True, False, False),
    "не может подниматься": (False, True, False, False), "у прохода": (False, False, True, False),
    "слабовидящий": (False, False, False, True), "слабовидящий, нужен сопровождающий": (False, False, False, True),
    "диабет": (False, False, False, False), "на кресле, у прохода": (True, True, True, False),
}


@dataclass
class MessyList:
    data: bytes
    filename: str
    rows: int  # data rows below the header, broken ones included
    groups: dict[str, list[int]] = field(default_factory=dict)  # label → file rows, the principal first
    escorts: dict[int, int] = field(default_factory=dict)  # escort's row → the row of the one escorted
    interpreters: dict[int, int] = field(default_factory=dict)  # interpreter's row → the principal's row
    families: set[str] = field(default_factory=set)  # the labels of family groups
    duplicates: list[tuple[int, int]] = field(default_factory=list)  # (first row, its repeat)
    broken: list[int] = field(default_factory=list)  # rows that must be rejected
    needs: dict[int, str] = field(default_factory=dict)  # row → the needs text
    unknown_categories: set[str] = field(default_factory=set)
    women: set[int] = field(default_factory=set)  # rows of women (by the patronymic)


def messy_list(count: int = 200, seed: int = 0, *, as_csv: bool = False) -> MessyList:
    """`count` guests (at least 40) with every trait above; the same seed gives the same file."""
    rng = random.Random(seed)
    count = max(count, 40)
    lines: list[list[object]] = []
    result = MessyList(b"", "messy.csv" if as_csv else "messy.xlsx", 0)

    def row_number() -> int:
        return FIRST_DATA_ROW + len(lines)

    def person(index: int, *, woman: bool | None = None) -> tuple[str, str, str]:
        woman = rng.random() < 0.4 if woman is None else woman
        surname, name, patronymic = rng.choice(_WOMEN if woman else _MEN)
        if woman:
            result.women.add(row_number())
        return f"{surname}{'' if index < 5 else '-' + _suffix(index)}", name, patronymic

    def add(names: tuple[str, str, str], position: str = "", organisation: str = "", category: str = "",
            rank: object = "", group: str = "", needs: str = "", language: str = "") -> int:
        number = row_number()
        phone = f"8 (914) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
        lines.append([len(lines) + 1, *names, position, organisation, category, rank, group, needs, phone,
                      language])
        result.needs[number] = needs
        return number

    # the most senior: the governor and the mayor, no group
    add(("Губернаторов", "Михаил", "Викторович"), "Губернатор края", "Правительство края",
        "Почётные гости и официальные лица", 1)
    add(("Мэров", "Сергей", "Андреевич"), "Глава города", "Администрация города",
        "Почётные гости и официальные лица", 2)
    # a foreign delegation with an interpreter
    label = "Делегация г. Харбин"
    head = add(("Ли", "Вэй", ""), "Мэр", "Народное правительство г. Харбин", "Делегации", 5, label,
               language="китайский")
    members = [head] + [add((f"Чжан-{_suffix(i)}", "Мин", ""), "Член делегации", "г. Харбин", "Делегации", 6, label,
                            language="китайский") for i in range(2)]
    interpreter = add(("Васильева", "Ирина", "Олеговна"), "Переводчик", "МИД", "", "", label)
    result.women.add(interpreter)
    result.interpreters[interpreter] = head
    result.groups[label] = [*members, interpreter]
    index = 10
    while len(lines) < count - 8:
        index += 1
        kind = rng.random()
        category, rank = rng.choice(_CATEGORIES)
        if category == "Почётные доноры":
            result.unknown_categories.add(category)
        if kind < 0.12:  # a veteran and the escort
            label = f"ветеран {index}"
            veteran = add(person(index), "", "Совет ветеранов", "Ветераны Великой Отечественной войны", 20, label,
                          rng.choice(["кресло-коляска", "без лестниц", "слабовидящий"]))
            escort = add(person(index + 100_000), "Сопровождающий", "", "", "", label)
            result.escorts[escort] = veteran
            result.groups[label] = [veteran, escort]
        elif kind < 0.2:  # a family
            base, tail = rng.choice(_MEN)[0], _suffix(index)
            label = f"Семья {base}ых-{tail}"
            rows = [add((f"{base}-{tail}", "Иван", "Петрович"), "", "", category, rank, label),
                    add((f"{base}а-{tail}", "Мария", "Ивановна"), "", "", category, rank, label)]
            result.women.add(rows[1])
            result.families.add(label)
            result.groups[label] = rows
        else:
            add(person(index), rng.choice(["Директор", "Депутат", "Председатель", ""]),
                rng.choice(["Школа № 5", "Завод", "Совет ветеранов", "Городская дума"]), category, rank,
                needs=rng.choice(_NEEDS))
    # duplicates differing in case, ё and spaces, and one typed with Latin look-alikes on the other keyboard layout
    sample = rng.sample([r for r in range(FIRST_DATA_ROW + 4, row_number()) if r not in _grouped(result)], 3)
    for n, original in enumerate(sample):
        cells = lines[original - FIRST_DATA_ROW]
        surname, name, patronymic = (str(c) for c in cells[1:4])
        twisted = (surname.upper().replace("Ё", "Е"), "  " + name.lower() + " ", patronymic.replace("ё", "е"))
        if n == 0:
            twisted = (surname.replace("о", "o").replace("а", "a").replace("е", "e"), name, patronymic)
        repeat = add(twisted, *(str(c) for c in cells[4:7]), cells[7], "", str(cells[9]))
        result.duplicates.append((original, repeat))
        if original in result.women:
            result.women.add(repeat)
    # two broken rows
    result.broken.append(add(("", "Без", "Фамилии"), "Гость"))
    result.broken.append(add(("Иван0в", "Иван", "Иванович")))
    while len(lines) < count:
        index += 1
        add(person(index), "", "", "Общественность", 90)
    result.rows = len(lines)
    result.data = _csv(lines) if as_csv else _xlsx(lines)
    return result


def _suffix(index: int) -> str:
    """A distinct, pronounceable tail: names stay unique without looking like numbers."""
    syllables = ["ко", "ва", "ли", "ни", "ро", "ша", "ме", "ту", "да", "зе"]
    return "".join(syllables[int(digit)] for digit in str(index)).capitalize()


def _grouped(result: MessyList) -> set[int]:
    return {row for rows in result.groups.values() for row in rows}


def _xlsx(lines: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Гости"
    sheet.append([TITLE])
    sheet.append([])
    sheet.append(HEADER)
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(lines: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([[TITLE], [], HEADER, *lines])
    return out.getvalue().encode("cp1251")

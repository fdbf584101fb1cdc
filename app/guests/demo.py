"""Demo guest registry: ~10,000 plausible people of Khabarovsk with their families, escorts, interpreters
and delegations (the invitation lists are app.invitations.demo's).

Seeded, so every demo is the same; bulk inserts, so it loads in a few seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.core.db import write_transaction
from app.guests.kinds import Gender, LinkKind, PersonStatus
from app.guests.services import ensure_default_categories
from app.guests.tables import Category, Person, PersonLink
from app.imports.normalize import full_name_key

PERSONS = 10_000
CHUNK = 500

# (surname in the masculine, its feminine form or None when it does not change)
SURNAMES = [
    ("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"), ("Попов", "Попова"),
    ("Васильев", "Васильева"), ("Петров", "Петрова"), ("Соколов", "Соколова"), ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"), ("Фёдоров", "Фёдорова"), ("Морозов", "Морозова"), ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"), ("Лебедев", "Лебедева"), ("Семёнов", "Семёнова"), ("Егоров", "Егорова"),
    ("Павлов", "Павлова"), ("Козлов", "Козлова"), ("Степанов", "Степанова"), ("Николаев", "Николаева"),
    ("Орлов", "Орлова"), ("Андреев", "Андреева"), ("Макаров", "Макарова"), ("Никитин", "Никитина"),
    ("Захаров", "Захарова"), ("Зайцев", "Зайцева"), ("Соловьёв", "Соловьёва"), ("Борисов", "Борисова"),
    ("Яковлев", "Яковлева"), ("Григорьев", "Григорьева"), ("Романов", "Романова"), ("Воробьёв", "Воробьёва"),
    ("Сергеев", "Сергеева"), ("Кузьмин", "Кузьмина"), ("Фролов", "Фролова"), ("Александров", "Александрова"),
    ("Дмитриев", "Дмитриева"), ("Королёв", "Королёва"), ("Гусев", "Гусева"), ("Киселёв", "Киселёва"),
    ("Ильин", "Ильина"), ("Максимов", "Максимова"), ("Поляков", "Полякова"), ("Сорокин", "Сорокина"),
    ("Виноградов", "Виноградова"), ("Ковалёв", "Ковалёва"), ("Белов", "Белова"), ("Медведев", "Медведева"),
    ("Антонов", "Антонова"), ("Тарасов", "Тарасова"), ("Жуков", "Жукова"), ("Баранов", "Баранова"),
    ("Филиппов", "Филиппова"), ("Комаров", "Комарова"), ("Давыдов", "Давыдова"), ("Беляев", "Беляева"),
    ("Герасимов", "Герасимова"), ("Богданов", "Богданова"), ("Осипов", "Осипова"), ("Сидоров", "Сидорова"),
    ("Матвеев", "Матвеева"), ("Титов", "Титова"), ("Марков", "Маркова"), ("Миронов", "Миронова"),
    ("Крылов", "Крылова"), ("Куликов", "Куликова"), ("Карпов", "Карпова"), ("Власов", "Власова"),
    ("Мельников", "Мельникова"), ("Денисов", "Денисова"), ("Гаврилов", "Гаврилова"), ("Тихонов", "Тихонова"),
    ("Казаков", "Казакова"), ("Афанасьев", "Афанасьева"), ("Данилов", "Данилова"), ("Савельев", "Савельева"),
    ("Тимофеев", "Тимофеева"), ("Фомин", "Фомина"), ("Чернов", "Чернова"), ("Абрамов", "Абрамова"),
    ("Мартынов", "Мартынова"), ("Ефимов", "Ефимова"), ("Федотов", "Федотова"), ("Щербаков", "Щербакова"),
    ("Назаров", "Назарова"), ("Калинин", "Калинина"), ("Исаев", "Исаева"), ("Чернышёв", "Чернышёва"),
    ("Быков", "Быкова"), ("Маслов", "Маслова"), ("Родионов", "Родионова"), ("Коновалов", "Коновалова"),
    ("Лазарев", "Лазарева"), ("Воронин", "Воронина"), ("Климов", "Климова"), ("Филатов", "Филатова"),
    ("Пономарёв", "Пономарёва"), ("Голубев", "Голубева"), ("Кудрявцев", "Кудрявцева"), ("Прохоров", "Прохорова"),
    ("Наумов", "Наумова"), ("Потапов", "Потапова"), ("Журавлёв", "Журавлёва"), ("Овчинников", "Овчинникова"),
    ("Трофимов", "Трофимова"), ("Леонов", "Леонова"), ("Соболев", "Соболева"), ("Ермаков", "Ермакова"),
    ("Колесников", "Колесникова"), ("Гончаров", "Гончарова"), ("Емельянов", "Емельянова"), ("Никифоров", "Никифорова"),
    ("Грачёв", "Грачёва"), ("Котов", "Котова"), ("Гришин", "Гришина"), ("Ефремов", "Ефремова"),
    ("Архипов", "Архипова"), ("Громов", "Громова"), ("Кириллов", "Кириллова"), ("Малышев", "Малышева"),
    ("Панов", "Панова"), ("Моисеев", "Моисеева"), ("Румянцев", "Румянцева"), ("Акимов", "Акимова"),
    ("Кондратьев", "Кондратьева"), ("Бирюков", "Бирюкова"), ("Горбунов", "Горбунова"), ("Анисимов", "Анисимова"),
    ("Еремин", "Еремина"), ("Тихомиров", "Тихомирова"), ("Галкин", "Галкина"), ("Лукьянов", "Лукьянова"),
    ("Муравьёв", "Муравьёва"), ("Зимин", "Зимина"), ("Островский", "Островская"), ("Вишневский", "Вишневская"),
    ("Покровский", "Покровская"), ("Шевченко", None), ("Ковальчук", None), ("Бондаренко", None),
    ("Ткаченко", None), ("Кравченко", None), ("Ли", None), ("Ким", None), ("Пак", None), ("Цой", None),
    ("Толстой", "Толстая"), ("Лановой", "Лановая"), ("Мамедов", "Мамедова"), ("Алиев", "Алиева"),
    ("Хабибуллин", "Хабибуллина"), ("Гайдамак", None), ("Дьяченко", None), ("Литвиненко", None),
]
# (name, patronymic of his children: masculine, feminine)
MALE_NAMES = [
    ("Александр", "Александрович", "Александровна"), ("Алексей", "Алексеевич", "Алексеевна"),
    ("Анатолий", "Анатольевич", "Анатольевна"), ("Андрей", "Андреевич", "Андреевна"),
    ("Антон", "Антонович", "Антоновна"), ("Артём", "Артёмович", "Артёмовна"), ("Борис", "Борисович", "Борисовна"),
    ("Вадим", "Вадимович", "Вадимовна"), ("Валентин", "Валентинович", "Валентиновна"),
    ("Валерий", "Валерьевич", "Валерьевна"), ("Василий", "Васильевич", "Васильевна"),
    ("Виктор", "Викторович", "Викторовна"), ("Виталий", "Витальевич", "Витальевна"),
    ("Владимир", "Владимирович", "Владимировна"), ("Вячеслав", "Вячеславович", "Вячеславовна"),
    ("Геннадий", "Геннадьевич", "Геннадьевна"), ("Георгий", "Георгиевич", "Георгиевна"),
    ("Григорий", "Григорьевич", "Григорьевна"), ("Денис", "Денисович", "Денисовна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"), ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Егор", "Егорович", "Егоровна"), ("Иван", "Иванович", "Ивановна"), ("Игорь", "Игоревич", "Игоревна"),
    ("Илья", "Ильич", "Ильинична"), ("Кирилл", "Кириллович", "Кирилловна"),
    ("Константин", "Константинович", "Константиновна"), ("Леонид", "Леонидович", "Леонидовна"),
    ("Лев", "Львович", "Львовна"), ("Максим", "Максимович", "Максимовна"), ("Михаил", "Михайлович", "Михайловна"),
    ("Никита", "Никитич", "Никитична"), ("Николай", "Николаевич", "Николаевна"), ("Олег", "Олегович", "Олеговна"),
    ("Павел", "Павлович", "Павловна"), ("Пётр", "Петрович", "Петровна"), ("Роман", "Романович", "Романовна"),
    ("Сергей", "Сергеевич", "Сергеевна"), ("Станислав", "Станиславович", "Станиславовна"),
    ("Степан", "Степанович", "Степановна"), ("Фёдор", "Фёдорович", "Фёдоровна"), ("Юрий", "Юрьевич", "Юрьевна"),
    ("Яков", "Яковлевич", "Яковлевна"),
]
FEMALE_NAMES = ["Александра", "Алёна", "Алина", "Анастасия", "Анна", "Валентина", "Вера", "Виктория", "Галина",
                "Дарья", "Евгения", "Екатерина", "Елена", "Зинаида", "Зоя", "Ирина", "Клавдия", "Лариса", "Лидия",
                "Любовь", "Людмила", "Маргарита", "Марина", "Мария", "Надежда", "Наталья", "Нина", "Оксана",
                "Ольга", "Полина", "Раиса", "Светлана", "Софья", "Тамара", "Татьяна", "Юлия"]
OLD_FEMALE = ["Антонина", "Валентина", "Зинаида", "Клавдия", "Мария", "Нина", "Анна", "Александра", "Прасковья",
              "Евдокия", "Раиса", "Тамара", "Лидия", "Галина", "Вера"]

STREETS = ["ул. Карла Маркса", "ул. Муравьёва-Амурского", "ул. Ленина", "ул. Серышева", "ул. Шеронова",
           "ул. Запарина", "ул. Ким Ю Чена", "ул. Дзержинского", "ул. Пушкина", "ул. Калинина", "ул. Волочаевская",
           "ул. Тихоокеанская", "ул. Краснодарская", "ул. Павла Морозова", "ул. Суворова", "ул. Карла Либкнехта",
           "Амурский бульвар", "Уссурийский бульвар", "пр-т 60-летия Октября", "ул. Бондаря", "ул. Лермонтова",
           "ул. Фрунзе", "ул. Гоголя", "ул. Шевченко", "ул. Тургенева", "ул. Большая", "ул. Рабочий городок"]
INDEXES = ["680000", "680006", "680009", "680011", "680013", "680014", "680017", "680020", "680021", "680022",
           "680023", "680028", "680030", "680033", "680038", "680041", "680042", "680045", "680052"]

ORGANISATIONS = [
    "Совет ветеранов г. Хабаровска", "Совет ветеранов Железнодорожного района", "Совет ветеранов Центрального района",
    "Совет ветеранов Кировского района", "Совет ветеранов Краснофлотского района",
    "Совет ветеранов Индустриального района", "Хабаровская городская Дума", "Законодательная Дума Хабаровского края",
    "Правительство Хабаровского края", "Администрация г. Хабаровска", "Дальневосточный государственный медицинский "
    "университет", "Тихоокеанский государственный университет", "Дальневосточный государственный университет путей "
    "сообщения", "Хабаровский государственный институт культуры", "КГБУЗ «Краевая клиническая больница № 1»",
    "КГБУЗ «Городская клиническая больница № 10»", "МАОУ «Гимназия № 3»", "МАОУ «Лицей инновационных технологий»",
    "МБОУ СОШ № 5", "МБОУ СОШ № 12", "МБОУ СОШ № 51", "АО «Хабаровский судостроительный завод»",
    "ПАО «Амурский судостроительный завод», филиал", "АО «Хабаровский аэропорт»", "АО «Дальэнергомаш»",
    "ДВЖД — филиал ОАО «РЖД»", "АО «ДГК», Хабаровская ТЭЦ-3", "МУП «Водоканал»", "МУП «Горэлектротранс»",
    "ООО «Амурская строительная компания»", "ПАО Сбербанк, Дальневосточный банк", "Банк ВТБ, филиал в Хабаровске",
    "Хабаровская краевая филармония", "Краевой музыкальный театр", "Хабаровский краевой музей им. Н. И. Гродекова",
    "Дальневосточная государственная научная библиотека", "Хабаровская епархия", "Восточный военный округ",
    "Управление МВД России по г. Хабаровску", "ГУ МЧС России по Хабаровскому краю",
    "Общественная палата г. Хабаровска", "Молодёжный парламент г. Хабаровска", "Хабаровское казачье общество",
    "Союз женщин Хабаровского края", "Общество «Знание», Хабаровское отделение",
    "Российский союз ветеранов Афганистана",
    "«Боевое братство», Хабаровское отделение", "Клуб «Юнармия»", "ГТРК «Дальневосточная»", "«Губерния», телеканал",
    "«Тихоокеанская звезда», газета", "«Хабаровский экспресс», газета", "РИА «27 регион»", "DVHAB.ru",
    "Торгово-промышленная палата Хабаровского края", "Хабаровский краевой союз промышленников",
]
PRESS = ["ГТРК «Дальневосточная»", "«Губерния», телеканал", "«Тихоокеанская звезда», газета",
         "«Хабаровский экспресс», газета", "РИА «27 регион»", "DVHAB.ru"]

# name, share of the registry, positions, organisations (None: any), women's share, age band
PLAN = {
    "Почётные гости и официальные лица": (0.02, ["Губернатор края", "Председатель Законодательной Думы края",
                                                 "Заместитель председателя Правительства края", "Министр",
                                                 "Главный федеральный инспектор", "Командующий войсками округа",
                                                 "Прокурор города", "Начальник управления"],
                                          ["Правительство Хабаровского края", "Законодательная Дума Хабаровского края",
                                           "Восточный военный округ", "Администрация г. Хабаровска"], .25, (40, 65)),
    "Ветераны Великой Отечественной войны": (0.025, ["Ветеран Великой Отечественной войны", "Труженик тыла",
                                                     "Участник боевых действий 1941–1945 гг."],
                                             [o for o in ORGANISATIONS if o.startswith("Совет ветеранов")], .45,
                                             (96, 101)),
    "Герои Советского Союза и Российской Федерации": (0.003, ["Герой Российской Федерации",
                                                              "Полный кавалер ордена Славы"],
                                                      ["Восточный военный округ", "Совет ветеранов г. Хабаровска"],
                                                      0.0, (35, 80)),
    "Ветераны боевых действий": (0.12, ["Ветеран боевых действий", "Председатель первичной организации",
                                        "Член правления"], ["Российский союз ветеранов Афганистана",
                                                            "«Боевое братство», Хабаровское отделение",
                                                            "Совет ветеранов г. Хабаровска"], .05, (35, 75)),
    "Участники СВО": (0.08, ["Участник специальной военной операции"], ["Восточный военный округ",
                                                                         "«Боевое братство», Хабаровское отделение"],
                      .04, (21, 55)),
    "Депутаты": (0.015, ["Депутат Хабаровской городской Думы", "Депутат Законодательной Думы края",
                         "Председатель постоянной комиссии"], ["Хабаровская городская Дума",
                                                              "Законодательная Дума Хабаровского края"], .3, (32, 70)),
    "Почётные граждане города": (0.01, ["Почётный гражданин г. Хабаровска"], None, .3, (60, 92)),
    "Руководители организаций": (0.2, ["Директор", "Генеральный директор", "Ректор", "Главный врач",
                                       "Председатель правления", "Начальник", "Заведующий", "Председатель"],
                                 None, .4, (35, 70)),
    "Делегации": (0.0, [], None, .3, (30, 65)),  # made by hand below
    "Пресса": (0.03, ["Корреспондент", "Фотокорреспондент", "Главный редактор", "Оператор"], PRESS, .55, (22, 60)),
    "Общественность": (0.497, ["Председатель совета", "Член общественной палаты", "Волонтёр", "Активист",
                               "Руководитель отделения", "Учитель", "Врач", "Инженер", "Пенсионер"], None, .55,
                       (18, 85)),
}


def _surname(rng: random.Random, female: bool) -> str:
    male, fem = rng.choice(SURNAMES)
    return (fem or male) if female else male


def _same_family(surname: str, female: bool) -> str:
    """The surname of a husband or wife: «Иванов» → «Иванова» and back; «Ковальчук» stays."""
    for male, fem in SURNAMES:
        if surname in (male, fem):
            return (fem or male) if female else male
    return surname


def _phone(rng: random.Random) -> str:
    code = rng.choice(["914", "924", "962", "909", "984", "4212"])
    if code == "4212":
        return f"+7 421 2{rng.randint(10, 99)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
    return f"+7 {code} {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"


def _address(rng: random.Random) -> str:
    return (f"{rng.choice(INDEXES)}, г. Хабаровск, {rng.choice(STREETS)}, д. {rng.randint(1, 180)}"
            + (f", кв. {rng.randint(1, 240)}" if rng.random() < .8 else ""))


def _person(rng: random.Random, category: str, category_id: int, precedence: int) -> dict:
    _share, positions, organisations, women, (young, old) = PLAN[category]
    female = rng.random() < women
    age = rng.randint(young, old)
    father = rng.choice(MALE_NAMES)
    name = rng.choice(OLD_FEMALE if age > 80 else FEMALE_NAMES) if female else rng.choice(MALE_NAMES)[0]
    status = PersonStatus.ACTIVE
    if category == "Ветераны Великой Отечественной войны" and rng.random() < .12:
        status = PersonStatus.DECEASED
    elif rng.random() < .02:
        status = rng.choice([PersonStatus.MOVED, PersonStatus.MOVED, PersonStatus.DECEASED])
    veteran = age > 90
    wheelchair = rng.random() < (.35 if veteran else .01)
    no_stairs = wheelchair or rng.random() < (.4 if veteran else .02)
    organisation = rng.choice(organisations) if organisations else rng.choice(ORGANISATIONS)
    return {
        "surname": _surname(rng, female), "name": name, "patronymic": father[2] if female else father[1],
        "gender": Gender.FEMALE if female else Gender.MALE, "position": rng.choice(positions),
        "organisation": organisation, "category": category_id,
        "precedence": precedence + (rng.randint(0, 4) if category != "Общественность" else rng.randint(0, 9)),
        "phone": _phone(rng) if rng.random() < .93 else "",
        "email": "" if veteran or rng.random() < .5 else f"guest{rng.randint(1000, 99999)}@mail.ru",
        "address": _address(rng), "wheelchair": wheelchair, "no_stairs": no_stairs,
        "needs_escort": veteran and rng.random() < .6, "language": "", "notes": "", "status": status,
    }


DELEGATIONS = [
    # (city, language, head, members, interpreters)
    ("Делегация г. Харбина (КНР)", "китайский",
     ("Ван", "Лэй", "", Gender.MALE, "Заместитель мэра г. Харбина"),
     [("Чжан", "Вэй", "", Gender.MALE, "Начальник отдела внешних связей"),
      ("Ли", "На", "", Gender.FEMALE, "Советник"), ("Лю", "Ян", "", Gender.MALE, "Помощник заместителя мэра"),
      ("Чэнь", "Цзин", "", Gender.FEMALE, "Специалист")],
     [("Степанова", "Ольга", "Викторовна", Gender.FEMALE), ("Ким", "Денис", "Алексеевич", Gender.MALE)]),
    ("Делегация г. Ниигаты (Япония)", "японский",
     ("Сато", "Кэнтаро", "", Gender.MALE, "Председатель городского собрания г. Ниигаты"),
     [("Судзуки", "Хироси", "", Gender.MALE, "Депутат городского собрания"),
      ("Такахаси", "Юко", "", Gender.FEMALE, "Руководитель отдела международных связей")],
     [("Орлова", "Екатерина", "Игоревна", Gender.FEMALE)]),
]


def _registry(rng: random.Random, categories: dict[str, tuple[int, int]]) -> tuple[list[dict], list[tuple]]:
    """People and the links between them as (person index, other index, kind)."""
    people: list[dict] = []
    links: list[tuple[int, int, LinkKind]] = []
    for city, language, head, members, interpreters in DELEGATIONS:
        category_id, precedence = categories["Делегации"]
        head_index = len(people)
        for surname, name, patronymic, gender, position in [head, *members]:
            people.append({"surname": surname, "name": name, "patronymic": patronymic, "gender": gender,
                           "position": position, "organisation": city, "category": category_id,
                           "precedence": precedence - (5 if len(people) == head_index else 0), "phone": "",
                           "email": "", "address": "", "wheelchair": False, "no_stairs": False, "needs_escort": False,
                           "language": language, "notes": "", "status": PersonStatus.ACTIVE})
            if len(people) - 1 != head_index:
                links.append((len(people) - 1, head_index, LinkKind.DELEGATION_OF))
        for surname, name, patronymic, gender in interpreters:
            people.append({"surname": surname, "name": name, "patronymic": patronymic, "gender": gender,
                           "position": f"Переводчик ({language} язык)", "organisation": "Администрация г. Хабаровска",
                           "category": categories["Общественность"][0], "precedence": 95, "phone": _phone(rng),
                           "email": "", "address": "", "wheelchair": False, "no_stairs": False, "needs_escort": False,
                           "language": language, "notes": "", "status": PersonStatus.ACTIVE})
            links.append((len(people) - 1, head_index, LinkKind.INTERPRETER_FOR))
    for name, (share, *_rest) in PLAN.items():
        category_id, precedence = categories[name]
        for _ in range(round(PERSONS * share)):
            people.append(_person(rng, name, category_id, precedence))
    # Escorts: a relative for every veteran of the war who needs one; spouses for some officials.
    for index in range(len(people)):
        person = people[index]
        if person["needs_escort"] and person["status"] is PersonStatus.ACTIVE:
            female = rng.random() < .6
            people.append({**_person(rng, "Общественность", *categories["Общественность"]),
                           "surname": person["surname"] if rng.random() < .7 else _surname(rng, female),
                           "position": "Сопровождающий", "organisation": "", "status": PersonStatus.ACTIVE,
                           "wheelchair": False, "no_stairs": False, "needs_escort": False})
            links.append((len(people) - 1, index, LinkKind.ESCORT_OF))
        elif person["category"] == categories["Почётные гости и официальные лица"][0] and rng.random() < .5:
            female = person["gender"] is Gender.MALE
            father = rng.choice(MALE_NAMES)
            people.append({**_person(rng, "Общественность", *categories["Общественность"]),
                           "surname": _same_family(person["surname"], female),
                           "name": rng.choice(FEMALE_NAMES) if female else rng.choice(MALE_NAMES)[0],
                           "patronymic": father[2] if female else father[1],
                           "gender": Gender.FEMALE if female else Gender.MALE, "position": "", "organisation": "",
                           "status": PersonStatus.ACTIVE})
            links.append((len(people) - 1, index, LinkKind.FAMILY_OF))
    return people, links


async def _categories() -> dict[str, tuple[int, int]]:
    await ensure_default_categories()
    return {r["name"]: (r["id"], r["precedence"]) for r in await Category.select()}


async def _insert_people(people: list[dict]) -> list[int]:
    before = await Person.select(Person.id).order_by(Person.id, ascending=False).first()
    start = before["id"] if before else 0
    for offset in range(0, len(people), CHUNK):
        await Person.insert(*[Person(**p, search_key=full_name_key(p["surname"], p["name"], p["patronymic"]))
                              for p in people[offset:offset + CHUNK]])
    rows = await Person.select(Person.id).where(Person.id > start).order_by(Person.id)
    return [r["id"] for r in rows]


@dataclass
class DemoRegistry:
    """What the registry's demo made, for the invitation lists' demo to choose from."""

    people: list[dict]  # as inserted, in order
    ids: list[int]  # their ids, in the same order
    links: list[tuple]  # (person index, other index, LinkKind)
    categories: dict[str, tuple[int, int]]  # name -> (id, precedence)
    rng: random.Random  # the seeded generator, to go on with: every demo is the same


async def load_guests_demo(seed: int = 1945) -> DemoRegistry:
    """The registry: ~10,000 people with their links."""
    rng = random.Random(seed)
    async with write_transaction(Person._meta.db):
        categories = await _categories()
        people, links = _registry(rng, categories)
        ids = await _insert_people(people)
        for offset in range(0, len(links), CHUNK):
            await PersonLink.insert(*[PersonLink(person=ids[a], other=ids[b], kind=k)
                                      for a, b, k in links[offset:offset + CHUNK]])
    return DemoRegistry(people, ids, links, categories, rng)

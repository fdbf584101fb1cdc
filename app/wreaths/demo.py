"""Demo wreath laying: the Victory Day laying at the Eternal Flame, ~15 delegations by precedence,
and the placement scheme of the square."""

from __future__ import annotations

from app.events.kinds import CeremonyFormat, EventKind
from app.events.tables import Ceremony
from app.wreaths import scheme, services
from app.wreaths.kinds import Tribute, ZoneKind

# (name, head, announcement in the dative, rank, people, tribute, minutes)
DELEGATIONS = [
    ("Губернатор Хабаровского края", "Губернатор края Соколов Андрей Николаевич",
     "Губернатору Хабаровского края Соколову Андрею Николаевичу", 10, 5, Tribute.WREATH, 3),
    ("Законодательная Дума Хабаровского края", "Председатель Законодательной Думы края Рябов Виктор Павлович",
     "Председателю Законодательной Думы Хабаровского края Рябову Виктору Павловичу", 20, 5, Tribute.WREATH, 2),
    ("Восточный военный округ", "Командующий войсками округа генерал-полковник Лаптев Олег Игоревич",
     "командующему войсками Восточного военного округа генерал-полковнику Лаптеву Олегу Игоревичу", 30, 8,
     Tribute.WREATH, 3),
    ("Генеральное консульство КНР в г. Хабаровске", "Генеральный консул Ван Лэй",
     "Генеральному консулу Китайской Народной Республики в Хабаровске господину Ван Лэю", 35, 3, Tribute.WREATH, 2),
    ("Генеральное консульство Японии в г. Хабаровске", "Генеральный консул Като Кэндзи",
     "Генеральному консулу Японии в Хабаровске господину Като Кэндзи", 35, 3, Tribute.WREATH, 2),
    ("Отделение Генерального консульства Республики Корея", "Консул Ким Сон Хо",
     "консулу Республики Корея господину Ким Сон Хо", 35, 2, Tribute.WREATH, 2),
    ("Администрация города Хабаровска", "Мэр города Кравцов Сергей Андреевич",
     "мэру города Хабаровска Кравцову Сергею Андреевичу", 40, 6, Tribute.WREATH, 3),
    ("Хабаровская городская Дума", "Председатель Городской думы Белова Марина Викторовна",
     "председателю Хабаровской городской Думы Беловой Марине Викторовне", 45, 6, Tribute.WREATH, 2),
    ("Совет ветеранов города Хабаровска", "Председатель совета Громов Пётр Ильич",
     "городскому совету ветеранов войны, труда, Вооружённых Сил и правоохранительных органов", 50, 10,
     Tribute.WREATH, 3),
    ("Краевое отделение «Боевое братство»", "Председатель отделения Назаров Денис Олегович",
     "Хабаровскому краевому отделению Всероссийской общественной организации ветеранов «Боевое братство»", 60,
     6, Tribute.WREATH, 2),
    ("Хабаровское суворовское военное училище", "Начальник училища полковник Захаров Игорь Сергеевич",
     "воспитанникам Хабаровского суворовского военного училища", 70, 12, Tribute.WREATH, 2),
    ("Дальневосточная железная дорога", "Начальник дороги Морозов Алексей Викторович",
     "коллективу Дальневосточной железной дороги — филиала ОАО «РЖД»", 80, 5, Tribute.BASKET, 2),
    ("Тихоокеанский государственный университет", "Ректор Лебедева Ирина Сергеевна",
     "коллективу Тихоокеанского государственного университета", 85, 8, Tribute.FLOWERS, 2),
    ("Юнармия г. Хабаровска", "Начальник штаба Орлов Кирилл Андреевич",
     "юнармейцам города Хабаровска", 90, 15, Tribute.FLOWERS, 2),
    ("Средняя школа № 16", "Директор школы Егорова Анна Михайловна",
     "учащимся средней школы № 16 города Хабаровска", 95, 20, Tribute.FLOWERS, 2),
]

# (zone, kind, x, y, w, h, delegation) on the plan of Glory Square, 100 × 60 units, the flame at the top.
ZONES = [
    ("Вечный огонь", ZoneKind.MEMORIAL, 40, 3, 20, 10, None),
    ("Трибуна", ZoneKind.STAGE, 72, 4, 16, 6, None),
    ("Вход 1", ZoneKind.ENTRANCE, 0, 26, 4, 10, None),
    ("Вход 2", ZoneKind.ENTRANCE, 96, 26, 4, 10, None),
    ("А1", ZoneKind.ZONE, 30, 19, 12, 6, "Губернатор Хабаровского края"),
    ("А2", ZoneKind.ZONE, 44, 19, 12, 6, "Законодательная Дума Хабаровского края"),
    ("А3", ZoneKind.ZONE, 58, 19, 12, 6, "Восточный военный округ"),
    ("Б1", ZoneKind.ZONE, 14, 19, 12, 6, "Генеральное консульство КНР в г. Хабаровске"),
    ("Б2", ZoneKind.ZONE, 14, 27, 12, 6, "Генеральное консульство Японии в г. Хабаровске"),
    ("Б3", ZoneKind.ZONE, 14, 35, 12, 6, "Отделение Генерального консульства Республики Корея"),
    ("В1", ZoneKind.ZONE, 30, 27, 12, 6, "Администрация города Хабаровска"),
    ("В2", ZoneKind.ZONE, 44, 27, 12, 6, "Хабаровская городская Дума"),
    ("В3", ZoneKind.ZONE, 58, 27, 12, 6, "Совет ветеранов города Хабаровска"),
    ("Г1", ZoneKind.ZONE, 74, 19, 12, 6, "Краевое отделение «Боевое братство»"),
    ("Г2", ZoneKind.ZONE, 74, 27, 12, 6, "Хабаровское суворовское военное училище"),
    ("Г3", ZoneKind.ZONE, 74, 35, 12, 6, "Дальневосточная железная дорога"),
    ("Д1", ZoneKind.ZONE, 30, 37, 12, 6, "Тихоокеанский государственный университет"),
    ("Д2", ZoneKind.ZONE, 44, 37, 12, 6, "Юнармия г. Хабаровска"),
    ("Д3", ZoneKind.ZONE, 58, 37, 12, 6, "Средняя школа № 16"),
    ("Пресса", ZoneKind.ZONE, 84, 48, 12, 8, None),
]

# The anthem and the minute of silence come first: the first delegation steps up five minutes in.
START = "09:05"


async def load_wreaths_demo() -> None:
    rows = await Ceremony.select(Ceremony.id).where(
        (Ceremony.format == CeremonyFormat.WREATH_LAYING) & (Ceremony.event.kind == EventKind.VICTORY_DAY))
    for row in rows:
        await _fill(row["id"])


async def _fill(ceremony_id: int) -> None:
    ids = {}
    for name, head, announcement, rank, people, tribute, minutes in DELEGATIONS:
        saved = await services.save_delegation(
            {"name": name, "head": head, "announcement": announcement, "rank": str(rank), "people": str(people),
             "tribute": tribute.value, "minutes": str(minutes)}, ceremony_id=ceremony_id)
        assert saved.ok, saved.errors
        ids[name] = saved.id
    await services.set_start(ceremony_id, {"start": START})
    for name, kind, x, y, w, h, delegation in ZONES:
        saved = await scheme.save_zone(
            {"name": name, "kind": kind.value, "x": str(x), "y": str(y), "w": str(w), "h": str(h),
             "delegation": str(ids[delegation]) if delegation else ""}, ceremony_id=ceremony_id)
        assert saved.ok, saved.errors

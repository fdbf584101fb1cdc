"""What the log names: kinds of objects, actions, and the labels the pages show for them."""

from app.core.i18n import N_

KIND_LABELS = {
    "event": N_("Событие"),
    "ceremony": N_("Церемония"),
    "person": N_("Гость"),
    "invitation": N_("Приглашение"),
    "invitation_design": N_("Оформление приглашений"),
    "invitation_artwork": N_("Герб или подпись для приглашений"),
    "printer_offset": N_("Сдвиг принтера"),
    "scan": N_("Проход"),
    "seating_plan": N_("Рассадка"),
    "roster": N_("График дежурств"),
    "letter": N_("Письмо"),
    "account": N_("Учётная запись"),
    "task": N_("Поручение"),
    "scenario_item": N_("Пункт сценария"),
    "delegation": N_("Делегация (возложение)"),
    "staff": N_("Дежурный"),
    "post": N_("Пост"),
    "official": N_("Должностное лицо"),
    "hall": N_("Зал"),
    "category": N_("Категория гостей"),
    "import": N_("Импорт"),
}

ACTION_LABELS = {
    "create": N_("создание"),
    "update": N_("изменение"),
    "delete": N_("удаление в корзину"),
    "restore": N_("восстановление"),
    "purge": N_("удаление навсегда"),
    "status": N_("смена статуса"),
    "issue": N_("выдача"),
    "revoke": N_("отзыв"),
    "undo": N_("отмена прохода"),
    "publish": N_("публикация"),
}

# The fields the log names, by the column's name (one name means one thing in every table that has it).
FIELD_LABELS = {
    "title": N_("название"), "kind": N_("вид"), "status": N_("статус"), "year": N_("год"), "notes": N_("примечания"),
    "responsible": N_("ответственный"), "date_rule": N_("правило даты"), "format": N_("формат"),
    "venue": N_("место"), "address": N_("адрес"), "starts_at": N_("начало"), "ends_at": N_("окончание"),
    "expected_guests": N_("ожидается гостей"), "surname": N_("фамилия"), "name": N_("имя / название"),
    "patronymic": N_("отчество"), "gender": N_("пол"), "position": N_("должность / порядок"),
    "organisation": N_("организация"), "category": N_("категория"), "precedence": N_("старшинство"),
    "phone": N_("телефон"), "email": N_("эл. почта"), "wheelchair": N_("кресло-коляска"),
    "no_stairs": N_("без лестниц"), "aisle": N_("у прохода"), "needs_escort": N_("нужен сопровождающий"),
    "language": N_("язык"), "entrance": N_("вход"), "seat_label": N_("место"), "issued_how": N_("как вручено"),
    "response_note": N_("ответ"), "admitted_at": N_("прошёл"), "admitted_gate": N_("вход прохода"),
    "allow_partial": N_("неполная рассадка"), "presidium": N_("президиум"), "hall": N_("зал"),
    "department": N_("подразделение"), "person": N_("исполнитель"), "deadline": N_("срок"),
    "long_term": N_("долгосрочное"), "completed_on": N_("исполнено"), "coexecutors": N_("соисполнители"),
    "full_name": N_("ФИО"), "qualifications": N_("допуски"), "max_hours_per_day": N_("часов в день, не более"),
    "active": N_("работает"), "place": N_("место поста"), "slot_minutes": N_("смена, минут"),
    "min_headcount": N_("человек, не менее"), "desired_headcount": N_("человек, желательно"),
    "requirements": N_("требования"), "minutes": N_("минут"), "fixed_time": N_("точное время"),
    "action": N_("действие"), "participants": N_("участники"), "cues": N_("сигналы"), "host_words": N_("слова ведущего"),
    "head": N_("глава"), "announcement": N_("объявление"), "rank": N_("ранг"), "people": N_("человек"),
    "tribute": N_("венок / цветы"), "vip": N_("VIP на входе"), "always_seated": N_("всегда с местом"),
    "role": N_("роль"), "subject": N_("тема"), "addressee": N_("адресат"), "body": N_("текст"),
    "seats": N_("мест"), "honour": N_("почётность"), "honour_manual": N_("почётность задана вручную"),
    "blocked": N_("закрыто"), "blocked_reason": N_("причина"), "step_free": N_("без ступенек"),
    "companion": N_("место сопровождающего"), "restricted_view": N_("ограниченный обзор"), "sector": N_("сектор"),
    "rows": N_("строк"), "created": N_("создано"), "updated": N_("обновлено"), "rejected": N_("отклонено"),
    "skipped": N_("пропущено"), "links": N_("связей в группах"), "categories": N_("категорий создано"),
    "link": N_("связь"),
    "declined": N_("склонение ФИО"), "position_nominative": N_("должность (им. п.)"),
    "person_nominative": N_("ФИО (им. п.)"),
}

TEMPLATE_GLOBALS = {"AUDIT_KIND_LABELS": KIND_LABELS, "AUDIT_ACTION_LABELS": ACTION_LABELS,
                    "AUDIT_FIELD_LABELS": FIELD_LABELS}

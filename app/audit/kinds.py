"""What the log names: kinds of objects, actions, and the labels the pages show for them."""

from app.core.i18n import N_

KIND_LABELS = {
    "event": N_("Событие"),
    "ceremony": N_("Церемония"),
    "person": N_("Гость"),
    "invitation": N_("Приглашение"),
    "scan": N_("Проход"),
    "seating_plan": N_("Рассадка"),
    "roster": N_("График дежурств"),
    "letter": N_("Письмо"),
    "account": N_("Учётная запись"),
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

TEMPLATE_GLOBALS = {"AUDIT_KIND_LABELS": KIND_LABELS, "AUDIT_ACTION_LABELS": ACTION_LABELS}

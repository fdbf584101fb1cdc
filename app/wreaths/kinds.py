"""The closed lists of a wreath laying: what a delegation lays, what stands on the plan of the square."""

from enum import StrEnum

from app.core.i18n import N_


class Tribute(StrEnum):
    WREATH = "wreath"
    FLOWERS = "flowers"
    BASKET = "basket"


TRIBUTE_LABELS = {
    Tribute.WREATH: N_("венок"),
    Tribute.FLOWERS: N_("цветы"),
    Tribute.BASKET: N_("корзина цветов"),
}


class ZoneKind(StrEnum):
    """A zone is a place for a delegation; the others are fixed landmarks of the square."""

    ZONE = "zone"
    MEMORIAL = "memorial"
    STAGE = "stage"
    ENTRANCE = "entrance"


ZONE_KIND_LABELS = {
    ZoneKind.ZONE: N_("Зона размещения"),
    ZoneKind.MEMORIAL: N_("Мемориал, Вечный огонь"),
    ZoneKind.STAGE: N_("Сцена, трибуна"),
    ZoneKind.ENTRANCE: N_("Вход"),
}

# The plan of a square is drawn on a grid of this many units; a zone's position and size are in units.
PLAN_WIDTH = 100
PLAN_HEIGHT = 60

# A delegation walks up, lays its wreath, bows and steps back in about two minutes.
DEFAULT_SLOT_MINUTES = 2
# Precedence rank of a delegation added without one: after the officials, before the public.
DEFAULT_RANK = 100

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"TRIBUTE_LABELS": TRIBUTE_LABELS, "ZONE_KIND_LABELS": ZONE_KIND_LABELS}

"""Access zones of a ceremony and the defaults offered for a new one."""

from __future__ import annotations

from enum import StrEnum

from app.core.i18n import N_


class ZoneKind(StrEnum):
    HALL = "hall"
    STAGE = "stage"
    BUFFET = "buffet"
    VIP = "vip"
    PRESS = "press"
    PARKING = "parking"
    OTHER = "other"


ZONE_KIND_LABELS = {
    ZoneKind.HALL: N_("зал"),
    ZoneKind.STAGE: N_("сцена, президиум"),
    ZoneKind.BUFFET: N_("фуршет"),
    ZoneKind.VIP: N_("VIP-комната"),
    ZoneKind.PRESS: N_("пресс-зона"),
    ZoneKind.PARKING: N_("парковка"),
    ZoneKind.OTHER: N_("другая"),
}

# Offered with one button to a ceremony that has no zones yet; the officer renames or deletes them.
DEFAULT_ZONES = (
    (ZoneKind.HALL, N_("Зал")),
    (ZoneKind.STAGE, N_("Сцена и президиум")),
    (ZoneKind.BUFFET, N_("Фуршет")),
    (ZoneKind.VIP, N_("VIP-комната")),
    (ZoneKind.PRESS, N_("Пресс-зона")),
    (ZoneKind.PARKING, N_("Парковка")),
)

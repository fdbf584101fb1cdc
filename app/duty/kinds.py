"""Closed lists of the duty roster."""

from enum import StrEnum

from app.i18n import N_


class RosterStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


# Qualifications a post may require; the registry may hold others too (free text).
QUALIFICATIONS = {
    "senior": N_("старший на посту"),
    "first_aid": N_("первая помощь"),
    "escort": N_("сопровождение ветеранов"),
    "interpreter": N_("переводчик"),
    "driver": N_("водитель"),
}

ROSTER_STATUS_LABELS = {RosterStatus.DRAFT: N_("черновик"), RosterStatus.PUBLISHED: N_("опубликован")}

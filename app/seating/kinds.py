"""Closed lists of the seating plans."""

from enum import StrEnum

from app.core.i18n import N_


class HallKind(StrEnum):
    """Rows of seats (with an optional presidium on the stage) or banquet tables (the head table first)."""

    ROWS = "rows"
    TABLES = "tables"


class SectionKind(StrEnum):
    ROWS = "rows"  # a block of rows between the walls and aisles: stalls, balcony, a side sector
    TABLE = "table"  # one round or rectangular table
    PRESIDIUM = "presidium"  # the presidium or head table on the stage, seats in one line


class NumberingKind(StrEnum):
    LEFT_TO_RIGHT = "left_to_right"
    ODD_EVEN = "odd_even"  # odd to the right of the centre, even to the left, as in Russian theatres


class PlanStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


HALL_KIND_LABELS = {HallKind.ROWS: N_("зал с рядами"), HallKind.TABLES: N_("банкетный зал со столами")}

SECTION_KIND_LABELS = {
    SectionKind.ROWS: N_("ряды"),
    SectionKind.TABLE: N_("стол"),
    SectionKind.PRESIDIUM: N_("президиум"),
}

NUMBERING_LABELS = {
    NumberingKind.LEFT_TO_RIGHT: N_("слева направо"),
    NumberingKind.ODD_EVEN: N_("нечётные справа, чётные слева от центра"),
}

PLAN_STATUS_LABELS = {PlanStatus.DRAFT: N_("черновик"), PlanStatus.PUBLISHED: N_("утверждена")}

# The solver's verdict on the plan (solver.cpsat.Status values).
SOLVER_STATUS_LABELS = {
    "optimal": N_("Рассадка оптимальна"),
    "feasible": N_("Рассадка составлена (лучшая найденная за отведённое время)"),
    "infeasible": N_("Рассадку не составить"),
    "timeout": N_("За отведённое время рассадка не найдена"),
}

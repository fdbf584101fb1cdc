"""Closed lists of the duty roster."""

from enum import StrEnum

from app.core.i18n import N_
from solver import roster as engine


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

# The solver's verdict on the roster (solver.cpsat.Status values).
SOLVER_STATUS_LABELS = {
    "optimal": N_("График оптимален"),
    "feasible": N_("График составлен (лучший найденный за отведённое время)"),
    "infeasible": N_("График не составить"),
    "timeout": N_("За отведённое время график не найден"),
}

# The score analysis: what each soft rule cost (the names the solver gives its penalties).
PENALTY_LABELS = {
    "uncovered": N_("Непокрытые места (неполный график)"),
    "desired": N_("Недобор до желательной численности"),
    "called": N_("Вызванные люди"),
    "reliefs": N_("Выходы на пост (смены и подмены)"),
    "departments": N_("Неравномерность между подразделениями"),
    "fairness": N_("Неравномерность часов за год среди вызванных"),
    "preferences": N_("Посты не по предпочтению"),
    "changes": N_("Изменения опубликованного графика"),
}

# What one step of a rule costs and what the step is, for the «how many» column of the score analysis.
PENALTY_UNITS = {
    "uncovered": (engine.W_UNCOVERED, N_("чел. × смена")),
    "desired": (engine.W_DESIRED, N_("чел. × смена")),
    "called": (engine.W_CALLED, N_("чел.")),
    "reliefs": (engine.W_RELIEFS, N_("выходов")),
    "preferences": (engine.W_PREFERENCES, N_("смен")),
    "changes": (engine.W_CHANGES, N_("клеток")),
}

# The names its templates use, handed to the template engine at start-up.
TEMPLATE_GLOBALS = {"QUALIFICATION_LABELS": QUALIFICATIONS, "ROSTER_STATUS_LABELS": ROSTER_STATUS_LABELS,
                    "SOLVER_STATUS_LABELS": SOLVER_STATUS_LABELS, "PENALTY_LABELS": PENALTY_LABELS,
                    "PENALTY_UNITS": PENALTY_UNITS}

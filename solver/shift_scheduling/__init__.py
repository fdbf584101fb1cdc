"""Shift scheduling in the format of the public benchmark of Curtois & Qu (schedulingbenchmarks.org).

    instance    the data, read() of the text format and write()
    validation  validate(), objective(), costs(): a schedule re-checked without the model
    model       the CP-SAT model (build() of all staff or a part), solve_exact() and explain()
    search      solve(): a feasible schedule first, one employee at a time, then large neighbourhood search
    generator   generate(): seeded instances at any size, feasible by construction
"""

from solver.shift_scheduling.instance import Cover, Instance, Request, Schedule, Shift, Staff, read, write
from solver.shift_scheduling.model import CP_SAT, HARD_RULES, WORKERS, Solution, build, explain, solve_exact
from solver.shift_scheduling.search import solve
from solver.shift_scheduling.validation import costs, objective, validate

__all__ = ["CP_SAT", "HARD_RULES", "WORKERS", "Cover", "Instance", "Request", "Schedule", "Shift", "Solution",
           "Staff", "build", "costs", "explain", "objective", "read", "solve", "solve_exact", "validate", "write"]

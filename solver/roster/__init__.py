"""The duty roster of a ceremony: which duty officer stands at which post in which time slot.

A solve goes: explain() rejects what is impossible on its face (a pin that breaks a rule, a post too few
people can stand at); a constructive pass builds a roster at once (lanes of each post cut into stretches
about the mean load long, given out by the objective's own marginal costs). On big instances the pattern
formulation follows (each person one duty pattern: its LP, by column generation, proves the bound; CP-SAT
over the patterns it found gives a better roster). That roster is CP-SAT's complete hint over the cells
and, on big instances, decides each person's few candidate posts; CP-SAT then improves it. A model
proven infeasible is solved once more with minimum coverage soft, so that the places nobody can cover
are named. A re-plan first keeps every published cell it can and refills only the lost ones, each lost
stretch whole by one person (split only when nobody free can take it whole, and then explained).

Hard: minimum headcount and qualification minimums per slot, at most the desired headcount per slot (so
that fairness never staffs a slot beyond what it asked for), the post's gender, nobody assigned while
unavailable, absent or busy, one place at a time, minutes per city day (with the arrival before the day's
first slot), a break (the rest) between stretches, pins. Stretches, a person's back-to-back slots at one
post: at least the post's minimum stretch (whole shifts on a post with fixed shifts), at most
max_stretch_minutes, at most max_stretches_per_day; a stretch never runs on at another post.
Soft (rule names of the score analysis, heaviest first): uncovered (allow_partial only), desired,
changes (re-plan only), called (each person called at all), reliefs (each stretch), departments, fairness
(the year's hours, convex, among those called), preferences.

validate() re-checks every hard rule from the data alone; it shares with the model only the definitions
of the slot grid and of city days (slots(), day_minutes()).
Times are int minutes since the Unix epoch (UTC); city days start at 00:00 local (utc_offset_minutes).

The package, by stage (each module imports only those above it in this list)
---------------------------------------------------------------------------
    model         the data: Post, Person, Cell, Instance, Explanation, Violation, Solution; the weights; slots(),
                  city_day(), day_minutes(); the context (_Context) of an instance
    validation    validate()
    explanations  explain()
    constructive  construct(): the constructive pass, and the candidate cells on big instances
    constraints   the CP-SAT model (_Model) and its constraint families
    patterns      the pattern formulation: a proven bound (its LP by column generation) and the roster of
                  its patterns (an integer programme over them), on big instances
    solving       solve(), evaluate()
"""

from solver.cpsat import Status
from solver.roster.constructive import construct
from solver.roster.explanations import explain
from solver.roster.model import (
    DAY,
    RULES,
    W_CALLED,
    W_CHANGES,
    W_DEPARTMENTS,
    W_DESIRED,
    W_FAIRNESS,
    W_PREFERENCES,
    W_RELIEFS,
    W_UNCOVERED,
    Cell,
    Explanation,
    Instance,
    Key,
    Person,
    Post,
    Solution,
    Violation,
    city_day,
    day_minutes,
    default_min_stretch,
    min_stretch,
    slots,
)
from solver.roster.solving import evaluate, solve
from solver.roster.validation import validate

__all__ = [
    "DAY", "RULES", "W_CALLED", "W_CHANGES", "W_DEPARTMENTS", "W_DESIRED", "W_FAIRNESS", "W_PREFERENCES",
    "W_RELIEFS", "W_UNCOVERED", "Cell", "Explanation", "Instance", "Key", "Person", "Post", "Solution", "Status",
    "Violation", "city_day", "construct", "day_minutes", "default_min_stretch", "evaluate", "explain", "min_stretch",
    "slots", "solve", "validate",
]

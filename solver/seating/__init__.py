"""Seating plans: who sits where at a ceremony — in a hall, at a presidium, at banquet tables.

API
---
    Instance(seats, guests, layout=Layout.HALL, apart_pairs=(), sector_categories={}, allow_partial=False)
    solve(instance, time_limit=10.0, *, workers=2, on_progress=None) -> Solution
    validate(instance, assignment) -> list[Violation]      # every hard rule, independent of the solver
    explain(instance) -> list[Explanation]                   # what makes the input impossible on its face
    score(instance, assignment) -> int                       # the objective of any plan (a hand-made one too)
    scale(instance) -> int                                   # M: score = level score x M + place score
    inversions(instance, assignment) -> [(senior, junior)]   # plain guests against precedence, a swap would mend
    weights(guests) -> {guest: weight};  centre_out(n), around(n), axis_ranks(xs, axis), hall_honour(rows, axis):
    the honour orders the app may use (hall_honour: the protocol's (honour, place) of every seat of a hall)

A Solution has status (cpsat.Status: optimal / feasible / infeasible / timeout), assignment (guest id ->
seat id), objective and bound (see below), explanations (INFEASIBLE always has some), unseated (allow_partial:
one Explanation per guest left without a seat, naming them and the reason) and seconds. on_progress(objective,
bound) hears of every better plan. Explanations and violations are codes plus ids and numbers: the app
translates them («1 467 гостей, 1 339 мест: не хватает 128» is Explanation("too_few_seats", need=1467,
available=1339)).

What the app provides
---------------------
Seat: id; zone (section, printed only); row label and row_index (0 = the front row); x, the position in the
row, growing to the *sitter's* right (in the hall: the audience's right; at a presidium: the right of those on
it, facing the hall; at a table: the next seat to the sitter's right); segment, the id of a run of seats between
two aisles (unique in the hall: groups never cross it, and seats are side by side only inside one); honour,
higher = more honoured, derived by the app from the layout (hall: the row's level, front to back; presidium:
centre_out(); tables: head table first, at each table around() from the host) and place, the order among
seats of one honour (hall: from the hall's central axis outwards, the sitter's right first — hall_honour();
elsewhere 0); wheelchair (a
wheelchair place: for wheelchair users only), companion (beside a wheelchair place: only for a member of a
group that has a wheelchair user), aisle, step_free (reachable without stairs), restricted_view (not used by
the solver: give such seats a low honour), blocked (stays empty); table (banquet seats); sector (for category
restrictions).
Guest: id, name, rank (precedence: lower = more senior; equal ranks are broken by id), category, needs
(wheelchair, no_stairs -> a step-free seat or a wheelchair place, aisle), sectors (the sectors they may sit in;
empty = any), pinned (a seat id that is kept), group (delegation, family, escort + veteran, interpreter +
guest); protected («всегда с местом»: a partial plan never leaves them out while it seats a guest
who is not). Instance.sector_categories maps a sector to the categories admitted to it (e.g. press -> {press});
sectors not listed admit everyone. apart_pairs: guests who must not sit side by side nor at one table.

Hard rules (validate() checks each): every guest seated (unless allow_partial), one guest per seat, known
ids; no one on a blocked seat; wheelchair users on wheelchair places and only they there; no_stairs on
step-free seats; aisle on aisle seats; sectors; companion seats; pins; a group side by side in one row segment
without a gap (hall) or at one table (banquet), and with allow_partial seated whole or not at all; apart
pairs not side by side and not at one table; presidium: the k-th most senior in the k-th most honoured seat.

The objective (maximised)
-------------------------
Lexicographic: first the level score P, then the place score S, folded into one number
    score = P x M + S,   M = scale(instance) = 1 + (largest place') x (sum of weights) > any S
    P = sum over seated guests of honour'(seat) x weight(guest)  [- unseated costs, allow_partial]
    S = sum over seated guests of place'(seat) x weight(guest)
honour' is the seat's honour shifted so that the least honoured usable seat counts 1, place' the place shifted
so that the lowest usable place counts 0 (so S = 0 and M = 1 at a presidium or banquet); weight(g) = N +
(guests junior to g) - (guests senior to g), N the number of guests: from 1 (the most junior) to 2N - 1.
Equal ranks weigh the same, so P equals N * (honour' of the seats taken) + the sum over every pair
(senior a, junior b) of honour'(a) - honour'(b): the more honoured seat goes to the more senior guest,
each inversion costing its honour difference; S does the same inside a level. With allow_partial, leaving
a guest out costs H x (W + weight), H the largest honour', W the largest weight (one more guest seated is
worth more than any seat to anyone, and the more senior costs more to leave out), and a protected guest
D = 1 + 3 N H W more (above all the rest together). Among guests the objective can not tell apart (equal
rank and needs), the lower id gets the more honoured seat. A plan of the solver has no inversion
(inversions(): a swap of two plain guests would raise P or S).

"bound" is a proven upper limit on the score of any plan keeping every hard rule: the level score's bound
x M + (M - 1), so (bound - objective) / bound is an honest gap (the level score's, in effect). "optimal"
means: no plan scores a higher level score (proven), and no arrangement of the units each level holds
scores a higher place score (each level proven by CP-SAT; the levels' contents are those the level score
chose: another plan of equal P with other contents might score a higher S — rare, and never across an
inversion). At a presidium and banquet (S = 0) "optimal" is the plain proof: the plan reaches the bound.
FEASIBLE says the gap is open, not that the plan is poor. Ties of the objective are broken as described
per layout (never by chance: the same input gives the same plan, up to CP-SAT's time limit).

How each layout is solved
-------------------------
Presidium: sorting (the k-th most senior to the k-th most honoured seat); when that order breaks a rule
(a pin elsewhere, a seat unsuitable for the guest it falls to, an apart pair side by side) the input is
explained, never silently reordered.

Hall: the level score first (honour = the row's level), then the places (6.). A *run* is a stretch of free
seats side by side in one segment with one honour and one seat class
(the aisle flag of a segment's end seat aside). Inside a run every arrangement of blocks scores the same, so
a block inside a run is only *counted*; blocks crossing runs (an honour or class boundary, a pinned seat)
or needing a run's end (an aisle seat) are explicit placements, their members in the best order (the
sorted one by the rearrangement inequality, unless needs, pins or apart pairs constrain it). Units alike in
size, total weight and needs form one *kind*. The solve:
  1. a constructive plan (protected units first, then by mean member weight into the best free block),
     then repacked run by run, the most honoured first: each stretch of free seats takes the heaviest set
     of the units left that suit it and fit it (a bounded knapsack; the best of five valuations of the
     singles), a unit with needs moving only to a more honoured run that suits it (a unit left without a
     block takes the one that moves the fewest plain singles); kept when the search ends below it or finds
     nothing in time; the first bound is a transportation problem (every guest on a seat that suits them,
     apart from their unit, by min-cost flow), the next the count model's LP relaxation (GLOP);
  2. the configuration LP: per run a pattern (how many units of each kind it holds), plus crossing blocks,
     each kind its count, a type at most its own count of crossing blocks; column generation with GLOP
     started from the relaxation's duals and from two packings per run rounded from its counts, patterns
     priced by a bounded knapsack over the run's seats at duals smoothed towards the best bound's (Wentges)
     and at the LP's own. Its Lagrangian dual bound (valid whatever the duals: it relaxes only integrality and
     apart pairs, and a run's patterns are exactly the packings that fit it) is the reported bound; an LP
     still short of its optimum (by more than 0.002 % of the bound) at its share of the time keeps pricing to
     the end but for the last tenth, and the repacked plan, re-packed a few rows at a time (as in 4.), is the
     answer;
  3. a dive rounds the LP: fixes the runs' patterns it uses (the confident ones together, fewer after a
     step that failed), re-solves over the columns made, undoes a fix that costs too much; its plan is then
     made whole (the runs it left open filled from the LP's patterns and by knapsacks, front to back); a
     second dive, more tolerant of a step's loss, follows when the time holds it, and of the two plans made
     whole one that can be arranged (apart pairs parted) comes first, then the better (kept with the runs
     its dive fixed);
  4. CP-SAT over the count model (a knapsack per run with Chvatal-Gomory cuts, crossing blocks each seat
     once, apart pairs among them) settles the runs the dive left open, hinted with the plan in hand; with
     no run settled its own bound (for the whole model) counts too; the dive's plan made whole stands when
     CP-SAT has no time or finds nothing better (on a count model of over 40,000 variables CP-SAT is not
     run when that plan is at hand: the time goes to the rows); then the units in each window of four
     consecutive rows are re-packed over its runs exactly (solver.seating.neighbourhood: a small CP-SAT per
     window, windows re-solved while a neighbour changed; pinned and apart units stay), when the arrangement
     still parts every apart pair;
  5. the arrangement: units take their places most senior first (the most honoured run, then the front-most,
     the nearest the central axis); inside a run the more senior unit, and in a block the more senior
     member, sits nearer the axis (ties of honour broken, the score unchanged); an apart pair left side by
     side is solved by searching the segment's arrangements (exhaustive for groups of up to five), or else
     that configuration is cut off and CP-SAT runs again.
  6. the places (solver.seating.places): per level, the exact best arrangement of the units it holds over
     its seats (a boolean per placement of a type of unit on a block, CP-SAT); then the swaps of
     solver.seating.inversions leave no plain pair inverted (each raises the score).
The model is small when honours are few levels (rows, not seats: the place inside a row is step 6's); with
a different honour for every seat every block crosses runs and the model holds a placement per block
offset (slow, but exact). With every row a level the configuration LP needs more rounds than with bands
of rows (the README's benchmark): a time limit that stops it early leaves its best Lagrangian bound so far.

Banquet: a constructive plan (units by seniority to the table with the best free seats, singles to the
best free seat; a small CP-SAT packing model if that fails), then large-neighbourhood search: a few tables
at a time are emptied and refilled optimally by CP-SAT (guest x seat on those tables), accepted when not
worse. The bound is the relaxation without groups and apart pairs (sorting within accessibility classes).

The package, by stage (each module imports only those above it in this list)
---------------------------------------------------------------------------
    model         the data: Layout, Seat, Guest, Instance, Explanation, Violation, Solution; weights,
                  precedence, centre_out, around
    objective     score() and the shifted honour it counts
    validation    validate()
    rules         _Rules: the look-ups explain() and the solvers share
    explanations  explain()
    search        what the searches share: the time budget, a block's best order, a CP-SAT run, a result
    hall          the hall model (_Hall)
    repack        a stretch of free seats filled by the heaviest units that fit it (the constructive plan's)
    configuration_lp  the configuration LP (_Master): column generation, its bound, the dive
    neighbourhood the plan re-packed a few rows at a time
    hall_lp       the hall's solve: the constructive plan, the LP and its dives, the plan made whole, CP-SAT
    banquet       the banquet's constructive plan and large-neighbourhood search
    presidium     the presidium by sorting
    polish        the exact exchanges that finish a plan (pure data, no other module of the package)
    places        the hall's place score: each level's arrangement by CP-SAT
    inversions    inversions() and the swaps that remove them
    solving       solve()
"""

from solver.cpsat import Status
from solver.seating.explanations import explain
from solver.seating.inversions import inversions
from solver.seating.model import (
    Explanation,
    Guest,
    Instance,
    Layout,
    Seat,
    Solution,
    Violation,
    around,
    axis_ranks,
    centre_out,
    hall_honour,
    weights,
)
from solver.seating.model import precedence as precedence
from solver.seating.objective import scale, score
from solver.seating.solving import solve
from solver.seating.validation import validate

__all__ = [
    "Explanation", "Guest", "Instance", "Layout", "Seat", "Solution", "Status", "Violation",
    "around", "axis_ranks", "centre_out", "explain", "hall_honour", "inversions", "scale", "score", "solve",
    "validate", "weights",
]

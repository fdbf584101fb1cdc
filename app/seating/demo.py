"""Demo seating: the big hall of the Palace of Culture (about 1,650 seats, a presidium of 13, a press sector,
wheelchair places, camera positions) with next year's Victory Day meeting seated in it, and a banquet hall of
50 tables of 10 for the receptions."""

from __future__ import annotations

from dataclasses import replace

from app.events.tables import Ceremony
from app.invitations.demo import MEETING
from app.seating.halls.layout import HallSpec, SeatSpec, rows_template, tables_template
from app.seating.halls.services import create_hall
from app.seating.plan import editing, problem, services, solving

BIG_HALL = "Большой зал Дворца культуры"
BANQUET_HALL = "Банкетный зал Дома офицеров"
PRESS = "Пресса"
PRESIDIUM_SEATS = 13
# Rows 11–14 of the stalls, just behind the cross aisle and reached without stairs: every other seat is a
# wheelchair place, the seat beside it for anyone (an escort sits there).
WHEELCHAIR_ROWS = range(10, 14)
CAMERA_SEATS = ("23", "24", "25", "26")  # the amphitheatre's first row, on the axis: the TV cameras
PRESS_ROWS = 3  # the amphitheatre's last rows, right block
DEMO_SOLVE_SECONDS = 10


def _adjust(seat: SeatSpec, last_row: int) -> SeatSpec:
    if seat.row_index in WHEELCHAIR_ROWS and seat.order % 2 == 0:
        return replace(seat, wheelchair=True, step_free=True)
    if seat.section == "Амфитеатр" and seat.row_label == "1" and seat.number in CAMERA_SEATS:
        return replace(seat, blocked=True, blocked_reason="камера")
    if seat.row_index > last_row - PRESS_ROWS and seat.order >= 40:
        # the last row is level with the back door: two wheelchair places for the press there too
        wheelchair = seat.row_index == last_row and seat.order in (40, 42)
        return replace(seat, sector=PRESS, wheelchair=wheelchair)
    return seat


def big_hall() -> HallSpec:
    spec = rows_template(BIG_HALL, rows=33, seats_per_row=50, aisles_after=(10, 40), presidium=PRESIDIUM_SEATS,
                         sections=(("Партер", 20), ("Амфитеатр", 13)), cross_aisle_after=10,
                         address="г. Хабаровск, ул. Карла Маркса, 64")
    last = max(s.row_index for s in spec.seats)
    return replace(spec, seats=tuple(_adjust(s, last) for s in spec.seats), sector_categories={PRESS: (PRESS,)})


async def load_seating_demo() -> None:
    hall_id = await create_hall(big_hall(), notes="Партер без ступеней в рядах 1, 11–14; амфитеатр — по лестницам.")
    await create_hall(tables_template(BANQUET_HALL, tables=50, seats_per_table=10,
                                      address="г. Хабаровск, ул. Шеронова, 1"))
    meeting = await Ceremony.select(Ceremony.id).where(Ceremony.title == MEETING).order_by(
        Ceremony.starts_at, ascending=False).first()
    if meeting is None:
        return
    ceremony_id = meeting["id"]
    await services.choose_hall(ceremony_id, hall_id, allow_partial=False)
    guests = await problem.guests_of(ceremony_id)
    # The presidium: the most senior who can climb onto the stage; the officer can change it on the page.
    await services.set_presidium(ceremony_id, [g.invitation_id for g in guests.values()
                                               if not g.no_stairs][:PRESIDIUM_SEATS])
    deputies = [g.invitation_id for g in guests.values() if g.category == "Депутаты" and g.companion_of is None]
    for first, second in zip(deputies[:4:2], deputies[1:4:2], strict=True):
        await editing.add_apart(ceremony_id, first, second, "политические оппоненты")
    await solving.solve_and_save(ceremony_id, DEMO_SOLVE_SECONDS)

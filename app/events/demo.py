"""Demo of the officials' participation: their roles at the demo ceremonies and a few travel times.

The programme in app/demo.py already holds a real clash, which the demo keeps on purpose: on Victory
Day the mayor and the first deputy lay wreaths on Площадь Славы until 09:40 and lead the march from
Комсомольская площадь at 10:00 — 20 minutes for a way that takes 30.
"""

from __future__ import annotations

from app.events.kinds import CeremonyFormat, Participation
from app.events.tables import Ceremony, CeremonyOfficial, Official, TravelTime

TRAVEL = [
    ("Краевой музыкальный театр", "Дом офицеров Российской армии", 15),
    ("Площадь Ленина", "Краевой музыкальный театр", 10),
    ("Мемориал «Вечный огонь»", "Дом офицеров Российской армии", 20),
]


async def load_officials_demo() -> None:
    """Everyone lays a wreath at a wreath laying; the most senior speaks at meetings and receptions and
    hands the awards where the meeting confers titles. Everyone else is present."""
    senior = await Official.select(Official.id).order_by(Official.precedence).first()
    if senior is None:
        return

    def ceremonies(where):
        return CeremonyOfficial.ceremony.is_in(Ceremony.select(Ceremony.id).where(where))

    await CeremonyOfficial.update({CeremonyOfficial.role: Participation.LAYS_WREATH}).where(
        ceremonies(Ceremony.format == CeremonyFormat.WREATH_LAYING))
    by_the_senior = CeremonyOfficial.official == senior["id"]
    await CeremonyOfficial.update({CeremonyOfficial.role: Participation.SPEAKS}).where(
        by_the_senior & ceremonies(Ceremony.format.is_in([CeremonyFormat.MEETING, CeremonyFormat.RECEPTION])))
    await CeremonyOfficial.update({CeremonyOfficial.role: Participation.AWARDS}).where(
        by_the_senior & ceremonies(Ceremony.title.ilike("%вручением%")))
    await TravelTime.insert(*[TravelTime(venue_a=a, venue_b=b, minutes=m) for a, b, m in TRAVEL])

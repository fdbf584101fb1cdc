"""The solver's explanations and the validator's violations in the officer's words, naming people and seats.

The solver speaks in codes and ids; here each becomes a sentence that says what is wrong and what to change.
Never a bare «нет решения»: a code the texts do not know still reads as a request to check the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from app.core.formatting import fmt_number
from app.core.i18n import N_, ngettext
from app.core.i18n import gettext as _
from app.core.numbers import wholes
from app.seating.kinds import SectionKind
from app.seating.plan.problem import GuestInfo, Loaded, SeatInfo
from solver import seating as engine

# What each seat rule means, inside a sentence: «место … не для …».
RULES = {
    "blocked": N_("это место заблокировано"),
    "wheelchair": N_("гостю на коляске нужно место для коляски"),
    "wheelchair_place": N_("место для коляски оставлено для гостя на коляске"),
    "no_stairs": N_("гостю нужно место без ступенек"),
    "aisle": N_("гостю нужно место у прохода"),
    "sector": N_("сектор не для этой категории гостей"),
    "companion": N_("место сопровождающего — только рядом с гостем на коляске из той же группы"),
}

EXPLANATIONS = {
    "too_few_wheelchair_places": N_("Гостей на коляске: {need}, мест для колясок: {available} — не хватает "
                                    "{short} ({guests}). {mark}"),
    "too_few_escort_places": N_("Мест для колясочника с сопровождающим: {available}, нужно {need} ({guests}). "
                                "Добавьте {short} мест(а) для колясочника с местом сопровождающего рядом."),
    "too_few_accessible_seats": N_("Гостей, которым нельзя по ступенькам: {need}, мест без ступенек: {available} — "
                                   "не хватает {short} ({guests}). {mark}"),
    "too_few_aisle_seats": N_("Гостей, которым нужно место у прохода: {need}, таких мест: {available} — не хватает "
                              "{short} ({guests}). Отметьте места у прохода или освободите их."),
    "too_few_sector_seats": N_("Гостей для сектора «{sectors}»: {need}, мест в нём: {available} — не хватает "
                               "{short} ({guests}). Расширьте сектор или разрешите эту категорию в других "
                               "секторах."),
    "group_too_long": N_("Группа {guests} — {need} чел., а самый длинный отрезок ряда между проходами (или стол) "
                         "вмещает {available}. Разделите группу или добавьте места."),
    "group_no_place": N_("Группе {guests} ({need} чел.) нет подходящих мест рядом: проверьте места для колясок, "
                         "без ступенек и сектора, или разделите группу."),
    "group_pins_apart": N_("Группа {guests} закреплена на местах не рядом ({seats}): открепите кого-то из них."),
    "pin_unknown_seat": N_("{guests} закреплён(а) на месте, которого нет среди мест этой части зала: открепите."),
    "pin_conflict": N_("На одно место ({seats}) закреплены несколько гостей ({guests}): оставьте одного."),
    "pin_blocked": N_("{guests} закреплён(а) на заблокированном месте {seats}: открепите или разблокируйте место."),
    "pin_wheelchair": N_("{guests} на коляске, но закреплён(а) на месте {seats} без места для коляски."),
    "pin_wheelchair_place": N_("{guests} закреплён(а) на месте для коляски {seats}, хотя коляска не нужна."),
    "pin_no_stairs": N_("{guests} нельзя по ступенькам, но он(а) закреплён(а) на месте {seats} со ступеньками."),
    "pin_aisle": N_("{guests} нужно место у прохода, а закреплённое место {seats} не у прохода."),
    "pin_sector": N_("{guests} закреплён(а) на месте {seats} в секторе «{sectors}», куда эта категория "
                     "не допускается."),
    "pin_companion": N_("{guests} закреплён(а) на месте сопровождающего {seats}, но в группе нет гостя на коляске."),
    "apart_in_group": N_("{guests} не должны сидеть рядом, но входят в одну группу: уберите их пару «не рядом» "
                         "или разделите группу."),
    "apart_pins": N_("{guests} не должны сидеть рядом, но закреплены рядом ({seats}): открепите одного из них."),
    "apart_unknown_guest": N_("Пара «не рядом» ссылается на гостя, который больше не приглашён: удалите её."),
    "duplicate_guest": N_("Гость {guests} попал в рассадку дважды: сообщите администратору."),
    "duplicate_seat": N_("Место {seats} описано в зале дважды: исправьте схему зала."),
    "presidium_pin": N_("{guests} закреплён(а) в президиуме на месте {seats}, а по старшинству ему (ей) положено "
                        "{expected}: открепите или измените старшинство."),
    "presidium_seat": N_("В президиуме по старшинству {guests} должен(на) сидеть на месте {seats}, но {rule}: "
                         "измените состав президиума или место."),
    "presidium_apart": N_("В президиуме по старшинству {guests} оказываются рядом, а им нельзя сидеть рядом: "
                          "измените состав президиума или уберите пару «не рядом»."),
    "no_room": N_("{guests}: не осталось подходящего места — такие места заняли более старшие гости или целые "
                  "группы. Добавьте места или сократите список."),
    "protected_unseated": N_("{guests} — категория «всегда с местом», но место не нашлось: {reason}"),
    "unknown": N_("Рассадка не найдена, и одной причины не видно: дайте решателю больше времени или проверьте "
                  "закрепления, группы, пары «не рядом» и места для маломобильных гостей."),
}

# Why a protected guest was left out, and the change that seats them.
PROTECTED_REASONS = {
    "wheelchair": N_("мест для колясок {available}, нужно {need}. {mark}"),
    "escort": N_("мест для колясочника с сопровождающим {available}, нужно {need}. Добавьте {short} мест(а) для "
                 "колясочника с местом сопровождающего рядом."),
    "no_stairs": N_("мест без ступенек {available}, нужно {need}. {mark}"),
    "aisle": N_("мест у прохода {available}, нужно {need}. Отметьте места у прохода или освободите их."),
    "sector": N_("мест в секторе «{sectors}» {available}, нужно {need}. Расширьте сектор."),
    "seats": N_("подходящие места заняты другими гостями «всегда с местом» или целыми группами. Добавьте места "
                "или сократите список."),
}
# The seats to mark that end a shortage (the solver names them), and what to do when the hall has none to name: a
# wheelchair place is made of a step-free seat by an aisle, and a hall imported without step-free seats has none.
MARK = {
    "wheelchair": (N_("Отметьте места для колясок: {seats}."),
                   N_("В зале нет места без ступенек у прохода, чтобы сделать его местом для коляски: сначала отметьте "
                      "в схеме зала места без ступенек.")),
    "no_stairs": (N_("Отметьте места без ступенек: {seats}."),
                  N_("Свободных мест, которые можно отметить местами без ступенек, в зале нет: добавьте места.")),
}
MARKED_BY = {"too_few_wheelchair_places": "wheelchair", "too_few_accessible_seats": "no_stairs"}

# Shortages a partial plan can live with: without it the text offers it as a way out.
PARTIAL_WAY_OUT = ("too_few_wheelchair_places", "too_few_escort_places", "too_few_accessible_seats",
                   "too_few_aisle_seats", "no_room")

VIOLATIONS = {
    "unknown_guest": N_("На месте {seat} — гость, которого нет в списке приглашённых."),
    "unknown_seat": N_("{guest} посажен(а) на место, которого нет в зале."),
    "seat_taken": N_("На месте {seat} двое: {guest} и {other}."),
    "unseated": N_("{guest} без места, а неполная рассадка не разрешена."),
    "pinned": N_("{guest} не на закреплённом месте."),
    "blocked": N_("{guest} на заблокированном месте {seat}."),
    "wheelchair": N_("{guest} на коляске, а место {seat} не для коляски."),
    "wheelchair_place": N_("Место для коляски {seat} занято гостем без коляски ({guest})."),
    "no_stairs": N_("{guest}: место {seat} со ступеньками, а гостю по ним нельзя."),
    "aisle": N_("{guest}: место {seat} не у прохода, а гостю нужно у прохода."),
    "sector": N_("{guest}: место {seat} в секторе, куда эта категория гостей не допускается."),
    "companion": N_("{guest} на месте сопровождающего {seat} без гостя на коляске в своей группе."),
    "group": N_("{guest} сидит не вместе со своей группой: группа садится подряд в одном ряду между "
                "проходами или за одним столом."),
    "apart": N_("{guest} и {other} сидят рядом, а им нельзя."),
    "presidium": N_("{guest}: в президиуме не на своём по старшинству месте ({seat}, положено {expected})."),
}


def too_few_seats(need: int, available: int, partial: bool = False) -> str:
    """«1 467 гостей, 1 339 мест: не хватает 128 — …»: the one text with numbers in three plural forms."""
    guests = ngettext("%(num)s гость", "%(num)s гостей", need) % {"num": fmt_number(need)}
    seats = ngettext("%(num)s место", "%(num)s мест", available) % {"num": fmt_number(available)}
    text = (_("{guests}, {seats}: не хватает {short} — добавьте места или сократите список.") if partial else
            _("{guests}, {seats}: не хватает {short} — добавьте места или разрешите неполную рассадку."))
    return text.format(guests=guests, seats=seats, short=fmt_number(max(0, need - available)))


def _numbers(numbers: list[str]) -> str:
    """«1–4, 7»: seat numbers in order, consecutive ones as a range (numbers that are not whole kept as they are)."""
    read = wholes(numbers)
    if len(read) != len(numbers):
        return ", ".join(numbers)
    values = sorted(read)
    runs: list[list[int]] = []
    for v in values:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


class Texts:
    """Names and seats of one plan: what turns ids into words."""

    def __init__(self, guests: Mapping[int, GuestInfo], seats: Mapping[int, SeatInfo], partial: bool = False) -> None:
        self.guests, self.seats, self.partial = guests, seats, partial

    @classmethod
    def of_plan(cls, loaded: Loaded) -> Texts:
        """The texts of a plan: its names and seats, and whether it may leave guests out (then a shortage
        is not answered with «разрешите неполную рассадку»)."""
        return cls(loaded.guests, loaded.seats, loaded.allow_partial)

    def person(self, invitation_id: int | None) -> str:
        guest = self.guests.get(invitation_id) if invitation_id is not None else None
        return guest.short_name if guest else _("гость №{id}").format(id=invitation_id)

    def people(self, ids: Iterable[int]) -> str:
        return ", ".join(self.person(i) for i in ids)

    def seat(self, seat_id: int | None) -> str:
        seat = self.seats.get(seat_id) if seat_id is not None else None
        return seat.label if seat else _("место №{id}").format(id=seat_id)

    def seat_list(self, ids: Iterable[int]) -> str:
        """«Партер, ряд 3, места 1–4; Партер, ряд 5, место 7»: seats of a row together, runs of numbers as ranges."""
        rows: dict[tuple[str, str], list[str]] = {}
        for i in ids:
            seat = self.seats.get(i)
            if seat is None:
                rows.setdefault((self.seat(i), ""), [])
                continue
            rows.setdefault((seat.section, seat.row_label if seat.kind is SectionKind.ROWS else ""), []).append(
                seat.number)
        parts = []
        for (section, row), numbers in rows.items():
            if not numbers:
                parts.append(section)
                continue
            where = _("{section}, ряд {row}").format(section=section, row=row) if row else section
            text = _numbers(numbers)
            parts.append(ngettext("%(where)s, место %(numbers)s", "%(where)s, места %(numbers)s", len(numbers))
                         % {"where": where, "numbers": text})
        return "; ".join(parts) or "—"

    def explanation(self, item: Mapping) -> str:
        code = item.get("code", "")
        if code == "too_few_seats":
            return too_few_seats(item.get("need", 0), item.get("available", 0), self.partial)
        template = EXPLANATIONS.get(code, EXPLANATIONS["unknown"])
        seats = list(item.get("seats") or ())
        expected = self.seat(seats.pop()) if code == "presidium_pin" and len(seats) == 2 else ""
        rule = item.get("rule", "")
        listed = (self.seat_list(seats) if code.startswith("too_few_") or code == "protected_unseated"
                  else "; ".join(self.seat(s) for s in seats))
        values = dict(
            guests=self.people(item.get("guests") or ()), seats=listed, expected=expected,
            need=fmt_number(item.get("need", 0)), available=fmt_number(item.get("available", 0)),
            short=fmt_number(max(0, item.get("need", 0) - item.get("available", 0))),
            sectors=", ".join(item.get("sectors") or ()), rule=_(RULES[rule]) if rule in RULES else rule)
        marked = MARK.get(MARKED_BY.get(code, rule))
        values["mark"] = _(marked[0] if seats else marked[1]).format(**values) if marked else ""
        if code == "protected_unseated":
            values["reason"] = _(PROTECTED_REASONS.get(rule, PROTECTED_REASONS["seats"])).format(**values)
        text = _(template).format(**values)
        if code in PARTIAL_WAY_OUT and not self.partial:
            text += " " + _("Или разрешите неполную рассадку.")
        return text

    def violation(self, v: engine.Violation) -> str:
        template = VIOLATIONS.get(v.code, EXPLANATIONS["unknown"])
        return _(template).format(guest=self.person(v.guest), seat=self.seat(v.seat), other=self.person(v.other),
                                  expected=self.seat(v.other))

    def explanations(self, items: Iterable[Mapping]) -> list[str]:
        return [self.explanation(i) for i in items]

    def violations(self, items: Iterable[engine.Violation]) -> list[str]:
        return [self.violation(v) for v in items]

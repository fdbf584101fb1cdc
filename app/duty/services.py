"""Duty staff, their availability, the posts of a ceremony, the briefing and its acknowledgments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.audit import services as audit
from app.core.config import get_settings
from app.core.db import write_transaction
from app.core.i18n import gettext as _
from app.core.numbers import page_within
from app.core.results import NotFound, Saved
from app.core.text import search_key
from app.duty.kinds import QUALIFICATIONS
from app.duty.tables import Acknowledgment, Availability, Briefing, Post, Roster, Staff
from app.events.services import ceremony_alive
from app.events.tables import Ceremony
from app.invitations.tokens import new_token
from app.web.forms import FormReader
from solver.roster import default_min_stretch

LANGUAGE_PREFIX = "lang:"


@dataclass(frozen=True)
class StaffView:
    id: int
    full_name: str
    department: str
    phone: str
    gender: str
    qualifications: tuple[str, ...]
    max_hours_per_day: int
    notes: str
    token: str
    active: bool

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(q.removeprefix(LANGUAGE_PREFIX) for q in self.qualifications if q.startswith(LANGUAGE_PREFIX))


@dataclass(frozen=True)
class AvailabilityView:
    id: int
    day: date
    start: time | None
    end: time | None
    day_off: bool


@dataclass(frozen=True)
class PostView:
    id: int
    ceremony_id: int
    name: str
    place: str
    starts_at: datetime  # in the city's time zone
    ends_at: datetime
    slot_minutes: int
    min_headcount: int
    desired_headcount: int
    requirements: dict[str, int]
    gender: str
    min_stretch_minutes: int | None = None  # None: the rule of thumb (min_stretch below)
    shifts: tuple[tuple[int, int], ...] = ()  # minutes from starts_at

    @property
    def min_stretch(self) -> int:
        """The shortest stretch a person stands here, in minutes, as the solver will take it."""
        window = int((self.ends_at - self.starts_at).total_seconds()) // 60
        return default_min_stretch(window) if self.min_stretch_minutes is None else self.min_stretch_minutes

    @property
    def shift_text(self) -> str:
        """«08:00–12:00, 12:00–16:00»: the shifts as the form shows and reads them."""
        return ", ".join(f"{self.starts_at + timedelta(minutes=a):%H:%M}–{self.starts_at + timedelta(minutes=b):%H:%M}"
                         for a, b in self.shifts)

    @property
    def slots(self) -> list[datetime]:
        step = timedelta(minutes=self.slot_minutes)
        count = int((self.ends_at - self.starts_at) / step)
        return [self.starts_at + n * step for n in range(count)]


def staff_view(row: dict) -> StaffView:
    return StaffView(id=row["id"], full_name=row["full_name"], department=row["department"], phone=row["phone"],
                     gender=row["gender"], qualifications=tuple(row["qualifications"] or ()),
                     max_hours_per_day=row["max_hours_per_day"], notes=row["notes"], token=row["token"],
                     active=row["active"])


async def staff_page(query: str = "", department: str = "", *, page: int = 1,
                     per_page: int = 50) -> tuple[list[StaffView], int]:
    where = Staff.id > 0
    if query.strip():
        where &= Staff.search_key.like(f"%{search_key(query)}%")
    if department:
        where &= Staff.department == department
    total = await Staff.count().where(where)
    rows = await (Staff.select().where(where).order_by(Staff.department).order_by(Staff.full_name)
                  .limit(per_page).offset((page_within(page, total, per_page) - 1) * per_page).output(load_json=True))
    return [staff_view(r) for r in rows], total


async def departments() -> list[str]:
    rows = await Staff.select(Staff.department).distinct().order_by(Staff.department)
    return [r["department"] for r in rows if r["department"]]


async def get_staff(staff_id: int) -> StaffView:
    row = await Staff.select().where(Staff.id == staff_id).output(load_json=True).first()
    if row is None:
        raise NotFound
    return staff_view(row)


async def staff_by_token(token: str) -> StaffView | None:
    row = await Staff.select().where(Staff.token == token).output(load_json=True).first()
    return staff_view(row) if row else None


def read_staff_form(raw: Mapping[str, str]) -> tuple[dict, dict[str, str]]:
    """The person's fields from the form (or an imported row) and the messages per field."""
    form = FormReader(raw)
    qualifications = [q for q in QUALIFICATIONS if raw.get(f"q_{q}")]
    languages = [lang.strip().lower() for lang in raw.get("languages", "").replace(";", ",").split(",")]
    qualifications += [LANGUAGE_PREFIX + lang for lang in languages if lang]
    values = {
        "full_name": form.text("full_name", required=True),
        "department": form.text("department", required=True),
        "phone": form.text("phone", max_length=40),
        "gender": raw.get("gender", "") if raw.get("gender", "") in ("m", "f") else "",
        "qualifications": qualifications,
        "max_hours_per_day": form.integer("max_hours_per_day", minimum=1, maximum=24, default=8),
        "notes": form.multiline("notes"),
    }
    return values, form.errors


async def save_staff(raw: Mapping[str, str], staff_id: int | None = None) -> Saved:
    values, errors = read_staff_form(raw)
    if errors:
        return Saved(errors=errors)
    values["search_key"] = search_key(values["full_name"])
    saved = await audit.save_row(Staff, {getattr(Staff, k): v for k, v in values.items()}, staff_id, kind="staff",
                                 label=values["full_name"], on_insert={"token": new_token()})
    if saved is None:
        raise NotFound
    return Saved(id=saved)


async def availability(staff_id: int) -> list[AvailabilityView]:
    rows = await Availability.select().where(Availability.staff == staff_id).order_by(Availability.day).order_by(
        Availability.start)
    return [AvailabilityView(r["id"], r["day"], r["start"], r["end"], r["day_off"]) for r in rows]


async def add_availability(staff_id: int, raw: Mapping[str, str]) -> Saved:
    form = FormReader(raw)
    day = form.local_date("day")
    day_off = bool(raw.get("day_off"))
    start = end = None
    if not day_off:
        start, end = _time(form, "start"), _time(form, "end")
        if start and end and end <= start:
            form.fail("end", _("Окончание должно быть позже начала."))
    if form.errors:
        return Saved(errors=form.errors)
    rows = await Availability.insert(Availability(staff=staff_id, day=day, start=start, end=end,
                                                  day_off=day_off)).returning(Availability.id)
    return Saved(id=rows[0]["id"])


def _time(form: FormReader, name: str) -> time | None:
    raw = form.raw.get(name, "").strip()
    try:
        return datetime.strptime(raw, "%H:%M").time()
    except ValueError:
        form.fail(name, _("Время в виде чч:мм."))
        return None


async def delete_availability(staff_id: int, availability_id: int) -> None:
    await Availability.delete().where((Availability.id == availability_id) & (Availability.staff == staff_id))


def _local(moment: datetime) -> datetime:
    return moment.astimezone(get_settings().tz)


def _post_view(row: dict) -> PostView:
    return PostView(id=row["id"], ceremony_id=row["ceremony"], name=row["name"], place=row["place"],
                    starts_at=_local(row["starts_at"]), ends_at=_local(row["ends_at"]),
                    slot_minutes=row["slot_minutes"], min_headcount=row["min_headcount"],
                    desired_headcount=row["desired_headcount"], requirements=row["requirements"] or {},
                    gender=row["gender"], min_stretch_minutes=row["min_stretch_minutes"],
                    shifts=tuple((a, b) for a, b in row["shifts"] or ()))


async def posts(ceremony_id: int) -> list[PostView]:
    rows = await Post.select().where(Post.ceremony == ceremony_id).order_by(Post.starts_at).order_by(
        Post.name).output(load_json=True)
    return [_post_view(r) for r in rows]


async def get_post(post_id: int) -> PostView:
    row = await Post.select().where(Post.id == post_id).output(load_json=True).first()
    if row is None:
        raise NotFound
    return _post_view(row)


async def save_post(raw: Mapping[str, str], *, ceremony_id: int, post_id: int | None = None) -> Saved:
    if not await Ceremony.exists().where((Ceremony.id == ceremony_id) & ceremony_alive()):
        raise NotFound
    form = FormReader(raw)
    name = form.text("name", required=True)
    place = form.text("place")
    starts = form.local_datetime("starts_at")
    ends = form.local_datetime("ends_at")
    slot = form.integer("slot_minutes", minimum=10, maximum=240, default=30)
    minimum = form.integer("min_headcount", minimum=0, maximum=500, default=1)
    desired = form.integer("desired_headcount", minimum=0, maximum=500, default=minimum or 0)
    requirements = {q: n for q in QUALIFICATIONS
                    if (n := form.integer(f"req_{q}", minimum=0, maximum=50, default=0) or 0)}
    language = raw.get("language", "").strip().lower()
    if language:
        requirements[LANGUAGE_PREFIX + language] = 1
    if starts and ends and ends <= starts:
        form.fail("ends_at", _("Окончание должно быть позже начала."))
    elif starts and ends and slot and (ends - starts) % timedelta(minutes=slot):
        form.fail("slot_minutes", _("Время поста должно делиться на смены по {n} мин.").format(n=slot))
    if minimum is not None and desired is not None and desired < minimum:
        form.fail("desired_headcount", _("Желательно не меньше минимума."))
    if minimum is not None and sum(requirements.values()) > max(minimum, desired or 0):
        form.fail("min_headcount", _("Требований к квалификации больше, чем людей на посту."))
    stretch = form.integer("min_stretch_minutes", minimum=10, maximum=24 * 60, default=0) or None
    shifts = _shifts(form, starts, ends, slot) if starts and ends and slot and not form.errors else []
    if stretch and starts and ends and stretch > (ends - starts) / timedelta(minutes=1):
        form.fail("min_stretch_minutes", _("Не длиннее времени поста."))
    if form.errors:
        return Saved(errors=form.errors)
    tz = get_settings().tz
    values = {Post.ceremony: ceremony_id, Post.name: name, Post.place: place,
              Post.starts_at: starts.replace(tzinfo=tz), Post.ends_at: ends.replace(tzinfo=tz),
              Post.slot_minutes: slot, Post.min_headcount: minimum, Post.desired_headcount: desired,
              Post.requirements: requirements, Post.gender: raw.get("gender", "") if raw.get("gender") in ("m", "f")
              else "", Post.min_stretch_minutes: stretch, Post.shifts: shifts}
    saved = await audit.save_row(Post, values, post_id, kind="post", label=name, scope=Post.ceremony == ceremony_id)
    if saved is None:
        raise NotFound
    return Saved(id=saved)


def _shifts(form: FormReader, starts: datetime, ends: datetime, slot: int) -> list[list[int]]:
    """«08:00–12:00, 12:00–16:00» as [start, end] minutes from the post's start: back to back, on its slots,
    covering its window (a window past midnight counts on into the next day)."""
    raw = form.raw.get("shifts", "").strip()
    if not raw:
        return []
    window = int((ends - starts) / timedelta(minutes=1))
    out, cursor = [], 0
    for part in raw.replace(";", ",").split(","):
        try:
            a, b = (datetime.strptime(t.strip(), "%H:%M") for t in part.replace("—", "–").replace("-", "–").split("–"))
        except ValueError:
            form.fail("shifts", _("Смены в виде «08:00–12:00, 12:00–16:00»."))
            return []
        begin = (a.hour * 60 + a.minute - starts.hour * 60 - starts.minute) % (24 * 60)
        end = begin + (b.hour * 60 + b.minute - a.hour * 60 - a.minute) % (24 * 60)
        if begin != cursor or end <= begin or end > window or begin % slot or end % slot:
            form.fail("shifts", _("Смены должны идти подряд от начала до конца поста и делиться на смены по {n} мин.")
                      .format(n=slot))
            return []
        out.append([begin, end])
        cursor = end
    if cursor != window:
        form.fail("shifts", _("Смены должны идти подряд от начала до конца поста и делиться на смены по {n} мин.")
                  .format(n=slot))
    return out


async def delete_post(ceremony_id: int, post_id: int) -> None:
    row = await Post.select(Post.name).where((Post.id == post_id) & (Post.ceremony == ceremony_id)).first()
    if row is None:
        return
    async with write_transaction(Post._meta.db):
        await Post.delete().where(Post.id == post_id)
        await audit.record("purge", "post", post_id, row["name"])


async def copy_posts(source_ceremony_id: int, target_ceremony_id: int) -> int:
    """Last year's posts for this year's ceremony, moved by the days between the two ceremonies."""
    source = await Ceremony.select(Ceremony.starts_at).where(Ceremony.id == source_ceremony_id).first()
    target = await Ceremony.select(Ceremony.starts_at).where(Ceremony.id == target_ceremony_id).first()
    if source is None or target is None:
        raise NotFound
    shift = timedelta(days=(_local(target["starts_at"]).date() - _local(source["starts_at"]).date()).days)
    copied = await posts(source_ceremony_id)
    async with write_transaction(Post._meta.db):
        for p in copied:
            await Post.insert(Post(ceremony=target_ceremony_id, name=p.name, place=p.place,
                                   starts_at=_wall_shift(p.starts_at, shift), ends_at=_wall_shift(p.ends_at, shift),
                                   slot_minutes=p.slot_minutes, min_headcount=p.min_headcount,
                                   desired_headcount=p.desired_headcount, requirements=p.requirements,
                                   gender=p.gender, min_stretch_minutes=p.min_stretch_minutes,
                                   shifts=[list(s) for s in p.shifts]))
    return len(copied)


def _wall_shift(moment: datetime, shift: timedelta) -> datetime:
    return (moment.replace(tzinfo=None) + shift).replace(tzinfo=moment.tzinfo)


async def briefing_text(ceremony_id: int) -> str:
    row = await Briefing.select(Briefing.text).where(Briefing.ceremony == ceremony_id).first()
    return row["text"] if row else ""


async def save_briefing(ceremony_id: int, text: str) -> None:
    async with write_transaction(Briefing._meta.db):
        if await Briefing.exists().where(Briefing.ceremony == ceremony_id):
            await Briefing.update({Briefing.text: text.strip()}).where(Briefing.ceremony == ceremony_id)
        else:
            await Briefing.insert(Briefing(ceremony=ceremony_id, text=text.strip()))


async def acknowledge(ceremony_id: int, staff_id: int) -> datetime:
    """Records that the person has read the briefing (once); gives back when."""
    async with write_transaction(Acknowledgment._meta.db):
        row = await Acknowledgment.select(Acknowledgment.at).where(
            (Acknowledgment.ceremony == ceremony_id) & (Acknowledgment.staff == staff_id)).first()
        if row is None:
            await Acknowledgment.insert(Acknowledgment(ceremony=ceremony_id, staff=staff_id))
            row = await Acknowledgment.select(Acknowledgment.at).where(
                (Acknowledgment.ceremony == ceremony_id) & (Acknowledgment.staff == staff_id)).first()
    return _local(row["at"])


async def acknowledgments(ceremony_id: int) -> dict[int, datetime]:
    rows = await Acknowledgment.select(Acknowledgment.staff, Acknowledgment.at).where(
        Acknowledgment.ceremony == ceremony_id)
    return {r["staff"]: _local(r["at"]) for r in rows}


# The ceremony's duty rules: form field -> (column, least, most).
RULES = {"arrival_minutes": (Roster.arrival_minutes, 0, 180), "break_minutes": (Roster.break_minutes, 0, 240),
         "break_after_minutes": (Roster.break_after_minutes, 0, 24 * 60),
         "max_stretches_per_day": (Roster.max_stretches_per_day, 0, 10)}


async def duty_rules(ceremony_id: int) -> dict[str, int]:
    row = await Roster.select(*(column for column, _a, _b in RULES.values())).where(
        Roster.ceremony == ceremony_id).first()
    return row or {name: column.default for name, (column, _a, _b) in RULES.items()}


async def save_duty_rules(ceremony_id: int, raw: Mapping[str, str]) -> Saved:
    """The arrival, the break and the stretches a day for the ceremony's roster (the next solve uses them)."""
    form = FormReader(raw)
    values = {column: form.integer(name, minimum=least, maximum=most) for name, (column, least, most) in RULES.items()}
    if form.errors:
        return Saved(errors=form.errors)
    title = await Ceremony.select(Ceremony.title).where((Ceremony.id == ceremony_id) & ceremony_alive()).first()
    if title is None:
        raise NotFound
    async with write_transaction(Roster._meta.db):
        if not await Roster.exists().where(Roster.ceremony == ceremony_id):
            await Roster.insert(Roster(ceremony=ceremony_id))
        old = await Roster.select(*values).where(Roster.ceremony == ceremony_id).first()
        await Roster.update(values).where(Roster.ceremony == ceremony_id)
        # Under the ceremony's id, as the roster's other entries (app.duty.editing).
        await audit.saved("roster", ceremony_id, title["title"], old, audit.values(values))
    return Saved(id=ceremony_id)

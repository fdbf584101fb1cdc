"""The guest registry: categories, persons with their links, search with filters and paging, export.

Search compares `Person.search_key` (the full name folded for case and ё/е) with every word of the
query, so «СЕМЁНОВА алена» finds «Семенова Алёна Игоревна». The key is written on every save.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from app.audit import services as audit
from app.core import clock
from app.core.db import chunks, write_transaction
from app.core.i18n import gettext as _
from app.core.numbers import page_within, whole
from app.core.results import NotFound, Saved
from app.core.text import malformed_surname, search_key
from app.guests import batches, groups
from app.guests.kinds import GENDER_LABELS, LINK_LABELS, STATUS_LABELS, Gender, LinkKind, PersonStatus
from app.guests.normalize import guess_gender
from app.guests.tables import Category, Person, PersonLink
from app.imports.normalize import InvalidValue, full_name_key, normalize_email, normalize_name, normalize_phone
from app.imports.xlsx_export import export_xlsx
from app.web.forms import FormReader

PER_PAGE = 50
EXPORT_LIMIT = 100_000
PERSON_FIELDS = ("surname", "name", "patronymic", "gender", "position", "organisation", "category", "precedence",
                 "phone", "email", "address", "wheelchair", "no_stairs", "aisle", "needs_escort", "language", "notes",
                 "status")
NEEDS = ("wheelchair", "no_stairs", "aisle", "needs_escort")


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class CategoryView:
    id: int
    name: str
    precedence: int
    vip: bool
    always_seated: bool = False  # «всегда с местом» in a partial seating plan
    persons: int = 0


@dataclass(frozen=True)
class PersonRow:
    """One line of the registry list."""

    id: int
    full_name: str
    position: str
    organisation: str
    category: str
    status: PersonStatus
    phone: str
    wheelchair: bool
    no_stairs: bool
    needs_escort: bool

    @property
    def active(self) -> bool:
        return self.status is PersonStatus.ACTIVE


@dataclass(frozen=True)
class LinkView:
    id: int
    kind: LinkKind
    other_id: int
    other_name: str
    outgoing: bool  # this person is the escort / interpreter … of the other; False: the other is theirs


@dataclass(frozen=True)
class PersonView:
    id: int
    surname: str
    name: str
    patronymic: str
    gender: Gender
    position: str
    organisation: str
    category_id: int | None
    category: str
    precedence: int
    phone: str
    email: str
    address: str
    wheelchair: bool
    no_stairs: bool
    aisle: bool
    needs_escort: bool
    language: str
    notes: str
    status: PersonStatus
    links: tuple[LinkView, ...] = ()
    batches: tuple[tuple[int, str], ...] = ()  # (id, name) of the imports that created or updated the person

    @property
    def full_name(self) -> str:
        return full_name(self.surname, self.name, self.patronymic)

    @property
    def active(self) -> bool:
        return self.status is PersonStatus.ACTIVE

    def form_values(self) -> dict[str, str]:
        values = {name: str(getattr(self, name)) for name in PERSON_FIELDS if name not in NEEDS}
        values.update(category=str(self.category_id or ""), gender=self.gender.value, status=self.status.value)
        values.update({name: "on" for name in NEEDS if getattr(self, name)})
        return values


def full_name(surname: str, name: str = "", patronymic: str = "") -> str:
    return " ".join(part for part in (surname, name, patronymic) if part)


@dataclass(frozen=True)
class RegistryFilter:
    """What the registry list is narrowed to; built from the query string, turned back into one."""

    q: str = ""
    category: int | None = None
    organisation: str = ""
    status: str = ""  # "" any, or a PersonStatus value
    batch: int | None = None  # the people an import created or updated (app.guests.batches)

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> RegistryFilter:
        category = str(params.get("category", "")).strip()
        status = str(params.get("status", "")).strip()
        return cls(q=" ".join(str(params.get("q", "")).split())[:100],
                   category=whole(category),
                   organisation=" ".join(str(params.get("organisation", "")).split())[:100],
                   status=status if status in PersonStatus._value2member_map_ else "",
                   batch=whole(str(params.get("batch", "")).strip()))

    @property
    def empty(self) -> bool:
        return not (self.q or self.category or self.organisation or self.status or self.batch)

    def params(self, **extra: object) -> str:
        values = {"q": self.q, "category": self.category or "", "organisation": self.organisation,
                  "status": self.status, "batch": self.batch or "", **extra}
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def where(self):
        where = Person.deleted_at.is_null()
        for word in _words(self.q):
            where &= Person.search_key.like(f"%{word}%")
        if self.category:
            where &= Person.category == self.category
        if self.organisation:
            where &= _contains(Person.organisation, _like_safe(self.organisation))
        if self.status:
            where &= Person.status == self.status
        if self.batch:
            where &= Person.id.is_in(batches.members(self.batch))
        return where


def _contains(column, text: str):
    """Case-insensitive «contains»: ILIKE on PostgreSQL; SQLite folds only Latin letters, so there
    the usual spellings of the text are tried (as typed, lower, upper, capitalised)."""
    if Person._meta.db.engine_type == "postgres":
        return column.ilike(f"%{text}%")
    where = None
    for variant in dict.fromkeys((text, text.lower(), text.upper(), text.capitalize())):
        where = column.like(f"%{variant}%") if where is None else where | column.like(f"%{variant}%")
    return where


def _like_safe(text: str) -> str:
    return re.sub(r"[%_\\]", " ", text).strip()


def _words(query: str) -> list[str]:
    return [w for w in _like_safe(search_key(query)).split() if w]


@dataclass(frozen=True)
class Page:
    rows: list
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


_ROW_COLUMNS = (Person.id, Person.surname, Person.name, Person.patronymic, Person.position, Person.organisation,
                Person.status, Person.phone, Person.wheelchair, Person.no_stairs, Person.needs_escort)


def _row(r: dict) -> PersonRow:
    return PersonRow(id=r["id"], full_name=full_name(r["surname"], r["name"], r["patronymic"]),
                     position=r["position"], organisation=r["organisation"], category=r["category_name"] or "",
                     status=PersonStatus(r["status"]), phone=r["phone"], wheelchair=r["wheelchair"],
                     no_stairs=r["no_stairs"], needs_escort=r["needs_escort"])


async def search(registry_filter: RegistryFilter = RegistryFilter(), *, page: int = 1,
                 per_page: int = PER_PAGE) -> Page:
    """One page of persons in alphabetical order (the search key's index), and how many match."""
    where = registry_filter.where()
    total = await Person.count().where(where)
    page = page_within(page, total, per_page)
    rows = await (Person.select(*_ROW_COLUMNS, Person.category.name.as_alias("category_name"))
                  .where(where).order_by(Person.search_key).order_by(Person.id)
                  .limit(per_page).offset((page - 1) * per_page))
    return Page([_row(r) for r in rows], total, page, per_page)


async def pick(query: str, *, limit: int = 10, exclude: int | None = None) -> list[PersonRow]:
    """A few persons for a picker (links, one-by-one invitations); nothing for fewer than 2 letters."""
    if len(search_key(query)) < 2:
        return []
    where = RegistryFilter(q=query).where()
    if exclude:
        where &= Person.id != exclude
    rows = await (Person.select(*_ROW_COLUMNS, Person.category.name.as_alias("category_name"))
                  .where(where).order_by(Person.search_key).limit(limit))
    return [_row(r) for r in rows]


async def get_person(person_id: int) -> PersonView:
    r = await Person.select(Person.all_columns(), Person.category.name.as_alias("category_name")).where(
        (Person.id == person_id) & Person.deleted_at.is_null()).first()
    if r is None:
        raise NotFound
    return PersonView(
        id=r["id"], surname=r["surname"], name=r["name"], patronymic=r["patronymic"], gender=Gender(r["gender"]),
        position=r["position"], organisation=r["organisation"], category_id=r["category"],
        category=r["category_name"] or "", precedence=r["precedence"], phone=r["phone"], email=r["email"],
        address=r["address"], wheelchair=r["wheelchair"], no_stairs=r["no_stairs"], aisle=r["aisle"],
        needs_escort=r["needs_escort"],
        language=r["language"], notes=r["notes"], status=PersonStatus(r["status"]),
        links=tuple(await links(person_id)), batches=tuple(await batches.of_person(person_id)))


async def names(person_ids: list[int]) -> dict[int, str]:
    if not person_ids:
        return {}
    rows = await Person.select(Person.id, Person.surname, Person.name, Person.patronymic).where(
        Person.id.is_in(sorted(set(person_ids))))
    return {r["id"]: full_name(r["surname"], r["name"], r["patronymic"]) for r in rows}


async def links(person_id: int) -> list[LinkView]:
    rows = await PersonLink.select().where((PersonLink.person == person_id) | (PersonLink.other == person_id))
    others = await names([r["other"] if r["person"] == person_id else r["person"] for r in rows])
    result = []
    for r in rows:
        outgoing = r["person"] == person_id
        other = r["other"] if outgoing else r["person"]
        result.append(LinkView(r["id"], LinkKind(r["kind"]), other, others.get(other, ""), outgoing))
    return sorted(result, key=lambda link: (not link.outgoing, link.kind, link.other_name))


async def organisations(limit: int = 500) -> list[str]:
    rows = await Person.select(Person.organisation).distinct().order_by(Person.organisation).limit(limit)
    return [r["organisation"] for r in rows if r["organisation"]]


# ---------------------------------------------------------------- categories


async def categories(with_counts: bool = False) -> list[CategoryView]:
    rows = await Category.select().order_by(Category.precedence).order_by(Category.name)
    counts: dict[int, int] = {}
    if with_counts:
        from piccolo.query.functions.aggregate import Count

        for r in await Person.select(Person.category, Count(Person.id, alias="n")).where(
                Person.deleted_at.is_null()).group_by(Person.category):
            counts[r["category"]] = r["n"]
    return [CategoryView(r["id"], r["name"], r["precedence"], r["vip"], r["always_seated"], counts.get(r["id"], 0))
            for r in rows]


async def save_category(raw: Mapping[str, str], category_id: int | None = None) -> Saved:
    form = FormReader(raw)
    name = form.text("name", required=True, max_length=200)
    precedence = form.integer("precedence", minimum=0, maximum=10_000, default=100)
    vip = bool(raw.get("vip"))
    always_seated = bool(raw.get("always_seated"))
    if name and await _category_taken(name, category_id):
        form.fail("name", _("Категория «{name}» уже есть.").format(name=name))
    if form.errors:
        return Saved(errors=form.errors)
    saved = await audit.save_row(Category, {Category.name: name, Category.precedence: precedence, Category.vip: vip,
                                            Category.always_seated: always_seated}, category_id,
                                 kind="category", label=name)
    if saved is None:
        raise NotFound
    return Saved(id=saved)


async def _category_taken(name: str, except_id: int | None) -> bool:
    key = search_key(name)
    return any(search_key(c.name) == key and c.id != except_id for c in await categories())


async def delete_category(category_id: int) -> None:
    """The category's persons stay in the registry, without a category."""
    row = await Category.select(Category.name).where(Category.id == category_id).first()
    if row is None:
        return
    async with write_transaction(Category._meta.db):
        await Category.delete().where(Category.id == category_id)
        await audit.record("purge", "category", category_id, row["name"])


async def ensure_default_categories() -> None:
    from app.guests.kinds import DEFAULT_CATEGORIES

    known = {search_key(c.name) for c in await categories()}
    missing = [Category(name=n, precedence=p, vip=v, always_seated=seated) for n, p, v, seated in DEFAULT_CATEGORIES
               if search_key(n) not in known]
    if missing:
        await Category.insert(*missing)


# ---------------------------------------------------------------- persons


def _normalised(form: FormReader, name: str, normalize) -> str:
    try:
        return normalize(form.text(name, max_length=300))
    except InvalidValue as error:
        form.fail(name, str(error))
        return form.raw.get(name, "")


async def read_person_form(raw: Mapping[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """The person's fields as the table stores them, and the messages per field."""
    form = FormReader(raw)
    values: dict[str, object] = {
        "surname": normalize_name(form.text("surname", required=True, max_length=100)),
        "name": normalize_name(form.text("name", max_length=100)),
        "patronymic": normalize_name(form.text("patronymic", max_length=100)),
        "gender": form.choice("gender", Gender),
        "position": form.text("position", max_length=300),
        "organisation": form.text("organisation", max_length=300),
        "phone": _normalised(form, "phone", lambda v: normalize_phone(v, "4212")),
        "email": _normalised(form, "email", normalize_email),
        "address": form.text("address", max_length=400),
        "language": form.text("language", max_length=40),
        "notes": form.multiline("notes"),
        "status": form.choice("status", PersonStatus),
        **{need: bool(raw.get(need)) for need in NEEDS},
    }
    if values["wheelchair"]:
        values["no_stairs"] = True
    if values["gender"] is Gender.UNKNOWN:  # the patronymic tells: letters and the gate's verdicts need it
        values["gender"] = guess_gender(str(values["name"]), str(values["patronymic"]), str(values["surname"])
                                        ) or Gender.UNKNOWN
    category_id = form.integer("category", default=0) or None
    category = None
    if category_id:
        category = await Category.select(Category.precedence).where(Category.id == category_id).first()
        if category is None:
            form.fail("category", _("Такой категории нет."))
    values["category"] = category_id
    default_rank = category["precedence"] if category else 100
    values["precedence"] = form.integer("precedence", minimum=0, maximum=10_000, default=default_rank)
    surname = str(values["surname"])
    if surname and malformed_surname(surname):
        form.fail("surname", _("В фамилии не должно быть цифр."))
    return values, form.errors


async def save_person(raw: Mapping[str, str], person_id: int | None = None) -> Saved:
    values, errors = await read_person_form(raw)
    if errors:
        return Saved(errors=errors)
    values["search_key"] = full_name_key(str(values["surname"]), str(values["name"]), str(values["patronymic"]))
    label = full_name(str(values["surname"]), str(values["name"]), str(values["patronymic"]))
    async with write_transaction(Person._meta.db):
        if person_id is None:
            rows = await Person.insert(Person(**values)).returning(Person.id)
            await audit.record("create", "person", rows[0]["id"], label, audit.diff({}, values))
            return Saved(id=rows[0]["id"])
        old = await Person.select(*(getattr(Person, k) for k in values)).where(
            (Person.id == person_id) & Person.deleted_at.is_null()).first()
        if old is None:
            raise NotFound
        await Person.update({getattr(Person, k): v for k, v in values.items()}).where(Person.id == person_id)
        if changes := audit.diff(old, values):
            await audit.record("update", "person", person_id, label, changes)
    return Saved(id=person_id)


async def same_name(raw: Mapping[str, str], except_id: int | None = None) -> list[PersonRow]:
    """Persons already registered under the full name being typed: a warning, not an error."""
    key = full_name_key(normalize_name(raw.get("surname", "")), normalize_name(raw.get("name", "")),
                        normalize_name(raw.get("patronymic", "")))
    if not key:
        return []
    where = (Person.search_key == key) & Person.deleted_at.is_null()
    if except_id:
        where &= Person.id != except_id
    rows = await Person.select(*_ROW_COLUMNS, Person.category.name.as_alias("category_name")).where(where).limit(5)
    return [_row(r) for r in rows]


async def _name_of(person_id: int, *, in_trash: bool) -> str:
    """The person's full name, for the log; NotFound unless the person is (or is not) in the trash."""
    where = (Person.id == person_id) & (Person.deleted_at.is_not_null() if in_trash else Person.deleted_at.is_null())
    row = await Person.select(Person.surname, Person.name, Person.patronymic).where(where).first()
    if row is None:
        raise NotFound
    return full_name(row["surname"], row["name"], row["patronymic"])


async def delete_person(person_id: int) -> None:
    """Puts the person into the trash: their invitations, an admitted one too, and the gate's scans stay
    as they are (restore_person takes the person back; a purge is refused while the gate saw them)."""
    async with write_transaction(Person._meta.db):
        label = await _name_of(person_id, in_trash=False)
        await Person.update({Person.deleted_at: clock.now(), Person.deleted_by: audit.current_actor().account_id}
                            ).where(Person.id == person_id)
        await audit.record("delete", "person", person_id, label)


async def restore_person(person_id: int) -> None:
    async with write_transaction(Person._meta.db):
        label = await _name_of(person_id, in_trash=True)
        await Person.update({Person.deleted_at: None, Person.deleted_by: None}).where(Person.id == person_id)
        await audit.record("restore", "person", person_id, label)


async def purge_person(person_id: int) -> None:
    """Deletes a trashed person for good with their invitations (the caller has checked the scan log)."""
    async with write_transaction(Person._meta.db):
        label = await _name_of(person_id, in_trash=True)
        await Person.delete().where(Person.id == person_id)
        await audit.record("purge", "person", person_id, label)


async def add_link(person_id: int, raw: Mapping[str, str]) -> Saved:
    form = FormReader(raw)
    kind = form.choice("kind", LinkKind)
    other = form.integer("other", default=0)
    if not other:
        form.fail("other", _("Выберите человека из списка."))
    elif other == person_id:
        form.fail("other", _("Нельзя связать человека с самим собой."))
    elif not await Person.exists().where((Person.id == other) & Person.deleted_at.is_null()):
        form.fail("other", _("Такого человека нет в реестре."))
    elif kind and await PersonLink.exists().where(
            (PersonLink.person == person_id) & (PersonLink.other == other) & (PersonLink.kind == kind)):
        form.fail("other", _("Такая связь уже есть."))
    if form.errors:
        return Saved(errors=form.errors)
    assert kind is not None
    async with write_transaction(PersonLink._meta.db):
        rows = await PersonLink.insert(PersonLink(person=person_id, other=other, kind=kind)).returning(PersonLink.id)
        await _record_link(True, person_id, kind, other)
    return Saved(id=rows[0]["id"])


async def delete_link(person_id: int, link_id: int) -> None:
    async with write_transaction(PersonLink._meta.db):
        link = await PersonLink.select().where(
            (PersonLink.id == link_id) & ((PersonLink.person == person_id) | (PersonLink.other == person_id))).first()
        if link is None:
            return
        await PersonLink.delete().where(PersonLink.id == link_id)
        await _record_link(False, link["person"], LinkKind(link["kind"]), link["other"])


async def _record_link(made: bool, person_id: int, kind: LinkKind, other: int) -> None:
    """A link made or removed, on the record of the person it belongs to (the escort, the delegate …)."""
    who = await names([person_id, other])
    link = f"{_(LINK_LABELS[kind])} → {who.get(other, '')}"
    await audit.record("update", "person", person_id, who.get(person_id, ""),
                       {"link": [None, link] if made else [link, None]})


async def inactive_among(person_ids: list[int]) -> dict[int, str]:
    """Who of these is deceased or moved away: {id: full name}."""
    if not person_ids:
        return {}
    rows = await Person.select(Person.id, Person.surname, Person.name, Person.patronymic).where(
        Person.id.is_in(sorted(set(person_ids))) & (Person.status != PersonStatus.ACTIVE))
    return {r["id"]: full_name(r["surname"], r["name"], r["patronymic"]) for r in rows}


# ---------------------------------------------------------------- export


@dataclass
class Export:
    title: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[object]] = field(default_factory=list)

    def xlsx(self) -> bytes:
        return export_xlsx(self.title, self.headers, self.rows)


def _yes(flag: bool) -> str:
    return _("да") if flag else ""


async def export_registry(registry_filter: RegistryFilter = RegistryFilter()) -> bytes:
    """The registry, or the filtered part of it, as an XLSX workbook that the import reads back: the
    links as a group column (the principal's name) and each one's role in it, which import as the
    same links."""
    rows = await (Person.select(Person.all_columns(), Person.category.name.as_alias("category_name"))
                  .where(registry_filter.where()).order_by(Person.search_key).limit(EXPORT_LIMIT))
    in_groups = await _groups_of({r["id"] for r in rows})
    export = Export(_("Реестр гостей"), [
        _("Фамилия"), _("Имя"), _("Отчество"), _("Пол"), _("Должность"), _("Организация"), _("Категория"),
        _("Ранг"), _("Телефон"), _("Эл. почта"), _("Почтовый адрес"), _("Коляска"), _("Без лестниц"),
        _("У прохода"), _("Нужен сопровождающий"), _("Язык"), _("Примечание"), _("Статус"),
        _("Группа (сидят вместе)"), _("Роль в группе")])
    for r in rows:
        gender = Gender(r["gender"])
        group, role = in_groups.get(r["id"], ("", None))
        export.rows.append([
            r["surname"], r["name"], r["patronymic"], _(GENDER_LABELS[gender]) if gender else "", r["position"],
            r["organisation"], r["category_name"] or "", r["precedence"], r["phone"], r["email"], r["address"],
            _yes(r["wheelchair"]), _yes(r["no_stairs"]), _yes(r["aisle"]), _yes(r["needs_escort"]), r["language"],
            r["notes"], _(STATUS_LABELS[PersonStatus(r["status"])]), group,
            _(groups.ROLE_LABELS[role]) if role else ""])
    return export.xlsx()


async def _groups_of(person_ids: set[int]) -> dict[int, tuple[str, groups.GroupRole]]:
    """The group label and role of each of these people who is linked to another of them."""
    links = []
    ids = sorted(person_ids)
    for chunk in chunks(ids):
        links += [(r["person"], r["other"], LinkKind(r["kind"])) for r in await PersonLink.select().where(
            PersonLink.person.is_in(chunk))]
    links = [link for link in links if link[1] in person_ids]
    return groups.group_labels(links, await names([i for link in links for i in link[:2]]))


LABELS = {"gender": GENDER_LABELS, "status": STATUS_LABELS, "link": LINK_LABELS}


async def write_many(persons: list[dict]) -> None:
    """Bulk insert for the demo and the benchmark: search keys computed here."""
    async with write_transaction(Person._meta.db):
        for start in range(0, len(persons), 500):
            chunk = persons[start:start + 500]
            await Person.insert(*[Person(**p, search_key=full_name_key(p["surname"], p.get("name", ""),
                                                                      p.get("patronymic", ""))) for p in chunk])

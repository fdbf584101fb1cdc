"""A person's name in the cases documents need: the officer's correction where there is one, else the
declension library (app.core.declension). Envelopes, labels, salutations and letters read names from here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from app.audit import services as audit
from app.core.db import write_transaction
from app.core.declension import CASES, Case, decline
from app.core.i18n import N_
from app.core.i18n import gettext as _
from app.core.results import NotFound, Saved
from app.guests.services import full_name
from app.guests.tables import Person
from app.web.forms import FormReader

CASE_LABELS = {
    Case.GENITIVE: N_("Родительный (кого?)"),
    Case.DATIVE: N_("Дательный (кому?)"),
    Case.ACCUSATIVE: N_("Винительный (кого?)"),
    Case.INSTRUMENTAL: N_("Творительный (кем?)"),
    Case.PREPOSITIONAL: N_("Предложный (о ком?)"),
}


def corrections_of(value: object) -> dict[str, str]:
    """The stored corrections as a dict, whichever way the database driver hands the JSON over."""
    stored = json.loads(value or "{}") if isinstance(value, str) else value
    if not isinstance(stored, dict):
        return {}
    return {k: v for k, v in stored.items() if k in Case.__members__.values() and v}


def name_in(case: Case | str, surname: str, name: str, patronymic: str, gender: str = "",
            corrections: object = None) -> str:
    """«Петрову Петру Петровичу»: the correction for the case if the officer made one, else the library's."""
    corrected = corrections_of(corrections).get(Case(case))
    return corrected or full_name(*decline(surname, name, patronymic, case, gender or None))


@dataclass(frozen=True)
class DeclinedForm:
    case: Case
    label: str
    automatic: str  # what the library says
    corrected: str  # the officer's form, "" when the library's is right

    @property
    def form(self) -> str:
        return self.corrected or self.automatic


async def _person(person_id: int) -> dict:
    row = await Person.select(Person.surname, Person.name, Person.patronymic, Person.gender, Person.declined).where(
        (Person.id == person_id) & Person.deleted_at.is_null()).first()
    if row is None:
        raise NotFound
    return row


def _forms(row: Mapping) -> list[DeclinedForm]:
    corrections = corrections_of(row["declined"])
    return [DeclinedForm(case, CASE_LABELS[case],
                         name_in(case, row["surname"], row["name"], row["patronymic"], row["gender"]),
                         corrections.get(case, "")) for case in CASES]


async def forms(person_id: int) -> list[DeclinedForm]:
    return _forms(await _person(person_id))


def _described(corrections: Mapping[str, str]) -> str:
    """The corrections as the log shows them: «Дательный (кому?): Петрову Петру Петровичу»."""
    return "; ".join(f"{_(CASE_LABELS[Case(case)])}: {form}" for case, form in corrections.items())


async def save_corrections(person_id: int, raw: Mapping[str, str]) -> Saved:
    """The forms typed on the person's page; one equal to the library's or left empty is no correction."""
    form = FormReader(raw)
    async with write_transaction(Person._meta.db):
        row = await _person(person_id)
        old = corrections_of(row["declined"])
        new = {}
        for declined in _forms(row):
            typed = " ".join(form.text(f"declined_{declined.case}", max_length=300).split())
            if typed and typed != declined.automatic:
                new[declined.case.value] = typed
        if form.errors:
            return Saved(errors=form.errors)
        if new != old:
            await Person.update({Person.declined: json.dumps(new, ensure_ascii=False)}).where(Person.id == person_id)
            await audit.record("update", "person", person_id,
                               full_name(row["surname"], row["name"], row["patronymic"]),
                               {"declined": [_described(old), _described(new)]})
    return Saved(id=person_id)

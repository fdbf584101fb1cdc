"""What a letter needs: a ceremony, a template, an addressee and its author."""

from app.accounts.services import CurrentUser, load_user
from app.accounts.tables import Account
from app.events import services as events
from app.letters import directory, services
from tests.events.test_services import ceremony_form, event_form

POLICE_BODY = ("Администрация города Хабаровска просит Вас обеспечить охрану общественного порядка при проведении "
               "мероприятия «{{церемония}}» ({{мероприятие}}), которое состоится {{дата}} с {{время}} до "
               "{{окончание}} по адресу: {{место}}, {{адрес}}.\n"
               "Ожидаемое количество участников — {{число_гостей}} человек.\n"
               "Контактное лицо — {{исполнитель}}, тел. {{телефон}}.")
SIGNATURE = {"signer_position": "Начальник организационного отдела", "signer_name": "Т. Н. Фёдорова",
             "executor": "Кузнецова Елена Андреевна", "executor_phone": "8 (4212) 40-88-17"}


async def author(role: str = "protocol") -> CurrentUser:
    row = await Account.select(Account.id).where(Account.user.username == role).first()
    user = await load_user(row["id"])
    assert user is not None
    return user


async def ceremony(**changes) -> int:
    """The Victory Day meeting in the theatre on 8 May 2026, 15:00–17:00, 1 500 guests; `changes` to the form."""
    existing = await events.year_plan(2026)
    event_id = existing[0].events[0].id if existing else (await events.save_event(event_form())).id
    saved = await events.save_ceremony(ceremony_form(**changes), event_id=event_id)
    assert saved.ok, saved.errors
    return saved.id


async def template() -> int:
    saved = await directory.save_template({"kind": "police", "title": "Охрана порядка",
                                           "subject": "Об обеспечении охраны общественного порядка",
                                           "body": POLICE_BODY})
    assert saved.ok, saved.errors
    return saved.id


async def addressee() -> int:
    saved = await directory.save_addressee({"kind": "police", "organisation": "УМВД России по г. Хабаровску",
                                            "position": "Начальнику УМВД России по г. Хабаровску",
                                            "person": "полковнику полиции И. В. Степанову",
                                            "salutation": "Уважаемый Игорь Владимирович!"})
    assert saved.ok, saved.errors
    return saved.id


def choice(ceremony_id: int, template_id: int, addressee_id: int) -> dict:
    return {"ceremony": str(ceremony_id), "template": str(template_id), "addressee": str(addressee_id)}


async def draft(ceremony_id: int | None = None, *, signed: bool = True) -> int:
    """A draft to the police; signed: with the department's signer and executor saved into it."""
    ceremony_id = ceremony_id or await ceremony()
    saved = await services.create_draft(choice(ceremony_id, await template(), await addressee()), await author())
    assert saved.ok, saved.errors
    if signed:
        letter = await services.get_letter(saved.id)
        saved = await services.save_draft(saved.id, {**editable(letter), **SIGNATURE})
        assert saved.ok, saved.errors
    return saved.id


def editable(letter: services.LetterView) -> dict:
    """The letter's fields as its form posts them."""
    return {name: getattr(letter, name) for name in ("addressee_block", "salutation", "subject", "body",
                                                     "signer_position", "signer_name", "executor",
                                                     "executor_phone")}

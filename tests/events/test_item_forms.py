"""The one way to create and edit an item (app.web.item_forms), as the events' forms use it: a form that
does not validate comes back with every checked box kept, and the form pages keep their own guards."""

from multidict import MultiDict

from app.core.roles import Role
from tests.conftest import sign_in
from tests.events.test_services import ceremony_form


async def test_a_refused_form_keeps_all_the_checked_boxes(client, victory_day):
    token = await sign_in(client, Role.PROTOCOL)
    form = ceremony_form(officials=(victory_day["mayor"], victory_day["deputy"]), title="")
    form.add("_csrf_token", token)
    response = await client.post(f"/events/{victory_day['event']}/ceremonies/", data=form)
    assert response.status_code == 422
    for official in (victory_day["mayor"], victory_day["deputy"]):
        assert f'name="officials" value="{official}" checked' in response.text


async def test_readers_see_the_item_and_only_editors_open_its_form(client, victory_day):
    event_id = victory_day["event"]
    token = await sign_in(client, Role.VIEWER)
    assert (await client.get(f"/events/{event_id}")).status_code == 200
    assert (await client.get(f"/events/{event_id}/edit")).status_code == 403
    assert (await client.get("/events/new")).status_code == 403
    response = await client.post(f"/events/{event_id}/delete", data=MultiDict(_csrf_token=token))
    assert response.status_code == 403

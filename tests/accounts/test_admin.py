"""The administrator manages who may sign in and with which role."""

import pytest

from app.accounts import services
from app.core.roles import Role
from tests.conftest import PASSWORD, sign_in


@pytest.mark.usefixtures("db")
async def test_admin_creates_changes_and_blocks_an_account(client):
    token = await sign_in(client, Role.ADMIN)
    form = {"username": "smirnova", "password": "short", "first_name": "Анна", "last_name": "Смирнова",
            "role": "liaison", "department": "Управление образования", "_csrf_token": token}
    refused = await client.post("/admin/users/", data=form)
    assert refused.status_code == 422 and "Пароль не короче 8 знаков." in refused.text
    assert 'value="Смирнова"' in refused.text
    created = await client.post("/admin/users/", data={**form, "password": "long-enough-1"}, follow_redirects=False)
    assert created.status_code == 303
    user = await services.authenticate("smirnova", "long-enough-1")
    assert (user.role, user.department, user.name) == (Role.LIAISON, "Управление образования", "Анна Смирнова")
    await client.post(f"/admin/users/{user.account_id}", data={**form, "password": "", "role": "viewer",
                                                              "active": ""})
    assert await services.authenticate("smirnova", "long-enough-1") is None  # blocked
    listing = await client.get("/admin/users/")
    assert "smirnova" in listing.text and "заблокирован" in listing.text


@pytest.mark.usefixtures("db")
async def test_only_the_administrator_manages_accounts(client):
    await sign_in(client, Role.PROTOCOL)
    assert (await client.get("/admin/users/")).status_code == 403


@pytest.mark.usefixtures("db")
async def test_an_administrator_cannot_lock_themselves_out(client):
    token = await sign_in(client, Role.ADMIN)
    me = await services.authenticate("admin", PASSWORD)
    form = {"username": "admin", "password": "", "first_name": "", "last_name": "", "department": "",
            "_csrf_token": token}
    off = await client.post(f"/admin/users/{me.account_id}", data={**form, "role": "admin", "active": ""})
    assert off.status_code == 422 and "Свою учётную запись отключить нельзя" in off.text
    demoted = await client.post(f"/admin/users/{me.account_id}", data={**form, "role": "viewer", "active": "on"})
    assert demoted.status_code == 422 and "Свою роль администратора снять нельзя" in demoted.text
    assert (await services.authenticate("admin", PASSWORD)).role is Role.ADMIN
    assert (await client.get("/admin/users/")).status_code == 200  # still signed in

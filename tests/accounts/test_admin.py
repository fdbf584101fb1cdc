"""The administrator manages who may sign in and with which role."""

import pytest

from app.accounts import services
from app.core.roles import Role
from tests.conftest import sign_in


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

import pytest
from piccolo.apps.user.tables import BaseUser

from app.accounts.tables import Account
from tests.tasks.fixture import CULTURE


@pytest.fixture
async def culture_liaison(db):
    """The test liaison reports for «Управление культуры» during the test (the role users outlive it)."""
    liaison = BaseUser.select(BaseUser.id).where(BaseUser.username == "liaison")
    await Account.update({Account.department: CULTURE}).where(Account.user.is_in(liaison))
    yield
    await Account.update({Account.department: ""}).where(Account.user.is_in(liaison))

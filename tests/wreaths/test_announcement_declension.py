"""The announcer's words: typed in, else the head of the delegation declined into the dative, else the delegation."""

import pytest

from app.wreaths.kinds import Tribute
from app.wreaths.prints import announcement
from app.wreaths.services import DelegationView


def delegation(head: str = "", typed: str = "") -> DelegationView:
    return DelegationView(id=1, name="Восточный военный округ", head=head, announcement=typed, rank=30, people=8,
                          tribute=Tribute.WREATH, minutes=3)


@pytest.mark.parametrize(("head", "typed", "said"), [
    ("Командующий войсками округа генерал-полковник Лаптев Олег Игоревич", "",
     "Командующему войсками округа генерал-полковнику Лаптеву Олегу Игоревичу"),
    ("Председатель совета Белова Марина Викторовна", "", "Председателю совета Беловой Марине Викторовне"),
    ("Командующий войсками округа", "воинам Восточного военного округа", "воинам Восточного военного округа"),
    ("", "", "делегации «Восточный военный округ»"),
    ("Ген. консул Ким Сон Хо", "", "делегации «Восточный военный округ»"),  # nothing declinable: not guessed
])
def test_the_announcement(head, typed, said):
    assert announcement(delegation(head, typed)) == said

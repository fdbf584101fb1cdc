"""`ceremonia decline` prints a name or a position in the case asked for."""

import pytest
from click.testing import CliRunner

from app.cli import main


@pytest.mark.parametrize(("args", "printed"), [
    (["Петров Пётр Петрович", "--case", "dative"], "Петрову Петру Петровичу"),
    (["Иванова М. С.", "--case", "instrumental"], "Ивановой М. С."),
    (["Шевчук Саша", "--case", "genitive", "--gender", "male"], "Шевчука Саши"),
    (["Начальник УМВД России по г. Хабаровску", "--position"], "Начальнику УМВД России по г. Хабаровску"),
    (["Глава города", "--position", "--case", "genitive"], "Главы города"),
])
def test_decline_prints_the_form(args, printed):
    result = CliRunner().invoke(main, ["decline", *args])
    assert result.exit_code == 0, result.output
    assert result.output == printed + "\n"


def test_an_unknown_case_is_refused():
    result = CliRunner().invoke(main, ["decline", "Петров", "--case", "vocative"])
    assert result.exit_code == 2 and "vocative" in result.output

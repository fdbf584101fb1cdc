"""A protocol officer moves the ceremony's name on the invitation by dragging its box on the live preview:
the x and y fields follow the pointer in millimetres, the preview is redrawn from the server, and the saved
layout comes back after a reload."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.events.tables import Ceremony, Event
from tests.e2e.test_year_plan import sign_in
from tests.tools import utc

POINTS_PER_MM = 72 / 25.4


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def test_dragging_a_field_on_the_preview_moves_it_and_the_layout_is_saved(page: Page):
    event = Event.insert(Event(title="День Победы 2027", year=2027)).returning(Event.id).run_sync()[0]["id"]
    ceremony = Ceremony.insert(Ceremony(event=event, title="Торжественный приём", venue="Дом офицеров",
                                        starts_at=utc(2027, 5, 9, 5), ends_at=utc(2027, 5, 9, 7))
                               ).returning(Ceremony.id).run_sync()[0]["id"]
    sign_in(page)
    page.goto(f"/ceremonies/{ceremony}/invitations/design/")
    x_input, y_input = page.locator('#design_form [name="f-title-x"]'), page.locator('#design_form [name="f-title-y"]')
    x0, y0 = _number(x_input.input_value()), _number(y_input.input_value())
    card = page.locator("svg.card-preview").first
    box = card.locator('.field-box[data-field="title"]')
    view_width = float(card.get_attribute("viewBox").split()[2])
    points_per_pixel = view_width / card.bounding_box()["width"]
    before = box.bounding_box()

    start_x, start_y = before["x"] + before["width"] / 2, before["y"] + before["height"] / 2
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x + 30, start_y + 40, steps=8)
    dragged = box.element_handle()
    with page.expect_response(lambda answer: answer.url.endswith("/invitations/design/preview")) as preview:
        page.mouse.up()
    assert preview.value.status == 200

    moved_x, moved_y = 30 * points_per_pixel / POINTS_PER_MM, 40 * points_per_pixel / POINTS_PER_MM
    assert abs(_number(x_input.input_value()) - (x0 + moved_x)) < 0.3
    assert abs(_number(y_input.input_value()) - (y0 + moved_y)) < 0.3
    # The server redraws the preview (a new box) where the field was dropped; nothing is saved yet.
    page.wait_for_function("old => !document.contains(old)", arg=dragged)
    redrawn = page.locator('svg.card-preview .field-box[data-field="title"]').first.bounding_box()
    assert abs(redrawn["x"] - (before["x"] + 30)) < 4 and abs(redrawn["y"] - (before["y"] + 40)) < 4
    page.click("button:has-text('Сохранить оформление')")
    expect(page.locator("#design")).to_contain_text("Оформление сохранено.")

    page.reload()
    assert abs(_number(page.locator('#design_form [name="f-title-x"]').input_value()) - (x0 + moved_x)) < 0.3
    assert abs(_number(page.locator('#design_form [name="f-title-y"]').input_value()) - (y0 + moved_y)) < 0.3

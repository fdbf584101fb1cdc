"""Hall files: our own format round-trips exactly, pretix's round-trips what it can hold, a plan drawn in
pretix's editor comes in with its rows, aisles, sectors and guids, and a broken file says where it is broken."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from app.seating.halls import services as halls
from app.seating.halls.files import from_json, read_hall, to_json
from app.seating.halls.json_fields import HallFileError
from app.seating.halls.layout import SeatSpec, rows_template, tables_template
from app.seating.halls.pretix import to_pretix
from app.seating.kinds import HallKind, NumberingKind, SectionKind
from tests.conftest import sign_in

FILES = Path(__file__).parent / "files"


def pretix_small() -> dict:
    return json.loads((FILES / "pretix_small.json").read_text(encoding="utf-8"))


def theatre():
    return rows_template("Большой зал", 8, 20, (5, 15), NumberingKind.ODD_EVEN, presidium=7,
                         sections=(("Партер", 6), ("Амфитеатр", 2)), address="пл. Ленина, 1")


def adjusted(spec):
    """A hall after the officer's edits: every attribute of a seat takes a value other than the default."""
    seats = list(spec.seats)
    seats[0] = replace(seats[0], wheelchair=True, sector="Ложа")
    seats[1] = replace(seats[1], companion=True, honour=77, honour_manual=True, guid="g-1")
    seats[2] = replace(seats[2], blocked=True, blocked_reason="камера", restricted_view=True)
    seats[3] = replace(seats[3], sector="Пресса", step_free=False)
    seats[4] = replace(seats[4], wheelchair=True)
    return replace(spec, seats=tuple(seats), sector_categories={"Пресса": ("СМИ",), "Ложа": ("Почётные гости",)})


def by_place(spec) -> dict[tuple[str, str, str], SeatSpec]:
    return {(s.section, s.row_label, s.number): s for s in spec.seats}


# ------------------------------------------------------------------------------ our format


@pytest.mark.parametrize("spec", [adjusted(theatre()), tables_template("Банкетный зал", 9, 10, head_table_seats=7),
                                  tables_template("Кафе", 4, 6, shape="rect")], ids=["rows", "round", "rect"])
def test_our_format_round_trips_exactly(spec):
    written = json.dumps(to_json(spec), ensure_ascii=False)
    assert read_hall(written.encode("utf-8-sig")) == spec
    assert from_json(json.loads(written)) == spec


def test_our_format_is_readable_and_leaves_database_ids_out():
    spec = replace(theatre(), seats=tuple(replace(s, id=i + 1) for i, s in enumerate(theatre().seats)))
    data = to_json(spec)
    assert data["format"] == "ceremonia-hall" and data["version"] == 1 and data["kind"] == "rows"
    assert [s["name"] for s in data["sections"]] == ["Партер", "Амфитеатр", "Президиум"]
    first = data["sections"][0]["rows"][0]
    assert first["label"] == "1" and first["index"] == 0
    assert set(first["seats"][0]) == {"number", "x", "y", "order", "segment", "honour", "flags"}
    assert from_json(data) == theatre()


def test_a_hand_written_hall_gets_orders_segments_and_honour_from_its_layout():
    data = {"format": "ceremonia-hall", "version": 1, "name": "Зал заседаний", "kind": "rows", "sections": [
        {"name": "Президиум", "kind": "presidium", "rows": [{"label": "П", "seats": [
            {"number": str(n), "x": 3 - n, "y": -2} for n in range(1, 6)]}]},
        {"name": "Зал", "rows": [{"label": str(r), "index": r - 1, "seats": [
            {"number": str(n), "x": n, "y": r, "flags": ["aisle"] if n in (1, 6) else []} for n in range(1, 7)]}
            for r in (1, 2)]},
    ]}
    spec = from_json(data)
    presidium = [s for s in spec.seats if s.kind == SectionKind.PRESIDIUM]
    assert [s.order for s in presidium] == [0, 1, 2, 3, 4]
    # Centre first: the middle seat of five is the most honoured, then its right (as those on it see it).
    assert max(presidium, key=lambda s: s.honour).number == "3"
    rows = [s for s in spec.seats if s.kind == SectionKind.ROWS]
    assert len({s.segment for s in rows}) == 2 and len({s.segment for s in spec.seats}) == 3
    assert [s.aisle for s in rows[:6]] == [True, False, False, False, False, True]
    assert rows[0].honour > 0
    assert (spec.width, spec.height) == (9, 5)  # the drawing's size from the seats when the file does not say


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["sections"][0]["rows"][2]["seats"][4].pop("x"), ["Секция «Партер», ряд «3», место «", "«x»"]),
    (lambda d: d["sections"][1]["rows"][0]["seats"][0].update(flags=["wheelchair", "vip"]),
     ["Секция «Амфитеатр», ряд «1»", "vip"]),
    (lambda d: d["sections"][0].update(kind="balcony"), ["Секция «Партер»", "«kind»", "balcony"]),
    (lambda d: d["sections"][0]["rows"][0]["seats"][0].update(y="front"), ["«y» должно быть числом"]),
    (lambda d: d.update(version=7), ["версия формата «7»"]),
    (lambda d: d.pop("name"), ["Файл: нет обязательного поля «name»"]),
    (lambda d: d["sections"][0]["rows"][0]["seats"][1].update(number=d["sections"][0]["rows"][0]["seats"][0]["number"]),
     ["ряд «1»", "повторяется"]),
])
def test_a_broken_file_of_ours_says_where(change, words):
    data = to_json(theatre())
    change(data)
    with pytest.raises(HallFileError) as caught:
        read_hall(json.dumps(data))
    for word in words:
        assert word in str(caught.value)


@pytest.mark.parametrize(("raw", "words"), [
    (b"{\"zones\": [", "не читается как JSON: строка 1"),
    (b"\x00\x01\x02\xff{}", "Файл не текстовый"),
    (b"\xff\xfe{\x00", "не читается как JSON"),
    (b"[1, 2]", "Формат файла не распознан"),
    (b"{\"format\": \"other\"}", "Формат файла не распознан"),
])
def test_what_is_no_hall_file_at_all_is_named(raw, words):
    with pytest.raises(HallFileError, match=words):
        read_hall(raw)


# ------------------------------------------------------------------------------ pretix


# What pretix's seating-plan.schema.json allows at each level (additionalProperties: false) and requires.
SCHEMA = {
    "plan": ({"name", "zones", "categories", "size"}, {"zones", "name", "categories", "size"}),
    "zone": ({"name", "zone_id", "uuid", "position", "rows", "areas"}, {"position", "rows"}),
    "row": ({"row_number", "row_label", "seat_label", "uuid", "seats", "row_number_position", "position"},
            {"seats", "row_number"}),
    "seat": ({"seat_guid", "seat_number", "uuid", "start_direction", "radius", "position", "category"},
             {"seat_guid", "seat_number", "position", "category"}),
    "area": ({"color", "border_color", "rotation", "position", "uuid", "shape", "polygon", "rectangle", "ellipse",
              "circle", "text"}, set()),
    "category": ({"name", "color"}, {"name"}),
}


def check_schema(kind: str, obj: dict) -> None:
    allowed, required = SCHEMA[kind]
    assert set(obj) <= allowed and required <= set(obj), (kind, obj)
    for key in ("position",):
        if key in obj:
            assert set(obj[key]) == {"x", "y"} and all(isinstance(v, int) for v in obj[key].values())


def test_pretix_export_is_valid_against_the_schema_with_unique_guids():
    data = to_pretix(adjusted(theatre()))
    check_schema("plan", data)
    assert set(data["size"]) == {"width", "height"}
    names = {c["name"] for c in data["categories"]}
    for c in data["categories"]:
        check_schema("category", c)
    guids = []
    for zone in data["zones"]:
        check_schema("zone", zone)
        for area in zone["areas"]:
            check_schema("area", area)
        for row in zone["rows"]:
            check_schema("row", row)
            for seat in row["seats"]:
                check_schema("seat", seat)
                assert isinstance(seat["seat_number"], str) and seat["category"] in names
                guids.append(seat["seat_guid"])
    assert len(guids) == len(set(guids)) == len(theatre().seats)
    assert "g-1" in guids
    assert {"Ложа", "Пресса", "Standard"} <= names
    assert [z["name"] for z in data["zones"]] == ["Партер", "Амфитеатр", "Президиум"]


def test_pretix_round_trip_keeps_rows_numbers_positions_sectors_and_guids():
    spec = adjusted(theatre())
    exported = to_pretix(spec)
    again = read_hall(json.dumps(exported, ensure_ascii=False))
    assert again.name == spec.name and again.kind == HallKind.ROWS
    before, after = by_place(spec), by_place(again)
    assert before.keys() == after.keys()
    guids = {(z["name"], r["row_number"], s["seat_number"]): s["seat_guid"]
             for z in exported["zones"] for r in z["rows"] for s in r["seats"]}
    for place, seat in before.items():
        back = after[place]
        assert abs(back.x - seat.x) < 0.02 and abs(back.y - seat.y) < 0.02, place
        kept = ("kind", "row_index", "order", "aisle")
        assert [getattr(back, a) for a in kept] == [getattr(seat, a) for a in kept], place
        assert back.sector == seat.sector and back.guid == guids[place] == (seat.guid or back.guid)
    # A wheelchair place goes out as the wheelchair category (one with a sector keeps only the sector).
    wheelchair = spec.seats[4]
    assert after[(wheelchair.section, wheelchair.row_label, wheelchair.number)].wheelchair
    # Segments are the same runs of seats (their numbers may differ), so honour comes out the same.
    assert len({s.segment for s in again.seats}) == len({s.segment for s in spec.seats})
    honour = {p: s.honour for p, s in before.items() if not s.honour_manual}
    assert honour == {p: after[p].honour for p in honour}
    # And again: what came back from pretix goes out and in unchanged.
    assert read_hall(json.dumps(to_pretix(again))) == again


def test_banquet_tables_round_trip_through_pretix_up_to_a_shift():
    for spec in (tables_template("Банкет", 9, 10, head_table_seats=7), tables_template("Кафе", 5, 6, shape="rect")):
        again = read_hall(json.dumps(to_pretix(spec)))
        assert again.kind == HallKind.TABLES
        before, after = by_place(spec), by_place(again)
        assert before.keys() == after.keys()
        dx = min(s.x for s in spec.seats) - min(s.x for s in again.seats)
        dy = min(s.y for s in spec.seats) - min(s.y for s in again.seats)
        for place, seat in before.items():
            back = after[place]
            assert abs(back.x + dx - seat.x) < 0.03 and abs(back.y + dy - seat.y) < 0.03, place
            assert (back.kind, back.table, back.order, back.honour) == (seat.kind, seat.table, seat.order, seat.honour)


def test_a_plan_from_pretix_comes_in_with_its_rows_aisles_sectors_and_wheelchair_places():
    spec = read_hall((FILES / "pretix_small.json").read_bytes())
    assert spec.name == "Малый зал ДК" and spec.kind == HallKind.ROWS
    seats = by_place(spec)
    assert len(seats) == 31
    stalls_row = [seats[("Партер", "1", str(n))] for n in range(1, 9)]
    assert [s.order for s in stalls_row] == list(range(8))
    # A 70-pixel gap between seats 4 and 5 (30 pixels a seat) is an aisle: two segments, aisle seats beside it.
    assert stalls_row[3].segment != stalls_row[4].segment
    assert len({s.segment for s in stalls_row[:4]}) == 1 and len({s.segment for s in stalls_row[4:]}) == 1
    assert [s.aisle for s in stalls_row] == [True, False, False, True, True, False, False, True]
    # One unit a seat, x from the left-most seat, y from the stage's edge.
    assert [s.x for s in stalls_row[:4]] == [0, 1, 2, 3] and stalls_row[4].x == pytest.approx(16 / 3, abs=0.01)
    assert stalls_row[0].y == pytest.approx(4 / 3, abs=0.01)
    assert [seats[("Партер", str(r), "1")].row_index for r in (1, 2, 3)] == [0, 1, 2]
    assert seats[("Балкон", "1", "1")].row_index == 3
    assert {n for (_, _, n), s in seats.items() if s.wheelchair} == {"1", "8"}
    assert seats[("Партер", "1", "1")].sector == "" and seats[("Партер", "2", "2")].sector == ""
    assert {s.number for s in spec.seats if s.sector == "Пресса"} == {"5", "6", "7", "8"}
    assert seats[("Партер", "3", "6")].guid == "stalls-3-6"
    # Honour falls with the rows; the balcony comes after the stalls.
    assert seats[("Партер", "1", "2")].honour >= seats[("Партер", "3", "2")].honour > seats[("Балкон", "1", "2")].honour


def test_a_plan_drawn_with_the_stage_below_is_turned_round():
    data = pretix_small()
    height = data["size"]["height"]
    for zone in data["zones"]:
        zone["position"]["y"] = height - zone["position"]["y"]
        for row in zone["rows"]:
            row["position"]["y"] = -row["position"]["y"]
        for area in zone["areas"]:
            area["position"]["y"] = -area["position"]["y"] - area["rectangle"]["height"]
    # Mirror x as well: the drawing is the same hall seen from the other side, a rotation of the first.
    for zone in data["zones"]:
        zone["position"]["x"] = -zone["position"]["x"]
        for row in zone["rows"]:
            row["position"]["x"] = -row["position"]["x"]
            for seat in row["seats"]:
                seat["position"]["x"] = -seat["position"]["x"]
        for area in zone["areas"]:
            area["position"]["x"] = -area["position"]["x"] - area["rectangle"]["width"]
    turned, plain = read_hall(json.dumps(data)), read_hall(json.dumps(pretix_small()))
    assert by_place(turned) == by_place(plain)


@pytest.mark.parametrize("stage", [
    {"position": {"x": -20, "y": -100}, "width": 300, "height": 60, "text": "Сцена"},  # the older schema
    {"shape": "polygon", "position": {"x": -20, "y": -100}, "text": {"text": "Stage", "position": {"x": 0, "y": 0}},
     "polygon": {"points": [{"x": 0, "y": 0}, {"x": 300, "y": 0}, {"x": 300, "y": 60}, {"x": 0, "y": 60}]}},
    {"shape": "ellipse", "position": {"x": 130, "y": -70}, "ellipse": {"radius": {"x": 150, "y": 30}},
     "text": {"text": "Bühne", "position": {"x": 0, "y": 0}}},
    {"shape": "circle", "position": {"x": 130, "y": -70}, "circle": {"radius": 30},
     "text": {"text": "подиум", "position": {"x": 0, "y": 0}}},
], ids=["old", "polygon", "ellipse", "circle"])
def test_a_stage_of_any_shape_puts_y_zero_at_its_edge(stage):
    data = pretix_small()
    data["zones"][0]["areas"] = [{"shape": "text", "position": {"x": 0, "y": 0},
                                  "text": {"text": "Выход", "position": {"x": 0, "y": 0}}}, stage]
    assert read_hall(json.dumps(data)) == read_hall(json.dumps(pretix_small()))


def test_a_broken_stage_says_where():
    data = pretix_small()
    data["zones"][0]["areas"][0].update(shape="circle", circle={})
    with pytest.raises(HallFileError, match="Зона «Партер», область №1, circle: нет обязательного поля «radius»"):
        read_hall(json.dumps(data))


def test_a_row_drawn_in_two_blocks_numbered_on_their_own_is_one_row_of_two_segments():
    data = pretix_small()
    first = data["zones"][0]["rows"][0]
    right = {**first, "position": {"x": 160, "y": 0}, "seats": first["seats"][4:]}
    first["seats"] = first["seats"][:4]
    for number, seat in enumerate(right["seats"], 1):
        seat["seat_number"] = str(number)
        seat["position"]["x"] -= 160
    data["zones"][0]["rows"].insert(0, right)  # the right block comes first in the file
    row = sorted((s for s in read_hall(json.dumps(data)).seats if s.section == "Партер" and s.row_label == "1"),
                 key=lambda s: s.order)
    assert [s.number for s in row] == ["1", "2", "3", "4", "1", "2", "3", "4"]
    assert [s.guid for s in row] == [f"stalls-1-{n}" for n in range(1, 9)]
    assert {s.row_index for s in row} == {0} and len({s.segment for s in row}) == 2


@pytest.mark.parametrize(("change", "words"), [
    (lambda d: d["zones"][0]["rows"][1]["seats"][2].pop("position"),
     "Зона «Партер», ряд «2», место «3»: нет обязательного поля «position»."),
    (lambda d: d["zones"][1]["rows"][0]["seats"][0]["position"].pop("y"),
     "Зона «Балкон», ряд «1», место «1», position: нет обязательного поля «y»."),
    (lambda d: d["zones"][0]["rows"][0].pop("row_number"),
     "Зона «Партер», ряд №1: нет обязательного поля «row_number»."),
    (lambda d: d["zones"][0]["rows"][2]["seats"][0].pop("category"), "место «1»: нет обязательного поля «category»"),
    (lambda d: d["zones"][0].pop("rows"), "Зона «Партер»: нет обязательного поля «rows»."),
    (lambda d: d["zones"][0]["rows"][0]["seats"][1].update(seat_guid="stalls-1-1"), "seat_guid «stalls-1-1» уже есть"),
    (lambda d: d["categories"].append({"color": "#000"}), "Категория №4: нет обязательного поля «name»."),
    (lambda d: d.update(zones=[]), "в плане нет ни одного места"),
    (lambda d: d["zones"][0]["rows"][0].update(seats={"1": {}}), "ряд «1»: поле «seats» должно быть списком"),
])
def test_a_broken_pretix_plan_says_where(change, words):
    data = pretix_small()
    change(data)
    with pytest.raises(HallFileError) as caught:
        read_hall(json.dumps(data))
    assert words in str(caught.value)


def test_pretix_plans_with_unknown_keys_and_numbers_written_as_numbers_still_come_in():
    data = pretix_small()
    data["editor_version"] = "2.1"
    data["zones"][0]["rows"][0]["seats"][0]["seat_number"] = 1
    data["zones"][0]["rows"][0]["curve"] = 0.2
    spec = read_hall(json.dumps(data))
    assert by_place(spec)[("Партер", "1", "1")].guid == "stalls-1-1"


# ------------------------------------------------------------------------------ the pages


@pytest.mark.usefixtures("db")
async def test_a_hall_goes_out_in_both_formats_and_comes_back_in(client):
    token = await sign_in(client, "protocol")
    hall_id = await halls.create_hall(adjusted(theatre()))
    ours = await client.get(f"/halls/{hall_id}/export.json?format=ceremonia")
    assert ours.status_code == 200 and ours.headers["content-type"].startswith("application/json")
    assert ours.headers["content-disposition"] == 'attachment; filename="bolshoy-zal.ceremonia.json"'
    assert read_hall(ours.content) == adjusted(theatre())
    pretix = await client.get(f"/halls/{hall_id}/export.json?format=pretix")
    assert pretix.headers["content-disposition"].endswith('"bolshoy-zal.pretix.json"')
    assert len(read_hall(pretix.content).seats) == len(theatre().seats)
    assert (await client.get(f"/halls/{hall_id}/export.json?format=svg")).status_code == 404
    assert (await client.get("/halls/999999/export.json")).status_code == 404

    response = await client.post("/halls/import", data={"_csrf_token": token, "name": "Копия из pretix"},
                                 files={"file": ("plan.json", pretix.content, "application/json")},
                                 follow_redirects=False)
    assert response.status_code == 303
    new_id = int(response.headers["location"].rsplit("/", 1)[1])
    imported = await halls.load_spec(new_id)
    assert imported.name == "Копия из pretix" and len(imported.seats) == len(theatre().seats)
    response = await client.post("/halls/import", data={"_csrf_token": token, "name": ""},
                                 files={"file": ("hall.json", (FILES / "pretix_small.json").read_bytes())},
                                 follow_redirects=False)
    assert (await halls.load_spec(int(response.headers["location"].rsplit("/", 1)[1]))).name == "Малый зал ДК"


@pytest.mark.usefixtures("db")
async def test_a_bad_file_is_refused_on_the_halls_page(client):
    token = await sign_in(client, "protocol")
    broken = pretix_small()
    broken["zones"][0]["rows"][1]["seats"][2].pop("position")
    response = await client.post("/halls/import", data={"_csrf_token": token, "name": "Мой зал"},
                                 files={"file": ("plan.json", json.dumps(broken).encode())})
    assert response.status_code == 422 and await halls.list_halls() == []
    page = response.text
    assert "Зона «Партер», ряд «2», место «3»: нет обязательного поля «position»." in page
    assert 'value="Мой зал"' in page and 'id="hall_list"' in page
    response = await client.post("/halls/import", data={"_csrf_token": token, "name": "Мой зал"},
                                 files={"file": ("plan.json", b"not json")}, headers={"HX-Request": "true"})
    assert response.status_code == 422 and response.text.lstrip().startswith('<section id="hall_import"')
    assert "не читается как JSON" in response.text and 'value="Мой зал"' in response.text
    response = await client.post("/halls/import", data={"_csrf_token": token, "name": "Мой зал"},
                                 headers={"HX-Request": "true"})
    assert response.status_code == 422 and "Выберите файл со схемой зала" in response.text
    viewer = await sign_in(client, "viewer")
    refused = await client.post("/halls/import", data={"_csrf_token": viewer},
                                files={"file": ("plan.json", (FILES / "pretix_small.json").read_bytes())})
    assert refused.status_code == 403 and await halls.list_halls() == []

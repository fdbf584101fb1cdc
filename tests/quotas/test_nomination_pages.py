"""The pages of the nominations: the organisation's behind its token (no sign-in), the officer's review, and
the quota letters made, numbered from the register and printed in one PDF and one ZIP of DOCX files."""

import io
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from app.letters.tables import Letter
from app.quotas import nominations, quota_letters, review, services
from app.quotas.kinds import NominationStatus, QuotaLetterKind
from tests.conftest import csrf_from, sign_in
from tests.letters.factory import SIGNATURE, author
from tests.quotas.test_nominations import PEOPLE, sheet, table

pytestmark = pytest.mark.usefixtures("db")


async def test_the_organisations_page_refuses_a_list_over_its_quota_without_a_sign_in(client):
    _ceremony, ids = await table()
    token = await nominations.live_token(ids["Дума"])
    page = await client.get(f"/n/{token}")
    assert page.status_code == 200 and "Дума" in page.text and page.headers["cache-control"] == "no-store"
    csrf = csrf_from(page.text)
    over = await client.post(f"/n/{token}/upload", data={"_csrf_token": csrf},
                             files={"file": ("дума.xlsx", sheet(*PEOPLE), "application/octet-stream")})
    assert over.status_code == 422 and "Квота организации — 3 чел." in over.text
    fitting = await client.post(f"/n/{token}/upload", data={"_csrf_token": csrf}, follow_redirects=False,
                                files={"file": ("дума.xlsx", sheet(*PEOPLE[:3]), "application/octet-stream")})
    assert fitting.status_code == 303 and fitting.headers["location"] == f"/n/{token}?added=3"
    sent = await client.post(f"/n/{token}/submit", data={"_csrf_token": csrf}, follow_redirects=True)
    assert "Отправлено в протокольный отдел: 3." in sent.text and sent.text.count("подан") >= 3
    assert (await client.get("/n/not-a-token")).status_code == 404


async def test_the_officer_accepts_and_returns_on_the_review_page(client):
    ceremony, ids = await table()
    token = await nominations.live_token(ids["Дума"])
    await nominations.upload(token, "дума.xlsx", sheet(*PEOPLE[:2]))
    await nominations.submit(token)
    csrf = await sign_in(client, "protocol")
    page = await client.get(f"/ceremonies/{ceremony}/quotas/review/")
    assert page.status_code == 200 and "Иванов Иван Иванович" in page.text
    assert nominations.nomination_url(token) in page.text
    first, second = (r.nomination.id for r in (await review.review(ceremony)).names)
    base = f"/ceremonies/{ceremony}/quotas/review/names"
    empty = await client.post(f"{base}/{second}/return", data={"comment": "", "_csrf_token": csrf})
    assert empty.status_code == 422 and "Напишите, что исправить" in empty.text
    assert (await client.post(f"{base}/{first}/accept", data={"_csrf_token": csrf},
                              follow_redirects=False)).status_code == 303
    assert (await client.post(f"{base}/{second}/return", data={"comment": "Полная должность?", "_csrf_token": csrf},
                              follow_redirects=False)).status_code == 303
    statuses = {n.id: n.status for n in (await nominations.desk_by_token(token)).names}
    assert statuses == {first: NominationStatus.ACCEPTED, second: NominationStatus.RETURNED}
    invitations = (await client.get(f"/ceremonies/{ceremony}/invitations/")).text
    assert "Иванов Иван Иванович" in invitations
    await services.save_organisation({"name": "Совет ветеранов", "weight": "70", "minimum": "0", "liaison": "Орлов",
                                      "phone": "+7 4212 40-00-00"}, ceremony_id=ceremony,
                                     organisation_id=ids["Совет ветеранов"])
    workbook = load_workbook(io.BytesIO((await client.get(f"/ceremonies/{ceremony}/quotas/review/reminders.xlsx")
                                         ).content))
    rows = [[c.value for c in row] for row in workbook.active.iter_rows()]
    assert rows[1:] == [["Совет ветеранов", "Орлов", "+7 4212 40-00-00", 7, 0, 7], ["Дума", None, None, 3, 1, 2]]
    await sign_in(client, "liaison")
    assert (await client.get(f"/ceremonies/{ceremony}/quotas/review/")).status_code == 403


async def test_quota_letters_carry_the_quota_the_deadline_and_the_link_and_get_register_numbers(client, tmp_path):
    ceremony, ids = await table(deadline="2027-04-20")
    writer = await author()
    prepared = await quota_letters.prepare(ceremony, QuotaLetterKind.QUOTA, writer)
    assert prepared.made == 2
    # a field without a value stops the registration, named with the organisation
    problems = await quota_letters.register_all(ceremony, QuotaLetterKind.QUOTA)
    assert [p.split(":")[0] for p in problems] == ["Дума", "Совет ветеранов"]
    assert all("Не заполнены поля: {{категории}}" in p for p in problems)
    for name, weight, wanted in (("Дума", "30", "депутаты городской думы"), ("Совет ветеранов", "70", "ветераны")):
        await services.save_organisation({"name": name, "weight": weight, "minimum": "0", "wanted": wanted},
                                         ceremony_id=ceremony, organisation_id=ids[name])
    assert (await quota_letters.prepare(ceremony, QuotaLetterKind.QUOTA, writer)).made == 2  # drafts made again
    await Letter.update({getattr(Letter, k): v for k, v in SIGNATURE.items()}).where(Letter.number.is_null())
    assert await quota_letters.register_all(ceremony, QuotaLetterKind.QUOTA) == []
    letters = await quota_letters.quota_letters(ceremony, QuotaLetterKind.QUOTA)
    assert [x.letter.number for x in letters] == ["01-12/1", "01-12/2"]
    pdf = await quota_letters.batch_pdf(ceremony, QuotaLetterKind.QUOTA)
    (tmp_path / "letters.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "letters.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    duma = next(x for x in letters if x.organisation == "Дума")
    for words in ("в количестве 3 чел.", "депутаты городской думы", "до 20 апреля 2027 г.", duma.url, "01-12/1"):
        assert words in " ".join(text.split()), words
    archive = zipfile.ZipFile(io.BytesIO(await quota_letters.batch_docx(ceremony, QuotaLetterKind.QUOTA)))
    assert len(archive.namelist()) == 2 and all(name.endswith(".docx") for name in archive.namelist())
    again = await quota_letters.prepare(ceremony, QuotaLetterKind.QUOTA, writer)
    assert again.made == 0  # registered letters are not made twice
    token = await nominations.live_token(ids["Дума"])
    await nominations.upload(token, "дума.xlsx", sheet(PEOPLE[0]))
    await nominations.submit(token)
    assert (await quota_letters.prepare(ceremony, QuotaLetterKind.REMINDER, writer)).made == 2
    reminders = {x.organisation: x.letter for x in await quota_letters.quota_letters(ceremony,
                                                                                     QuotaLetterKind.REMINDER)}
    assert "ожидается ещё 2 чел." in reminders["Дума"].body and "ещё 7 чел." in reminders["Совет ветеранов"].body
    await sign_in(client, "protocol")
    page = (await client.get(f"/ceremonies/{ceremony}/quotas/review/")).text
    assert "№ 01-12/1 от" in page and "Зарегистрировать черновики" in page  # the reminders are drafts
    response = await client.get(f"/ceremonies/{ceremony}/quotas/letters/quota/letters.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (await client.get(f"/ceremonies/{ceremony}/quotas/letters/nonsense/letters.pdf")).status_code == 404


async def test_the_officer_splits_an_organisations_places_by_category_on_its_page(client):
    from app.guests.services import save_category

    ceremony, ids = await table()
    veterans = (await save_category({"name": "Ветераны боевых действий"})).id
    csrf = await sign_in(client, "protocol")
    base = f"/ceremonies/{ceremony}/quotas/organisations/{ids['Совет ветеранов']}/shares"
    assert "Разделить места по категориям" in (await client.get(
        f"/ceremonies/{ceremony}/quotas/organisations/{ids['Совет ветеранов']}/edit")).text
    added = await client.post(f"{base}/", data={"share_category": str(veterans), "share_weight": "1",
                                                "share_minimum": "8", "_csrf_token": csrf}, follow_redirects=True)
    assert "Сумма минимумов — 8, а мест всего 7." in added.text
    bad = await client.post(f"{base}/", data={"share_category": "", "share_weight": "x", "_csrf_token": csrf})
    assert bad.status_code == 422 and "Выберите категорию." in bad.text and "Нужно неотрицательное число" in bad.text
    token = await nominations.live_token(ids["Совет ветеранов"])
    refused = await nominations.add_person(token, {"surname": "Орлов"})
    assert "пересчитывается" in refused.errors[0]  # an impossible split adds nobody


async def test_wrong_ids_and_tokens_get_a_404_not_a_server_error(client):
    ceremony, ids = await table()
    token = await nominations.live_token(ids["Дума"])
    csrf = csrf_from((await client.get(f"/n/{token}")).text)
    for path in (f"/n/{token}/names/999/withdraw", f"/n/{token}/names/999/substitute", f"/n/{'x' * 65}/submit"):
        assert (await client.post(path, data={"_csrf_token": csrf, "surname": "Орлов"})).status_code == 404, path
    assert (await client.post(f"/n/{token}/upload", data={"_csrf_token": csrf})).status_code == 422
    await sign_in(client, "protocol")
    csrf = csrf_from((await client.get(f"/ceremonies/{ceremony}/quotas/review/")).text)
    for path in (f"/ceremonies/{ceremony}/quotas/review/names/999/accept",
                 f"/ceremonies/{ceremony}/quotas/review/names/999/return",
                 f"/ceremonies/{ceremony}/quotas/review/organisations/999/link",
                 f"/ceremonies/{ceremony}/quotas/letters/other/prepare",
                 f"/ceremonies/{ceremony}/quotas/organisations/999/shares/",
                 f"/ceremonies/{ceremony}/quotas/organisations/{ids['Дума']}/shares/999/delete",
                 "/ceremonies/999/quotas/review/accept-unmatched"):
        assert (await client.post(path, data={"_csrf_token": csrf, "comment": "x"})).status_code == 404, path
    for path in (f"/ceremonies/{ceremony}/quotas/letters/quota/letters.pdf", "/ceremonies/999/quotas/review/",
                 f"/ceremonies/{ceremony}/quotas/organisations/999/shares/"):
        assert (await client.get(path)).status_code == 404, path

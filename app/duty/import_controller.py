"""The duty staff's import from a department's XLSX or CSV list: file → columns → check → report.

The steps and pages are the import toolkit's (app.imports.steps, templates/imports/); app.duty.staff_import
does the work, templates/duty/_staff_import.html holds the staff's own bits of the pages.
"""

from __future__ import annotations

from app.core.i18n import N_
from app.core.roles import PLAN_EDITORS
from app.duty import staff_import
from app.imports.steps import ImportSteps, Pages
from app.web.guards import requires_role


class StaffImportController(ImportSteps):
    path = "/duty/staff/import"
    guards = [requires_role(PLAN_EDITORS)]
    flow = staff_import.FLOW
    pages = Pages(
        back="/duty/staff/", back_label=N_("Дежурные"), back_button=N_("К списку дежурных"),
        upload_title=N_("Загрузка дежурных"), upload_heading=N_("Загрузка списка дежурных"),
        upload_note=N_("Ничего не запишется, пока вы не проверите данные и не нажмёте «Загрузить». Человек с теми "
                       "же ФИО и подразделением, что уже есть в списке, обновится, а не появится второй раз."),
        field_header=N_("Поле дежурного"), apply_label=N_("Загрузить дежурных"),
        report_heading=N_("Итог загрузки дежурных"), parts="duty/_staff_import.html",
    )
    rejected_name = "rejected-staff.xlsx"

"""The duty staff's import from a department's XLSX or CSV list: file → columns → check → report.

The steps are the guest import's (app.guests.controllers.ImportSteps); app.duty.staff_import does the work.
"""

from __future__ import annotations

from app.core.roles import PLAN_EDITORS
from app.duty import staff_import
from app.guests.controllers import ImportSteps
from app.web.guards import requires_role


class StaffImportController(ImportSteps):
    path = "/duty/staff/import"
    guards = [requires_role(PLAN_EDITORS)]
    flow = staff_import
    templates = "duty/staff_import_"
    rejected_name = "rejected-staff.xlsx"

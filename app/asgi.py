"""The Litestar application: controllers of every area, sessions, CSRF, templates, static assets."""

from __future__ import annotations

import gc
import hashlib
import time
from typing import Any

from litestar import Litestar, Request, Router
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.logging.config import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.security.session_auth import SessionAuth
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig
from piccolo.engine.postgres import PostgresEngine

from app.access.controllers import AccessController, PassPageController
from app.accounts.controllers import AccountsController, AuthController, LanguageController
from app.accounts.services import CurrentUser, load_user
from app.audit.controllers import AuditController
from app.audit.kinds import TEMPLATE_GLOBALS as AUDIT_GLOBALS
from app.checkin.controllers import ArrivalsController, GateController
from app.checkin.offline_controller import GateOfflineController, service_worker
from app.core.config import ROOT, get_settings
from app.core.direct_db import close_all as close_direct_connections
from app.core.direct_db import open_shared as open_direct_connections
from app.core.roles import Role
from app.duty.controllers import DutyController, PostController, StaffController
from app.duty.import_controller import StaffImportController
from app.duty.kinds import TEMPLATE_GLOBALS as DUTY_GLOBALS
from app.duty.officer_page import OfficerPageController
from app.duty.print_controller import DutyPrintsController
from app.events.controllers import CeremonyController, EventController, HomeController, reject_trashed_ceremony
from app.events.kinds import TEMPLATE_GLOBALS as EVENTS_GLOBALS
from app.events.officials_controller import OfficialController
from app.guestpage.controllers import GuestPageController
from app.guests.controllers import CategoryController, ImportController, RegistryController
from app.guests.kinds import TEMPLATE_GLOBALS as GUESTS_GLOBALS
from app.invitations.controllers import InvitationController, InvitationListController
from app.invitations.design_controllers import InvitationDesignController
from app.invitations.kinds import TEMPLATE_GLOBALS as INVITATIONS_GLOBALS
from app.jobs.controllers import JobController
from app.jobs.kinds import TEMPLATE_GLOBALS as JOBS_GLOBALS
from app.letters.controllers import (
    AddresseeController,
    DirectoryController,
    LetterController,
    TemplateController,
)
from app.letters.kinds import TEMPLATE_GLOBALS as LETTERS_GLOBALS
from app.plans.controllers import PlanController
from app.quotas.controllers import QuotaController, QuotaOrganisationController, QuotaShareController
from app.quotas.kinds import TEMPLATE_GLOBALS as QUOTAS_GLOBALS
from app.quotas.page_controller import NominationPageController
from app.quotas.review_controllers import QuotaLettersController, QuotaReviewController
from app.scenario.controllers import HistoryController, ScenarioController
from app.seating.halls.controllers import HallController
from app.seating.halls.file_controllers import HallFileController
from app.seating.plan.controllers import SeatingController
from app.seating.plan.print_controller import SeatingPrintsController
from app.tasks.controllers import EventTasksController, TaskController
from app.tasks.kinds import TEMPLATE_GLOBALS as TASKS_GLOBALS
from app.trash.controllers import TrashController
from app.web.errors import EXCEPTION_HANDLERS, MAX_BODY_BYTES, reject_unknown_ids
from app.web.guards import requires_role
from app.web.logqueue import PolledQueueHandler
from app.web.middleware import request_context
from app.web.render import make_template_engine
from app.web.security import security_headers
from app.web.session import SessionCookieConfig
from app.wreaths.controllers import DelegationController, WreathController, ZoneController
from app.wreaths.kinds import TEMPLATE_GLOBALS as WREATHS_GLOBALS

AREA_TEMPLATE_GLOBALS = (EVENTS_GLOBALS, GUESTS_GLOBALS, INVITATIONS_GLOBALS, JOBS_GLOBALS, DUTY_GLOBALS,
                         WREATHS_GLOBALS, LETTERS_GLOBALS, TASKS_GLOBALS, AUDIT_GLOBALS, QUOTAS_GLOBALS)

# Pages anyone may open: sign-in, assets, the guest's, the duty officer's and an organisation's quota list
# (behind their tokens), the health probe.
PUBLIC_PATHS = ["^/login", "^/assets/", "^/i/", "^/v/", "^/d/", "^/n/", "^/health", "^/lang/"]
SESSION_DAYS = 14
SEEN_STEP_S = 60  # the idle clock in the session moves in steps of a minute


async def _retrieve_user(session: dict[str, Any], _: ASGIConnection) -> CurrentUser | None:
    """The session's account, while the cookie's version is the account's (logout, a new password or a
    deactivation bump it) and the last request was less than SESSION_IDLE_HOURS ago."""
    account_id, seen = session.get("account_id"), session.get("seen")
    if not isinstance(account_id, int) or not isinstance(seen, int):
        return None
    now = int(time.time())
    if now - seen > get_settings().session_idle_hours * 3600:
        return None
    user = await load_user(account_id)
    if user is None or session.get("v") != user.session_version:
        return None
    if now - seen >= SEEN_STEP_S:  # a changed session goes back as a new cookie (app.web.session), else none
        session["seen"] = now
    return user


def _key(purpose: str, secret: str) -> bytes:
    """Separate keys for separate uses, all derived from the one SECRET_KEY."""
    return hashlib.sha256(f"{purpose}:{secret}".encode()).digest()


async def _open_pool() -> None:
    """PostgreSQL: a pool per process, so a query does not pay for a new connection (5–10 ms) each time."""
    from piccolo_conf import DB

    if isinstance(DB, PostgresEngine) and get_settings().db_pool:
        await DB.start_connection_pool()


async def _freeze_heap() -> None:
    """What start-up built (the code of every area, OR-Tools, the templates: some 200,000 objects) lives as
    long as the process, so the cyclic garbage collector stops walking it: a full collection walked it all,
    150–250 ms on the 2-core machine, during which every request in flight (a gate's scans) waited."""
    gc.collect()
    gc.freeze()


async def _close_pool() -> None:
    from piccolo_conf import DB

    if isinstance(DB, PostgresEngine) and get_settings().db_pool:
        await DB.close_connection_pool()


def _openapi_config() -> OpenAPIConfig:
    """The schema for the contract tests and integrators: JSON and YAML only (no viewer from a CDN), admins only."""
    return OpenAPIConfig(title="Ceremonia", version="0.1.0",
                         render_plugins=[JsonRenderPlugin(), YamlRenderPlugin()],
                         openapi_router=Router(path="/schema", route_handlers=[],
                                               guards=[requires_role([Role.ADMIN])]))


async def _before_request(request: Request) -> None:
    reject_unknown_ids(request)
    await reject_trashed_ceremony(request)


def create_app() -> Litestar:
    settings = get_settings()
    session_auth = SessionAuth[CurrentUser, Any](
        retrieve_user_handler=_retrieve_user,
        session_backend_config=SessionCookieConfig(
            secret=_key("session", settings.secret_key),
            max_age=SESSION_DAYS * 24 * 3600,
            httponly=True,
            secure=settings.production,
            samesite="lax",
        ),
        exclude=PUBLIC_PATHS,
    )
    return Litestar(
        route_handlers=[
            AuthController,
            LanguageController,
            AccountsController,
            HomeController,
            PlanController,
            EventController,
            CeremonyController,
            OfficialController,
            EventTasksController, TaskController,
            JobController,
            StaffImportController,
            StaffController,
            PostController,
            DutyController,
            DutyPrintsController,
            SeatingController,
            HallController, HallFileController,
            SeatingPrintsController,
            OfficerPageController,
            GateController, GateOfflineController, service_worker,
            AccessController,
            PassPageController,
            ArrivalsController,
            GuestPageController,
            CategoryController,
            ImportController,
            RegistryController,
            InvitationListController,
            InvitationController,
            InvitationDesignController,
            WreathController, DelegationController, ZoneController,
            QuotaController, QuotaOrganisationController, QuotaShareController, QuotaReviewController,
            QuotaLettersController,
            NominationPageController,
            LetterController, TemplateController, AddresseeController, DirectoryController,
            ScenarioController, HistoryController,
            AuditController, TrashController,
            create_static_files_router(path="/assets", directories=[ROOT / "assets"], name="assets",
                                       opt={"exclude_from_auth": True}),
        ],
        on_app_init=[session_auth.on_app_init],
        on_startup=[_open_pool, open_direct_connections, _freeze_heap],
        on_shutdown=[close_direct_connections, _close_pool],
        middleware=[request_context],
        before_send=[security_headers],
        csrf_config=CSRFConfig(
            secret=_key("csrf", settings.secret_key).hex(),
            cookie_secure=settings.production,
            cookie_httponly=False,
        ),
        plugins=[HTMXPlugin()],
        template_config=TemplateConfig(instance=make_template_engine(*AREA_TEMPLATE_GLOBALS)),
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=_openapi_config(),
        request_max_body_size=MAX_BODY_BYTES,
        before_request=_before_request,
        logging_config=LoggingConfig(
            handlers={"queue_listener": {"()": PolledQueueHandler, "level": "DEBUG", "formatter": "standard"}},
            root={"level": "INFO", "handlers": ["queue_listener"]},
            loggers={"ceremonia": {"level": "INFO", "propagate": True}},
            log_exceptions="debug",
        ),
        debug=False,
    )


app = create_app()

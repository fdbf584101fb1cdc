"""Piccolo's configuration: the engine comes from app.core.config, the apps from each area."""

import os
from pathlib import Path

from piccolo.conf.apps import AppRegistry

from app.core.config import get_settings
from app.core.db import engine_for

_settings = get_settings()
if not _settings.is_postgres:
    Path(_settings.database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)

DB = engine_for(_settings)

APP_REGISTRY = AppRegistry(
    apps=[
        "piccolo.apps.user.piccolo_app",
        "app.accounts.piccolo_app",
        "app.events.piccolo_app",
        "app.guests.piccolo_app",
        "app.invitations.piccolo_app",
        "app.jobs.piccolo_app",
        "app.duty.piccolo_app",
        "app.wreaths.piccolo_app",
        "app.letters.piccolo_app",
        "app.scenario.piccolo_app",
        "app.tasks.piccolo_app",
        "app.seating.piccolo_app",
        "app.audit.piccolo_app",
        "app.access.piccolo_app",
        "app.quotas.piccolo_app",
    ]
)

os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")

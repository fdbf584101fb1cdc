import os

from piccolo.conf.apps import AppConfig

from app.quotas.tables import (
    QuotaLetter,
    QuotaLink,
    QuotaNomination,
    QuotaOrganisation,
    QuotaSetup,
    QuotaShare,
)

APP_CONFIG = AppConfig(
    app_name="quotas",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[QuotaSetup, QuotaOrganisation, QuotaShare, QuotaLink, QuotaNomination, QuotaLetter],
    migration_dependencies=["app.events.piccolo_app", "app.guests.piccolo_app", "app.invitations.piccolo_app",
                            "app.letters.piccolo_app"],
)

import os

from piccolo.conf.apps import AppConfig

from app.quotas.tables import QuotaOrganisation, QuotaSetup

APP_CONFIG = AppConfig(
    app_name="quotas",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[QuotaSetup, QuotaOrganisation],
    migration_dependencies=["app.events.piccolo_app"],
)

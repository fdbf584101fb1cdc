import os

from piccolo.conf.apps import AppConfig

from app.accounts.tables import Account, SignInFailure

APP_CONFIG = AppConfig(
    app_name="accounts",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Account, SignInFailure],
    migration_dependencies=["piccolo.apps.user.piccolo_app"],
)

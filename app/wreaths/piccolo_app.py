import os

from piccolo.conf.apps import AppConfig

from app.wreaths.tables import Delegation, WreathLaying, Zone

APP_CONFIG = AppConfig(
    app_name="wreaths",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[WreathLaying, Delegation, Zone],
    migration_dependencies=["app.events.piccolo_app"],
)

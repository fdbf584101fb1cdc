import os

from piccolo.conf.apps import AppConfig

from app.guests.tables import Category, ImportBatch, Person, PersonBatch, PersonLink

APP_CONFIG = AppConfig(
    app_name="guests",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Category, Person, PersonLink, ImportBatch, PersonBatch],
    migration_dependencies=[],
)

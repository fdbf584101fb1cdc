import os

from piccolo.conf.apps import AppConfig

from app.scenario.tables import HistoricalNote, ScenarioItem

APP_CONFIG = AppConfig(
    app_name="scenario",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[ScenarioItem, HistoricalNote],
    migration_dependencies=["app.events.piccolo_app"],
)

import os

from piccolo.conf.apps import AppConfig

from app.events.tables import Ceremony, CeremonyOfficial, Event, Official, TravelTime

APP_CONFIG = AppConfig(
    app_name="events",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Official, Event, Ceremony, CeremonyOfficial, TravelTime],
    migration_dependencies=["app.accounts.piccolo_app"],
)

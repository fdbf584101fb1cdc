import os

from piccolo.conf.apps import AppConfig

from app.duty.tables import Acknowledgment, Assignment, Availability, Briefing, NoShow, Post, Roster, Staff

APP_CONFIG = AppConfig(
    app_name="duty",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Staff, Availability, Post, Roster, Assignment, NoShow, Briefing, Acknowledgment],
    migration_dependencies=["app.events.piccolo_app"],
)

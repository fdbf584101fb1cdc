import os

from piccolo.conf.apps import AppConfig

from app.access.tables import AccessZone, CategoryZone, Gate, GateRecord, InvitationZone, VehiclePass

APP_CONFIG = AppConfig(
    app_name="access",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[AccessZone, CategoryZone, InvitationZone, Gate, VehiclePass, GateRecord],
    migration_dependencies=["app.events.piccolo_app", "app.guests.piccolo_app", "app.invitations.piccolo_app"],
)

import os

from piccolo.conf.apps import AppConfig

from app.seating.tables import ApartPair, Hall, PlanVersion, Seat, SeatAssignment, SeatingPlan, Section

APP_CONFIG = AppConfig(
    app_name="seating",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Hall, Section, Seat, SeatingPlan, SeatAssignment, ApartPair, PlanVersion],
    migration_dependencies=["app.events.piccolo_app", "app.invitations.piccolo_app"],
)

import os

from piccolo.conf.apps import AppConfig

from app.invitations.tables import (
    Invitation,
    InvitationArtwork,
    InvitationDesign,
    InvitationSetup,
    InvitationToken,
    PrinterOffset,
    Scan,
)

APP_CONFIG = AppConfig(
    app_name="invitations",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[InvitationSetup, Invitation, InvitationToken, Scan, InvitationDesign, InvitationArtwork,
                   PrinterOffset],
    migration_dependencies=["app.events.piccolo_app", "app.guests.piccolo_app", "app.accounts.piccolo_app"],
)

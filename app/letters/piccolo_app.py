import os

from piccolo.conf.apps import AppConfig

from app.letters.tables import Addressee, Letter, LetterCounter, LetterTemplate

APP_CONFIG = AppConfig(
    app_name="letters",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[LetterTemplate, Addressee, Letter, LetterCounter],
    migration_dependencies=["app.events.piccolo_app", "app.accounts.piccolo_app"],
)

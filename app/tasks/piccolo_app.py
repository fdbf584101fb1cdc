import os

from piccolo.conf.apps import AppConfig

from app.tasks.tables import Task, TaskCoexecutor, TaskReport

APP_CONFIG = AppConfig(
    app_name="tasks",
    migrations_folder_path=os.path.join(os.path.dirname(__file__), "piccolo_migrations"),
    table_classes=[Task, TaskCoexecutor, TaskReport],
    migration_dependencies=["app.events.piccolo_app", "app.accounts.piccolo_app"],
)

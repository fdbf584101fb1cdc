from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import JSON
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T11:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "a person's hand-corrected declined forms of the name"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="guests", description=DESCRIPTION)

    manager.add_column(
        table_class_name="Person",
        tablename="person",
        column_name="declined",
        db_column_name="declined",
        column_class_name="JSON",
        column_class=JSON,
        params={
            "default": "{}",
            "null": False,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager

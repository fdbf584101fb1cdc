from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Varchar
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-06T11:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "an addressee's position and name in the nominative and the genitive"

COLUMNS = (("position_nominative", 300), ("person_nominative", 200), ("position_genitive", 300),
           ("person_genitive", 200))


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="letters", description=DESCRIPTION)
    for name, length in COLUMNS:
        manager.add_column(
            table_class_name="Addressee",
            tablename="letter_addressee",
            column_name=name,
            db_column_name=name,
            column_class_name="Varchar",
            column_class=Varchar,
            params={
                "length": length,
                "default": "",
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

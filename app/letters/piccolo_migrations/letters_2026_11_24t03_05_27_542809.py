"""The register's numbers are unique per year: a unique index on (year, sequence), which Piccolo's
columns cannot declare. Drafts have neither and may be many (NULLs never collide)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.finder import engine_finder

ID = "2026-11-24T03:05:27:542809"
VERSION = "1.38.0"
DESCRIPTION = "unique outgoing number per year"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="letters", description=DESCRIPTION)

    async def create_index():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX outgoing_letter_year_sequence ON outgoing_letter (year, sequence)")

    async def drop_index():
        await engine_finder().run_ddl("DROP INDEX outgoing_letter_year_sequence")

    manager.add_raw(create_index)
    manager.add_raw_backwards(drop_index)
    return manager

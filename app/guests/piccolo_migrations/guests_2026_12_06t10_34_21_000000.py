from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-06T10:34:21:000000"
VERSION = "1.38.0"
DESCRIPTION = "the default categories of officials, heroes and veterans are always seated"

# The names app.guests.kinds.DEFAULT_CATEGORIES gave them; renamed ones are the department's to tick.
PROTECTED = ("Почётные гости и официальные лица", "Ветераны Великой Отечественной войны",
             "Герои Советского Союза и Российской Федерации", "Ветераны боевых действий")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="guests", description=DESCRIPTION)

    async def protect_default_categories():
        from piccolo.table import Table

        class Category(Table, tablename="guest_category"):
            pass

        await Category.raw("UPDATE guest_category SET always_seated = {} WHERE name IN ({}, {}, {}, {})",
                           True, *PROTECTED)

    manager.add_raw(protect_default_categories)
    return manager

"""The trash: events, ceremonies and persons deleted softly, restored within 30 days, purged by admins;
the confirmation that counts what a delete takes with it. Above the areas whose records it counts."""

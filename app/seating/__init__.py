"""Seating: halls/ (the catalogue of halls), plan/ (a ceremony's seating plan), and beside them the offline
`ceremonia seat` command (seat_command, guest_file). One Piccolo app (tables.py) holds both halls and plans."""

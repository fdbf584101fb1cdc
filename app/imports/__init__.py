"""The spreadsheet toolkit: read a department's XLSX or CSV list, map its columns by a vocabulary the
caller passes, preview, apply, and give back the rejected rows to fix and load again.

    sheets       reading the file, the vocabulary and the column mapping, CellReader, RowResult, ImportPreview
    normalize    cell text, names, phones, e-mail, yes/no as departments type them
    guest_columns  the columns every guest list has (name parts, rank, category, group, needs, language),
                 read alike by the registry import and `ceremonia seat`
    duplicates   likely duplicates among people read and people known: one set of rules
    xlsx_export  any list as an XLSX workbook
    flow         the steps' work: the stored upload, the mapping step, the report's bookkeeping, `Flow`
    steps        the steps as pages (ImportSteps, Pages; templates/imports/)

It may use app.core and app.web, never an area: each import (the guests' in app.guests.importing, the
duty staff's in app.duty.staff_import, the seat command's in app.seating.guest_file) brings its own
vocabulary, reads its own rows and writes them itself.
"""

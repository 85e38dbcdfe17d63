"""Excel (.xlsx) workbooks in and out: what every import and export has in common.

Imports: the first sheet starts with one header row naming exactly the caller's columns (any
order, case-insensitive); every following non-blank row is one record. Reading is bounded by the
caller's `Limits`: the archive is checked before openpyxl inflates anything (`check_archive`), the
header row is read up to `max_columns`, the rows up to the ceiling. Cells are parsed with
Indonesian messages that quote at most `MAX_QUOTED` characters of what was typed, and each problem
is kept as a `RowError` (row, column, reason) for the row report. A caller may match the header
itself (`match`: extra columns ignored) and read CSV rows under the same limits (`data_rows`).

Exports and templates: text cells that never become formulas, bold header rows, and the template
workbook with its instructions sheet.

Modules: `reading` (limits, the archive check, the file to rows, header matching), `cells` (one
cell's value parsed), `rows` (a row's cells read into the row report), `text` (numbers in
Indonesian, quoting what was typed), `writing` (formula-safe cells, header rows, workbook bytes),
`template` (the import template workbook). Callers import the module they need; this package
re-exports nothing.

This package knows no app: callers pass their columns, limits and texts.
"""

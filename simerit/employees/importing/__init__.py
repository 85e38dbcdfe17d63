"""Import of employees from an Excel workbook (.xlsx), all rows or none.

The file's first sheet starts with one header row holding exactly the column names in `COLUMNS`
(any order, case-insensitive); every following non-empty row is one employee. The whole file is
checked first. Any problem, in the file or in a single row, means nothing is written: the caller
gets every problem as (row, column, reason). Only a clean file is written, in one transaction,
through `services.create_employees`, so each employee gets its own audit row.

Modules: `columns` (the template's columns), `reading` (the limits, and the file to rows),
`planning` (rows to service input, every problem, then the write), `template` (the workbook to fill
in). What every import shares (bounded reading, header matching, cell parsing, the row report, the
template workbook) is in `simerit.core.spreadsheets`. Callers import the module they need; this
package re-exports nothing.

Decisions:
- `jabatan` names an existing Position the account may assign, matched case-insensitively: first
  among the positions of the row's unit, then of each unit above it (nearest first), then among
  the general positions (without a unit). Positions are never created by an import; an unknown
  name is a row error.
- `nip_atasan` names an employee the account may see, already registered or on an earlier row of
  the same file. A NIP outside the account's view is reported exactly like an unknown one.
- NIP, NIK and NIP atasan must be text cells: Excel keeps only 15 significant digits of a number,
  so an 18-digit NIP typed as a number has already lost its last digits.
- Reading stops after MAX_BLANK_RUN blank rows in a row: a stray formatted cell far below the
  data must not make the worker walk a million empty rows. Data after such a gap is refused, not
  dropped, as far as the rows read stay within the ceiling.
"""

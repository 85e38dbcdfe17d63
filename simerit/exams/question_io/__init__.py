"""Import and export of a question bank as Excel (.xlsx) or JSON, all rows or none.

The package: `columns` (the template's columns, the JSON keys, the limits), `importing` (the file
to a report, and the writes), `readers` (one row of either format to service input) and
`exporting` (the bank to a file). Callers import from the sub-modules.

The house pattern of simerit/employees/importing/ and simerit/recruitment/formasi_import.py, on
simerit/core/spreadsheets/: the whole file is checked first. Any problem in any row means nothing
is written, and the report lists every row: ok with what it would do, or its problems by column. A
clean file is written in one transaction by services.question_import.import_question_batch, with
one audit row per question changed and one for the import. A refused file (unreadable, or with a
row problem) is recorded too: `exams.bank.import_refused` with its name, SHA-256, size and counts.

Decisions:
- The format is told by the content: a zip archive is an .xlsx workbook (first sheet, one header
  row naming exactly `columns.HEADERS`, any order), text starting with `{` or `[` is JSON (the
  export's document, or a bare list of its question objects).
- A row whose code is already in the bank revises that question: new text, options or explanation
  add a version; new category, topic or difficulty are written in place; `aktif` sets the active
  flag. A row that changes nothing is reported "tidak berubah". The kind of a question never
  changes. Images are not part of a file: a revised question keeps its image.
- Excel: a single-answer question names its key in `kunci` (stored as points 1 for the key, 0 for
  the others); a weighted question gives `nilai_a`–`nilai_e`. The other column stays blank.
- The export writes what the import reads: exporting a bank and importing the file into an empty
  bank gives the same content (same SHA-256 per question); importing it back into the same bank
  changes nothing.
"""

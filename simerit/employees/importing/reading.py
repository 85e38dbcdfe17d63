"""The limits of an employee import, and the uploaded bytes to data rows."""

from simerit.core.spreadsheets import reading
from simerit.core.spreadsheets.reading import Limits
from simerit.core.spreadsheets.rows import Row
from simerit.employees.importing.columns import HEADERS

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each row goes through the audited service (about 18 queries, ~9 ms on SQLite), all inside the
# upload request: 2,000 rows stay well under gunicorn's default 30-second worker timeout.
MAX_ROWS = 2000
# Rows read below the header, blank ones included, before the file is refused: MAX_ROWS plus this.
ROW_READ_MARGIN = 1000
# Blank rows in a row after which the data is taken to have ended.
MAX_BLANK_RUN = 50


def limits() -> Limits:
    """The limits as this module sets them at the time of the call."""
    return Limits(
        max_rows=MAX_ROWS,
        max_file_bytes=MAX_FILE_BYTES,
        row_read_margin=ROW_READ_MARGIN,
        max_blank_run=MAX_BLANK_RUN,
    )


def read_rows(content: bytes) -> list[Row]:
    """The data rows as (row number, {column: cell value}); empty rows are skipped.

    Raises ImportFileError when the file itself is unusable.
    """
    return reading.read_rows(content, headers=HEADERS, limits=limits())

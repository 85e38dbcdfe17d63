"""Helpers of the attendance tests: an .xlsx recap as the import reads it, and a year of recap
rows for one employee."""

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import openpyxl

from simerit.discipline.importing import HEADERS
from simerit.discipline.models import MonthlyAttendance
from simerit.discipline.tests.factories import MonthlyAttendanceFactory
from simerit.employees.models import Employee


def workbook(rows: Sequence[Sequence[Any]], *, headers: Sequence[str] = HEADERS) -> bytes:
    """An .xlsx whose first sheet holds `headers` then `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def absences(
    employee: Employee, year: int, days: Sequence[int], *, longest: Sequence[int] = ()
) -> list[MonthlyAttendance]:
    """Recap rows from January of `year`: one month per entry of `days` (absent days), each with
    22 working days; `longest` gives the longest run per month (default: 1 when absent)."""
    rows = []
    for index, absent in enumerate(days):
        run = longest[index] if index < len(longest) else min(absent, 1)
        rows.append(
            MonthlyAttendanceFactory.create(
                employee=employee,
                month=dt.date(year, index + 1, 1),
                absent_days=absent,
                longest_absence=run,
            )
        )
    return rows

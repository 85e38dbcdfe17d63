"""Helpers of the catalogue tests: programme input, an assessed employee, an import workbook."""

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import openpyxl

from simerit.training.models import Competency, EmployeeCompetency, ProgrammeKind
from simerit.training.services.catalogue import ProgrammeInput
from simerit.training.services.catalogue_import import HEADERS


def programme_input(**changes: Any) -> ProgrammeInput:
    values: dict[str, Any] = {
        "code": "tek-pbj-01",
        "name": "Pengadaan Barang/Jasa Pemerintah",
        "kind": ProgrammeKind.TECHNICAL,
        "jp": Decimal("24.0"),
        "provider": "BKPSDM Kota Palembang",
        "mode": "klasikal",
        "description": "Dasar-dasar pengadaan.",
    }
    values.update(changes)
    return ProgrammeInput(**values)


def assess(employee: Any, competency: Competency, *, level: int, on: dt.date) -> EmployeeCompetency:
    return EmployeeCompetency.objects.create(
        employee=employee, competency=competency, level=level, assessed_on=on, source="Awal"
    )


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

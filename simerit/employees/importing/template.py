"""The workbook an editor fills in: the header row, instructions and the codes they may use."""

from simerit.accounts.models import User
from simerit.core.spreadsheets import template
from simerit.core.spreadsheets.template import ReferenceSheet, unit_sheets
from simerit.core.spreadsheets.text import thousands
from simerit.employees import selectors as employee_selectors
from simerit.employees.importing import reading
from simerit.employees.importing.columns import COLUMNS, TEXT_COLUMNS
from simerit.organization import selectors as org_selectors
from simerit.organization.models import Golongan

SHEET_TITLE = "Pegawai"


def template_workbook(*, user: User) -> bytes:
    """The import template: the header row, instructions and the codes the account may use."""
    limits = reading.limits()
    units = org_selectors.manageable_units(user).order_by("path")
    positions = employee_selectors.list_assignable_positions(user=user)
    return template.template_workbook(
        title=SHEET_TITLE,
        columns=COLUMNS,
        text_columns=TEXT_COLUMNS,
        note=(
            "Bila satu baris saja bermasalah, tidak ada data yang disimpan; perbaiki baris yang "
            f"dilaporkan lalu unggah ulang. Maksimal {thousands(limits.max_rows)} baris dan "
            f"{limits.max_megabytes} MB. Jangan sisakan {limits.max_blank_run} baris kosong "
            "atau lebih di antara data."
        ),
        references=[
            *unit_sheets(
                units=[(u.code, u.name) for u in units],
                positions=[(p.name, p.work_unit.code if p.work_unit else "") for p in positions],
            ),
            ReferenceSheet(
                "Golongan",
                ("kode_golongan", "pangkat"),
                [(g.code, g.pangkat) for g in Golongan.objects.order_by("rank")],
            ),
        ],
    )

"""The employee import reports every bad row of an .xlsx file and saves nothing."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import openpyxl
from django.urls import reverse
from playwright.sync_api import Dialog, Page

from browser_tests.conftest import BROWSER
from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.employees.importing.columns import HEADERS
from simerit.employees.models import Employee
from simerit.employees.tests.factories import make_nik, make_nip
from simerit.organization.tests.factories import PositionFactory

pytestmark = BROWSER


def _row(*, name: str, nik: str, birth: dt.date, gender: str, unit_code: str) -> dict[str, str]:
    """A row that passes every check, apart from what the caller breaks."""
    tmt_cpns = dt.date(2015, 5, 1)
    return {
        "jenis": "PNS",
        "nip": make_nip(birth_date=birth, tmt_cpns=tmt_cpns, gender=gender, serial=1),
        "nik": nik,
        "nama": name,
        "gelar_depan": "",
        "gelar_belakang": "",
        "tempat_lahir": "Palembang",
        "tanggal_lahir": f"{birth:%d-%m-%Y}",
        "jenis_kelamin": gender,
        "kode_unit": unit_code,
        "jabatan": "Analis Kebijakan",
        "kode_golongan": "III/a",
        "tmt_cpns": f"{tmt_cpns:%d-%m-%Y}",
        "tmt_pns": "01-05-2016",
        "nip_atasan": "",
    }


def _workbook(path: Path, rows: list[dict[str, str]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(HEADERS))
    for row in rows:
        sheet.append([row[name] for name in HEADERS])
    workbook.save(path)
    return path


def test_import_page_reports_each_bad_row_and_saves_nothing(
    opd_admin: User, log_in: Callable[[User], Page], tmp_path: Path
) -> None:
    # given: row 2 has a 15-digit NIK, row 3 a unit code that does not exist
    PositionFactory.create(name="Analis Kebijakan")
    man, woman = dt.date(1986, 9, 26), dt.date(1990, 3, 15)
    upload = _workbook(
        tmp_path / "pegawai.xlsx",
        [
            _row(
                name="Ahmad Fauzi", nik="167101260986000", birth=man, gender="L", unit_code="DINKES"
            ),
            _row(
                name="Siti Aminah",
                nik=make_nik(birth_date=woman, gender="P", serial=2),
                birth=woman,
                gender="P",
                unit_code="DINSOS",
            ),
        ],
    )
    employees_before, events_before = Employee.objects.count(), AuditEvent.objects.count()
    page = log_in(opd_admin)
    page.goto(reverse("employees:import"))
    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    # when
    page.on("dialog", accept)
    page.get_by_label("Berkas Excel (.xlsx)").set_input_files(upload)
    page.get_by_role("button", name="Periksa dan impor").click()

    # then
    report = page.get_by_test_id("import-report")
    report.wait_for()
    assert questions == ["Impor semua baris dalam berkas ini?"]
    assert report.get_by_role("heading").inner_text() == "Tidak ada data yang disimpan"
    rows = report.locator("tbody tr")
    assert [rows.nth(i).locator("th, td").all_inner_texts() for i in range(rows.count())] == [
        ["2", "nik", "NIK harus 16 digit; yang diisi 15 digit."],
        ["3", "kode_unit", "Kode unit 'DINSOS' tidak dikenal."],
    ]
    assert Employee.objects.count() == employees_before
    assert AuditEvent.objects.count() == events_before

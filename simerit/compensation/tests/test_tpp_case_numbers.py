"""A TPP line's discipline case number (issue #8: case details are for the employee, their
supervisors, HR and the Auditor). Payroll and an Admin OPD get the cut, never the case: the
explanation does not name it, and the page, the export and the API show it only to Admin BKPSDM,
the Auditor and the employee on their own line."""

import datetime as dt
import io
import json
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from simerit.compensation.models import Run
from simerit.compensation.services import runs as services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    appraise,
    attendance,
    make_scheme,
    sanction,
    staff,
)
from simerit.employees.models import Employee
from simerit.performance.models import Predikat

pytestmark = pytest.mark.django_db

API = "/api/v1/tpp"
CASE_COLUMN = 13  # "Kasus hukuman"
CUT_COLUMN = 12  # "Potongan hukuman (Rp)"


@pytest.fixture
def run(org, hr_admin, employee) -> Run:
    """October, final: the persona employee (Dinkes) under a sedang sanction (25 %), and a
    colleague without one."""
    make_scheme(created_by=hr_admin)
    me = Employee.objects.get(user=employee)
    appraise(me, year=2025, predikat=Predikat.BAIK)
    attendance(me)
    sanction(me, starts_on=dt.date(2026, 8, 1))
    attendance(staff(org.dinkes, name="Rekan Kerja"))
    draft = services.compute_run(actor=hr_admin, month=OCTOBER)
    return services.finalise_run(actor=hr_admin, run=draft)


@pytest.fixture
def number(run: Run, employee) -> str:
    line = run.lines.get(employee__user=employee)
    # Pelaksana 3.250.000: kinerja 60% × 90% = 1.755.000, disiplin 40% = 1.300.000;
    # gross 3.055.000; cut 25% = 763.750.
    assert (line.gross_amount, line.sanction_cut_amount) == (3_055_000, 763_750)
    assert line.sanction_case_number.startswith("HD-2026-")
    assert not any(line.sanction_case_number in step for step in line.explanation)
    assert "Potongan hukuman disiplin 25%: Rp3.055.000 × 25% = Rp763.750" in line.explanation
    return str(line.sanction_case_number)


def page(client, user, run: Run) -> str:
    client.force_login(user)
    response = client.get(reverse("compensation:run_detail", args=[run.pk]))
    assert response.status_code == 200
    html: str = response.content.decode()
    return html


def export_rows(client, user, run: Run) -> dict[str, tuple[Any, ...]]:
    """{name: row} of the TPP sheet, and every cell of every sheet under "*"."""
    client.force_login(user)
    response = client.get(reverse("compensation:run_export", args=[run.pk]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = {row[1]: row for row in workbook["TPP"].iter_rows(min_row=2, values_only=True)}
    cells = [
        cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    ]
    rows["*"] = tuple(cells)
    return rows


def api_lines(client, user, run: Run) -> tuple[str, dict[str, Any]]:
    """(the raw JSON, the lines by name)."""
    client.force_login(user)
    response = client.get(f"{API}/runs/{run.pk}/lines")
    assert response.status_code == 200
    return response.content.decode(), {item["name"]: item for item in response.json()["items"]}


def test_an_admin_opd_gets_the_cut_but_never_the_case(client, opd_admin, run, number):
    html = page(client, opd_admin, run)
    rows = export_rows(client, opd_admin, run)
    raw, lines = api_lines(client, opd_admin, run)

    # The line and its cut are there...
    assert "Pegawai Uji" in html
    assert "Rp763.750" in html
    assert rows["Pegawai Uji"][CUT_COLUMN] == 763_750
    assert lines["Pegawai Uji"]["sanction_cut_amount"] == 763_750
    # ... the case is not, anywhere.
    assert number not in html
    assert "HD-" not in html
    assert rows["Pegawai Uji"][CASE_COLUMN] is None
    assert not any("HD-" in str(cell) for cell in rows["*"] if cell is not None)
    assert lines["Pegawai Uji"]["sanction_case_number"] == ""
    assert "HD-" not in raw
    assert "HD-" not in json.dumps(lines["Pegawai Uji"]["explanation"])


@pytest.mark.parametrize("reader", ["hr_admin", "auditor"])
def test_hr_and_the_auditor_see_the_case(client, request, reader, run, number):
    user = request.getfixturevalue(reader)

    html = page(client, user, run)
    rows = export_rows(client, user, run)
    _raw, lines = api_lines(client, user, run)

    mine = run.lines.get(sanction_cut_percent=25).employee_id
    assert number in html.split(f'id="tpp-{mine}"')[1].split("</tr>")[0]
    assert rows["Pegawai Uji"][CASE_COLUMN] == number
    assert rows["Rekan Kerja"][CASE_COLUMN] is None
    assert lines["Pegawai Uji"]["sanction_case_number"] == number
    assert lines["Rekan Kerja"]["sanction_case_number"] == ""


def test_the_employee_sees_the_case_on_their_own_line(client, employee, run, number):
    html = page(client, employee, run)
    mine = client.get(f"{API}/me/lines").json()["items"]
    _raw, lines = api_lines(client, employee, run)
    own_page = client.get(reverse("compensation:my_lines")).content.decode()

    assert number in html
    assert "Rekan Kerja" not in html
    assert [line["sanction_case_number"] for line in mine] == [number]
    assert list(lines) == ["Pegawai Uji"]
    assert lines["Pegawai Uji"]["sanction_case_number"] == number
    assert f"hukuman disiplin {number}" in own_page

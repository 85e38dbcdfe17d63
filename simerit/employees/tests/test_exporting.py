import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.employees import selectors
from simerit.employees.exporting import HEADERS, employees_workbook
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory


def rows_of(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Pegawai"]
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def pegawai_uji(employee):
    employee_record = Employee.objects.get(user=employee)
    employee_record.front_title = "Ns."
    employee_record.tmt_pns = dt.date(2011, 3, 1)
    employee_record.save()
    return employee_record


def test_employees_workbook_writes_one_row_per_employee_with_the_full_nik_for_hr_admin(
    hr_admin, pegawai_uji
):
    content = employees_workbook([pegawai_uji], user=hr_admin)

    rows = rows_of(content)
    assert rows[0] == HEADERS
    assert rows[1] == (
        1,
        pegawai_uji.nip,
        "Ns. Pegawai Uji",
        "PNS",
        pegawai_uji.nik,
        "Palembang",
        dt.datetime.combine(pegawai_uji.birth_date, dt.time()),
        pegawai_uji.get_gender_display(),
        "DINKES-YANKES",
        "Bidang Pelayanan Kesehatan",
        pegawai_uji.position.name,
        "III/a",
        "Penata Muda",
        dt.datetime(2010, 3, 1),  # noqa: DTZ001 - Excel dates carry no time zone
        dt.datetime(2011, 3, 1),  # noqa: DTZ001
        "Aktif",
    )
    assert len(rows) == 2


def test_employees_workbook_keeps_nip_and_nik_as_text_cells(hr_admin, pegawai_uji):
    sheet = openpyxl.load_workbook(io.BytesIO(employees_workbook([pegawai_uji], user=hr_admin)))[
        "Pegawai"
    ]
    assert (sheet["B2"].data_type, sheet["B2"].number_format) == ("s", "@")
    assert (sheet["E2"].data_type, sheet["E2"].number_format) == ("s", "@")


def test_employees_workbook_masks_the_nik_for_admin_opd(opd_admin, pegawai_uji):
    rows = rows_of(employees_workbook([pegawai_uji], user=opd_admin))
    assert rows[1][4] == f"{pegawai_uji.nik[:4]}********{pegawai_uji.nik[12:]}"


def test_employees_workbook_reads_a_selected_list_in_one_query(
    hr_admin, pegawai_uji, other_opd_employee, django_assert_num_queries
):
    _ = hr_admin.roles
    with django_assert_num_queries(1):
        employees_workbook(selectors.list_employees(user=hr_admin), user=hr_admin)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("opd_admin", 200),
        ("auditor", 200),
        ("employee", 403),
        ("applicant", 403),
    ],
)
def test_export_status_per_persona(client, request, org, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("employees:export")).status_code == status


def test_export_by_admin_opd_holds_its_filtered_subtree_masked_and_is_audited(
    client, opd_admin, org, pegawai_uji, other_opd_employee
):
    client.force_login(opd_admin)

    response = client.get(reverse("employees:export"), {"q": "pegawai"})

    assert response["Content-Disposition"].startswith('attachment; filename="pegawai-')
    rows = rows_of(response.content)
    assert [row[2] for row in rows[1:]] == ["Ns. Pegawai Uji"]
    assert rows[1][4] == f"{pegawai_uji.nik[:4]}********{pegawai_uji.nik[12:]}"
    assert all(pegawai_uji.nik not in str(cell) for row in rows for cell in row)
    event = AuditEvent.objects.get(action="employees.employee_list.exported")
    assert (event.actor, event.changes) == (
        opd_admin,
        {
            "count": 1,
            "filters": {
                "search": "pegawai",
                "work_unit": "",
                "golongan_code": "",
                "kind": "",
                "nik_needs_review": "",
            },
        },
    )


def test_export_denied_writes_no_audit_row(client, employee):
    client.force_login(employee)
    client.get(reverse("employees:export"))
    assert AuditEvent.objects.filter(action="employees.employee_list.exported").exists() is False


def test_text_that_looks_like_a_formula_is_exported_as_text(hr_admin, org):
    # given: user-typed text that a spreadsheet would run
    record = EmployeeFactory.create(
        work_unit=org.dinkes, name='=HYPERLINK("http://x","klik")', birth_place="@SUM(A1)"
    )
    record.position.name = "+cmd|' /C calc'!A0"
    record.position.save()
    record.refresh_from_db()

    # when
    content = employees_workbook([record], user=hr_admin)

    # then: the values are kept, as string cells with Excel's text marker, and no formula
    sheet = openpyxl.load_workbook(io.BytesIO(content))["Pegawai"]
    cells = {cell.column_letter: cell for cell in sheet[2]}
    assert [cells[letter].value for letter in ("C", "F", "K")] == [
        '=HYPERLINK("http://x","klik")',
        "@SUM(A1)",
        "+cmd|' /C calc'!A0",
    ]
    assert [cells[letter].data_type for letter in ("C", "F", "K")] == ["s", "s", "s"]
    assert [cells[letter].quotePrefix for letter in ("C", "F", "K")] == [True, True, True]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


def test_ordinary_text_is_exported_unchanged(hr_admin, pegawai_uji):
    sheet = openpyxl.load_workbook(io.BytesIO(employees_workbook([pegawai_uji], user=hr_admin)))
    name = sheet["Pegawai"]["C2"]
    assert (name.value, name.data_type, name.quotePrefix) == ("Ns. Pegawai Uji", "s", False)

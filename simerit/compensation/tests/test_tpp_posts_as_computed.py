"""A line keeps the unit and jabatan the employee held when it was computed, and a run keeps how
many active employees it skipped for having no base amount: a final run shows, exports and serves
the same post after the employee moves, and its "tanpa pagu" count never changes. The Admin OPD
who reads a line is the one of the unit it was computed for, not the employee's new unit. The
migration fills rows computed before it from the employee's current post and the computation's
audit row, and takes the case number out of their explanations."""

import importlib
import io

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.compensation.models import Line, Run
from simerit.compensation.services import runs as services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    appraise,
    attendance,
    make_scheme,
    staff,
)
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.organization import services as org_services
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory
from simerit.performance.models import Predikat

pytestmark = pytest.mark.django_db

API = "/api/v1/tpp"
OLD_UNIT = "Bidang Pelayanan Kesehatan"
NEW_UNIT = "Dinas Pendidikan"
NEW_POSITION = "Kepala Seksi Kurikulum"


@pytest.fixture
def city(org, hr_admin, employee):
    """The persona employee (Dinkes), a Disdik teacher and one officer without a base amount."""
    make_scheme(created_by=hr_admin)
    me = Employee.objects.get(user=employee)
    appraise(me, year=2025, predikat=Predikat.BAIK)
    attendance(me)
    staff(org.disdik, name="Guru Lain")
    officer = staff(org.dinkes, name="Kepala Tanpa Pagu", kind=Position.Kind.ADMINISTRATOR)
    return {"me": me, "old_position": me.position.name, "officer": officer}


def move(person: Employee, org, *, name: str = NEW_POSITION) -> None:
    person.work_unit = org.disdik
    person.position = PositionFactory.create(name=name, kind=Position.Kind.ADMINISTRATOR)
    person.save()


@pytest.fixture
def moved(city, hr_admin, org):
    """October computed and finalised; then the employee moves to a Disdik administrator post,
    the officer gets a post with a base amount, and someone new joins without one."""
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    services.finalise_run(actor=hr_admin, run=run)
    move(city["me"], org)
    officer = city["officer"]
    officer.position = PositionFactory.create(name="Pelaksana Baru", kind=Position.Kind.PELAKSANA)
    officer.save()
    staff(org.dinkes, name="Masuk Kemudian", kind=Position.Kind.ADMINISTRATOR)
    run.refresh_from_db()
    return run


def test_the_line_keeps_the_post_as_computed(city, moved, org):
    line = moved.lines.get(employee=city["me"])

    assert (line.work_unit, line.unit_name, line.position_name, line.position_kind) == (
        org.dinkes_division,
        OLD_UNIT,
        city["old_position"],
        Position.Kind.PELAKSANA,
    )
    assert (moved.status, moved.skipped_without_base) == (Run.Status.FINAL, 1)


def test_the_final_run_page_shows_the_post_as_computed(client, hr_admin, city, moved):
    client.force_login(hr_admin)

    page = client.get(reverse("compensation:run_detail", args=[moved.pk])).content.decode()

    row = page.split(f'id="tpp-{city["me"].pk}"')[1].split("</tr>")[0]
    assert f"{city['old_position']} · {OLD_UNIT}" in row
    assert NEW_POSITION not in page
    assert NEW_UNIT not in row
    # The count stored when computing; no names read now (the new officer was never skipped).
    assert "Tanpa pagu: 1 pegawai aktif tidak dihitung" in page
    assert "Masuk Kemudian" not in page
    assert "Kepala Tanpa Pagu" not in page


def test_the_export_keeps_the_post_as_computed(client, hr_admin, city, moved):
    client.force_login(hr_admin)

    response = client.get(reverse("compensation:run_export", args=[moved.pk]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["TPP"]
    rows = {row[1].value: (row[2].value, row[3].value) for row in sheet.iter_rows(min_row=2)}
    assert rows["Pegawai Uji"] == (OLD_UNIT, city["old_position"])
    assert rows["Guru Lain"] == ("Dinas Pendidikan", "Pelaksana Guru Lain")


def test_the_api_keeps_the_post_as_computed(client, hr_admin, employee, city, moved):
    client.force_login(hr_admin)
    lines = client.get(f"{API}/runs/{moved.pk}/lines", {"q": "Pegawai"}).json()["items"]
    run = client.get(f"{API}/runs/{moved.pk}").json()
    client.force_login(employee)
    mine = client.get(f"{API}/me/lines").json()["items"]

    expected = (OLD_UNIT, city["old_position"], "pelaksana")
    for line in (lines[0], mine[0]):
        assert (line["work_unit"], line["position"], line["position_kind"]) == expected
    assert run["skipped_without_base"] == 1


@pytest.fixture
def disdik_admin(org):
    user = UserFactory.create(username="admin.disdik", roles=[Role.ADMIN_OPD])
    org_services.assign_opd_admin(user=user, work_unit=org.disdik, actor=None)
    return user


def read_as(client, user, run: Run) -> dict[str, list[str]]:
    """The names of the run's lines the account reads on the page, in the export and the API."""
    client.force_login(user)
    page = client.get(reverse("compensation:run_detail", args=[run.pk]))
    export = client.get(reverse("compensation:run_export", args=[run.pk]))
    api = client.get(f"{API}/runs/{run.pk}/lines").json()["items"]
    sheet = openpyxl.load_workbook(io.BytesIO(export.content))["TPP"]
    return {
        "page": [line.employee.name for line in page.context["page_obj"]],
        "export": [row[1].value for row in sheet.iter_rows(min_row=2)][:-1],
        "api": [line["name"] for line in api],
    }


def test_the_old_opd_keeps_reading_the_line_after_a_move(
    client, opd_admin, disdik_admin, city, moved
):
    # Pegawai Uji was paid by Dinkes in October and works at Disdik now.
    dinkes = read_as(client, opd_admin, moved)
    disdik = read_as(client, disdik_admin, moved)

    assert dinkes == {key: ["Kepala Bidang", "Pegawai Uji"] for key in ("page", "export", "api")}
    assert disdik == {key: ["Guru Lain"] for key in ("page", "export", "api")}
    line = moved.lines.get(employee=city["me"])
    client.force_login(disdik_admin)
    page = client.get(reverse("compensation:run_detail", args=[moved.pk])).content.decode()
    assert f'id="tpp-{line.employee_id}"' not in page


def test_a_line_without_a_unit_is_read_by_the_current_unit(
    client, opd_admin, disdik_admin, city, moved
):
    # (Only a line stored before units were recorded, and not filled by the migration.)
    moved.lines.filter(employee=city["me"]).update(work_unit=None)

    assert read_as(client, disdik_admin, moved)["api"] == ["Guru Lain", "Pegawai Uji"]
    assert read_as(client, opd_admin, moved)["api"] == ["Kepala Bidang"]


def test_the_employee_sees_the_post_as_computed(client, employee, city, moved):
    client.force_login(employee)

    page = client.get(reverse("compensation:my_lines")).content.decode()

    assert f"{city['old_position']}, {OLD_UNIT} · skema Skema TPP 2026" in page
    assert NEW_POSITION not in page


def test_a_draft_names_who_is_still_without_a_base_amount(client, hr_admin, city, org):
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    staff(org.dinkes, name="Masuk Kemudian", kind=Position.Kind.ADMINISTRATOR)
    client.force_login(hr_admin)

    page = client.get(reverse("compensation:run_detail", args=[run.pk])).content.decode()

    assert "Tanpa pagu: 1 pegawai aktif tidak dihitung" in page
    assert "Kepala Tanpa Pagu (Administrator Kepala Tanpa Pagu), Masuk Kemudian" in page
    assert "Atur pagunya pada skema lalu hitung ulang draf ini." in page


def test_the_skipped_count_is_stored_and_recomputed(hr_admin, city, org):
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    assert Run.objects.get(pk=run.pk).skipped_without_base == 1

    staff(org.dinkes, name="Masuk Kemudian", kind=Position.Kind.ADMINISTRATOR)
    move(city["me"], org)  # now an administrator too: no base amount, no line
    services.recompute_run(actor=hr_admin, run=run)

    run.refresh_from_db()
    assert (run.employees, run.skipped_without_base) == (2, 3)
    services.finalise_run(actor=hr_admin, run=run)
    correction = services.start_correction(actor=hr_admin, run=run)
    assert Run.objects.get(pk=correction.pk).skipped_without_base == 3


def test_the_migration_fills_rows_computed_before_it(hr_admin, city, org):
    migration = importlib.import_module(
        "simerit.compensation.migrations.0002_line_post_and_run_skipped"
    )
    run = services.compute_run(actor=hr_admin, month=OCTOBER)
    Line.objects.update(work_unit=None, unit_name="", position_name="", position_kind="")
    Run.objects.update(skipped_without_base=0)
    move(city["me"], org)

    migration.fill_posts(apps, None)
    migration.fill_skipped(apps, None)

    # Nothing recorded the old post: the employee's current one is the closest there is.
    line = Line.objects.get(employee=city["me"])
    assert (line.work_unit, line.unit_name, line.position_name, line.position_kind) == (
        org.disdik,
        NEW_UNIT,
        NEW_POSITION,
        "administrator",
    )
    assert Line.objects.filter(unit_name="").count() == 0
    assert Line.objects.filter(work_unit=None).count() == 0
    assert Run.objects.get(pk=run.pk).skipped_without_base == 1


OLD_CUT = "Potongan hukuman disiplin (HD-2026-0007): Rp3.055.000 × 25% = Rp763.750"
OLD_NOT_APPLIED = (
    "Hukuman disiplin HD-2026-0007 (potongan 25%) tidak diterapkan: skema ini tidak memotong TPP "
    "karena hukuman disiplin."
)


def test_the_migration_takes_the_case_out_of_old_explanations(hr_admin, city):
    migration = importlib.import_module(
        "simerit.compensation.migrations.0002_line_post_and_run_skipped"
    )
    services.compute_run(actor=hr_admin, month=OCTOBER)
    line = Line.objects.get(employee=city["me"])
    kept = ["Pagu TPP (jenis jabatan Pelaksana): Rp3.250.000.", "TPP diterima: Rp3.055.000"]
    Line.objects.filter(pk=line.pk).update(
        sanction_case_number="HD-2026-0007",
        explanation=[kept[0], OLD_CUT, OLD_NOT_APPLIED, kept[1]],
    )

    migration.unname_cases(apps, None)
    migration.unname_cases(apps, None)  # (a second pass changes nothing)

    line.refresh_from_db()
    assert line.explanation == [
        kept[0],
        "Potongan hukuman disiplin 25%: Rp3.055.000 × 25% = Rp763.750",
        "Hukuman disiplin (potongan 25%) tidak diterapkan: skema ini tidak memotong TPP karena "
        "hukuman disiplin.",
        kept[1],
    ]
    assert line.sanction_case_number == "HD-2026-0007"

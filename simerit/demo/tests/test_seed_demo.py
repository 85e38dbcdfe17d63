import io
from collections.abc import Iterator

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.core.roles import Role
from simerit.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from simerit.employees.models import Employee, EmployeeKind
from simerit.employees.services import EmployeeInput, validate_employee_input
from simerit.organization.models import OpdAdmin, Position, Region, WorkUnit


def run_seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts_by(queryset, field: str) -> dict[str, int]:
    rows = queryset.values(field).annotate(n=Count("pk")).order_by(field)
    return {row[field]: row["n"] for row in rows}


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker) -> Iterator[str]:
    """Seed once for the module (it takes seconds); every test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_seed()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_module: str, db: None) -> str:
    return seeded_module


def test_seed_demo_builds_the_palembang_organisation(seeded):
    assert WorkUnit.objects.count() == 76
    assert counts_by(WorkUnit.objects.all(), "kind") == {
        "pemda": 1,
        "opd": 29,
        "bidang": 10,
        "seksi": 2,
        "uptd": 4,
        "kecamatan": 18,
        "kelurahan": 12,
    }
    root = WorkUnit.objects.get(parent=None)
    assert (root.code, root.name) == ("PEMKOT", "Pemerintah Kota Palembang")
    opd_names = set(WorkUnit.objects.filter(kind="opd").values_list("name", flat=True))
    assert {"Sekretariat Daerah", "Inspektorat", "Dinas Kesehatan", "Dinas Pendidikan"} <= opd_names
    districts = WorkUnit.objects.filter(kind="kecamatan").order_by("region__code")
    assert list(districts.values_list("region__code", "name", "parent_id")) == [
        (region.code, f"Kecamatan {region.name}", root.pk)
        for region in Region.objects.filter(level="kecamatan", code__startswith="16.71.")
    ]
    assert districts.count() == 18
    villages = WorkUnit.objects.filter(kind="kelurahan")
    assert set(villages.values_list("parent__kind", flat=True)) == {"kecamatan"}
    assert all(
        path == f"{parent_path}{pk}/"
        for pk, path, parent_path in villages.values_list("pk", "path", "parent__path")
    )


def test_seed_demo_creates_positions_and_employees_of_every_kind(seeded):
    assert Position.objects.count() == 322
    assert counts_by(Position.objects.all(), "kind") == {
        "jpt_pratama": 29,
        "administrator": 74,
        "pengawas": 16,
        "fungsional": 88,
        "pelaksana": 115,
    }
    assert Employee.objects.count() == 355
    assert counts_by(Employee.objects.all(), "kind") == {"pns": 272, "cpns": 11, "pppk": 72}
    assert Position.objects.filter(name="Perawat Ahli Pertama", holders__isnull=False).exists()
    assert Position.objects.filter(name="Guru Ahli Muda", holders__isnull=False).exists()
    assert Position.objects.filter(name="Analis SDM Aparatur Ahli Pertama").count() == 3


def test_every_demo_employee_passes_the_rules_with_a_plausible_golongan(seeded):
    today = timezone.localdate()
    employees = Employee.objects.select_related("work_unit", "position", "golongan", "supervisor")

    for employee in employees:
        data = EmployeeInput(
            **{name: getattr(employee, name) for name in EmployeeInput.__dataclass_fields__}
        )
        assert validate_employee_input(data, today=today) == {}, employee.nip
        golongan = employee.golongan.code if employee.golongan else None
        if employee.kind == EmployeeKind.PPPK:
            assert golongan is None
        elif employee.position.kind == Position.Kind.JPT_PRATAMA:
            assert golongan in {"IV/b", "IV/c", "IV/d"}
        elif employee.position.kind == Position.Kind.PENGAWAS:
            assert golongan in {"III/c", "III/d"}
        if employee.position.name != "Sekretaris Daerah":
            assert employee.supervisor is not None, employee.position.name


def test_seed_demo_chains_supervisors_from_staff_up_to_the_sekretaris_daerah(seeded):
    chain = []
    employee: Employee | None = Employee.objects.get(user__username="pegawai")
    while employee is not None:
        chain.append((employee.position.name, employee.work_unit.code))
        employee = employee.supervisor

    assert chain == [
        ("Perawat Ahli Pertama", "DINKES-YANKES"),
        ("Kepala Bidang Pelayanan Kesehatan", "DINKES-YANKES"),
        ("Kepala Dinas Kesehatan", "DINKES"),
        ("Sekretaris Daerah", "SETDA"),
    ]
    section_staff = Employee.objects.filter(
        work_unit__code="DINKES-YANKES-RUJUKAN", position__name="Perawat Ahli Pertama"
    ).values_list("supervisor__position__name", "supervisor__supervisor__user__username")
    assert list(section_staff) == [("Kepala Seksi Pelayanan Kesehatan Rujukan", "atasan")]


def test_seed_demo_creates_one_login_per_role(seeded):
    assert User.objects.count() == 9
    roles = {
        user.username: sorted(user.groups.values_list("name", flat=True))
        for user in User.objects.all()
    }
    assert roles == {
        "admin.bkpsdm": [Role.ADMIN_BKPSDM],
        "admin.dinkes": [Role.ADMIN_OPD],
        "atasan": sorted([Role.ATASAN, Role.PEGAWAI]),
        "pegawai": [Role.PEGAWAI],
        "pelamar": [Role.PELAMAR],
        "verifikator": [Role.VERIFIKATOR],
        "asesor": [Role.ASESOR],
        "pengawas": [Role.PENGAWAS_UJIAN],
        "auditor": [Role.AUDITOR],
    }
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        validate_password(DEMO_PASSWORD, user=user)
    assert OpdAdmin.objects.get(user__username="admin.dinkes").work_unit.code == "DINKES"
    atasan = Employee.objects.get(user__username="atasan")
    assert atasan.position.name == "Kepala Bidang Pelayanan Kesehatan"
    assert User.objects.get(username="atasan").full_name == atasan.display_name
    assert Employee.objects.get(user__username="pegawai").supervisor == atasan
    assert Employee.objects.filter(user__isnull=False).count() == 2


def test_seed_demo_fills_an_intact_audit_log(seeded):
    assert counts_by(AuditEvent.objects.all(), "action") == {
        "organization.work_unit.created": 76,
        "organization.position.created": 322,
        "employees.employee.created": 355,
        "accounts.user.created": 9,
        "organization.opd_admin.assigned": 1,
        "employees.employee.user_linked": 2,
    }
    report = verify_chain()
    assert (report.intact, report.length) == (True, 765)


def test_seed_demo_prints_every_login_with_the_password(seeded):
    assert seeded.startswith("Data demo dibuat dalam ")
    assert "76 unit kerja, 322 jabatan, 355 pegawai, 9 akun." in seeded
    lines = seeded.splitlines()
    for account in DEMO_ACCOUNTS:
        row = next(line for line in lines if line.startswith(f"{account.username} "))
        assert row.split()[-1] == DEMO_PASSWORD
    assert "atasan         Pegawai + Atasan  SiMerit-Demo-2026" in lines


def test_seed_demo_links_kecamatan_to_existing_regions_only(seeded):
    linked = WorkUnit.objects.filter(region__isnull=False).values_list("region__code", flat=True)

    assert set(linked) <= set(Region.objects.values_list("code", flat=True))
    assert WorkUnit.objects.filter(kind="kelurahan", region__isnull=True).exists() is False

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.dashboard.selectors import NO_TASKS_YET, Fact, Link, Panel, Stat, panels_for
from simerit.employees.models import Employee, EmployeeKind
from simerit.employees.tests.factories import EmployeeFactory


@pytest.fixture
def staff(org, supervisor, employee, other_opd_employee):
    """Four active employees (3 PNS, 1 PPPK) and one inactive, in Dinkes and Disdik."""
    EmployeeFactory.create(work_unit=org.dinkes, kind=EmployeeKind.PPPK, golongan=None)
    EmployeeFactory.create(work_unit=org.dinkes, is_active=False)
    return org


def test_hr_admin_panel_counts_employees_units_and_todays_audit_events(hr_admin, staff):
    events_today = AuditEvent.objects.count()  # every row so far was written today

    assert panels_for(hr_admin) == [
        Panel(
            role=Role.ADMIN_BKPSDM,
            title="Admin BKPSDM",
            stats=[
                Stat("Pegawai aktif", 4, "employees:list"),
                Stat("PNS", 3),
                Stat("CPNS", 0),
                Stat("PPPK", 1),
                Stat("Unit kerja aktif", 4, "organization:unit-list"),
                Stat("Peristiwa audit hari ini", events_today, "audit:list"),
            ],
        )
    ]


def test_hr_admin_panel_takes_three_queries(hr_admin, staff, django_assert_num_queries):
    _ = hr_admin.roles
    with django_assert_num_queries(3):
        panels_for(hr_admin)


def test_opd_admin_panel_counts_its_subtree(opd_admin, staff):
    [panel] = panels_for(opd_admin)
    assert panel.title == "Admin OPD · Dinas Kesehatan"
    assert panel.stats == [
        Stat("Pegawai aktif di unit Anda dan sub-unitnya", 3, "employees:list"),
        Stat("PNS", 2),
        Stat("CPNS", 0),
        Stat("PPPK", 1),
    ]
    assert panel.facts == [Fact("Unit kerja", "Dinas Kesehatan")]


def test_opd_admin_without_a_scope_gets_a_note(db):
    user = UserFactory.create(roles=[Role.ADMIN_OPD])
    [panel] = panels_for(user)
    assert (panel.stats, panel.note) == (
        [],
        "Akun Admin OPD Anda belum ditetapkan unit kerjanya. Hubungi admin BKPSDM.",
    )


def test_supervisor_sees_an_employee_panel_and_a_team_panel(supervisor, staff):
    own = Employee.objects.get(user=supervisor)
    employee_panel, supervisor_panel = panels_for(supervisor)

    assert employee_panel.facts == [
        Fact("NIP", own.nip),
        Fact("Unit kerja", "Bidang Pelayanan Kesehatan"),
        Fact("Jabatan", own.position.name),
        Fact("Pangkat, golongan", "Penata Muda, III/a"),
    ]
    assert employee_panel.links == [Link("Profil saya", "employees:my-profile")]
    assert supervisor_panel == Panel(
        role=Role.ATASAN,
        title="Atasan",
        stats=[Stat("Bawahan langsung", 1, "employees:team")],
    )


def test_employee_without_a_record_gets_a_note(db):
    user = UserFactory.create(roles=[Role.PEGAWAI])
    [panel] = panels_for(user)
    assert (panel.facts, panel.note) == (
        [],
        "Akun Anda belum terhubung dengan data pegawai. Hubungi admin kepegawaian OPD Anda.",
    )


def test_auditor_panel_shows_the_audit_chain_length(auditor, staff):
    [panel] = panels_for(auditor)
    assert panel.stats == [Stat("Panjang rantai audit", AuditEvent.objects.count(), "audit:list")]
    assert AuditEvent.objects.count() > 0


@pytest.mark.parametrize(
    ("persona", "role", "module"),
    [
        ("applicant", Role.PELAMAR, "rekrutmen"),
        ("verifier", Role.VERIFIKATOR, "verifikasi dokumen pelamar"),
        ("assessor", Role.ASESOR, "penilaian seleksi kompetensi bidang"),
        ("proctor", Role.PENGAWAS_UJIAN, "ujian"),
    ],
)
def test_roles_without_tasks_get_an_honest_empty_state(request, persona, role, module):
    [panel] = panels_for(request.getfixturevalue(persona))
    assert panel == Panel(role=role, title=role.label, note=NO_TASKS_YET.format(module=module))


def test_an_account_without_roles_gets_no_panel(db):
    assert panels_for(UserFactory.create()) == []

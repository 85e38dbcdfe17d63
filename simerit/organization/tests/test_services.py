import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.roles import Role
from simerit.organization import services
from simerit.organization.models import OpdAdmin, Position, WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory, root_unit


def test_create_work_unit_sets_path_depth_and_writes_an_audit_row(org, hr_admin):
    unit = services.create_work_unit(
        name=" Seksi Farmasi ",
        code="DINKES-FARMASI",
        kind=WorkUnit.Kind.SECTION,
        parent=org.dinkes_division,
        actor=hr_admin,
    )

    assert unit.name == "Seksi Farmasi"
    assert unit.path == f"{org.dinkes_division.path}{unit.pk}/"
    assert unit.depth == 3
    assert unit.is_within(org.dinkes) is True
    event = AuditEvent.objects.get(action="organization.work_unit.created", target_id=str(unit.pk))
    assert (event.actor, event.changes) == (
        hr_admin,
        {
            "name": "Seksi Farmasi",
            "code": "DINKES-FARMASI",
            "kind": "seksi",
            "parent": org.dinkes_division.pk,
        },
    )


def test_create_work_unit_requires_a_parent_below_the_root(db):
    with pytest.raises(DomainError) as caught:
        services.create_work_unit(
            name="Dinas Lepas", code="LEPAS", kind=WorkUnit.Kind.OPD, parent=None, actor=None
        )
    assert caught.value.message == "Unit kerja selain Pemerintah Daerah harus memiliki unit induk."
    assert WorkUnit.objects.exists() is False


def test_create_work_unit_refuses_an_inactive_parent(org):
    WorkUnit.objects.filter(pk=org.disdik.pk).update(is_active=False)
    org.disdik.refresh_from_db()

    with pytest.raises(DomainError) as caught:
        services.create_work_unit(
            name="Bidang X",
            code="DISDIK-X",
            kind=WorkUnit.Kind.DIVISION,
            parent=org.disdik,
            actor=None,
        )

    assert caught.value.message == "Unit induk 'Dinas Pendidikan' sudah tidak aktif."
    assert WorkUnit.objects.filter(code="DISDIK-X").exists() is False


def test_create_work_unit_refuses_a_code_in_use(org):
    events_before = AuditEvent.objects.count()
    with pytest.raises(ConflictError) as caught:
        services.create_work_unit(
            name="Dinas Kesehatan Dua",
            code="DINKES",
            kind=WorkUnit.Kind.OPD,
            parent=org.root,
            actor=None,
        )
    assert (caught.value.field, caught.value.message) == (
        "code",
        "Kode unit 'DINKES' sudah dipakai.",
    )
    assert WorkUnit.objects.filter(code="DINKES").count() == 1
    assert AuditEvent.objects.count() == events_before


def test_rename_work_unit_audits_the_difference(org, hr_admin):
    services.rename_work_unit(
        unit=org.dinkes, name="Dinas Kesehatan Kota", short_name="Dinkes", actor=hr_admin
    )

    org.dinkes.refresh_from_db()
    assert (org.dinkes.name, org.dinkes.short_name) == ("Dinas Kesehatan Kota", "Dinkes")
    event = AuditEvent.objects.get(action="organization.work_unit.renamed")
    assert event.changes == {
        "name": ["Dinas Kesehatan", "Dinas Kesehatan Kota"],
        "short_name": ["", "Dinkes"],
    }


def test_create_position_requires_a_level_for_functional_positions(db):
    with pytest.raises(DomainError) as caught:
        services.create_position(name="Perawat", kind=Position.Kind.FUNGSIONAL, actor=None)
    assert (caught.value.field, caught.value.message) == (
        "functional_level",
        "Jabatan fungsional harus memiliki jenjang.",
    )
    assert Position.objects.exists() is False


def test_create_position_refuses_a_level_on_other_positions(db):
    with pytest.raises(DomainError) as caught:
        services.create_position(
            name="Pengadministrasi",
            kind=Position.Kind.PELAKSANA,
            functional_level=Position.FunctionalLevel.TERAMPIL,
            actor=None,
        )
    assert caught.value.message == "Jenjang hanya berlaku untuk jabatan fungsional."
    assert Position.objects.exists() is False


def test_create_position_saves_and_audits(org, hr_admin):
    position = services.create_position(
        name="Perawat",
        kind=Position.Kind.FUNGSIONAL,
        functional_level=Position.FunctionalLevel.TERAMPIL,
        work_unit=org.dinkes,
        actor=hr_admin,
    )
    event = AuditEvent.objects.get(action="organization.position.created")
    assert event.changes == {"name": "Perawat", "kind": "fungsional", "work_unit": org.dinkes.pk}
    assert event.target_id == str(position.pk)


def test_assign_opd_admin_refuses_an_account_without_the_role(org, hr_admin):
    user = UserFactory.create(roles=[Role.PEGAWAI])
    with pytest.raises(DomainError) as caught:
        services.assign_opd_admin(user=user, work_unit=org.dinkes, actor=hr_admin)
    assert caught.value.message == "Akun ini tidak memiliki peran Admin OPD."
    assert OpdAdmin.objects.filter(user=user).exists() is False


def test_assign_opd_admin_moves_an_existing_scope(opd_admin, org, hr_admin):
    services.assign_opd_admin(user=opd_admin, work_unit=org.disdik, actor=hr_admin)

    assert OpdAdmin.objects.get(user=opd_admin).work_unit == org.disdik
    event = AuditEvent.objects.filter(action="organization.opd_admin.assigned").latest("seq")
    assert event.changes == {"user": opd_admin.pk, "work_unit": org.disdik.pk, "new": False}


def test_root_unit_is_created_once(db):
    assert root_unit() == root_unit()
    assert WorkUnitFactory.create().parent == root_unit()

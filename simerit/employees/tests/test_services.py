import datetime as dt
from dataclasses import fields

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.employees import services
from simerit.employees.models import Employee, EmployeeKind, Gender
from simerit.employees.services import EmployeeInput, validate_employee_input
from simerit.employees.tests.factories import EmployeeFactory, make_nik, make_nip
from simerit.organization.tests.factories import PositionFactory, golongan

TODAY = dt.date(2026, 6, 1)
BIRTH = dt.date(1990, 5, 17)
TMT_CPNS = dt.date(2015, 3, 1)


def valid_input(org, **overrides) -> EmployeeInput:
    """A PNS whose NIK, NIP, birth date, gender and TMT CPNS all agree."""
    birth_date = overrides.pop("birth_date", BIRTH)
    gender = overrides.pop("gender", Gender.FEMALE)
    values = {
        "kind": EmployeeKind.PNS,
        "nip": make_nip(birth_date=birth_date, tmt_cpns=TMT_CPNS, gender=gender, serial=1),
        "nik": make_nik(birth_date=birth_date, gender=gender, serial=1),
        "name": "Siti Aminah",
        "birth_place": "Palembang",
        "birth_date": birth_date,
        "gender": gender,
        "work_unit": org.dinkes,
        "position": PositionFactory.create(name="Analis Kebijakan"),
        "golongan": golongan("III/a"),
        "tmt_cpns": TMT_CPNS,
        "tmt_pns": dt.date(2016, 3, 1),
    }
    values.update(overrides)
    return EmployeeInput(**values)


def input_from(employee, **overrides) -> EmployeeInput:
    """The stored record as service input, as an unchanged edit form would send it."""
    values = {field.name: getattr(employee, field.name) for field in fields(EmployeeInput)}
    values.update(overrides)
    return EmployeeInput(**values)


def test_validate_employee_input_accepts_a_consistent_record(org):
    assert validate_employee_input(valid_input(org), today=TODAY) == {}


def test_validate_employee_input_rejects_an_invalid_nik(org):
    errors = validate_employee_input(valid_input(org, nik="16710157059"), today=TODAY)
    assert errors == {"nik": ["NIK harus 16 digit; yang diisi 11 digit."]}


def test_validate_employee_input_rejects_an_invalid_nip(org):
    nip = "19900517" + "201503" + "3" + "001"  # gender digit 3 does not exist
    errors = validate_employee_input(valid_input(org, nip=nip), today=TODAY)
    assert errors == {
        "nip": [
            "Digit jenis kelamin pada NIP (digit 15) harus 1 (laki-laki) atau 2 (perempuan); "
            "yang diisi 3."
        ]
    }


def test_validate_employee_input_rejects_nik_and_nip_with_different_birth_dates(org):
    nik = make_nik(birth_date=dt.date(1991, 5, 17), gender=Gender.FEMALE, serial=1)
    errors = validate_employee_input(valid_input(org, nik=nik), today=TODAY)
    assert errors == {
        "nip": [
            "Tanggal lahir pada NIK (17-05-91) berbeda dengan tanggal lahir pada NIP (17-05-1990)."
        ]
    }


def test_validate_employee_input_rejects_a_birth_date_that_differs_from_the_nip(org):
    data = valid_input(org)
    data.birth_date = dt.date(1990, 5, 18)
    errors = validate_employee_input(data, today=TODAY)
    assert errors == {
        "birth_date": [
            "Tanggal lahir (18-05-1990) berbeda dengan tanggal lahir pada NIP (17-05-1990)."
        ]
    }


def test_validate_employee_input_rejects_nik_and_nip_of_different_genders(org):
    nik = make_nik(birth_date=BIRTH, gender=Gender.MALE, serial=1)
    errors = validate_employee_input(valid_input(org, nik=nik), today=TODAY)
    assert errors == {
        "nip": [
            "Jenis kelamin pada NIK (laki-laki) berbeda dengan jenis kelamin pada NIP (perempuan)."
        ]
    }


def test_validate_employee_input_rejects_a_gender_that_differs_from_the_nip(org):
    data = valid_input(org)
    data.gender = Gender.MALE
    errors = validate_employee_input(data, today=TODAY)
    assert errors == {"gender": ["Jenis kelamin berbeda dengan digit jenis kelamin pada NIP."]}


def test_validate_employee_input_rejects_dates_in_the_future(org):
    data = valid_input(org, tmt_pns=dt.date(2026, 6, 2), tmt_position=dt.date(2027, 1, 1))
    errors = validate_employee_input(data, today=TODAY)
    assert errors == {
        "tmt_pns": ["TMT PNS (02-06-2026) berada di masa depan."],
        "tmt_position": ["TMT jabatan (01-01-2027) berada di masa depan."],
    }


def test_validate_employee_input_rejects_pppk_with_golongan(org):
    data = valid_input(org, kind=EmployeeKind.PPPK, tmt_pns=None)
    errors = validate_employee_input(data, today=TODAY)
    assert errors == {
        "golongan": ["PPPK tidak memakai golongan ruang PNS; kosongkan kolom golongan."]
    }


def test_validate_employee_input_requires_golongan_and_tmt_pns_for_pns(org):
    errors = validate_employee_input(valid_input(org, golongan=None, tmt_pns=None), today=TODAY)
    assert errors == {
        "golongan": ["Golongan wajib diisi untuk PNS dan CPNS."],
        "tmt_pns": ["TMT PNS wajib diisi untuk PNS."],
    }


def test_create_employee_saves_and_writes_exactly_one_audit_row(org, hr_admin):
    data = valid_input(org)
    last_seq = AuditEvent.objects.latest("seq").seq

    employee = services.create_employee(data=data, actor=hr_admin)

    assert Employee.objects.get().pk == employee.pk
    event = AuditEvent.objects.get(seq__gt=last_seq)
    assert event.action == "employees.employee.created"
    assert (event.actor, event.target_id) == (hr_admin, str(employee.pk))
    assert event.changes["nik"] == "[disamarkan]"
    assert event.changes["nip"] == employee.nip


def test_create_employee_with_invalid_input_saves_nothing(org, hr_admin):
    with pytest.raises(InvalidInputError) as caught:
        services.create_employee(data=valid_input(org, nik="123"), actor=hr_admin)

    assert caught.value.errors == {"nik": ["NIK harus 16 digit; yang diisi 3 digit."]}
    assert Employee.objects.exists() is False
    assert AuditEvent.objects.filter(action__startswith="employees.").exists() is False


def test_create_employee_rejects_a_duplicate_nip(org, hr_admin):
    existing = EmployeeFactory.create()
    data = valid_input(org, birth_date=existing.birth_date, gender=existing.gender)
    data.nip = existing.nip
    data.tmt_cpns = existing.tmt_cpns

    with pytest.raises(ConflictError) as caught:
        services.create_employee(data=data, actor=hr_admin)

    assert caught.value.field == "nip"
    assert caught.value.message == f"NIP {existing.nip} sudah terdaftar pada pegawai lain."
    assert Employee.objects.count() == 1


def test_create_employee_rejects_a_duplicate_nik_without_showing_it(org, hr_admin):
    existing = EmployeeFactory.create()
    data = valid_input(org, birth_date=existing.birth_date, gender=existing.gender)
    data.nik = existing.nik

    with pytest.raises(ConflictError) as caught:
        services.create_employee(data=data, actor=hr_admin)

    assert caught.value.field == "nik"
    assert caught.value.message == (
        f"NIK {existing.nik[:4]}********{existing.nik[12:]} sudah terdaftar pada pegawai lain."
    )
    assert Employee.objects.count() == 1


def test_update_employee_audits_only_the_changed_fields(org, hr_admin):
    employee = services.create_employee(data=valid_input(org), actor=hr_admin)
    data = valid_input(org, position=employee.position, name="Siti Aminah Putri")

    services.update_employee(employee=employee, data=data, actor=hr_admin)

    event = AuditEvent.objects.get(action="employees.employee.updated")
    assert event.changes == {"name": ["Siti Aminah", "Siti Aminah Putri"]}


def test_update_employee_without_changes_writes_no_audit_row(org, hr_admin):
    employee = services.create_employee(data=valid_input(org), actor=hr_admin)
    data = valid_input(org, position=employee.position)

    services.update_employee(employee=employee, data=data, actor=hr_admin)

    assert AuditEvent.objects.filter(action="employees.employee.updated").exists() is False


def test_update_employee_refuses_an_employee_as_their_own_supervisor(org, hr_admin):
    employee = services.create_employee(data=valid_input(org), actor=hr_admin)
    data = valid_input(org, position=employee.position, supervisor=employee, name="Lain")

    with pytest.raises(InvalidInputError) as caught:
        services.update_employee(employee=employee, data=data, actor=hr_admin)

    assert caught.value.errors == {"supervisor": ["Pegawai tidak dapat menjadi atasannya sendiri."]}
    employee.refresh_from_db()
    assert (employee.name, employee.supervisor_id) == ("Siti Aminah", None)


def _second_person(org, position):
    return valid_input(
        org,
        birth_date=dt.date(1985, 2, 3),
        gender=Gender.MALE,
        position=position,
        name="Budi Santoso",
    )


def test_create_employees_links_a_supervisor_added_earlier_in_the_same_call(org, hr_admin):
    head = valid_input(org)
    member = _second_person(org, head.position)

    created = services.create_employees(
        items=[head, member], supervisor_nips=["", head.nip], actor=hr_admin
    )

    assert [e.name for e in created] == ["Siti Aminah", "Budi Santoso"]
    assert Employee.objects.get(name="Budi Santoso").supervisor == created[0]
    assert AuditEvent.objects.filter(action="employees.employee.created").count() == 2


def test_create_employees_writes_nothing_when_one_item_fails(org, hr_admin):
    good = valid_input(org)
    bad = _second_person(org, good.position)
    bad.nik = "1671"

    with pytest.raises(InvalidInputError):
        services.create_employees(items=[good, bad], supervisor_nips=["", ""], actor=hr_admin)

    assert Employee.objects.exists() is False
    assert AuditEvent.objects.filter(action="employees.employee.created").exists() is False


def test_record_employee_export_writes_one_audit_row(hr_admin):
    services.record_employee_export(actor=hr_admin, count=3, filters={"kind": "pns"})

    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.changes) == (
        "employees.employee_list.exported",
        hr_admin,
        {"count": 3, "filters": {"kind": "pns"}},
    )


def test_create_employee_rejects_a_birth_date_in_the_future(org, hr_admin):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = valid_input(org)
    data.birth_date = tomorrow

    with pytest.raises(InvalidInputError) as caught:
        services.create_employee(data=data, actor=hr_admin)

    assert (
        f"Tanggal lahir ({tomorrow:%d-%m-%Y}) berada di masa depan."
        in (caught.value.errors["birth_date"])
    )
    assert Employee.objects.exists() is False


def test_a_factory_pns_has_tmt_pns_and_passes_update_employee(org, hr_admin):
    record = EmployeeFactory.create(work_unit=org.dinkes, name="Ahmad")

    services.update_employee(
        employee=record, data=input_from(record, name="Ahmad Baru"), actor=hr_admin
    )

    record.refresh_from_db()
    assert (record.tmt_pns, record.name) == (dt.date(2011, 3, 1), "Ahmad Baru")


def test_a_factory_pppk_has_no_tmt_pns(org):
    record = EmployeeFactory.create(work_unit=org.dinkes, kind=EmployeeKind.PPPK, golongan=None)
    assert record.tmt_pns is None

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


def test_validate_employee_input_accepts_a_nik_whose_birth_date_differs_and_notes_it(org):
    nik = make_nik(birth_date=dt.date(1991, 5, 17), gender=Gender.FEMALE, serial=1)
    data = valid_input(org, nik=nik)

    assert validate_employee_input(data, today=TODAY) == {}
    assert services.nik_review_notes(data, today=TODAY) == [
        "Tanggal lahir pada NIK berbeda dengan tanggal lahir pada NIP."
    ]


def test_validate_employee_input_rejects_a_birth_date_that_differs_from_the_nip(org):
    data = valid_input(org)
    data.birth_date = dt.date(1990, 5, 18)
    errors = validate_employee_input(data, today=TODAY)
    assert errors == {
        "birth_date": [
            "Tanggal lahir (18-05-1990) berbeda dengan tanggal lahir pada NIP (17-05-1990)."
        ]
    }


def test_validate_employee_input_accepts_a_nik_of_the_other_gender_and_notes_it(org):
    nik = make_nik(birth_date=BIRTH, gender=Gender.MALE, serial=1)
    data = valid_input(org, nik=nik, kind=EmployeeKind.PPPK, golongan=None, tmt_pns=None)

    assert validate_employee_input(data, today=TODAY) == {}
    assert services.nik_review_notes(data, today=TODAY) == [
        "Jenis kelamin pada NIK berbeda dengan jenis kelamin pada NI PPPK."
    ]


def test_nik_review_notes_are_empty_when_nik_and_nip_agree_or_one_is_invalid(org):
    assert services.nik_review_notes(valid_input(org), today=TODAY) == []
    assert services.nik_review_notes(valid_input(org, nik="123"), today=TODAY) == []


def test_validate_employee_input_limits_free_text_to_the_column_lengths(org):
    data = valid_input(
        org, name="n" * 151, front_title="f" * 41, back_title="b" * 81, birth_place="p" * 101
    )

    errors = validate_employee_input(data, today=TODAY)

    assert errors == {
        "name": ["Nama paling banyak 150 karakter; yang diisi 151 karakter."],
        "front_title": ["Gelar depan paling banyak 40 karakter; yang diisi 41 karakter."],
        "back_title": ["Gelar belakang paling banyak 80 karakter; yang diisi 81 karakter."],
        "birth_place": ["Tempat lahir paling banyak 100 karakter; yang diisi 101 karakter."],
    }


def test_validate_employee_input_removes_spaces_from_nik_and_nip_and_trims_text(org):
    data = valid_input(org, name="  Siti Aminah ", back_title=" S.Kep. ")
    nik, nip = data.nik, data.nip
    data.nik = f" {nik[:6]} {nik[6:12]} {nik[12:]} "
    data.nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"

    assert validate_employee_input(data, today=TODAY) == {}
    assert (data.nik, data.nip, data.name, data.back_title) == (nik, nip, "Siti Aminah", "S.Kep.")


def test_validate_employee_input_refuses_a_position_of_another_unit(org):
    other = PositionFactory.create(name="Guru Ahli Pertama", work_unit=org.disdik)

    errors = validate_employee_input(valid_input(org, position=other), today=TODAY)

    assert errors == {
        "position": [
            "Jabatan 'Guru Ahli Pertama' milik unit Dinas Pendidikan, bukan unit Dinas Kesehatan "
            "atau unit di atasnya."
        ]
    }


def test_validate_employee_input_accepts_a_position_of_the_unit_above_or_a_general_one(org):
    of_the_opd = PositionFactory.create(name="Analis Kesehatan", work_unit=org.dinkes)
    general = PositionFactory.create(name="Pengadministrasi Umum")
    unit = org.dinkes_division

    assert (
        validate_employee_input(valid_input(org, work_unit=unit, position=of_the_opd), today=TODAY)
        == {}
    )
    assert (
        validate_employee_input(valid_input(org, work_unit=unit, position=general), today=TODAY)
        == {}
    )


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


# --- NIK that disagrees with the NIP: saved, and marked for review (domain reference §4.1)


def test_create_employee_marks_a_nik_that_disagrees_with_the_nip_for_review(org, hr_admin):
    nik = make_nik(birth_date=dt.date(1991, 5, 17), gender=Gender.MALE, serial=1)

    employee = services.create_employee(data=valid_input(org, nik=nik), actor=hr_admin)

    employee.refresh_from_db()
    assert (employee.nik, employee.nik_needs_review, employee.nik_review_note) == (
        nik,
        True,
        "Tanggal lahir pada NIK berbeda dengan tanggal lahir pada NIP. Jenis kelamin pada NIK "
        "berbeda dengan jenis kelamin pada NIP.",
    )
    event = AuditEvent.objects.get(action="employees.employee.created")
    assert event.changes["nik_needs_review"] is True


def test_update_employee_clears_the_review_mark_once_the_nik_is_corrected(org, hr_admin):
    wrong = make_nik(birth_date=dt.date(1991, 5, 17), gender=Gender.FEMALE, serial=1)
    employee = services.create_employee(data=valid_input(org, nik=wrong), actor=hr_admin)

    services.update_employee(
        employee=employee, data=input_from(employee, nik=valid_input(org).nik), actor=hr_admin
    )

    employee.refresh_from_db()
    assert (employee.nik_needs_review, employee.nik_review_note) == (False, "")
    event = AuditEvent.objects.get(action="employees.employee.updated")
    assert event.changes == {"nik": "[disamarkan]", "nik_needs_review": [True, False]}


# --- Model checks and database conflicts become the services' own errors


def test_create_employee_reports_a_model_validation_error_as_invalid_input(
    org, hr_admin, monkeypatch
):
    monkeypatch.setattr(services, "validate_employee_input", lambda data, today: {})

    with pytest.raises(InvalidInputError) as caught:
        services.create_employee(data=valid_input(org, name="n" * 151), actor=hr_admin)

    assert caught.value.errors == {
        "name": [
            "Pastikan nilai ini mengandung paling banyak 150 karakter (sekarang 151 karakter)."
        ]
    }
    assert Employee.objects.exists() is False
    assert AuditEvent.objects.filter(action__startswith="employees.").exists() is False


def _check_unique_skipped_once(monkeypatch):
    """Another request saves the same NIK between the service's check and its save."""
    real = services._check_unique
    calls = []

    def late(data, *, exclude_id):
        calls.append(exclude_id)
        if len(calls) > 1:
            real(data, exclude_id=exclude_id)

    monkeypatch.setattr(services, "_check_unique", late)


def test_create_employee_turns_a_duplicate_caught_by_the_database_into_a_masked_conflict(
    org, hr_admin, monkeypatch
):
    existing = EmployeeFactory.create()
    data = valid_input(org, birth_date=existing.birth_date, gender=existing.gender)
    data.nik = existing.nik
    _check_unique_skipped_once(monkeypatch)

    with pytest.raises(ConflictError) as caught:
        services.create_employee(data=data, actor=hr_admin)

    masked = f"{existing.nik[:4]}********{existing.nik[12:]}"
    assert (caught.value.field, caught.value.message) == (
        "nik",
        f"NIK {masked} sudah terdaftar pada pegawai lain.",
    )
    assert existing.nik not in str(caught.value)
    assert Employee.objects.count() == 1
    assert AuditEvent.objects.filter(action="employees.employee.created").exists() is False


def test_update_employee_turns_an_unexplained_database_conflict_into_a_masked_conflict(
    org, hr_admin, monkeypatch
):
    first = EmployeeFactory.create(work_unit=org.dinkes)
    second = EmployeeFactory.create(work_unit=org.dinkes, gender=first.gender)
    data = input_from(second, nik=first.nik)
    monkeypatch.setattr(services, "_check_unique", lambda data, *, exclude_id: None)

    with pytest.raises(ConflictError) as caught:
        services.update_employee(employee=second, data=data, actor=hr_admin)

    assert caught.value.message == (
        f"NIP {second.nip} atau NIK {first.nik[:4]}********{first.nik[12:]} sudah terdaftar pada "
        "pegawai lain."
    )
    second.refresh_from_db()
    assert second.nik != first.nik
    assert AuditEvent.objects.filter(action="employees.employee.updated").exists() is False


# --- Supervisor: active, and no cycle in the chain


def test_create_employee_refuses_an_inactive_supervisor(org, hr_admin):
    retired = EmployeeFactory.create(work_unit=org.dinkes, name="Pensiunan", is_active=False)

    with pytest.raises(InvalidInputError) as caught:
        services.create_employee(data=valid_input(org, supervisor=retired), actor=hr_admin)

    assert caught.value.errors == {
        "supervisor": ["Atasan Pensiunan sudah tidak aktif; pilih atasan yang masih aktif."]
    }
    assert Employee.objects.count() == 1


def test_update_employee_refuses_a_supervisor_below_the_employee(org, hr_admin):
    # given: head → middle → staff
    head = EmployeeFactory.create(work_unit=org.dinkes, name="Kepala")
    middle = EmployeeFactory.create(work_unit=org.dinkes, name="Tengah", supervisor=head)
    staff = EmployeeFactory.create(work_unit=org.dinkes, name="Staf", supervisor=middle)
    events = AuditEvent.objects.count()

    # when: the head is put under their own staff
    with pytest.raises(InvalidInputError) as caught:
        services.update_employee(
            employee=head, data=input_from(head, supervisor=staff), actor=hr_admin
        )

    # then
    assert caught.value.errors == {
        "supervisor": [
            "Staf berada di bawah pegawai ini dalam rantai atasan; rantai atasan tidak boleh "
            "melingkar."
        ]
    }
    head.refresh_from_db()
    assert head.supervisor_id is None
    assert AuditEvent.objects.count() == events


def test_update_employee_refuses_a_chain_longer_than_the_limit(org, hr_admin, monkeypatch):
    monkeypatch.setattr(services, "SUPERVISOR_CHAIN_LIMIT", 2)
    top = EmployeeFactory.create(work_unit=org.dinkes)
    second = EmployeeFactory.create(work_unit=org.dinkes, supervisor=top)
    third = EmployeeFactory.create(work_unit=org.dinkes, supervisor=second, name="Ketiga")
    newcomer = EmployeeFactory.create(work_unit=org.dinkes)

    with pytest.raises(InvalidInputError) as caught:
        services.update_employee(
            employee=newcomer, data=input_from(newcomer, supervisor=third), actor=hr_admin
        )

    assert caught.value.errors == {
        "supervisor": ["Rantai atasan di atas Ketiga lebih dari 2 tingkat; periksa data atasan."]
    }


def test_update_employee_refuses_a_new_inactive_supervisor(org, hr_admin):
    member = EmployeeFactory.create(work_unit=org.dinkes)
    retired = EmployeeFactory.create(work_unit=org.dinkes, name="Pensiunan", is_active=False)

    with pytest.raises(InvalidInputError) as caught:
        services.update_employee(
            employee=member, data=input_from(member, supervisor=retired), actor=hr_admin
        )

    assert caught.value.errors == {
        "supervisor": ["Atasan Pensiunan sudah tidak aktif; pilih atasan yang masih aktif."]
    }
    member.refresh_from_db()
    assert member.supervisor_id is None


def test_update_employee_keeps_a_supervisor_who_retired_since(org, hr_admin):
    retired = EmployeeFactory.create(work_unit=org.dinkes, name="Pensiunan")
    member = EmployeeFactory.create(work_unit=org.dinkes, supervisor=retired, name="Anggota")
    Employee.objects.filter(pk=retired.pk).update(is_active=False)
    member.refresh_from_db()

    services.update_employee(
        employee=member, data=input_from(member, name="Anggota Baru"), actor=hr_admin
    )

    member.refresh_from_db()
    assert (member.name, member.supervisor_id) == ("Anggota Baru", retired.pk)

"""Succession pools: Admin BKPSDM adds a candidate only from boxes 7–9 at the time (each refusal
with its exact message and nothing changed), removes one with a reason; both audited. The
proposals and the pool as the position page reads them."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.career.models import SuccessionCandidate
from simerit.career.selectors import succession as selectors
from simerit.career.services import succession as services
from simerit.career.tests.factories import CareerEmployeeFactory, make_office
from simerit.career.tests.factories_talent import (
    candidate,
    managerial_position,
    place_in_box,
)
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def _snapshot():
    return (
        list(SuccessionCandidate.objects.values_list("pk", "removed_at", "removal_reason")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def position(office):
    return managerial_position(unit=office.division)


@pytest.mark.parametrize("box", [7, 8, 9])
def test_hr_adds_a_candidate_from_boxes_7_to_9(office, position, box):
    person = place_in_box(office.staff[0], box)

    added = services.add_candidate(
        position=position, employee=person, note=" Siap 2027 ", actor=office.hr
    )

    added.refresh_from_db()
    assert (added.position, added.employee, added.box, added.note, added.added_by) == (
        position,
        person,
        box,
        "Siap 2027",
        office.hr,
    )
    event = AuditEvent.objects.get(action="career.succession_candidate.added")
    assert event.changes["box"] == box
    assert event.changes["employee"] == person.nip
    assert event.changes["position"] == "Kepala Bidang Pembinaan"


@pytest.mark.parametrize("box", [1, 2, 3, 4, 5, 6])
def test_a_candidate_outside_boxes_7_to_9_is_refused(office, position, box):
    person = place_in_box(office.staff[0], box)
    before = _snapshot()

    with pytest.raises(DomainError) as refusal:
        services.add_candidate(position=position, employee=person, note="", actor=office.hr)

    assert refusal.value.message == (
        "Hanya pegawai di kotak 7, 8 atau 9 yang dapat masuk kelompok rencana suksesi; "
        f"Staf A berada di kotak {box}."
    )
    assert _snapshot() == before


def test_an_employee_without_a_box_is_refused_with_the_reason(office, position):
    before = _snapshot()

    with pytest.raises(DomainError) as refusal:
        services.add_candidate(
            position=position, employee=office.staff[0], note="", actor=office.hr
        )

    assert refusal.value.message == (
        "Hanya pegawai di kotak 7, 8 atau 9 yang dapat masuk kelompok rencana suksesi; Staf A "
        "belum dapat ditempatkan dalam 9-box: Belum ada predikat final. Belum ada hasil asesmen "
        "potensial yang berlaku."
    )
    assert _snapshot() == before


def test_the_holder_twice_a_non_managerial_position_and_an_inactive_employee_are_refused(
    office, position
):
    person = place_in_box(office.staff[0], 9)
    holder = place_in_box(CareerEmployeeFactory.create(name="Pemangku", position=position), 9)
    gone = place_in_box(CareerEmployeeFactory.create(name="Purna"), 9)
    gone.is_active = False
    gone.save()
    candidate(position, person)
    staff_post = PositionFactory.create(kind=Position.Kind.PELAKSANA)
    before = _snapshot()

    cases = [
        (position, person, "Staf A sudah ada dalam kelompok rencana suksesi jabatan ini."),
        (position, holder, "Pemangku sudah menduduki jabatan ini."),
        (staff_post, person, "Kelompok rencana suksesi hanya untuk jabatan manajerial."),
        (position, gone, "Pegawai ini tidak aktif."),
    ]
    for target, employee, message in cases:
        with pytest.raises(DomainError) as refusal:
            services.add_candidate(position=target, employee=employee, note="", actor=office.hr)
        assert refusal.value.message == message

    assert _snapshot() == before


def test_a_note_too_long_is_refused(office, position):
    person = place_in_box(office.staff[0], 9)
    before = _snapshot()

    with pytest.raises(InvalidInputError) as refusal:
        services.add_candidate(position=position, employee=person, note="x" * 501, actor=office.hr)

    assert refusal.value.errors == {"note": ["Catatan paling banyak 500 karakter."]}
    assert _snapshot() == before


def test_only_hr_adds_and_never_for_their_own_record(office, position):
    person = place_in_box(office.staff[0], 9)
    own = place_in_box(CareerEmployeeFactory.create(name="Admin Sendiri"), 9)
    own.user = office.hr
    own.save()
    before = _snapshot()

    for actor, employee, message in (
        (office.admin, person, "Hanya Admin BKPSDM yang dapat mengubah data karier."),
        (office.auditor, person, "Hanya Admin BKPSDM yang dapat mengubah data karier."),
        (office.hr, own, "Anda tidak dapat mengubah data karier diri sendiri."),
    ):
        with pytest.raises(PermissionDenied, match=message):
            services.add_candidate(position=position, employee=employee, note="", actor=actor)

    assert _snapshot() == before


def test_hr_removes_a_candidate_with_a_reason(office, position):
    row = candidate(position, place_in_box(office.staff[0], 9))

    services.remove_candidate(candidate=row, reason=" Mutasi ke OPD lain ", actor=office.hr)

    row.refresh_from_db()
    assert row.removed_at is not None
    assert row.removal_reason == "Mutasi ke OPD lain"
    event = AuditEvent.objects.get(action="career.succession_candidate.removed")
    assert event.changes["removal_reason"] == ["", "Mutasi ke OPD lain"]
    assert event.changes["removed_at"][0] is None
    # Back in the pool later: a new row, the old one stays as history.
    services.add_candidate(position=position, employee=office.staff[0], note="", actor=office.hr)
    assert SuccessionCandidate.objects.filter(position=position).count() == 2


def test_removal_needs_a_reason_hr_and_a_candidate_still_in_the_pool(office, position):
    row = candidate(position, place_in_box(office.staff[0], 9))
    before = _snapshot()

    with pytest.raises(InvalidInputError) as refusal:
        services.remove_candidate(candidate=row, reason=" ", actor=office.hr)
    assert refusal.value.errors == {"reason": ["Alasan dikeluarkan wajib diisi."]}
    with pytest.raises(PermissionDenied):
        services.remove_candidate(candidate=row, reason="Mutasi", actor=office.admin)
    assert _snapshot() == before

    services.remove_candidate(candidate=row, reason="Mutasi", actor=office.hr)
    after = _snapshot()
    with pytest.raises(DomainError) as again:
        services.remove_candidate(candidate=row, reason="Lagi", actor=office.hr)
    assert again.value.message == "Kandidat ini sudah dikeluarkan dari kelompok rencana suksesi."
    assert _snapshot() == after


# --- the position page's reads


def _access(user):
    access = selectors.succession_access(user)
    assert access is not None
    return access


def test_proposals_come_from_boxes_7_to_9_ordered_by_box_then_score(office, position):
    a, b, c = office.staff
    place_in_box(a, 8, score="95")
    place_in_box(b, 9, score="81")
    place_in_box(c, 8, score="85")
    place_in_box(office.other, 7)
    place_in_box(CareerEmployeeFactory.create(name="Kotak Lima"), 5)
    place_in_box(CareerEmployeeFactory.create(name="Pemangku", position=position), 9)
    in_pool = place_in_box(CareerEmployeeFactory.create(name="Sudah Masuk"), 9)
    candidate(position, in_pool)
    access = _access(office.hr)

    pool = selectors.position_pool(access, position, on=TODAY)

    assert [(p.employee.name, p.placement.box) for p in pool.proposals] == [
        ("Staf B", 9),
        ("Staf A", 8),
        ("Staf C", 8),
        ("Pegawai Lain", 7),
    ]
    assert [m.candidate.employee.name for m in pool.pool] == ["Sudah Masuk"]
    assert [m.placement.box for m in pool.pool] == [9]
    assert [person.name for person in pool.holders] == ["Pemangku"]


def test_an_opd_admin_reads_the_positions_and_people_of_its_scope_only(office, position):
    elsewhere = managerial_position("Kepala Bidang Lalu Lintas", unit=office.other_unit)
    candidate(position, place_in_box(office.staff[0], 9))
    candidate(position, place_in_box(office.other, 9))
    access = _access(office.admin)

    assert [p.name for p in selectors.managerial_positions(access)] == ["Kepala Bidang Pembinaan"]
    assert selectors.visible_position(access, elsewhere.pk) is None
    pool = selectors.position_pool(access, position, on=TODAY)
    assert [m.candidate.employee.name for m in pool.pool] == ["Staf A"]
    assert pool.hidden_pool == 1
    counts = [p.pool_count for p in selectors.managerial_positions(access)]  # type: ignore[attr-defined]
    assert counts == [2]


def test_succession_is_for_hr_the_auditor_and_an_opd_admin(office):
    assert selectors.succession_access(office.user(office.chief)) is None
    assert selectors.succession_access(office.user(office.staff[0])) is None
    assert selectors.succession_access(office.auditor) is not None

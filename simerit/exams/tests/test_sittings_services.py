"""services/sittings.py: sittings, proctors, moves, accommodations and removals (placement:
test_sittings_placement.py)."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams.models import (
    Blueprint,
    ExamKind,
    ExamPin,
    IntegrityEvent,
    Participant,
    Sitting,
    SittingProctor,
)
from simerit.exams.services import pins
from simerit.exams.services import sittings as services
from simerit.exams.services.sittings import SittingInput
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import (
    exam_audit,
    participant,
    sitting,
    start_attempt,
)


def data(**kwargs):
    values: dict[str, Any] = {
        "code": "SKD-01",
        "starts_at": timezone.now() + dt.timedelta(days=3),
        "site": "UPT BKN Palembang",
        "room": "Ruang 1",
        "capacity": 40,
        "is_accessible": False,
        "pin_cutoff_minutes": 5,
    }
    values.update(kwargs)
    return SittingInput(**values)


# --- sittings


def test_create_sitting_stores_fields_a_scoreboard_key_and_an_audit_row(hr_admin):
    blueprint = make_skd_blueprint()

    created = services.create_sitting(
        blueprint=blueprint, data=data(code=" SKD-01 ", capacity=30), actor=hr_admin
    )

    created.refresh_from_db()
    assert (created.code, created.capacity, created.pin_cutoff_minutes) == ("SKD-01", 30, 5)
    assert len(created.scoreboard_key) == 22
    event = AuditEvent.objects.get(action="exams.sitting.created")
    assert event.target_id == str(created.pk)
    assert event.changes["blueprint_id"] == blueprint.pk
    assert event.changes["capacity"] == 30


def test_two_sittings_get_different_scoreboard_keys(hr_admin):
    blueprint = make_skd_blueprint()
    first = services.create_sitting(blueprint=blueprint, data=data(code="A"), actor=hr_admin)
    second = services.create_sitting(blueprint=blueprint, data=data(code="B"), actor=hr_admin)
    assert first.scoreboard_key != second.scoreboard_key


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"delivery": Blueprint.Delivery.BKN}, "CAT SiMerit"),
        ({"kind": ExamKind.TRYOUT}, "Tryout tidak memakai sesi ujian"),
    ],
)
def test_create_sitting_refuses_blueprints_without_sittings(hr_admin, changes, message):
    blueprint = make_skd_blueprint(kind=changes.get("kind", ExamKind.SKD))
    if "delivery" in changes:
        blueprint.delivery = changes["delivery"]
        blueprint.save()

    with pytest.raises(DomainError, match=message):
        services.create_sitting(blueprint=blueprint, data=data(), actor=hr_admin)

    assert Sitting.objects.exists() is False
    assert exam_audit() == []


def test_create_sitting_refuses_a_used_code(hr_admin):
    blueprint = make_skd_blueprint()
    sitting(blueprint, code="SKD-01")

    with pytest.raises(ConflictError, match="Kode sesi SKD-01 sudah dipakai") as caught:
        services.create_sitting(blueprint=blueprint, data=data(), actor=hr_admin)

    assert caught.value.field == "code"
    assert Sitting.objects.count() == 1


def test_create_sitting_reports_every_invalid_field(hr_admin):
    blueprint = make_skd_blueprint()
    past = timezone.now() - dt.timedelta(minutes=1)

    with pytest.raises(InvalidInputError) as caught:
        services.create_sitting(
            blueprint=blueprint,
            data=data(starts_at=past, capacity=0, pin_cutoff_minutes=121, room=" "),
            actor=hr_admin,
        )

    assert caught.value.errors == {
        "room": ["Wajib diisi."],
        "capacity": ["Kapasitas paling sedikit 1 peserta."],
        "pin_cutoff_minutes": ["Isi 0 sampai 120 menit."],
        "starts_at": ["Waktu mulai sesi harus di masa mendatang."],
    }
    assert exam_audit() == []


def test_update_sitting_records_only_what_changed(hr_admin):
    item = sitting(make_skd_blueprint(), code="S1", room="Ruang 1")

    services.update_sitting(
        sitting=item,
        data=data(code="S1", starts_at=item.starts_at, room="Ruang 2", capacity=item.capacity),
        actor=hr_admin,
    )

    item.refresh_from_db()
    assert item.room == "Ruang 2"
    event = AuditEvent.objects.get(action="exams.sitting.updated")
    assert event.changes == {"room": ["Ruang 1", "Ruang 2"]}


def test_update_sitting_keeps_capacity_at_least_the_highest_taken_seat(hr_admin):
    item = sitting(make_skd_blueprint(), capacity=10)
    participant(item, seat_number=7)

    with pytest.raises(InvalidInputError) as caught:
        services.update_sitting(
            sitting=item,
            data=data(code=item.code, starts_at=item.starts_at, capacity=6),
            actor=hr_admin,
        )

    assert caught.value.errors == {
        "capacity": ["Kapasitas paling sedikit 7: kursi nomor 7 sudah terisi."]
    }
    item.refresh_from_db()
    assert item.capacity == 10


def test_update_sitting_keeps_the_room_accessible_while_disabled_participants_sit_there(hr_admin):
    item = sitting(make_skd_blueprint(), is_accessible=True)
    participant(item, disabled=True, seat_number=1)

    with pytest.raises(InvalidInputError, match="1 peserta penyandang disabilitas"):
        services.update_sitting(
            sitting=item,
            data=data(code=item.code, starts_at=item.starts_at, is_accessible=False),
            actor=hr_admin,
        )


def test_update_sitting_is_refused_once_a_participant_started(hr_admin):
    item = sitting(make_skd_blueprint())
    start_attempt(participant(item))

    with pytest.raises(DomainError, match="sudah dimulai peserta"):
        services.update_sitting(
            sitting=item, data=data(code=item.code, starts_at=item.starts_at), actor=hr_admin
        )

    assert exam_audit() == []


# --- proctors


def test_assign_and_remove_a_proctor(hr_admin, proctor):
    item = sitting(make_skd_blueprint())

    services.assign_proctor(sitting=item, user=proctor, actor=hr_admin)
    assert list(item.proctors.values_list("user_id", flat=True)) == [proctor.pk]

    services.remove_proctor(sitting=item, user=proctor, actor=hr_admin)
    assert SittingProctor.objects.exists() is False
    actions = list(
        AuditEvent.objects.filter(action__startswith="exams.")
        .order_by("seq")
        .values_list("action", "changes")
    )
    assert actions == [
        ("exams.proctor.assigned", {"user_id": proctor.pk, "username": "pengawas"}),
        ("exams.proctor.removed", {"user_id": proctor.pk, "username": "pengawas"}),
    ]


def test_only_pengawas_ujian_accounts_can_proctor(hr_admin, employee):
    item = sitting(make_skd_blueprint())

    with pytest.raises(DomainError, match="berperan Pengawas Ujian"):
        services.assign_proctor(sitting=item, user=employee, actor=hr_admin)

    assert SittingProctor.objects.exists() is False
    assert exam_audit() == []


def test_a_proctor_is_assigned_once(hr_admin, proctor):
    item = sitting(make_skd_blueprint())
    services.assign_proctor(sitting=item, user=proctor, actor=hr_admin)

    with pytest.raises(ConflictError, match="sudah menjadi pengawas"):
        services.assign_proctor(sitting=item, user=proctor, actor=hr_admin)

    assert SittingProctor.objects.count() == 1


# --- one participant


def test_move_participant_takes_the_lowest_free_seat_and_voids_check_in_and_pins(hr_admin):
    # given a checked-in participant with an unused PIN
    blueprint = make_skd_blueprint()
    source = sitting(blueprint, code="A")
    target = sitting(blueprint, code="B", capacity=3)
    participant(target, seat_number=1)
    participant(target, seat_number=3)
    moving = participant(
        source, seat_number=5, checked_in_at=timezone.now(), checked_in_by=hr_admin
    )
    pins.issue_pin(participant=moving, purpose=ExamPin.Purpose.START, actor=hr_admin)
    now = timezone.now()

    # when
    services.move_participant(participant=moving, sitting=target, actor=hr_admin, now=now)

    # then
    moving.refresh_from_db()
    assert (moving.sitting_id, moving.seat_number) == (target.pk, 2)
    assert (moving.checked_in_at, moving.checked_in_by) == (None, None)
    assert ExamPin.objects.get(participant=moving).expires_at == now
    event = AuditEvent.objects.get(action="exams.participant.moved")
    assert event.changes == {"sitting": ["A", "B"], "seat_number": [5, 2]}


def test_move_participant_refusals(hr_admin):
    blueprint = make_skd_blueprint()
    source = sitting(blueprint, code="A")
    moving = participant(source)
    full = sitting(blueprint, code="FULL", capacity=1)
    participant(full, seat_number=1)
    other_blueprint = sitting(make_skd_blueprint(), code="OTHER")
    closing = sitting(blueprint, code="SOON", starts_at=timezone.now() + dt.timedelta(minutes=4))

    cases = [
        (source, "sudah berada di sesi A"),
        (full, "Sesi FULL sudah penuh"),
        (other_blueprint, "kisi-kisi yang sama"),
        (closing, "Sesi SOON sudah menutup pemeriksaan kehadiran"),
    ]
    for target, message in cases:
        with pytest.raises(DomainError, match=message):
            services.move_participant(participant=moving, sitting=target, actor=hr_admin)

    moving.refresh_from_db()
    assert moving.sitting_id == source.pk
    assert exam_audit() == []


def test_a_disabled_participant_moves_only_to_an_accessible_sitting(hr_admin):
    blueprint = make_skd_blueprint()
    moving = participant(sitting(blueprint, is_accessible=True), disabled=True)

    with pytest.raises(DomainError, match="hanya dapat dipindah ke sesi ramah disabilitas"):
        services.move_participant(participant=moving, sitting=sitting(blueprint), actor=hr_admin)

    services.move_participant(
        participant=moving, sitting=sitting(blueprint, is_accessible=True), actor=hr_admin
    )


def test_a_started_participant_cannot_be_moved_changed_or_removed(hr_admin):
    blueprint = make_skd_blueprint()
    started = participant(sitting(blueprint))
    start_attempt(started)

    with pytest.raises(DomainError, match="tidak dapat dipindah"):
        services.move_participant(participant=started, sitting=sitting(blueprint), actor=hr_admin)
    with pytest.raises(DomainError, match="tidak dapat diubah akomodasinya"):
        services.set_accommodation(
            participant=started, extra_minutes=30, note="Tunanetra", actor=hr_admin
        )
    with pytest.raises(DomainError, match="tidak dapat dikeluarkan"):
        services.remove_participant(participant=started, actor=hr_admin)

    assert Participant.objects.filter(pk=started.pk).exists()
    assert exam_audit() == []


def test_set_accommodation_gives_a_blind_participant_30_extra_minutes(hr_admin):
    blind = participant(sitting(make_skd_blueprint(duration_minutes=100)))

    services.set_accommodation(
        participant=blind, extra_minutes=30, note=" Tunanetra ", actor=hr_admin
    )

    blind.refresh_from_db()
    assert (blind.extra_minutes, blind.accommodation_note) == (30, "Tunanetra")
    assert blind.blueprint.duration_minutes + blind.extra_minutes == 130
    event = AuditEvent.objects.get(action="exams.participant.accommodation_changed")
    assert event.changes == {"extra_minutes": [0, 30], "note": ["", "Tunanetra"]}


def test_set_accommodation_validates_minutes_and_reason(hr_admin):
    someone = participant(sitting(make_skd_blueprint(duration_minutes=100)))

    with pytest.raises(InvalidInputError) as caught:
        services.set_accommodation(participant=someone, extra_minutes=101, note="", actor=hr_admin)

    assert caught.value.errors == {
        "extra_minutes": ["Isi 0 sampai 100 menit (durasi ujian)."],
        "note": ["Tuliskan alasan tambahan waktu, mis. peserta tunanetra."],
    }
    someone.refresh_from_db()
    assert someone.extra_minutes == 0
    assert exam_audit() == []


def test_remove_participant_deletes_the_seat_and_records_it(hr_admin):
    item = sitting(make_skd_blueprint(), code="A")
    leaving = participant(item, seat_number=4)
    number = leaving.application.registration_number

    services.remove_participant(participant=leaving, actor=hr_admin)

    assert Participant.objects.exists() is False
    event = AuditEvent.objects.get(action="exams.participant.removed")
    assert event.changes == {"registration_number": number, "sitting": "A", "seat_number": 4}


def test_a_participant_with_integrity_records_is_not_removed(hr_admin):
    kept = participant(sitting(make_skd_blueprint()))
    pins.log_refused_pin(participant=kept, purpose=ExamPin.Purpose.START)

    with pytest.raises(DomainError, match="catatan integritas"):
        services.remove_participant(participant=kept, actor=hr_admin)

    assert Participant.objects.filter(pk=kept.pk).exists()
    assert IntegrityEvent.objects.count() == 1

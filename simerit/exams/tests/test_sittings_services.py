"""services/sittings.py: sittings, proctors, balanced placement with accommodations, moves."""

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
    blueprint_with_formasi,
    exam_audit,
    ms_applications,
    participant,
    sitting,
    start_attempt,
)
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicationFactory, FormasiFactory


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


def seated(item):
    return list(
        Participant.objects.filter(sitting=item)
        .order_by("seat_number")
        .values_list("seat_number", flat=True)
    )


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


# --- placement


def test_placement_spreads_participants_evenly_with_sequential_seats(hr_admin):
    # given three rooms of ten and seven MS applicants
    blueprint, formasi = blueprint_with_formasi()
    first = sitting(
        blueprint, code="S1", capacity=10, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    second = sitting(
        blueprint, code="S2", capacity=10, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    third = sitting(
        blueprint, code="S3", capacity=10, starts_at=timezone.now() + dt.timedelta(days=3)
    )
    applications = ms_applications(formasi, 7)

    # when
    report = services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=4)

    # then
    assert report.counts == {"S1": 3, "S2": 2, "S3": 2}
    assert (report.placed, report.already_placed) == (7, 0)
    assert [row.seated for row in report.rows] == [3, 2, 2]
    assert (seated(first), seated(second), seated(third)) == ([1, 2, 3], [1, 2], [1, 2])
    placed = Participant.objects.filter(blueprint=blueprint)
    assert sorted(placed.values_list("application_id", flat=True)) == sorted(
        app.pk for app in applications
    )
    assert len(set(placed.values_list("card_key", flat=True))) == 7
    event = AuditEvent.objects.get(action="exams.participants.assigned")
    assert event.changes["placed"] == 7
    assert event.changes["per_sitting"] == {"S1": 3, "S2": 2, "S3": 2}
    assert event.changes["seed"] == 4
    assert sum(len(numbers) for numbers in event.changes["registration_numbers"].values()) == 7


def test_placement_fills_the_sitting_with_the_most_free_seats_first(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    big = sitting(blueprint, code="A", capacity=10, starts_at=timezone.now() + dt.timedelta(days=1))
    small = sitting(
        blueprint, code="B", capacity=4, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    ms_applications(formasi, 8)

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert report.counts == {"A": 7, "B": 1}
    assert (len(seated(big)), len(seated(small))) == (7, 1)


def test_placement_seats_disabled_applicants_in_accessible_sittings_first(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    accessible = sitting(
        blueprint,
        code="A",
        capacity=4,
        is_accessible=True,
        starts_at=timezone.now() + dt.timedelta(days=1),
    )
    plain = sitting(
        blueprint, code="B", capacity=4, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    disabled = ms_applications(formasi, 2, applicant__is_disabled=True)
    ms_applications(formasi, 4)

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=1)

    assert report.counts == {"A": 3, "B": 3}
    assert [row.disabled_placed for row in report.rows] == [2, 0]
    assert set(
        Participant.objects.filter(application__in=disabled).values_list("sitting_id", flat=True)
    ) == {accessible.pk}
    assert len(seated(plain)) == 3


def test_placement_refuses_when_accessible_seats_run_short_and_places_nobody(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, code="A", capacity=1, is_accessible=True)
    sitting(blueprint, code="B", capacity=30)
    ms_applications(formasi, 3, applicant__is_disabled=True)
    ms_applications(formasi, 2)

    with pytest.raises(DomainError) as caught:
        services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert caught.value.message.startswith(
        "2 dari 3 pelamar penyandang disabilitas belum mendapat tempat: kursi sesi ramah "
        "disabilitas yang tersisa hanya 1."
    )
    assert Participant.objects.exists() is False
    assert exam_audit() == []


def test_placement_never_exceeds_capacity(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, code="A", capacity=2)
    sitting(blueprint, code="B", capacity=2)
    ms_applications(formasi, 5)

    with pytest.raises(DomainError, match=r"^1 dari 5 pelamar MS belum mendapat tempat"):
        services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert Participant.objects.exists() is False


def test_placement_without_coming_sittings_is_refused(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, starts_at=timezone.now() - dt.timedelta(hours=1))
    ms_applications(formasi, 1)

    with pytest.raises(DomainError, match="Belum ada sesi mendatang"):
        services.assign_participants(blueprint=blueprint, actor=hr_admin)


def test_placement_takes_only_ms_applications_of_the_blueprint_period(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, capacity=10)
    wanted = ms_applications(formasi, 1)
    for status in (Application.Status.SUBMITTED, Application.Status.TMS, Application.Status.DRAFT):
        ApplicationFactory.create(formasi=formasi, status=status)
    ApplicationFactory.create(status=Application.Status.MS, formasi=FormasiFactory.create())

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert report.placed == 1
    assert list(Participant.objects.values_list("application_id", flat=True)) == [wanted[0].pk]


def test_placement_is_idempotent_and_places_only_new_applicants(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    first = sitting(
        blueprint, code="A", capacity=5, starts_at=timezone.now() + dt.timedelta(days=1)
    )
    second = sitting(
        blueprint, code="B", capacity=5, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    ms_applications(formasi, 4)
    services.assign_participants(blueprint=blueprint, actor=hr_admin)

    again = services.assign_participants(blueprint=blueprint, actor=hr_admin)
    assert (again.placed, again.already_placed) == (0, 4)
    assert AuditEvent.objects.filter(action="exams.participants.assigned").count() == 1

    ms_applications(formasi, 3)
    later = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert (later.placed, later.already_placed) == (3, 4)
    assert later.counts == {"A": 2, "B": 1}
    assert (seated(first), seated(second)) == ([1, 2, 3, 4], [1, 2, 3])
    assert Participant.objects.count() == 7


def test_placement_fills_seats_freed_by_a_removal(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    item = sitting(blueprint, capacity=4)
    ms_applications(formasi, 3)
    services.assign_participants(blueprint=blueprint, actor=hr_admin)
    services.remove_participant(participant=Participant.objects.get(seat_number=2), actor=hr_admin)
    ms_applications(formasi, 1)

    report = services.assign_participants(blueprint=blueprint, actor=hr_admin)

    assert report.counts == {item.code: 2}  # the removed applicant (still MS) and the new one
    assert seated(item) == [1, 2, 3, 4]


def test_the_same_seed_gives_the_same_placement(hr_admin):
    blueprint, formasi = blueprint_with_formasi()
    sitting(blueprint, code="A", capacity=5, starts_at=timezone.now() + dt.timedelta(days=1))
    sitting(blueprint, code="B", capacity=5, starts_at=timezone.now() + dt.timedelta(days=2))
    ms_applications(formasi, 6)

    def placement():
        return sorted(
            Participant.objects.values_list("application_id", "sitting__code", "seat_number")
        )

    services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=42)
    first = placement()
    Participant.objects.all().delete()
    services.assign_participants(blueprint=blueprint, actor=hr_admin, seed=42)

    assert placement() == first


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

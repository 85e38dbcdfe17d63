"""services/checkin.py: check-in and the PIN rules (cutoff, once, per participant, expiry)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams.models import Attempt, ExamPin
from simerit.exams.services import checkin as services
from simerit.exams.services import pins
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import (
    START,
    exam_audit,
    make_proctor,
    participant,
    sitting,
    start_attempt,
)
from simerit.recruitment.models import Application

MINUTE = dt.timedelta(minutes=1)
BEFORE = START - 30 * MINUTE  # 14.30 WIB; PINs close at 14.55 WIB


@pytest.fixture
def room(db):
    return sitting(make_skd_blueprint(), code="SKD-A", starts_at=START, pin_cutoff_minutes=5)


@pytest.fixture
def guard(room):
    return make_proctor(room, username="pengawas.a", full_name="Pengawas A")


@pytest.fixture
def seat(room):
    return participant(room)


@pytest.fixture
def present(seat, guard):
    return services.check_in(participant=seat, actor=guard, now=BEFORE)


@pytest.fixture
def fixed_pins(monkeypatch):
    """PINs 100001, 100002, ... so that two PINs of a test never coincide."""
    numbers = iter(range(100001, 100100))
    monkeypatch.setattr("simerit.exams.services.pins.secrets.randbelow", lambda _: next(numbers))


# --- check-in


def test_check_in_marks_the_participant_present_and_records_it(seat, guard):
    services.check_in(participant=seat, actor=guard, now=BEFORE)

    seat.refresh_from_db()
    assert (seat.checked_in_at, seat.checked_in_by) == (BEFORE, guard)
    event = AuditEvent.objects.get(action="exams.participant.checked_in")
    assert (event.actor, event.target_id) == (guard, str(seat.pk))
    assert event.changes == {"sitting": "SKD-A", "checked_in_at": "2026-08-12T07:30:00Z"}


def test_check_in_is_refused_the_second_time(present, guard):
    with pytest.raises(ConflictError, match=r"sudah dinyatakan hadir pada 14\.30 WIB"):
        services.check_in(participant=present, actor=guard, now=BEFORE + MINUTE)

    present.refresh_from_db()
    assert present.checked_in_at == BEFORE
    assert exam_audit() == ["exams.participant.checked_in"]


@pytest.mark.parametrize("late", [START - 5 * MINUTE, START, START + 10 * MINUTE])
def test_check_in_is_refused_from_the_cutoff_on(seat, guard, late):
    with pytest.raises(DomainError, match=r"sudah ditutup pukul 14\.55 WIB \(5 menit sebelum"):
        services.check_in(participant=seat, actor=guard, now=late)

    seat.refresh_from_db()
    assert seat.checked_in_at is None
    assert exam_audit() == []


def test_check_in_is_refused_when_the_application_is_no_longer_ms(seat, guard):
    Application.objects.filter(pk=seat.application_id).update(status=Application.Status.TMS)

    with pytest.raises(DomainError, match="tidak lagi berstatus MS"):
        services.check_in(participant=seat, actor=guard, now=BEFORE)


def test_a_proctor_of_another_sitting_cannot_check_in_or_issue_pins(present, db):
    other = make_proctor(sitting(make_skd_blueprint()))

    with pytest.raises(PermissionDenied):
        services.check_in(participant=participant(present.sitting), actor=other, now=BEFORE)
    with pytest.raises(PermissionDenied):
        services.issue_start_pin(participant=present, actor=other, now=BEFORE)

    assert ExamPin.objects.exists() is False
    assert exam_audit() == ["exams.participant.checked_in"]


def test_admin_bkpsdm_may_check_in_any_sitting(seat, hr_admin):
    services.check_in(participant=seat, actor=hr_admin, now=BEFORE)
    seat.refresh_from_db()
    assert seat.checked_in_by == hr_admin


# --- start PIN


def test_start_pin_expires_valid_minutes_after_the_start_and_opens_the_exam_once(present, guard):
    pin = services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    assert len(pin) == 6
    assert pin.isdigit()
    stored = ExamPin.objects.get(participant=present)
    assert (stored.purpose, stored.issued_at) == (ExamPin.Purpose.START, BEFORE)
    assert stored.expires_at == START + 30 * MINUTE
    assert pin not in stored.pin_hash
    used = pins.consume_pin(
        participant=present, purpose=ExamPin.Purpose.START, pin=pin, now=START + MINUTE
    )
    assert used.used_at == START + MINUTE
    with pytest.raises(DomainError, match="sudah dipakai"):
        pins.consume_pin(
            participant=present, purpose=ExamPin.Purpose.START, pin=pin, now=START + 2 * MINUTE
        )


def test_start_pin_validity_follows_the_setting(present, guard, settings):
    settings.SIMERIT_EXAM_PIN_VALID_MINUTES = 45

    services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    assert ExamPin.objects.get(participant=present).expires_at == START + 45 * MINUTE


def test_an_expired_start_pin_is_refused(present, guard):
    pin = services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    with pytest.raises(DomainError, match="kedaluwarsa"):
        pins.consume_pin(
            participant=present, purpose=ExamPin.Purpose.START, pin=pin, now=START + 30 * MINUTE
        )

    assert ExamPin.objects.get(participant=present).used_at is None


def test_a_pin_of_another_sittings_participant_is_refused(present, guard, fixed_pins):
    # given a participant of another sitting with their own start PIN
    other_room = sitting(present.blueprint, code="SKD-B", starts_at=START)
    stranger = participant(other_room)
    other_guard = make_proctor(other_room)
    services.check_in(participant=stranger, actor=other_guard, now=BEFORE)
    strangers_pin = services.issue_start_pin(participant=stranger, actor=other_guard, now=BEFORE)
    services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    # when / then: the stranger's PIN does not open this participant's exam
    with pytest.raises(DomainError, match="PIN salah"):
        pins.consume_pin(
            participant=present, purpose=ExamPin.Purpose.START, pin=strangers_pin, now=START
        )
    assert ExamPin.objects.get(participant=present).used_at is None
    assert ExamPin.objects.get(participant=stranger).used_at is None


def test_the_same_digits_for_two_participants_open_only_each_ones_own_exam(
    present, guard, monkeypatch
):
    monkeypatch.setattr("simerit.exams.services.pins.secrets.randbelow", lambda _: 424242)
    stranger = participant(sitting(present.blueprint, starts_at=START))
    pins.issue_pin(participant=stranger, purpose=ExamPin.Purpose.START, actor=guard, now=BEFORE)
    pin = services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    assert pin == "424242"
    hashes = set(ExamPin.objects.values_list("pin_hash", flat=True))
    assert len(hashes) == 2  # keyed by participant


def test_a_start_pin_is_not_a_takeover_pin(present, guard):
    pin = services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    with pytest.raises(DomainError, match="PIN salah"):
        pins.consume_pin(participant=present, purpose=ExamPin.Purpose.TAKEOVER, pin=pin, now=START)


def test_a_new_pin_voids_the_unused_one(present, guard, fixed_pins):
    first = services.issue_start_pin(participant=present, actor=guard, now=BEFORE)
    second = services.issue_start_pin(participant=present, actor=guard, now=BEFORE + MINUTE)

    with pytest.raises(DomainError):
        pins.consume_pin(participant=present, purpose=ExamPin.Purpose.START, pin=first, now=START)
    pins.consume_pin(participant=present, purpose=ExamPin.Purpose.START, pin=second, now=START)
    assert ExamPin.objects.filter(participant=present).count() == 2


def test_start_pin_needs_a_check_in_first(seat, guard):
    with pytest.raises(DomainError, match="belum dinyatakan hadir"):
        services.issue_start_pin(participant=seat, actor=guard, now=BEFORE)

    assert ExamPin.objects.exists() is False


@pytest.mark.parametrize("late", [START - 5 * MINUTE, START + MINUTE])
def test_start_pin_is_refused_from_the_cutoff_on(present, guard, late):
    with pytest.raises(
        DomainError, match=r"Penerbitan PIN sesi SKD-A sudah ditutup pukul 14\.55 WIB"
    ):
        services.issue_start_pin(participant=present, actor=guard, now=late)

    assert ExamPin.objects.exists() is False


def test_start_pin_one_minute_before_the_cutoff_is_issued(present, guard):
    services.issue_start_pin(participant=present, actor=guard, now=START - 6 * MINUTE)
    assert ExamPin.objects.count() == 1


def test_start_pin_is_refused_once_the_attempt_exists(present, guard):
    start_attempt(present)

    with pytest.raises(DomainError, match="sudah mulai mengerjakan"):
        services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    assert ExamPin.objects.exists() is False


def test_issuing_a_pin_is_audited_without_the_pin(present, guard):
    pin = services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    event = AuditEvent.objects.get(action="exams.pin.issued")
    assert event.changes == {"purpose": "start", "expires_at": "2026-08-12T08:30:00Z"}
    assert pin not in str(event.changes)


# --- takeover PIN


def test_takeover_pin_for_an_active_attempt_even_after_the_cutoff(present, guard):
    start_attempt(present)
    now = START + 20 * MINUTE

    pin = services.issue_takeover_pin(participant=present, actor=guard, now=now)

    stored = ExamPin.objects.get(participant=present)
    assert (stored.purpose, stored.expires_at) == (ExamPin.Purpose.TAKEOVER, now + 30 * MINUTE)
    pins.consume_pin(participant=present, purpose=ExamPin.Purpose.TAKEOVER, pin=pin, now=now)


def test_a_takeover_reason_is_recorded_in_the_audit(present, guard):
    attempt = start_attempt(present)

    services.issue_takeover_pin(
        participant=present, actor=guard, reason="  Komputer 12 mati ", now=START + MINUTE
    )

    assert exam_audit() == [
        "exams.participant.checked_in",
        "exams.pin.issued",
        "exams.attempt.takeover_allowed",
    ]
    row = AuditEvent.objects.get(action="exams.attempt.takeover_allowed")
    assert (row.actor, row.target_id, row.changes) == (
        guard,
        str(attempt.pk),
        {"participant": present.pk, "status": "active", "reason": "Komputer 12 mati"},
    )


def test_without_a_reason_there_is_no_extra_audit_row(present, guard):
    start_attempt(present)
    services.issue_takeover_pin(participant=present, actor=guard, reason="  ", now=START)
    assert AuditEvent.objects.filter(action="exams.attempt.takeover_allowed").exists() is False


def test_a_too_long_takeover_reason_is_refused_before_anything_is_stored(present, guard):
    start_attempt(present)
    audit_rows = AuditEvent.objects.count()

    with pytest.raises(InvalidInputError) as refused:
        services.issue_takeover_pin(participant=present, actor=guard, reason="x" * 501, now=START)

    assert refused.value.errors == {"reason": ["Alasan paling banyak 500 karakter."]}
    assert ExamPin.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows


def test_takeover_pin_for_a_paused_attempt(present, guard):
    start_attempt(present, status=Attempt.Status.PAUSED)
    services.issue_takeover_pin(participant=present, actor=guard, now=START + 200 * MINUTE)
    assert ExamPin.objects.filter(purpose=ExamPin.Purpose.TAKEOVER).count() == 1


def test_takeover_pin_refusals(present, guard):
    with pytest.raises(DomainError, match="belum mulai mengerjakan"):
        services.issue_takeover_pin(participant=present, actor=guard, now=START)

    attempt = start_attempt(present)
    with pytest.raises(DomainError, match="Waktu ujian peserta sudah habis"):
        services.issue_takeover_pin(participant=present, actor=guard, now=attempt.deadline)

    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.FINISHED)
    with pytest.raises(DomainError, match="sudah selesai"):
        services.issue_takeover_pin(participant=present, actor=guard, now=START + MINUTE)

    assert ExamPin.objects.exists() is False


def test_a_start_pin_issued_in_time_is_replaced_after_the_cutoff_until_it_would_expire(
    present, guard
):
    # given: a PIN issued before the cutoff (then voided after wrong tries, or forgotten)
    services.issue_start_pin(participant=present, actor=guard, now=BEFORE)

    # when: the proctor issues a replacement after the start
    services.issue_start_pin(participant=present, actor=guard, now=START + 10 * MINUTE)

    # then: a new PIN, valid until the first one would have expired; the first one is void
    first, second = ExamPin.objects.filter(participant=present).order_by("issued_at")
    assert first.expires_at == START + 10 * MINUTE
    assert (second.issued_at, second.expires_at) == (START + 10 * MINUTE, START + 30 * MINUTE)
    with pytest.raises(DomainError, match=r"sudah ditutup pukul 14\.55 WIB"):
        services.issue_start_pin(participant=present, actor=guard, now=START + 30 * MINUTE)
    assert ExamPin.objects.filter(participant=present).count() == 2

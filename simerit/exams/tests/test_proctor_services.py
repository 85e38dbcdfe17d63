"""Proctor actions (services/proctoring.py): exact deadlines, reasons, states, permissions,
audit rows and integrity events."""

import datetime as dt
import sys
import types
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.exams.models import Attempt, IntegrityEvent
from simerit.exams.services import proctoring
from simerit.exams.tests.factories import SittingFactory, make_skd_blueprint
from simerit.exams.tests.factories_proctor import (
    T0,
    make_participant,
    make_proctor,
    start,
)
from simerit.exams.tests.factories_proctor import sitting as make_sitting

MIN = dt.timedelta(minutes=1)


def exam_audit():
    return list(
        AuditEvent.objects.filter(action__startswith="exams.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def reload(attempt):
    return Attempt.objects.get(pk=attempt.pk)


@pytest.fixture
def room(db):
    return make_sitting()


@pytest.fixture
def pengawas(room):
    return make_proctor(room, full_name="Pengawas Ruang 1")


@pytest.fixture
def attempt(room):
    return start(make_participant(room), at=T0, minutes=100)


def test_pause_then_resume_moves_the_deadline_by_exactly_the_pause(attempt, pengawas):
    # given
    deadline = attempt.deadline
    paused_at = T0 + 10 * MIN + dt.timedelta(seconds=7)
    resumed_at = paused_at + 15 * MIN + dt.timedelta(seconds=30, microseconds=250)
    # when
    proctoring.pause_attempt(attempt=attempt, actor=pengawas, reason="Listrik padam", now=paused_at)
    paused = reload(attempt)
    proctoring.resume_attempt(
        attempt=attempt, actor=pengawas, reason="Listrik menyala", now=resumed_at
    )
    # then
    assert (paused.status, paused.paused_at, paused.deadline) == ("paused", paused_at, deadline)
    resumed = reload(attempt)
    assert resumed.status == Attempt.Status.ACTIVE
    assert resumed.paused_at is None
    assert resumed.deadline == deadline + (resumed_at - paused_at)
    assert resumed.deadline == T0 + 100 * MIN + 15 * MIN + dt.timedelta(
        seconds=30, microseconds=250
    )
    # the caller's instance sees the change too
    assert (attempt.status, attempt.deadline) == ("active", resumed.deadline)


def test_pause_and_resume_are_audited_and_logged_for_the_proctor(attempt, pengawas):
    proctoring.pause_attempt(attempt=attempt, actor=pengawas, reason="Listrik padam", now=T0 + MIN)
    proctoring.resume_attempt(
        attempt=attempt, actor=pengawas, reason="Listrik menyala", now=T0 + 3 * MIN
    )
    events = list(
        IntegrityEvent.objects.filter(attempt=attempt)
        .order_by("id")
        .values_list("kind", "actor", "participant", "detail", "server_at")
    )
    assert events == [
        (
            "paused",
            pengawas.pk,
            attempt.participant_id,
            {"reason": "Listrik padam", "scope": "attempt"},
            T0 + MIN,
        ),
        (
            "resumed",
            pengawas.pk,
            attempt.participant_id,
            {"reason": "Listrik menyala", "scope": "attempt", "paused_seconds": 120},
            T0 + 3 * MIN,
        ),
    ]
    assert exam_audit() == ["exams.attempt.paused", "exams.attempt.resumed"]
    resumed = AuditEvent.objects.get(action="exams.attempt.resumed")
    assert resumed.actor == pengawas
    assert resumed.target_id == str(attempt.pk)
    assert resumed.changes["status"] == ["paused", "active"]
    assert resumed.changes["reason"] == "Listrik menyala"
    assert resumed.changes["paused_seconds"] == 120


def test_extend_adds_minutes_to_the_deadline_and_the_total(attempt, pengawas):
    deadline = attempt.deadline
    proctoring.extend_attempt(
        attempt=attempt, actor=pengawas, minutes=10, reason="Komputer macet", now=T0 + MIN
    )
    proctoring.extend_attempt(
        attempt=attempt, actor=pengawas, minutes=5, reason="Gangguan jaringan", now=T0 + 2 * MIN
    )
    saved = reload(attempt)
    assert saved.deadline == deadline + 15 * MIN
    assert saved.extended_minutes == 15
    assert saved.status == Attempt.Status.ACTIVE
    details = list(
        IntegrityEvent.objects.filter(attempt=attempt, kind="extended")
        .order_by("id")
        .values_list("detail", flat=True)
    )
    assert details == [
        {"reason": "Komputer macet", "minutes": 10},
        {"reason": "Gangguan jaringan", "minutes": 5},
    ]
    assert exam_audit() == ["exams.attempt.extended", "exams.attempt.extended"]
    last = AuditEvent.objects.filter(action="exams.attempt.extended").order_by("-seq").first()
    assert last is not None
    assert last.changes["extended_minutes"] == [10, 15]
    assert last.changes["minutes"] == 5


def test_extend_while_paused_keeps_both_the_extension_and_the_pause(attempt, pengawas):
    deadline = attempt.deadline
    proctoring.pause_attempt(attempt=attempt, actor=pengawas, reason="Jeda", now=T0 + 20 * MIN)
    proctoring.extend_attempt(
        attempt=attempt, actor=pengawas, minutes=7, reason="Ganti komputer", now=T0 + 25 * MIN
    )
    proctoring.resume_attempt(attempt=attempt, actor=pengawas, reason="Siap", now=T0 + 30 * MIN)
    saved = reload(attempt)
    assert saved.deadline == deadline + 7 * MIN + 10 * MIN
    assert (saved.status, saved.extended_minutes) == ("active", 7)


@pytest.mark.parametrize("minutes", [0, 61, -5, True])
def test_extend_refuses_minutes_outside_1_to_60(attempt, pengawas, minutes):
    with pytest.raises(InvalidInputError) as error:
        proctoring.extend_attempt(attempt=attempt, actor=pengawas, minutes=minutes, reason="Alasan")
    assert error.value.errors == {"minutes": [proctoring.MINUTES_RANGE]}
    assert reload(attempt).extended_minutes == 0
    assert exam_audit() == []


@pytest.mark.parametrize("reason", ["", "   \n "])
@pytest.mark.parametrize("action", ["pause", "resume", "extend", "stop"])
def test_every_action_requires_a_reason(attempt, pengawas, action, reason):
    # given
    if action == "resume":
        proctoring.pause_attempt(attempt=attempt, actor=pengawas, reason="Jeda", now=T0 + MIN)
    before = reload(attempt)
    audit_before = exam_audit()
    calls: dict[str, Callable[..., Any]] = {
        "pause": proctoring.pause_attempt,
        "resume": proctoring.resume_attempt,
        "stop": proctoring.stop_attempt,
        "extend": lambda **kwargs: proctoring.extend_attempt(minutes=5, **kwargs),
    }
    call = calls[action]
    # when
    with pytest.raises(InvalidInputError) as error:
        call(attempt=attempt, actor=pengawas, reason=reason, now=T0 + 2 * MIN)
    # then
    assert error.value.errors == {"reason": ["Alasan wajib diisi."]}
    after = reload(attempt)
    assert (after.status, after.deadline, after.paused_at) == (
        before.status,
        before.deadline,
        before.paused_at,
    )
    assert exam_audit() == audit_before


def test_a_reason_longer_than_500_characters_is_refused(attempt, pengawas):
    with pytest.raises(InvalidInputError) as error:
        proctoring.pause_attempt(attempt=attempt, actor=pengawas, reason="x" * 501, now=T0)
    assert error.value.errors == {"reason": ["Alasan paling banyak 500 karakter."]}


def test_pause_refuses_a_paused_a_finished_and_an_expired_attempt(room, pengawas):
    paused = start(make_participant(room), status=Attempt.Status.PAUSED, paused_at=T0 + MIN)
    finished = start(
        make_participant(room), status=Attempt.Status.FINISHED, finished_at=T0 + 50 * MIN
    )
    expired = start(make_participant(room), minutes=100)
    cases = [
        (paused, T0 + 2 * MIN, "Hanya pengerjaan yang sedang berjalan yang dapat dijeda."),
        (finished, T0 + 60 * MIN, "Pengerjaan ini sudah selesai."),
        (expired, T0 + 100 * MIN, "Waktu pengerjaan sudah habis."),
    ]
    for attempt, now, message in cases:
        with pytest.raises(ConflictError) as error:
            proctoring.pause_attempt(attempt=attempt, actor=pengawas, reason="Uji", now=now)
        assert error.value.message == message
    assert exam_audit() == []
    assert not IntegrityEvent.objects.exists()


def test_resume_refuses_an_attempt_that_is_not_paused(attempt, pengawas):
    with pytest.raises(ConflictError) as error:
        proctoring.resume_attempt(attempt=attempt, actor=pengawas, reason="Uji", now=T0 + MIN)
    assert error.value.message == "Pengerjaan ini tidak sedang dijeda."


def test_extend_refuses_a_finished_or_expired_attempt(room, pengawas):
    finished = start(make_participant(room), status=Attempt.Status.FINISHED)
    expired = start(make_participant(room), minutes=30)
    for attempt, message in [
        (finished, "Pengerjaan ini sudah selesai."),
        (expired, "Waktu pengerjaan sudah habis."),
    ]:
        with pytest.raises(ConflictError) as error:
            proctoring.extend_attempt(
                attempt=attempt, actor=pengawas, minutes=5, reason="Uji", now=T0 + 31 * MIN
            )
        assert error.value.message == message
    assert exam_audit() == []


def test_a_proctor_of_another_sitting_may_not_act_and_nothing_changes(attempt, room):
    other = make_proctor(SittingFactory.create(blueprint=room.blueprint))
    deadline = attempt.deadline
    calls = [
        lambda: proctoring.pause_attempt(attempt=attempt, actor=other, reason="x", now=T0),
        lambda: proctoring.extend_attempt(
            attempt=attempt, actor=other, minutes=5, reason="x", now=T0
        ),
        lambda: proctoring.stop_attempt(attempt=attempt, actor=other, reason="x", now=T0),
        lambda: proctoring.pause_sitting(sitting=room, actor=other, reason="x", now=T0),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    saved = reload(attempt)
    assert (saved.status, saved.deadline, saved.extended_minutes) == ("active", deadline, 0)
    assert exam_audit() == []
    assert not IntegrityEvent.objects.exists()


def test_an_assigned_user_who_lost_the_proctor_role_may_not_act(attempt, room):
    former = UserFactory.create(roles=[Role.PEGAWAI])
    room.proctors.create(user=former)
    with pytest.raises(PermissionDenied):
        proctoring.pause_attempt(attempt=attempt, actor=former, reason="x", now=T0)
    assert reload(attempt).status == Attempt.Status.ACTIVE


def test_admin_bkpsdm_may_act_on_any_sitting(attempt, hr_admin):
    proctoring.pause_attempt(attempt=attempt, actor=hr_admin, reason="Pemeriksaan", now=T0 + MIN)
    assert reload(attempt).status == Attempt.Status.PAUSED


def test_pause_sitting_pauses_only_running_attempts_and_resume_restores_each(room, pengawas):
    # given
    running = start(make_participant(room), at=T0)
    late_starter = start(make_participant(room), at=T0 + 5 * MIN)
    expired = start(make_participant(room), at=T0 - 200 * MIN)
    done = start(make_participant(room), status=Attempt.Status.FINISHED)
    make_participant(room)  # not started
    other_room = start(make_participant(SittingFactory.create(blueprint=room.blueprint)))
    # when
    paused = proctoring.pause_sitting(
        sitting=room, actor=pengawas, reason="Listrik padam", now=T0 + 30 * MIN
    )
    resumed = proctoring.resume_sitting(
        sitting=room, actor=pengawas, reason="Listrik menyala", now=T0 + 42 * MIN
    )
    # then
    assert (paused, resumed) == (2, 2)
    assert reload(running).deadline == T0 + 112 * MIN
    assert reload(late_starter).deadline == T0 + 117 * MIN
    assert [reload(a).status for a in (running, late_starter, expired, done, other_room)] == [
        "active",
        "active",
        "active",
        "finished",
        "active",
    ]
    assert reload(expired).deadline == T0 - 100 * MIN
    assert exam_audit() == [
        "exams.attempt.paused",
        "exams.attempt.paused",
        "exams.sitting.paused",
        "exams.attempt.resumed",
        "exams.attempt.resumed",
        "exams.sitting.resumed",
    ]
    sitting_row = AuditEvent.objects.get(action="exams.sitting.paused")
    assert sitting_row.changes == {
        "reason": "Listrik padam",
        "attempts": sorted([running.pk, late_starter.pk]),
    }
    scopes = set(IntegrityEvent.objects.values_list("detail__scope", flat=True))
    assert scopes == {"sitting"}


def test_pause_sitting_with_nobody_working_is_refused_without_audit(room, pengawas):
    start(make_participant(room), status=Attempt.Status.FINISHED)
    with pytest.raises(ConflictError) as error:
        proctoring.pause_sitting(sitting=room, actor=pengawas, reason="Uji", now=T0 + MIN)
    assert error.value.message == "Tidak ada peserta yang sedang mengerjakan di sesi ini."
    with pytest.raises(ConflictError):
        proctoring.resume_sitting(sitting=room, actor=pengawas, reason="Uji", now=T0 + MIN)
    assert exam_audit() == []


@pytest.fixture
def fake_finishing(monkeypatch):
    """Stands in for services/finishing.py (the engine's) and records its calls."""
    calls = []

    def finish_attempt(*, attempt, reason, actor=None, now=None):
        calls.append({"attempt": attempt.pk, "reason": reason, "actor": actor, "now": now})
        attempt.status = Attempt.Status.FINISHED
        attempt.finished_at = now
        attempt.finish_reason = reason
        attempt.save(update_fields=["status", "finished_at", "finish_reason"])
        return attempt

    module = types.ModuleType("simerit.exams.services.finishing")
    module.finish_attempt = finish_attempt  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "simerit.exams.services.finishing", module)
    return calls


@pytest.mark.parametrize("status", [Attempt.Status.ACTIVE, Attempt.Status.PAUSED])
def test_stop_finishes_the_attempt_through_the_engine_as_proctor(
    room, pengawas, fake_finishing, status
):
    attempt = start(make_participant(room), status=status, paused_at=T0 + MIN)
    stopped = proctoring.stop_attempt(
        attempt=attempt, actor=pengawas, reason="Joki terbukti", now=T0 + 9 * MIN
    )
    assert fake_finishing == [
        {
            "attempt": attempt.pk,
            "reason": Attempt.FinishReason.PROCTOR,
            "actor": pengawas,
            "now": T0 + 9 * MIN,
        }
    ]
    assert (stopped.status, stopped.finish_reason) == ("finished", "proctor")
    row = AuditEvent.objects.get(action="exams.attempt.stopped")
    assert row.changes == {
        "status": [status, "finished"],
        "reason": "Joki terbukti",
        "finish_reason": "proctor",
    }


def test_stop_after_the_deadline_finishes_as_a_timeout(room, pengawas, fake_finishing):
    # given: an active attempt whose deadline passed before the finishing job ran
    attempt = start(make_participant(room), at=T0, minutes=100)
    now = T0 + 105 * MIN
    # when
    stopped = proctoring.stop_attempt(attempt=attempt, actor=pengawas, reason="Uji", now=now)
    # then: the engine is asked for a timeout (which ends at the deadline, not now)
    timeout = Attempt.FinishReason.TIMEOUT
    assert fake_finishing == [
        {"attempt": attempt.pk, "reason": timeout, "actor": pengawas, "now": now}
    ]
    assert stopped.finish_reason == "timeout"
    row = AuditEvent.objects.get(action="exams.attempt.stopped")
    assert row.changes == {
        "status": ["active", "finished"],
        "reason": "Uji",
        "finish_reason": "timeout",
    }


def test_stop_after_the_deadline_with_the_real_engine_ends_at_the_deadline(room, pengawas):
    pytest.importorskip("simerit.exams.services.finishing")
    attempt = start(make_participant(room), at=T0, minutes=100)
    proctoring.stop_attempt(attempt=attempt, actor=pengawas, reason="Uji", now=T0 + 105 * MIN)
    saved = reload(attempt)
    assert (saved.status, saved.finish_reason) == ("finished", "timeout")
    assert saved.finished_at == T0 + 100 * MIN == saved.deadline


def test_stop_at_the_deadline_of_a_paused_attempt_is_still_a_stop(room, pengawas, fake_finishing):
    # a paused attempt's clock stands still: its deadline is no end
    attempt = start(make_participant(room), at=T0, status="paused", paused_at=T0 + MIN)
    proctoring.stop_attempt(attempt=attempt, actor=pengawas, reason="Uji", now=T0 + 200 * MIN)
    assert [call["reason"] for call in fake_finishing] == [Attempt.FinishReason.PROCTOR]


def test_stop_refuses_a_finished_attempt(room, pengawas, fake_finishing):
    attempt = start(make_participant(room), status=Attempt.Status.FINISHED)
    with pytest.raises(ConflictError):
        proctoring.stop_attempt(attempt=attempt, actor=pengawas, reason="Uji", now=T0)
    assert fake_finishing == []
    assert exam_audit() == []


def test_stop_with_the_real_engine_scores_and_finishes(room, pengawas):
    pytest.importorskip("simerit.exams.services.finishing")
    attempt = start(make_participant(room), at=T0)
    proctoring.stop_attempt(attempt=attempt, actor=pengawas, reason="Joki terbukti", now=T0 + MIN)
    saved = reload(attempt)
    assert (saved.status, saved.finish_reason) == ("finished", "proctor")
    assert saved.total == 0


def test_practice_attempts_are_not_proctored(pengawas):
    blueprint = make_skd_blueprint(kind="tryout")
    practice = Attempt.objects.create(
        blueprint=blueprint,
        is_practice=True,
        started_at=T0,
        deadline=T0 + 100 * MIN,
        browser_token="t" * 43,
    )
    with pytest.raises(ConflictError) as error:
        proctoring.pause_attempt(attempt=practice, actor=pengawas, reason="x", now=T0)
    assert error.value.message == "Pengerjaan latihan (tryout) tidak diawasi."

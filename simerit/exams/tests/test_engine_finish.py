import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.exams.models import AnswerEvent, Attempt, IntegrityEvent
from simerit.exams.rules.integrity import GENESIS, event_link
from simerit.exams.services.answers import save_answer
from simerit.exams.services.finishing import finish_attempt, finish_expired, finish_if_expired
from simerit.exams.services.integrity import bounded_detail, log_event, verify_attempt_chain
from simerit.exams.tests.factories import add_passing_rule, make_skd_blueprint
from simerit.exams.tests.factories_engine import (
    begun_participant,
    begun_sitting,
    position_of,
    start,
)

pytestmark = pytest.mark.django_db


def answer(attempt: Attempt, token: str, seq: int, code: str, option: str, kind: str = "a") -> None:
    save_answer(
        attempt_id=attempt.pk,
        token=token,
        seq=seq,
        position=position_of(attempt, code),
        kind=kind,
        option=option,
    )


@pytest.fixture
def answered(proctor: User) -> tuple[Attempt, str]:
    """TWK-0001/0002 and TIU-0003/0004 single answer (A correct, 5/0), TKP-0005/0006 weighted
    (A..E = 1..5); passing rule TWK 5, TIU 10, TKP 9."""
    blueprint = make_skd_blueprint()
    add_passing_rule(blueprint, minimums={"TWK": 5, "TIU": 10, "TKP": 9})
    attempt, token = start(begun_participant(sitting=begun_sitting(blueprint=blueprint)), proctor)
    answer(attempt, token, 1, "TWK-0001", "B")
    answer(attempt, token, 2, "TWK-0001", "A")  # changed to the correct answer: 5
    answer(attempt, token, 3, "TWK-0002", "C")  # wrong: 0
    answer(attempt, token, 4, "TIU-0003", "A")  # 5
    answer(attempt, token, 5, "TIU-0004", "A")  # 5
    answer(attempt, token, 6, "TKP-0005", "E")  # 5
    answer(attempt, token, 7, "TKP-0006", "C")  # 3
    answer(attempt, token, 8, "TKP-0006", "", kind="f")  # a flag scores nothing
    return attempt, token


def test_finish_scores_exactly_and_gives_the_reason(answered: tuple[Attempt, str]) -> None:
    attempt, _ = answered
    now = timezone.now()

    finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED, now=now)

    finished.refresh_from_db()
    assert finished.status == Attempt.Status.FINISHED
    assert finished.scores == {"TWK": 5, "TIU": 10, "TKP": 8}
    assert finished.total == 23
    assert finished.passed is False
    assert finished.result_reason == "Tidak memenuhi nilai ambang batas: TKP 8 < 9."
    assert finished.finish_reason == Attempt.FinishReason.SUBMITTED
    assert finished.finished_at == now
    assert finished.event_count == 8


def test_a_cleared_answer_scores_blank(proctor: User) -> None:
    attempt, token = start(begun_participant(), proctor)
    answer(attempt, token, 1, "TIU-0003", "A")
    answer(attempt, token, 2, "TIU-0003", "", kind="c")

    finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    assert finished.scores == {"TWK": 0, "TIU": 0, "TKP": 0}
    assert finished.passed is None  # no passing rule: ranking decides


def test_the_final_hash_seals_every_event_and_is_anchored_in_the_audit_chain(
    answered: tuple[Attempt, str],
) -> None:
    # given
    attempt, _ = answered
    # when
    finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)
    # then: recompute the chain by hand from the stored rows
    expected = GENESIS
    for event in AnswerEvent.objects.filter(attempt=attempt).order_by("id"):
        expected = event_link(
            expected,
            attempt_id=attempt.pk,
            client_seq=event.client_seq,
            position=event.position,
            kind=event.kind,
            option=event.option,
            server_at=event.server_at,
        )
    assert finished.final_hash == expected
    assert len(expected) == 64
    row = AuditEvent.objects.get(action="exams.attempt.finished")
    assert row.target_id == str(attempt.pk)
    assert row.changes["final_hash"] == expected
    assert row.changes["total"] == 23
    assert row.changes["event_count"] == 8
    logged = IntegrityEvent.objects.get(attempt=attempt, kind=IntegrityEvent.Kind.FINISHED)
    assert logged.detail == {"reason": "submitted", "final_hash": expected, "event_count": 8}
    assert verify_attempt_chain(finished) is True


def test_finishing_twice_changes_nothing(answered: tuple[Attempt, str]) -> None:
    attempt, _ = answered
    first = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    again = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.PROCTOR)

    assert (again.final_hash, again.finish_reason, again.finished_at, again.total) == (
        first.final_hash,
        Attempt.FinishReason.SUBMITTED,
        first.finished_at,
        23,
    )
    assert AuditEvent.objects.filter(action="exams.attempt.finished").count() == 1
    assert IntegrityEvent.objects.filter(kind=IntegrityEvent.Kind.FINISHED).count() == 1


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE exams_answerevent SET option = 'B' WHERE attempt_id = %s",
        "DELETE FROM exams_answerevent WHERE attempt_id = %s",
    ],
)
def test_the_database_refuses_to_change_an_answer_event(
    answered: tuple[Attempt, str], sql: str
) -> None:
    attempt, _ = answered
    before = list(AnswerEvent.objects.filter(attempt=attempt).values_list("option", flat=True))

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [attempt.pk])

    after = list(AnswerEvent.objects.filter(attempt=attempt).values_list("option", flat=True))
    assert after == before


def test_a_changed_event_no_longer_matches_the_sealed_hash(answered: tuple[Attempt, str]) -> None:
    # given: a sealed attempt, and someone with the database owner's rights drops the triggers
    attempt, _ = answered
    finished = finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)
    disable = {
        "sqlite": ["DROP TRIGGER exams_answerevent_no_update"],
        # Ordinary triggers do not fire for a "replica" session (until the test's rollback).
        "postgresql": ["SET LOCAL session_replication_role = replica"],
    }[connection.vendor]
    with connection.cursor() as cursor:
        for sql in disable:
            cursor.execute(sql)
        # when: one answer is rewritten
        cursor.execute(
            "UPDATE exams_answerevent SET option = 'A' WHERE attempt_id = %s AND client_seq = 3",
            [attempt.pk],
        )
    # then
    assert verify_attempt_chain(finished) is False


def test_an_unfinished_attempt_has_no_sealed_chain(proctor: User) -> None:
    attempt, _ = start(begun_participant(), proctor)
    assert verify_attempt_chain(attempt) is False


def test_finish_expired_closes_only_active_attempts_past_their_deadline(proctor: User) -> None:
    # given
    expired, _ = start(begun_participant(), proctor)
    paused, _ = start(begun_participant(), proctor)
    running, _ = start(begun_participant(extra_minutes=30), proctor)
    Attempt.objects.filter(pk=paused.pk).update(
        status=Attempt.Status.PAUSED, paused_at=timezone.now()
    )
    now = expired.deadline + dt.timedelta(minutes=1)
    # when
    closed = finish_expired(now=now)
    # then
    assert closed == 1
    expired.refresh_from_db()
    assert expired.status == Attempt.Status.FINISHED
    assert expired.finish_reason == Attempt.FinishReason.TIMEOUT
    assert expired.finished_at == expired.deadline
    assert Attempt.objects.get(pk=paused.pk).status == Attempt.Status.PAUSED
    assert Attempt.objects.get(pk=running.pk).status == Attempt.Status.ACTIVE
    assert finish_expired(now=now) == 0
    row = AuditEvent.objects.get(action="exams.attempt.finished")
    assert row.actor is None


def test_finish_if_expired_leaves_a_running_attempt_alone(proctor: User) -> None:
    attempt, _ = start(begun_participant(), proctor)

    same = finish_if_expired(attempt, now=attempt.deadline - dt.timedelta(seconds=1))

    assert same.status == Attempt.Status.ACTIVE
    assert AuditEvent.objects.filter(action="exams.attempt.finished").exists() is False


def test_the_cron_command_finishes_expired_attempts_and_is_idempotent(proctor: User) -> None:
    # given: an attempt started 3 hours ago (deadline 100 minutes later)
    participant = begun_participant(sitting=begun_sitting(minutes_ago=180))
    start(participant, proctor, now=participant.sitting.starts_at + dt.timedelta(minutes=1))
    # when / then
    out = io.StringIO()
    call_command("finish_expired_attempts", stdout=out)
    assert out.getvalue() == "1 pengerjaan ujian yang waktunya habis diselesaikan.\n"
    out = io.StringIO()
    call_command("finish_expired_attempts", stdout=out)
    assert out.getvalue() == "0 pengerjaan ujian yang waktunya habis diselesaikan.\n"


def test_log_event_bounds_the_detail(proctor: User) -> None:
    attempt, _ = start(begun_participant(), proctor)
    detail = {f"k{index}": "x" * 500 for index in range(10)}
    detail["k0"] = {"nested": "dropped"}  # type: ignore[assignment]

    event = log_event(attempt=attempt, kind=IntegrityEvent.Kind.PASTE, detail=detail)

    event.refresh_from_db()
    assert event.participant_id == attempt.participant_id
    assert list(event.detail) == ["k1", "k2", "k3", "k4", "k5", "k6"]
    assert all(value == "x" * 200 for value in event.detail.values())
    assert bounded_detail({"n": 1, "f": float("nan"), "b": True, "z": None}) == {
        "n": 1,
        "b": True,
        "z": None,
    }
    with pytest.raises(ValueError, match="unknown"):
        log_event(attempt=attempt, kind="made_up", detail={})

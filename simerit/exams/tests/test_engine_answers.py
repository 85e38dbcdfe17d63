import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import InvalidInputError
from simerit.exams.models import AnswerEvent, Attempt, IntegrityEvent
from simerit.exams.selectors.attempts import attempt_state
from simerit.exams.services import answers
from simerit.exams.services.answers import SaveResult, save_answer
from simerit.exams.services.attempts import AttemptError
from simerit.exams.services.finishing import finish_attempt, finish_expired
from simerit.exams.tests.factories_engine import begun_participant, start, take_over

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(proctor: User) -> tuple[Attempt, str]:
    return start(begun_participant(), proctor)


def save(attempt: Attempt, token: str, **overrides: Any) -> SaveResult:
    values: dict[str, Any] = {"seq": 1, "position": 1, "kind": "a", "option": "A"}
    values.update(overrides)
    return save_answer(attempt_id=attempt.pk, token=token, **values)


def stored(attempt: Attempt) -> list[tuple[int, int, str, str]]:
    return list(
        AnswerEvent.objects.filter(attempt=attempt)
        .order_by("id")
        .values_list("client_seq", "position", "kind", "option")
    )


def refusal(attempt: Attempt, token: str, **overrides: Any) -> tuple[str, int]:
    with pytest.raises(AttemptError) as refused:
        save(attempt, token, **overrides)
    return refused.value.code, refused.value.status


def late_details(attempt: Attempt) -> list[dict[str, Any]]:
    return list(
        IntegrityEvent.objects.filter(attempt=attempt, kind=IntegrityEvent.Kind.LATE_ANSWER)
        .order_by("id")
        .values_list("detail", flat=True)
    )


def integrity_kinds(attempt: Attempt) -> list[str]:
    return list(
        IntegrityEvent.objects.filter(attempt=attempt).order_by("id").values_list("kind", flat=True)
    )


def test_an_answer_is_stored_with_the_server_time(started: tuple[Attempt, str]) -> None:
    attempt, token = started
    now = timezone.now()

    result = save(attempt, token, seq=1, position=3, option="C", now=now)

    assert result == SaveResult(seq=1, duplicate=False)
    event = AnswerEvent.objects.get()
    assert (event.attempt_id, event.client_seq, event.position, event.kind, event.option) == (
        attempt.pk,
        1,
        3,
        "a",
        "C",
    )
    assert event.server_at == now


def test_the_success_path_is_one_sql_statement(
    started: tuple[Attempt, str], django_assert_num_queries: Any
) -> None:
    attempt, token = started
    with django_assert_num_queries(2):  # cold: the layout, then the INSERT
        save(attempt, token, seq=1)

    with django_assert_num_queries(1) as captured:
        save(attempt, token, seq=2, position=2, option="B")

    assert captured.captured_queries[0]["sql"].startswith("INSERT INTO exams_answerevent")
    assert len(stored(attempt)) == 2


def test_a_resent_answer_is_acknowledged_once(started: tuple[Attempt, str]) -> None:
    attempt, token = started
    save(attempt, token, seq=7, position=2, option="D")

    again = save(attempt, token, seq=7, position=2, option="D")

    assert again == SaveResult(seq=7, duplicate=True)
    assert stored(attempt) == [(7, 2, "a", "D")]


def test_a_reused_seq_with_other_content_is_refused(started: tuple[Attempt, str]) -> None:
    attempt, token = started
    save(attempt, token, seq=7, position=2, option="D")

    assert refusal(attempt, token, seq=7, position=2, option="E") == ("seq_conflict", 409)
    assert stored(attempt) == [(7, 2, "a", "D")]


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"position": 0}, "invalid_position"),
        ({"position": 7}, "invalid_position"),
        ({"position": -1}, "invalid_position"),
        ({"position": 30000}, "invalid_position"),
        ({"option": "Z"}, "invalid_option"),
        ({"option": ""}, "invalid_option"),
        ({"option": "a"}, "invalid_option"),
        ({"kind": "f", "option": "A"}, "invalid_option"),
        ({"kind": "c", "option": "B"}, "invalid_option"),
        ({"kind": "x", "option": ""}, "invalid_option"),
    ],
)
def test_an_invalid_answer_is_refused_stored_nowhere_and_logged(
    started: tuple[Attempt, str], overrides: dict[str, Any], code: str
) -> None:
    attempt, token = started

    assert refusal(attempt, token, **overrides) == (code, 422)

    assert stored(attempt) == []
    logged = IntegrityEvent.objects.get(kind=IntegrityEvent.Kind.INVALID_ANSWER)
    assert logged.attempt_id == attempt.pk
    assert logged.participant_id == attempt.participant_id
    assert logged.detail["code"] == code


def test_a_wrong_token_is_refused_without_a_log(started: tuple[Attempt, str]) -> None:
    attempt, token = started

    assert refusal(attempt, "not-the-token") == ("invalid_token", 403)
    assert refusal(attempt, "") == ("invalid_token", 403)
    with pytest.raises(AttemptError) as unknown:
        save_answer(
            attempt_id=attempt.pk + 99, token=token, seq=1, position=1, kind="a", option="A"
        )
    assert unknown.value.code == "invalid_token"

    assert stored(attempt) == []
    assert integrity_kinds(attempt) == ["started"]


def test_a_takeover_locks_out_the_first_browser(
    started: tuple[Attempt, str], proctor: User
) -> None:
    # given: the first browser saved (its layout is cached), then a second browser took over
    attempt, first = started
    save(attempt, first, seq=1, position=1, option="A")
    assert attempt.participant is not None
    _, second = take_over(attempt.participant, proctor)
    # when / then: the first browser is refused, valid or invalid answer alike
    assert refusal(attempt, first, seq=2, position=2, option="B") == ("locked_out", 409)
    assert refusal(attempt, first, seq=3, position=99) == ("locked_out", 409)
    # the second browser continues
    assert save(attempt, second, seq=2, position=2, option="C") == SaveResult(seq=2)
    assert stored(attempt) == [(1, 1, "a", "A"), (2, 2, "a", "C")]
    assert integrity_kinds(attempt) == [
        "started",
        "takeover",
        "locked_out",
        "locked_out",
        "locked_out",
    ]


def test_an_answer_after_the_deadline_is_refused_and_finishes_the_attempt(
    started: tuple[Attempt, str],
) -> None:
    # given
    attempt, token = started
    save(
        attempt,
        token,
        seq=1,
        position=1,
        option="A",
        now=attempt.deadline - dt.timedelta(seconds=1),
    )
    # when: exactly at the deadline
    code = refusal(attempt, token, seq=2, position=2, option="A", now=attempt.deadline)
    # then
    assert code == ("deadline_passed", 409)
    assert stored(attempt) == [(1, 1, "a", "A")]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINISHED
    assert attempt.finish_reason == Attempt.FinishReason.TIMEOUT
    assert attempt.finished_at == attempt.deadline
    assert attempt.event_count == 1
    assert integrity_kinds(attempt) == ["started", "late_answer", "finished"]
    # and afterwards the attempt is simply finished; the later answer is logged as late too
    assert refusal(attempt, token, seq=3, now=attempt.deadline + dt.timedelta(hours=1)) == (
        "finished",
        409,
    )
    assert integrity_kinds(attempt) == ["started", "late_answer", "finished", "late_answer"]
    assert late_details(attempt) == [
        {"seq": 2, "code": "deadline_passed"},
        {"seq": 3, "code": "finished"},
    ]


def test_an_answer_to_an_attempt_the_job_closed_is_logged_late_once_per_seq(
    started: tuple[Attempt, str], monkeypatch: Any
) -> None:
    # given: the minute job closed the attempt at its deadline
    attempt, token = started
    save(attempt, token, seq=1)
    after = attempt.deadline + dt.timedelta(seconds=30)
    assert finish_expired(now=after) == 1
    monkeypatch.setattr(answers, "MAX_FINISHED_REFUSAL_LOGS", 3)
    # when: the page, still open, sends new answers (one of them twice) and a resend
    for seq in (2, 2, 3, 4, 5):
        assert refusal(attempt, token, seq=seq, position=2, now=after) == ("finished", 409)
    assert save(attempt, token, seq=1, now=after) == SaveResult(seq=1, duplicate=True)
    # then: nothing stored; one LATE_ANSWER per new seq, up to the cap
    assert stored(attempt) == [(1, 1, "a", "A")]
    assert late_details(attempt) == [
        {"seq": 2, "code": "finished"},
        {"seq": 3, "code": "finished"},
        {"seq": 4, "code": "finished"},
    ]
    logged = IntegrityEvent.objects.filter(kind=IntegrityEvent.Kind.LATE_ANSWER).first()
    assert logged is not None
    assert (logged.participant_id, logged.server_at) == (attempt.participant_id, after)


def test_a_paused_attempt_refuses_answers(started: tuple[Attempt, str]) -> None:
    attempt, token = started
    save(attempt, token, seq=1)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=Attempt.Status.PAUSED, paused_at=timezone.now()
    )

    assert refusal(attempt, token, seq=2, position=2) == ("paused", 409)
    # A paused attempt does not expire: no late answer, no finish.
    assert refusal(attempt, token, seq=3, now=attempt.deadline + dt.timedelta(minutes=5)) == (
        "paused",
        409,
    )
    assert stored(attempt) == [(1, 1, "a", "A")]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.PAUSED


def test_a_finished_attempt_refuses_answers_but_acknowledges_a_resend(
    started: tuple[Attempt, str],
) -> None:
    attempt, token = started
    save(attempt, token, seq=1)
    finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    assert refusal(attempt, token, seq=2, position=2) == ("finished", 409)
    assert refusal(attempt, token, seq=2, position=2) == ("finished", 409)
    assert save(attempt, token, seq=1) == SaveResult(seq=1, duplicate=True)
    # A stored seq with other content: the attempt is over, whatever the seq.
    assert refusal(attempt, token, seq=1, option="B") == ("finished", 409)
    assert stored(attempt) == [(1, 1, "a", "A")]
    # Submitted before the deadline: not late, but refused and logged (once per seq).
    refused = IntegrityEvent.objects.filter(kind=IntegrityEvent.Kind.INVALID_ANSWER)
    assert list(refused.order_by("id").values_list("detail", flat=True)) == [
        {"seq": 2, "code": "finished"},
        {"seq": 1, "code": "finished"},
    ]
    assert integrity_kinds(attempt) == ["started", "finished", "invalid_answer", "invalid_answer"]


def test_clear_flag_and_unflag_fold_into_the_state(started: tuple[Attempt, str]) -> None:
    attempt, token = started
    events = [
        {"seq": 1, "position": 1, "kind": "a", "option": "B"},
        {"seq": 2, "position": 2, "kind": "a", "option": "C"},
        {"seq": 3, "position": 1, "kind": "a", "option": "D"},
        {"seq": 4, "position": 2, "kind": "c", "option": ""},
        {"seq": 5, "position": 3, "kind": "f", "option": ""},
        {"seq": 6, "position": 4, "kind": "f", "option": ""},
        {"seq": 7, "position": 4, "kind": "u", "option": ""},
    ]
    for event in events:
        save(attempt, token, **event)

    state = attempt_state(attempt)

    assert state["answers"] == {"1": "D"}
    assert state["flagged"] == [3]
    assert state["last_seq"] == 7


def test_the_layout_cache_is_bounded_and_never_holds_a_wrong_token(
    started: tuple[Attempt, str], proctor: User, monkeypatch: Any
) -> None:
    attempt, token = started
    other, other_token = start(begun_participant(), proctor)
    monkeypatch.setattr(answers, "LAYOUT_CACHE_SIZE", 1)
    answers.clear_layout_cache()

    save(attempt, token, seq=1)
    save(other, other_token, seq=1)
    with pytest.raises(AttemptError):
        save(attempt, "x" * 43, seq=2)

    assert list(answers._layouts) == [(other.pk, other_token)]


@pytest.mark.parametrize("seq", [0, -1, answers.MAX_SEQ + 1])
def test_a_sequence_number_out_of_range_is_invalid_input(
    started: tuple[Attempt, str], seq: int
) -> None:
    attempt, token = started

    with pytest.raises(InvalidInputError):
        save(attempt, token, seq=seq)

    assert stored(attempt) == []

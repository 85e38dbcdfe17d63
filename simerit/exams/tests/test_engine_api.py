import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.exams.models import AnswerEvent, Attempt, ExamKind, ExamPin, IntegrityEvent
from simerit.exams.services import integrity, pins
from simerit.exams.services.attempts import START_TRIES_PER_WINDOW, start_practice
from simerit.exams.services.finishing import finish_attempt
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_engine import begun_participant, owner, start, take_over

pytestmark = pytest.mark.django_db

BASE = "/api/v1/exams/attempts"


def post(client: Client, url: str, body: dict[str, Any], token: str | None = None) -> Any:
    headers = {"X-Exam-Token": token} if token is not None else {}
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def get(client: Client, url: str, token: str) -> Any:
    return client.get(url, headers={"X-Exam-Token": token})


@pytest.fixture
def started(proctor: User) -> tuple[Attempt, str]:
    return start(begun_participant(), proctor)


def answer(client: Client, attempt: Attempt, token: str, **body: Any) -> Any:
    values: dict[str, Any] = {"seq": 1, "position": 1, "kind": "a", "option": "A"}
    values.update(body)
    return post(client, f"{BASE}/{attempt.pk}/answers", values, token)


def error(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


# --- Start


def test_the_participant_starts_with_a_pin(client: Client, proctor: User) -> None:
    participant = begun_participant()
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    client.force_login(owner(participant))

    response = post(client, f"{BASE}/start", {"participant_id": participant.pk, "pin": pin})

    assert response.status_code == 201
    attempt = Attempt.objects.get()
    assert response.json() == {"attempt_id": attempt.pk, "token": attempt.browser_token}


def test_a_wrong_pin_is_a_400_and_stores_nothing(client: Client, proctor: User) -> None:
    participant = begun_participant()
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    client.force_login(owner(participant))
    audit_rows = AuditEvent.objects.count()

    response = post(
        client,
        f"{BASE}/start",
        {"participant_id": participant.pk, "pin": "111111" if pin != "111111" else "222222"},
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": pins.PIN_WRONG,
        "code": "domain_error",
        "errors": [{"field": "pin", "message": pins.PIN_WRONG}],
    }
    assert Attempt.objects.exists() is False
    assert AuditEvent.objects.count() == audit_rows
    assert IntegrityEvent.objects.get().kind == IntegrityEvent.Kind.PIN_REFUSED


def test_start_refuses_other_accounts_unknown_participants_and_anonymous(
    client: Client, proctor: User
) -> None:
    participant = begun_participant()
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    body = {"participant_id": participant.pk, "pin": pin}
    audit_rows = AuditEvent.objects.count()

    assert error(post(client, f"{BASE}/start", body)) == (401, "not_authenticated")
    # Another applicant, or any other account: the same 404 as an id that does not exist.
    client.force_login(UserFactory.create(roles=[Role.PELAMAR]))
    not_yours = post(client, f"{BASE}/start", body)
    client.force_login(UserFactory.create(roles=[Role.PEGAWAI]))
    not_an_applicant = post(client, f"{BASE}/start", {**body, "pin": "000000"})
    client.force_login(owner(participant))
    unknown = post(client, f"{BASE}/start", {"participant_id": participant.pk + 999, "pin": pin})

    for response in (not_yours, not_an_applicant, unknown):
        assert response.status_code == 404
        assert response.json() == {
            "detail": "Data tidak ditemukan.",
            "code": "not_found",
            "errors": [],
        }
    assert Attempt.objects.exists() is False
    assert ExamPin.objects.get().used_at is None
    assert AuditEvent.objects.count() == audit_rows
    assert IntegrityEvent.objects.exists() is False


def test_start_after_too_many_wrong_pins_asks_for_a_new_pin(client: Client, proctor: User) -> None:
    participant = begun_participant()
    pin = pins.issue_pin(participant=participant, purpose=ExamPin.Purpose.START, actor=proctor)
    client.force_login(owner(participant))
    guess = {"participant_id": participant.pk, "pin": "111111" if pin != "111111" else "222222"}
    for _ in range(pins.MAX_WRONG_PINS - 1):
        assert post(client, f"{BASE}/start", guess).json()["detail"] == pins.PIN_WRONG

    fifth = post(client, f"{BASE}/start", guess)
    right = post(client, f"{BASE}/start", {"participant_id": participant.pk, "pin": pin})

    for response in (fifth, right):
        assert response.status_code == 400
        assert response.json() == {
            "detail": "Terlalu banyak PIN salah; mintalah PIN baru kepada pengawas.",
            "code": "domain_error",
            "errors": [{"field": "pin", "message": pins.PIN_TOO_MANY}],
        }
    assert Attempt.objects.exists() is False
    pin_row = ExamPin.objects.get()
    assert (pin_row.used_at, pin_row.expires_at <= timezone.now()) == (None, True)
    assert IntegrityEvent.objects.filter(kind=IntegrityEvent.Kind.PIN_REFUSED).count() == 6


def test_start_past_the_accounts_tries_is_a_429(client: Client, proctor: User) -> None:
    participant = begun_participant()
    client.force_login(owner(participant))
    finish_attempt(attempt=start(participant, proctor)[0], reason=Attempt.FinishReason.SUBMITTED)
    body = {"participant_id": participant.pk, "pin": "123456"}
    for _ in range(START_TRIES_PER_WINDOW - 1):  # start() above was the first try
        assert error(post(client, f"{BASE}/start", body)) == (400, "domain_error")
    events = IntegrityEvent.objects.count()

    response = post(client, f"{BASE}/start", body)
    again = post(client, f"{BASE}/start", body)

    message = "Terlalu banyak percobaan PIN dari akun ini. Coba lagi 10 menit lagi."
    for limited in (response, again):
        assert limited.status_code == 429
        assert limited.json() == {
            "detail": message,
            "code": "rate_limited",
            "errors": [{"field": "pin", "message": message}],
        }
    assert IntegrityEvent.objects.count() == events + 1
    last = IntegrityEvent.objects.order_by("-id").values_list("detail", flat=True).first()
    assert last == {"purpose": "takeover", "reason": "rate_limited"}


# --- State (a reload)


def test_a_reload_gets_every_answer_and_the_remaining_time_from_the_server(
    client: Client, started: tuple[Attempt, str]
) -> None:
    # given: answers, a change of mind and a flag
    attempt, token = started
    answer(client, attempt, token, seq=1, position=1, option="B")
    answer(client, attempt, token, seq=2, position=3, option="C")
    answer(client, attempt, token, seq=3, position=1, option="E")
    answer(client, attempt, token, seq=4, position=6, kind="f", option="")
    before = timezone.now()
    # when: the page is reloaded
    response = get(client, f"{BASE}/{attempt.pk}", token)
    # then
    assert response.status_code == 200
    state = response.json()
    assert state["answers"] == {"1": "E", "3": "C"}
    assert state["flagged"] == [6]
    assert state["last_seq"] == 4
    assert state["status"] == "active"
    assert state["is_practice"] is False
    assert state["blueprint_name"] == attempt.blueprint.name
    assert state["deadline"] == attempt.deadline.isoformat()
    server_now = dt.datetime.fromisoformat(state["server_now"])
    assert before <= server_now <= timezone.now()
    assert state["remaining_seconds"] == int((attempt.deadline - server_now).total_seconds())
    assert 5990 < state["remaining_seconds"] <= 6000
    item = state["items"][0]
    version = attempt.items.get(position=1)
    assert item["position"] == 1
    assert (item["section"], item["section_name"]) == ("TWK", "Tes Wawasan Kebangsaan")
    assert item["image_url"] is None
    assert [option["key"] for option in item["options"]] == version.option_order
    assert set(item["options"][0]) == {"key", "text"}  # never the points
    assert [entry["position"] for entry in state["items"]] == [1, 2, 3, 4, 5, 6]


def test_state_of_a_finished_real_exam_is_409_without_the_questions(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started
    finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    response = get(client, f"{BASE}/{attempt.pk}", token)

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Ujian sudah selesai; jawaban tidak dapat diubah lagi.",
        "code": "finished",
        "errors": [],
    }


def test_state_of_a_finished_tryout_is_still_served(client: Client) -> None:
    attempt, token = start_practice(blueprint=make_skd_blueprint(kind=ExamKind.TRYOUT), user=None)
    finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    state = get(client, f"{BASE}/{attempt.pk}", token).json()

    assert (state["status"], len(state["items"])) == ("finished", 6)


def test_state_needs_the_browser_token(client: Client, started: tuple[Attempt, str]) -> None:
    attempt, _ = started
    response = client.get(f"{BASE}/{attempt.pk}")
    assert response.status_code == 403
    assert response.json()["code"] == "invalid_token"
    assert error(get(client, f"{BASE}/{attempt.pk}", "wrong")) == (403, "invalid_token")


# --- Answers


def test_an_answer_is_saved_and_a_resend_is_a_duplicate(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started

    first = answer(client, attempt, token, seq=1)
    again = answer(client, attempt, token, seq=1)

    assert (first.status_code, first.json()) == (200, {"seq": 1, "saved": True, "duplicate": False})
    assert (again.status_code, again.json()) == (200, {"seq": 1, "saved": True, "duplicate": True})
    assert AnswerEvent.objects.count() == 1


def test_the_answer_endpoint_makes_one_query(
    client: Client, started: tuple[Attempt, str], django_assert_num_queries: Any
) -> None:
    attempt, token = started
    answer(client, attempt, token, seq=1)  # warms this process's layout cache

    with django_assert_num_queries(1):
        response = answer(client, attempt, token, seq=2, position=2)

    assert response.status_code == 200


def test_every_refusal_has_its_status_and_code(
    client: Client, started: tuple[Attempt, str], proctor: User
) -> None:
    attempt, token = started
    answer(client, attempt, token, seq=1)

    assert error(answer(client, attempt, token, seq=1, option="B")) == (409, "seq_conflict")
    assert error(answer(client, attempt, token, seq=2, position=99)) == (422, "invalid_position")
    assert error(answer(client, attempt, token, seq=2, option="Z")) == (422, "invalid_option")
    assert error(answer(client, attempt, "nope", seq=2)) == (403, "invalid_token")
    assert error(answer(client, attempt, token, seq=0)) == (422, "validation_error")
    assert error(answer(client, attempt, token, seq=2, kind="x")) == (422, "validation_error")
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.PAUSED)
    assert error(answer(client, attempt, token, seq=2)) == (409, "paused")
    Attempt.objects.filter(pk=attempt.pk).update(
        status=Attempt.Status.ACTIVE,
        started_at=timezone.now() - dt.timedelta(minutes=101),
        deadline=timezone.now() - dt.timedelta(minutes=1),
    )
    assert error(answer(client, attempt, token, seq=2)) == (409, "deadline_passed")
    assert error(answer(client, attempt, token, seq=3)) == (409, "finished")

    body = answer(client, attempt, token, seq=4).json()
    assert body["detail"] == "Ujian sudah selesai; jawaban tidak dapat diubah lagi."
    assert AnswerEvent.objects.count() == 1
    # Every answer after the deadline is logged for the proctor, once per seq.
    assert error(answer(client, attempt, token, seq=4)) == (409, "finished")
    late = IntegrityEvent.objects.filter(kind=IntegrityEvent.Kind.LATE_ANSWER).order_by("id")
    assert list(late.values_list("detail", flat=True)) == [
        {"seq": 2, "code": "deadline_passed"},
        {"seq": 3, "code": "finished"},
        {"seq": 4, "code": "finished"},
    ]


def test_a_taken_over_browser_is_told_it_is_locked_out(
    client: Client, started: tuple[Attempt, str], proctor: User
) -> None:
    attempt, first = started
    assert attempt.participant is not None
    _, second = take_over(attempt.participant, proctor)

    response = answer(client, attempt, first, seq=1)

    assert error(response) == (409, "locked_out")
    assert error(get(client, f"{BASE}/{attempt.pk}", first)) == (409, "locked_out")
    assert answer(client, attempt, second, seq=1).status_code == 200


# --- Events, finish, result


def test_the_browser_reports_focus_loss(client: Client, started: tuple[Attempt, str]) -> None:
    attempt, token = started

    response = post(
        client, f"{BASE}/{attempt.pk}/events", {"kind": "hidden", "detail": {"ms": 1200}}, token
    )

    assert response.status_code == 204
    event = IntegrityEvent.objects.get(kind=IntegrityEvent.Kind.HIDDEN)
    assert (event.attempt_id, event.detail) == (attempt.pk, {"ms": 1200})


def test_a_browser_report_keeps_only_known_numbers(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started
    detail = {"position": 3, "reason": "Diizinkan pengawas keluar ruang", "x" * 50: 1}

    response = post(
        client, f"{BASE}/{attempt.pk}/events", {"kind": "focus_lost", "detail": detail}, token
    )
    wrong_type = post(
        client,
        f"{BASE}/{attempt.pk}/events",
        {"kind": "paste", "detail": {"position": "tiga"}},
        token,
    )

    assert response.status_code == 204
    assert IntegrityEvent.objects.get(kind="focus_lost").detail == {"position": 3}
    assert error(wrong_type) == (422, "validation_error")
    assert IntegrityEvent.objects.filter(kind="paste").exists() is False


def test_browser_reports_past_the_cap_are_answered_but_not_stored(
    client: Client, started: tuple[Attempt, str], monkeypatch: Any
) -> None:
    attempt, token = started
    monkeypatch.setattr(integrity, "MAX_CLIENT_EVENTS", 3)
    url = f"{BASE}/{attempt.pk}/events"

    statuses = [post(client, url, {"kind": "hidden"}, token).status_code for _ in range(5)]

    assert statuses == [204] * 5
    assert IntegrityEvent.objects.filter(kind="hidden").count() == 3
    # Proctor and engine events are not capped by the browser's reports.
    finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)
    assert IntegrityEvent.objects.filter(kind="finished").count() == 1


def test_a_finished_attempts_browser_reports_are_not_stored(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started
    finish_attempt(attempt=attempt, reason=Attempt.FinishReason.SUBMITTED)

    response = post(client, f"{BASE}/{attempt.pk}/events", {"kind": "paste"}, token)

    assert response.status_code == 204
    assert IntegrityEvent.objects.filter(kind="paste").exists() is False


def test_the_browser_cannot_report_proctor_events(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started
    events = IntegrityEvent.objects.count()

    response = post(client, f"{BASE}/{attempt.pk}/events", {"kind": "takeover"}, token)
    unauthenticated = post(client, f"{BASE}/{attempt.pk}/events", {"kind": "paste"}, "nope")

    assert error(response) == (422, "validation_error")
    assert error(unauthenticated) == (403, "invalid_token")
    assert IntegrityEvent.objects.count() == events


def test_finish_shows_the_result_and_result_repeats_it(
    client: Client, started: tuple[Attempt, str]
) -> None:
    # given
    attempt, token = started
    answer(client, attempt, token, seq=1, position=5, option="E")
    assert error(get(client, f"{BASE}/{attempt.pk}/result", token)) == (409, "not_finished")
    # when
    response = post(client, f"{BASE}/{attempt.pk}/finish", {}, token)
    # then
    assert response.status_code == 200
    attempt.refresh_from_db()
    expected = {
        "status": "finished",
        "scores": {"TWK": 0, "TIU": 0, "TKP": 5},
        "total": 5,
        "passed": None,
        "result_reason": "Tidak ada nilai ambang batas; kelulusan ditentukan peringkat.",
        "final_hash": attempt.final_hash,
        "finish_reason": "submitted",
    }
    assert response.json() == expected
    assert len(attempt.final_hash) == 64
    assert AuditEvent.objects.get(action="exams.attempt.finished").actor == attempt.user
    assert get(client, f"{BASE}/{attempt.pk}/result", token).json() == expected
    assert post(client, f"{BASE}/{attempt.pk}/finish", {}, token).json() == expected


def test_a_paused_attempt_cannot_be_finished_by_the_participant(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.PAUSED)

    assert error(post(client, f"{BASE}/{attempt.pk}/finish", {}, token)) == (409, "paused")
    assert Attempt.objects.get(pk=attempt.pk).status == Attempt.Status.PAUSED


def test_an_expired_attempt_finishes_on_its_next_call(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=101),
        deadline=timezone.now() - dt.timedelta(minutes=1),
    )

    state = get(client, f"{BASE}/{attempt.pk}", token)

    assert error(state) == (409, "finished")
    assert get(client, f"{BASE}/{attempt.pk}/result", token).json()["finish_reason"] == "timeout"


# --- The clock


def test_the_clock_answers_the_status_and_the_time_left_in_one_query(
    client: Client, started: tuple[Attempt, str], django_assert_num_queries: Any
) -> None:
    attempt, token = started
    before = timezone.now()

    with django_assert_num_queries(1):
        response = get(client, f"{BASE}/{attempt.pk}/clock", token)

    assert response.status_code == 200
    clock = response.json()
    assert set(clock) == {"status", "remaining_seconds", "server_now"}
    server_now = dt.datetime.fromisoformat(clock["server_now"])
    assert before <= server_now <= timezone.now()
    assert clock["status"] == "active"
    assert clock["remaining_seconds"] == int((attempt.deadline - server_now).total_seconds())


def test_the_clock_shows_a_pause_and_an_extension(
    client: Client, started: tuple[Attempt, str]
) -> None:
    attempt, token = started
    paused_at = attempt.deadline - dt.timedelta(minutes=40)
    Attempt.objects.filter(pk=attempt.pk).update(status=Attempt.Status.PAUSED, paused_at=paused_at)

    paused = get(client, f"{BASE}/{attempt.pk}/clock", token).json()

    assert (paused["status"], paused["remaining_seconds"]) == ("paused", 2400)
    Attempt.objects.filter(pk=attempt.pk).update(
        status=Attempt.Status.ACTIVE,
        paused_at=None,
        deadline=timezone.now() + dt.timedelta(minutes=70, seconds=30),
    )
    resumed = get(client, f"{BASE}/{attempt.pk}/clock", token).json()
    assert (resumed["status"], resumed["remaining_seconds"] // 60) == ("active", 70)


def test_the_clock_finishes_an_expired_attempt_and_refuses_wrong_tokens(
    client: Client, started: tuple[Attempt, str], proctor: User
) -> None:
    attempt, token = started
    assert error(get(client, f"{BASE}/{attempt.pk}/clock", "nope")) == (403, "invalid_token")
    Attempt.objects.filter(pk=attempt.pk).update(
        started_at=timezone.now() - dt.timedelta(minutes=101),
        deadline=timezone.now() - dt.timedelta(minutes=1),
    )

    clock = get(client, f"{BASE}/{attempt.pk}/clock", token).json()

    assert (clock["status"], clock["remaining_seconds"]) == ("finished", 0)
    assert Attempt.objects.get(pk=attempt.pk).finish_reason == Attempt.FinishReason.TIMEOUT


def test_the_clock_tells_a_replaced_browser_it_is_locked_out(
    client: Client, started: tuple[Attempt, str], proctor: User
) -> None:
    attempt, first = started
    assert attempt.participant is not None
    take_over(attempt.participant, proctor)

    assert error(get(client, f"{BASE}/{attempt.pk}/clock", first)) == (409, "locked_out")

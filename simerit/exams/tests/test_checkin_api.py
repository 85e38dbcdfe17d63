"""/api/v1/exams/participants/{id}/check-in and /pins: the sitting's proctor or Admin BKPSDM."""

import datetime as dt

import pytest

from simerit.audit.models import AuditEvent
from simerit.exams.models import ExamPin
from simerit.exams.services import pins
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import (
    exam_audit,
    make_proctor,
    participant,
    sitting,
    start_attempt,
)

BASE = "/api/v1/exams/participants"


@pytest.fixture
def seat(db):
    return participant(sitting(make_skd_blueprint()))


@pytest.fixture
def guard(seat):
    return make_proctor(seat.sitting)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_check_in_then_a_start_pin(client, guard, seat, monkeypatch):
    # given: the clock stands an hour before the start, on a whole second
    now = (seat.sitting.starts_at - dt.timedelta(hours=1)).replace(microsecond=0)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(guard)

    checked = post(client, f"{BASE}/{seat.pk}/check-in")
    issued = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "start"})

    assert checked.status_code == 200
    assert dt.datetime.fromisoformat(checked.json()["checked_in_at"]) == now
    seat.refresh_from_db()
    assert (seat.checked_in_at, seat.checked_in_by) == (now, guard)
    assert issued.status_code == 201
    assert issued["Cache-Control"] == "private, no-store"
    answer = issued.json()
    assert len(answer["pin"]) == 6
    expected_expiry = seat.sitting.starts_at + dt.timedelta(minutes=30)
    difference = dt.datetime.fromisoformat(answer["expires_at"]) - expected_expiry
    assert abs(difference) < dt.timedelta(milliseconds=1)  # the API writes milliseconds
    pins.consume_pin(
        participant=seat,
        purpose=ExamPin.Purpose.START,
        pin=answer["pin"],
        now=seat.sitting.starts_at,
    )


def test_a_second_check_in_is_a_409(client, guard, seat):
    client.force_login(guard)
    post(client, f"{BASE}/{seat.pk}/check-in")

    response = post(client, f"{BASE}/{seat.pk}/check-in")

    assert response.status_code == 409
    assert "sudah dinyatakan hadir" in response.json()["detail"]
    assert exam_audit() == ["exams.participant.checked_in"]


def test_pin_refusals_are_400_and_store_nothing(client, guard, seat):
    client.force_login(guard)

    start = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "start"})
    takeover = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "takeover"})
    unknown = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "master"})

    assert (start.status_code, takeover.status_code, unknown.status_code) == (400, 400, 422)
    assert "belum dinyatakan hadir" in start.json()["detail"]
    assert "belum mulai mengerjakan" in takeover.json()["detail"]
    assert ExamPin.objects.exists() is False


@pytest.mark.parametrize("persona", ["other_proctor", "auditor", "applicant", "employee"])
def test_everyone_else_gets_403_and_nothing_changes(client, request, seat, persona):
    user = (
        make_proctor(sitting(make_skd_blueprint()))
        if persona == "other_proctor"
        else request.getfixturevalue(persona)
    )
    client.force_login(user)

    checked = post(client, f"{BASE}/{seat.pk}/check-in")
    issued = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "start"})

    assert (checked.status_code, issued.status_code) == (403, 403)
    assert checked.json()["code"] == "permission_denied"
    seat.refresh_from_db()
    assert seat.checked_in_at is None
    assert ExamPin.objects.exists() is False
    assert exam_audit() == []


def test_admin_may_check_in_anywhere(client, hr_admin, seat):
    client.force_login(hr_admin)
    assert post(client, f"{BASE}/{seat.pk}/check-in").status_code == 200


@pytest.mark.parametrize("action", ["check-in", "pins"])
def test_an_unknown_participant_looks_like_another_sittings_to_a_proctor(client, seat, action):
    other = make_proctor(sitting(make_skd_blueprint()))
    client.force_login(other)
    body = {"purpose": "start"} if action == "pins" else None

    known = post(client, f"{BASE}/{seat.pk}/{action}", body)
    unknown = post(client, f"{BASE}/{seat.pk + 999}/{action}", body)

    expected = {
        "detail": "Anda bukan pengawas sesi ujian peserta ini.",
        "code": "permission_denied",
        "errors": [],
    }
    assert (known.status_code, known.json()) == (403, expected)
    assert (unknown.status_code, unknown.json()) == (403, expected)
    assert exam_audit() == []


def test_an_unknown_participant_is_a_404_to_admin(client, hr_admin, seat):
    client.force_login(hr_admin)
    assert post(client, f"{BASE}/{seat.pk + 999}/check-in").status_code == 404


def test_anonymous_is_a_401(client, seat):
    assert post(client, f"{BASE}/{seat.pk}/check-in").status_code == 401


def test_a_takeover_pin_with_its_reason_in_the_audit(client, guard, seat):
    attempt = start_attempt(seat)
    client.force_login(guard)

    issued = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "takeover", "reason": " Mati "})

    assert issued.status_code == 201
    assert issued["Cache-Control"] == "private, no-store"
    assert exam_audit() == ["exams.pin.issued", "exams.attempt.takeover_allowed"]
    row = AuditEvent.objects.get(action="exams.attempt.takeover_allowed")
    assert (row.target_id, row.changes) == (
        str(attempt.pk),
        {"participant": seat.pk, "status": "active", "reason": "Mati"},
    )


def test_a_too_long_takeover_reason_is_a_422_and_stores_nothing(client, guard, seat):
    start_attempt(seat)
    client.force_login(guard)

    response = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "takeover", "reason": "x" * 501})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "reason", "message": "Paling banyak 500 karakter."}
    ]
    assert ExamPin.objects.exists() is False
    assert exam_audit() == []

"""/api/v1/exams/participants/{id}/check-in and /pins: the sitting's proctor or Admin BKPSDM."""

import datetime as dt

import pytest

from simerit.exams.models import ExamPin
from simerit.exams.services import pins
from simerit.exams.tests.factories import make_skd_blueprint
from simerit.exams.tests.factories_sittings import exam_audit, make_proctor, participant, sitting

BASE = "/api/v1/exams/participants"


@pytest.fixture
def seat(db):
    return participant(sitting(make_skd_blueprint()))


@pytest.fixture
def guard(seat):
    return make_proctor(seat.sitting)


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_check_in_then_a_start_pin(client, guard, seat):
    client.force_login(guard)

    checked = post(client, f"{BASE}/{seat.pk}/check-in")
    issued = post(client, f"{BASE}/{seat.pk}/pins", {"purpose": "start"})

    assert checked.status_code == 200
    assert checked.json()["checked_in_at"] is not None
    assert issued.status_code == 201
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


def test_an_unknown_participant_is_a_404(client, guard, seat):
    client.force_login(guard)
    assert post(client, f"{BASE}/{seat.pk + 999}/check-in").status_code == 404


def test_anonymous_is_a_401(client, seat):
    assert post(client, f"{BASE}/{seat.pk}/check-in").status_code == 401

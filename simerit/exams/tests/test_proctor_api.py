"""/api/v1/exams/proctor/...: the dashboard rows and the actions, for the sitting's proctors and
Admin BKPSDM only; refusals in the API's error shape with nothing changed."""

import datetime as dt

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.exams.models import Attempt, IntegrityEvent
from simerit.exams.tests.factories import SittingFactory
from simerit.exams.tests.factories_proctor import event, flag, make_participant, make_proctor, start
from simerit.exams.tests.factories_proctor import sitting as make_sitting

BASE = "/api/v1/exams/proctor"
MIN = dt.timedelta(minutes=1)


def exam_audit():
    rows = AuditEvent.objects.filter(action__startswith="exams.").order_by("seq")
    return list(rows.values_list("action", flat=True))


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def room(db):
    return make_sitting(code="SESI-API-01")


@pytest.fixture
def pengawas(room):
    return make_proctor(room)


@pytest.fixture
def running(room):
    participant = make_participant(room, seat_number=3, name="Siti Aminah")
    attempt = start(participant, at=timezone.now() - 10 * MIN, minutes=100)
    event(attempt, 2, "B", at=timezone.now() - MIN)
    flag(participant, IntegrityEvent.Kind.PASTE, attempt=attempt)
    return participant


@pytest.fixture
def stranger(room):
    return make_proctor(SittingFactory.create(blueprint=room.blueprint))


def test_dashboard_rows(client, room, pengawas, running):
    make_participant(room, seat_number=4)
    client.force_login(pengawas)
    response = client.get(f"{BASE}/sittings/{room.pk}/dashboard")
    assert response.status_code == 200
    body = response.json()
    assert body["sitting_code"] == "SESI-API-01"
    assert body["idle_minutes"] == 5
    assert body["summary"] == {
        "total": 2,
        "states": {
            "belum_hadir": 1,
            "hadir": 0,
            "mengerjakan": 1,
            "dijeda": 0,
            "selesai": 0,
            "tidak_hadir": 0,
        },
        "idle": 0,
        "flagged": 1,
    }
    row = body["rows"][0]
    assert (row["seat_number"], row["name"], row["state"], row["answered"]) == (
        3,
        "Siti Aminah",
        "mengerjakan",
        1,
    )
    assert row["question_count"] == 6
    assert row["flags"]["paste"] == 1
    assert row["flagged"] is True
    assert 89 * 60 < row["remaining_seconds"] <= 90 * 60
    assert "nik" not in row
    assert body["rows"][1]["state"] == "belum_hadir"
    assert body["rows"][1]["attempt_id"] is None


def test_dashboard_of_another_sitting_is_403(client, room, stranger):
    client.force_login(stranger)
    response = client.get(f"{BASE}/sittings/{room.pk}/dashboard")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_dashboard_needs_authentication(client, room):
    assert client.get(f"{BASE}/sittings/{room.pk}/dashboard").status_code == 401


def test_an_unknown_id_looks_like_another_sittings_to_a_proctor(client, room, stranger, running):
    # a proctor cannot tell an unknown id from another sitting's: the same 403
    client.force_login(stranger)
    answers = [
        client.get(f"{BASE}/sittings/{room.pk}/dashboard"),
        client.get(f"{BASE}/sittings/{room.pk + 999}/dashboard"),
        post(client, f"{BASE}/participants/{running.pk}/pause", {"reason": "Uji"}),
        post(client, f"{BASE}/participants/{running.pk + 999}/pause", {"reason": "Uji"}),
    ]
    refused = {
        "detail": "Anda bukan pengawas sesi ujian ini.",
        "code": "permission_denied",
        "errors": [],
    }
    assert [(r.status_code, r.json()) for r in answers] == [(403, refused)] * 4
    assert exam_audit() == []


def test_an_unknown_id_is_404_to_admin_who_sees_every_sitting(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(f"{BASE}/sittings/999999/dashboard").status_code == 404
    assert post(client, f"{BASE}/participants/999999/pause", {"reason": "Uji"}).status_code == 404


def test_pause_resume_extend(client, room, pengawas, running):
    client.force_login(pengawas)
    deadline = Attempt.objects.get(participant=running).deadline
    paused = post(client, f"{BASE}/participants/{running.pk}/pause", {"reason": "Listrik padam"})
    assert paused.status_code == 200
    assert paused.json()["status"] == "paused"
    extended = post(
        client, f"{BASE}/participants/{running.pk}/extend", {"minutes": 5, "reason": "Ganti PC"}
    )
    assert extended.status_code == 200
    assert extended.json()["extended_minutes"] == 5
    resumed = post(client, f"{BASE}/participants/{running.pk}/resume", {"reason": "Menyala"})
    assert resumed.status_code == 200
    saved = Attempt.objects.get(participant=running)
    assert saved.status == "active"
    assert saved.deadline > deadline + 5 * MIN
    shown = dt.datetime.fromisoformat(resumed.json()["deadline"])
    assert abs(shown - saved.deadline) < dt.timedelta(milliseconds=1)
    assert exam_audit() == [
        "exams.attempt.paused",
        "exams.attempt.extended",
        "exams.attempt.resumed",
    ]


def test_stop(client, room, pengawas, running):
    client.force_login(pengawas)
    response = post(client, f"{BASE}/participants/{running.pk}/stop", {"reason": "Joki"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["finish_reason"], body["remaining_seconds"]) == (
        "finished",
        "proctor",
        0,
    )


@pytest.mark.parametrize(
    ("action", "payload", "status", "field"),
    [
        ("pause", {"reason": ""}, 422, "reason"),
        ("pause", {"reason": "   "}, 422, "reason"),
        ("pause", {}, 422, "reason"),
        ("extend", {"minutes": 61, "reason": "x"}, 422, "minutes"),
        ("extend", {"minutes": 0, "reason": "x"}, 422, "minutes"),
        ("pause", {"reason": "x", "extra": 1}, 422, "extra"),
        ("resume", {"reason": "x"}, 409, None),
    ],
)
def test_bad_requests_store_nothing(
    client, room, pengawas, running, action, payload, status, field
):
    client.force_login(pengawas)
    response = post(client, f"{BASE}/participants/{running.pk}/{action}", payload)
    assert response.status_code == status
    errors = response.json()["errors"]
    if field:
        assert [error["field"] for error in errors] == [field]
    assert Attempt.objects.get(participant=running).status == "active"
    assert exam_audit() == []


@pytest.mark.parametrize("action", ["pause", "extend", "stop"])
def test_a_proctor_of_another_sitting_gets_403_and_nothing_changes(
    client, room, stranger, running, action
):
    before = Attempt.objects.get(participant=running)
    client.force_login(stranger)
    response = post(
        client,
        f"{BASE}/participants/{running.pk}/{action}",
        {"reason": "x", "minutes": 5} if action == "extend" else {"reason": "x"},
    )
    assert response.status_code == 403
    after = Attempt.objects.get(participant=running)
    assert (after.status, after.deadline) == (before.status, before.deadline)
    assert exam_audit() == []
    assert IntegrityEvent.objects.exclude(kind="paste").exists() is False


def test_auditor_and_applicant_are_403(client, room, running, auditor, applicant):
    for user in (auditor, applicant):
        client.force_login(user)
        response = post(client, f"{BASE}/participants/{running.pk}/pause", {"reason": "x"})
        assert response.status_code == 403
    assert Attempt.objects.get(participant=running).status == "active"


def test_admin_may_act(client, room, running, hr_admin):
    client.force_login(hr_admin)
    response = post(client, f"{BASE}/participants/{running.pk}/pause", {"reason": "Periksa"})
    assert response.status_code == 200


def test_a_participant_without_attempt_is_409(client, room, pengawas):
    participant = make_participant(room)
    client.force_login(pengawas)
    response = post(client, f"{BASE}/participants/{participant.pk}/pause", {"reason": "x"})
    assert response.status_code == 409
    assert response.json()["detail"] == "Peserta ini belum memulai ujian."


def test_pause_and_resume_the_sitting(client, room, pengawas, running):
    client.force_login(pengawas)
    paused = post(client, f"{BASE}/sittings/{room.pk}/pause", {"reason": "Listrik padam"})
    assert paused.json() == {"sitting_id": room.pk, "attempts": 1}
    again = post(client, f"{BASE}/sittings/{room.pk}/pause", {"reason": "Listrik padam"})
    assert again.status_code == 409
    resumed = post(client, f"{BASE}/sittings/{room.pk}/resume", {"reason": "Menyala"})
    assert resumed.json() == {"sitting_id": room.pk, "attempts": 1}


def test_sitting_pause_by_another_proctor_is_403(client, room, stranger, running):
    client.force_login(stranger)
    response = post(client, f"{BASE}/sittings/{room.pk}/pause", {"reason": "x"})
    assert response.status_code == 403
    assert exam_audit() == []


def test_openapi_lists_the_proctor_and_scoreboard_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    mine = {
        path: set(operations)
        for path, operations in paths.items()
        if path.startswith(("/api/v1/exams/proctor/", "/api/v1/exams/scoreboard/"))
    }
    assert mine == {
        "/api/v1/exams/proctor/sittings/{sitting_id}/dashboard": {"get"},
        "/api/v1/exams/proctor/sittings/{sitting_id}/pause": {"post"},
        "/api/v1/exams/proctor/sittings/{sitting_id}/resume": {"post"},
        "/api/v1/exams/proctor/participants/{participant_id}/pause": {"post"},
        "/api/v1/exams/proctor/participants/{participant_id}/resume": {"post"},
        "/api/v1/exams/proctor/participants/{participant_id}/extend": {"post"},
        "/api/v1/exams/proctor/participants/{participant_id}/stop": {"post"},
        "/api/v1/exams/scoreboard/{key}": {"get"},
    }
    extend = paths["/api/v1/exams/proctor/participants/{participant_id}/extend"]["post"]
    assert set(extend["responses"]) == {"200", "400", "401", "403", "404", "409", "422"}
    # the public board needs no authentication; the proctor calls do
    assert "security" not in paths["/api/v1/exams/scoreboard/{key}"]["get"]
    assert extend["security"] == [{"ApiTokenAuth": []}, {"BrowserSessionAuth": []}]

"""/api/v1/training/classes, meetings, attendance and results: the services of the pages, errors
in the one error shape."""

from unittest import mock

import pytest
from django.conf import settings

from simerit.audit.models import AuditEvent
from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import Attendance, Enrolment, Meeting, TrainingClass
from simerit.training.selectors.classes import checkin_code, meeting_for_code
from simerit.training.tests.factories import (
    MeetingFactory,
    ProgrammeFactory,
    TrainingClassFactory,
)
from simerit.training.tests.factories_classes import (
    employee_user,
    participant,
    running_class_with_meetings,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/training"
JSON = "application/json"


def training_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="training.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


CLASS = {
    "name": "Angkatan I",
    "starts_on": "2026-12-14",
    "ends_on": "2026-12-16",
    "enrolment_closes_on": "2026-12-10",
    "capacity": 25,
    "venue": "Aula BKPSDM",
}


def test_hr_creates_opens_and_schedules_a_class(client, hr_admin):
    programme = ProgrammeFactory.create()
    client.force_login(hr_admin)

    created = client.post(
        f"{API}/classes", {**CLASS, "programme_id": programme.pk}, content_type=JSON
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["jp"], body["seats_left"]) == ("draft", "12.0", 25)
    class_id = body["id"]

    opened = client.post(f"{API}/classes/{class_id}/open")
    assert opened.json()["status"] == "open"
    meeting = client.post(
        f"{API}/classes/{class_id}/meetings",
        {
            "topic": "Pembukaan",
            "starts_at": "2026-12-14T08:00:00+07:00",
            "ends_at": "2026-12-14T12:00:00+07:00",
        },
        content_type=JSON,
    )
    assert meeting.status_code == 201
    created = Meeting.objects.get()
    assert meeting.json()["number"] == 1
    # The URL of the QR code as of now: the token signed with the time (selectors.checkin_code).
    path = meeting.json()["checkin_url"].removeprefix(settings.SIMERIT_PUBLIC_URL)
    code = path.removeprefix("/pelatihan/presensi/").removesuffix("/")
    assert path == f"/pelatihan/presensi/{code}/"
    assert code.startswith(f"{created.checkin_token}:")
    assert meeting_for_code(code) == created
    duplicate = client.post(
        f"{API}/classes/{class_id}/meetings",
        {
            "number": 1,
            "topic": "Lagi",
            "starts_at": "2026-12-15T08:00:00+07:00",
            "ends_at": "2026-12-15T12:00:00+07:00",
        },
        content_type=JSON,
    )
    assert duplicate.status_code == 409
    assert duplicate.json()["errors"] == [
        {"field": "number", "message": "Pertemuan ke-1 sudah ada di kelas ini."}
    ]


def test_bad_class_input_is_422_by_field_and_creates_nothing(client, hr_admin):
    programme = ProgrammeFactory.create()
    client.force_login(hr_admin)
    response = client.post(
        f"{API}/classes",
        {**CLASS, "programme_id": programme.pk, "jp": "-1", "capacity": 0},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "capacity", "message": "Kapasitas harus antara 1 dan 5.000 peserta."},
        {"field": "jp", "message": "JP tidak boleh negatif; isi 0,5 sampai 999,9 JP."},
    ]
    assert TrainingClass.objects.count() == 0


def test_an_employee_cannot_create_and_sees_only_published_classes(client, employee):
    programme = ProgrammeFactory.create()
    TrainingClassFactory.create(name="Terbuka", online_url="https://zoom.us/j/1")
    TrainingClassFactory.create(name="Draf", status="draft")
    client.force_login(employee)

    denied = client.post(
        f"{API}/classes", {**CLASS, "programme_id": programme.pk}, content_type=JSON
    )
    assert denied.status_code == 403
    listed = client.get(f"{API}/classes").json()
    assert [item["name"] for item in listed["items"]] == ["Terbuka"]
    assert listed["items"][0]["online_url"] is None
    assert TrainingClass.objects.count() == 2
    assert training_actions() == []


def test_class_detail_hides_the_checkin_url_from_participants(client, employee, hr_admin):
    training_class, meetings = running_class_with_meetings()
    participant(training_class, employee)
    client.force_login(employee)
    body = client.get(f"{API}/classes/{training_class.pk}").json()
    assert [m["number"] for m in body["meetings"]] == [1, 2, 3]
    assert {m["checkin_url"] for m in body["meetings"]} == {None}
    assert meetings[0].checkin_token not in str(body)
    hidden = TrainingClassFactory.create(status="draft")
    assert client.get(f"{API}/classes/{hidden.pk}").status_code == 404


def test_checkin_by_the_signed_code_in_the_body(client, employee):
    training_class, meetings = running_class_with_meetings()
    participant(training_class, employee)
    client.force_login(employee)
    payload = {"token": checkin_code(meetings[0])}

    first = client.post(f"{API}/attendance/checkin", payload, content_type=JSON)
    again = client.post(f"{API}/attendance/checkin", payload, content_type=JSON)
    early = client.post(
        f"{API}/attendance/checkin", {"token": checkin_code(meetings[1])}, content_type=JSON
    )
    bare = client.post(
        f"{API}/attendance/checkin", {"token": meetings[0].checkin_token}, content_type=JSON
    )

    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (first.json()["meeting_id"], first.json()["class_id"]) == (
        meetings[0].pk,
        training_class.pk,
    )
    assert (again.status_code, again.json()["message"]) == (
        200,
        "Anda sudah tercatat hadir pada pertemuan ini.",
    )
    assert early.status_code == 400
    assert early.json()["detail"].startswith("Presensi pertemuan ini belum dibuka")
    assert (bare.status_code, bare.json()["detail"]) == (400, "Kode presensi tidak dikenal.")
    assert Attendance.objects.count() == 1
    assert training_actions() == ["training.attendance.recorded"]


def test_an_expired_checkin_code_is_400_and_records_nothing(client, employee):
    training_class, meetings = running_class_with_meetings()
    participant(training_class, employee)
    client.force_login(employee)
    signed_at = 1_795_000_000
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        old = checkin_code(meetings[0])

    with mock.patch("django.core.signing.time.time", return_value=signed_at + 181):
        response = client.post(f"{API}/attendance/checkin", {"token": old}, content_type=JSON)

    assert (response.status_code, response.json()["detail"]) == (
        400,
        "Kode QR sudah kedaluwarsa; pindai ulang kode di layar.",
    )
    assert Attendance.objects.count() == 0
    assert training_actions() == []


def test_checkin_of_someone_not_enrolled_is_400(client):
    _, meetings = running_class_with_meetings()
    client.force_login(employee_user("Bukan Peserta"))
    response = client.post(
        f"{API}/attendance/checkin", {"token": checkin_code(meetings[0])}, content_type=JSON
    )
    assert (response.status_code, response.json()["detail"]) == (
        400,
        "Anda tidak terdaftar di kelas ini.",
    )
    assert Attendance.objects.count() == 0


def test_manual_attendance_roster_and_results(client, hr_admin, auditor, employee):
    training_class, meetings = running_class_with_meetings()
    seat = participant(training_class)
    client.force_login(hr_admin)

    recorded = client.post(
        f"{API}/meetings/{meetings[0].pk}/attendance", {"enrolment_id": seat.pk}, content_type=JSON
    )
    assert recorded.status_code == 201
    assert (recorded.json()["present"], recorded.json()["method"]) == (True, "manual")
    future = client.post(
        f"{API}/meetings/{meetings[1].pk}/attendance", {"enrolment_id": seat.pk}, content_type=JSON
    )
    assert future.status_code == 400
    assert future.json()["detail"].startswith("Pertemuan belum dilaksanakan")
    assert list(Attendance.objects.values_list("meeting", flat=True)) == [meetings[0].pk]

    scored = client.post(
        f"{API}/classes/{training_class.pk}/roster/{seat.pk}/result",
        {"pre_test_score": "70.5"},
        content_type=JSON,
    )
    assert scored.status_code == 200
    refused = client.post(
        f"{API}/classes/{training_class.pk}/roster/{seat.pk}/result",
        {"outcome": "completed"},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "outcome"
    seat.refresh_from_db()
    assert (seat.status, seat.completed_at) == (Enrolment.Status.ENROLLED, None)
    assert training_actions() == [
        "training.attendance.recorded",
        "training.enrolment.scored",
    ]
    failed = client.post(
        f"{API}/classes/{training_class.pk}/roster/{seat.pk}/result",
        {"outcome": "not_completed"},
        content_type=JSON,
    )
    # Scores not sent stay as they were.
    assert (failed.json()["status"], failed.json()["pre_test_score"]) == (
        "not_completed",
        "70.50",
    )

    client.force_login(auditor)
    roster = client.get(f"{API}/classes/{training_class.pk}/roster").json()
    assert roster["count"] == 1
    assert (roster["items"][0]["attended"], roster["items"][0]["meetings"]) == (1, 3)
    assert roster["items"][0]["attendance_percent"] == "33.33"
    client.force_login(employee)
    assert client.get(f"{API}/classes/{training_class.pk}/roster").status_code == 403


def test_hr_own_attendance_and_result_are_403_with_the_reason(client, hr_admin):
    training_class, meetings = running_class_with_meetings()
    EmployeeFactory.create(user=hr_admin, name="Admin BKPSDM")
    own = participant(training_class, hr_admin)
    client.force_login(hr_admin)

    attended = client.post(
        f"{API}/meetings/{meetings[0].pk}/attendance", {"enrolment_id": own.pk}, content_type=JSON
    )
    graded = client.post(
        f"{API}/classes/{training_class.pk}/roster/{own.pk}/result",
        {"post_test_score": "100", "outcome": "not_completed"},
        content_type=JSON,
    )

    assert (attended.status_code, attended.json()["detail"]) == (
        403,
        "Anda tidak dapat mencatat atau menghapus kehadiran Anda sendiri; minta Admin BKPSDM lain.",
    )
    assert (graded.status_code, graded.json()["detail"]) == (
        403,
        "Anda tidak dapat menilai atau memutuskan kelulusan Anda sendiri; minta Admin BKPSDM lain.",
    )
    own.refresh_from_db()
    assert (own.status, own.post_test_score) == (Enrolment.Status.ENROLLED, None)
    assert Attendance.objects.exists() is False
    assert training_actions() == []


def test_revert_and_remove_attendance(client, hr_admin):
    training_class, meetings = running_class_with_meetings()
    seat = participant(training_class, status=Enrolment.Status.NOT_COMPLETED)
    client.force_login(hr_admin)

    reverted = client.post(
        f"{API}/classes/{training_class.pk}/roster/{seat.pk}/revert",
        {"reason": "Salah input."},
        content_type=JSON,
    )
    assert reverted.json()["status"] == "enrolled"
    client.post(
        f"{API}/meetings/{meetings[0].pk}/attendance", {"enrolment_id": seat.pk}, content_type=JSON
    )
    removed = client.delete(f"{API}/meetings/{meetings[0].pk}/attendance/{seat.pk}")
    assert removed.status_code == 204
    assert client.delete(f"{API}/meetings/{meetings[0].pk}/attendance/{seat.pk}").status_code == 404
    assert Attendance.objects.count() == 0


def test_cancel_and_complete_over_the_api(client, hr_admin, employee):
    training_class, _ = running_class_with_meetings()
    participant(training_class, status=Enrolment.Status.COMPLETED)
    other = TrainingClassFactory.create()
    MeetingFactory.create(training_class=other, number=1)
    client.force_login(employee)
    assert client.post(f"{API}/classes/{training_class.pk}/complete").status_code == 403
    training_class.refresh_from_db()
    assert training_class.status == TrainingClass.Status.CLOSED
    client.force_login(hr_admin)
    no_reason = client.post(f"{API}/classes/{other.pk}/cancel", {"reason": " "}, content_type=JSON)
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == [{"field": "reason", "message": "Alasan wajib diisi."}]
    other.refresh_from_db()
    assert other.status == TrainingClass.Status.OPEN
    assert training_actions() == []

    completed = client.post(f"{API}/classes/{training_class.pk}/complete")
    cancelled = client.post(
        f"{API}/classes/{other.pk}/cancel", {"reason": "Batal."}, content_type=JSON
    )

    assert completed.json()["status"] == "completed"
    assert cancelled.json()["status"] == "cancelled"
    assert training_actions() == ["training.class.completed", "training.class.cancelled"]

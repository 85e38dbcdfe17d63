"""The meeting page with its QR code (Admin BKPSDM) and the check-in page the code opens. Now is
28 November 2026 10.00 WIB; the first meeting of running_class_with_meetings() is running."""

import logging
import re
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import Attendance, Enrolment
from simerit.training.selectors.classes import checkin_code
from simerit.training.tests.factories import MeetingFactory, TrainingClassFactory
from simerit.training.tests.factories_classes import (
    employee_user,
    participant,
    running_class_with_meetings,
)
from simerit.training.views.attendance import qr_data_uri

pytestmark = pytest.mark.django_db


def url(name: str, *args) -> str:
    return reverse(f"training:{name}", args=args)


@pytest.fixture(name="course")
def course_fixture():
    return running_class_with_meetings()


# Any whole second: the signer reads time.time(); a code signed then is accepted for 180 seconds.
SIGNED_AT = 1_795_000_000


def signed_at(seconds: int):
    return mock.patch("django.core.signing.time.time", return_value=seconds)


def code_at(meeting, seconds: int = SIGNED_AT) -> str:
    with signed_at(seconds):
        return checkin_code(meeting)


def shown_url(html: str) -> str:
    found = re.search(r'<code data-testid="checkin-url">([^<]+)</code>', html)
    assert found is not None
    return found.group(1)


def test_hr_shows_the_qr_code_of_the_signed_absolute_checkin_url(
    client, hr_admin, course, settings
):
    settings.SIMERIT_PUBLIC_URL = "https://simerit.palembang.go.id"
    training_class, meetings = course
    participant(training_class, name="Peserta Satu")
    client.force_login(hr_admin)

    with signed_at(SIGNED_AT):
        response = client.get(url("meeting-qr", meetings[0].pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    with signed_at(SIGNED_AT):
        signed = signing.TimestampSigner(salt="training.checkin").sign(meetings[0].checkin_token)
    assert signed == code_at(meetings[0])
    expected = f"https://simerit.palembang.go.id/pelatihan/presensi/{signed}/"
    assert shown_url(html) == expected
    assert f'src="{qr_data_uri(expected)}"' in html
    # The QR code is redrawn by HTMX every 30 seconds: no inline script (CSP).
    assert (
        f'hx-get="{url("meeting-qr", meetings[0].pk)}" hx-trigger="every 30s" hx-swap="innerHTML"'
        in html
    )
    assert "<script>" not in html
    assert "Presensi dibuka" in html
    assert "Peserta Satu" in html
    assert "Catat hadir" in html  # the meeting has started


def test_the_htmx_refresh_returns_a_fresh_code_only(client, hr_admin, course):
    training_class, meetings = course
    participant(training_class, name="Peserta Satu")
    client.force_login(hr_admin)

    with signed_at(SIGNED_AT + 30):
        response = client.get(url("meeting-qr", meetings[0].pk), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    fresh = code_at(meetings[0], SIGNED_AT + 30)
    assert fresh != code_at(meetings[0])
    assert shown_url(html).endswith(f"/pelatihan/presensi/{fresh}/")
    assert 'data-testid="qr-image"' in html
    assert "Peserta Satu" not in html  # the participant list is not part of the refresh
    assert "<html" not in html


def test_the_meeting_page_is_hr_only(client, employee, auditor, course):
    training_class, meetings = course
    hidden_meeting = MeetingFactory.create(
        training_class=TrainingClassFactory.create(status="draft"), number=1
    )
    participant(training_class, employee)
    for user in (employee, auditor):
        client.force_login(user)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.get(url("meeting-qr", meetings[0].pk), **headers)
            assert response.status_code == 403
            assert meetings[0].checkin_token not in response.content.decode()
    client.force_login(employee)
    assert client.get(url("meeting-qr", hidden_meeting.pk)).status_code == 404


def test_hr_records_and_removes_attendance_by_hand(client, hr_admin, course):
    training_class, meetings = course
    seat = participant(training_class)
    client.force_login(hr_admin)

    recorded = client.post(url("attendance-record", meetings[0].pk, seat.pk), follow=True)
    assert "Peserta Satu dicatat hadir." in recorded.content.decode()
    assert Attendance.objects.get().method == "manual"

    client.post(url("attendance-remove", meetings[0].pk, seat.pk))
    assert Attendance.objects.count() == 0

    future = client.post(url("attendance-record", meetings[1].pk, seat.pk), follow=True)
    assert "Pertemuan belum dilaksanakan" in future.content.decode()
    assert Attendance.objects.count() == 0


def test_hr_cannot_record_their_own_attendance_by_hand(client, hr_admin, course):
    training_class, meetings = course
    EmployeeFactory.create(user=hr_admin, name="Admin BKPSDM")
    own = participant(training_class, hr_admin)
    other = participant(training_class, name="Peserta Dua")
    client.force_login(hr_admin)

    html = client.get(url("meeting-qr", meetings[0].pk)).content.decode()
    assert url("attendance-record", meetings[0].pk, own.pk) not in html
    assert url("attendance-record", meetings[0].pk, other.pk) in html
    assert "Data Anda sendiri: dicatat Admin BKPSDM lain." in html

    response = client.post(url("attendance-record", meetings[0].pk, own.pk))
    assert response.status_code == 403
    assert Attendance.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="training.").exists()


def test_a_decided_participant_gets_no_manual_attendance(client, hr_admin, course):
    training_class, meetings = course
    seat = participant(training_class, status=Enrolment.Status.NOT_COMPLETED)
    client.force_login(hr_admin)

    html = client.get(url("meeting-qr", meetings[0].pk)).content.decode()
    assert url("attendance-record", meetings[0].pk, seat.pk) not in html
    assert "Kelulusan sudah diputuskan." in html

    refused = client.post(url("attendance-record", meetings[0].pk, seat.pk), follow=True)
    assert (
        "Kelulusan peserta ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi."
        in refused.content.decode()
    )
    assert Attendance.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="training.").exists()


def test_an_employee_cannot_record_attendance_by_hand(client, employee, course):
    training_class, meetings = course
    seat = participant(training_class, employee)
    client.force_login(employee)
    response = client.post(url("attendance-record", meetings[0].pk, seat.pk))
    assert response.status_code == 403
    assert Attendance.objects.count() == 0


def test_hr_makes_a_new_token_and_every_code_of_the_old_one_stops(client, hr_admin, course):
    training_class, meetings = course
    participant(training_class, employee_user("Peserta Lama"))
    old_token = meetings[0].checkin_token
    old_code = checkin_code(meetings[0])
    client.force_login(hr_admin)
    client.post(url("meeting-token-rotate", meetings[0].pk))
    meetings[0].refresh_from_db()
    assert meetings[0].checkin_token != old_token

    client.force_login(Enrolment.objects.get().employee.user)
    response = client.post(url("meeting-checkin", old_code))
    assert response.status_code == 200
    assert "Kode presensi tidak dikenal." in response.content.decode()
    assert Attendance.objects.count() == 0


# --- the participant's check-in


def test_a_participant_confirms_then_is_recorded_once(client, employee, course):
    training_class, meetings = course
    participant(training_class, employee)
    client.force_login(employee)
    checkin = url("meeting-checkin", checkin_code(meetings[0]))

    page = client.get(checkin)
    assert page.status_code == 200
    # The form posts the signed code again: its age is checked once more at the confirmation.
    assert f'<form method="post" action="{checkin}" data-testid="checkin-form">' in (
        page.content.decode()
    )
    assert Attendance.objects.count() == 0  # a GET records nothing

    done = client.post(checkin, follow=True)
    assert done.redirect_chain == [(url("class-detail", training_class.pk), 302)]
    assert "Kehadiran Anda pada pertemuan ke-1 tercatat." in done.content.decode()

    again = client.post(checkin, follow=True)
    assert "Anda sudah tercatat hadir pada pertemuan ini." in again.content.decode()
    assert Attendance.objects.count() == 1
    assert AuditEvent.objects.filter(action="training.attendance.recorded").count() == 1
    after = client.get(checkin).content.decode()
    assert 'data-testid="checkin-present"' in after
    assert 'data-testid="checkin-form"' not in after


def test_a_code_expired_before_the_confirmation_is_refused(client, employee, course):
    training_class, meetings = course
    participant(training_class, employee)
    client.force_login(employee)
    checkin = url("meeting-checkin", code_at(meetings[0]))
    with signed_at(SIGNED_AT + 170):
        page = client.get(checkin)
    assert 'data-testid="checkin-form"' in page.content.decode()

    with signed_at(SIGNED_AT + 181):
        late = client.post(checkin)

    assert late.status_code == 200
    html = late.content.decode()
    assert (
        '<div class="alert alert-danger" role="alert" data-testid="checkin-error">'
        "Kode QR sudah kedaluwarsa; pindai ulang kode di layar.</div>"
    ) in html
    assert 'data-testid="checkin-form"' not in html
    assert Attendance.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="training.").exists()
    with signed_at(SIGNED_AT + 181):
        assert "Kode QR sudah kedaluwarsa" in client.get(checkin).content.decode()


def test_a_decided_participant_is_told_before_confirming(client, employee, course):
    training_class, meetings = course
    participant(training_class, employee, status=Enrolment.Status.COMPLETED)
    client.force_login(employee)
    checkin = url("meeting-checkin", checkin_code(meetings[0]))

    page = client.get(checkin).content.decode()
    refused = client.post(checkin)

    message = (
        "Kelulusan Anda di kelas ini sudah diputuskan; kehadiran tidak dapat ditambahkan lagi."
    )
    assert message in page
    assert 'data-testid="checkin-form"' not in page
    assert (refused.status_code, message in refused.content.decode()) == (200, True)
    assert Attendance.objects.count() == 0


def test_someone_not_enrolled_is_told_and_nothing_is_recorded(client, course, caplog):
    _, meetings = course
    token = meetings[0].checkin_token
    code = checkin_code(meetings[0])
    client.force_login(employee_user("Bukan Peserta"))

    page = client.get(url("meeting-checkin", code))
    assert "Anda tidak terdaftar di kelas ini." in page.content.decode()
    assert 'data-testid="checkin-form"' not in page.content.decode()

    with caplog.at_level(logging.DEBUG):
        refused = client.post(url("meeting-checkin", code))

    assert refused.status_code == 200  # not a 4xx: Django would log the path with the code
    assert 'data-testid="checkin-error"' in refused.content.decode()
    assert Attendance.objects.count() == 0
    assert token not in caplog.text
    assert not AuditEvent.objects.filter(action__startswith="training.").exists()


def test_a_meeting_not_open_yet_is_announced(client, employee, course):
    training_class, meetings = course
    participant(training_class, employee)
    client.force_login(employee)
    response = client.post(url("meeting-checkin", checkin_code(meetings[1])))
    assert "Presensi pertemuan ini belum dibuka" in response.content.decode()
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda meeting: meeting.checkin_token,  # the bare token of the old QR codes
        lambda meeting: "x" * 43,
        lambda meeting: checkin_code(meeting)[:-2] + "zz",  # a forged signature
    ],
    ids=["bare-token", "unknown", "forged"],
)
def test_an_unknown_code_is_told_with_200_and_login_comes_first(
    client, employee, course, caplog, make
):
    training_class, meetings = course
    participant(training_class, employee)
    code = make(meetings[0])
    anonymous = client.get(url("meeting-checkin", code))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    client.force_login(employee)

    with caplog.at_level(logging.DEBUG):
        page = client.get(url("meeting-checkin", code))
        posted = client.post(url("meeting-checkin", code))

    for response in (page, posted):
        html = response.content.decode()
        assert response.status_code == 200
        assert (
            '<div class="alert alert-danger" role="alert" data-testid="checkin-error">'
            "Kode presensi tidak dikenal.</div>"
        ) in html
        assert 'data-testid="meeting-facts"' not in html
    assert meetings[0].checkin_token not in caplog.text
    assert Attendance.objects.count() == 0


def test_the_meeting_page_of_a_completed_class_shows_no_code(client, hr_admin, course):
    training_class, meetings = course
    training_class.status = "completed"
    training_class.save()
    client.force_login(hr_admin)
    html = client.get(url("meeting-qr", meetings[0].pk)).content.decode()
    assert 'data-testid="not-running"' in html
    assert 'data-testid="qr-image"' not in html
    assert "Catat hadir" not in html
    refreshed = client.get(url("meeting-qr", meetings[0].pk), HTTP_HX_REQUEST="true")
    assert 'data-testid="not-running"' in refreshed.content.decode()
    assert 'data-testid="qr-image"' not in refreshed.content.decode()

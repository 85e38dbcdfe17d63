"""The roster's result forms (scores and pass/fail per participant) and the revert."""

from decimal import Decimal

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.training.models import Attendance, Enrolment
from simerit.training.tests.factories_classes import participant, running_class_with_meetings

pytestmark = pytest.mark.django_db


def result_url(enrolment: Enrolment) -> str:
    return reverse("training:enrolment-result", args=[enrolment.training_class_id, enrolment.pk])


def result_post(enrolment: Enrolment, **values: str) -> dict[str, str]:
    prefix = f"hasil-{enrolment.pk}"
    data = {
        f"{prefix}-pre_test_score": "",
        f"{prefix}-post_test_score": "",
        f"{prefix}-assessment_score": "",
        f"{prefix}-outcome": "",
        "page": "1",
    }
    data.update({f"{prefix}-{name}": value for name, value in values.items()})
    return data


@pytest.fixture(name="course")
def course_fixture():
    return running_class_with_meetings()


def test_hr_passes_a_participant_from_the_roster(client, hr_admin, course):
    training_class, meetings = course
    seat = participant(training_class)
    for meeting in meetings:
        Attendance.objects.create(
            meeting=meeting, enrolment=seat, method="manual", recorded_by=hr_admin
        )
    client.force_login(hr_admin)

    response = client.post(
        result_url(seat),
        result_post(seat, pre_test_score="60", post_test_score="85.5", outcome="completed"),
    )

    roster = reverse("training:class-roster", args=[training_class.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{roster}?page=1#peserta-{seat.pk}"
    seat.refresh_from_db()
    assert (seat.status, seat.pre_test_score, seat.post_test_score) == (
        "completed",
        Decimal("60.00"),
        Decimal("85.50"),
    )
    html = client.get(roster).content.decode()
    assert "Batalkan keputusan" in html


def test_a_refused_result_shows_the_roster_again_with_the_reason(client, hr_admin, course):
    training_class, _ = course
    seat = participant(training_class)
    client.force_login(hr_admin)

    response = client.post(
        result_url(seat), result_post(seat, post_test_score="101", outcome="completed")
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "Nilai harus antara 0 dan 100." in html
    assert 'value="101"' in html  # what was typed stays in its row
    seat.refresh_from_db()
    assert (seat.status, seat.post_test_score) == ("enrolled", None)

    response = client.post(result_url(seat), result_post(seat, outcome="completed"))
    assert response.status_code == 422
    assert "Kehadiran peserta 0 dari 3 pertemuan (0,00%) kurang dari batas minimum 80%" in (
        response.content.decode()
    )
    seat.refresh_from_db()
    assert seat.status == "enrolled"
    assert not AuditEvent.objects.filter(action__startswith="training.").exists()


def test_employees_and_the_auditor_cannot_record_results(client, employee, auditor, course):
    training_class, _ = course
    seat = participant(training_class, employee)
    for user in (employee, auditor):
        client.force_login(user)
        response = client.post(result_url(seat), result_post(seat, outcome="not_completed"))
        assert response.status_code == 403
        invalid = client.post(result_url(seat), result_post(seat, pre_test_score="abc"))
        assert invalid.status_code == 403
    seat.refresh_from_db()
    assert (seat.status, seat.pre_test_score) == ("enrolled", None)


def test_hr_reverts_a_decision(client, hr_admin, course):
    training_class, _ = course
    seat = participant(training_class, status=Enrolment.Status.NOT_COMPLETED)
    revert = reverse("training:enrolment-result-revert", args=[training_class.pk, seat.pk])
    client.force_login(hr_admin)

    missing = client.post(revert, {"koreksi-reason": "", "page": "1"}, follow=True)
    assert "Bidang ini tidak boleh kosong." in missing.content.decode()
    seat.refresh_from_db()
    assert seat.status == "not_completed"

    client.post(revert, {"koreksi-reason": "Salah input.", "page": "1"})
    seat.refresh_from_db()
    assert seat.status == "enrolled"

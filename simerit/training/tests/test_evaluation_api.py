"""/api/v1/training/evaluation/...: the same selectors and service as the pages, errors in the one
error shape."""

import pytest

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.training.models import Enrolment, SurveyResponse, SurveySubmission
from simerit.training.tests.factories_evaluation import (
    Office,
    answer,
    appraise,
    participant,
    past_class,
    recent_class,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/training/evaluation"
SCORES = {"content_score": 4, "facilitator_score": 5, "relevance_score": 4, "organisation_score": 3}


@pytest.fixture
def enrolment(employee) -> Enrolment:
    return participant(recent_class(), Employee.objects.get(user=employee))


def _state() -> tuple[int, int, int]:
    return (
        SurveySubmission.objects.count(),
        SurveyResponse.objects.count(),
        AuditEvent.objects.count(),
    )


def _send(client, enrolment: Enrolment, body):
    return client.post(
        f"{API}/enrolments/{enrolment.pk}/survey", body, content_type="application/json"
    )


def test_participant_lists_and_sends_the_survey(client, employee, enrolment):
    client.force_login(employee)
    listed = client.get(f"{API}/surveys").json()
    assert listed["count"] == 1
    assert listed["items"][0] == {
        "enrolment_id": enrolment.pk,
        "class_id": enrolment.training_class_id,
        "class_name": enrolment.training_class.name,
        "programme": enrolment.training_class.programme.name,
        "starts_on": "2026-11-16",
        "ends_on": "2026-11-18",
        "enrolment_status": "completed",
        "answered": False,
        "can_answer": True,
        "reason": None,
        "survey_closes_on": "2026-12-02",
    }
    response = _send(client, enrolment, {**SCORES, "comment": "Baik"})
    assert response.status_code == 201
    assert response.json() == {
        "enrolment_id": enrolment.pk,
        "class_id": enrolment.training_class_id,
        "content_score": 4,
        "facilitator_score": 5,
        "relevance_score": 4,
        "organisation_score": 3,
        "comment": "Baik",
        "survey_closes_on": "2026-12-02",
    }
    assert SurveySubmission.objects.get().enrolment == enrolment
    assert SurveyResponse.objects.get().training_class == enrolment.training_class
    assert client.get(f"{API}/surveys").json()["items"][0]["answered"] is True


def test_a_closed_survey_is_refused_and_nothing_is_saved(client, employee):
    late = participant(past_class(), Employee.objects.get(user=employee))
    client.force_login(employee)
    listed = client.get(f"{API}/surveys").json()["items"][0]
    closed = (
        "Survei kelas ini sudah ditutup pada 18 November 2026 (14 hari setelah hari terakhir "
        "kelas)."
    )
    assert (listed["can_answer"], listed["reason"]) == (False, closed)
    before = _state()
    response = _send(client, late, SCORES)
    assert (response.status_code, response.json()["detail"]) == (400, closed)
    assert _state() == before


def test_out_of_range_is_422_and_nothing_is_saved(client, employee, enrolment):
    client.force_login(employee)
    before = _state()
    response = _send(client, enrolment, {**SCORES, "content_score": 9})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "content_score", "message": "Nilai materi harus bilangan bulat 1 sampai 5."}
    ]
    assert _state() == before


def test_second_answer_is_409(client, employee, enrolment):
    answer(enrolment)
    client.force_login(employee)
    before = _state()
    response = _send(client, enrolment, SCORES)
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Anda sudah mengisi survei kelas ini; jawaban tidak dapat diubah."
    )
    assert _state() == before


def test_someone_else_gets_403_or_404(client, supervisor, applicant, enrolment):
    before = _state()
    client.force_login(supervisor)
    assert _send(client, enrolment, SCORES).status_code == 403
    client.force_login(applicant)
    assert _send(client, enrolment, SCORES).status_code == 404
    client.logout()
    assert _send(client, enrolment, SCORES).status_code == 401
    assert _state() == before


def test_class_evaluation_and_overview_for_the_auditor(client, auditor, employee):
    # given
    office = Office()
    training_class = past_class()
    enrolments = [
        participant(training_class, office.employee(f"P{n}"), pre="60", post=str(70 + n))
        for n in range(3)
    ]
    for index, enrolment in enumerate(enrolments):
        answer(enrolment, (3 + index % 2, 4, 4, 4), "" if index else "Perlu modul cetak")
    client.force_login(auditor)
    # when
    body = client.get(f"{API}/classes/{training_class.pk}").json()
    # then
    assert body["participants"] == 3
    assert (
        body["survey"]["enough"],
        body["survey"]["closed"],
        body["survey"]["closes_on"],
        body["survey"]["responses"],
    ) == (True, True, "2026-11-18", 3)
    assert body["survey"]["aspects"][0] == {
        "name": "content_score",
        "label": "Materi",
        "mean": "3.33",
    }
    assert body["survey"]["comments"] == ["Perlu modul cetak"]
    assert (body["pre_post"]["with_both"], body["pre_post"]["mean_gain"]) == (3, "11.00")
    assert body["predikat"]["withheld"] is True
    listed = client.get(f"{API}/classes").json()
    assert [
        (item["class_id"], item["responses"], item["survey_closed"], item["satisfaction"])
        for item in listed["items"]
    ] == [(training_class.pk, 3, True, "3.83")]
    assert client.get(f"{API}/classes/999999").status_code == 404
    client.force_login(employee)
    assert client.get(f"{API}/classes/{training_class.pk}").status_code == 403
    assert client.get(f"{API}/classes").status_code == 403
    assert client.get(f"{API}/predikat").status_code == 403


def test_predikat_comparison_over_the_api(client, hr_admin):
    office = Office()
    training_class = past_class()
    for n, after in enumerate(["baik", "baik", "baik", "butuh_perbaikan", "kurang"]):
        employee = office.employee(f"Staf {n}")
        participant(training_class, employee)
        appraise(employee, year=2025, predikat="butuh_perbaikan")
        appraise(employee, year=2026, predikat=after)
    client.force_login(hr_admin)
    body = client.get(f"{API}/predikat", {"year": 2026}).json()
    overall = body["overall"]
    assert overall["withheld"] is False
    assert [(m["move"], m["count"]) for m in overall["moves"]] == [
        ("naik", 3),
        ("tetap", 1),
        ("turun", 1),
    ]
    assert overall["mean_change"] == "0.40"
    assert [p["programme_id"] for p in body["programmes"]] == [training_class.programme_id]
    assert client.get(f"{API}/predikat", {"year": 2025}).json()["overall"]["participants"] == 0
    assert client.get(f"{API}/predikat", {"programme_id": 999999}).status_code == 404

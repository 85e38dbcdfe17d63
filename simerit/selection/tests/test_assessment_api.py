"""/api/v1/selection/ assessment endpoints: the assessor's queue, sheet and submission (same
service and messages as the page), HR's progress and statistics."""

import datetime as dt

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.selection.models import AssessorAssignment, CriterionScore
from simerit.selection.tests.factories_assessment import (
    give,
    levels_for,
    make_assessors,
    make_setup,
    submit,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/selection"


@pytest.fixture
def case(db):
    setup = make_setup(candidates=1)
    first, second = make_assessors("asesor.a", "asesor.b")
    one, two = give(setup.component, setup.candidates[0], [first, second])
    return setup, one, two


def body(component, *values, note=""):
    return {
        "levels": {str(key): level for key, level in levels_for(component, *values).items()},
        "note": note,
    }


def nothing_stored(assignment):
    row = AssessorAssignment.objects.get(pk=assignment.pk)
    return (
        row.submitted_at is None
        and not CriterionScore.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="selection.").exists()
    )


def test_the_queue_lists_own_assignments_by_code_only(client, case):
    setup, one, _ = case
    client.force_login(one.assessor)
    response = client.get(f"{BASE}/assessments/mine")
    assert response.status_code == 200
    page = response.json()
    assert (page["count"], page["pages"]) == (1, 1)
    item = page["items"][0]
    assert (item["id"], item["candidate"], item["kind"], item["score"]) == (
        one.pk,
        setup.candidates[0].code,
        "independent",
        None,
    )
    text = response.content.decode()
    assert setup.candidates[0].application.applicant.name not in text
    assert setup.candidates[0].application.registration_number not in text


def test_the_sheet_gives_criteria_with_anchors(client, case):
    _, one, _ = case
    client.force_login(one.assessor)
    sheet = client.get(f"{BASE}/assessments/{one.pk}").json()
    assert (sheet["min_level"], sheet["max_level"]) == (1, 5)
    assert [(c["name"], c["weight"], len(c["anchors"])) for c in sheet["criteria"]] == [
        ("Penilaian klinis", "50.00", 5),
        ("Tindakan keperawatan", "30.00", 5),
        ("Komunikasi dengan pasien", "20.00", 5),
    ]
    assert sheet["criteria"][0]["anchors"][0] == {
        "level": 1,
        "description": "Penilaian klinis: perilaku tingkat 1",
    }


def test_submitting_returns_the_own_score_and_never_the_colleagues(client, case):
    setup, one, two = case
    submit(two, 3, 3, 4)  # 64
    client.force_login(one.assessor)
    response = client.post(
        f"{BASE}/assessments/{one.pk}/submit",
        body(setup.component, 4, 3, 5, note="Baik."),
        content_type="application/json",
    )
    assert response.status_code == 200
    answer = response.json()
    assert (answer["score"], answer["note"], [c["level"] for c in answer["criteria"]]) == (
        "78.0000",
        "Baik.",
        [4, 3, 5],
    )
    assert "64.0000" not in response.content.decode()
    assert "asesor.b" not in response.content.decode()


def test_invalid_levels_answer_422_with_the_service_messages(client, case):
    setup, one, _ = case
    client.force_login(one.assessor)
    response = client.post(
        f"{BASE}/assessments/{one.pk}/submit",
        body(setup.component, 4, 3, 7),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Data yang dikirim tidak valid.",
        "code": "invalid_input",
        "errors": [
            {
                "field": "levels",
                "message": 'Skor kriteria "Komunikasi dengan pasien" harus bilangan bulat 1–5; '
                "yang dikirim 7.",
            }
        ],
    }
    assert nothing_stored(one)


def test_after_the_deadline_and_twice_answer_409(client, case):
    setup, one, two = case
    client.force_login(two.assessor)
    url = f"{BASE}/assessments/{two.pk}/submit"
    assert (
        client.post(
            url, body(setup.component, 4, 3, 5), content_type="application/json"
        ).status_code
        == 200
    )
    again = client.post(url, body(setup.component, 4, 3, 5), content_type="application/json")
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    setup.component.scoring_closes_at = timezone.now() - dt.timedelta(minutes=5)
    setup.component.save()
    client.force_login(one.assessor)
    late = client.post(
        f"{BASE}/assessments/{one.pk}/submit",
        body(setup.component, 4, 3, 5),
        content_type="application/json",
    )
    assert late.status_code == 409
    assert "sudah lewat" in late.json()["detail"]
    assert AssessorAssignment.objects.get(pk=one.pk).submitted_at is None


def test_another_assessors_assignment_is_404_and_nothing_changes(client, case, assessor):
    setup, one, _ = case
    client.force_login(assessor)
    assert client.get(f"{BASE}/assessments/{one.pk}").status_code == 404
    response = client.post(
        f"{BASE}/assessments/{one.pk}/submit",
        body(setup.component, 4, 3, 5),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert nothing_stored(one)


@pytest.mark.parametrize("persona", ["hr_admin", "auditor", "applicant"])
def test_the_assessor_endpoints_refuse_other_roles(client, request, case, persona):
    setup, one, _ = case
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"{BASE}/assessments/mine").status_code == 403
    response = client.post(
        f"{BASE}/assessments/{one.pk}/submit",
        body(setup.component, 4, 3, 5),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert nothing_stored(one)


@pytest.mark.parametrize("persona", ["hr_admin", "auditor"])
def test_hr_reads_progress_and_statistics(client, request, case, persona):
    setup, one, two = case
    submit(one, 4, 3, 5)  # 78
    submit(two, 3, 3, 3)  # 60: flagged
    client.force_login(request.getfixturevalue(persona))
    progress = client.get(f"{BASE}/components/{setup.component.pk}/assessment-progress").json()
    assert {key: progress[key] for key in ("assigned", "submitted", "final", "flagged")} == {
        "assigned": 2,
        "submitted": 2,
        "final": 0,
        "flagged": 1,
    }
    assert progress["flagged_cases"] == [
        {
            "result_id": progress["flagged_cases"][0]["result_id"],
            "candidate_code": setup.candidates[0].code,
            "registration_number": setup.candidates[0].application.registration_number,
            "assessor_scores": ["78.0000", "60.0000"],
            "spread": "18.0000",
            "third_assessor": None,
        }
    ]
    stats = client.get(f"{BASE}/components/{setup.component.pk}/assessor-statistics").json()
    assert (stats["icc"], stats["icc_cases"]) == (None, 1)
    assert [(row["username"], row["scored"], row["mean"]) for row in stats["assessors"]] == [
        ("asesor.a", 1, "78.0000"),
        ("asesor.b", 1, "60.0000"),
    ]


def test_hr_endpoints_refuse_assessors(client, case):
    setup, one, _ = case
    client.force_login(one.assessor)
    assert (
        client.get(f"{BASE}/components/{setup.component.pk}/assessment-progress").status_code == 403
    )
    assert (
        client.get(f"{BASE}/components/{setup.component.pk}/assessor-statistics").status_code == 403
    )

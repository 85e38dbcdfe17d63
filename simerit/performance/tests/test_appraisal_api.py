"""/api/v1/performance/skps/{id}/appraisal and the keberatan endpoints: same services as the pages,
errors in the one error shape."""

import pytest

from simerit.performance.models import Appraisal, Objection, Rating
from simerit.performance.tests.factories_appraisal import Case, approved_case, decided

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"
REASONS = "Target dokumen triwulan IV tercapai 110%, namun tidak dipertimbangkan."


@pytest.fixture
def case() -> Case:
    return approved_case()


def _url(case: Case, suffix: str = "") -> str:
    return f"{API}/skps/{case.skp.pk}/appraisal{suffix}"


def test_full_flow_over_the_api(client, case):
    # the pejabat penilai decides
    client.force_login(case.evaluator)
    decided_response = client.post(
        _url(case, "/decide"),
        {"result_rating": "below", "behaviour_rating": "as_expected"},
        content_type="application/json",
    )
    assert decided_response.status_code == 201
    body = decided_response.json()
    assert (body["predikat"], body["status"], body["effective_status"]) == (
        "butuh_perbaikan",
        "delivered",
        "delivered",
    )
    assert body["objection"] is None
    # the employee objects
    client.force_login(case.employee)
    filed = client.post(
        _url(case, "/objection"), {"reasons": REASONS}, content_type="application/json"
    )
    assert filed.status_code == 201
    assert filed.json()["status"] == "objected"
    assert filed.json()["objection"]["original_predikat"] == "butuh_perbaikan"
    # the evaluator states
    client.force_login(case.evaluator)
    stated = client.post(
        _url(case, "/objection/statement"),
        {"text": "Bukti triwulan IV diunggah terlambat."},
        content_type="application/json",
    )
    assert stated.status_code == 200
    # the atasan lists and decides
    client.force_login(case.superior)
    waiting = client.get(f"{API}/objections").json()
    assert (waiting["count"], waiting["items"][0]["employee_name"]) == (1, "Staf B")
    assert waiting["items"][0]["has_evaluator_statement"] is True
    decision = client.post(
        _url(case, "/objection/decision"),
        {
            "outcome": "changed",
            "result_rating": "as_expected",
            "behaviour_rating": "as_expected",
            "reason": "Bukti dukung triwulan IV sah dan memenuhi target.",
        },
        content_type="application/json",
    )
    assert decision.status_code == 200
    final = decision.json()
    assert (final["predikat"], final["status"], final["objection"]["status"]) == (
        "baik",
        "final",
        "changed",
    )


def test_get_appraisal_visibility(client, case):
    decided(case)
    client.force_login(case.employee)
    assert client.get(_url(case)).json()["predikat"] == "baik"
    client.force_login(case.team.user(case.team.staff[2]))
    response = client.get(_url(case))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_get_before_decision_is_404(client, case):
    client.force_login(case.evaluator)
    assert client.get(_url(case)).status_code == 404


def test_decide_refusals_in_the_error_shape(client, case):
    client.force_login(case.employee)
    response = client.post(
        _url(case, "/decide"),
        {"result_rating": "above", "behaviour_rating": "above"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Hanya pejabat penilai kinerja pada SKP ini yang dapat menilai."
    )
    client.force_login(case.evaluator)
    decided(case)
    again = client.post(
        _url(case, "/decide"),
        {"result_rating": "above", "behaviour_rating": "above"},
        content_type="application/json",
    )
    assert again.status_code == 409
    assert Appraisal.objects.get(skp=case.skp).result_rating == Rating.AS_EXPECTED


def test_auditor_reads_and_cannot_write(client, case, auditor):
    decided(case)
    client.force_login(auditor)
    assert client.get(_url(case)).status_code == 200
    response = client.post(
        _url(case, "/objection"), {"reasons": REASONS}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not Objection.objects.exists()
    assert client.get(f"{API}/objections").json()["count"] == 0

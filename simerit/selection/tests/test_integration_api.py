"""The cut, the SKB-CAT import and the integration over /api/v1/selection/ranking/."""

import pytest
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.recruitment.models import SelectionPeriod
from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import (
    ComponentResult,
    FinalResult,
    IntegrationRun,
    SelectionSetup,
    SkbCandidate,
)
from simerit.selection.services.integration import run_integration
from simerit.selection.tests.factories import SelectionSetupFactory, make_components
from simerit.selection.tests.factories_integration import (
    make_application,
    make_candidate,
    make_scored_formasi,
    skb_result,
    skd_result,
)

pytestmark = pytest.mark.django_db

BASE = "/api/v1/selection/ranking"


@pytest.fixture
def period() -> SelectionPeriod:
    period = SelectionPeriodFactory.create()
    SelectionSetupFactory.create(period=period)
    return period


def _state() -> tuple[int, int, int, int, int]:
    return (
        SkbCandidate.objects.count(),
        ComponentResult.objects.count(),
        IntegrationRun.objects.count(),
        FinalResult.objects.count(),
        AuditEvent.objects.count(),
    )


def test_api_runs_the_cut(client, hr_admin, period):
    formasi = FormasiFactory.create(period=period, quota=1)
    for name, tkp in [("A", 150), ("B", 140), ("C", 130), ("D", 120)]:
        skd_result(make_application(formasi, name), twk=100, tiu=100, tkp=tkp)
    client.force_login(hr_admin)

    response = client.post(f"{BASE}/periods/{period.pk}/cut")

    assert response.status_code == 200
    assert response.json()["candidates"] == 3
    assert response.json()["cut_at"] is not None
    assert SkbCandidate.objects.count() == 3


def test_api_imports_cat_scores(client, hr_admin, period):
    SelectionSetup.objects.filter(period=period).update(cut_at=timezone.now())
    formasi = FormasiFactory.create(period=period)
    make_components(formasi)
    skb_result(make_candidate(formasi, "R-1").application, 362)
    client.force_login(hr_admin)

    response = client.post(f"{BASE}/periods/{period.pk}/cat-import")

    assert response.status_code == 200
    assert response.json() == {"results": 1}
    assert str(ComponentResult.objects.get().score) == "72.4000"


def test_api_integrates_and_reads_the_run_and_the_ranking(client, hr_admin, auditor, period):
    formasi = make_scored_formasi(period, "PRW-01", quota=1)
    client.force_login(hr_admin)

    created = client.post(f"{BASE}/periods/{period.pk}/integrate")

    assert created.status_code == 200
    body = created.json()
    assert (body["result_count"], body["formasi_count"], body["is_latest"]) == (3, 1, True)
    assert body["statuses"] == {"lulus": 1, "p_l": 2, "tidak_lulus": 0, "mengundurkan_diri": 0}
    assert body["settings_snapshot"]["skd_weight"] == "40.00"

    client.force_login(auditor)
    summary = client.get(f"{BASE}/runs/{body['id']}/formasi")
    results = client.get(f"{BASE}/runs/{body['id']}/formasi/{formasi.pk}/results")

    assert summary.status_code == 200
    assert summary.json()["items"] == [
        {
            "formasi_id": formasi.pk,
            "formasi_code": "PRW-01",
            "position": formasi.position.name,
            "quota": 1,
            "results": 3,
            "ranked": 3,
            "lulus": 1,
            "p_l": 2,
            "tidak_lulus": 0,
            "mengundurkan_diri": 0,
        }
    ]
    items = results.json()["items"]
    assert [(i["registration_number"], i["rank"], i["status"]) for i in items] == [
        ("R-1", 1, "lulus"),
        ("R-2", 2, "p_l"),
        ("R-3", 3, "p_l"),
    ]
    assert items[0]["skb_score"] == "90.0000"
    assert items[0]["explanation"].startswith("peringkat 1 dari 3; kuota 1; nilai akhir ")
    assert "*" in items[0]["masked_name"]


def test_api_refused_integration_answers_409_and_changes_nothing(client, hr_admin, period):
    formasi = make_scored_formasi(period, "PRW-01")
    ComponentResult.objects.filter(
        component__formasi=formasi, component__method="case_simulation"
    ).update(status=ComponentResult.Status.FLAGGED, score=None)
    client.force_login(hr_admin)
    before = _state()

    response = client.post(f"{BASE}/periods/{period.pk}/integrate")

    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Integrasi belum dapat dijalankan: 3 peserta masih memiliki nilai yang selisih "
        "antarasesornya melebihi batas (perlu asesor ketiga atau keputusan panel)."
    )
    assert _state() == before
    readiness = client.get(f"{BASE}/periods/{period.pk}/readiness").json()
    assert (readiness["ready"], readiness["flagged"], readiness["latest_run_id"]) == (
        False,
        3,
        None,
    )


def test_api_records_a_withdrawal(client, hr_admin, period):
    make_scored_formasi(period, "PRW-01")
    candidate = SkbCandidate.objects.get(application__registration_number="R-2")
    client.force_login(hr_admin)

    response = client.post(
        f"{BASE}/candidates/{candidate.pk}/withdraw",
        {"reason": "  Diterima   bekerja di BUMN. "},
        content_type="application/json",
    )
    again = client.post(
        f"{BASE}/candidates/{candidate.pk}/withdraw",
        {"reason": "Diterima bekerja di BUMN."},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["reason"] == "Diterima bekerja di BUMN."
    assert again.status_code == 409
    assert again.json()["detail"] == "Peserta R-2 sudah tercatat mengundurkan diri."


@pytest.mark.parametrize("persona", ["auditor", "assessor", "applicant"])
def test_api_writes_are_for_hr_only_and_change_nothing(client, request, persona, period):
    make_scored_formasi(period, "PRW-01")
    candidate = SkbCandidate.objects.earliest("pk")
    client.force_login(request.getfixturevalue(persona))
    before = _state()

    answers = [
        client.post(f"{BASE}/periods/{period.pk}/cut").status_code,
        client.post(f"{BASE}/periods/{period.pk}/cat-import").status_code,
        client.post(f"{BASE}/periods/{period.pk}/integrate").status_code,
        client.post(
            f"{BASE}/candidates/{candidate.pk}/withdraw",
            {"reason": "Diterima bekerja di BUMN."},
            content_type="application/json",
        ).status_code,
    ]

    assert answers == [403, 403, 403, 403]
    assert _state() == before
    assert not SkbCandidate.objects.filter(withdrawn_at__isnull=False).exists()


@pytest.mark.parametrize("persona", ["assessor", "applicant"])
def test_api_reads_are_for_hr_and_the_auditor(client, request, persona, hr_admin, period):
    formasi = make_scored_formasi(period, "PRW-01")
    run = run_integration(period=period, actor=hr_admin)
    client.force_login(request.getfixturevalue(persona))

    for url in (
        f"{BASE}/periods/{period.pk}/readiness",
        f"{BASE}/runs/{run.pk}",
        f"{BASE}/runs/{run.pk}/formasi",
        f"{BASE}/runs/{run.pk}/formasi/{formasi.pk}/results",
    ):
        assert client.get(url).status_code == 403


def test_api_anonymous_is_401(client, period):
    assert client.post(f"{BASE}/periods/{period.pk}/cut").status_code == 401
    assert SkbCandidate.objects.count() == 0

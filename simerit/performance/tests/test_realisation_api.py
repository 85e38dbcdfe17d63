"""/api/v1/performance/skps/{id}/realisations, .../result-feedback and .../coaching-notes."""

import pytest

from simerit.audit.models import AuditEvent
from simerit.performance.models import (
    CoachingNote,
    Indicator,
    Realisation,
    ResultFeedback,
    Skp,
    WorkResult,
)
from simerit.performance.tests.factories import make_skp
from simerit.performance.tests.factories_realisation import (
    plan_fixture,  # noqa: F401
    today_fixture,  # noqa: F401
)

BASE = "/api/v1/performance/skps"


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


@pytest.fixture(name="owner_client")
def owner_client_fixture(client, plan):
    client.force_login(plan.team.user(plan.team.staff[1]))
    return client


def test_the_employee_records_and_lists_realisations(owner_client, plan):
    path = f"{BASE}/{plan.skp.pk}/realisations"

    created = post(
        owner_client, path, {"indicator_id": plan.days.pk, "period_index": 1, "value": "12"}
    )
    listed = owner_client.get(path).json()

    assert created.status_code == 200
    body = created.json()
    assert (body["value"], body["achievement"], body["target"]) == ("12.00", "83.33", "10.00")
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == body["id"]
    detail = owner_client.get(f"{path}/{body['id']}").json()
    assert detail["indicator"] == "Waktu verifikasi"


def test_a_refused_realisation_is_an_error_and_nothing_changes(owner_client, plan):
    path = f"{BASE}/{plan.skp.pk}/realisations"

    future = post(
        owner_client, path, {"indicator_id": plan.days.pk, "period_index": 4, "value": "1"}
    )
    negative = post(
        owner_client, path, {"indicator_id": plan.days.pk, "period_index": 1, "value": "-1"}
    )

    assert (future.status_code, negative.status_code) == (422, 422)
    assert future.json()["errors"][0]["field"] == "period_index"
    assert future.json()["errors"][0]["message"].startswith("Triwulan IV 2026 belum dimulai")
    assert negative.json()["errors"] == [
        {"field": "value", "message": "Realisasi tidak boleh negatif."}
    ]
    assert Realisation.objects.count() == 0


def test_an_indicator_of_another_skp_is_404(owner_client, plan):
    other_skp = make_skp(plan.team.staff[2], status=Skp.Status.APPROVED)
    other_result = WorkResult.objects.create(skp=other_skp, order=1, text="Lain")
    other = Indicator.objects.create(
        result=other_result, aspect="kuantitas", text="Lain", target=1, unit="dokumen"
    )
    response = post(
        owner_client,
        f"{BASE}/{plan.skp.pk}/realisations",
        {"indicator_id": other.pk, "period_index": 1, "value": "1"},
    )
    assert response.status_code == 404


def test_the_evaluator_writes_feedback_and_coaching(client, plan):
    client.force_login(plan.team.user(plan.team.chief))

    feedback = post(
        client,
        f"{BASE}/{plan.skp.pk}/result-feedback",
        {"result_id": plan.result.pk, "period_index": 2, "text": "Baik."},
    )
    note = post(
        client,
        f"{BASE}/{plan.skp.pk}/coaching-notes",
        {"kind": "bimbingan", "held_on": "2026-05-02", "notes": "Sesi."},
    )
    future = post(
        client,
        f"{BASE}/{plan.skp.pk}/coaching-notes",
        {"kind": "bimbingan", "held_on": "2026-06-02", "notes": "Sesi."},
    )

    assert (feedback.status_code, note.status_code) == (201, 201)
    assert future.json()["errors"] == [
        {"field": "held_on", "message": "Tanggal bimbingan tidak boleh di masa depan."}
    ]
    assert ResultFeedback.objects.count() == 1
    listed = client.get(f"{BASE}/{plan.skp.pk}/coaching-notes").json()
    assert [item["held_on"] for item in listed["items"]] == ["2026-05-02"]
    assert listed["items"][0]["feedback_answers"] is None


def test_a_peer_gets_404(client, plan):
    client.force_login(plan.team.user(plan.team.staff[2]))
    assert client.get(f"{BASE}/{plan.skp.pk}/realisations").status_code == 404
    assert (
        post(
            client,
            f"{BASE}/{plan.skp.pk}/coaching-notes",
            {"kind": "bimbingan", "held_on": "2026-05-02", "notes": "x"},
        ).status_code
        == 404
    )


def test_the_auditor_reads_and_cannot_write(client, plan, auditor):
    client.force_login(auditor)
    before = AuditEvent.objects.count()

    listed = client.get(f"{BASE}/{plan.skp.pk}/realisations")
    writes = [
        post(
            client,
            f"{BASE}/{plan.skp.pk}/realisations",
            {"indicator_id": plan.days.pk, "period_index": 1, "value": "1"},
        ),
        post(
            client,
            f"{BASE}/{plan.skp.pk}/result-feedback",
            {"result_id": plan.result.pk, "period_index": 1, "text": "x"},
        ),
        post(
            client,
            f"{BASE}/{plan.skp.pk}/coaching-notes",
            {"kind": "bimbingan", "held_on": "2026-05-02", "notes": "x"},
        ),
    ]

    assert listed.status_code == 200
    assert [response.status_code for response in writes] == [403, 403, 403]
    assert AuditEvent.objects.count() == before
    assert (Realisation.objects.count(), CoachingNote.objects.count()) == (0, 0)

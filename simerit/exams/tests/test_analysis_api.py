"""/api/v1/exams/analysis/...: reads for Admin BKPSDM and Auditor, writes for Admin BKPSDM only."""

import math

import pytest

from simerit.audit.models import AuditEvent
from simerit.exams.models import Attempt, BlueprintItem, ItemDecision
from simerit.exams.services import decisions
from simerit.exams.services.analysis import CONTENT_HIDDEN
from simerit.exams.tests.factories import SittingFactory
from simerit.exams.tests.factories_analysis import participant_for, single_answer_blueprint, take

BASE = "/api/v1/exams/analysis"
SMALL = [
    {1: "A", 2: "A", 3: "A"},
    {1: "A", 2: "A", 3: "B"},
    {1: "A", 2: "C", 3: "A"},
    {1: "B", 2: "A"},
    {1: "C", 3: "B"},
]


@pytest.fixture
def blueprint(db):
    blueprint = single_answer_blueprint(3)
    for seed, answers in enumerate(SMALL):
        take(blueprint, answers, seed=seed)
    return blueprint


def version(blueprint, order):
    return BlueprintItem.objects.get(blueprint=blueprint, order=order).question_version


def exams_audit():
    return AuditEvent.objects.filter(action__startswith="exams.").count()


@pytest.mark.parametrize("persona", ["hr_admin", "auditor"])
def test_the_analysis_as_json(client, request, blueprint, persona):
    client.force_login(request.getfixturevalue(persona))
    body = client.get(f"{BASE}/{blueprint.pk}").json()
    assert (body["examinees"], body["flagged"], body["sitting_id"]) == (5, 1, None)
    assert (body["content_hidden"], body["content_note"], body["item_count"]) == (False, None, 3)
    assert body["reliability"] == {"method": "KR-20", "value": pytest.approx(6 / 13)}
    assert [item["difficulty"] for item in body["items"]] == [0.6, 0.6, 0.4]
    assert body["items"][0]["discrimination"] == pytest.approx(math.sqrt(5 / 12))
    assert body["items"][1]["flags"] == ["low_discrimination"]
    third = body["items"][2]
    assert (third["code"], third["version"], third["category"], third["blanks"]) == (
        "TWK-003",
        1,
        "TWK",
        1,
    )
    assert third["options"][:2] == [
        {"key": "A", "count": 2, "upper": 1, "is_key": True},
        {"key": "B", "count": 2, "upper": 1, "is_key": False},
    ]


def test_the_auditor_gets_counts_only_while_a_sitting_has_not_ended(
    client, auditor, hr_admin, blueprint
):
    # given: a later sitting (in an hour) with a participant who has not started
    later = SittingFactory.create(blueprint=blueprint)
    participant_for(blueprint, sitting=later)
    decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="Kunci seharusnya B.",
        actor=hr_admin,
    )
    client.force_login(auditor)
    body = client.get(f"{BASE}/{blueprint.pk}").json()
    assert body == {
        "blueprint_id": blueprint.pk,
        "blueprint_name": blueprint.name,
        "sitting_id": None,
        "results_published_at": None,
        "content_hidden": True,
        "content_note": CONTENT_HIDDEN,
        "sittings": 2,
        "sittings_ended": 1,
        "examinees": 5,
        "item_count": 3,
        "reliability": None,
        "mean_total": None,
        "sd_total": None,
        "flagged": None,
        "items": [],
    }
    per_sitting = client.get(f"{BASE}/{blueprint.pk}", {"sitting": later.pk}).json()
    assert (per_sitting["examinees"], per_sitting["items"]) == (0, [])
    # a decision's reason may name the key
    refused = client.get(f"{BASE}/{blueprint.pk}/decisions")
    assert (refused.status_code, refused.json()["detail"]) == (403, CONTENT_HIDDEN)
    # Admin BKPSDM runs the exam: sees everything
    client.force_login(hr_admin)
    full = client.get(f"{BASE}/{blueprint.pk}").json()
    assert (full["content_hidden"], len(full["items"])) == (False, 3)
    assert full["items"][0]["options"][0]["is_key"] is True
    assert client.get(f"{BASE}/{blueprint.pk}/decisions").status_code == 200


def test_a_sitting_of_another_blueprint_is_a_422(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    foreign = SittingFactory.create()
    response = client.get(f"{BASE}/{blueprint.pk}", {"sitting": foreign.pk})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "sitting", "message": "Sesi ini bukan sesi kisi-kisi ini."}
    ]


@pytest.mark.parametrize("persona", ["applicant", "proctor", "question_writer"])
def test_other_roles_cannot_read(client, request, blueprint, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"{BASE}/{blueprint.pk}").status_code == 403
    assert client.get(f"{BASE}/{blueprint.pk}/decisions").status_code == 403


def test_anonymous_callers_get_401(client, blueprint):
    assert client.get(f"{BASE}/{blueprint.pk}").status_code == 401


def test_admin_annuls_lists_rescores_and_withdraws(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    item = version(blueprint, 2)
    created = client.post(
        f"{BASE}/{blueprint.pk}/decisions",
        {"question_version_id": item.pk, "mode": "credit_all", "reason": "Dua jawaban benar."},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["question_code"], body["mode"], body["decided_by"]) == (
        "TWK-002",
        "credit_all",
        "Admin BKPSDM",
    )
    listed = client.get(f"{BASE}/{blueprint.pk}/decisions").json()
    assert [row["id"] for row in listed] == [body["id"]]
    rescored = client.post(f"{BASE}/{blueprint.pk}/rescore").json()
    assert (rescored["attempts"], rescored["changed"]) == (5, 2)
    again = client.post(f"{BASE}/{blueprint.pk}/rescore").json()
    assert (again["changed"], again["digest"]) == (0, rescored["digest"])
    withdrawn = client.post(
        f"{BASE}/{blueprint.pk}/decisions/{body['id']}/withdraw",
        {"reason": "Keliru."},
        content_type="application/json",
    )
    assert withdrawn.status_code == 204
    assert not ItemDecision.objects.exists()


def test_a_second_decision_is_a_409_and_bad_input_a_422(client, hr_admin, blueprint):
    client.force_login(hr_admin)
    item = version(blueprint, 1)
    url = f"{BASE}/{blueprint.pk}/decisions"
    payload = {"question_version_id": item.pk, "mode": "drop", "reason": "A."}
    assert client.post(url, payload, content_type="application/json").status_code == 201
    second = client.post(url, payload, content_type="application/json")
    assert (second.status_code, second.json()["code"]) == (409, "conflict")
    blank = client.post(
        url,
        {"question_version_id": version(blueprint, 2).pk, "mode": "drop", "reason": " "},
        content_type="application/json",
    )
    assert blank.status_code == 422
    assert blank.json()["errors"] == [
        {"field": "reason", "message": "Alasan keputusan wajib diisi."}
    ]
    wrong_mode = client.post(
        url,
        {"question_version_id": version(blueprint, 2).pk, "mode": "hapus", "reason": "B."},
        content_type="application/json",
    )
    assert wrong_mode.status_code == 422
    assert ItemDecision.objects.count() == 1


def test_the_auditor_cannot_write_and_nothing_changes(client, auditor, hr_admin, blueprint):
    decision = decisions.annul_item(
        blueprint=blueprint,
        question_version=version(blueprint, 1),
        mode="drop",
        reason="A.",
        actor=hr_admin,
    )
    before = (exams_audit(), list(Attempt.objects.order_by("id").values_list("total", flat=True)))
    client.force_login(auditor)
    responses = [
        client.post(
            f"{BASE}/{blueprint.pk}/decisions",
            {"question_version_id": version(blueprint, 2).pk, "mode": "drop", "reason": "B."},
            content_type="application/json",
        ),
        client.post(
            f"{BASE}/{blueprint.pk}/decisions/{decision.pk}/withdraw",
            {"reason": "C."},
            content_type="application/json",
        ),
        client.post(f"{BASE}/{blueprint.pk}/rescore"),
    ]
    assert [response.status_code for response in responses] == [403, 403, 403]
    assert responses[0].json()["detail"] == (
        "Hanya Admin BKPSDM yang dapat menganulir soal dan menilai ulang."
    )
    assert list(ItemDecision.objects.values_list("pk", flat=True)) == [decision.pk]
    after = (exams_audit(), list(Attempt.objects.order_by("id").values_list("total", flat=True)))
    assert after == before


def test_unknown_blueprint_is_404(client, hr_admin, db):
    client.force_login(hr_admin)
    assert client.get(f"{BASE}/999999").status_code == 404
    assert client.post(f"{BASE}/999999/rescore").status_code == 404

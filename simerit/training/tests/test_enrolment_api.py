"""/api/v1/training/enrolments..., /classes/{id}/nominations|assignments and /approvals."""

import pytest

from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.tests.factories import EnrolmentFactory, TrainingClassFactory
from simerit.training.tests.factories_enrolment import (
    employee_of,
    fill,
    klass_fixture,  # noqa: F401
    make_member,
    small_class_fixture,  # noqa: F401
    snapshot,
    waitlisted,
)

BASE = "/api/v1/training"


def post(client, path, data):
    return client.post(f"{BASE}{path}", data, content_type="application/json")


def test_employee_enrols_and_the_supervisor_approves_into_the_waitlist(
    client, small_class, employee, supervisor
):
    # given
    fill(small_class, 2)
    client.force_login(employee)

    # when
    created = post(client, "/enrolments", {"class_id": small_class.pk, "motivation": "Perlu."})
    client.force_login(supervisor)
    queue = client.get(f"{BASE}/approvals").json()
    approved = post(client, f"/enrolments/{created.json()['id']}/approve", {})

    # then
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    assert created.json()["message"] == (
        "Permintaan terkirim dan menunggu persetujuan atasan langsung."
    )
    assert queue["count"] == 1
    assert queue["items"][0]["seats_left"] == 0
    assert queue["items"][0]["has_supervisor"] is True
    assert approved.status_code == 200
    body = approved.json()
    assert (body["status"], body["waitlist_position"]) == ("waitlisted", 1)
    assert body["message"].endswith(
        "Kelas sudah penuh; peserta masuk daftar tunggu pada urutan ke-1."
    )


def test_duplicate_is_409_and_a_closed_class_is_400(client, klass, employee):
    EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    closed = TrainingClassFactory.create(status=TrainingClass.Status.CLOSED)
    client.force_login(employee)
    before = snapshot()

    duplicate = post(client, "/enrolments", {"class_id": klass.pk})
    refused = post(client, "/enrolments", {"class_id": closed.pk})

    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == "Anda sudah terdaftar/mengajukan kelas ini."
    assert refused.status_code == 400
    assert refused.json()["detail"] == "Kelas ini tidak sedang membuka pendaftaran."
    assert snapshot() == before


def test_unknown_or_invisible_class_is_404(client, employee, org):
    hidden = TrainingClassFactory.create(work_unit=org.disdik)
    client.force_login(employee)

    assert post(client, "/enrolments", {"class_id": hidden.pk}).status_code == 404
    assert post(client, "/enrolments", {"class_id": 999999}).status_code == 404
    assert Enrolment.objects.exists() is False


def test_reject_needs_a_reason_and_a_decider(client, klass, employee, supervisor):
    pending = EnrolmentFactory.create(
        training_class=klass, employee=employee_of(employee), status="pending"
    )
    client.force_login(employee)
    before = snapshot()
    denied = post(client, f"/enrolments/{pending.pk}/reject", {"reason": "Tidak."})
    client.force_login(supervisor)
    blank = post(client, f"/enrolments/{pending.pk}/reject", {"reason": " "})
    assert snapshot() == before
    rejected = post(client, f"/enrolments/{pending.pk}/reject", {"reason": "Beban kerja."})

    assert denied.status_code == 403
    assert blank.status_code == 422
    assert blank.json()["errors"] == [
        {"field": "reason", "message": "Alasan penolakan wajib diisi."}
    ]
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["decision_note"]) == (
        "rejected",
        "Beban kerja.",
    )


def test_supervisor_nominates_and_hr_assigns(client, small_class, supervisor, hr_admin):
    members = [make_member(supervisor), make_member(supervisor)]
    outsider = EmployeeFactory.create()
    client.force_login(supervisor)

    nominated = post(
        client,
        f"/classes/{small_class.pk}/nominations",
        {"employee_ids": [member.pk for member in members]},
    )
    client.force_login(hr_admin)
    assigned = post(client, f"/classes/{small_class.pk}/assignments", {"nip": outsider.nip})

    assert nominated.status_code == 201
    assert [row["status"] for row in nominated.json()] == ["enrolled", "enrolled"]
    assert [row["route"] for row in nominated.json()] == ["nominated", "nominated"]
    assert assigned.status_code == 201
    assert (assigned.json()["route"], assigned.json()["status"]) == ("assigned", "waitlisted")
    assert assigned.json()["waitlist_position"] == 1


def test_nomination_refusals(client, klass, supervisor, other_opd_employee):
    client.force_login(supervisor)
    before = snapshot()

    outside = post(
        client, f"/classes/{klass.pk}/nominations", {"employee_ids": [other_opd_employee.pk]}
    )
    unknown = post(client, f"/classes/{klass.pk}/nominations", {"employee_ids": [999999]})
    empty = post(client, f"/classes/{klass.pk}/nominations", {"employee_ids": []})

    assert outside.status_code == 403
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "employee_ids"
    assert empty.status_code == 422
    assert snapshot() == before


def test_assignment_is_for_hr_only(client, klass, supervisor, other_opd_employee):
    client.force_login(supervisor)
    before = snapshot()

    response = post(client, f"/classes/{klass.pk}/assignments", {"nip": other_opd_employee.nip})

    assert response.status_code == 403
    assert snapshot() == before


def test_cancel_promotes_the_waitlist(client, small_class, employee, supervisor):
    fill(small_class, 1)
    mine = EnrolmentFactory.create(training_class=small_class, employee=employee_of(employee))
    waiting = waitlisted(small_class, make_member(supervisor), minutes_ago=5)
    client.force_login(employee)

    response = post(client, f"/enrolments/{mine.pk}/cancel", {"reason": "Dinas luar."})

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "Dinas luar."
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.ENROLLED


def test_my_enrolments_lists_only_mine_with_a_status_filter(client, klass, employee):
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    EnrolmentFactory.create(training_class=klass, employee=make_member(employee_of(employee)))
    client.force_login(employee)

    listed = client.get(f"{BASE}/enrolments/mine").json()
    filtered = client.get(f"{BASE}/enrolments/mine", {"status": "pending"}).json()
    bad = client.get(f"{BASE}/enrolments/mine", {"status": "entah"})

    assert listed["count"] == 1
    assert listed["items"][0]["id"] == mine.pk
    assert listed["items"][0]["employee_nip"] == employee_of(employee).nip
    assert "nik" not in listed["items"][0]
    assert filtered["count"] == 0
    assert bad.status_code == 422


@pytest.mark.parametrize("persona", ["employee", "auditor"])
def test_approvals_are_403_for_non_deciders(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(f"{BASE}/approvals").status_code == 403


def test_anonymous_is_401(client, klass):
    assert post(client, "/enrolments", {"class_id": klass.pk}).status_code == 401
    assert Enrolment.objects.exists() is False

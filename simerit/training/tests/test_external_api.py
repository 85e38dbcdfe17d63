from decimal import Decimal

import pytest

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.organization import services as org_services
from simerit.recruitment.tests.samples import (
    media_fixture,  # noqa: F401
    pdf_bytes,
    upload,
)
from simerit.training.models import ExternalTraining
from simerit.training.tests.factories_records import (
    PDF,
    ExternalTrainingFactory,
    employee_record,
    staff_record,
)

API = "/api/v1/training/external-trainings"


def fields(**changes):
    data = {
        "title": "Pelatihan Jarak Jauh Pengadaan",
        "provider": "LKPP",
        "kind": "fungsional",
        "starts_on": "2026-09-01",
        "ends_on": "2026-09-03",
        "jp_claimed": "24",
    }
    data.update(changes)
    return data


@pytest.fixture(name="record")
def record_fixture(employee, media):
    return ExternalTrainingFactory.create(employee=employee_record(employee))


def test_an_employee_submits_a_course_as_multipart(client, employee, media):
    client.force_login(employee)

    response = client.post(API, {**fields(), "file": upload("s.pdf", pdf_bytes())})

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted"
    assert body["jp_claimed"] == "24.0"
    assert body["jp_validated"] is None
    assert body["file_url"] == f"/pelatihan/eksternal/{body['id']}/berkas/"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"jp_claimed": "-1"}, "jp_claimed"),
        ({"jp_claimed": "31"}, "jp_claimed"),
        ({"ends_on": "2026-08-31"}, "ends_on"),
    ],
)
def test_bad_input_over_the_api_is_a_422_on_the_field(client, employee, media, changes, field):
    client.force_login(employee)

    response = client.post(API, {**fields(**changes), "file": upload("s.pdf", pdf_bytes())})

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert ExternalTraining.objects.exists() is False


def test_an_employee_lists_and_reads_their_records(client, employee, record):
    client.force_login(employee)

    listed = client.get(API).json()
    detail = client.get(f"{API}/{record.pk}").json()
    file = client.get(f"{API}/{record.pk}/file")

    assert [item["id"] for item in listed["items"]] == [record.pk]
    assert detail["title"] == record.title
    assert b"".join(file.streaming_content) == PDF


def test_the_owner_corrects_and_withdraws(client, employee, record):
    client.force_login(employee)

    corrected = client.put(
        f"{API}/{record.pk}",
        fields(jp_claimed="20", kind="elearning"),
        content_type="application/json",
    )
    withdrawn = client.delete(f"{API}/{record.pk}")

    assert corrected.status_code == 200
    assert corrected.json()["jp_claimed"] == "20.0"
    assert withdrawn.status_code == 204
    assert ExternalTraining.objects.exists() is False


def test_hr_reviews_over_the_api(client, hr_admin, record):
    client.force_login(hr_admin)

    queue = client.get(f"{API}/review", {"status": "submitted"}).json()
    too_much = client.post(
        f"{API}/{record.pk}/validate", {"jp_validated": "12.5"}, content_type="application/json"
    )
    validated = client.post(
        f"{API}/{record.pk}/validate", {"jp_validated": "12"}, content_type="application/json"
    )
    again = client.post(
        f"{API}/{record.pk}/reject", {"reason": "Salah."}, content_type="application/json"
    )

    assert [item["id"] for item in queue["items"]] == [record.pk]
    assert too_much.status_code == 422
    assert [error["field"] for error in too_much.json()["errors"]] == ["jp_validated"]
    assert validated.json()["status"] == "validated"
    assert validated.json()["jp_validated"] == "12.0"
    assert again.status_code == 409
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.VALIDATED
    assert record.jp_validated == Decimal("12.0")
    assert record.review_note == ""
    assert record.reviewed_by == hr_admin
    assert list(
        AuditEvent.objects.filter(action__startswith="training.external").values_list(
            "action", flat=True
        )
    ) == ["training.external_training.validated"]


def test_too_much_jp_over_the_api_changes_nothing(client, hr_admin, record):
    client.force_login(hr_admin)

    response = client.post(
        f"{API}/{record.pk}/validate", {"jp_validated": "12.5"}, content_type="application/json"
    )

    assert response.status_code == 422
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.SUBMITTED
    assert record.jp_validated is None
    assert record.reviewed_by is None
    assert AuditEvent.objects.filter(action__startswith="training.external").exists() is False


def test_an_employee_may_not_review_over_the_api(client, employee, record):
    client.force_login(employee)

    assert client.get(f"{API}/review").status_code == 403
    response = client.post(
        f"{API}/{record.pk}/validate", {"jp_validated": "12"}, content_type="application/json"
    )

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.SUBMITTED
    assert record.jp_validated is None
    assert AuditEvent.objects.filter(action__startswith="training.external").exists() is False


def test_another_opd_admin_cannot_see_the_record(client, record, org):
    other_admin = UserFactory.create(roles=[Role.ADMIN_OPD])
    org_services.assign_opd_admin(user=other_admin, work_unit=org.disdik, actor=None)
    client.force_login(other_admin)

    assert client.get(f"{API}/{record.pk}").status_code == 404
    assert client.delete(f"{API}/{record.pk}").status_code == 404
    assert ExternalTraining.objects.get().jp_claimed == Decimal("12.0")


def test_the_api_needs_a_login(client, record):
    assert client.get(API).status_code == 401


def test_hr_may_not_review_their_own_record_over_the_api(client, hr_admin, org, media):
    own = ExternalTrainingFactory.create(employee=staff_record(hr_admin, work_unit=org.dinkes))
    client.force_login(hr_admin)

    validated = client.post(
        f"{API}/{own.pk}/validate", {"jp_validated": "12"}, content_type="application/json"
    )
    rejected = client.post(
        f"{API}/{own.pk}/reject", {"reason": "Salah."}, content_type="application/json"
    )

    assert (validated.status_code, rejected.status_code) == (403, 403)
    assert "pelatihan eksternal Anda sendiri" in validated.json()["detail"]
    own.refresh_from_db()
    assert (own.status, own.jp_validated, own.reviewed_by) == (
        ExternalTraining.Status.SUBMITTED,
        None,
        None,
    )
    assert AuditEvent.objects.filter(action__startswith="training.external").exists() is False

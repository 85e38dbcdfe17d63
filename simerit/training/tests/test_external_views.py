from decimal import Decimal

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.recruitment.tests.samples import (
    EXECUTABLE,
    media_fixture,  # noqa: F401
    pdf_bytes,
    stored_files,
    upload,
)
from simerit.training.models import ExternalTraining
from simerit.training.tests.factories_records import (
    PDF,
    ExternalTrainingFactory,
    employee_record,
    staff_record,
)

LIST = reverse("training:external-list")
REVIEW = reverse("training:external-review")


def form_data(**changes):
    data = {
        "title": "Webinar Manajemen Risiko",
        "provider": "BPKP",
        "kind": "seminar",
        "starts_on": "2026-11-10",
        "ends_on": "2026-11-10",
        "jp_claimed": "4",
        "certificate_number": "",
        "file": upload("sertifikat.pdf", pdf_bytes()),
    }
    data.update(changes)
    return data


@pytest.fixture(name="record")
def record_fixture(employee, media):
    return ExternalTrainingFactory.create(employee=employee_record(employee))


def test_the_employee_sees_the_empty_list_and_the_form(client, employee):
    client.force_login(employee)

    html = client.get(LIST).content.decode()

    assert 'data-testid="empty-state"' in html
    assert 'data-testid="external-form"' in html
    assert "10 JP per hari" in html


def test_the_employee_records_a_course(client, employee, media):
    client.force_login(employee)

    response = client.post(LIST, form_data())

    assert response.status_code == 302
    record = ExternalTraining.objects.get()
    assert record.title == "Webinar Manajemen Risiko"
    assert record.jp_claimed == Decimal("4.0")
    page = client.get(LIST).content.decode()
    assert "Webinar Manajemen Risiko" in page
    assert "Menunggu validasi" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"jp_claimed": "-2"}, "JP yang diajukan tidak boleh negatif"),
        ({"jp_claimed": "5000"}, "paling banyak 999,9"),
        ({"jp_claimed": "11"}, "melebihi batas 10 JP"),
        ({"ends_on": "2026-12-01", "starts_on": "2026-12-01"}, "tidak boleh di masa depan"),
        ({"file": upload("sertifikat.pdf", EXECUTABLE)}, "bukan PDF, JPG, atau PNG"),
    ],
)
def test_a_refused_course_is_shown_again_with_the_message(
    client, employee, media, changes, message
):
    client.force_login(employee)

    response = client.post(LIST, form_data(**changes))

    assert response.status_code == 422
    assert message in response.content.decode()
    assert ExternalTraining.objects.exists() is False
    assert stored_files(media) == []


def test_an_account_without_employee_record_gets_no_form_and_may_not_post(client, auditor, media):
    client.force_login(auditor)

    assert 'data-testid="no-employee"' in client.get(LIST).content.decode()
    assert client.post(LIST, form_data()).status_code == 403
    assert ExternalTraining.objects.exists() is False


def test_the_owner_supervisor_and_hr_download_the_file(
    client, record, employee, supervisor, hr_admin
):
    url = reverse("training:external-file", args=[record.pk])
    for user in (employee, supervisor, hr_admin):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert f"sertifikat-eksternal-{record.pk}.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_others_get_404_for_the_file(client, record, other_opd_employee):
    stranger = UserFactory.create(roles=[Role.PEGAWAI])
    other_opd_employee.user = stranger
    other_opd_employee.save(update_fields=["user"])
    client.force_login(stranger)

    assert client.get(reverse("training:external-file", args=[record.pk])).status_code == 404
    assert client.post(reverse("training:external-withdraw", args=[record.pk])).status_code == 404
    assert ExternalTraining.objects.count() == 1


def test_the_owner_withdraws_and_the_supervisor_may_not(client, record, employee, supervisor):
    url = reverse("training:external-withdraw", args=[record.pk])
    client.force_login(supervisor)
    assert client.post(url).status_code == 403
    assert ExternalTraining.objects.count() == 1

    client.force_login(employee)
    assert client.post(url).status_code == 302
    assert ExternalTraining.objects.exists() is False


def test_the_owner_edits_a_waiting_record(client, record, employee):
    url = reverse("training:external-edit", args=[record.pk])
    client.force_login(employee)

    page = client.get(url)
    data = form_data(title="Kursus Analisis Data (diperbaiki)", starts_on="2026-10-05")
    data.pop("file")
    response = client.post(url, data)

    assert page.status_code == 200
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.title == "Kursus Analisis Data (diperbaiki)"
    assert record.starts_on.isoformat() == "2026-10-05"


def test_only_the_owner_opens_the_edit_page(client, record, supervisor, other_opd_employee):
    url = reverse("training:external-edit", args=[record.pk])
    client.force_login(supervisor)
    assert client.get(url).status_code == 403

    stranger = UserFactory.create(roles=[Role.PEGAWAI])
    other_opd_employee.user = stranger
    other_opd_employee.save(update_fields=["user"])
    client.force_login(stranger)
    assert client.get(url).status_code == 404


# --- HR queue


def test_hr_sees_the_waiting_records_and_validates_one(client, hr_admin, record):
    client.force_login(hr_admin)

    page = client.get(REVIEW).content.decode()
    assert record.title in page
    assert record.employee.nip in page
    assert 'data-testid="validate-form"' in page

    response = client.post(
        reverse("training:external-validate", args=[record.pk]), {"jp_validated": "10", "note": ""}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#eksternal-{record.pk}")
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.VALIDATED
    assert record.jp_validated == Decimal("10.0")
    card = f'data-testid="review-{record.pk}"'
    assert card not in client.get(REVIEW).content.decode()
    assert card in client.get(REVIEW, {"status": "validated"}).content.decode()


def test_a_validation_above_the_claim_is_refused_with_a_message(client, hr_admin, record):
    client.force_login(hr_admin)

    response = client.post(
        reverse("training:external-validate", args=[record.pk]),
        {"jp_validated": "13", "note": ""},
        follow=True,
    )

    assert "tidak boleh melebihi JP yang diajukan (12)" in response.content.decode()
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.SUBMITTED


def test_hr_rejects_with_a_reason(client, hr_admin, record):
    client.force_login(hr_admin)
    url = reverse("training:external-reject", args=[record.pk])

    client.post(url, {"reason": ""})
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.SUBMITTED

    client.post(url, {"reason": "Sertifikat tidak terbaca."})
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.REJECTED


def test_hr_gets_no_buttons_for_their_own_record_and_may_not_decide_it(
    client, hr_admin, org, media
):
    own = ExternalTrainingFactory.create(
        employee=staff_record(hr_admin, work_unit=org.dinkes), jp_claimed=Decimal("12.5")
    )
    client.force_login(hr_admin)

    page = client.get(REVIEW).content.decode()
    validated = client.post(
        reverse("training:external-validate", args=[own.pk]), {"jp_validated": "12"}
    )
    rejected = client.post(reverse("training:external-reject", args=[own.pk]), {"reason": "x"})

    assert 'data-testid="own-record"' in page
    assert 'data-testid="validate-form"' not in page
    assert "JP diajukan: <strong>12,5</strong>" in page
    assert (validated.status_code, rejected.status_code) == (403, 403)
    own.refresh_from_db()
    assert (own.status, own.jp_validated, own.reviewed_by) == (
        ExternalTraining.Status.SUBMITTED,
        None,
        None,
    )
    assert AuditEvent.objects.filter(action__startswith="training.external").exists() is False


def test_the_auditor_reads_the_queue_but_may_not_decide(client, auditor, record):
    client.force_login(auditor)

    page = client.get(REVIEW)
    response = client.post(
        reverse("training:external-validate", args=[record.pk]), {"jp_validated": "12"}
    )

    assert page.status_code == 200
    assert 'data-testid="validate-form"' not in page.content.decode()
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.SUBMITTED
    assert AuditEvent.objects.filter(action__startswith="training.external").exists() is False


@pytest.mark.parametrize("persona", ["employee", "supervisor", "opd_admin"])
def test_others_may_not_open_the_queue_or_decide(client, request, persona, record):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(REVIEW).status_code == 403
    assert (
        client.post(
            reverse("training:external-reject", args=[record.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    record.refresh_from_db()
    assert record.status == ExternalTraining.Status.SUBMITTED


def test_the_queue_is_searchable_and_has_an_empty_state(client, hr_admin, record):
    client.force_login(hr_admin)

    assert record.title in client.get(REVIEW, {"q": record.employee.nip[:8]}).content.decode()
    html = client.get(REVIEW, {"q": "tidak ada yang cocok"}).content.decode()
    assert 'data-testid="empty-state"' in html

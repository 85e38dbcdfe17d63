"""Who reads an assigned application and its files: a verifier only while still a verifier,
without a conflict with the applicant, and (for finished work) while the period runs."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.recruitment.models import SelectionPeriod, StaffFamilyCard, VerificationAssignment
from simerit.recruitment.permissions import is_assigned_verifier
from simerit.recruitment.tests.test_verification_support import (
    PDF,
    assign,
    counts,
    make_verifier,
    private_media,
    submitted_application,
)

API = "/api/v1/recruitment/verification"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def holder(db):
    return make_verifier(username="v.pemeriksa")


@pytest.fixture
def application(holder):
    application = submitted_application()
    assign(application, holder)
    return application


def take_role_away(user, *, keep=()):
    user.groups.set(Group.objects.filter(name__in=[role.value for role in keep]))
    user.__dict__.pop("roles", None)


def finish(application):
    SelectionPeriod.objects.filter(pk=application.period_id).update(
        status=SelectionPeriod.Status.FINISHED
    )


def complete(application):
    VerificationAssignment.objects.filter(application=application).update(
        completed_at=application.submitted_at
    )


# --- The rule


def test_the_assigned_verifier_may_read(holder, application):
    assert is_assigned_verifier(holder, application) is True


def test_a_verifier_whose_role_was_removed_may_not(holder, application):
    take_role_away(holder, keep=[Role.PEGAWAI])
    assert is_assigned_verifier(holder, application) is False


def test_a_verifier_in_conflict_with_the_applicant_may_not(holder, application):
    StaffFamilyCard.objects.create(user=holder, kk_number=application.applicant.kk_number)
    assert is_assigned_verifier(holder, application) is False


def test_a_verifier_without_an_assignment_may_not(application):
    assert is_assigned_verifier(make_verifier(), application) is False


def test_completed_work_stays_readable_until_the_period_is_finished(holder, application):
    complete(application)
    assert is_assigned_verifier(holder, application) is True
    finish(application)
    assert is_assigned_verifier(holder, application) is False


def test_open_work_of_a_finished_period_stays_readable(holder, application):
    finish(application)
    assert is_assigned_verifier(holder, application) is True


# --- The pages (403, nothing served)


@pytest.mark.parametrize("keep", [(), (Role.PEGAWAI,)])
def test_a_former_verifier_gets_403_and_no_file(client, holder, application, keep):
    document = application.documents.get(kind__code="ijazah")
    take_role_away(holder, keep=keep)
    client.force_login(holder)
    before = counts()
    file_response = client.get(reverse("recruitment:document-file", args=[document.pk]))
    review = client.get(reverse("recruitment:verification-review", args=[application.pk]))
    assert (file_response.status_code, review.status_code) == (403, 403)
    assert PDF not in file_response.content
    assert file_response.get("Content-Disposition") is None
    assert counts() == before


def test_a_verifier_in_conflict_gets_403_on_the_file_and_the_review(client, holder, application):
    StaffFamilyCard.objects.create(user=holder, kk_number=application.applicant.kk_number)
    document = application.documents.get(kind__code="ijazah")
    client.force_login(holder)
    before = AuditEvent.objects.count()
    assert client.get(reverse("recruitment:document-file", args=[document.pk])).status_code == 403
    assert (
        client.get(reverse("recruitment:verification-review", args=[application.pk])).status_code
        == 403
    )
    assert AuditEvent.objects.count() == before


def test_finished_work_of_a_finished_period_is_403(client, holder, application):
    complete(application)
    finish(application)
    document = application.documents.get(kind__code="ijazah")
    client.force_login(holder)
    assert client.get(reverse("recruitment:document-file", args=[document.pk])).status_code == 403


# --- The API file route


def test_the_assigned_verifier_downloads_a_document_as_an_attachment(client, holder, application):
    document = application.documents.get(kind__code="ijazah")
    client.force_login(holder)
    response = client.get(f"{API}/applications/{application.pk}/documents/{document.pk}/file")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{application.registration_number}-ijazah.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("case", ["unassigned", "role_removed", "conflict"])
def test_the_api_file_route_refuses_with_403(client, holder, application, case):
    document = application.documents.get(kind__code="ijazah")
    user = holder
    if case == "unassigned":
        user = make_verifier()
    elif case == "role_removed":
        take_role_away(holder, keep=[Role.PEGAWAI])
    else:
        StaffFamilyCard.objects.create(user=holder, kk_number=application.applicant.kk_number)
    client.force_login(user)
    before = counts()
    response = client.get(f"{API}/applications/{application.pk}/documents/{document.pk}/file")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert counts() == before


def test_a_document_of_another_application_is_404(client, holder, application):
    other = submitted_application().documents.earliest("pk")
    client.force_login(holder)
    response = client.get(f"{API}/applications/{application.pk}/documents/{other.pk}/file")
    assert response.status_code == 404


def test_a_verifier_in_conflict_is_told_why_and_what_happens_next(client, holder, application):
    StaffFamilyCard.objects.create(user=holder, kk_number=application.applicant.kk_number)
    client.force_login(holder)
    response = client.get(f"{API}/applications/{application.pk}")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Anda memiliki konflik kepentingan dengan pelamar ini, sehingga tidak boleh memeriksa "
        "atau memutus lamarannya. Penugasan berikutnya mengalihkan tugas ini ke verifikator "
        "lain; Admin BKPSDM juga dapat melepasnya sekarang dari daftar tugas terbuka."
    )

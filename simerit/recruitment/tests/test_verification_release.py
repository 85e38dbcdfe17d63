"""Stuck assignments: HR releases one, the assignment run takes work back from holders who can
no longer do it, and a returned TMS goes back to its confirmer only while they still may."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.core.roles import Role
from simerit.notifications.models import Notification
from simerit.recruitment.models import (
    Application,
    DocumentReview,
    RejectionReason,
    StaffFamilyCard,
    VerificationAssignment,
)
from simerit.recruitment.selectors.verification import assignment_backlog
from simerit.recruitment.services import assignments
from simerit.recruitment.services import verification as services
from simerit.recruitment.tests.test_verification_support import (
    CONFIRMATION,
    FIRST,
    assign,
    counts,
    make_verifier,
    private_media,
    review_all,
    seeded,
    submitted_application,
)

API = "/api/v1/recruitment/verification"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


def remove_verifier_role(user):
    user.groups.remove(Group.objects.get(name=Role.VERIFIKATOR.value))
    user.__dict__.pop("roles", None)


def reviewed_first(application, verifier):
    """An open first assignment with one document reviewed."""
    assignment = assign(application, verifier)
    document = application.documents.get(kind__code="ktp")
    services.review_document(
        application=application, document=document, is_valid=True, actor=verifier
    )
    return assignment


# --- (a) HR releases an open assignment


def test_hr_releases_an_open_assignment_and_it_goes_to_someone_else_at_once(hr_admin):
    # given: a first verifier on leave with a half-done review, and a colleague free
    application = submitted_application()
    away = make_verifier(username="v.cuti")
    colleague = make_verifier(username="v.lain")
    assignment = reviewed_first(application, away)
    # when
    successor = assignments.release_assignment(assignment=assignment, actor=hr_admin, rng=seeded(1))
    # then: the old assignment and its review are gone, the colleague holds it, all audited
    assert successor is not None
    assert successor.verifier == colleague
    assert list(
        VerificationAssignment.objects.values_list("application_id", "verifier_id", "role")
    ) == [(application.pk, colleague.pk, FIRST)]
    assert DocumentReview.objects.exists() is False
    event = AuditEvent.objects.get(action="recruitment.verification_assignment.released")
    assert event.target_id == str(application.pk)
    assert event.changes == {
        "role": "first",
        "verifier": "v.cuti",
        "reviews_removed": 1,
        "reassigned_to": "v.lain",
    }
    notice = Notification.objects.get(user=colleague)
    assert notice.title == "Penugasan verifikasi baru"
    assert assignments.release_summary(application.registration_number, successor) == (
        f"Tugas lamaran {application.registration_number} dilepas dan dialihkan kepada "
        f"{colleague.full_name}."
    )


def test_a_release_never_gives_the_work_back_to_its_holder(hr_admin):
    application = submitted_application()
    only = make_verifier()
    assignment = assign(application, only)
    successor = assignments.release_assignment(assignment=assignment, actor=hr_admin)
    assert successor is None
    assert VerificationAssignment.objects.exists() is False
    assert assignment_backlog(period=application.period).first == 1
    event = AuditEvent.objects.get(action="recruitment.verification_assignment.released")
    assert event.changes["reassigned_to"] is None


def test_a_released_confirmation_never_goes_to_the_first_verifier(hr_admin):
    application = submitted_application()
    first, stuck, third = make_verifier(), make_verifier(), make_verifier()
    first_assignment = assign(application, first)
    VerificationAssignment.objects.filter(pk=first_assignment.pk).update(
        completed_at=application.submitted_at
    )
    Application.objects.filter(pk=application.pk).update(status=Application.Status.TMS_PENDING)
    confirmation = assign(application, stuck, CONFIRMATION)
    successor = assignments.release_assignment(assignment=confirmation, actor=hr_admin)
    assert successor is not None
    assert (successor.verifier, successor.role) == (third, CONFIRMATION)


@pytest.mark.parametrize("persona", ["verifier", "opd_admin", "auditor"])
def test_only_hr_releases(db, request, persona):
    application = submitted_application()
    assignment = reviewed_first(application, make_verifier())
    make_verifier()
    actor = request.getfixturevalue(persona)
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        assignments.release_assignment(assignment=assignment, actor=actor)
    assert str(error.value) == "Hanya Admin BKPSDM yang dapat melepas tugas verifikasi."
    assert counts() == before


def test_a_completed_assignment_cannot_be_released(hr_admin):
    application = submitted_application()
    verifier = make_verifier()
    assign(application, verifier)
    review_all(application, verifier)
    services.decide_application(application=application, actor=verifier)
    make_verifier()
    assignment = VerificationAssignment.objects.get()
    before = counts()
    with pytest.raises(ConflictError) as error:
        assignments.release_assignment(assignment=assignment, actor=hr_admin)
    assert str(error.value) == "Tugas yang sudah selesai tidak dapat dilepas."
    assert counts() == before


def test_hr_releases_from_the_open_assignments_page(client, hr_admin):
    application = submitted_application()
    away = make_verifier(full_name="Verifikator Cuti")
    make_verifier(full_name="Verifikator Pengganti")
    assignment = reviewed_first(application, away)
    client.force_login(hr_admin)
    page = client.get(
        reverse("recruitment:verification-open-assignments"), {"period": application.period_id}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert application.registration_number in html
    assert reverse("recruitment:verification-release", args=[assignment.pk]) in html
    response = client.post(
        reverse("recruitment:verification-release", args=[assignment.pk]), follow=True
    )
    assert (
        f"Tugas lamaran {application.registration_number} dilepas dan dialihkan kepada "
        "Verifikator Pengganti." in response.content.decode()
    )
    assert VerificationAssignment.objects.get().verifier.full_name == "Verifikator Pengganti"


@pytest.mark.parametrize("persona", ["verifier", "opd_admin", "auditor"])
def test_the_release_page_and_action_are_for_hr_only(client, db, request, persona):
    application = submitted_application()
    assignment = reviewed_first(application, make_verifier())
    make_verifier()
    client.force_login(request.getfixturevalue(persona))
    before = counts()
    assert client.get(reverse("recruitment:verification-open-assignments")).status_code == 403
    response = client.post(reverse("recruitment:verification-release", args=[assignment.pk]))
    assert response.status_code == 403
    assert counts() == before


def test_hr_lists_and_releases_over_the_api(client, hr_admin):
    application = submitted_application()
    away = make_verifier(username="v.cuti", is_active=False)
    make_verifier(username="v.lain")
    assignment = assign(application, away)
    client.force_login(hr_admin)
    listing = client.get(f"{API}/assignments/open", {"period_id": application.period_id}).json()
    assert listing["count"] == 1
    item = listing["items"][0]
    assert (item["id"], item["verifier_username"], item["holder_problem"]) == (
        assignment.pk,
        "v.cuti",
        "akun nonaktif",
    )
    response = client.post(f"{API}/assignments/{assignment.pk}/release")
    assert response.status_code == 200
    assert response.json()["reassigned_to"] == "v.lain"
    again = client.post(f"{API}/assignments/{assignment.pk}/release")
    assert again.status_code == 404


def test_releasing_over_the_api_is_403_for_a_verifier(client, verifier):
    application = submitted_application()
    assignment = assign(application, make_verifier())
    client.force_login(verifier)
    before = counts()
    response = client.post(f"{API}/assignments/{assignment.pk}/release")
    assert response.status_code == 403
    assert counts() == before


# --- (b) The run takes work back from holders who can no longer do it


def _stuck(problem):
    holder = make_verifier(username=f"v.{problem}")
    application = submitted_application()
    reviewed_first(application, holder)
    if problem == "inactive":
        holder.is_active = False
        holder.save()
    elif problem == "no_role":
        remove_verifier_role(holder)
    else:
        StaffFamilyCard.objects.create(user=holder, kk_number=application.applicant.kk_number)
    return application, holder


@pytest.mark.parametrize(
    ("problem", "label", "active"),
    [
        ("inactive", "akun nonaktif", 1),
        ("no_role", "tidak lagi berperan verifikator", 1),
        # Still an active verifier, only not for this applicant.
        ("conflict", "konflik kepentingan dengan pelamar", 2),
    ],
)
def test_the_run_releases_and_reassigns_work_of_holders_who_can_no_longer_do_it(
    hr_admin, problem, label, active
):
    application, holder = _stuck(problem)
    colleague = make_verifier(username="v.pengganti")
    assert assignment_backlog(period=application.period).stale == 1
    result = assignments.assign_applications(period=application.period, actor=hr_admin)
    assert (result.released, result.assigned) == (1, 1)
    assert list(VerificationAssignment.objects.values_list("verifier_id", "role")) == [
        (colleague.pk, FIRST)
    ]
    assert DocumentReview.objects.exists() is False
    event = AuditEvent.objects.get(action="recruitment.verification.assigned")
    assert event.changes["released"] == 1
    assert event.changes["released_assignments"] == [
        {
            "registration_number": application.registration_number,
            "role": "first",
            "verifier": holder.username,
            "problem": label,
        }
    ]
    assert result.summary() == (
        f"1 penugasan dibuat untuk {active} verifikator aktif. 1 tugas terbuka dilepas dari "
        "verifikator "
        "yang tidak lagi memenuhi syarat (nonaktif, bukan verifikator, atau konflik "
        "kepentingan) dan ditugaskan ulang."
    )
    assert assignment_backlog(period=application.period).total == 0


def test_the_run_leaves_open_work_of_eligible_holders_alone(hr_admin):
    application = submitted_application()
    holder = make_verifier()
    make_verifier()
    reviewed_first(application, holder)
    result = assignments.assign_applications(period=application.period, actor=hr_admin)
    assert (result.released, result.assigned) == (0, 0)
    assert VerificationAssignment.objects.get().verifier == holder
    assert DocumentReview.objects.count() == 1


# --- (c) A returned TMS goes back to its confirmer only while they still may confirm


def _returned(first, second):
    application = submitted_application()
    assign(application, first)
    review_all(application, first, invalid={"ijazah": RejectionReason.UNREADABLE})
    services.decide_application(application=application, actor=first)
    VerificationAssignment.objects.filter(application=application, role=CONFIRMATION).update(
        verifier=second
    )
    services.return_tms(application=application, note="Periksa lagi ijazahnya.", actor=second)
    return application


@pytest.mark.parametrize("problem", ["inactive", "no_role", "conflict"])
def test_a_returned_tms_gets_a_new_confirmer_when_the_old_one_may_no_longer_confirm(db, problem):
    first, second = make_verifier(username="v.satu"), make_verifier(username="v.dua")
    application = _returned(first, second)
    third = make_verifier(username="v.tiga")
    if problem == "inactive":
        second.is_active = False
        second.save()
    elif problem == "no_role":
        remove_verifier_role(second)
    else:
        StaffFamilyCard.objects.create(user=second, kk_number=application.applicant.kk_number)
    decided = services.decide_application(application=application, actor=first, rng=seeded(4))
    assert decided.status == Application.Status.TMS_PENDING
    confirmation = VerificationAssignment.objects.get(application=application, role=CONFIRMATION)
    assert (confirmation.verifier, confirmation.completed_at) == (third, None)
    event = AuditEvent.objects.filter(action="recruitment.application.verified").latest("seq")
    assert event.changes["confirmation_verifier"] == "v.tiga"


def test_a_returned_tms_waits_for_the_run_when_nobody_else_may_confirm(db):
    first, second = make_verifier(), make_verifier()
    application = _returned(first, second)
    second.is_active = False
    second.save()
    services.decide_application(application=application, actor=first)
    assert not VerificationAssignment.objects.filter(
        application=application, role=CONFIRMATION
    ).exists()
    assert assignment_backlog(period=application.period).confirmation == 1


def test_the_conflict_message_points_to_the_reassignment(hr_admin):
    application = submitted_application()
    holder = make_verifier()
    assign(application, holder)
    StaffFamilyCard.objects.create(user=holder, kk_number=application.applicant.kk_number)
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        services.decide_application(application=application, actor=holder)
    assert str(error.value) == (
        "Anda memiliki konflik kepentingan dengan pelamar ini, sehingga tidak boleh memeriksa "
        "atau memutus lamarannya. Penugasan berikutnya mengalihkan tugas ini ke verifikator "
        "lain; Admin BKPSDM juga dapat melepasnya sekarang dari daftar tugas terbuka."
    )
    assert counts() == before

"""Random, balanced assignment of applications to verifiers without a conflict of interest."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError
from simerit.notifications.models import Notification
from simerit.recruitment.models import (
    Announcement,
    Application,
    ConflictDeclaration,
    RejectionReason,
    Sanggah,
    SelectionPeriod,
    StaffFamilyCard,
    VerificationAssignment,
)
from simerit.recruitment.services import assignments
from simerit.recruitment.services import verification as services
from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory
from simerit.recruitment.tests.test_verification_support import (
    CONFIRMATION,
    FIRST,
    SANGGAH,
    assign,
    counts,
    make_verifier,
    private_media,
    review_all,
    seeded,
    submitted_application,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


def test_assignment_is_balanced_and_audited_once(hr_admin):
    formasi = FormasiFactory.create()
    applications = [submitted_application(formasi=formasi) for _ in range(7)]
    verifiers = [make_verifier() for _ in range(3)]
    result = assignments.assign_applications(
        period=formasi.period, actor=hr_admin, rng=seeded(2026)
    )
    loads = Counter(
        VerificationAssignment.objects.filter(role=FIRST).values_list("verifier_id", flat=True)
    )
    assert sorted(loads.values()) == [2, 2, 3]
    assert set(loads) == {v.pk for v in verifiers}
    assert result.assigned == 7
    assert result.by_role == {"first": 7}
    assert result.unassigned == []
    assert sum(result.per_verifier.values()) == 7
    assert {a.pk for a in applications} == set(
        VerificationAssignment.objects.values_list("application_id", flat=True)
    )
    event = AuditEvent.objects.get(action="recruitment.verification.assigned")
    assert event.changes["assigned"] == 7
    assert event.changes["unassigned"] == 0
    assert Notification.objects.filter(title="Penugasan verifikasi baru").count() == 3


def test_existing_open_work_counts_toward_the_balance(hr_admin):
    formasi = FormasiFactory.create()
    busy, idle = make_verifier(), make_verifier()
    for _ in range(3):
        assign(submitted_application(formasi=formasi), busy)
    new = [submitted_application(formasi=formasi) for _ in range(3)]
    assignments.assign_applications(period=formasi.period, actor=hr_admin, rng=seeded(1))
    holders = set(
        VerificationAssignment.objects.filter(application__in=new).values_list(
            "verifier_id", flat=True
        )
    )
    assert holders == {idle.pk}


def test_the_same_seed_gives_the_same_assignment(hr_admin):
    formasi = FormasiFactory.create()
    for _ in range(6):
        submitted_application(formasi=formasi)
    for _ in range(3):
        make_verifier()
    assignments.assign_applications(period=formasi.period, actor=hr_admin, rng=seeded(7))
    first_run = dict(VerificationAssignment.objects.values_list("application_id", "verifier_id"))
    VerificationAssignment.objects.all().delete()
    assignments.assign_applications(period=formasi.period, actor=hr_admin, rng=seeded(7))
    second_run = dict(VerificationAssignment.objects.values_list("application_id", "verifier_id"))
    assert first_run == second_run


def test_verifier_sharing_the_applicants_kk_is_never_assigned(hr_admin):
    formasi = FormasiFactory.create()
    relative = ApplicantFactory.create(kk_number="1671010101990001")
    application = submitted_application(formasi=formasi, applicant=relative)
    conflicted = make_verifier(username="kerabat")
    StaffFamilyCard.objects.create(user=conflicted, kk_number="1671010101990001")
    before = counts()
    result = assignments.assign_applications(period=formasi.period, actor=hr_admin)
    assert result.assigned == 0
    assert result.unassigned == [application.registration_number]
    assert result.summary() == (
        "0 penugasan dibuat untuk 1 verifikator aktif. 1 lamaran belum dapat ditugaskan karena "
        "tidak ada verifikator yang memenuhi syarat (konflik kepentingan atau sudah menangani "
        "lamaran itu)."
    )
    assert VerificationAssignment.objects.exists() is False
    assert counts()["audit"] == before["audit"] + 1  # the run itself is recorded
    other = make_verifier(username="lain")
    assignments.assign_applications(period=formasi.period, actor=hr_admin)
    assert VerificationAssignment.objects.get().verifier == other


def test_verifier_with_a_declared_relative_is_never_assigned(hr_admin):
    formasi = FormasiFactory.create()
    relative = ApplicantFactory.create()
    submitted_application(formasi=formasi, applicant=relative)
    for _ in range(5):
        submitted_application(formasi=formasi)
    conflicted, other = make_verifier(), make_verifier()
    ConflictDeclaration.objects.create(
        user=conflicted, relative_name=relative.name, relative_nik=relative.nik, relation="adik"
    )
    assignments.assign_applications(period=formasi.period, actor=hr_admin, rng=seeded(3))
    assert VerificationAssignment.objects.get(application__applicant=relative).verifier == other


def test_inactive_and_non_verifier_accounts_get_nothing(hr_admin, assessor):
    formasi = FormasiFactory.create()
    submitted_application(formasi=formasi)
    make_verifier(is_active=False)
    active = make_verifier()
    assignments.assign_applications(period=formasi.period, actor=hr_admin)
    assert VerificationAssignment.objects.get().verifier == active


def test_only_submitted_applications_without_a_first_verifier_are_assigned(hr_admin):
    formasi = FormasiFactory.create()
    verifier = make_verifier()
    done = submitted_application(formasi=formasi)
    assign(done, verifier)
    draft = submitted_application(formasi=formasi)
    Application.objects.filter(pk=draft.pk).update(status=Application.Status.DRAFT)
    waiting = submitted_application(formasi=formasi)
    result = assignments.assign_applications(period=formasi.period, actor=hr_admin)
    assert result.assigned == 1
    assert set(VerificationAssignment.objects.values_list("application_id", flat=True)) == {
        done.pk,
        waiting.pk,
    }


def test_a_run_for_one_formasi_leaves_the_others(hr_admin):
    formasi = FormasiFactory.create()
    other = FormasiFactory.create(period=formasi.period)
    mine = submitted_application(formasi=formasi)
    submitted_application(formasi=other)
    make_verifier()
    assignments.assign_applications(period=formasi.period, formasi=formasi, actor=hr_admin)
    assert list(VerificationAssignment.objects.values_list("application_id", flat=True)) == [
        mine.pk
    ]


def test_pending_tms_and_filed_sanggah_get_a_verifier_who_did_not_decide(hr_admin):
    formasi = FormasiFactory.create()
    first, second = make_verifier(), make_verifier()
    pending = submitted_application(formasi=formasi)
    assign(pending, first)
    review_all(pending, first, invalid={"ktp": RejectionReason.UNREADABLE})
    # Only `first` and `second` exist; hide `second` during the decision so none is free.
    second.is_active = False
    second.save()
    services.decide_application(application=pending, actor=first)
    assert not VerificationAssignment.objects.filter(role=CONFIRMATION).exists()
    second.is_active = True
    second.save()
    result = assignments.assign_applications(period=formasi.period, actor=hr_admin)
    assert result.by_role == {"confirmation": 1}
    assert VerificationAssignment.objects.get(role=CONFIRMATION).verifier == second


def test_sanggah_is_never_assigned_to_the_first_or_second_verifier(hr_admin):
    formasi = FormasiFactory.create()
    first, second, third = make_verifier(), make_verifier(), make_verifier()
    application = submitted_application(formasi=formasi)
    assign(application, first)
    assign(application, second, CONFIRMATION)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.TMS)
    announcement_free_sanggah(application)
    result = assignments.assign_applications(period=formasi.period, actor=hr_admin)
    assert result.by_role == {"sanggah": 1}
    assert VerificationAssignment.objects.get(role=SANGGAH).verifier == third


def announcement_free_sanggah(application):
    """A filed sanggah row without going through publishing (the announcement is not tested here)."""
    announcement = Announcement.objects.create(
        formasi=application.formasi,
        version=1,
        published_at=application.submitted_at,
        sanggah_closes_at=application.submitted_at,
        published_by=make_verifier(is_active=False),
        sha256="0" * 64,
    )
    return Sanggah.objects.create(
        application=application, announcement=announcement, reason="Ijazah saya jelas."
    )


def test_only_admin_bkpsdm_runs_the_assignment(verifier, opd_admin):
    formasi = FormasiFactory.create()
    submitted_application(formasi=formasi)
    before = counts()
    for actor in (verifier, opd_admin):
        with pytest.raises(PermissionDenied) as error:
            assignments.assign_applications(period=formasi.period, actor=actor)
        assert str(error.value) == (
            "Hanya Admin BKPSDM yang dapat menjalankan penugasan verifikasi."
        )
    assert counts() == before


def test_a_run_without_any_active_verifier_is_refused(hr_admin):
    formasi = FormasiFactory.create()
    submitted_application(formasi=formasi)
    before = counts()
    with pytest.raises(ConflictError) as error:
        assignments.assign_applications(period=formasi.period, actor=hr_admin)
    assert str(error.value) == "Belum ada verifikator aktif; tambahkan peran Verifikator dahulu."
    assert counts() == before


def test_assigning_one_verifier_locks_the_period_like_a_run(db, monkeypatch):
    """A TMS handed to a confirmer while a run is under way must wait for the run's loads."""
    application = submitted_application()
    make_verifier()
    locked = []
    original = QuerySet.select_for_update

    def spy(queryset, *args, **kwargs):
        locked.append(queryset.model)
        return original(queryset, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "select_for_update", spy)
    assignment = assignments.assign_one_verifier(
        application=application, role=CONFIRMATION, excluded=set(), rng=seeded(1)
    )
    assert assignment is not None
    assert locked == [SelectionPeriod]

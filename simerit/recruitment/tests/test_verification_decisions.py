"""Reviewing documents, deciding MS/TMS, and the four-eyes confirmation of a TMS."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.notifications.models import Notification
from simerit.organization.models import EducationLevel
from simerit.recruitment.models import (
    Application,
    DocumentReview,
    RejectionReason,
    VerificationAssignment,
)
from simerit.recruitment.selectors import verification as selectors
from simerit.recruitment.services import verification as services
from simerit.recruitment.tests.factories import ApplicantFactory
from simerit.recruitment.tests.test_verification_support import (
    CONFIRMATION,
    FIRST,
    assign,
    counts,
    make_verifier,
    private_media,
    review_all,
    submitted_application,
)

Status = Application.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    private_media(settings, tmp_path)


@pytest.fixture
def first(db):
    return make_verifier(username="verif.satu", full_name="Verifikator Satu")


@pytest.fixture
def second(db):
    return make_verifier(username="verif.dua", full_name="Verifikator Dua")


@pytest.fixture
def application(first):
    application = submitted_application()
    assign(application, first)
    return application


def test_all_valid_documents_and_eligible_applicant_make_ms(application, first):
    review_all(application, first)
    decided = services.decide_application(application=application, actor=first)
    decided.refresh_from_db()
    assert decided.status == Status.MS
    assert decided.result_reasons == []
    assert decided.decided_at is not None
    assert VerificationAssignment.objects.get(application=application, role=FIRST).completed_at
    event = AuditEvent.objects.filter(action="recruitment.application.verified").get()
    assert event.changes["status"] == ["submitted", "ms"]
    notice = Notification.objects.get(user=application.applicant.user)
    assert notice.title == "Hasil verifikasi administrasi: Memenuhi Syarat (MS)"


def test_invalid_document_makes_tms_pending_and_hands_it_to_a_second_verifier(
    application, first, second
):
    review_all(application, first, invalid={"ijazah": RejectionReason.UNREADABLE})
    decided = services.decide_application(application=application, actor=first)
    assert decided.status == Status.TMS_PENDING
    assert decided.decided_at is None
    assert decided.result_reasons == [
        "Ijazah: Berkas tidak terbaca atau buram. Catatan: Ijazah buram di bagian nama."
    ]
    confirmation = VerificationAssignment.objects.get(application=application, role=CONFIRMATION)
    assert confirmation.verifier == second
    assert confirmation.completed_at is None
    assert Notification.objects.filter(user=second, title="Konfirmasi TMS diperlukan").count() == 1


def test_tms_without_four_eyes_takes_effect_at_once(application, first):
    application.period.tms_needs_confirmation = False
    application.period.save()
    review_all(application, first, invalid={"ktp": RejectionReason.WRONG_DOCUMENT})
    decided = services.decide_application(application=application, actor=first)
    assert decided.status == Status.TMS
    assert decided.decided_at is not None
    assert not VerificationAssignment.objects.filter(role=CONFIRMATION).exists()


def test_failed_requirement_makes_tms_with_its_message(first):
    applicant = ApplicantFactory.create(
        education_level=EducationLevel.objects.get(code="SMA"), education_major="IPA"
    )
    application = submitted_application(applicant=applicant)
    application.period.tms_needs_confirmation = False
    application.period.save()
    assign(application, first)
    review_all(application, first)
    decided = services.decide_application(application=application, actor=first)
    assert decided.status == Status.TMS
    assert decided.result_reasons == [
        "Pendidikan Anda tidak sesuai: formasi ini menerima jenjang Sarjana (S-1)."
    ]


def test_missing_required_document_is_a_reason(application, first):
    application.documents.filter(kind__code="ktp").delete()
    application.period.tms_needs_confirmation = False
    application.period.save()
    review_all(application, first)
    decided = services.decide_application(application=application, actor=first)
    assert decided.result_reasons == ["KTP: dokumen wajib tidak diunggah."]


def test_deciding_before_every_document_is_reviewed_is_refused(application, first):
    ijazah = application.documents.get(kind__code="ijazah")
    services.review_document(application=application, document=ijazah, is_valid=True, actor=first)
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.decide_application(application=application, actor=first)
    assert str(error.value) == (
        "Periksa dahulu setiap dokumen sebelum memutuskan; belum diperiksa: KTP."
    )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert counts() == before


def test_invalid_document_needs_a_reason_and_nothing_is_written(application, first):
    document = application.documents.get(kind__code="ijazah")
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.review_document(
            application=application, document=document, is_valid=False, actor=first
        )
    assert error.value.errors == {"reason": ["Pilih alasan mengapa dokumen tidak sah."]}
    assert counts() == before


def test_other_reason_needs_a_note(application, first):
    document = application.documents.get(kind__code="ijazah")
    with pytest.raises(InvalidInputError) as error:
        services.review_document(
            application=application,
            document=document,
            is_valid=False,
            reason=RejectionReason.OTHER,
            actor=first,
        )
    assert error.value.errors == {"note": ["Alasan 'Lainnya' memerlukan catatan."]}
    assert DocumentReview.objects.exists() is False


def test_a_review_can_change_until_the_decision_and_each_change_is_audited(application, first):
    document = application.documents.get(kind__code="ijazah")
    services.review_document(
        application=application,
        document=document,
        is_valid=False,
        reason=RejectionReason.UNREADABLE,
        actor=first,
    )
    services.review_document(application=application, document=document, is_valid=True, actor=first)
    review = DocumentReview.objects.get()
    assert (review.is_valid, review.reason) == (True, "")
    changes = [
        event.changes
        for event in AuditEvent.objects.filter(action="recruitment.document.reviewed").order_by(
            "seq"
        )
    ]
    assert changes == [
        {
            "document": "ijazah",
            "is_valid": [None, False],
            "reason": [None, "unreadable"],
            "note": [None, ""],
        },
        {"document": "ijazah", "is_valid": [False, True], "reason": ["unreadable", ""]},
    ]


def test_verifier_deciding_an_application_assigned_to_someone_else_is_refused(application, second):
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        services.decide_application(application=application, actor=second)
    assert str(error.value) == "Lamaran ini tidak ditugaskan kepada Anda."
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert counts() == before


def test_verifier_reviewing_a_document_of_someone_elses_application_is_refused(application, second):
    document = application.documents.get(kind__code="ktp")
    before = counts()
    with pytest.raises(PermissionDenied):
        services.review_document(
            application=application, document=document, is_valid=True, actor=second
        )
    assert counts() == before


def test_a_document_of_another_application_is_refused(application, first):
    other = submitted_application()
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.review_document(
            application=application,
            document=other.documents.earliest("pk"),
            is_valid=True,
            actor=first,
        )
    assert error.value.errors == {"document": ["Dokumen ini bukan bagian dari lamaran tersebut."]}
    assert counts() == before


def test_a_decided_application_cannot_be_decided_again(application, first):
    review_all(application, first)
    services.decide_application(application=application, actor=first)
    before = counts()
    with pytest.raises(ConflictError) as error:
        services.decide_application(application=application, actor=first)
    assert str(error.value) == "Lamaran ini sudah Anda putuskan; pemeriksaan tidak dapat diubah."
    assert counts() == before


def _pending(application, first, second):
    review_all(application, first, invalid={"ijazah": RejectionReason.UNREADABLE})
    return services.decide_application(application=application, actor=first)


def test_second_verifier_confirms_the_tms(application, first, second):
    _pending(application, first, second)
    confirmed = services.confirm_tms(application=application, actor=second)
    assert confirmed.status == Status.TMS
    assert confirmed.decided_at is not None
    assert confirmed.result_reasons == [
        "Ijazah: Berkas tidak terbaca atau buram. Catatan: Ijazah buram di bagian nama."
    ]
    assert AuditEvent.objects.filter(action="recruitment.application.tms_confirmed").count() == 1
    titles = list(
        Notification.objects.filter(user=application.applicant.user)
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles == [
        "Hasil verifikasi administrasi sementara: TMS",
        "Hasil verifikasi administrasi: Tidak Memenuhi Syarat (TMS)",
    ]


def test_tms_confirmed_by_the_same_verifier_is_refused(application, first, second):
    _pending(application, first, second)
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        services.confirm_tms(application=application, actor=first)
    assert str(error.value) == (
        "Verifikator pertama tidak boleh mengonfirmasi TMS-nya sendiri (prinsip empat mata)."
    )
    application.refresh_from_db()
    assert application.status == Status.TMS_PENDING
    assert counts() == before


def test_tms_confirmed_by_an_unassigned_verifier_is_refused(application, first, second):
    _pending(application, first, second)
    third = make_verifier()
    before = counts()
    with pytest.raises(PermissionDenied) as error:
        services.confirm_tms(application=application, actor=third)
    assert str(error.value) == "Konfirmasi TMS lamaran ini tidak ditugaskan kepada Anda."
    assert counts() == before


def test_second_verifier_returns_the_tms_to_the_first(application, first, second):
    _pending(application, first, second)
    returned = services.return_tms(
        application=application, note="KTP sudah jelas terbaca.", actor=second
    )
    assert returned.status == Status.SUBMITTED
    assert returned.result_reasons == []
    first_assignment = VerificationAssignment.objects.get(application=application, role=FIRST)
    assert first_assignment.completed_at is None
    event = AuditEvent.objects.get(action="recruitment.application.tms_returned")
    assert event.changes["note"] == "KTP sudah jelas terbaca."
    assert Notification.objects.filter(
        user=first, title="TMS dikembalikan untuk ditinjau ulang"
    ).exists()
    # The first verifier changes the verdict and decides again: MS, no second round needed.
    ijazah = application.documents.get(kind__code="ijazah")
    services.review_document(application=application, document=ijazah, is_valid=True, actor=first)
    assert services.decide_application(application=application, actor=first).status == Status.MS


def test_a_second_tms_after_a_return_goes_back_to_the_same_second_verifier(
    application, first, second
):
    _pending(application, first, second)
    make_verifier()  # a third verifier exists but must not take over
    services.return_tms(application=application, note="Periksa lagi ijazahnya.", actor=second)
    again = services.decide_application(application=application, actor=first)
    assert again.status == Status.TMS_PENDING
    confirmation = VerificationAssignment.objects.get(application=application, role=CONFIRMATION)
    assert (confirmation.verifier, confirmation.completed_at) == (second, None)


def test_returning_without_a_note_is_refused(application, first, second):
    _pending(application, first, second)
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.return_tms(application=application, note="  ", actor=second)
    assert error.value.errors == {"note": ["Tulis alasan mengapa TMS ini dikembalikan."]}
    assert counts() == before


def test_no_free_second_verifier_leaves_the_tms_pending_without_assignment(application, first):
    review_all(application, first, invalid={"ijazah": RejectionReason.UNREADABLE})
    decided = services.decide_application(application=application, actor=first)
    assert decided.status == Status.TMS_PENDING
    assert not VerificationAssignment.objects.filter(role=CONFIRMATION).exists()
    event = AuditEvent.objects.get(action="recruitment.application.verified")
    assert event.changes["confirmation_verifier"] is None


def test_a_tms_decision_stores_the_public_reasons_and_a_return_clears_them(
    application, first, second
):
    _pending(application, first, second)
    application.refresh_from_db()
    assert application.public_reasons == ["Ijazah: Berkas tidak terbaca atau buram"]
    services.return_tms(application=application, note="Ijazah terbaca.", actor=second)
    application.refresh_from_db()
    assert (application.result_reasons, application.public_reasons) == ([], [])


def test_an_ms_decision_has_no_public_reasons(application, first):
    review_all(application, first)
    services.decide_application(application=application, actor=first)
    application.refresh_from_db()
    assert application.public_reasons == []


def test_the_return_note_is_kept_on_the_confirmation_and_read_without_the_audit_log(
    client, application, first, second
):
    _pending(application, first, second)
    services.return_tms(application=application, note="KTP sudah jelas terbaca.", actor=second)
    confirmation = VerificationAssignment.objects.get(application=application, role=CONFIRMATION)
    assert confirmation.note == "KTP sudah jelas terbaca."
    with CaptureQueriesContext(connection) as queries:
        note = selectors.latest_return_note(application)
    assert note == "KTP sudah jelas terbaca."
    assert not any("audit_auditevent" in query["sql"] for query in queries.captured_queries)
    client.force_login(first)
    page = client.get(reverse("recruitment:verification-review", args=[application.pk]))
    assert (
        "<strong>Dikembalikan oleh verifikator kedua:</strong> KTP sudah jelas terbaca."
        in page.content.decode()
    )

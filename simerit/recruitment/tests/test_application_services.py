"""Applications: create (one per period, open window, published formasi, eligible), change the
formasi while a draft, submit (documents complete, rules again), with nothing changed on refusal."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.notifications.models import Notification
from simerit.organization.models import EducationLevel
from simerit.recruitment.models import (
    Application,
    ApplicationDocument,
    DocumentKind,
    Formasi,
    FormasiDocument,
    Stage,
    StageWindow,
)
from simerit.recruitment.services import applications as services
from simerit.recruitment.services import documents as document_services
from simerit.recruitment.tests.factories import ApplicantFactory, FormasiFactory, open_windows
from simerit.recruitment.tests.samples import (  # noqa: F401 (fixtures)
    jpeg_bytes,
    media_fixture,
    open_formasi_fixture,
    pdf_bytes,
    ready_applicant_fixture,
    stored_files,
    upload,
)


def counts():
    return (Application.objects.count(), AuditEvent.objects.count(), Notification.objects.count())


def apply(applicant, formasi):
    return services.create_application(applicant=applicant, formasi=formasi, actor=applicant.user)


def add_documents(application, *codes):
    files = {"ktp": ("ktp.jpg", jpeg_bytes()), "ijazah": ("ijazah.pdf", pdf_bytes())}
    for code in codes:
        name, content = files[code]
        document_services.upload_document(
            application=application,
            kind=DocumentKind.objects.get(code=code),
            upload=upload(name, content),
            actor=application.applicant.user,
        )


def test_create_application_gives_a_draft_with_number_and_receipt_key(
    open_formasi, ready_applicant
):
    application = apply(ready_applicant, open_formasi)

    assert application.status == Application.Status.DRAFT
    assert re.fullmatch(r"2026-CPNS-\d{6}", application.registration_number)
    assert len(application.receipt_key) == 43
    assert (application.period, application.formasi) == (open_formasi.period, open_formasi)
    event = AuditEvent.objects.get(action="recruitment.application.created")
    assert event.changes == {
        "registration_number": application.registration_number,
        "formasi": open_formasi.code,
    }


def test_second_application_in_the_same_period_is_a_conflict(open_formasi, ready_applicant):
    apply(ready_applicant, open_formasi)
    other = FormasiFactory.create(period=open_formasi.period)
    before = counts()

    with pytest.raises(ConflictError) as error:
        apply(ready_applicant, other)

    assert error.value.message == "Anda sudah memiliki lamaran pada periode ini."
    assert counts() == before


def test_the_database_constraint_also_answers_a_conflict(
    open_formasi, ready_applicant, monkeypatch
):
    """Two requests at once both pass the first check; the unique constraint stops the second."""
    apply(ready_applicant, open_formasi)
    monkeypatch.setattr(services, "has_application", lambda **kwargs: False)
    before = counts()

    with pytest.raises(ConflictError) as error:
        apply(ready_applicant, open_formasi)

    assert error.value.message == "Anda sudah memiliki lamaran pada periode ini."
    assert counts() == before


def test_age_over_the_limit_is_refused_in_plain_words(open_formasi):
    applicant = ApplicantFactory.create(birth_date=dt.date(1990, 1, 1))
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        apply(applicant, open_formasi)

    assert error.value.errors == {
        "formasi": ["Usia Anda pada 1 Agustus 2026 adalah 36 tahun 7 bulan; batas usia 35 tahun."]
    }
    assert counts() == before


def test_unconfirmed_email_cannot_apply(open_formasi):
    applicant = ApplicantFactory.create(email_confirmed_at=None)
    before = counts()

    with pytest.raises(PermissionDenied) as error:
        apply(applicant, open_formasi)

    assert str(error.value) == services.EMAIL_NOT_CONFIRMED
    assert counts() == before


def test_outside_the_registration_window_is_refused(ready_applicant, db):
    formasi = FormasiFactory.create()
    open_windows(formasi.period, now=timezone.now() + dt.timedelta(days=30))
    window = StageWindow.objects.get(period=formasi.period, stage=Stage.REGISTRATION)
    before = counts()

    with pytest.raises(ConflictError) as early:
        apply(ready_applicant, formasi)
    window.opens_at = timezone.now() - dt.timedelta(days=9)
    window.closes_at = timezone.now() - dt.timedelta(days=1)
    window.save()
    with pytest.raises(ConflictError) as late:
        apply(ready_applicant, formasi)

    opens = timezone.localtime(timezone.now() + dt.timedelta(days=20))
    assert early.value.message.startswith(
        f"Pendaftaran {formasi.period} baru dibuka {opens:%d-%m-%Y}"
    )
    assert late.value.message == (
        f"Masa pendaftaran {formasi.period} sudah ditutup atau belum dijadwalkan."
    )
    assert counts() == before


def test_a_formasi_that_is_not_published_is_refused(ready_applicant, db):
    formasi = FormasiFactory.create(status=Formasi.Status.DRAFT)
    open_windows(formasi.period)

    with pytest.raises(InvalidInputError) as error:
        apply(ready_applicant, formasi)

    assert error.value.errors == {"formasi": ["Formasi ini tidak sedang dibuka untuk pendaftaran."]}
    assert Application.objects.exists() is False


def test_change_formasi_while_draft_keeps_the_documents_still_asked(
    open_formasi, ready_applicant, media, django_capture_on_commit_callbacks
):
    application = apply(ready_applicant, open_formasi)
    add_documents(application, "ktp", "ijazah")
    other = FormasiFactory.create(period=open_formasi.period, requirements=False)
    FormasiDocument.objects.create(
        formasi=other, kind=DocumentKind.objects.get(code="ijazah"), formats=["pdf"], max_kb=800
    )
    ktp_file = ApplicationDocument.objects.get(kind__code="ktp").file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.change_formasi(application=application, formasi=other, actor=ready_applicant.user)

    application.refresh_from_db()
    assert application.formasi == other
    assert list(application.documents.values_list("kind__code", flat=True)) == ["ijazah"]
    assert ktp_file not in stored_files(media)
    event = AuditEvent.objects.get(action="recruitment.application.formasi_changed")
    assert event.changes == {
        "formasi": [open_formasi.code, other.code],
        "documents_removed": ["ktp"],
    }


def test_change_formasi_rechecks_eligibility(open_formasi, ready_applicant):
    application = apply(ready_applicant, open_formasi)
    other = FormasiFactory.create(period=open_formasi.period, requirements=False, max_age=20)
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.change_formasi(application=application, formasi=other, actor=ready_applicant.user)

    assert error.value.errors["formasi"][0].endswith("batas usia 20 tahun.")
    application.refresh_from_db()
    assert application.formasi == open_formasi
    assert counts() == before


def test_submit_with_missing_documents_lists_them_and_changes_nothing(
    open_formasi, ready_applicant
):
    application = apply(ready_applicant, open_formasi)
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.submit_application(application=application, actor=ready_applicant.user)

    assert error.value.errors == {"documents": ["Dokumen wajib belum diunggah: Ijazah, KTP."]}
    application.refresh_from_db()
    assert (application.status, application.submitted_at) == (Application.Status.DRAFT, None)
    assert counts() == before


def test_submit_locks_snapshots_and_notifies(open_formasi, ready_applicant, media):
    application = apply(ready_applicant, open_formasi)
    add_documents(application, "ktp", "ijazah")

    services.submit_application(application=application, actor=ready_applicant.user)

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.submitted_at is not None
    assert application.eligibility_snapshot == {"eligible": True, "failures": []}
    notification = Notification.objects.get(user=ready_applicant.user)
    assert notification.title == f"Lamaran {application.registration_number} terkirim"
    assert notification.url == f"/seleksi/lamaran/{application.pk}/"
    event = AuditEvent.objects.get(action="recruitment.application.submitted")
    assert sorted(event.changes["documents"]) == ["ijazah", "ktp"]


def test_submit_runs_the_rules_again(open_formasi, ready_applicant, media):
    application = apply(ready_applicant, open_formasi)
    add_documents(application, "ktp", "ijazah")
    ready_applicant.education_level = EducationLevel.objects.get(code="D3")
    ready_applicant.save()
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.submit_application(application=application, actor=ready_applicant.user)

    assert error.value.errors == {
        "formasi": ["Pendidikan Anda tidak sesuai: formasi ini menerima jenjang Sarjana (S-1)."]
    }
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert counts() == before


def test_submit_twice_is_a_conflict(open_formasi, ready_applicant, media):
    application = apply(ready_applicant, open_formasi)
    add_documents(application, "ktp", "ijazah")
    services.submit_application(application=application, actor=ready_applicant.user)
    before = counts()

    with pytest.raises(ConflictError) as error:
        services.submit_application(application=application, actor=ready_applicant.user)

    assert error.value.message == "Lamaran ini sudah dikirim."
    assert counts() == before


def test_submitted_application_cannot_change_formasi(open_formasi, ready_applicant, media):
    application = apply(ready_applicant, open_formasi)
    add_documents(application, "ktp", "ijazah")
    services.submit_application(application=application, actor=ready_applicant.user)
    other = FormasiFactory.create(period=open_formasi.period)

    with pytest.raises(ConflictError) as error:
        services.change_formasi(application=application, formasi=other, actor=ready_applicant.user)

    assert error.value.message == "Lamaran yang sudah dikirim tidak dapat dipindah ke formasi lain."
    application.refresh_from_db()
    assert application.formasi == open_formasi

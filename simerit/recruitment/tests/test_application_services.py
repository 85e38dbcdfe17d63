"""Applications: create (one per period, open window, published formasi, eligible), change the
formasi while a draft, submit (documents complete, rules again), with nothing changed on refusal."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
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
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
    open_windows,
)
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
        "track_claim": "umum",
    }
    assert application.track_claim == "umum"


SPECIAL_TRACKS = [
    ("cumlaude", "Lulusan cumlaude"),
    ("putra_putri_daerah", "Putra/putri daerah"),
    ("diaspora", "Diaspora"),
    ("eks_thk2", "Eks tenaga honorer K-II"),
]


@pytest.mark.parametrize(("track", "label"), SPECIAL_TRACKS)
def test_a_special_track_formasi_refuses_an_applicant_without_that_claim(
    open_formasi, ready_applicant, track, label
):
    Formasi.objects.filter(pk=open_formasi.pk).update(track=track)
    open_formasi.refresh_from_db()
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        apply(ready_applicant, open_formasi)

    assert error.value.errors == {"formasi": [f"Formasi ini khusus untuk pelamar jalur {label}."]}
    assert counts() == before


@pytest.mark.parametrize(("track", "label"), SPECIAL_TRACKS)
def test_a_special_track_formasi_refuses_a_claim_of_another_track(
    open_formasi, ready_applicant, track, label
):
    Formasi.objects.filter(pk=open_formasi.pk).update(track=track)
    open_formasi.refresh_from_db()
    other = "diaspora" if track != "diaspora" else "cumlaude"
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.create_application(
            applicant=ready_applicant,
            formasi=open_formasi,
            actor=ready_applicant.user,
            track_claim=other,
        )

    assert error.value.errors == {"formasi": [f"Formasi ini khusus untuk pelamar jalur {label}."]}
    assert counts() == before


@pytest.mark.parametrize(("track", "label"), SPECIAL_TRACKS)
def test_a_matching_claim_is_accepted_and_recorded(open_formasi, ready_applicant, track, label):
    Formasi.objects.filter(pk=open_formasi.pk).update(track=track)
    open_formasi.refresh_from_db()

    application = services.create_application(
        applicant=ready_applicant,
        formasi=open_formasi,
        actor=ready_applicant.user,
        track_claim=track,
    )

    application.refresh_from_db()
    assert application.track_claim == track
    event = AuditEvent.objects.get(action="recruitment.application.created")
    assert event.changes["track_claim"] == track


def test_a_cumlaude_claim_still_needs_the_minimum_gpa(open_formasi):
    Formasi.objects.filter(pk=open_formasi.pk).update(track="cumlaude", min_gpa="3.51")
    open_formasi.refresh_from_db()
    applicant = ApplicantFactory.create(gpa=Decimal("3.40"))
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.create_application(
            applicant=applicant, formasi=open_formasi, actor=applicant.user, track_claim="cumlaude"
        )

    assert error.value.errors == {
        "formasi": ["IPK Anda 3.40; formasi ini mensyaratkan IPK minimal 3.51."]
    }
    assert counts() == before


def test_a_claim_on_a_general_formasi_is_allowed(open_formasi, ready_applicant):
    application = services.create_application(
        applicant=ready_applicant,
        formasi=open_formasi,
        actor=ready_applicant.user,
        track_claim="cumlaude",
    )
    assert application.track_claim == "cumlaude"


def test_an_unknown_claim_is_refused(open_formasi, ready_applicant):
    before = counts()
    with pytest.raises(InvalidInputError) as error:
        services.create_application(
            applicant=ready_applicant,
            formasi=open_formasi,
            actor=ready_applicant.user,
            track_claim="vip",
        )
    assert error.value.errors == {"track_claim": ["Jalur pelamaran tidak dikenal."]}
    assert counts() == before


def test_moving_to_a_special_track_formasi_needs_the_claim(open_formasi, ready_applicant):
    application = apply(ready_applicant, open_formasi)
    special = FormasiFactory.create(period=open_formasi.period, track="putra_putri_daerah")
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.change_formasi(
            application=application, formasi=special, actor=ready_applicant.user
        )

    assert error.value.errors == {
        "formasi": ["Formasi ini khusus untuk pelamar jalur Putra/putri daerah."]
    }
    application.refresh_from_db()
    assert (application.formasi, application.track_claim) == (open_formasi, "umum")
    assert counts() == before
    services.change_formasi(
        application=application,
        formasi=special,
        actor=ready_applicant.user,
        track_claim="putra_putri_daerah",
    )
    application.refresh_from_db()
    assert (application.formasi, application.track_claim) == (special, "putra_putri_daerah")
    event = AuditEvent.objects.get(action="recruitment.application.formasi_changed")
    assert event.changes == {
        "formasi": [open_formasi.code, special.code],
        "track_claim": ["umum", "putra_putri_daerah"],
        "documents_removed": [],
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


def test_submit_refuses_a_special_track_formasi_without_the_claim(
    open_formasi, ready_applicant, media
):
    # given: a draft whose declared track no longer matches (e.g. made before claims existed)
    Formasi.objects.filter(pk=open_formasi.pk).update(track="eks_thk2")
    application = services.create_application(
        applicant=ready_applicant,
        formasi=Formasi.objects.get(pk=open_formasi.pk),
        actor=ready_applicant.user,
        track_claim="eks_thk2",
    )
    add_documents(application, "ktp", "ijazah")
    Application.objects.filter(pk=application.pk).update(track_claim="umum")
    before = counts()

    with pytest.raises(InvalidInputError) as error:
        services.submit_application(application=application, actor=ready_applicant.user)

    assert error.value.errors == {
        "formasi": ["Formasi ini khusus untuk pelamar jalur Eks tenaga honorer K-II."]
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


def test_a_registration_number_taken_meanwhile_is_not_called_a_second_application(db, monkeypatch):
    # given: another applicant already holds the number the generator is about to hand out
    formasi = FormasiFactory.create()
    open_windows(formasi.period)
    taken = ApplicationFactory.create(formasi=formasi, registration_number="2026-CPNS-123456")
    applicant = ApplicantFactory.create(birth_date=taken.applicant.birth_date)
    monkeypatch.setattr(services, "_new_registration_number", lambda formasi: "2026-CPNS-123456")
    before = Application.objects.count()
    # when / then
    with pytest.raises(DomainError) as caught:
        services.create_application(applicant=applicant, formasi=formasi, actor=applicant.user)
    assert not isinstance(caught.value, ConflictError)
    assert str(caught.value) == "Nomor pendaftaran tidak dapat dibuat saat ini; coba lagi."
    assert Application.objects.count() == before

"""An applicant's application: create, change the formasi while a draft, submit.

One application per applicant per period (a database constraint), only while the period's
registration window is open, only to a published formasi, and only when the eligibility rules pass;
the same rules run again on submission (issue #3, items 4 and 6).
"""

import secrets

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.notifications.services import notify
from simerit.recruitment.models import Applicant, Application, Formasi, Track
from simerit.recruitment.selectors import applications as selectors
from simerit.recruitment.selectors.eligibility import check_applicant
from simerit.recruitment.services import documents as document_services

SECOND_APPLICATION = "Anda sudah memiliki lamaran pada periode ini."
EMAIL_NOT_CONFIRMED = (
    "Konfirmasi alamat e-mail Anda terlebih dahulu melalui tautan yang kami kirim; lamaran baru "
    "dapat diajukan setelah itu."
)
REGISTRATION_NUMBER_ATTEMPTS = 20


def _check_email_confirmed(applicant: Applicant) -> None:
    if applicant.email_confirmed_at is None:
        raise PermissionDenied(EMAIL_NOT_CONFIRMED)


def _check_formasi(formasi: Formasi) -> None:
    if formasi.status != Formasi.Status.PUBLISHED:
        raise InvalidInputError({"formasi": ["Formasi ini tidak sedang dibuka untuk pendaftaran."]})
    closed = selectors.registration_closed_message(formasi.period)
    if closed:
        raise ConflictError(closed)


def _check_track_claim(track_claim: str) -> None:
    if track_claim not in Track.values:
        raise InvalidInputError({"track_claim": ["Jalur pelamaran tidak dikenal."]})


def _check_eligible(applicant: Applicant, formasi: Formasi, *, track: str) -> dict[str, object]:
    """The rules with the declared track: a special-track formasi refuses any other claim."""
    result = check_applicant(applicant, formasi, track=track)
    if not result.eligible:
        raise InvalidInputError({"formasi": [failure.message for failure in result.failures]})
    return result.as_json()


def _new_registration_number(formasi: Formasi) -> str:
    """<year>-<CPNS|PPPK>-<6 random digits>: unguessable, so it reveals no count of applicants."""
    prefix = f"{formasi.period.year}-{formasi.period.kind.upper()}-"
    for _ in range(REGISTRATION_NUMBER_ATTEMPTS):
        number = f"{prefix}{secrets.randbelow(1_000_000):06d}"
        if not Application.objects.filter(registration_number=number).exists():
            return number
    raise DomainError("Nomor pendaftaran tidak dapat dibuat saat ini; coba lagi.")


def has_application(*, applicant: Applicant, formasi: Formasi) -> bool:
    return Application.objects.filter(applicant=applicant, period_id=formasi.period_id).exists()


@transaction.atomic
def create_application(
    *, applicant: Applicant, formasi: Formasi, actor: User, track_claim: str = Track.UMUM
) -> Application:
    """A draft application of `applicant` to `formasi`, with its registration number.

    `track_claim` is the track the applicant declares; a special-track formasi (cumlaude,
    putra/putri daerah, diaspora, eks THK-II) is refused without a matching claim.
    """
    _check_track_claim(track_claim)
    _check_email_confirmed(applicant)
    _check_formasi(formasi)
    if has_application(applicant=applicant, formasi=formasi):
        raise ConflictError(SECOND_APPLICATION, field="formasi")
    _check_eligible(applicant, formasi, track=track_claim)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=applicant,
                period=formasi.period,
                formasi=formasi,
                track_claim=track_claim,
                registration_number=_new_registration_number(formasi),
                receipt_key=secrets.token_urlsafe(32),
            )
    except IntegrityError:
        if Application.objects.filter(applicant=applicant, period_id=formasi.period_id).exists():
            # A second request of the same applicant won the race for one_application_per_period.
            raise ConflictError(SECOND_APPLICATION, field="formasi") from None
        # Another applicant took the same random registration number or receipt key meanwhile.
        raise DomainError("Nomor pendaftaran tidak dapat dibuat saat ini; coba lagi.") from None
    audit.record(
        actor=actor,
        action="recruitment.application.created",
        target=application,
        changes={
            "registration_number": application.registration_number,
            "formasi": formasi.code,
            "track_claim": track_claim,
        },
    )
    return application


def _lock(application: Application) -> Application:
    # of=("self",): lock only this row. Locking the joined period, formasi and user rows too made
    # every submission wait on the period's row and deadlock with another application's deferred
    # foreign-key check at COMMIT, taken after its audit row (make bench, PostgreSQL).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant__user", "period", "formasi__period", "formasi__position")
        .get(pk=application.pk)
    )


def _check_draft(application: Application, message: str) -> None:
    if application.status != Application.Status.DRAFT:
        raise ConflictError(message)


@transaction.atomic
def change_formasi(
    *,
    application: Application,
    formasi: Formasi,
    actor: User,
    track_claim: str | None = None,
) -> Application:
    """Move a draft to another formasi of the same period; eligibility is checked again.

    `track_claim` replaces the declared track (None keeps it). Documents the new formasi does not
    ask for, or no longer accepts in that format or size, are removed (their files after commit).
    """
    application = _lock(application)
    _check_draft(application, "Lamaran yang sudah dikirim tidak dapat dipindah ke formasi lain.")
    if formasi.period_id != application.period_id:
        raise InvalidInputError(
            {"formasi": ["Formasi pengganti harus berasal dari periode seleksi yang sama."]}
        )
    claim = application.track_claim if track_claim is None else track_claim
    _check_track_claim(claim)
    if formasi.pk == application.formasi_id and claim == application.track_claim:
        return application
    _check_email_confirmed(application.applicant)
    _check_formasi(formasi)
    _check_eligible(application.applicant, formasi, track=claim)
    before = {"formasi": application.formasi.code, "track_claim": application.track_claim}
    application.formasi = formasi
    application.track_claim = claim
    application.save(update_fields=["formasi", "track_claim", "updated_at"])
    removed = document_services.drop_documents_not_accepted(application=application)
    audit.record(
        actor=actor,
        action="recruitment.application.formasi_changed",
        target=application,
        changes={
            **audit.diff(before, {"formasi": formasi.code, "track_claim": claim}),
            "documents_removed": removed,
        },
    )
    return application


@transaction.atomic
def submit_application(*, application: Application, actor: User) -> Application:
    """Lock the application: every required document present and the eligibility rules pass."""
    application = _lock(application)
    _check_draft(application, "Lamaran ini sudah dikirim.")
    _check_email_confirmed(application.applicant)
    _check_formasi(application.formasi)
    missing = selectors.missing_documents(application)
    if missing:
        names = ", ".join(spec.kind.name for spec in missing)
        raise InvalidInputError({"documents": [f"Dokumen wajib belum diunggah: {names}."]})
    snapshot = _check_eligible(
        application.applicant, application.formasi, track=application.track_claim
    )
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.eligibility_snapshot = snapshot
    application.save(update_fields=["status", "submitted_at", "eligibility_snapshot", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.application.submitted",
        target=application,
        changes={
            "status": [Application.Status.DRAFT, Application.Status.SUBMITTED],
            "documents": {doc.kind.code: doc.sha256 for doc in application.documents.all()},
        },
    )
    notify(
        user=application.applicant.user,
        title=f"Lamaran {application.registration_number} terkirim",
        body=(
            f"Lamaran Anda untuk formasi {application.formasi.code} "
            f"{application.formasi.position.name} sudah dikirim dan dikunci. Unduh bukti "
            "pendaftaran dari halaman Lamaran Saya."
        ),
        url=reverse("recruitment:application-detail", args=[application.pk]),
    )
    return application

"""Issuing and revoking the certificates of completed training, and guarding the public
verification of their numbers.

Admin BKPSDM issues the certificates of a class: every COMPLETED participant without one gets a
certificate numbered in the year's sequence (rules/certificates.py), with what it prints frozen on
the row at issue (the holder's name with titles and NIP, the programme, the class, its dates and
JP), its PDF built from those fields only (documents.py) and the PDF's SHA-256 stored. A later
correction of the employee, the programme or the class changes no issued certificate. Issuing
again gives only the participants completed since; nothing is issued twice. A revoked certificate
stays in the register (its number still verifies, as revoked).
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import WIB
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.ratelimit import address_key, count_hit
from simerit.notifications import services as notifications
from simerit.training import documents, permissions
from simerit.training.models import Certificate, Enrolment, TrainingClass
from simerit.training.rules import certificates as rules

REASON_MAX_LENGTH = 500
VERIFY_RATE_WINDOW_SECONDS = 60 * 60
# Any constant: the first key of the PostgreSQL advisory lock that serialises one year's sequence.
SEQUENCE_LOCK_CLASS = 7_202_611

NOT_ISSUABLE = {
    TrainingClass.Status.DRAFT: "Kelas ini masih draf; sertifikat belum dapat diterbitkan.",
    TrainingClass.Status.CANCELLED: "Kelas ini dibatalkan; sertifikat tidak dapat diterbitkan.",
}


OWN_SKIPPED = (
    "Sertifikat Anda sendiri tidak diterbitkan oleh akun Anda; minta Admin BKPSDM lain "
    "menerbitkannya."
)


class VerifyRateLimitError(DomainError):
    """Too many certificate verifications from one address (answered as 429)."""


def verifications_per_hour() -> int:
    """SIMERIT_CERTIFICATE_VERIFY_PER_HOUR (60 by default); 0 switches the limit off."""
    return int(settings.SIMERIT_CERTIFICATE_VERIFY_PER_HOUR)


def check_verify_rate(*, client_address: str) -> None:
    """Count one verification from this address; refuse it past the hourly limit.

    Every attempt counts (a well-formed, an ill-formed and an unknown number alike), before
    anything is looked up, so that numbers cannot be tried in bulk.
    """
    limit = verifications_per_hour()
    if limit <= 0:
        return
    key = address_key("training:certificate-verify", client_address)
    if count_hit(key, window_seconds=VERIFY_RATE_WINDOW_SECONDS) > limit:
        raise VerifyRateLimitError(
            "Terlalu banyak pemeriksaan sertifikat dari jaringan Anda. Coba lagi dalam satu jam."
        )


def _lock_year_sequence(year: int) -> None:
    """Serialise the numbering of `year` until the transaction ends. SQLite already runs one
    writer at a time (transactions begin IMMEDIATE); PostgreSQL takes an advisory lock, since
    the first certificate of a year has no row to lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SEQUENCE_LOCK_CLASS, year])


def _last_sequence(year: int) -> int:
    # Fixed-width sequences sort as text: the greatest number of the year has the last sequence.
    last = (
        Certificate.objects.filter(number__startswith=rules.year_prefix(year))
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return rules.sequence_of(last) if last else 0


def _summary(certificate: Certificate) -> dict[str, object]:
    enrolment = certificate.enrolment
    return {
        "number": certificate.number,
        "enrolment": enrolment.pk,
        "training_class": enrolment.training_class_id,
        "employee_nip": certificate.holder_nip,
        "holder_name": certificate.holder_name,
        "programme_name": certificate.programme_name,
        "class_name": certificate.class_name,
        "starts_on": certificate.starts_on,
        "ends_on": certificate.ends_on,
        "jp": certificate.jp,
        "issued_at": certificate.issued_at,
        "sha256": certificate.sha256,
    }


def _new_certificate(
    *,
    enrolment: Enrolment,
    training_class: TrainingClass,
    number: str,
    issued_at: dt.datetime,
    actor: User,
) -> Certificate:
    """The certificate as it will be printed for ever: what it states is copied from the
    employee, the programme and the class now."""
    employee = enrolment.employee
    programme = training_class.programme
    return Certificate(
        enrolment=enrolment,
        number=number,
        issued_at=issued_at,
        issued_by=actor,
        holder_name=employee.display_name,
        holder_nip=employee.nip,
        programme_name=programme.name,
        class_name=training_class.name,
        provider=programme.provider,
        starts_on=training_class.starts_on,
        ends_on=training_class.ends_on,
        jp=training_class.jp,
    )


@transaction.atomic
def issue_certificates(*, training_class: TrainingClass, actor: User) -> list[Certificate]:
    """A certificate for every COMPLETED participant of the class who has none (an empty list
    when all have one). Admin BKPSDM only; not for a draft or cancelled class. The actor's own
    enrolment is skipped (nobody certifies themselves: another Admin BKPSDM issues it; the pages
    say so with OWN_SKIPPED, see selectors.records.own_missing_certificate). One audit row per
    certificate; each holder is notified."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    training_class = (
        TrainingClass.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=training_class.pk)
    )
    refusal = NOT_ISSUABLE.get(TrainingClass.Status(training_class.status))
    if refusal:
        raise ConflictError(refusal)
    enrolments = list(
        Enrolment.objects.filter(
            training_class=training_class,
            status=Enrolment.Status.COMPLETED,
            certificate__isnull=True,
        )
        .exclude(employee__user=actor)
        .select_related("employee__user")
        .order_by("employee__name", "pk")
    )
    if not enrolments:
        return []
    issued_at = timezone.now()
    year = timezone.localtime(issued_at, WIB).year
    _lock_year_sequence(year)
    sequence = _last_sequence(year)
    issued: list[Certificate] = []
    for enrolment in enrolments:
        sequence += 1
        enrolment.training_class = training_class
        certificate = _new_certificate(
            enrolment=enrolment,
            training_class=training_class,
            number=rules.certificate_number(
                year=year, sequence=sequence, random=rules.random_part()
            ),
            issued_at=issued_at,
            actor=actor,
        )
        certificate.sha256 = hashlib.sha256(documents.certificate_pdf(certificate)).hexdigest()
        certificate.save()
        audit.record(
            actor=actor,
            action="training.certificate.issued",
            target=certificate,
            changes=_summary(certificate),
        )
        issued.append(certificate)
    notifications.notify_many(
        messages=[
            notifications.Message(
                user=certificate.enrolment.employee.user,
                title="Sertifikat pelatihan terbit",
                body=(
                    f"Sertifikat {training_class.programme.name} ({training_class.name}) "
                    f"bernomor {certificate.number} sudah terbit dan dapat diunduh."
                ),
                url=reverse("training:certificate-pdf", args=[certificate.pk]),
            )
            for certificate in issued
            if certificate.enrolment.employee.user is not None
        ]
    )
    return issued


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, reason: str, actor: User) -> Certificate:
    """Mark the certificate revoked with a reason (required); the verification page then says
    "dicabut". Admin BKPSDM only; a certificate is revoked once."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan pencabutan wajib diisi."]})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError(
            {"reason": [f"Alasan pencabutan paling banyak {REASON_MAX_LENGTH} karakter."]}
        )
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("enrolment__employee__user", "enrolment__training_class__programme")
        .get(pk=certificate.pk)
    )
    if certificate.revoked_at is not None:
        raise ConflictError(f"Sertifikat {certificate.number} sudah dicabut sebelumnya.")
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason
    certificate.save(update_fields=["revoked_at", "revoke_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="training.certificate.revoked",
        target=certificate,
        changes={"number": certificate.number, "reason": reason},
    )
    holder = certificate.enrolment.employee.user
    if holder is not None:
        training_class = certificate.enrolment.training_class
        notifications.notify(
            user=holder,
            title="Sertifikat pelatihan dicabut",
            body=(
                f"Sertifikat {certificate.number} ({training_class.programme.name}, "
                f"{training_class.name}) dicabut oleh BKPSDM. Alasan: {reason}"
            ),
        )
    return certificate

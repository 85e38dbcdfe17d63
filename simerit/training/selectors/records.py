"""Reads of certificates and external training: what an account may see, the HR pages' lists, and
the public verification of a certificate number (which shows no NIP and tells an ill-formed number
and an unknown one apart to nobody)."""

import datetime as dt
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.dates import WIB
from simerit.training import documents, permissions
from simerit.training.models import Certificate, Enrolment, ExternalTraining, TrainingClass
from simerit.training.rules.certificates import is_well_formed, normalise_number, period_text

CERTIFICATE_RELATED = (
    "enrolment__employee",
    "enrolment__training_class__programme",
)
EXTERNAL_RELATED = ("employee", "employee__work_unit", "reviewed_by")


# --- Certificates


def certificates() -> QuerySet[Certificate]:
    """Every certificate with what its PDF and its pages print."""
    return Certificate.objects.select_related(*CERTIFICATE_RELATED)


def visible_certificates(user: User) -> QuerySet[Certificate]:
    """The certificates of the employees whose training data the account may see."""
    return certificates().filter(enrolment__employee__in=permissions.visible_employees(user))


def list_my_certificates(user: User) -> QuerySet[Certificate]:
    """The account's own certificates, newest first (none for an account without an employee)."""
    return certificates().filter(enrolment__employee__user=user).order_by("-issued_at", "-id")


@dataclass(frozen=True)
class ParticipantCertificate:
    """A COMPLETED participant of a class and their certificate (None until issued)."""

    enrolment: Enrolment
    certificate: Certificate | None


def class_certificate_enrolments(training_class: TrainingClass) -> QuerySet[Enrolment]:
    """The class's COMPLETED participants by name, with their certificates (one query)."""
    return (
        Enrolment.objects.filter(training_class=training_class, status=Enrolment.Status.COMPLETED)
        .select_related("employee", "certificate")
        .order_by("employee__name", "pk")
    )


def participant_rows(enrolments: Iterable[Enrolment]) -> list[ParticipantCertificate]:
    """Each enrolment with its certificate or None (no query: the certificate is joined)."""
    return [
        ParticipantCertificate(enrolment, getattr(enrolment, "certificate", None))
        for enrolment in enrolments
    ]


def _missing_certificates(training_class: TrainingClass) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(
        training_class=training_class,
        status=Enrolment.Status.COMPLETED,
        certificate__isnull=True,
    )


def missing_certificate_count(training_class: TrainingClass, *, issuer: User | None = None) -> int:
    """COMPLETED participants of the class who have no certificate yet; with `issuer`, those that
    account may issue (not its own enrolment)."""
    missing = _missing_certificates(training_class)
    if issuer is not None:
        missing = missing.exclude(employee__user=issuer)
    return missing.count()


def own_missing_certificate(training_class: TrainingClass, user: User) -> Enrolment | None:
    """The account's own COMPLETED enrolment in the class still without a certificate: another
    Admin BKPSDM must issue it (services.certificates.issue_certificates skips it)."""
    return _missing_certificates(training_class).filter(employee__user=user).first()


@dataclass(frozen=True)
class CertificateVerification:
    """What the public verification page may say about a certificate: no NIP, no unit."""

    number: str
    holder_name: str
    programme_name: str
    class_name: str
    period: str
    jp: Decimal
    issued_on: dt.date
    revoked: bool
    revoked_on: dt.date | None
    revoke_reason: str


def find_certificate(text: str) -> Certificate | None:
    """The certificate whose number `text` is (spaces and case forgiven); an ill-formed number
    is not looked up."""
    number = normalise_number(text)
    if not is_well_formed(number):
        return None
    return certificates().filter(number=number).first()


def verification_of(certificate: Certificate) -> CertificateVerification:
    """What the certificate states, as frozen at issue (not the employee's or the class's data
    now), and its status."""
    revoked_at = certificate.revoked_at
    return CertificateVerification(
        number=certificate.number,
        holder_name=certificate.holder_name,
        programme_name=certificate.programme_name,
        class_name=certificate.class_name,
        period=period_text(certificate.starts_on, certificate.ends_on),
        jp=certificate.jp,
        issued_on=timezone.localtime(certificate.issued_at, WIB).date(),
        revoked=revoked_at is not None,
        revoked_on=timezone.localtime(revoked_at, WIB).date() if revoked_at else None,
        revoke_reason=certificate.revoke_reason,
    )


def verify_certificate(text: str) -> CertificateVerification | None:
    """The verdict for a typed or scanned number; None when no certificate has that number."""
    certificate = find_certificate(text)
    return verification_of(certificate) if certificate is not None else None


def file_matches(certificate: Certificate, content: bytes) -> bool:
    """Whether `content` is this certificate's PDF as issued: its SHA-256 is the stored one
    (every download gives those same bytes: the PDF is built from the frozen fields only)."""
    return hmac.compare_digest(documents.sha256_hex(content), certificate.sha256)


# --- External training


def external_trainings() -> QuerySet[ExternalTraining]:
    return ExternalTraining.objects.select_related(*EXTERNAL_RELATED)


def visible_external_trainings(user: User) -> QuerySet[ExternalTraining]:
    return external_trainings().filter(employee__in=permissions.visible_employees(user))


def list_my_external_trainings(user: User) -> QuerySet[ExternalTraining]:
    """The account's own records, latest course first."""
    return external_trainings().filter(employee__user=user).order_by("-ends_on", "-id")


def list_external_reviews(*, status: str = "", search: str = "") -> QuerySet[ExternalTraining]:
    """HR's queue: every record (or those of `status`), filtered by name, NIP or course title;
    oldest submission first, so that nobody waits longest."""
    records = external_trainings()
    if status:
        records = records.filter(status=status)
    search = search.strip()
    if search:
        records = records.filter(
            Q(employee__name__icontains=search)
            | Q(employee__nip__startswith=search)
            | Q(title__icontains=search)
        )
    return records.order_by("created_at", "id")

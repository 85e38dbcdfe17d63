"""An SKB candidate's withdrawal (mengundurkan diri, §2.4): outside the ranking from the next
integration run, so the next rank moves up.

HR records it from the applicant's signed letter; nobody is notified (the applicant wrote the
letter). After a published announcement it takes a new integration run and a new announcement
version to change the published ranking.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.selection.models import SkbCandidate
from simerit.selection.permissions import can_manage

DENIED = "Hanya Admin BKPSDM yang dapat mencatat pengunduran diri peserta."
REASON_MIN_LENGTH = 10
REASON_MAX_LENGTH = 300


@transaction.atomic
def withdraw(*, candidate: SkbCandidate, reason: str, actor: User) -> SkbCandidate:
    """Record that the candidate withdrew, with the reason (10–300 characters)."""
    if not can_manage(actor):
        raise PermissionDenied(DENIED)
    reason = " ".join(reason.split())
    if len(reason) < REASON_MIN_LENGTH:
        raise InvalidInputError(
            {
                "reason": [
                    f"Tulis alasan pengunduran diri, paling sedikit {REASON_MIN_LENGTH} karakter."
                ]
            }
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError({"reason": [f"Alasan paling banyak {REASON_MAX_LENGTH} karakter."]})
    candidate = (
        SkbCandidate.objects.select_for_update()
        .select_related("application", "formasi")
        .get(pk=candidate.pk)
    )
    if candidate.withdrawn_at is not None:
        raise ConflictError(
            f"Peserta {candidate.application.registration_number} sudah tercatat mengundurkan diri."
        )
    candidate.withdrawn_at = timezone.now()
    candidate.withdrawal_reason = reason
    candidate.save(update_fields=["withdrawn_at", "withdrawal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="selection.candidate.withdrawn",
        target=candidate,
        changes={
            "registration_number": candidate.application.registration_number,
            "formasi": candidate.formasi.code,
            "withdrawn_at": candidate.withdrawn_at,
            "reason": reason,
        },
    )
    return candidate

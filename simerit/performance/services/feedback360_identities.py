"""The one place where rater identities meet their answers: the Auditor's reading, which is itself
recorded. The page asks for a confirmation first (GET), and only the confirmed reading (POST) runs
`read_rater_identities`, so a link alone never writes an audit row."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.performance.models import RaterAssignment, Skp
from simerit.performance.permissions import is_auditor, is_owner
from simerit.performance.selectors import feedback360 as selectors

AUDITOR_ONLY = "Identitas penilai hanya dapat dilihat oleh Auditor."
OWN_SKP = "Auditor tidak dapat melihat identitas penilai SKP-nya sendiri."
OWN_RATING = "Auditor yang menjadi penilai SKP ini tidak dapat melihat identitas penilai lainnya."


def check_can_read_identities(user: User, skp: Skp) -> None:
    """Raise PermissionDenied unless `user` is an Auditor with no stake in the SKP: not its
    employee and not one of its raters."""
    if not is_auditor(user):
        raise PermissionDenied(AUDITOR_ONLY)
    if is_owner(user, skp):
        raise PermissionDenied(OWN_SKP)
    if RaterAssignment.objects.filter(skp=skp, rater__user=user).exists():
        raise PermissionDenied(OWN_RATING)


def can_read_identities(user: User, skp: Skp) -> bool:
    try:
        check_can_read_identities(user, skp)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def read_rater_identities(*, skp: Skp, actor: User) -> list[RaterAssignment]:
    """The SKP's answered assignments with their scores, for an Auditor with no stake in it;
    every reading leaves an audit row (`performance.raters.viewed`)."""
    check_can_read_identities(actor, skp)
    assignments = list(selectors.answered_assignments(skp))
    audit.record(
        actor=actor,
        action="performance.raters.viewed",
        target=skp,
        changes={"answered": len(assignments)},
    )
    return assignments

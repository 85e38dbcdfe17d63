"""The one place where rater identities meet their answers: the Auditor's reading, which is itself
recorded."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.performance.models import RaterAssignment, Skp
from simerit.performance.permissions import is_auditor
from simerit.performance.selectors import feedback360 as selectors


@transaction.atomic
def read_rater_identities(*, skp: Skp, actor: User) -> list[RaterAssignment]:
    """The SKP's answered assignments with their scores, for the Auditor only; every reading
    leaves an audit row (`performance.raters.viewed`)."""
    if not is_auditor(actor):
        raise PermissionDenied("Identitas penilai hanya dapat dilihat oleh Auditor.")
    assignments = list(selectors.answered_assignments(skp))
    audit.record(
        actor=actor,
        action="performance.raters.viewed",
        target=skp,
        changes={"answered": len(assignments)},
    )
    return assignments

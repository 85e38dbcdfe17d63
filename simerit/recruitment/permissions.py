"""Who may read which application and its documents.

The applicant owns their application; a verifier sees the applications assigned to them (any
assignment role: first, confirmation, sanggah) while they hold the VERIFIKATOR role and have no
conflict of interest with the applicant; Admin BKPSDM and the Auditor see every one. Everyone
else sees none. Views answer 404 to an applicant-only account that is not allowed (a guessed id
must not reveal that the application exists) and 403 to any other account.
"""

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.recruitment.models import (
    Application,
    ApplicationDocument,
    SelectionPeriod,
    VerificationAssignment,
)
from simerit.recruitment.selectors.verification import is_in_conflict

# Roles that read every application (the Auditor only reads).
ALL_APPLICATIONS_ROLES = (Role.ADMIN_BKPSDM, Role.AUDITOR)

NOT_ASSIGNED = (
    "Lamaran ini tidak ditugaskan kepada Anda, atau Anda tidak lagi berwenang membukanya."
)
CONFLICT_MESSAGE = (
    "Anda memiliki konflik kepentingan dengan pelamar ini, sehingga tidak boleh memeriksa atau "
    "memutus lamarannya. Penugasan berikutnya mengalihkan tugas ini ke verifikator lain; Admin "
    "BKPSDM juga dapat melepasnya sekarang dari daftar tugas terbuka."
)


def verifier_refusal(user: User, application: Application) -> str | None:
    """Why this verifier may not read the application, in Indonesian; None when they may.

    They need the VERIFIKATOR role, an assignment on the application and no conflict of interest
    with its applicant. A completed assignment stays readable while the period runs (a returned
    TMS, a sanggah refer back to it); once the period is finished only open work is.
    """
    if not user.has_role(Role.VERIFIKATOR):
        return NOT_ASSIGNED
    assignments = VerificationAssignment.objects.filter(application=application, verifier=user)
    period = SelectionPeriod.objects.filter(pk=application.period_id).only("status").first()
    if period is None or period.status == SelectionPeriod.Status.FINISHED:
        assignments = assignments.filter(completed_at__isnull=True)
    if not assignments.exists():
        return NOT_ASSIGNED
    if is_in_conflict(user=user, applicant=application.applicant):
        return CONFLICT_MESSAGE
    return None


def is_assigned_verifier(user: User, application: Application) -> bool:
    return verifier_refusal(user, application) is None


def can_view_application(user: User, application: Application) -> bool:
    if not user.is_active:
        return False
    if application.applicant.user_id == user.pk:
        return True
    if user.has_role(*ALL_APPLICATIONS_ROLES):
        return True
    return is_assigned_verifier(user, application)


def can_view_document(user: User, document: ApplicationDocument) -> bool:
    return can_view_application(user, document.application)


def is_staff_reader(user: User) -> bool:
    """Not an applicant-only account: a refusal is a 403 rather than a 404 for this account.

    An account without any role (a verifier whose role was taken away) is answered 403 too.
    """
    return user.roles != frozenset({Role.PELAMAR})

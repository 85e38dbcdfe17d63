"""Who may read which application and its documents.

The applicant owns their application; a verifier sees the applications assigned to them (any
assignment role: first, confirmation, sanggah); Admin BKPSDM and the Auditor see every one.
Everyone else sees none. Views answer 404 to an applicant who is not allowed (a guessed id must
not reveal that the application exists) and 403 to staff without the right.
"""

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.recruitment.models import Application, ApplicationDocument, VerificationAssignment

# Roles that read every application (the Auditor only reads).
ALL_APPLICATIONS_ROLES = (Role.ADMIN_BKPSDM, Role.AUDITOR)


def is_assigned_verifier(user: User, application: Application) -> bool:
    return VerificationAssignment.objects.filter(application=application, verifier=user).exists()


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
    """Holds a role besides PELAMAR: a refusal is a 403 rather than a 404 for this account."""
    return any(role != Role.PELAMAR for role in user.roles)

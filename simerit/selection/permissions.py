"""Who may do what in the competency selection. Views and the API check these; services check
them again (a service is the last line: the API, the views and commands all call it)."""

from simerit.accounts.models import User
from simerit.core.roles import Role


def can_manage(user: User) -> bool:
    """Configure the SKB, assign assessors, run the cut and the integration, publish, appoint."""
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM)


def can_read(user: User) -> bool:
    """Read every page HR reads (progress, statistics, rankings); the Auditor reads, never writes."""
    return user.is_authenticated and (
        user.has_role(Role.ADMIN_BKPSDM) or user.has_role(Role.AUDITOR)
    )


def can_see_assessor_identities(user: User) -> bool:
    """Who scored which candidate: HR (to assign and resolve) and the Auditor."""
    return can_read(user)


def is_assessor(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ASESOR)

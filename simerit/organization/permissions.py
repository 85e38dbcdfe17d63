"""Who may see and change which part of the organisation."""

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.organization.models import OpdAdmin, WorkUnit

# Attribute of the User object that keeps its scope for the object's life (one request), so that a
# page asking several permission questions reads OpdAdmin once.
_SCOPE_MEMO = "_opd_scope_memo"


def opd_scope(user: User) -> WorkUnit | None:
    """The unit an Admin OPD manages, or None when the account has no scope."""
    memo: tuple[WorkUnit | None] | None = getattr(user, _SCOPE_MEMO, None)
    if memo is None:
        scope = OpdAdmin.objects.select_related("work_unit").filter(user=user).first()
        memo = (scope.work_unit if scope else None,)
        setattr(user, _SCOPE_MEMO, memo)
    return memo[0]


def forget_opd_scope(user: User) -> None:
    """Drop the remembered scope after it changed (organization.services.assign_opd_admin)."""
    user.__dict__.pop(_SCOPE_MEMO, None)


def can_view_unit(user: User, unit: WorkUnit) -> bool:
    if user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR):
        return True
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        return scope is not None and unit.is_within(scope)
    return False


def can_manage_unit(user: User, unit: WorkUnit) -> bool:
    """Admin BKPSDM manages every unit; an Admin OPD manages its own subtree. Auditors only read."""
    if user.has_role(Role.ADMIN_BKPSDM):
        return True
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        return scope is not None and unit.is_within(scope)
    return False

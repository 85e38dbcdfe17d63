"""Who may read the bias reports of which SKPs, and who may see rater names.

Admin BKPSDM and the Auditor read every SKP. An Atasan reads only the SKPs they can already open
(permissions.visible_skps: their team down the chain, the SKPs naming them as pejabat penilai or
its atasan), never their own: the raters of their own appraisal stay hidden from them. An Admin
OPD likewise, within its OPD's subtree (the unit dashboard and the API only). The unit filter
narrows that scope; it never widens it. Rater names: the Auditor always; everybody else only for
answers given as pejabat penilai (RaterStatistic.label).

Nothing 360-based is shown while the year's 360 collection is open (ADR 0010: means recomputed
while raters still answer let a reader subtract one answer from the next)."""

import datetime as dt

from django.db.models import QuerySet

from simerit.accounts.models import User
from simerit.core.dates import format_date_id
from simerit.core.roles import Role
from simerit.organization.models import WorkUnit
from simerit.organization.permissions import opd_scope
from simerit.performance import permissions
from simerit.performance.models import PerformanceYear, Skp

TOO_FEW_ANSWERS = "terlalu sedikit jawaban"


def sees_all_units(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR)


def reveals_rater_names(user: User) -> bool:
    return permissions.is_auditor(user)


def leadership_root(user: User, *, include_opd_admin: bool) -> WorkUnit | None:
    """The unit whose subtree an Atasan (or an Admin OPD, when included) may read."""
    if user.has_role(Role.ATASAN):
        employee = permissions.employee_of(user)
        if employee is not None:
            return employee.work_unit
    if include_opd_admin and user.has_role(Role.ADMIN_OPD):
        return opd_scope(user)
    return None


def readable_units(user: User, *, include_opd_admin: bool = False) -> QuerySet[WorkUnit]:
    units = WorkUnit.objects.all()
    if sees_all_units(user):
        return units
    root = leadership_root(user, include_opd_admin=include_opd_admin)
    return units.none() if root is None else units.subtree(root)


def may_read_bias(user: User, *, include_opd_admin: bool = False) -> bool:
    """The account may open the page at all (some unit, or all)."""
    if sees_all_units(user):
        return True
    return leadership_root(user, include_opd_admin=include_opd_admin) is not None


def skp_scope(user: User, *, include_opd_admin: bool = False) -> QuerySet[Skp] | None:
    """The SKPs whose answers the account's reports count: None for every SKP (Admin BKPSDM and
    the Auditor); otherwise what the account can already open, minus its own SKP (none at all
    for an account that may not read the reports)."""
    if sees_all_units(user):
        return None
    if not may_read_bias(user, include_opd_admin=include_opd_admin):
        return Skp.objects.none()
    return permissions.visible_skps(user).exclude(employee__user=user)


def feedback_withheld_reason(year: PerformanceYear, *, on: dt.date) -> str:
    """Why the 360-based statistics of the year are not shown yet ("" once published)."""
    if not year.feedback_open(on=on):
        return ""
    return (
        "Statistik penilai 360 belum ditampilkan: pengisian masukan 360 tahun "
        f"{year.year} masih dibuka sampai {format_date_id(year.feedback_closes_on)}. Rata-rata "
        "yang dihitung ulang selagi penilai masih menjawab dapat membuka jawaban perorangan; "
        "statistik tampil setelah pengisian ditutup."
    )

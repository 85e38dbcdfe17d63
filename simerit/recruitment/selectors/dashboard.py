"""Numbers for the HR recruitment dashboard: one grouped query per period."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.organization.permissions import opd_scope
from simerit.recruitment.models import Application, Formasi, Sanggah, SelectionPeriod

SUBMITTED_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.TMS_PENDING,
    Application.Status.MS,
    Application.Status.TMS,
)


@dataclass(frozen=True)
class FormasiNumbers:
    formasi_id: int
    code: str
    position: str
    work_unit: str
    quota: int
    registered: int
    submitted: int
    ms: int
    tms: int
    sanggah_filed: int
    sanggah_granted: int


@dataclass(frozen=True)
class PeriodNumbers:
    rows: list[FormasiNumbers]

    def total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.rows)


def periods_for_dashboard() -> QuerySet[SelectionPeriod]:
    return SelectionPeriod.objects.order_by("-year", "name")


def visible_formasi(user: User, period: SelectionPeriod) -> QuerySet[Formasi]:
    """All formasi for Admin BKPSDM and the Auditor; an Admin OPD's own subtree only."""
    formasi = Formasi.objects.filter(period=period)
    if user.has_role(Role.ADMIN_BKPSDM, Role.AUDITOR):
        return formasi
    scope = opd_scope(user) if user.has_role(Role.ADMIN_OPD) else None
    if scope is None:
        return formasi.none()
    return formasi.filter(work_unit__path__startswith=scope.path)


def period_numbers(*, user: User, period: SelectionPeriod) -> PeriodNumbers:
    """Per formasi: registered (every application), submitted, MS, TMS, sanggah filed and granted."""
    rows = (
        visible_formasi(user, period)
        .select_related("position", "work_unit")
        .annotate(
            n_registered=Count("applications", distinct=True),
            n_submitted=Count(
                "applications",
                filter=Q(applications__status__in=SUBMITTED_STATUSES),
                distinct=True,
            ),
            n_ms=Count(
                "applications", filter=Q(applications__status=Application.Status.MS), distinct=True
            ),
            n_tms=Count(
                "applications", filter=Q(applications__status=Application.Status.TMS), distinct=True
            ),
            n_sanggah=Count("applications__sanggah", distinct=True),
            n_granted=Count(
                "applications__sanggah",
                filter=Q(applications__sanggah__status=Sanggah.Status.GRANTED),
                distinct=True,
            ),
        )
        .order_by("code")
    )
    return PeriodNumbers(
        [
            FormasiNumbers(
                formasi_id=row.pk,
                code=row.code,
                position=row.position.name,
                work_unit=row.work_unit.name,
                quota=row.quota,
                registered=row.n_registered,
                submitted=row.n_submitted,
                ms=row.n_ms,
                tms=row.n_tms,
                sanggah_filed=row.n_sanggah,
                sanggah_granted=row.n_granted,
            )
            for row in rows
        ]
    )

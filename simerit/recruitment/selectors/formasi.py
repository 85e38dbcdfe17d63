"""Reads of formasi and periods for the people who manage them (Admin BKPSDM, Admin OPD).

An Admin OPD sees only formasi whose work unit lies in its own subtree; an account without a
scope sees none.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.organization.permissions import opd_scope
from simerit.recruitment.models import (
    DocumentKind,
    Formasi,
    FormasiDocument,
    FormasiEducation,
    FormasiQuerySet,
    SelectionPeriod,
    StageWindow,
)

MANAGER_ROLES = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD)


def manageable_formasi(user: User) -> FormasiQuerySet:
    """All formasi for Admin BKPSDM; those in its subtree for an Admin OPD; none otherwise."""
    formasi: FormasiQuerySet = Formasi.objects.all()
    if user.has_role(Role.ADMIN_BKPSDM):
        return formasi
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        if scope is not None:
            return formasi.filter(work_unit__path__startswith=scope.path)
    return formasi.none()


def can_view_formasi(user: User, formasi: Formasi) -> bool:
    if user.has_role(Role.ADMIN_BKPSDM):
        return True
    if user.has_role(Role.ADMIN_OPD):
        scope = opd_scope(user)
        return scope is not None and formasi.work_unit.is_within(scope)
    return False


def list_manageable_formasi(
    *,
    user: User,
    period: SelectionPeriod | None = None,
    status: str = "",
    search: str = "",
) -> FormasiQuerySet:
    """The formasi the account manages, newest period first, then by code."""
    formasi = manageable_formasi(user)
    if period is not None:
        formasi = formasi.filter(period=period)
    if status:
        formasi = formasi.filter(status=status)
    for word in search.split():
        formasi = formasi.filter(
            Q(code__icontains=word)
            | Q(position__name__icontains=word)
            | Q(work_unit__name__icontains=word)
        )
    return formasi.select_related("period", "position", "work_unit").order_by(
        "-period__year", "period__name", "code", "pk"
    )


def get_formasi_for_admin(*, formasi_id: int) -> Formasi:
    """One formasi with its period, requirements and documents; Formasi.DoesNotExist otherwise."""
    return (
        Formasi.objects.select_related("period", "position", "work_unit", "entry_golongan")
        .prefetch_related(
            Prefetch(
                "education",
                queryset=FormasiEducation.objects.select_related("level").order_by("level__rank"),
            ),
            Prefetch(
                "documents",
                queryset=FormasiDocument.objects.select_related("kind").order_by(
                    "-is_required", "kind__name"
                ),
            ),
        )
        .get(pk=formasi_id)
    )


def periods_open_for_formasi() -> QuerySet[SelectionPeriod]:
    """Periods new formasi may be added to: draft or published, not finished."""
    return SelectionPeriod.objects.exclude(status=SelectionPeriod.Status.FINISHED).order_by(
        "-year", "name"
    )


def document_kinds() -> list[DocumentKind]:
    return list(DocumentKind.objects.order_by("name"))


# --- periods (Admin BKPSDM)


@dataclass(frozen=True)
class PeriodRow:
    period: SelectionPeriod
    draft: int
    published: int
    closed: int


def list_periods() -> list[PeriodRow]:
    """Every period with its formasi counted by status, in one query."""
    periods = SelectionPeriod.objects.annotate(
        draft=Count("formasi", filter=Q(formasi__status=Formasi.Status.DRAFT)),
        published=Count("formasi", filter=Q(formasi__status=Formasi.Status.PUBLISHED)),
        closed=Count("formasi", filter=Q(formasi__status=Formasi.Status.CLOSED)),
    ).order_by("-year", "name")
    return [
        PeriodRow(period=p, draft=p.draft, published=p.published, closed=p.closed) for p in periods
    ]


def get_period_row(*, period_id: int) -> PeriodRow:
    """One period with its formasi counts; SelectionPeriod.DoesNotExist otherwise."""
    period = (
        SelectionPeriod.objects.annotate(
            draft=Count("formasi", filter=Q(formasi__status=Formasi.Status.DRAFT)),
            published=Count("formasi", filter=Q(formasi__status=Formasi.Status.PUBLISHED)),
            closed=Count("formasi", filter=Q(formasi__status=Formasi.Status.CLOSED)),
        )
        .prefetch_related(Prefetch("windows", queryset=StageWindow.objects.order_by("opens_at")))
        .get(pk=period_id)
    )
    return PeriodRow(
        period=period, draft=period.draft, published=period.published, closed=period.closed
    )

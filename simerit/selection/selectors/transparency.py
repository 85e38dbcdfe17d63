"""Reads of the public transparency portal (issue #5 item 7): the periods and their timeline, and the
per-formasi statistics table. Published facts only, and every count k-anonymous
(`rules.anonymity`; k = SIMERIT_PORTAL_MIN_GROUP, 5 by default). The score histograms are in
`transparency_distributions`, the result lookup and "how the ranking works" in
`transparency_lookup`.

What counts as published, per figure:
- applicants: applications sent (submitted or later) to a public formasi of a public period;
- MS / TMS: the entries of the newest administrative announcement of the formasi (a decision
  not yet announced is not counted);
- SKD passers: SKD results with `passed` of blueprints whose results are published;
- SKB candidates: the SkbCandidate rows of the formasi once the cut has run for the period;
- final passers: Lulus in the newest published final announcement (ResultAnnouncement) of the
  formasi.

Each page is a fixed number of queries: the statistics table is one COUNT and one query for the
page (correlated sub-counts over indexed foreign keys), each histogram one GROUP BY over bins
computed in the database; no Python loop over applications.

Totals: the statistics table has NO period totals row. A column total minus the shown cells would
give back a suppressed cell (e.g. total applicants 40, shown 12 + 25 → the "< 5" formasi has 3).
Should totals ever be added, a column's total may be shown only when no cell of that column is
suppressed (across every formasi of the period, not only the page). The histograms' "n orang" is
the only period-wide count on the page; it is the sum of the drawn formasi and the rest, which is
0 or at least k.

Known limit: a formasi's histogram counts everyone with a published score, while the table shows,
e.g., the SKD passers; n − passers (those who failed) is not protected across those two figures.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from simerit.core.spreadsheets.text import thousands
from simerit.exams.models import Blueprint, ExamKind, ExamResult
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Application,
    Formasi,
    SelectionPeriod,
    StageWindow,
)
from simerit.recruitment.selectors.board import (
    PUBLIC_FORMASI_STATUSES,
    PUBLIC_PERIOD_STATUSES,
    TimelineStep,
    public_periods,
    stage_timeline,
)
from simerit.selection.models import (
    ResultAnnouncement,
    ResultAnnouncementEntry,
    SelectionSetup,
    SkbCandidate,
)
from simerit.selection.rules import FinalStatus
from simerit.selection.rules.anonymity import suppress, suppress_parts

DEFAULT_MIN_GROUP = 5
PER_PAGE = 25
SENT_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.TMS_PENDING,
    Application.Status.MS,
    Application.Status.TMS,
)


def min_group() -> int:
    """k: the smallest group a public figure may describe (SIMERIT_PORTAL_MIN_GROUP, default 5)."""
    return int(getattr(settings, "SIMERIT_PORTAL_MIN_GROUP", DEFAULT_MIN_GROUP))


# --- periods and the timeline


def portal_periods() -> QuerySet[SelectionPeriod]:
    """Periods the public may see (published or finished), the newest first."""
    return public_periods()


def get_portal_period(*, period_id: int) -> SelectionPeriod:
    """A published or finished period; SelectionPeriod.DoesNotExist otherwise (a draft too)."""
    return portal_periods().get(pk=period_id)


def period_timeline(
    period: SelectionPeriod, *, now: dt.datetime | None = None
) -> list[TimelineStep]:
    """The period's stage windows in time order (administrative stages, SKD, SKB, the final
    announcement and its sanggah), each past, current, next (the first to open) or upcoming at
    `now` (timezone.now() by default). The same steps as the public formasi board."""
    return stage_timeline(
        StageWindow.objects.filter(period=period), now=now if now is not None else timezone.now()
    )


# --- one public figure


@dataclass(frozen=True)
class Figure:
    """A count as the public sees it: shown, suppressed (a group of 1 … k − 1 people, or hidden
    so that such a group cannot be computed) or not yet published."""

    value: int | None
    state: Literal["shown", "suppressed", "unpublished"]
    k: int

    @property
    def text(self) -> str:
        if self.state == "unpublished":
            return "—"
        if self.value is None:
            return f"< {self.k}"
        return thousands(self.value)

    @property
    def is_suppressed(self) -> bool:
        return self.state == "suppressed"


def _figure(value: int | None, k: int) -> Figure:
    return Figure(value, "shown" if value is not None else "suppressed", k)


def _unpublished(k: int) -> Figure:
    return Figure(None, "unpublished", k)


# --- statistics per formasi


@dataclass(frozen=True)
class FormasiStatistics:
    formasi_id: int
    code: str
    position: str
    work_unit: str
    quota: int
    applicants: Figure
    ms: Figure
    tms: Figure
    skd_passed: Figure
    skb_candidates: Figure
    final_passed: Figure

    @property
    def figures(self) -> tuple[Figure, ...]:
        return (
            self.applicants,
            self.ms,
            self.tms,
            self.skd_passed,
            self.skb_candidates,
            self.final_passed,
        )


@dataclass(frozen=True)
class StatisticsPage:
    page_obj: Page[Formasi]
    rows: list[FormasiStatistics]
    k: int

    @property
    def any_suppressed(self) -> bool:
        return any(figure.is_suppressed for row in self.rows for figure in row.figures)


def _count(queryset: QuerySet[Any], group: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` (already filtered on the outer row), 0 when empty."""
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _newest(queryset: QuerySet[Any]) -> Subquery:
    return Subquery(queryset.order_by("-version").values("pk")[:1])


def _statistics_queryset(period: SelectionPeriod, search: str) -> QuerySet[Formasi]:
    formasi = Formasi.objects.filter(
        period=period,
        status__in=PUBLIC_FORMASI_STATUSES,
        period__status__in=PUBLIC_PERIOD_STATUSES,
    )
    for word in search.split():
        formasi = formasi.filter(
            Q(code__icontains=word)
            | Q(position__name__icontains=word)
            | Q(work_unit__name__icontains=word)
        )
    skd_published = Blueprint.objects.filter(
        period=OuterRef("period"), kind=ExamKind.SKD, results_published_at__isnull=False
    )
    return (
        formasi.select_related("position", "work_unit")
        .only("id", "code", "quota", "position__name", "work_unit__name")
        .annotate(
            admin_announcement_id=_newest(Announcement.objects.filter(formasi=OuterRef("pk"))),
            result_announcement_id=_newest(
                ResultAnnouncement.objects.filter(formasi=OuterRef("pk"))
            ),
            n_applicants=_count(
                Application.objects.filter(formasi=OuterRef("pk"), status__in=SENT_STATUSES),
                "formasi",
            ),
            n_ms=_count(
                AnnouncementEntry.objects.filter(
                    announcement=OuterRef("admin_announcement_id"), result="MS"
                ),
                "announcement",
            ),
            n_tms=_count(
                AnnouncementEntry.objects.filter(
                    announcement=OuterRef("admin_announcement_id"), result="TMS"
                ),
                "announcement",
            ),
            skd_published=Exists(skd_published),
            n_skd_passed=_count(
                ExamResult.objects.filter(
                    application__formasi=OuterRef("pk"),
                    kind=ExamKind.SKD,
                    passed=True,
                    blueprint__results_published_at__isnull=False,
                ),
                "application__formasi",
            ),
            cut_recorded=Exists(
                SelectionSetup.objects.filter(period=OuterRef("period"), cut_at__isnull=False)
            ),
            cut_has_rows=Exists(SkbCandidate.objects.filter(period=OuterRef("period"))),
            n_skb=_count(SkbCandidate.objects.filter(formasi=OuterRef("pk")), "formasi"),
            n_final_passed=_count(
                ResultAnnouncementEntry.objects.filter(
                    announcement=OuterRef("result_announcement_id"), status=FinalStatus.LULUS
                ),
                "announcement",
            ),
        )
        .order_by("code", "pk")
    )


def _row(formasi: Any, k: int) -> FormasiStatistics:
    applicants = formasi.n_applicants
    if formasi.admin_announcement_id is not None:
        # MS, TMS and the applicants not (yet) in the announcement make up the applicants, a
        # shown whole: complementary suppression (rules.anonymity, rule 2).
        rest = max(applicants - formasi.n_ms - formasi.n_tms, 0)
        ms, tms, _ = suppress_parts([formasi.n_ms, formasi.n_tms, rest], k, never_shown={2})
        ms_figure, tms_figure = _figure(ms, k), _figure(tms, k)
    else:
        ms_figure = tms_figure = _unpublished(k)
    return FormasiStatistics(
        formasi_id=formasi.pk,
        code=formasi.code,
        position=formasi.position.name,
        work_unit=formasi.work_unit.name,
        quota=formasi.quota,
        applicants=_figure(suppress(applicants, k), k),
        ms=ms_figure,
        tms=tms_figure,
        skd_passed=(
            _figure(suppress(formasi.n_skd_passed, k), k)
            if formasi.skd_published
            else _unpublished(k)
        ),
        skb_candidates=(
            _figure(suppress(formasi.n_skb, k), k)
            if formasi.cut_recorded or formasi.cut_has_rows
            else _unpublished(k)
        ),
        final_passed=(
            _figure(suppress(formasi.n_final_passed, k), k)
            if formasi.result_announcement_id is not None
            else _unpublished(k)
        ),
    )


def formasi_statistics(
    period: SelectionPeriod,
    search: str = "",
    page: int | str | None = 1,
    *,
    k: int | None = None,
    per_page: int = PER_PAGE,
) -> StatisticsPage:
    """One page of the period's public formasi (by code) with their k-anonymous counts.

    Every word of `search` must appear in the code, the position or the unit. Two queries
    whatever the page size or the number of formasi: the COUNT and the page.
    """
    k = min_group() if k is None else k
    page_obj = Paginator(_statistics_queryset(period, search), per_page).get_page(page)
    return StatisticsPage(
        page_obj=page_obj, rows=[_row(formasi, k) for formasi in page_obj.object_list], k=k
    )


def get_statistics_formasi(*, period: SelectionPeriod, formasi_id: int) -> Formasi:
    """A public formasi of the period (for the charts of one formasi); Formasi.DoesNotExist
    otherwise."""
    return (
        Formasi.objects.filter(period=period, status__in=PUBLIC_FORMASI_STATUSES)
        .select_related("position", "work_unit")
        .get(pk=formasi_id)
    )

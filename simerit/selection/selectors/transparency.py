"""Reads of the public transparency portal (issue #5 item 7): published facts only, and every
count k-anonymous (`rules.anonymity`; k = SIMERIT_PORTAL_MIN_GROUP, 5 by default).

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

Score histograms and differencing: the page draws the period's histogram and, on request, the
histogram of any public formasi, so a visitor can subtract one from the other. All of them are
drawn over ONE set of bin edges per period and kind (`rules.anonymity.shared_histograms`, rule 4),
merged until each bin holds 0 or at least k people in every drawn formasi and in the rest of the
period (formasi not drawn: non-public ones, those below k, and any hidden so that this rest is not
a small group). The period histogram is that rest plus the drawn formasi, so the period's bins
and every difference (period − formasi, period − several formasi) are 0 or at least k. A formasi
histogram of fewer than k people is not drawn at all (the page says so); neither is the period's
when the whole period has fewer than k.

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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from simerit.core.spreadsheets.text import thousands
from simerit.exams.models import Blueprint, ExamKind, ExamResult, PassingRule
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Application,
    Formasi,
    SelectionPeriod,
    StageWindow,
    Track,
)
from simerit.recruitment.rules import mask_name
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
from simerit.selection.rules import FinalStatus, SkdCandidate, SkdScore, display, explain, skd_cut
from simerit.selection.rules.anonymity import (
    Histogram,
    SharedHistograms,
    even_edges,
    shared_histograms,
    suppress,
    suppress_parts,
)
from simerit.selection.selectors import announcements

DEFAULT_MIN_GROUP = 5
PER_PAGE = 25
SENT_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.TMS_PENDING,
    Application.Status.MS,
    Application.Status.TMS,
)
FINAL_EDGES = even_edges(100, 10)


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


# --- score distributions


@dataclass(frozen=True)
class Distributions:
    """`skd` / `final` None: nothing drawn. `skd_hidden` / `final_hidden` say why: True when
    scores are published but the histogram is withheld (fewer than k people, or it would let a
    small group be computed from the other histograms of the period); False when nothing of that
    kind is published yet for the period (or formasi)."""

    skd: Histogram | None
    final: Histogram | None
    skd_max: int
    skd_hidden: bool = False
    final_hidden: bool = False


def _bin_case(field: str, edges: Sequence[int]) -> Case:
    """The bin of `field` computed by the database, exactly as `rules.anonymity.bin_index`."""
    return Case(
        *[
            When(**{f"{field}__lt": edges[index + 1]}, then=Value(index))
            for index in range(len(edges) - 2)
        ],
        default=Value(len(edges) - 2),
        output_field=IntegerField(),
    )


def _shared(
    queryset: QuerySet[Any], *, field: str, formasi: str, edges: Sequence[int], k: int
) -> SharedHistograms[int]:
    """Counts per formasi and bin (one GROUP BY), drawn over the period's common edges; formasi
    that are not public are never drawn on their own (their people count in the period)."""
    rows = (
        queryset.order_by()
        .annotate(bin=_bin_case(field, edges))
        .values(formasi, f"{formasi}__status", "bin")
        .annotate(n=Count("pk"))
        .values_list(formasi, f"{formasi}__status", "bin", "n")
    )
    parts: dict[int, list[int]] = {}
    private: set[int] = set()
    for formasi_id, status, index, n in rows:
        parts.setdefault(formasi_id, [0] * (len(edges) - 1))[index] += n
        if status not in PUBLIC_FORMASI_STATUSES:
            private.add(formasi_id)
    return shared_histograms(parts, edges, k, never_shown=private)


def _pick(shared: SharedHistograms[int], formasi: Formasi | None) -> tuple[Histogram | None, bool]:
    """(the histogram to draw or None, whether it is withheld)."""
    if formasi is None:
        if shared.whole is None:
            return None, True
        return (shared.whole, False) if shared.whole.n else (None, False)
    drawn = shared.parts.get(formasi.pk)
    if drawn is not None and drawn.n:
        return drawn, False
    return None, formasi.pk in shared.hidden


def skd_edges(skd_max: int) -> list[int]:
    """Bins of 50 for the national 550; for a smaller test (the demo's), the widest of 25, 10, 5
    or 1 that still gives at least five bins."""
    width = next((width for width in (50, 25, 10, 5) if skd_max // width >= 5), 1)
    return even_edges(skd_max, width)


def period_setup(period: SelectionPeriod) -> tuple[SelectionSetup, bool]:
    """The period's selection setup and whether it is stored; an unsaved row with the national
    defaults when the period has none (a public read never creates one)."""
    setup = SelectionSetup.objects.filter(period=period).first()
    if setup is None:
        return SelectionSetup(period=period), False
    return setup, True


def score_distributions(
    period: SelectionPeriod,
    formasi: Formasi | None = None,
    *,
    k: int | None = None,
    skd_max: int | None = None,
) -> Distributions:
    """Histograms of published SKD totals (0 – skd_max, bins of 50 for 550) and of the final
    scores of the newest published final announcements (0–100, bins of 10) for the period or one
    formasi, k-anonymous together (the module docstring): the bins are the same whichever formasi
    is asked for. One GROUP BY each over the whole period (plus one read of the setup for
    skd_max)."""
    k = min_group() if k is None else k
    if skd_max is None:
        skd_max = period_setup(period)[0].skd_max
    skd = ExamResult.objects.filter(
        application__period=period,
        kind=ExamKind.SKD,
        blueprint__results_published_at__isnull=False,
    )
    newest_version = ResultAnnouncement.objects.filter(
        formasi=OuterRef("announcement__formasi")
    ).order_by("-version")
    final = ResultAnnouncementEntry.objects.filter(
        announcement__formasi__period=period,
        final_score__isnull=False,
        announcement__version=Subquery(newest_version.values("version")[:1]),
    )
    skd_histogram, skd_hidden = _pick(
        _shared(skd, field="total", formasi="application__formasi", edges=skd_edges(skd_max), k=k),
        formasi,
    )
    final_histogram, final_hidden = _pick(
        _shared(
            final, field="final_score", formasi="announcement__formasi", edges=FINAL_EDGES, k=k
        ),
        formasi,
    )
    return Distributions(
        skd=skd_histogram,
        final=final_histogram,
        skd_max=skd_max,
        skd_hidden=skd_hidden,
        final_hidden=final_hidden,
    )


def chart_data(histogram: Histogram | None, *, decimals: bool = False) -> dict[str, Any] | None:
    """What the chart script reads (json_script): labels, counts (null when suppressed)."""
    if histogram is None:
        return None
    labels = [f"{low}–{high}" for low, high in ((b.low, b.high) for b in histogram.bins)]
    return {
        "labels": labels,
        "counts": [b.count for b in histogram.bins],
        "k": histogram.k,
        "n": histogram.n,
        "suppressed": histogram.suppressed,
        "decimals": decimals,
    }


# --- lookup of one's own published result


@dataclass(frozen=True)
class AdministrativeFact:
    result: str  # "MS" or "TMS"
    reason: str
    version: int
    published_at: dt.datetime


@dataclass(frozen=True)
class SkdFact:
    scores: list[tuple[str, int]]
    total: int
    passed: bool | None
    reason: str
    published_at: dt.datetime


@dataclass(frozen=True)
class FinalFact:
    status: str
    status_label: str
    rank: int | None
    final_score: str | None  # "78,40"
    skd_total: int
    skb_score: str | None
    quota: int
    version: int
    published_at: dt.datetime
    formasi_id: int
    explanation: str  # "peringkat 4 dari 57; kuota 3; nilai akhir 78,40 = ..."


@dataclass(frozen=True)
class LookupResult:
    registration_number: str
    masked_name: str
    period_name: str
    formasi_code: str
    position: str
    work_unit: str
    administrative: AdministrativeFact | None
    skd: SkdFact | None
    final: FinalFact | None


SUBTEST_ORDER = ("TWK", "TIU", "TKP")


def subtests(scores: dict[str, Any]) -> list[tuple[str, int]]:
    """Sub-test values in the SKD's own order (TWK, TIU, TKP, then any other by name): a JSON
    column on PostgreSQL does not keep the order the keys were written in."""

    def position(name: str) -> tuple[int, str]:
        return (SUBTEST_ORDER.index(name) if name in SUBTEST_ORDER else len(SUBTEST_ORDER), name)

    return [(str(name), int(scores[name])) for name in sorted(scores, key=position)]


def normalise_registration_number(value: str) -> str:
    """As the system prints them: no surrounding spaces, capitals (2026-CPNS-123456)."""
    return value.strip().upper()


def lookup_result(registration_number: str) -> LookupResult | None:
    """The published facts about one registration number of a public period: the administrative
    result (newest announcement listing it), the SKD result (once its blueprint's results are
    published) and the final result (newest final announcement listing it), with the masked name
    only. None when there is no such number or nothing about it is published yet: the answer is
    the same, so the lookup reveals no unpublished number."""
    number = normalise_registration_number(registration_number)
    if not number:
        return None
    application = (
        Application.objects.filter(
            registration_number=number, period__status__in=PUBLIC_PERIOD_STATUSES
        )
        .select_related("period", "formasi__position", "formasi__work_unit", "applicant")
        .only(
            "id",
            "registration_number",
            "period__name",
            "formasi__code",
            "formasi__position__name",
            "formasi__work_unit__name",
            "applicant__name",
        )
        .first()
    )
    if application is None:
        return None
    admin_entry = (
        AnnouncementEntry.objects.filter(application=application)
        .select_related("announcement")
        .order_by("-announcement__version")
        .first()
    )
    skd_result = (
        ExamResult.objects.filter(
            application=application,
            kind=ExamKind.SKD,
            blueprint__results_published_at__isnull=False,
        )
        .select_related("blueprint")
        .first()
    )
    final_entry = announcements.entry_for(application)
    if admin_entry is None and skd_result is None and final_entry is None:
        return None
    if final_entry is not None:
        masked = final_entry.masked_name
    elif admin_entry is not None:
        masked = admin_entry.masked_name
    else:
        masked = mask_name(application.applicant.name)
    return LookupResult(
        registration_number=application.registration_number,
        masked_name=masked,
        period_name=application.period.name,
        formasi_code=application.formasi.code,
        position=application.formasi.position.name,
        work_unit=application.formasi.work_unit.name,
        administrative=_administrative(admin_entry),
        skd=_skd(skd_result),
        final=_final(final_entry),
    )


def _administrative(entry: AnnouncementEntry | None) -> AdministrativeFact | None:
    if entry is None:
        return None
    return AdministrativeFact(
        result=entry.result,
        reason=entry.reason,
        version=entry.announcement.version,
        published_at=entry.announcement.published_at,
    )


def _skd(result: ExamResult | None) -> SkdFact | None:
    if result is None or result.blueprint.results_published_at is None:
        return None
    scores = result.scores if isinstance(result.scores, dict) else {}
    return SkdFact(
        scores=subtests(scores),
        total=result.total,
        passed=result.passed,
        reason=result.result_reason,
        published_at=result.blueprint.results_published_at,
    )


def _final(entry: ResultAnnouncementEntry | None) -> FinalFact | None:
    if entry is None:
        return None
    status = FinalStatus(entry.status)
    return FinalFact(
        status=status.value,
        status_label=status.label,
        rank=entry.rank,
        final_score=display(entry.final_score) if entry.final_score is not None else None,
        skd_total=entry.skd_total,
        skb_score=display(entry.skb_score) if entry.skb_score is not None else None,
        quota=entry.announcement.quota,
        version=entry.announcement.version,
        published_at=entry.announcement.published_at,
        formasi_id=entry.announcement.formasi_id,
        explanation=announcements.explanation(entry),
    )


# --- "how the ranking works": the period's numbers, or the national defaults


NATIONAL_PASSING_GRADES: tuple[tuple[str, dict[str, int], int | None], ...] = (
    # KepmenPANRB 321/2024 (domain reference §2.2).
    (Track.UMUM, {"TWK": 65, "TIU": 80, "TKP": 166}, None),
    (Track.CUMLAUDE, {"TIU": 85}, 311),
    (Track.DIASPORA, {"TIU": 85}, 311),
    (Track.DISABILITAS, {"TIU": 60}, 286),
    (Track.PUTRA_PUTRI_DAERAH, {"TIU": 60}, 286),
)
# BKN's worked example (2019, one formasi): name, TWK, TIU, TKP (domain reference §2.3).
BKN_EXAMPLE: tuple[tuple[str, int, int, int], ...] = (
    ("A", 135, 110, 150),
    ("B", 115, 125, 148),
    ("C", 105, 115, 147),
    ("D", 117, 105, 145),
    ("E", 109, 112, 146),
)
TRACK_LABELS = dict(Track.choices)


@dataclass(frozen=True)
class PassingGrade:
    track: str
    minimums: list[tuple[str, int]]
    total_minimum: int | None


@dataclass(frozen=True)
class CutExampleRow:
    name: str
    twk: int
    tiu: int
    tkp: int
    total: int
    position: int
    proceeds: bool


@dataclass(frozen=True)
class RankingExplanation:
    """The numbers of the explanation page. `setup_is_default`: no setup stored for the period
    (or no period chosen), so the national defaults are shown and labelled as such."""

    period: SelectionPeriod | None
    setup_is_default: bool
    skd_max: int
    cut_multiplier: int
    skd_weight: str  # "40"
    skb_weight: str  # "60"
    min_cat_weight: str
    max_additional_components: int
    result_sanggah_days: int
    passing_grades: list[PassingGrade]
    grades_are_default: bool
    cut_example: list[CutExampleRow]
    cut_slots: int
    example_skd: int
    example_skb: str
    example_skd_part: str
    example_skb_part: str
    example_final: str
    example_line: str


def _percent(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _passing_grades(period: SelectionPeriod | None) -> tuple[list[PassingGrade], bool]:
    rules_: list[PassingRule] = []
    if period is not None:
        blueprint = (
            Blueprint.objects.filter(period=period, kind=ExamKind.SKD, passing_rules__isnull=False)
            .order_by("-created_at", "-pk")
            .first()
        )
        if blueprint is not None:
            rules_ = list(blueprint.passing_rules.order_by("track"))
    if rules_:
        return [
            PassingGrade(
                track=TRACK_LABELS.get(rule.track, "Semua jalur lain"),
                minimums=subtests(rule.category_minimums),
                total_minimum=rule.total_minimum,
            )
            for rule in rules_
        ], False
    return [
        PassingGrade(TRACK_LABELS[track], list(minimums.items()), total)
        for track, minimums, total in NATIONAL_PASSING_GRADES
    ], True


def ranking_explanation(period: SelectionPeriod | None = None) -> RankingExplanation:
    """The numbers the explanation page shows: from the period's SelectionSetup and SKD passing
    rules when a period is chosen and has them, otherwise the national defaults (flagged). The
    worked examples are computed by the same rules the ranking uses."""
    if period is not None:
        setup, stored = period_setup(period)
    else:
        setup, stored = SelectionSetup(), False
    grades, grades_default = _passing_grades(period)
    slots = setup.cut_multiplier  # the example's formasi has a quota of 1
    candidates = [
        SkdCandidate(name, SkdScore(twk=twk, tiu=tiu, tkp=tkp))
        for name, twk, tiu, tkp in BKN_EXAMPLE
    ]
    proceeding = set(skd_cut(candidates, quota=1, multiplier=setup.cut_multiplier))
    ordered = sorted(candidates, key=lambda candidate: candidate.skd.cut_key(), reverse=True)
    cut_rows = [
        CutExampleRow(
            name=candidate.key,
            twk=candidate.skd.twk,
            tiu=candidate.skd.tiu,
            tkp=candidate.skd.tkp,
            total=candidate.skd.total,
            position=position,
            proceeds=candidate.key in proceeding,
        )
        for position, candidate in enumerate(ordered, start=1)
    ]
    hundred = Decimal(100)
    skd_weight, skb_weight = setup.skd_weight / hundred, setup.skb_weight / hundred
    example_skd = setup.skd_max * 395 // 550
    example_skb = Decimal(70)
    skd_part = skd_weight * Decimal(example_skd) / Decimal(setup.skd_max) * hundred
    skb_part = skb_weight * example_skb
    line = explain(
        rank=4,
        ranked=57,
        quota=3,
        skd_total=example_skd,
        skd_max=setup.skd_max,
        skb=example_skb,
        skd_weight=skd_weight,
        skb_weight=skb_weight,
    )
    return RankingExplanation(
        period=period,
        setup_is_default=not stored,
        skd_max=setup.skd_max,
        cut_multiplier=setup.cut_multiplier,
        skd_weight=_percent(setup.skd_weight),
        skb_weight=_percent(setup.skb_weight),
        min_cat_weight=_percent(setup.min_cat_weight),
        max_additional_components=setup.max_additional_components,
        result_sanggah_days=setup.result_sanggah_days,
        passing_grades=grades,
        grades_are_default=grades_default,
        cut_example=cut_rows,
        cut_slots=slots,
        example_skd=example_skd,
        example_skb=display(example_skb),
        example_skd_part=display(skd_part),
        example_skb_part=display(skb_part),
        example_final=display(skd_part + skb_part),
        example_line=line,
    )

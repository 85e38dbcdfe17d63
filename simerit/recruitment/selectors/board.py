"""Reads of the public board: published periods, their published or closed formasi, counts, timeline.

Only PUBLISHED/CLOSED formasi of PUBLISHED/FINISHED periods are public. The list is a fixed number of
queries whatever the page size: one COUNT, one page of formasi with position and unit joined, one
for their education rules, and one GROUP BY for the applicant counts of that page only, which the
index (formasi, status) of Application answers without reading the applications themselves.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum

from simerit.core.dates import format_date_id
from simerit.organization.models import EducationLevel, Position, WorkUnit
from simerit.recruitment import rules
from simerit.recruitment.models import (
    Applicant,
    Application,
    Formasi,
    FormasiDocument,
    FormasiEducation,
    FormasiQuerySet,
    SelectionPeriod,
    StageWindow,
    Track,
)
from simerit.recruitment.rules import ApplicantProfile, Eligibility, check_eligibility
from simerit.recruitment.selectors.eligibility import requirements_for

PUBLIC_PERIOD_STATUSES = (SelectionPeriod.Status.PUBLISHED, SelectionPeriod.Status.FINISHED)
PUBLIC_FORMASI_STATUSES = (Formasi.Status.PUBLISHED, Formasi.Status.CLOSED)
# Columns the board's list reads; the long free-text requirements stay on the detail page.
LIST_COLUMNS = (
    "id",
    "period_id",
    "code",
    "quota",
    "track",
    "status",
    "min_age",
    "max_age",
    "age_reference_date",
    "min_gpa",
    "position__id",
    "position__name",
    "work_unit__id",
    "work_unit__name",
)


def public_periods() -> QuerySet[SelectionPeriod]:
    """Published and finished periods, the newest first."""
    return SelectionPeriod.objects.filter(status__in=PUBLIC_PERIOD_STATUSES).order_by(
        "-year", F("published_at").desc(nulls_last=True), "-pk"
    )


def current_period(periods: Sequence[SelectionPeriod]) -> SelectionPeriod | None:
    """The period the board opens on: the newest published one, else the newest finished one."""
    for status in PUBLIC_PERIOD_STATUSES:
        for period in periods:
            if period.status == status:
                return period
    return None


def public_formasi() -> FormasiQuerySet:
    return Formasi.objects.filter(
        status__in=PUBLIC_FORMASI_STATUSES, period__status__in=PUBLIC_PERIOD_STATUSES
    )


@dataclass(frozen=True)
class BoardFilters:
    search: str = ""
    unit: WorkUnit | None = None  # the unit and every unit below it
    position_id: int | None = None
    level_code: str = ""
    track: str = ""


def _education_prefetch() -> "Prefetch[str]":
    return Prefetch(
        "education",
        queryset=FormasiEducation.objects.select_related("level").order_by("level__rank"),
    )


def list_board_formasi(*, period: SelectionPeriod, filters: BoardFilters) -> FormasiQuerySet:
    """The period's public formasi matching `filters`, by code; education rules prefetched.

    Every word of the search must appear in the code, the position name or the unit name.
    """
    formasi = public_formasi().filter(period=period)
    for word in filters.search.split():
        formasi = formasi.filter(
            Q(code__icontains=word)
            | Q(position__name__icontains=word)
            | Q(work_unit__name__icontains=word)
        )
    if filters.unit is not None:
        formasi = formasi.filter(work_unit__path__startswith=filters.unit.path)
    if filters.position_id is not None:
        formasi = formasi.filter(position_id=filters.position_id)
    if filters.level_code:
        formasi = formasi.filter(
            Exists(
                FormasiEducation.objects.filter(
                    formasi=OuterRef("pk"), level__code=filters.level_code
                )
            )
        )
    if filters.track:
        formasi = formasi.filter(track=filters.track)
    return _for_list(formasi)


def list_board_formasi_by_ids(*, formasi_ids: Iterable[int]) -> FormasiQuerySet:
    """These public formasi (any period), by code, shaped like the board's list."""
    return _for_list(public_formasi().filter(pk__in=list(formasi_ids)))


def _for_list(formasi: FormasiQuerySet) -> FormasiQuerySet:
    return (
        formasi.select_related("position", "work_unit")
        .only(*LIST_COLUMNS)
        .prefetch_related(_education_prefetch())
        .order_by("code", "pk")
    )


@dataclass(frozen=True)
class ApplicantCount:
    """Applications to one formasi: sent (submitted and beyond) and still in draft."""

    submitted: int = 0
    drafts: int = 0


def applicant_counts(formasi_ids: Iterable[int]) -> dict[int, ApplicantCount]:
    """Counts for these formasi in one GROUP BY over the (formasi, status) index."""
    submitted: dict[int, int] = {}
    drafts: dict[int, int] = {}
    rows = (
        Application.objects.filter(formasi_id__in=list(formasi_ids))
        .values_list("formasi_id", "status")
        .annotate(count=Count("status"))
        .order_by()
    )
    for formasi_id, status, count in rows:
        bucket = drafts if status == Application.Status.DRAFT else submitted
        bucket[formasi_id] = bucket.get(formasi_id, 0) + count
    return {
        formasi_id: ApplicantCount(submitted.get(formasi_id, 0), drafts.get(formasi_id, 0))
        for formasi_id in submitted.keys() | drafts.keys()
    }


@dataclass(frozen=True)
class BoardChoices:
    """What the filters offer for one period: only units and positions that have public formasi."""

    units: list[WorkUnit]
    positions: list[Position]
    levels: list[EducationLevel]
    tracks: list[tuple[str, str]] = field(default_factory=lambda: list(Track.choices))


def board_choices(*, period: SelectionPeriod) -> BoardChoices:
    """Units with public formasi and the units above them (not the city itself), positions, levels."""
    formasi = public_formasi().filter(period=period)
    paths = formasi.order_by().values_list("work_unit__path", flat=True).distinct()
    unit_ids = {int(part) for path in paths for part in path.strip("/").split("/") if part}
    units = list(
        WorkUnit.objects.filter(pk__in=unit_ids, parent__isnull=False)
        .only("id", "name", "path", "depth")
        .order_by("path")
    )
    positions = list(
        Position.objects.filter(pk__in=formasi.values("position_id"))
        .only("id", "name")
        .order_by("name", "pk")
    )
    levels = list(EducationLevel.objects.order_by("rank"))
    return BoardChoices(units=units, positions=positions, levels=levels)


@dataclass(frozen=True)
class PeriodSummary:
    period: SelectionPeriod
    formasi_count: int
    quota_total: int
    timeline: list["TimelineStep"]


def list_period_summaries(*, now: dt.datetime) -> list[PeriodSummary]:
    """Every public period with its number of public formasi, total quota and timeline (2 queries)."""
    public = Q(formasi__status__in=PUBLIC_FORMASI_STATUSES)
    periods = public_periods().annotate(
        formasi_count=Count("formasi", filter=public),
        quota_total=Sum("formasi__quota", filter=public),
    )
    periods = periods.prefetch_related(
        Prefetch("windows", queryset=StageWindow.objects.order_by("opens_at"))
    )
    return [
        PeriodSummary(
            period=period,
            formasi_count=period.formasi_count,
            quota_total=period.quota_total or 0,
            timeline=stage_timeline(period.windows.all(), now=now),
        )
        for period in periods
    ]


# --- the stage timeline


@dataclass(frozen=True)
class TimelineStep:
    stage: str
    label: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    state: Literal["past", "current", "next", "upcoming"]

    @property
    def state_label(self) -> str:
        return {
            "past": "Selesai",
            "current": "Sedang berlangsung",
            "next": "Berikutnya",
            "upcoming": "Akan datang",
        }[self.state]


def stage_timeline(windows: Iterable[StageWindow], *, now: dt.datetime) -> list[TimelineStep]:
    """The windows in time order: past, current (open now), next (the first to open) or upcoming."""
    steps: list[TimelineStep] = []
    next_marked = False
    for window in sorted(windows, key=lambda w: (w.opens_at, w.closes_at)):
        state: Literal["past", "current", "next", "upcoming"]
        if window.closes_at <= now:
            state = "past"
        elif window.opens_at <= now:
            state = "current"
        elif not next_marked:
            state, next_marked = "next", True
        else:
            state = "upcoming"
        steps.append(
            TimelineStep(
                window.stage, window.get_stage_display(), window.opens_at, window.closes_at, state
            )
        )
    return steps


def period_timeline(period: SelectionPeriod, *, now: dt.datetime) -> list[TimelineStep]:
    return stage_timeline(StageWindow.objects.filter(period=period), now=now)


# --- one formasi


def get_public_formasi(*, formasi_id: int) -> Formasi:
    """A public formasi with everything its page shows; Formasi.DoesNotExist otherwise."""
    documents = FormasiDocument.objects.select_related("kind").order_by(
        "-is_required", "kind__name"
    )
    return (
        public_formasi()
        .select_related("period", "position", "work_unit", "entry_golongan")
        .prefetch_related(_education_prefetch(), Prefetch("documents", queryset=documents))
        .get(pk=formasi_id)
    )


def formasi_counts(formasi: Formasi) -> ApplicantCount:
    return applicant_counts([formasi.pk]).get(formasi.pk, ApplicantCount())


@dataclass(frozen=True)
class DocumentLine:
    name: str
    formats: str
    max_kb: int
    is_required: bool
    description: str


@dataclass(frozen=True)
class Requirements:
    """A formasi's requirements as sentences for people, not for programmers."""

    age: str
    education: list[str]
    track: str
    gpa: str
    golongan: str
    documents: list[DocumentLine]
    extra: str


def _number_id(value: Decimal) -> str:
    """3.25 → "3,25", the Indonesian way."""
    return f"{value:.2f}".replace(".", ",")


def describe_requirements(formasi: Formasi) -> Requirements:
    """Plain Indonesian; prefetch education (with level) and documents (with kind) first."""
    on = formasi.age_reference_date
    earliest, latest = rules.birth_date_bounds(
        min_age=formasi.min_age, max_age=formasi.max_age, on=on
    )
    age = (
        f"Pada {format_date_id(on)} usia Anda paling rendah {formasi.min_age} tahun dan "
        f"paling tinggi {formasi.max_age} tahun, artinya lahir antara "
        f"{format_date_id(earliest)} dan {format_date_id(latest)}."
    )
    education = []
    for rule in formasi.education.all():
        majors = " atau ".join(rule.majors) if rule.majors else ""
        education.append(
            f"{rule.level.name}, program studi {majors}."
            if majors
            else f"{rule.level.name}, semua program studi."
        )
    if formasi.track == Track.UMUM:
        track = "Formasi umum: terbuka untuk semua pelamar yang memenuhi syarat."
    elif formasi.track == Track.DISABILITAS:
        track = "Formasi khusus untuk pelamar penyandang disabilitas."
    else:
        track = f"Formasi khusus untuk pelamar jalur {formasi.get_track_display()}."
    gpa = (
        f"IPK paling rendah {_number_id(formasi.min_gpa)}."
        if formasi.min_gpa is not None
        else "Tidak ada syarat IPK minimal."
    )
    golongan = (
        f"Golongan awal: {formasi.entry_golongan.pangkat} ({formasi.entry_golongan.code})."
        if formasi.entry_golongan is not None
        else ""
    )
    documents = [
        DocumentLine(
            name=doc.kind.name,
            formats=", ".join(f.upper() for f in doc.formats),
            max_kb=doc.max_kb,
            is_required=doc.is_required,
            description=doc.kind.description,
        )
        for doc in formasi.documents.all()
    ]
    return Requirements(
        age=age,
        education=education,
        track=track,
        gpa=gpa,
        golongan=golongan,
        documents=documents,
        extra=formasi.extra_requirements,
    )


# --- eligibility on the board


def applicant_of(user: "AbstractBaseUser | AnonymousUser") -> Applicant | None:
    """The logged-in account's applicant record, if it has one (anonymous: None)."""
    if not user.is_authenticated:
        return None
    return Applicant.objects.select_related("education_level").filter(user_id=user.pk).first()


def check_many(profile: ApplicantProfile, formasi: Iterable[Formasi]) -> dict[int, Eligibility]:
    """Each formasi's verdict for `profile` (education rules must be prefetched)."""
    return {item.pk: check_eligibility(profile, requirements_for(item)) for item in formasi}

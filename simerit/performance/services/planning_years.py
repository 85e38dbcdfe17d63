"""The performance years (periode penilaian kinerja): Admin BKPSDM opens a year with its
configuration, changes it until the year is closed, and moves it PLANNING → RUNNING → CLOSED."""

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError
from simerit.performance import permissions
from simerit.performance.models import (
    Appraisal,
    BehaviourResponse,
    Frequency,
    PerformanceYear,
    Realisation,
)

Status = PerformanceYear.Status

HR_ONLY = "Hanya Admin BKPSDM yang dapat mengatur periode penilaian kinerja."
# Bounds of the configuration: outside them a value is a typing error, not a policy.
MIN_GROUP_RATERS, MAX_GROUP_RATERS = 2, 20
MAX_MARGIN = Decimal(4)  # the 1–5 scale has no wider gap
MAX_OBJECTION_DAYS = 90
MIN_CAP, MAX_CAP = 100, 200
# The status each status may move to.
NEXT_STATUS = {Status.PLANNING: Status.RUNNING, Status.RUNNING: Status.CLOSED}


@dataclass(frozen=True)
class YearConfig:
    """Every configurable field of a year (the year number is fixed once opened)."""

    starts_on: dt.date
    ends_on: dt.date
    ratings_close_on: dt.date
    frequency: str = Frequency.QUARTERLY
    min_group_raters: int = 3
    justification_margin: Decimal = Decimal(1)
    objection_days: int = 14
    achievement_cap: int = 120
    # The 360 deadline; None: the same day as ratings_close_on (then HR closes the collection with
    # `close_feedback` before the decisions).
    feedback_closes_on: dt.date | None = None

    def fields(self) -> dict[str, Any]:
        """The model's field values, with the 360 deadline filled in."""
        values = asdict(self)
        values["feedback_closes_on"] = self.feedback_closes_on or self.ratings_close_on
        return values


def _check_hr(actor: User) -> None:
    if not permissions.is_hr(actor):
        raise PermissionDenied(HR_ONLY)


def _validate(*, year: int, config: YearConfig) -> None:
    """Refuse a configuration that cannot govern a year (messages name the field)."""
    if not 2000 <= year <= 2100:
        raise DomainError("Tahun harus antara 2000 dan 2100.", field="year")
    if config.starts_on.year != year:
        raise DomainError(f"Tanggal mulai harus berada di tahun {year}.", field="starts_on")
    if config.ends_on <= config.starts_on:
        raise DomainError("Tanggal berakhir harus sesudah tanggal mulai.", field="ends_on")
    if config.ratings_close_on < config.ends_on:
        raise DomainError(
            "Batas akhir penilaian tidak boleh sebelum tanggal berakhir periode.",
            field="ratings_close_on",
        )
    feedback = config.feedback_closes_on or config.ratings_close_on
    if not config.starts_on <= feedback <= config.ratings_close_on:
        raise DomainError(
            "Batas akhir masukan 360 harus di antara tanggal mulai periode dan batas akhir "
            "penilaian.",
            field="feedback_closes_on",
        )
    if config.frequency not in Frequency.values:
        raise DomainError("Periode realisasi tidak dikenal.", field="frequency")
    if not MIN_GROUP_RATERS <= config.min_group_raters <= MAX_GROUP_RATERS:
        raise DomainError(
            f"Minimal penilai per kelompok harus antara {MIN_GROUP_RATERS} dan {MAX_GROUP_RATERS}.",
            field="min_group_raters",
        )
    if not Decimal(0) <= config.justification_margin <= MAX_MARGIN:
        raise DomainError(
            "Batas selisih tanpa justifikasi harus antara 0 dan 4.", field="justification_margin"
        )
    if not 1 <= config.objection_days <= MAX_OBJECTION_DAYS:
        raise DomainError(
            f"Batas hari keberatan harus antara 1 dan {MAX_OBJECTION_DAYS}.",
            field="objection_days",
        )
    if not MIN_CAP <= config.achievement_cap <= MAX_CAP:
        raise DomainError(
            f"Batas capaian harus antara {MIN_CAP} dan {MAX_CAP} persen.",
            field="achievement_cap",
        )


# Settings that govern data already recorded: once such data exists, changing them would re-read it
# under another rule (a realisation per quarter read as per month, a group of 3 answers released
# as a group of 2, a keberatan window shortened after the result was received).
FROZEN_MESSAGES = {
    "frequency": "Periode realisasi tidak dapat diubah karena sudah ada realisasi yang dicatat "
    "pada periode ini.",
    "min_group_raters": "Minimal penilai per kelompok tidak dapat diubah karena sudah ada jawaban "
    "masukan 360 pada periode ini.",
    "feedback_closes_on": "Batas akhir masukan 360 tidak dapat diubah karena sudah ada jawaban "
    "masukan 360 pada periode ini.",
    "objection_days": "Batas hari keberatan tidak dapat diubah karena sudah ada hasil penilaian "
    "yang diterima pegawai pada periode ini.",
}


def _recorded(year: PerformanceYear, field: str) -> bool:
    """Whether the year already holds data that `field` governs."""
    if field == "frequency":
        return Realisation.objects.filter(indicator__result__skp__year=year).exists()
    if field == "objection_days":
        return Appraisal.objects.filter(skp__year=year, delivered_at__isnull=False).exists()
    return BehaviourResponse.objects.filter(skp__year=year).exists()


def _check_frozen(year: PerformanceYear, config: YearConfig) -> None:
    """Refuse changing a setting that governs data already recorded (the message names it)."""
    values = config.fields()
    for field, message in FROZEN_MESSAGES.items():
        if values[field] != getattr(year, field) and _recorded(year, field):
            raise DomainError(message, field=field)


def _snapshot(year: PerformanceYear) -> dict[str, Any]:
    return {field: getattr(year, field) for field in YearConfig.__dataclass_fields__}


@transaction.atomic
def open_year(*, year: int, config: YearConfig, actor: User) -> PerformanceYear:
    """Open a performance year in PLANNING (employees may then draft their SKP)."""
    _check_hr(actor)
    _validate(year=year, config=config)
    if PerformanceYear.objects.filter(year=year).exists():
        raise ConflictError(f"Periode penilaian kinerja {year} sudah ada.", field="year")
    created = PerformanceYear(year=year, status=Status.PLANNING, **config.fields())
    created.full_clean()
    created.save()
    audit.record(
        actor=actor,
        action="performance.year.opened",
        target=created,
        changes={"year": year, **_snapshot(created)},
    )
    return created


@transaction.atomic
def update_year(*, year: PerformanceYear, config: YearConfig, actor: User) -> PerformanceYear:
    """Change the configuration of a year that is not closed (settings that govern data already
    recorded stay as they are: `FROZEN_MESSAGES`)."""
    _check_hr(actor)
    year = PerformanceYear.objects.select_for_update().get(pk=year.pk)
    if year.status == Status.CLOSED:
        raise DomainError("Periode yang sudah ditutup tidak dapat diubah.")
    _validate(year=year.year, config=config)
    _check_frozen(year, config)
    before = _snapshot(year)
    for field, value in config.fields().items():
        setattr(year, field, value)
    year.full_clean()
    year.save()
    changes = audit.diff(before, _snapshot(year))
    if changes:
        audit.record(actor=actor, action="performance.year.updated", target=year, changes=changes)
    return year


@transaction.atomic
def advance_year(*, year: PerformanceYear, actor: User) -> PerformanceYear:
    """Move the year to its next status: PLANNING → RUNNING → CLOSED (never back)."""
    _check_hr(actor)
    year = PerformanceYear.objects.select_for_update().get(pk=year.pk)
    new_status = NEXT_STATUS.get(Status(year.status))
    if new_status is None:
        raise DomainError("Periode yang sudah ditutup tidak dapat diubah.")
    old_status = year.status
    year.status = new_status
    year.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.year.started"
        if new_status == Status.RUNNING
        else "performance.year.closed",
        target=year,
        changes={"status": [old_status, new_status]},
    )
    return year


@transaction.atomic
def close_feedback(*, year: PerformanceYear, actor: User) -> PerformanceYear:
    """End the 360 collection now (before its deadline): answers are refused from here on and the
    aggregates are shown, so the pejabat penilai can decide on final evidence (ADR 0010)."""
    _check_hr(actor)
    year = PerformanceYear.objects.select_for_update().get(pk=year.pk)
    if year.status != Status.RUNNING:
        raise DomainError("Masukan 360 hanya dapat ditutup pada periode yang sedang berjalan.")
    if year.feedback_closed_at is not None:
        raise ConflictError("Masukan 360 periode ini sudah ditutup.")
    year.feedback_closed_at = timezone.now()
    year.save(update_fields=["feedback_closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="performance.year.feedback_closed",
        target=year,
        changes={
            "feedback_closed_at": year.feedback_closed_at,
            "deadline": year.feedback_closes_on,
        },
    )
    return year

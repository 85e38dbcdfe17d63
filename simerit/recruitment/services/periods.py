"""Writes to selection periods: their configuration, the schedule of stage windows, publication.

Only Admin BKPSDM manages periods. Every write is one transaction with its audit row.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.recruitment.models import (
    Application,
    SelectionKind,
    SelectionPeriod,
    Stage,
    StageWindow,
)

STAGE_ORDER = {stage.value: index for index, stage in enumerate(Stage)}
MAX_SANGGAH_DAYS = 30
# What applicants applied under and what publication and verification read: fixed once the
# period has an application (a renamed period would also change announcements' text).
FIXED_ONCE_APPLIED = {
    "name": "nama seleksi",
    "kind": "jenis seleksi",
    "year": "tahun anggaran",
    "tms_needs_confirmation": "konfirmasi TMS oleh verifikator kedua",
    "sanggah_days": "lama masa sanggah",
}


@dataclass
class PeriodInput:
    """The configuration of a period; the year-specific rules are data here, never constants."""

    name: str
    kind: str
    year: int
    age_reference_date: dt.date
    default_min_age: int = 18
    default_max_age: int = 35
    tms_needs_confirmation: bool = True
    sanggah_days: int = 3
    description: str = ""


@dataclass(frozen=True)
class WindowInput:
    stage: str
    opens_at: dt.datetime
    closes_at: dt.datetime


def _require_hr(actor: User) -> None:
    if not actor.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengelola periode seleksi.")


def validate_period_input(data: PeriodInput) -> dict[str, list[str]]:
    """Every problem with `data`, by field, in Indonesian; empty when it may be saved."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    data.name = data.name.strip()
    data.description = data.description.strip()
    if not data.name:
        add("name", "Nama seleksi wajib diisi.")
    elif len(data.name) > 200:
        add("name", "Nama seleksi paling banyak 200 karakter.")
    if data.kind not in SelectionKind.values:
        add("kind", "Jenis seleksi harus CPNS atau PPPK.")
    if not 2000 <= data.year <= 2100:
        add("year", "Tahun anggaran harus antara 2000 dan 2100.")
    if data.default_min_age < 0 or data.default_max_age < 0:
        add("default_min_age", "Batas usia tidak boleh negatif.")
    elif data.default_min_age > data.default_max_age:
        add(
            "default_max_age",
            f"Batas usia minimal ({data.default_min_age}) tidak boleh lebih dari batas usia "
            f"maksimal ({data.default_max_age}).",
        )
    if not 1 <= data.sanggah_days <= MAX_SANGGAH_DAYS:
        add("sanggah_days", f"Lama masa sanggah harus 1 sampai {MAX_SANGGAH_DAYS} hari.")
    return errors


def _values(period: SelectionPeriod) -> dict[str, Any]:
    return {name: getattr(period, name) for name in PeriodInput.__dataclass_fields__}


@transaction.atomic
def create_period(*, data: PeriodInput, actor: User) -> SelectionPeriod:
    """A new period in draft: invisible to the public until it is published."""
    _require_hr(actor)
    errors = validate_period_input(data)
    if errors:
        raise InvalidInputError(errors)
    period = SelectionPeriod(**asdict(data))
    period.full_clean()
    period.save()
    audit.record(
        actor=actor, action="recruitment.period.created", target=period, changes=_values(period)
    )
    return period


@transaction.atomic
def update_period(*, period: SelectionPeriod, data: PeriodInput, actor: User) -> SelectionPeriod:
    """Change the configuration; a finished period is history and cannot change.

    Formasi keep the ages and reference date they were created with: the defaults only seed new ones.
    Once the period has an application, FIXED_ONCE_APPLIED can no longer change.
    """
    _require_hr(actor)
    if period.status == SelectionPeriod.Status.FINISHED:
        raise DomainError("Periode seleksi yang sudah selesai tidak dapat diubah.")
    errors = validate_period_input(data)
    if errors:
        raise InvalidInputError(errors)
    before = _values(period)
    changed = [name for name in FIXED_ONCE_APPLIED if getattr(data, name) != before[name]]
    if changed and Application.objects.filter(period=period).exists():
        labels = ", ".join(FIXED_ONCE_APPLIED[name] for name in changed)
        raise DomainError(
            f"Periode ini sudah memiliki lamaran; {labels} tidak dapat diubah lagi.",
            field=changed[0],
        )
    for name, value in asdict(data).items():
        setattr(period, name, value)
    period.full_clean()
    period.save()
    changes = audit.diff(before, _values(period))
    if changes:
        audit.record(
            actor=actor, action="recruitment.period.updated", target=period, changes=changes
        )
    return period


def _window_text(window: StageWindow | WindowInput | None) -> list[str] | None:
    if window is None:
        return None
    # In WIB whatever the source (a form, the database's UTC), so that equal times compare equal.
    return [
        timezone.localtime(window.opens_at).isoformat(),
        timezone.localtime(window.closes_at).isoformat(),
    ]


def validate_schedule(windows: Sequence[WindowInput]) -> dict[str, list[str]]:
    """Each stage at most once, closing after it opens, and no stage opening before the one before it."""
    errors: dict[str, list[str]] = {}
    labels = dict(Stage.choices)
    seen: set[str] = set()
    for window in windows:
        if window.stage not in labels:
            errors.setdefault(window.stage, []).append(f"Tahap '{window.stage}' tidak dikenal.")
            continue
        if window.stage in seen:
            errors.setdefault(window.stage, []).append("Tahap ini tercantum lebih dari sekali.")
        seen.add(window.stage)
        if timezone.is_naive(window.opens_at) or timezone.is_naive(window.closes_at):
            errors.setdefault(window.stage, []).append("Waktu harus disertai zona waktu.")
        elif window.closes_at <= window.opens_at:
            errors.setdefault(window.stage, []).append(
                f"{labels[window.stage]}: waktu ditutup harus sesudah waktu dibuka."
            )
    if errors:
        return errors
    ordered = sorted(windows, key=lambda window: STAGE_ORDER[window.stage])
    for earlier, later in pairwise(ordered):
        if later.opens_at < earlier.opens_at:
            errors.setdefault(later.stage, []).append(
                f"{labels[later.stage]} tidak boleh dibuka sebelum {labels[earlier.stage]} dibuka."
            )
    return errors


@transaction.atomic
def set_schedule(
    *, period: SelectionPeriod, windows: Sequence[WindowInput], actor: User
) -> list[StageWindow]:
    """Make the period's schedule exactly `windows`: stages left out are removed.

    A published period may still move its dates (e.g. registration extended after an outage);
    every change is in the audit log.
    """
    _require_hr(actor)
    if period.status == SelectionPeriod.Status.FINISHED:
        raise DomainError("Jadwal periode seleksi yang sudah selesai tidak dapat diubah.")
    errors = validate_schedule(windows)
    if errors:
        raise InvalidInputError(errors)
    current = {window.stage: window for window in StageWindow.objects.filter(period=period)}
    if period.status == SelectionPeriod.Status.PUBLISHED and Stage.REGISTRATION not in {
        window.stage for window in windows
    }:
        raise DomainError(
            "Periode yang sudah diumumkan harus tetap memiliki jadwal pendaftaran.",
            field=Stage.REGISTRATION,
        )
    changes: dict[str, list[Any]] = {}
    wanted = {window.stage: window for window in windows}
    for stage, removed in current.items():
        if stage not in wanted:
            changes[stage] = [_window_text(removed), None]
            removed.delete()
    saved: list[StageWindow] = []
    for stage, window in wanted.items():
        existing = current.get(stage)
        before = _window_text(existing)
        row = existing or StageWindow(period=period, stage=stage)
        row.opens_at = window.opens_at
        row.closes_at = window.closes_at
        row.full_clean()
        row.save()
        saved.append(row)
        if before != _window_text(window):
            changes[stage] = [before, _window_text(window)]
    if changes:
        audit.record(
            actor=actor,
            action="recruitment.period.schedule_changed",
            target=period,
            changes=changes,
        )
    return sorted(saved, key=lambda row: row.opens_at)


@transaction.atomic
def publish_period(*, period: SelectionPeriod, actor: User) -> SelectionPeriod:
    """Show the period and its published formasi on the public board; needs a registration window."""
    _require_hr(actor)
    if period.status != SelectionPeriod.Status.DRAFT:
        raise DomainError("Hanya periode seleksi berstatus draf yang dapat diumumkan.")
    if not StageWindow.objects.filter(period=period, stage=Stage.REGISTRATION).exists():
        raise DomainError(
            "Tetapkan jadwal pendaftaran lebih dahulu; periode tanpa jadwal pendaftaran tidak "
            "dapat diumumkan."
        )
    period.status = SelectionPeriod.Status.PUBLISHED
    period.published_at = timezone.now()
    period.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.period.published",
        target=period,
        changes={"status": [SelectionPeriod.Status.DRAFT, SelectionPeriod.Status.PUBLISHED]},
    )
    return period


@transaction.atomic
def finish_period(*, period: SelectionPeriod, actor: User) -> SelectionPeriod:
    """Mark the period finished: it stays on the board as history and can no longer change."""
    _require_hr(actor)
    if period.status != SelectionPeriod.Status.PUBLISHED:
        raise DomainError("Hanya periode seleksi yang sudah diumumkan yang dapat diselesaikan.")
    period.status = SelectionPeriod.Status.FINISHED
    period.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.period.finished",
        target=period,
        changes={"status": [SelectionPeriod.Status.PUBLISHED, SelectionPeriod.Status.FINISHED]},
    )
    return period

"""The training configuration Admin BKPSDM keeps: each year's JP minimum (PP 11/2017 Pasal 203(4):
20 JP), the day reminders start and the daily JP ceiling; and which leadership training each
managerial position requires, within how many months of the TMT jabatan (domain reference §6.2).
Every change is audited with its value before and after."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.training import permissions
from simerit.training.models import LEADERSHIP_KINDS, LeadershipRule, TrainingYear

HR_ONLY = "Hanya Admin BKPSDM yang dapat mengubah pengaturan pelatihan."
YEAR_MIN, YEAR_MAX = 2000, 2100
MINIMUM_JP_MAX = Decimal(500)
DAILY_JP_MIN, DAILY_JP_MAX = Decimal(1), Decimal(24)
MONTHS_MIN, MONTHS_MAX = 1, 120
STEP = Decimal("0.1")
# Reminders start in the last quarter unless Admin BKPSDM chooses another day.
DEFAULT_REMINDER_MONTH = 10


def _check_hr(actor: User) -> None:
    if not permissions.is_hr(actor):
        raise PermissionDenied(HR_ONLY)


def default_reminders_from(year: int) -> dt.date:
    """1 October of the year: the last quarter, when a shortfall can still be made up."""
    return dt.date(year, DEFAULT_REMINDER_MONTH, 1)


@dataclass(frozen=True)
class YearInput:
    minimum_jp: Decimal | None
    max_jp_per_day: Decimal | None
    # None: 1 October of the year.
    reminders_from: dt.date | None = None


def _decimal_problem(
    value: Decimal | None, *, label: str, low: Decimal, high: Decimal, low_text: str
) -> str | None:
    if value is None:
        return f"{label} wajib diisi."
    if not value.is_finite():
        return f"{label} harus berupa angka."
    if value <= 0:
        return f"{label} harus lebih dari 0."
    if not low <= value <= high:
        return f"{label} harus antara {low_text} dan {high}."
    if value != value.quantize(STEP):
        return f"{label} paling banyak satu angka di belakang koma."
    return None


@dataclass(frozen=True)
class _YearValues:
    minimum_jp: Decimal
    max_jp_per_day: Decimal
    reminders_from: dt.date


def _check_year(year: int, data: YearInput) -> _YearValues:
    """The values to store; InvalidInputError naming every field that cannot be stored."""
    reminders_from = data.reminders_from or default_reminders_from(year)
    problems = {
        "minimum_jp": _decimal_problem(
            data.minimum_jp,
            label="JP minimum per tahun",
            low=Decimal("0.5"),
            high=MINIMUM_JP_MAX,
            low_text="0,5",
        ),
        "max_jp_per_day": _decimal_problem(
            data.max_jp_per_day,
            label="JP maksimum per hari",
            low=DAILY_JP_MIN,
            high=DAILY_JP_MAX,
            low_text="1",
        ),
        "reminders_from": (
            None
            if reminders_from.year == year
            else f"Tanggal mulai pengingat harus di tahun {year} (mis. "
            f"{format_date_id(default_reminders_from(year))})."
        ),
    }
    errors = {name: [message] for name, message in problems.items() if message}
    if errors or data.minimum_jp is None or data.max_jp_per_day is None:
        raise InvalidInputError(errors)
    return _YearValues(
        minimum_jp=data.minimum_jp.quantize(STEP),
        max_jp_per_day=data.max_jp_per_day.quantize(STEP),
        reminders_from=reminders_from,
    )


def _year_snapshot(row: TrainingYear) -> dict[str, Any]:
    return {
        "minimum_jp": row.minimum_jp,
        "reminders_from": row.reminders_from,
        "max_jp_per_day": row.max_jp_per_day,
    }


@transaction.atomic
def create_year(*, year: int | None, data: YearInput, actor: User) -> TrainingYear:
    """Set the JP target of a year (one row per year)."""
    _check_hr(actor)
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise InvalidInputError({"year": [f"Tahun harus antara {YEAR_MIN} dan {YEAR_MAX}."]})
    values = _check_year(year, data)
    if TrainingYear.objects.filter(year=year).exists():
        raise ConflictError(
            f"Pengaturan tahun {year} sudah ada; ubah pengaturan itu.", field="year"
        )
    row = TrainingYear(
        year=year,
        minimum_jp=values.minimum_jp,
        max_jp_per_day=values.max_jp_per_day,
        reminders_from=values.reminders_from,
    )
    row.full_clean()
    row.save()
    audit.record(
        actor=actor,
        action="training.year.created",
        target=row,
        changes={"year": year, **_year_snapshot(row)},
    )
    return row


@transaction.atomic
def update_year(*, training_year: TrainingYear, data: YearInput, actor: User) -> TrainingYear:
    """Change a year's target. Compliance and reminders read the new values from then on (also
    for a past year: the audit row keeps what it was)."""
    _check_hr(actor)
    row = TrainingYear.objects.select_for_update().get(pk=training_year.pk)
    values = _check_year(row.year, data)
    before = _year_snapshot(row)
    row.minimum_jp = values.minimum_jp
    row.max_jp_per_day = values.max_jp_per_day
    row.reminders_from = values.reminders_from
    row.full_clean()
    row.save()
    changes = audit.diff(before, _year_snapshot(row))
    if changes:
        audit.record(actor=actor, action="training.year.updated", target=row, changes=changes)
    return row


@transaction.atomic
def update_leadership_rule(
    *, rule: LeadershipRule, programme_kind: str, months_to_complete: int | None, actor: User
) -> LeadershipRule:
    """Change which leadership training a position kind requires, or its deadline."""
    _check_hr(actor)
    row = LeadershipRule.objects.select_for_update().get(pk=rule.pk)
    problems = {
        "programme_kind": (
            None
            if programme_kind in {kind.value for kind in LEADERSHIP_KINDS}
            else "Pilih salah satu pelatihan kepemimpinan (PKP, PKA, PKN Tingkat II, PKN "
            "Tingkat I)."
        ),
        "months_to_complete": (
            None
            if months_to_complete is not None
            and not isinstance(months_to_complete, bool)
            and MONTHS_MIN <= months_to_complete <= MONTHS_MAX
            else f"Batas waktu harus {MONTHS_MIN} sampai {MONTHS_MAX} bulan."
        ),
    }
    errors = {name: [message] for name, message in problems.items() if message}
    if errors:
        raise InvalidInputError(errors)
    before = {"programme_kind": row.programme_kind, "months_to_complete": row.months_to_complete}
    row.programme_kind = programme_kind
    row.months_to_complete = months_to_complete  # type: ignore[assignment]  # checked above
    row.full_clean()
    row.save()
    after = {"programme_kind": row.programme_kind, "months_to_complete": row.months_to_complete}
    changes = audit.diff(before, after)
    if changes:
        audit.record(
            actor=actor,
            action="training.leadership_rule.updated",
            target=row,
            changes={"position_kind": row.position_kind, **changes},
        )
    return row

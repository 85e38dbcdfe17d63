"""Writes of the attendance recap: storing an imported month (all rows or none; `importing.py`
reads and checks the file), and opening a discipline case from a step of the absence ladder
(PP 94/2021 Pasal 4 huruf f; reference §7.2). Admin BKPSDM only.

A row of a month already recorded replaces it; each row whose values change leaves an audit row
with the old and new values, and the import itself one audit row with its counts. Rows that do
not change are left as they are (re-importing the same file changes nothing). Two imports of
the same month at once: the second is refused with a ConflictError, nothing of it kept."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.roles import Role
from simerit.discipline import permissions
from simerit.discipline.models import (
    AttendanceImport,
    DisciplineArticle,
    DisciplineCase,
    MonthlyAttendance,
)
from simerit.discipline.rules import absence
from simerit.discipline.selectors.attendance import year_totals
from simerit.discipline.services.cases import case_url, day_text, next_case_number
from simerit.employees.models import Employee
from simerit.notifications.services import Message, notify_many

IMPORT_HR_ONLY = "Hanya Admin BKPSDM yang dapat mengimpor rekap kehadiran."
LADDER_HR_ONLY = "Hanya Admin BKPSDM yang dapat membuka kasus dari rekap kehadiran."
IMPORT_CONCURRENT = "Rekap kehadiran sedang diimpor oleh pengguna lain; coba lagi."
FIELDS = ("working_days", "absent_days", "late_minutes", "longest_absence")
BATCH = 1000


@dataclass(frozen=True)
class AttendanceRow:
    """One employee's month, already checked (`importing.py`)."""

    employee: Employee
    month: dt.date
    working_days: int
    absent_days: int
    late_minutes: int
    longest_absence: int

    def values(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in FIELDS}


@dataclass(frozen=True)
class ImportCounts:
    created: int
    replaced: int
    unchanged: int
    batch: AttendanceImport


@transaction.atomic
def record_import(
    *, rows: Sequence[AttendanceRow], file_name: str, file_sha256: str, actor: User
) -> ImportCounts:
    """Store checked rows: new (employee, month) pairs are created, recorded ones replaced."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(IMPORT_HR_ONLY)
    batch = AttendanceImport.objects.create(
        file_name=file_name, file_sha256=file_sha256, rows=len(rows), imported_by=actor
    )
    existing = {
        (record.employee_id, record.month): record
        for record in MonthlyAttendance.objects.select_for_update().filter(
            employee_id__in={row.employee.pk for row in rows},
            month__in={row.month for row in rows},
        )
    }
    new: list[MonthlyAttendance] = []
    changed: list[tuple[MonthlyAttendance, dict[str, list[int]]]] = []
    for row in rows:
        record = existing.get((row.employee.pk, row.month))
        if record is None:
            new.append(
                MonthlyAttendance(
                    employee=row.employee, month=row.month, source=batch, **row.values()
                )
            )
            continue
        changes = audit.diff({name: getattr(record, name) for name in FIELDS}, row.values())
        if changes:
            for name, value in row.values().items():
                setattr(record, name, value)
            record.source = batch
            changed.append((record, changes))
    try:
        with transaction.atomic():
            MonthlyAttendance.objects.bulk_create(new, batch_size=BATCH)
    except IntegrityError as error:
        # Another import of the same month committed between the read above and this write
        # (`attendance_once_per_month`): nothing of this import is kept.
        raise ConflictError(IMPORT_CONCURRENT) from error
    now = timezone.now()
    for record, _ in changed:
        record.updated_at = now
    MonthlyAttendance.objects.bulk_update(
        [record for record, _ in changed], [*FIELDS, "source", "updated_at"], batch_size=BATCH
    )
    for record, changes in changed:
        audit.record(
            actor=actor,
            action="discipline.attendance.replaced",
            target=record,
            changes={
                "employee_id": record.employee_id,
                "month": record.month,
                "import_id": batch.pk,
                **changes,
            },
        )
    audit.record(
        actor=actor,
        action="discipline.attendance.imported",
        target=batch,
        changes={
            "file_name": file_name,
            "file_sha256": file_sha256,
            "rows": len(rows),
            "created": len(new),
            "replaced": len(changed),
            "unchanged": len(rows) - len(new) - len(changed),
            "months": sorted(f"{month:%Y-%m}" for month in {row.month for row in rows}),
        },
    )
    return ImportCounts(
        created=len(new),
        replaced=len(changed),
        unchanged=len(rows) - len(new) - len(changed),
        batch=batch,
    )


@transaction.atomic
def open_case_from_ladder(*, employee: Employee, year: int, actor: User) -> DisciplineCase:
    """Open a case for the step the employee's absences of `year` reach (source: the attendance
    recap; article Pasal 4 huruf f; suspected level from the step). Refused when the absences
    reach no step, or when a case of the year already covers this step or a heavier one."""
    if employee.user_id is not None and employee.user_id == actor.pk:
        raise PermissionDenied(permissions.OWN_CASE)
    if not permissions.is_hr(actor):
        raise PermissionDenied(LADDER_HR_ONLY)
    # Serialise openings for the same employee: the second sees the first's case.
    employee = (
        Employee.objects.select_for_update(of=("self",))
        .select_related("supervisor__user")
        .get(pk=employee.pk)
    )
    if not employee.is_active:
        raise DomainError("Pegawai sudah tidak aktif.")
    today = timezone.localdate()
    if year > today.year:
        raise DomainError(f"Tahun {year} belum berjalan.")
    totals = year_totals(employee.pk, year=year)
    step = absence.proposal(totals.absent_days, totals.longest_absence)
    if step is None or totals.last_absent_month is None:
        raise DomainError(
            f"Rekap kehadiran {employee.name} tahun {year} belum mencapai jenjang hukuman "
            f"disiplin: {totals.absent_days} hari tidak masuk tanpa alasan yang sah (minimal "
            f"{absence.THRESHOLD} hari, atau {absence.CONSECUTIVE_DAYS} hari kerja berturut-turut)."
        )
    opened = list(
        DisciplineCase.objects.filter(employee=employee, absence_year=year).order_by("id")
    )
    if not absence.needs_new_case(
        step, [(case.absence_days or 0, case.suspected_level) for case in opened]
    ):
        numbers = ", ".join(case.number for case in opened)
        raise ConflictError(
            f"Rekap kehadiran tahun {year} atas {employee.name} sudah ditindaklanjuti dengan kasus "
            f"{numbers}; kasus baru hanya dibuka bila jenjangnya lebih berat."
        )
    article = DisciplineArticle.objects.get(code=absence.ARTICLE_CODE)
    case = DisciplineCase.objects.create(
        number=next_case_number(today.year),
        employee=employee,
        supervisor=employee.supervisor,
        source=DisciplineCase.Source.KEHADIRAN,
        reporter_name=actor.full_name or actor.username,
        reported_on=today,
        incident_on=min(_month_end(totals.last_absent_month), today),
        description=_description(year, totals.absent_days, totals.longest_absence, step),
        suspected_level=step.level,
        absence_days=totals.absent_days,
        absence_year=year,
        opened_by=actor,
    )
    case.articles.set([article])
    audit.record(
        actor=actor,
        action="discipline.case.opened",
        target=case,
        changes={
            "number": case.number,
            "employee_id": employee.pk,
            "supervisor_id": case.supervisor_id,
            "source": case.source,
            "reporter_name": case.reporter_name,
            "reported_on": case.reported_on,
            "incident_on": case.incident_on,
            "description": case.description,
            "articles": [article.code],
            "suspected_level": case.suspected_level,
            "absence_days": case.absence_days,
            "absence_year": case.absence_year,
            "proposed_sanction_type": step.sanction_type,
        },
    )
    _notify_opened(case, actor=actor)
    return case


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def _description(year: int, days: int, longest: int, step: absence.LadderStep) -> str:
    return (
        f"Rekap kehadiran tahun {year}: {days} hari kerja tidak masuk tanpa alasan yang sah "
        f"(kumulatif), terpanjang {longest} hari kerja berturut-turut dalam satu bulan. "
        f"Jenjang {step.band}: {step.sanction_label} (tingkat {step.level_label.lower()}; "
        f"{step.legal_basis})."
    )


def _notify_opened(case: DisciplineCase, *, actor: User) -> None:
    """Admin BKPSDM accounts and the atasan langsung (responsible for the examination, Pasal 26),
    except the one who opened the case and the employee concerned."""
    recipients = {
        user.pk: user
        for user in User.objects.filter(groups__name=Role.ADMIN_BKPSDM, is_active=True)
    }
    supervisor = case.supervisor
    if supervisor is not None and supervisor.user is not None and supervisor.user.is_active:
        recipients[supervisor.user.pk] = supervisor.user
    recipients.pop(actor.pk, None)
    if case.employee.user_id is not None:
        recipients.pop(case.employee.user_id, None)
    title = f"Kasus disiplin {case.number} dibuka dari rekap kehadiran"
    body = (
        f"{case.employee.name}: {case.absence_days} hari tidak masuk tanpa alasan yang sah pada "
        f"tahun {case.absence_year}. Dicatat pada {day_text(case.reported_on)}."
    )
    messages = [
        Message(user=user, title=title, body=body, url=case_url(case))
        for _, user in sorted(recipients.items())
    ]
    if messages:
        notify_many(messages=messages)

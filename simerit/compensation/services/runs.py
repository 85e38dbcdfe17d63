"""Writes of the monthly TPP runs: compute a month (a draft), recompute a draft (its lines are
replaced), finalise it (what payroll receives; frozen), correct a final run (a new draft that
supersedes it once finalised), and the audited payroll export.

The computation is synchronous: it is one read per fact and one bulk insert (selectors.computation),
a few seconds for the city's ~12,000 employees, so it needs no background task."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.compensation.exporting import run_workbook
from simerit.compensation.models import Line, Run, Scheme
from simerit.compensation.permissions import (
    HR_ONLY,
    can_view_run,
    case_number_for,
    is_hr,
    reads_runs,
)
from simerit.compensation.rules.tpp import month_label
from simerit.compensation.selectors import runs as run_selectors
from simerit.compensation.selectors.computation import Computation, build_lines
from simerit.compensation.selectors.schemes import scheme_in_force
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError

BATCH = 500
EXPORT_DENIED = "Hanya Admin BKPSDM, Auditor, dan Admin OPD yang dapat mengunduh rekap TPP."


def _check_hr(actor: User) -> None:
    if not is_hr(actor):
        raise PermissionDenied(HR_ONLY)


def _check_month(month: dt.date) -> None:
    if month.day != 1:
        raise InvalidInputError({"month": ["Bulan perhitungan ditulis sebagai tanggal 1."]})
    today = timezone.localdate()
    current = today.replace(day=1)
    if month > current:
        raise InvalidInputError(
            {
                "month": [
                    "Bulan perhitungan tidak boleh setelah bulan berjalan "
                    f"({month_label(current)})."
                ]
            }
        )


def _scheme_for(month: dt.date) -> Scheme:
    """The scheme in force for `month`, its row locked until the run is stored: an edit of the
    scheme (services.schemes locks it too) waits, then sees the run and refuses; a compute that
    waits on an edit reads the edited scheme."""
    scheme = scheme_in_force(month)
    if scheme is None:
        raise DomainError(f"Belum ada skema TPP yang berlaku untuk bulan {month_label(month)}.")
    return Scheme.objects.select_for_update().get(pk=scheme.pk)


def _computed(scheme: Scheme, month: dt.date) -> Computation:
    computation = build_lines(scheme=scheme, month=month)
    if not computation.lines:
        raise DomainError(
            f"Tidak ada pegawai aktif yang mempunyai pagu TPP pada skema “{scheme.name}”; "
            "atur pagu per jenis jabatan atau per jabatan lebih dulu."
        )
    return computation


def _store_lines(run: Run, computation: Computation) -> None:
    for line in computation.lines:
        line.run = run
    Line.objects.bulk_create(computation.lines, batch_size=BATCH)
    run.employees = len(computation.lines)
    run.total_amount = sum(line.total_amount for line in computation.lines)
    run.skipped_without_base = len(computation.skipped)


def _facts(computation: Computation) -> dict[str, Any]:
    return {
        "skipped_without_base_amount": len(computation.skipped),
        "without_attendance": computation.without_attendance,
    }


def _new_draft(*, actor: User, month: dt.date, scheme: Scheme, supersedes: Run | None) -> Run:
    computation = _computed(scheme, month)
    try:
        # A savepoint: a draft of the month stored meanwhile by another request breaks the
        # constraint (one draft per month), and the caller gets the message, not a 500.
        with transaction.atomic():
            run = Run.objects.create(
                month=month,
                scheme=scheme,
                status=Run.Status.DRAFT,
                supersedes=supersedes,
                computed_at=timezone.now(),
                computed_by=actor,
            )
    except IntegrityError as error:
        raise ConflictError(
            f"Perhitungan TPP bulan {month_label(month)} baru saja dibuat oleh pengguna lain; "
            "buka daftar perhitungan untuk melihatnya."
        ) from error
    _store_lines(run, computation)
    run.save(update_fields=["employees", "total_amount", "skipped_without_base", "updated_at"])
    audit.record(
        actor=actor,
        action="compensation.run.computed",
        target=run,
        changes={
            "month": month,
            "scheme": scheme.pk,
            "status": run.status,
            "supersedes": supersedes.pk if supersedes else None,
            "employees": run.employees,
            "total_amount": run.total_amount,
            **_facts(computation),
        },
    )
    return run


@transaction.atomic
def compute_run(*, actor: User, month: dt.date) -> Run:
    """A new draft for `month` (a 1st, not after the current month), under the scheme in force."""
    _check_hr(actor)
    _check_month(month)
    scheme = _scheme_for(month)  # locked: a second compute of the month waits here
    _refuse_open_runs(month)
    return _new_draft(actor=actor, month=month, scheme=scheme, supersedes=None)


def _refuse_open_runs(month: dt.date) -> None:
    """A month has at most one draft and one final run."""
    label = month_label(month)
    existing = Run.objects.filter(month=month, status__in=[Run.Status.DRAFT, Run.Status.FINAL])
    for run in existing:
        if run.status == Run.Status.DRAFT:
            raise ConflictError(
                f"Sudah ada draf perhitungan TPP bulan {label}; hitung ulang draf itu."
            )
        raise ConflictError(
            f"Perhitungan TPP bulan {label} sudah final; untuk koreksi, buat perhitungan "
            "pengganti dari halaman perhitungan final itu."
        )


def _locked(run: Run) -> Run:
    return Run.objects.select_for_update().select_related("scheme").get(pk=run.pk)


@transaction.atomic
def recompute_run(*, actor: User, run: Run) -> Run:
    """Replace a draft's lines with a new computation (e.g. after the attendance import)."""
    _check_hr(actor)
    run = _locked(run)
    if run.status != Run.Status.DRAFT:
        raise DomainError("Hanya draf perhitungan yang dapat dihitung ulang.")
    scheme = _scheme_for(run.month)
    computation = _computed(scheme, run.month)
    old_totals = dict(run.lines.values_list("employee_id", "total_amount"))
    old = {"scheme": run.scheme_id, "employees": run.employees, "total_amount": run.total_amount}
    run.lines.all().delete()
    run.scheme = scheme
    run.computed_at = timezone.now()
    run.computed_by = actor
    _store_lines(run, computation)
    run.save()
    new_totals = {line.employee_id: line.total_amount for line in computation.lines}
    changed = sum(
        1
        for employee_id in old_totals.keys() | new_totals.keys()
        if old_totals.get(employee_id) != new_totals.get(employee_id)
    )
    new = {"scheme": scheme.pk, "employees": run.employees, "total_amount": run.total_amount}
    audit.record(
        actor=actor,
        action="compensation.run.recomputed",
        target=run,
        changes={
            **{key: [old[key], new[key]] for key in new if old[key] != new[key]},
            "changed_lines": changed,
            **_facts(computation),
        },
    )
    return run


@transaction.atomic
def start_correction(*, actor: User, run: Run) -> Run:
    """A new draft of a final run's month that supersedes it once finalised."""
    _check_hr(actor)
    run = _locked(run)
    if run.status != Run.Status.FINAL:
        raise DomainError(
            "Hanya perhitungan final yang dapat dikoreksi dengan perhitungan pengganti."
        )
    scheme = _scheme_for(run.month)
    draft = run_selectors.draft_of_month(run.month)
    if draft is not None:
        raise ConflictError(
            f"Sudah ada draf perhitungan TPP bulan {month_label(run.month)}; hitung ulang atau "
            "finalkan draf itu."
        )
    return _new_draft(actor=actor, month=run.month, scheme=scheme, supersedes=run)


@transaction.atomic
def finalise_run(*, actor: User, run: Run) -> Run:
    """The draft becomes what payroll receives; the final run it corrects is superseded."""
    _check_hr(actor)
    run = _locked(run)
    if run.status != Run.Status.DRAFT:
        raise DomainError("Hanya draf perhitungan yang dapat difinalkan.")
    replaced = run.supersedes
    final = Run.objects.filter(month=run.month, status=Run.Status.FINAL).exclude(pk=run.pk)
    if replaced is None and final.exists():
        raise ConflictError(f"Perhitungan TPP bulan {month_label(run.month)} sudah final.")
    now = timezone.now()
    if replaced is not None:
        replaced.status = Run.Status.SUPERSEDED
        replaced.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="compensation.run.superseded",
            target=replaced,
            changes={"status": [Run.Status.FINAL, Run.Status.SUPERSEDED], "by": run.pk},
        )
    run.status = Run.Status.FINAL
    run.finalised_at = now
    run.finalised_by = actor
    run.save(update_fields=["status", "finalised_at", "finalised_by", "updated_at"])
    audit.record(
        actor=actor,
        action="compensation.run.finalised",
        target=run,
        changes={
            "status": [Run.Status.DRAFT, Run.Status.FINAL],
            "month": run.month,
            "supersedes": replaced.pk if replaced else None,
            "employees": run.employees,
            "total_amount": run.total_amount,
        },
    )
    return run


@transaction.atomic
def export_run(*, actor: User, run: Run) -> bytes:
    """The payroll workbook of the lines the account may read (no NIK); audited."""
    if not reads_runs(actor) or not can_view_run(actor, run):
        raise PermissionDenied(EXPORT_DENIED)
    lines = run_selectors.run_lines(actor, run)
    content, count = run_workbook(
        run=run, lines=lines, case_number=lambda line: case_number_for(actor, line)
    )
    audit.record(
        actor=actor,
        action="compensation.run.exported",
        target=run,
        changes={"month": run.month, "status": run.status, "lines": count},
    )
    return content

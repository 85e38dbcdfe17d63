"""Training taken outside the instansi's classes (a course, a seminar, an e-learning), recorded by
the employee with its certificate and validated by Admin BKPSDM, who accepts all or part of the JP
claimed. Only a VALIDATED record counts toward the employee's JP of the year it ended in (PP 11/2017
Pasal 203(4): at least 20 JP a year, through classical and non-classical training alike).

The certificate file is checked by its content (PDF, JPEG or PNG: recruitment/uploads.py), stored
in private storage under a random name, and its client name kept without NIK-like digits.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.employees.models import Employee
from simerit.notifications import services as notifications
from simerit.performance.services.realisation import safe_original_name
from simerit.recruitment import uploads
from simerit.training import permissions
from simerit.training.models import ExternalTraining, ProgrammeKind
from simerit.training.rules.catalogue import JP_STEP, jp_problem
from simerit.training.rules.jp import format_jp, training_year
from simerit.training.services.classes import max_jp_per_day

FILE_MAX_KB = 2048
FILE_FORMATS = ("pdf", "jpg", "png")
TEXT_MAX_LENGTH = 200
CERTIFICATE_NUMBER_MAX_LENGTH = 100
NOTE_MAX_LENGTH = 500

OWNER_ONLY = "Hanya pegawai yang mencatat pelatihan ini yang dapat mengubah atau menariknya."
NOT_AN_EMPLOYEE = (
    "Akun ini tidak terhubung dengan data pegawai aktif; pelatihan tidak dapat dicatat."
)
OWN_RECORD = (
    "Anda tidak dapat memvalidasi atau menolak pelatihan eksternal Anda sendiri; minta Admin "
    "BKPSDM lain memeriksanya."
)
ALREADY_DECIDED = "Pelatihan ini sudah {status}; hanya yang menunggu validasi yang dapat {action}."


@dataclass(frozen=True)
class ExternalTrainingInput:
    """What the employee states about a course; the service checks every field."""

    title: str
    provider: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    jp_claimed: Decimal
    certificate_number: str = ""


def jp_ceiling(*, starts_on: dt.date, ends_on: dt.date, per_day: Decimal) -> Decimal:
    """The most JP a course held from `starts_on` to `ends_on` (both days counted) can credit."""
    return ((ends_on - starts_on).days + 1) * per_day


def clean_jp(value: Decimal, *, field: str, label: str) -> Decimal:
    """A JP amount in the catalogue's range (rules.catalogue.jp_problem: 0.5–999.9, at most one
    decimal), or InvalidInputError on `field`."""
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        value = Decimal("NaN")
    problem = jp_problem(value, what=label)
    if problem is not None:
        raise InvalidInputError({field: [problem]})
    return value.quantize(JP_STEP)


def _required_text(value: str, *, field: str, label: str, max_length: int) -> str:
    value = " ".join(value.split())
    if not value:
        raise InvalidInputError({field: [f"{label} wajib diisi."]})
    if len(value) > max_length:
        raise InvalidInputError({field: [f"{label} paling banyak {max_length} karakter."]})
    return value


def clean_input(data: ExternalTrainingInput, *, today: dt.date) -> ExternalTrainingInput:
    """The statement with its texts trimmed, or InvalidInputError naming the first wrong field:
    empty or long texts, an unknown kind, dates in the future or in the wrong order, JP out of
    range or more than the days of the course allow (TrainingYear.max_jp_per_day of the year it
    ended, or 10 JP a day for a year not configured)."""
    title = _required_text(
        data.title, field="title", label="Nama pelatihan", max_length=TEXT_MAX_LENGTH
    )
    provider = _required_text(
        data.provider, field="provider", label="Penyelenggara", max_length=TEXT_MAX_LENGTH
    )
    if data.kind not in ProgrammeKind.values:
        raise InvalidInputError({"kind": ["Pilih jenis pelatihan dari daftar."]})
    certificate_number = " ".join(data.certificate_number.split())
    if len(certificate_number) > CERTIFICATE_NUMBER_MAX_LENGTH:
        raise InvalidInputError(
            {
                "certificate_number": [
                    f"Nomor sertifikat paling banyak {CERTIFICATE_NUMBER_MAX_LENGTH} karakter."
                ]
            }
        )
    if data.starts_on > today:
        raise InvalidInputError(
            {"starts_on": ["Tanggal mulai tidak boleh di masa depan; catat setelah pelatihan."]}
        )
    if data.ends_on > today:
        raise InvalidInputError(
            {"ends_on": ["Tanggal selesai tidak boleh di masa depan; catat setelah pelatihan."]}
        )
    if data.ends_on < data.starts_on:
        raise InvalidInputError({"ends_on": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]})
    jp = clean_jp(data.jp_claimed, field="jp_claimed", label="JP yang diajukan")
    per_day = max_jp_per_day(training_year(data.ends_on))
    ceiling = jp_ceiling(starts_on=data.starts_on, ends_on=data.ends_on, per_day=per_day)
    if jp > ceiling:
        days = (data.ends_on - data.starts_on).days + 1
        raise InvalidInputError(
            {
                "jp_claimed": [
                    f"JP yang diajukan ({format_jp(jp)}) melebihi batas {format_jp(ceiling)} JP: "
                    f"{days} hari × paling banyak {format_jp(per_day)} JP per hari."
                ]
            }
        )
    return ExternalTrainingInput(
        title=title,
        provider=provider,
        kind=data.kind,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        jp_claimed=jp,
        certificate_number=certificate_number,
    )


def _summary(record: ExternalTraining) -> dict[str, Any]:
    return {
        "title": record.title,
        "provider": record.provider,
        "kind": record.kind,
        "starts_on": record.starts_on,
        "ends_on": record.ends_on,
        "jp_claimed": record.jp_claimed,
        "certificate_number": record.certificate_number,
        "original_name": record.original_name,
        "file_format": record.file_format,
        "size_bytes": record.size_bytes,
        "sha256": record.sha256,
    }


def _own_employee(actor: User) -> Employee:
    employee = permissions.employee_of(actor)
    if employee is None or not employee.is_active:
        raise PermissionDenied(NOT_AN_EMPLOYEE)
    return employee


def _check_file(upload: "File[bytes]") -> uploads.CheckedFile:
    data, size = uploads.read_limited(upload, max_kb=FILE_MAX_KB)
    try:
        return uploads.check_upload(
            data, size=size, allowed_formats=FILE_FORMATS, max_kb=FILE_MAX_KB, label="sertifikat"
        )
    except uploads.UploadRejectedError as error:
        raise InvalidInputError({"file": [str(error)]}) from None


def _ensure_not_duplicate(
    employee: Employee, data: ExternalTrainingInput, sha256: str | None, exclude: int | None
) -> None:
    live = ExternalTraining.objects.filter(employee=employee).exclude(
        status=ExternalTraining.Status.REJECTED
    )
    if exclude is not None:
        live = live.exclude(pk=exclude)
    if live.filter(
        title__iexact=data.title, starts_on=data.starts_on, ends_on=data.ends_on
    ).exists():
        raise ConflictError(
            "Pelatihan dengan nama dan tanggal yang sama sudah Anda catat.", field="title"
        )
    if sha256 is not None and live.filter(sha256=sha256).exists():
        raise ConflictError(
            "Berkas sertifikat yang sama sudah dipakai untuk pelatihan lain yang Anda catat.",
            field="file",
        )


def _store(record: ExternalTraining, checked: uploads.CheckedFile, original: str) -> None:
    record.original_name = safe_original_name(original)
    record.file_format = checked.file_format
    record.size_bytes = checked.size_bytes
    record.sha256 = checked.sha256
    record.certificate_file.save(
        f"{uuid.uuid4().hex}.{checked.file_format}", ContentFile(checked.content), save=False
    )


def _apply(record: ExternalTraining, data: ExternalTrainingInput) -> None:
    record.title = data.title
    record.provider = data.provider
    record.kind = data.kind
    record.starts_on = data.starts_on
    record.ends_on = data.ends_on
    record.jp_claimed = data.jp_claimed
    record.certificate_number = data.certificate_number


@transaction.atomic
def submit_external_training(
    *, data: ExternalTrainingInput, upload: "File[bytes]", actor: User
) -> ExternalTraining:
    """Record a course of the actor's own, waiting for HR's validation. Refused, nothing stored:
    an account without an active employee record, a wrong field (clean_input), a file that is not
    a genuine PDF/JPEG/PNG of at most 2 MB, or the same course (name and dates) or the same file
    already recorded and not rejected."""
    employee = _own_employee(actor)
    # Two submissions of the same course at once (a double click) must not both pass the
    # duplicate check: they queue on the employee's row.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    data = clean_input(data, today=timezone.localdate())
    checked = _check_file(upload)
    _ensure_not_duplicate(employee, data, checked.sha256, exclude=None)
    record = ExternalTraining(employee=employee)
    _apply(record, data)
    _store(record, checked, upload.name or "")
    storage, name = record.certificate_file.storage, record.certificate_file.name
    try:
        record.save()
        audit.record(
            actor=actor,
            action="training.external_training.submitted",
            target=record,
            changes=_summary(record),
        )
    except Exception:
        storage.delete(name)
        raise
    return record


def _lock(record: ExternalTraining) -> ExternalTraining:
    return (
        ExternalTraining.objects.select_for_update(of=("self",))
        .select_related("employee__user")
        .get(pk=record.pk)
    )


def _ensure_submitted(record: ExternalTraining, action: str) -> None:
    if record.status != ExternalTraining.Status.SUBMITTED:
        status = record.get_status_display().lower()
        raise ConflictError(ALREADY_DECIDED.format(status=status, action=action))


def is_own(record: ExternalTraining, user: User) -> bool:
    """The record is of the account's own employee record."""
    return record.employee.user_id is not None and record.employee.user_id == user.pk


def _ensure_reviewer(record: ExternalTraining, actor: User) -> None:
    """Nobody decides on their own record (the validated JP would count toward their own
    minimum with nobody else checking)."""
    if is_own(record, actor):
        raise PermissionDenied(OWN_RECORD)


def _ensure_owner(record: ExternalTraining, actor: User) -> None:
    if record.employee.user_id is None or record.employee.user_id != actor.pk:
        raise PermissionDenied(OWNER_ONLY)


@transaction.atomic
def update_external_training(
    *,
    external: ExternalTraining,
    data: ExternalTrainingInput,
    upload: "File[bytes] | None" = None,
    actor: User,
) -> ExternalTraining:
    """Correct a record still waiting for validation (and replace its file when `upload` is
    given; the old file goes after the commit). The owner only; same checks as submitting."""
    record = _lock(external)
    _ensure_owner(record, actor)
    _ensure_submitted(record, "diubah")
    data = clean_input(data, today=timezone.localdate())
    checked = _check_file(upload) if upload is not None else None
    _ensure_not_duplicate(
        record.employee, data, checked.sha256 if checked else None, exclude=record.pk
    )
    before = _summary(record)
    old_storage, old_name = record.certificate_file.storage, record.certificate_file.name
    _apply(record, data)
    if checked is not None and upload is not None:
        _store(record, checked, upload.name or "")
    changes = audit.diff(before, _summary(record))
    if not changes:
        return record
    new_name = record.certificate_file.name
    try:
        record.save()
        audit.record(
            actor=actor,
            action="training.external_training.changed",
            target=record,
            changes=changes,
        )
    except Exception:
        if checked is not None:
            record.certificate_file.storage.delete(new_name)
        raise
    if checked is not None and old_name:
        transaction.on_commit(lambda: old_storage.delete(old_name))
    return record


@transaction.atomic
def withdraw_external_training(*, external: ExternalTraining, actor: User) -> None:
    """Delete a record still waiting for validation, with its file (after the commit). The owner
    only."""
    record = _lock(external)
    _ensure_owner(record, actor)
    _ensure_submitted(record, "ditarik")
    summary = _summary(record)
    storage, name = record.certificate_file.storage, record.certificate_file.name
    audit.record(
        actor=actor,
        action="training.external_training.withdrawn",
        target=record,
        changes=summary,
    )
    record.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def _notify_owner(record: ExternalTraining, *, title: str, body: str) -> None:
    user = record.employee.user
    if user is not None:
        notifications.notify(
            user=user, title=title, body=body, url=reverse("training:external-list")
        )


def _review_note(note: str, *, field: str, label: str, required: bool) -> str:
    note = note.strip()
    if required and not note:
        raise InvalidInputError({field: [f"{label} wajib diisi."]})
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInputError({field: [f"{label} paling banyak {NOTE_MAX_LENGTH} karakter."]})
    return note


@transaction.atomic
def validate_external_training(
    *, external: ExternalTraining, jp_validated: Decimal, note: str = "", actor: User
) -> ExternalTraining:
    """Accept the record with `jp_validated` (0.5 up to the JP claimed): from now on it counts
    toward the employee's JP. Admin BKPSDM only, and not on their own record; once per record.
    The employee is notified."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    record = _lock(external)
    _ensure_reviewer(record, actor)
    _ensure_submitted(record, "divalidasi")
    jp = clean_jp(jp_validated, field="jp_validated", label="JP yang divalidasi")
    if jp > record.jp_claimed:
        raise InvalidInputError(
            {
                "jp_validated": [
                    f"JP yang divalidasi ({format_jp(jp)}) tidak boleh melebihi JP yang diajukan "
                    f"({format_jp(record.jp_claimed)})."
                ]
            }
        )
    note = _review_note(note, field="note", label="Catatan", required=False)
    record.status = ExternalTraining.Status.VALIDATED
    record.jp_validated = jp
    record.reviewed_by = actor
    record.reviewed_at = timezone.now()
    record.review_note = note
    record.save(
        update_fields=[
            "status",
            "jp_validated",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "updated_at",
        ]
    )
    audit.record(
        actor=actor,
        action="training.external_training.validated",
        target=record,
        changes={"jp_claimed": record.jp_claimed, "jp_validated": jp, "note": note},
    )
    partial = "" if jp == record.jp_claimed else f" dari {format_jp(record.jp_claimed)} JP diajukan"
    _notify_owner(
        record,
        title="Pelatihan eksternal divalidasi",
        body=(
            f"{record.title} divalidasi BKPSDM: {format_jp(jp)} JP{partial} dihitung dalam JP "
            f"tahun {training_year(record.ends_on)}." + (f" Catatan: {note}" if note else "")
        ),
    )
    return record


@transaction.atomic
def reject_external_training(
    *, external: ExternalTraining, reason: str, actor: User
) -> ExternalTraining:
    """Refuse the record with a reason (required); it does not count. Admin BKPSDM only; once
    per record, not on their own. The employee is notified and may record the course again,
    corrected."""
    if not permissions.is_hr(actor):
        raise PermissionDenied(permissions.HR_ONLY)
    record = _lock(external)
    _ensure_reviewer(record, actor)
    _ensure_submitted(record, "ditolak")
    reason = _review_note(reason, field="reason", label="Alasan penolakan", required=True)
    record.status = ExternalTraining.Status.REJECTED
    record.reviewed_by = actor
    record.reviewed_at = timezone.now()
    record.review_note = reason
    record.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    audit.record(
        actor=actor,
        action="training.external_training.rejected",
        target=record,
        changes={"reason": reason},
    )
    _notify_owner(
        record,
        title="Pelatihan eksternal ditolak",
        body=f"{record.title} tidak divalidasi BKPSDM. Alasan: {reason}",
    )
    return record

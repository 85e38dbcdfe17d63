"""Periodic realisation of an approved SKP with its bukti dukung, and the pejabat penilai's continuous
feedback per result (PermenPANRB 6/2022 Pasal 5: pendokumentasian kinerja and umpan balik
berkelanjutan; domain reference §5.2 columns 6–7).

Only the employee records realisation and evidence; only the pejabat penilai writes feedback; both
only while the year is not closed, and only for periods that have started.
"""

import datetime as dt
import re
import uuid
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_date_id
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.performance import permissions
from simerit.performance.models import (
    Evidence,
    Indicator,
    PerformanceYear,
    Realisation,
    ResultFeedback,
    Skp,
    WorkResult,
)
from simerit.performance.selectors.realisation import (
    period_label,
    period_start,
    period_started,
)
from simerit.recruitment import uploads

# Realisation.value is DECIMAL(12, 2): the largest value it holds.
MAX_VALUE = Decimal("9999999999.99")
MAX_EVIDENCE = 5
EVIDENCE_MAX_KB = 2048
EVIDENCE_FORMATS = ("pdf", "jpg", "png")
FEEDBACK_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 1000
# A NIK is 16 digits, often written in groups ("3171-0123-4567-8901", "31.71.01.234567.8901"); a
# client's file name must not carry one into the page, the API or the audit row.
NIK_PATTERN = re.compile(r"(?<!\d)(?:\d[\s._-]{0,3}){15}\d(?!\d)")

OWNER_ONLY = "Hanya pegawai pemilik SKP yang dapat mencatat realisasi dan bukti dukung."
EVALUATOR_ONLY = "Hanya pejabat penilai kinerja SKP ini yang dapat menulis umpan balik."
NOT_APPROVED = "Realisasi hanya dapat dicatat pada SKP yang sudah disetujui pejabat penilai."


def ensure_year_open(year: PerformanceYear) -> None:
    if year.status == PerformanceYear.Status.CLOSED:
        raise ConflictError(
            f"Periode penilaian kinerja {year.year} sudah ditutup; data realisasi, umpan balik, "
            "dan bimbingan tidak dapat diubah lagi."
        )


def ensure_period(year: PerformanceYear, period_index: int, *, today: dt.date) -> None:
    """The period exists in the year and has started (it contains today or lies before it)."""
    count = year.period_count
    if not 1 <= period_index <= count:
        raise InvalidInputError(
            {
                "period_index": [
                    f"Periode ke-{period_index} tidak ada; pilih periode 1 sampai {count}."
                ]
            }
        )
    if not period_started(year, period_index, today=today):
        starts = format_date_id(period_start(year, period_index))
        raise InvalidInputError(
            {
                "period_index": [
                    f"{period_label(year, period_index)} {year.year} belum dimulai (mulai "
                    f"{starts}); realisasi dan umpan balik hanya untuk periode yang sudah berjalan."
                ]
            }
        )


def clean_value(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise InvalidInputError({"value": ["Realisasi harus berupa angka."]})
    if value < 0:
        raise InvalidInputError({"value": ["Realisasi tidak boleh negatif."]})
    if value > MAX_VALUE:
        raise InvalidInputError({"value": ["Realisasi paling besar 9.999.999.999,99."]})
    if value != value.quantize(Decimal("0.01")):
        raise InvalidInputError({"value": ["Realisasi paling banyak dua angka di belakang koma."]})
    return value.quantize(Decimal("0.01"))


def _summary(realisation: Realisation) -> dict[str, Any]:
    return {"value": realisation.value, "note": realisation.note}


@transaction.atomic
def record_realisation(
    *, indicator: Indicator, period_index: int, value: Decimal, note: str, actor: User
) -> Realisation:
    """Create or update the realisation of `indicator` in period `period_index` (cumulative for the
    year so far). Refused, nothing changed: not the SKP's employee, the SKP not approved, the
    year closed, the period missing or not started, the value negative or too large."""
    indicator = Indicator.objects.select_related("result__skp__year", "result__skp__employee").get(
        pk=indicator.pk
    )
    skp = indicator.result.skp
    if not permissions.is_owner(actor, skp):
        raise PermissionDenied(OWNER_ONLY)
    if skp.status != Skp.Status.APPROVED:
        raise ConflictError(NOT_APPROVED)
    ensure_year_open(skp.year)
    ensure_period(skp.year, period_index, today=timezone.localdate())
    value = clean_value(Decimal(value))
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInputError({"note": [f"Keterangan paling banyak {NOTE_MAX_LENGTH} karakter."]})
    existing = (
        Realisation.objects.select_for_update()
        .filter(indicator=indicator, period_index=period_index)
        .first()
    )
    realisation = existing or Realisation(indicator=indicator, period_index=period_index)
    before = _summary(existing) if existing else {}
    realisation.value, realisation.note, realisation.recorded_by = value, note, actor
    changes = audit.diff(before, _summary(realisation))
    if existing and not changes:
        return existing
    realisation.save()
    audit.record(
        actor=actor,
        action=(
            "performance.realisation.changed" if existing else "performance.realisation.recorded"
        ),
        target=realisation,
        changes={"skp": skp.pk, "indicator": indicator.pk, "period_index": period_index, **changes},
    )
    return realisation


# --- Bukti dukung


def safe_original_name(name: str) -> str:
    """The client's file name without folders, NIK-like digit runs and beyond 200 characters."""
    base = PurePath(name.replace("\\", "/")).name.strip() or "berkas"
    return NIK_PATTERN.sub("…", base)[:200]


def _evidence_summary(evidence: Evidence) -> dict[str, Any]:
    return {
        "realisation": evidence.realisation_id,
        "original_name": evidence.original_name,
        "file_format": evidence.file_format,
        "size_bytes": evidence.size_bytes,
        "sha256": evidence.sha256,
    }


def _lock_realisation(realisation: Realisation) -> Realisation:
    return (
        Realisation.objects.select_for_update(of=("self",))
        .select_related("indicator__result__skp__year", "indicator__result__skp__employee")
        .get(pk=realisation.pk)
    )


@transaction.atomic
def add_evidence(*, realisation: Realisation, upload: "File[bytes]", actor: User) -> Evidence:
    """Store `upload` as a bukti dukung of `realisation`, checked by its content (PDF, JPEG or
    PNG). The storage name is random; the file is deleted again if the row cannot be saved."""
    realisation = _lock_realisation(realisation)
    skp = realisation.indicator.result.skp
    if not permissions.is_owner(actor, skp):
        raise PermissionDenied(OWNER_ONLY)
    ensure_year_open(skp.year)
    if realisation.evidence.count() >= MAX_EVIDENCE:
        raise ConflictError(
            f"Paling banyak {MAX_EVIDENCE} bukti dukung per realisasi; hapus salah satu sebelum "
            "menambah yang baru."
        )
    data, size = uploads.read_limited(upload, max_kb=EVIDENCE_MAX_KB)
    try:
        checked = uploads.check_upload(
            data,
            size=size,
            allowed_formats=EVIDENCE_FORMATS,
            max_kb=EVIDENCE_MAX_KB,
            label="bukti dukung",
        )
    except uploads.UploadRejectedError as error:
        raise InvalidInputError({"file": [str(error)]}) from None
    evidence = Evidence(
        realisation=realisation,
        original_name=safe_original_name(upload.name or ""),
        file_format=checked.file_format,
        size_bytes=checked.size_bytes,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    evidence.file.save(
        f"{uuid.uuid4().hex}.{checked.file_format}", ContentFile(checked.content), save=False
    )
    storage, name = evidence.file.storage, evidence.file.name
    try:
        evidence.save()
        audit.record(
            actor=actor,
            action="performance.evidence.added",
            target=evidence,
            changes=_evidence_summary(evidence),
        )
    except Exception:
        storage.delete(name)
        raise
    return evidence


@transaction.atomic
def remove_evidence(*, evidence: Evidence, actor: User) -> None:
    """Delete a bukti dukung (the file goes after the commit)."""
    evidence = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("realisation__indicator__result__skp__year")
        .select_related("realisation__indicator__result__skp__employee")
        .get(pk=evidence.pk)
    )
    skp = evidence.realisation.indicator.result.skp
    if not permissions.is_owner(actor, skp):
        raise PermissionDenied(OWNER_ONLY)
    ensure_year_open(skp.year)
    summary = _evidence_summary(evidence)
    storage, name = evidence.file.storage, evidence.file.name
    audit.record(
        actor=actor, action="performance.evidence.removed", target=evidence, changes=summary
    )
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- Umpan balik berkelanjutan


@transaction.atomic
def add_result_feedback(
    *, result: WorkResult, period_index: int, text: str, actor: User
) -> ResultFeedback:
    """The pejabat penilai's feedback on one result in one started period of an approved SKP."""
    result = WorkResult.objects.select_related("skp__year", "skp__evaluator").get(pk=result.pk)
    skp = result.skp
    if not permissions.is_evaluator(actor, skp):
        raise PermissionDenied(EVALUATOR_ONLY)
    if skp.status != Skp.Status.APPROVED:
        raise ConflictError("Umpan balik hanya dapat ditulis pada SKP yang sudah disetujui.")
    ensure_year_open(skp.year)
    ensure_period(skp.year, period_index, today=timezone.localdate())
    text = text.strip()
    if not text:
        raise InvalidInputError({"text": ["Umpan balik wajib diisi."]})
    if len(text) > FEEDBACK_MAX_LENGTH:
        raise InvalidInputError(
            {"text": [f"Umpan balik paling banyak {FEEDBACK_MAX_LENGTH} karakter."]}
        )
    feedback = ResultFeedback.objects.create(
        result=result, period_index=period_index, text=text, written_by=actor
    )
    audit.record(
        actor=actor,
        action="performance.result_feedback.added",
        target=feedback,
        changes={"skp": skp.pk, "result": result.pk, "period_index": period_index, "text": text},
    )
    return feedback

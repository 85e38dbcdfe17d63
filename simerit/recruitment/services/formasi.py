"""Writes to formasi: create, edit while draft, publish, close, and the all-or-nothing batch of an import.

Admin BKPSDM manages every formasi; an Admin OPD creates and edits formasi of its own unit subtree.
Publishing and closing are for Admin BKPSDM. Refusals raise before anything is written.
"""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.core.roles import Role
from simerit.organization.models import EducationLevel, Golongan, Position, WorkUnit
from simerit.organization.permissions import can_manage_unit
from simerit.recruitment.models import (
    DocumentKind,
    Formasi,
    FormasiDocument,
    FormasiEducation,
    SelectionPeriod,
    Track,
)

# Formats the upload checks can recognise by their content (magic bytes).
ALLOWED_FORMATS = ("pdf", "jpg", "png")
MAX_DOCUMENT_KB = 10_240
MAX_GPA = Decimal("4.00")
MAX_EXTRA_REQUIREMENTS = 2000
# The code appears in file names, URLs of downloads and the public list: letters, digits and a
# few separators only (after upper-casing).
MAX_CODE_LENGTH = 40
CODE_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9._/-]*")


@dataclass(frozen=True)
class EducationInput:
    """An accepted level with its majors; no majors means any major of that level."""

    level: EducationLevel
    majors: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentInput:
    """A document the formasi asks for; None takes the national default of its kind (§1.3)."""

    kind: DocumentKind
    formats: tuple[str, ...] | None = None
    max_kb: int | None = None
    is_required: bool = True


@dataclass
class FormasiInput:
    """Everything that describes a formasi; ages and reference date default to the period's."""

    code: str
    position: Position
    work_unit: WorkUnit
    quota: int
    education: list[EducationInput] = field(default_factory=list)
    documents: list[DocumentInput] = field(default_factory=list)
    track: str = Track.UMUM
    entry_golongan: Golongan | None = None
    min_age: int | None = None
    max_age: int | None = None
    age_reference_date: dt.date | None = None
    min_gpa: Decimal | None = None
    extra_requirements: str = ""


def default_documents(kinds: Sequence[DocumentKind]) -> list[DocumentInput]:
    """The national defaults of `kinds`, all required: the starting point of a new formasi."""
    return [DocumentInput(kind=kind) for kind in kinds]


def unit_path_ids(unit: WorkUnit) -> list[int]:
    """The unit and the units above it, as ids from its materialised path (root first)."""
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def can_manage_formasi_in(user: User, unit: WorkUnit) -> bool:
    """Admin BKPSDM anywhere; Admin OPD in its own unit and the units below it."""
    return can_manage_unit(user, unit)


def _require_unit(actor: User, unit: WorkUnit) -> None:
    if not can_manage_formasi_in(actor, unit):
        raise PermissionDenied("Anda tidak berwenang mengelola formasi di unit kerja tersebut.")


def _require_hr(actor: User) -> None:
    if not actor.has_role(Role.ADMIN_BKPSDM):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengumumkan atau menutup formasi.")


def _normalise(data: FormasiInput, period: SelectionPeriod) -> None:
    """Fill the period's defaults and tidy text, in place."""
    data.code = data.code.strip().upper()
    data.extra_requirements = data.extra_requirements.strip()
    if data.min_age is None:
        data.min_age = period.default_min_age
    if data.max_age is None:
        data.max_age = period.default_max_age
    if data.age_reference_date is None:
        data.age_reference_date = period.age_reference_date
    tidy: list[EducationInput] = []
    for rule in data.education:
        majors: dict[str, str] = {}
        for major in rule.majors:
            text = " ".join(major.split())
            if text:
                majors.setdefault(text.casefold(), text)
        tidy.append(EducationInput(level=rule.level, majors=tuple(majors.values())))
    data.education = tidy
    data.documents = [
        DocumentInput(
            kind=doc.kind,
            formats=tuple(
                dict.fromkeys(
                    ("jpg" if f.strip().lower() == "jpeg" else f.strip().lower())
                    for f in (doc.formats if doc.formats is not None else doc.kind.default_formats)
                )
            ),
            max_kb=doc.max_kb if doc.max_kb is not None else doc.kind.default_max_kb,
            is_required=doc.is_required,
        )
        for doc in data.documents
    ]


def validate_formasi_input(data: FormasiInput, *, period: SelectionPeriod) -> dict[str, list[str]]:
    """Every problem with `data`, by field, in Indonesian (code uniqueness is the services' job).

    Fills the period's defaults into `data` first.
    """
    _normalise(data, period)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.code:
        add("code", "Kode formasi wajib diisi.")
    elif len(data.code) > MAX_CODE_LENGTH:
        add("code", f"Kode formasi paling banyak {MAX_CODE_LENGTH} karakter.")
    elif not CODE_PATTERN.fullmatch(data.code):
        add(
            "code",
            "Kode formasi hanya boleh berisi huruf, angka, titik, garis bawah, garis miring dan "
            "tanda hubung, dan diawali huruf atau angka (mis. DINKES-PRW-01).",
        )
    if data.quota < 1:
        add("quota", "Kuota paling sedikit 1.")
    elif data.quota > 32767:
        add("quota", "Kuota terlalu besar.")
    if data.track not in Track.values:
        add("track", "Jenis formasi tidak dikenal.")
    if not data.work_unit.is_active:
        add("work_unit", f"Unit kerja '{data.work_unit.name}' sudah tidak aktif.")
    # A position belongs to the unit of the formasi or to a unit above it (or to no unit).
    if data.position.work_unit_id is not None and data.position.work_unit_id not in unit_path_ids(
        data.work_unit
    ):
        add("position", f"Jabatan '{data.position.name}' milik unit kerja lain.")
    if data.min_age is None or data.max_age is None or data.min_age < 0 or data.max_age < 0:
        add("min_age", "Batas usia tidak boleh negatif.")
    elif data.min_age > data.max_age:
        add(
            "max_age",
            f"Usia minimal ({data.min_age}) tidak boleh lebih dari usia maksimal ({data.max_age}).",
        )
    if data.min_gpa is not None and not Decimal(0) < data.min_gpa <= MAX_GPA:
        add("min_gpa", f"IPK minimal harus lebih dari 0 dan paling tinggi {MAX_GPA}.")
    if len(data.extra_requirements) > MAX_EXTRA_REQUIREMENTS:
        add(
            "extra_requirements",
            f"Persyaratan tambahan paling banyak {MAX_EXTRA_REQUIREMENTS} karakter.",
        )
    _validate_education(data, add)
    _validate_documents(data, add)
    return errors


def _validate_education(data: FormasiInput, add: Any) -> None:
    if not data.education:
        add("education", "Pilih paling sedikit satu jenjang pendidikan.")
    levels = [rule.level.code for rule in data.education]
    for code in sorted({code for code in levels if levels.count(code) > 1}):
        add("education", f"Jenjang {code} tercantum lebih dari sekali.")
    for rule in data.education:
        if any(len(major) > 150 for major in rule.majors):
            add("education", f"Nama program studi untuk {rule.level.code} terlalu panjang.")


def _validate_documents(data: FormasiInput, add: Any) -> None:
    if not any(doc.is_required for doc in data.documents):
        add("documents", "Tetapkan paling sedikit satu dokumen wajib.")
    codes = [doc.kind.code for doc in data.documents]
    for code in sorted({code for code in codes if codes.count(code) > 1}):
        add("documents", f"Dokumen {code} tercantum lebih dari sekali.")
    allowed = ", ".join(ALLOWED_FORMATS)
    for doc in data.documents:
        formats = doc.formats or ()
        if not formats:
            add("documents", f"{doc.kind.name}: pilih paling sedikit satu format.")
        unknown = [f for f in formats if f not in ALLOWED_FORMATS]
        if unknown:
            add(
                "documents",
                f"{doc.kind.name}: format {', '.join(unknown)} tidak dikenal; pilih dari {allowed}.",
            )
        if doc.max_kb is None or not 1 <= doc.max_kb <= MAX_DOCUMENT_KB:
            add("documents", f"{doc.kind.name}: ukuran maksimal harus 1–{MAX_DOCUMENT_KB} KB.")


def _lock(formasi: Formasi) -> None:
    """Lock the formasi's row and reload `formasi` from it, in the caller's transaction.

    Two admins acting at once (one publishing, one editing) are then serialised, and each check
    reads the status as committed now, not as it was when the page was loaded. The caller's
    object itself is refreshed, so that it shows the result afterwards.
    """
    Formasi.objects.select_for_update().filter(pk=formasi.pk).values_list("pk", flat=True).get()
    formasi.refresh_from_db()


def _check_period_open(period: SelectionPeriod) -> None:
    if period.status == SelectionPeriod.Status.FINISHED:
        raise DomainError("Periode seleksi sudah selesai; formasinya tidak dapat diubah.")


def _check_code_free(period: SelectionPeriod, code: str, *, exclude_id: int | None) -> None:
    others = Formasi.objects.filter(period=period, code=code)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    if others.exists():
        raise ConflictError(f"Kode formasi {code} sudah dipakai di periode ini.", field="code")


def snapshot(formasi: Formasi) -> dict[str, Any]:
    """The formasi as plain values: the audit row's before/after."""
    return {
        "code": formasi.code,
        "position": formasi.position_id,
        "work_unit": formasi.work_unit_id,
        "quota": formasi.quota,
        "track": formasi.track,
        "entry_golongan": formasi.entry_golongan_id,
        "min_age": formasi.min_age,
        "max_age": formasi.max_age,
        "age_reference_date": formasi.age_reference_date.isoformat(),
        "min_gpa": str(formasi.min_gpa) if formasi.min_gpa is not None else None,
        "extra_requirements": formasi.extra_requirements,
        "education": {
            rule.level.code: list(rule.majors)
            for rule in formasi.education.select_related("level").order_by("level__rank")
        },
        "documents": {
            doc.kind.code: {
                "formats": doc.formats,
                "max_kb": doc.max_kb,
                "required": doc.is_required,
            }
            for doc in formasi.documents.select_related("kind").order_by("kind__code")
        },
    }


def _write_fields(formasi: Formasi, data: FormasiInput, period: SelectionPeriod) -> None:
    """Copy `data` (normalised: the period's defaults are already filled in) onto the row."""
    formasi.code = data.code
    formasi.position = data.position
    formasi.work_unit = data.work_unit
    formasi.quota = data.quota
    formasi.track = data.track
    formasi.entry_golongan = data.entry_golongan
    formasi.min_age = period.default_min_age if data.min_age is None else data.min_age
    formasi.max_age = period.default_max_age if data.max_age is None else data.max_age
    formasi.age_reference_date = data.age_reference_date or period.age_reference_date
    formasi.min_gpa = data.min_gpa
    formasi.extra_requirements = data.extra_requirements


def _write_requirements(formasi: Formasi, data: FormasiInput, *, replace: bool) -> None:
    if replace:
        FormasiEducation.objects.filter(formasi=formasi).delete()
        FormasiDocument.objects.filter(formasi=formasi).delete()
    FormasiEducation.objects.bulk_create(
        FormasiEducation(formasi=formasi, level=rule.level, majors=list(rule.majors))
        for rule in data.education
    )
    FormasiDocument.objects.bulk_create(
        FormasiDocument(
            formasi=formasi,
            kind=doc.kind,
            formats=list(doc.formats or ()),
            max_kb=doc.max_kb or 0,
            is_required=doc.is_required,
        )
        for doc in data.documents
    )


def _prepare(data: FormasiInput, *, period: SelectionPeriod, actor: User) -> None:
    """Permission, period state and input, in that order; raises before any write."""
    _require_unit(actor, data.work_unit)
    _check_period_open(period)
    errors = validate_formasi_input(data, period=period)
    if errors:
        raise InvalidInputError(errors)


def _insert(data: FormasiInput, *, period: SelectionPeriod, actor: User) -> Formasi:
    formasi = Formasi(period=period, status=Formasi.Status.DRAFT)
    _write_fields(formasi, data, period)
    formasi.full_clean(exclude=["period", "position", "work_unit", "entry_golongan"])
    formasi.save()
    _write_requirements(formasi, data, replace=False)
    audit.record(
        actor=actor,
        action="recruitment.formasi.created",
        target=formasi,
        changes={"period": period.pk, **snapshot(formasi)},
    )
    return formasi


@transaction.atomic
def create_formasi(*, period: SelectionPeriod, data: FormasiInput, actor: User) -> Formasi:
    """A new formasi in draft, with its education rules and documents."""
    _prepare(data, period=period, actor=actor)
    _check_code_free(period, data.code, exclude_id=None)
    return _insert(data, period=period, actor=actor)


@transaction.atomic
def create_formasi_batch(
    *, period: SelectionPeriod, items: Sequence[FormasiInput], actor: User
) -> list[Formasi]:
    """All of `items` as draft formasi, or none: the first refusal undoes the whole batch."""
    codes: set[str] = set()
    created: list[Formasi] = []
    for data in items:
        _prepare(data, period=period, actor=actor)
        if data.code in codes:
            raise ConflictError(f"Kode formasi {data.code} muncul dua kali.", field="code")
        codes.add(data.code)
        _check_code_free(period, data.code, exclude_id=None)
        created.append(_insert(data, period=period, actor=actor))
    return created


@transaction.atomic
def update_formasi(*, formasi: Formasi, data: FormasiInput, actor: User) -> Formasi:
    """Replace a draft formasi's description and requirements; a published one is frozen."""
    _lock(formasi)
    _require_unit(actor, formasi.work_unit)
    if formasi.status != Formasi.Status.DRAFT:
        raise DomainError(
            "Formasi yang sudah diumumkan tidak dapat diubah; hanya formasi berstatus draf yang "
            "dapat diubah."
        )
    _prepare(data, period=formasi.period, actor=actor)
    _check_code_free(formasi.period, data.code, exclude_id=formasi.pk)
    before = snapshot(formasi)
    _write_fields(formasi, data, formasi.period)
    formasi.full_clean(exclude=["period", "position", "work_unit", "entry_golongan"])
    formasi.save()
    _write_requirements(formasi, data, replace=True)
    changes = audit.diff(before, snapshot(formasi))
    if changes:
        audit.record(
            actor=actor, action="recruitment.formasi.updated", target=formasi, changes=changes
        )
    return formasi


@transaction.atomic
def publish_formasi(*, formasi: Formasi, actor: User) -> Formasi:
    """Open the formasi on the public board; after this it can no longer be edited."""
    _require_hr(actor)
    _lock(formasi)
    if formasi.status != Formasi.Status.DRAFT:
        raise DomainError("Hanya formasi berstatus draf yang dapat diumumkan.")
    if formasi.period.status != SelectionPeriod.Status.PUBLISHED:
        raise DomainError(
            "Formasi hanya dapat diumumkan dalam periode seleksi yang sudah diumumkan."
        )
    if not formasi.education.exists():
        raise DomainError("Formasi belum memiliki kualifikasi pendidikan.")
    if not formasi.documents.filter(is_required=True).exists():
        raise DomainError("Formasi belum memiliki dokumen wajib.")
    formasi.status = Formasi.Status.PUBLISHED
    formasi.published_at = timezone.now()
    formasi.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.formasi.published",
        target=formasi,
        changes={"status": [Formasi.Status.DRAFT, Formasi.Status.PUBLISHED]},
    )
    return formasi


@transaction.atomic
def close_formasi(*, formasi: Formasi, actor: User) -> Formasi:
    """Stop the formasi: it stays on the board, marked closed."""
    _require_hr(actor)
    _lock(formasi)
    if formasi.status != Formasi.Status.PUBLISHED:
        raise DomainError("Hanya formasi yang sudah diumumkan yang dapat ditutup.")
    formasi.status = Formasi.Status.CLOSED
    formasi.closed_at = timezone.now()
    formasi.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="recruitment.formasi.closed",
        target=formasi,
        changes={"status": [Formasi.Status.PUBLISHED, Formasi.Status.CLOSED]},
    )
    return formasi

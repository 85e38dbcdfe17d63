"""The programme catalogue and the competency dictionary, kept by Admin BKPSDM.

Every write checks the actor, validates every field at once (messages by field, nothing saved on
a refusal), locks the row it changes and writes one audit row. A programme is deactivated rather
than deleted (its classes and certificates keep pointing at it); a competency may be deleted only
while nothing uses it."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.performance.models import BehaviourIndicator
from simerit.training.models import (
    Competency,
    EmployeeCompetency,
    PositionCompetency,
    Programme,
    ProgrammeKind,
    TrainingClass,
)
from simerit.training.rules import catalogue as rules
from simerit.training.selectors.catalogue import can_manage_catalogue

HR_ONLY = "Hanya Admin BKPSDM yang dapat mengelola katalog pelatihan dan kamus kompetensi."
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9._/-]*$")
CODE_HINT = "hanya huruf, angka, titik, garis miring, tanda hubung, atau garis bawah"
DESCRIPTION_MAX_LENGTH = 5000
# A class in these statuses still takes enrolments (or will): its programme stays in the catalogue.
LIVE_CLASS_STATUSES = (TrainingClass.Status.DRAFT, TrainingClass.Status.OPEN)


def check_hr(actor: User) -> None:
    if not can_manage_catalogue(actor):
        raise PermissionDenied(HR_ONLY)


def normalise_code(code: str) -> str:
    """Codes are matched case-insensitively (imports, the API): stored trimmed and upper case."""
    return code.strip().upper()


def _text_problem(value: str, *, label: str, max_length: int, required: bool) -> str | None:
    if required and not value:
        return f"{label} wajib diisi."
    if len(value) > max_length:
        return f"{label} paling banyak {max_length} karakter."
    return None


def _code_problem(code: str, *, label: str, max_length: int) -> str | None:
    problem = _text_problem(code, label=label, max_length=max_length, required=True)
    if problem is None and not CODE_PATTERN.match(code):
        problem = f"{label} {CODE_HINT}, tanpa spasi."
    return problem


def _raise_if_any(problems: dict[str, str | None]) -> None:
    errors = {name: [message] for name, message in problems.items() if message}
    if errors:
        raise InvalidInputError(errors)


# --- programmes


@dataclass(frozen=True)
class ProgrammeInput:
    code: str
    name: str
    kind: str
    jp: Decimal | None
    provider: str
    mode: str
    description: str = ""
    competencies: Sequence[Competency] = field(default_factory=tuple)
    indicators: Sequence[BehaviourIndicator] = field(default_factory=tuple)
    for_weak_predikat: bool = False

    def cleaned(self) -> "ProgrammeInput":
        return ProgrammeInput(
            code=normalise_code(self.code),
            name=self.name.strip(),
            kind=self.kind,
            jp=self.jp,
            provider=self.provider.strip(),
            mode=self.mode,
            description=self.description.strip(),
            competencies=tuple(self.competencies),
            indicators=tuple(self.indicators),
            for_weak_predikat=self.for_weak_predikat,
        )


def validate_programme(data: ProgrammeInput) -> dict[str, list[str]]:
    """Every field's problem, by field name (empty: acceptable). `data` is already cleaned."""
    problems: dict[str, str | None] = {
        "code": _code_problem(data.code, label="Kode program", max_length=30),
        "name": _text_problem(data.name, label="Nama program", max_length=200, required=True),
        "kind": None if data.kind in ProgrammeKind.values else "Jenis program tidak dikenal.",
        "jp": rules.jp_problem(data.jp),
        "provider": _text_problem(
            data.provider, label="Penyelenggara", max_length=200, required=True
        ),
        "mode": None if data.mode in Programme.Mode.values else "Moda pelatihan tidak dikenal.",
        "description": _text_problem(
            data.description, label="Uraian", max_length=DESCRIPTION_MAX_LENGTH, required=False
        ),
    }
    return {name: [message] for name, message in problems.items() if message}


def _check_programme(data: ProgrammeInput, *, exclude_id: int | None = None) -> None:
    errors = validate_programme(data)
    if errors:
        raise InvalidInputError(errors)
    taken = Programme.objects.filter(code__iexact=data.code)
    if exclude_id is not None:
        taken = taken.exclude(pk=exclude_id)
    if taken.exists():
        raise ConflictError(
            f"Kode program {data.code} sudah dipakai oleh program lain.", field="code"
        )


def programme_snapshot(programme: Programme) -> dict[str, Any]:
    """The programme as the audit log keeps it (targets as sorted codes)."""
    return {
        "code": programme.code,
        "name": programme.name,
        "kind": programme.kind,
        "jp": programme.jp,
        "provider": programme.provider,
        "mode": programme.mode,
        "description": programme.description,
        "competencies": sorted(c.code for c in programme.competencies.all()),
        "indicators": sorted(i.code for i in programme.indicators.all()),
        "for_weak_predikat": programme.for_weak_predikat,
        "is_active": programme.is_active,
    }


def _apply(programme: Programme, data: ProgrammeInput) -> None:
    programme.code = data.code
    programme.name = data.name
    programme.kind = data.kind
    if data.jp is not None:  # always, after validate_programme
        programme.jp = data.jp.quantize(rules.JP_STEP)
    programme.provider = data.provider
    programme.mode = data.mode
    programme.description = data.description
    programme.for_weak_predikat = data.for_weak_predikat
    programme.full_clean()
    programme.save()
    programme.competencies.set(data.competencies)
    programme.indicators.set(data.indicators)


@transaction.atomic
def create_programme(*, data: ProgrammeInput, actor: User) -> Programme:
    """Add a programme to the catalogue (active at once)."""
    check_hr(actor)
    data = data.cleaned()
    _check_programme(data)
    programme = Programme(created_by=actor)
    _apply(programme, data)
    audit.record(
        actor=actor,
        action="training.programme.created",
        target=programme,
        changes=programme_snapshot(programme),
    )
    return programme


@transaction.atomic
def update_programme(*, programme: Programme, data: ProgrammeInput, actor: User) -> Programme:
    """Change a programme. Its kind is fixed once it has classes: completing a PKP class is what
    clears a leadership flag, and the classes already held must keep counting as what they were.
    The JP of existing classes stays as copied when they were created."""
    check_hr(actor)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    data = data.cleaned()
    _check_programme(data, exclude_id=programme.pk)
    if data.kind != programme.kind and programme.classes.exists():
        raise DomainError(
            "Jenis program tidak dapat diubah karena program ini sudah memiliki kelas; buat "
            "program baru untuk jenis yang lain.",
            field="kind",
        )
    before = programme_snapshot(programme)
    _apply(programme, data)
    changes = audit.diff(before, programme_snapshot(programme))
    if changes:
        audit.record(
            actor=actor, action="training.programme.updated", target=programme, changes=changes
        )
    return programme


@transaction.atomic
def deactivate_programme(*, programme: Programme, actor: User) -> Programme:
    """Take a programme out of the catalogue. Refused while one of its classes is a draft or open
    for enrolment: those classes must be closed or cancelled first, so that nobody is left
    enrolling into a programme the catalogue no longer shows."""
    check_hr(actor)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not programme.is_active:
        raise ConflictError("Program ini sudah nonaktif.")
    live = programme.classes.filter(status__in=LIVE_CLASS_STATUSES).count()
    if live:
        raise DomainError(
            f"Program ini masih memiliki {live} kelas berstatus draf atau pendaftaran dibuka; "
            "tutup pendaftaran atau batalkan kelas tersebut lebih dahulu."
        )
    programme.is_active = False
    programme.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="training.programme.deactivated",
        target=programme,
        changes={"is_active": [True, False]},
    )
    return programme


@transaction.atomic
def activate_programme(*, programme: Programme, actor: User) -> Programme:
    """Put a deactivated programme back into the catalogue."""
    check_hr(actor)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.is_active:
        raise ConflictError("Program ini sudah aktif.")
    programme.is_active = True
    programme.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="training.programme.activated",
        target=programme,
        changes={"is_active": [False, True]},
    )
    return programme


# --- the competency dictionary


@dataclass(frozen=True)
class CompetencyInput:
    code: str
    name: str
    kind: str
    description: str = ""

    def cleaned(self) -> "CompetencyInput":
        return CompetencyInput(
            code=normalise_code(self.code),
            name=self.name.strip(),
            kind=self.kind,
            description=self.description.strip(),
        )


def _check_competency(data: CompetencyInput, *, exclude_id: int | None = None) -> None:
    _raise_if_any(
        {
            "code": _code_problem(data.code, label="Kode kompetensi", max_length=20),
            "name": _text_problem(
                data.name, label="Nama kompetensi", max_length=200, required=True
            ),
            "kind": (
                None if data.kind in Competency.Kind.values else "Jenis kompetensi tidak dikenal."
            ),
            "description": _text_problem(
                data.description,
                label="Uraian",
                max_length=DESCRIPTION_MAX_LENGTH,
                required=False,
            ),
        }
    )
    taken = Competency.objects.filter(code__iexact=data.code)
    if exclude_id is not None:
        taken = taken.exclude(pk=exclude_id)
    if taken.exists():
        raise ConflictError(
            f"Kode kompetensi {data.code} sudah dipakai oleh kompetensi lain.", field="code"
        )


def _competency_snapshot(competency: Competency) -> dict[str, Any]:
    return {
        "code": competency.code,
        "name": competency.name,
        "kind": competency.kind,
        "description": competency.description,
    }


@transaction.atomic
def create_competency(*, data: CompetencyInput, actor: User) -> Competency:
    check_hr(actor)
    data = data.cleaned()
    _check_competency(data)
    competency = Competency(
        code=data.code, name=data.name, kind=data.kind, description=data.description
    )
    competency.full_clean()
    competency.save()
    audit.record(
        actor=actor,
        action="training.competency.created",
        target=competency,
        changes=_competency_snapshot(competency),
    )
    return competency


@transaction.atomic
def update_competency(*, competency: Competency, data: CompetencyInput, actor: User) -> Competency:
    """Change a competency; a new code applies at once to the standards and assessments that use
    it (they point at the row, not at the code)."""
    check_hr(actor)
    competency = Competency.objects.select_for_update().get(pk=competency.pk)
    data = data.cleaned()
    _check_competency(data, exclude_id=competency.pk)
    before = _competency_snapshot(competency)
    competency.code = data.code
    competency.name = data.name
    competency.kind = data.kind
    competency.description = data.description
    competency.full_clean()
    competency.save()
    changes = audit.diff(before, _competency_snapshot(competency))
    if changes:
        audit.record(
            actor=actor, action="training.competency.updated", target=competency, changes=changes
        )
    return competency


@transaction.atomic
def delete_competency(*, competency: Competency, actor: User) -> None:
    """Remove a competency nobody uses (no position standard, assessment or programme)."""
    check_hr(actor)
    competency = Competency.objects.select_for_update().get(pk=competency.pk)
    uses = [
        (PositionCompetency.objects.filter(competency=competency).count(), "standar jabatan"),
        (EmployeeCompetency.objects.filter(competency=competency).count(), "asesmen pegawai"),
        (competency.programmes.count(), "program pelatihan"),
    ]
    used = [f"{count} {label}" for count, label in uses if count]
    if used:
        raise ConflictError(
            f"Kompetensi {competency.code} masih dipakai oleh {', '.join(used)}; hapus "
            "pemakaiannya lebih dahulu."
        )
    audit.record(
        actor=actor,
        action="training.competency.deleted",
        target=competency,
        changes=_competency_snapshot(competency),
    )
    competency.delete()

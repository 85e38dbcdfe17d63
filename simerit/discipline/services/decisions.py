"""The decision of a case (keputusan hukuman disiplin; PP 94/2021 Pasal 8, 31–33; reference
§7.1, §7.3): the sanction from the PP 94 table, its dates and TPP cut, and the day the employee
received it (from which the appeal windows of PP 79/2021 run).

Due process: a sanction rests on a BAP, except when the employee ignored both summonses (then
it is decided on the evidence at hand; Pasal 31). A berat sanction on a BAP needs the complete
examination team (an atasan and a member from pengawasan or kepegawaian; reference §7.3 [V]),
whatever level the report suspected. Two sanctions of the same kind never run at
the same time for one employee (`check_overlap`); the appeal service uses the same check."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.discipline.models import DisciplineCase, Level, Sanction, SanctionType
from simerit.discipline.rules import pp94
from simerit.discipline.services.cases import (
    day_text,
    lock_case,
    lock_employee,
    notify_employee,
    require_manage,
)
from simerit.discipline.services.procedure import team_is_complete
from simerit.employees.models import Employee

Status = DisciplineCase.Status

NO_EXAMINATION = (
    "Keputusan hukuman disiplin tidak dapat ditetapkan tanpa berita acara pemeriksaan, kecuali "
    "pegawai tidak memenuhi dua kali panggilan."
)
NOT_PROVEN = (
    "Pelanggaran dinyatakan tidak terbukti dalam BAP; kasus tidak dapat diputus dengan hukuman "
    "disiplin."
)
FIRST_OF_MONTH = "Hukuman pemotongan TPP dimulai pada tanggal 1 suatu bulan."
BERAT_WITHOUT_TEAM = (
    "Hukuman disiplin tingkat berat tidak dapat ditetapkan karena pemeriksaan tidak dilakukan "
    "oleh tim pemeriksa yang terdiri atas atasan langsung dan unsur pengawasan atau unsur "
    "kepegawaian."
)

# Sanctions of one group never run at the same time for one employee.
OVERLAP_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({SanctionType.POTONG_6, SanctionType.POTONG_9, SanctionType.POTONG_12}),
    frozenset({SanctionType.PENURUNAN_JABATAN, SanctionType.PEMBEBASAN_JABATAN}),
    frozenset({SanctionType.PDHTAPS}),
)


def overlap_group(sanction_type: str) -> frozenset[str]:
    """The types that may not overlap `sanction_type`; empty for a ringan type (no duration)."""
    for group in OVERLAP_GROUPS:
        if sanction_type in group:
            return group
    return frozenset()


def period_text(starts_on: dt.date, ends_on: dt.date | None) -> str:
    if ends_on is None:
        return f"sejak {day_text(starts_on)}"
    return f"{day_text(starts_on)}–{day_text(ends_on)}"


def check_overlap(
    *,
    employee: Employee,
    sanction_type: str,
    starts_on: dt.date,
    ends_on: dt.date | None,
    exclude_id: int | None = None,
) -> None:
    """ConflictError naming the other case when a sanction in force of the same group (the three
    TPP cuts; penurunan/pembebasan jabatan; PDHTAPS) runs for `employee` during
    starts_on..ends_on (None: without end). PDHTAPS is imposed once."""
    group = overlap_group(sanction_type)
    if not group:
        return
    others = Sanction.objects.in_force().filter(employee=employee, sanction_type__in=group)
    if exclude_id is not None:
        others = others.exclude(pk=exclude_id)
    # Intervals [s1, e1] and [s2, e2] (None: no end) meet when s1 ≤ e2 and s2 ≤ e1.
    others = others.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        others = others.filter(starts_on__lte=ends_on)
    other = others.select_related("case").order_by("starts_on", "id").first()
    if other is None:
        return
    if sanction_type == SanctionType.PDHTAPS:
        raise ConflictError(
            f"Pegawai ini sudah dijatuhi hukuman {other.get_sanction_type_display()} pada kasus "
            f"{other.case.number} ({period_text(other.starts_on, other.ends_on)})."
        )
    raise ConflictError(
        f"Masa berlaku hukuman ini tumpang tindih dengan hukuman "
        f"{other.get_sanction_type_display()} pada kasus {other.case.number} "
        f"({period_text(other.starts_on, other.ends_on)})."
    )


@dataclass(frozen=True)
class DecisionInput:
    level: str
    sanction_type: str
    decree_number: str
    decided_on: dt.date
    official: str
    considerations: str
    starts_on: dt.date


def _basis(case: DisciplineCase) -> str:
    """The ground of the decision, or DomainError when due process does not allow one."""
    examination = getattr(case, "examination", None)
    if examination is not None:
        if not examination.proven:
            raise DomainError(NOT_PROVEN)
        return Sanction.Basis.EXAMINED
    summonses = list(case.summonses.all())
    if len(summonses) == 2 and all(summons.attended is False for summons in summonses):
        return Sanction.Basis.SUMMONS_IGNORED
    raise DomainError(NO_EXAMINATION)


def _last_step_on(case: DisciplineCase) -> dt.date:
    """The day of the last step before the decision: the BAP, else the second summons."""
    examination = getattr(case, "examination", None)
    if examination is not None:
        held_on: dt.date = examination.held_on
        return held_on
    return max(summons.examination_on for summons in case.summonses.all())


def validate_decision(data: DecisionInput, *, case: DisciplineCase, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if data.level not in Level.values:
        errors["level"] = ["Tingkat hukuman tidak dikenal."]
    else:
        try:
            pp94.spec_for(data.sanction_type, data.level)
        except pp94.SanctionTableError as error:
            errors["sanction_type"] = [str(error)]
    if not data.decree_number.strip():
        errors["decree_number"] = ["Nomor keputusan wajib diisi."]
    if not data.official.strip():
        errors["official"] = ["Pejabat yang berwenang menghukum wajib diisi."]
    if not data.considerations.strip():
        errors["considerations"] = ["Pertimbangan wajib diisi."]
    last_step = _last_step_on(case)
    if data.decided_on > today:
        errors["decided_on"] = ["Tanggal keputusan tidak boleh di masa depan."]
    elif data.decided_on < last_step:
        errors["decided_on"] = [
            f"Tanggal keputusan tidak boleh sebelum tanggal pemeriksaan ({day_text(last_step)})."
        ]
    if data.starts_on < data.decided_on:
        errors["starts_on"] = ["Tanggal mulai berlaku tidak boleh sebelum tanggal keputusan."]
    elif data.level == Level.SEDANG and data.starts_on.day != 1:
        errors["starts_on"] = [FIRST_OF_MONTH]
    if errors:
        raise InvalidInputError(errors)


@transaction.atomic
def decide_case(*, case: DisciplineCase, data: DecisionInput, actor: User) -> Sanction:
    """Record the decision: the sanction with its end and TPP cut from the PP 94 table (never
    typed), the case DECIDED, the employee told."""
    require_manage(actor, case)
    case = lock_case(case)
    if case.status == Status.DECIDED:
        raise DomainError("Kasus ini sudah diputus.")
    if case.status == Status.DISMISSED:
        raise DomainError("Kasus yang sudah dihentikan tidak dapat diputus.")
    basis = _basis(case)
    validate_decision(data, case=case, today=timezone.localdate())
    if (
        basis == Sanction.Basis.EXAMINED
        and data.level == Level.BERAT
        and not team_is_complete(case)
    ):
        raise DomainError(BERAT_WITHOUT_TEAM)
    spec = pp94.spec_for(data.sanction_type, data.level)
    ends_on = pp94.end_date(spec.type, data.starts_on)
    # Two clerks deciding two cases of this employee at once: the second waits here and then
    # sees the first's sanction in the overlap check.
    lock_employee(case.employee_id)
    check_overlap(
        employee=case.employee,
        sanction_type=spec.type,
        starts_on=data.starts_on,
        ends_on=ends_on,
    )
    sanction = Sanction.objects.create(
        case=case,
        employee=case.employee,
        level=spec.level,
        sanction_type=spec.type,
        basis=basis,
        decree_number=data.decree_number.strip(),
        decided_on=data.decided_on,
        official=data.official.strip(),
        considerations=data.considerations.strip(),
        starts_on=data.starts_on,
        ends_on=ends_on,
        tpp_cut_percent=spec.tpp_cut_percent,
        decided_by=actor,
    )
    old_status = case.status
    case.status = Status.DECIDED
    case.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="discipline.sanction.decided",
        target=sanction,
        changes={
            "case": case.number,
            "case_status": [old_status, case.status],
            "level": sanction.level,
            "sanction_type": sanction.sanction_type,
            "basis": sanction.basis,
            "decree_number": sanction.decree_number,
            "decided_on": sanction.decided_on,
            "official": sanction.official,
            "considerations": sanction.considerations,
            "starts_on": sanction.starts_on,
            "ends_on": sanction.ends_on,
            "tpp_cut_percent": sanction.tpp_cut_percent,
        },
    )
    body = (
        f"Anda dijatuhi hukuman disiplin tingkat {sanction.get_level_display().lower()}: "
        f"{sanction.get_sanction_type_display()}"
    )
    if sanction.ends_on is not None or spec.permanent:
        body += f", berlaku {period_text(sanction.starts_on, sanction.ends_on)}"
    notify_employee(case, title=f"Keputusan hukuman disiplin {case.number}", body=f"{body}.")
    return sanction


@transaction.atomic
def record_delivery(*, sanction: Sanction, delivered_on: dt.date, actor: User) -> Sanction:
    """Record the day the employee received the decision; the appeal windows run from it, so it
    is recorded once."""
    case = sanction.case
    require_manage(actor, case)
    lock_case(case)
    sanction = Sanction.objects.select_for_update().get(pk=sanction.pk)
    if sanction.delivered_on is not None:
        raise DomainError("Tanggal penerimaan keputusan sudah dicatat.")
    if delivered_on > timezone.localdate():
        raise InvalidInputError(
            {"delivered_on": ["Tanggal penerimaan keputusan tidak boleh di masa depan."]}
        )
    if delivered_on < sanction.decided_on:
        raise InvalidInputError(
            {
                "delivered_on": [
                    "Tanggal penerimaan keputusan tidak boleh sebelum tanggal keputusan "
                    f"({day_text(sanction.decided_on)})."
                ]
            }
        )
    sanction.delivered_on = delivered_on
    sanction.save(update_fields=["delivered_on", "updated_at"])
    audit.record(
        actor=actor,
        action="discipline.sanction.delivered",
        target=sanction,
        changes={"delivered_on": [None, delivered_on]},
    )
    return sanction

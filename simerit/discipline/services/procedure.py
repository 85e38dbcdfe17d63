"""The examination procedure of a case (PP 94/2021 Pasal 26–30; reference §7.3): the written
summons (at most two), the attendance on the examination day, the examination team and the BAP.

Timings are configuration (`DisciplineSettings`, [U]): the examination is at least
`summons_notice_working_days` working days (without the holidays of `models.Holiday`) after the
letter; the second letter is sent within
`second_summons_working_days` working days after the day the employee should have been examined
on the first summons (the PP 53/2010 procedure the settings cite). Every step is recorded by
Admin BKPSDM, never on a case about themself."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.discipline.models import (
    DisciplineCase,
    DisciplineSettings,
    Examination,
    Level,
    Summons,
    TeamMember,
)
from simerit.discipline.rules import pp94
from simerit.discipline.selectors.calendar import holidays_after
from simerit.discipline.services.cases import (
    OPEN_STATUSES,
    day_text,
    lock_case,
    notify_employee,
    require_manage,
)
from simerit.employees.models import Employee

Status = DisciplineCase.Status

NOT_OPEN = "Kasus yang sudah diperiksa, diputus atau dihentikan tidak dapat diubah lagi."
TEAM_REQUIRED = (
    "Dugaan pelanggaran tingkat berat wajib diperiksa oleh tim pemeriksa yang terdiri atas "
    "atasan langsung dan unsur pengawasan atau unsur kepegawaian."
)
NOTE_MAX_LENGTH = 500  # Summons.attendance_note
NO_ATTENDED_SUMMONS = (
    "Pemeriksaan hanya dapat dicatat setelah pegawai hadir memenuhi surat panggilan."
)


def settings() -> DisciplineSettings:
    found, _ = DisciplineSettings.objects.get_or_create(pk=1)
    return found


def _require_open(case: DisciplineCase) -> None:
    if case.status not in OPEN_STATUSES:
        raise DomainError(NOT_OPEN)


# --- Summons


@dataclass(frozen=True)
class SummonsInput:
    letter_number: str
    issued_on: dt.date
    examination_on: dt.date
    place: str


def _validate_summons(
    data: SummonsInput,
    *,
    case: DisciplineCase,
    first: Summons | None,
    config: DisciplineSettings,
    today: dt.date,
    holidays: frozenset[dt.date],
) -> None:
    errors: dict[str, list[str]] = {}
    if not data.letter_number.strip():
        errors["letter_number"] = ["Nomor surat panggilan wajib diisi."]
    if not data.place.strip():
        errors["place"] = ["Tempat pemeriksaan wajib diisi."]
    if data.issued_on > today:
        errors["issued_on"] = ["Tanggal surat panggilan tidak boleh di masa depan."]
    elif data.issued_on < case.reported_on:
        errors["issued_on"] = [
            f"Tanggal surat panggilan tidak boleh sebelum tanggal laporan "
            f"({day_text(case.reported_on)})."
        ]
    elif first is not None:
        latest = pp94.add_working_days(
            first.examination_on, config.second_summons_working_days, holidays
        )
        if data.issued_on < first.examination_on:
            errors["issued_on"] = [
                f"Surat panggilan kedua dibuat setelah jadwal panggilan pertama "
                f"({day_text(first.examination_on)})."
            ]
        elif data.issued_on > latest:
            errors["issued_on"] = [
                f"Surat panggilan kedua paling lambat {config.second_summons_working_days} hari "
                f"kerja setelah jadwal panggilan pertama ({day_text(latest)})."
            ]
    earliest = pp94.add_working_days(data.issued_on, config.summons_notice_working_days, holidays)
    if "issued_on" not in errors and data.examination_on < earliest:
        errors["examination_on"] = [
            f"Jadwal pemeriksaan paling cepat {config.summons_notice_working_days} hari kerja "
            f"setelah tanggal surat ({day_text(earliest)})."
        ]
    if errors:
        raise InvalidInputError(errors)


@transaction.atomic
def issue_summons(*, case: DisciplineCase, data: SummonsInput, actor: User) -> Summons:
    """The first summons, or the second after the employee missed the first; never a third.
    The employee is told; the case becomes SUMMONED."""
    require_manage(actor, case)
    case = lock_case(case)
    _require_open(case)
    existing = list(case.summonses.order_by("sequence"))
    first: Summons | None = None
    if len(existing) >= 2:
        raise DomainError("Pemanggilan hanya dapat dilakukan dua kali.")
    if existing:
        first = existing[0]
        if first.attended is None:
            raise DomainError(
                "Panggilan kedua hanya dapat dibuat setelah ketidakhadiran pada panggilan "
                "pertama dicatat."
            )
        if first.attended:
            raise DomainError(
                "Pegawai telah hadir pada panggilan pertama; panggilan kedua tidak diperlukan."
            )
    # Every window starts on or after the earlier of the letter and the first examination day.
    start = min(data.issued_on, first.examination_on) if first else data.issued_on
    _validate_summons(
        data,
        case=case,
        first=first,
        config=settings(),
        today=timezone.localdate(),
        holidays=holidays_after(start),
    )
    summons = Summons.objects.create(
        case=case,
        sequence=len(existing) + 1,
        letter_number=data.letter_number.strip(),
        issued_on=data.issued_on,
        examination_on=data.examination_on,
        place=data.place.strip(),
        issued_by=actor,
    )
    old_status = case.status
    case.status = Status.SUMMONED
    case.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="discipline.summons.issued",
        target=summons,
        changes={
            "case": case.number,
            "case_status": [old_status, case.status],
            "sequence": summons.sequence,
            "letter_number": summons.letter_number,
            "issued_on": summons.issued_on,
            "examination_on": summons.examination_on,
            "place": summons.place,
        },
    )
    notify_employee(
        case,
        title=f"Surat panggilan ke-{summons.sequence} pemeriksaan disiplin",
        body=(
            f"Anda dipanggil untuk diperiksa pada {day_text(summons.examination_on)} di "
            f"{summons.place} (surat {summons.letter_number})."
        ),
    )
    return summons


@transaction.atomic
def record_attendance(*, summons: Summons, attended: bool, note: str, actor: User) -> Summons:
    """Whether the employee came on the examination day; recorded once, on or after the day."""
    require_manage(actor, summons.case)
    case = lock_case(summons.case)
    _require_open(case)
    summons = Summons.objects.get(pk=summons.pk)
    if summons.attended is not None:
        raise DomainError("Kehadiran pada panggilan ini sudah dicatat.")
    if timezone.localdate() < summons.examination_on:
        raise DomainError(
            f"Kehadiran baru dapat dicatat pada atau setelah jadwal pemeriksaan "
            f"({day_text(summons.examination_on)})."
        )
    if len(note.strip()) > NOTE_MAX_LENGTH:
        raise InvalidInputError({"note": ["Catatan kehadiran paling banyak 500 karakter."]})
    summons.attended = attended
    summons.attendance_note = note.strip()
    summons.save(update_fields=["attended", "attendance_note", "updated_at"])
    audit.record(
        actor=actor,
        action="discipline.summons.attendance_recorded",
        target=summons,
        changes={
            "case": case.number,
            "attended": [None, attended],
            "attendance_note": ["", summons.attendance_note],
        },
    )
    return summons


# --- Examination team


@transaction.atomic
def add_team_member(
    *, case: DisciplineCase, employee: Employee, role: str, actor: User
) -> TeamMember:
    """A member of the tim pemeriksa, before the BAP. Optional for a suspected sedang breach and
    mandatory for berat; a case reported as ringan may need one too when the facts point higher,
    since a BAP that proposes berat needs the complete team."""
    require_manage(actor, case)
    case = lock_case(case)
    _require_open(case)
    errors: dict[str, list[str]] = {}
    if role not in TeamMember.Role.values:
        errors["role"] = ["Unsur anggota tim tidak dikenal."]
    if employee.pk == case.employee_id:
        errors["employee"] = ["Pegawai yang diperiksa tidak dapat menjadi anggota tim pemeriksa."]
    elif not employee.is_active:
        errors["employee"] = ["Pegawai yang tidak aktif tidak dapat menjadi anggota tim pemeriksa."]
    if errors:
        raise InvalidInputError(errors)
    if case.team.filter(employee=employee).exists():
        raise ConflictError(f"{employee.name} sudah menjadi anggota tim pemeriksa kasus ini.")
    member = TeamMember.objects.create(case=case, employee=employee, role=role)
    audit.record(
        actor=actor,
        action="discipline.team_member.added",
        target=member,
        changes={"case": case.number, "employee_id": employee.pk, "role": role},
    )
    return member


@transaction.atomic
def remove_team_member(*, member: TeamMember, actor: User) -> None:
    require_manage(actor, member.case)
    case = lock_case(member.case)
    _require_open(case)
    changes = {
        "case": case.number,
        "employee_id": [member.employee_id, None],
        "role": [member.role, None],
    }
    audit.record(
        actor=actor, action="discipline.team_member.removed", target=member, changes=changes
    )
    member.delete()


def team_is_complete(case: DisciplineCase) -> bool:
    """An atasan member and a member from pengawasan or kepegawaian (Pasal 28)."""
    roles = set(case.team.values_list("role", flat=True))
    return TeamMember.Role.ATASAN in roles and bool(
        roles & {TeamMember.Role.PENGAWASAN, TeamMember.Role.KEPEGAWAIAN}
    )


# --- BAP


@dataclass(frozen=True)
class ExaminationInput:
    held_on: dt.date
    place: str
    questions_and_answers: str
    employee_statement: str
    findings: str
    proven: bool
    proposed_level: str
    signed_by_employee: bool
    refusal_note: str


def _validate_examination(data: ExaminationInput, *, attended_on: dt.date, today: dt.date) -> None:
    errors: dict[str, list[str]] = {}
    if data.held_on > today:
        errors["held_on"] = ["Tanggal pemeriksaan tidak boleh di masa depan."]
    elif data.held_on < attended_on:
        errors["held_on"] = [
            f"Tanggal pemeriksaan tidak boleh sebelum jadwal panggilan yang dihadiri "
            f"({day_text(attended_on)})."
        ]
    if not data.place.strip():
        errors["place"] = ["Tempat pemeriksaan wajib diisi."]
    if not data.questions_and_answers.strip():
        errors["questions_and_answers"] = ["Tanya jawab pemeriksaan wajib diisi."]
    if not data.findings.strip():
        errors["findings"] = ["Kesimpulan pemeriksa wajib diisi."]
    if data.proven and data.proposed_level not in Level.values:
        errors["proposed_level"] = ["Usulan tingkat hukuman wajib diisi bila pelanggaran terbukti."]
    if not data.proven and data.proposed_level:
        errors["proposed_level"] = ["Usulan tingkat hukuman hanya diisi bila pelanggaran terbukti."]
    if not data.signed_by_employee and not data.refusal_note.strip():
        errors["refusal_note"] = ["Catatan wajib diisi bila pegawai menolak menandatangani BAP."]
    if errors:
        raise InvalidInputError(errors)


@transaction.atomic
def record_examination(*, case: DisciplineCase, data: ExaminationInput, actor: User) -> Examination:
    """The BAP of an examination the employee attended. A berat case, or a BAP proposing berat,
    needs its complete team first."""
    require_manage(actor, case)
    case = lock_case(case)
    if Examination.objects.filter(case=case).exists():
        raise DomainError("BAP kasus ini sudah dicatat.")
    _require_open(case)
    attended = case.summonses.filter(attended=True).order_by("examination_on").first()
    if attended is None:
        raise DomainError(NO_ATTENDED_SUMMONS)
    # Berat when reported as such, or when the BAP proposes it (the decision needs the team too).
    berat = case.suspected_level == Level.BERAT or (
        data.proven and data.proposed_level == Level.BERAT
    )
    if berat and not team_is_complete(case):
        raise DomainError(TEAM_REQUIRED)
    _validate_examination(data, attended_on=attended.examination_on, today=timezone.localdate())
    examination = Examination.objects.create(
        case=case,
        held_on=data.held_on,
        place=data.place.strip(),
        questions_and_answers=data.questions_and_answers.strip(),
        employee_statement=data.employee_statement.strip(),
        findings=data.findings.strip(),
        proven=data.proven,
        proposed_level=data.proposed_level if data.proven else "",
        signed_by_employee=data.signed_by_employee,
        refusal_note="" if data.signed_by_employee else data.refusal_note.strip(),
        recorded_by=actor,
    )
    old_status = case.status
    case.status = Status.EXAMINED
    case.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="discipline.examination.recorded",
        target=examination,
        changes={
            "case": case.number,
            "case_status": [old_status, case.status],
            "held_on": examination.held_on,
            "place": examination.place,
            "questions_and_answers": examination.questions_and_answers,
            "employee_statement": examination.employee_statement,
            "findings": examination.findings,
            "proven": examination.proven,
            "proposed_level": examination.proposed_level,
            "signed_by_employee": examination.signed_by_employee,
            "refusal_note": examination.refusal_note,
        },
    )
    return examination

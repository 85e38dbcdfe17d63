"""JSON API of discipline cases: the same selectors and services as the pages.

A case the caller may not see is a 404 (an Admin OPD sees none; an employee their own; a
supervisor their team's); a write by someone who sees it but may not act (the Auditor, a
supervisor, the employee, Admin BKPSDM on their own case) is a 403 with nothing changed."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from simerit.accounts.models import User
from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.discipline import permissions
from simerit.discipline.models import (
    DisciplineArticle,
    DisciplineCase,
    Level,
    SanctionType,
    TeamMember,
)
from simerit.discipline.selectors import cases as selectors
from simerit.discipline.services import cases as case_services
from simerit.discipline.services import decisions as decision_services
from simerit.discipline.services import procedure as procedure_services
from simerit.employees.permissions import visible_employees

router = Router(tags=["Disiplin — Kasus"])


# --- Schemas


class CaseSummaryOut(Schema):
    id: int
    number: str = Field(examples=["HD-2026-0001"])
    employee_id: int
    employee_nip: str
    employee_name: str
    work_unit: str
    source: str
    reported_on: dt.date
    incident_on: dt.date
    suspected_level: str
    status: str = Field(description="reported, summoned, examined, decided, dismissed.")
    status_label: str
    sanction_type: str | None = Field(description="null: belum diputus.")


class CasePage(Page[CaseSummaryOut]):
    pass


class SummonsOut(Schema):
    id: int
    sequence: int
    letter_number: str
    issued_on: dt.date
    examination_on: dt.date
    place: str
    attended: bool | None = Field(description="null: kehadiran belum dicatat.")
    attendance_note: str


class TeamMemberOut(Schema):
    id: int
    employee_id: int
    employee_name: str
    role: str
    role_label: str


class ExaminationOut(Schema):
    held_on: dt.date
    place: str
    questions_and_answers: str
    employee_statement: str
    findings: str
    proven: bool
    proposed_level: str
    signed_by_employee: bool
    refusal_note: str


class AppealOut(Schema):
    id: int
    kind: str
    filed_on: dt.date
    outcome: str
    outcome_label: str
    decided_on: dt.date | None


class SanctionOut(Schema):
    id: int
    level: str
    sanction_type: str
    sanction_label: str
    basis: str
    decree_number: str
    decided_on: dt.date
    official: str
    considerations: str
    starts_on: dt.date
    ends_on: dt.date | None = Field(description="null: ringan (tanpa jangka waktu) atau PDHTAPS.")
    tpp_cut_percent: int
    delivered_on: dt.date | None
    annulled_at: dt.datetime | None
    appeals: list[AppealOut]


class CaseOut(CaseSummaryOut):
    supervisor_name: str | None
    reporter_name: str | None = Field(
        description="null: tidak ditampilkan kepada pegawai yang bersangkutan."
    )
    description: str
    articles: list[str]
    absence_days: int | None
    absence_year: int | None
    dismissal_reason: str
    summonses: list[SummonsOut]
    team: list[TeamMemberOut]
    examination: ExaminationOut | None
    sanction: SanctionOut | None


class CaseFilters(PageParams):
    status: DisciplineCase.Status | None = None
    level: Level | None = Field(
        None, description="Tingkat hukuman, atau dugaan bila belum diputus."
    )
    year: int | None = Field(None, ge=2000, le=2100, description="Tahun laporan.")
    q: str = Field("", max_length=100, description="Nomor kasus, nama, atau awal NIP.")


class CaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_id: int
    source: DisciplineCase.Source
    reporter_name: str = Field(max_length=150)
    reported_on: dt.date
    incident_on: dt.date
    description: str
    articles: list[str] = Field(examples=[["Pasal 4 huruf f"]], description="Kode pasal aktif.")
    suspected_level: Level


class ReasonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: str


class SummonsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    letter_number: str = Field(max_length=100)
    issued_on: dt.date
    examination_on: dt.date
    place: str = Field(max_length=200)


class AttendanceIn(Schema):
    model_config = ConfigDict(extra="forbid")

    attended: bool
    note: str = Field("", max_length=procedure_services.NOTE_MAX_LENGTH)


class TeamMemberIn(Schema):
    model_config = ConfigDict(extra="forbid")

    employee_id: int
    role: TeamMember.Role


class ExaminationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    held_on: dt.date
    place: str = Field(max_length=200)
    questions_and_answers: str
    employee_statement: str = ""
    findings: str
    proven: bool
    proposed_level: Level | None = Field(None, description="Wajib bila terbukti.")
    signed_by_employee: bool = True
    refusal_note: str = Field("", max_length=500)


class DecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    level: Level
    sanction_type: SanctionType
    decree_number: str = Field(max_length=100)
    decided_on: dt.date
    official: str = Field(max_length=200)
    considerations: str
    starts_on: dt.date = Field(description="Untuk pemotongan TPP: tanggal 1 suatu bulan.")


class DeliveryIn(Schema):
    model_config = ConfigDict(extra="forbid")

    delivered_on: dt.date


# --- Mapping


def _summary_out(case: DisciplineCase) -> dict[str, Any]:
    sanction = selectors.sanction_of(case)
    return {
        "id": case.pk,
        "number": case.number,
        "employee_id": case.employee_id,
        "employee_nip": case.employee.nip,
        "employee_name": case.employee.name,
        "work_unit": case.employee.work_unit.name,
        "source": case.source,
        "reported_on": case.reported_on,
        "incident_on": case.incident_on,
        "suspected_level": case.suspected_level,
        "status": case.status,
        "status_label": case.get_status_display(),
        "sanction_type": sanction.sanction_type if sanction else None,
    }


def _case_out(case: DisciplineCase, *, user: User) -> dict[str, Any]:
    examination = selectors.examination_of(case)
    sanction = selectors.sanction_of(case)
    out = _summary_out(case)
    out.update(
        {
            "supervisor_name": case.supervisor.name if case.supervisor else None,
            "reporter_name": (
                case.reporter_name if permissions.sees_reporter(user, case) else None
            ),
            "description": case.description,
            "articles": [article.code for article in case.articles.all()],
            "absence_days": case.absence_days,
            "absence_year": case.absence_year,
            "dismissal_reason": case.dismissal_reason,
            "summonses": list(case.summonses.all()),
            "team": [
                {
                    "id": member.pk,
                    "employee_id": member.employee_id,
                    "employee_name": member.employee.name,
                    "role": member.role,
                    "role_label": member.get_role_display(),
                }
                for member in case.team.all()
            ],
            "examination": examination,
            "sanction": None,
        }
    )
    if sanction is not None:
        out["sanction"] = {
            "id": sanction.pk,
            "level": sanction.level,
            "sanction_type": sanction.sanction_type,
            "sanction_label": sanction.get_sanction_type_display(),
            "basis": sanction.basis,
            "decree_number": sanction.decree_number,
            "decided_on": sanction.decided_on,
            "official": sanction.official,
            "considerations": sanction.considerations,
            "starts_on": sanction.starts_on,
            "ends_on": sanction.ends_on,
            "tpp_cut_percent": sanction.tpp_cut_percent,
            "delivered_on": sanction.delivered_on,
            "annulled_at": sanction.annulled_at,
            "appeals": [
                {
                    "id": appeal.pk,
                    "kind": appeal.kind,
                    "filed_on": appeal.filed_on,
                    "outcome": appeal.outcome,
                    "outcome_label": appeal.get_outcome_display(),
                    "decided_on": appeal.decided_on,
                }
                for appeal in sanction.appeals.all()
            ],
        }
    return out


def _visible(request: HttpRequest, case_id: int) -> DisciplineCase:
    return get_or_404(selectors.visible_case_queryset(caller(request)), case_id)


def _fresh(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _case_out(_visible(request, case_id), user=caller(request))


def _articles(codes: list[str]) -> list[DisciplineArticle]:
    found = {article.code: article for article in DisciplineArticle.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise InvalidInputError({"articles": [f"Pasal tidak dikenal: {', '.join(unknown)}."]})
    return [found[code] for code in dict.fromkeys(codes)]


# --- Cases


@router.get(
    "/cases",
    response={200: CasePage, **READ_ERRORS},
    summary="Daftar kasus disiplin",
    description="Kasus yang boleh dilihat pemanggil (Admin BKPSDM dan Auditor: semua; atasan: "
    "bawahannya; pegawai: kasusnya sendiri), laporan terbaru lebih dulu.",
)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    cases = selectors.list_cases(
        caller(request),
        selectors.CaseFilters(
            status=filters.status.value if filters.status else "",
            level=filters.level.value if filters.level else "",
            year=filters.year,
            search=filters.q,
        ),
    )
    page = paginate(cases, filters)
    page["items"] = [_summary_out(case) for case in page["items"]]
    return page


@router.post(
    "/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Catat laporan dugaan pelanggaran",
    description="Admin BKPSDM (siapa pun kecuali dirinya) atau atasan (bawahannya). Nomor "
    "HD-tahun-urut diberikan sistem. Tanggal kejadian ≤ tanggal laporan ≤ hari ini.",
)
def create_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    user = caller(request)
    employee = get_or_404(visible_employees(user), payload.employee_id)
    case = case_services.open_case(
        data=case_services.CaseInput(
            employee=employee,
            source=payload.source.value,
            reporter_name=payload.reporter_name,
            reported_on=payload.reported_on,
            incident_on=payload.incident_on,
            description=payload.description,
            articles=_articles(payload.articles),
            suspected_level=payload.suspected_level.value,
        ),
        actor=user,
    )
    return Status(201, _fresh(request, case.pk))


@router.get(
    "/cases/{int:case_id}",
    response={200: CaseOut, **DETAIL_ERRORS},
    summary="Satu kasus disiplin dengan seluruh berkasnya",
)
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    return _fresh(request, case_id)


@router.post(
    "/cases/{int:case_id}/dismiss",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Hentikan kasus",
    description="Admin BKPSDM, dengan alasan; tidak untuk pelanggaran yang terbukti dalam BAP.",
)
def dismiss_case(request: HttpRequest, case_id: int, payload: ReasonIn) -> dict[str, Any]:
    case = _visible(request, case_id)
    case_services.dismiss_case(case=case, reason=payload.reason, actor=caller(request))
    return _fresh(request, case_id)


# --- Procedure


@router.post(
    "/cases/{int:case_id}/summonses",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Catat surat panggilan",
    description="Admin BKPSDM. Panggilan pertama, lalu kedua setelah ketidakhadiran pada yang "
    "pertama dicatat; tidak ada panggilan ketiga. Pegawai diberi tahu.",
)
def issue_summons(request: HttpRequest, case_id: int, payload: SummonsIn) -> Status[Any]:
    case = _visible(request, case_id)
    procedure_services.issue_summons(
        case=case,
        data=procedure_services.SummonsInput(**payload.model_dump()),
        actor=caller(request),
    )
    return Status(201, _fresh(request, case_id))


@router.post(
    "/cases/{int:case_id}/summonses/{int:summons_id}/attendance",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Catat kehadiran pada jadwal pemeriksaan",
)
def record_attendance(
    request: HttpRequest, case_id: int, summons_id: int, payload: AttendanceIn
) -> dict[str, Any]:
    case = _visible(request, case_id)
    summons = get_or_404(case.summonses.all(), summons_id)
    procedure_services.record_attendance(
        summons=summons, attended=payload.attended, note=payload.note, actor=caller(request)
    )
    return _fresh(request, case_id)


@router.post(
    "/cases/{int:case_id}/team",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Tambah anggota tim pemeriksa",
)
def add_team_member(request: HttpRequest, case_id: int, payload: TeamMemberIn) -> Status[Any]:
    user = caller(request)
    case = _visible(request, case_id)
    employee = get_or_404(visible_employees(user), payload.employee_id)
    procedure_services.add_team_member(
        case=case, employee=employee, role=payload.role.value, actor=user
    )
    return Status(201, _fresh(request, case_id))


@router.delete(
    "/cases/{int:case_id}/team/{int:member_id}",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Keluarkan anggota tim pemeriksa",
)
def remove_team_member(request: HttpRequest, case_id: int, member_id: int) -> dict[str, Any]:
    case = _visible(request, case_id)
    member = get_or_404(case.team.all(), member_id)
    procedure_services.remove_team_member(member=member, actor=caller(request))
    return _fresh(request, case_id)


@router.post(
    "/cases/{int:case_id}/examination",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Catat berita acara pemeriksaan (BAP)",
    description="Setelah pegawai hadir memenuhi panggilan; kasus berat memerlukan tim pemeriksa.",
)
def record_examination(request: HttpRequest, case_id: int, payload: ExaminationIn) -> Status[Any]:
    case = _visible(request, case_id)
    data = payload.model_dump()
    data["proposed_level"] = payload.proposed_level.value if payload.proposed_level else ""
    procedure_services.record_examination(
        case=case, data=procedure_services.ExaminationInput(**data), actor=caller(request)
    )
    return Status(201, _fresh(request, case_id))


# --- Decision


@router.post(
    "/cases/{int:case_id}/decision",
    response={201: CaseOut, **WRITE_ERRORS},
    summary="Tetapkan keputusan hukuman disiplin",
    description="Jenis harus termasuk tingkatnya (PP 94/2021 Pasal 8); tanggal berakhir dan "
    "potongan TPP dihitung dari tabel. Tanpa BAP hanya bila pegawai tidak memenuhi dua kali "
    "panggilan. 409: tumpang tindih dengan hukuman sejenis yang berlaku.",
)
def decide_case(request: HttpRequest, case_id: int, payload: DecisionIn) -> Status[Any]:
    case = _visible(request, case_id)
    data = payload.model_dump()
    data["level"] = payload.level.value
    data["sanction_type"] = payload.sanction_type.value
    decision_services.decide_case(
        case=case, data=decision_services.DecisionInput(**data), actor=caller(request)
    )
    return Status(201, _fresh(request, case_id))


@router.post(
    "/cases/{int:case_id}/decision/delivered",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Catat tanggal keputusan diterima pegawai",
)
def record_delivery(request: HttpRequest, case_id: int, payload: DeliveryIn) -> dict[str, Any]:
    case = _visible(request, case_id)
    case_services.require_manage(caller(request), case)
    sanction = selectors.sanction_of(case)
    if sanction is None:
        raise DomainError("Kasus ini belum diputus.")
    decision_services.record_delivery(
        sanction=sanction, delivered_on=payload.delivered_on, actor=caller(request)
    )
    return _fresh(request, case_id)

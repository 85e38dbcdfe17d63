"""/api/v1/me/career: Karier Saya as JSON, the same sections and selectors as the page. Decimal
values (JP, angka kredit, rates) are sent as strings so that nothing is rounded; amounts are
whole rupiah."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from simerit.career.selectors.credit import CreditReport
from simerit.core.api import DETAIL_ERRORS, caller
from simerit.selfservice import selectors

router = Router(tags=["Layanan mandiri"])

ONE_PLACE = Decimal("0.1")


def _jp(value: Decimal) -> Decimal:
    """JP with one place, as the training API sends it (SQLite sums may carry more)."""
    return value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


class ProfileOut(Schema):
    employee_id: int
    name: str
    kind: str = Field(description="pns, cpns atau pppk.")
    nip: str = Field(description="NIP, atau NI PPPK untuk PPPK.")
    nik_masked: str = Field(description="NIK disamarkan: 4 digit wilayah dan 4 digit terakhir.")
    work_unit: str
    position: str
    position_kind: str
    golongan: str = Field(description='"Penata Muda, III/a"; kosong bila tidak ada.')
    tmt_golongan: dt.date | None
    tmt_cpns: dt.date | None
    tmt_pns: dt.date | None
    education: str = Field(description="Jenjang pendidikan tertinggi yang tercatat.")


class SkpYearOut(Schema):
    skp_id: int
    year: int
    skp_status: str
    predikat: str = Field(description="Label predikat; kosong sebelum penilaian.")
    is_final: bool
    status: str
    angka_kredit: Decimal | None = Field(
        description="Angka kredit tahun itu (jabatan fungsional, penilaian final); null bila "
        "tidak ada."
    )


class JpYearOut(Schema):
    year: int
    jp_total: Decimal
    minimum_jp: Decimal
    is_compliant: bool


class TrainingOut(Schema):
    year: int
    minimum_jp: Decimal
    jp_total: Decimal
    shortfall: Decimal
    is_compliant: bool
    other_years: list[JpYearOut]


class GrantOut(Schema):
    award: str
    year: int
    granted_on: dt.date
    decree_number: str
    number: str
    revoked: bool


class NominationOut(Schema):
    award: str
    year: int
    status: str
    status_label: str


class CaseOut(Schema):
    case_id: int
    number: str
    reported_on: dt.date
    status: str
    status_label: str


class SanctionOut(Schema):
    case_id: int
    case_number: str
    level: str
    sanction_type: str
    sanction_label: str
    decided_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None
    tpp_cut_percent: int
    status: str = Field(description="Keadaan hari ini: Sedang berjalan, Selesai, Dibatalkan, …")
    is_running: bool
    appeals: list[str]


class PromotionOut(Schema):
    period: dt.date | None = Field(
        description="Periode kenaikan pangkat berikutnya sejak hari ini; null bila ketentuan "
        "tidak memberi periode."
    )
    eligible: bool | None = Field(description="null bila belum dapat dihitung.")
    reasons: list[str] = Field(description="Mengapa belum memenuhi syarat; kosong bila memenuhi.")
    notes: list[str]
    next_golongan: str


class CreditYearOut(Schema):
    year: int
    predikat: str
    angka_kredit: Decimal | None = Field(description="null bila koefisien jenjang belum ada.")
    counted: bool = Field(description="false: tahun itu sudah termasuk saldo awal.")
    explanation: str


class CreditOut(Schema):
    level: str
    level_label: str
    opening: Decimal | None = Field(description="Saldo awal yang dicatat BKPSDM; null bila belum.")
    opening_as_of: dt.date | None
    earned: Decimal
    accumulated: Decimal
    required: Decimal | None = Field(description="null bila kebutuhan jenjang belum diatur.")
    shortfall: Decimal | None
    sufficient: bool | None
    message: str
    notes: list[str]
    years: list[CreditYearOut]


class SatyalancanaOut(Schema):
    year: int
    service_years: int | None
    award: str = Field(description="Kelas yang dicapai pada tahun itu; kosong bila tidak ada.")
    eligible: bool | None
    reasons: list[str]


class TppLineOut(Schema):
    month: dt.date
    base_amount: int
    predikat: str
    performance_rate: Decimal
    performance_amount: int
    absent_days: int
    late_minutes: int
    discipline_rate: Decimal
    discipline_amount: int
    gross_amount: int
    sanction_case_number: str
    sanction_cut_percent: int
    sanction_cut_amount: int
    total_amount: int
    explanation: list[str]


class CareerOut(Schema):
    today: dt.date
    profile: ProfileOut
    skps: list[SkpYearOut]
    training: TrainingOut
    grants: list[GrantOut]
    nominations: list[NominationOut]
    cases: list[CaseOut]
    sanctions: list[SanctionOut]
    promotion: PromotionOut
    credit: CreditOut | None = Field(description="null di luar jabatan fungsional.")
    satyalancana: SatyalancanaOut
    tpp: list[TppLineOut]


def _profile(profile: selectors.Profile) -> dict[str, Any]:
    employee = profile.employee
    return {
        "employee_id": employee.pk,
        "name": employee.display_name,
        "kind": employee.kind,
        "nip": employee.nip,
        "nik_masked": profile.nik,
        "work_unit": employee.work_unit.name,
        "position": employee.position.name,
        "position_kind": employee.position.kind,
        "golongan": profile.golongan,
        "tmt_golongan": employee.tmt_golongan,
        "tmt_cpns": employee.tmt_cpns,
        "tmt_pns": employee.tmt_pns,
        "education": profile.education,
    }


def _skp(row: selectors.SkpYear) -> dict[str, Any]:
    return {
        "skp_id": row.skp_id,
        "year": row.year,
        "skp_status": row.skp_status,
        "predikat": row.predikat,
        "is_final": row.is_final,
        "status": row.status,
        "angka_kredit": row.credit.amount if row.credit else None,
    }


def _training(training: selectors.TrainingHours) -> dict[str, Any]:
    return {
        "year": training.year,
        "minimum_jp": _jp(training.minimum_jp),
        "jp_total": _jp(training.total),
        "shortfall": _jp(training.shortfall),
        "is_compliant": training.is_compliant,
        "other_years": [
            {
                "year": item.year,
                "jp_total": _jp(item.total),
                "minimum_jp": _jp(item.minimum_jp),
                "is_compliant": item.is_compliant,
            }
            for item in training.other_years
        ],
    }


def _sanction(row: selectors.SanctionRow) -> dict[str, Any]:
    sanction = row.sanction
    return {
        "case_id": sanction.case_id,
        "case_number": sanction.case.number,
        "level": sanction.level,
        "sanction_type": sanction.sanction_type,
        "sanction_label": sanction.get_sanction_type_display(),
        "decided_on": sanction.decided_on,
        "starts_on": sanction.starts_on,
        "ends_on": sanction.ends_on,
        "tpp_cut_percent": sanction.tpp_cut_percent,
        "status": row.status,
        "is_running": row.is_running,
        "appeals": row.appeals,
    }


def _promotion(status: selectors.PromotionStatus) -> dict[str, Any]:
    check = status.check
    return {
        "period": status.period,
        "eligible": None if check is None else check.eligible,
        "reasons": [] if check is None else check.reasons,
        "notes": [] if check is None else check.notes,
        "next_golongan": "" if check is None else check.next_golongan,
    }


def _credit(report: CreditReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    standing = report.standing
    return {
        "level": report.level,
        "level_label": report.level_label,
        "opening": report.opening.amount if report.opening else None,
        "opening_as_of": report.opening.as_of if report.opening else None,
        "earned": standing.earned,
        "accumulated": standing.accumulated,
        "required": standing.required,
        "shortfall": standing.shortfall,
        "sufficient": standing.sufficient,
        "message": standing.message,
        "notes": report.notes,
        "years": [
            {
                "year": item.year,
                "predikat": item.predikat,
                "angka_kredit": item.line.amount,
                "counted": item.counted,
                "explanation": item.line.explanation or item.line.message,
            }
            for item in report.years
        ],
    }


def _satyalancana(status: selectors.SatyalancanaStatus) -> dict[str, Any]:
    check = status.check
    return {
        "year": status.year,
        "service_years": None if check is None else check.service_years,
        "award": status.award,
        "eligible": None if check is None else check.eligible,
        "reasons": [] if check is None else check.reasons,
    }


def _tpp(month: selectors.TppMonth) -> dict[str, Any]:
    line = month.line
    return {
        "month": line.run.month,
        "base_amount": line.base_amount,
        "predikat": line.predikat,
        "performance_rate": line.performance_rate,
        "performance_amount": line.performance_amount,
        "absent_days": line.absent_days,
        "late_minutes": line.late_minutes,
        "discipline_rate": line.discipline_rate,
        "discipline_amount": line.discipline_amount,
        "gross_amount": line.gross_amount,
        "sanction_case_number": line.sanction_case_number,
        "sanction_cut_percent": line.sanction_cut_percent,
        "sanction_cut_amount": line.sanction_cut_amount,
        "total_amount": line.total_amount,
        "explanation": [str(step) for step in line.explanation],
    }


@router.get(
    "/career",
    response={200: CareerOut, **DETAIL_ERRORS},
    summary="Karier saya",
    description="Data karier pemanggil sendiri, sama dengan halaman Karier Saya: profil, riwayat "
    "SKP dan predikat, JP, penghargaan dan usulan, kasus dan hukuman disiplin, kelayakan "
    "kenaikan pangkat periode berikutnya, angka kredit (jabatan fungsional), status "
    "Satyalancana tahun berjalan dan TPP dari perhitungan final. 404 bila akun tidak terhubung "
    "dengan data pegawai.",
)
def my_career(request: HttpRequest) -> dict[str, Any]:
    employee = selectors.get_own_employee(caller(request))
    if employee is None:
        raise Http404
    career = selectors.career_of(employee)
    return {
        "today": career.today,
        "profile": _profile(career.profile),
        "skps": [_skp(row) for row in career.skps],
        "training": _training(career.training),
        "grants": [
            {
                "award": grant.award_name,
                "year": grant.year,
                "granted_on": grant.granted_on,
                "decree_number": grant.decree_number,
                "number": grant.number,
                "revoked": grant.revoked_at is not None,
            }
            for grant in career.grants
        ],
        "nominations": [
            {
                "award": nomination.award.name,
                "year": nomination.year,
                "status": nomination.status,
                "status_label": nomination.get_status_display(),
            }
            for nomination in career.nominations
        ],
        "cases": [
            {
                "case_id": case.pk,
                "number": case.number,
                "reported_on": case.reported_on,
                "status": case.status,
                "status_label": case.get_status_display(),
            }
            for case in career.cases
        ],
        "sanctions": [_sanction(row) for row in career.sanctions],
        "promotion": _promotion(career.promotion),
        "credit": _credit(career.credit),
        "satyalancana": _satyalancana(career.satyalancana),
        "tpp": [_tpp(month) for month in career.tpp],
    }

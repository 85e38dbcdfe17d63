"""JSON API of the catalogue and the competency dictionary (same selectors and services as the
pages): the programmes an account may browse with their open classes, the writes of Admin BKPSDM
(create, update, deactivate, activate), the competency dictionary, and an employee's competency
profile with the recording of an assessed level. A programme or employee the caller may not see
is 404; a visible one the caller may not change is 403."""

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    paginate,
)
from simerit.core.exceptions import InvalidInputError
from simerit.performance.models import BehaviourIndicator
from simerit.training.models import (
    Competency,
    EmployeeCompetency,
    Programme,
    ProgrammeKind,
)
from simerit.training.selectors import catalogue as selectors
from simerit.training.selectors.catalogue import CompetencyLine
from simerit.training.services import catalogue as services
from simerit.training.services import catalogue_levels as level_services

if TYPE_CHECKING:
    from simerit.training.selectors.catalogue import OpenClass

router = Router(tags=["Pelatihan — Katalog"])
DICTIONARY_READERS_ONLY = "Kamus kompetensi hanya untuk Admin BKPSDM, Auditor, dan Admin OPD."


class ProgrammeOut(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(description="latsar, pkp, pka, pkn2, pkn1, teknis, fungsional, ...")
    kind_label: str
    jp: Decimal
    provider: str
    mode: str = Field(description="klasikal, daring, blended, mandiri.")
    description: str
    competency_codes: list[str]
    indicator_codes: list[str] = Field(description="Kode panduan perilaku BerAKHLAK, mis. 1a.")
    for_weak_predikat: bool
    is_active: bool


class ProgrammeListOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    jp: Decimal
    provider: str
    mode: str
    is_active: bool
    open_class_count: int = Field(description="Kelas yang membuka pendaftaran dan belum mulai.")


class ProgrammePage(Page[ProgrammeListOut]):
    pass


class OpenClassOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    enrolment_closes_on: dt.date
    enrolment_open: bool
    venue: str
    online: bool
    capacity: int
    seats_left: int = Field(description="Kapasitas dikurangi peserta yang memegang kursi.")
    work_unit: str | None = Field(description="Unit kerja bila kelas khusus satu unit.")


class ProgrammeDetailOut(ProgrammeOut):
    open_classes: list[OpenClassOut]


class ProgrammeFilters(PageParams):
    kind: ProgrammeKind | None = None
    search: str = Field("", max_length=100, description="Kode, nama, atau penyelenggara.")
    active: bool | None = Field(
        True,
        description="Hanya Admin BKPSDM dan Auditor yang dapat melihat program nonaktif "
        "(false) atau semua (kosongkan dengan null); yang lain selalu melihat program aktif.",
    )


class ProgrammeIn(Schema):
    code: str = Field(max_length=30)
    name: str = Field(max_length=200)
    kind: ProgrammeKind
    jp: Decimal = Field(description="0,5 sampai 999,9 JP, satu angka di belakang koma.")
    provider: str = Field(max_length=200)
    mode: Programme.Mode
    description: str = Field("", max_length=services.DESCRIPTION_MAX_LENGTH)
    competency_codes: list[str] = Field(default_factory=list, max_length=100)
    indicator_codes: list[str] = Field(default_factory=list, max_length=21)
    for_weak_predikat: bool = False


class CompetencyOut(Schema):
    id: int
    code: str
    name: str
    kind: str = Field(description="manajerial, sosial_kultural, teknis.")
    description: str
    position_count: int
    assessment_count: int
    programme_count: int


class CompetencyPage(Page[CompetencyOut]):
    pass


class CompetencyFilters(PageParams):
    kind: Competency.Kind | None = None
    search: str = Field("", max_length=100)


class CompetencyLineOut(Schema):
    competency_code: str
    competency_name: str
    required_level: int | None = Field(description="Level yang dipersyaratkan jabatan pegawai.")
    level: int | None = Field(description="Level hasil asesmen terakhir; null: belum diases.")
    assessed_on: dt.date | None
    source: str
    gap: int = Field(description="Kekurangan level terhadap jabatan (belum diases = penuh).")


class EmployeeCompetenciesOut(Schema):
    employee_id: int
    employee_name: str
    nip: str
    position: str
    lines: list[CompetencyLineOut]


class AssessmentIn(Schema):
    competency_code: str = Field(max_length=20)
    level: int
    assessed_on: dt.date
    source: str = Field("", max_length=level_services.SOURCE_MAX_LENGTH)


class AssessmentOut(Schema):
    id: int
    employee_id: int
    competency_code: str
    level: int
    assessed_on: dt.date
    source: str


def _programme_out(programme: Programme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "code": programme.code,
        "name": programme.name,
        "kind": programme.kind,
        "kind_label": programme.get_kind_display(),
        "jp": programme.jp,
        "provider": programme.provider,
        "mode": programme.mode,
        "description": programme.description,
        "competency_codes": sorted(c.code for c in programme.competencies.all()),
        "indicator_codes": sorted(i.code for i in programme.indicators.all()),
        "for_weak_predikat": programme.for_weak_predikat,
        "is_active": programme.is_active,
    }


def _class_out(training_class: "OpenClass") -> dict[str, Any]:
    unit = training_class.work_unit
    return {
        "id": training_class.pk,
        "name": training_class.name,
        "starts_on": training_class.starts_on,
        "ends_on": training_class.ends_on,
        "enrolment_closes_on": training_class.enrolment_closes_on,
        "enrolment_open": training_class.enrolment_open,
        "venue": training_class.venue,
        "online": bool(training_class.online_url),
        "capacity": training_class.capacity,
        "seats_left": training_class.seats_left,
        "work_unit": unit.name if unit is not None else None,
    }


def _resolve(model: type[Competency] | type[BehaviourIndicator], codes: list[str]) -> list[Any]:
    """The rows named by `codes` (case-insensitive); unknown codes are refused by name."""
    wanted = {code.strip().casefold(): code for code in codes if code.strip()}
    found = [row for row in model.objects.all() if row.code.casefold() in wanted]
    missing = sorted(set(wanted) - {row.code.casefold() for row in found})
    if missing:
        field = "competency_codes" if model is Competency else "indicator_codes"
        shown = ", ".join(wanted[code] for code in missing[:10])
        raise InvalidInputError({field: [f"Kode tidak dikenal: {shown}."]})
    return found


def _programme_input(payload: ProgrammeIn) -> services.ProgrammeInput:
    return services.ProgrammeInput(
        code=payload.code,
        name=payload.name,
        kind=payload.kind.value,
        jp=payload.jp,
        provider=payload.provider,
        mode=payload.mode.value,
        description=payload.description,
        competencies=_resolve(Competency, payload.competency_codes),
        indicators=_resolve(BehaviourIndicator, payload.indicator_codes),
        for_weak_predikat=payload.for_weak_predikat,
    )


def _managed_programme(request: HttpRequest, programme_id: int) -> Programme:
    user = caller(request)
    programme = selectors.get_programme(user=user, programme_id=programme_id)
    if not selectors.can_manage_catalogue(user):
        raise PermissionDenied(services.HR_ONLY)
    return programme


@router.get(
    "/programmes",
    response={200: ProgrammePage, **READ_ERRORS},
    summary="Daftar program katalog",
    description="Untuk semua akun yang masuk; hanya Admin BKPSDM dan Auditor melihat program "
    "nonaktif.",
)
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilters]) -> dict[str, Any]:
    programmes = selectors.list_programmes(
        user=caller(request),
        kind=filters.kind.value if filters.kind else "",
        search=filters.search,
        active=filters.active,
    )
    page = paginate(programmes, filters)
    page["items"] = [
        {
            "id": row.pk,
            "code": row.code,
            "name": row.name,
            "kind": row.kind,
            "kind_label": row.get_kind_display(),
            "jp": row.jp,
            "provider": row.provider,
            "mode": row.mode,
            "is_active": row.is_active,
            "open_class_count": row.open_class_count,
        }
        for row in page["items"]
    ]
    return page


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, **DETAIL_ERRORS},
    summary="Satu program dengan kelas yang membuka pendaftaran",
)
def get_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    user = caller(request)
    programme = selectors.get_programme(user=user, programme_id=programme_id)
    classes = selectors.list_open_classes(programme=programme, user=user)
    return {**_programme_out(programme), "open_classes": [_class_out(c) for c in classes]}


@router.post(
    "/programmes",
    response={201: ProgrammeOut, **WRITE_ERRORS},
    summary="Tambah program (Admin BKPSDM)",
    description="JP 0,5–999,9; JP negatif, nol, atau tidak masuk akal ditolak (422). Kode yang "
    "sudah dipakai: 409.",
)
def create_programme(request: HttpRequest, payload: ProgrammeIn) -> Status[dict[str, Any]]:
    services.check_hr(caller(request))
    programme = services.create_programme(data=_programme_input(payload), actor=caller(request))
    return Status(201, _programme_out(programme))


@router.put(
    "/programmes/{programme_id}",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    summary="Ubah program (Admin BKPSDM)",
    description="Seluruh isian program diganti. Jenis tidak dapat diubah bila sudah ada kelas.",
)
def update_programme(
    request: HttpRequest, programme_id: int, payload: ProgrammeIn
) -> dict[str, Any]:
    programme = _managed_programme(request, programme_id)
    changed = services.update_programme(
        programme=programme, data=_programme_input(payload), actor=caller(request)
    )
    return _programme_out(changed)


@router.post(
    "/programmes/{programme_id}/deactivate",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    summary="Nonaktifkan program (Admin BKPSDM)",
    description="Ditolak selama program masih memiliki kelas draf atau yang membuka pendaftaran.",
)
def deactivate_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    programme = _managed_programme(request, programme_id)
    return _programme_out(services.deactivate_programme(programme=programme, actor=caller(request)))


@router.post(
    "/programmes/{programme_id}/activate",
    response={200: ProgrammeOut, **WRITE_ERRORS},
    summary="Aktifkan kembali program (Admin BKPSDM)",
)
def activate_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    programme = _managed_programme(request, programme_id)
    return _programme_out(services.activate_programme(programme=programme, actor=caller(request)))


@router.get(
    "/competencies",
    response={200: CompetencyPage, **READ_ERRORS},
    summary="Kamus kompetensi",
    description="Admin BKPSDM, Auditor, dan Admin OPD; dengan jumlah pemakaian tiap kompetensi.",
)
def list_competencies(request: HttpRequest, filters: Query[CompetencyFilters]) -> dict[str, Any]:
    if not selectors.reads_dictionary(caller(request)):
        raise PermissionDenied(DICTIONARY_READERS_ONLY)
    competencies = selectors.list_competencies(
        search=filters.search, kind=filters.kind.value if filters.kind else ""
    )
    return paginate(competencies, filters)


def _line_out(line: CompetencyLine) -> dict[str, Any]:
    assessment = line.assessment
    return {
        "competency_code": line.competency.code,
        "competency_name": line.competency.name,
        "required_level": line.required_level,
        "level": line.level,
        "assessed_on": assessment.assessed_on if assessment else None,
        "source": assessment.source if assessment else "",
        "gap": line.gap,
    }


@router.get(
    "/employees/{employee_id}/competencies",
    response={200: EmployeeCompetenciesOut, **DETAIL_ERRORS},
    summary="Profil kompetensi pegawai",
    description="Level yang dipersyaratkan jabatan dan hasil asesmen terakhir per kompetensi. "
    "Pegawai sendiri, atasannya, Admin OPD unitnya, Admin BKPSDM, dan Auditor.",
)
def employee_competencies(request: HttpRequest, employee_id: int) -> dict[str, Any]:
    employee = selectors.get_visible_employee(user=caller(request), employee_id=employee_id)
    return {
        "employee_id": employee.pk,
        "employee_name": employee.display_name,
        "nip": employee.nip,
        "position": employee.position.name,
        "lines": [_line_out(line) for line in selectors.competency_profile(employee)],
    }


def _assessment_out(row: EmployeeCompetency) -> dict[str, Any]:
    return {
        "id": row.pk,
        "employee_id": row.employee_id,
        "competency_code": row.competency.code,
        "level": row.level,
        "assessed_on": row.assessed_on,
        "source": row.source,
    }


@router.post(
    "/employees/{employee_id}/competencies",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary="Catat level hasil asesmen",
    description="Admin BKPSDM atau Admin OPD unit pegawai. Level 1–5; tanggal asesmen tidak di "
    "masa depan dan tidak lebih lama dari asesmen yang tercatat.",
)
def record_assessment(
    request: HttpRequest, employee_id: int, payload: AssessmentIn
) -> dict[str, Any]:
    user = caller(request)
    employee = selectors.get_visible_employee(user=user, employee_id=employee_id)
    refusal = selectors.assessment_refusal(user, employee)
    if refusal is not None:
        raise PermissionDenied(refusal)
    competency = Competency.objects.filter(code__iexact=payload.competency_code.strip()).first()
    if competency is None:
        raise InvalidInputError({"competency_code": ["Kode kompetensi tidak dikenal."]})
    row = level_services.record_assessment(
        employee=employee,
        data=level_services.AssessmentInput(
            competency=competency,
            level=payload.level,
            assessed_on=payload.assessed_on,
            source=payload.source,
        ),
        actor=user,
    )
    return _assessment_out(row)

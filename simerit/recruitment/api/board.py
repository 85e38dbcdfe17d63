"""The public board over JSON: /api/v1/recruitment/formasi/ and /eligibility. No login (auth=None).

Same selectors and rules as the HTML board: only PUBLISHED/CLOSED formasi of published periods are
visible, and the eligibility data sent is used for one answer and never stored.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from simerit.core.api import DETAIL_ERRORS, READ_ERRORS, WRITE_ERRORS, Page, PageParams, paginate
from simerit.core.exceptions import InvalidInputError
from simerit.organization.models import EducationLevel, WorkUnit
from simerit.recruitment.models import Formasi, SelectionPeriod, Track
from simerit.recruitment.rules import ApplicantProfile
from simerit.recruitment.selectors import board as selectors

router = Router(tags=["Rekrutmen: papan formasi (publik)"])

MAX_CHECKED_FORMASI = 100


class Ref(Schema):
    id: int
    name: str


class PeriodRef(Schema):
    id: int
    name: str
    kind: str = Field(description="cpns atau pppk.")
    year: int
    status: str = Field(description="published (berjalan) atau finished (selesai).")


class EducationOut(Schema):
    level: str = Field(description="Kode jenjang, mis. S1.", examples=["S1"])
    level_name: str
    majors: list[str] = Field(description="Program studi yang diterima; kosong: semua.")


class DocumentOut(Schema):
    kind: str = Field(description="Kode jenis dokumen, mis. ijazah.")
    name: str
    formats: list[str] = Field(examples=[["pdf"]])
    max_kb: int
    is_required: bool


class ApplicantsOut(Schema):
    submitted: int = Field(description="Lamaran yang sudah dikirim (termasuk yang sudah diputus).")
    drafts: int = Field(description="Lamaran yang masih draf.")


class StageOut(Schema):
    stage: str
    name: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    state: str = Field(description="past, current, next atau upcoming.")


class FormasiListItem(Schema):
    id: int
    code: str
    period_id: int
    position: Ref
    work_unit: Ref
    quota: int
    track: Track
    track_name: str
    status: str = Field(description="published (dibuka) atau closed (ditutup).")
    min_age: int
    max_age: int
    age_reference_date: dt.date
    min_gpa: Decimal | None
    education: list[EducationOut]
    applicants: ApplicantsOut


class RequirementsOut(Schema):
    age: str
    education: list[str]
    track: str
    gpa: str
    golongan: str
    extra: str


class FormasiDetail(FormasiListItem):
    period: PeriodRef
    entry_golongan: str | None = Field(description="Kode golongan awal, mis. III/a.")
    extra_requirements: str
    documents: list[DocumentOut]
    requirements: RequirementsOut = Field(description="Persyaratan dalam kalimat sehari-hari.")
    timeline: list[StageOut]


class FormasiPage(Page[FormasiListItem]):
    pass


class FormasiFilters(PageParams):
    period: int | None = Field(
        None, description="ID periode; bawaan: periode yang sedang berjalan (terbaru)."
    )
    search: str = Field("", max_length=100, description="Kata dalam kode, jabatan atau unit.")
    unit: int | None = Field(None, description="ID unit penempatan; unit di bawahnya ikut.")
    position: int | None = Field(None, description="ID jabatan.")
    education_level: str = Field("", max_length=5, description="Kode jenjang, mis. S1.")
    track: Track | None = Field(None, description="Jenis formasi.")


class EligibilityIn(Schema):
    """What a visitor types on the board's checker; used for this answer only, never stored."""

    model_config = ConfigDict(extra="forbid")

    birth_date: dt.date
    education_level: str = Field(max_length=5, description="Kode jenjang, mis. S1.")
    major: str = Field("", max_length=150, description="Program studi sesuai ijazah.")
    gpa: Decimal | None = Field(None, ge=0, le=4, description="IPK; kosong bila tidak ada.")
    is_disabled: bool = False
    track: Track | None = Field(
        None, description="Jalur yang diikuti; formasi jalur khusus lain tidak memenuhi syarat."
    )
    formasi_ids: list[int] | None = Field(
        None,
        max_length=MAX_CHECKED_FORMASI,
        description=f"Formasi yang dicek (paling banyak {MAX_CHECKED_FORMASI}); kosong: "
        "semua formasi periode `period`, per halaman.",
    )
    period: int | None = Field(None, description="ID periode bila formasi_ids kosong.")


class FailureOut(Schema):
    code: str = Field(examples=["age_max"])
    message: str = Field(
        examples=["Usia Anda pada 1 Agustus 2026 adalah 35 tahun 4 bulan; batas usia 35 tahun."]
    )


class EligibilityItem(Schema):
    formasi_id: int
    code: str
    eligible: bool
    failures: list[FailureOut]


class EligibilityPage(Page[EligibilityItem]):
    pass


@router.get(
    "/formasi/",
    auth=None,
    response={200: FormasiPage, **READ_ERRORS},
    summary="Daftar formasi (publik)",
    description="Formasi yang diumumkan atau ditutup pada periode yang diumumkan, dengan pencarian, "
    "saringan dan jumlah pelamar. Tanpa login.",
)
def list_formasi(request: HttpRequest, filters: Query[FormasiFilters]) -> dict[str, Any]:
    period = _period(filters.period)
    if period is None:
        return {"items": [], "count": 0, "page": filters.page, "pages": 1}
    unit = None
    if filters.unit is not None:
        unit = WorkUnit.objects.filter(pk=filters.unit).first()
        if unit is None:
            raise InvalidInputError({"unit": [f"Unit kerja dengan id {filters.unit} tidak ada."]})
    board_filters = selectors.BoardFilters(
        search=filters.search.strip(),
        unit=unit,
        position_id=filters.position,
        level_code=filters.education_level,
        track=filters.track or "",
    )
    page = paginate(selectors.list_board_formasi(period=period, filters=board_filters), filters)
    counts = selectors.applicant_counts(formasi.pk for formasi in page["items"])
    page["items"] = [_list_item(formasi, counts) for formasi in page["items"]]
    return page


@router.get(
    "/formasi/{formasi_id}",
    auth=None,
    response={200: FormasiDetail, **DETAIL_ERRORS},
    summary="Satu formasi (publik)",
    description="Persyaratan lengkap, dokumen, jumlah pelamar dan jadwal tahapan periode. 404 bila "
    "formasi tidak ada atau belum diumumkan.",
)
def get_formasi(request: HttpRequest, formasi_id: int) -> dict[str, Any]:
    try:
        formasi = selectors.get_public_formasi(formasi_id=formasi_id)
    except Formasi.DoesNotExist:
        raise Http404 from None
    counts = {formasi.pk: selectors.formasi_counts(formasi)}
    period = formasi.period
    requirements = selectors.describe_requirements(formasi)
    timeline = selectors.period_timeline(period, now=timezone.now())
    return {
        **_list_item(formasi, counts),
        "period": period,
        "entry_golongan": formasi.entry_golongan.code if formasi.entry_golongan else None,
        "extra_requirements": formasi.extra_requirements,
        "documents": [
            {
                "kind": doc.kind.code,
                "name": doc.kind.name,
                "formats": doc.formats,
                "max_kb": doc.max_kb,
                "is_required": doc.is_required,
            }
            for doc in formasi.documents.all()
        ],
        "requirements": {
            "age": requirements.age,
            "education": requirements.education,
            "track": requirements.track,
            "gpa": requirements.gpa,
            "golongan": requirements.golongan,
            "extra": requirements.extra,
        },
        "timeline": [
            {
                "stage": step.stage,
                "name": step.label,
                "opens_at": step.opens_at,
                "closes_at": step.closes_at,
                "state": step.state,
            }
            for step in timeline
        ],
    }


@router.post(
    "/eligibility",
    auth=None,
    response={200: EligibilityPage, **WRITE_ERRORS},
    summary="Cek kelayakan (publik)",
    description="Untuk setiap formasi: memenuhi syarat atau tidak, dan setiap syarat yang tidak "
    "terpenuhi dalam kalimat sehari-hari. Data yang dikirim tidak disimpan. Tanpa login.",
)
def check_eligibility(
    request: HttpRequest, payload: EligibilityIn, params: Query[PageParams]
) -> dict[str, Any]:
    if not EducationLevel.objects.filter(code=payload.education_level).exists():
        raise InvalidInputError(
            {"education_level": [f"Jenjang '{payload.education_level}' tidak dikenal."]}
        )
    if payload.formasi_ids is not None:
        wanted = set(payload.formasi_ids)
        found = set(selectors.public_formasi().filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            ids = ", ".join(str(pk) for pk in sorted(wanted - found))
            raise InvalidInputError(
                {"formasi_ids": [f"Formasi berikut tidak ada atau belum diumumkan: {ids}."]}
            )
        formasi = selectors.list_board_formasi_by_ids(formasi_ids=found)
    else:
        period = _period(payload.period)
        if period is None:
            return {"items": [], "count": 0, "page": params.page, "pages": 1}
        formasi = selectors.list_board_formasi(period=period, filters=selectors.BoardFilters())
    page = paginate(formasi, params)
    profile = ApplicantProfile(
        birth_date=payload.birth_date,
        education_level_code=payload.education_level,
        education_major=payload.major.strip(),
        gpa=payload.gpa,
        is_disabled=payload.is_disabled,
        track=payload.track,
    )
    verdicts = selectors.check_many(profile, page["items"])
    page["items"] = [
        {"formasi_id": f.pk, "code": f.code, **verdicts[f.pk].as_json()} for f in page["items"]
    ]
    return page


def _period(period_id: int | None) -> SelectionPeriod | None:
    """The public period asked for (422 when it is not public), or the current one."""
    periods = list(selectors.public_periods())
    if period_id is None:
        return selectors.current_period(periods)
    for period in periods:
        if period.pk == period_id:
            return period
    raise InvalidInputError(
        {"period": [f"Periode dengan id {period_id} tidak ada atau belum diumumkan."]}
    )


def _list_item(formasi: Formasi, counts: dict[int, selectors.ApplicantCount]) -> dict[str, Any]:
    applicants = counts.get(formasi.pk, selectors.ApplicantCount())
    return {
        "id": formasi.pk,
        "code": formasi.code,
        "period_id": formasi.period_id,
        "position": {"id": formasi.position.pk, "name": formasi.position.name},
        "work_unit": {"id": formasi.work_unit.pk, "name": formasi.work_unit.name},
        "quota": formasi.quota,
        "track": formasi.track,
        "track_name": formasi.get_track_display(),
        "status": formasi.status,
        "min_age": formasi.min_age,
        "max_age": formasi.max_age,
        "age_reference_date": formasi.age_reference_date,
        "min_gpa": formasi.min_gpa,
        "education": [
            {"level": rule.level.code, "level_name": rule.level.name, "majors": rule.majors}
            for rule in formasi.education.all()
        ],
        "applicants": {"submitted": applicants.submitted, "drafts": applicants.drafts},
    }

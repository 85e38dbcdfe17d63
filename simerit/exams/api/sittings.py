"""Exam sittings over JSON: list and create sittings, a sitting's participants, and the
automatic placement of MS applicants. The same services as the pages (services/sittings.py).

Admin BKPSDM writes; the Auditor reads; a proctor reads the participants of their own sittings.
Anyone else gets 403 for a sitting id whether it exists or not (selectors.sittings.readable).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

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
from simerit.exams import permissions
from simerit.exams.models import Blueprint, Participant, Sitting
from simerit.exams.selectors import sittings as selectors
from simerit.exams.services import sittings as services
from simerit.exams.services.sittings import MAX_PIN_CUTOFF_MINUTES, SittingInput

router = Router(tags=["Ujian CAT: sesi dan peserta"])

NOT_READABLE = "Anda tidak berwenang melihat sesi ujian ini."


class StrictIn(Schema):
    model_config = ConfigDict(extra="forbid")


class SittingOut(Schema):
    id: int
    blueprint_id: int
    code: str
    starts_at: dt.datetime
    site: str
    room: str
    capacity: int
    is_accessible: bool
    pin_cutoff_minutes: int
    seated: int = Field(description="Peserta yang sudah mendapat kursi di sesi ini.")
    scoreboard_key: str = Field(description="Kunci halaman papan skor publik sesi ini.")


class SittingPage(Page[SittingOut]):
    pass


class SittingFilters(PageParams):
    blueprint_id: int | None = Field(None, description="Hanya sesi kisi-kisi ini.")
    date: dt.date | None = Field(None, description="Hanya sesi yang mulai pada tanggal ini (WIB).")


class SittingIn(StrictIn):
    blueprint_id: int = Field(description="Kisi-kisi ujian CAT SiMerit (bukan tryout).")
    code: str = Field(min_length=1, max_length=40, description="Kode sesi, unik.")
    starts_at: dt.datetime = Field(description="Waktu mulai; tanpa zona waktu dibaca sebagai WIB.")
    site: str = Field(min_length=1, max_length=150)
    room: str = Field(min_length=1, max_length=100)
    capacity: int = Field(ge=1, le=32767)
    is_accessible: bool = False
    pin_cutoff_minutes: int = Field(5, ge=0, le=MAX_PIN_CUTOFF_MINUTES)


class ParticipantOut(Schema):
    id: int
    sitting_id: int
    seat_number: int
    registration_number: str
    name: str
    formasi_code: str
    is_disabled: bool
    extra_minutes: int
    accommodation_note: str
    checked_in_at: dt.datetime | None
    attempt_status: str | None = Field(description="null: belum mulai mengerjakan.")

    @staticmethod
    def resolve_registration_number(obj: Participant) -> str:
        return obj.application.registration_number

    @staticmethod
    def resolve_name(obj: Participant) -> str:
        return obj.application.applicant.name

    @staticmethod
    def resolve_formasi_code(obj: Participant) -> str:
        return obj.application.formasi.code

    @staticmethod
    def resolve_is_disabled(obj: Participant) -> bool:
        return obj.application.applicant.is_disabled

    @staticmethod
    def resolve_attempt_status(obj: Participant) -> str | None:
        attempt = getattr(obj, "attempt", None)
        return attempt.status if attempt is not None else None


class ParticipantPage(Page[ParticipantOut]):
    pass


class ParticipantFilters(PageParams):
    q: str = Field("", max_length=100, description="Nomor pendaftaran atau nama.")


class PlacementIn(StrictIn):
    blueprint_id: int
    seed: int | None = Field(
        None, description="Benih urutan acak (untuk penempatan yang dapat diulang)."
    )


class PlacementRowOut(Schema):
    sitting_id: int
    code: str
    placed: int = Field(description="Ditempatkan pada permintaan ini.")
    disabled_placed: int = Field(description="Di antaranya penyandang disabilitas.")
    seated: int = Field(description="Terisi setelah permintaan ini.")
    capacity: int


class PlacementOut(Schema):
    placed: int
    already_placed: int = Field(description="Sudah punya kursi sebelum permintaan ini.")
    sittings: list[PlacementRowOut]


@router.get(
    "/sittings",
    response={200: SittingPage, **READ_ERRORS},
    summary="Daftar sesi ujian",
    description="Admin BKPSDM dan Auditor.",
)
def list_sittings(request: HttpRequest, filters: Query[SittingFilters]) -> dict[str, object]:
    _require(permissions.can_read_exams(caller(request)))
    blueprint = None
    if filters.blueprint_id is not None:
        blueprint = Blueprint.objects.filter(pk=filters.blueprint_id).first()
        if blueprint is None:
            return paginate(Sitting.objects.none(), filters)
    return paginate(selectors.list_sittings(blueprint=blueprint, date=filters.date), filters)


@router.post(
    "/sittings",
    response={201: SittingOut, **WRITE_ERRORS},
    summary="Tambah sesi ujian",
    description="Admin BKPSDM. Kisi-kisi harus dilaksanakan dengan CAT SiMerit.",
)
def create_sitting(request: HttpRequest, payload: SittingIn) -> Status[Sitting]:
    user = caller(request)
    _require(permissions.can_manage_exams(user))
    blueprint = get_or_404(Blueprint.objects.all(), payload.blueprint_id)
    starts_at = payload.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    data = SittingInput(
        code=payload.code,
        starts_at=starts_at,
        site=payload.site,
        room=payload.room,
        capacity=payload.capacity,
        is_accessible=payload.is_accessible,
        pin_cutoff_minutes=payload.pin_cutoff_minutes,
    )
    sitting = services.create_sitting(blueprint=blueprint, data=data, actor=user)
    return Status(201, selectors.list_sittings().get(pk=sitting.pk))


@router.get(
    "/sittings/{int:sitting_id}",
    response={200: SittingOut, **DETAIL_ERRORS},
    summary="Satu sesi ujian",
    description="Admin BKPSDM, Auditor, dan pengawas sesi itu.",
)
def get_sitting(request: HttpRequest, sitting_id: int) -> Sitting:
    found = selectors.list_sittings().filter(pk=sitting_id).first()
    return selectors.readable(caller(request), found, refusal=NOT_READABLE)


@router.get(
    "/sittings/{int:sitting_id}/participants",
    response={200: ParticipantPage, **DETAIL_ERRORS},
    summary="Peserta satu sesi",
    description="Urut nomor kursi. Admin BKPSDM, Auditor, dan pengawas sesi itu.",
)
def list_participants(
    request: HttpRequest, sitting_id: int, filters: Query[ParticipantFilters]
) -> dict[str, object]:
    found = Sitting.objects.filter(pk=sitting_id).first()
    sitting = selectors.readable(caller(request), found, refusal=NOT_READABLE)
    return paginate(selectors.list_participants(sitting=sitting, query=filters.q), filters)


@router.post(
    "/sittings/assign-participants",
    response={200: PlacementOut, **WRITE_ERRORS},
    summary="Tempatkan peserta otomatis",
    description=(
        "Admin BKPSDM. Setiap pelamar MS periode kisi-kisi yang belum punya kursi ditempatkan di "
        "sesi mendatang kisi-kisi itu: penyandang disabilitas lebih dahulu di sesi ramah "
        "disabilitas, lalu merata ke sesi dengan kursi kosong terbanyak. Bila kursi kurang, "
        "tidak ada yang ditempatkan (400). Mengulang permintaan hanya menempatkan pelamar baru."
    ),
)
def assign_participants(request: HttpRequest, payload: PlacementIn) -> dict[str, object]:
    user = caller(request)
    _require(permissions.can_manage_exams(user))
    blueprint = get_or_404(Blueprint.objects.all(), payload.blueprint_id)
    report = services.assign_participants(blueprint=blueprint, actor=user, seed=payload.seed)
    return {
        "placed": report.placed,
        "already_placed": report.already_placed,
        "sittings": [
            {
                "sitting_id": row.sitting.pk,
                "code": row.sitting.code,
                "placed": row.placed,
                "disabled_placed": row.disabled_placed,
                "seated": row.seated,
                "capacity": row.sitting.capacity,
            }
            for row in report.rows
        ],
    }


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied

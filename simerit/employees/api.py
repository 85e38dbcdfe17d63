"""Employee records over JSON: /api/v1/employees/. Same permissions and services as the HTML side."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from typing import Any

from django.core.exceptions import PermissionDenied
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
from simerit.core.exceptions import InvalidInputError
from simerit.core.roles import Role
from simerit.employees import rules, selectors, services
from simerit.employees.models import Employee, EmployeeKind, EmployeeQuerySet, Gender
from simerit.employees.permissions import can_manage_employee, can_see_full_nik, can_view_employee
from simerit.organization.models import Golongan, WorkUnit
from simerit.organization.permissions import can_manage_unit

router = Router(tags=["Pegawai"])

# Roles whose accounts can see at least one employee record; everyone else gets 403 on the list.
LIST_ROLES = (Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD, Role.ATASAN, Role.PEGAWAI)
MANAGE_ROLES = (Role.ADMIN_BKPSDM, Role.ADMIN_OPD)
# Columns EmployeeListItem reads (user_id: NIK visibility); a narrower SELECT for the hot list.
LIST_COLUMNS = (
    "id",
    "kind",
    "nip",
    "nik",
    "name",
    "front_title",
    "back_title",
    "gender",
    "is_active",
    "user_id",
    "work_unit__id",
    "work_unit__name",
    "position__id",
    "position__name",
    "golongan__code",
    "golongan__pangkat",
)
# Service field names that differ from the API's input names.
API_FIELD_NAMES = {
    "work_unit": "work_unit_id",
    "position": "position_id",
    "supervisor": "supervisor_id",
}
# Fields a PATCH may set to null; null on any other field is refused.
NULLABLE_FIELDS = frozenset(
    {"golongan", "tmt_cpns", "tmt_pns", "tmt_golongan", "tmt_position", "supervisor_id"}
)


class WorkUnitRef(Schema):
    id: int
    name: str


class PositionRef(Schema):
    id: int
    name: str


class GolonganRef(Schema):
    code: str = Field(examples=["III/a"])
    pangkat: str


class EmployeeListItem(Schema):
    id: int
    kind: EmployeeKind
    nip: str = Field(description="NIP (PNS/CPNS) atau NI PPPK, 18 digit.")
    nik: str = Field(
        description="NIK; disamarkan (1671********0001) kecuali untuk pegawai itu sendiri dan "
        "peran yang berhak melihat NIK lengkap."
    )
    name: str
    display_name: str = Field(description="Nama dengan gelar.")
    gender: Gender
    work_unit: WorkUnitRef
    position: PositionRef
    golongan: GolonganRef | None
    is_active: bool

    @staticmethod
    def resolve_nik(obj: Employee, context: dict[str, Any]) -> str:
        request: HttpRequest = context["request"]
        if can_see_full_nik(caller(request), obj):
            return obj.nik
        return rules.mask_nik(obj.nik)


class EmployeeOut(EmployeeListItem):
    front_title: str
    back_title: str
    nip_lama: str
    birth_place: str
    birth_date: dt.date
    tmt_cpns: dt.date | None
    tmt_pns: dt.date | None
    tmt_golongan: dt.date | None
    tmt_position: dt.date | None
    supervisor_id: int | None
    nik_needs_review: bool = Field(
        description="NIK berbeda tanggal lahir/jenis kelamin dengan NIP: perlu diperiksa BKPSDM."
    )
    nik_review_note: str = Field(description="Apa yang berbeda; kosong bila tidak ada.")
    created_at: dt.datetime
    updated_at: dt.datetime


class EmployeePage(Page[EmployeeListItem]):
    pass


class EmployeeFilters(PageParams):
    search: str = Field(
        "", max_length=100, description="Angka: awal NIP. Selain itu: bagian dari nama."
    )
    unit: int | None = Field(None, description="ID unit kerja; unit di bawahnya ikut.")
    golongan: str = Field("", max_length=5, description="Kode golongan, mis. III/a.")
    kind: EmployeeKind | None = Field(None, description="Jenis pegawai.")
    nik_review: bool = Field(False, description="true: hanya pegawai yang NIK-nya perlu diperiksa.")


class EmployeeIn(Schema):
    """The whole main record (POST and PUT)."""

    model_config = ConfigDict(extra="forbid")

    kind: EmployeeKind
    nip: str = Field(max_length=30, description="NIP atau NI PPPK, 18 digit.")
    nik: str = Field(max_length=30, description="NIK, 16 digit.")
    name: str = Field(max_length=150, description="Nama tanpa gelar.")
    birth_place: str = Field(max_length=100)
    birth_date: dt.date
    gender: Gender
    work_unit_id: int
    position_id: int
    golongan: str | None = Field(None, description="Kode golongan, mis. III/a; kosong untuk PPPK.")
    front_title: str = Field("", max_length=40)
    back_title: str = Field("", max_length=80)
    nip_lama: str = Field("", max_length=9)
    tmt_cpns: dt.date | None = None
    tmt_pns: dt.date | None = None
    tmt_golongan: dt.date | None = None
    tmt_position: dt.date | None = None
    supervisor_id: int | None = None


class EmployeePatch(Schema):
    """Only the fields sent change (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    kind: EmployeeKind | None = None
    nip: str | None = Field(None, max_length=30)
    nik: str | None = Field(None, max_length=30)
    name: str | None = Field(None, max_length=150)
    birth_place: str | None = Field(None, max_length=100)
    birth_date: dt.date | None = None
    gender: Gender | None = None
    work_unit_id: int | None = None
    position_id: int | None = None
    golongan: str | None = None
    front_title: str | None = Field(None, max_length=40)
    back_title: str | None = Field(None, max_length=80)
    nip_lama: str | None = Field(None, max_length=9)
    tmt_cpns: dt.date | None = None
    tmt_pns: dt.date | None = None
    tmt_golongan: dt.date | None = None
    tmt_position: dt.date | None = None
    supervisor_id: int | None = None


@router.get(
    "/",
    response={200: EmployeePage, **READ_ERRORS},
    summary="Daftar pegawai",
    description="Pegawai yang boleh dilihat pemanggil, dengan filter dan halaman "
    "(`page`, `page_size` ≤ 100). Peran tanpa akses data pegawai mendapat 403.",
)
def list_employees(request: HttpRequest, filters: Query[EmployeeFilters]) -> dict[str, Any]:
    """Employees the caller may see, filtered and paginated (`page`, `page_size` ≤ 100)."""
    user = caller(request)
    if not user.has_role(*LIST_ROLES):
        raise PermissionDenied
    work_unit = None
    if filters.unit is not None:
        work_unit = WorkUnit.objects.filter(pk=filters.unit).first()
        if work_unit is None:
            raise InvalidInputError({"unit": [f"Unit kerja dengan id {filters.unit} tidak ada."]})
    employees = selectors.list_employees(
        user=user,
        search=filters.search,
        work_unit=work_unit,
        golongan_code=filters.golongan,
        kind=filters.kind or "",
        nik_needs_review=filters.nik_review,
    ).only(*LIST_COLUMNS)
    return paginate(employees, filters)


@router.get(
    "/{employee_id}",
    response={200: EmployeeOut, **DETAIL_ERRORS},
    summary="Satu pegawai",
    description="403 bila data ada tetapi pemanggil tidak berhak melihatnya.",
)
def get_employee(request: HttpRequest, employee_id: int) -> Employee:
    employee = get_or_404(_employees(), employee_id)
    if not can_view_employee(caller(request), employee):
        raise PermissionDenied
    return employee


@router.post(
    "/",
    response={201: EmployeeOut, **WRITE_ERRORS},
    summary="Tambah pegawai",
    description="Admin BKPSDM untuk semua unit; Admin OPD hanya di unitnya dan unit di bawahnya.",
)
def create_employee(request: HttpRequest, payload: EmployeeIn) -> Status[Employee]:
    """Admin BKPSDM anywhere; Admin OPD only into its own unit or the units below it."""
    user = caller(request)
    if not user.has_role(*MANAGE_ROLES):
        raise PermissionDenied
    data = _employee_input(user, payload.model_dump(), current=None)
    if not can_manage_unit(user, data.work_unit):
        raise PermissionDenied("Anda tidak berwenang mengelola pegawai di unit kerja tersebut.")
    with _api_field_names():
        return Status(201, services.create_employee(data=data, actor=user))


@router.put(
    "/{employee_id}",
    response={200: EmployeeOut, **WRITE_ERRORS},
    summary="Ganti seluruh data pegawai",
    description="Kolom yang tidak dikirim kembali ke nilai bawaannya (kosong).",
)
def replace_employee(request: HttpRequest, employee_id: int, payload: EmployeeIn) -> Employee:
    return _update(request, employee_id, payload.model_dump())


@router.patch(
    "/{employee_id}",
    response={200: EmployeeOut, **WRITE_ERRORS},
    summary="Ubah sebagian data pegawai",
    description="Hanya kolom yang dikirim yang berubah; aturan NIK/NIP diperiksa untuk seluruh data.",
)
def patch_employee(request: HttpRequest, employee_id: int, payload: EmployeePatch) -> Employee:
    return _update(request, employee_id, payload.model_dump(exclude_unset=True))


def _update(request: HttpRequest, employee_id: int, values: dict[str, Any]) -> Employee:
    """Permission first (404, then 403), then the input (422), then the service."""
    user = caller(request)
    employee = get_or_404(_employees(), employee_id)
    if not can_view_employee(user, employee):
        raise PermissionDenied
    if not can_manage_employee(user, employee):
        raise PermissionDenied("Anda tidak berwenang mengubah data pegawai ini.")
    nulls = sorted(name for name, value in values.items() if value is None)
    refused = {name: ["Tidak boleh null."] for name in nulls if name not in NULLABLE_FIELDS}
    if refused:
        raise InvalidInputError(refused)
    data = _employee_input(user, {**_current_values(employee), **values}, current=employee)
    if not can_manage_unit(user, data.work_unit):
        raise PermissionDenied("Anda tidak berwenang memindahkan pegawai ke unit kerja tersebut.")
    with _api_field_names():
        return services.update_employee(employee=employee, data=data, actor=user)


def _employees() -> EmployeeQuerySet:
    return Employee.objects.select_related(
        "work_unit", "position__work_unit", "golongan", "supervisor"
    )


def _current_values(employee: Employee) -> dict[str, Any]:
    """The record in EmployeeIn's terms, so that a PATCH can fill in what it does not send."""
    values = {
        name: getattr(employee, name)
        for name in EmployeeIn.model_fields
        if not name.endswith("_id") and name != "golongan"
    }
    values["work_unit_id"] = employee.work_unit_id
    values["position_id"] = employee.position_id
    values["supervisor_id"] = employee.supervisor_id
    values["golongan"] = employee.golongan.code if employee.golongan else None
    return values


def _employee_input(
    user: User, values: dict[str, Any], *, current: Employee | None
) -> services.EmployeeInput:
    """Turn ids and codes into rows; an id that does not exist is a 422 on that field.

    A position or supervisor the caller may not assign looks the same as a missing id. What
    `current` already holds stays allowed (employees.selectors.get_assignable_*).
    """
    errors: dict[str, list[str]] = {}
    work_unit = WorkUnit.objects.filter(pk=values["work_unit_id"]).first()
    if work_unit is None:
        errors["work_unit_id"] = [f"Unit kerja dengan id {values['work_unit_id']} tidak ada."]
    position = selectors.get_assignable_position(
        user=user,
        position_id=values["position_id"],
        keep=current.position if current is not None else None,
    )
    if position is None:
        errors["position_id"] = [f"Jabatan dengan id {values['position_id']} tidak ada."]
    golongan = None
    if values.get("golongan"):
        golongan = Golongan.objects.filter(code=values["golongan"]).first()
        if golongan is None:
            errors["golongan"] = [f"Golongan '{values['golongan']}' tidak dikenal."]
    supervisor = None
    if values.get("supervisor_id") is not None:
        supervisor = selectors.get_assignable_supervisor(
            user=user,
            employee_id=values["supervisor_id"],
            keep=current.supervisor if current is not None else None,
        )
        if supervisor is None:
            errors["supervisor_id"] = [f"Pegawai dengan id {values['supervisor_id']} tidak ada."]
    if errors or work_unit is None or position is None:
        raise InvalidInputError(errors)
    plain = {
        field.name: values[field.name]
        for field in fields(services.EmployeeInput)
        if field.name not in {"work_unit", "position", "golongan", "supervisor"}
    }
    return services.EmployeeInput(
        **plain, work_unit=work_unit, position=position, golongan=golongan, supervisor=supervisor
    )


@contextmanager
def _api_field_names() -> Iterator[None]:
    """Re-raise a service's InvalidInputError with the API's field names (work_unit_id ...)."""
    try:
        yield
    except InvalidInputError as error:
        renamed = {API_FIELD_NAMES.get(name, name): msgs for name, msgs in error.errors.items()}
        raise InvalidInputError(renamed) from error

"""Writes to employee records. Each validates with rules.py and writes its audit row."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.employees import rules
from simerit.employees.models import Employee, EmployeeKind, Gender
from simerit.organization.models import Golongan, Position, WorkUnit


@dataclass
class EmployeeInput:
    """Everything needed to create or replace an employee's main record."""

    kind: str
    nip: str
    nik: str
    name: str
    birth_place: str
    birth_date: dt.date
    gender: str
    work_unit: WorkUnit
    position: Position
    golongan: Golongan | None = None
    front_title: str = ""
    back_title: str = ""
    nip_lama: str = ""
    tmt_cpns: dt.date | None = None
    tmt_pns: dt.date | None = None
    tmt_golongan: dt.date | None = None
    tmt_position: dt.date | None = None
    supervisor: Employee | None = None


DATE_FIELDS = {
    "birth_date": "Tanggal lahir",
    "tmt_cpns": "TMT CPNS/PPPK",
    "tmt_pns": "TMT PNS",
    "tmt_golongan": "TMT golongan",
    "tmt_position": "TMT jabatan",
}


def validate_employee_input(data: EmployeeInput, *, today: dt.date) -> dict[str, list[str]]:
    """All problems with `data`, by field, in Indonesian; empty when the record may be saved.

    Uniqueness is checked by the services (it needs the database).
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    data.nik = data.nik.strip()
    data.nip = data.nip.strip().replace(" ", "")
    data.name = data.name.strip()
    if not data.name:
        add("name", "Nama wajib diisi.")
    if not data.birth_place.strip():
        add("birth_place", "Tempat lahir wajib diisi.")
    if data.kind not in EmployeeKind.values:
        add("kind", "Jenis pegawai harus PNS, CPNS atau PPPK.")
    if data.gender not in Gender.values:
        add("gender", "Jenis kelamin harus L (laki-laki) atau P (perempuan).")
    for field, label in DATE_FIELDS.items():
        value = getattr(data, field)
        if value is not None and value > today:
            add(field, f"{label} ({value:%d-%m-%Y}) berada di masa depan.")
    nik_info = nip_info = None
    try:
        nik_info = rules.validate_nik(data.nik)
    except rules.IdentifierError as error:
        add("nik", str(error))
    label = "NI PPPK" if data.kind == EmployeeKind.PPPK else "NIP"
    try:
        if data.kind == EmployeeKind.PPPK:
            nip_info = rules.validate_ni_pppk(data.nip, today=today)
        else:
            nip_info = rules.validate_nip(data.nip, today=today)
    except rules.IdentifierError as error:
        add("nip", str(error))
    if nik_info and nip_info:
        for problem in rules.cross_check(nik=nik_info, asn_number=nip_info, label=label):
            add("nip", problem)
    if nip_info:
        if nip_info.birth_date != data.birth_date:
            add(
                "birth_date",
                f"Tanggal lahir ({data.birth_date:%d-%m-%Y}) berbeda dengan tanggal lahir pada "
                f"{label} ({nip_info.birth_date:%d-%m-%Y}).",
            )
        if data.gender in Gender.values and nip_info.gender != data.gender:
            add("gender", f"Jenis kelamin berbeda dengan digit jenis kelamin pada {label}.")
        if (
            data.kind != EmployeeKind.PPPK
            and data.tmt_cpns is not None
            and (data.tmt_cpns.year, data.tmt_cpns.month)
            != (nip_info.appointment_year, nip_info.appointment_month)
        ):
            add(
                "tmt_cpns",
                "TMT CPNS berbeda dengan tahun dan bulan TMT CPNS pada NIP (digit 9–14).",
            )
    if data.nip_lama and not (data.nip_lama.isdigit() and len(data.nip_lama) == 9):
        add("nip_lama", "NIP lama harus 9 digit angka.")
    if data.kind in {EmployeeKind.PNS, EmployeeKind.CPNS} and data.golongan is None:
        add("golongan", "Golongan wajib diisi untuk PNS dan CPNS.")
    if data.kind == EmployeeKind.PPPK and data.golongan is not None:
        add("golongan", "PPPK tidak memakai golongan ruang PNS; kosongkan kolom golongan.")
    if data.kind == EmployeeKind.PNS and data.tmt_pns is None:
        add("tmt_pns", "TMT PNS wajib diisi untuk PNS.")
    if not data.work_unit.is_active:
        add("work_unit", f"Unit kerja '{data.work_unit.name}' sudah tidak aktif.")
    return errors


def _check_unique(data: EmployeeInput, *, exclude_id: int | None) -> None:
    others = Employee.objects.exclude(pk=exclude_id) if exclude_id else Employee.objects.all()
    if others.filter(nip=data.nip).exists():
        raise ConflictError(f"NIP {data.nip} sudah terdaftar pada pegawai lain.", field="nip")
    if others.filter(nik=data.nik).exists():
        raise ConflictError(
            f"NIK {rules.mask_nik(data.nik)} sudah terdaftar pada pegawai lain.", field="nik"
        )


def _audit_values(employee: Employee) -> dict[str, object]:
    values: dict[str, object] = {}
    for field in fields(EmployeeInput):
        value = getattr(employee, field.name)
        values[field.name] = value.pk if hasattr(value, "pk") else value
    return values


@transaction.atomic
def create_employee(*, data: EmployeeInput, actor: User | None) -> Employee:
    """Add an employee after every rule in `validate_employee_input` and uniqueness hold."""
    errors = validate_employee_input(data, today=timezone.localdate())
    if errors:
        raise InvalidInputError(errors)
    _check_unique(data, exclude_id=None)
    employee = Employee(**asdict_shallow(data))
    employee.full_clean()
    employee.save()
    audit.record(
        actor=actor,
        action="employees.employee.created",
        target=employee,
        changes=_audit_values(employee),
    )
    return employee


@transaction.atomic
def update_employee(*, employee: Employee, data: EmployeeInput, actor: User) -> Employee:
    """Replace the main record's fields; the audit row lists what changed."""
    errors = validate_employee_input(data, today=timezone.localdate())
    if data.supervisor is not None and data.supervisor.pk == employee.pk:
        errors.setdefault("supervisor", []).append("Pegawai tidak dapat menjadi atasannya sendiri.")
    if errors:
        raise InvalidInputError(errors)
    _check_unique(data, exclude_id=employee.pk)
    before = _audit_values(employee)
    for name, value in asdict_shallow(data).items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()
    changes = audit.diff(before, _audit_values(employee))
    if changes:
        audit.record(
            actor=actor, action="employees.employee.updated", target=employee, changes=changes
        )
    return employee


def asdict_shallow(data: EmployeeInput) -> dict[str, object]:
    """Field values without deep-copying model instances (dataclasses.asdict would copy them)."""
    return {field.name: getattr(data, field.name) for field in fields(data)}


@transaction.atomic
def link_user_to_employee(*, employee: Employee, user: User, actor: User | None) -> Employee:
    """Make `user` the account the employee signs in with; an account belongs to one employee."""
    if employee.user_id == user.pk:
        return employee
    if Employee.objects.filter(user=user).exclude(pk=employee.pk).exists():
        raise ConflictError(
            f"Akun '{user.username}' sudah terhubung dengan pegawai lain.", field="user"
        )
    before = employee.user_id
    employee.user = user
    employee.save(update_fields=["user", "updated_at"])
    audit.record(
        actor=actor,
        action="employees.employee.user_linked",
        target=employee,
        changes={"user": [before, user.pk]},
    )
    return employee


@transaction.atomic
def create_employees(
    *, items: Sequence[EmployeeInput], supervisor_nips: Sequence[str], actor: User
) -> list[Employee]:
    """Add several employees in order, all or none (one audit row each).

    `supervisor_nips[i]`, when not empty, names item i's supervisor among the employees added
    earlier in the same call (an import of a whole unit whose head is in the same file).
    """
    if len(supervisor_nips) != len(items):
        raise ValueError("supervisor_nips must have one entry per item.")
    created: dict[str, Employee] = {}
    for data, supervisor_nip in zip(items, supervisor_nips, strict=True):
        if supervisor_nip:
            if supervisor_nip not in created:
                raise InvalidInputError(
                    {"supervisor": [f"Atasan dengan NIP {supervisor_nip} belum ditambahkan."]}
                )
            data.supervisor = created[supervisor_nip]
        employee = create_employee(data=data, actor=actor)
        created[employee.nip] = employee
    return list(created.values())


@transaction.atomic
def record_employee_export(*, actor: User, count: int, filters: dict[str, str]) -> None:
    """Log that `actor` downloaded `count` employee records (personal data, UU 27/2022 PDP)."""
    audit.record(
        actor=actor,
        action="employees.employee_list.exported",
        changes={"count": count, "filters": filters},
    )

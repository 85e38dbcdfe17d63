"""Writes to employee records. Each validates with rules.py and writes its audit row."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.employees import rules
from simerit.employees.models import EducationHistory, Employee, EmployeeKind, Gender
from simerit.organization.models import EducationLevel, Golongan, Position, WorkUnit


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
# Free-text fields whose length only the model limits (NIP, NIK and NIP lama have digit rules).
TEXT_FIELDS = {
    "name": "Nama",
    "front_title": "Gelar depan",
    "back_title": "Gelar belakang",
    "birth_place": "Tempat lahir",
}
# Levels of supervision walked to find a cycle; real chains in a city government are far shorter.
SUPERVISOR_CHAIN_LIMIT = 20


def validate_employee_input(data: EmployeeInput, *, today: dt.date) -> dict[str, list[str]]:
    """All problems with `data`, by field, in Indonesian; empty when the record may be saved.

    Normalises the identifiers (spaces removed) and trims the text fields. Uniqueness and the
    supervisor chain are checked by the services (they need the database). A NIK that disagrees
    with the NIP is not a problem here: see nik_review_notes.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    data.nik = data.nik.strip().replace(" ", "")
    data.nip = data.nip.strip().replace(" ", "")
    for field in TEXT_FIELDS:
        setattr(data, field, getattr(data, field).strip())
    if not data.name:
        add("name", "Nama wajib diisi.")
    if not data.birth_place:
        add("birth_place", "Tempat lahir wajib diisi.")
    for field, label in TEXT_FIELDS.items():
        value = getattr(data, field)
        limit = _max_length(field)
        if len(value) > limit:
            add(field, f"{label} paling banyak {limit} karakter; yang diisi {len(value)} karakter.")
    if data.kind not in EmployeeKind.values:
        add("kind", "Jenis pegawai harus PNS, CPNS atau PPPK.")
    if data.gender not in Gender.values:
        add("gender", "Jenis kelamin harus L (laki-laki) atau P (perempuan).")
    for field, label in DATE_FIELDS.items():
        value = getattr(data, field)
        if value is not None and value > today:
            add(field, f"{label} ({value:%d-%m-%Y}) berada di masa depan.")
    try:
        rules.validate_nik(data.nik)
    except rules.IdentifierError as error:
        add("nik", str(error))
    label = _asn_label(data)
    nip_info = None
    try:
        nip_info = _asn_number(data, today=today)
    except rules.IdentifierError as error:
        add("nip", str(error))
    if nip_info:
        # The NIP is the legal personnel number: the record must agree with it.
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
    owner = data.position.work_unit if data.position.work_unit_id is not None else None
    if owner is not None and not data.work_unit.is_within(owner):
        add(
            "position",
            f"Jabatan '{data.position.name}' milik unit {owner.name}, bukan unit "
            f"{data.work_unit.name} atau unit di atasnya.",
        )
    return errors


def nik_review_notes(data: EmployeeInput, *, today: dt.date) -> list[str]:
    """Where the NIK's coded birth date or gender disagrees with the NIP: for HR to check.

    Empty when they agree or when either number is invalid (validate_employee_input reports that).
    """
    try:
        nik = rules.validate_nik(data.nik)
        asn_number = _asn_number(data, today=today)
    except rules.IdentifierError:
        return []
    return rules.nik_review_reasons(nik=nik, asn_number=asn_number, label=_asn_label(data))


def _asn_label(data: EmployeeInput) -> str:
    return "NI PPPK" if data.kind == EmployeeKind.PPPK else "NIP"


def _asn_number(data: EmployeeInput, *, today: dt.date) -> rules.NipInfo:
    if data.kind == EmployeeKind.PPPK:
        return rules.validate_ni_pppk(data.nip, today=today)
    return rules.validate_nip(data.nip, today=today)


def _max_length(field: str) -> int:
    limit = getattr(Employee._meta.get_field(field), "max_length", None)
    if not isinstance(limit, int):
        raise TypeError(f"Employee.{field} has no max_length.")
    return limit


def supervisor_problems(*, employee: Employee | None, supervisor: Employee) -> list[str]:
    """Why `supervisor` cannot become the supervisor of `employee` (None: a new record)."""
    problems = []
    if not supervisor.is_active:
        problems.append(
            f"Atasan {supervisor.display_name} sudah tidak aktif; pilih atasan yang masih aktif."
        )
    if employee is None or employee.pk is None:
        return problems
    if supervisor.pk == employee.pk:
        return [*problems, "Pegawai tidak dapat menjadi atasannya sendiri."]
    above = supervisor.supervisor_id
    for _ in range(SUPERVISOR_CHAIN_LIMIT):
        if above is None:
            return problems
        if above == employee.pk:
            return [
                *problems,
                f"{supervisor.display_name} berada di bawah pegawai ini dalam rantai atasan; "
                "rantai atasan tidak boleh melingkar.",
            ]
        above = Employee.objects.filter(pk=above).values_list("supervisor_id", flat=True).first()
    return [
        *problems,
        f"Rantai atasan di atas {supervisor.display_name} lebih dari {SUPERVISOR_CHAIN_LIMIT} "
        "tingkat; periksa data atasan.",
    ]


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
    values["nik_needs_review"] = employee.nik_needs_review
    return values


def _apply(employee: Employee, data: EmployeeInput, *, today: dt.date) -> None:
    """Copy `data` onto the record with its NIK review flag, then check what the model checks."""
    for name, value in asdict_shallow(data).items():
        setattr(employee, name, value)
    notes = nik_review_notes(data, today=today)
    employee.nik_needs_review = bool(notes)
    employee.nik_review_note = " ".join(notes)
    try:
        # Uniqueness: _check_unique (its NIK message is masked) and the database.
        employee.full_clean(validate_unique=False)
    except ValidationError as error:
        raise InvalidInputError(error.message_dict) from None


def _save(employee: Employee, data: EmployeeInput) -> None:
    """Save; a duplicate that slipped past _check_unique (a concurrent save) is a ConflictError."""
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError:
        # The database's message quotes the duplicate value, which can be a NIK: never pass it on.
        _check_unique(data, exclude_id=employee.pk)
        raise ConflictError(
            f"NIP {data.nip} atau NIK {rules.mask_nik(data.nik)} sudah terdaftar pada pegawai "
            "lain.",
            field="nik",
        ) from None


@transaction.atomic
def create_employee(
    *, data: EmployeeInput, actor: User | None, as_of: dt.date | None = None
) -> Employee:
    """Add an employee after every rule in `validate_employee_input` and uniqueness hold.

    A NIK that disagrees with the NIP sets `nik_needs_review` and `nik_review_note`. `as_of`
    (never before today) validates the dates as of that day: the record of a new CPNS/PPPK made
    from a selection before the planned TMT, whose NIP already holds that TMT's month.
    """
    today = max(timezone.localdate(), as_of) if as_of else timezone.localdate()
    errors = validate_employee_input(data, today=today)
    if data.supervisor is not None:
        for problem in supervisor_problems(employee=None, supervisor=data.supervisor):
            errors.setdefault("supervisor", []).append(problem)
    if errors:
        raise InvalidInputError(errors)
    _check_unique(data, exclude_id=None)
    employee = Employee()
    _apply(employee, data, today=today)
    _save(employee, data)
    audit.record(
        actor=actor,
        action="employees.employee.created",
        target=employee,
        changes=_audit_values(employee),
    )
    return employee


@transaction.atomic
def add_education(
    *,
    employee: Employee,
    level: EducationLevel,
    major: str = "",
    institution: str = "",
    graduation_year: int | None = None,
    actor: User | None,
) -> EducationHistory:
    """Add one education record (riwayat pendidikan); institution and year may be unknown yet."""
    education = EducationHistory.objects.create(
        employee=employee,
        level=level,
        major=major.strip(),
        institution=institution.strip(),
        graduation_year=graduation_year,
    )
    audit.record(
        actor=actor,
        action="employees.education.added",
        target=employee,
        changes={
            "level": level.code,
            "major": education.major,
            "institution": education.institution,
            "graduation_year": graduation_year,
        },
    )
    return education


@transaction.atomic
def update_employee(*, employee: Employee, data: EmployeeInput, actor: User) -> Employee:
    """Replace the main record's fields; the audit row lists what changed.

    A supervisor is checked (active, no cycle) only when it changes, so that a record whose
    supervisor has since retired can still be edited.
    """
    today = timezone.localdate()
    errors = validate_employee_input(data, today=today)
    if data.supervisor is not None:
        if data.supervisor.pk == employee.pk:
            problems = ["Pegawai tidak dapat menjadi atasannya sendiri."]
        elif data.supervisor.pk != employee.supervisor_id:
            problems = supervisor_problems(employee=employee, supervisor=data.supervisor)
        else:
            problems = []
        for problem in problems:
            errors.setdefault("supervisor", []).append(problem)
    if errors:
        raise InvalidInputError(errors)
    _check_unique(data, exclude_id=employee.pk)
    before = _audit_values(employee)
    _apply(employee, data, today=today)
    _save(employee, data)
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

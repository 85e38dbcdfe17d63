"""From data rows to service input: every problem by (row, column), then the write if none."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.roles import Role
from simerit.core.spreadsheets import rows as spreadsheet_rows
from simerit.core.spreadsheets.cells import cell_text, identifier_text
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import Row, RowError, RowReader
from simerit.employees import rules, services
from simerit.employees import selectors as employee_selectors
from simerit.employees.importing.columns import COLUMN_FOR_FIELD, HEADERS
from simerit.employees.importing.reading import read_rows
from simerit.employees.models import Employee, EmployeeKind, Gender
from simerit.employees.services import EmployeeInput
from simerit.organization.models import Golongan, Position, WorkUnit
from simerit.organization.permissions import can_manage_unit, opd_scope

KINDS = {"pns": EmployeeKind.PNS, "cpns": EmployeeKind.CPNS, "pppk": EmployeeKind.PPPK}
GENDERS = {
    "l": Gender.MALE,
    "laki-laki": Gender.MALE,
    "p": Gender.FEMALE,
    "perempuan": Gender.FEMALE,
}


@dataclass(frozen=True)
class ImportResult(spreadsheet_rows.ImportResult):
    # Rows saved with "NIK perlu diperiksa" (NIK disagrees with the NIP; domain reference §4.1).
    nik_review: list[RowError] = field(default_factory=list)


@dataclass
class _Plan:
    items: list[EmployeeInput]
    supervisor_nips: list[str]
    errors: list[RowError]
    nik_review: list[RowError] = field(default_factory=list)


def import_employees(content: bytes, *, user: User, today: dt.date | None = None) -> ImportResult:
    """Check the whole file; write every row only if no row has a problem.

    Raises ImportFileError when the file itself is unusable.
    """
    today = today or timezone.localdate()
    rows = read_rows(content)
    plan = _plan(rows, user=user, today=today)
    if plan.errors:
        return ImportResult(created=0, errors=plan.errors)
    created = services.create_employees(
        items=plan.items, supervisor_nips=plan.supervisor_nips, actor=user
    )
    return ImportResult(created=len(created), errors=[], nik_review=plan.nik_review)


def _plan(rows: list[Row], *, user: User, today: dt.date) -> _Plan:
    lookup = _Lookup.load(rows, user=user)
    plan = _Plan(items=[], supervisor_nips=[], errors=[])
    first_row_of_nip: dict[str, int] = {}
    first_row_of_nik: dict[str, int] = {}
    all_nips: dict[str, int] = {}
    for number, cells in rows:
        all_nips.setdefault(identifier_text(cells.get("nip")), number)
    for number, cells in rows:
        row = _RowReader(cells, columns=HEADERS)
        data, supervisor_nip = row.to_input(lookup, today=today)
        data.supervisor = row.check_supervisor(
            supervisor_nip,
            own_nip=data.nip,
            lookup=lookup,
            earlier=first_row_of_nip,
            later=all_nips,
        )
        row.check_unique(data, lookup=lookup, nips=first_row_of_nip, niks=first_row_of_nik)
        first_row_of_nip.setdefault(data.nip, number)
        first_row_of_nik.setdefault(data.nik, number)
        for name, messages in services.validate_employee_input(data, today=today).items():
            column = COLUMN_FOR_FIELD.get(name, name)
            if column not in row.failed:  # that cell's own problem is already reported
                for message in messages:
                    row.error(column, message, keep_failed=False)
        plan.errors.extend(row.errors_at(number))
        notes = services.nik_review_notes(data, today=today)
        if notes:
            plan.nik_review.append(RowError(row=number, column="nik", message=" ".join(notes)))
        plan.items.append(data)
        # A supervisor on an earlier row gets its record only while the file is written.
        plan.supervisor_nips.append("" if data.supervisor else supervisor_nip)
    return plan


@dataclass
class _Lookup:
    """Everything the rows refer to, read in a handful of queries."""

    user: User
    scope: WorkUnit | None  # None: every unit
    units: dict[str, WorkUnit]
    positions: dict[tuple[int | None, str], list[Position]]
    golongan: dict[str, Golongan]
    registered_nips: set[str]
    registered_niks: set[str]
    supervisors: dict[str, Employee]

    @classmethod
    def load(cls, rows: list[Row], *, user: User) -> "_Lookup":
        scope: WorkUnit | None = None
        if not user.has_role(Role.ADMIN_BKPSDM):
            scope = opd_scope(user) if user.has_role(Role.ADMIN_OPD) else None
            if scope is None:
                raise ImportFileError("Akun Anda tidak berwenang mengimpor data pegawai.")
        codes = {cell_text(cells.get("kode_unit")) for _, cells in rows}
        units = {
            unit.code.casefold(): unit
            for unit in WorkUnit.objects.filter(code__in=codes | {code.upper() for code in codes})
        }
        # The positions a row may name: of its unit or a unit above it, or general ones, among
        # those the account may assign (the same rule as the form and the API).
        owners = {unit_id for unit in units.values() for unit_id in _path_ids(unit)}
        positions: dict[tuple[int | None, str], list[Position]] = {}
        for position in (
            employee_selectors.list_assignable_positions(user=user)
            .filter(Q(work_unit__isnull=True) | Q(work_unit__in=owners))
            .order_by("pk")
        ):
            key = (position.work_unit_id, position.name.strip().casefold())
            positions.setdefault(key, []).append(position)
        nips = {identifier_text(cells.get("nip")) for _, cells in rows}
        niks = {identifier_text(cells.get("nik")) for _, cells in rows}
        boss_nips = {identifier_text(c.get("nip_atasan")) for _, c in rows} - {""}
        supervisors = employee_selectors.list_assignable_supervisors(user=user)
        return cls(
            user=user,
            scope=scope,
            units=units,
            positions=positions,
            golongan={g.code.casefold(): g for g in Golongan.objects.all()},
            registered_nips=set(
                Employee.objects.filter(nip__in=nips).values_list("nip", flat=True)
            ),
            registered_niks=set(
                Employee.objects.filter(nik__in=niks).values_list("nik", flat=True)
            ),
            supervisors={e.nip: e for e in supervisors.filter(nip__in=boss_nips)},
        )


def _path_ids(unit: WorkUnit) -> list[int]:
    """The unit's own id and those of the units above it, nearest first."""
    return [int(part) for part in reversed(unit.path.strip("/").split("/")) if part]


class _RowReader(RowReader):
    """Turns one row's cells into an EmployeeInput, collecting each cell's problem."""

    def to_input(self, lookup: _Lookup, *, today: dt.date) -> tuple[EmployeeInput, str]:
        """The row as service input, with stand-ins where a cell failed (their errors are kept)."""
        kind = self.text("jenis")
        gender = self.text("jenis_kelamin")
        birth_date = self.date("tanggal_lahir")
        if birth_date is None and "tanggal_lahir" not in self.failed:
            self.error("tanggal_lahir", "Tanggal lahir wajib diisi.")
        unit = self.unit(lookup)
        data = EmployeeInput(
            kind=KINDS.get(kind.casefold(), kind),
            nip=self.identifier("nip"),
            nik=self.identifier("nik"),
            name=self.text("nama"),
            front_title=self.text("gelar_depan"),
            back_title=self.text("gelar_belakang"),
            birth_place=self.text("tempat_lahir"),
            birth_date=birth_date or today,
            gender=GENDERS.get(gender.casefold(), gender),
            work_unit=unit or WorkUnit(name="", is_active=True),
            position=self.position(lookup, unit) or Position(),
            golongan=self.golongan(lookup),
            tmt_cpns=self.date("tmt_cpns"),
            tmt_pns=self.date("tmt_pns"),
        )
        return data, self.identifier("nip_atasan")

    def unit(self, lookup: _Lookup) -> WorkUnit | None:
        code = self.text("kode_unit")
        unit = lookup.units.get(code.casefold())
        if not code:
            self.error("kode_unit", "Kode unit wajib diisi.")
        elif unit is None:
            self.error("kode_unit", f"Kode unit '{code}' tidak dikenal.")
        elif lookup.scope is not None and not can_manage_unit(lookup.user, unit):
            self.error(
                "kode_unit",
                f"Unit '{unit.name}' berada di luar cakupan Anda ({lookup.scope.name}).",
            )
            return None
        return unit

    def position(self, lookup: _Lookup, unit: WorkUnit | None) -> Position | None:
        name = self.text("jabatan")
        key = name.casefold()
        if not name:
            self.error("jabatan", "Jabatan wajib diisi.")
            return None
        if unit is None:
            self.failed.add("jabatan")  # cannot be matched without a unit; the unit is reported
            return None
        found: list[Position] = []
        for owner in [*_path_ids(unit), None]:  # the nearest unit first, general positions last
            found = lookup.positions.get((owner, key), [])
            if found:
                break
        if not found:
            self.error(
                "jabatan",
                f"Jabatan '{name}' tidak terdaftar di unit {unit.name}, unit di atasnya, maupun "
                "sebagai jabatan umum.",
            )
            return None
        if len(found) > 1:
            self.error(
                "jabatan",
                f"Ada {len(found)} jabatan bernama '{name}'; hubungi admin BKPSDM untuk merapikannya.",
            )
            return None
        return found[0]

    def golongan(self, lookup: _Lookup) -> Golongan | None:
        code = self.text("kode_golongan")
        if not code:
            return None
        golongan = lookup.golongan.get(code.casefold())
        if golongan is None:
            self.error("kode_golongan", f"Kode golongan '{code}' tidak dikenal; contoh: III/a.")
        return golongan

    def check_supervisor(
        self,
        nip: str,
        *,
        own_nip: str,
        lookup: _Lookup,
        earlier: dict[str, int],
        later: dict[str, int],
    ) -> Employee | None:
        if not nip or "nip_atasan" in self.failed:
            return None
        if nip == own_nip:
            self.error("nip_atasan", "Pegawai tidak dapat menjadi atasannya sendiri.")
        elif nip in lookup.supervisors or nip in earlier:
            return lookup.supervisors.get(nip)
        elif nip in later:
            self.error(
                "nip_atasan",
                f"Atasan dengan NIP {nip} ada di baris {later[nip]}; letakkan baris atasan "
                "sebelum baris bawahannya.",
            )
        else:  # also for a NIP outside the account's view: no existence oracle
            self.error("nip_atasan", f"NIP atasan {nip} tidak terdaftar.")
        return None

    def check_unique(
        self,
        data: EmployeeInput,
        *,
        lookup: _Lookup,
        nips: dict[str, int],
        niks: dict[str, int],
    ) -> None:
        if data.nip and "nip" not in self.failed:
            if data.nip in nips:
                self.error("nip", f"NIP {data.nip} sama dengan NIP di baris {nips[data.nip]}.")
            elif data.nip in lookup.registered_nips:
                self.error("nip", f"NIP {data.nip} sudah terdaftar pada pegawai lain.")
        if data.nik and "nik" not in self.failed:
            masked = rules.mask_nik(data.nik)
            if data.nik in niks:
                self.error("nik", f"NIK {masked} sama dengan NIK di baris {niks[data.nik]}.")
            elif data.nik in lookup.registered_niks:
                self.error("nik", f"NIK {masked} sudah terdaftar pada pegawai lain.")

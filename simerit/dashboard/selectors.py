"""What each role sees on its landing page. Reads only; each panel comes from the owning app's selectors.

A panel holds real numbers or says plainly that there is nothing yet: no figure is invented.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import selectors as audit_selectors
from simerit.core.roles import Role
from simerit.employees import selectors as employee_selectors
from simerit.employees.models import EmployeeKind
from simerit.organization import selectors as org_selectors
from simerit.organization.permissions import opd_scope


@dataclass(frozen=True)
class Stat:
    label: str
    value: int | str
    url_name: str = ""


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str


@dataclass(frozen=True)
class Panel:
    role: Role
    title: str
    stats: list[Stat] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    note: str = ""


NO_TASKS_YET = (
    "Belum ada tugas untuk peran ini. Modul {module} belum tersedia di SiMerit; "
    "tugas Anda akan muncul di sini setelah modul itu dibuka."
)


def panels_for(user: User) -> list[Panel]:
    """One panel per role the account holds, in the order of the Role enum."""
    return [PANELS[role](user) for role in Role if role in user.roles]


def _hr_admin(user: User) -> Panel:
    counts = employee_selectors.count_active_by_kind()
    today = timezone.localdate()
    events_today = audit_selectors.list_events(date_from=today, date_to=today).count()
    return Panel(
        role=Role.ADMIN_BKPSDM,
        title="Admin BKPSDM",
        stats=[
            Stat("Pegawai aktif", counts["total"], "employees:list"),
            *[Stat(kind.label, counts[kind.value]) for kind in EmployeeKind],
            Stat("Unit kerja aktif", org_selectors.count_active_units(), "organization:unit-list"),
            Stat("Peristiwa audit hari ini", events_today, "audit:list"),
        ],
    )


def _opd_admin(user: User) -> Panel:
    scope = opd_scope(user)
    if scope is None:
        return Panel(
            role=Role.ADMIN_OPD,
            title="Admin OPD",
            note="Akun Admin OPD Anda belum ditetapkan unit kerjanya. Hubungi admin BKPSDM.",
        )
    counts = employee_selectors.count_active_by_kind(work_unit=scope)
    return Panel(
        role=Role.ADMIN_OPD,
        title=f"Admin OPD · {scope.name}",
        stats=[
            Stat("Pegawai aktif di unit Anda dan sub-unitnya", counts["total"], "employees:list"),
            *[Stat(kind.label, counts[kind.value]) for kind in EmployeeKind],
        ],
        facts=[Fact("Unit kerja", scope.name)],
        links=[
            Link("Unit kerja", "organization:unit-list"),
            Link("Impor pegawai", "employees:import"),
        ],
    )


def _supervisor(user: User) -> Panel:
    return Panel(
        role=Role.ATASAN,
        title="Atasan",
        stats=[
            Stat(
                "Bawahan langsung", employee_selectors.count_team(supervisor=user), "employees:team"
            )
        ],
    )


def _employee(user: User) -> Panel:
    own = employee_selectors.get_own_employee(user=user)
    if own is None:
        return Panel(
            role=Role.PEGAWAI,
            title="Pegawai",
            note="Akun Anda belum terhubung dengan data pegawai. Hubungi admin kepegawaian OPD Anda.",
        )
    golongan = f"{own.golongan.pangkat}, {own.golongan.code}" if own.golongan else "—"
    return Panel(
        role=Role.PEGAWAI,
        title="Pegawai",
        facts=[
            Fact("NI PPPK" if own.kind == EmployeeKind.PPPK else "NIP", own.nip),
            Fact("Unit kerja", own.work_unit.name),
            Fact("Jabatan", own.position.name),
            Fact("Pangkat, golongan", golongan),
        ],
        links=[Link("Profil saya", "employees:my-profile")],
    )


def _auditor(user: User) -> Panel:
    return Panel(
        role=Role.AUDITOR,
        title="Auditor",
        stats=[Stat("Panjang rantai audit", audit_selectors.chain_length(), "audit:list")],
    )


def _no_tasks(role: Role, module: str) -> Callable[[User], Panel]:
    def panel(user: User) -> Panel:
        return Panel(role=role, title=role.label, note=NO_TASKS_YET.format(module=module))

    return panel


PANELS: dict[Role, Callable[[User], Panel]] = {
    Role.PELAMAR: _no_tasks(Role.PELAMAR, "rekrutmen"),
    Role.PEGAWAI: _employee,
    Role.ATASAN: _supervisor,
    Role.ADMIN_BKPSDM: _hr_admin,
    Role.ADMIN_OPD: _opd_admin,
    Role.VERIFIKATOR: _no_tasks(Role.VERIFIKATOR, "verifikasi dokumen pelamar"),
    Role.ASESOR: _no_tasks(Role.ASESOR, "penilaian seleksi kompetensi bidang"),
    Role.PENGAWAS_UJIAN: _no_tasks(Role.PENGAWAS_UJIAN, "ujian"),
    Role.AUDITOR: _auditor,
}

"""What each role sees on its landing page. Reads only; each panel comes from the owning app's selectors.

A panel holds real numbers or says plainly that there is nothing yet: no figure is invented.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import selectors as audit_selectors
from simerit.core.dates import format_date_id, format_datetime_wib
from simerit.core.roles import Role
from simerit.employees import selectors as employee_selectors
from simerit.employees.models import Employee, EmployeeKind
from simerit.exams.models import Participant, Sitting
from simerit.exams.selectors import panels as exam_panels
from simerit.organization import selectors as org_selectors
from simerit.organization.permissions import opd_scope
from simerit.recruitment.models import Application
from simerit.recruitment.selectors import applications as application_selectors
from simerit.recruitment.selectors import verification as verification_selectors
from simerit.selection.selectors import panels as selection_panels
from simerit.selfservice import selectors as career_selectors
from simerit.training.rules.jp import format_jp
from simerit.training.selectors import jp as jp_selectors


@dataclass(frozen=True)
class Stat:
    label: str
    value: int | str
    url_name: str = ""
    url_args: tuple[int, ...] = ()

    @property
    def href(self) -> str:
        return reverse(self.url_name, args=self.url_args) if self.url_name else ""


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


PanelBuilder = Callable[[User, dt.datetime], Panel]


def panels_for(user: User, *, now: dt.datetime | None = None) -> list[Panel]:
    """One panel per role the account holds, in the order of the Role enum; "today" and
    "upcoming" are read at `now` (default: the current time)."""
    now = now or timezone.now()
    return [PANELS[role](user, now) for role in Role if role in user.roles]


def _hr_admin(user: User, now: dt.datetime) -> Panel:
    counts = employee_selectors.count_active_by_kind()
    today = timezone.localdate(now)
    events_today = audit_selectors.list_events(date_from=today, date_to=today).count()
    return Panel(
        role=Role.ADMIN_BKPSDM,
        title="Admin BKPSDM",
        stats=[
            Stat("Pegawai aktif", counts["total"], "employees:list"),
            *[Stat(kind.label, counts[kind.value]) for kind in EmployeeKind],
            Stat("Unit kerja aktif", org_selectors.count_active_units(), "organization:unit-list"),
            Stat("Peristiwa audit hari ini", events_today, "audit:list"),
            Stat("Sesi ujian hari ini", exam_panels.count_sittings_on(today), "exams:sitting-list"),
        ],
    )


def _opd_admin(user: User, now: dt.datetime) -> Panel:
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


def _supervisor(user: User, now: dt.datetime) -> Panel:
    return Panel(
        role=Role.ATASAN,
        title="Atasan",
        stats=[
            Stat(
                "Bawahan langsung", employee_selectors.count_team(supervisor=user), "employees:team"
            )
        ],
    )


def _employee(user: User, now: dt.datetime) -> Panel:
    own = employee_selectors.get_own_employee(user=user)
    if own is None:
        return Panel(
            role=Role.PEGAWAI,
            title="Pegawai",
            note="Akun Anda belum terhubung dengan data pegawai. Hubungi admin kepegawaian OPD Anda.",
        )
    golongan = f"{own.golongan.pangkat}, {own.golongan.code}" if own.golongan else "—"
    today = timezone.localdate(now)
    return Panel(
        role=Role.PEGAWAI,
        title="Pegawai",
        facts=[
            Fact("NI PPPK" if own.kind == EmployeeKind.PPPK else "NIP", own.nip),
            Fact("Unit kerja", own.work_unit.name),
            Fact("Jabatan", own.position.name),
            Fact("Pangkat, golongan", golongan),
            *_career_facts(own, today),
        ],
        links=[
            Link("Profil saya", "employees:my-profile"),
            Link("Karier saya", "selfservice:profile"),
        ],
    )


def _career_facts(own: Employee, today: dt.date) -> list[Fact]:
    """The "Karier Saya" summary: the next KP period's verdict and this year's JP."""
    facts = []
    promotion = career_selectors.promotion_of(own, on=today)
    if promotion.period is not None and promotion.check is not None:
        verdict = (
            "Memenuhi syarat"
            if promotion.check.eligible
            else "Belum memenuhi syarat: " + " ".join(promotion.check.reasons)
        )
        facts.append(Fact(f"Kenaikan pangkat {format_date_id(promotion.period)}", verdict))
    jp = jp_selectors.jp_of(own, year=today.year)
    minimum = jp_selectors.year_target(today.year).minimum_jp
    facts.append(Fact(f"JP tahun {today.year}", f"{format_jp(jp)} dari {format_jp(minimum)} JP"))
    return facts


def _auditor(user: User, now: dt.datetime) -> Panel:
    return Panel(
        role=Role.AUDITOR,
        title="Auditor",
        stats=[Stat("Panjang rantai audit", audit_selectors.chain_length(), "audit:list")],
    )


# The applicant's words for their status, as on "Lamaran saya".
APPLICATION_STATUS: dict[str, str] = {
    **{status.value: str(status.label) for status in Application.Status},
    Application.Status.DRAFT: "Draf, belum dikirim",
}


def _applicant(user: User, now: dt.datetime) -> Panel:
    applicant = application_selectors.get_applicant(user=user)
    application = (
        application_selectors.applications_of(applicant).order_by("-period__year", "-pk").first()
        if applicant is not None
        else None
    )
    if application is None:
        return Panel(
            role=Role.PELAMAR,
            title="Pelamar",
            facts=[Fact("Status lamaran", "Belum melamar")],
            links=[
                Link("Lihat formasi yang dibuka", "recruitment:board-home"),
                Link("Lamaran saya", "recruitment:my-application"),
                Link("Tryout", "exams:practice-list"),
            ],
        )
    formasi = application.formasi
    placement = exam_panels.next_placement(user=user, now=now)
    return Panel(
        role=Role.PELAMAR,
        title="Pelamar",
        facts=[
            Fact("Nomor pendaftaran", application.registration_number),
            Fact("Formasi", f"{formasi.code} — {formasi.position.name}, {formasi.work_unit.name}"),
            Fact("Status lamaran", APPLICATION_STATUS.get(application.status, "")),
            *_placement_facts(placement),
        ],
        links=[
            Link("Lamaran saya", "recruitment:my-application"),
            Link("Hasil seleksi administrasi", "recruitment:application-result"),
            Link("Ujian saya", "exams:home"),
            Link("Kartu ujian", "exams:card-mine"),
            Link("Tryout", "exams:practice-list"),
        ],
    )


def _placement_facts(placement: Participant | None) -> list[Fact]:
    if placement is None:
        return [Fact("Ujian berikutnya", "Belum ada jadwal ujian.")]
    sitting = placement.sitting
    return [
        Fact("Ujian berikutnya", placement.blueprint.name),
        Fact("Waktu", _when(sitting)),
        Fact("Lokasi", f"{sitting.site}, {sitting.room}"),
        Fact("Nomor kursi", str(placement.seat_number)),
    ]


def _when(sitting: Sitting) -> str:
    """12 Agustus 2026 pukul 08.00 WIB, as on the exam card."""
    return format_datetime_wib(sitting.starts_at)


def _verifier(user: User, now: dt.datetime) -> Panel:
    progress = verification_selectors.queue_progress(verifier=user)
    return Panel(
        role=Role.VERIFIKATOR,
        title="Verifikator",
        stats=[
            Stat("Tugas verifikasi belum selesai", progress.open, "recruitment:verification-queue"),
            Stat("Tugas verifikasi selesai", progress.done),
        ],
        links=[Link("Antrean verifikasi", "recruitment:verification-queue")],
    )


def _assessor(user: User, now: dt.datetime) -> Panel:
    work = selection_panels.assessor_work(user=user, now=now)
    deadline = (
        format_datetime_wib(work.next_deadline)
        if work.next_deadline
        else "Tidak ada batas waktu penilaian yang akan datang."
    )
    return Panel(
        role=Role.ASESOR,
        title="Asesor",
        stats=[
            Stat("Penilaian belum dikirim", work.open, "selection:my-assessments"),
            Stat("Penilaian sudah dikirim", work.submitted),
        ],
        facts=[Fact("Batas penilaian terdekat", deadline)],
        links=[
            Link("Penilaian saya", "selection:my-assessments"),
            Link("Konflik kepentingan", "recruitment:conflict-list"),
        ],
    )


def _proctor(user: User, now: dt.datetime) -> Panel:
    agenda = exam_panels.proctor_agenda(user=user, now=now)
    sitting = agenda.next_sitting
    if sitting is None:
        facts = [Fact("Sesi berikutnya", "Belum ada sesi mendatang yang ditugaskan kepada Anda.")]
    else:
        facts = [
            Fact("Sesi berikutnya", f"{sitting.code} — {sitting.blueprint.name}"),
            Fact("Waktu", _when(sitting)),
            Fact("Lokasi", f"{sitting.site}, {sitting.room}"),
        ]
    return Panel(
        role=Role.PENGAWAS_UJIAN,
        title="Pengawas Ujian",
        stats=[
            Stat("Sesi Anda hari ini", agenda.today),
            Stat("Sesi Anda yang belum dimulai", agenda.upcoming),
        ],
        facts=facts,
        links=[
            Link("Pemeriksaan kehadiran", "exams:checkin-sittings"),
            Link("Pengawasan ujian", "exams:proctor-sittings"),
        ],
    )


# A landing page, not the bank list: past this many banks the rest is one click away.
MAX_BANK_STATS = 6


def _question_writer(user: User, now: dt.datetime) -> Panel:
    banks = exam_panels.active_questions_per_bank()
    links = [Link("Bank soal", "exams:bank-list")]
    if not banks:
        note = "Belum ada bank soal. Buat bank soal pertama dari halaman Bank soal."
        return Panel(role=Role.PENULIS_SOAL, title="Penulis Soal", links=links, note=note)
    hidden = len(banks) - MAX_BANK_STATS
    return Panel(
        role=Role.PENULIS_SOAL,
        title="Penulis Soal",
        stats=[
            Stat("Soal aktif, semua bank", sum(bank.active for bank in banks)),
            *[
                Stat(f"Soal aktif · {bank.name}", bank.active, "exams:bank-detail", (bank.bank_id,))
                for bank in banks[:MAX_BANK_STATS]
            ],
        ],
        links=links,
        note=f"{hidden} bank soal lain ada di halaman Bank soal." if hidden > 0 else "",
    )


PANELS: dict[Role, PanelBuilder] = {
    Role.PELAMAR: _applicant,
    Role.PEGAWAI: _employee,
    Role.ATASAN: _supervisor,
    Role.ADMIN_BKPSDM: _hr_admin,
    Role.ADMIN_OPD: _opd_admin,
    Role.VERIFIKATOR: _verifier,
    Role.ASESOR: _assessor,
    Role.PENGAWAS_UJIAN: _proctor,
    Role.PENULIS_SOAL: _question_writer,
    Role.AUDITOR: _auditor,
}

"""The demo's performance history (issue #8): the two closed years before the performance story's
year (2024 and 2025 when the demo is built in 2026), for the staff of Dinas Kesehatan, built only
through the performance services (and the accounts and employees services for the logins the
SKPs need). No row is written directly.

Why Dinas Kesehatan: every story of the demo happens there, and its staff are the ones with a
potential score (career.py), so the 9-box can place them. Why logins: only the employee drafts
their own SKP and only the pejabat penilai named on it approves and decides it, so every owner
and every evaluator needs an account: every Dinas Kesehatan employee without a demo login gets
one (user name the NIP, the demo password, Pegawai, and Atasan for whoever supervises someone),
as does the Sekretaris Daerah, the pejabat penilai of the Kepala Dinas. The later stories
(training, discipline) then notify them too.

Who: every Dinas Kesehatan employee in service on 1 January of the year (the TMT CPNS, or the
first PPPK contract, on or before it); a CPNS of this year or a PPPK of the last intake has no
history, so the 9-box shows them with the reason and the TPP run gives them the rate for no final
predikat.

Each year, with the clock set back to the day each step happened (the services check "today"):
1. 2 January: Admin BKPSDM opens the year (360 input until 15 January of the next year, ratings
   until 31 January, keberatan within 14 days); 8 January: every employee drafts an SKP of one
   RHK and one indicator (by kind of jabatan; a staff RHK intervenes in the pejabat penilai's)
   and submits it; 14 January: the pejabat penilai approve them, from the top down; 15 January:
   the year runs.
2. 20 January of the next year: the pejabat penilai decide. Mostly Baik; Sangat Baik, Butuh
   Perbaikan and the one Kurang as listed below. No 360 input was collected, so no decision needs
   a justification; the Kurang has one anyway.
3. The Kurang of last year (the Pengadministrasi Perkantoran of Seksi Pelayanan Kesehatan
   Rujukan, whom the discipline story finds on the absence ladder again) files a keberatan on 23
   January; the pejabat penilai explains on 27 January; the kepala bidang (`atasan`, the atasan
   pejabat penilai) upholds the result on 2 February: FINAL.
4. 3 February: everyone has read the result. 4 February: the nightly `performance_finalise` makes
   every result nobody objected to final (the keberatan window ended on 3 February). 5 February:
   Admin BKPSDM closes the year.

The older year is planned before last year's decisions, so the audit log reads in date order.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from simerit.accounts import services as account_services
from simerit.accounts.models import User
from simerit.core.dates import WIB
from simerit.core.exceptions import DomainError
from simerit.core.roles import Role
from simerit.demo import data
from simerit.demo.discipline import LADDER
from simerit.demo.performance import story_year
from simerit.employees import services as employee_services
from simerit.employees.models import Employee, EmployeeKind
from simerit.notifications import services as notification_services
from simerit.notifications.models import Notification
from simerit.organization.models import Position
from simerit.performance.models import (
    Indicator,
    PerformanceYear,
    Predikat,
    Rating,
    Skp,
    WorkResult,
)
from simerit.performance.services import appraisal as appraisal_services
from simerit.performance.services import objections as objection_services
from simerit.performance.services import planning as planning_services
from simerit.performance.services import planning_results as result_services
from simerit.performance.services import planning_years as year_services

UNIT = "DINKES"


@dataclass(frozen=True)
class Who:
    """A person of the history: a demo login, or the first PNS (by id) holding `position` in the
    unit whose code is `unit` (that unit only, not its children)."""

    login: str = ""
    unit: str = ""
    position: str = ""


KEPALA_SEKSI_PRIMER = Who(
    unit="DINKES-YANKES-PRIMER", position="Kepala Seksi Pelayanan Kesehatan Primer"
)
KEPALA_PKM_DEMPO = Who(unit="DINKES-PKM-DEMPO", position="Kepala UPTD Puskesmas Dempo")
DOKTER_MERDEKA = Who(unit="DINKES-PKM-MERDEKA", position="Dokter Ahli Pertama")
EPIDEMIOLOG = Who(unit="DINKES-P2P", position="Epidemiolog Kesehatan Ahli Pertama")
BIDAN_MERDEKA = Who(unit="DINKES-PKM-MERDEKA", position="Bidan Terampil")
PERAWAT_DEMPO = Who(unit="DINKES-PKM-DEMPO", position="Perawat Terampil")
BIDAN_DEMPO = Who(unit="DINKES-PKM-DEMPO", position="Bidan Terampil")
PENYULUH = Who(unit="DINKES-KESMAS", position="Penyuluh Kesehatan Masyarakat Ahli Pertama")
ABSENT_CLERK = Who(unit=LADDER[0], position=LADDER[1])

# The predikat other than Baik, per year: the older year first, then last year. Everyone else in
# service that year is Baik. Someone listed who was not in service that year (the people depend on
# the day the demo is built) is replaced by the first colleague of the same unit who was and is
# not listed yet (`choose`), so the spread stays the same.
OTHER_PREDIKATS: tuple[dict[Who, Predikat], dict[Who, Predikat]] = (
    {
        Who(login="atasan"): Predikat.SANGAT_BAIK,
        KEPALA_SEKSI_PRIMER: Predikat.SANGAT_BAIK,
        KEPALA_PKM_DEMPO: Predikat.SANGAT_BAIK,
        DOKTER_MERDEKA: Predikat.SANGAT_BAIK,
        PERAWAT_DEMPO: Predikat.BUTUH_PERBAIKAN,
        PENYULUH: Predikat.BUTUH_PERBAIKAN,
    },
    {
        Who(login="atasan"): Predikat.SANGAT_BAIK,
        Who(login="pegawai"): Predikat.SANGAT_BAIK,
        KEPALA_PKM_DEMPO: Predikat.SANGAT_BAIK,
        EPIDEMIOLOG: Predikat.SANGAT_BAIK,
        BIDAN_MERDEKA: Predikat.SANGAT_BAIK,
        PENYULUH: Predikat.BUTUH_PERBAIKAN,
        BIDAN_DEMPO: Predikat.BUTUH_PERBAIKAN,
        ABSENT_CLERK: Predikat.KURANG,
    },
)
# The ratings (hasil kerja, perilaku kerja) that give each predikat in the §5.4 matrix.
RATINGS = {
    Predikat.SANGAT_BAIK: (Rating.ABOVE, Rating.ABOVE),
    Predikat.BAIK: (Rating.AS_EXPECTED, Rating.AS_EXPECTED),
    Predikat.BUTUH_PERBAIKAN: (Rating.BELOW, Rating.AS_EXPECTED),
    Predikat.KURANG: (Rating.AS_EXPECTED, Rating.BELOW),
}
KURANG_JUSTIFICATION = (
    "Perilaku kerja di bawah ekspektasi pada nilai Akuntabel dan Harmonis: tidak masuk kerja "
    "tanpa keterangan 4 hari pada Agustus dan September, dan dua kali ditegur lisan karena surat "
    "rujukan yang diminta pasien tertunda lebih dari sepekan. Hasil kerja administrasi persuratan "
    "seksi sesuai ekspektasi."
)
OBJECTION_REASONS = (
    "Saya keberatan atas rating perilaku kerja di bawah ekspektasi. Pada bulan Agustus saya "
    "mengantar orang tua berobat ke Jakarta dan sudah memberi tahu kepala seksi secara lisan. "
    "Surat rujukan tertunda karena aplikasi persuratan tidak dapat diakses."
)
EVALUATOR_STATEMENT = (
    "Tidak ada pemberitahuan lisan maupun permohonan cuti atau izin. Aplikasi persuratan hanya "
    "terganggu satu hari (catatan Dinas Kominfo), sedangkan surat rujukan tertunda 8 dan 9 hari "
    "kerja."
)
DECISION_REASON = (
    "Penjelasan pejabat penilai didukung daftar hadir dan catatan gangguan aplikasi dari Dinas "
    "Kominfo; tidak ada permohonan cuti atau izin atas ketidakhadiran itu. Hasil penilaian tetap: "
    "predikat Kurang."
)
Q, QL, T = Indicator.Aspect.QUANTITY, Indicator.Aspect.QUALITY, Indicator.Aspect.TIME


@dataclass
class PerformanceHistoryResult:
    years: tuple[int, ...] = ()
    accounts: int = 0
    skps: int = 0
    # {year: {predikat value: count}} of the final appraisals.
    predikats: dict[int, dict[str, int]] = field(default_factory=dict)
    objections: int = 0
    finalised: int = 0


def history_years(today: dt.date) -> tuple[int, int]:
    """The two years before the performance story's year, the older first."""
    year = story_year(today)
    return year - 2, year - 1


def in_service(employee: Employee, year: int) -> bool:
    """In service on 1 January of `year` (a CPNS is appointed this year: never)."""
    start = employee.tmt_cpns
    return employee.kind != EmployeeKind.CPNS and start is not None and start <= dt.date(year, 1, 1)


def find(who: Who) -> Employee:
    if who.login:
        found = Employee.objects.filter(user__username=who.login).first()
    else:
        found = (
            Employee.objects.filter(
                work_unit__code=who.unit, position__name=who.position, kind=EmployeeKind.PNS
            )
            .order_by("pk")
            .first()
        )
    if found is None:
        raise DomainError(f"Data demo: pegawai {who} untuk riwayat kinerja tidak ada.")
    return found


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=WIB)


@contextmanager
def clock(moment: dt.datetime) -> Iterator[None]:
    """The services read `timezone.now` (and `localdate` from it): set it back to `moment`."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def plan_text(employee: Employee) -> tuple[str, str, str, Decimal, str]:
    """One RHK and its indicator by kind of jabatan: (RHK, aspect, indicator, target, unit)."""
    unit, position = employee.work_unit.name, employee.position
    kind = position.kind
    if kind in {Position.Kind.JPT_PRATAMA, Position.Kind.ADMINISTRATOR}:
        return (
            f"Tercapainya sasaran kinerja {unit}",
            QL,
            f"Indikator kinerja {unit} yang tercapai",
            Decimal(100),
            "%",
        )
    if kind == Position.Kind.PENGAWAS:
        return (
            f"Terlaksananya kegiatan {unit} sesuai rencana aksi",
            Q,
            "Laporan kegiatan bulanan yang disampaikan tepat waktu",
            Decimal(12),
            "laporan",
        )
    if kind == Position.Kind.FUNGSIONAL:
        return (
            f"Terlaksananya tugas jabatan {position.name} sesuai standar pelayanan di {unit}",
            QL,
            "Layanan yang diberikan sesuai standar operasional prosedur",
            Decimal(90),
            "%",
        )
    return (
        f"Terselesaikannya administrasi {unit} tepat waktu",
        T,
        "Rata-rata waktu penyelesaian surat dan dokumen",
        Decimal(3),
        "hari",
    )


class PerformanceHistoryStory:
    def __init__(self, *, today: dt.date) -> None:
        self.years = history_years(today)
        self.result = PerformanceHistoryResult(years=self.years)
        self.admin = User.objects.get(username="admin.bkpsdm")
        self.staff = top_down(
            Employee.objects.filter(work_unit__code__startswith=UNIT, is_active=True)
            .select_related("work_unit", "position", "supervisor", "user")
            .order_by("pk")
        )
        self.predikats = [
            self.choose(year, plan) for year, plan in zip(self.years, OTHER_PREDIKATS, strict=True)
        ]
        self.skps: dict[tuple[int, int], Skp] = {}  # (year, employee id) → SKP
        # The messages of the history are those after this one (read_results).
        self.last_notification = (
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )

    def build(self) -> PerformanceHistoryResult:
        older, last = self.years
        with clock(at(older, 1, 2, 7)):
            self.accounts()
        years = [self.plan(older), self.plan(last)]
        for index, year in enumerate(years):
            self.rate(year, self.predikats[index])
        return self.result

    def people(self, year: int) -> list[Employee]:
        return [employee for employee in self.staff if in_service(employee, year)]

    def choose(self, year: int, plan: dict[Who, Predikat]) -> dict[int, Predikat]:
        """{employee id: predikat} of the people `plan` lists, as in service in `year`."""
        serving = sorted(self.people(year), key=lambda employee: employee.pk)
        chosen: dict[int, Predikat] = {}
        for who, predikat in plan.items():
            listed = find(who)
            unit = [person for person in serving if person.work_unit_id == listed.work_unit_id]
            if predikat == Predikat.KURANG:  # the keberatan needs an atasan pejabat penilai
                unit = [person for person in unit if has_superior_evaluator(person)]
            fallback = [person for person in unit if person.pk not in chosen]
            person = listed if listed in unit and listed.pk not in chosen else None
            person = person or (fallback[0] if fallback else None)
            if person is not None:
                chosen[person.pk] = predikat
        return chosen

    # --- The logins the services need

    def accounts(self) -> None:
        """A login for every Dinas Kesehatan employee without one, and for the Sekretaris
        Daerah (the Kepala Dinas's pejabat penilai)."""
        needed: list[Employee] = []
        for employee in self.staff:
            for person in (employee, employee.supervisor):
                if person is not None and person.user_id is None and person not in needed:
                    needed.append(person)
        for employee in needed:
            roles = [Role.PEGAWAI]
            if Employee.objects.filter(supervisor=employee).exists():
                roles.append(Role.ATASAN)
            user = account_services.create_user(
                username=employee.nip,
                full_name=employee.display_name,
                password=data.DEMO_PASSWORD,
                roles=roles,
                actor=None,
                email=f"{employee.nip}@demo.simerit.test",
            )
            employee_services.link_user_to_employee(employee=employee, user=user, actor=None)
            self.result.accounts += 1
        for employee in self.staff:
            employee.refresh_from_db(fields=["user"])

    # --- 1. The year and the SKPs

    def plan(self, number: int) -> PerformanceYear:
        with clock(at(number, 1, 2, 8)):
            year = year_services.open_year(
                year=number,
                config=year_services.YearConfig(
                    starts_on=dt.date(number, 1, 1),
                    ends_on=dt.date(number, 12, 31),
                    ratings_close_on=dt.date(number + 1, 1, 31),
                    feedback_closes_on=dt.date(number + 1, 1, 15),
                ),
                actor=self.admin,
            )
        people = self.people(number)
        with clock(at(number, 1, 8)):
            for employee in people:
                self.draft(year, employee)
        with clock(at(number, 1, 14, 10)):
            for employee in people:
                skp = self.skps[(number, employee.pk)]
                planning_services.approve_skp(skp=skp, actor=evaluator_user(skp))
                self.result.skps += 1
        with clock(at(number, 1, 15, 8)):
            return year_services.advance_year(year=year, actor=self.admin)

    def draft(self, year: PerformanceYear, employee: Employee) -> None:
        """The employee's SKP: one RHK intervening in the pejabat penilai's first, submitted."""
        owner = employee.user
        if owner is None:
            raise DomainError(f"Data demo: {employee.display_name} belum memiliki akun.")
        skp = planning_services.create_skp(year=year, actor=owner)
        text, aspect, indicator, target, unit = plan_text(employee)
        evaluator_skp = self.skps.get((year.year, skp.evaluator_id))
        parent = evaluator_skp.results.order_by("order").first() if evaluator_skp else None
        result = result_services.add_result(
            skp=skp,
            data=result_services.ResultInput(kind=WorkResult.Kind.MAIN, text=text, parent=parent),
            actor=owner,
        )
        result_services.add_indicator(
            result=result,
            data=result_services.IndicatorInput(aspect, indicator, target, unit),
            actor=owner,
        )
        self.skps[(year.year, employee.pk)] = planning_services.submit_skp(skp=skp, actor=owner)

    # --- 2.–4. The decisions, the keberatan, the final results, the year closed

    def rate(self, year: PerformanceYear, others: dict[int, Predikat]) -> None:
        number = year.year
        people = self.people(number)
        counts: dict[str, int] = {}
        with clock(at(number + 1, 1, 20)):
            for employee in people:
                skp = self.skps[(number, employee.pk)]
                predikat = others.get(employee.pk, Predikat.BAIK)
                result, behaviour = RATINGS[predikat]
                appraisal_services.decide_appraisal(
                    skp=skp,
                    result_rating=result,
                    behaviour_rating=behaviour,
                    justification=KURANG_JUSTIFICATION if predikat == Predikat.KURANG else "",
                    actor=evaluator_user(skp),
                )
                counts[predikat.value] = counts.get(predikat.value, 0) + 1
        for employee_id, predikat in others.items():
            if predikat == Predikat.KURANG:
                self.objection(self.skps[(number, employee_id)], number)
        with clock(at(number + 1, 2, 3, 8)):
            self.read_results()
        with clock(at(number + 1, 2, 4, 1)):
            self.result.finalised += appraisal_services.finalise_expired_appraisals(
                today=dt.date(number + 1, 2, 4)
            )
        with clock(at(number + 1, 2, 5, 8)):
            year_services.advance_year(year=year, actor=self.admin)
        self.result.predikats[number] = dict(sorted(counts.items()))

    def objection(self, skp: Skp, number: int) -> None:
        owner, superior = skp.employee.user, skp.evaluator_superior
        if owner is None or superior is None or superior.user is None:
            raise DomainError("Data demo: keberatan riwayat kinerja tanpa akun atasan.")
        with clock(at(number + 1, 1, 23, 10)):
            objection = objection_services.file_objection(
                appraisal=skp.appraisal, reasons=OBJECTION_REASONS, actor=owner
            )
        with clock(at(number + 1, 1, 27, 10)):
            objection_services.add_objection_statement(
                objection=objection, text=EVALUATOR_STATEMENT, actor=evaluator_user(skp)
            )
        with clock(at(number + 1, 2, 2, 10)):
            objection_services.decide_objection(
                objection=objection,
                outcome="upheld",
                result_rating=None,
                behaviour_rating=None,
                reason=DECISION_REASON,
                actor=superior.user,
            )
        self.result.objections += 1

    def read_results(self) -> None:
        """Everyone opened the messages of the history (results, the keberatan) long ago."""
        unread = Notification.objects.filter(pk__gt=self.last_notification, read_at__isnull=True)
        by_user: dict[int, list[int]] = {}
        for user_id, pk in unread.values_list("user_id", "pk").order_by("pk"):
            by_user.setdefault(user_id, []).append(pk)
        for user in User.objects.filter(pk__in=by_user).order_by("pk"):
            notification_services.mark_read(user=user, notification_ids=by_user[user.pk])


def has_superior_evaluator(employee: Employee) -> bool:
    supervisor = employee.supervisor
    return supervisor is not None and supervisor.supervisor_id is not None


def evaluator_user(skp: Skp) -> User:
    user = skp.evaluator.user
    if user is None:
        raise DomainError(f"Data demo: pejabat penilai {skp.evaluator.display_name} tanpa akun.")
    return user


def top_down(employees: Iterable[Employee]) -> list[Employee]:
    """The employees ordered so that a supervisor comes before their staff (then by id)."""
    people = list(employees)
    ids = {employee.pk for employee in people}
    by_id = {employee.pk: employee for employee in people}

    def depth(employee: Employee) -> int:
        level = 0
        while employee.supervisor_id in ids:
            employee = by_id[employee.supervisor_id]
            level += 1
        return level

    return sorted(people, key=lambda employee: (depth(employee), employee.pk))

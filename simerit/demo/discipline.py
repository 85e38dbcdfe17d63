"""The demo's discipline story (issue #8, PP 94/2021), built only through the discipline services
on the people of Dinas Kesehatan. No row is written directly.

1. A case from report to a sedang sanction: the Kepala UPTD Puskesmas Merdeka reports that the
   puskesmas' Apoteker Ahli Pertama stayed away without a valid reason for 12 working days in
   the month before the attendance recaps start (PP 94/2021 Pasal 4 huruf f; the absence ladder
   puts 11–13 days at a sedang sanction). Admin BKPSDM records the report at the start of the
   month three months back, the summons (the examination 7 working days after the letter), the
   attendance, the examination team (the atasan, an auditor of the Inspektorat and an HR
   analyst), the BAP (proven, sedang) and the decision: pemotongan TPP 25 % for 6 months from
   the 1st of the month two months back, so it is running on the demo's day and cuts the TPP of
   last month (compensation.py). The employee received the decision the next working day and
   filed a keberatan within the window; it is pending (the sanction runs meanwhile).
2. The attendance recaps of the last three months, for every active employee, imported from an
   Excel file as the attendance system exports it: a few late minutes here and there, and the
   Pengadministrasi Perkantoran of Seksi Pelayanan Kesehatan Rujukan stayed away five days last
   month, which puts this employee on the absence ladder (4–6 days: teguran tertulis) with no
   case yet, so Admin BKPSDM can open one from the ladder page.

Dates: every step happened on the day it names, at or before the demo's day (the services check
them against today); the months are counted back from the demo's day, so the sanction is
running whatever day the demo is built.
"""

import datetime as dt
import random
from dataclasses import dataclass

import openpyxl

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.core.spreadsheets.writing import TEXT_FORMAT, text_cell, workbook_bytes
from simerit.demo import data
from simerit.discipline import importing
from simerit.discipline.models import (
    DisciplineArticle,
    DisciplineCase,
    DisciplineSettings,
    Level,
    Sanction,
    SanctionType,
    TeamMember,
)
from simerit.discipline.rules import pp94
from simerit.discipline.services import appeals as appeal_services
from simerit.discipline.services import cases as case_services
from simerit.discipline.services import decisions as decision_services
from simerit.discipline.services import procedure as procedure_services
from simerit.employees.models import Employee, EmployeeKind

DEMO_NOTE = "Contoh data demo SiMerit."
ARTICLE = "Pasal 4 huruf f"  # masuk kerja dan menaati ketentuan jam kerja
ABSENT_DAYS = 12  # the ladder's 11–13 days: pemotongan TPP 25 % for 6 months (§7.2)
SANCTION_TYPE = SanctionType.POTONG_6
PLACE = "Ruang Rapat Bidang Pembinaan dan Disiplin, BKPSDM Kota Palembang"
OFFICIAL = "Wali Kota Palembang"
# (unit code, jabatan): the employees of the story, the first PNS of that kind by id.
SANCTIONED = ("DINKES-PKM-MERDEKA", "Apoteker Ahli Pertama")
# The same jabatan and TMT CPNS year at the other puskesmas: the Satyalancana list keeps her.
COLLEAGUE = ("DINKES-PKM-DEMPO", "Apoteker Ahli Pertama")
LADDER = ("DINKES-YANKES-RUJUKAN", "Pengadministrasi Perkantoran")
LADDER_ABSENT_DAYS = 5  # 4–6 days: teguran tertulis (ringan)
LADDER_LONGEST = 2
PENGAWASAN = ("INSPEKTORAT", "Auditor Ahli Muda")
KEPEGAWAIAN = ("BKPSDM", "Analis SDM Aparatur Ahli Pertama")
RECAP_MONTHS = 3


@dataclass
class DisciplineStoryResult:
    cases: int = 0
    summonses: int = 0
    team: int = 0
    examinations: int = 0
    sanctions: int = 0
    appeals: int = 0
    attendance_rows: int = 0
    case_number: str = ""
    employee: str = ""  # the sanctioned employee's name
    sanction_starts_on: dt.date | None = None
    sanction_ends_on: dt.date | None = None
    ladder_employee: str = ""


def month_start(day: dt.date, *, back: int = 0) -> dt.date:
    """The 1st of the month `back` months before the month of `day`."""
    return pp94.add_months(day.replace(day=1), -back)


def staff(unit: str, position: str) -> Employee:
    """The first active PNS (by id) holding `position` in the unit `unit` or below it."""
    found = (
        Employee.objects.filter(
            work_unit__code__startswith=unit,
            position__name=position,
            kind=EmployeeKind.PNS,
            is_active=True,
        )
        .select_related("supervisor", "work_unit", "position")
        .order_by("pk")
        .first()
    )
    if found is None:
        raise DomainError(f"Data demo: {position} di {unit} untuk cerita disiplin tidak ada.")
    return found


def sanctioned_employee() -> Employee:
    return staff(*SANCTIONED)


def colleague_employee() -> Employee:
    return staff(*COLLEAGUE)


def ladder_employee() -> Employee:
    return staff(*LADDER)


class DisciplineStory:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.result = DisciplineStoryResult()
        self.admin = User.objects.get(username="admin.bkpsdm")
        self.settings = DisciplineSettings.objects.get(pk=1)

    def build(self) -> DisciplineStoryResult:
        sanction = self.sanction_case()
        self.result.employee = sanction.employee.display_name
        self.result.sanction_starts_on = sanction.starts_on
        self.result.sanction_ends_on = sanction.ends_on
        self.result.ladder_employee = ladder_employee().display_name
        self.attendance()
        return self.result

    # --- 2. The attendance recaps, one file per month

    def attendance(self) -> None:
        rows = recap_rows(today=self.today)
        for back in range(RECAP_MONTHS, 0, -1):
            month = month_start(self.today, back=back)
            content = recap_workbook([row for row in rows if row[1] == month])
            result = importing.import_attendance(
                content, file_name=f"rekap-kehadiran-{month:%Y-%m}.xlsx", actor=self.admin
            )
            if result.errors:
                raise DomainError(f"Data demo: rekap kehadiran ditolak: {result.errors[0]}")
            self.result.attendance_rows += result.created

    # --- 1. From report to a sedang sanction, and a keberatan

    def sanction_case(self) -> Sanction:
        employee = sanctioned_employee()
        supervisor = employee.supervisor
        if supervisor is None:
            raise DomainError("Data demo: apoteker puskesmas tanpa atasan langsung.")
        first_month = month_start(self.today, back=RECAP_MONTHS)
        absent_month = month_start(self.today, back=RECAP_MONTHS + 1)
        reported_on = first_month + dt.timedelta(days=2)
        case = case_services.open_case(
            data=case_services.CaseInput(
                employee=employee,
                source=DisciplineCase.Source.ATASAN,
                reporter_name=supervisor.display_name,
                reported_on=reported_on,
                incident_on=first_month - dt.timedelta(days=1),
                description=(
                    f"Tidak masuk kerja tanpa alasan yang sah selama {ABSENT_DAYS} hari kerja "
                    f"pada bulan {absent_month:%m/%Y} menurut daftar hadir UPTD Puskesmas "
                    "Merdeka; teguran lisan atasan langsung tidak diindahkan. "
                    f"{DEMO_NOTE}"
                ),
                articles=[DisciplineArticle.objects.get(code=ARTICLE)],
                suspected_level=Level.SEDANG,
            ),
            actor=self.admin,
        )
        self.result.cases += 1
        self.result.case_number = case.number
        issued_on = reported_on + dt.timedelta(days=2)
        examination_on = pp94.add_working_days(issued_on, self.settings.summons_notice_working_days)
        summons = procedure_services.issue_summons(
            case=case,
            data=procedure_services.SummonsInput(
                letter_number=f"800.1.6/{case.number}/P-1/BKPSDM/{issued_on.year}",
                issued_on=issued_on,
                examination_on=examination_on,
                place=PLACE,
            ),
            actor=self.admin,
        )
        self.result.summonses += 1
        procedure_services.record_attendance(
            summons=summons, attended=True, note="Hadir tepat waktu.", actor=self.admin
        )
        for member, role in (
            (supervisor, TeamMember.Role.ATASAN),
            (staff(*PENGAWASAN), TeamMember.Role.PENGAWASAN),
            (staff(*KEPEGAWAIAN), TeamMember.Role.KEPEGAWAIAN),
        ):
            procedure_services.add_team_member(
                case=case, employee=member, role=role, actor=self.admin
            )
            self.result.team += 1
        procedure_services.record_examination(
            case=case,
            data=procedure_services.ExaminationInput(
                held_on=examination_on,
                place=PLACE,
                questions_and_answers=(
                    "T: Apakah Saudara tidak masuk kerja pada hari-hari yang tercantum dalam "
                    "daftar hadir?\nJ: Benar.\nT: Apa alasannya?\nJ: Mengurus usaha apotek "
                    "keluarga; tidak ada izin atau cuti.\nT: Apakah atasan sudah menegur "
                    "Saudara?\nJ: Sudah, secara lisan."
                ),
                employee_statement=(
                    "Saya mengakui tidak masuk kerja tanpa izin dan berjanji tidak mengulanginya."
                ),
                findings=(
                    f"Terbukti tidak masuk kerja tanpa alasan yang sah {ABSENT_DAYS} hari kerja "
                    "secara kumulatif; melanggar kewajiban masuk kerja dan menaati ketentuan jam "
                    "kerja (PP 94/2021 Pasal 4 huruf f). Diusulkan hukuman disiplin tingkat sedang."
                ),
                proven=True,
                proposed_level=Level.SEDANG,
                signed_by_employee=True,
                refusal_note="",
            ),
            actor=self.admin,
        )
        self.result.examinations += 1
        decided_on = pp94.add_working_days(examination_on, 5)
        sanction = decision_services.decide_case(
            case=case,
            data=decision_services.DecisionInput(
                level=Level.SEDANG,
                sanction_type=SANCTION_TYPE,
                decree_number=f"800.1.6.4/{case.number}/KPTS/BKPSDM/{decided_on.year}",
                decided_on=decided_on,
                official=OFFICIAL,
                considerations=(
                    f"Tidak masuk kerja tanpa alasan yang sah {ABSENT_DAYS} hari kerja dalam satu "
                    "tahun (PP 94/2021 Pasal 11 ayat (2) huruf d): hukuman disiplin "
                    "tingkat sedang. Pegawai mengakui dan bersikap kooperatif, sehingga "
                    f"dijatuhkan yang paling ringan pada tingkat itu. {DEMO_NOTE}"
                ),
                starts_on=month_start(decided_on, back=-1),
            ),
            actor=self.admin,
        )
        self.result.sanctions += 1
        delivered_on = pp94.add_working_days(decided_on, 1)
        sanction = decision_services.record_delivery(
            sanction=sanction, delivered_on=delivered_on, actor=self.admin
        )
        appeal_services.file_appeal(
            sanction=sanction,
            kind=appeal_services.Kind.KEBERATAN,
            filed_on=pp94.add_working_days(delivered_on, 3),
            reason=(
                "Pegawai meminta hukuman diringankan menjadi hukuman disiplin tingkat ringan: "
                "ketidakhadiran karena mengurus orang tua yang sakit di apotek keluarga, dan "
                f"belum pernah dihukum sebelumnya. {DEMO_NOTE}"
            ),
            actor=self.admin,
        )
        self.result.appeals += 1
        return sanction


def recap_rows(*, today: dt.date) -> list[tuple[str, dt.date, int, int, int, int]]:
    """(NIP, month, working days, absent days, late minutes, longest absence) of every active
    employee for the last RECAP_MONTHS months: mostly present, some late minutes drawn from the
    demo's seed, the ladder employee absent LADDER_ABSENT_DAYS days last month."""
    draw = random.Random(data.SEED + 8)  # noqa: S311 - demo data, never secrets
    ladder = ladder_employee().pk
    employees = list(
        Employee.objects.filter(is_active=True).order_by("pk").values_list("pk", "nip")
    )
    rows = []
    for back in range(RECAP_MONTHS, 0, -1):
        month = month_start(today, back=back)
        days = working_days_in(month)
        for pk, nip in employees:
            late = draw.choice((0, 0, 0, 0, 0, 10, 25, 45, 95))
            absent = longest = 0
            if pk == ladder and back == 1:
                absent, longest = LADDER_ABSENT_DAYS, LADDER_LONGEST
            rows.append((nip, month, days, absent, late, longest))
    return rows


def working_days_in(month: dt.date) -> int:
    """Monday to Friday in the month starting on `month` (holidays are not modelled)."""
    end = pp94.add_months(month, 1)
    return pp94.working_days_between(month - dt.timedelta(days=1), end - dt.timedelta(days=1))


def recap_workbook(rows: list[tuple[str, dt.date, int, int, int, int]]) -> bytes:
    """The rows as the attendance system exports them: the import's columns, NIP and month as
    text."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Rekap kehadiran")
    sheet.append(list(importing.HEADERS))
    for nip, month, days, absent, late, longest in rows:
        sheet.append(
            [
                text_cell(sheet, nip, number_format=TEXT_FORMAT),
                text_cell(sheet, f"{month:%Y-%m}", number_format=TEXT_FORMAT),
                days,
                absent,
                late,
                longest,
            ]
        )
    return workbook_bytes(workbook)

"""The demo's performance management: the SKP year of Bidang Pelayanan Kesehatan (Dinas Kesehatan),
built only through the performance services (and the employees and accounts services for the
people it needs). No row is written directly.

The people: the Kepala Dinas Kesehatan (`kadinkes`, pejabat penilai of the kepala bidang and
atasan pejabat penilai of the bidang's staff); the kepala bidang (`atasan`); five jabatan
fungsional staff directly under the bidang, who are each other's peers for the 360 input: the
demo's `pegawai` (Perawat Ahli Pertama), the Perawat (PPPK) and the Administrator Kesehatan the
organisation already has (`rekan1`, `rekan2`), and a Perawat and an Administrator Kesehatan hired
here (`rekan3`, `rekan4`), so that every SKP has at least three peers.

1. Admin BKPSDM opens the year (quarterly realisation, the national defaults: at least 3 peers
   before their answers are shown, justification beyond 1 level, keberatan within 14 days).
2. The kepala bidang's SKP (3 RHK) is approved by the kepala dinas; each staff SKP cascades from it
   and is approved by the kepala bidang; the year then runs.
3. `pegawai`: realisation of Triwulan I–III of every indicator, one evidence PDF, the kepala
   bidang's feedback per result and expectations per BerAKHLAK value, a coaching session with
   the employee's feedback on it. The other staff record their realisation too (`rekan3`'s well
   below target, with a konseling session); the kepala bidang's own SKP has none yet.
4. 360: the kepala bidang proposes the raters by rule; self, supervisor and peers answer (the
   scores below); then Admin BKPSDM closes the collection, so the aggregates are shown and can
   be decided on. `pegawai` was rated by self, supervisor and 3 of 4 peers (peers shown: 3 is
   the threshold); `rekan4`'s SKP got 2 peer answers before the close (withheld).
5. Decisions of the kepala bidang: `rekan1` Baik; `rekan2` Baik with a justification (the peers'
   near-perfect scores put the 360 evidence more than 1 level above "sesuai ekspektasi");
   `rekan3` Butuh Perbaikan (results below expectations), which records two training needs (the
   predikat, and panduan perilaku 6c scored low). `rekan3` files a keberatan; the kepala bidang
   and `rekan3` give their statements; the kepala dinas has not decided it.
6. Admin BKPSDM sets the bidang's organisation predikat: Baik (the distribution check conforms:
   2 of 3 Baik, one Butuh Perbaikan).

Dates: every step runs at the seed's time, as the services check against today. The year is the
one whose Triwulan III has ended (the current year from October, else the previous one); the
rating window stays open at least 30 days after the seed.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.core.files.base import ContentFile
from django.urls import reverse

from simerit.accounts import services as account_services
from simerit.accounts.models import User
from simerit.demo import data
from simerit.demo.documents import document_pdf
from simerit.demo.performance_data import (
    ACCOUNTS,
    ADMINISTRATOR_KESEHATAN,
    ANSWERS,
    DECISIONS,
    EMPLOYEE_STATEMENT,
    EVALUATOR_STATEMENT,
    EVIDENCE_FOR,
    EVIDENCE_PERIOD,
    EXPECTATIONS,
    KABID_PLAN,
    KEPALA_DINAS,
    OBJECTION_REASONS,
    STAFF,
    STAFF_PLANS,
    TRY_PAGES,
    UNIT_PREDIKAT_NOTE,
    Measure,
    Plan,
)
from simerit.demo.positions import PERAWAT_PERTAMA, PositionSpec
from simerit.employees import services as employee_services
from simerit.employees.models import Employee, EmployeeKind
from simerit.organization.models import Position, WorkUnit
from simerit.performance.models import (
    BehaviourIndicator,
    BehaviourValue,
    CoachingNote,
    Indicator,
    Objection,
    OrganisationPredikat,
    PerformanceYear,
    RaterAssignment,
    Realisation,
    Skp,
    WorkResult,
)
from simerit.performance.services import appraisal as appraisal_services
from simerit.performance.services import coaching as coaching_services
from simerit.performance.services import feedback360 as feedback360_services
from simerit.performance.services import objections as objection_services
from simerit.performance.services import planning as planning_services
from simerit.performance.services import planning_results as result_services
from simerit.performance.services import planning_years as year_services
from simerit.performance.services import realisation as realisation_services
from simerit.performance.services import unit_predikat as unit_predikat_services


class Hire(Protocol):
    """The seed's way to add an employee (seed._Builder.employee: the demo's people generator)."""

    def __call__(
        self,
        spec: PositionSpec,
        *,
        unit: WorkUnit,
        kind: str,
        supervisor: Employee | None,
        position: Position | None = None,
        gender: str = "",
    ) -> Employee: ...


@dataclass
class PerformanceStoryResult:
    year: int = 0
    hired: int = 0
    accounts: int = 0
    skps: int = 0
    results: int = 0
    realisations: int = 0
    evidence: int = 0
    answers: int = 0
    appraisals: int = 0
    objections: int = 0


def story_year(today: dt.date) -> int:
    """The year whose Triwulan III has ended by `today`."""
    return today.year if today >= dt.date(today.year, 10, 1) else today.year - 1


class PerformanceStory:
    def __init__(self, *, today: dt.date, users: dict[str, User], hire: Hire) -> None:
        self.today = today
        self.users = dict(users)
        self.hire = hire
        self.admin = users["admin.bkpsdm"]
        self.result = PerformanceStoryResult(year=story_year(today))
        self.skps: dict[str, Skp] = {}

    def build(self) -> PerformanceStoryResult:
        year = self.open_year()
        self.people()
        kabid = self.plan("atasan", year, KABID_PLAN, parents=[], approver=KEPALA_DINAS)
        parents = list(kabid.results.order_by("order"))
        for username in STAFF:
            self.plan(username, year, STAFF_PLANS[username], parents=parents, approver="atasan")
        year_services.advance_year(year=year, actor=self.admin)
        self.document()
        self.feedback360()
        # The aggregates are shown, and decided on, only once the collection is over (ADR 0010).
        year_services.close_feedback(year=year, actor=self.admin)
        self.decide()
        unit_predikat_services.set_unit_predikat(
            year=year,
            work_unit=kabid.work_unit,
            predikat=OrganisationPredikat.BAIK,
            note=UNIT_PREDIKAT_NOTE,
            actor=self.admin,
        )
        return self.result

    # --- 1. The year and the people

    def open_year(self) -> PerformanceYear:
        number = self.result.year
        closes = max(dt.date(number + 1, 1, 31), self.today + dt.timedelta(days=30))
        config = year_services.YearConfig(
            starts_on=dt.date(number, 1, 1),
            ends_on=dt.date(number, 12, 31),
            ratings_close_on=closes,
        )
        return year_services.open_year(year=number, config=config, actor=self.admin)

    def people(self) -> None:
        """Hire two staff so that every SKP has at least three peers; add the logins."""
        atasan = Employee.objects.get(user=self.users["atasan"])
        pegawai = Employee.objects.get(user=self.users["pegawai"])
        existing = list(
            Employee.objects.filter(
                work_unit=atasan.work_unit,
                supervisor=atasan,
                position__kind=Position.Kind.FUNGSIONAL,
            )
            .exclude(pk=pegawai.pk)
            .order_by("pk")
        )
        perawat, administrator = existing  # the Perawat (PPPK), the Administrator Kesehatan
        hired = [
            self.hire(
                spec,
                unit=atasan.work_unit,
                kind=EmployeeKind.PNS,
                supervisor=atasan,
                position=colleague.position,
            )
            for spec, colleague in (
                (PERAWAT_PERTAMA, perawat),
                (ADMINISTRATOR_KESEHATAN, administrator),
            )
        ]
        self.result.hired = len(hired)
        who = [atasan.supervisor, perawat, administrator, *hired]
        for (username, roles), employee in zip(ACCOUNTS, who, strict=True):
            assert employee is not None  # noqa: S101 (the kepala bidang has a supervisor)
            user = account_services.create_user(
                username=username,
                full_name=employee.display_name,
                password=data.DEMO_PASSWORD,
                roles=roles,
                actor=None,
                email=f"{username}@demo.simerit.test",
            )
            employee_services.link_user_to_employee(employee=employee, user=user, actor=None)
            self.users[username] = user
            self.result.accounts += 1

    # --- 2. Planning

    def plan(
        self,
        username: str,
        year: PerformanceYear,
        plans: tuple[Plan, ...],
        *,
        parents: list[WorkResult],
        approver: str,
    ) -> Skp:
        """The employee drafts and submits the SKP; the pejabat penilai approves it."""
        owner = self.users[username]
        skp = planning_services.create_skp(year=year, actor=owner)
        for plan in plans:
            result = result_services.add_result(
                skp=skp,
                data=result_services.ResultInput(
                    kind=WorkResult.Kind.MAIN,
                    text=plan.text,
                    parent=None if plan.parent is None else parents[plan.parent],
                ),
                actor=owner,
            )
            for measure in plan.measures:
                result_services.add_indicator(
                    result=result,
                    data=result_services.IndicatorInput(
                        measure.aspect, measure.text, *measure.target_and_unit()
                    ),
                    actor=owner,
                )
            self.result.results += 1
        planning_services.submit_skp(skp=skp, actor=owner)
        skp = planning_services.approve_skp(skp=skp, actor=self.users[approver])
        self.result.skps += 1
        self.skps[username] = skp
        return skp

    # --- 3. Realisation, evidence, feedback, expectations, coaching

    def document(self) -> None:
        atasan = self.users["atasan"]
        for username in STAFF:
            skp = self.skps[username]
            results = skp.results.order_by("order")
            for plan, result in zip(STAFF_PLANS[username], results, strict=True):
                for measure, indicator in zip(
                    plan.measures, result.indicators.order_by("pk"), strict=True
                ):
                    self.realise(username, indicator, measure)
                if plan.feedback:
                    realisation_services.add_result_feedback(
                        result=result, period_index=3, text=plan.feedback, actor=atasan
                    )
        pegawai_skp = self.skps["pegawai"]
        values = BehaviourValue.objects.order_by("order")
        for value, text in zip(values, EXPECTATIONS, strict=True):
            planning_services.set_expectation(skp=pegawai_skp, value=value, text=text, actor=atasan)
        self.coaching()

    def realise(self, username: str, indicator: Indicator, measure: Measure) -> None:
        owner = self.users[username]
        for index, value in enumerate(measure.realised.split(), start=1):
            realisation = realisation_services.record_realisation(
                indicator=indicator,
                period_index=index,
                value=Decimal(value),
                note="",
                actor=owner,
            )
            self.result.realisations += 1
            if username == "pegawai" and index == EVIDENCE_PERIOD and measure is EVIDENCE_FOR:
                self.evidence(realisation)

    def evidence(self, realisation: Realisation) -> None:
        """The pegawai's report of Triwulan III, a one-page PDF."""
        pegawai = Employee.objects.get(user=self.users["pegawai"])
        content = document_pdf(
            title=f"Laporan Pembinaan Asuhan Keperawatan Triwulan III {self.result.year}",
            name=pegawai.display_name,
            lines=(
                "Bidang Pelayanan Kesehatan, Dinas Kesehatan Kota Palembang",
                "Puskesmas binaan yang dibina sampai triwulan III: 10 dari 12",
                "Rekomendasi yang ditindaklanjuti: 82 %",
            ),
        )
        realisation_services.add_evidence(
            realisation=realisation,
            upload=ContentFile(content, name="laporan-pembinaan-askep-triwulan-iii.pdf"),
            actor=self.users["pegawai"],
        )
        self.result.evidence += 1

    def coaching(self) -> None:
        year, atasan = self.result.year, self.users["atasan"]
        note = coaching_services.add_coaching_note(
            skp=self.skps["pegawai"],
            kind=CoachingNote.Kind.COACHING,
            held_on=dt.date(year, 8, 14),
            notes="Membahas capaian triwulan II: pembinaan 7 dari 12 puskesmas dan 118 keluarga "
            "Perkesmas. Laporan pembinaan masih 5 hari setelah kunjungan; hambatan utama jadwal "
            "kunjungan yang bentrok dengan posyandu lansia.",
            next_steps="Menyusun jadwal pembinaan triwulan III bersama kepala puskesmas; laporan "
            "pembinaan memakai templat baru agar selesai dalam 4 hari.",
            actor=atasan,
        )
        coaching_services.give_coaching_feedback(
            note=note,
            answers={"didengar": 5, "data_akurat": 4, "bertanya": 4, "langkah": 5, "bermanfaat": 5},
            comment="Templat laporan baru sangat membantu. Mohon dukungan kendaraan dinas untuk "
            "kunjungan ke Puskesmas Sako.",
            actor=self.users["pegawai"],
        )
        coaching_services.add_coaching_note(
            skp=self.skps["rekan3"],
            kind=CoachingNote.Kind.COUNSELLING,
            held_on=dt.date(year, 9, 12),
            notes="Pemantauan penderita hipertensi dan DM baru 95 dari 300 dan input ASIK 68 %. "
            "Dibahas penyebabnya: penugasan PIN Polio pada Juni dan jadwal posbindu yang tidak "
            "dijadwalkan ulang.",
            next_steps="Menjadwalkan ulang posbindu Kertapati dan Plaju; input ASIK setiap Jumat.",
            actor=atasan,
        )

    # --- 4. 360 input

    def feedback360(self) -> None:
        codes = list(
            BehaviourIndicator.objects.order_by("value__order", "order").values_list(
                "code", flat=True
            )
        )
        for username in STAFF:
            skp = self.skps[username]
            feedback360_services.propose_raters(skp=skp, actor=self.users["atasan"])
            assignments = {
                assignment.rater.user_id: assignment
                for assignment in RaterAssignment.objects.filter(skp=skp).select_related("rater")
            }
            for rater, scores in ANSWERS[username].items():
                user = self.users[rater]
                values = [int(score) for score in scores.replace(" ", "")]
                feedback360_services.submit_ratings(
                    assignment=assignments[user.pk],
                    scores=dict(zip(codes, values, strict=True)),
                    comment="",
                    actor=user,
                )
                self.result.answers += 1

    # --- 5. Decisions and the keberatan

    def decide(self) -> None:
        atasan = self.users["atasan"]
        for username, (result, behaviour, justification) in DECISIONS.items():
            appraisal_services.decide_appraisal(
                skp=self.skps[username],
                result_rating=result,
                behaviour_rating=behaviour,
                justification=justification,
                actor=atasan,
            )
            self.result.appraisals += 1
        appraisal = self.skps["rekan3"].appraisal
        objection = objection_services.file_objection(
            appraisal=appraisal, reasons=OBJECTION_REASONS, actor=self.users["rekan3"]
        )
        objection_services.add_objection_statement(
            objection=objection, text=EVALUATOR_STATEMENT, actor=atasan
        )
        objection_services.add_objection_statement(
            objection=objection, text=EMPLOYEE_STATEMENT, actor=self.users["rekan3"]
        )
        self.result.objections += 1


# --- What `seed_demo` prints


def performance_to_try() -> str:
    """The story's logins and what to try ("" when the demo has no performance year)."""
    year = PerformanceYear.objects.order_by("-year").first()
    if year is None:
        return ""
    objection = (
        Objection.objects.filter(status=Objection.Status.FILED, appraisal__skp__year=year)
        .select_related("appraisal__skp__employee")
        .order_by("pk")
        .first()
    )
    url = {name: reverse(f"performance:{name}") for name in TRY_PAGES}
    lines = [
        "",
        f"Kinerja {year.year}: akun tambahan dengan kata sandi yang sama: {KEPALA_DINAS} "
        "(Kepala Dinas Kesehatan, Pegawai + Atasan) dan rekan1 sampai rekan4 (Pegawai, staf "
        "Bidang Pelayanan Kesehatan).",
        f"- pegawai: {url['my-skp']}: realisasi triwulan I–III, bukti dukung, umpan balik, "
        "ekspektasi, bimbingan; tab Perilaku menampilkan rata-rata rekan kerja (3 penilai).",
        f"- atasan: {url['team']}: tetapkan penilaian SKP pegawai (rekan1, rekan2 dengan "
        f"justifikasi, rekan3 sudah dinilai); {url['unit-dashboard']}: predikat unit Baik dan "
        "cek distribusi.",
        f"- admin.bkpsdm atau auditor: {url['training-needs']} (kebutuhan pengembangan), "
        f"{url['calibration']} (kalibrasi).",
    ]
    if objection is not None:
        name = objection.appraisal.skp.employee.display_name
        lines.append(f"- {KEPALA_DINAS}: putuskan keberatan {name} ({url['objections']}).")
    return "\n".join(lines)

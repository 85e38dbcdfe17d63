"""The demo's competency selection (SKB) of CASN 2026, built only through the selection services.

Who proceeds: the MS applicants who met the SKD passing grade. Five of them took the SKD on
SiMerit's CAT two days before the seed (exam_held_skd): two Perawat (Ahli Pertama, Terampil), two
Bidan and a Dokter. Seven more applicants of DINKES-PRW-01 took the same demo SKD at BKN's CAT
(Kantor Regional VII BKN Palembang); BKN's score file is imported: six pass, one misses the TWK
passing grade. So DINKES-PRW-01 (quota 3) ranks seven SKB candidates and shows every final
status; the other three formasi are within their quota.

1. Setup: the national defaults, except the SKD maximum (150: the demo's SKD is the national one
   cut to 10/10/10 questions, exam_banks.py). Two rubrics: a case simulation for the health
   formasi and a practical test for the Pranata Komputer formasi. Components: SKB-CAT 60 % (out
   of 500) and the additional method 40 %, on every health formasi and every Pranata Komputer
   formasi (the latter have no SKB candidates: their setup is there to look at).
2. The cut; the SKB-CAT score file from BKN (one candidate absent, "TH"); the CAT component
   results; `asesor.3` declares a niece among the Perawat candidates, so the draw leaves them out
   of her case.
3. Two independent, blind assessors per case (a seeded draw). One Perawat case differs beyond the
   limit: no third assessor is free of a conflict, so a panel decides. A Bidan case differs
   beyond the limit and a third assessor settles it (median of three). The absent candidate is
   marked absent; a Perawat candidate in the quota withdraws, and the next one moves up.
4. Integration and publication of every formasi (version 1). Two sanggah on the Perawat result,
   decided by `admin.bkpsdm2` (the publisher may not decide): one rejected; one granted, as BKN
   confirms a transposed SKB-CAT score (329 for 392), so the corrected file is imported, the
   integration run again and DINKES-PRW-01 published as version 2 with a note: the appellant
   goes from P/L (rank 4) to Lulus (rank 2), and the one who had moved into the quota after the
   withdrawal becomes P/L.
5. Left for a demo viewer: the appointments (Angkat), possible once the 3-day sanggah period of
   each published version ends; the assessors' queues are empty (every case is scored).

Liberties, as in the rest of the demo's CASN 2026 (registration still open, see exams.py):
- The BKN takers register, are verified and get their SKD score now, after the SKD they sat.
- The period has no SKD, SKB, result-announcement or result-sanggah window. The schedule's stage
  order (recruitment.services.periods.validate_schedule) places them after the post-sanggah
  announcement (36 days ahead), while this story holds the SKD two days ago and publishes the
  result today; without a window a step is not restricted (recruitment.selectors.windows). The
  sanggah on a result runs for `result_sanggah_days` from its publication, as the service sets.
- Every step runs at the seed's time: the SKB "yesterday", the scoring, the publication.
"""

import csv
import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.demo import formasi as story
from simerit.demo import rubrics as demo_rubrics
from simerit.demo.exam_banks import scale_skd
from simerit.demo.recruitment import DemoPelamar, RecruitmentStory
from simerit.employees.models import Employee
from simerit.exams import defaults
from simerit.exams.models import Blueprint, ExamKind
from simerit.exams.services import blueprint_sections, score_import
from simerit.exams.services import blueprints as blueprint_services
from simerit.exams.services.blueprint_sections import SectionInput
from simerit.exams.services.blueprints import BlueprintInput
from simerit.recruitment.models import Applicant, Formasi, SelectionPeriod
from simerit.recruitment.services import applications as application_services
from simerit.recruitment.services import assignments
from simerit.recruitment.services import conflicts as conflict_services
from simerit.selection.models import (
    Aggregation,
    AssessorAssignment,
    ComponentResult,
    Method,
    ResultAnnouncement,
    ResultSanggah,
    Rubric,
    RubricCriterion,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.selectors.setup import get_setup
from simerit.selection.services import announcements as announcement_services
from simerit.selection.services import assessment as assessment_services
from simerit.selection.services import assessment_resolution as resolution_services
from simerit.selection.services import assessment_scoring as scoring_services
from simerit.selection.services import cat_scores as cat_score_services
from simerit.selection.services import components as component_services
from simerit.selection.services import cut as cut_services
from simerit.selection.services import integration as integration_services
from simerit.selection.services import rubrics as rubric_services
from simerit.selection.services import sanggah as sanggah_services
from simerit.selection.services import setup as setup_services
from simerit.selection.services import withdrawals as withdrawal_services
from simerit.selection.services.components import ComponentInput

SKD_MAX = 150  # 3 sub-tests × 10 questions × 5 points: the demo's scaled SKD
SKB_CAT_MAX = 500  # 100 questions × 5 points
PERAWAT = "DINKES-PRW-01"
HEALTH_FORMASI = (PERAWAT, "DINKES-PRW-02", "DINKES-BDN-01", "DINKES-DOK-01")
COMPUTING_FORMASI = ("BKPSDM-PRK-01", "KOMINFO-PRK-01", "KOMINFO-PRK-02")

BKN_SKD_NAME = "SKD CASN 2026 — CAT BKN Kanreg VII Palembang, Simulasi Demo 10/10/10 soal"
SKB_NAME = "SKB-CAT CASN 2026 — CAT BKN Kanreg VII Palembang"
SKB_BASIS = "PermenPANRB 6/2024 (SKB dengan CAT BKN)"
SKB_MINUTES = 90
SKB_QUESTIONS = 100
# The Perawat applicants who sat the SKD at BKN: TWK, TIU, TKP (the passing grade of the scaled
# SKD is 22/23/37). The last one misses the TWK grade although her total beats the sixth.
BKN_SKD_SCORES = (
    (40, 40, 45),
    (45, 35, 42),
    (35, 40, 44),
    (30, 35, 46),
    (35, 30, 41),
    (25, 30, 40),
    (20, 35, 43),
)

# Added to the demo's seed for the people generator of the BKN takers (the recruitment story's
# generator is seeded with seed + 1).
BKN_PEOPLE_SEED = 7

Levels = tuple[int, int, int, int]  # one level per criterion of the rubric, in its order


@dataclass(frozen=True)
class Case:
    """One SKB candidate's story: the SKB-CAT total (None: absent, "TH" in BKN's file), the
    levels of the two independent assessors (first drawn first), and how a flagged case ends."""

    skb_cat: int | None
    levels: tuple[Levels, Levels] | None = None
    notes: tuple[str, str] = ("", "")
    third: Levels | None = None
    panel: Decimal | None = None


# The SKB candidates of each formasi in cut order (SKD total, then TKP, TIU, TWK): in DINKES-PRW-01
# the six BKN takers who passed (SKD 125, 122, 119, 111, 106, 95) and the SiMerit taker (110).
# Rubric scores (criteria 30/30/25/15 %): e.g. (4, 4, 4, 4) = 80, (4, 5, 4, 4) = 86, (2, 3, 2, 2) = 46.
WITHDRAWS, CONFLICT, GRANTED, REJECTED = 0, 2, 3, 5  # positions in the Perawat cut
CASES: dict[str, tuple[Case, ...]] = {
    "DINKES-BDN-01": (
        Case(380, ((4, 4, 4, 3), (4, 4, 3, 4))),
        Case(
            330,
            ((4, 3, 4, 3), (2, 2, 3, 2)),
            notes=(
                "Mengenali tanda bahaya dan segera melapor kepada dokter; tindakan awal belum "
                "lengkap.",
                "Tanda syok tidak dikenali; rencana awal cairan oral.",
            ),
            third=(3, 3, 3, 3),
        ),
    ),
    "DINKES-DOK-01": (Case(400, ((4, 4, 4, 4), (4, 5, 4, 4))),),
    PERAWAT: (
        Case(395, ((5, 4, 4, 5), (4, 4, 4, 4))),  # withdraws before the integration
        Case(360, ((4, 4, 3, 3), (3, 4, 3, 3))),
        Case(
            355,
            ((4, 4, 4, 3), (2, 3, 2, 2)),
            notes=(
                "Menyimpulkan syok terkompensasi dari tekanan nadi dan pengisian kapiler; memulai "
                "cairan kristaloid dari berat badan atas instruksi dokter. SBAR jelas.",
                "Tidak menyebut syok; menunggu dokter sebelum memasang infus. Penjelasan kepada "
                "ibu singkat.",
            ),
            panel=Decimal(76),
        ),
        Case(329, ((4, 4, 4, 4), (4, 4, 3, 4))),  # BKN's corrected file: 392
        Case(410, ((4, 5, 4, 4), (4, 4, 4, 4))),  # SKD on SiMerit's CAT
        Case(340, ((3, 3, 3, 3), (3, 3, 4, 3))),
        Case(None),  # absent at the SKB
    ),
    "DINKES-PRW-02": (Case(385, ((4, 4, 4, 4), (4, 4, 4, 3))),),
}
CORRECTED_SKB_CAT = 392

RELATION = "Keponakan (anak kakak kandung)"
PANEL_MEMBERS = (
    "Kepala Bidang Pengadaan dan Pemberhentian BKPSDM; Kepala Bidang Pelayanan Kesehatan Dinas "
    "Kesehatan; perawat pendidik klinis RSUD Palembang BARI"
)
PANEL_NOTE = (
    "Selisih nilai kedua asesor melebihi batas dan asesor ketiga tidak dapat ditugaskan: asesor "
    "lainnya menyatakan konflik kepentingan dengan peserta ini. Panel memutar ulang rekaman "
    "simulasi dan membaca lembar kerja peserta: syok terkompensasi disimpulkan dari tekanan nadi "
    "dan pengisian kapiler, cairan kristaloid dimulai dari berat badan atas instruksi dokter, "
    "tetapi permintaan dalam laporan SBAR kurang tegas dan rencana pemantauan tanpa jam. Panel "
    "menetapkan nilai 76."
)
WITHDRAWAL_REASON = (
    "Surat pengunduran diri bermeterai: diterima bekerja sebagai perawat di RSUP Dr. Mohammad "
    "Hoesin Palembang dan memilih bekerja di sana."
)
GRANTED_REASON = (
    "Nilai SKB-CAT saya pada cetakan hasil yang dibagikan di lokasi ujian CAT BKN Kanreg VII "
    "adalah 392, tetapi dalam pengumuman tercantum 65,80, yaitu 329 dari 500. Angkanya tampaknya "
    "tertukar. Cetakan hasil saya serahkan ke BKPSDM untuk diperiksa."
)
GRANTED_NOTE = (
    "BKPSDM meminta konfirmasi Kantor Regional VII BKN: menurut rekaman CAT BKN nilai SKB-CAT "
    "pelamar adalah 392; angka 329 pada berkas nilai pertama adalah kesalahan rekap. BKN "
    "menerbitkan berkas ralat; nilai diimpor ulang, integrasi dijalankan ulang dan hasil akhir "
    "formasi ini diumumkan sebagai versi 2."
)
REJECTED_REASON = (
    "Saya keberatan dengan nilai simulasi kasus saya. Saya yakin sudah menjelaskan semua tindakan "
    "awal kepada asesor, jadi nilainya seharusnya lebih tinggi. Mohon dinilai ulang."
)
REJECTED_NOTE = (
    "Nilai simulasi kasus berasal dari dua asesor independen yang menilai tanpa mengetahui "
    "identitas peserta, dengan rubrik dan jangkar perilaku yang sama; selisih keduanya di bawah "
    "batas, sehingga nilai digabung menurut aturan yang berlaku (median). Sanggah hasil akhir "
    "memeriksa kesalahan pencatatan dan perhitungan, bukan menilai ulang jawaban; tidak ditemukan "
    "kesalahan."
)
CORRECTION_NOTE = (
    "Koreksi setelah sanggah: BKN meralat nilai SKB-CAT satu peserta (329 menjadi 392 dari 500); "
    "integrasi dijalankan ulang. Versi 1 tetap tersimpan dan dapat diverifikasi."
)


@dataclass
class SelectionStoryResult:
    bkn_applicants: int = 0  # Perawat applicants who sat the SKD at BKN's CAT
    candidates: int = 0  # SKB candidates after the cut
    formasi: int = 0  # formasi with SKB candidates
    score_sheets: int = 0  # submitted assessor score sheets
    third_assessor: int = 0
    panel: int = 0
    absent: int = 0
    withdrawn: int = 0
    announcements: int = 0
    corrections: int = 0
    sanggah: int = 0


class SelectionStory:
    def __init__(self, *, today: dt.date, users: dict[str, User], seed: int) -> None:
        self.today = today
        self.users = users
        self.seed = seed
        self.admin = users["admin.bkpsdm"]
        self.second_admin = users["admin.bkpsdm2"]
        # The draw of assessors and the blind codes: seeded so the demo is the same every run.
        self.rng = random.Random(seed)  # noqa: S311 (sample data, not a secret)
        self.period = SelectionPeriod.objects.get(name=story.CASN_2026.name)
        self.result = SelectionStoryResult()

    def build(self) -> SelectionStoryResult:
        self.configure()
        self.bkn_skd()
        self.result.candidates = cut_services.run_cut(period=self.period, actor=self.admin)
        candidates = self.candidates()
        self.result.formasi = len(candidates)
        skb = self.skb_cat(candidates)
        cat_score_services.import_cat_scores(period=self.period, actor=self.admin)
        self.declare_conflict(candidates[PERAWAT][CONFLICT])
        self.assess(candidates)
        withdrawal_services.withdraw(
            candidate=candidates[PERAWAT][WITHDRAWS], reason=WITHDRAWAL_REASON, actor=self.admin
        )
        self.result.withdrawn += 1
        integration_services.run_integration(period=self.period, actor=self.admin)
        self.result.announcements += announcement_services.publish_period(
            period=self.period, actor=self.admin
        )
        self.sanggah_and_correction(candidates[PERAWAT], skb)
        return self.result

    # --- 1. Setup, rubrics, components

    def configure(self) -> None:
        setup = get_setup(self.period)
        setup_services.update_setup(
            period=self.period,
            data=setup_services.SetupInput.of(setup, skd_max=SKD_MAX),
            actor=self.admin,
        )
        case = rubric_services.create_rubric(
            period=self.period, data=demo_rubrics.CASE_SIMULATION, actor=self.admin
        )
        practical = rubric_services.create_rubric(
            period=self.period, data=demo_rubrics.PRACTICAL_TEST, actor=self.admin
        )
        formasi = {item.code: item for item in Formasi.objects.filter(period=self.period)}
        for codes, rubric in ((HEALTH_FORMASI, case), (COMPUTING_FORMASI, practical)):
            first, *others = codes
            component_services.save_components(
                formasi=formasi[first], components=_components(rubric), actor=self.admin
            )
            component_services.copy_components(
                source=formasi[first],
                targets=[formasi[code] for code in others],
                actor=self.admin,
            )

    # --- The Perawat applicants who sat the SKD at BKN's CAT

    def bkn_skd(self) -> None:
        """Seven Perawat applicants register, apply, are verified MS, and BKN's SKD file of
        their scores is imported into a BKN blueprint of the same (scaled) SKD."""
        spec = next(item for item in story.CASN_2026.formasi if item.code == PERAWAT)
        formasi = Formasi.objects.get(period=self.period, code=PERAWAT)
        taken = set(Applicant.objects.values_list("nik", flat=True))
        taken |= set(Employee.objects.values_list("nik", flat=True))
        # The recruitment story's steps (register, upload and submit, verify), with their own
        # generator of people: a seed of its own, so nobody repeats an earlier applicant.
        helper = RecruitmentStory(
            today=self.today,
            users=self.users,
            pelamar=DemoPelamar(email="", name=""),
            seed=self.seed + BKN_PEOPLE_SEED,
            taken_niks=taken,
        )
        applications = []
        for _ in BKN_SKD_SCORES:
            applicant = helper.register(
                helper.people.for_formasi(story.CASN_2026, spec, "", today=self.today)
            )
            application = application_services.create_application(
                applicant=applicant, formasi=formasi, actor=applicant.user, track_claim=spec.track
            )
            applications.append(helper.submit(application))
        assignments.assign_applications(
            period=self.period, actor=self.admin, formasi=formasi, rng=self.rng
        )
        for application in applications:
            helper.verify(application, refused=False)
        self.result.bkn_applicants = len(applications)
        data = BlueprintInput(
            name=BKN_SKD_NAME,
            kind=ExamKind.SKD,
            duration_minutes=defaults.SKD_DURATION_MINUTES,
            period=self.period,
            delivery=Blueprint.Delivery.BKN,
        )
        blueprint = blueprint_services.create_blueprint(data=data, actor=self.admin)
        scale_skd(blueprint, data, admin=self.admin)
        rows = [
            [app.registration_number, app.applicant.name, *map(str, scores), str(sum(scores))]
            for app, scores in zip(applications, BKN_SKD_SCORES, strict=True)
        ]
        self.import_file(
            blueprint,
            header=["NO PESERTA", "NAMA", "TWK", "TIU", "TKP", "TOTAL"],
            rows=rows,
            file_name="nilai-skd-casn-2026-kanreg-vii.csv",
        )

    def import_file(
        self,
        blueprint: Blueprint,
        *,
        header: list[str],
        rows: Sequence[Sequence[str]],
        file_name: str,
    ) -> None:
        """Import a score file laid out like BKN's export (CSV with ";"); refused rows stop the
        demo."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        outcome = score_import.import_scores(
            blueprint=blueprint,
            content=buffer.getvalue().encode("utf-8"),
            file_name=file_name,
            actor=self.admin,
        )
        if not outcome.accepted:
            problems = "; ".join(error.message for error in outcome.errors)
            raise DomainError(f"Data demo: berkas nilai {file_name} ditolak: {problems}")

    # --- 2. Cut, SKB-CAT, conflicts

    def candidates(self) -> dict[str, list[SkbCandidate]]:
        """The SKB candidates per formasi code in cut order; they must be the story's."""
        grouped: dict[str, list[SkbCandidate]] = {}
        rows = (
            SkbCandidate.objects.filter(period=self.period)
            .select_related("formasi", "application__applicant__user")
            .order_by("formasi__code", "cut_rank", "pk")
        )
        for candidate in rows:
            grouped.setdefault(candidate.formasi.code, []).append(candidate)
        found = {code: len(items) for code, items in grouped.items()}
        planned = {code: len(cases) for code, cases in CASES.items()}
        if found != planned:
            raise DomainError(
                f"Data demo: peserta SKB {found} tidak sesuai cerita seleksi kompetensi {planned}."
            )
        return grouped

    def skb_cat(self, candidates: dict[str, list[SkbCandidate]]) -> Blueprint:
        """The SKB-CAT held at BKN's CAT the day before; BKN's score file, one absent."""
        blueprint = blueprint_services.create_blueprint(
            data=BlueprintInput(
                name=SKB_NAME,
                kind=ExamKind.SKB,
                duration_minutes=SKB_MINUTES,
                period=self.period,
                delivery=Blueprint.Delivery.BKN,
                legal_basis=SKB_BASIS,
            ),
            actor=self.admin,
        )
        blueprint_sections.set_sections(
            blueprint=blueprint,
            sections=[SectionInput("SKB", SKB_QUESTIONS)],
            actor=self.admin,
        )
        rows = []
        for code, cases in CASES.items():
            for candidate, case in zip(candidates[code], cases, strict=True):
                score = "TH" if case.skb_cat is None else str(case.skb_cat)
                total = "" if case.skb_cat is None else score
                application = candidate.application
                rows.append(
                    [application.registration_number, application.applicant.name, score, total]
                )
        self.import_file(
            blueprint,
            header=["NO PESERTA", "NAMA", "SKB", "TOTAL"],
            rows=rows,
            file_name="nilai-skb-cat-casn-2026-kanreg-vii.csv",
        )
        return blueprint

    def declare_conflict(self, candidate: SkbCandidate) -> None:
        """`asesor.3` declares her niece, one of the Perawat candidates."""
        assessor = self.users["asesor.3"]
        applicant = candidate.application.applicant
        conflict_services.declare_relative(
            user=assessor,
            relative_name=applicant.name,
            relation=RELATION,
            relative_nik=applicant.nik,
            actor=assessor,
        )

    # --- 3. Assessment

    def assess(self, candidates: dict[str, list[SkbCandidate]]) -> None:
        for code, cases in CASES.items():
            component = SkbComponent.objects.select_related("rubric").get(
                formasi__code=code, formasi__period=self.period, method=Method.CASE_SIMULATION
            )
            assessment_services.assign_assessors(
                component=component, actor=self.admin, rng=self.rng
            )
            for candidate, case in zip(candidates[code], cases, strict=True):
                self.score_case(component, candidate, case)

    def score_case(self, component: SkbComponent, candidate: SkbCandidate, case: Case) -> None:
        if case.levels is None:
            resolution_services.mark_absent(
                component=component, candidate=candidate, actor=self.admin
            )
            self.result.absent += 1
            return
        drawn = AssessorAssignment.objects.filter(
            component=component, candidate=candidate, kind=AssessorAssignment.Kind.INDEPENDENT
        ).select_related("assessor")
        for assignment, levels, note in zip(
            drawn.order_by("pk"), case.levels, case.notes, strict=True
        ):
            self.submit(component, assignment, levels, note)
        result = ComponentResult.objects.get(component=component, candidate=candidate)
        if case.panel is not None:
            resolution_services.record_panel_decision(
                component_result=result,
                score=case.panel,
                members=PANEL_MEMBERS,
                note=PANEL_NOTE,
                actor=self.admin,
            )
            self.result.panel += 1
        elif case.third is not None:
            third = resolution_services.assign_third_assessor(
                component_result=result, actor=self.admin, rng=self.rng
            )
            self.submit(component, third, case.third, "")
            self.result.third_assessor += 1

    def submit(
        self, component: SkbComponent, assignment: AssessorAssignment, levels: Levels, note: str
    ) -> None:
        criteria = RubricCriterion.objects.filter(rubric=component.rubric).order_by("order")
        scoring_services.submit_scores(
            assignment=assignment,
            levels=dict(zip(criteria.values_list("pk", flat=True), levels, strict=True)),
            actor=assignment.assessor,
            note=note,
        )
        self.result.score_sheets += 1

    # --- 4. Sanggah on the result and the corrected version

    def sanggah_and_correction(self, perawat: list[SkbCandidate], skb: Blueprint) -> None:
        granted = self.file(perawat[GRANTED], GRANTED_REASON)
        rejected = self.file(perawat[REJECTED], REJECTED_REASON)
        sanggah_services.decide_result_sanggah(
            sanggah=rejected, granted=False, note=REJECTED_NOTE, actor=self.second_admin
        )
        sanggah_services.decide_result_sanggah(
            sanggah=granted, granted=True, note=GRANTED_NOTE, actor=self.second_admin
        )
        application = perawat[GRANTED].application
        self.import_file(
            skb,
            header=["NO PESERTA", "NAMA", "SKB", "TOTAL"],
            rows=[
                [
                    application.registration_number,
                    application.applicant.name,
                    str(CORRECTED_SKB_CAT),
                    str(CORRECTED_SKB_CAT),
                ]
            ],
            file_name="ralat-nilai-skb-cat-casn-2026-kanreg-vii.csv",
        )
        cat_score_services.import_cat_scores(period=self.period, actor=self.admin)
        integration_services.run_integration(period=self.period, actor=self.admin)
        published = announcement_services.publish_period(
            period=self.period, actor=self.admin, note=CORRECTION_NOTE
        )
        self.result.announcements += published
        self.result.corrections += published

    def file(self, candidate: SkbCandidate, reason: str) -> ResultSanggah:
        application = candidate.application
        user = application.applicant.user
        assert user is not None  # noqa: S101 (every demo applicant registered)
        self.result.sanggah += 1
        return sanggah_services.file_result_sanggah(
            application=application, reason=reason, actor=user
        )


def _components(rubric: Rubric) -> list[ComponentInput]:
    """SKB-CAT 60 % and the rubric's method 40 %: two blind assessors, median, spread 15."""
    return [
        ComponentInput(
            order=1,
            method=Method.CAT,
            name="SKB-CAT (CAT BKN)",
            weight=Decimal(60),
            cat_max_score=SKB_CAT_MAX,
        ),
        ComponentInput(
            order=2,
            method=rubric.method,
            name=Method(rubric.method).label,
            weight=Decimal(40),
            rubric=rubric,
            aggregation=Aggregation.MEDIAN,
        ),
    ]


# --- What `seed_demo` prints


def granted_applicant_email(period: SelectionPeriod) -> str:
    """The login of the applicant whose sanggah on the result was granted ("" if none)."""
    sanggah = (
        ResultSanggah.objects.filter(
            application__period=period, status=ResultSanggah.Status.GRANTED
        )
        .select_related("application__applicant")
        .order_by("pk")
        .first()
    )
    return sanggah.application.applicant.email if sanggah is not None else ""


def appointments_open_at(period: SelectionPeriod) -> dt.datetime | None:
    """When the last sanggah period of the newest published versions ends: from then on HR can
    appoint the winners of every formasi (None: nothing published)."""
    newest = ResultAnnouncement.objects.filter(
        formasi__period=period, superseded_by__isnull=True
    ).aggregate(last=Max("sanggah_closes_at"))["last"]
    return timezone.localtime(newest) if newest is not None else None


def casn_period() -> SelectionPeriod | None:
    return SelectionPeriod.objects.filter(name=story.CASN_2026.name).first()

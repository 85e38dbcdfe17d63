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
from simerit.core.roles import Role
from simerit.demo import data
from simerit.demo.documents import document_pdf
from simerit.demo.positions import PERAWAT_PERTAMA, L, PositionSpec, fungsional
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
    Rating,
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

ADMINISTRATOR_KESEHATAN = fungsional("Administrator Kesehatan", L.AHLI_PERTAMA, titles=("S.KM.",))
KEPALA_DINAS = "kadinkes"
STAFF = ("pegawai", "rekan1", "rekan2", "rekan3", "rekan4")
# The accounts this story adds (same password as every demo login): user name and roles.
ACCOUNTS: tuple[tuple[str, tuple[Role, ...]], ...] = (
    (KEPALA_DINAS, (Role.PEGAWAI, Role.ATASAN)),
    *((username, (Role.PEGAWAI,)) for username in STAFF[1:]),
)
TRY_PAGES = ("my-skp", "team", "unit-dashboard", "training-needs", "calibration", "objections")
Q, QL, T = Indicator.Aspect.QUANTITY, Indicator.Aspect.QUALITY, Indicator.Aspect.TIME


@dataclass(frozen=True)
class Measure:
    """An indicator: its aspect, text, "target unit", and the realisation of Triwulan I, II, III
    (cumulative for the year so far; "" for none)."""

    aspect: str
    text: str
    target: str
    realised: str = ""

    def target_and_unit(self) -> tuple[Decimal, str]:
        number, unit = self.target.split(" ", 1)
        return Decimal(number), unit


@dataclass(frozen=True)
class Plan:
    """An RHK: `parent` is the index of the kepala bidang's RHK it intervenes in."""

    text: str
    measures: tuple[Measure, ...]
    parent: int | None = None
    feedback: str = ""  # the kepala bidang's feedback in Triwulan III


KABID_PLAN = (
    Plan(
        "Meningkatnya mutu pelayanan kesehatan primer di puskesmas Kota Palembang",
        (
            Measure(Q, "Puskesmas yang menerapkan standar asuhan keperawatan", "24 puskesmas"),
            Measure(QL, "Puskesmas dengan status akreditasi paripurna", "60 %"),
        ),
    ),
    Plan(
        "Meningkatnya akses keluarga rawan (lansia, penderita penyakit kronis) pada perawatan "
        "kesehatan masyarakat (Perkesmas)",
        (
            Measure(Q, "Keluarga rawan yang mendapat kunjungan Perkesmas", "1200 keluarga"),
            Measure(QL, "Penderita hipertensi dan DM yang dilayani sesuai standar", "90 %"),
        ),
    ),
    Plan(
        "Terselenggaranya rujukan terintegrasi yang tepat waktu dari puskesmas ke rumah sakit",
        (
            Measure(QL, "Rujukan puskesmas yang dijawab rumah sakit melalui SISRUTE", "85 %"),
            Measure(T, "Rata-rata waktu tanggap rumah sakit atas rujukan SISRUTE", "30 menit"),
        ),
    ),
)
STAFF_PLANS: dict[str, tuple[Plan, ...]] = {
    "pegawai": (
        Plan(
            "Terlaksananya pembinaan standar asuhan keperawatan di puskesmas binaan",
            (
                Measure(Q, "Puskesmas binaan yang dikunjungi dan dibina", "12 puskesmas", "3 7 10"),
                Measure(QL, "Rekomendasi pembinaan yang ditindaklanjuti", "80 %", "70 76 82"),
                Measure(T, "Rata-rata waktu penyampaian laporan pembinaan", "5 hari", "6 5 4"),
            ),
            parent=0,
            feedback="Sepuluh dari dua belas puskesmas sudah dibina dan laporannya kini rata-rata "
            "4 hari setelah kunjungan. Jadwalkan Puskesmas Sako dan Sukarami pada Oktober.",
        ),
        Plan(
            "Terlaksananya kunjungan Perkesmas bagi keluarga rawan di wilayah Puskesmas Dempo dan "
            "Merdeka",
            (
                Measure(Q, "Keluarga rawan yang dikunjungi", "240 keluarga", "52 118 181"),
                Measure(QL, "Dokumentasi asuhan keperawatan keluarga lengkap", "90 %", "84 88 91"),
            ),
            parent=1,
            feedback="Capaian 181 keluarga sesuai jalur. Dokumentasi sudah di atas 90 %; "
            "pertahankan pencatatan tanda vital lansia pada setiap kunjungan.",
        ),
        Plan(
            "Tersusunnya laporan pemantauan rujukan puskesmas melalui SISRUTE",
            (
                Measure(Q, "Laporan pemantauan rujukan triwulanan", "4 laporan", "1 2 3"),
                Measure(T, "Hari kerja penyampaian laporan setelah triwulan", "10 hari", "9 8 10"),
            ),
            parent=2,
            feedback="Laporan triwulan III tepat pada batas hari ke-10. Tambahkan rujukan yang "
            "belum dijawab rumah sakit lebih dari 2 jam.",
        ),
    ),
    "rekan1": (
        Plan(
            "Terlaksananya kunjungan Perkesmas bagi keluarga rawan di wilayah Puskesmas Sako dan "
            "Sukarami",
            (
                Measure(Q, "Keluarga rawan yang dikunjungi", "200 keluarga", "45 102 150"),
                Measure(QL, "Dokumentasi asuhan keperawatan keluarga lengkap", "90 %", "86 89 90"),
            ),
            parent=1,
        ),
        Plan(
            "Terlaksananya penyegaran asuhan keperawatan bagi perawat puskesmas",
            (Measure(Q, "Perawat puskesmas yang mengikuti penyegaran", "60 orang", "0 25 48"),),
            parent=0,
        ),
    ),
    "rekan2": (
        Plan(
            "Tersedianya rekap indikator mutu puskesmas yang valid dan tepat waktu",
            (
                Measure(Q, "Rekap bulanan indikator mutu yang divalidasi", "12 rekap", "3 6 9"),
                Measure(T, "Rata-rata hari pengiriman rekap bulanan", "7 hari", "7 9 10"),
            ),
            parent=0,
        ),
        Plan(
            "Terpantaunya jawaban rujukan SISRUTE oleh rumah sakit mitra",
            (Measure(QL, "Rujukan yang dijawab rumah sakit", "85 %", "78 83 86"),),
            parent=2,
        ),
    ),
    "rekan3": (
        Plan(
            "Terpantaunya penderita hipertensi dan diabetes melitus di posbindu wilayah Puskesmas "
            "Kertapati dan Plaju",
            (
                Measure(Q, "Penderita hipertensi dan DM yang dipantau", "300 orang", "40 62 95"),
                Measure(QL, "Hasil pemantauan yang diinput ke aplikasi ASIK", "95 %", "70 65 68"),
            ),
            parent=1,
        ),
        Plan(
            "Terlaksananya supervisi fasilitatif keperawatan di puskesmas",
            (Measure(Q, "Supervisi fasilitatif yang dilaksanakan", "8 kali", "1 2 3"),),
            parent=0,
        ),
    ),
    "rekan4": (
        Plan(
            "Termutakhirkannya data keluarga rawan sasaran Perkesmas",
            (Measure(Q, "Puskesmas dengan data sasaran mutakhir", "41 puskesmas", "10 25 33"),),
            parent=1,
        ),
        Plan(
            "Tersusunnya peta jejaring rujukan puskesmas dan rumah sakit",
            (Measure(Q, "Dokumen peta jejaring rujukan", "1 dokumen", "0 0 1"),),
            parent=2,
        ),
    ),
}

# The evidence PDF: on the first indicator of the pegawai's first RHK, in Triwulan III.
EVIDENCE_FOR = STAFF_PLANS["pegawai"][0].measures[0]
EVIDENCE_PERIOD = 3

# The kepala bidang's ekspektasi khusus for `pegawai`, per BerAKHLAK value in catalogue order.
EXPECTATIONS = (
    "Menanggapi keluhan keluarga binaan Perkesmas paling lambat hari kerja berikutnya.",
    "Laporan pembinaan dan rujukan tepat waktu, datanya dapat ditelusuri ke formulir kunjungan.",
    "Mengikuti pelatihan asuhan keperawatan komunitas dan berbagi materinya di bidang.",
    "Menghargai perawat puskesmas yang dibina; umpan balik disampaikan tanpa merendahkan.",
    "Menjaga kerahasiaan data pasien dan keluarga binaan.",
    "Menyesuaikan jadwal pembinaan bila ada kejadian luar biasa tanpa menunggu perintah.",
    "Bekerja sama dengan pengelola program puskesmas dan rumah sakit rujukan.",
)

# 360 answers: a score 1–5 per panduan perilaku in catalogue order (1a 1b 1c … 7c), in blocks of
# the seven values. Per SKP (by user name): the raters who have answered. A rater the rule proposed
# who is not listed has not answered yet. `rekan2`'s peers score her near-perfect (leniency).
ANSWERS: dict[str, dict[str, str]] = {
    "pegawai": {
        "pegawai": "544 454 445 454 555 444 454",
        "atasan": "434 443 344 434 444 334 443",
        "rekan1": "444 443 344 444 444 344 444",
        "rekan2": "443 444 434 444 554 343 444",
        "rekan3": "334 434 344 443 444 333 434",
    },
    "rekan1": {
        "rekan1": "444 444 444 444 444 444 444",
        "atasan": "333 343 334 343 333 333 343",
        "pegawai": "343 334 343 434 343 333 344",
        "rekan2": "333 343 333 443 343 334 333",
        "rekan3": "434 333 343 343 433 333 343",
        "rekan4": "343 343 333 334 343 343 433",
    },
    "rekan2": {
        "rekan2": "444 444 444 454 444 444 454",
        "atasan": "443 334 343 444 443 334 444",
        "pegawai": "555 545 555 555 555 545 555",
        "rekan1": "555 555 554 555 555 555 555",
        "rekan3": "545 555 555 555 545 555 555",
        "rekan4": "555 555 455 555 555 554 555",
    },
    "rekan3": {
        "rekan3": "444 443 434 444 444 433 444",
        "atasan": "333 323 333 343 333 322 333",
        "pegawai": "333 333 333 444 443 332 343",
        "rekan1": "343 333 323 434 343 332 333",
        "rekan2": "333 333 333 443 433 323 343",
        "rekan4": "334 333 333 444 343 332 334",
    },
    "rekan4": {
        "rekan4": "444 444 444 444 444 444 444",
        "rekan1": "434 344 443 434 444 344 434",
        "rekan2": "443 434 344 443 444 434 343",
    },
}

# The kepala bidang's decisions: result rating, behaviour rating, justification.
DECISIONS: dict[str, tuple[Rating, Rating, str]] = {
    "rekan1": (Rating.AS_EXPECTED, Rating.AS_EXPECTED, ""),
    "rekan2": (
        Rating.AS_EXPECTED,
        Rating.AS_EXPECTED,
        "Rekan kerja memberi nilai hampir sempurna: yang bersangkutan memang ringan tangan "
        "membantu rekan mengisi aplikasi pelaporan. Namun ekspektasi pimpinan pada nilai "
        "Akuntabel, rekap mutu bulanan yang tepat waktu dan tervalidasi, belum terpenuhi: rekap "
        "triwulan II dan III dikirim rata-rata 9 sampai 10 hari setelah akhir bulan (target 7 "
        "hari, tercatat pada realisasi) dan rekap Juni harus diralat setelah dikirim ke "
        "Kementerian Kesehatan. Perilaku kerja sesuai ekspektasi, belum di atas ekspektasi.",
    ),
    "rekan3": (Rating.BELOW, Rating.AS_EXPECTED, ""),
}
OBJECTION_REASONS = (
    "Saya keberatan atas rating hasil kerja di bawah ekspektasi. Mulai akhir Mei sampai awal "
    "Juli saya ditugaskan membantu Pekan Imunisasi Nasional Polio di Puskesmas Kertapati, "
    "termasuk penyisiran, sehingga jadwal pemantauan posbindu tertunda. Penugasan itu tidak "
    "diperhitungkan sebagai penyesuaian target SKP saya."
)
EVALUATOR_STATEMENT = (
    "Penugasan membantu PIN Polio memang ada, tetapi tiga minggu pada bulan Juni dan tidak pernah "
    "diajukan sebagai perubahan SKP. Pada triwulan I, sebelum penugasan itu, baru 40 penderita "
    "yang dipantau dari 75 yang direncanakan, dan input ke aplikasi ASIK turun sampai 65 %. Hal "
    "ini sudah dibahas pada konseling kinerja bulan September."
)
EMPLOYEE_STATEMENT = (
    "Surat tugas PIN Polio dari Kepala Puskesmas Kertapati tertanggal 27 Mei menyebut penugasan "
    "enam minggu, termasuk penyisiran; salinannya saya serahkan kepada Kepala Dinas. Saya mengakui "
    "input ASIK tertinggal dan sudah saya kejar pada bulan Oktober."
)
UNIT_PREDIKAT_NOTE = (
    "Capaian kinerja organisasi Bidang Pelayanan Kesehatan ditetapkan Kepala Dinas Kesehatan: "
    "Baik (indikator kinerja bidang tercapai 92 % sampai triwulan III)."
)


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

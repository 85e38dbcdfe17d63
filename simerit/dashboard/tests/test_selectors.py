import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.career.tests.factories import CareerEmployeeFactory, appraise, with_account
from simerit.core.dates import format_datetime_wib
from simerit.core.roles import Role
from simerit.dashboard.selectors import (
    MAX_BANK_STATS,
    PANELS,
    Fact,
    Link,
    Panel,
    Stat,
    panels_for,
)
from simerit.employees.models import Employee, EmployeeKind
from simerit.employees.tests.factories import EmployeeFactory
from simerit.exams.models import Attempt, Blueprint, ExamKind, SittingProctor
from simerit.exams.tests.factories import (
    ParticipantFactory,
    QuestionBankFactory,
    SittingFactory,
    make_question,
)
from simerit.recruitment.models import Application, VerificationAssignment
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
    SelectionPeriodFactory,
)
from simerit.selection.models import AssessorAssignment
from simerit.selection.tests.factories import SkbCandidateFactory, make_components
from simerit.training.tests.factories_jp import completed

WIB = ZoneInfo("Asia/Jakarta")
NOW = dt.datetime(2026, 8, 12, 7, 0, tzinfo=WIB)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 8, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def staff(org, supervisor, employee, other_opd_employee):
    """Four active employees (3 PNS, 1 PPPK) and one inactive, in Dinkes and Disdik."""
    EmployeeFactory.create(work_unit=org.dinkes, kind=EmployeeKind.PPPK, golongan=None)
    EmployeeFactory.create(work_unit=org.dinkes, is_active=False)
    return org


def exam_blueprint(name: str, kind: str = ExamKind.SKD) -> Blueprint:
    return Blueprint.objects.create(
        name=name, kind=kind, period=SelectionPeriodFactory.create(), duration_minutes=100
    )


def test_hr_admin_panel_counts_employees_units_and_todays_audit_events(hr_admin, staff):
    blueprint = exam_blueprint("SKD CPNS 2026")
    SittingFactory.create(blueprint=blueprint, starts_at=timezone.now())
    SittingFactory.create(blueprint=blueprint, starts_at=timezone.now() + dt.timedelta(days=2))
    events_today = AuditEvent.objects.count()  # every row so far was written today

    assert panels_for(hr_admin) == [
        Panel(
            role=Role.ADMIN_BKPSDM,
            title="Admin BKPSDM",
            stats=[
                Stat("Pegawai aktif", 4, "employees:list"),
                Stat("PNS", 3),
                Stat("CPNS", 0),
                Stat("PPPK", 1),
                Stat("Unit kerja aktif", 4, "organization:unit-list"),
                Stat("Peristiwa audit hari ini", events_today, "audit:list"),
                Stat("Sesi ujian hari ini", 1, "exams:sitting-list"),
            ],
        )
    ]


def test_hr_admin_panel_takes_four_queries(hr_admin, staff, django_assert_num_queries):
    _ = hr_admin.roles
    with django_assert_num_queries(4):
        panels_for(hr_admin)


def test_opd_admin_panel_counts_its_subtree(opd_admin, staff):
    [panel] = panels_for(opd_admin)
    assert panel.title == "Admin OPD · Dinas Kesehatan"
    assert panel.stats == [
        Stat("Pegawai aktif di unit Anda dan sub-unitnya", 3, "employees:list"),
        Stat("PNS", 2),
        Stat("CPNS", 0),
        Stat("PPPK", 1),
    ]
    assert panel.facts == [Fact("Unit kerja", "Dinas Kesehatan")]


def test_opd_admin_without_a_scope_gets_a_note(db):
    user = UserFactory.create(roles=[Role.ADMIN_OPD])
    [panel] = panels_for(user)
    assert (panel.stats, panel.note) == (
        [],
        "Akun Admin OPD Anda belum ditetapkan unit kerjanya. Hubungi admin BKPSDM.",
    )


def test_supervisor_sees_an_employee_panel_and_a_team_panel(supervisor, staff):
    own = Employee.objects.get(user=supervisor)
    employee_panel, supervisor_panel = panels_for(supervisor, now=NOW)

    assert employee_panel.facts[:4] == [
        Fact("NIP", own.nip),
        Fact("Unit kerja", "Bidang Pelayanan Kesehatan"),
        Fact("Jabatan", own.position.name),
        Fact("Pangkat, golongan", "Penata Muda, III/a"),
    ]
    assert employee_panel.facts[4:] == [
        Fact(
            "Kenaikan pangkat 1 September 2026",
            "Belum memenuhi syarat: TMT golongan belum tercatat. Predikat 2025 belum final. "
            "Predikat 2024 belum final.",
        ),
        Fact("JP tahun 2026", "0 dari 20 JP"),
    ]
    assert employee_panel.links == [
        Link("Profil saya", "employees:my-profile"),
        Link("Karier saya", "selfservice:profile"),
    ]
    assert supervisor_panel == Panel(
        role=Role.ATASAN,
        title="Atasan",
        stats=[Stat("Bawahan langsung", 1, "employees:team")],
    )


def test_employee_panel_sums_up_karier_saya(db):
    # given: III/b since 1 October 2022, Baik in 2024 and 2025, 12.5 JP in 2026
    employee = CareerEmployeeFactory.create()
    user = with_account(employee)
    appraise(employee, year=2025, predikat="baik")
    appraise(employee, year=2024, predikat="baik")
    completed(employee, jp="12.5", ends_on=dt.date(2026, 3, 4))

    [panel] = panels_for(user, now=dt.datetime(2026, 11, 28, 10, 0, tzinfo=WIB))

    assert panel.facts[4:] == [
        Fact("Kenaikan pangkat 1 Desember 2026", "Memenuhi syarat"),
        Fact("JP tahun 2026", "12,5 dari 20 JP"),
    ]


def test_employee_without_a_record_gets_a_note(db):
    user = UserFactory.create(roles=[Role.PEGAWAI])
    [panel] = panels_for(user)
    assert (panel.facts, panel.note) == (
        [],
        "Akun Anda belum terhubung dengan data pegawai. Hubungi admin kepegawaian OPD Anda.",
    )


def test_auditor_panel_shows_the_audit_chain_length(auditor, staff):
    [panel] = panels_for(auditor)
    assert panel.stats == [Stat("Panjang rantai audit", AuditEvent.objects.count(), "audit:list")]
    assert AuditEvent.objects.count() > 0


def test_assessor_panel_counts_open_and_submitted_work_and_the_nearest_deadline(assessor):
    now = timezone.now()
    formasi = FormasiFactory.create()
    _cat, simulation = make_components(formasi, scoring_closes_at=now + dt.timedelta(days=2))
    _cat2, later = make_components(
        FormasiFactory.create(period=formasi.period),
        scoring_closes_at=now + dt.timedelta(days=5),
    )
    for component in (simulation, simulation, later):
        AssessorAssignment.objects.create(
            component=component,
            candidate=SkbCandidateFactory.create(application__formasi=component.formasi),
            assessor=assessor,
        )
    AssessorAssignment.objects.create(
        component=simulation,
        candidate=SkbCandidateFactory.create(application__formasi=formasi),
        assessor=assessor,
        submitted_at=now,
        score=Decimal("80.0000"),
    )
    AssessorAssignment.objects.create(  # another assessor's work is not counted
        component=simulation,
        candidate=SkbCandidateFactory.create(application__formasi=formasi),
        assessor=UserFactory.create(roles=[Role.ASESOR]),
    )
    assert panels_for(assessor, now=now) == [
        Panel(
            role=Role.ASESOR,
            title="Asesor",
            stats=[
                Stat("Penilaian belum dikirim", 3, "selection:my-assessments"),
                Stat("Penilaian sudah dikirim", 1),
            ],
            facts=[
                Fact(
                    "Batas penilaian terdekat",
                    format_datetime_wib(now + dt.timedelta(days=2)),
                )
            ],
            links=[
                Link("Penilaian saya", "selection:my-assessments"),
                Link("Konflik kepentingan", "recruitment:conflict-list"),
            ],
        )
    ]


def test_assessor_without_work_sees_zero_and_no_deadline(assessor):
    [panel] = panels_for(assessor)
    assert panel.stats == [
        Stat("Penilaian belum dikirim", 0, "selection:my-assessments"),
        Stat("Penilaian sudah dikirim", 0),
    ]
    assert panel.facts == [
        Fact("Batas penilaian terdekat", "Tidak ada batas waktu penilaian yang akan datang.")
    ]


def test_every_role_has_a_panel():
    assert set(PANELS) == set(Role)


def test_an_account_without_roles_gets_no_panel(db):
    assert panels_for(UserFactory.create()) == []


# --- Pelamar


APPLICANT_LINKS = [
    Link("Lamaran saya", "recruitment:my-application"),
    Link("Hasil seleksi administrasi", "recruitment:application-result"),
    Link("Ujian saya", "exams:home"),
    Link("Kartu ujian", "exams:card-mine"),
    Link("Tryout", "exams:practice-list"),
]


@pytest.fixture
def application(applicant, org):
    """The applicant's MS application to a Dinkes formasi."""
    formasi = FormasiFactory.create(
        code="F-0042", position__name="Perawat Ahli Pertama", work_unit=org.dinkes
    )
    return ApplicationFactory.create(
        applicant=ApplicantFactory.create(user=applicant),
        formasi=formasi,
        registration_number="2026-DINKES-000042",
        status=Application.Status.MS,
    )


def test_applicant_who_has_not_applied_is_sent_to_the_board(applicant, django_assert_num_queries):
    _ = applicant.roles
    with django_assert_num_queries(1):
        panels = panels_for(applicant, now=NOW)
    assert panels == [
        Panel(
            role=Role.PELAMAR,
            title="Pelamar",
            facts=[Fact("Status lamaran", "Belum melamar")],
            links=[
                Link("Lihat formasi yang dibuka", "recruitment:board-home"),
                Link("Lamaran saya", "recruitment:my-application"),
                Link("Tryout", "exams:practice-list"),
            ],
        )
    ]


def test_registered_applicant_without_an_application_has_not_applied(applicant):
    ApplicantFactory.create(user=applicant)
    [panel] = panels_for(applicant, now=NOW)
    assert panel.facts == [Fact("Status lamaran", "Belum melamar")]


def test_applicant_sees_the_status_and_no_exam_yet(applicant, application):
    assert panels_for(applicant, now=NOW) == [
        Panel(
            role=Role.PELAMAR,
            title="Pelamar",
            facts=[
                Fact("Nomor pendaftaran", "2026-DINKES-000042"),
                Fact("Formasi", "F-0042 — Perawat Ahli Pertama, Dinas Kesehatan"),
                Fact("Status lamaran", "Memenuhi syarat (MS)"),
                Fact("Ujian berikutnya", "Belum ada jadwal ujian."),
            ],
            links=APPLICANT_LINKS,
        )
    ]


def test_applicant_with_a_draft_reads_that_it_is_not_sent(applicant, application):
    Application.objects.filter(pk=application.pk).update(status=Application.Status.DRAFT)
    [panel] = panels_for(applicant, now=NOW)
    assert panel.facts[2] == Fact("Status lamaran", "Draf, belum dikirim")


def test_applicant_sees_the_newest_period_application(applicant, application):
    older = SelectionPeriodFactory.create(year=2024)
    ApplicationFactory.create(
        applicant=application.applicant,
        formasi=FormasiFactory.create(period=older),
        registration_number="2024-LAMA-000001",
        status=Application.Status.TMS,
    )
    [panel] = panels_for(applicant, now=NOW)
    assert panel.facts[0] == Fact("Nomor pendaftaran", "2026-DINKES-000042")


def test_applicant_sees_the_next_unfinished_exam(applicant, application, django_assert_num_queries):
    # given: the SKD taken this morning, the SKB tomorrow at 08.00 WIB in room 3
    skd = ParticipantFactory.create(
        sitting=SittingFactory.create(
            blueprint=exam_blueprint("SKD CPNS 2026"), starts_at=at(12, 6)
        ),
        application=application,
    )
    Attempt.objects.create(
        blueprint=skd.blueprint,
        participant=skd,
        status=Attempt.Status.FINISHED,
        started_at=at(12, 6),
        deadline=at(12, 7, 40),
        finished_at=at(12, 7, 30),
        browser_token="t" * 43,
    )
    ParticipantFactory.create(
        sitting=SittingFactory.create(
            blueprint=exam_blueprint("SKB Perawat 2026", ExamKind.SKB),
            starts_at=at(13, 8),
            site="BKPSDM Kota Palembang",
            room="Ruang CAT 3",
        ),
        application=application,
        seat_number=17,
    )
    _ = applicant.roles

    # when
    with django_assert_num_queries(3):
        panels = panels_for(applicant, now=NOW)

    # then
    assert panels == [
        Panel(
            role=Role.PELAMAR,
            title="Pelamar",
            facts=[
                Fact("Nomor pendaftaran", "2026-DINKES-000042"),
                Fact("Formasi", "F-0042 — Perawat Ahli Pertama, Dinas Kesehatan"),
                Fact("Status lamaran", "Memenuhi syarat (MS)"),
                Fact("Ujian berikutnya", "SKB Perawat 2026"),
                Fact("Waktu", "13 Agustus 2026 pukul 08.00 WIB"),
                Fact("Lokasi", "BKPSDM Kota Palembang, Ruang CAT 3"),
                Fact("Nomor kursi", "17"),
            ],
            links=APPLICANT_LINKS,
        )
    ]


# --- Verifikator


def test_verifier_panel_counts_open_and_done_assignments(verifier, django_assert_num_queries):
    # given: two open and one done for this verifier, one open for another verifier
    for completed_at in (None, None, NOW):
        VerificationAssignment.objects.create(
            application=ApplicationFactory.create(status=Application.Status.SUBMITTED),
            verifier=verifier,
            completed_at=completed_at,
        )
    VerificationAssignment.objects.create(
        application=ApplicationFactory.create(status=Application.Status.SUBMITTED),
        verifier=UserFactory.create(roles=[Role.VERIFIKATOR]),
    )
    _ = verifier.roles

    # when
    with django_assert_num_queries(1):
        panels = panels_for(verifier, now=NOW)

    # then
    assert panels == [
        Panel(
            role=Role.VERIFIKATOR,
            title="Verifikator",
            stats=[
                Stat("Tugas verifikasi belum selesai", 2, "recruitment:verification-queue"),
                Stat("Tugas verifikasi selesai", 1),
            ],
            links=[Link("Antrean verifikasi", "recruitment:verification-queue")],
        )
    ]


def test_verifier_without_assignments_sees_zeros(verifier):
    [panel] = panels_for(verifier, now=NOW)
    assert [stat.value for stat in panel.stats] == [0, 0]


# --- Pengawas ujian

PROCTOR_LINKS = [
    Link("Pemeriksaan kehadiran", "exams:checkin-sittings"),
    Link("Pengawasan ujian", "exams:proctor-sittings"),
]


def test_proctor_panel_shows_todays_and_upcoming_sittings_and_the_next(
    proctor, django_assert_num_queries
):
    # given: own sittings this morning (started), this afternoon and tomorrow; another's today
    blueprint = exam_blueprint("SKD CPNS 2026")
    times = {"S-PAGI": at(12, 6), "S-SIANG": at(12, 13), "S-BESOK": at(13, 8)}
    for code, starts_at in times.items():
        sitting = SittingFactory.create(
            blueprint=blueprint, code=code, starts_at=starts_at, room="Ruang CAT 1"
        )
        SittingProctor.objects.create(sitting=sitting, user=proctor)
    SittingFactory.create(blueprint=blueprint, code="S-LAIN", starts_at=at(12, 9))
    _ = proctor.roles

    # when
    with django_assert_num_queries(2):
        panels = panels_for(proctor, now=NOW)

    # then
    assert panels == [
        Panel(
            role=Role.PENGAWAS_UJIAN,
            title="Pengawas Ujian",
            stats=[Stat("Sesi Anda hari ini", 2), Stat("Sesi Anda yang belum dimulai", 2)],
            facts=[
                Fact("Sesi berikutnya", "S-SIANG — SKD CPNS 2026"),
                Fact("Waktu", "12 Agustus 2026 pukul 13.00 WIB"),
                Fact("Lokasi", "UPT BKN Palembang, Ruang CAT 1"),
            ],
            links=PROCTOR_LINKS,
        )
    ]


def test_proctor_without_sittings_is_told_so(proctor):
    SittingFactory.create(blueprint=exam_blueprint("SKD CPNS 2026"), starts_at=at(12, 9))
    assert panels_for(proctor, now=NOW) == [
        Panel(
            role=Role.PENGAWAS_UJIAN,
            title="Pengawas Ujian",
            stats=[Stat("Sesi Anda hari ini", 0), Stat("Sesi Anda yang belum dimulai", 0)],
            facts=[
                Fact("Sesi berikutnya", "Belum ada sesi mendatang yang ditugaskan kepada Anda.")
            ],
            links=PROCTOR_LINKS,
        )
    ]


# --- Penulis soal


def test_question_writer_sees_active_questions_per_bank(question_writer, django_assert_num_queries):
    # given
    skd = QuestionBankFactory.create(name="SKD 2026")
    practice = QuestionBankFactory.create(name="Latihan SKD")
    make_question(bank=skd)
    make_question(bank=skd, category_code="TIU")
    retired = make_question(bank=skd, category_code="TKP")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    make_question(bank=practice)
    _ = question_writer.roles

    # when
    with django_assert_num_queries(1):
        panels = panels_for(question_writer, now=NOW)

    # then
    assert panels == [
        Panel(
            role=Role.PENULIS_SOAL,
            title="Penulis Soal",
            stats=[
                Stat("Soal aktif, semua bank", 3),
                Stat("Soal aktif · Latihan SKD", 1, "exams:bank-detail", (practice.pk,)),
                Stat("Soal aktif · SKD 2026", 2, "exams:bank-detail", (skd.pk,)),
            ],
            links=[Link("Bank soal", "exams:bank-list")],
        )
    ]


def test_question_writer_without_banks_is_told_where_to_start(question_writer):
    assert panels_for(question_writer, now=NOW) == [
        Panel(
            role=Role.PENULIS_SOAL,
            title="Penulis Soal",
            links=[Link("Bank soal", "exams:bank-list")],
            note="Belum ada bank soal. Buat bank soal pertama dari halaman Bank soal.",
        )
    ]


def test_question_writer_panel_shows_the_first_banks_and_says_how_many_more(question_writer):
    banks = [QuestionBankFactory.create(name=f"Bank {n:02d}") for n in range(MAX_BANK_STATS + 2)]
    make_question(bank=banks[-1])

    [panel] = panels_for(question_writer, now=NOW)

    assert panel.stats[0] == Stat("Soal aktif, semua bank", 1)
    assert [stat.label for stat in panel.stats[1:]] == [
        f"Soal aktif · Bank {n:02d}" for n in range(MAX_BANK_STATS)
    ]
    assert panel.note == "2 bank soal lain ada di halaman Bank soal."


# --- Every role at once


def test_an_account_with_every_role_gets_every_panel_in_role_order(db):
    user = UserFactory.create(roles=list(Role))
    assert [panel.role for panel in panels_for(user, now=NOW)] == list(Role)

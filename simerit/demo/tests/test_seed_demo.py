import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.core.roles import Role
from simerit.demo import rubrics as demo_rubrics
from simerit.demo import selection as story
from simerit.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from simerit.demo.hashers import ARGON2, DemoArgon2PasswordHasher, demo_hashers
from simerit.demo.performance_history import history_years
from simerit.employees.models import Employee, EmployeeKind
from simerit.employees.rules import validate_nik
from simerit.employees.services import EmployeeInput, validate_employee_input
from simerit.exams.models import (
    AnswerEvent,
    Attempt,
    Blueprint,
    BlueprintItem,
    ExamPin,
    ExamResult,
    IntegrityEvent,
    ItemDecision,
    Participant,
    Question,
    QuestionBank,
    QuestionVersion,
    ScoreImport,
    Sitting,
)
from simerit.exams.selectors.scoreboard import compute_scoreboard
from simerit.exams.services.analysis import analyse_blueprint
from simerit.exams.services.attempts import start_practice
from simerit.exams.services.decisions import pending_changes
from simerit.exams.services.integrity import verify_attempt_chain
from simerit.exams.services.sittings import pin_closes_at
from simerit.notifications.models import Notification
from simerit.organization.models import OpdAdmin, Position, Region, WorkUnit
from simerit.recruitment.models import (
    Announcement,
    AnnouncementEntry,
    Applicant,
    Application,
    ApplicationDocument,
    ConflictDeclaration,
    Formasi,
    FormasiDocument,
    Sanggah,
    SelectionPeriod,
    StaffFamilyCard,
    StageWindow,
    VerificationAssignment,
)
from simerit.recruitment.selectors.announcements import canonical_json, sha256_of
from simerit.recruitment.selectors.applications import (
    is_registration_open,
    list_open_formasi,
    missing_documents,
)
from simerit.recruitment.selectors.eligibility import check_applicant
from simerit.recruitment.services.applicants import validate_kk_number
from simerit.recruitment.uploads import check_upload
from simerit.selection.models import (
    Aggregation,
    Appointment,
    AssessorAssignment,
    ComponentResult,
    FinalResult,
    IntegrationRun,
    ResultAnnouncement,
    ResultSanggah,
    Rubric,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.selectors.announcement_explanations import explanation
from simerit.selection.selectors.announcements import latest_announcement
from simerit.selection.selectors.appointments import appoint_refusal
from simerit.selection.selectors.setup import component_problems
from simerit.selection.selectors.verification import VerificationStatus, verify_bytes

PELAMAR = "pelamar@demo.simerit.test"


def run_seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts_by(queryset, field: str) -> dict[str, int]:
    rows = queryset.values(field).annotate(n=Count("pk")).order_by(field)
    return {row[field]: row["n"] for row in rows}


def private_storage(root: Path) -> dict[str, Any]:
    """Uploaded demo documents go to a temporary folder, not the shared test media."""
    return {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }


@pytest.fixture(scope="module")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module")
def seeded_module(django_db_setup, django_db_blocker, media_root: Path) -> Iterator[str]:
    """Seed once for the module (it takes seconds); every test runs in a savepoint inside it."""
    with (
        override_settings(STORAGES=private_storage(media_root)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield run_seed()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seeded_module: str, db: None) -> str:
    return seeded_module


def test_seed_demo_builds_the_palembang_organisation(seeded):
    assert WorkUnit.objects.count() == 76
    assert counts_by(WorkUnit.objects.all(), "kind") == {
        "pemda": 1,
        "opd": 29,
        "bidang": 10,
        "seksi": 2,
        "uptd": 4,
        "kecamatan": 18,
        "kelurahan": 12,
    }
    root = WorkUnit.objects.get(parent=None)
    assert (root.code, root.name) == ("PEMKOT", "Pemerintah Kota Palembang")
    opd_names = set(WorkUnit.objects.filter(kind="opd").values_list("name", flat=True))
    assert {"Sekretariat Daerah", "Inspektorat", "Dinas Kesehatan", "Dinas Pendidikan"} <= opd_names
    districts = WorkUnit.objects.filter(kind="kecamatan").order_by("region__code")
    assert list(districts.values_list("region__code", "name", "parent_id")) == [
        (region.code, f"Kecamatan {region.name}", root.pk)
        for region in Region.objects.filter(level="kecamatan", code__startswith="16.71.")
    ]
    assert districts.count() == 18
    villages = WorkUnit.objects.filter(kind="kelurahan")
    assert set(villages.values_list("parent__kind", flat=True)) == {"kecamatan"}
    assert all(
        path == f"{parent_path}{pk}/"
        for pk, path, parent_path in villages.values_list("pk", "path", "parent__path")
    )


def test_seed_demo_creates_positions_and_employees_of_every_kind(seeded):
    assert Position.objects.count() == 322
    assert counts_by(Position.objects.all(), "kind") == {
        "jpt_pratama": 29,
        "administrator": 74,
        "pengawas": 16,
        "fungsional": 88,
        "pelaksana": 115,
    }
    # Two PNS staff of Bidang Pelayanan Kesehatan come from the performance story.
    assert Employee.objects.count() == 357
    assert counts_by(Employee.objects.all(), "kind") == {"pns": 274, "cpns": 11, "pppk": 72}
    assert Position.objects.filter(name="Perawat Ahli Pertama", holders__isnull=False).exists()
    assert Position.objects.filter(name="Guru Ahli Muda", holders__isnull=False).exists()
    assert Position.objects.filter(name="Analis SDM Aparatur Ahli Pertama").count() == 3


def test_every_demo_employee_passes_the_rules_with_a_plausible_golongan(seeded):
    today = timezone.localdate()
    employees = Employee.objects.select_related("work_unit", "position", "golongan", "supervisor")

    for employee in employees:
        data = EmployeeInput(
            **{name: getattr(employee, name) for name in EmployeeInput.__dataclass_fields__}
        )
        assert validate_employee_input(data, today=today) == {}, employee.nip
        golongan = employee.golongan.code if employee.golongan else None
        if employee.kind == EmployeeKind.PPPK:
            assert golongan is None
        elif employee.position.kind == Position.Kind.JPT_PRATAMA:
            assert golongan in {"IV/b", "IV/c", "IV/d"}
        elif employee.position.kind == Position.Kind.PENGAWAS:
            assert golongan in {"III/c", "III/d"}
        if employee.position.name != "Sekretaris Daerah":
            assert employee.supervisor is not None, employee.position.name


def test_seed_demo_chains_supervisors_from_staff_up_to_the_sekretaris_daerah(seeded):
    chain = []
    employee: Employee | None = Employee.objects.get(user__username="pegawai")
    while employee is not None:
        chain.append((employee.position.name, employee.work_unit.code))
        employee = employee.supervisor

    assert chain == [
        ("Perawat Ahli Pertama", "DINKES-YANKES"),
        ("Kepala Bidang Pelayanan Kesehatan", "DINKES-YANKES"),
        ("Kepala Dinas Kesehatan", "DINKES"),
        ("Sekretaris Daerah", "SETDA"),
    ]
    section_staff = Employee.objects.filter(
        work_unit__code="DINKES-YANKES-RUJUKAN", position__name="Perawat Ahli Pertama"
    ).values_list("supervisor__position__name", "supervisor__supervisor__user__username")
    assert list(section_staff) == [("Kepala Seksi Pelayanan Kesehatan Rujukan", "atasan")]


def test_seed_demo_creates_one_login_per_role(seeded):
    # The performance story's logins (kadinkes, rekan1..rekan4) are tested with that story, the
    # performance history's (NIP as user name) in test_demo_merit.py.
    story = ("kadinkes", "rekan1", "rekan2", "rekan3", "rekan4")
    history = Employee.objects.filter(user__username=F("nip")).values("user")
    officers = (
        User.objects.exclude(groups__name=Role.PELAMAR)
        .exclude(username__in=story)
        .exclude(pk__in=history)
    )
    assert officers.count() == 14
    roles = {user.username: sorted(user.groups.values_list("name", flat=True)) for user in officers}
    assert roles == {
        "admin.bkpsdm": [Role.ADMIN_BKPSDM],
        "admin.bkpsdm2": [Role.ADMIN_BKPSDM],
        "admin.dinkes": [Role.ADMIN_OPD],
        "atasan": sorted([Role.ATASAN, Role.PEGAWAI]),
        "pegawai": [Role.PEGAWAI],
        "verifikator": [Role.VERIFIKATOR],
        "verifikator2": [Role.VERIFIKATOR],
        "verifikator3": [Role.VERIFIKATOR],
        "asesor": [Role.ASESOR],
        "asesor.2": [Role.ASESOR],
        "asesor.3": [Role.ASESOR],
        "pengawas": [Role.PENGAWAS_UJIAN],
        "penulis.soal": [Role.PENULIS_SOAL],
        "auditor": [Role.AUDITOR],
    }
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(DEMO_PASSWORD)
        validate_password(DEMO_PASSWORD, user=user)
    assert OpdAdmin.objects.get(user__username="admin.dinkes").work_unit.code == "DINKES"
    atasan = Employee.objects.get(user__username="atasan")
    assert atasan.position.name == "Kepala Bidang Pelayanan Kesehatan"
    assert User.objects.get(username="atasan").full_name == atasan.display_name
    assert Employee.objects.get(user__username="pegawai").supervisor == atasan
    assert Employee.objects.filter(user__isnull=False).count() == 2 + len(story) + HISTORY_ACCOUNTS


def test_seed_demo_pelamar_login_is_a_registered_applicant_free_to_apply(seeded):
    user = User.objects.get(username="pelamar@demo.simerit.test")
    applicant = Applicant.objects.get(user=user)

    assert list(user.groups.values_list("name", flat=True)) == [Role.PELAMAR]
    assert (applicant.name, applicant.email, applicant.education_major) == (
        "Rizky Pratama",
        "pelamar@demo.simerit.test",
        "Teknik Informatika",
    )
    assert applicant.email_confirmed_at is not None
    assert applicant.needs_identity_review is False
    assert list(applicant.applications.values_list("period__name", "status")) == [
        ("Seleksi PPPK 2025 Kota Palembang", "ms")
    ]
    casn = SelectionPeriod.objects.get(name="Seleksi CASN 2026 Kota Palembang")
    eligible = {
        formasi.code
        for formasi in Formasi.objects.filter(period=casn, status="published")
        if check_applicant(applicant, formasi).eligible
    }
    assert eligible == {"BKPSDM-PRK-01", "KOMINFO-PRK-01"}


def test_seed_demo_fills_an_intact_audit_log(seeded):
    assert counts_by(AuditEvent.objects.all(), "action") == {
        "organization.work_unit.created": 76,
        "organization.position.created": 322,
        # Two staff and five logins of the performance story, the logins of the history.
        "employees.employee.created": 355 + 2,
        "accounts.user.created": 112 + 5 + HISTORY_ACCOUNTS,
        "organization.opd_admin.assigned": 1,
        "employees.employee.user_linked": 2 + 5 + HISTORY_ACCOUNTS,
        "recruitment.period.created": 2,
        "recruitment.period.schedule_changed": 3,
        "recruitment.period.published": 2,
        "recruitment.formasi.created": 20,
        "recruitment.formasi.published": 19,
        "recruitment.formasi.closed": 4,
        # The recruitment story, and the seven applicants who sat the SKD at BKN's CAT (selection
        # story): registered, applied, uploaded, submitted, assigned and verified MS.
        "recruitment.applicant.registered": 91 + 7,
        "recruitment.applicant.email_confirmed": 89 + 7,
        "recruitment.application.created": 74 + 7,
        "recruitment.document.uploaded": 408 + 7 * 7,
        "recruitment.application.submitted": 63 + 7,
        # The demo verifier's sibling, and asesor.3's niece (selection story).
        "recruitment.conflict_declaration.created": 2,
        "recruitment.staff_family_card.created": 2,
        "recruitment.verification.assigned": 3,
        "recruitment.document.reviewed": 237 + 7 * 7,
        "recruitment.application.verified": 39 + 7,
        "recruitment.application.tms_confirmed": 9,
        "recruitment.announcement.published": 5,
        "recruitment.sanggah.filed": 3,
        "recruitment.sanggah.granted": 1,
        "recruitment.sanggah.rejected": 1,
        **EXAM_AUDIT,
        **SELECTION_AUDIT,
        **added(PERFORMANCE_AUDIT, history_audit()),
        **TRAINING_AUDIT,
        **DISCIPLINE_AUDIT,
        **COMPENSATION_AUDIT,
        **REWARDS_AUDIT,
        **CAREER_AUDIT,
    }
    report = verify_chain()
    assert (report.intact, report.length) == (True, audit_length())


# What the CAT story writes to the audit log (every row through a service).
EXAM_AUDIT = {
    "exams.bank.created": 3,
    "exams.bank.imported": 1,
    "exams.question.created": 86,
    "exams.question.revised": 1,
    # Three of the CAT story, and the SKD and SKB-CAT at BKN's CAT of the selection story.
    "exams.blueprint.created": 3 + 2,
    "exams.blueprint.skd_defaults_applied": 2 + 1,
    "exams.blueprint.sections_set": 3 + 2,
    "exams.blueprint.passing_rules_set": 2 + 1,
    "exams.blueprint.updated": 2 + 1,
    "exams.blueprint.assembled": 3,
    "exams.sitting.created": 4,
    "exams.proctor.assigned": 4,
    "exams.participants.assigned": 2,
    "exams.participant.checked_in": 10,
    "exams.pin.issued": 11,
    "exams.attempt.started": 10,
    "exams.attempt.taken_over": 1,
    "exams.sitting.paused": 1,
    "exams.attempt.paused": 5,
    "exams.sitting.resumed": 1,
    "exams.attempt.resumed": 5,
    "exams.attempt.finished": 10,
    "exams.item.annulled": 1,
    "exams.blueprint.rescored": 1,
    "exams.results.published": 1,
}

# What the competency selection story writes to the audit log (every row through a service):
# the BKN score files (SKD of 7, SKB-CAT of 11 with one absent, the correction of 1), the setup,
# 2 rubrics, components on 7 formasi, 21 score sheets, 2 integrations, 4 + 1 publications.
SELECTION_AUDIT = {
    "exams.score_import.accepted": 3,
    "exams.result.imported": 7 + 10,
    "exams.result.reimported": 1,
    "selection.setup.updated": 1,
    "selection.rubric.created": 2,
    "selection.rubric.locked": 1,
    "selection.components.saved": 2,
    "selection.components.copied": 5,
    "selection.cut.materialised": 1,
    "selection.cat_scores.imported": 2,
    "selection.assessment.assigned": 4,
    "selection.assessment.submitted": 21,
    "selection.assessment.third_assigned": 1,
    "selection.component_result.finalized": 9,
    "selection.component_result.flagged": 2,
    "selection.component_result.panel_decided": 1,
    "selection.component_result.absent_marked": 1,
    "selection.candidate.withdrawn": 1,
    "selection.integration.completed": 2,
    "selection.announcement.published": 5,
    "selection.result_sanggah.filed": 2,
    "selection.result_sanggah.granted": 1,
    "selection.result_sanggah.rejected": 1,
}


# What the performance story writes (test_demo_performance.py tests it in detail).
PERFORMANCE_AUDIT = {
    "performance.appraisal.decided": 3,
    "performance.coaching_feedback.given": 1,
    "performance.coaching_note.added": 2,
    "performance.evidence.added": 1,
    "performance.expectation.written": 7,
    "performance.indicator.added": 24,
    "performance.objection.employee_stated": 1,
    "performance.objection.evaluator_stated": 1,
    "performance.objection.filed": 1,
    "performance.raters.proposed": 5,
    "performance.rater.answered": 26,
    "performance.realisation.recorded": 54,
    "performance.result.added": 14,
    "performance.result_feedback.added": 3,
    "performance.skp.approved": 6,
    "performance.skp.created": 6,
    "performance.skp.submitted": 6,
    "performance.unit_predikat.set": 1,
    "performance.year.feedback_closed": 1,
    "performance.year.opened": 1,
    "performance.year.started": 1,
}
# Three results delivered; the keberatan to the kepala dinas and the kepala bidang.
PERFORMANCE_NOTIFICATIONS = 3 + 2
# The performance history (performance_history.py; test_demo_merit.py tests it in detail): a
# login for each of the 46 Dinas Kesehatan employees but the 7 of the stories, and the Sekda.
HISTORY_ACCOUNTS = 46 - 7 + 1


def history_sizes() -> tuple[int, int]:
    """The SKPs of the history's two years, counted by its rule: the Dinas Kesehatan employees in
    service on 1 January (TMT CPNS or first PPPK contract by then). The numbers depend on the day
    the demo is built (PNS dates follow its year, PPPK intakes are fixed): built in October or
    November 2026, 38 of 2024 and 43 of 2025."""
    staff = Employee.objects.filter(work_unit__code__startswith="DINKES", is_active=True).exclude(
        kind=EmployeeKind.CPNS
    )
    older, last = history_years(timezone.localdate())
    return (
        staff.filter(tmt_cpns__lte=dt.date(older, 1, 1)).count(),
        staff.filter(tmt_cpns__lte=dt.date(last, 1, 1)).count(),
    )


def history_audit() -> dict[str, int]:
    """What the history writes: per SKP one RHK with one indicator, submitted, approved, decided
    and final (the one Kurang by its keberatan, upheld); two years opened, run and closed."""
    skps = sum(history_sizes())
    return {
        "performance.appraisal.decided": skps,
        "performance.appraisal.finalised": skps - 1,
        "performance.indicator.added": skps,
        "performance.objection.decided": 1,
        "performance.objection.evaluator_stated": 1,
        "performance.objection.filed": 1,
        "performance.result.added": skps,
        "performance.skp.approved": skps,
        "performance.skp.created": skps,
        "performance.skp.submitted": skps,
        "performance.year.closed": 2,
        "performance.year.opened": 2,
        "performance.year.started": 2,
    }


def history_notifications() -> int:
    """Every result delivered; the keberatan to the atasan pejabat penilai and the pejabat
    penilai, its decision to the employee and the pejabat penilai (all read since)."""
    return sum(history_sizes()) + 2 + 2


def added(*counts: dict[str, int]) -> dict[str, int]:
    total: dict[str, int] = {}
    for each in counts:
        for key, value in each.items():
            total[key] = total.get(key, 0) + value
    return dict(sorted(total.items()))


# What the training story writes (test_demo_training.py tests it in detail, with these counts).
TRAINING_AUDIT = {
    "training.attendance.recorded": 25,
    "training.certificate.issued": 4,
    "training.class.closed": 1,
    "training.class.completed": 1,
    "training.class.created": 2,
    "training.class.opened": 2,
    "training.class.updated": 1,
    "training.competency.created": 8,
    "training.employee_competency.created": 16,
    "training.enrolment.approved": 1,
    "training.enrolment.assigned": 3,
    "training.enrolment.completion_recorded": 5,
    "training.enrolment.nominated": 3,
    "training.enrolment.requested": 2,
    "training.external_training.submitted": 2,
    "training.external_training.validated": 1,
    "training.information_session.created": 1,
    "training.information_session.published": 1,
    "training.meeting.created": 12,
    "training.position_competency.created": 12,
    "training.programme.created": 7,
    "training.reading_material.created": 2,
    "training.reading_material.published": 2,
    "training.session_registration.registered": 2,
    "training.survey.submitted": 2,
    "training.year.created": 1,
}
# Requests to the atasan, placements, results, certificates, the validation of external training;
# the nurses placed, passed and certified who have a login from the history (3 + 2 + 2).
TRAINING_NOTIFICATIONS = 2 + 4 + 3 + 2 + 1 + 7
# What the stories of issue #8 write (test_demo_merit.py tests them in detail, with these counts).
DISCIPLINE_AUDIT = {
    "discipline.appeal.filed": 1,
    "discipline.attendance.imported": 3,
    "discipline.case.opened": 1,
    "discipline.examination.recorded": 1,
    "discipline.sanction.decided": 1,
    "discipline.sanction.delivered": 1,
    "discipline.summons.attendance_recorded": 1,
    "discipline.summons.issued": 1,
    "discipline.team_member.added": 3,
}
COMPENSATION_AUDIT = {
    "compensation.run.computed": 1,
    "compensation.run.finalised": 1,
    "compensation.scheme.created": 1,
}
REWARDS_AUDIT = {
    "rewards.award.created": 1,
    "rewards.committee_member.added": 3,
    "rewards.criterion.created": 3,
    "rewards.nomination.created": 1,
    "rewards.nomination.score_settled": 1,
    "rewards.score.submitted": 3,
}
CAREER_AUDIT = {
    "career.credit_opening.recorded": 4,
    "career.creditrequirement.created_in_admin": 5,
    "career.educationceiling.created_in_admin": 10,
    "career.potential_assessment.recorded": 46,
    "career.succession_candidate.added": 1,
}
# The case opened, told to the other Admin BKPSDM and the employee's atasan; the summons, the
# decision and the keberatan received, to the employee (both have a login from the history).
MERIT_NOTIFICATIONS = 2 + 3
MERIT_AUDIT = (
    sum(DISCIPLINE_AUDIT.values())
    + sum(COMPENSATION_AUDIT.values())
    + sum(REWARDS_AUDIT.values())
    + sum(CAREER_AUDIT.values())
)
AUDIT_LENGTH = (
    2344 + 2 + 5 + 5 + sum(PERFORMANCE_AUDIT.values()) + sum(TRAINING_AUDIT.values()) + MERIT_AUDIT
)


def audit_length() -> int:
    """The whole chain: the stories, the history's logins (created and linked) and its rows."""
    return AUDIT_LENGTH + 2 * HISTORY_ACCOUNTS + sum(history_audit().values())


def test_seed_demo_prints_every_login_with_the_password(seeded):
    assert seeded.startswith("Data demo dibuat dalam ")
    assert "76 unit kerja, 322 jabatan, 357 pegawai, 14 akun petugas." in seeded
    assert (
        "Rekrutmen: 2 periode seleksi, 20 formasi, 91 pelamar, 74 lamaran (14 ditolak karena "
        "tidak memenuhi syarat), 5 pengumuman, 3 sanggah."
    ) in seeded
    assert (
        "Ujian (CAT): 3 bank soal (86 soal), 3 kisi-kisi, 4 sesi, 28 peserta, 10 pengerjaan "
        "selesai, 10 hasil diumumkan."
    ) in seeded
    lines = seeded.splitlines()
    for account in DEMO_ACCOUNTS:
        row = next(line for line in lines if line.startswith(f"{account.username} "))
        assert row.split()[-1] == DEMO_PASSWORD
    assert "atasan                     Pegawai + Atasan  SiMerit-Demo-2026" in lines
    assert "pelamar@demo.simerit.test  Pelamar           SiMerit-Demo-2026" in lines
    assert "verifikator2               Verifikator       SiMerit-Demo-2026" in lines
    assert "penulis.soal               Penulis Soal      SiMerit-Demo-2026" in lines
    sitting = Sitting.objects.get(participants__application__applicant__email=PELAMAR)
    starts = timezone.localtime(sitting.starts_at)
    closes = timezone.localtime(pin_closes_at(sitting))
    assert lines[-1] == (
        f"Coba ujian sebagai {PELAMAR}: sesi {sitting.code} mulai {starts:%d-%m-%Y %H.%M} WIB; "
        f"pengawas dapat menerbitkan PIN sampai {closes:%H.%M} WIB (langkahnya di README, bagian "
        "demo)."
    )


COUNTED = (
    WorkUnit,
    Position,
    Employee,
    User,
    SelectionPeriod,
    Formasi,
    Applicant,
    Application,
    ApplicationDocument,
    VerificationAssignment,
    Announcement,
    Sanggah,
    Notification,
    AuditEvent,
    QuestionBank,
    Question,
    QuestionVersion,
    Blueprint,
    BlueprintItem,
    Sitting,
    Participant,
    ExamPin,
    Attempt,
    AnswerEvent,
    IntegrityEvent,
    ItemDecision,
    ExamResult,
    ScoreImport,
    SelectionSetup,
    Rubric,
    SkbComponent,
    SkbCandidate,
    AssessorAssignment,
    ComponentResult,
    IntegrationRun,
    FinalResult,
    ResultAnnouncement,
    ResultSanggah,
    Appointment,
)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in COUNTED)


def test_seed_demo_twice_changes_nothing(seeded, media_root):
    first = counts()
    files = sorted(path.name for path in media_root.rglob("*") if path.is_file())

    second = run_seed()

    assert second.startswith("Data demo sudah ada; tidak ada yang diubah.")
    assert "Hasil akhir sebagai pelamar (sanggah dikabulkan, versi 2): " in second
    assert "admin.bkpsdm               Admin BKPSDM      SiMerit-Demo-2026" in second.splitlines()
    # The answer events of the weaker SKD takers depend on which of them stays away, which
    # follows the seating (registration numbers are random): compared, not pinned.
    answers = COUNTED.index(AnswerEvent)
    assert first[:answers] + first[answers + 1 :] == (
        *(76, 322, 357, 117 + HISTORY_ACCOUNTS, 2, 20, 98, 81, 457, 85, 5, 3),
        *(
            222
            + PERFORMANCE_NOTIFICATIONS
            + history_notifications()
            + TRAINING_NOTIFICATIONS
            + MERIT_NOTIFICATIONS,
            audit_length(),
        ),
        *(3, 86, 87, 5, 80, 4, 28, 11, 10, 38, 1, 27, 3),
        *(1, 2, 14, 11, 21, 21, 2, 22, 5, 2, 0),
    )
    assert counts() == first
    # The performance story's evidence PDF, the training story's two external certificates.
    assert len(files) == 457 + 1 + 2
    assert sorted(path.name for path in media_root.rglob("*") if path.is_file()) == files
    assert verify_chain().intact is True


def test_seed_demo_links_kecamatan_to_existing_regions_only(seeded):
    linked = WorkUnit.objects.filter(region__isnull=False).values_list("region__code", flat=True)

    assert set(linked) <= set(Region.objects.values_list("code", flat=True))
    assert WorkUnit.objects.filter(kind="kelurahan", region__isnull=True).exists() is False


# --- Recruitment


def local(value: dt.datetime) -> tuple[dt.date, str]:
    moment = timezone.localtime(value)
    return moment.date(), f"{moment:%H:%M}"


def test_seed_demo_opens_casn_2026_and_shows_pppk_2025_in_its_sanggah_period(seeded):
    today = timezone.localdate()
    day = dt.timedelta(days=1)
    periods = SelectionPeriod.objects.order_by("year")
    assert list(periods.values_list("name", "kind", "year", "status")) == [
        ("Seleksi PPPK 2025 Kota Palembang", "pppk", 2025, "published"),
        ("Seleksi CASN 2026 Kota Palembang", "cpns", 2026, "published"),
    ]
    pppk, casn = periods
    assert (casn.default_min_age, casn.default_max_age, casn.age_reference_date) == (
        18,
        35,
        today + 14 * day,
    )
    assert (pppk.default_min_age, pppk.default_max_age, pppk.age_reference_date) == (
        20,
        56,
        today - 25 * day,
    )
    schedule = {
        (window.period.kind, window.stage): (local(window.opens_at), local(window.closes_at))
        for window in StageWindow.objects.select_related("period")
    }
    assert len(schedule) == 12
    assert schedule[("cpns", "registration")] == (
        (today - 10 * day, "08:00"),
        (today + 14 * day, "23:59"),
    )
    assert schedule[("cpns", "sanggah_filing")] == (
        (today + 25 * day, "00:00"),
        (today + 27 * day, "23:59"),
    )
    assert schedule[("pppk", "registration")] == (
        (today - 45 * day, "08:00"),
        (today - 25 * day, "23:59"),
    )
    assert schedule[("pppk", "sanggah_filing")] == ((today, "00:00"), (today + 3 * day, "23:59"))
    assert schedule[("pppk", "sanggah_answer")] == ((today, "00:00"), (today + 10 * day, "16:00"))
    assert is_registration_open(casn) is True
    assert is_registration_open(pppk) is False
    now = timezone.now()
    for window in StageWindow.objects.filter(
        period=pppk, stage__in=["announcement", "sanggah_filing", "sanggah_answer"]
    ):
        assert window.opens_at <= now < window.closes_at


def test_seed_demo_publishes_formasi_of_several_opd_on_the_public_board(seeded):
    formasi = Formasi.objects.select_related("period", "position", "work_unit")
    assert counts_by(formasi.filter(period__kind="cpns"), "status") == {
        "draft": 1,
        "published": 15,
    }
    assert counts_by(formasi.filter(period__kind="pppk"), "status") == {"closed": 4}
    assert counts_by(formasi.filter(period__kind="cpns"), "track") == {
        "cumlaude": 1,
        "disabilitas": 1,
        "umum": 14,
    }
    assert list(list_open_formasi().order_by("code").values_list("code", flat=True)) == [
        "BAPPEDA-PRC-01",
        "BKPSDM-ASN-01",
        "BKPSDM-ASN-02",
        "BKPSDM-PRK-01",
        "BPKAD-AKD-01",
        "DINKES-BDN-01",
        "DINKES-DOK-01",
        "DINKES-PRW-01",
        "DINKES-PRW-02",
        "DISDIK-GRU-01",
        "DISDIK-GRU-02",
        "KOMINFO-PRK-01",
        "KOMINFO-PRK-02",
        "PUPR-TJJ-01",
        "SATPOLPP-PPP-01",
    ]
    opd = {
        WorkUnit.objects.get(pk=int(item.work_unit.path.strip("/").split("/")[1])).name
        for item in formasi.filter(period__kind="cpns", status="published")
    }
    assert {
        "Dinas Kesehatan",
        "Dinas Pendidikan",
        "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "Dinas Komunikasi dan Informatika",
    } <= opd
    assert len(opd) == 8
    health = formasi.filter(period__kind="cpns", work_unit__path__startswith=dinkes_path())
    assert set(health.values_list("documents__kind__code", flat=True)) >= {"str", "ijazah"}
    assert all(item.documents.filter(kind__code="str").exists() for item in health)
    doctor = formasi.get(code="DINKES-DOK-01")
    assert (doctor.position.name, doctor.max_age, doctor.quota) == ("Dokter Ahli Pertama", 40, 1)
    assert str(formasi.get(track="cumlaude").min_gpa) == "3.51"
    assert formasi.get(track="disabilitas").position.name == "Pranata Komputer Ahli Pertama"
    created_by = {
        changes["code"]: username
        for changes, username in AuditEvent.objects.filter(
            action="recruitment.formasi.created"
        ).values_list("changes", "actor__username")
    }
    assert {code for code, actor in created_by.items() if actor == "admin.dinkes"} == {
        "DINKES-APT-01",
        "DINKES-BDN-01",
        "DINKES-DOK-01",
        "DINKES-PRW-01",
        "DINKES-PRW-02",
    }
    assert formasi.get(code="DINKES-APT-01").status == "draft"


def dinkes_path() -> str:
    return WorkUnit.objects.get(code="DINKES").path


def test_seed_demo_has_applications_at_every_stage(seeded):
    applications = Application.objects.all()
    assert counts_by(applications.filter(period__kind="cpns"), "status") == {
        "draft": 11,
        "submitted": 24,
        "tms_pending": 3,
        "ms": 12 + 7,  # and the seven who sat the SKD at BKN's CAT (selection story)
        "tms": 3,
    }
    assert counts_by(applications.filter(period__kind="pppk"), "status") == {"ms": 16, "tms": 5}
    for application in applications.filter(status="draft"):
        assert 0 < application.documents.count() < application.formasi.documents.count()
        assert missing_documents(application) != []
    for application in applications.exclude(status="draft"):
        assert missing_documents(application) == []
        assert application.eligibility_snapshot == {"eligible": True, "failures": []}
    # The 14 applicants create_application refused, and 3 who only registered.
    assert Applicant.objects.filter(applications__isnull=True).count() == 17
    assert ApplicationDocument.objects.count() == 408 + 7 * 7


def test_seed_demo_applicants_have_valid_palembang_identities(seeded):
    applicants = Applicant.objects.all()
    assert applicants.count() == 91 + 7
    for applicant in applicants:
        nik = validate_nik(applicant.nik)
        assert (nik.province, nik.regency) == ("16", "71")
        assert validate_kk_number(applicant.kk_number).startswith("1671")
        assert applicant.email.endswith("@demo.simerit.test")
    assert applicants.values("nik").distinct().count() == 91 + 7
    assert applicants.filter(needs_identity_review=True).count() == 1
    assert applicants.filter(email_confirmed_at__isnull=True).count() == 2
    assert counts_by(applicants, "education_level__code") == {"D3": 15, "S1": 74 + 7, "SMA": 2}
    assert applicants.filter(is_disabled=True).count() == 2


def test_seed_demo_documents_are_files_that_pass_the_upload_checks(seeded, media_root):
    assert counts_by(ApplicationDocument.objects.all(), "file_format") == {
        "jpg": 201 + 7 * 3,
        "pdf": 207 + 7 * 4,
    }
    documents = ApplicationDocument.objects.select_related("kind", "application")
    for document in documents:
        spec = FormasiDocument.objects.get(formasi=document.application.formasi, kind=document.kind)
        data = (media_root / document.file.name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == document.sha256
        checked = check_upload(
            data, allowed_formats=spec.formats, max_kb=spec.max_kb, label=document.kind.name
        )
        assert checked.file_format == document.file_format


def test_seed_demo_announces_pppk_results_with_a_correction_after_sanggah(seeded):
    announcements = Announcement.objects.select_related("formasi", "replaces")
    assert sorted(announcements.values_list("formasi__code", "version")) == [
        ("PPPK-GRU-01", 1),
        ("PPPK-PLO-01", 1),
        ("PPPK-PRK-01", 1),
        ("PPPK-PRK-01", 2),
        ("PPPK-PRW-01", 1),
    ]
    for announcement in announcements:
        assert sha256_of(canonical_json(announcement)) == announcement.sha256
    second = announcements.get(version=2)
    assert second.replaces == announcements.get(formasi=second.formasi, version=1)
    assert second.note.startswith("Koreksi setelah masa sanggah")
    own = AnnouncementEntry.objects.filter(
        application__applicant__email="pelamar@demo.simerit.test"
    )
    assert list(own.order_by("announcement__version").values_list("result", "reason")) == [
        ("TMS", "Ijazah: Berkas tidak terbaca atau buram"),
        ("MS", ""),
    ]
    assert counts_by(Sanggah.objects.all(), "status") == {
        "filed": 1,
        "granted": 1,
        "rejected": 1,
    }
    for sanggah in Sanggah.objects.select_related("application"):
        roles = dict(
            VerificationAssignment.objects.filter(application=sanggah.application).values_list(
                "role", "verifier__username"
            )
        )
        assert roles["sanggah"] not in {roles["first"], roles["confirmation"]}
        assert sanggah.documents.count() == 1
    waiting = Sanggah.objects.get(status="filed")
    assert waiting.application.formasi.code != "PPPK-PRK-01"


def test_seed_demo_gives_the_verifiers_queues_with_four_eyes_and_conflicts(seeded):
    verifier = User.objects.get(username="verifikator")
    open_items = VerificationAssignment.objects.filter(verifier=verifier, completed_at=None)
    assert counts_by(open_items, "role") == {"confirmation": 1, "first": 7, "sanggah": 1}
    assert counts_by(VerificationAssignment.objects.all(), "role") == {
        "confirmation": 12,
        "first": 63 + 7,
        "sanggah": 3,
    }
    for confirmation in VerificationAssignment.objects.filter(role="confirmation"):
        first = VerificationAssignment.objects.get(
            application=confirmation.application, role="first"
        )
        assert first.verifier != confirmation.verifier
    declaration = ConflictDeclaration.objects.get(user=verifier)
    assert (declaration.user, declaration.relation) == (verifier, "Adik kandung")
    relative = Applicant.objects.get(nik=declaration.relative_nik)
    assert relative.applications.get().status == "submitted"
    assert (
        VerificationAssignment.objects.filter(application__applicant=relative)
        .exclude(verifier=verifier)
        .count()
        == 1
    )
    assert (
        VerificationAssignment.objects.filter(
            application__applicant=relative, verifier=verifier
        ).exists()
        is False
    )
    card = StaffFamilyCard.objects.get(user__username="verifikator3")
    household = Applicant.objects.get(kk_number=card.kk_number)
    assert (
        VerificationAssignment.objects.filter(
            application__applicant=household, verifier__username="verifikator3"
        ).exists()
        is False
    )
    assert StaffFamilyCard.objects.filter(user=verifier).exists() is True


# --- Exams (CAT)


def test_seed_demo_fills_three_question_banks_with_explained_questions(seeded):
    banks = {bank.name: bank for bank in QuestionBank.objects.all()}
    assert {name: bank.purpose for name, bank in banks.items()} == {
        "Bank Soal SKD Demo": "exam",
        "Bank Soal Tryout": "practice",
        "Bank Soal Kompetensi PPPK Demo": "exam",
    }
    questions = Question.objects.select_related("bank", "category", "current_version")
    assert counts_by(questions.filter(bank__name="Bank Soal SKD Demo"), "category__code") == {
        "TIU": 12,
        "TKP": 12,
        "TWK": 12,
    }
    assert counts_by(questions.filter(bank__name="Bank Soal Tryout"), "category__code") == {
        "TIU": 10,
        "TKP": 10,
        "TWK": 10,
    }
    assert counts_by(questions.filter(bank__name__contains="PPPK"), "category__code") == {
        "MANAJERIAL": 5,
        "SOSIOKULTURAL": 5,
        "TEKNIS": 5,
        "WAWANCARA": 5,
    }
    assert counts_by(questions, "kind") == {"single": 49, "weighted": 37}
    texts = set()
    for question in questions:
        version = question.current_version
        assert version is not None
        assert version.text, question.code
        assert version.explanation, question.code
        texts.add(version.text)
        points = sorted(option["points"] for option in version.options)
        if question.kind == "single":
            assert points == [0, 0, 0, 0, 1], question.code
        elif question.bank.name == "Bank Soal Kompetensi PPPK Demo":
            assert points == [1, 2, 3, 4], question.code
        else:
            assert points == [1, 2, 3, 4, 5], question.code
    assert len(texts) == 86
    imported = AuditEvent.objects.get(action="exams.bank.imported")
    assert imported.actor_label == "Penulis Soal BKPSDM"
    assert {key: imported.changes[key] for key in ("format", "rows", "created")} == {
        "format": "json",
        "rows": 36,
        "created": 36,
    }
    assert set(
        AuditEvent.objects.filter(action__startswith="exams.question.").values_list(
            "actor__username", flat=True
        )
    ) == {"penulis.soal"}


def test_seed_demo_revises_the_annulled_question_while_the_exam_keeps_its_version(seeded):
    question = Question.objects.get(code="TIU-002")
    versions = list(question.versions.order_by("number"))
    served = BlueprintItem.objects.get(blueprint__kind="skd", question_version__question=question)

    assert [version.number for version in versions] == [1, 2]
    assert question.current_version == versions[1]
    assert served.question_version == versions[0]
    assert "Salju" in {option["text"] for option in versions[0].options}
    assert "Salju" not in {option["text"] for option in versions[1].options}
    decision = ItemDecision.objects.get()
    assert (decision.question_version, decision.mode, decision.decided_by.username) == (
        versions[0],
        "credit_all",
        "admin.bkpsdm",
    )
    assert "'Salju'" in decision.reason


def test_seed_demo_scales_the_skd_blueprints_and_configures_the_pppk_test(seeded):
    simerit = Blueprint.objects.filter(delivery="simerit")
    blueprints = {b.kind: b for b in simerit}
    skd, tryout, pppk = blueprints["skd"], blueprints["tryout"], blueprints["pppk"]
    assert list(
        simerit.order_by("pk").values_list(
            "name", "duration_minutes", "is_public", "bank__name", "period__name"
        )
    ) == [
        (
            "SKD CASN 2026 — Simulasi Demo 10/10/10 soal",
            30,
            False,
            "Bank Soal SKD Demo",
            "Seleksi CASN 2026 Kota Palembang",
        ),
        ("Tryout SKD — 10/10/10 soal", 30, True, "Bank Soal Tryout", None),
        (
            "Seleksi Kompetensi PPPK 2025 — Simulasi Demo 5/5/5/5 soal",
            20,
            False,
            "Bank Soal Kompetensi PPPK Demo",
            "Seleksi PPPK 2025 Kota Palembang",
        ),
    ]
    assert skd.locked_at is not None
    assert skd.results_published_at is not None
    assert (tryout.locked_at, pppk.locked_at, pppk.results_published_at) == (None, None, None)

    def sections(blueprint: Blueprint) -> list[tuple[str, int, int, int, int]]:
        return list(
            blueprint.sections.order_by("order").values_list(
                "category__code",
                "question_count",
                "correct_points",
                "wrong_points",
                "blank_points",
            )
        )

    scaled = [("TWK", 10, 5, 0, 0), ("TIU", 10, 5, 0, 0), ("TKP", 10, 5, 0, 0)]
    assert sections(skd) == sections(tryout) == scaled
    assert sections(pppk) == [
        ("TEKNIS", 5, 5, 0, 0),
        ("MANAJERIAL", 5, 4, 0, 0),
        ("SOSIOKULTURAL", 5, 4, 0, 0),
        ("WAWANCARA", 5, 4, 0, 0),
    ]
    rules = {
        "": ({"TWK": 22, "TIU": 23, "TKP": 37}, None),
        "cumlaude": ({"TIU": 24}, 85),
        "diaspora": ({"TIU": 24}, 85),
        "disabilitas": ({"TIU": 17}, 78),
        "putra_putri_daerah": ({"TIU": 17}, 78),
    }
    for blueprint in (skd, tryout):
        stored = blueprint.passing_rules.values_list("track", "category_minimums", "total_minimum")
        assert {track: (minimums, total) for track, minimums, total in stored} == rules
    assert pppk.passing_rules.exists() is False
    for blueprint, count in ((skd, 30), (tryout, 30), (pppk, 20)):
        items = BlueprintItem.objects.filter(blueprint=blueprint)
        assert items.count() == count
        assert set(items.values_list("question_version__question__bank", flat=True)) == {
            blueprint.bank_id
        }
    history = AuditEvent.objects.filter(target_type="exams.blueprint", target_id=str(skd.pk))
    assert list(history.order_by("seq").values_list("action", flat=True)) == [
        "exams.blueprint.created",
        "exams.blueprint.skd_defaults_applied",
        "exams.blueprint.sections_set",
        "exams.blueprint.passing_rules_set",
        "exams.blueprint.updated",
        "exams.blueprint.assembled",
        "exams.participants.assigned",
        "exams.blueprint.rescored",
        "exams.results.published",
    ]


def test_seed_demo_held_the_skd_two_days_ago_with_sealed_attempts(seeded):
    day = timezone.localdate() - dt.timedelta(days=2)
    sittings = Sitting.objects.filter(blueprint__kind="skd").order_by("code")
    assert [
        (s.code, local(s.starts_at), s.room, s.is_accessible, s.capacity) for s in sittings
    ] == [
        ("SKD26-S1", (day, "08:00"), "Ruang CAT 1 (lantai 2)", False, 8),
        ("SKD26-S2", (day, "10:30"), "Ruang CAT 2 (lantai 1, ramah disabilitas)", True, 8),
    ]
    for sitting in sittings:
        assert list(sitting.proctors.values_list("user__username", flat=True)) == ["pengawas"]
        assert sitting.participants.count() == 6
        assert sitting.participants.filter(checked_in_at__isnull=False).count() == 5
        assert sitting.participants.filter(attempt__isnull=True, checked_in_at=None).count() == 1
    participants = Participant.objects.filter(blueprint__kind="skd")
    assert set(participants.values_list("application__status", flat=True)) == {"ms"}
    # Every MS applicant of CASN 2026 has a seat, except the seven who sat the SKD at BKN's CAT
    # (selection story).
    ms = Application.objects.filter(period__kind="cpns", status="ms")
    assert participants.count() == ms.count() - 7 == 12
    assert set(
        ms.filter(exam_participations__isnull=True).values_list(
            "exam_results__source", "exam_results__blueprint__delivery"
        )
    ) == {("bkn", "bkn")}
    attempts = Attempt.objects.filter(blueprint__kind="skd")
    assert counts_by(attempts, "status") == {"finished": 10}
    assert counts_by(attempts, "finish_reason") == {"submitted": 9, "timeout": 1}
    # The strong five pass, the same five on every run: applicants of the health formasi, where
    # the competency selection scores a case simulation. Which of the others stays away from
    # each sitting follows the seating, so their totals are not pinned.
    passed = attempts.filter(passed=True).order_by("total")
    assert list(passed.values_list("total", "participant__application__formasi__code")) == [
        (101, "DINKES-DOK-01"),
        (102, "DINKES-BDN-01"),
        (110, "DINKES-PRW-01"),
        (121, "DINKES-BDN-01"),
        (128, "DINKES-PRW-02"),
    ]
    assert (passed.count(), attempts.filter(passed=False, total__lt=101).count()) == (5, 5)
    for attempt in attempts:
        assert attempt.finished_at is not None
        assert verify_attempt_chain(attempt) is True
        assert attempt.event_count == attempt.events.count() > 0
        moments = [
            timezone.localtime(m) for m in attempt.events.values_list("server_at", flat=True)
        ]
        assert {moment.date() for moment in moments} == {day}
        assert attempt.started_at <= min(moments)
        assert max(moments) < attempt.finished_at
        assert attempt.finished_at <= attempt.deadline
        assert attempt.total == sum(attempt.scores.values())
    timed_out = attempts.get(finish_reason="timeout")
    assert timed_out.finished_at == timed_out.deadline
    kinds = IntegrityEvent.objects.filter(attempt__blueprint__kind="skd")
    assert counts_by(kinds, "kind") == {
        "finished": 10,
        "focus_lost": 6,
        "locked_out": 1,
        "paused": 5,
        "resumed": 5,
        "started": 10,
        "takeover": 1,
    }
    paused = attempts.filter(participant__sitting__code="SKD26-S2")
    assert all(
        attempt.deadline - attempt.started_at == dt.timedelta(minutes=36) for attempt in paused
    )


def test_seed_demo_publishes_rescored_skd_results_with_a_real_item_analysis(seeded):
    skd = Blueprint.objects.get(kind="skd", delivery="simerit")
    results = ExamResult.objects.filter(blueprint=skd).select_related("attempt")
    assert results.count() == 10
    for result in results:
        assert result.attempt is not None
        assert (result.kind, result.source, result.blueprint) == ("skd", "simerit", skd)
        assert (result.scores, result.total, result.passed) == (
            result.attempt.scores,
            result.attempt.total,
            result.attempt.passed,
        )
    assert pending_changes(skd)[1] == []
    published = AuditEvent.objects.get(action="exams.results.published")
    assert {key: published.changes[key] for key in ("results", "absent")} == {
        "results": 10,
        "absent": 2,
    }
    report = analyse_blueprint(blueprint=skd)
    assert (report.examinees, len(report.items)) == (10, 30)
    annulled = [item for item in report.items if item.decision is not None]
    assert [item.column.code for item in annulled] == ["TIU-002"]
    keys = {o["text"]: o["key"] for o in annulled[0].column.options}
    chosen = {option.key: option.count for option in annulled[0].stats.options if option.count}
    # Every wrong answer is the second defensible option.
    assert set(chosen) == {keys["Salju"], keys["Es"]}
    assert report.reliability is not None
    board = compute_scoreboard(Sitting.objects.get(code="SKD26-S1").scoreboard_key)
    assert board is not None
    assert counts_by_value(row["status"] for row in board["rows"]) == {
        "tidak_hadir": 1,
        "finished": 5,
    }


def test_seed_demo_seats_every_pppk_applicant_in_a_test_starting_soon(seeded):
    now = timezone.now()
    sittings = list(Sitting.objects.filter(blueprint__kind="pppk").order_by("code"))
    assert [(s.code, s.room, s.is_accessible, s.capacity) for s in sittings] == [
        ("PPPK25-R1", "Ruang CAT 1 (lantai 2)", False, 10),
        ("PPPK25-R2", "Ruang CAT 2 (lantai 1, ramah disabilitas)", True, 10),
    ]
    starts = {sitting.starts_at for sitting in sittings}
    assert len(starts) == 1
    (start,) = starts
    assert timezone.localtime(start).minute % 5 == 0
    assert timezone.localtime(start).second == 0
    assert now < pin_closes_at(sittings[0])
    assert start - now <= dt.timedelta(minutes=20)
    participants = Participant.objects.filter(blueprint__kind="pppk")
    assert counts_by(participants, "sitting__code") == {"PPPK25-R1": 8, "PPPK25-R2": 8}
    assert (
        participants.count() == Application.objects.filter(period__kind="pppk", status="ms").count()
    )
    assert participants.filter(checked_in_at__isnull=False).exists() is False
    assert Attempt.objects.filter(blueprint__kind="pppk").exists() is False
    own = participants.get(application__applicant__email=PELAMAR)
    assert own.application.formasi.code == "PPPK-PRK-01"
    assert list(own.sitting.proctors.values_list("user__username", flat=True)) == ["pengawas"]


def test_seed_demo_opens_a_public_tryout_with_explanations(seeded):
    tryout = Blueprint.objects.get(kind="tryout")
    items = BlueprintItem.objects.filter(blueprint=tryout).select_related("question_version")
    assert all(item.question_version.explanation for item in items)

    attempt, token = start_practice(blueprint=tryout, user=None)

    assert (attempt.is_practice, attempt.items.count(), len(token)) == (True, 30, 43)


# --- Competency selection (SKB)

CASN = "Seleksi CASN 2026 Kota Palembang"
HEALTH = ("DINKES-BDN-01", "DINKES-DOK-01", "DINKES-PRW-01", "DINKES-PRW-02")
COMPUTING = ("BKPSDM-PRK-01", "KOMINFO-PRK-01", "KOMINFO-PRK-02")


def test_seed_demo_sets_up_the_skb_with_rubrics_and_components(seeded):
    setup = SelectionSetup.objects.select_related("period").get()
    assert (
        setup.period.name,
        setup.skd_max,
        setup.cut_multiplier,
        setup.skd_weight,
        setup.skb_weight,
        setup.min_cat_weight,
        setup.max_additional_components,
        setup.result_sanggah_days,
    ) == (CASN, 150, 3, Decimal(40), Decimal(60), Decimal(60), 1, 3)
    rubrics = list(Rubric.objects.order_by("name"))
    assert [
        (r.name, r.method, r.min_level, r.max_level, r.locked_at is not None) for r in rubrics
    ] == [
        (demo_rubrics.CASE_SIMULATION.name, "case_simulation", 1, 5, True),
        (demo_rubrics.PRACTICAL_TEST.name, "practical", 1, 5, False),
    ]
    for rubric in rubrics:
        criteria = list(rubric.criteria.order_by("order"))
        assert len(criteria) == 4
        assert sum(criterion.weight for criterion in criteria) == 100
        for criterion in criteria:
            assert list(criterion.anchors.values_list("level", flat=True)) == [1, 2, 3, 4, 5]
    case = rubrics[0]
    assert [(c.name, c.weight) for c in case.criteria.order_by("order")] == [
        ("Pengkajian dan pengenalan tanda bahaya", Decimal(30)),
        ("Prioritas triase dan tindakan awal", Decimal(30)),
        ("Komunikasi dan kolaborasi", Decimal(25)),
        ("Keselamatan pasien dan dokumentasi", Decimal(15)),
    ]
    assert "tekanan darah 96/80 mmHg" in case.case_material
    assert "SBAR" in case.case_material

    def parts(method: str, rubric: Rubric) -> list[tuple[object, ...]]:
        return [
            ("cat", Decimal(60), 500, None, 2, Decimal(15), True),
            (method, Decimal(40), None, rubric.pk, 2, Decimal(15), True),
        ]

    composition: dict[str, list[tuple[object, ...]]] = {}
    for component in SkbComponent.objects.select_related("formasi").order_by(
        "formasi__code", "order"
    ):
        composition.setdefault(component.formasi.code, []).append(
            (
                component.method,
                component.weight,
                component.cat_max_score,
                component.rubric_id,
                component.assessors_per_candidate,
                component.max_spread,
                component.is_blind,
            )
        )
    assert composition == {
        **{code: parts("case_simulation", case) for code in HEALTH},
        **{code: parts("practical", rubrics[1]) for code in COMPUTING},
    }
    assessed = SkbComponent.objects.exclude(method="cat")
    assert set(assessed.values_list("aggregation", flat=True)) == {Aggregation.MEDIAN}
    for formasi in Formasi.objects.filter(code__in=[*HEALTH, *COMPUTING]):
        assert component_problems(formasi) == []


def test_seed_demo_imports_bkn_score_files_and_cuts_to_eleven_skb_candidates(seeded):
    bkn = Blueprint.objects.filter(delivery="bkn").order_by("pk")
    assert list(bkn.values_list("name", "kind", "duration_minutes", "period__name")) == [
        (story.BKN_SKD_NAME, "skd", 30, CASN),
        (story.SKB_NAME, "skb", 90, CASN),
    ]
    assert bkn.filter(bank__isnull=False).exists() is False
    imports = list(ScoreImport.objects.select_related("blueprint").order_by("pk"))
    assert [(i.blueprint.kind, i.file_name, i.row_count, i.accepted_count) for i in imports] == [
        ("skd", "nilai-skd-casn-2026-kanreg-vii.csv", 7, 7),
        ("skb", "nilai-skb-cat-casn-2026-kanreg-vii.csv", 11, 11),
        ("skb", "ralat-nilai-skb-cat-casn-2026-kanreg-vii.csv", 1, 1),
    ]
    for score_import in imports:
        assert score_import.report[0]["messages"] == ["Kolom yang diabaikan: NAMA."]
    assert [entry["status"] for entry in imports[1].report].count("absent") == 1
    at_bkn = ExamResult.objects.filter(blueprint=bkn[0])
    assert (at_bkn.count(), at_bkn.filter(passed=True).count()) == (7, 6)
    assert at_bkn.get(passed=False).scores == {"TWK": 20, "TIU": 35, "TKP": 43}
    candidates = SkbCandidate.objects.select_related("application")
    assert counts_by(candidates, "formasi__code") == {
        "DINKES-BDN-01": 2,
        "DINKES-DOK-01": 1,
        "DINKES-PRW-01": 7,
        "DINKES-PRW-02": 1,
    }
    passed = ExamResult.objects.filter(
        kind="skd", passed=True, application__period__name=CASN, application__status="ms"
    )
    assert set(candidates.values_list("application", flat=True)) == set(
        passed.values_list("application", flat=True)
    )
    perawat = candidates.filter(formasi__code="DINKES-PRW-01").order_by("cut_rank")
    assert list(perawat.values_list("cut_rank", "skd_total")) == [
        *((1, 125), (2, 122), (3, 119), (4, 111), (5, 110), (6, 106), (7, 95))
    ]
    skb = ExamResult.objects.filter(kind="skb").order_by("total")
    assert (skb.count(), skb.exclude(source="bkn").exists()) == (10, False)
    cat = ComponentResult.objects.filter(resolution="cat").select_related("candidate")
    assert cat.count() == 10
    for result in cat:
        total = skb.get(application=result.candidate.application).total
        assert (result.status, result.score) == ("final", Decimal(total) / 5)
    corrected = skb.get(application=perawat[3].application)
    assert (corrected.total, corrected.score_import) == (392, imports[2])


def test_seed_demo_scores_every_case_with_two_blind_assessors_and_settles_two_flags(seeded):
    assignments = AssessorAssignment.objects.select_related("assessor", "candidate")
    assert counts_by(assignments, "kind") == {"independent": 20, "third": 1}
    assert counts_by(assignments, "assessor__username") == {
        "asesor": 7,
        "asesor.2": 7,
        "asesor.3": 7,
    }
    # Every case is scored: the assessors' queues are empty.
    assert assignments.filter(submitted_at__isnull=True).exists() is False
    codes = list(SkbCandidate.objects.values_list("code", flat=True))
    assert len(set(codes)) == 11
    assert all(code and code.startswith("K-") and len(code) == 8 for code in codes)
    declaration = ConflictDeclaration.objects.get(user__username="asesor.3")
    niece = SkbCandidate.objects.get(application__applicant__nik=declaration.relative_nik)
    assert (niece.formasi.code, niece.cut_rank, declaration.relation) == (
        "DINKES-PRW-01",
        3,
        "Keponakan (anak kakak kandung)",
    )
    assert set(
        assignments.filter(candidate=niece).values_list("assessor__username", flat=True)
    ) == {
        "asesor",
        "asesor.2",
    }
    results = ComponentResult.objects.exclude(resolution="cat").select_related(
        "candidate__formasi", "decided_by"
    )
    assert counts_by(results, "status") == {"absent": 1, "final": 10}
    assert counts_by(results, "resolution") == {
        "": 1,
        "agreed": 8,
        "panel": 1,
        "third_assessor": 1,
    }
    for result in results.filter(resolution="agreed"):
        assert result.spread is not None
        assert result.spread <= 15
        assert result.aggregation == "median"
    panel = results.get(resolution="panel")
    assert (
        panel.candidate,
        panel.score,
        panel.assessor_scores,
        panel.spread,
        panel.panel_members,
        panel.decided_by,
    ) == (
        niece,
        Decimal(76),
        ["77.0000", "46.0000"],
        Decimal(31),
        story.PANEL_MEMBERS,
        User.objects.get(username="admin.bkpsdm"),
    )
    third = results.get(resolution="third_assessor")
    assert (third.candidate.formasi.code, third.candidate.cut_rank) == ("DINKES-BDN-01", 2)
    assert (third.assessor_scores, third.spread, third.score) == (
        ["71.0000", "45.0000", "60.0000"],
        Decimal(26),
        Decimal(60),
    )
    assert (
        AuditEvent.objects.filter(action="selection.component_result.flagged").count(),
        AuditEvent.objects.filter(action="selection.assessment.third_assigned").count(),
    ) == (2, 1)
    absent = results.get(status="absent").candidate
    assert (absent.formasi.code, absent.cut_rank) == ("DINKES-PRW-01", 7)
    assert ExamResult.objects.filter(application=absent.application, kind="skb").exists() is False
    assert assignments.filter(candidate=absent).exists() is False
    withdrawn = SkbCandidate.objects.get(withdrawn_at__isnull=False)
    assert (withdrawn.formasi.code, withdrawn.cut_rank, withdrawn.withdrawal_reason) == (
        "DINKES-PRW-01",
        1,
        story.WITHDRAWAL_REASON,
    )


def ranking(announcement: ResultAnnouncement) -> list[tuple[object, ...]]:
    entries = sorted(
        announcement.entries.all(), key=lambda e: (e.rank is None, e.rank or 0, e.status)
    )
    return [(e.rank, e.status, e.skd_total, e.skb_score, e.final_score) for e in entries]


def test_seed_demo_publishes_final_results_and_a_correction_after_a_granted_sanggah(seeded):
    runs = IntegrationRun.objects.order_by("run_at", "pk")
    assert [(run.formasi_count, run.result_count) for run in runs] == [(4, 11), (4, 11)]
    versions = ResultAnnouncement.objects.select_related("supersedes", "published_by")
    assert sorted(
        (a.formasi_code, a.version, a.supersedes.version if a.supersedes else None, a.run_id)
        for a in versions
    ) == [
        ("DINKES-BDN-01", 1, None, runs[0].pk),
        ("DINKES-DOK-01", 1, None, runs[0].pk),
        ("DINKES-PRW-01", 1, None, runs[0].pk),
        ("DINKES-PRW-01", 2, 1, runs[1].pk),
        ("DINKES-PRW-02", 1, None, runs[0].pk),
    ]
    assert {a.published_by.username for a in versions} == {"admin.bkpsdm"}
    first, second = versions.filter(formasi_code="DINKES-PRW-01").order_by("version")
    assert (first.note, second.note) == ("", story.CORRECTION_NOTE)
    d = Decimal
    assert ranking(first) == [
        (1, "lulus", 110, d("82.4000"), d("78.7733")),
        (2, "lulus", 119, d("73.0000"), d("75.5333")),
        (3, "lulus", 122, d("70.8000"), d("75.0133")),
        (4, "p_l", 111, d("70.4800"), d("71.8880")),
        (5, "p_l", 106, d("65.8000"), d("67.7467")),
        (None, "mengundurkan_diri", 125, None, None),
        (None, "tidak_lulus", 95, None, None),
    ]
    assert ranking(second) == [
        (1, "lulus", 110, d("82.4000"), d("78.7733")),
        (2, "lulus", 111, d("78.0400"), d("76.4240")),
        (3, "lulus", 119, d("73.0000"), d("75.5333")),
        (4, "p_l", 122, d("70.8000"), d("75.0133")),
        (5, "p_l", 106, d("65.8000"), d("67.7467")),
        (None, "mengundurkan_diri", 125, None, None),
        (None, "tidak_lulus", 95, None, None),
    ]
    others = {a.formasi_code: ranking(a) for a in versions.exclude(formasi_code="DINKES-PRW-01")}
    assert others == {
        "DINKES-BDN-01": [
            (1, "lulus", 121, d("76.0000"), d("77.8667")),
            (2, "lulus", 102, d("63.6000"), d("65.3600")),
        ],
        "DINKES-DOK-01": [(1, "lulus", 101, d("81.2000"), d("75.6533"))],
        "DINKES-PRW-02": [(1, "lulus", 128, d("77.6000"), d("80.6933"))],
    }
    corrected = second.entries.get(rank=2)
    assert explanation(corrected).startswith("peringkat 2 dari 5; kuota 3; nilai akhir 76,42")
    for announcement in versions:
        expected = (
            VerificationStatus.SUPERSEDED if announcement == first else VerificationStatus.MATCH
        )
        assert verify_bytes(bytes(announcement.pdf)).status == expected
    sanggah = ResultSanggah.objects.select_related("application", "announcement", "decided_by")
    assert sorted(
        (
            s.status,
            s.announcement.version,
            s.decided_by == User.objects.get(username="admin.bkpsdm2"),
            s.announcement.entries.get(application=s.application).rank,
        )
        for s in sanggah
    ) == [("granted", 1, True, 4), ("rejected", 1, True, 5)]
    assert sanggah.get(status="granted").application == corrected.application
    # Appointments are left to try: each formasi waits for the end of its sanggah period.
    assert Appointment.objects.exists() is False
    now = timezone.now()
    for formasi in Formasi.objects.filter(code__in=HEALTH):
        newest = latest_announcement(formasi)
        refusal = appoint_refusal(formasi=formasi, announcement=newest, now=now)
        assert refusal is not None
        assert refusal.startswith("Masa sanggah hasil akhir")


def test_seed_demo_leaves_an_audit_trail_that_verify_audit_accepts(seeded):
    out = io.StringIO()

    call_command("verify_audit", stdout=out)

    assert f"Rantai audit utuh: {audit_length()} baris." in out.getvalue()


def test_seed_demo_prints_the_competency_selection_and_where_to_look(seeded):
    assert (
        "Seleksi kompetensi (SKB): 11 peserta SKB di 4 formasi (7 pelamar Perawat ikut SKD di CAT "
        "BKN), 21 lembar nilai asesor, 2 selisih diselesaikan (1 asesor ketiga, 1 keputusan "
        "panel), 1 tidak hadir, 1 mengundurkan diri, 5 pengumuman hasil akhir (1 koreksi), 2 "
        "sanggah hasil akhir."
    ) in seeded
    lines = seeded.splitlines()
    email = ResultSanggah.objects.get(status="granted").application.applicant.email
    closes = timezone.localtime(
        max(a.sanggah_closes_at for a in ResultAnnouncement.objects.filter(superseded_by=None))
    )
    assert f"Hasil akhir sebagai pelamar (sanggah dikabulkan, versi 2): {email}." in lines
    assert (
        "Pengangkatan (Angkat) pemenang dapat dicoba admin.bkpsdm setelah masa sanggah hasil "
        f"akhir berakhir, {closes:%d-%m-%Y %H.%M} WIB."
    ) in lines
    assert any("/seleksi-kompetensi/pengumuman-hasil/" in line for line in lines)
    assert any(line.startswith("Antrean asesor kosong") for line in lines)


def counts_by_value(values: Iterable[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for value in values:
        found[value] = found.get(value, 0) + 1
    return dict(sorted(found.items()))


def test_demo_hashes_verify_with_the_real_argon2_and_are_upgraded_at_login():
    encoded = DemoArgon2PasswordHasher().encode("SiMerit-Demo-2026", "demosalt1234567890ab")
    real = Argon2PasswordHasher()

    assert encoded.startswith("argon2$argon2id$v=19$m=1024,t=1,p=1$")
    assert real.verify("SiMerit-Demo-2026", encoded) is True
    assert real.verify("salah", encoded) is False
    assert real.must_update(encoded) is True
    assert demo_hashers([ARGON2, "django.contrib.auth.hashers.PBKDF2PasswordHasher"]) == [
        "simerit.demo.hashers.DemoArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    assert demo_hashers(["django.contrib.auth.hashers.MD5PasswordHasher"]) == [
        "django.contrib.auth.hashers.MD5PasswordHasher"
    ]

import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.core.roles import Role
from simerit.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from simerit.demo.hashers import ARGON2, DemoArgon2PasswordHasher, demo_hashers
from simerit.employees.models import Employee, EmployeeKind
from simerit.employees.rules import validate_nik
from simerit.employees.services import EmployeeInput, validate_employee_input
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
    assert Employee.objects.count() == 355
    assert counts_by(Employee.objects.all(), "kind") == {"pns": 272, "cpns": 11, "pppk": 72}
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
    officers = User.objects.exclude(groups__name=Role.PELAMAR)
    assert officers.count() == 10
    roles = {user.username: sorted(user.groups.values_list("name", flat=True)) for user in officers}
    assert roles == {
        "admin.bkpsdm": [Role.ADMIN_BKPSDM],
        "admin.dinkes": [Role.ADMIN_OPD],
        "atasan": sorted([Role.ATASAN, Role.PEGAWAI]),
        "pegawai": [Role.PEGAWAI],
        "verifikator": [Role.VERIFIKATOR],
        "verifikator2": [Role.VERIFIKATOR],
        "verifikator3": [Role.VERIFIKATOR],
        "asesor": [Role.ASESOR],
        "pengawas": [Role.PENGAWAS_UJIAN],
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
    assert Employee.objects.filter(user__isnull=False).count() == 2


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
        "employees.employee.created": 355,
        "accounts.user.created": 101,
        "organization.opd_admin.assigned": 1,
        "employees.employee.user_linked": 2,
        "recruitment.period.created": 2,
        "recruitment.period.schedule_changed": 3,
        "recruitment.period.published": 2,
        "recruitment.formasi.created": 20,
        "recruitment.formasi.published": 19,
        "recruitment.formasi.closed": 4,
        "recruitment.applicant.registered": 91,
        "recruitment.applicant.email_confirmed": 89,
        "recruitment.application.created": 74,
        "recruitment.document.uploaded": 408,
        "recruitment.application.submitted": 63,
        "recruitment.conflict_declaration.created": 1,
        "recruitment.staff_family_card.created": 2,
        "recruitment.verification.assigned": 2,
        "recruitment.document.reviewed": 237,
        "recruitment.application.verified": 39,
        "recruitment.application.tms_confirmed": 9,
        "recruitment.announcement.published": 5,
        "recruitment.sanggah.filed": 3,
        "recruitment.sanggah.granted": 1,
        "recruitment.sanggah.rejected": 1,
    }
    report = verify_chain()
    assert (report.intact, report.length) == (True, 1932)


def test_seed_demo_prints_every_login_with_the_password(seeded):
    assert seeded.startswith("Data demo dibuat dalam ")
    assert "76 unit kerja, 322 jabatan, 355 pegawai, 10 akun petugas." in seeded
    assert (
        "Rekrutmen: 2 periode seleksi, 20 formasi, 91 pelamar, 74 lamaran (14 ditolak karena "
        "tidak memenuhi syarat), 5 pengumuman, 3 sanggah."
    ) in seeded
    lines = seeded.splitlines()
    for account in DEMO_ACCOUNTS:
        row = next(line for line in lines if line.startswith(f"{account.username} "))
        assert row.split()[-1] == DEMO_PASSWORD
    assert "atasan                     Pegawai + Atasan  SiMerit-Demo-2026" in lines
    assert "pelamar@demo.simerit.test  Pelamar           SiMerit-Demo-2026" in lines
    assert "verifikator2               Verifikator       SiMerit-Demo-2026" in lines


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
)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in COUNTED)


def test_seed_demo_twice_changes_nothing(seeded, media_root):
    first = counts()
    files = sorted(path.name for path in media_root.rglob("*") if path.is_file())

    second = run_seed()

    assert second.startswith("Data demo sudah ada; tidak ada yang diubah.")
    assert "admin.bkpsdm               Admin BKPSDM      SiMerit-Demo-2026" in second.splitlines()
    assert first == (76, 322, 355, 101, 2, 20, 91, 74, 408, 78, 5, 3, 162, 1932)
    assert counts() == first
    assert len(files) == 408
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
        "ms": 12,
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
    assert ApplicationDocument.objects.count() == 408


def test_seed_demo_applicants_have_valid_palembang_identities(seeded):
    applicants = Applicant.objects.all()
    assert applicants.count() == 91
    for applicant in applicants:
        nik = validate_nik(applicant.nik)
        assert (nik.province, nik.regency) == ("16", "71")
        assert validate_kk_number(applicant.kk_number).startswith("1671")
        assert applicant.email.endswith("@demo.simerit.test")
    assert applicants.values("nik").distinct().count() == 91
    assert applicants.filter(needs_identity_review=True).count() == 1
    assert applicants.filter(email_confirmed_at__isnull=True).count() == 2
    assert counts_by(applicants, "education_level__code") == {"D3": 15, "S1": 74, "SMA": 2}
    assert applicants.filter(is_disabled=True).count() == 2


def test_seed_demo_documents_are_files_that_pass_the_upload_checks(seeded, media_root):
    assert counts_by(ApplicationDocument.objects.all(), "file_format") == {"jpg": 201, "pdf": 207}
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
        "first": 63,
        "sanggah": 3,
    }
    for confirmation in VerificationAssignment.objects.filter(role="confirmation"):
        first = VerificationAssignment.objects.get(
            application=confirmation.application, role="first"
        )
        assert first.verifier != confirmation.verifier
    declaration = ConflictDeclaration.objects.get()
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

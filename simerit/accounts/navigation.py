"""The navigation menu: which entries each role sees. Views still check permission themselves."""

from dataclasses import dataclass

from simerit.accounts.models import User
from simerit.core.roles import Role

STAFF_ROLES = frozenset({Role.ADMIN_BKPSDM, Role.ADMIN_OPD, Role.AUDITOR})
EXAM_READERS = frozenset({Role.ADMIN_BKPSDM, Role.AUDITOR})
# Unit performance and rater calibration: HR, the Auditor, and unit leadership for their own units.
PERFORMANCE_READERS = frozenset({Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ATASAN})
# The unit dashboard (aggregates only) is also open to Admin OPD for their OPD; calibration is not.
UNIT_PERFORMANCE_READERS = PERFORMANCE_READERS | {Role.ADMIN_OPD}
EMPLOYEE_ROLES = frozenset({Role.PEGAWAI, Role.ATASAN})
# Training data of units: HR and the Auditor everywhere, an Admin OPD for its OPD.
TRAINING_UNIT_READERS = frozenset({Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD})
# Discipline is not an OPD matter: HR records, the Auditor reads, a supervisor sees their team's
# cases (discipline.permissions).
DISCIPLINE_READERS = frozenset({Role.ADMIN_BKPSDM, Role.AUDITOR})
# Rewards, TPP, talent and the retirement forecast: HR and the Auditor everywhere, an Admin OPD
# for its subtree.
CAREER_UNIT_READERS = frozenset({Role.ADMIN_BKPSDM, Role.AUDITOR, Role.ADMIN_OPD})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("Beranda", "dashboard:home", frozenset(Role)),
    NavItem("Lamaran Saya", "recruitment:my-application", frozenset({Role.PELAMAR})),
    NavItem("Hasil Seleksi", "recruitment:application-result", frozenset({Role.PELAMAR})),
    NavItem("Ujian Saya", "exams:home", frozenset({Role.PELAMAR})),
    NavItem("Kartu Ujian", "exams:card-mine", frozenset({Role.PELAMAR})),
    NavItem("Tryout", "exams:practice-list", frozenset({Role.PELAMAR})),
    NavItem("Hasil Akhir", "selection:my-result", frozenset({Role.PELAMAR})),
    NavItem("Profil Saya", "employees:my-profile", frozenset({Role.PEGAWAI})),
    NavItem("Karier Saya", "selfservice:profile", EMPLOYEE_ROLES),
    NavItem("Tim Saya", "employees:team", frozenset({Role.ATASAN})),
    NavItem("Kinerja Saya", "performance:my-skp", frozenset({Role.PEGAWAI, Role.ATASAN})),
    NavItem("Penilaian 360 Saya", "performance:my-ratings", frozenset({Role.PEGAWAI, Role.ATASAN})),
    NavItem("SKP Tim", "performance:team", frozenset({Role.ATASAN})),
    NavItem("Keberatan Kinerja", "performance:objections", frozenset({Role.ATASAN})),
    NavItem("Pelatihan Saya", "training:my-training", EMPLOYEE_ROLES),
    NavItem("Katalog Pelatihan", "training:catalogue", EMPLOYEE_ROLES | TRAINING_UNIT_READERS),
    NavItem("Pendaftaran Pelatihan", "training:my-enrolments", EMPLOYEE_ROLES),
    NavItem(
        "Persetujuan Pelatihan", "training:approvals", frozenset({Role.ATASAN, Role.ADMIN_BKPSDM})
    ),
    NavItem("Survei Pelatihan", "training:my-surveys", EMPLOYEE_ROLES),
    NavItem("Pelatihan Eksternal", "training:external-list", EMPLOYEE_ROLES),
    NavItem("Kebutuhan Pelatihan Saya", "training:my-needs", EMPLOYEE_ROLES),
    NavItem("Kompetensi Saya", "training:my-competencies", EMPLOYEE_ROLES),
    NavItem("Antrean Verifikasi", "recruitment:verification-queue", frozenset({Role.VERIFIKATOR})),
    NavItem("Penilaian Saya", "selection:my-assessments", frozenset({Role.ASESOR})),
    NavItem(
        "Konflik Kepentingan",
        "recruitment:conflict-list",
        frozenset({Role.VERIFIKATOR, Role.ASESOR}),
    ),
    NavItem("Pegawai", "employees:list", STAFF_ROLES),
    NavItem("Impor Pegawai", "employees:import", frozenset({Role.ADMIN_BKPSDM, Role.ADMIN_OPD})),
    NavItem("Unit Kerja", "organization:unit-list", STAFF_ROLES),
    NavItem("Periode Seleksi", "recruitment:period-list", frozenset({Role.ADMIN_BKPSDM})),
    NavItem(
        "Formasi", "recruitment:formasi-admin-list", frozenset({Role.ADMIN_BKPSDM, Role.ADMIN_OPD})
    ),
    NavItem(
        "Verifikasi & Pengumuman", "recruitment:verification-admin", frozenset({Role.ADMIN_BKPSDM})
    ),
    NavItem("Dasbor Seleksi", "recruitment:dashboard-periods", STAFF_ROLES),
    NavItem("Bank Soal", "exams:bank-list", frozenset({Role.PENULIS_SOAL, Role.ADMIN_BKPSDM})),
    NavItem("Kisi-kisi Ujian", "exams:blueprint-list", EXAM_READERS),
    NavItem("Sesi Ujian", "exams:sitting-list", EXAM_READERS),
    NavItem("Pemeriksaan Kehadiran", "exams:checkin-sittings", frozenset({Role.PENGAWAS_UJIAN})),
    NavItem(
        "Pengawasan Ujian",
        "exams:proctor-sittings",
        frozenset({Role.PENGAWAS_UJIAN, Role.ADMIN_BKPSDM}),
    ),
    NavItem("Analisis Butir", "exams:analysis-blueprints", EXAM_READERS),
    NavItem("Hasil Ujian", "exams:results-blueprints", EXAM_READERS),
    NavItem("Seleksi Kompetensi", "selection:period-list", EXAM_READERS),
    NavItem("Periode Kinerja", "performance:year-list", EXAM_READERS),
    NavItem("Kinerja Unit", "performance:unit-dashboard", UNIT_PERFORMANCE_READERS),
    NavItem("Kalibrasi Penilai", "performance:calibration", PERFORMANCE_READERS),
    NavItem("Kebutuhan Pengembangan", "performance:training-needs", EXAM_READERS),
    NavItem("Kelas Pelatihan", "training:class-list", EXAM_READERS),
    NavItem(
        "Validasi Pelatihan Eksternal",
        "training:external-review",
        frozenset({Role.ADMIN_BKPSDM, Role.AUDITOR}),
    ),
    NavItem(
        "Kepatuhan JP",
        "training:jp-dashboard",
        TRAINING_UNIT_READERS | {Role.ATASAN},
    ),
    NavItem("Analisis Kebutuhan Pelatihan", "training:needs", TRAINING_UNIT_READERS),
    NavItem("Pelatihan Kepemimpinan", "training:leadership", TRAINING_UNIT_READERS),
    NavItem("Evaluasi Pelatihan", "training:evaluation", EXAM_READERS),
    NavItem("Kompetensi", "training:competency-list", TRAINING_UNIT_READERS),
    NavItem(
        "Impor Asesmen Kompetensi",
        "training:assessment-import",
        frozenset({Role.ADMIN_BKPSDM, Role.ADMIN_OPD}),
    ),
    NavItem("Pengaturan Pelatihan", "training:settings", EXAM_READERS),
    NavItem("Sosialisasi Seleksi", "training:session-admin-list", EXAM_READERS),
    NavItem("Bahan Bacaan Seleksi", "training:material-admin-list", EXAM_READERS),
    NavItem("Kasus Disiplin", "discipline:case_list", DISCIPLINE_READERS | {Role.ATASAN}),
    NavItem("Register Hukuman", "discipline:sanction_list", DISCIPLINE_READERS),
    NavItem("Rekap Kehadiran", "discipline:attendance_list", DISCIPLINE_READERS),
    NavItem("Penghargaan", "rewards:award_list", CAREER_UNIT_READERS),
    NavItem("Satyalancana", "rewards:satyalancana", CAREER_UNIT_READERS),
    NavItem("TPP", "compensation:run_list", CAREER_UNIT_READERS),
    NavItem("Kenaikan Pangkat", "career:promotion", CAREER_UNIT_READERS | {Role.ATASAN}),
    NavItem("Manajemen Talenta", "career:talent", CAREER_UNIT_READERS),
    NavItem("Proyeksi Pensiun", "career:retirement", CAREER_UNIT_READERS),
    NavItem("Jejak Audit", "audit:list", frozenset({Role.AUDITOR, Role.ADMIN_BKPSDM})),
    NavItem("Token API", "accounts:token-list", frozenset(Role)),
)


def items_for(user: User) -> list[NavItem]:
    return [item for item in NAV_ITEMS if user.roles & item.roles]

"""The demo's two selection periods and their formasi, and what their applicants look like.

"Seleksi CASN 2026 Kota Palembang" (CPNS) is open for registration on the day the seed runs,
with verification already under way; "Seleksi PPPK 2025 Kota Palembang" has closed registration
and verification, announced its results that day and is in its sanggah period. Windows are day
offsets from the day the seed runs, in Asia/Jakarta, so the demo is in the same state whenever
it is built (an announcement is published, and its sanggah days start, when the seed runs).

Positions are the demo organisation's own (units.py): a formasi's jabatan belongs to its unit.
"""

from dataclasses import dataclass

from simerit.recruitment.models import RejectionReason, SelectionKind, Stage, Track

# Misfits: why an applicant does not meet a formasi's requirements (create_application refuses).
MAJOR = "major"  # a major the formasi does not accept
LEVEL = "level"  # an education level the formasi does not accept
OLD = "old"  # over the age limit on the reference date
LOW_GPA = "gpa"  # under the minimum GPA
NOT_DISABLED = "not_disabled"  # a formasi of the disabilitas track

UNRELATED_MAJORS = ("Sastra Inggris", "Ilmu Komunikasi", "Agroteknologi", "Hubungan Internasional")


@dataclass(frozen=True)
class Window:
    """A stage window: opens on `opens` days from the seed's day at `opens_hour`, closes likewise."""

    stage: Stage
    opens: int
    closes: int
    opens_hour: int = 8
    closes_hour: int = 23
    closes_minute: int = 59


@dataclass(frozen=True)
class FormasiSpec:
    code: str
    unit: str  # WorkUnit.code
    position: str  # a Position of that unit, by name
    quota: int
    education: tuple[tuple[str, tuple[str, ...]], ...]  # (EducationLevel code, majors)
    documents: tuple[str, ...]  # DocumentKind codes, all required
    eligible: int  # applicants who meet the requirements and apply
    misfits: tuple[str, ...] = ()  # applicants who try and are refused, one per misfit
    track: str = Track.UMUM
    entry_golongan: str = ""
    min_gpa: str = ""
    max_age: int | None = None
    extra_requirements: str = ""
    by_opd_admin: bool = False  # created by the Admin OPD (admin.dinkes) instead of BKPSDM
    published: bool = True
    drafts: int = 0  # of the eligible, how many keep their application in draft
    tms: tuple[int, ...] = ()  # of the eligible (0-based), whose documents the verifier refuses


@dataclass(frozen=True)
class PeriodSpec:
    name: str
    kind: str
    year: int
    description: str
    age_reference: int  # day offset of the age reference date (the close of registration)
    windows: tuple[Window, ...]
    formasi: tuple[FormasiSpec, ...]
    min_age: int = 18
    max_age: int = 35


# --- Documents asked for (kind codes), national defaults of §1.3.

BASIC = ("pas_foto", "swafoto", "ktp", "ijazah", "transkrip", "surat_lamaran")
HEALTH = (*BASIC, "str")
PPPK_DOCUMENTS = ("pas_foto", "ktp", "ijazah", "transkrip", "surat_pernyataan")

NURSING = ("Keperawatan", "Ilmu Keperawatan")
COMPUTING = ("Teknik Informatika", "Sistem Informasi", "Ilmu Komputer")
HR_MAJORS = ("Psikologi", "Manajemen", "Ilmu Administrasi Negara")
STR_NURSE = "Memiliki STR Perawat yang masih berlaku."

CASN_2026 = PeriodSpec(
    name="Seleksi CASN 2026 Kota Palembang",
    kind=SelectionKind.CPNS,
    year=2026,
    description=(
        "Seleksi calon pegawai negeri sipil Pemerintah Kota Palembang tahun anggaran 2026. "
        "Pendaftaran dan unggah dokumen dilakukan di SiMerit; verifikasi dokumen berjalan sejak "
        "pendaftaran dibuka."
    ),
    age_reference=14,
    windows=(
        Window(Stage.REGISTRATION, -10, 14),
        Window(Stage.VERIFICATION, -7, 21, closes_hour=16, closes_minute=0),
        Window(Stage.ANNOUNCEMENT, 24, 24),
        Window(Stage.SANGGAH_FILING, 25, 27, opens_hour=0),
        Window(Stage.SANGGAH_ANSWER, 25, 34, closes_hour=16, closes_minute=0),
        Window(Stage.FINAL_ANNOUNCEMENT, 36, 37),
    ),
    formasi=(
        FormasiSpec(
            code="DINKES-PRW-01",
            unit="DINKES-PKM-DEMPO",
            position="Perawat Ahli Pertama",
            quota=3,
            education=(("S1", NURSING),),
            documents=HEALTH,
            entry_golongan="III/a",
            extra_requirements=STR_NURSE,
            by_opd_admin=True,
            eligible=6,
            misfits=(MAJOR, OLD),
            drafts=1,
        ),
        FormasiSpec(
            code="DINKES-PRW-02",
            unit="DINKES-PKM-MERDEKA",
            position="Perawat Terampil",
            quota=2,
            education=(("D3", ("Keperawatan",)),),
            documents=HEALTH,
            entry_golongan="II/c",
            extra_requirements=STR_NURSE,
            by_opd_admin=True,
            eligible=4,
            misfits=(LEVEL,),
            drafts=1,
        ),
        FormasiSpec(
            code="DINKES-BDN-01",
            unit="DINKES-PKM-DEMPO",
            position="Bidan Terampil",
            quota=2,
            education=(("D3", ("Kebidanan",)),),
            documents=HEALTH,
            entry_golongan="II/c",
            extra_requirements="Memiliki STR Bidan yang masih berlaku.",
            by_opd_admin=True,
            eligible=4,
            misfits=(MAJOR,),
            drafts=1,
        ),
        FormasiSpec(
            code="DINKES-DOK-01",
            unit="DINKES-PKM-MERDEKA",
            position="Dokter Ahli Pertama",
            quota=1,
            education=(("S1", ("Pendidikan Dokter",)),),
            documents=HEALTH,
            entry_golongan="III/b",
            max_age=40,
            extra_requirements=(
                "Lulus pendidikan profesi dokter, memiliki STR dokter yang masih berlaku dan "
                "sertifikat internsip. Batas usia 40 tahun untuk jabatan dokter."
            ),
            by_opd_admin=True,
            eligible=3,
            misfits=(OLD,),
            drafts=1,
        ),
        FormasiSpec(
            code="DISDIK-GRU-01",
            unit="SDN-1-PLG",
            position="Guru Ahli Pertama",
            quota=3,
            education=(("S1", ("Pendidikan Guru Sekolah Dasar",)),),
            documents=BASIC,
            entry_golongan="III/a",
            extra_requirements="Guru kelas SD; diutamakan memiliki sertifikat pendidik.",
            eligible=6,
            misfits=(MAJOR,),
            drafts=1,
        ),
        FormasiSpec(
            code="DISDIK-GRU-02",
            unit="SMPN-1-PLG",
            position="Guru Ahli Pertama",
            quota=2,
            education=(("S1", ("Pendidikan Matematika",)),),
            documents=BASIC,
            entry_golongan="III/a",
            extra_requirements="Guru mata pelajaran Matematika SMP.",
            eligible=4,
            misfits=(LEVEL,),
            drafts=1,
        ),
        FormasiSpec(
            code="BKPSDM-ASN-01",
            unit="BKPSDM-PPI",
            position="Analis SDM Aparatur Ahli Pertama",
            quota=2,
            education=(("S1", (*HR_MAJORS, "Ilmu Hukum")),),
            documents=BASIC,
            entry_golongan="III/a",
            eligible=5,
            misfits=(OLD,),
            drafts=1,
        ),
        FormasiSpec(
            code="BKPSDM-ASN-02",
            unit="BKPSDM-MUTASI",
            position="Analis SDM Aparatur Ahli Pertama",
            quota=1,
            education=(("S1", HR_MAJORS),),
            documents=BASIC,
            track=Track.CUMLAUDE,
            entry_golongan="III/a",
            min_gpa="3.51",
            extra_requirements="Lulusan dengan predikat cumlaude dari perguruan tinggi terakreditasi A.",
            eligible=2,
            misfits=(LOW_GPA,),
        ),
        FormasiSpec(
            code="BKPSDM-PRK-01",
            unit="BKPSDM-PPI",
            position="Pranata Komputer Ahli Pertama",
            quota=1,
            education=(("S1", COMPUTING),),
            documents=BASIC,
            entry_golongan="III/a",
            eligible=3,
            misfits=(MAJOR,),
            drafts=1,
        ),
        FormasiSpec(
            code="KOMINFO-PRK-01",
            unit="DISKOMINFO",
            position="Pranata Komputer Ahli Pertama",
            quota=2,
            education=(("S1", COMPUTING),),
            documents=BASIC,
            entry_golongan="III/a",
            eligible=4,
            drafts=1,
        ),
        FormasiSpec(
            code="KOMINFO-PRK-02",
            unit="DISKOMINFO",
            position="Pranata Komputer Ahli Pertama",
            quota=1,
            education=(("S1", COMPUTING),),
            documents=BASIC,
            track=Track.DISABILITAS,
            entry_golongan="III/a",
            extra_requirements="Melampirkan surat keterangan disabilitas dari dokter.",
            eligible=2,
            misfits=(NOT_DISABLED,),
        ),
        FormasiSpec(
            code="BPKAD-AKD-01",
            unit="BPKAD",
            position="Analis Keuangan Pusat dan Daerah Ahli Pertama",
            quota=2,
            education=(("S1", ("Akuntansi", "Manajemen Keuangan")),),
            documents=BASIC,
            entry_golongan="III/a",
            eligible=3,
            drafts=1,
        ),
        FormasiSpec(
            code="BAPPEDA-PRC-01",
            unit="BAPPEDA",
            position="Perencana Ahli Pertama",
            quota=1,
            education=(("S1", ("Perencanaan Wilayah dan Kota", "Ekonomi Pembangunan")),),
            documents=BASIC,
            entry_golongan="III/a",
            eligible=2,
        ),
        FormasiSpec(
            code="PUPR-TJJ-01",
            unit="PUPR",
            position="Teknik Jalan dan Jembatan Ahli Pertama",
            quota=2,
            education=(("S1", ("Teknik Sipil",)),),
            documents=BASIC,
            entry_golongan="III/a",
            eligible=3,
            misfits=(MAJOR,),
            drafts=1,
        ),
        FormasiSpec(
            code="SATPOLPP-PPP-01",
            unit="SATPOLPP",
            position="Polisi Pamong Praja Ahli Pertama",
            quota=1,
            education=(("S1", ("Ilmu Hukum",)),),
            documents=BASIC,
            entry_golongan="III/a",
            eligible=2,
        ),
        # Prepared by the Admin OPD and not yet published by BKPSDM: not on the public board.
        FormasiSpec(
            code="DINKES-APT-01",
            unit="DINKES-PKM-MERDEKA",
            position="Apoteker Ahli Pertama",
            quota=1,
            education=(("S1", ("Farmasi",)),),
            documents=HEALTH,
            entry_golongan="III/a",
            extra_requirements="Lulus pendidikan profesi apoteker; memiliki STR Apoteker.",
            by_opd_admin=True,
            published=False,
            eligible=0,
        ),
    ),
)

# The formasi of the demo `pelamar` in PPPK 2025: TMS, a granted sanggah, MS in version 2.
PELAMAR_PPPK_FORMASI = "PPPK-PRK-01"

PPPK_2025 = PeriodSpec(
    name="Seleksi PPPK 2025 Kota Palembang",
    kind=SelectionKind.PPPK,
    year=2025,
    description=(
        "Seleksi pegawai pemerintah dengan perjanjian kerja (PPPK) Pemerintah Kota Palembang "
        "tahun anggaran 2025: guru, tenaga kesehatan dan tenaga teknis."
    ),
    age_reference=-25,
    min_age=20,
    max_age=56,
    windows=(
        Window(Stage.REGISTRATION, -45, -25),
        Window(Stage.VERIFICATION, -24, -2, closes_hour=16, closes_minute=0),
        Window(Stage.ANNOUNCEMENT, -1, 0),
        # Domain reference §1.4: sanggah within 3 calendar days of the announcement; the answer
        # within 7 days after the sanggah period ends; results re-announced per formasi as their
        # sanggah are decided.
        Window(Stage.SANGGAH_FILING, 0, 3, opens_hour=0),
        Window(Stage.SANGGAH_ANSWER, 0, 10, opens_hour=0, closes_hour=16, closes_minute=0),
        Window(Stage.FINAL_ANNOUNCEMENT, 0, 12, opens_hour=0),
    ),
    formasi=(
        FormasiSpec(
            code="PPPK-GRU-01",
            unit="SDN-1-PLG",
            position="Guru Ahli Pertama",
            quota=4,
            education=(("S1", ("Pendidikan Guru Sekolah Dasar",)),),
            documents=PPPK_DOCUMENTS,
            extra_requirements="Guru kelas SD; diutamakan memiliki sertifikat pendidik.",
            eligible=8,
            misfits=(MAJOR,),
            tms=(1, 5),
        ),
        FormasiSpec(
            code="PPPK-PRW-01",
            unit="DINKES-PKM-DEMPO",
            position="Perawat Terampil",
            quota=2,
            education=(("D3", ("Keperawatan",)),),
            documents=(*PPPK_DOCUMENTS, "str"),
            extra_requirements=STR_NURSE,
            eligible=5,
            misfits=(LEVEL,),
            tms=(2,),
        ),
        # The demo `pelamar` applies here first (eligible index 0).
        FormasiSpec(
            code=PELAMAR_PPPK_FORMASI,
            unit="DISKOMINFO",
            position="Pranata Komputer Ahli Pertama",
            quota=1,
            education=(("S1", COMPUTING),),
            documents=PPPK_DOCUMENTS,
            eligible=4,
            tms=(0, 2),
        ),
        FormasiSpec(
            code="PPPK-PLO-01",
            unit="DINKES-YANKES-PRIMER",
            position="Penata Layanan Operasional",
            quota=2,
            education=(("S1", ()),),
            documents=PPPK_DOCUMENTS,
            extra_requirements="Tenaga teknis administrasi pelayanan kesehatan; semua program studi S-1.",
            eligible=4,
            tms=(3,),
        ),
    ),
)

PERIODS = (PPPK_2025, CASN_2026)

# A document the verifier refuses, by preference: (kind, reason, note). The first kind the
# application has is used.
REFUSALS = (
    ("transkrip", RejectionReason.INCOMPLETE, "Halaman kedua transkrip nilai tidak diunggah."),
    ("surat_lamaran", RejectionReason.NOT_SIGNED, "Surat lamaran belum ditandatangani."),
    ("str", RejectionReason.EXPIRED, "Masa berlaku STR sudah habis."),
    ("pas_foto", RejectionReason.WRONG_DOCUMENT, "Latar belakang pas foto bukan merah."),
    ("ktp", RejectionReason.UNREADABLE, "Pindaian KTP buram; NIK tidak terbaca."),
)
# The demo pelamar's refusal, which the sanggah shows to be the verifier's mistake.
PELAMAR_REFUSAL = (
    "ijazah",
    RejectionReason.UNREADABLE,
    "Nomor ijazah tidak terbaca pada pindaian.",
)

"""The demo's training story as data: the competency dictionary with the levels positions require
and the levels the staff were assessed at, the programme catalogue, the two classes of the
Perkesmas programme (who took part, attended and scored what), the courses recorded from
elsewhere, and the public information session with its reading materials.
`simerit.demo.training` builds it through the training services.

People are named by their demo login, or by a `StaffRef` (unit code, jabatan, kind) for the
Dinas Kesehatan staff without one. Days are offsets from the day the seed runs (negative: before),
so that the demo is in the same state whenever it is built.

Every text a visitor or an employee reads says that it is demo data (DEMO_NOTE), as the demo's
documents do (documents.document_pdf); e-mail addresses are on demo.simerit.test."""

from dataclasses import dataclass
from decimal import Decimal

from simerit.employees.models import EmployeeKind
from simerit.training.models import Competency, InformationSession, Programme, ProgrammeKind

DEMO_NOTE = "Contoh data demo SiMerit."
EMAIL_DOMAIN = "demo.simerit.test"
ASSESSOR = "admin.dinkes"  # the Admin OPD of Dinas Kesehatan enters the assessed levels
ASSESSED_DAY = -150
ASSESSMENT_SOURCE = "Asesmen kompetensi BKPSDM Kota Palembang (data demo)"
MINIMUM_JP = Decimal(20)
MAX_JP_PER_DAY = Decimal(10)
TRY_PAGES = (
    "my-training",
    "my-surveys",
    "external-list",
    "approvals",
    "class-list",
    "external-review",
    "needs",
    "leadership",
    "jp-dashboard",
    "session-admin-list",
    "certificate-verify",
)

M, SK, T = Competency.Kind.MANAGERIAL, Competency.Kind.SOCIOCULTURAL, Competency.Kind.TECHNICAL

# (code, name, kind, description)
COMPETENCIES: tuple[tuple[str, str, str, str], ...] = (
    ("MNJ.KS", "Kerja Sama", M, "Membangun dan memelihara kerja sama lintas unit dan mitra."),
    ("MNJ.OH", "Orientasi pada Hasil", M, "Mencapai sasaran kinerja yang terukur."),
    ("MNJ.PK", "Pengambilan Keputusan", M, "Memutuskan berdasarkan data dan risiko."),
    ("MNJ.PP", "Pelayanan Publik", M, "Memberikan layanan yang memenuhi standar pelayanan."),
    ("SK.PB", "Perekat Bangsa", SK, "Menghargai keberagaman dan menjaga persatuan."),
    (
        "TKN.PERKESMAS",
        "Asuhan Keperawatan Kesehatan Masyarakat",
        T,
        "Asuhan keperawatan keluarga dan kelompok rawan di wilayah puskesmas (Perkesmas).",
    ),
    (
        "TKN.MUTU",
        "Manajemen Mutu dan Keselamatan Pasien Puskesmas",
        T,
        "Indikator mutu, manajemen risiko, dan persiapan akreditasi puskesmas.",
    ),
    (
        "TKN.DATAKES",
        "Pengelolaan Data dan Informasi Kesehatan",
        T,
        "Pengumpulan, validasi, dan analisis data program kesehatan.",
    ),
)


@dataclass(frozen=True)
class StaffRef:
    """A Dinas Kesehatan employee without a demo login: the first (by id) of this kind holding a
    jabatan named `position` in the unit `unit`."""

    unit: str
    position: str
    kind: str = EmployeeKind.PNS


# The new pengawas: the Dinas Kesehatan pengawas with the latest TMT jabatan (training.py finds
# them: the Kepala UPTD Puskesmas Dempo in the demo organisation), flagged for PKP.
NEW_PENGAWAS = "pengawas-baru"
# The standar kompetensi jabatan: the jabatan of whom → (competency code, required level).
REQUIREMENTS: dict[str, tuple[tuple[str, int], ...]] = {
    "pegawai": (("TKN.PERKESMAS", 3), ("MNJ.PP", 2)),  # Perawat Ahli Pertama
    "rekan2": (("TKN.DATAKES", 3), ("MNJ.PP", 2)),  # Administrator Kesehatan Ahli Pertama
    "atasan": (  # Kepala Bidang Pelayanan Kesehatan
        ("MNJ.PK", 3),
        ("MNJ.OH", 3),
        ("MNJ.KS", 3),
        ("SK.PB", 3),
        ("TKN.MUTU", 3),
    ),
    NEW_PENGAWAS: (("MNJ.PK", 2), ("MNJ.KS", 2), ("TKN.MUTU", 3)),  # Kepala UPTD Puskesmas
}
# The assessed levels (some below the requirement: the needs analysis). `rekan4` is not assessed
# yet: the page lists his required competencies as "belum diases".
ASSESSMENTS: dict[str, tuple[tuple[str, int], ...]] = {
    "pegawai": (("TKN.PERKESMAS", 2), ("MNJ.PP", 2)),
    "rekan1": (("TKN.PERKESMAS", 2), ("MNJ.PP", 2)),
    "rekan3": (("TKN.PERKESMAS", 2), ("MNJ.PP", 1)),
    "rekan2": (("TKN.DATAKES", 2), ("MNJ.PP", 2)),
    "atasan": (
        ("MNJ.PK", 3),
        ("MNJ.OH", 2),
        ("MNJ.KS", 3),
        ("SK.PB", 3),
        ("TKN.MUTU", 2),
    ),
    NEW_PENGAWAS: (("MNJ.PK", 2), ("MNJ.KS", 1), ("TKN.MUTU", 2)),
}

ILLUSTRATIVE_JP = (
    "Jumlah JP program ini pada data demo hanya contoh; gunakan ketentuan Peraturan LAN yang "
    "berlaku."
)


@dataclass(frozen=True)
class ProgrammeSpec:
    code: str
    name: str
    kind: str
    jp: Decimal
    provider: str
    mode: str
    description: str
    competencies: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()  # BerAKHLAK panduan perilaku codes (performance)
    for_weak_predikat: bool = False


BPSDM_SUMSEL = "BPSDM Provinsi Sumatera Selatan"
PERKESMAS = "TEKNIS-PERKESMAS"
PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        "LATSAR-CPNS",
        "Pelatihan Dasar CPNS",
        ProgrammeKind.LATSAR,
        Decimal(480),
        BPSDM_SUMSEL,
        Programme.Mode.BLENDED,
        "Syarat pengangkatan CPNS menjadi PNS (Peraturan LAN 1/2021): nilai dasar ASN "
        f"BerAKHLAK, kedudukan dan peran ASN, aktualisasi. {ILLUSTRATIVE_JP} {DEMO_NOTE}",
        competencies=("SK.PB",),
        indicators=("2a", "5a"),
    ),
    ProgrammeSpec(
        "PKP",
        "Pelatihan Kepemimpinan Pengawas",
        ProgrammeKind.PKP,
        Decimal(300),
        BPSDM_SUMSEL,
        Programme.Mode.BLENDED,
        "Wajib bagi pejabat pengawas (Peraturan LAN 15/2019): kepemimpinan kinerja, proyek "
        f"perubahan di unit kerja. {ILLUSTRATIVE_JP} {DEMO_NOTE}",
        competencies=("MNJ.KS", "MNJ.PK"),
        indicators=("7a",),
    ),
    ProgrammeSpec(
        "PKA",
        "Pelatihan Kepemimpinan Administrator",
        ProgrammeKind.PKA,
        Decimal(350),
        BPSDM_SUMSEL,
        Programme.Mode.BLENDED,
        "Wajib bagi pejabat administrator: kepemimpinan kinerja dan proyek perubahan tingkat "
        f"bidang. {ILLUSTRATIVE_JP} {DEMO_NOTE}",
        competencies=("MNJ.OH", "MNJ.PK", "MNJ.KS"),
        indicators=("7c",),
    ),
    ProgrammeSpec(
        "PKN-II",
        "Pelatihan Kepemimpinan Nasional Tingkat II",
        ProgrammeKind.PKN2,
        Decimal(400),
        "Lembaga Administrasi Negara",
        Programme.Mode.BLENDED,
        "Wajib bagi pejabat pimpinan tinggi pratama (Peraturan LAN 2/2019): kepemimpinan "
        f"strategis. {ILLUSTRATIVE_JP} {DEMO_NOTE}",
        competencies=("MNJ.PK", "MNJ.OH", "SK.PB"),
    ),
    ProgrammeSpec(
        PERKESMAS,
        "Pelatihan Asuhan Keperawatan Kesehatan Masyarakat (Perkesmas)",
        ProgrammeKind.TECHNICAL,
        Decimal(24),
        "Dinas Kesehatan Kota Palembang bersama BKPSDM",
        Programme.Mode.CLASSICAL,
        "Untuk perawat puskesmas dan dinas: pengkajian keluarga rawan, asuhan keperawatan "
        "keluarga lansia dan penderita penyakit kronis, kunjungan rumah, dokumentasi asuhan. "
        f"Tiga hari, 24 JP. {DEMO_NOTE}",
        competencies=("TKN.PERKESMAS", "MNJ.PP"),
        indicators=("1a",),
    ),
    ProgrammeSpec(
        "SEM-INOVASI-PKM",
        "Seminar Inovasi Layanan Kesehatan Primer",
        ProgrammeKind.SEMINAR,
        Decimal(8),
        "Dinas Kesehatan Kota Palembang",
        Programme.Mode.BLENDED,
        "Praktik baik inovasi puskesmas di Sumatera Selatan: penjadwalan posbindu, pelaporan "
        f"daring, kerja sama lintas program. {DEMO_NOTE}",
        indicators=("6b", "6c"),
    ),
    ProgrammeSpec(
        "COACHING-KINERJA",
        "Coaching Kinerja bagi Pegawai dengan Predikat di Bawah Baik",
        ProgrammeKind.COACHING,
        Decimal(6),
        "BKPSDM Kota Palembang (coach internal)",
        Programme.Mode.CLASSICAL,
        "Tindak lanjut predikat Butuh Perbaikan atau di bawahnya: empat sesi coaching bersama "
        f"atasan langsung dan coach internal, rencana perbaikan kinerja. {DEMO_NOTE}",
        indicators=("3c",),
        for_weak_predikat=True,
    ),
)


@dataclass(frozen=True)
class Participant:
    """Who took part in the completed class, and how: `route` self (approved by the atasan),
    nominated (by the atasan) or assigned (by Admin BKPSDM); the meetings attended; the scores
    (pre-test, post-test, final assessment: "" for none) and the outcome."""

    who: str | StaffRef
    route: str
    attended: tuple[int, ...]
    scores: tuple[str, str, str]
    passed: bool
    survey: tuple[int, int, int, int] | None = None
    comment: str = ""


VENUE = "Aula Dinas Kesehatan Kota Palembang"
RESTRICTED_TO = "DINKES"  # both classes are for the staff of Dinas Kesehatan
CAPACITY = 25
# Each day of a class: two meetings (WIB): 08.00–11.30 and 13.00–15.30.
MEETING_HOURS = ((8, 0, 11, 30), (13, 0, 15, 30))
MEETING_TOPICS = (
    "Konsep Perkesmas dan pengkajian keluarga rawan",
    "Asuhan keperawatan keluarga dengan lansia",
    "Asuhan keperawatan penderita hipertensi dan DM di rumah",
    "Praktik kunjungan rumah (Puskesmas Dempo)",
    "Dokumentasi asuhan dan pelaporan Perkesmas",
    "Rencana tindak lanjut dan post-test",
)

# The completed class: held DONE_STARTS days before the seed (for 3 days, so that it ended 10 days
# before); enrolment had closed a week before it started. Its requests were taken while the class
# was still planned for the day after the seed (OPEN: the services take requests only then); its
# dates were then set as held (see training.py). rekan3 missed four of the six meetings (a
# posbindu assignment): not passed. Its survey is open for 14 days after the class (rules of the
# evaluation): rekan1 and rekan3 have answered, pegawai's survey is left for the demo viewer
# (the averages are shown once the survey has closed with at least 3 answers).
DONE_NAME = "Angkatan I"
DONE_STARTS = -12
DONE_CLOSES = -19
DAYS = 3
DONE_PARTICIPANTS = (
    Participant(
        "pegawai",
        "self",
        (1, 2, 3, 4, 5, 6),
        ("62.50", "86.00", "88.00"),
        passed=True,
    ),
    Participant(
        "rekan1",
        "nominated",
        (1, 2, 3, 4, 5, 6),
        ("58.00", "81.50", "84.00"),
        passed=True,
        survey=(4, 4, 5, 3),
        comment="Waktu praktik lapangan terlalu singkat.",
    ),
    Participant(
        "rekan3",
        "nominated",
        (1, 2),
        ("55.00", "", ""),
        passed=False,
        survey=(4, 3, 4, 3),
    ),
    Participant(
        StaffRef("DINKES-YANKES-RUJUKAN", "Perawat Ahli Pertama"),
        "assigned",
        (1, 2, 3, 4, 5, 6),
        ("60.00", "83.00", "85.50"),
        passed=True,
    ),
    Participant(
        StaffRef("DINKES-PKM-DEMPO", "Perawat Terampil"),
        "assigned",
        (1, 2, 3, 4, 6),  # 5 of 6 meetings: 83.33 %, above the 80 % minimum
        ("66.00", "79.00", "80.00"),
        passed=True,
    ),
)
SELF_MOTIVATION = "Pembinaan asuhan keperawatan di puskesmas binaan memerlukan pembaruan materi."
APPROVAL_NOTE = "Sesuai RHK pembinaan standar asuhan keperawatan."

# The open class: Angkatan II starts OPEN_STARTS days after the seed (14 December for a seed on
# 28 November); enrolment closes 4 days before. rekan3 retakes it (nominated by the atasan), a
# Puskesmas Merdeka nurse is assigned by Admin BKPSDM, and rekan4's own request waits for the
# atasan's approval.
OPEN_NAME = "Angkatan II"
OPEN_STARTS = 16
OPEN_CLOSES = 12
OPEN_NOMINATED = ("rekan3",)
OPEN_ASSIGNED = (StaffRef("DINKES-PKM-MERDEKA", "Perawat Terampil"),)
PENDING_REQUEST = "rekan4"
PENDING_MOTIVATION = (
    "Saya memutakhirkan data keluarga rawan sasaran Perkesmas; pemahaman asuhan keperawatan "
    "keluarga membantu memilah sasaran prioritas."
)


@dataclass(frozen=True)
class ExternalSpec:
    """A course taken elsewhere, recorded by `who` with a one-page certificate PDF; validated
    with `validated_jp` (None: waiting for Admin BKPSDM)."""

    who: str
    title: str
    provider: str
    kind: str
    starts: int
    ends: int
    jp_claimed: Decimal
    certificate_number: str
    file_name: str
    validated_jp: Decimal | None = None
    note: str = ""


EXTERNAL: tuple[ExternalSpec, ...] = (
    ExternalSpec(
        "rekan2",
        "Pelatihan Jarak Jauh Pengelolaan Data dan Informasi Kesehatan",
        "Balai Pelatihan Kesehatan (pelatihan jarak jauh)",
        ProgrammeKind.ELEARNING,
        starts=-60,
        ends=-47,
        jp_claimed=Decimal(32),
        certificate_number="DEMO/PJJ-DATAKES/2026/0457",
        file_name="sertifikat-pjj-data-kesehatan.pdf",
        validated_jp=Decimal(30),
        note="Sertifikat mencantumkan 30 JP; 2 JP orientasi tidak dihitung.",
    ),
    ExternalSpec(
        "pegawai",
        "Webinar Perawatan Lansia di Rumah bagi Perawat Komunitas",
        "DPW PPNI Sumatera Selatan",
        ProgrammeKind.SEMINAR,
        starts=-9,
        ends=-9,
        jp_claimed=Decimal(4),
        certificate_number="DEMO/WEB-PPNI/2026/1182",
        file_name="sertifikat-webinar-lansia.pdf",
    ),
)

# The public information session of the CASN 2026 selection period, SESSION_DAY days after the
# seed, 09.00–12.00 WIB; registration closes the evening before.
SESSION_DAY = 7
SESSION_KIND = InformationSession.Kind.BRIEFING
SESSION_TITLE = "Sosialisasi Seleksi CASN 2026 Kota Palembang"
SESSION_DESCRIPTION = (
    "Untuk calon pelamar CPNS dan PPPK 2026 Pemerintah Kota Palembang: formasi yang dibuka, "
    "persyaratan dan dokumen, tahapan seleksi, cara nilai SKD, SKB, dan nilai akhir dihitung serta "
    "diperingkat, dan cara mengajukan sanggah. Dilanjutkan tanya jawab. Gratis; seleksi CASN "
    f"tidak dipungut biaya. {DEMO_NOTE}"
)
SESSION_VENUE = "Aula BKPSDM Kota Palembang"
SESSION_CAPACITY = 120
# (name, e-mail, phone, with the demo pelamar's account). The pelamar registers signed in.
REGISTRATIONS: tuple[tuple[str, str, str, bool], ...] = (
    ("Rizky Pratama", "pelamar@demo.simerit.test", "081271001671", True),
    ("Siti Nurhaliza Putri", f"siti.nurhaliza@{EMAIL_DOMAIN}", "+62 853-6612-0417", False),
)

# (title, summary, body paragraphs separated by blank lines), published in this order.
MATERIALS: tuple[tuple[str, str, str], ...] = (
    (
        "Tahapan seleksi CPNS dari pendaftaran sampai pengangkatan",
        f"Urutan tahapan seleksi CPNS dan apa yang diperiksa pada setiap tahap. {DEMO_NOTE}",
        "Pendaftaran dilakukan di portal SSCASN BKN: buat akun dengan NIK dan nomor KK sesuai "
        "data kependudukan, pilih satu jabatan yang sesuai kualifikasi pendidikan, unggah dokumen, "
        "lalu kirim lamaran.\n\n"
        "Seleksi administrasi: panitia instansi memeriksa dokumen terhadap persyaratan formasi. "
        "Hasilnya Memenuhi Syarat (MS) atau Tidak Memenuhi Syarat (TMS) beserta alasannya; "
        "pelamar TMS dapat mengajukan sanggah pada masa sanggah.\n\n"
        "Seleksi Kompetensi Dasar (SKD) dengan CAT BKN, lalu Seleksi Kompetensi Bidang (SKB). "
        "Nilai SKD dan SKB diintegrasikan menjadi nilai akhir, diumumkan dengan masa sanggah.\n\n"
        "Peserta yang lulus mengisi pemberkasan dan daftar riwayat hidup, diusulkan NIP-nya, "
        "diangkat sebagai CPNS, menjalani masa percobaan dan Pelatihan Dasar CPNS, lalu diangkat "
        f"menjadi PNS.\n\n{DEMO_NOTE} Ikuti selalu pengumuman resmi seleksi.",
    ),
    (
        "Cara nilai SKD, SKB, dan nilai akhir dihitung serta diperingkat",
        f"Komposisi SKD, nilai ambang batas, peringkat ke SKB, dan integrasi nilai. {DEMO_NOTE}",
        "SKD terdiri atas TWK (30 soal, nilai maksimal 150), TIU (35 soal, maksimal 175), dan TKP "
        "(45 soal, maksimal 225): 110 soal dalam 100 menit, nilai maksimal 550. Jawaban benar TWK "
        "dan TIU bernilai 5; setiap pilihan TKP bernilai 1 sampai 5.\n\n"
        "Pelamar harus mencapai nilai ambang batas setiap subtes (pada seleksi 2024 untuk formasi "
        "umum: TWK 65, TIU 80, TKP 166) dan berada dalam peringkat tiga kali jumlah kebutuhan "
        "formasi untuk mengikuti SKB. Nilai sama pada batas itu dibandingkan berturut-turut pada "
        "TKP, TIU, lalu TWK.\n\n"
        "Nilai akhir = 40 % nilai SKD + 60 % nilai SKB, masing-masing dikonversi ke skala 100. "
        "Peringkat akhir mengikuti nilai akhir per formasi.\n\n"
        f"{DEMO_NOTE} Angka resmi ditetapkan KemenPANRB untuk setiap seleksi.",
    ),
)

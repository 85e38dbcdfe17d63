"""The demo's performance story as data: the people it adds, the SKP plans (results, indicators,
targets and the realisation of each quarter), the expectations, the 360 answers, the decisions and
the keberatan texts. `simerit.demo.performance` builds it through the services."""

from dataclasses import dataclass
from decimal import Decimal

from simerit.core.roles import Role
from simerit.demo.positions import L, fungsional
from simerit.performance.models import Indicator, Rating

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

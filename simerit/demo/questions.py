"""The demo's sample questions: genuine SKD and PPPK items in Indonesian, with their pembahasan.

Three banks: the exam bank of the SKD simulation (imported as a JSON file through
exams.question_io), the practice bank of the public tryout, and the exam bank of the PPPK
competency test (both written through exams.services.questions). The questions are written
here with the right answer (single answer) or the best option (weighted) first; each question's
options are then put in an order drawn from its code, so the keys are spread over A–E the same
way on every run. Explanations never name a letter: a participant sees the options shuffled.

The numeric TIU items (number series, arithmetic) are generated from a seeded random source with
their key and explanation computed, so they are always right.
"""

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from simerit.exams.models import Difficulty, Question
from simerit.exams.services.questions import OPTION_KEYS, OptionInput

EASY, MEDIUM, HARD = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD


@dataclass(frozen=True)
class SampleQuestion:
    code: str
    category: str  # QuestionCategory.code
    kind: str  # Question.Kind
    topic: str
    difficulty: str
    text: str
    options: tuple[tuple[str, int], ...]  # (text, points) in key order A, B, ...
    explanation: str

    @property
    def key(self) -> str:
        """The correct option of a single-answer question (the best one of a weighted one)."""
        best = max(range(len(self.options)), key=lambda index: self.options[index][1])
        return OPTION_KEYS[best]

    def option_inputs(self) -> list[OptionInput]:
        return [
            OptionInput(key=key, text=text, points=points)
            for key, (text, points) in zip(OPTION_KEYS, self.options, strict=False)
        ]

    def json_item(self) -> dict[str, Any]:
        """The question as an object of the bank's JSON export format (question_io)."""
        return {
            "code": self.code,
            "category": self.category,
            "kind": self.kind,
            "topic": self.topic,
            "difficulty": self.difficulty,
            "active": True,
            "text": self.text,
            "options": [
                {"key": option.key, "text": option.text, "points": option.points}
                for option in self.option_inputs()
            ],
            "explanation": self.explanation,
        }


def _ordered(code: str, options: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """The options in an order drawn from the question's code (the same on every run)."""
    shuffled = list(options)
    random.Random(code).shuffle(shuffled)  # noqa: S311 (a layout, not a secret)
    return tuple(shuffled)


def single(
    code: str,
    category: str,
    topic: str,
    difficulty: str,
    text: str,
    *,
    correct: str,
    wrong: Sequence[str],
    explanation: str,
) -> SampleQuestion:
    """A question with one correct option; `wrong` holds the distractors."""
    options = [(correct, 1), *((option, 0) for option in wrong)]
    return SampleQuestion(
        code,
        category,
        Question.Kind.SINGLE,
        topic,
        difficulty,
        text,
        _ordered(code, options),
        explanation,
    )


def weighted(
    code: str,
    category: str,
    topic: str,
    text: str,
    options: Sequence[tuple[str, int]],
    *,
    explanation: str,
    difficulty: str = MEDIUM,
) -> SampleQuestion:
    """A question whose every option carries points (TKP 1–5; PPPK 1–4)."""
    return SampleQuestion(
        code,
        category,
        Question.Kind.WEIGHTED,
        topic,
        difficulty,
        text,
        _ordered(code, options),
        explanation,
    )


# --- TWK: Pancasila, UUD 1945, NKRI, Bhinneka Tunggal Ika, bela negara, nilai dasar ASN


def _twk_exam() -> list[SampleQuestion]:
    return [
        single(
            "TWK-001",
            "TWK",
            "Pilar negara: Pancasila",
            EASY,
            "Rumusan Pancasila sebagai dasar negara yang sah tercantum dalam Pembukaan Undang-Undang "
            "Dasar Negara Republik Indonesia Tahun 1945 pada alinea ...",
            correct="keempat",
            wrong=("pertama", "kedua", "ketiga", "penutup Batang Tubuh"),
            explanation="Alinea keempat Pembukaan UUD 1945 memuat tujuan negara dan dasar negara: "
            "kelima sila Pancasila disebut berurutan di bagian akhirnya.",
        ),
        single(
            "TWK-002",
            "TWK",
            "Sejarah perumusan Pancasila",
            EASY,
            "Tanggal 1 Juni diperingati sebagai Hari Lahir Pancasila. Pada tanggal itu tahun 1945 "
            "Ir. Soekarno menyampaikan pidato tentang dasar negara dalam sidang ...",
            correct="BPUPKI (Badan Penyelidik Usaha-usaha Persiapan Kemerdekaan Indonesia)",
            wrong=(
                "PPKI (Panitia Persiapan Kemerdekaan Indonesia)",
                "Panitia Sembilan",
                "Komite Nasional Indonesia Pusat",
                "Konstituante",
            ),
            explanation="Pidato 1 Juni 1945 disampaikan pada sidang pertama BPUPKI (29 Mei–1 Juni "
            "1945). PPKI baru bersidang pada 18 Agustus 1945 dan mengesahkan UUD 1945.",
        ),
        single(
            "TWK-003",
            "TWK",
            "Bhinneka Tunggal Ika",
            EASY,
            "Semboyan Bhinneka Tunggal Ika pada lambang negara dikutip dari kitab Sutasoma. Kitab "
            "tersebut ditulis oleh ...",
            correct="Mpu Tantular",
            wrong=("Mpu Prapanca", "Mpu Sedah", "Mpu Kanwa", "Mpu Panuluh"),
            explanation="Kitab Sutasoma karya Mpu Tantular (abad ke-14, masa Majapahit) memuat "
            "ungkapan 'Bhinneka tunggal ika tan hana dharma mangrwa': berbeda-beda tetapi tetap satu.",
        ),
        single(
            "TWK-004",
            "TWK",
            "UUD 1945: bentuk dan kedaulatan",
            MEDIUM,
            "Menurut Pasal 1 ayat (3) UUD NRI Tahun 1945 hasil perubahan, Negara Indonesia adalah "
            "negara ...",
            correct="hukum",
            wrong=("kesatuan yang berbentuk republik", "kepulauan", "kekuasaan", "kesejahteraan"),
            explanation="Pasal 1 ayat (3): 'Negara Indonesia adalah negara hukum.' Bentuk negara "
            "kesatuan yang berbentuk republik diatur di ayat (1).",
        ),
        single(
            "TWK-005",
            "TWK",
            "UUD 1945: bentuk dan kedaulatan",
            MEDIUM,
            "Pasal 1 ayat (2) UUD NRI Tahun 1945 menyatakan bahwa kedaulatan berada di tangan "
            "rakyat dan dilaksanakan ...",
            correct="menurut Undang-Undang Dasar",
            wrong=(
                "sepenuhnya oleh Majelis Permusyawaratan Rakyat",
                "oleh Presiden sebagai kepala negara",
                "oleh Dewan Perwakilan Rakyat",
                "melalui partai politik",
            ),
            explanation="Sejak perubahan ketiga (2001), kedaulatan dilaksanakan menurut UUD, tidak "
            "lagi 'sepenuhnya oleh MPR' seperti rumusan sebelum perubahan.",
        ),
        single(
            "TWK-006",
            "TWK",
            "Bahasa negara",
            EASY,
            "Ketentuan 'Bahasa Negara ialah Bahasa Indonesia' terdapat dalam UUD NRI Tahun 1945 "
            "Pasal ...",
            correct="36",
            wrong=("35", "36A", "36B", "32"),
            explanation="Pasal 35 mengatur bendera, Pasal 36 bahasa negara, Pasal 36A lambang "
            "negara, Pasal 36B lagu kebangsaan. Pasal 32 mengatur kebudayaan.",
        ),
        single(
            "TWK-007",
            "TWK",
            "Bela negara",
            MEDIUM,
            "'Setiap warga negara berhak dan wajib ikut serta dalam upaya pembelaan negara.' "
            "Bagi seorang ASN, wujud bela negara yang paling tepat dalam tugas sehari-hari adalah ...",
            correct="bekerja jujur dan profesional serta menolak segala bentuk korupsi",
            wrong=(
                "mengikuti latihan militer setiap akhir pekan",
                "menolak bekerja sama dengan rekan dari daerah lain",
                "mengutamakan kepentingan kelompoknya dalam pelayanan",
                "menunggu perintah atasan sebelum melayani masyarakat",
            ),
            explanation="Pasal 27 ayat (3) UUD 1945. Bela negara tidak hanya fisik: bagi ASN, "
            "integritas dan profesionalisme dalam pelayanan adalah bentuk bela negara nonfisik.",
        ),
        single(
            "TWK-008",
            "TWK",
            "NKRI",
            HARD,
            "Menurut Pasal 37 ayat (5) UUD NRI Tahun 1945, ketentuan yang tidak dapat dilakukan "
            "perubahan adalah ketentuan mengenai ...",
            correct="bentuk Negara Kesatuan Republik Indonesia",
            wrong=(
                "masa jabatan Presiden dan Wakil Presiden",
                "susunan keanggotaan MPR",
                "hak asasi manusia",
                "pembagian wilayah provinsi",
            ),
            explanation="Pasal 37 ayat (5): 'Khusus mengenai bentuk Negara Kesatuan Republik "
            "Indonesia tidak dapat dilakukan perubahan.'",
        ),
        single(
            "TWK-009",
            "TWK",
            "Lambang negara",
            MEDIUM,
            "Pada perisai Garuda Pancasila, sila keempat 'Kerakyatan yang dipimpin oleh hikmat "
            "kebijaksanaan dalam permusyawaratan/perwakilan' dilambangkan dengan ...",
            correct="kepala banteng",
            wrong=("pohon beringin", "rantai", "padi dan kapas", "bintang"),
            explanation="Bintang: sila pertama; rantai: sila kedua; pohon beringin: sila ketiga; "
            "kepala banteng: sila keempat; padi dan kapas: sila kelima.",
        ),
        single(
            "TWK-010",
            "TWK",
            "Nilai dasar ASN",
            EASY,
            "Nilai dasar ASN 'BerAKHLAK' terdiri atas Berorientasi Pelayanan, Akuntabel, Kompeten, "
            "..., Loyal, Adaptif, dan Kolaboratif.",
            correct="Harmonis",
            wrong=("Humanis", "Heroik", "Hemat", "Handal"),
            explanation="Huruf H dalam BerAKHLAK adalah Harmonis: saling peduli dan menghargai "
            "perbedaan (UU 20/2023 tentang ASN).",
        ),
        single(
            "TWK-011",
            "TWK",
            "Sejarah ketatanegaraan",
            MEDIUM,
            "Sidang PPKI tanggal 18 Agustus 1945 menghasilkan keputusan berikut, kecuali ...",
            correct="membentuk Badan Keamanan Rakyat",
            wrong=(
                "mengesahkan Undang-Undang Dasar",
                "memilih Ir. Soekarno sebagai Presiden",
                "memilih Drs. Mohammad Hatta sebagai Wakil Presiden",
                "menetapkan bahwa Presiden untuk sementara dibantu sebuah komite nasional",
            ),
            explanation="Sidang 18 Agustus 1945 mengesahkan UUD, memilih Presiden dan Wakil "
            "Presiden, dan menetapkan komite nasional pembantu Presiden. BKR dibentuk pada sidang "
            "PPKI 22 Agustus 1945.",
        ),
        single(
            "TWK-012",
            "TWK",
            "Integritas dan persatuan",
            HARD,
            "Pada 18 Agustus 1945 rumusan sila pertama dalam Piagam Jakarta diubah menjadi "
            "'Ketuhanan Yang Maha Esa'. Nilai yang paling tercermin dari peristiwa itu adalah ...",
            correct="mendahulukan persatuan bangsa di atas kepentingan golongan",
            wrong=(
                "menghapus peran agama dalam kehidupan bernegara",
                "kemenangan satu golongan atas golongan lain",
                "keinginan mempercepat pengesahan tanpa musyawarah",
                "penolakan terhadap hasil kerja Panitia Sembilan",
            ),
            explanation="Para tokoh yang bermusyawarah merelakan rumusan itu demi menjaga "
            "persatuan seluruh wilayah dan pemeluk agama Indonesia; nilai ketuhanan tetap menjadi "
            "sila pertama.",
        ),
    ]


def _twk_practice() -> list[SampleQuestion]:
    return [
        single(
            "TO-TWK-01",
            "TWK",
            "Wawasan Nusantara",
            MEDIUM,
            "Deklarasi Djuanda 13 Desember 1957 penting bagi NKRI karena menegaskan bahwa ...",
            correct="laut di antara dan di sekitar pulau-pulau Indonesia adalah bagian wilayah "
            "negara",
            wrong=(
                "batas laut teritorial Indonesia 3 mil dari garis pantai",
                "Indonesia keluar dari Konferensi Meja Bundar",
                "Irian Barat menjadi bagian Indonesia",
                "Indonesia menganut politik luar negeri bebas aktif",
            ),
            explanation="Deklarasi Djuanda menggantikan aturan kolonial (3 mil dari tiap pulau) "
            "dan menjadi dasar konsep negara kepulauan; tanggalnya diperingati sebagai Hari "
            "Nusantara.",
        ),
        single(
            "TO-TWK-02",
            "TWK",
            "UUD 1945: perekonomian",
            EASY,
            "'Bumi dan air dan kekayaan alam yang terkandung di dalamnya dikuasai oleh negara dan "
            "dipergunakan untuk sebesar-besar kemakmuran rakyat.' Bunyi ini terdapat dalam UUD "
            "NRI Tahun 1945 Pasal ...",
            correct="33 ayat (3)",
            wrong=("33 ayat (1)", "34 ayat (1)", "28H ayat (1)", "27 ayat (2)"),
            explanation="Pasal 33 ayat (3). Ayat (1) mengatur perekonomian sebagai usaha bersama "
            "berdasar asas kekeluargaan.",
        ),
        single(
            "TO-TWK-03",
            "TWK",
            "UUD 1945: agama",
            EASY,
            "Jaminan negara atas kemerdekaan tiap penduduk untuk memeluk agamanya dan beribadat "
            "menurut agamanya itu diatur dalam UUD NRI Tahun 1945 Pasal ...",
            correct="29 ayat (2)",
            wrong=("29 ayat (1)", "28E ayat (3)", "31 ayat (1)", "30 ayat (1)"),
            explanation="Pasal 29 ayat (1): negara berdasar atas Ketuhanan Yang Maha Esa; ayat (2): "
            "negara menjamin kemerdekaan memeluk agama dan beribadat.",
        ),
        single(
            "TO-TWK-04",
            "TWK",
            "Sumpah Pemuda",
            EASY,
            "Ikrar Sumpah Pemuda 28 Oktober 1928 dibacakan pada ...",
            correct="Kongres Pemuda II",
            wrong=(
                "Kongres Pemuda I",
                "sidang BPUPKI",
                "Kongres Budi Utomo",
                "Kongres Perempuan I",
            ),
            explanation="Kongres Pemuda II di Batavia menghasilkan ikrar satu tanah air, satu "
            "bangsa, dan menjunjung bahasa persatuan, bahasa Indonesia.",
        ),
        single(
            "TO-TWK-05",
            "TWK",
            "Lambang negara",
            EASY,
            "Lambang rantai pada perisai Garuda Pancasila melambangkan sila ...",
            correct="Kemanusiaan yang adil dan beradab",
            wrong=(
                "Ketuhanan Yang Maha Esa",
                "Persatuan Indonesia",
                "Keadilan sosial bagi seluruh rakyat Indonesia",
                "Kerakyatan yang dipimpin oleh hikmat kebijaksanaan",
            ),
            explanation="Rantai dengan mata bulat dan persegi yang saling terkait melambangkan "
            "hubungan manusia yang saling membantu: sila kedua.",
        ),
        single(
            "TO-TWK-06",
            "TWK",
            "NKRI",
            MEDIUM,
            "Pasal 25A UUD NRI Tahun 1945 menyatakan bahwa NKRI adalah sebuah negara ...",
            correct="kepulauan yang berciri Nusantara",
            wrong=(
                "maritim yang berdaulat penuh",
                "kesatuan yang berbentuk federasi",
                "agraris yang berkeadilan",
                "hukum yang demokratis",
            ),
            explanation="Pasal 25A: 'Negara Kesatuan Republik Indonesia adalah sebuah negara "
            "kepulauan yang berciri Nusantara dengan wilayah yang batas-batas dan hak-haknya "
            "ditetapkan dengan undang-undang.'",
        ),
        single(
            "TO-TWK-07",
            "TWK",
            "Simbol negara",
            MEDIUM,
            "Undang-undang yang mengatur bendera, bahasa, dan lambang negara, serta lagu "
            "kebangsaan adalah ...",
            correct="UU Nomor 24 Tahun 2009",
            wrong=(
                "UU Nomor 20 Tahun 2023",
                "UU Nomor 12 Tahun 2011",
                "UU Nomor 23 Tahun 2014",
                "UU Nomor 25 Tahun 2009",
            ),
            explanation="UU 24/2009. UU 20/2023 mengatur ASN, UU 12/2011 pembentukan peraturan, UU "
            "23/2014 pemerintahan daerah, UU 25/2009 pelayanan publik.",
        ),
        single(
            "TO-TWK-08",
            "TWK",
            "Lagu kebangsaan",
            EASY,
            "Lagu kebangsaan Indonesia Raya diciptakan oleh ...",
            correct="Wage Rudolf Supratman",
            wrong=("Ismail Marzuki", "Cornel Simanjuntak", "Ibu Sud", "Kusbini"),
            explanation="W.R. Supratman memperdengarkan Indonesia Raya pertama kali pada Kongres "
            "Pemuda II, 28 Oktober 1928.",
        ),
        single(
            "TO-TWK-09",
            "TWK",
            "Proklamasi",
            MEDIUM,
            "Naskah Proklamasi yang dibacakan pada 17 Agustus 1945 diketik oleh ...",
            correct="Sayuti Melik",
            wrong=("B.M. Diah", "Ahmad Soebardjo", "Sukarni", "Latief Hendraningrat"),
            explanation="Sayuti Melik mengetik naskah tulisan tangan Soekarno dengan beberapa "
            "perubahan; B.M. Diah kemudian menyimpan naskah tulisan tangan itu.",
        ),
        single(
            "TO-TWK-10",
            "TWK",
            "Integritas",
            MEDIUM,
            "Seorang ASN ditawari uang terima kasih oleh warga setelah izinnya selesai diproses. "
            "Sikap yang sesuai dengan nilai integritas adalah ...",
            correct="menolaknya dengan sopan dan menjelaskan bahwa pelayanan tidak dipungut biaya "
            "di luar ketentuan",
            wrong=(
                "menerimanya karena diberikan setelah pelayanan selesai",
                "menerimanya lalu membagikannya kepada rekan satu unit",
                "memintanya dalam bentuk barang agar tidak tercatat",
                "menerimanya bila jumlahnya kecil",
            ),
            explanation="Pemberian terkait jabatan adalah gratifikasi, berapa pun jumlahnya dan "
            "kapan pun diberikan. Bila terpaksa diterima, wajib dilaporkan.",
        ),
    ]


# --- TIU: verbal (analogy, synonym, antonym), logic, and generated numeric items

# The flawed item of the demo exam: two options fit the analogy. It is served, annulled after
# the exam (credited to everyone), then revised as version 2.
FLAWED_CODE = "TIU-002"
FLAWED_FIX = "Kain"  # version 2's replacement of the second defensible option


def _tiu_exam() -> list[SampleQuestion]:
    return [
        single(
            "TIU-001",
            "TIU",
            "Analogi",
            EASY,
            "DOKTER : STETOSKOP = FOTOGRAFER : ...",
            correct="Kamera",
            wrong=("Foto", "Studio", "Model", "Album"),
            explanation="Stetoskop adalah alat kerja dokter; alat kerja fotografer adalah kamera. "
            "Foto adalah hasil kerjanya, bukan alatnya.",
        ),
        _flawed_analogy(version=1),
        single(
            "TIU-003",
            "TIU",
            "Sinonim",
            MEDIUM,
            "Sinonim kata MITIGASI adalah ...",
            correct="upaya mengurangi risiko",
            wrong=("pemulihan pascabencana", "pengungsian", "pemantauan cuaca", "penanggulangan"),
            explanation="Mitigasi adalah serangkaian upaya untuk mengurangi risiko bencana, "
            "dilakukan sebelum bencana terjadi.",
        ),
        single(
            "TIU-004",
            "TIU",
            "Antonim",
            MEDIUM,
            "Lawan kata PROGRESIF adalah ...",
            correct="regresif",
            wrong=("agresif", "represif", "progresivitas", "responsif"),
            explanation="Progresif berarti ke arah kemajuan; lawannya regresif, yaitu bergerak "
            "mundur.",
        ),
        single(
            "TIU-005",
            "TIU",
            "Silogisme",
            HARD,
            "Semua pegawai yang disiplin menerima tunjangan kinerja penuh. Sebagian pegawai Dinas "
            "X tidak menerima tunjangan kinerja penuh. Kesimpulan yang tepat adalah ...",
            correct="Sebagian pegawai Dinas X tidak disiplin.",
            wrong=(
                "Semua pegawai Dinas X tidak disiplin.",
                "Sebagian pegawai Dinas X disiplin.",
                "Pegawai yang tidak disiplin tidak menerima tunjangan kinerja.",
                "Tidak dapat ditarik kesimpulan.",
            ),
            explanation="Siapa pun yang disiplin pasti menerima tunjangan penuh; maka pegawai "
            "yang tidak menerima tunjangan penuh pasti tidak disiplin (modus tollens).",
        ),
        single(
            "TIU-006",
            "TIU",
            "Penalaran analitis",
            MEDIUM,
            "Andi lebih tinggi daripada Budi. Citra lebih pendek daripada Budi. Dedi lebih "
            "tinggi daripada Andi. Siapakah yang paling pendek?",
            correct="Citra",
            wrong=("Budi", "Andi", "Dedi", "Budi dan Citra sama tinggi"),
            explanation="Urutan dari yang tertinggi: Dedi, Andi, Budi, Citra.",
        ),
        single(
            "TIU-007",
            "TIU",
            "Penalaran analitis",
            MEDIUM,
            "Jika hari ini hari Rabu, maka 100 hari lagi adalah hari ...",
            correct="Jumat",
            wrong=("Kamis", "Sabtu", "Rabu", "Senin"),
            explanation="100 = 14 × 7 + 2, jadi 100 hari lagi sama dengan 2 hari setelah Rabu: "
            "Jumat.",
        ),
    ]


def _flawed_analogy(*, version: int) -> SampleQuestion:
    """TIU-002: version 1 has two defensible answers (Es and Salju); version 2 fixes it."""
    second = "Salju" if version == 1 else FLAWED_FIX
    explanation = (
        "Api bersifat panas; es bersifat dingin (benda : sifat yang melekat padanya)."
        if version == 1
        else "Api bersifat panas; es bersifat dingin (benda : sifat yang melekat padanya). "
        "Versi 1 soal ini memuat pilihan 'Salju' yang juga memenuhi hubungan itu, sehingga "
        "soal dianulir pada SKD simulasi dan pilihan tersebut diganti."
    )
    return single(
        FLAWED_CODE,
        "TIU",
        "Analogi",
        MEDIUM,
        "PANAS : API = DINGIN : ...",
        correct="Es",
        wrong=(second, "Kompor", "Matahari", "Batu"),
        explanation=explanation,
    )


def flawed_revision() -> SampleQuestion:
    return _flawed_analogy(version=2)


def _tiu_practice() -> list[SampleQuestion]:
    return [
        single(
            "TO-TIU-01",
            "TIU",
            "Analogi",
            EASY,
            "PENA : MENULIS = GUNTING : ...",
            correct="Memotong",
            wrong=("Kertas", "Tajam", "Menjahit", "Kain"),
            explanation="Pena adalah alat untuk menulis; gunting adalah alat untuk memotong.",
        ),
        single(
            "TO-TIU-02",
            "TIU",
            "Sinonim",
            EASY,
            "Sinonim kata AKUNTABEL adalah ...",
            correct="dapat dipertanggungjawabkan",
            wrong=("dapat dihitung", "terbuka untuk umum", "tepat waktu", "sesuai anggaran"),
            explanation="Akuntabel berarti dapat dipertanggungjawabkan; 'terbuka untuk umum' "
            "adalah makna transparan.",
        ),
        single(
            "TO-TIU-03",
            "TIU",
            "Antonim",
            MEDIUM,
            "Lawan kata EKSPLISIT adalah ...",
            correct="implisit",
            wrong=("eksklusif", "inklusif", "terang", "rinci"),
            explanation="Eksplisit berarti tersurat (dinyatakan dengan jelas); lawannya implisit, "
            "yaitu tersirat.",
        ),
        single(
            "TO-TIU-04",
            "TIU",
            "Silogisme",
            MEDIUM,
            "Jika hujan turun, jalan di depan kantor tergenang. Hari ini jalan di depan kantor "
            "tidak tergenang. Kesimpulan yang tepat adalah ...",
            correct="Hari ini hujan tidak turun.",
            wrong=(
                "Hari ini hujan turun.",
                "Jalan di depan kantor selalu kering.",
                "Jika jalan tergenang, hujan pasti turun.",
                "Tidak dapat ditarik kesimpulan.",
            ),
            explanation="Modus tollens: jika p maka q; bukan q; jadi bukan p.",
        ),
        single(
            "TO-TIU-05",
            "TIU",
            "Penalaran analitis",
            MEDIUM,
            "Rina tiba sebelum Sari. Tono tiba setelah Sari tetapi sebelum Umar. Siapakah yang "
            "tiba ketiga?",
            correct="Tono",
            wrong=("Rina", "Sari", "Umar", "Sari dan Tono bersamaan"),
            explanation="Urutan kedatangan: Rina, Sari, Tono, Umar.",
        ),
    ]


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _distinct(answer: int, candidates: Sequence[int]) -> list[int]:
    """Four distractors: positive, different from the answer and from each other."""
    chosen: list[int] = []
    for value in candidates:
        if value > 0 and value != answer and value not in chosen:
            chosen.append(value)
    step = max(1, answer // 10)
    extra = answer + step
    while len(chosen) < 4:
        if extra not in chosen and extra != answer:
            chosen.append(extra)
        extra += step
    return chosen[:4]


Numeric = tuple[str, int, list[int], str, str]  # text, answer, distractors, explanation, topic


def _arithmetic_series(rng: random.Random) -> Numeric:
    start, step = rng.randint(3, 20), rng.randint(4, 12)
    terms = [start + index * step for index in range(5)]
    answer = terms[-1] + step
    shown = ", ".join(map(str, terms))
    return (
        f"Bilangan berikutnya dari deret {shown}, ... adalah ...",
        answer,
        _distinct(answer, [answer + 1, answer - 1, answer + step, terms[-1] + step - 2]),
        f"Setiap suku bertambah {step}; suku berikutnya {terms[-1]} + {step} = {answer}.",
        "Deret angka",
    )


def _growing_difference(rng: random.Random) -> Numeric:
    value, difference, growth = rng.randint(2, 10), rng.randint(1, 4), rng.randint(1, 3)
    terms = [value]
    for _ in range(4):
        value += difference
        terms.append(value)
        difference += growth
    answer = value + difference
    steps = ", ".join(f"+{terms[i + 1] - terms[i]}" for i in range(4))
    return (
        f"Bilangan berikutnya dari deret {', '.join(map(str, terms))}, ... adalah ...",
        answer,
        _distinct(answer, [answer - growth, answer + growth, value + difference - growth * 2]),
        f"Selisih antarsuku bertambah {growth} ({steps}); selisih berikutnya +{difference}, "
        f"jadi {value} + {difference} = {answer}.",
        "Deret angka",
    )


def _times_plus(rng: random.Random) -> Numeric:
    value, factor, add = rng.randint(1, 5), rng.choice([2, 3]), rng.randint(1, 3)
    terms = [value]
    for _ in range(4):
        value = value * factor + add
        terms.append(value)
    answer = value * factor + add
    return (
        f"Bilangan berikutnya dari deret {', '.join(map(str, terms))}, ... adalah ...",
        answer,
        _distinct(answer, [value * factor, answer + add, value * factor - add, answer - 1]),
        f"Setiap suku adalah suku sebelumnya dikali {factor} lalu ditambah {add}: "
        f"{value} × {factor} + {add} = {answer}.",
        "Deret angka",
    )


def _discount(rng: random.Random) -> Numeric:
    price = rng.choice([1_200_000, 1_600_000, 2_400_000, 3_200_000])
    percent = rng.choice([10, 15, 20, 25])
    answer = price * (100 - percent) // 100
    cut = price * percent // 100
    text = (
        f"Sebuah printer untuk kantor kelurahan berharga {_rupiah(price)} dan mendapat potongan "
        f"{percent}%. Harga yang harus dibayar adalah ..."
    )
    return (
        text,
        answer,
        _distinct(answer, [price - percent * 10_000, cut, answer - cut // 2, price - cut // 2]),
        f"Potongan {percent}% × {_rupiah(price)} = {_rupiah(cut)}; "
        f"{_rupiah(price)} − {_rupiah(cut)} = {_rupiah(answer)}.",
        "Aritmetika sosial",
    )


def _workers(rng: random.Random) -> Numeric:
    workers, days = rng.choice([(6, 10), (8, 15), (10, 12), (12, 10), (9, 20)])
    more = next(n for n in range(workers + 1, workers * 3) if workers * days % n == 0)
    answer = workers * days // more
    text = (
        f"Sebuah pekerjaan pengarsipan dapat diselesaikan {workers} orang dalam {days} hari. "
        f"Jika dikerjakan {more} orang dengan kecepatan kerja yang sama, pekerjaan itu selesai "
        "dalam ... hari."
    )
    return (
        text,
        answer,
        _distinct(
            answer, [days * more // workers, days - (more - workers), answer + 2, answer - 1]
        ),
        f"Perbandingan berbalik nilai: {workers} × {days} = {workers * days} hari-orang; "
        f"{workers * days} : {more} = {answer} hari.",
        "Perbandingan",
    )


def _average(rng: random.Random) -> Numeric:
    count, mean = rng.randint(4, 6), rng.randint(70, 80)
    # The newcomer's score stays within 0–100.
    rise = rng.randint(1, min(3, (100 - mean) // (count + 1)))
    newcomer = mean + (count + 1) * rise
    answer = mean + rise
    text = (
        f"Rata-rata nilai {count} peserta pelatihan adalah {mean}. Setelah nilai seorang "
        f"peserta susulan ditambahkan, rata-ratanya menjadi {answer}. Nilai peserta susulan "
        "itu adalah ..."
    )
    return (
        text,
        newcomer,
        _distinct(newcomer, [answer + rise, mean + count * rise, newcomer - rise, newcomer + 2]),
        f"Jumlah nilai baru {count + 1} × {answer} = {(count + 1) * answer}; jumlah lama "
        f"{count} × {mean} = {count * mean}; selisihnya {newcomer}.",
        "Statistika sederhana",
    )


GENERATORS: tuple[Callable[[random.Random], Numeric], ...] = (
    _arithmetic_series,
    _growing_difference,
    _times_plus,
    _discount,
    _workers,
    _average,
)


def numeric(
    prefix: str, *, count: int, seed: int, first: int, digits: int, offset: int = 0
) -> list[SampleQuestion]:
    """`count` numeric TIU items coded `prefix`<n> from `first`, one per generator in turn
    (starting at generator `offset`)."""
    rng = random.Random(seed)  # noqa: S311 (sample data, not a secret)
    questions = []
    for index in range(count):
        generator = GENERATORS[(index + offset) % len(GENERATORS)]
        text, answer, wrong, explanation, topic = generator(rng)
        money = generator is _discount
        shown = _rupiah if money else str
        questions.append(
            single(
                f"{prefix}{first + index:0{digits}d}",
                "TIU",
                topic,
                HARD if generator in (_times_plus, _average) else MEDIUM,
                text,
                correct=shown(answer),
                wrong=[shown(value) for value in wrong],
                explanation=explanation,
            )
        )
    return questions


# --- TKP: pelayanan publik, jejaring kerja, sosial budaya, TIK, profesionalisme, anti-radikalisme


def _tkp_exam() -> list[SampleQuestion]:
    return [
        weighted(
            "TKP-001",
            "TKP",
            "Pelayanan publik",
            "Sepuluh menit sebelum loket tutup, seorang warga lanjut usia datang mengurus "
            "dokumen dengan berkas yang belum lengkap. Sikap Anda ...",
            (
                (
                    "Menjelaskan dengan ramah berkas yang kurang, mencatatkan daftarnya, dan "
                    "memproses berkas yang sudah ada agar ia tidak perlu mengulang dari awal",
                    5,
                ),
                (
                    "Menjelaskan berkas yang kurang dan memintanya datang lagi besok pagi dengan "
                    "berkas lengkap",
                    4,
                ),
                ("Memintanya menunggu rekan yang biasa menangani dokumen seperti itu", 3),
                ("Menerima berkas apa adanya tanpa menyebutkan kekurangannya", 2),
                ("Menolaknya karena jam layanan hampir berakhir", 1),
            ),
            explanation="Pelayanan prima: tetap melayani dalam jam layanan, memberi informasi "
            "yang jelas, dan meringankan beban warga tanpa melanggar ketentuan.",
        ),
        weighted(
            "TKP-002",
            "TKP",
            "Jejaring kerja",
            "Anda menyusun laporan bersama yang memerlukan data dari unit lain, tetapi data "
            "itu sering terlambat dikirim. Sikap Anda ...",
            (
                (
                    "Menemui penanggung jawab data di unit itu, menyepakati jadwal dan format "
                    "pengiriman, lalu mengingatkan menjelang tenggat",
                    5,
                ),
                ("Mengirim surat resmi berisi tenggat pengiriman data", 4),
                ("Melaporkan keterlambatan itu kepada atasan setiap kali terjadi", 3),
                ("Menggunakan data tahun lalu agar laporan tetap selesai", 2),
                ("Menyelesaikan laporan tanpa bagian dari unit tersebut", 1),
            ),
            explanation="Jejaring kerja yang baik dibangun dengan komunikasi langsung dan "
            "kesepakatan bersama, bukan sekadar menyalahkan atau mengakali data.",
        ),
        weighted(
            "TKP-003",
            "TKP",
            "Sosial budaya",
            "Rekan kerja baru berasal dari daerah lain dengan logat yang berbeda, dan beberapa "
            "rekan sering menertawakan cara bicaranya. Sikap Anda ...",
            (
                (
                    "Mengajaknya terlibat dalam kegiatan tim dan mengingatkan rekan lain dengan "
                    "baik bahwa candaan itu tidak pantas",
                    5,
                ),
                ("Bersikap ramah kepadanya tanpa menanggapi candaan rekan lain", 4),
                ("Menyarankannya belajar logat setempat agar tidak ditertawakan", 3),
                ("Diam saja karena candaan itu tidak ditujukan kepada Anda", 2),
                ("Ikut tertawa agar suasana kerja tetap cair", 1),
            ),
            explanation="Menghargai keberagaman berarti menerima perbedaan dan ikut menjaga "
            "lingkungan kerja yang bebas dari perundungan.",
        ),
        weighted(
            "TKP-004",
            "TKP",
            "Teknologi informasi dan komunikasi",
            "Anda menerima surel yang mengatasnamakan bagian TI dan meminta Anda membalas dengan "
            "kata sandi akun kepegawaian karena 'ada pemeliharaan sistem'. Sikap Anda ...",
            (
                (
                    "Tidak membalas, memastikan ke bagian TI melalui saluran resmi, dan "
                    "melaporkan surel itu sebagai upaya penipuan",
                    5,
                ),
                ("Menghapus surel itu dan segera mengganti kata sandi", 4),
                ("Menanyakan kepada rekan apakah mereka menerima surel yang sama", 3),
                ("Membalas dan menanyakan alasan permintaan kata sandi", 2),
                ("Mengirim kata sandi karena surel berasal dari bagian TI", 1),
            ),
            explanation="Permintaan kata sandi melalui surel adalah ciri phishing. Konfirmasi "
            "lewat saluran resmi dan pelaporan melindungi rekan lain juga.",
        ),
        weighted(
            "TKP-005",
            "TKP",
            "Profesionalisme",
            "Pimpinan meminta laporan diserahkan hari ini, tetapi Anda menemukan kesalahan data "
            "yang memerlukan waktu tambahan untuk diperbaiki. Sikap Anda ...",
            (
                (
                    "Segera memberi tahu pimpinan, menyerahkan bagian yang sudah benar, dan "
                    "menyampaikan jadwal perbaikan bagian yang salah",
                    5,
                ),
                ("Lembur untuk memperbaiki seluruh data agar selesai hari ini", 4),
                ("Meminta rekan membantu memperbaiki data", 3),
                ("Menyerahkan laporan tepat waktu dan memperbaikinya diam-diam kemudian", 2),
                ("Menyerahkan laporan apa adanya karena tenggat lebih penting", 1),
            ),
            explanation="Profesionalisme berarti terbuka tentang masalah mutu dan tetap "
            "bertanggung jawab atas hasil, bukan menyembunyikan kesalahan.",
        ),
        weighted(
            "TKP-006",
            "TKP",
            "Anti-radikalisme",
            "Di grup percakapan kantor, seorang rekan membagikan tautan yang mengajak menolak "
            "Pancasila sebagai dasar negara. Sikap Anda ...",
            (
                (
                    "Mengingatkannya secara pribadi, tidak ikut menyebarkan tautan itu, dan "
                    "melaporkannya kepada atasan sesuai ketentuan",
                    5,
                ),
                ("Menanggapi di grup bahwa Pancasila adalah dasar negara yang final", 4),
                ("Keluar dari grup percakapan tersebut", 3),
                ("Mengabaikannya karena itu urusan pribadi rekan tersebut", 2),
                ("Membuka tautan itu dan meneruskannya untuk didiskusikan", 1),
            ),
            explanation="ASN wajib setia kepada Pancasila dan UUD 1945. Paham yang menolak "
            "Pancasila dicegah dengan menghentikan penyebarannya dan menempuh jalur resmi.",
        ),
        weighted(
            "TKP-007",
            "TKP",
            "Pelayanan publik",
            "Seorang warga mengeluh di media sosial bahwa pelayanan di unit Anda lambat, dan "
            "unggahannya ramai ditanggapi. Sikap Anda ...",
            (
                (
                    "Menanggapi melalui kanal resmi, meminta data layanannya untuk ditelusuri, "
                    "dan menyampaikan hasil perbaikannya",
                    5,
                ),
                ("Melaporkan keluhan itu kepada atasan untuk ditindaklanjuti", 4),
                ("Menunggu apakah keluhan itu juga masuk ke kanal pengaduan resmi", 3),
                ("Membalas dengan menjelaskan bahwa unit Anda kekurangan pegawai", 2),
                ("Meminta warga itu menghapus unggahannya", 1),
            ),
            explanation="Keluhan adalah masukan perbaikan. Tanggapan resmi yang cepat dan "
            "tindak lanjut nyata memulihkan kepercayaan masyarakat.",
        ),
        weighted(
            "TKP-008",
            "TKP",
            "Profesionalisme",
            "Seorang kerabat yang sedang mengikuti seleksi CPNS meminta Anda, pegawai BKPSDM, "
            "memberi tahu soal-soal yang akan diujikan. Sikap Anda ...",
            (
                (
                    "Menolak dengan tegas, menjelaskan bahwa itu melanggar aturan, dan "
                    "menyarankannya berlatih dengan tryout resmi",
                    5,
                ),
                ("Menolak dan menyatakan konflik kepentingan Anda kepada panitia", 4),
                ("Menolak tanpa penjelasan lebih lanjut", 3),
                ("Memberikan kisi-kisi umum yang menurut Anda tidak rahasia", 2),
                ("Memberikan sebagian soal karena ia keluarga sendiri", 1),
            ),
            explanation="Kerahasiaan soal dan netralitas adalah bagian dari sistem merit. "
            "Mengarahkan kerabat ke bahan latihan resmi tetap membantu tanpa melanggar aturan.",
        ),
        weighted(
            "TKP-009",
            "TKP",
            "Jejaring kerja",
            "Anda ditugaskan mewakili kantor dalam rapat koordinasi lintas OPD yang membahas "
            "hal di luar bidang Anda. Sikap Anda ...",
            (
                (
                    "Mempelajari bahan rapat dan menanyakan sikap kantor kepada pihak terkait "
                    "sebelum berangkat, lalu melaporkan hasil rapat",
                    5,
                ),
                ("Hadir dan mencatat hasil rapat untuk disampaikan kepada atasan", 4),
                ("Meminta atasan menunjuk pegawai lain yang lebih memahami", 3),
                ("Hadir tanpa persiapan karena hanya sebagai perwakilan", 2),
                ("Tidak hadir karena bukan bidang Anda", 1),
            ),
            explanation="Koordinasi lintas instansi berjalan baik bila setiap perwakilan datang "
            "siap dan meneruskan hasilnya.",
        ),
        weighted(
            "TKP-010",
            "TKP",
            "Teknologi informasi dan komunikasi",
            "Kantor Anda mulai memakai aplikasi persuratan elektronik, dan beberapa rekan senior "
            "kesulitan menggunakannya. Sikap Anda ...",
            (
                (
                    "Menawarkan diri mendampingi mereka dan menyusun panduan singkat langkah "
                    "demi langkah",
                    5,
                ),
                ("Membantu bila mereka meminta bantuan", 4),
                ("Menyarankan mereka mengikuti pelatihan dari bagian TI", 3),
                ("Mengerjakan surat mereka agar pekerjaan tidak tertunda", 2),
                ("Membiarkan karena setiap orang harus belajar sendiri", 1),
            ),
            explanation="Transformasi digital berhasil bila semua pegawai dapat memakainya. "
            "Berbagi pengetahuan lebih bermanfaat daripada mengambil alih pekerjaan.",
        ),
        weighted(
            "TKP-011",
            "TKP",
            "Sosial budaya",
            "Kegiatan bakti sosial kantor dijadwalkan bertepatan dengan hari raya keagamaan yang "
            "dirayakan sebagian rekan. Sikap Anda sebagai panitia ...",
            (
                (
                    "Mengusulkan perubahan jadwal agar semua rekan dapat ikut, dengan "
                    "menanyakan pendapat mereka terlebih dahulu",
                    5,
                ),
                ("Tetap melaksanakan kegiatan dan membebaskan rekan yang merayakan", 4),
                ("Menyerahkan keputusan sepenuhnya kepada ketua panitia", 3),
                ("Melaksanakan sesuai jadwal karena sudah disepakati", 2),
                ("Mewajibkan semua rekan hadir tanpa kecuali", 1),
            ),
            explanation="Menghormati hari besar agama rekan kerja adalah wujud toleransi; "
            "kegiatan bersama sebaiknya dapat diikuti semua.",
        ),
        weighted(
            "TKP-012",
            "TKP",
            "Anti-radikalisme",
            "Seorang tetangga mulai mengajak warga menjauhi kegiatan lingkungan dan menyebarkan "
            "ujaran kebencian terhadap pemeluk agama lain. Sikap Anda ...",
            (
                (
                    "Mengajaknya berdialog bersama tokoh masyarakat dan melaporkan ujaran "
                    "kebencian itu kepada pihak berwenang bila berlanjut",
                    5,
                ),
                ("Melaporkannya kepada ketua RT", 4),
                ("Mengingatkan warga lain agar tidak terpengaruh", 3),
                ("Menjauhinya agar tidak terlibat masalah", 2),
                ("Membiarkannya karena setiap orang bebas berpendapat", 1),
            ),
            explanation="Ujaran kebencian bukan kebebasan berpendapat. Dialog dan pelaporan "
            "melalui jalur yang benar menjaga kerukunan.",
        ),
    ]


def _tkp_practice() -> list[SampleQuestion]:
    return [
        weighted(
            "TO-TKP-01",
            "TKP",
            "Pelayanan publik",
            "Sistem antrean daring di kantor Anda tiba-tiba tidak berfungsi saat layanan sedang "
            "ramai. Sikap Anda ...",
            (
                (
                    "Segera beralih ke antrean manual bernomor, mengumumkannya kepada warga, dan "
                    "melaporkan gangguan ke bagian TI",
                    5,
                ),
                ("Melaporkan gangguan ke bagian TI dan meminta warga bersabar", 4),
                ("Melayani warga yang paling dekat dengan loket lebih dahulu", 3),
                ("Menunggu sistem pulih sebelum melanjutkan pelayanan", 2),
                ("Menutup layanan hari itu", 1),
            ),
            explanation="Pelayanan tetap berjalan dengan cara cadangan yang adil dan jelas bagi "
            "warga, sambil gangguannya ditangani.",
        ),
        weighted(
            "TO-TKP-02",
            "TKP",
            "Teknologi informasi dan komunikasi",
            "Rekan dari instansi lain meminta salinan data pribadi pegawai melalui pesan singkat "
            "tanpa surat resmi. Sikap Anda ...",
            (
                (
                    "Meminta permohonan resmi beserta tujuannya, lalu memberikan data sesuai "
                    "ketentuan pelindungan data pribadi",
                    5,
                ),
                ("Menanyakan kepada atasan apakah data boleh diberikan", 4),
                ("Memberikan data yang tidak memuat NIK", 3),
                ("Memberikan data karena sesama instansi pemerintah", 2),
                ("Mengirim seluruh data melalui pesan singkat agar cepat", 1),
            ),
            explanation="Data pribadi hanya dibagikan untuk tujuan yang sah, melalui permohonan "
            "resmi, dan sebatas yang diperlukan.",
        ),
        weighted(
            "TO-TKP-03",
            "TKP",
            "Sosial budaya",
            "Anda ditempatkan di kelurahan yang sebagian besar warganya lebih nyaman berbahasa "
            "Palembang. Sikap Anda ...",
            (
                (
                    "Belajar bahasa setempat untuk berkomunikasi sehari-hari, dengan tetap "
                    "memakai bahasa Indonesia dalam urusan resmi",
                    5,
                ),
                ("Meminta rekan setempat membantu saat warga sulit dipahami", 4),
                ("Tetap memakai bahasa Indonesia dan berbicara lebih pelan", 3),
                ("Meminta warga memakai bahasa Indonesia", 2),
                ("Meminta dipindahkan ke unit lain", 1),
            ),
            explanation="Menghargai budaya setempat memudahkan pelayanan; bahasa Indonesia tetap "
            "dipakai dalam dokumen dan urusan resmi.",
        ),
        weighted(
            "TO-TKP-04",
            "TKP",
            "Teknologi informasi dan komunikasi",
            "Anda menemukan sebuah flashdisk tanpa nama di meja rapat kantor. Sikap Anda ...",
            (
                (
                    "Menyerahkannya kepada bagian TI atau bagian umum tanpa membukanya di "
                    "komputer kantor",
                    5,
                ),
                ("Mengumumkan temuan itu di grup kantor agar pemiliknya mengambil", 4),
                ("Menyimpannya sampai ada yang mencari", 3),
                ("Membukanya di komputer pribadi untuk mencari nama pemiliknya", 2),
                ("Membukanya di komputer kantor untuk melihat isinya", 1),
            ),
            explanation="Perangkat penyimpanan tak dikenal dapat membawa perangkat lunak "
            "berbahaya; jangan dihubungkan ke komputer kantor.",
        ),
        weighted(
            "TO-TKP-05",
            "TKP",
            "Profesionalisme",
            "Anda baru menyadari ada kesalahan pada data yang sudah Anda kirim ke instansi lain "
            "kemarin. Sikap Anda ...",
            (
                (
                    "Segera memberi tahu penerima, mengirim data yang benar, dan melapor kepada "
                    "atasan",
                    5,
                ),
                ("Mengirim data yang benar tanpa penjelasan panjang", 4),
                ("Menunggu apakah penerima menyadari kesalahan itu", 3),
                ("Memperbaiki data di arsip sendiri saja", 2),
                ("Membiarkannya karena data sudah terkirim", 1),
            ),
            explanation="Mengakui dan memperbaiki kesalahan secepatnya adalah wujud akuntabilitas.",
        ),
        weighted(
            "TO-TKP-06",
            "TKP",
            "Anti-radikalisme",
            "Seorang peserta magang di kantor Anda menyebarkan konten yang menyatakan kelompok "
            "agama lain sebagai musuh. Sikap Anda ...",
            (
                (
                    "Mengajaknya berdiskusi tentang bahaya konten itu, memintanya berhenti, dan "
                    "melaporkan kepada pembimbing magangnya",
                    5,
                ),
                ("Melaporkannya kepada pembimbing magang", 4),
                ("Menegurnya di depan rekan-rekan lain", 3),
                ("Menghapus konten itu dari grup tanpa berkata apa-apa", 2),
                ("Membiarkannya karena ia hanya peserta magang", 1),
            ),
            explanation="Paham intoleran dicegah sejak dini dengan dialog dan jalur resmi, "
            "bukan dipermalukan atau dibiarkan.",
        ),
        weighted(
            "TO-TKP-07",
            "TKP",
            "Pelayanan publik",
            "Seorang warga menawarkan imbalan agar permohonannya diproses lebih dahulu daripada "
            "warga lain. Sikap Anda ...",
            (
                (
                    "Menolak dengan sopan, menjelaskan urutan dan waktu layanan sesuai standar "
                    "pelayanan",
                    5,
                ),
                ("Menolak dan memintanya mengikuti antrean", 4),
                ("Menolak dan melaporkannya kepada atasan", 3),
                ("Memproses lebih dahulu tanpa menerima imbalan", 2),
                ("Menerima imbalan karena ia yang menawarkan", 1),
            ),
            explanation="Pelayanan publik harus adil dan tanpa pungutan liar; penjelasan standar "
            "pelayanan membantu warga memahami prosesnya.",
        ),
        weighted(
            "TO-TKP-08",
            "TKP",
            "Jejaring kerja",
            "Proyek bersama dua bidang tertunda karena perbedaan pendapat antara kedua kepala "
            "bidang. Sikap Anda sebagai anggota tim ...",
            (
                (
                    "Menyusun perbandingan kedua usulan berdasarkan data dan mengusulkan rapat "
                    "bersama untuk memutuskan",
                    5,
                ),
                ("Meminta atasan yang lebih tinggi memutuskan", 4),
                ("Mengerjakan bagian yang tidak diperdebatkan lebih dahulu", 3),
                ("Mengikuti pendapat kepala bidang Anda sendiri", 2),
                ("Menunggu sampai keduanya sepakat", 1),
            ),
            explanation="Kerja sama lintas unit dibantu oleh data yang jelas dan forum "
            "pengambilan keputusan bersama.",
        ),
        weighted(
            "TO-TKP-09",
            "TKP",
            "Profesionalisme",
            "Anda diberi tugas baru yang di luar keahlian Anda selama ini. Sikap Anda ...",
            (
                (
                    "Menerima tugas, mempelajari ketentuannya, dan berkonsultasi dengan rekan "
                    "yang berpengalaman",
                    5,
                ),
                ("Menerima dan meminta pelatihan terlebih dahulu", 4),
                ("Menerima dengan syarat ada rekan yang mendampingi", 3),
                ("Meminta tugas itu dialihkan kepada orang lain", 2),
                ("Menolak karena bukan keahlian Anda", 1),
            ),
            explanation="Kesediaan belajar hal baru adalah bagian dari nilai Kompeten dan Adaptif.",
        ),
        weighted(
            "TO-TKP-10",
            "TKP",
            "Sosial budaya",
            "Dalam rapat warga yang Anda fasilitasi, dua kelompok suku berbeda pendapat dengan "
            "suara makin keras. Sikap Anda ...",
            (
                (
                    "Menenangkan suasana, memberi kesempatan bicara bergantian, dan memusatkan "
                    "pembahasan pada kepentingan bersama",
                    5,
                ),
                ("Menunda rapat sampai suasana tenang", 4),
                ("Meminta tokoh masyarakat menengahi", 3),
                ("Mengikuti pendapat kelompok yang lebih banyak", 2),
                ("Menghentikan rapat dan membubarkan warga", 1),
            ),
            explanation="Fasilitator yang netral menjaga musyawarah tetap berjalan dan "
            "menghormati semua pihak.",
        ),
    ]


def skd_exam_questions(*, seed: int) -> list[SampleQuestion]:
    """The exam bank of the SKD simulation: 12 TWK, 12 TIU (5 generated), 12 TKP."""
    tiu = _tiu_exam()
    tiu += numeric("TIU-", count=12 - len(tiu), seed=seed, first=len(tiu) + 1, digits=3)
    return [*_twk_exam(), *tiu, *_tkp_exam()]


def tryout_questions(*, seed: int) -> list[SampleQuestion]:
    """The practice bank of the public tryout: 10 TWK, 10 TIU (5 generated), 10 TKP."""
    tiu = _tiu_practice()
    tiu += numeric(
        "TO-TIU-", count=10 - len(tiu), seed=seed + 1, first=len(tiu) + 1, digits=2, offset=1
    )
    return [*_twk_practice(), *tiu, *_tkp_practice()]


# --- PPPK: kompetensi teknis (single, 5/0), manajerial, sosial kultural, wawancara (1–4)


def pppk_questions() -> list[SampleQuestion]:
    """The exam bank of the PPPK competency test: 5 questions in each of its four categories."""
    return [*_pppk_technical(), *_pppk_managerial(), *_pppk_sociocultural(), *_pppk_interview()]


def _pppk_technical() -> list[SampleQuestion]:
    return [
        single(
            "TEK-001",
            "TEKNIS",
            "Pelayanan publik",
            EASY,
            "Menurut UU Nomor 25 Tahun 2009 tentang Pelayanan Publik, tolok ukur penyelenggaraan "
            "pelayanan yang menjadi janji penyelenggara kepada masyarakat disebut ...",
            correct="standar pelayanan",
            wrong=("maklumat pelayanan", "indeks kepuasan", "sistem informasi", "pengaduan"),
            explanation="Standar pelayanan adalah tolok ukur dan acuan penilaian kualitas "
            "pelayanan; maklumat pelayanan adalah pernyataan kesanggupan melaksanakannya.",
        ),
        single(
            "TEK-002",
            "TEKNIS",
            "Kearsipan",
            MEDIUM,
            "Daftar yang memuat jangka waktu penyimpanan arsip dan keterangan apakah arsip "
            "dimusnahkan, dinilai kembali, atau dipermanenkan disebut ...",
            correct="jadwal retensi arsip",
            wrong=("daftar isi berkas", "klasifikasi arsip", "tata naskah dinas", "buku agenda"),
            explanation="Jadwal retensi arsip (JRA) menentukan masa simpan dan nasib akhir arsip "
            "(UU 43/2009 tentang Kearsipan).",
        ),
        single(
            "TEK-003",
            "TEKNIS",
            "SPBE",
            MEDIUM,
            "Penyelenggaraan pemerintahan yang memanfaatkan teknologi informasi dan komunikasi "
            "untuk memberikan layanan kepada pengguna SPBE disebut ...",
            correct="Sistem Pemerintahan Berbasis Elektronik",
            wrong=(
                "Sistem Pelayanan Berbasis Elektronik",
                "Satu Data Indonesia",
                "Sistem Informasi Manajemen Kepegawaian",
                "Pemerintahan Terbuka",
            ),
            explanation="SPBE diatur dalam Perpres 95/2018; layanannya meliputi layanan "
            "administrasi pemerintahan dan layanan publik berbasis elektronik.",
        ),
        single(
            "TEK-004",
            "TEKNIS",
            "Keamanan informasi",
            EASY,
            "Praktik yang paling tepat untuk melindungi akun aplikasi kepegawaian adalah ...",
            correct="memakai kata sandi yang kuat dan berbeda untuk setiap aplikasi",
            wrong=(
                "memakai tanggal lahir sebagai kata sandi agar mudah diingat",
                "menyimpan kata sandi di catatan yang ditempel di monitor",
                "memakai satu kata sandi untuk semua aplikasi kantor",
                "meminjamkan akun kepada rekan yang dipercaya",
            ),
            explanation="Kata sandi kuat dan unik mencegah satu kebocoran membuka akun lain; akun "
            "bersifat pribadi dan tidak dipinjamkan.",
        ),
        single(
            "TEK-005",
            "TEKNIS",
            "Tata naskah dinas",
            MEDIUM,
            "Naskah dinas internal yang dibuat pejabat untuk menyampaikan hal kedinasan kepada "
            "pejabat lain dalam satu instansi disebut ...",
            correct="nota dinas",
            wrong=("surat edaran", "surat kuasa", "berita acara", "surat keterangan"),
            explanation="Nota dinas bersifat internal antarpejabat; surat edaran memberitahukan "
            "hal tertentu yang dianggap mendesak kepada banyak pihak.",
        ),
    ]


def _pppk_managerial() -> list[SampleQuestion]:
    return [
        weighted(
            "MAN-001",
            "MANAJERIAL",
            "Integritas",
            "Atasan meminta Anda menandatangani daftar hadir kegiatan yang tidak Anda ikuti agar "
            "laporan pertanggungjawaban lengkap. Sikap Anda ...",
            (
                ("Menolak dengan sopan dan menjelaskan bahwa itu tidak sesuai kenyataan", 4),
                ("Menolak dan menyarankan laporan memuat peserta yang benar-benar hadir", 3),
                ("Menandatangani dengan catatan bahwa Anda tidak hadir", 2),
                ("Menandatangani karena diminta atasan", 1),
            ),
            explanation="Integritas berarti bertindak jujur dan konsisten dengan aturan meskipun "
            "ada tekanan dari atasan.",
        ),
        weighted(
            "MAN-002",
            "MANAJERIAL",
            "Kerja sama",
            "Tim Anda harus menyelesaikan pekerjaan besar, tetapi seorang anggota jarang "
            "berkontribusi. Sikap Anda ...",
            (
                ("Membicarakannya langsung, membagi tugas yang jelas, dan memantau bersama", 4),
                ("Melaporkannya kepada ketua tim", 3),
                ("Mengerjakan bagiannya agar pekerjaan tetap selesai", 2),
                ("Membiarkannya karena bukan tanggung jawab Anda", 1),
            ),
            explanation="Kerja sama yang efektif dibangun dengan kejelasan peran dan komunikasi "
            "langsung.",
        ),
        weighted(
            "MAN-003",
            "MANAJERIAL",
            "Orientasi pada hasil",
            "Target kinerja unit Anda tertinggal pada pertengahan tahun. Sikap Anda ...",
            (
                ("Menganalisis penyebabnya dan mengusulkan langkah perbaikan yang terukur", 4),
                ("Bekerja lebih lama setiap hari untuk mengejar target", 3),
                ("Menunggu arahan atasan tentang langkah yang perlu diambil", 2),
                ("Mengusulkan agar target diturunkan", 1),
            ),
            explanation="Orientasi pada hasil menuntut evaluasi penyebab dan perbaikan cara "
            "kerja, bukan sekadar menambah jam kerja.",
        ),
        weighted(
            "MAN-004",
            "MANAJERIAL",
            "Mengelola perubahan",
            "Instansi Anda menerapkan prosedur kerja baru yang belum pernah Anda gunakan. "
            "Sikap Anda ...",
            (
                ("Mempelajarinya, mencobanya, dan membantu rekan yang kesulitan", 4),
                ("Mengikuti prosedur baru sesuai arahan", 3),
                ("Memakai prosedur lama sampai prosedur baru benar-benar diwajibkan", 2),
                ("Menolak karena prosedur lama sudah berjalan baik", 1),
            ),
            explanation="ASN yang adaptif menerima perubahan dan ikut membantu keberhasilannya.",
        ),
        weighted(
            "MAN-005",
            "MANAJERIAL",
            "Pengambilan keputusan",
            "Dua permintaan mendesak datang bersamaan dan Anda tidak dapat menyelesaikan "
            "keduanya hari ini. Sikap Anda ...",
            (
                (
                    "Menentukan prioritas berdasarkan dampak dan tenggat, lalu memberi tahu "
                    "pihak yang harus menunggu",
                    4,
                ),
                ("Meminta atasan menentukan mana yang didahulukan", 3),
                ("Mengerjakan permintaan yang datang lebih dahulu", 2),
                ("Mengerjakan keduanya sebagian-sebagian", 1),
            ),
            explanation="Keputusan yang baik didasarkan pada dampak dan dikomunikasikan kepada "
            "pihak yang terpengaruh.",
        ),
    ]


def _pppk_sociocultural() -> list[SampleQuestion]:
    return [
        weighted(
            "SOS-001",
            "SOSIOKULTURAL",
            "Perekat bangsa",
            "Di unit Anda ada rekan dari berbagai suku dan agama yang mulai membentuk kelompok "
            "sendiri-sendiri saat istirahat. Sikap Anda ...",
            (
                ("Mengajak semua rekan dalam kegiatan bersama, seperti makan siang bergilir", 4),
                ("Bergaul dengan semua kelompok secara bergantian", 3),
                ("Bergabung dengan kelompok yang paling dekat dengan Anda", 2),
                ("Membiarkan karena itu pilihan masing-masing", 1),
            ),
            explanation="Sebagai perekat bangsa, ASN aktif membangun kebersamaan di tengah "
            "keberagaman.",
        ),
        weighted(
            "SOS-002",
            "SOSIOKULTURAL",
            "Pelayanan kepada kelompok rentan",
            "Seorang warga penyandang disabilitas rungu datang ke loket Anda. Sikap Anda ...",
            (
                ("Berkomunikasi dengan tulisan atau gambar dengan sabar sampai urusannya jelas", 4),
                ("Meminta pendampingnya menjelaskan keperluannya", 3),
                ("Berbicara lebih keras agar ia mendengar", 2),
                ("Memintanya kembali bersama keluarga", 1),
            ),
            explanation="Pelayanan yang inklusif menyesuaikan cara komunikasi dengan kebutuhan "
            "warga.",
        ),
        weighted(
            "SOS-003",
            "SOSIOKULTURAL",
            "Toleransi",
            "Rekan Anda meminta izin meninggalkan meja sebentar untuk beribadah saat pekerjaan "
            "tim sedang padat. Sikap Anda ...",
            (
                ("Mempersilakan dan menggantikan tugasnya sementara", 4),
                ("Mempersilakan setelah ia menitipkan pekerjaannya", 3),
                ("Memintanya menunda sampai pekerjaan selesai", 2),
                ("Melarang karena pekerjaan lebih mendesak", 1),
            ),
            explanation="Menghormati kebebasan beribadah rekan adalah bagian dari toleransi di "
            "tempat kerja.",
        ),
        weighted(
            "SOS-004",
            "SOSIOKULTURAL",
            "Kearifan lokal",
            "Warga mengundang kantor Anda ke acara adat sedekah kampung di kelurahan tempat "
            "Anda bertugas. Sikap Anda ...",
            (
                ("Hadir, menghormati tata caranya, dan memanfaatkannya untuk mengenal warga", 4),
                ("Hadir sebentar mewakili kantor", 3),
                ("Mengirim ucapan terima kasih tanpa hadir", 2),
                ("Tidak menanggapi karena bukan kegiatan dinas", 1),
            ),
            explanation="Menghargai tradisi setempat mendekatkan pemerintah dengan masyarakat.",
        ),
        weighted(
            "SOS-005",
            "SOSIOKULTURAL",
            "Pengelolaan konflik",
            "Dua rekan berselisih karena salah paham soal pembagian tugas dan suasana kerja "
            "menjadi tidak nyaman. Sikap Anda ...",
            (
                ("Mempertemukan keduanya untuk meluruskan kesalahpahaman", 4),
                ("Menyarankan keduanya membicarakan masalah itu", 3),
                ("Melaporkannya kepada atasan", 2),
                ("Menghindari keduanya sampai masalah selesai", 1),
            ),
            explanation="Konflik yang dikelola dengan dialog terbuka memulihkan kerja sama tim.",
        ),
    ]


def _pppk_interview() -> list[SampleQuestion]:
    return [
        weighted(
            "WAW-001",
            "WAWANCARA",
            "Integritas",
            "Anda mengetahui rekan memakai kendaraan dinas untuk keperluan keluarga pada akhir "
            "pekan. Sikap Anda ...",
            (
                ("Mengingatkannya bahwa kendaraan dinas hanya untuk kedinasan", 4),
                ("Melaporkannya kepada atasan", 3),
                ("Membicarakannya dengan rekan lain", 2),
                ("Membiarkannya karena tidak merugikan Anda", 1),
            ),
            explanation="Barang milik negara dipakai untuk kepentingan dinas; mengingatkan rekan "
            "adalah langkah pertama yang tepat.",
        ),
        weighted(
            "WAW-002",
            "WAWANCARA",
            "Kejujuran",
            "Anda menemukan selisih uang pada kas kegiatan yang Anda kelola karena kekeliruan "
            "Anda sendiri. Sikap Anda ...",
            (
                (
                    "Melaporkannya kepada atasan dan bendahara lalu memperbaikinya sesuai prosedur",
                    4,
                ),
                ("Menutup selisih itu dengan uang pribadi dan mencatatnya", 3),
                ("Menutup selisih itu diam-diam dengan uang pribadi", 2),
                ("Membiarkan sampai ada pemeriksaan", 1),
            ),
            explanation="Kejujuran dan akuntabilitas berarti melaporkan kekeliruan dan "
            "memperbaikinya secara tercatat.",
        ),
        weighted(
            "WAW-003",
            "WAWANCARA",
            "Moralitas",
            "Seorang penyedia barang menawarkan voucer belanja menjelang hari raya kepada Anda "
            "yang menjadi anggota tim pengadaan. Sikap Anda ...",
            (
                ("Menolak dan melaporkan tawaran itu kepada unit pengendali gratifikasi", 4),
                ("Menolak dengan sopan", 3),
                ("Menerima lalu melaporkannya", 2),
                ("Menerima karena itu tradisi hari raya", 1),
            ),
            explanation="Pemberian dari penyedia yang terkait tugas adalah gratifikasi; menolak "
            "dan melapor mencegah konflik kepentingan.",
        ),
        weighted(
            "WAW-004",
            "WAWANCARA",
            "Tanggung jawab",
            "Pekerjaan yang menjadi tanggung jawab Anda gagal diselesaikan tepat waktu karena "
            "rekan satu tim terlambat. Sikap Anda ...",
            (
                ("Mengakui keterlambatan dan menyampaikan rencana penyelesaiannya", 4),
                ("Menjelaskan penyebab keterlambatan kepada atasan", 3),
                ("Meminta rekan itu menjelaskan sendiri kepada atasan", 2),
                ("Menyatakan bahwa itu kesalahan rekan Anda", 1),
            ),
            explanation="Bertanggung jawab berarti tidak melempar kesalahan dan fokus pada "
            "penyelesaian.",
        ),
        weighted(
            "WAW-005",
            "WAWANCARA",
            "Netralitas",
            "Menjelang pemilihan kepala daerah, rekan mengajak Anda ikut kampanye salah satu "
            "pasangan calon. Sikap Anda ...",
            (
                ("Menolak dan mengingatkan kewajiban netralitas ASN", 4),
                ("Menolak tanpa penjelasan", 3),
                ("Hadir tanpa memakai atribut kampanye", 2),
                ("Ikut karena di luar jam kerja", 1),
            ),
            explanation="ASN wajib netral dalam pemilihan; menghadiri kampanye termasuk yang "
            "dilarang.",
        ),
    ]

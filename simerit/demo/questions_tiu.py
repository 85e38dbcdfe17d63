"""TIU sample questions written by hand: verbal (analogy, synonym, antonym) and logic, for the SKD
simulation's exam bank (with its flawed item) and the tryout's practice bank. The numeric TIU
items are generated (questions_generated)."""

from simerit.demo.questions import EASY, HARD, MEDIUM, SampleQuestion, single

# The flawed item of the demo exam: two options fit the analogy. It is served, annulled after
# the exam (credited to everyone), then revised as version 2.
FLAWED_CODE = "TIU-002"
FLAWED_FIX = "Kain"  # version 2's replacement of the second defensible option


def tiu_exam() -> list[SampleQuestion]:
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


def tiu_practice() -> list[SampleQuestion]:
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

"""The PPPK sample questions: kompetensi teknis (single, 5/0), manajerial, sosial kultural and
wawancara (1–4), for the exam bank of the PPPK competency test (written through
exams.services.questions)."""

from simerit.demo.questions import EASY, MEDIUM, SampleQuestion, single, weighted


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

"""TKP sample questions: pelayanan publik, jejaring kerja, sosial budaya, TIK, profesionalisme,
anti-radikalisme; for the SKD simulation's exam bank and the tryout's practice bank."""

from simerit.demo.questions import SampleQuestion, weighted


def tkp_exam() -> list[SampleQuestion]:
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


def tkp_practice() -> list[SampleQuestion]:
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

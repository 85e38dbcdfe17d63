"""The demo's SKB rubrics: what the assessors score against and what a demo viewer reads.

- A case simulation for the health formasi (perawat, bidan, dokter of the puskesmas): a child in
  the critical phase of dengue, in compensated shock, brought to the puskesmas. The candidate
  has to see the shock behind a fever that has just gone down, act in the first 15 minutes,
  report to the doctor (SBAR), talk to the mother and prepare the referral.
- A practical test for the Pranata Komputer formasi: a web application of the kepegawaian
  service down because its disk filled with debug logs.

Four criteria each, with weights and a behavioural anchor for every level 1–5 (§3.1, §3.3). The
fluid therapy is left to "the protocol and the doctor's instruction" on purpose: the rubric
scores whether the candidate starts it at the right moment and by body weight, not a dose.
"""

from decimal import Decimal

from simerit.selection.models import Method
from simerit.selection.services.rubrics import CriterionInput, RubricInput

CASE_SIMULATION = RubricInput(
    name="Simulasi kasus: anak dengan syok dengue di puskesmas",
    method=Method.CASE_SIMULATION,
    min_level=1,
    max_level=5,
    description=(
        "Peserta menerima materi kasus dan mengerjakannya sendiri selama 20 menit: 10 menit "
        "menuliskan pengkajian dan rencana tindakan, lalu 10 menit memperagakan laporan SBAR "
        "kepada asesor yang berperan sebagai dokter jaga dan penjelasan kepada ibu pasien. "
        "Asesor menilai sendiri-sendiri tanpa berdiskusi, hanya dari yang ditulis, diucapkan "
        "dan diperagakan peserta. Pilih tingkat yang jangkar perilakunya paling sesuai dan "
        "tuliskan buktinya (kutipan atau tindakan peserta) pada catatan kriteria.\n\n"
        "Kunci untuk asesor: anak berada pada fase kritis demam berdarah dengue (demam turun pada "
        "hari ke-4) dengan tanda bahaya dan syok terkompensasi: tekanan nadi 16 mmHg (≤ 20), "
        "waktu pengisian kapiler 3 detik, akral dingin, nadi cepat dan lemah, tidak buang air "
        "kecil sekitar 12 jam, hematokrit naik 25 % dengan trombosit turun. Prioritas triase "
        "merah. Tindakan awal: baringkan, beri oksigen, pasang akses intravena dan ambil darah "
        "untuk hematokrit sebelum cairan, mulai cairan kristaloid isotonik menurut protokol syok "
        "dengue anak (dihitung dari berat badan 16 kg) atas instruksi dokter, pantau tanda vital "
        "dan produksi urine, hindari obat antiinflamasi nonsteroid, aspirin dan suntikan "
        "intramuskular, lalu rujuk ke rumah sakit dengan perawatan intensif anak."
    ),
    case_material=(
        "Puskesmas Dempo, Palembang, pukul 10.15. Seorang ibu datang menggendong anaknya, "
        "Dimas, 4 tahun, berat badan 16 kg. Dimas demam tinggi sejak empat hari lalu dan sudah "
        "diberi parasetamol sirup. Sejak tadi pagi demamnya turun, tetapi Dimas mengeluh sakit "
        "perut, muntah tiga kali, tidak mau minum, dan tampak lemas serta mengantuk. Terakhir "
        "buang air kecil tadi malam. Dua anak tetangga dirawat karena demam berdarah minggu "
        "lalu.\n\n"
        "Pemeriksaan: anak apatis; akral dingin dan lembap; waktu pengisian kapiler 3 detik; "
        "nadi 140 kali/menit, teraba lemah; tekanan darah 96/80 mmHg; napas 30 kali/menit; suhu "
        "36,8 °C; saturasi oksigen 96 %. Tampak bintik perdarahan (petekie) di kedua lengan dan "
        "tungkai; hati teraba 2 cm di bawah lengkung iga kanan dan nyeri tekan. Laboratorium "
        "puskesmas: hematokrit 45 % (dua hari lalu 36 %), trombosit 58.000/µL; NS1 positif dua "
        "hari lalu.\n\n"
        "Tugas Anda: (1) sebutkan temuan yang menunjukkan kegawatan dan apa artinya; "
        "(2) tetapkan prioritas triase dan tindakan dalam 15 menit pertama sesuai kewenangan "
        "jabatan Anda dan protokol puskesmas; (3) laporkan keadaan pasien kepada dokter jaga "
        "dengan format SBAR, lalu jelaskan keadaan dan rencananya kepada ibu; (4) rencanakan "
        "pemantauan sampai pasien dirujuk."
    ),
    criteria=(
        CriterionInput(
            name="Pengkajian dan pengenalan tanda bahaya",
            weight=Decimal(30),
            description=(
                "Mengenali fase kritis demam berdarah dengue, tanda bahaya dan tanda syok "
                "terkompensasi dari anamnesis, pemeriksaan fisik dan laboratorium."
            ),
            anchors={
                1: "Menganggap turunnya demam sebagai tanda membaik; tidak menyebut tanda bahaya "
                "atau tanda syok; menilai anak cukup dirawat jalan.",
                2: "Menyebut satu atau dua temuan (mis. trombosit rendah, muntah) tanpa "
                "mengaitkannya dengan fase kritis atau syok; tanda sirkulasi (nadi, waktu "
                "pengisian kapiler, akral, tekanan nadi) terlewat.",
                3: "Mengenali demam berdarah dengue dengan tanda bahaya (nyeri perut, muntah, "
                "lemas, hati membesar) tetapi belum menyimpulkan syok; tekanan nadi yang sempit "
                "atau kenaikan hematokrit tidak disebut.",
                4: "Menyimpulkan syok terkompensasi pada fase kritis: menyebut tekanan nadi "
                "16 mmHg, waktu pengisian kapiler 3 detik, akral dingin, nadi cepat dan "
                "hemokonsentrasi; satu temuan pendukung (mis. tidak buang air kecil) terlewat.",
                5: "Menyimpulkan syok dengue terkompensasi pada fase kritis dengan seluruh "
                "buktinya: tekanan nadi ≤ 20 mmHg, pengisian kapiler > 2 detik, akral dingin, "
                "nadi cepat dan lemah, produksi urine berkurang, hematokrit naik lebih dari 20 % "
                "dengan trombosit turun; menyadari bahwa syok dapat memburuk dengan cepat.",
            },
        ),
        CriterionInput(
            name="Prioritas triase dan tindakan awal",
            weight=Decimal(30),
            description=(
                "Menetapkan kegawatan dan melakukan tindakan 15 menit pertama yang benar, "
                "berurutan dan sesuai kewenangan jabatan."
            ),
            anchors={
                1: "Tidak menetapkan prioritas atau menyuruh pasien menunggu antrean; rencana "
                "tindakan membahayakan (mis. memberi ibuprofen atau menyuruh pulang dengan "
                "anjuran banyak minum).",
                2: "Menyatakan pasien perlu didahulukan, tetapi tindakan awal tidak memadai: "
                "hanya cairan oral, atau menunggu dokter tanpa memasang akses intravena dan "
                "tanpa memantau tanda vital.",
                3: "Triase gawat darurat dan memasang akses intravena dengan cairan kristaloid, "
                "tetapi jumlahnya tidak dihitung dari berat badan menurut protokol, atau "
                "pengambilan darah untuk hematokrit sebelum cairan terlewat.",
                4: "Triase merah; membaringkan anak, memberi oksigen, memasang akses intravena, "
                "mengambil darah sebelum cairan, memulai kristaloid isotonik menurut protokol "
                "syok dengue anak dari berat 16 kg atas instruksi dokter; satu langkah penting "
                "terlambat.",
                5: "Semua yang disebut pada tingkat 4, dalam urutan yang tepat dan tanpa "
                "penundaan; menghindari obat antiinflamasi nonsteroid, aspirin dan suntikan "
                "intramuskular; menyiapkan langkah berikutnya bila syok tidak membaik setelah "
                "cairan pertama.",
            },
        ),
        CriterionInput(
            name="Komunikasi dan kolaborasi",
            weight=Decimal(25),
            description=(
                "Melaporkan kepada dokter dengan SBAR, menjelaskan kepada keluarga dan menyiapkan "
                "rujukan bersama tim."
            ),
            anchors={
                1: "Tidak melapor kepada dokter, atau melapor tanpa data; tidak berbicara dengan "
                "ibu pasien.",
                2: "Melapor tanpa urutan sehingga data penting (tekanan darah, pengisian kapiler, "
                "hematokrit) hilang; penjelasan kepada ibu memakai istilah medis yang tidak "
                "dipahaminya.",
                3: "Situasi (S) dan latar belakang (B) dilaporkan lengkap, tetapi penilaian (A) "
                "atau permintaan (R) kabur; ibu diberi tahu anaknya harus dirawat tanpa "
                "penjelasan tentang bahaya dan rencananya.",
                4: "SBAR lengkap dan ringkas dengan permintaan yang jelas (instruksi cairan, "
                "rujukan); ibu diberi penjelasan dengan bahasa sederhana dan dimintai "
                "persetujuan tindakan; rujukan disebut tetapi belum dikoordinasikan.",
                5: "Semua yang disebut pada tingkat 4, ditambah menghubungi rumah sakit rujukan "
                "dengan ringkasan klinis, memastikan anak dirujuk dengan infus berjalan dan "
                "didampingi petugas, dan memeriksa pemahaman ibu dengan memintanya mengulang "
                "penjelasan.",
            },
        ),
        CriterionInput(
            name="Keselamatan pasien dan dokumentasi",
            weight=Decimal(15),
            description=(
                "Identifikasi, pemantauan dan pencatatan yang menjaga anak tetap aman sampai "
                "diserahterimakan kepada petugas rujukan."
            ),
            anchors={
                1: "Tidak merencanakan pemantauan dan tidak mencatat tindakan.",
                2: "Pemantauan disebut tanpa jenis dan frekuensinya; pencatatan baru dibuat di "
                "akhir.",
                3: "Memantau tanda vital secara berkala, tetapi produksi urine dan hematokrit "
                "ulang tidak direncanakan; catatan tidak mencantumkan jam.",
                4: "Memantau tanda vital dan pengisian kapiler tiap 15 menit, produksi urine dan "
                "tanda perdarahan; mencatat setiap tindakan dengan jamnya; memastikan identitas "
                "pasien sebelum tindakan.",
                5: "Semua yang disebut pada tingkat 4, ditambah batas kapan harus segera melapor "
                "(tekanan nadi makin sempit, pengisian kapiler memanjang, kesadaran menurun) dan "
                "serah terima tertulis kepada petugas rujukan.",
            },
        ),
    ),
)

PRACTICAL_TEST = RubricInput(
    name="Tes praktik kerja: memulihkan layanan aplikasi yang berhenti",
    method=Method.PRACTICAL,
    min_level=1,
    max_level=5,
    description=(
        "Peserta bekerja 45 menit di mesin virtual yang disiapkan panitia, tanpa internet selain "
        "dokumentasi resmi yang disediakan. Asesor mengamati layar peserta dan membaca riwayat "
        "terminalnya; laporan insiden dinilai dari berkas yang dikumpulkan. Asesor menilai "
        "sendiri-sendiri tanpa berdiskusi.\n\n"
        "Kunci untuk asesor: partisi /var penuh oleh berkas log aplikasi yang berjalan pada "
        "tingkat debug dan tidak pernah dirotasi; aplikasi gagal menulis lalu berhenti, sehingga "
        "nginx menjawab 502. Basis data tidak rusak."
    ),
    case_material=(
        "Pukul 07.40 pegawai melapor bahwa aplikasi layanan kepegawaian di server uji "
        'menampilkan "502 Bad Gateway". Server: Debian 12; nginx sebagai proxy; aplikasi web '
        "Python dijalankan systemd sebagai simpeg.service; basis data PostgreSQL di mesin yang "
        "sama. Anda masuk sebagai pengguna dengan hak sudo.\n\n"
        "Tugas Anda: (1) temukan penyebab gangguan; (2) pulihkan layanan tanpa mengubah atau "
        "menghapus data kepegawaian; (3) cegah gangguan yang sama terulang; (4) tulis laporan "
        "insiden singkat (paling banyak satu halaman) untuk atasan Anda."
    ),
    criteria=(
        CriterionInput(
            name="Diagnosis yang runtut",
            weight=Decimal(35),
            description="Bergerak dari gejala ke penyebab dengan bukti, bukan coba-coba.",
            anchors={
                1: "Mencoba-coba tanpa arah (mis. memasang ulang paket atau menyalakan ulang "
                "server berulang kali) dan tidak menemukan penyebab.",
                2: 'Memeriksa status layanan tetapi berhenti pada gejala ("aplikasi mati") '
                "tanpa membaca log; penyebab tidak ditemukan dalam waktu yang tersedia.",
                3: "Membaca log nginx dan systemd dan menemukan aplikasi gagal menulis berkas, "
                "tetapi baru menemukan disk penuh setelah banyak langkah yang tidak perlu.",
                4: "Runtut dari status layanan, journalctl dan log nginx sampai df/du yang "
                "menunjukkan partisi /var penuh oleh log debug; satu pemeriksaan penting (mis. "
                "keadaan basis data) terlewat.",
                5: "Runtut dan cepat seperti tingkat 4, memastikan basis data tidak rusak, dan "
                "menunjukkan bukti setiap kesimpulan (keluaran perintah yang relevan).",
            },
        ),
        CriterionInput(
            name="Pemulihan layanan yang aman",
            weight=Decimal(30),
            description="Layanan pulih tanpa kehilangan data dan tanpa melemahkan keamanan.",
            anchors={
                1: "Menghapus berkas tanpa memeriksa isinya (termasuk berkas basis data), atau "
                "layanan tetap mati.",
                2: "Layanan hidup kembali dengan cara berisiko, mis. menghapus seluruh direktori "
                "log atau mematikan pemeriksaan keamanan.",
                3: "Mengosongkan berkas log yang membesar lalu menjalankan ulang layanan; layanan "
                "pulih tetapi tidak diuji.",
                4: "Mengarsipkan dan memadatkan log lama sebelum mengosongkannya, menjalankan "
                "ulang layanan dengan systemctl, lalu menguji halaman utama dan satu transaksi "
                "baca.",
                5: "Semua yang disebut pada tingkat 4, memakai sudo hanya bila perlu, tanpa "
                "mengubah data, dan mencatat setiap perintah yang mengubah sistem.",
            },
        ),
        CriterionInput(
            name="Pencegahan",
            weight=Decimal(20),
            description="Gangguan yang sama tidak terulang dan, bila mulai terjadi, terlihat lebih awal.",
            anchors={
                1: "Tidak ada langkah pencegahan.",
                2: 'Menyarankan pencegahan umum ("disk ditambah") tanpa tindakan.',
                3: "Menurunkan tingkat log aplikasi dari debug ke info, tetapi tanpa rotasi log.",
                4: "Memasang rotasi log (logrotate) dengan batas ukuran dan jumlah arsip, "
                "menurunkan tingkat log, dan menguji konfigurasinya.",
                5: "Semua yang disebut pada tingkat 4, ditambah pemantauan ruang disk dengan "
                "ambang peringatan, dan alasan untuk setiap angka yang dipilih.",
            },
        ),
        CriterionInput(
            name="Laporan insiden",
            weight=Decimal(15),
            description="Atasan yang bukan orang teknis memahami apa yang terjadi dan langkah berikutnya.",
            anchors={
                1: "Tidak ada laporan.",
                2: "Laporan hanya menyatakan server sudah normal.",
                3: "Laporan memuat kronologi dan penyebab, tetapi dampak atau tindak lanjutnya "
                "tidak ada.",
                4: "Laporan ringkas memuat waktu, dampak bagi pengguna, penyebab, tindakan "
                "pemulihan dan pencegahan.",
                5: "Semua yang disebut pada tingkat 4, dalam bahasa yang dipahami atasan "
                "nonteknis, dengan usulan tindak lanjut yang dapat diukur.",
            },
        ),
    ),
)

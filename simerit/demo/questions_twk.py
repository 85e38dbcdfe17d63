"""TWK sample questions: Pancasila, UUD 1945, NKRI, Bhinneka Tunggal Ika, bela negara, nilai
dasar ASN; for the SKD simulation's exam bank and the tryout's practice bank."""

from simerit.demo.questions import EASY, HARD, MEDIUM, SampleQuestion, single


def twk_exam() -> list[SampleQuestion]:
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


def twk_practice() -> list[SampleQuestion]:
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

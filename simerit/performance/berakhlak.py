"""The BerAKHLAK core values and their panduan perilaku, as SE MenPANRB 20/2021 states them (domain
reference §5.6). The data migration loads them; the text is kept here once, so tests and the demo
read the same words."""

# (code, name, definition, (indicator a, indicator b, indicator c))
BERAKHLAK: tuple[tuple[str, str, str, tuple[str, str, str]], ...] = (
    (
        "1",
        "Berorientasi Pelayanan",
        "Komitmen memberikan pelayanan prima demi kepuasan masyarakat",
        (
            "Memahami dan memenuhi kebutuhan masyarakat",
            "Ramah, cekatan, solutif, dan dapat diandalkan",
            "Melakukan perbaikan tiada henti",
        ),
    ),
    (
        "2",
        "Akuntabel",
        "Bertanggung jawab atas kepercayaan yang diberikan",
        (
            "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin, dan "
            "berintegritas tinggi",
            "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan "
            "efisien",
            "Tidak menyalahgunakan kewenangan jabatan",
        ),
    ),
    (
        "3",
        "Kompeten",
        "Terus belajar dan mengembangkan kapabilitas",
        (
            "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
            "Membantu orang lain belajar",
            "Melaksanakan tugas dengan kualitas terbaik",
        ),
    ),
    (
        "4",
        "Harmonis",
        "Saling peduli dan menghargai perbedaan",
        (
            "Menghargai setiap orang apapun latar belakangnya",
            "Suka menolong orang lain",
            "Membangun lingkungan kerja yang kondusif",
        ),
    ),
    (
        "5",
        "Loyal",
        "Berdedikasi dan mengutamakan kepentingan bangsa dan negara",
        (
            "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
            "Tahun 1945, setia kepada NKRI serta pemerintahan yang sah",
            "Menjaga nama baik sesama ASN, pimpinan, instansi, dan negara",
            "Menjaga rahasia jabatan dan negara",
        ),
    ),
    (
        "6",
        "Adaptif",
        "Terus berinovasi dan antusias dalam menggerakkan ataupun menghadapi perubahan",
        (
            "Cepat menyesuaikan diri menghadapi perubahan",
            "Terus berinovasi dan mengembangkan kreativitas",
            "Bertindak proaktif",
        ),
    ),
    (
        "7",
        "Kolaboratif",
        "Membangun kerja sama yang sinergis",
        (
            "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
            "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
            "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
        ),
    ),
)

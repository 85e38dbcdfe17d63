"""The columns of the import template, and which EmployeeInput field each one fills."""

from simerit.core.spreadsheets.template import Column

COLUMNS: tuple[Column, ...] = (
    Column("jenis", "kind", True, "PNS, CPNS atau PPPK.", "PNS"),
    Column(
        "nip",
        "nip",
        True,
        "NIP (PNS/CPNS) atau NI PPPK, 18 digit, sel bertipe Teks.",
        "198609262015051001",
    ),
    Column("nik", "nik", True, "NIK sesuai KTP, 16 digit, sel bertipe Teks.", "1671012609860001"),
    Column("nama", "name", True, "Nama tanpa gelar.", "Ahmad Fauzi"),
    Column("gelar_depan", "front_title", False, "Gelar di depan nama.", "dr."),
    Column("gelar_belakang", "back_title", False, "Gelar di belakang nama.", "M.Kes."),
    Column("tempat_lahir", "birth_place", True, "Kota/kabupaten tempat lahir.", "Palembang"),
    Column(
        "tanggal_lahir", "birth_date", True, "Tanggal Excel atau teks DD-MM-YYYY.", "26-09-1986"
    ),
    Column("jenis_kelamin", "gender", True, "L (laki-laki) atau P (perempuan).", "L"),
    Column("kode_unit", "work_unit", True, "Kode unit kerja (lihat lembar Kode Unit).", "DINKES"),
    Column(
        "jabatan",
        "position",
        True,
        "Nama jabatan yang sudah terdaftar (lihat lembar Jabatan).",
        "Analis Kebijakan",
    ),
    Column(
        "kode_golongan",
        "golongan",
        False,
        "Golongan ruang, mis. III/a; wajib untuk PNS/CPNS, kosong untuk PPPK.",
        "III/a",
    ),
    Column(
        "tmt_cpns", "tmt_cpns", False, "TMT CPNS (PNS/CPNS) atau TMT PPPK; tanggal.", "01-05-2015"
    ),
    Column("tmt_pns", "tmt_pns", False, "TMT PNS; wajib untuk PNS.", "01-05-2016"),
    Column(
        "nip_atasan",
        "supervisor",
        False,
        "NIP atasan langsung yang sudah terdaftar atau ada di baris sebelumnya.",
        "197501012000031002",
    ),
)
HEADERS = tuple(column.name for column in COLUMNS)
COLUMN_FOR_FIELD = {column.field: column.name for column in COLUMNS}
TEXT_COLUMNS = frozenset({"nip", "nik", "nip_atasan"})

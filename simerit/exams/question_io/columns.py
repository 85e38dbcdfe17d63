"""The columns of a bank file: the Excel template's columns, the keys of a JSON question, the
words each cell may hold, and the limits of a file."""

from simerit.core.spreadsheets.reading import Limits
from simerit.core.spreadsheets.template import Column
from simerit.exams.models import Difficulty, Question
from simerit.exams.services.questions import OPTION_KEYS

MAX_FILE_BYTES = 5 * 1024 * 1024
# Each row is one or two audited service calls (about 10 queries); 1,000 rows stay well inside
# one request.
MAX_ROWS = 1000
SHEET_TITLE = "Soal"
JSON_FORMAT = "simerit.bank-soal"
JSON_VERSION = 1

COLUMNS: tuple[Column, ...] = (
    Column(
        "kode",
        "code",
        True,
        "Kode soal, unik dalam bank. Kode yang sudah ada di bank merevisi soal itu.",
        "TWK-0001",
    ),
    Column("kategori", "category", True, "Kode kategori (lembar Kategori).", "TWK"),
    Column(
        "tipe",
        "kind",
        True,
        "single: satu jawaban benar (isi kunci); weighted: setiap pilihan bernilai 1–5 (isi "
        "nilai_a–nilai_e). Tipe soal yang sudah ada tidak dapat diubah.",
        "single",
    ),
    Column("topik", "topic", False, "Topik atau materi soal.", "Pancasila"),
    Column(
        "kesulitan", "difficulty", False, "mudah, sedang, atau sulit; kosong: sedang.", "sedang"
    ),
    Column("teks", "text", True, "Teks soal.", "Sila pertama Pancasila berbunyi ..."),
    Column("opsi_a", "options.A.text", True, "Teks pilihan A.", "Ketuhanan Yang Maha Esa"),
    Column("opsi_b", "options.B.text", True, "Teks pilihan B.", "Persatuan Indonesia"),
    Column(
        "opsi_c",
        "options.C.text",
        False,
        "Teks pilihan C. Pilihan diisi berurutan dari A, 2–5 pilihan.",
        "Keadilan sosial",
    ),
    Column("opsi_d", "options.D.text", False, "Teks pilihan D.", ""),
    Column("opsi_e", "options.E.text", False, "Teks pilihan E.", ""),
    Column(
        "kunci",
        "answer",
        False,
        "Tipe single: huruf pilihan yang benar (A–E). Kosongkan untuk tipe weighted.",
        "A",
    ),
    *(
        Column(
            f"nilai_{key.lower()}",
            f"options.{key}.points",
            False,
            f"Tipe weighted: nilai pilihan {key} (bilangan bulat 1–5). Kosongkan untuk tipe single.",
            "",
        )
        for key in OPTION_KEYS
    ),
    Column("pembahasan", "explanation", False, "Pembahasan (ditampilkan setelah tryout).", ""),
    Column("aktif", "is_active", False, "ya atau tidak; kosong: ya.", "ya"),
)
HEADERS = tuple(column.name for column in COLUMNS)
COLUMN_FOR_FIELD = {column.field: column.name for column in COLUMNS}
TEXT_COLUMNS = ("kode", "kunci")

# The keys of one question object in a JSON file; `version`, `sha256` and `has_image` are written
# by the export for the reader and ignored by the import.
JSON_KEYS = (
    "code",
    "category",
    "kind",
    "topic",
    "difficulty",
    "active",
    "text",
    "options",
    "explanation",
    "version",
    "sha256",
    "has_image",
)
JSON_FIELD_KEYS = {"is_active": "active"}

KINDS = {
    "single": Question.Kind.SINGLE,
    "tunggal": Question.Kind.SINGLE,
    "weighted": Question.Kind.WEIGHTED,
    "berbobot": Question.Kind.WEIGHTED,
}
DIFFICULTIES = {
    **{str(label).casefold(): value for value, label in Difficulty.choices},
    **{value: value for value in Difficulty.values},
}
DIFFICULTY_WORDS = {value: str(label).lower() for value, label in Difficulty.choices}
YES = frozenset({"ya", "y", "1", "true", "aktif"})
NO = frozenset({"tidak", "t", "0", "false", "nonaktif"})


def limits() -> Limits:
    """The limits as this module sets them at the time of the call."""
    return Limits(max_rows=MAX_ROWS, max_file_bytes=MAX_FILE_BYTES)

"""Import and export of a question bank: round trips, row reports and malformed files."""

import hashlib
import io
import json

import openpyxl
import pytest

from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import RowError
from simerit.exams.models import Question, QuestionVersion
from simerit.exams.question_io import columns, exporting
from simerit.exams.question_io.columns import HEADERS
from simerit.exams.question_io.exporting import export_json, export_xlsx
from simerit.exams.question_io.importing import import_bank
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import questions as services
from simerit.exams.services.questions import OptionInput
from simerit.exams.tests.factories import QuestionBankFactory
from simerit.exams.tests.factories_bank import (
    bank_state,
    current,
    make_writer,
    refused_imports,
    sheet_row,
    single_input,
    weighted_input,
    weighted_row,
    xlsx,
)


@pytest.fixture
def writer(db):
    return make_writer()


@pytest.fixture
def bank(db):
    return QuestionBankFactory.create(name="Bank Asal")


@pytest.fixture
def filled(bank, writer):
    """A bank with a single-answer, a weighted and an inactive question; texts that a
    spreadsheet would run as formulas; a second version."""
    tricky = single_input(
        code="TIU-0001",
        category_code="TIU",
        text="=1+1 hasilnya ...",
        explanation="+62 adalah kode negara; @sel bukan rumus.",
    )
    tricky.options = [
        OptionInput("A", "-2", 0),
        OptionInput("B", '=HYPERLINK("http://contoh")', 0),
        OptionInput("C", "2", 5),
    ]
    services.create_question(bank=bank, data=tricky, actor=writer)
    twk = services.create_question(bank=bank, data=single_input(), actor=writer)
    revisions.revise_question(
        question=twk, data=single_input(text="Sila pertama berbunyi ...", correct="D"), actor=writer
    )
    services.create_question(bank=bank, data=weighted_input(points=(2, 5, 1, 4, 3)), actor=writer)
    inactive = services.create_question(
        bank=bank, data=single_input(code="TWK-0002", keys="AB", difficulty="easy"), actor=writer
    )
    revisions.set_question_active(question=inactive, is_active=False, actor=writer)
    return bank


def contents(bank):
    """Each question's code, metadata and current content hash."""
    return {
        q.code: (
            q.category.code,
            q.kind,
            q.topic,
            q.difficulty,
            q.is_active,
            current(q).sha256,
        )
        for q in Question.objects.filter(bank=bank).select_related("category", "current_version")
    }


# --- round trips


@pytest.mark.parametrize("export", [export_xlsx, export_json])
def test_export_then_import_into_an_empty_bank_gives_the_same_questions(filled, writer, export):
    target = QuestionBankFactory.create(name="Bank Tujuan")
    report = import_bank(export(filled), bank=target, user=writer, file_name="ekspor")
    assert report.stored is True
    assert report.counts == {"created": 4, "revised": 0, "updated": 0, "unchanged": 0, "error": 0}
    assert contents(target) == contents(filled)
    versions = QuestionVersion.objects.filter(question__bank=target)
    assert set(versions.values_list("number", flat=True)) == {1}


@pytest.mark.parametrize("export", [export_xlsx, export_json])
def test_importing_an_export_back_into_its_bank_changes_nothing(filled, writer, export):
    content = export(filled)
    versions = QuestionVersion.objects.count()
    audit = AuditEvent.objects.count()
    report = import_bank(content, bank=filled, user=writer)
    assert report.stored is True
    assert [row.label for row in report.rows] == ["tidak berubah"] * 4
    assert report.summary == "Impor selesai: 4 tidak berubah."
    assert QuestionVersion.objects.count() == versions
    assert AuditEvent.objects.count() == audit + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert event.action == "exams.bank.imported"
    assert (event.changes["unchanged"], event.changes["created"], event.changes["rows"]) == (
        4,
        0,
        4,
    )


def test_export_xlsx_writes_text_cells_that_never_become_formulas(filled):
    workbook = openpyxl.load_workbook(io.BytesIO(export_xlsx(filled)))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(HEADERS)
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    tricky = {HEADERS[index]: cell for index, cell in enumerate(rows["TIU-0001"])}
    for name in ("teks", "opsi_a", "opsi_b", "pembahasan"):
        assert tricky[name].data_type == "s"
        assert tricky[name].quotePrefix is True
    assert tricky["opsi_b"].value == '=HYPERLINK("http://contoh")'
    assert (tricky["kunci"].value, tricky["nilai_a"].value) == ("C", None)
    weighted = {HEADERS[index]: cell.value for index, cell in enumerate(rows["TKP-0001"])}
    assert [weighted[f"nilai_{key}"] for key in "abcde"] == [2, 5, 1, 4, 3]
    assert (weighted["kunci"], weighted["aktif"], weighted["kesulitan"]) == (None, "ya", "sedang")
    inactive = {HEADERS[index]: cell.value for index, cell in enumerate(rows["TWK-0002"])}
    assert (inactive["aktif"], inactive["kesulitan"], inactive["opsi_c"]) == (
        "tidak",
        "mudah",
        None,
    )


def test_export_json_is_the_documented_document(filled):
    document = json.loads(export_json(filled))
    assert document["format"] == "simerit.bank-soal"
    assert document["bank"] == {"name": "Bank Asal", "purpose": "exam", "description": ""}
    twk = next(item for item in document["questions"] if item["code"] == "TWK-0001")
    assert (twk["version"], twk["kind"], twk["active"], twk["has_image"]) == (
        2,
        "single",
        True,
        False,
    )
    assert [o["points"] for o in twk["options"]] == [0, 0, 0, 1, 0]
    assert twk["sha256"] == current(Question.objects.get(code="TWK-0001")).sha256


# --- rows that change existing questions


def test_import_revises_updates_and_creates_by_code(bank, writer):
    services.create_question(bank=bank, data=single_input(), actor=writer)
    services.create_question(bank=bank, data=single_input(code="TWK-0002"), actor=writer)
    services.create_question(bank=bank, data=single_input(code="TWK-0003"), actor=writer)
    content = xlsx(
        [
            sheet_row(teks="Teks yang diperbaiki", opsi_c=None, opsi_d=None),
            sheet_row(
                kode="TWK-0002",
                opsi_a="Pilihan A",
                opsi_b="Pilihan B",
                opsi_c="Pilihan C",
                opsi_d="Pilihan D",
                opsi_e="Pilihan E",
                teks="Sila pertama Pancasila adalah ...",
                aktif="tidak",
                kesulitan="sulit",
            ),
            sheet_row(
                kode="TWK-0003",
                opsi_a="Pilihan A",
                opsi_b="Pilihan B",
                opsi_c="Pilihan C",
                opsi_d="Pilihan D",
                opsi_e="Pilihan E",
                teks="Sila pertama Pancasila adalah ...",
                kesulitan="sedang",
            ),
            weighted_row(),
        ]
    )
    report = import_bank(content, bank=bank, user=writer)
    assert [(row.row, row.code, row.label) for row in report.rows] == [
        (2, "TWK-0001", "direvisi (versi baru)"),
        (3, "TWK-0002", "diperbarui tanpa versi baru"),
        (4, "TWK-0003", "tidak berubah"),
        (5, "TKP-0001", "soal baru"),
    ]
    first = Question.objects.select_related("current_version").get(code="TWK-0001")
    assert (current(first).number, current(first).text) == (2, "Teks yang diperbaiki")
    assert len(current(first).options) == 2
    second = Question.objects.get(code="TWK-0002")
    assert (second.is_active, second.difficulty, second.versions.count()) == (False, "hard", 1)
    weighted = Question.objects.select_related("current_version").get(code="TKP-0001")
    assert [o["points"] for o in current(weighted).options] == [1, 2, 3, 4, 5]
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))[-5:]
    assert actions == [
        "exams.question.revised",
        "exams.question.updated",
        "exams.question.deactivated",
        "exams.question.created",
        "exams.bank.imported",
    ]


# --- rows with problems: nothing is stored


def test_one_bad_row_stores_nothing_and_every_row_is_reported(bank, writer):
    content = xlsx(
        [
            sheet_row(),
            sheet_row(kode="TWK-0002", kunci="F"),
            weighted_row(),
        ]
    )
    report = import_bank(content, bank=bank, user=writer, file_name="C:\\data\\soal.xlsx")
    assert report.stored is False
    assert [(row.row, row.status, row.label) for row in report.rows] == [
        (2, "ok", "soal baru"),
        (3, "error", "bermasalah"),
        (4, "ok", "soal baru"),
    ]
    assert report.errors == [RowError(3, "kunci", "Kunci 'F' tidak dikenal; isi satu huruf A–E.")]
    assert report.summary == "Tidak ada soal yang disimpan: 1 dari 3 baris bermasalah."
    # no question is written, yet the refused file is recorded: its identity, never its content
    assert bank_state() == (1, 0, 0, 1)
    assert refused_imports(bank) == [
        {
            "file_name": "soal.xlsx",
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
            "format": "xlsx",
            "rows": 3,
            "errors": 1,
        }
    ]


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (
            sheet_row(kategori="XYZ"),
            [
                (
                    "kategori",
                    "Kategori 'XYZ' tidak dikenal; isi kode kategori seperti TWK, TIU atau TKP.",
                )
            ],
        ),
        (sheet_row(kategori=None), [("kategori", "Kategori wajib diisi.")]),
        (
            sheet_row(tipe="esai"),
            [("tipe", "Tipe 'esai' tidak dikenal; isi single atau weighted.")],
        ),
        (sheet_row(tipe=None), [("tipe", "Tipe soal wajib diisi: single atau weighted.")]),
        (
            sheet_row(kunci=None),
            [("kunci", "Kunci jawaban wajib diisi untuk tipe single (satu huruf A–E).")],
        ),
        (
            sheet_row(kunci="D"),
            [("opsi_d", "Teks pilihan D wajib diisi.")],
        ),
        (
            sheet_row(nilai_a=5),
            [("nilai_a", "Untuk tipe single, kosongkan kolom nilai; isi huruf jawaban di kunci.")],
        ),
        (
            weighted_row(kunci="A"),
            [
                (
                    "kunci",
                    "Untuk tipe weighted, kosongkan kolom kunci; isi nilai setiap pilihan di "
                    "nilai_a–nilai_e.",
                )
            ],
        ),
        (
            weighted_row(nilai_c=None),
            [("nilai_c", "Nilai pilihan C wajib diisi (bilangan bulat 1–5).")],
        ),
        (
            weighted_row(nilai_c="tiga", nilai_d=9),
            [
                ("nilai_c", "'tiga' bukan bilangan bulat."),
                ("nilai_d", "Nilai pilihan D harus bilangan bulat 1–5."),
            ],
        ),
        (
            sheet_row(opsi_b=None, opsi_c=None),
            [("opsi_a", "Soal harus memiliki 2–5 pilihan jawaban; saat ini 1.")],
        ),
        (
            sheet_row(opsi_b=None),
            [
                (
                    "opsi_a",
                    "Pilihan jawaban harus berurutan mulai dari A tanpa ada yang terlewat "
                    "(untuk 2 pilihan: A, B).",
                )
            ],
        ),
        (sheet_row(teks=None), [("teks", "Teks soal wajib diisi.")]),
        (sheet_row(kode=None), [("kode", "Kode soal wajib diisi.")]),
        (
            sheet_row(kesulitan="super"),
            [("kesulitan", "Kesulitan 'super' tidak dikenal; isi mudah, sedang, atau sulit.")],
        ),
        (sheet_row(aktif="mungkin"), [("aktif", "'mungkin' tidak dikenal; isi ya atau tidak.")]),
        (
            sheet_row(kategori="TKP"),
            [
                (
                    "kategori",
                    "Kategori TKP hanya menerima soal bertipe opsi berbobot (weighted); soal ini "
                    "bertipe satu jawaban benar (single).",
                )
            ],
        ),
        (
            weighted_row(kategori="tiu"),
            [
                (
                    "kategori",
                    "Kategori TIU hanya menerima soal bertipe satu jawaban benar (single); soal "
                    "ini bertipe opsi berbobot (weighted).",
                )
            ],
        ),
    ],
)
def test_bad_rows_are_reported_with_clear_messages(bank, writer, row, errors):
    report = import_bank(xlsx([row]), bank=bank, user=writer)
    assert report.stored is False
    assert [(e.column, e.message) for e in report.errors] == errors
    assert all(e.row == 2 for e in report.errors)
    assert bank_state() == (1, 0, 0, 1)
    assert [(event["rows"], event["errors"]) for event in refused_imports(bank)] == [
        (1, len(errors))
    ]


def test_messages_quote_at_most_sixty_characters_of_a_cell(bank, writer):
    long = "X" * 5000
    row = sheet_row(kategori=long, tipe=long, kesulitan=long, aktif=long, kode=long)

    report = import_bank(xlsx([row]), bank=bank, user=writer)

    quoted = "X" * 59 + "…"
    assert [(e.column, e.message) for e in report.errors] == [
        ("kode", "Kode soal paling banyak 40 karakter."),
        (
            "kategori",
            f"Kategori '{quoted}' tidak dikenal; isi kode kategori seperti TWK, TIU atau TKP.",
        ),
        ("tipe", f"Tipe '{quoted}' tidak dikenal; isi single atau weighted."),
        ("kesulitan", f"Kesulitan '{quoted}' tidak dikenal; isi mudah, sedang, atau sulit."),
        ("aktif", f"'{quoted}' tidak dikenal; isi ya atau tidak."),
    ]
    assert report.rows[0].code == quoted


def test_a_json_question_with_many_unknown_keys_or_options_gets_a_bounded_report(bank, writer):
    item = {
        "code": "TWK-1",
        "category": "TWK",
        "kind": "single",
        "text": "T",
        "options": [{"key": "A", "text": "a", "points": 1}] * 1000,
        **{f"{'k' * 100}{index}": 1 for index in range(12)},
    }

    report = import_bank(json.dumps([item]).encode(), bank=bank, user=writer)

    key = "k" * 39 + "…"
    assert [(e.column, e.message) for e in report.errors] == [
        ("options", "Soal harus memiliki 2–5 pilihan jawaban; saat ini 1000."),
        *[(key, "Kolom ini tidak dikenal.")] * 10,
        ("lainnya", f"Kolom lain yang tidak dikenal: {key}, {key}."),
    ]


def test_a_code_twice_in_the_file_is_reported_on_the_later_row(bank, writer):
    report = import_bank(xlsx([sheet_row(), sheet_row(kode="twk-0001")]), bank=bank, user=writer)
    assert report.errors == [RowError(3, "kode", "Kode TWK-0001 sama dengan kode di baris 2.")]
    assert Question.objects.count() == 0


def test_an_existing_code_with_another_kind_is_refused(bank, writer):
    services.create_question(bank=bank, data=single_input(code="TKP-0001"), actor=writer)
    before = bank_state()
    report = import_bank(xlsx([weighted_row()]), bank=bank, user=writer)
    assert report.errors == [
        RowError(
            2,
            "tipe",
            "Soal TKP-0001 sudah ada dengan tipe single; tipe soal tidak dapat diubah. Buat soal "
            "baru dengan kode lain.",
        )
    ]
    assert bank_state() == (*before[:3], before[3] + 1)


# --- malformed files


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong. Pilih berkas Excel .xlsx atau JSON yang berisi soal."),
        (
            b"kode;kategori\nTWK-1;TWK",
            "Berkas ini bukan Excel .xlsx maupun JSON. Unggah templat Excel yang sudah diisi atau "
            "berkas JSON hasil ekspor bank soal.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100,
            "Berkas ini berformat Excel lama (.xls). Simpan ulang sebagai Excel Workbook (.xlsx) "
            "lalu unggah kembali.",
        ),
        (
            b"PK\x03\x04bukan zip",
            "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain).",
        ),
        (
            b'{"questions": [',
            "Berkas JSON tidak valid (baris 1, kolom 16): periksa tanda kurung, koma dan tanda "
            "kutip.",
        ),
        (
            b'{"soal": []}',
            'Berkas JSON harus berisi objek dengan daftar "questions" (format ekspor bank soal '
            "SiMerit) atau daftar soal.",
        ),
        (b"[]", "Berkas tidak berisi soal."),
        (
            b'{"format": "lain", "questions": []}',
            "Berkas JSON berformat 'lain', bukan ekspor bank soal SiMerit.",
        ),
        (b'["\xff"]', "Berkas JSON harus berenkode UTF-8."),
    ],
)
def test_unusable_files_are_refused_as_a_whole_and_recorded(bank, writer, content, message):
    with pytest.raises(ImportFileError) as caught:
        import_bank(content, bank=bank, user=writer, file_name="soal.json")
    assert caught.value.message == message
    assert bank_state() == (1, 0, 0, 1)
    assert refused_imports(bank) == [
        {
            "file_name": "soal.json",
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
            "error": message,
        }
    ]


def test_wrong_headers_name_the_missing_and_unknown_columns(bank, writer):
    header = [name for name in HEADERS if name != "kunci"] + ["jawaban"]
    with pytest.raises(ImportFileError) as caught:
        import_bank(xlsx([sheet_row()], header=header), bank=bank, user=writer)
    assert caught.value.message.startswith(
        "Baris judul (baris 1) tidak sesuai templat: kolom yang tidak ada: kunci; kolom yang "
        "tidak dikenal: jawaban."
    )
    assert Question.objects.count() == 0


def test_too_many_rows_are_refused(bank, writer, monkeypatch):
    monkeypatch.setattr(columns, "MAX_ROWS", 2)
    rows = [sheet_row(kode=f"TWK-{n}") for n in range(3)]
    with pytest.raises(ImportFileError) as caught:
        import_bank(xlsx(rows), bank=bank, user=writer)
    assert caught.value.message == (
        "Berkas berisi lebih dari 2 baris data; bagi menjadi beberapa berkas."
    )
    items = [{"code": f"TWK-{n}"} for n in range(3)]
    with pytest.raises(ImportFileError) as caught:
        import_bank(json.dumps(items).encode(), bank=bank, user=writer)
    assert caught.value.message == "Berkas berisi lebih dari 2 soal; bagi menjadi beberapa berkas."


def test_json_items_are_checked_one_by_one(bank, writer):
    items = [
        {
            "code": "TWK-0001",
            "category": "TWK",
            "kind": "single",
            "text": "Teks",
            "options": [
                {"key": "A", "text": "a", "points": 1},
                {"key": "B", "text": "b", "points": 0},
            ],
        },
        "bukan objek",
        {
            "code": "TWK-0002",
            "category": "TWK",
            "kind": "single",
            "text": 5,
            "options": [{"key": "A", "text": "a", "points": "1"}],
            "jawaban": "A",
            "active": "ya",
        },
        {"code": "TKP-1", "category": "TKP", "kind": "weighted", "text": "T", "options": {}},
    ]
    report = import_bank(json.dumps(items).encode(), bank=bank, user=writer)
    assert report.stored is False
    assert [(row.row, row.status) for row in report.rows] == [
        (1, "ok"),
        (2, "error"),
        (3, "error"),
        (4, "error"),
    ]
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "code", "Butir ini harus berupa objek JSON berisi satu soal."),
        (3, "active", "Harus bernilai true atau false."),
        (3, "text", "Harus berupa teks."),
        (3, "options", "Nilai pilihan A harus berupa bilangan bulat."),
        (3, "jawaban", "Kolom ini tidak dikenal."),
        (4, "options", "Harus berupa daftar pilihan {key, text, points}."),
    ]
    assert Question.objects.count() == 0


def test_template_workbook_has_the_import_header_and_the_category_codes(db):
    workbook = openpyxl.load_workbook(io.BytesIO(exporting.template_workbook()))
    assert workbook.sheetnames == ["Soal", "Petunjuk", "Kategori"]
    assert [cell.value for cell in workbook["Soal"][1]] == list(HEADERS)
    codes = [row[0].value for row in workbook["Kategori"].iter_rows(min_row=2)]
    assert {"TWK", "TIU", "TKP", "MANAJERIAL"} <= set(codes)


def test_import_is_refused_to_a_proctor(bank, proctor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_bank(xlsx([sheet_row()]), bank=bank, user=proctor)
    assert bank_state() == (1, 0, 0, 0)

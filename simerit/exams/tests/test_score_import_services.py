"""Import of BKN score files: a clean file is written whole, a bad row writes no result, a
malformed file stores nothing."""

import hashlib
import io
import time
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from simerit.audit.models import AuditEvent
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import RowError
from simerit.exams.models import Blueprint, ExamKind, ExamResult, ScoreImport
from simerit.exams.services import score_files
from simerit.exams.services.score_import import import_scores
from simerit.exams.tests.factories_blueprints import (
    SKD_HEADER,
    bkn_skd_blueprint,
    csv_bytes,
    make_blueprint,
    ms_application,
    xlsx_bytes,
)
from simerit.recruitment.models import Application, Track
from simerit.recruitment.tests.factories import SelectionPeriodFactory


@pytest.fixture
def blueprint(db):
    return bkn_skd_blueprint()


@pytest.fixture
def applications(blueprint):
    period = blueprint.period
    return {
        "umum": ms_application(period, number="2026-0001"),
        "cumlaude": ms_application(period, number="2026-0002", track=Track.CUMLAUDE),
        "umum2": ms_application(period, number="2026-0003"),
    }


def run(blueprint, content, actor, name="nilai-skd.csv"):
    return import_scores(blueprint=blueprint, content=content, file_name=name, actor=actor)


def stored():
    return (
        ScoreImport.objects.count(),
        ExamResult.objects.count(),
        AuditEvent.objects.filter(action__startswith="exams.").count(),
    )


# --- a clean file


def test_a_clean_csv_creates_one_result_per_row_with_its_verdict(blueprint, applications, hr_admin):
    content = csv_bytes(
        [
            ["2026-0001", 70, 85, 170],
            ["2026-0002", 60, 90, 165],
            ["2026-0003", 60, 100, 200],
        ]
    )

    outcome = run(blueprint, content, hr_admin)

    assert outcome.accepted is True
    assert outcome.errors == []
    imported = outcome.score_import
    assert (imported.file_name, imported.row_count, imported.accepted_count) == (
        "nilai-skd.csv",
        3,
        3,
    )
    results = {
        r.application.registration_number: r
        for r in ExamResult.objects.select_related("application")
    }
    umum = results["2026-0001"]
    assert (umum.kind, umum.source, umum.blueprint, umum.score_import) == (
        "skd",
        "bkn",
        blueprint,
        imported,
    )
    assert (umum.scores, umum.total, umum.passed) == ({"TWK": 70, "TIU": 85, "TKP": 170}, 325, True)
    assert umum.result_reason == "Memenuhi nilai ambang batas."
    # cumlaude: total 315 ≥ 311 and TIU 90 ≥ 85; TWK 60 does not matter on that track
    assert (results["2026-0002"].total, results["2026-0002"].passed) == (315, True)
    assert (results["2026-0003"].passed, results["2026-0003"].result_reason) == (
        False,
        "Tidak memenuhi nilai ambang batas: TWK 60 < 65.",
    )
    assert imported.report[0] == {
        "row": 2,
        "registration_number": "2026-0001",
        "status": "ok",
        "action": "created",
        "scores": {"TWK": 70, "TIU": 85, "TKP": 170},
        "total": 325,
        "passed": True,
        "messages": ["Memenuhi nilai ambang batas."],
    }


def test_each_result_and_the_import_are_audited(blueprint, applications, hr_admin):
    outcome = run(blueprint, csv_bytes([["2026-0001", 70, 85, 170]]), hr_admin)

    imported_event = AuditEvent.objects.get(action="exams.result.imported")
    assert imported_event.changes == {
        "scores": {"TWK": 70, "TIU": 85, "TKP": 170},
        "total": 325,
        "passed": True,
        "result_reason": "Memenuhi nilai ambang batas.",
    }
    file_event = AuditEvent.objects.get(action="exams.score_import.accepted")
    assert file_event.target_id == str(outcome.score_import.pk)
    assert file_event.changes["row_count"] == 1
    assert file_event.changes["accepted_count"] == 1
    assert file_event.changes["error_count"] == 0
    assert file_event.changes["sha256"] == outcome.score_import.sha256


def test_xlsx_with_nomor_pendaftaran_any_order_and_a_matching_total(
    blueprint, applications, hr_admin
):
    content = xlsx_bytes(
        [["2026-0001", 170, 325, 70, 85]],
        header=["Nomor_Pendaftaran", "tkp", "TOTAL", "twk", "TIU"],
    )

    outcome = run(blueprint, content, hr_admin, name="C:\\unduhan\\nilai.xlsx")

    assert outcome.accepted is True
    assert outcome.score_import.file_name == "nilai.xlsx"
    result = ExamResult.objects.get()
    assert (result.scores, result.total) == ({"TWK": 70, "TIU": 85, "TKP": 170}, 325)


def test_a_semicolon_csv_with_a_bom_is_read(blueprint, applications, hr_admin):
    content = "\ufeff".encode() + csv_bytes([["2026-0001", 70, 85, 170]], sep=";")
    assert run(blueprint, content, hr_admin).accepted is True
    assert ExamResult.objects.get().total == 325


def test_reimporting_a_row_updates_its_result_and_audits_the_change(
    blueprint, applications, hr_admin
):
    run(blueprint, csv_bytes([["2026-0001", 70, 85, 170]]), hr_admin)
    first = ExamResult.objects.get()

    outcome = run(
        blueprint, csv_bytes([["2026-0001", 60, 85, 170], ["2026-0003", 70, 85, 170]]), hr_admin
    )

    result = ExamResult.objects.get(pk=first.pk)
    assert (result.scores["TWK"], result.total, result.passed) == (60, 315, False)
    assert result.score_import == outcome.score_import
    assert [entry["action"] for entry in outcome.score_import.report] == ["updated", "created"]
    event = AuditEvent.objects.get(action="exams.result.reimported")
    assert event.target_id == str(result.pk)
    assert event.changes["scores"] == [
        {"TWK": 70, "TIU": 85, "TKP": 170},
        {"TWK": 60, "TIU": 85, "TKP": 170},
    ]
    assert event.changes["passed"] == [True, False]
    assert event.changes["score_import"] == outcome.score_import.pk


def test_the_same_file_again_changes_nothing(blueprint, applications, hr_admin):
    content = csv_bytes([["2026-0001", 70, 85, 170]])
    run(blueprint, content, hr_admin)
    outcome = run(blueprint, content, hr_admin)
    assert outcome.score_import.report[0]["action"] == "unchanged"
    assert AuditEvent.objects.filter(action="exams.result.reimported").exists() is False


def test_a_blueprint_without_rules_leaves_the_verdict_to_ranking(hr_admin):
    blueprint = make_blueprint(delivery=Blueprint.Delivery.BKN, sections=(("TWK", 30),))
    ms_application(blueprint.period, number="2026-0009")
    run(blueprint, csv_bytes([["2026-0009", 5]], header=["nomor_peserta", "TWK"]), hr_admin)
    result = ExamResult.objects.get()
    assert (result.passed, result.result_reason) == (
        None,
        "Tidak ada nilai ambang batas; kelulusan ditentukan peringkat.",
    )


# --- real BKN files: other spellings, extra columns, absent participants


@pytest.mark.parametrize(
    "name",
    [
        "nomor_peserta",
        "no_peserta",
        "No Peserta",
        "NO. PESERTA",
        "Nomor  Peserta",
        "nomor_pendaftaran",
        "No Pendaftaran",
        " nomor pendaftaran ",
    ],
)
def test_the_number_column_may_be_spelled_the_common_ways(blueprint, applications, hr_admin, name):
    content = csv_bytes([["2026-0001", 70, 85, 170]], header=[name, "twk", "Tiu", "TKP"])

    outcome = run(blueprint, content, hr_admin)

    assert outcome.accepted is True
    assert ExamResult.objects.get().application == applications["umum"]


def test_unknown_columns_are_ignored_and_named_as_a_warning(blueprint, applications, hr_admin):
    header = ["No", "NAMA", "No Peserta", "TWK", "TIU", "TKP", "Total", "KETERANGAN", ""]
    rows = [["1", "Ani", "2026-0001", 70, 85, 170, 325, "P/L", ""]]

    outcome = run(blueprint, xlsx_bytes(rows, header=header), hr_admin, name="bkn.xlsx")

    assert outcome.accepted is True
    report = outcome.score_import.report
    assert report[0] == {
        "row": 1,
        "registration_number": "",
        "status": "warning",
        "messages": ["Kolom yang diabaikan: No, NAMA, KETERANGAN."],
    }
    assert [(entry["row"], entry["status"], entry["action"]) for entry in report[1:]] == [
        (2, "ok", "created")
    ]
    assert (outcome.score_import.row_count, outcome.score_import.accepted_count) == (1, 1)
    assert ExamResult.objects.get().total == 325


def test_a_row_marked_absent_is_reported_absent_without_a_result(blueprint, applications, hr_admin):
    content = csv_bytes(
        [
            ["2026-0001", 70, 85, 170, ""],
            ["2026-0002", "TH", "TH", "TH", "TH"],
            ["2026-0003", " tidak  HADIR ", "", "", ""],
        ],
        header=[*SKD_HEADER, "total"],
    )

    outcome = run(blueprint, content, hr_admin)

    assert outcome.accepted is True
    assert (outcome.scored, outcome.absent) == (1, 2)
    assert [(e["registration_number"], e["status"]) for e in outcome.score_import.report] == [
        ("2026-0001", "ok"),
        ("2026-0002", "absent"),
        ("2026-0003", "absent"),
    ]
    assert outcome.score_import.report[1] == {
        "row": 3,
        "registration_number": "2026-0002",
        "status": "absent",
        "action": "",
        "messages": ["Tidak hadir"],
    }
    assert list(ExamResult.objects.values_list("application__registration_number", flat=True)) == [
        "2026-0001"
    ]
    assert (outcome.score_import.row_count, outcome.score_import.accepted_count) == (3, 3)
    event = AuditEvent.objects.get(action="exams.score_import.accepted")
    assert (event.changes["absent_count"], event.changes["error_count"]) == (2, 0)


def test_an_absent_mark_with_a_score_or_over_an_earlier_result_is_a_problem(
    blueprint, applications, hr_admin
):
    run(blueprint, csv_bytes([["2026-0003", 70, 85, 170]]), hr_admin)
    content = csv_bytes(
        [["2026-0001", "TH", 85, ""], ["2026-0002", "TH", "TH", "TH"], ["2026-0003", "TH", "", ""]]
    )

    outcome = run(blueprint, content, hr_admin)

    mark = (
        "Baris bertanda tidak hadir (TH) tidak boleh berisi nilai; kosongkan nilai atau hapus "
        "tanda TH."
    )
    assert errors_of(outcome) == [
        (2, "tiu", mark),
        (
            4,
            "nomor_peserta",
            "Lamaran 2026-0003 sudah memiliki nilai dari impor sebelumnya; tanda tidak hadir "
            "tidak dapat menggantikannya.",
        ),
    ]
    assert [entry["status"] for entry in outcome.score_import.report] == [
        "error",
        "absent",
        "error",
    ]
    assert ExamResult.objects.get().total == 325


def test_messages_quote_at_most_sixty_characters_of_a_cell(blueprint, applications, hr_admin):
    number = "9" * 5000
    outcome = run(blueprint, csv_bytes([[number, "x" * 5000, 1, 1]]), hr_admin)

    quoted = "9" * 59 + "…"
    assert errors_of(outcome) == [
        (
            2,
            "nomor_peserta",
            f"Nomor {quoted} tidak terdaftar pada periode {blueprint.period.name}.",
        ),
        (2, "twk", f"'{'x' * 59}…' bukan bilangan bulat."),
    ]
    assert outcome.score_import.report[0]["registration_number"] == quoted


# --- bad rows: nothing written, the refused file and its report recorded


def errors_of(outcome):
    return [(e.row, e.column, e.message) for e in outcome.errors]


def test_every_bad_row_is_reported_and_no_result_is_written(blueprint, applications, hr_admin):
    other_period = SelectionPeriodFactory.create()
    ms_application(other_period, number="2026-9000")
    ms_application(blueprint.period, number="2026-0004", status=Application.Status.TMS)
    content = csv_bytes(
        [
            ["2026-0001", 70, 85, 170],
            ["", 70, 85, 170],
            ["2026-0404", 70, 85, 170],
            ["2026-9000", 70, 85, 170],
            ["2026-0004", 70, 85, 170],
            ["2026-0001", 70, 85, 170],
            ["2026-0002", 151, "", "abc"],
            ["2026-0003", -1, 85, 226],
        ]
    )

    outcome = run(blueprint, content, hr_admin)

    assert outcome.accepted is False
    period = blueprint.period.name
    assert errors_of(outcome) == [
        (3, "nomor_peserta", "Nomor peserta wajib diisi."),
        (4, "nomor_peserta", f"Nomor 2026-0404 tidak terdaftar pada periode {period}."),
        (5, "nomor_peserta", f"Nomor 2026-9000 tidak terdaftar pada periode {period}."),
        (
            6,
            "nomor_peserta",
            "Lamaran 2026-0004 berstatus Tidak memenuhi syarat (TMS); hanya pelamar yang "
            "memenuhi syarat (MS) yang dapat diberi nilai.",
        ),
        (7, "nomor_peserta", "Nomor 2026-0001 sudah ada di baris 2."),
        (8, "twk", "Nilai TWK harus 0 sampai 150."),
        (8, "tiu", "Wajib diisi."),
        (8, "tkp", "'abc' bukan bilangan bulat."),
        (9, "twk", "'-1' bukan bilangan bulat."),
        (9, "tkp", "Nilai TKP harus 0 sampai 225."),
    ]
    assert ExamResult.objects.exists() is False
    imported = ScoreImport.objects.get()
    assert (imported.row_count, imported.accepted_count) == (8, 0)
    assert imported.report[0] == {
        "row": 2,
        "registration_number": "2026-0001",
        "status": "ok",
        "messages": [],
    }
    assert imported.report[6] == {
        "row": 8,
        "registration_number": "2026-0002",
        "status": "error",
        "messages": [
            "TWK: Nilai TWK harus 0 sampai 150.",
            "TIU: Wajib diisi.",
            "TKP: 'abc' bukan bilangan bulat.",
        ],
    }
    event = AuditEvent.objects.get(action__startswith="exams.")
    assert event.action == "exams.score_import.refused"
    assert event.changes["error_count"] == 10


def test_a_total_that_is_not_the_sum_is_refused(blueprint, applications, hr_admin):
    content = csv_bytes(
        [["2026-0001", 70, 85, 170, 300], ["2026-0003", 70, 85, 170, ""]],
        header=["nomor_peserta", "TWK", "TIU", "TKP", "total"],
    )
    outcome = run(blueprint, content, hr_admin)
    assert errors_of(outcome) == [
        (2, "total", "Total 300 tidak sama dengan jumlah nilai subtes (325)."),
    ]
    assert ExamResult.objects.exists() is False


def test_a_result_from_cat_simerit_is_never_replaced(blueprint, applications, hr_admin):
    simerit = make_blueprint(period=blueprint.period, sections=(("TWK", 30),))
    existing = ExamResult.objects.create(
        application=applications["umum"],
        blueprint=simerit,
        kind=ExamKind.SKD,
        source=ExamResult.Source.SIMERIT,
        scores={"TWK": 100},
        total=100,
    )

    outcome = run(blueprint, csv_bytes([["2026-0001", 70, 85, 170]]), hr_admin)

    assert errors_of(outcome) == [
        (
            2,
            "nomor_peserta",
            "Lamaran 2026-0001 sudah memiliki hasil SKD dari CAT SiMerit; nilai BKN tidak dapat "
            "menggantikannya.",
        )
    ]
    existing.refresh_from_db()
    assert (existing.source, existing.total) == ("simerit", 100)


def test_a_result_of_another_bkn_blueprint_is_refused(blueprint, applications, hr_admin):
    other = bkn_skd_blueprint(period=blueprint.period)
    other.name = "SKD ulang"
    other.save()
    run(other, csv_bytes([["2026-0001", 70, 85, 170]]), hr_admin)

    outcome = run(blueprint, csv_bytes([["2026-0001", 70, 85, 170]]), hr_admin)

    assert errors_of(outcome) == [
        (
            2,
            "nomor_peserta",
            "Lamaran 2026-0001 sudah memiliki hasil SKD dari kisi-kisi lain (SKD ulang).",
        )
    ]


def test_an_excel_number_as_registration_number_is_refused(blueprint, applications, hr_admin):
    outcome = run(blueprint, xlsx_bytes([[2.0260001e17, 70, 85, 170]]), hr_admin, name="n.xlsx")
    assert errors_of(outcome) == [
        (
            2,
            "nomor_peserta",
            "Tersimpan sebagai angka sehingga digit terakhir bisa hilang; ubah format sel "
            "menjadi Teks lalu ketik ulang.",
        )
    ]


# --- malformed files: a clear message, nothing stored but the audit row of the refusal


def unreadable():
    """The changes of the `exams.score_import.unreadable` audit rows, oldest first."""
    return list(
        AuditEvent.objects.filter(action="exams.score_import.unreadable")
        .order_by("seq")
        .values_list("changes", flat=True)
    )


EXPECTED_COLUMNS = "Kolom yang benar: nomor_peserta, TWK, TIU, TKP, dan total (boleh tidak ada)."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"%PDF-1.4\x00\x01binary",
            "Berkas harus berupa CSV (teks) atau Excel .xlsx. Simpan ulang berkas nilai dari BKN "
            "dalam salah satu format itu.",
        ),
        (
            b"\xd0\xcf\x11\xe0old excel",
            "Berkas ini berformat Excel lama (.xls). Simpan ulang sebagai Excel Workbook (.xlsx) "
            "atau CSV lalu unggah kembali.",
        ),
        (
            b"PK\x03\x04not really a zip",
            "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain).",
        ),
        (
            b"nomor_peserta,TWK,TIU\n2026-0001,70,85\n",
            f"Baris judul (baris 1) tidak sesuai: kolom yang tidak ada: TKP. {EXPECTED_COLUMNS}",
        ),
        (
            b"nama,TWK,TIU,TKP,TWK\n",
            "Baris judul (baris 1) tidak sesuai: kolom nomor_peserta (atau No Peserta, "
            f"nomor_pendaftaran) tidak ada; kolom ganda: twk. {EXPECTED_COLUMNS}",
        ),
        (
            b"nomor_peserta,No Pendaftaran,TWK,TIU,TKP\n",
            "Baris judul (baris 1) tidak sesuai: isi hanya satu kolom nomor peserta. "
            + EXPECTED_COLUMNS,
        ),
        (
            b"nomor_peserta,TWK,TIU,TKP\n\n,,,\n",
            "Berkas tidak berisi baris data di bawah baris judul.",
        ),
    ],
    ids=["binary", "xls", "broken-xlsx", "missing-column", "bad-header", "two-numbers", "empty"],
)
def test_a_malformed_file_is_refused_stores_nothing_and_is_recorded(
    blueprint, applications, hr_admin, content, message
):
    with pytest.raises(ImportFileError) as caught:
        run(blueprint, content, hr_admin, name="C:\\unduhan\\nilai.csv")
    assert caught.value.message == message
    assert stored() == (0, 0, 1)
    event = AuditEvent.objects.get(action__startswith="exams.")
    assert (event.action, event.actor, event.target_id) == (
        "exams.score_import.unreadable",
        hr_admin,
        str(blueprint.pk),
    )
    assert event.changes == {
        "file_name": "nilai.csv",
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "error": message,
    }


def test_a_wrong_xlsx_header_is_refused(blueprint, applications, hr_admin):
    content = xlsx_bytes([["2026-0001", 70, 85]], header=["nomor_peserta", "TWK", "TIU"])
    with pytest.raises(ImportFileError) as caught:
        run(blueprint, content, hr_admin, name="n.xlsx")
    assert caught.value.message == (
        f"Baris judul (baris 1) tidak sesuai: kolom yang tidak ada: TKP. {EXPECTED_COLUMNS}"
    )
    assert [event["file_name"] for event in unreadable()] == ["n.xlsx"]
    assert stored() == (0, 0, 1)


def test_an_xlsx_that_inflates_far_beyond_its_size_is_refused_before_it_is_parsed(
    blueprint, applications, hr_admin
):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + " " * 20 * 1024 * 1024 + "</sst>")
    content = buffer.getvalue()
    started = time.monotonic()

    with pytest.raises(ImportFileError) as caught:
        run(blueprint, content, hr_admin, name="bom.xlsx")

    assert time.monotonic() - started < 1
    assert caught.value.message.startswith("Berkas .xlsx ini ditolak demi keamanan")
    assert [(event["file_name"], event["size"]) for event in unreadable()] == [
        ("bom.xlsx", len(content))
    ]


def test_a_header_wider_than_the_limit_is_refused_fast_without_echoing_it(
    blueprint, applications, hr_admin
):
    header = ["nomor_peserta", "TWK", "TIU", "TKP", *(f"kolom{index}" for index in range(40_000))]
    started = time.monotonic()

    with pytest.raises(ImportFileError) as caught:
        run(blueprint, csv_bytes([["2026-0001", 70, 85, 170]], header=header), hr_admin)

    assert time.monotonic() - started < 2
    assert caught.value.message == (
        "Baris judul (baris 1) berisi terlalu banyak kolom; batasnya 64 kolom. Hapus kolom yang "
        "tidak dipakai, lalu unggah kembali."
    )
    assert stored() == (0, 0, 1)


def test_a_file_over_the_size_limit_is_refused(blueprint, applications, hr_admin, monkeypatch):
    monkeypatch.setattr(score_files, "MAX_FILE_BYTES", 1024 * 1024)
    content = csv_bytes([["2026-0001", 70, 85, 170]]) + b" " * (1024 * 1024)
    with pytest.raises(ImportFileError) as caught:
        run(blueprint, content, hr_admin)
    assert caught.value.message == "Berkas terlalu besar (1,0 MB); batasnya 1 MB."
    assert stored() == (0, 0, 1)


def test_an_upload_is_read_only_up_to_the_limit_and_refused_by_its_real_size(
    blueprint, applications, hr_admin, monkeypatch
):
    monkeypatch.setattr(score_files, "MAX_FILE_BYTES", 1024 * 1024)
    upload = SimpleUploadedFile("besar.csv", b"x" * (2 * 1024 * 1024))

    content = score_files.upload_bytes(upload)
    with pytest.raises(ImportFileError) as caught:
        import_scores(
            blueprint=blueprint,
            content=content,
            file_name=upload.name or "",
            actor=hr_admin,
            size=upload.size,
        )

    assert len(content) == 1024 * 1024 + 1
    assert caught.value.message == "Berkas terlalu besar (2,0 MB); batasnya 1 MB."
    assert [event["size"] for event in unreadable()] == [2 * 1024 * 1024]


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_too_many_rows_are_refused(blueprint, applications, hr_admin, monkeypatch, make):
    monkeypatch.setattr(score_files, "MAX_ROWS", 2)
    content = make([["2026-0001", 70, 85, 170], ["2026-0002", 1, 1, 1], ["2026-0003", 1, 1, 1]])
    with pytest.raises(ImportFileError) as caught:
        run(blueprint, content, hr_admin, name="n")
    assert (
        caught.value.message
        == "Berkas berisi lebih dari 2 baris data; bagi menjadi beberapa berkas."
    )
    assert stored() == (0, 0, 1)


def test_data_after_a_long_blank_run_is_refused(blueprint, applications, hr_admin, monkeypatch):
    monkeypatch.setattr(score_files, "MAX_BLANK_RUN", 2)
    content = b"nomor_peserta,TWK,TIU,TKP\n2026-0001,1,1,1\n\n\n2026-0002,1,1,1\n"
    with pytest.raises(ImportFileError) as caught:
        run(blueprint, content, hr_admin)
    assert caught.value.message == (
        "Baris 5 berisi data setelah 2 baris kosong atau lebih. Hapus baris kosong di antara "
        "data, lalu unggah kembali."
    )


# --- the blueprint and the account


def test_only_a_bkn_blueprint_takes_a_score_file(hr_admin):
    simerit = make_blueprint(sections=(("TWK", 30),))
    with pytest.raises(DomainError) as caught:
        run(simerit, csv_bytes([["x", 1]], header=["nomor_peserta", "TWK"]), hr_admin)
    assert caught.value.message == (
        "Nilai BKN hanya dapat diimpor ke kisi-kisi yang dilaksanakan di CAT BKN."
    )
    assert stored() == (0, 0, 0)


def test_a_bkn_blueprint_without_sections_or_with_published_results_is_refused(hr_admin):
    empty = make_blueprint(delivery=Blueprint.Delivery.BKN)
    with pytest.raises(DomainError) as caught:
        run(empty, csv_bytes([["x"]], header=["nomor_peserta"]), hr_admin)
    assert caught.value.message == (
        "Kisi-kisi belum memiliki bagian (subtes); tambahkan bagian lebih dulu agar kolom nilai "
        "dapat diperiksa."
    )
    published = bkn_skd_blueprint()
    Blueprint.objects.filter(pk=published.pk).update(results_published_at=timezone.now())
    with pytest.raises(ConflictError) as caught:
        run(published, csv_bytes([["x", 1, 1, 1]]), hr_admin)
    assert caught.value.message == (
        "Hasil kisi-kisi ini sudah diumumkan; nilai tidak dapat diimpor lagi."
    )
    assert stored() == (0, 0, 0)


@pytest.mark.parametrize("persona", ["auditor", "proctor", "verifier", "applicant"])
def test_only_admin_bkpsdm_imports(blueprint, applications, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        run(blueprint, csv_bytes([["2026-0001", 70, 85, 170]]), user)
    assert stored() == (0, 0, 0)


# --- files out


def test_the_template_names_the_blueprints_columns(blueprint):
    columns = [column.name for column in score_files.template_columns(blueprint)]
    assert columns == ["nomor_peserta", "TWK", "TIU", "TKP", "total"]
    content = score_files.template_workbook(blueprint=blueprint)
    assert content.startswith(b"PK\x03\x04")


def test_the_results_workbook_lists_the_imported_results(blueprint, applications, hr_admin):
    import io

    import openpyxl

    run(blueprint, csv_bytes([["2026-0001", 70, 85, 170]]), hr_admin)

    workbook = openpyxl.load_workbook(io.BytesIO(score_files.results_workbook(blueprint=blueprint)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0] == (
        "Nomor peserta",
        "Nama",
        "Kode formasi",
        "Jenis formasi",
        "TWK",
        "TIU",
        "TKP",
        "Total",
        "Ambang batas",
        "Keterangan",
        "Sumber",
        "Impor",
    )
    application = applications["umum"]
    assert rows[1] == (
        "2026-0001",
        application.applicant.name,
        application.formasi.code,
        "Umum",
        70,
        85,
        170,
        325,
        "Memenuhi",
        "Memenuhi nilai ambang batas.",
        "CAT BKN",
        "nilai-skd.csv",
    )


def test_row_error_is_the_shared_row_error_type(blueprint, applications, hr_admin):
    outcome = run(blueprint, csv_bytes([["", 1, 1, 1]]), hr_admin)
    assert outcome.errors == [
        RowError(row=2, column="nomor_peserta", message="Nomor peserta wajib diisi.")
    ]

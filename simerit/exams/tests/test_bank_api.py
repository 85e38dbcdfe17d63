"""/api/v1/exams/ question bank endpoints: the same rules as the pages, in the API's error shape."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.exams.models import BlueprintItem, Question, QuestionVersion
from simerit.exams.question_io import columns as bank_columns
from simerit.exams.question_io.exporting import export_json
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import questions as services
from simerit.exams.tests.factories import QuestionBankFactory, make_skd_blueprint
from simerit.exams.tests.factories_bank import (
    bank_state,
    make_writer,
    refused_imports,
    sheet_row,
    single_input,
    weighted_input,
    xlsx,
)

BASE = "/api/v1/exams"


@pytest.fixture
def writer(db):
    return make_writer(full_name="Penulis API")


@pytest.fixture
def bank(db):
    return QuestionBankFactory.create(name="Bank API")


@pytest.fixture
def api(client, writer):
    client.force_login(writer)
    return client


def question_body(bank, **overrides):
    body = {
        "bank_id": bank.pk,
        "code": "TWK-0001",
        "category": "TWK",
        "kind": "single",
        "topic": "Pancasila",
        "text": "Sila pertama Pancasila adalah ...",
        "options": [
            {"key": "A", "text": "Ketuhanan Yang Maha Esa", "points": 5},
            {"key": "B", "text": "Persatuan Indonesia", "points": 0},
        ],
    }
    body.update(overrides)
    return body


def post_json(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_list_banks_with_counts(api, bank, writer):
    services.create_question(bank=bank, data=single_input(), actor=writer)
    body = api.get(f"{BASE}/banks").json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": bank.pk,
            "name": "Bank API",
            "purpose": "exam",
            "description": "",
            "question_count": 1,
            "active_count": 1,
        }
    ]


def test_create_bank(api):
    response = post_json(api, f"{BASE}/banks", {"name": "Tryout", "purpose": "practice"})
    assert response.status_code == 201
    assert response.json()["question_count"] == 0


def test_list_questions_filters_and_paginates(api, bank, writer):
    for number in range(3):
        services.create_question(bank=bank, data=single_input(code=f"TWK-{number}"), actor=writer)
    services.create_question(bank=bank, data=weighted_input(), actor=writer)
    body = api.get(f"{BASE}/banks/{bank.pk}/questions", {"page_size": 2}).json()
    assert (body["count"], body["pages"], len(body["items"])) == (4, 2, 2)
    weighted = api.get(f"{BASE}/banks/{bank.pk}/questions", {"kind": "weighted"}).json()
    assert [item["code"] for item in weighted["items"]] == ["TKP-0001"]
    assert weighted["items"][0] | {"id": 0} == {
        "id": 0,
        "bank_id": bank.pk,
        "code": "TKP-0001",
        "category": "TKP",
        "kind": "weighted",
        "topic": "Pelayanan publik",
        "difficulty": "medium",
        "is_active": True,
        "version": 1,
        "text": "Atasan meminta Anda lembur ...",
    }
    twk = api.get(f"{BASE}/banks/{bank.pk}/questions", {"category": "twk", "q": "TWK-1"}).json()
    assert [item["code"] for item in twk["items"]] == ["TWK-1"]


def test_list_questions_of_an_unknown_category_is_422(api, bank):
    response = api.get(f"{BASE}/banks/{bank.pk}/questions", {"category": "XYZ"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "category",
            "message": "Kategori 'XYZ' tidak dikenal; gunakan kode seperti TWK, TIU, TKP.",
        }
    ]


def test_create_question_returns_it_with_version_1(api, bank, writer):
    response = post_json(api, f"{BASE}/questions", question_body(bank))
    assert response.status_code == 201
    body = response.json()
    question = Question.objects.get()
    assert (body["id"], body["version"], body["current_version_id"]) == (
        question.pk,
        1,
        question.current_version_id,
    )
    [version] = body["versions"]
    assert version["options"] == [
        {"key": "A", "text": "Ketuhanan Yang Maha Esa", "points": 1},
        {"key": "B", "text": "Persatuan Indonesia", "points": 0},
    ]
    assert (version["created_by"], version["image_url"]) == ("Penulis API", None)
    assert AuditEvent.objects.get().action == "exams.question.created"


def test_create_question_with_invalid_options_is_422_and_stores_nothing(api, bank):
    body = question_body(
        bank,
        options=[
            {"key": "A", "text": "a", "points": 5},
            {"key": "B", "text": "", "points": 5},
        ],
    )
    response = post_json(api, f"{BASE}/questions", body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "options.B.text", "message": "Teks pilihan B wajib diisi."},
        {
            "field": "answer",
            "message": "Soal satu jawaban benar hanya boleh memiliki satu kunci jawaban; saat ini "
            "2 pilihan (A, B).",
        },
    ]
    assert bank_state() == (1, 0, 0, 0)


def test_create_question_with_a_taken_code_is_409(api, bank, writer):
    services.create_question(bank=bank, data=single_input(), actor=writer)
    response = post_json(api, f"{BASE}/questions", question_body(bank))
    assert response.status_code == 409
    assert response.json()["detail"] == "Kode soal TWK-0001 sudah dipakai di bank ini."


def test_create_question_refuses_unknown_fields(api, bank):
    response = post_json(api, f"{BASE}/questions", question_body(bank, score=5))
    assert response.status_code == 422
    assert Question.objects.count() == 0


def test_revision_adds_a_version_and_keeps_the_blueprint_item(api, writer):
    blueprint = make_skd_blueprint(counts=(1, 1, 1))
    item = blueprint.items.get(section__category__code="TKP")
    question = item.question_version.question
    body = {
        "text": "Teks revisi",
        "options": [
            {"key": k, "text": f"Sikap {k}", "points": p}
            for k, p in zip("ABC", (5, 3, 1), strict=True)
        ],
        "difficulty": "hard",
    }
    response = post_json(api, f"{BASE}/questions/{question.pk}/revisions", body)
    assert response.status_code == 201
    detail = response.json()
    assert (detail["version"], detail["difficulty"], detail["text"]) == (2, "hard", "Teks revisi")
    assert [v["number"] for v in detail["versions"]] == [2, 1]
    assert BlueprintItem.objects.get(pk=item.pk).question_version_id == item.question_version_id


def test_revision_without_changes_is_400(api, bank, writer):
    question = services.create_question(bank=bank, data=single_input(keys="AB"), actor=writer)
    body = {
        "text": "Sila pertama Pancasila adalah ...",
        "options": [
            {"key": "A", "text": "Pilihan A", "points": 1},
            {"key": "B", "text": "Pilihan B", "points": 0},
        ],
    }
    response = post_json(api, f"{BASE}/questions/{question.pk}/revisions", body)
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Tidak ada perubahan pada soal ini; versi baru tidak dibuat."
    )
    assert QuestionVersion.objects.count() == 1


def test_get_question_with_versions_and_404(api, bank, writer):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    revisions.revise_question(question=question, data=single_input(text="Dua"), actor=writer)
    body = api.get(f"{BASE}/questions/{question.pk}").json()
    assert [(v["number"], v["text"]) for v in body["versions"]] == [
        (2, "Dua"),
        (1, "Sila pertama Pancasila adalah ..."),
    ]
    missing = api.get(f"{BASE}/questions/99999")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_import_xlsx_returns_the_report(api, bank):
    upload = SimpleUploadedFile("soal.xlsx", xlsx([sheet_row()]), XLSX_CONTENT_TYPE)
    response = api.post(f"{BASE}/banks/{bank.pk}/import", {"file": upload})
    assert response.status_code == 200
    body = response.json()
    assert (body["stored"], body["file_format"], body["summary"]) == (
        True,
        "xlsx",
        "Impor selesai: 1 soal baru.",
    )
    assert body["rows"] == [
        {
            "row": 2,
            "code": "TWK-0001",
            "status": "ok",
            "outcome": "created",
            "label": "soal baru",
            "errors": [],
        }
    ]


def test_import_with_bad_rows_is_422_with_the_report_and_stores_nothing(api, bank):
    content = xlsx([sheet_row(), sheet_row(kode="TWK-2", kunci="Z")])
    upload = SimpleUploadedFile("soal.xlsx", content, XLSX_CONTENT_TYPE)
    response = api.post(f"{BASE}/banks/{bank.pk}/import", {"file": upload})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["detail"]) == (
        "invalid_input",
        "Tidak ada soal yang disimpan: 1 dari 2 baris bermasalah.",
    )
    assert body["errors"] == [
        {"field": "3.kunci", "message": "Kunci 'Z' tidak dikenal; isi satu huruf A–E."}
    ]
    assert [row["status"] for row in body["report"]["rows"]] == ["ok", "error"]
    assert body["report"]["stored"] is False
    assert bank_state() == (1, 0, 0, 1)
    assert refused_imports(bank) == [
        {
            "file_name": "soal.xlsx",
            "sha256": hashlib.sha256(content).hexdigest(),
            "size": len(content),
            "format": "xlsx",
            "rows": 2,
            "errors": 1,
        }
    ]


def test_import_of_an_unreadable_file_is_422_on_the_file_field(api, bank):
    upload = SimpleUploadedFile("soal.xlsx", b"PK\x03\x04rusak", XLSX_CONTENT_TYPE)
    response = api.post(f"{BASE}/banks/{bank.pk}/import", {"file": upload})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "file",
            "message": "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau "
            "format lain).",
        }
    ]
    assert bank_state() == (1, 0, 0, 1)
    assert refused_imports(bank)[0]["error"] == (
        "Berkas tidak dapat dibaca sebagai lembar kerja Excel .xlsx (rusak atau format lain)."
    )


def test_import_of_a_file_over_the_limit_is_422_and_recorded_with_its_real_size(
    api, bank, monkeypatch
):
    monkeypatch.setattr(bank_columns, "MAX_FILE_BYTES", 1024 * 1024)
    content = b"[" + b" " * (2 * 1024 * 1024) + b"]"
    upload = SimpleUploadedFile("besar.json", content, "application/json")

    response = api.post(f"{BASE}/banks/{bank.pk}/import", {"file": upload})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "message": "Berkas terlalu besar (2,0 MB); batasnya 1 MB."}
    ]
    event = refused_imports(bank)[0]
    assert (event["size"], event["error"]) == (
        len(content),
        "Berkas terlalu besar (2,0 MB); batasnya 1 MB.",
    )
    # only the first megabyte and one byte were read, and hashed
    assert event["sha256"] == hashlib.sha256(content[: 1024 * 1024 + 1]).hexdigest()
    assert bank_state() == (1, 0, 0, 1)


def test_export_json_reads_back_through_the_import_endpoint(api, bank, writer):
    services.create_question(bank=bank, data=single_input(), actor=writer)
    services.create_question(bank=bank, data=weighted_input(), actor=writer)
    exported = api.get(f"{BASE}/banks/{bank.pk}/export", {"format": "json"})
    assert exported.status_code == 200
    assert exported.json()["format"] == json.loads(export_json(bank))["format"]
    target = QuestionBankFactory.create(name="Salinan")
    upload = SimpleUploadedFile("bank.json", exported.content, "application/json")
    response = api.post(f"{BASE}/banks/{target.pk}/import", {"file": upload})
    assert response.json()["counts"]["created"] == 2
    assert sorted(target.questions.values_list("current_version__sha256", flat=True)) == sorted(
        bank.questions.values_list("current_version__sha256", flat=True)
    )


def test_export_xlsx(api, bank):
    response = api.get(f"{BASE}/banks/{bank.pk}/export", {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bank-soal-bank-api.xlsx"'

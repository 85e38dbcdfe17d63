"""Question bank pages: routing, forms reaching the services, reports, downloads and queries."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.exams.models import Question, QuestionBank
from simerit.exams.question_io import columns as bank_columns
from simerit.exams.services import questions as services
from simerit.exams.tests.factories import QuestionBankFactory, category
from simerit.exams.tests.factories_bank import (
    bank_state,
    current,
    image_bytes,
    make_writer,
    refused_imports,
    sheet_row,
    single_input,
    use_tmp_media,
    weighted_input,
    xlsx,
)


@pytest.fixture
def writer(db):
    return make_writer(full_name="Penulis Soal Uji")


@pytest.fixture
def bank(db):
    return QuestionBankFactory.create(name="SKD Paket A")


@pytest.fixture
def logged_in(client, writer):
    client.force_login(writer)
    return client


def question_post(**overrides):
    data = {
        "code": "TWK-0001",
        "category": str(services_category("TWK")),
        "kind": "single",
        "topic": "Pancasila",
        "difficulty": "medium",
        "text": "Sila pertama Pancasila adalah ...",
        "option_a": "Ketuhanan Yang Maha Esa",
        "option_b": "Persatuan Indonesia",
        "option_c": "",
        "option_d": "",
        "option_e": "",
        "answer": "A",
        "explanation": "",
    }
    data.update(overrides)
    return data


def services_category(code):
    return category(code).pk


# --- banks


def test_bank_list_shows_the_empty_state(logged_in):
    response = logged_in.get(reverse("exams:bank-list"))
    assert response.status_code == 200
    assert "Belum ada bank soal." in response.content.decode()


def test_bank_create_saves_and_redirects_to_the_bank(logged_in, writer):
    response = logged_in.post(
        reverse("exams:bank-create"), {"name": "Tryout SKD", "purpose": "practice"}
    )
    bank = QuestionBank.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:bank-detail", args=[bank.pk])
    assert (bank.name, bank.purpose) == ("Tryout SKD", "practice")
    assert AuditEvent.objects.get().action == "exams.bank.created"


def test_bank_create_shows_the_conflict_on_the_name(logged_in, bank):
    response = logged_in.post(
        reverse("exams:bank-create"), {"name": "skd paket a", "purpose": "exam"}
    )
    assert response.status_code == 200
    assert "Bank soal bernama skd paket a sudah ada." in response.content.decode()
    assert QuestionBank.objects.count() == 1


# --- the category's question type


def test_create_form_shows_a_type_the_category_refuses_on_the_category(logged_in, bank):
    url = reverse("exams:bank-question-create", args=[bank.pk])

    response = logged_in.post(url, question_post(category=str(services_category("TKP"))))

    assert response.status_code == 200
    assert response.context["form"].errors["category"] == [
        "Kategori TKP hanya menerima soal bertipe opsi berbobot (weighted); soal ini bertipe "
        "satu jawaban benar (single)."
    ]
    assert bank_state() == (1, 0, 0, 0)


# --- question list


def test_bank_detail_lists_filters_and_paginates(logged_in, bank, writer):
    for number in range(26):
        services.create_question(
            bank=bank, data=single_input(code=f"TWK-{number:03d}"), actor=writer
        )
    services.create_question(bank=bank, data=weighted_input(), actor=writer)
    url = reverse("exams:bank-detail", args=[bank.pk])
    page = logged_in.get(url).content.decode()
    assert "27 soal ditemukan." in page
    assert "Halaman 1 dari 2" in page
    second = logged_in.get(url, {"page": 2}).content.decode()
    assert "TWK-025" in second
    assert "TWK-000" not in second
    filtered = logged_in.get(url, {"kind": "weighted"}).content.decode()
    assert "1 soal ditemukan." in filtered
    assert "TKP-0001" in filtered


def test_bank_detail_empty_states(logged_in, bank):
    url = reverse("exams:bank-detail", args=[bank.pk])
    assert "Bank ini belum berisi soal." in logged_in.get(url).content.decode()
    assert "Tidak ada soal yang cocok" in logged_in.get(url, {"q": "x"}).content.decode()


def test_bank_detail_htmx_returns_only_the_results(logged_in, bank):
    response = logged_in.get(
        reverse("exams:bank-detail", args=[bank.pk]), {"q": "x"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Tidak ada soal yang cocok" in body
    assert "<html" not in body


def test_bank_detail_queries_do_not_grow_with_the_rows(logged_in, bank, writer):
    url = reverse("exams:bank-detail", args=[bank.pk])
    services.create_question(bank=bank, data=single_input(code="A-1"), actor=writer)
    logged_in.get(url)  # warm the session and the category list
    with CaptureQueriesContext(connection) as one:
        logged_in.get(url)
    for number in range(10):
        services.create_question(bank=bank, data=weighted_input(code=f"B-{number}"), actor=writer)
    with CaptureQueriesContext(connection) as eleven:
        logged_in.get(url)
    assert len(eleven) == len(one)


def test_missing_bank_is_404(logged_in):
    assert logged_in.get(reverse("exams:bank-detail", args=[999])).status_code == 404


# --- create and edit


def test_question_create_single_saves_version_1_with_its_key(logged_in, bank):
    response = logged_in.post(
        reverse("exams:bank-question-create", args=[bank.pk]), question_post(answer="B")
    )
    question = Question.objects.select_related("current_version").get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:bank-question-detail", args=[question.pk])
    assert current(question).options == [
        {"key": "A", "text": "Ketuhanan Yang Maha Esa", "points": 0},
        {"key": "B", "text": "Persatuan Indonesia", "points": 1},
    ]


def test_question_create_weighted_reads_the_points(logged_in, bank):
    post = question_post(
        code="TKP-01",
        category=str(services_category("TKP")),
        kind="weighted",
        answer="",
        option_c="Sikap C",
        points_a="3",
        points_b="5",
        points_c="1",
    )
    logged_in.post(reverse("exams:bank-question-create", args=[bank.pk]), post)
    question = Question.objects.select_related("current_version").get()
    assert [o["points"] for o in current(question).options] == [3, 5, 1]


def test_question_create_shows_service_errors_and_stores_nothing(logged_in, bank):
    post = question_post(answer="", option_b="", option_c="Tiga")
    response = logged_in.post(reverse("exams:bank-question-create", args=[bank.pk]), post)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Soal belum disimpan." in body
    assert (
        "Pilihan jawaban harus berurutan mulai dari A tanpa ada yang terlewat "
        "(untuk 2 pilihan: A, B)." in body
    )
    assert bank_state() == (1, 0, 0, 0)


def test_question_create_shows_a_missing_key_by_the_options(logged_in, bank):
    response = logged_in.post(
        reverse("exams:bank-question-create", args=[bank.pk]), question_post(answer="")
    )
    assert "Tentukan kunci jawaban: tepat satu pilihan yang benar." in response.content.decode()
    assert Question.objects.count() == 0


def test_question_edit_saves_a_new_version_and_shows_the_history(logged_in, bank, writer):
    question = services.create_question(bank=bank, data=single_input(keys="AB"), actor=writer)
    edit = reverse("exams:bank-question-edit", args=[question.pk])
    form = logged_in.get(edit).content.decode()
    assert "versi 2" in form
    assert 'value="A" class="form-check-input"' in form
    post = question_post(text="Teks versi dua", option_a="Pilihan A", option_b="Pilihan B")
    del post["code"], post["kind"]
    response = logged_in.post(edit, post)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version is not None
    assert question.current_version.number == 2
    history = logged_in.get(reverse("exams:bank-question-detail", args=[question.pk]))
    body = history.content.decode()
    assert body.count('data-testid="version"') == 2
    assert "Teks versi dua" in body
    assert "Sila pertama Pancasila adalah ..." in body
    assert "Penulis Soal Uji" in body


def test_question_edit_without_changes_says_so(logged_in, bank, writer):
    question = services.create_question(bank=bank, data=single_input(keys="AB"), actor=writer)
    post = question_post(option_a="Pilihan A", option_b="Pilihan B")
    del post["code"], post["kind"]
    response = logged_in.post(reverse("exams:bank-question-edit", args=[question.pk]), post)
    assert response.status_code == 200
    assert "Tidak ada perubahan pada soal ini; versi baru tidak dibuat." in (
        response.content.decode()
    )


# --- activation


def test_deactivate_and_activate_are_post_only(logged_in, bank, writer):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    url = reverse("exams:bank-question-deactivate", args=[question.pk])
    assert logged_in.get(url).status_code == 405
    response = logged_in.post(url, follow=True)
    assert "Soal TWK-0001 dinonaktifkan." in response.content.decode()
    question.refresh_from_db()
    assert question.is_active is False
    again = logged_in.post(url, follow=True)
    assert "Soal TWK-0001 sudah nonaktif." in again.content.decode()
    logged_in.post(reverse("exams:bank-question-activate", args=[question.pk]))
    question.refresh_from_db()
    assert question.is_active is True


# --- images


def test_image_upload_and_permission_checked_image_view(
    logged_in, client, bank, settings, tmp_path, proctor
):
    use_tmp_media(settings, tmp_path)
    post = question_post(image=SimpleUploadedFile("g.png", image_bytes(), "image/png"))
    logged_in.post(reverse("exams:bank-question-create", args=[bank.pk]), post)
    version = current(Question.objects.select_related("current_version").get())
    url = reverse("exams:bank-question-image", args=[version.pk])
    response = logged_in.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    detail = logged_in.get(reverse("exams:bank-question-detail", args=[version.question_id]))
    assert url in detail.content.decode()
    client.force_login(proctor)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_image_of_a_version_without_image_is_404(logged_in, bank, writer):
    question = services.create_question(bank=bank, data=single_input(), actor=writer)
    url = reverse("exams:bank-question-image", args=[question.current_version_id])
    assert logged_in.get(url).status_code == 404


# --- import and export


def test_import_page_writes_a_clean_file_and_reports_every_row(logged_in, bank):
    upload = SimpleUploadedFile("soal.xlsx", xlsx([sheet_row()]), XLSX_CONTENT_TYPE)
    response = logged_in.post(reverse("exams:bank-import", args=[bank.pk]), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Impor selesai: 1 soal baru." in body
    assert 'data-status="ok"' in body
    assert Question.objects.filter(bank=bank).count() == 1


def test_import_page_lists_bad_rows_and_stores_nothing(logged_in, bank):
    content = xlsx([sheet_row(), sheet_row(kode="TWK-0002", kategori="ABC")])
    upload = SimpleUploadedFile("soal.xlsx", content, XLSX_CONTENT_TYPE)
    response = logged_in.post(reverse("exams:bank-import", args=[bank.pk]), {"file": upload})
    body = response.content.decode()
    assert "Tidak ada soal yang disimpan: 1 dari 2 baris bermasalah." in body
    assert "Kategori &#x27;ABC&#x27; tidak dikenal" in body
    assert "soal baru (belum disimpan)" in body
    assert bank_state() == (1, 0, 0, 1)
    assert [(event["rows"], event["errors"]) for event in refused_imports(bank)] == [(2, 1)]


def test_import_page_refuses_a_file_over_the_limit_and_records_it(logged_in, bank, monkeypatch):
    monkeypatch.setattr(bank_columns, "MAX_FILE_BYTES", 1024 * 1024)
    content = b"[" + b" " * (2 * 1024 * 1024) + b"]"
    upload = SimpleUploadedFile("besar.json", content, "application/json")

    response = logged_in.post(reverse("exams:bank-import", args=[bank.pk]), {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Berkas terlalu besar (2,0 MB); batasnya 1 MB."
    ]
    assert [(e["file_name"], e["size"]) for e in refused_imports(bank)] == [
        ("besar.json", len(content))
    ]
    assert bank_state() == (1, 0, 0, 1)


def test_import_page_shows_a_file_error_on_the_field(logged_in, bank):
    upload = SimpleUploadedFile("soal.csv", b"kode,teks\n", "text/csv")
    response = logged_in.post(reverse("exams:bank-import", args=[bank.pk]), {"file": upload})
    assert "Berkas ini bukan Excel .xlsx maupun JSON." in response.content.decode()
    assert Question.objects.count() == 0
    assert [event["file_name"] for event in refused_imports(bank)] == ["soal.csv"]


def test_exports_and_template_download(logged_in, bank, writer):
    services.create_question(bank=bank, data=single_input(), actor=writer)
    response = logged_in.get(reverse("exams:bank-export-xlsx", args=[bank.pk]))
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bank-soal-skd-paket-a.xlsx"'
    document = json.loads(logged_in.get(reverse("exams:bank-export-json", args=[bank.pk])).content)
    assert [item["code"] for item in document["questions"]] == ["TWK-0001"]
    template = logged_in.get(reverse("exams:bank-import-template"))
    assert template["Content-Type"] == XLSX_CONTENT_TYPE

"""Who may use the question bank: question writers and Admin BKPSDM; every other persona gets 403
on every page and endpoint, and a refused request changes nothing."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.exams.models import Question
from simerit.exams.services import questions as services
from simerit.exams.tests.factories import QuestionBankFactory
from simerit.exams.tests.factories_bank import (
    bank_state,
    make_writer,
    sheet_row,
    single_input,
    xlsx,
)

DENIED = ["applicant", "employee", "proctor", "auditor", "verifier", "assessor", "opd_admin"]
BASE = "/api/v1/exams"


@pytest.fixture
def question(db):
    bank = QuestionBankFactory.create()
    return services.create_question(bank=bank, data=single_input(), actor=make_writer())


def page_requests(question):
    """(method, url, data, status for a question writer) for every bank page, writes with a
    valid body, in an order that works: the writes redirect, the import page shows its report."""
    bank_id, question_id = question.bank_id, question.pk
    edit = {
        "category": str(question.category_id),
        "difficulty": "hard",
        "text": "Diubah",
        "option_a": "a",
        "option_b": "b",
        "answer": "A",
    }
    return [
        ("get", reverse("exams:bank-list"), None, 200),
        ("get", reverse("exams:bank-create"), None, 200),
        ("post", reverse("exams:bank-create"), {"name": "Bank baru", "purpose": "exam"}, 302),
        ("get", reverse("exams:bank-detail", args=[bank_id]), None, 200),
        ("get", reverse("exams:bank-question-create", args=[bank_id]), None, 200),
        (
            "post",
            reverse("exams:bank-question-create", args=[bank_id]),
            {**edit, "code": "TWK-9", "kind": "single"},
            302,
        ),
        ("get", reverse("exams:bank-question-detail", args=[question_id]), None, 200),
        ("get", reverse("exams:bank-question-edit", args=[question_id]), None, 200),
        ("post", reverse("exams:bank-question-edit", args=[question_id]), edit, 302),
        ("post", reverse("exams:bank-question-deactivate", args=[question_id]), {}, 302),
        ("post", reverse("exams:bank-question-activate", args=[question_id]), {}, 302),
        # the question has no image: 404 for everyone allowed, checked in test_bank_views
        (
            "get",
            reverse("exams:bank-question-image", args=[question.current_version_id]),
            None,
            404,
        ),
        ("get", reverse("exams:bank-import", args=[bank_id]), None, 200),
        ("post", reverse("exams:bank-import", args=[bank_id]), "upload", 200),
        ("get", reverse("exams:bank-import-template"), None, 200),
        ("get", reverse("exams:bank-export-xlsx", args=[bank_id]), None, 200),
        ("get", reverse("exams:bank-export-json", args=[bank_id]), None, 200),
    ]


def api_requests(question):
    bank_id, question_id = question.bank_id, question.pk
    content = {
        "text": "Diubah lewat API",
        "options": [{"key": "A", "text": "a", "points": 1}, {"key": "B", "text": "b", "points": 0}],
    }
    return [
        ("get", f"{BASE}/banks", None, 200),
        ("post", f"{BASE}/banks", {"name": "Bank baru API", "purpose": "exam"}, 201),
        ("get", f"{BASE}/banks/{bank_id}/questions", None, 200),
        ("get", f"{BASE}/questions/{question_id}", None, 200),
        (
            "post",
            f"{BASE}/questions",
            {**content, "bank_id": bank_id, "code": "TWK-8", "category": "TWK", "kind": "single"},
            201,
        ),
        ("post", f"{BASE}/questions/{question_id}/revisions", content, 201),
        ("post", f"{BASE}/banks/{bank_id}/import", "upload", 200),
        ("get", f"{BASE}/banks/{bank_id}/export", None, 200),
    ]


def send(client, method, url, data, *, api=False):
    if data == "upload":
        upload = SimpleUploadedFile("soal.xlsx", xlsx([sheet_row(kode="TWK-7")]), XLSX_CONTENT_TYPE)
        return client.post(url, {"file": upload})
    if method == "get":
        return client.get(url)
    if api:
        return client.post(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("persona", DENIED)
def test_every_page_is_403_for_other_personas_and_changes_nothing(
    client, request, question, persona
):
    client.force_login(request.getfixturevalue(persona))
    before = bank_state()
    for method, url, data, _ in page_requests(question):
        response = send(client, method, url, data)
        assert response.status_code == 403, (persona, method, url)
    assert bank_state() == before


@pytest.mark.parametrize("persona", DENIED)
def test_every_endpoint_is_403_for_other_personas_and_changes_nothing(
    client, request, question, persona
):
    client.force_login(request.getfixturevalue(persona))
    before = bank_state()
    for method, url, data, _ in api_requests(question):
        response = send(client, method, url, data, api=True)
        assert response.status_code == 403, (persona, method, url)
        assert response.json()["code"] == "permission_denied"
    assert bank_state() == before


def test_anonymous_is_sent_to_login_and_the_api_answers_401(client, question):
    before = bank_state()
    for method, url, data, _ in page_requests(question):
        response = send(client, method, url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))
    for method, url, data, _ in api_requests(question):
        assert send(client, method, url, data, api=True).status_code == 401, url
    assert bank_state() == before


@pytest.mark.parametrize("persona", ["writer", "hr_admin"])
def test_question_writers_and_admin_bkpsdm_may_use_every_page(client, request, question, persona):
    user = make_writer() if persona == "writer" else request.getfixturevalue(persona)
    client.force_login(user)
    for method, url, data, status in page_requests(question):
        response = send(client, method, url, data)
        assert response.status_code == status, (method, url, response.status_code)
    for method, url, data, status in api_requests(question):
        response = send(client, method, url, data, api=True)
        assert response.status_code == status, (method, url, response.content)
    # every write went through: the fixture's question, the form's, the import's, the API's
    assert Question.objects.filter(bank=question.bank).count() == 4

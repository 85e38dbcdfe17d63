"""The API's shared pieces: one error shape for every status, pagination, OpenAPI and the docs page."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.testing import TestClient

from simerit.core.api import (
    InvalidTokenError,
    PageParams,
    install_error_handlers,
    paginate,
    validation_field,
    validation_message,
)
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.organization.models import Golongan

# --- Each exception through a small API that has only the handlers

errors_api = NinjaAPI(urls_namespace="test-errors")
install_error_handlers(errors_api)
RAISED = {
    "domain": DomainError("Formasi sudah ditutup.", field="formasi"),
    "domain-plain": DomainError("Periode SKP belum dibuka."),
    "conflict": ConflictError("NIP 198609262015051001 sudah terdaftar.", field="nip"),
    "invalid": InvalidInputError({"nik": ["NIK wajib diisi."], "name": ["A.", "B."]}),
    "denied": PermissionDenied(),
    "denied-message": PermissionDenied("Hanya Admin BKPSDM."),
    "http404": Http404("Employee matching query does not exist."),
    "does-not-exist": ObjectDoesNotExist(),
    "authentication": AuthenticationError(),
    "invalid-token": InvalidTokenError(),
    "http418": HttpError(418, "I'm a teapot"),
    "model-invalid": DjangoValidationError(
        {
            "nik": ["Panjang paling banyak 16."],
            "__all__": ["Pegawai tidak boleh atasannya sendiri."],
        }
    ),
    "model-invalid-plain": DjangoValidationError("Nilai tidak sah."),
    "integrity": IntegrityError(
        'duplicate key value violates unique constraint "employees_employee_nik_key"\n'
        "DETAIL:  Key (nik)=(1671015705900001) already exists."
    ),
}


@errors_api.get("/raise/{name}")
def raise_named(request, name: str):
    raise RAISED[name]


class Body(Schema):
    count: int
    on: str


@errors_api.post("/body")
def take_body(request, payload: Body):
    return {"ok": True}


errors_client = TestClient(errors_api)


@pytest.mark.parametrize(
    ("name", "status", "body"),
    [
        (
            "domain",
            400,
            {
                "detail": "Formasi sudah ditutup.",
                "code": "domain_error",
                "errors": [{"field": "formasi", "message": "Formasi sudah ditutup."}],
            },
        ),
        (
            "domain-plain",
            400,
            {"detail": "Periode SKP belum dibuka.", "code": "domain_error", "errors": []},
        ),
        (
            "authentication",
            401,
            {"detail": "Autentikasi diperlukan.", "code": "not_authenticated", "errors": []},
        ),
        (
            "invalid-token",
            401,
            {
                "detail": "Token API tidak valid, kedaluwarsa, atau sudah dicabut.",
                "code": "invalid_token",
                "errors": [],
            },
        ),
        (
            "denied",
            403,
            {
                "detail": "Anda tidak berwenang melakukan tindakan ini.",
                "code": "permission_denied",
                "errors": [],
            },
        ),
        (
            "denied-message",
            403,
            {"detail": "Hanya Admin BKPSDM.", "code": "permission_denied", "errors": []},
        ),
        ("http404", 404, {"detail": "Data tidak ditemukan.", "code": "not_found", "errors": []}),
        (
            "does-not-exist",
            404,
            {"detail": "Data tidak ditemukan.", "code": "not_found", "errors": []},
        ),
        (
            "conflict",
            409,
            {
                "detail": "NIP 198609262015051001 sudah terdaftar.",
                "code": "conflict",
                "errors": [{"field": "nip", "message": "NIP 198609262015051001 sudah terdaftar."}],
            },
        ),
        (
            "invalid",
            422,
            {
                "detail": "Data yang dikirim tidak valid.",
                "code": "invalid_input",
                "errors": [
                    {"field": "nik", "message": "NIK wajib diisi."},
                    {"field": "name", "message": "A."},
                    {"field": "name", "message": "B."},
                ],
            },
        ),
        (
            "model-invalid",
            422,
            {
                "detail": "Data yang dikirim tidak valid.",
                "code": "invalid_input",
                "errors": [
                    {"field": "nik", "message": "Panjang paling banyak 16."},
                    {"field": None, "message": "Pegawai tidak boleh atasannya sendiri."},
                ],
            },
        ),
        (
            "model-invalid-plain",
            422,
            {
                "detail": "Data yang dikirim tidak valid.",
                "code": "invalid_input",
                "errors": [{"field": None, "message": "Nilai tidak sah."}],
            },
        ),
        (
            "integrity",
            409,
            {
                "detail": "Data bentrok dengan data lain yang baru saja tersimpan (mis. NIP atau "
                "NIK yang sama). Muat ulang data lalu coba lagi.",
                "code": "conflict",
                "errors": [],
            },
        ),
        (
            "http418",
            418,
            {"detail": "Permintaan tidak dapat diproses.", "code": "http_error", "errors": []},
        ),
    ],
)
def test_each_exception_becomes_the_error_shape(name, status, body):
    response = errors_client.get(f"/raise/{name}")
    assert response.status_code == status
    assert response.json() == body


def test_a_database_conflict_keeps_the_database_text_out_of_the_answer_and_the_log(caplog):
    response = errors_client.get("/raise/integrity")
    assert response.status_code == 409
    assert "1671015705900001" not in response.content.decode()
    assert [record.getMessage() for record in caplog.records] == [
        "IntegrityError on GET /raise/integrity"
    ]


def test_authentication_error_asks_for_a_bearer_token():
    response = errors_client.get("/raise/authentication")
    assert response["WWW-Authenticate"] == 'Bearer realm="SiMerit API"'


def test_validation_error_lists_each_field_in_indonesian():
    response = errors_client.post("/body", json={"count": "banyak", "extra": 1})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Data yang dikirim tidak valid.",
        "code": "validation_error",
        "errors": [
            {"field": "count", "message": "Harus berupa bilangan bulat."},
            {"field": "on", "message": "Wajib diisi."},
        ],
    }


def test_missing_body_is_reported_for_the_whole_request():
    response = errors_client.post("/body")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": None, "message": "Wajib diisi."}]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ({"type": "less_than_equal", "ctx": {"le": 100}}, "Paling besar 100."),
        ({"type": "string_too_long", "ctx": {"max_length": 18}}, "Paling banyak 18 karakter."),
        (
            {"type": "enum", "ctx": {"expected": "'L' or 'P'"}},
            "Harus salah satu dari: 'L' atau 'P'.",
        ),
        ({"type": "date_from_datetime_parsing"}, "Harus berupa tanggal dengan format TTTT-BB-HH."),
        ({"type": "unheard_of"}, "Nilai tidak valid."),
        ({"type": "less_than_equal"}, "Nilai tidak valid."),
    ],
)
def test_validation_message(error, message):
    assert validation_message(error) == message


@pytest.mark.parametrize(
    ("loc", "field"),
    [
        (("body", "payload", "nip"), "nip"),
        (("body", "payload", "education", 0, "year"), "education.0.year"),
        (("body", "payload"), None),
        (("query", "page_size"), "page_size"),
        (("path", "employee_id"), "employee_id"),
    ],
)
def test_validation_field(loc, field):
    assert validation_field(loc) == field


# --- The real API, end to end


def test_anonymous_gets_401_in_the_error_shape(client, db):
    response = client.get("/api/v1/employees/")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Autentikasi diperlukan.",
        "code": "not_authenticated",
        "errors": [],
    }


def test_anonymous_write_gets_401_not_a_csrf_error(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/employees/", {}, content_type="application/json"
    )
    assert response.status_code == 401


def test_malformed_json_on_the_real_api_is_400(client, hr_admin):
    client.force_login(hr_admin)
    response = client.post("/api/v1/employees/", "{", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Permintaan tidak dapat dibaca; kirim JSON yang valid.",
        "code": "malformed_request",
        "errors": [],
    }


def test_forbidden_list_is_403_in_the_error_shape(client, applicant):
    client.force_login(applicant)
    response = client.get("/api/v1/work-units/")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Anda tidak berwenang melakukan tindakan ini.",
        "code": "permission_denied",
        "errors": [],
    }


def test_missing_record_is_404_in_the_error_shape(client, hr_admin):
    client.force_login(hr_admin)
    response = client.get("/api/v1/employees/424242")
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan.", "code": "not_found", "errors": []}


# --- Pagination


@pytest.mark.parametrize(
    ("page", "items"),
    [(1, ["I/a", "I/b", "I/c", "I/d", "II/a"]), (4, ["IV/d", "IV/e"]), (5, [])],
    ids=["first", "last", "beyond"],
)
def test_paginate(db, page, items):
    golongan = Golongan.objects.order_by("rank")
    result = paginate(golongan, PageParams(page=page, page_size=5))
    assert [g.code for g in result["items"]] == items
    assert (result["count"], result["page"], result["pages"]) == (17, page, 4)


def test_paginate_an_empty_list_has_one_page(db):
    result = paginate(Golongan.objects.none(), PageParams(page=1, page_size=50))
    assert result == {"items": [], "count": 0, "page": 1, "pages": 1}


# --- OpenAPI and the docs page


def test_openapi_json_lists_every_endpoint_of_the_foundation(client, db):
    """Employees and work units; each later app's tests list its own endpoints."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    foundation = ("/api/v1/employees/", "/api/v1/work-units/")
    methods = {
        path: set(operations)
        for path, operations in schema["paths"].items()
        if path.startswith(foundation)
    }
    assert methods == {
        "/api/v1/employees/": {"get", "post"},
        "/api/v1/employees/{employee_id}": {"get", "put", "patch"},
        "/api/v1/work-units/": {"get"},
        "/api/v1/work-units/{unit_id}": {"get"},
    }
    assert schema["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer"},
        "BrowserSessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }
    assert set(schema["components"]["schemas"]["ErrorOut"]["properties"]) == {
        "detail",
        "code",
        "errors",
    }
    page = schema["components"]["schemas"]["EmployeePage"]["properties"]
    assert set(page) == {"items", "count", "page", "pages"}
    list_params = schema["paths"]["/api/v1/employees/"]["get"]["parameters"]
    assert [p["name"] for p in list_params] == [
        "page", "page_size", "search", "unit", "golongan", "kind", "nik_review"
    ]  # fmt: skip
    page_size = next(p for p in list_params if p["name"] == "page_size")["schema"]
    assert (page_size["minimum"], page_size["maximum"]) == (1, 100)
    assert "Authorization: Bearer <token>" in schema["info"]["description"]


def test_openapi_declares_the_error_responses(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths["/api/v1/employees/"]["post"]["responses"]) == {
        "201", "400", "401", "403", "404", "409", "422"
    }  # fmt: skip
    ref = paths["/api/v1/employees/{employee_id}"]["get"]["responses"]["404"]
    assert ref["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_docs_page_uses_only_bundled_same_origin_scripts(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    assert sources == ["/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    # The only script element without src is a JSON data block, which the browser never runs.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, flags=re.S)
    assert [attributes.strip() for attributes, _ in inline] == [
        'type="application/json" id="swagger-settings"'
    ]
    assert json.loads(inline[0][1])["url"] == "/api/v1/openapi.json"
    # Every address the page loads is same-origin (the random CSRF token may contain "cdn").
    addresses = re.findall(r'\b(?:src|href)="([^"]*)"', html)
    assert [address for address in addresses if "//" in address or "cdn" in address.lower()] == []
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "style-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    "path", ["ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"]
)
def test_docs_static_files_are_served_from_this_site(path):
    assert finders.find(path) is not None

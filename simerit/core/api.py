"""Pieces every API router shares: the error shape, the exception handlers, pagination, the caller.

Every error answer has one shape (`ErrorOut`):
`{"detail": "<pesan>", "code": "<kode mesin>", "errors": [{"field": ..., "message": ...}]}`.
"""

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth

from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError

if TYPE_CHECKING:
    from simerit.accounts.models import User

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50


class ErrorCode:
    """Machine-readable `code` values of the error shape."""

    MALFORMED = "malformed_request"
    DOMAIN = "domain_error"
    NOT_AUTHENTICATED = "not_authenticated"
    INVALID_TOKEN = "invalid_token"  # noqa: S105 (a code name, not a secret)
    CSRF_FAILED = "csrf_failed"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    VALIDATION = "validation_error"
    INVALID_INPUT = "invalid_input"
    HTTP_ERROR = "http_error"


class ErrorItem(Schema):
    field: str | None = Field(
        description="Nama kolom yang salah (titik untuk kolom bertingkat); null bila menyangkut "
        "seluruh permintaan."
    )
    message: str


class ErrorOut(Schema):
    """The one error shape of the API, for every 4xx answer."""

    detail: str = Field(description="Pesan dalam bahasa Indonesia, aman ditampilkan.")
    code: str = Field(description="Kode mesin, mis. not_found, validation_error.")
    errors: list[ErrorItem] = Field(default_factory=list)


# Response declarations for the OpenAPI document (the handlers below produce these bodies).
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}
DETAIL_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class InvalidTokenError(AuthenticationError):
    """A Bearer token was sent but is unknown, expired or revoked."""

    def __init__(self) -> None:
        super().__init__(message="Token API tidak valid, kedaluwarsa, atau sudah dicabut.")


class BrowserSessionAuth(SessionAuth):
    """Django's session login for the browser (and the /api/v1/docs page), with CSRF on writes.

    ninja checks CSRF before looking at the session; an anonymous caller has no session to
    protect, so it gets 401 instead of a CSRF 403.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


def caller(request: HttpRequest) -> "User":
    """The account the authenticators in config/api.py put on `request.auth`."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user


# --- Pagination: page numbers; the answer is {items, count, page, pages}.

T = TypeVar("T")


class PageParams(Schema):
    page: int = Field(1, ge=1, description="Nomor halaman, mulai dari 1.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"Baris per halaman, 1–{MAX_PAGE_SIZE} (bawaan {DEFAULT_PAGE_SIZE}).",
    )


class Page(Schema, Generic[T]):
    """One page of a list. A page past the last one has no items."""

    items: list[T]
    count: int = Field(description="Jumlah seluruh baris yang cocok dengan filter.")
    page: int = Field(description="Nomor halaman ini.")
    pages: int = Field(description="Jumlah halaman (paling sedikit 1).")


def paginate(queryset: "QuerySet[Any]", params: PageParams) -> dict[str, Any]:
    """Slice `queryset` into the page `params` asks for: one COUNT and one SELECT."""
    count = queryset.count()
    offset = (params.page - 1) * params.page_size
    items = list(queryset[offset : offset + params.page_size]) if offset < count else []
    return {
        "items": items,
        "count": count,
        "page": params.page,
        "pages": max(1, math.ceil(count / params.page_size)),
    }


M = TypeVar("M", bound=Model)


def get_or_404(queryset: "QuerySet[M]", pk: int) -> M:
    """The row with primary key `pk`, or Http404 (answered as the 404 error shape)."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# --- Errors

# Pydantic error types, in Indonesian; `{name}` is filled from the error's context.
VALIDATION_MESSAGES = {
    "missing": "Wajib diisi.",
    "string_type": "Harus berupa teks.",
    "string_too_short": "Paling sedikit {min_length} karakter.",
    "string_too_long": "Paling banyak {max_length} karakter.",
    "string_pattern_mismatch": "Formatnya tidak sesuai.",
    "int_type": "Harus berupa bilangan bulat.",
    "int_parsing": "Harus berupa bilangan bulat.",
    "int_from_float": "Harus berupa bilangan bulat.",
    "bool_type": "Harus bernilai true atau false.",
    "bool_parsing": "Harus bernilai true atau false.",
    "date_type": "Harus berupa tanggal dengan format TTTT-BB-HH.",
    "date_parsing": "Harus berupa tanggal dengan format TTTT-BB-HH.",
    "date_from_datetime_parsing": "Harus berupa tanggal dengan format TTTT-BB-HH.",
    "date_from_datetime_inexact": "Harus berupa tanggal tanpa jam (TTTT-BB-HH).",
    "datetime_type": "Harus berupa waktu dengan format ISO 8601.",
    "datetime_parsing": "Harus berupa waktu dengan format ISO 8601.",
    "greater_than_equal": "Paling kecil {ge}.",
    "greater_than": "Harus lebih dari {gt}.",
    "less_than_equal": "Paling besar {le}.",
    "less_than": "Harus kurang dari {lt}.",
    "enum": "Harus salah satu dari: {expected}.",
    "literal_error": "Harus salah satu dari: {expected}.",
    "model_type": "Harus berupa objek JSON.",
    "model_attributes_type": "Harus berupa objek JSON.",
    "dict_type": "Harus berupa objek JSON.",
    "list_type": "Harus berupa daftar.",
    "extra_forbidden": "Kolom ini tidak dikenal.",
}
DEFAULT_VALIDATION_MESSAGE = "Nilai tidak valid."


def validation_message(error: Mapping[str, Any]) -> str:
    template = VALIDATION_MESSAGES.get(error.get("type", ""), DEFAULT_VALIDATION_MESSAGE)
    context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
    if "expected" in context:
        context["expected"] = context["expected"].replace(" or ", " atau ")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return DEFAULT_VALIDATION_MESSAGE


def validation_field(loc: Sequence[Any]) -> str | None:
    """("body", "payload", "nip") -> "nip"; ("query", "page") -> "page"; the whole body -> None."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # "body" and the name of the view's payload argument
    elif parts:
        parts = parts[1:]
    return ".".join(str(part) for part in parts) or None


def error_body(
    detail: str, code: str, errors: Mapping[Any, Sequence[str]] | None = None
) -> dict[str, Any]:
    """The error shape; `errors` maps a field name (None: the whole request) to its messages."""
    items = [
        {"field": field, "message": message}
        for field, messages in (errors or {}).items()
        for message in messages
    ]
    return {"detail": detail, "code": code, "errors": items}


HTTP_ERROR_DEFAULTS = {
    400: ("Permintaan tidak dapat dibaca; kirim JSON yang valid.", ErrorCode.MALFORMED),
    401: ("Autentikasi diperlukan.", ErrorCode.NOT_AUTHENTICATED),
    403: ("Anda tidak berwenang melakukan tindakan ini.", ErrorCode.PERMISSION_DENIED),
    404: ("Data tidak ditemukan.", ErrorCode.NOT_FOUND),
}
# A database constraint refused the write (two requests raced past a service's own check). The
# database's text is never shown or logged: it quotes the values, and a value can be a NIK.
INTEGRITY_DETAIL = (
    "Data bentrok dengan data lain yang baru saja tersimpan (mis. NIP atau NIK yang sama). "
    "Muat ulang data lalu coba lagi."
)


def model_validation_errors(exc: DjangoValidationError) -> dict[str | None, list[str]]:
    """A model's ValidationError by field; errors of the whole record get the field None."""
    if not hasattr(exc, "error_dict"):
        return {None: list(exc.messages)}
    return {
        (None if field == NON_FIELD_ERRORS else field): messages
        for field, messages in exc.message_dict.items()
    }


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer every expected failure with the one error shape and an Indonesian message."""

    def respond(request: HttpRequest, body: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: dict[str | None, list[str]] = {}
        for error in exc.errors:
            field = validation_field(error.get("loc", ()))
            errors.setdefault(field, []).append(validation_message(error))
        body = error_body("Data yang dikirim tidak valid.", ErrorCode.VALIDATION, errors)
        return respond(request, body, 422)

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        if isinstance(exc, InvalidTokenError):
            body = error_body(exc.message, ErrorCode.INVALID_TOKEN)
        else:
            body = error_body("Autentikasi diperlukan.", ErrorCode.NOT_AUTHENTICATED)
        response = respond(request, body, 401)
        response["WWW-Authenticate"] = 'Bearer realm="SiMerit API"'
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403 and "CSRF" in exc.message:
            detail = "Token CSRF tidak ada atau tidak cocok; muat ulang halaman lalu coba lagi."
            return respond(request, error_body(detail, ErrorCode.CSRF_FAILED), 403)
        detail, code = HTTP_ERROR_DEFAULTS.get(
            exc.status_code, ("Permintaan tidak dapat diproses.", ErrorCode.HTTP_ERROR)
        )
        return respond(request, error_body(detail, code), exc.status_code)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        detail = str(exc) or HTTP_ERROR_DEFAULTS[403][0]
        return respond(request, error_body(detail, ErrorCode.PERMISSION_DENIED), 403)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, error_body(*HTTP_ERROR_DEFAULTS[404]), 404)

    def on_conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
        errors = {exc.field: [exc.message]} if exc.field else None
        return respond(request, error_body(exc.message, ErrorCode.CONFLICT, errors), 409)

    def on_invalid_input(request: HttpRequest, exc: InvalidInputError) -> HttpResponse:
        body = error_body("Data yang dikirim tidak valid.", ErrorCode.INVALID_INPUT, exc.errors)
        return respond(request, body, 422)

    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = {exc.field: [exc.message]} if exc.field else None
        return respond(request, error_body(exc.message, ErrorCode.DOMAIN, errors), 400)

    def on_model_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        errors = model_validation_errors(exc)
        body = error_body("Data yang dikirim tidak valid.", ErrorCode.INVALID_INPUT, errors)
        return respond(request, body, 422)

    def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        logger.warning("IntegrityError on %s %s", request.method, request.path)
        return respond(request, error_body(INTEGRITY_DETAIL, ErrorCode.CONFLICT), 409)

    handlers: list[tuple[type[Exception], Callable[[HttpRequest, Any], HttpResponse]]] = [
        (ValidationError, on_validation),
        (AuthenticationError, on_authentication),
        (HttpError, on_http_error),
        (PermissionDenied, on_permission_denied),
        (Http404, on_not_found),
        (ObjectDoesNotExist, on_not_found),
        (ConflictError, on_conflict),
        (InvalidInputError, on_invalid_input),
        (DomainError, on_domain_error),
        (DjangoValidationError, on_model_validation),
        (IntegrityError, on_integrity_error),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)

"""Final result announcements: anyone reads every published version, downloads its JSON, CSV and
PDF and verifies a file or a hash; the applicant sees their own line and why; HR publishes."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from simerit.accounts.client_ip import client_ip
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.ratelimit import address_key, count_hit
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment.downloads import attachment
from simerit.recruitment.models import Applicant, Formasi, SelectionPeriod
from simerit.selection import files
from simerit.selection.forms.announcements import (
    MAX_UPLOAD_BYTES,
    AnnouncementFilterForm,
    PublishForm,
    VerifyForm,
)
from simerit.selection.models import ResultAnnouncement
from simerit.selection.selectors import announcement_explanations as explanation_selectors
from simerit.selection.selectors import announcements as selectors
from simerit.selection.selectors import verification as verification_selectors
from simerit.selection.services import announcements as services

PER_PAGE = 25
ENTRIES_PER_PAGE = 100
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
# The detail page's integrity check (`announcement_problems`) is kept this long.
PROBLEMS_CACHE_SECONDS = 60

# Verify POSTs (page and API), before the body is read: a request larger than the largest allowed
# file plus the multipart overhead is refused on its Content-Length, and one client address may
# verify only so many times per hour (a counter in the cache, like the portal's lookup limit).
MAX_VERIFY_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64 * 1024
TOO_LARGE_MESSAGE = (
    "Berkas terlalu besar: paling besar 5 MB. Pengumuman hasil akhir asli jauh lebih kecil; "
    "periksa bahwa Anda memilih berkas yang benar."
)
VERIFY_RATE_WINDOW_SECONDS = 60 * 60
DEFAULT_VERIFICATIONS_PER_HOUR = 60
RATE_LIMITED_MESSAGE = (
    "Terlalu banyak pemeriksaan pengumuman dari jaringan Anda. Coba lagi dalam satu jam."
)


# --- Public (no login)


def announcement_list(request: HttpRequest) -> HttpResponse:
    form = AnnouncementFilterForm(request.GET or None)
    period, search = None, ""
    if form.is_bound and form.is_valid():
        period, search = form.cleaned_data["period"], form.cleaned_data["q"]
    versions = selectors.list_announcements(period=period, search=search)
    page_obj = Paginator(versions, PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "query_string": query_without_page(request)}
    return render(request, "selection/announcements/list.html", context)


def announcement_detail(request: HttpRequest, formasi_id: int, version: int) -> HttpResponse:
    announcement = _version(formasi_id, version)
    entries = selectors.list_entries(announcement)
    page_obj = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "announcement": announcement,
        "problems": _problems(announcement),
        "latest": selectors.latest_announcement(announcement.formasi),
        "formula_words": files.formula_words(announcement.formula),
        "component_headers": [
            files.component_header(component) for component in announcement.formula["components"]
        ],
        "rows": [(entry, explanation_selectors.component_cells(entry)) for entry in page_obj],
        "page_obj": page_obj,
        "query_string": "",
        "versions": selectors.list_versions(formasi_id),
    }
    return render(request, "selection/announcements/detail.html", context)


def announcement_json(request: HttpRequest, formasi_id: int, version: int) -> HttpResponse:
    """The canonical JSON: byte for byte the text whose SHA-256 was published."""
    announcement = _version(formasi_id, version)
    return _download(announcement, "json", selectors.canonical_json_of(announcement))


def announcement_csv(request: HttpRequest, formasi_id: int, version: int) -> HttpResponse:
    announcement = _version(formasi_id, version)
    return _download(announcement, "csv", selectors.csv_of(announcement))


def announcement_pdf(request: HttpRequest, formasi_id: int, version: int) -> HttpResponse:
    """The PDF exactly as stored at publication."""
    announcement = _version(formasi_id, version)
    return _download(announcement, "pdf", selectors.get_pdf(announcement))


def verifications_per_hour() -> int:
    """SIMERIT_VERIFY_PER_HOUR (60 by default); 0 switches the limit off (load tests)."""
    return int(getattr(settings, "SIMERIT_VERIFY_PER_HOUR", DEFAULT_VERIFICATIONS_PER_HOUR))


def _rate_key(client_address: str) -> str:
    return address_key("selection:verify", client_address)


def _count_verification(client_address: str) -> bool:
    """Count a verify POST from this address; False past the hourly limit."""
    limit = verifications_per_hour()
    if limit <= 0:
        return True
    key = _rate_key(client_address)
    return count_hit(key, window_seconds=VERIFY_RATE_WINDOW_SECONDS) <= limit


def declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def verify_refusal(request: HttpRequest) -> tuple[str, int] | None:
    """(message, status) when a verify POST is refused before its body is read: 429 past the
    hourly limit of the client address (every attempt counts), 413 when the declared body is
    larger than a 5 MB file can make it. None: go on."""
    if not _count_verification(client_ip(request)):
        return RATE_LIMITED_MESSAGE, 429
    if declared_length(request) > MAX_VERIFY_REQUEST_BYTES:
        return TOO_LARGE_MESSAGE, 413
    return None


# The CSRF middleware reads request.POST (the whole multipart body) to find the token, so this view
# is exempt from it and runs the same check itself (`_verify_form` is csrf_protect), after the
# size and rate checks, which read nothing of the body.
@csrf_exempt
def verify(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: a file (at most 5 MB) or a typed hash, and the verdict."""
    if request.method == "POST":
        refusal = verify_refusal(request)
        if refusal is not None:
            message, status = refusal
            context = {"form": VerifyForm(), "verification": None, "refusal": message}
            return render(request, "selection/announcements/verify.html", context, status=status)
    return _verify_form(request)


@csrf_protect
def _verify_form(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    verification = None
    if posted and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload is not None:
                verification = verification_selectors.verify_bytes(upload.read())
            else:
                verification = verification_selectors.verify_hash(form.cleaned_data["sha256"])
        except InvalidInputError as error:
            form.add_error("sha256", error.message)
    status = 422 if form.errors else 200
    return render(
        request,
        "selection/announcements/verify.html",
        {"form": form, "verification": verification},
        status=status,
    )


def verify_hash(request: HttpRequest, sha256: str) -> HttpResponse:
    """The QR code's target: the verdict for the hash in the address."""
    form = VerifyForm(initial={"sha256": sha256})
    try:
        verification = verification_selectors.verify_hash(sha256)
    except InvalidInputError as error:
        verification = None
        form = VerifyForm({"sha256": sha256})
        form.is_valid()
        form.add_error("sha256", error.message)
    return render(
        request,
        "selection/announcements/verify.html",
        {"form": form, "verification": verification},
        status=200 if verification else 422,
    )


def _problems(announcement: ResultAnnouncement) -> list[str]:
    """`announcement_problems`, kept for a minute: the detail page is read by everyone right after
    a publication, and the check recomputes the whole record."""
    key = f"selection:announcement-problems:{announcement.pk}"
    problems: list[str] | None = cache.get(key)
    if problems is None:
        problems = selectors.announcement_problems(announcement)
        cache.set(key, problems, timeout=PROBLEMS_CACHE_SECONDS)
    return problems


def _version(formasi_id: int, version: int) -> ResultAnnouncement:
    announcement = selectors.get_version(formasi_id, version) if version <= 32767 else None
    if announcement is None:
        raise Http404("Versi pengumuman hasil akhir ini tidak ada.")
    return announcement


def _download(announcement: ResultAnnouncement, extension: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = attachment(files.filename(announcement, extension))
    response["X-Content-SHA256"] = files.sha256_hex(content)
    return response


# --- The applicant


@role_required(Role.PELAMAR)
def my_result(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The applicant's own line in the newest published version, with why."""
    applicant = Applicant.objects.filter(user=request.user).first()
    results = selectors.list_applicant_results(applicant) if applicant else []
    context = {"applicant": applicant, "results": results}
    return render(request, "selection/announcements/my_result.html", context)


# --- Admin BKPSDM (the Auditor reads)


@role_required(Role.ADMIN_BKPSDM, Role.AUDITOR)
def announcement_admin(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    return _admin_page(request, period)


def _admin_page(
    request: AuthenticatedHttpRequest,
    period: SelectionPeriod,
    *,
    form: PublishForm | None = None,
    refused: Formasi | None = None,
    refused_form: PublishForm | None = None,
) -> HttpResponse:
    """HR's page. After a refused publication it is shown again (status 200) with the bound form
    and its errors, so nothing typed is lost: `form` is the form of "publish all", `refused` and
    `refused_form` the formasi whose own publication was refused and its form."""
    run, states = selectors.formasi_states(period)
    page_obj = Paginator(states, PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "period": period,
        "run": run,
        "page_obj": page_obj,
        "query_string": "",
        "can_publish": request.user.has_role(Role.ADMIN_BKPSDM),
        "form": form if form is not None else PublishForm(),
        "refused": refused,
        "refused_form": refused_form,
    }
    return render(request, "selection/announcements/admin.html", context)


def _add_refusal(form: PublishForm, error: DomainError) -> None:
    """A service's refusal as errors of the form (on the note when it is about the note)."""
    errors = (
        error.errors
        if isinstance(error, InvalidInputError)
        else {error.field or "": [error.message]}
    )
    for field, field_messages in errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def announcement_publish(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = get_object_or_404(Formasi.objects.select_related("period"), pk=formasi_id)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            announcement = services.publish_results(
                formasi=formasi, note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as error:
            _add_refusal(form, error)
        else:
            messages.success(
                request,
                f"Hasil akhir {formasi.code} versi {announcement.version} diumumkan; SHA-256 "
                f"{announcement.sha256}.",
            )
            return redirect("selection:announcement-admin", period_id=formasi.period_id)
    return _admin_page(request, formasi.period, refused=formasi, refused_form=form)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def announcement_publish_all(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            count = services.publish_period(
                period=period, note=form.cleaned_data["note"], actor=request.user
            )
        except DomainError as error:
            _add_refusal(form, error)
        else:
            if count:
                messages.success(request, f"{count} pengumuman hasil akhir diterbitkan.")
            else:
                messages.info(
                    request,
                    "Semua formasi pada integrasi terakhir sudah diumumkan; tidak ada yang baru.",
                )
            return redirect("selection:announcement-admin", period_id=period.pk)
    return _admin_page(request, period, form=form)


VERSION_PATH = "pengumuman-hasil/<int:formasi_id>/versi-<int:version>/"

urlpatterns: list[URLPattern] = [
    path("pengumuman-hasil/", announcement_list, name="announcement-list"),
    path(VERSION_PATH, announcement_detail, name="announcement-detail"),
    path(f"{VERSION_PATH}hasil-akhir.json", announcement_json, name="announcement-json"),
    path(f"{VERSION_PATH}hasil-akhir.csv", announcement_csv, name="announcement-csv"),
    path(f"{VERSION_PATH}hasil-akhir.pdf", announcement_pdf, name="announcement-pdf"),
    path(
        "pengumuman-hasil/kelola/<int:period_id>/",
        announcement_admin,
        name="announcement-admin",
    ),
    path(
        "pengumuman-hasil/kelola/formasi/<int:formasi_id>/terbitkan/",
        announcement_publish,
        name="announcement-publish",
    ),
    path(
        "pengumuman-hasil/kelola/<int:period_id>/terbitkan-semua/",
        announcement_publish_all,
        name="announcement-publish-all",
    ),
    path("verifikasi-pengumuman/", verify, name="verify"),
    path("verifikasi-pengumuman/<str:sha256>/", verify_hash, name="verify-hash"),
    path("hasil-akhir-saya/", my_result, name="my-result"),
]

"""Announcement pages: HR publishes per formasi; anyone reads and verifies the published list;
the applicant sees their own detailed result and files a sanggah."""

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.recruitment import downloads
from simerit.recruitment.forms.verification import PeriodFilterForm, PublishForm, SanggahFilingForm
from simerit.recruitment.models import Applicant, Application, Formasi
from simerit.recruitment.selectors import announcements as selectors
from simerit.recruitment.selectors.verification import default_period
from simerit.recruitment.selectors.windows import PUBLICATION_STAGES, stage_refusal
from simerit.recruitment.services import announcements as services
from simerit.recruitment.services import sanggah as sanggah_services
from simerit.recruitment.views.verification import run_service

PER_PAGE = 25
ENTRIES_PER_PAGE = 100


# --- Admin BKPSDM


@role_required(Role.ADMIN_BKPSDM)
def admin(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Formasi of a period with what blocks their announcement, and the publish form."""
    period_form = PeriodFilterForm(request.GET or None)
    period = None
    if period_form.is_bound and period_form.is_valid():
        period = period_form.cleaned_data.get("period")
    period = period or default_period()
    formasi = (
        selectors.list_formasi_for_publication(period=period) if period else Formasi.objects.none()
    )
    page_obj = Paginator(formasi, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "period_form": period_form,
        "period": period,
        "page_obj": page_obj,
        "query_string": _query(period=period.pk) if period else "",
        "publish_refusal": stage_refusal(period, PUBLICATION_STAGES, timezone.now())
        if period
        else None,
    }
    return render(request, "recruitment/announcement_admin.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def publish(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = get_object_or_404(Formasi, pk=formasi_id)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        announcement = services.publish_announcement(
            formasi=formasi, note=form.cleaned_data.get("note", ""), actor=request.user
        )
    except InvalidInputError as error:
        messages.error(request, f"{formasi.code}: {next(iter(error.errors.values()))[0]}")
    except DomainError as error:
        messages.error(request, f"{formasi.code}: {error.message}")
    else:
        messages.success(
            request,
            f"Pengumuman {formasi.code} versi {announcement.version} terbit; "
            f"SHA-256 {announcement.sha256}.",
        )
    return redirect(
        f"{reverse('recruitment:announcement-admin')}?{_query(period=formasi.period_id)}"
    )


# --- Public (no login)


def index(request: HttpRequest) -> HttpResponse:
    """Every formasi with a published administrative result, newest first."""
    search = request.GET.get("q", "")[:100]
    formasi = selectors.list_announced_formasi(search=search)
    page_obj = Paginator(formasi, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "search": search,
        "query_string": _query(q=search) if search else "",
    }
    return render(request, "recruitment/announcement_index.html", context)


def detail(request: HttpRequest, formasi_id: int) -> HttpResponse:
    """One version of a formasi's announcement (the latest unless ?versi=), and its history."""
    formasi = get_object_or_404(
        Formasi.objects.select_related("period", "position", "work_unit"), pk=formasi_id
    )
    latest = selectors.latest_announcement(formasi)
    announcement = _requested_version(request, formasi) or latest
    if announcement is None or latest is None:
        raise Http404("Pengumuman formasi ini belum terbit.")
    search = request.GET.get("q", "")[:30]
    entries = selectors.list_entries(announcement, search=search)
    page_obj = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "formasi": formasi,
        "announcement": announcement,
        "is_latest": announcement.pk == latest.pk,
        "versions": selectors.list_versions(formasi),
        "page_obj": page_obj,
        "search": search,
        "query_string": query_without_page(request),
    }
    return render(request, "recruitment/announcement_detail.html", context)


def canonical_json(request: HttpRequest, formasi_id: int, version: int) -> HttpResponse:
    """The exact bytes whose SHA-256 was published and written to the audit chain."""
    formasi = get_object_or_404(Formasi, pk=formasi_id)
    announcement = selectors.get_version(formasi, version)
    if announcement is None:
        raise Http404("Versi pengumuman ini tidak ada.")
    response = HttpResponse(
        selectors.canonical_json(announcement).encode("utf-8"),
        content_type="application/json; charset=utf-8",
    )
    filename = f"pengumuman-{formasi.code}-v{announcement.version}.json"
    response["Content-Disposition"] = downloads.attachment(filename)
    response["X-Content-SHA256"] = announcement.sha256
    return response


def _query(**values: object) -> str:
    """A query string for the pagination links, every value encoded (a search may hold & or #)."""
    query = QueryDict(mutable=True)
    for key, value in values.items():
        query[key] = str(value)
    return query.urlencode()


def _requested_version(request: HttpRequest, formasi: Formasi) -> Any:
    raw = request.GET.get("versi", "")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 32767:
        raise Http404("Versi pengumuman ini tidak ada.")
    announcement = selectors.get_version(formasi, int(raw))
    if announcement is None:
        raise Http404("Versi pengumuman ini tidak ada.")
    return announcement


# --- The applicant


@role_required(Role.PELAMAR)
def application_result(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Hasil seleksi administrasi": the applicant's own status, detailed reasons and sanggah."""
    applicant = Applicant.objects.filter(user=request.user).first()
    results = selectors.list_applicant_results(applicant) if applicant else []
    context = {"applicant": applicant, "results": results}
    return render(request, "recruitment/announcement_applicant_result.html", context)


@role_required(Role.PELAMAR)
def sanggah_file(request: AuthenticatedHttpRequest, application_id: int) -> HttpResponse:
    """The sanggah form: the application's own uploaded documents and a reason; once only."""
    application = _own_application(request, application_id)
    documents = application.documents.select_related("kind")
    form = SanggahFilingForm(request.POST or None, documents=documents)
    if request.method == "POST" and form.is_valid():
        filing = partial(
            sanggah_services.file_sanggah,
            application=application,
            reason=form.cleaned_data["reason"],
            document_ids=[doc.pk for doc in form.cleaned_data["documents"]],
            actor=request.user,
        )
        if run_service(form, filing):
            messages.success(request, "Sanggah Anda tercatat.")
            return redirect("recruitment:application-result")
    context = {
        "application": application,
        "form": form,
        "window": selectors.sanggah_window(application),
        "refusal": selectors.sanggah_filing_refusal(application, now=timezone.now()),
    }
    return render(
        request, "recruitment/sanggah_form.html", context, status=422 if form.errors else 200
    )


def _own_application(request: AuthenticatedHttpRequest, application_id: int) -> Application:
    """Another applicant's application is a 404: a guessed id reveals nothing."""
    applicant = Applicant.objects.filter(user=request.user).first()
    application = (
        selectors.get_own_application(applicant=applicant, application_id=application_id)
        if applicant
        else None
    )
    if application is None:
        raise Http404("Lamaran tidak ditemukan.")
    return application


urlpatterns: list[URLPattern | URLResolver] = [
    path("pengumuman/", index, name="announcement-index"),
    path("pengumuman/kelola/", admin, name="announcement-admin"),
    path(
        "pengumuman/kelola/<int:formasi_id>/terbitkan/",
        publish,
        name="announcement-publish",
    ),
    path("pengumuman/<int:formasi_id>/", detail, name="announcement-detail"),
    path(
        "pengumuman/<int:formasi_id>/versi-<int:version>.json",
        canonical_json,
        name="announcement-json",
    ),
    path("hasil-administrasi/", application_result, name="application-result"),
    path(
        "hasil-administrasi/<int:application_id>/sanggah/",
        sanggah_file,
        name="sanggah-file",
    ),
]

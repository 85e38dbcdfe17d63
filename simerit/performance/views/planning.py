"""Pages of SKP planning: the performance years (Admin BKPSDM; the Auditor reads), my SKPs, my
team's SKPs, an employee's multi-year history and the SKP document. One SKP's own page and its
buttons are in `views.planning_skp`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.performance import documents, permissions
from simerit.performance.forms.planning import TeamFilterForm, YearForm
from simerit.performance.models import PerformanceYear
from simerit.performance.selectors import credit as credit_selectors
from simerit.performance.selectors import planning as selectors
from simerit.performance.services import planning as services
from simerit.performance.services import planning_years as year_services
from simerit.performance.views.planning_skp import act, run_form
from simerit.performance.views.planning_skp import urlpatterns as skp_urlpatterns

PER_PAGE = 25
YEAR_READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)


@role_required(*YEAR_READERS)
def year_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The years with their SKP counts; Admin BKPSDM opens a year here (POST)."""
    form = YearForm(request.POST or None)
    if request.method == "POST" and run_form(
        form,
        lambda: year_services.open_year(
            year=form.cleaned_data["year"], config=form.config(), actor=request.user
        ),
    ):
        messages.success(request, f"Periode penilaian kinerja {form.cleaned_data['year']} dibuka.")
        return redirect("performance:year-list")
    years = list(selectors.years_with_counts())
    context = {
        "years": years,
        "statuses": selectors.Status.choices,
        "form": form,
        "can_manage": permissions.is_hr(request.user),
        "closable_feedback": selectors.closable_feedback(years, on=timezone.localdate()),
    }
    return render(
        request, "performance/planning/year_list.html", context, status=422 if form.errors else 200
    )


@role_required(*YEAR_READERS)
def year_edit(request: AuthenticatedHttpRequest, year_id: int) -> HttpResponse:
    year = get_object_or_404(PerformanceYear, pk=year_id)
    form = YearForm(request.POST or None, instance=year)
    if request.method == "POST" and run_form(
        form, lambda: year_services.update_year(year=year, config=form.config(), actor=request.user)
    ):
        messages.success(request, f"Konfigurasi periode {year.year} tersimpan.")
        return redirect("performance:year-list")
    context = {"year": year, "form": form, "can_manage": permissions.is_hr(request.user)}
    return render(
        request, "performance/planning/year_form.html", context, status=422 if form.errors else 200
    )


@require_POST
@role_required(*YEAR_READERS)
def year_advance(request: AuthenticatedHttpRequest, year_id: int) -> HttpResponse:
    """PLANNING → RUNNING → CLOSED."""
    year = get_object_or_404(PerformanceYear, pk=year_id)
    act(
        request,
        lambda: year_services.advance_year(year=year, actor=request.user),
        lambda changed: f"Periode {changed.year} kini berstatus {changed.get_status_display()}.",
    )
    return redirect("performance:year-list")


@require_POST
@role_required(*YEAR_READERS)
def year_feedback_close(request: AuthenticatedHttpRequest, year_id: int) -> HttpResponse:
    """End the 360 collection now: answers stop, their aggregates are shown (ADR 0010)."""
    year = get_object_or_404(PerformanceYear, pk=year_id)
    act(
        request,
        lambda: year_services.close_feedback(year=year, actor=request.user),
        lambda changed: (
            f"Masukan 360 periode {changed.year} ditutup; rekapitulasinya kini ditampilkan."
        ),
    )
    return redirect("performance:year-list")


@login_required
def my_skp(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "employee": permissions.employee_of(request.user),
        "skps": selectors.my_skps(request.user),
        "open_years": selectors.years_open_for_new_skp(request.user),
    }
    return render(request, "performance/planning/my_skp.html", context)


@require_POST
@login_required
def skp_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = selectors.posted_year(request.POST.get("year"))
    if year is None:
        raise Http404("Periode penilaian kinerja tidak ditemukan.")
    created = act(
        request,
        lambda: services.create_skp(year=year, actor=request.user),
        lambda skp: f"SKP {skp.year.year} dibuat. Tambahkan rencana hasil kerja lalu ajukan.",
    )
    if created is None:
        return redirect("performance:my-skp")
    return redirect("performance:skp-detail", skp_id=created.pk)


@login_required
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """SKPs on which I am the pejabat penilai, and how many wait for my decision."""
    form = TeamFilterForm(request.GET or None)
    skps = selectors.team_skps(request.user, status=form.status_filter())
    page_obj = Paginator(skps, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "waiting": selectors.waiting_count(request.user),
        "query_string": query_without_page(request),
    }
    return render(request, "performance/planning/team.html", context)


@login_required
def employee_history(request: AuthenticatedHttpRequest, employee_id: int) -> HttpResponse:
    employee = selectors.history_employee(request.user, employee_id)
    if employee is None:
        raise Http404("Pegawai tidak ditemukan.")
    skps = selectors.employee_history(request.user, employee)
    # Each year with its angka kredit (jabatan fungsional, §5.8).
    context = {
        "employee": employee,
        "skps": skps,
        "history": credit_selectors.history_with_credit(skps),
    }
    return render(request, "performance/planning/employee_history.html", context)


@login_required
def skp_pdf(request: AuthenticatedHttpRequest, skp_id: int) -> HttpResponse:
    skp = get_object_or_404(
        selectors.skps_with_header(permissions.visible_skps(request.user)), pk=skp_id
    )
    response = HttpResponse(documents.skp_pdf(skp), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.skp_filename(skp)}"'
    return response


urlpatterns: list[URLPattern] = [
    path("periode/", year_list, name="year-list"),
    path("periode/<int:year_id>/ubah/", year_edit, name="year-edit"),
    path("periode/<int:year_id>/lanjut/", year_advance, name="year-advance"),
    path(
        "periode/<int:year_id>/tutup-masukan-360/",
        year_feedback_close,
        name="year-feedback-close",
    ),
    path("skp-saya/", my_skp, name="my-skp"),
    path("skp-saya/buat/", skp_create, name="skp-create"),
    path("tim/", team, name="team"),
    path("pegawai/<int:employee_id>/riwayat/", employee_history, name="employee-history"),
    path("skp/<int:skp_id>/dokumen.pdf", skp_pdf, name="skp-pdf"),
    *skp_urlpatterns,
]

"""Winners become employees: per formasi the Lulus and appointed counts and the appoint button
(Admin BKPSDM), the appointments with their proposed NIP, and the NIP proposal workbook; the
Auditor reads."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.employees.models import EmployeeKind
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection import permissions
from simerit.selection.forms.appointments import AppointForm
from simerit.selection.selectors import appointments as selectors
from simerit.selection.services import appointments as services

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
FORMASI_PER_PAGE = 25
APPOINTMENTS_PER_PAGE = 50
APPOINTMENTS_PAGE = "hal"


@role_required(*READERS)
def appointments(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    return _page(request, period)


def _page(
    request: AuthenticatedHttpRequest,
    period: SelectionPeriod,
    *,
    refused: Formasi | None = None,
    form: AppointForm | None = None,
) -> HttpResponse:
    """The period's page. After a refused appointment it is shown again (status 200) with the
    refused formasi's bound form: the typed TMT and the reason stay."""
    formasi_page = Paginator(selectors.announced_formasi(period), FORMASI_PER_PAGE).get_page(
        request.GET.get("page")
    )
    appointment_page = Paginator(selectors.appointments_of(period), APPOINTMENTS_PER_PAGE).get_page(
        request.GET.get(APPOINTMENTS_PAGE)
    )
    can_manage = permissions.can_manage(request.user)
    rows = selectors.formasi_rows(formasi_page.object_list, now=timezone.now())
    context = {
        "period": period,
        "page_obj": formasi_page,
        "rows": [
            {
                "row": row,
                "suggested_tmt": selectors.suggested_tmt(
                    period=period, announcement=row.announcement
                )
                if can_manage and row.announcement and row.refusal is None
                else None,
            }
            for row in rows
        ],
        "appointment_page": appointment_page,
        "appointment_rows": [
            {"appointment": item, "employee_url": _employee_url(item.employee_id)}
            for item in appointment_page.object_list
        ],
        "query_string": _other_page(request, APPOINTMENTS_PAGE),
        "appointment_query": _other_page(request, "page"),
        "can_manage": can_manage,
        "kind_label": EmployeeKind(selectors.employee_kind(period)).label,
        "refused": refused,
        "refused_form": form,
    }
    return render(request, "selection/appointments/index.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def appoint(request: AuthenticatedHttpRequest, formasi_id: int) -> HttpResponse:
    formasi = get_object_or_404(Formasi.objects.select_related("period"), pk=formasi_id)
    form = AppointForm(request.POST)
    if form.is_valid():
        try:
            created = services.appoint_winners(
                formasi=formasi, planned_tmt=form.cleaned_data["planned_tmt"], actor=request.user
            )
        except InvalidInputError as error:
            for field, field_messages in error.errors.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            skipped = selectors.appointment_counts(formasi)["appointed"] - len(created)
            messages.success(
                request,
                f"{formasi.code}: {len(created)} pegawai dibuat; {skipped} pelamar Lulus yang "
                "sudah diangkat sebelumnya dilewati.",
            )
            return redirect("selection:appointments", period_id=formasi.period_id)
    return _page(request, formasi.period, refused=formasi, form=form)


@role_required(*READERS)
def appointments_export(request: AuthenticatedHttpRequest, period_id: int) -> HttpResponse:
    """The usul penetapan NIP of the period as an Excel workbook (no NIK)."""
    period = get_object_or_404(SelectionPeriod, pk=period_id)
    rows = list(selectors.appointments_of(period))
    services.record_proposal_export(period=period, count=len(rows), actor=request.user)
    response = HttpResponse(selectors.proposals_workbook(rows), content_type=XLSX_CONTENT_TYPE)
    name = slugify(f"usul-nip-{period.name}") or "usul-nip"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


def _employee_url(employee_id: int) -> str:
    """The employee's page, or "" when the register has no such page."""
    try:
        return reverse("employees:detail", args=[employee_id])
    except NoReverseMatch:
        return ""


def _other_page(request: AuthenticatedHttpRequest, keep: str) -> str:
    """The query string keeping only the other list's page, for one list's page links."""
    query = request.GET.copy()
    for key in list(query):
        if key != keep:
            query.pop(key)
    return query.urlencode()


urlpatterns: list[URLPattern] = [
    path("pengangkatan/periode/<int:period_id>/", appointments, name="appointments"),
    path(
        "pengangkatan/periode/<int:period_id>/usul-nip.xlsx",
        appointments_export,
        name="appointments-export",
    ),
    path("pengangkatan/formasi/<int:formasi_id>/angkat/", appoint, name="appointments-appoint"),
]

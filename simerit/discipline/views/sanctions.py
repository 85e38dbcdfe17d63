"""The sanctions register (register hukuman disiplin): every sanction the account may see
(`permissions.visible_sanctions`: Admin BKPSDM and the Auditor all, an employee their own, a
supervisor their team), with filters and an audited Excel export."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from simerit.core.forms import BootstrapFormMixin
from simerit.core.paging import query_without_page
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.core.types import AuthenticatedHttpRequest
from simerit.discipline import exporting
from simerit.discipline.models import Level, SanctionType
from simerit.discipline.selectors import register as selectors
from simerit.discipline.selectors.register import RegisterFilters

PER_PAGE = 25


class RegisterFilterForm(BootstrapFormMixin, forms.Form):
    tingkat = forms.ChoiceField(
        label="Tingkat", required=False, choices=[("", "Semua tingkat"), *Level.choices]
    )
    jenis = forms.ChoiceField(
        label="Jenis hukuman", required=False, choices=[("", "Semua jenis"), *SanctionType.choices]
    )
    tahun = forms.TypedChoiceField(label="Tahun keputusan", coerce=int, required=False, choices=[])
    berlaku = forms.DateField(
        label="Berjalan pada tanggal",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    q = forms.CharField(label="Cari nama, NIP, atau nomor", required=False, max_length=100)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tahun"].choices = [("", "Semua tahun"), *[(y, str(y)) for y in years]]  # type: ignore[attr-defined]

    def filters(self) -> RegisterFilters:
        if not self.is_valid():
            return RegisterFilters()
        data = self.cleaned_data
        return RegisterFilters(
            level=data["tingkat"],
            sanction_type=data["jenis"],
            year=data["tahun"] or None,
            running_on=data["berlaku"],
            search=data["q"],
        )


def _form(request: AuthenticatedHttpRequest) -> RegisterFilterForm:
    years = selectors.year_choices(request.user, current=timezone.localdate().year)
    return RegisterFilterForm(request.GET or None, years=years)


@login_required
@require_GET
def sanction_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _form(request)
    today = timezone.localdate()
    page = Paginator(
        selectors.list_sanctions(user=request.user, filters=form.filters()), PER_PAGE
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "rows": [(sanction, selectors.state_of(sanction, on=today)) for sanction in page],
        "query_string": query_without_page(request),
    }
    return render(request, "discipline/sanctions/sanction_list.html", context)


@login_required
@require_GET
def sanction_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The register with the page's filters as .xlsx (no NIK); the download is audited."""
    content = exporting.export_register(actor=request.user, filters=_form(request).filters())
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="register-hukuman-disiplin-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    # Personal data (names, NIP, sanctions): no copy in a shared or browser cache.
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns: list[URLPattern] = [
    path("hukuman/", sanction_list, name="sanction_list"),
    path("hukuman/unduh/", sanction_export, name="sanction_export"),
]

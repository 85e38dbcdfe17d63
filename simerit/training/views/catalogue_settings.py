"""The training configuration page: each year's JP target and the leadership training rules.
Admin BKPSDM changes them (every change audited with before and after); the Auditor reads."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path

from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training import permissions
from simerit.training.forms.catalogue import LeadershipRuleForm, YearForm
from simerit.training.models import LeadershipRule, TrainingYear
from simerit.training.services import config as services
from simerit.training.views.catalogue_helpers import run_form, status_of

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)


def _check_hr(request: AuthenticatedHttpRequest) -> None:
    if request.method == "POST" and not permissions.is_hr(request.user):
        raise PermissionDenied(services.HR_ONLY)


@role_required(*READERS)
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The years and the rules; Admin BKPSDM sets a new year here (POST)."""
    _check_hr(request)
    form = YearForm(request.POST or None)
    if request.method == "POST":
        created = run_form(
            form,
            lambda: services.create_year(
                year=form.cleaned_data["year"], data=form.to_input(), actor=request.user
            ),
        )
        if created is not None:
            messages.success(request, f"Pengaturan tahun {created.year} tersimpan.")
            return redirect("training:settings")
    context = {
        "years": TrainingYear.objects.order_by("-year"),
        "rules": LeadershipRule.objects.order_by("position_kind"),
        "form": form,
        "can_manage": permissions.is_hr(request.user),
        "default_reminder_month": services.DEFAULT_REMINDER_MONTH,
    }
    return render(request, "training/catalogue/settings.html", context, status=status_of(form))


@role_required(*READERS)
def year_edit(request: AuthenticatedHttpRequest, year_id: int) -> HttpResponse:
    training_year = get_object_or_404(TrainingYear, pk=year_id)
    _check_hr(request)
    form = YearForm(request.POST or None, instance=training_year)
    if request.method == "POST":
        changed = run_form(
            form,
            lambda: services.update_year(
                training_year=training_year, data=form.to_input(), actor=request.user
            ),
        )
        if changed is not None:
            messages.success(request, f"Pengaturan tahun {changed.year} tersimpan.")
            return redirect("training:settings")
    context = {
        "form": form,
        "title": f"Pengaturan tahun {training_year.year}",
        "can_manage": permissions.is_hr(request.user),
    }
    return render(request, "training/catalogue/settings_form.html", context, status=status_of(form))


@role_required(*READERS)
def rule_edit(request: AuthenticatedHttpRequest, rule_id: int) -> HttpResponse:
    rule = get_object_or_404(LeadershipRule, pk=rule_id)
    _check_hr(request)
    form = LeadershipRuleForm(request.POST or None, instance=rule)
    if request.method == "POST":
        changed = run_form(
            form,
            lambda: services.update_leadership_rule(
                rule=rule,
                programme_kind=form.cleaned_data["programme_kind"],
                months_to_complete=form.cleaned_data["months_to_complete"],
                actor=request.user,
            ),
        )
        if changed is not None:
            messages.success(
                request,
                f"Aturan pelatihan kepemimpinan {changed.get_position_kind_display()} tersimpan.",
            )
            return redirect("training:settings")
    context = {
        "form": form,
        "title": f"Pelatihan kepemimpinan jabatan {rule.get_position_kind_display()}",
        "can_manage": permissions.is_hr(request.user),
    }
    return render(request, "training/catalogue/settings_form.html", context, status=status_of(form))


urlpatterns: list[URLPattern] = [
    path("pengaturan/", settings_page, name="settings"),
    path("pengaturan/tahun/<int:year_id>/", year_edit, name="settings-year-edit"),
    path("pengaturan/kepemimpinan/<int:rule_id>/", rule_edit, name="settings-rule-edit"),
]

"""Appeal pages (Admin BKPSDM, from the case page's "Upaya administratif" section): recording a
keberatan or banding filed by the employee, and recording its outcome. The section itself is
`templates/discipline/appeals/_section.html`, included by the case page.

A case the account may not see is a 404; an account that sees it but may not record (the Auditor,
the employee, a supervisor, HR on their own case) gets a 403."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from simerit.core.forms import BootstrapFormMixin
from simerit.core.types import AuthenticatedHttpRequest
from simerit.discipline.models import Appeal, DisciplineSettings, Level, Sanction, SanctionType
from simerit.discipline.services import appeals as services
from simerit.discipline.services.appeals import AppealDecision
from simerit.discipline.services.cases import require_manage
from simerit.discipline.views.cases import detail_url, run_form, visible_case

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SECTION = "#upaya-administratif"


class AppealForm(BootstrapFormMixin, forms.Form):
    filed_on = forms.DateField(label="Tanggal pengajuan", widget=DATE)
    reason = forms.CharField(
        label="Alasan yang diajukan pegawai", widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealDecisionForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Hasil putusan",
        choices=[("", "—"), *[(v, label) for v, label in Appeal.Outcome.choices if v != "pending"]],
    )
    decided_on = forms.DateField(label="Tanggal putusan", widget=DATE)
    decision_note = forms.CharField(
        label="Pertimbangan putusan", widget=forms.Textarea(attrs={"rows": 4})
    )
    new_level = forms.ChoiceField(
        label="Tingkat hukuman pengganti",
        choices=[("", "—"), *Level.choices],
        required=False,
        help_text="Hanya bila hukuman diubah.",
    )
    new_sanction_type = forms.ChoiceField(
        label="Jenis hukuman pengganti",
        choices=[("", "—"), *SanctionType.choices],
        required=False,
        help_text=(
            "Hanya bila hukuman diubah; harus termasuk tingkat yang dipilih. Tanggal berakhir dan "
            "potongan TPP dihitung ulang dari tanggal mulai yang sama."
        ),
    )

    def to_input(self) -> AppealDecision:
        data = self.cleaned_data
        return AppealDecision(
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            decision_note=data["decision_note"],
            new_level=data["new_level"],
            new_sanction_type=data["new_sanction_type"],
        )


def _sanction(request: AuthenticatedHttpRequest, case_id: int) -> Sanction:
    case = visible_case(request, case_id)
    sanction = Sanction.objects.select_related("case", "employee").filter(case=case).first()
    if sanction is None:
        raise Http404("Kasus ini belum diputus.")
    return sanction


@login_required
@require_http_methods(["GET", "POST"])
def appeal_new(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    sanction = _sanction(request, case_id)
    require_manage(request.user, sanction.case)
    kind = services.kind_for(sanction.sanction_type)
    form = AppealForm(request.POST or None, initial={"filed_on": timezone.localdate()})
    if request.method == "POST":
        appeal = run_form(
            form,
            lambda: services.file_appeal(
                sanction=sanction,
                kind=kind,
                filed_on=form.cleaned_data["filed_on"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            ),
        )
        if appeal is not None:
            messages.success(request, f"{appeal.get_kind_display()} dicatat.")
            return redirect(detail_url(sanction.case) + SECTION)
    settings = DisciplineSettings.objects.get(pk=1)
    context = {
        "case": sanction.case,
        "sanction": sanction,
        "form": form,
        "kind_label": Appeal.Kind(kind).label,
        "window_days": services.window_days(kind, settings),
        "deadline": services.deadline(sanction, settings=settings),
    }
    status = 422 if form.errors else 200
    return render(request, "discipline/appeals/appeal_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def appeal_decide(request: AuthenticatedHttpRequest, case_id: int, appeal_id: int) -> HttpResponse:
    sanction = _sanction(request, case_id)
    appeal = get_object_or_404(Appeal, pk=appeal_id, sanction=sanction)
    require_manage(request.user, sanction.case)
    form = AppealDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST":
        decided = run_form(
            form,
            lambda: services.decide_appeal(appeal=appeal, data=form.to_input(), actor=request.user),
        )
        if decided is not None:
            messages.success(
                request,
                f"Putusan {decided.get_kind_display().lower()} dicatat: "
                f"{decided.get_outcome_display()}.",
            )
            return redirect(detail_url(sanction.case) + SECTION)
    context = {"case": sanction.case, "sanction": sanction, "appeal": appeal, "form": form}
    status = 422 if form.errors else 200
    return render(request, "discipline/appeals/decision_form.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path(
        "kasus/<int:case_id>/upaya-administratif/baru/",
        appeal_new,
        name="appeal_new",
    ),
    path(
        "kasus/<int:case_id>/upaya-administratif/<int:appeal_id>/putusan/",
        appeal_decide,
        name="appeal_decide",
    ),
]

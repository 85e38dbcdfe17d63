"""The decision (Admin BKPSDM): its own page with the PP 94 table beside the form, and the day
the employee received it (a form on the case page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from simerit.core.types import AuthenticatedHttpRequest
from simerit.discipline.forms.decisions import DecisionForm, DeliveryForm
from simerit.discipline.rules import pp94
from simerit.discipline.selectors import cases as selectors
from simerit.discipline.services import decisions as services
from simerit.discipline.services.cases import require_manage
from simerit.discipline.views.cases import detail_url, render_detail, run_form, visible_case


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = visible_case(request, case_id)
    require_manage(request.user, case)
    examination = selectors.examination_of(case)
    initial = {
        "decided_on": timezone.localdate(),
        "level": examination.proposed_level if examination else case.suspected_level,
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        sanction = run_form(
            form, lambda: services.decide_case(case=case, data=form.to_input(), actor=request.user)
        )
        if sanction is not None:
            messages.success(request, f"Keputusan hukuman disiplin kasus {case.number} dicatat.")
            warning = selectors.decision_warning(sanction.sanction_type)
            if warning:
                messages.warning(request, warning)
            return redirect(detail_url(case))
    context = {
        "case": case,
        "form": form,
        "examination": examination,
        "table": list(pp94.TABLE.values()),
        "pdhtaps_warning": selectors.decision_warning("pdhtaps"),
    }
    status = 422 if form.errors else 200
    return render(request, "discipline/cases/decision_form.html", context, status=status)


@require_POST
@login_required
def decision_delivered(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = visible_case(request, case_id)
    sanction = selectors.sanction_of(case)
    form = DeliveryForm(request.POST, prefix="diterima")
    if sanction is None:
        require_manage(request.user, case)
        messages.error(request, "Kasus ini belum diputus.")
        return redirect(detail_url(case))
    done = run_form(
        form,
        lambda: services.record_delivery(
            sanction=sanction, delivered_on=form.cleaned_data["delivered_on"], actor=request.user
        ),
    )
    if done is None:
        return render_detail(request, case, delivery_form=form)
    messages.success(request, "Tanggal keputusan diterima pegawai dicatat.")
    return redirect(detail_url(case))


urlpatterns: list[URLPattern] = [
    path("kasus/<int:case_id>/keputusan/", decision_new, name="decision_new"),
    path("kasus/<int:case_id>/keputusan/diterima/", decision_delivered, name="decision_delivered"),
]

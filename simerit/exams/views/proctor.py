"""Proctor pages (pengawas ujian): my sittings, the live dashboard of a sitting, a participant's
integrity log and the proctor actions (pause, resume, extend, stop; a whole sitting's pause).

A proctor sees only the sittings they are assigned to (Admin BKPSDM sees all): another sitting
is a 403 and nothing changes. Every action is a POST with CSRF and a reason, and goes through
services/proctoring.py, which writes the audit row and the integrity event.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.exams.models import Attempt, Participant, Sitting
from simerit.exams.selectors import proctor as selectors
from simerit.exams.selectors.sittings import proctored
from simerit.exams.services import proctoring

PROCTOR_ROLES = (Role.PENGAWAS_UJIAN, Role.ADMIN_BKPSDM)
PER_PAGE = 25
LOG_PER_PAGE = 20
DASHBOARD_TEMPLATE = "exams/proctor_sitting.html"
NO_ATTEMPT = "Peserta ini belum memulai ujian."


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Alasan",
        max_length=proctoring.MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={
            "required": proctoring.REASON_REQUIRED,
            "max_length": proctoring.REASON_TOO_LONG,
        },
    )


class ExtendForm(ReasonForm):
    minutes = forms.IntegerField(
        label="Tambahan waktu (menit)",
        min_value=proctoring.MIN_EXTEND_MINUTES,
        max_value=proctoring.MAX_EXTEND_MINUTES,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={
            "required": proctoring.MINUTES_RANGE,
            "invalid": proctoring.MINUTES_RANGE,
            "min_value": proctoring.MINUTES_RANGE,
            "max_value": proctoring.MINUTES_RANGE,
        },
    )
    field_order = ["minutes", "reason"]


# action -> (form, service in services/proctoring.py, past participle for the message)
ACTIONS: dict[str, tuple[type[ReasonForm], str, str]] = {
    "pause": (ReasonForm, "pause_attempt", "dijeda"),
    "resume": (ReasonForm, "resume_attempt", "dilanjutkan"),
    "extend": (ExtendForm, "extend_attempt", "diperpanjang"),
    "stop": (ReasonForm, "stop_attempt", "dihentikan"),
}


# --- Pages


@require_GET
@role_required(*PROCTOR_ROLES)
def sitting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The sittings this proctor is assigned to (Admin BKPSDM: all), newest first."""
    sittings = selectors.list_proctor_sittings(request.user)
    page_obj = Paginator(sittings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exams/proctor_sittings.html", {"page_obj": page_obj})


@require_GET
@role_required(*PROCTOR_ROLES)
def sitting_dashboard(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    """Who is in, working, idle or flagged; HTMX polls the rows partial every 10 seconds."""
    sitting = _proctored_sitting(request, sitting_id)
    board = selectors.dashboard(sitting)
    context = {
        "sitting": sitting,
        "board": board,
        "flag_legend": selectors.FLAG_LEGEND,
        "reason_form": ReasonForm(auto_id="sesi_%s"),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{DASHBOARD_TEMPLATE}#board", context)
    return render(request, DASHBOARD_TEMPLATE, context)


@require_GET
@role_required(*PROCTOR_ROLES)
def participant_detail(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = _proctored_participant(request, participant_id)
    return render(request, "exams/proctor_participant.html", _detail(request, participant))


# --- Actions on one participant's attempt


@require_POST
@role_required(*PROCTOR_ROLES)
def attempt_pause(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    return _act(request, participant_id, "pause")


@require_POST
@role_required(*PROCTOR_ROLES)
def attempt_resume(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    return _act(request, participant_id, "resume")


@require_POST
@role_required(*PROCTOR_ROLES)
def attempt_extend(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    return _act(request, participant_id, "extend")


@require_POST
@role_required(*PROCTOR_ROLES)
def attempt_stop(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    return _act(request, participant_id, "stop")


# --- Actions on a whole sitting


@require_POST
@role_required(*PROCTOR_ROLES)
def sitting_pause(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    return _act_on_sitting(request, sitting_id, "pause_sitting", "dijeda")


@require_POST
@role_required(*PROCTOR_ROLES)
def sitting_resume(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    return _act_on_sitting(request, sitting_id, "resume_sitting", "dilanjutkan")


# --- Helpers


def _proctored_sitting(request: AuthenticatedHttpRequest, sitting_id: int) -> Sitting:
    """403 when this user may not proctor it, the same for an unknown sitting (Admin BKPSDM,
    who sees every sitting, gets 404 for an unknown one)."""
    found = selectors.get_proctor_sitting(sitting_id)
    return proctored(request.user, found, refusal=proctoring.NOT_PROCTOR)


def _proctored_participant(request: AuthenticatedHttpRequest, participant_id: int) -> Participant:
    found = selectors.get_participant(participant_id)
    return proctored(request.user, found, refusal=proctoring.NOT_PROCTOR)


def _detail(
    request: AuthenticatedHttpRequest,
    participant: Participant,
    *,
    bound: dict[str, forms.Form] | None = None,
) -> dict[str, Any]:
    board = selectors.dashboard(participant.sitting, participant_ids=[participant.pk])
    page_obj = Paginator(selectors.integrity_log(participant), LOG_PER_PAGE).get_page(
        request.GET.get("page")
    )
    forms_: dict[str, forms.Form] = {
        action: form_class(auto_id=f"{action}_%s")
        for action, (form_class, _service, _done) in ACTIONS.items()
    }
    forms_.update(bound or {})
    return {
        "participant": participant,
        "sitting": participant.sitting,
        "row": board.rows[0],
        "page_obj": page_obj,
        "log": [(event, selectors.detail_items(event.detail)) for event in page_obj],
        "query_string": "",
        "forms": forms_,
        "refusals": [text for form in (bound or {}).values() for text in _messages(form)],
    }


def _messages(form: forms.Form) -> list[str]:
    """Every error of a refused action, for the alert above the forms (the action's form may not
    be shown, e.g. resuming an attempt that is no longer paused)."""
    return [str(message) for errors in form.errors.values() for message in errors]


def _act(request: AuthenticatedHttpRequest, participant_id: int, action: str) -> HttpResponse:
    """Validate the form, call the service; a refusal re-renders the page with the error."""
    participant = _proctored_participant(request, participant_id)
    form_class, service_name, done = ACTIONS[action]
    service: Callable[..., Attempt] = getattr(proctoring, service_name)
    form = form_class(request.POST, auto_id=f"{action}_%s")
    attempt = selectors.get_attempt(participant)
    if attempt is None:
        form.add_error(None, NO_ATTEMPT)
    elif form.is_valid():
        run_service(form, lambda: service(attempt=attempt, actor=request.user, **form.cleaned_data))
    if form.errors:
        context = _detail(request, participant, bound={action: form})
        return render(request, "exams/proctor_participant.html", context, status=422)
    messages.success(request, f"Pengerjaan peserta kursi {participant.seat_number} {done}.")
    return redirect("exams:proctor-participant", participant_id=participant.pk)


def _act_on_sitting(
    request: AuthenticatedHttpRequest, sitting_id: int, service_name: str, done: str
) -> HttpResponse:
    sitting = _proctored_sitting(request, sitting_id)
    service: Callable[..., int] = getattr(proctoring, service_name)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _messages(form)[0])
        return redirect("exams:proctor-sitting", sitting_id=sitting.pk)
    try:
        count = service(sitting=sitting, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{count} pengerjaan di sesi {sitting.code} {done}.")
    return redirect("exams:proctor-sitting", sitting_id=sitting.pk)


def run_service(form: forms.Form, action: Callable[[], object]) -> bool:
    """Call one service; its refusal becomes the form's errors. True when it succeeded."""
    try:
        action()
    except InvalidInputError as error:
        for field, messages_ in error.errors.items():
            for message in messages_:
                form.add_error(field if field in form.fields else None, message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return not form.errors


urlpatterns: list[URLPattern] = [
    path("pengawas/", sitting_list, name="proctor-sittings"),
    path("pengawas/sesi/<int:sitting_id>/", sitting_dashboard, name="proctor-sitting"),
    path("pengawas/sesi/<int:sitting_id>/jeda/", sitting_pause, name="proctor-sitting-pause"),
    path(
        "pengawas/sesi/<int:sitting_id>/lanjutkan/",
        sitting_resume,
        name="proctor-sitting-resume",
    ),
    path(
        "pengawas/peserta/<int:participant_id>/",
        participant_detail,
        name="proctor-participant",
    ),
    path("pengawas/peserta/<int:participant_id>/jeda/", attempt_pause, name="proctor-pause"),
    path(
        "pengawas/peserta/<int:participant_id>/lanjutkan/",
        attempt_resume,
        name="proctor-resume",
    ),
    path(
        "pengawas/peserta/<int:participant_id>/perpanjang/",
        attempt_extend,
        name="proctor-extend",
    ),
    path("pengawas/peserta/<int:participant_id>/hentikan/", attempt_stop, name="proctor-stop"),
]

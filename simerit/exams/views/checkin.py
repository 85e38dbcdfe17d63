"""Check-in at the exam room (pengawas ujian): the proctor's sittings, a searchable list per
sitting, and one participant's page with the registration photo, "present" and the PINs.

A proctor acts only on the sittings they are assigned to (permissions.can_proctor); Admin
BKPSDM on every sitting. Anyone else gets 403 and nothing changes. A PIN is shown once, on the
answer to the POST that issued it, and never stored in plain text.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.employees.rules import mask_nik
from simerit.exams import cards
from simerit.exams.forms.sittings import CheckinSearchForm, PinForm
from simerit.exams.models import ExamPin, Participant, Sitting
from simerit.exams.selectors import sittings as selectors
from simerit.exams.services import checkin as services
from simerit.exams.services.sittings import pin_closes_at
from simerit.recruitment.uploads import CONTENT_TYPES

PROCTOR_ROLES = (Role.PENGAWAS_UJIAN, Role.ADMIN_BKPSDM)
PER_PAGE = 50
# A search answers its first matches only (no pages: the query is not in the URL).
SEARCH_LIMIT = 50
NO_STORE = "private, no-store"
# The registration photo shown in the check-in page: an image, nothing that runs.
PHOTO_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'self'"


@role_required(*PROCTOR_ROLES)
def sittings(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.list_proctored_sittings(user=request.user)
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "query_string": "", "now": timezone.now()}
    return render(request, "exams/checkin_sittings.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*PROCTOR_ROLES)
def sitting_list(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    """The sitting's participants by seat (GET, paginated). The search by registration number
    or name is a POST (HTMX, CSRF): typed names stay out of URLs, history and access logs."""
    sitting = _proctored_sitting(request, sitting_id)
    form = CheckinSearchForm(request.POST if request.method == "POST" else None)
    context = {
        "sitting": sitting,
        "form": form,
        "query_string": "",
        "closes_at": pin_closes_at(sitting),
        **_rows(request, sitting, form.query()),
    }
    template = "exams/checkin_list.html"
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    response = render(request, f"{template}#results" if htmx else template, context)
    if request.method == "POST":
        response["Cache-Control"] = NO_STORE
    return response


def _rows(request: AuthenticatedHttpRequest, sitting: Sitting, query: str) -> dict[str, object]:
    """Without a query: one page of the list. With one: its first SEARCH_LIMIT matches."""
    participants = selectors.list_participants(sitting=sitting, query=query)
    if not query:
        page_obj = Paginator(participants, PER_PAGE).get_page(request.GET.get("page"))
        return {"searched": False, "page_obj": page_obj}
    found = list(participants[: SEARCH_LIMIT + 1])
    return {"searched": True, "matches": found[:SEARCH_LIMIT], "more": len(found) > SEARCH_LIMIT}


@role_required(*PROCTOR_ROLES)
def participant(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    found = _proctored_participant(request, participant_id)
    return render(request, "exams/checkin_participant.html", _context(found))


@require_POST
@role_required(*PROCTOR_ROLES)
def confirm(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """ "Identitas sesuai — hadirkan": the face and the e-KTP match the registration photo."""
    found = _proctored_participant(request, participant_id)
    try:
        services.check_in(participant=found, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Peserta {found.application.registration_number} hadir.")
    return redirect("exams:checkin-participant", participant_id=found.pk)


@require_POST
@role_required(*PROCTOR_ROLES)
def pin(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """Issue a start or takeover PIN and show it once (the answer is never cached)."""
    found = _proctored_participant(request, participant_id)
    form = PinForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.refusal())
        return redirect("exams:checkin-participant", participant_id=found.pk)
    try:
        plain = _issue(found, request.user, form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("exams:checkin-participant", participant_id=found.pk)
    context = {
        **_context(found),
        "pin": plain,
        "issued": selectors.latest_pin(found),
    }
    response = render(request, "exams/checkin_pin.html", context)
    response["Cache-Control"] = NO_STORE
    return response


def _issue(found: Participant, actor: User, data: dict[str, str]) -> str:
    if data["purpose"] == ExamPin.Purpose.START:
        return services.issue_start_pin(participant=found, actor=actor)
    return services.issue_takeover_pin(participant=found, actor=actor, reason=data["reason"])


@role_required(*PROCTOR_ROLES)
def photo(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """The registration photo (pas foto), only to a proctor of the sitting or Admin BKPSDM."""
    found = _proctored_participant(request, participant_id)
    document = selectors.registration_photo(found)
    if document is None:
        raise Http404("Pas foto tidak ditemukan.")
    # A pas foto is small (200 KB by the national default): read whole, served inline.
    with document.file.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(
        content, content_type=CONTENT_TYPES.get(document.file_format, "application/octet-stream")
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = PHOTO_CSP
    return response


def _proctored_sitting(request: AuthenticatedHttpRequest, sitting_id: int) -> Sitting:
    """403 alike for another sitting and a missing one (Admin BKPSDM: 404 for a missing one)."""
    found = Sitting.objects.select_related("blueprint").filter(pk=sitting_id).first()
    return selectors.proctored(request.user, found, refusal=services.NOT_PROCTOR)


def _proctored_participant(request: AuthenticatedHttpRequest, participant_id: int) -> Participant:
    found = selectors.find_participant(participant_id)
    return selectors.proctored(request.user, found, refusal=services.NOT_PROCTOR)


def _context(found: Participant) -> dict[str, object]:
    applicant = found.application.applicant
    return {
        "participant": found,
        "sitting": found.sitting,
        "application": found.application,
        "applicant": applicant,
        "masked_nik": mask_nik(applicant.nik),
        "accommodation": cards.accommodation_text(found),
        "has_photo": selectors.registration_photo(found) is not None,
        "state": selectors.checkin_state(found, now=timezone.now()),
        "start_purpose": ExamPin.Purpose.START,
        "takeover_purpose": ExamPin.Purpose.TAKEOVER,
        "pin_form": PinForm(auto_id="pin_%s"),
    }


urlpatterns: list[URLPattern | URLResolver] = [
    path("check-in/", sittings, name="checkin-sittings"),
    path("check-in/sesi/<int:sitting_id>/", sitting_list, name="checkin-list"),
    path("check-in/peserta/<int:participant_id>/", participant, name="checkin-participant"),
    path("check-in/peserta/<int:participant_id>/hadir/", confirm, name="checkin-confirm"),
    path("check-in/peserta/<int:participant_id>/pin/", pin, name="checkin-pin"),
    path("check-in/peserta/<int:participant_id>/foto/", photo, name="checkin-photo"),
]

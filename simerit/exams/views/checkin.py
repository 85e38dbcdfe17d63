"""Check-in at the exam room (pengawas ujian): the proctor's sittings, a searchable list per
sitting, and one participant's page with the registration photo, "present" and the PINs.

A proctor acts only on the sittings they are assigned to (permissions.can_proctor); Admin
BKPSDM on every sitting. Anyone else gets 403 and nothing changes. A PIN is shown once, on the
answer to the POST that issued it, and never stored in plain text.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.employees.rules import mask_nik
from simerit.exams import cards
from simerit.exams.forms.sittings import CheckinSearchForm, PinForm
from simerit.exams.models import ExamPin, Participant, Sitting
from simerit.exams.permissions import can_proctor
from simerit.exams.selectors import sittings as selectors
from simerit.exams.services import checkin as services
from simerit.exams.services.sittings import pin_closes_at
from simerit.recruitment.uploads import CONTENT_TYPES

PROCTOR_ROLES = (Role.PENGAWAS_UJIAN, Role.ADMIN_BKPSDM)
PER_PAGE = 50
# The registration photo shown in the check-in page: an image, nothing that runs.
PHOTO_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'self'"


@role_required(*PROCTOR_ROLES)
def sittings(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = selectors.list_proctored_sittings(user=request.user)
    page_obj = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page_obj": page_obj, "query_string": "", "now": timezone.now()}
    return render(request, "exams/checkin_sittings.html", context)


@role_required(*PROCTOR_ROLES)
def sitting_list(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    """The sitting's participants by seat, searchable by registration number or name (HTMX)."""
    sitting = _proctored_sitting(request, sitting_id)
    form = CheckinSearchForm(request.GET)
    participants = selectors.list_participants(sitting=sitting, query=form.query())
    page_obj = Paginator(participants, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "sitting": sitting,
        "form": form,
        "page_obj": page_obj,
        "query_string": query.urlencode(),
        "closes_at": pin_closes_at(sitting),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "exams/checkin_list.html#results", context)
    return render(request, "exams/checkin_list.html", context)


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
        messages.error(request, "Jenis PIN tidak dikenal.")
        return redirect("exams:checkin-participant", participant_id=found.pk)
    purpose = form.cleaned_data["purpose"]
    issue = (
        services.issue_start_pin
        if purpose == ExamPin.Purpose.START
        else services.issue_takeover_pin
    )
    try:
        plain = issue(participant=found, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("exams:checkin-participant", participant_id=found.pk)
    context = {
        **_context(found),
        "pin": plain,
        "issued": selectors.latest_pin(found),
    }
    response = render(request, "exams/checkin_pin.html", context)
    response["Cache-Control"] = "no-store"
    return response


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
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=sitting_id)
    if not can_proctor(request.user, sitting):
        raise PermissionDenied(services.NOT_PROCTOR)
    return sitting


def _proctored_participant(request: AuthenticatedHttpRequest, participant_id: int) -> Participant:
    try:
        found = selectors.get_participant(participant_id)
    except Participant.DoesNotExist:
        raise Http404("Peserta ujian tidak ditemukan.") from None
    if not can_proctor(request.user, found.sitting):
        raise PermissionDenied(services.NOT_PROCTOR)
    return found


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
    }


urlpatterns: list[URLPattern | URLResolver] = [
    path("check-in/", sittings, name="checkin-sittings"),
    path("check-in/sesi/<int:sitting_id>/", sitting_list, name="checkin-list"),
    path("check-in/peserta/<int:participant_id>/", participant, name="checkin-participant"),
    path("check-in/peserta/<int:participant_id>/hadir/", confirm, name="checkin-confirm"),
    path("check-in/peserta/<int:participant_id>/pin/", pin, name="checkin-pin"),
    path("check-in/peserta/<int:participant_id>/foto/", photo, name="checkin-photo"),
]

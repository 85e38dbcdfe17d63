"""Exam sittings (Admin BKPSDM writes, the Auditor reads): the list, create and edit, the
participants with their seats and accommodations, proctors, automatic placement and the export.
Applicants download their exam cards; the card's QR code opens `card` (public)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from simerit.accounts.models import User
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.spreadsheets.writing import (
    TEXT_FORMAT,
    XLSX_CONTENT_TYPE,
    header_cells,
    safe_value,
    text_cell,
    workbook_bytes,
)
from simerit.core.types import AuthenticatedHttpRequest
from simerit.exams import cards
from simerit.exams.forms.sittings import (
    AccommodationForm,
    MoveForm,
    PlacementForm,
    ProctorForm,
    SittingFilterForm,
    SittingForm,
)
from simerit.exams.models import Participant, Sitting
from simerit.exams.permissions import can_proctor
from simerit.exams.selectors import sittings as selectors
from simerit.exams.services import sittings as services
from simerit.recruitment.rules import mask_name

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25
PARTICIPANTS_PER_PAGE = 50
EXPORT_HEADERS = [
    "Kursi",
    "Nomor pendaftaran",
    "Nama",
    "Formasi",
    "Jabatan",
    "Penyandang disabilitas",
    "Tambahan waktu (menit)",
    "Catatan akomodasi",
    "Hadir pada (WIB)",
]
T = TypeVar("T")


# --- sittings


@role_required(*READERS)
def sitting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = SittingFilterForm(request.GET, blueprints=selectors.sitting_blueprints())
    sittings = selectors.list_sittings(**form.filters())
    page_obj = Paginator(sittings, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "is_admin": request.user.has_role(Role.ADMIN_BKPSDM),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "exams/sitting_list.html#results", context)
    return render(request, "exams/sitting_list.html", context)


@role_required(Role.ADMIN_BKPSDM)
def sitting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"blueprint": request.GET.get("kisi")} if request.GET.get("kisi") else {}
    form = SittingForm(
        request.POST or None, blueprints=selectors.sitting_blueprints(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        sitting = _attempt(
            form,
            lambda: services.create_sitting(
                blueprint=form.cleaned_data["blueprint"], data=form.to_input(), actor=request.user
            ),
        )
        if sitting is not None:
            messages.success(request, f"Sesi {sitting.code} tersimpan.")
            return redirect("exams:sitting-detail", sitting_id=sitting.pk)
    return render(request, "exams/sitting_form.html", {"form": form, "sitting": None})


@role_required(Role.ADMIN_BKPSDM)
def sitting_edit(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=sitting_id)
    form = SittingForm(request.POST or None, sitting=sitting)
    if request.method == "POST" and form.is_valid():
        saved = _attempt(
            form,
            lambda: services.update_sitting(
                sitting=sitting, data=form.to_input(), actor=request.user
            ),
        )
        if saved is not None:
            messages.success(request, f"Perubahan sesi {saved.code} tersimpan.")
            return redirect("exams:sitting-detail", sitting_id=saved.pk)
    return render(request, "exams/sitting_form.html", {"form": form, "sitting": sitting})


@role_required(*READERS)
def sitting_detail(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting.objects.select_related("blueprint"), pk=sitting_id)
    participants = selectors.list_participants(sitting=sitting)
    page_obj = Paginator(participants, PARTICIPANTS_PER_PAGE).get_page(request.GET.get("page"))
    is_admin = request.user.has_role(Role.ADMIN_BKPSDM)
    context = {
        "sitting": sitting,
        "page_obj": page_obj,
        "query_string": "",
        "seated": page_obj.paginator.count,
        "proctors": selectors.proctors_of(sitting),
        "proctor_form": ProctorForm(users=selectors.assignable_proctors(sitting))
        if is_admin
        else None,
        "is_admin": is_admin,
        "pin_closes_at": services.pin_closes_at(sitting),
    }
    return render(request, "exams/sitting_detail.html", context)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def proctor_add(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sitting_id)
    form = ProctorForm(request.POST, users=selectors.assignable_proctors(sitting))
    if not form.is_valid():
        messages.error(request, "Pilih akun pengawas ujian yang akan ditugaskan.")
    else:
        user = form.cleaned_data["user"]
        if _act(
            request, lambda: services.assign_proctor(sitting=sitting, user=user, actor=request.user)
        ):
            messages.success(request, f"{user.full_name or user.username} mengawasi sesi ini.")
    return redirect("exams:sitting-detail", sitting_id=sitting.pk)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def proctor_remove(
    request: AuthenticatedHttpRequest, sitting_id: int, user_id: int
) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sitting_id)
    user = get_object_or_404(User, pk=user_id)
    if _act(
        request, lambda: services.remove_proctor(sitting=sitting, user=user, actor=request.user)
    ):
        messages.success(
            request, f"{user.full_name or user.username} tidak lagi mengawasi sesi ini."
        )
    return redirect("exams:sitting-detail", sitting_id=sitting.pk)


@role_required(Role.ADMIN_BKPSDM)
def sitting_assign(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Place every unplaced MS applicant of a blueprint in its sittings; show the report."""
    initial = {"blueprint": request.GET.get("kisi")} if request.GET.get("kisi") else {}
    blueprints = selectors.sitting_blueprints()
    form = PlacementForm(request.POST or None, blueprints=blueprints, initial=initial)
    report = None
    if request.method == "POST" and form.is_valid():
        blueprint = form.cleaned_data["blueprint"]
        report = _attempt(
            form,
            lambda: services.assign_participants(blueprint=blueprint, actor=request.user),
        )
    status = 422 if form.errors else 200
    context = {"form": form, "report": report}
    return render(request, "exams/sitting_assign.html", context, status=status)


@role_required(*READERS)
def sitting_export(request: AuthenticatedHttpRequest, sitting_id: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sitting_id)
    content = _participants_workbook(selectors.list_participants(sitting=sitting))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"peserta-{slugify(sitting.code) or 'sesi'}.xlsx"
    response["Content-Disposition"] = _attachment(filename)
    # Names, disability and accommodation notes (health data, UU 27/2022 PDP): no copies.
    response["Cache-Control"] = "private, no-store"
    return response


def _participants_workbook(participants: Any) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Peserta")
    sheet.append(header_cells(sheet, EXPORT_HEADERS))
    for participant in participants:
        application = participant.application
        checked_in = participant.checked_in_at
        sheet.append(
            [
                participant.seat_number,
                text_cell(sheet, application.registration_number, number_format=TEXT_FORMAT),
                safe_value(sheet, application.applicant.name),
                safe_value(sheet, application.formasi.code),
                safe_value(sheet, application.formasi.position.name),
                "ya" if application.applicant.is_disabled else "tidak",
                participant.extra_minutes,
                safe_value(sheet, participant.accommodation_note),
                f"{timezone.localtime(checked_in):%d-%m-%Y %H.%M}" if checked_in else "",
            ]
        )
    return workbook_bytes(workbook)


# --- one participant (Admin BKPSDM)


@role_required(*READERS)
def participant_page(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = _participant_or_404(participant_id)
    return render(
        request, "exams/sitting_participant.html", _participant_context(request, participant)
    )


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def participant_move(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = _participant_or_404(participant_id)
    old_sitting_id = participant.sitting_id
    form = MoveForm(request.POST, sittings=selectors.move_targets(participant))
    if form.is_valid():
        target = form.cleaned_data["sitting"]
        moved = _attempt(
            form,
            lambda: services.move_participant(
                participant=participant, sitting=target, actor=request.user
            ),
        )
        if moved is not None:
            messages.success(
                request, f"Peserta dipindah ke sesi {target.code}, kursi {moved.seat_number}."
            )
            return redirect("exams:sitting-detail", sitting_id=old_sitting_id)
    context = _participant_context(request, participant, move_form=form)
    return render(request, "exams/sitting_participant.html", context, status=422)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def participant_accommodation(
    request: AuthenticatedHttpRequest, participant_id: int
) -> HttpResponse:
    participant = _participant_or_404(participant_id)
    form = AccommodationForm(request.POST)
    if form.is_valid():
        saved = _attempt(
            form,
            lambda: services.set_accommodation(
                participant=participant,
                extra_minutes=form.cleaned_data["extra_minutes"],
                note=form.cleaned_data["note"],
                actor=request.user,
            ),
        )
        if saved is not None:
            messages.success(request, "Akomodasi peserta tersimpan.")
            return redirect("exams:sitting-participant", participant_id=participant.pk)
    context = _participant_context(request, participant, accommodation_form=form)
    return render(request, "exams/sitting_participant.html", context, status=422)


@require_POST
@role_required(Role.ADMIN_BKPSDM)
def participant_remove(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    participant = _participant_or_404(participant_id)
    sitting_id = participant.sitting_id
    number = participant.application.registration_number
    if _act(
        request, lambda: services.remove_participant(participant=participant, actor=request.user)
    ):
        messages.success(request, f"Peserta {number} dikeluarkan dari sesi.")
        return redirect("exams:sitting-detail", sitting_id=sitting_id)
    return redirect("exams:sitting-participant", participant_id=participant.pk)


def _participant_or_404(participant_id: int) -> Participant:
    try:
        return selectors.get_participant(participant_id)
    except Participant.DoesNotExist:
        raise Http404("Peserta ujian tidak ditemukan.") from None


def _participant_context(
    request: AuthenticatedHttpRequest,
    participant: Participant,
    *,
    move_form: MoveForm | None = None,
    accommodation_form: AccommodationForm | None = None,
) -> dict[str, Any]:
    is_admin = request.user.has_role(Role.ADMIN_BKPSDM)
    started = services.has_started(participant)
    return {
        "participant": participant,
        "application": participant.application,
        "sitting": participant.sitting,
        "accommodation": cards.accommodation_text(participant),
        "started": started,
        "is_admin": is_admin,
        "can_change": is_admin and not started,
        "move_form": move_form or MoveForm(sittings=selectors.move_targets(participant)),
        "accommodation_form": accommodation_form or AccommodationForm(participant=participant),
    }


# --- the applicant's cards and the public card page


@role_required(Role.PELAMAR)
def my_cards(request: AuthenticatedHttpRequest) -> HttpResponse:
    placements = [
        {"participant": p, "accommodation": cards.accommodation_text(p)}
        for p in selectors.list_own_placements(user=request.user)
    ]
    return render(request, "exams/card_mine.html", {"placements": placements})


@role_required(Role.PELAMAR)
def card_pdf(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """Only the applicant's own card: any other id is a 404, whether it exists or not."""
    participant = selectors.list_own_placements(user=request.user).filter(pk=participant_id).first()
    if participant is None:
        raise Http404("Kartu ujian tidak ditemukan.")
    response = HttpResponse(cards.render_card(participant), content_type="application/pdf")
    response["Content-Disposition"] = _attachment(cards.card_filename(participant))
    response["Cache-Control"] = "private, no-store"
    return response


def card(request: HttpRequest, card_key: str) -> HttpResponse:
    """The QR code's page: a proctor of the sitting goes on to the check-in; anyone else sees
    whether the card is genuine, with a masked name and no personal data."""
    participant = selectors.get_participant_by_card_key(card_key)
    if participant is None:
        return render(request, "exams/card_verify.html", {"participant": None}, status=404)
    user = request.user
    if user.is_authenticated and can_proctor(user, participant.sitting):
        return redirect("exams:checkin-participant", participant_id=participant.pk)
    context = {
        "participant": participant,
        "sitting": participant.sitting,
        "registration_number": participant.application.registration_number,
        "masked_name": mask_name(participant.application.applicant.name),
        "starts_at": format_datetime_wib(participant.sitting.starts_at),
    }
    return render(request, "exams/card_verify.html", context)


# --- helpers


def _attachment(filename: str) -> str:
    """A Content-Disposition that downloads `filename`, quoted or RFC 5987-encoded by Django."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


def _attempt(form: Any, action: Callable[[], T]) -> T | None:
    """Call one service; its refusal becomes the form's errors."""
    try:
        return action()
    except InvalidInputError as error:
        for field, field_messages in error.errors.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    return None


def _act(request: HttpRequest, action: Callable[[], object]) -> bool:
    """Call one service; its refusal becomes an error message."""
    try:
        action()
    except InvalidInputError as error:
        for field_messages in error.errors.values():
            for message in field_messages:
                messages.error(request, message)
        return False
    except (DomainError, PermissionDenied) as error:
        messages.error(request, str(error))
        return False
    return True


urlpatterns: list[URLPattern | URLResolver] = [
    path("sesi/", sitting_list, name="sitting-list"),
    path("sesi/baru/", sitting_create, name="sitting-create"),
    path("sesi/tempatkan/", sitting_assign, name="sitting-assign"),
    path("sesi/<int:sitting_id>/", sitting_detail, name="sitting-detail"),
    path("sesi/<int:sitting_id>/ubah/", sitting_edit, name="sitting-edit"),
    path("sesi/<int:sitting_id>/pengawas/", proctor_add, name="sitting-proctor-add"),
    path(
        "sesi/<int:sitting_id>/pengawas/<int:user_id>/hapus/",
        proctor_remove,
        name="sitting-proctor-remove",
    ),
    path("sesi/<int:sitting_id>/peserta.xlsx", sitting_export, name="sitting-export"),
    path("sesi/peserta/<int:participant_id>/", participant_page, name="sitting-participant"),
    path(
        "sesi/peserta/<int:participant_id>/pindah/",
        participant_move,
        name="sitting-participant-move",
    ),
    path(
        "sesi/peserta/<int:participant_id>/akomodasi/",
        participant_accommodation,
        name="sitting-participant-accommodation",
    ),
    path(
        "sesi/peserta/<int:participant_id>/hapus/",
        participant_remove,
        name="sitting-participant-remove",
    ),
    path("kartu-saya/", my_cards, name="card-mine"),
    path("kartu-saya/<int:participant_id>/pdf/", card_pdf, name="card-pdf"),
    path("kartu/<str:card_key>/", card, name="card"),
]

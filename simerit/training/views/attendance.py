"""Meeting and attendance pages: Admin BKPSDM adds, edits and cancels meetings; the meeting page
(the QR code to show in the room, redrawn every 30 seconds by HTMX, who is present, the manual
record and its removal, a new token); the participant's check-in page that the QR code opens
(GET: what will happen; POST: record).

The check-in URL carries the meeting's signed check-in code (selectors.classes.checkin_code),
accepted for rules.CHECKIN_CODE_MAX_AGE seconds: at the scan (GET) and again at the confirmation
(POST, whose form posts to the same code). It is answered 200 (or a redirect) whatever the
outcome, so Django's request log, which records the path of every 4xx answer, never holds a valid
code; the audit rows name the meeting, never the token or the code. Admin BKPSDM's meeting page
carries the live code: it is not cached."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from simerit.core.exceptions import DomainError
from simerit.core.pdf import qr_png
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training.forms.classes import MeetingForm
from simerit.training.models import Attendance, Meeting, TrainingClass
from simerit.training.permissions import classes_visible_to, is_hr
from simerit.training.rules import classes as rules
from simerit.training.selectors import classes as selectors
from simerit.training.services import attendance as services
from simerit.training.views.classes import act, detail_url, run_form

PER_PAGE = 50
NO_STORE = "private, no-store"
QR_TEMPLATE = "training/classes/meeting_qr.html"


def qr_data_uri(url: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode("ascii")


def _meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> Meeting:
    """A meeting of a class the account sees (404 otherwise), for Admin BKPSDM (403 otherwise)."""
    visible = Meeting.objects.filter(
        training_class__in=classes_visible_to(request.user)
    ).select_related("training_class__programme")
    meeting = get_object_or_404(visible, pk=meeting_id)
    if not is_hr(request.user):
        raise PermissionDenied("Halaman pertemuan hanya untuk Admin BKPSDM.")
    return meeting


def _meeting_page(meeting_id: int) -> HttpResponse:
    return redirect(reverse("training:meeting-qr", args=[meeting_id]))


# --- Meetings


@role_required(Role.ADMIN_BKPSDM)
def meeting_create(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = get_object_or_404(
        TrainingClass.objects.select_related("programme"), pk=class_id
    )
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        created = run_form(
            form,
            lambda: services.add_meeting(
                training_class=training_class, data=form.to_input(), actor=request.user
            ),
        )
        if created is not None:
            messages.success(request, f"Pertemuan ke-{created.number} ditambahkan.")
            return redirect(detail_url(training_class))
    context = {"form": form, "training_class": training_class, "meeting": None}
    status = 422 if form.errors else 200
    return render(request, "training/classes/meeting_form.html", context, status=status)


@role_required(Role.ADMIN_BKPSDM)
def meeting_edit(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("training_class__programme"), pk=meeting_id
    )
    initial = {field: getattr(meeting, field) for field in services.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        updated = run_form(
            form,
            lambda: services.update_meeting(
                meeting=meeting, data=form.to_input(), actor=request.user
            ),
        )
        if updated is not None:
            messages.success(request, "Perubahan pertemuan tersimpan.")
            return redirect(detail_url(meeting.training_class))
    context = {"form": form, "training_class": meeting.training_class, "meeting": meeting}
    status = 422 if form.errors else 200
    return render(request, "training/classes/meeting_form.html", context, status=status)


@require_POST
@login_required
def meeting_cancel(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.filter(training_class__in=classes_visible_to(request.user)),
        pk=meeting_id,
    )
    act(
        request,
        lambda: services.cancel_meeting(meeting=meeting, actor=request.user),
        lambda cancelled: f"Pertemuan ke-{cancelled.number} dibatalkan.",
    )
    return redirect(detail_url(meeting.training_class))


@login_required
def meeting_qr(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting page; an HTMX request (every rules.CHECKIN_CODE_REFRESH seconds) gets only
    the QR code with a fresh check-in code."""
    meeting = _meeting(request, meeting_id)
    now = timezone.now()
    url = selectors.checkin_url(meeting)
    context = {
        "meeting": meeting,
        "training_class": meeting.training_class,
        "checkin_url": url,
        "qr_data_uri": qr_data_uri(url),
        "now": now,
        "window": rules.checkin_window(
            now=now, starts_at=meeting.starts_at, ends_at=meeting.ends_at
        ),
        "opens_at": rules.checkin_opens_at(meeting.starts_at),
        "running": meeting.training_class.status in selectors.RUNNING_STATUSES
        and not meeting.is_cancelled,
        "refresh_seconds": rules.CHECKIN_CODE_REFRESH,
        "valid_minutes": rules.CHECKIN_CODE_MAX_AGE // 60,
    }
    if request.htmx:  # type: ignore[attr-defined]
        response = render(request, f"{QR_TEMPLATE}#qr-code", context)
    else:
        participants = selectors.meeting_participants(meeting)
        context |= {
            "started": now >= meeting.starts_at,
            "present": meeting.attendance.count(),
            "page_obj": Paginator(participants, PER_PAGE).get_page(request.GET.get("page")),
            "query_string": "",
        }
        response = render(request, QR_TEMPLATE, context)
    response["Cache-Control"] = NO_STORE
    return response


@require_POST
@login_required
def meeting_token_rotate(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    act(
        request,
        lambda: services.rotate_checkin_token(meeting=meeting, actor=request.user),
        lambda _: "Kode QR baru dibuat; kode lama tidak berlaku lagi.",
    )
    return _meeting_page(meeting.pk)


@require_POST
@login_required
def attendance_record(
    request: AuthenticatedHttpRequest, meeting_id: int, enrolment_id: int
) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    enrolment = get_object_or_404(
        meeting.training_class.enrolments.select_related("employee"), pk=enrolment_id
    )
    act(
        request,
        lambda: services.record_attendance(
            meeting=meeting, enrolment=enrolment, actor=request.user
        ),
        lambda _: f"{enrolment.employee.display_name} dicatat hadir.",
    )
    return _meeting_page(meeting.pk)


@require_POST
@login_required
def attendance_remove(
    request: AuthenticatedHttpRequest, meeting_id: int, enrolment_id: int
) -> HttpResponse:
    meeting = _meeting(request, meeting_id)
    attendance = get_object_or_404(
        Attendance.objects.select_related("enrolment__employee"),
        meeting=meeting,
        enrolment_id=enrolment_id,
    )
    act(
        request,
        lambda: services.remove_attendance(attendance=attendance, actor=request.user),
        lambda _: f"Kehadiran {attendance.enrolment.employee.display_name} dihapus.",
    )
    return _meeting_page(meeting.pk)


@require_http_methods(["GET", "POST"])
@login_required
def meeting_checkin(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The page the QR code opens. Every refusal (a code too old or unknown included) is shown
    with status 200 (see the module docstring)."""
    meeting: Meeting | None = None
    error = ""
    try:
        meeting = selectors.meeting_for_code(code)
    except DomainError as refusal:
        error = refusal.message
    if meeting is not None and request.method == "POST":
        try:
            result = services.check_in(code=code, actor=request.user)
        except DomainError as refusal:
            error = refusal.message
        else:
            if result.created:
                messages.success(
                    request, f"Kehadiran Anda pada pertemuan ke-{meeting.number} tercatat."
                )
            else:
                messages.info(request, rules.ALREADY_PRESENT)
            return redirect("training:class-detail", class_id=meeting.training_class_id)
    context = {
        "meeting": meeting,
        "training_class": meeting.training_class if meeting is not None else None,
        "code": code,
        "state": selectors.checkin_state(request.user, meeting) if meeting is not None else None,
        "error": error,
    }
    response = render(request, "training/classes/checkin.html", context)
    response["Cache-Control"] = NO_STORE
    return response


urlpatterns: list[URLPattern] = [
    path("kelas/<int:class_id>/pertemuan/baru/", meeting_create, name="meeting-create"),
    path("pertemuan/<int:meeting_id>/ubah/", meeting_edit, name="meeting-edit"),
    path("pertemuan/<int:meeting_id>/batalkan/", meeting_cancel, name="meeting-cancel"),
    path("pertemuan/<int:meeting_id>/", meeting_qr, name="meeting-qr"),
    path(
        "pertemuan/<int:meeting_id>/kode-baru/", meeting_token_rotate, name="meeting-token-rotate"
    ),
    path(
        "pertemuan/<int:meeting_id>/hadir/<int:enrolment_id>/",
        attendance_record,
        name="attendance-record",
    ),
    path(
        "pertemuan/<int:meeting_id>/hadir/<int:enrolment_id>/hapus/",
        attendance_remove,
        name="attendance-remove",
    ),
    # <code>: selectors.classes.checkin_code, "<token>:<time>:<signature>".
    path("presensi/<str:code>/", meeting_checkin, name="meeting-checkin"),
]

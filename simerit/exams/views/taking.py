"""The participant's exam pages: home with the PIN form, the exam page, item images, the result.

The browser that entered the PIN holds the attempt's token in an HttpOnly, SameSite=Strict cookie
`simerit_exam_<attempt_id>` (path /ujian/). The exam page checks it in constant time against
`attempt.browser_token` and hands it to its script, which sends it as X-Exam-Token to the exam
API; a takeover (services.attempts.start_attempt with a TAKEOVER PIN) replaces the token, which
locks the previous browser out. A real exam's pages also require the participant's own login;
somebody else's attempt id is a 404. The participant's account opening the exam page in a
browser without the token is logged for the proctor; once a real exam is over its questions and
images are no longer served, and the result page drops the cookie.
"""

import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from simerit.core.exceptions import DomainError
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.exams.models import Attempt, Participant
from simerit.exams.selectors import page as selectors
from simerit.exams.services import attempts as attempt_services
from simerit.exams.services import finishing, integrity

COOKIE_PREFIX = "simerit_exam_"
COOKIE_PATH = "/ujian/"
# Long enough for the longest exam plus accommodations and pauses, and to come back to a
# tryout's review the same day; the server's deadline, not the cookie, ends an attempt.
COOKIE_MAX_AGE = 24 * 60 * 60
# An item image opened on its own may not run or fetch anything.
IMAGE_CSP = "default-src 'none'; img-src 'self'; frame-ancestors 'none'"


class PinForm(forms.Form):
    pin = forms.CharField(
        label="PIN",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg font-monospace",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "maxlength": "6",
            }
        ),
    )

    def clean_pin(self) -> str:
        pin = str(self.cleaned_data["pin"]).strip()
        if len(pin) != 6 or not pin.isdigit():
            raise forms.ValidationError("PIN terdiri atas 6 angka.")
        return pin


# --- The attempt's cookie


def exam_cookie_name(attempt_id: int) -> str:
    return f"{COOKIE_PREFIX}{attempt_id}"


def set_exam_cookie(response: HttpResponse, *, attempt_id: int, token: str) -> None:
    response.set_cookie(
        exam_cookie_name(attempt_id),
        token,
        max_age=COOKIE_MAX_AGE,
        path=COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def holds_attempt(request: HttpRequest, attempt: Attempt) -> bool:
    """Whether this browser holds the attempt's current token (compared in constant time)."""
    cookie = request.COOKIES.get(exam_cookie_name(attempt.pk), "")
    if not cookie or not attempt.browser_token:
        return False
    return secrets.compare_digest(cookie.encode(), attempt.browser_token.encode())


def result_url(attempt: Attempt) -> str:
    if attempt.is_practice:
        return reverse("exams:practice-result", kwargs={"attempt_id": attempt.pk})
    return reverse("exams:result", kwargs={"attempt_id": attempt.pk})


def _attempt(attempt_id: int) -> Attempt:
    try:
        return selectors.get_attempt(attempt_id=attempt_id)
    except Attempt.DoesNotExist as error:
        raise Http404 from error


def _may_open(request: HttpRequest, attempt: Attempt) -> bool:
    """Real exam: the participant's own account. Tryout: the token's browser or its account."""
    if not attempt.is_practice:
        return selectors.is_participant_user(request.user, attempt)  # type: ignore[arg-type]
    if holds_attempt(request, attempt):
        return True
    return request.user.is_authenticated and attempt.user_id == request.user.pk


def _card_url(participant: Participant) -> str | None:
    """The exam card (owned by the sittings pages), when that page exists."""
    for kwargs in ({"participant_id": participant.pk}, {"pk": participant.pk}):
        try:
            return reverse("exams:card-pdf", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


# --- Home and start


def _placement_row(
    request: HttpRequest, participant: Participant, form: PinForm | None
) -> dict[str, Any]:
    attempt = selectors.attempt_of(participant)
    if attempt is None:
        state = "new"
    elif attempt.status == Attempt.Status.FINISHED:
        state = "finished"
    else:
        state = "here" if holds_attempt(request, attempt) else "elsewhere"
    return {
        "participant": participant,
        "attempt": attempt,
        "state": state,
        "form": form or PinForm(auto_id=f"id_%s_{participant.pk}"),
        "card_url": _card_url(participant),
    }


def _render_home(
    request: AuthenticatedHttpRequest,
    *,
    failed: tuple[int, PinForm] | None = None,
    status: int = 400,
) -> HttpResponse:
    rows = [
        _placement_row(request, item, failed[1] if failed and failed[0] == item.pk else None)
        for item in selectors.list_placements(user=request.user)
    ]
    return render(request, "exams/home.html", {"rows": rows}, status=status if failed else 200)


@never_cache
@role_required(Role.PELAMAR)
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The participant's placements, each with its state and the PIN form."""
    return _render_home(request)


@never_cache
@require_POST
@role_required(Role.PELAMAR)
def start(request: AuthenticatedHttpRequest, participant_id: int) -> HttpResponse:
    """Start (START PIN) or take over in this browser (TAKEOVER PIN); the token goes in a cookie."""
    try:
        participant = selectors.get_own_participant(
            user=request.user, participant_id=participant_id
        )
    except Participant.DoesNotExist as error:
        raise Http404 from error
    form = PinForm(request.POST, auto_id=f"id_%s_{participant.pk}")
    if form.is_valid():
        try:
            attempt, token = attempt_services.start_attempt(
                participant=participant, pin=form.cleaned_data["pin"], user=request.user
            )
        except DomainError as error:
            form.add_error("pin" if error.field in (None, "pin") else None, error.message)
            if isinstance(error, attempt_services.StartRateLimitError):
                return _render_home(request, failed=(participant.pk, form), status=429)
        else:
            response = redirect("exams:take", attempt_id=attempt.pk)
            set_exam_cookie(response, attempt_id=attempt.pk, token=token)
            return response
    return _render_home(request, failed=(participant.pk, form))


# --- The exam page


def _page_config(attempt: Attempt) -> dict[str, Any]:
    api = f"{reverse('api:api-root')}exams/attempts/{attempt.pk}"
    return {
        "attemptId": attempt.pk,
        "token": attempt.browser_token,
        "stateUrl": api,
        "clockUrl": f"{api}/clock",
        "answersUrl": f"{api}/answers",
        "eventsUrl": f"{api}/events",
        "finishUrl": f"{api}/finish",
        "resultUrl": result_url(attempt),
        "isPractice": attempt.is_practice,
    }


@never_cache
def take(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The exam page for the browser holding the token; another browser is told how to move."""
    attempt = _attempt(attempt_id)
    if not attempt.is_practice and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_open(request, attempt):
        raise Http404
    attempt = finishing.finish_if_expired(attempt)
    if attempt.status == Attempt.Status.FINISHED:
        return redirect(result_url(attempt))
    if not holds_attempt(request, attempt):
        if not attempt.is_practice:
            integrity.log_page_without_token(attempt=attempt, actor=request.user)  # type: ignore[arg-type]
        context = {"attempt": attempt, "form": PinForm(auto_id=f"id_%s_{attempt.participant_id}")}
        return render(request, "exams/take_elsewhere.html", context, status=409)
    context = {"attempt": attempt, "config": _page_config(attempt)}
    return render(request, "exams/take.html", context)


def take_image(request: HttpRequest, attempt_id: int, position: int) -> FileResponse:
    """An item's image, to the browser holding the attempt's token while a real exam runs (and,
    for a tryout's review, to its account)."""
    attempt = _attempt(attempt_id)
    if attempt.is_practice:
        allowed = holds_attempt(request, attempt) or _may_open(request, attempt)
    else:
        over = attempt.status == Attempt.Status.FINISHED or finishing.is_expired(
            attempt, timezone.now()
        )
        allowed = holds_attempt(request, attempt) and not over
    image = selectors.item_image(attempt=attempt, position=position) if allowed else None
    if image is None:
        raise Http404
    response = FileResponse(image.file.open("rb"), content_type=image.content_type)
    response["Content-Security-Policy"] = IMAGE_CSP
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- The result


@never_cache
def result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The participant's own result, shown at once: sub-test scores, total, verdict, final hash."""
    attempt = _attempt(attempt_id)
    if attempt.is_practice:
        return redirect("exams:practice-result", attempt_id=attempt.pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_open(request, attempt):
        raise Http404
    attempt = finishing.finish_if_expired(attempt)
    if attempt.status != Attempt.Status.FINISHED:
        messages.info(request, "Ujian ini belum selesai.")
        return redirect("exams:take", attempt_id=attempt.pk)
    context = {"attempt": attempt, "summary": selectors.result_summary(attempt)}
    response = render(request, "exams/result.html", context)
    if request.COOKIES.get(exam_cookie_name(attempt.pk)):
        # The token opens nothing any more: this browser need not keep it.
        response.delete_cookie(exam_cookie_name(attempt.pk), path=COOKIE_PATH, samesite="Strict")
    return response


urlpatterns: list[URLPattern] = [
    path("", home, name="home"),
    path("mulai/<int:participant_id>/", start, name="start"),
    path("kerjakan/<int:attempt_id>/", take, name="take"),
    path("kerjakan/<int:attempt_id>/gambar/<int:position>/", take_image, name="take-image"),
    path("hasil/<int:attempt_id>/", result, name="result"),
]

"""Public practice tests (tryout): the list, the start, and the result with the review.

Anyone may practise, signed in or not; a signed-in account is recorded on the attempt. A tryout
is taken on the same exam page as a real exam and is held by the same browser-token cookie. Its
result shows every question with the key and the explanation, which a real exam never does; a
tryout never appears among real results (Attempt.is_practice, a practice bank).
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from simerit.accounts.client_ip import client_ip
from simerit.exams.models import Attempt, Blueprint
from simerit.exams.selectors import page as page_selectors
from simerit.exams.selectors import practice as selectors
from simerit.exams.services import attempts as attempt_services
from simerit.exams.services import finishing
from simerit.exams.services import practice as practice_services
from simerit.exams.views.taking import holds_attempt, set_exam_cookie

PER_PAGE = 20


def _render_list(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    page_obj = Paginator(selectors.list_public_tryouts(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    history = (
        selectors.list_own_practice_attempts(user=request.user)[:10]
        if request.user.is_authenticated
        else []
    )
    context = {"page_obj": page_obj, "history": history, "error": error}
    return render(request, "exams/practice_list.html", context, status=status)


def practice_list(request: HttpRequest) -> HttpResponse:
    """Public tryouts with their question count and duration."""
    return _render_list(request)


@never_cache
@require_POST
def practice_start(request: HttpRequest, blueprint_id: int) -> HttpResponse:
    """Start a tryout in this browser (limited per client address) and open the exam page."""
    try:
        blueprint = selectors.get_public_tryout(blueprint_id=blueprint_id)
    except Blueprint.DoesNotExist as error:
        raise Http404 from error
    try:
        practice_services.check_practice_rate(client_address=client_ip(request))
    except practice_services.PracticeRateLimitError as error:
        return _render_list(request, error=error.message, status=429)
    user = request.user if request.user.is_authenticated else None
    attempt, token = attempt_services.start_practice(blueprint=blueprint, user=user)
    response = redirect("exams:take", attempt_id=attempt.pk)
    set_exam_cookie(response, attempt_id=attempt.pk, token=token)
    return response


@never_cache
def practice_result(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """A finished tryout: scores, then each question with the answer, the key and the explanation."""
    attempt = Attempt.objects.select_related("blueprint").filter(pk=attempt_id).first()
    if attempt is None or not attempt.is_practice:
        raise Http404
    own_account = request.user.is_authenticated and attempt.user_id == request.user.pk
    if not (own_account or holds_attempt(request, attempt)):
        raise Http404
    attempt = finishing.finish_if_expired(attempt)
    if attempt.status != Attempt.Status.FINISHED:
        return redirect("exams:take", attempt_id=attempt.pk)
    context = {
        "attempt": attempt,
        "summary": page_selectors.result_summary(attempt),
        "review": selectors.practice_review(attempt),
    }
    return render(request, "exams/practice_result.html", context)


urlpatterns: list[URLPattern] = [
    path("latihan/", practice_list, name="practice-list"),
    path("latihan/<int:blueprint_id>/mulai/", practice_start, name="practice-start"),
    path("latihan/hasil/<int:attempt_id>/", practice_result, name="practice-result"),
]

"""The public live scoreboard (no login): an index of the sittings with an open board and one page
per sitting for the screen at the test site (domain reference §2.5). A board closes OPEN_DAYS
after its sitting: its page then answers 404 and says so.

The sitting page is rendered from the cached board (selectors/scoreboard.py) and then updated
every few seconds by exams-scoreboard.js from the JSON endpoint, which is cached the same way:
viewers never reach the database more than once per interval.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from simerit.exams.selectors import scoreboard as selectors

PER_PAGE = 25


@require_GET
def scoreboard_index(request: HttpRequest) -> HttpResponse:
    """Sittings of today and the last OPEN_DAYS days: the boards that are still open."""
    page_obj = Paginator(selectors.public_sittings(), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "exams/scoreboard_index.html",
        {"page_obj": page_obj, "open_days": selectors.OPEN_DAYS, "query_string": ""},
    )


@require_GET
def scoreboard_sitting(request: HttpRequest, key: str) -> HttpResponse:
    try:
        board = selectors.get_scoreboard(key)
    except selectors.BoardClosedError:
        context = {"message": selectors.CLOSED_MESSAGE, "open_days": selectors.OPEN_DAYS}
        return render(request, "exams/scoreboard_closed.html", context, status=404)
    if board is None:
        raise Http404("Papan skor tidak ditemukan.")
    config = {
        "url": reverse("api:exams-scoreboard", kwargs={"key": key}),
        "interval_ms": max(1, board["refresh_seconds"]) * 1000,
    }
    return render(request, "exams/scoreboard_sitting.html", {"board": board, "config": config})


urlpatterns: list[URLPattern] = [
    path("papan-skor/", scoreboard_index, name="scoreboard-index"),
    path("papan-skor/<str:key>/", scoreboard_sitting, name="scoreboard-sitting"),
]

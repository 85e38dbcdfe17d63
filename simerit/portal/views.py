"""The public transparency portal (/transparansi/): anonymous, read-only, published facts only.

Every page reads `selection.selectors.transparency` (and its `transparency_distributions`,
`transparency_lookup`); no page writes anything. The result lookup takes the registration number
by POST (with CSRF), so that no personal identifier ends up in a URL, a browser history or a
proxy log, and it is limited per client address.
"""

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from simerit.accounts.client_ip import client_ip
from simerit.core.paging import query_without_page
from simerit.portal import ratelimit
from simerit.portal.forms import LookupForm
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.selection.selectors import transparency as selectors
from simerit.selection.selectors import transparency_distributions as distribution_selectors
from simerit.selection.selectors import transparency_lookup as lookup_selectors

PERIODS_PER_PAGE = 20


def _url(name: str, *args: Any) -> str | None:
    """The URL of a page another part of SiMerit provides, or None while it does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _links(period: SelectionPeriod | None = None) -> dict[str, str | None]:
    announcements = _url("selection:announcement-list")
    if announcements is not None and period is not None:
        announcements = f"{announcements}?period={period.pk}"
    return {
        "announcements_url": announcements,
        "verify_url": _url("selection:verify"),
        "my_result_url": _url("selection:my-result"),
    }


def _period_or_404(period_id: int) -> SelectionPeriod:
    try:
        return selectors.get_portal_period(period_id=period_id)
    except SelectionPeriod.DoesNotExist as error:
        raise Http404 from error


def _chart_query(request: HttpRequest) -> str:
    """The filters and page of the statistics table, to keep when a formasi's charts are opened
    ("q=...&page=2&", or "")."""
    query = request.GET.copy()
    query.pop("formasi", None)
    encoded = query.urlencode()
    return f"{encoded}&" if encoded else ""


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The published and finished periods."""
    page_obj = Paginator(selectors.portal_periods(), PERIODS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/home.html", {"page_obj": page_obj, **_links()})


@require_GET
def period(request: HttpRequest, period_id: int) -> HttpResponse:
    """One period: its timeline, k-anonymous statistics per formasi and the score charts."""
    selected = _period_or_404(period_id)
    search = request.GET.get("q", "").strip()[:100]
    statistics = selectors.formasi_statistics(selected, search, request.GET.get("page"))
    chart_formasi: Formasi | None = None
    formasi_id = request.GET.get("formasi", "")
    if formasi_id.isdigit():
        try:
            chart_formasi = selectors.get_statistics_formasi(
                period=selected, formasi_id=int(formasi_id)
            )
        except Formasi.DoesNotExist as error:
            raise Http404 from error
    distributions = distribution_selectors.score_distributions(
        selected, chart_formasi, k=statistics.k
    )
    context = {
        "period": selected,
        "timeline": selectors.period_timeline(selected),
        "statistics": statistics,
        "page_obj": statistics.page_obj,
        "k": statistics.k,
        "search": search,
        "query_string": query_without_page(request),
        "chart_query": _chart_query(request),
        "chart_formasi": chart_formasi,
        "distributions": distributions,
        "skd_chart": distribution_selectors.chart_data(distributions.skd),
        "final_chart": distribution_selectors.chart_data(distributions.final, decimals=True),
        **_links(selected),
    }
    return render(request, "portal/period.html", context)


@require_GET
def how_ranking_works(request: HttpRequest) -> HttpResponse:
    """The ranking in plain Indonesian, with the chosen period's numbers or the national defaults."""
    chosen: SelectionPeriod | None = None
    period_id = request.GET.get("period", "")
    if period_id.isdigit():
        chosen = _period_or_404(int(period_id))
    context = {
        "explanation": lookup_selectors.ranking_explanation(chosen),
        "periods": selectors.portal_periods()[:PERIODS_PER_PAGE],
        **_links(chosen),
    }
    return render(request, "portal/how_ranking_works.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """Look up one's own published results by registration number (POST only; rate-limited)."""
    context: dict[str, Any] = {"k": selectors.min_group(), "searched": False, **_links()}
    if request.method != "POST":
        context["form"] = LookupForm()
        return render(request, "portal/lookup.html", context)
    try:
        ratelimit.check_lookup_rate(client_address=client_ip(request))
    except ratelimit.LookupRateLimitError as error:
        context.update(form=LookupForm(), refusal=error.message)
        return render(request, "portal/lookup.html", context, status=429)
    form = LookupForm(request.POST)
    if form.is_valid():
        result = lookup_selectors.lookup_result(form.cleaned_data["registration_number"])
        context.update(result=result, searched=True)
        if result is not None and result.final is not None:
            context["final_announcement_url"] = _url(
                "selection:announcement-detail", result.final.formasi_id, result.final.version
            )
        form = LookupForm()  # the number is not echoed back into the page
    context["form"] = form
    return render(request, "portal/lookup.html", context)

"""The public board (no login): periods, formasi with search and filters, details, eligibility checker.

What a visitor types into the checker arrives by POST, is used for one answer and is never stored
nor put into a URL. A logged-in applicant sees their own eligibility without typing.
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from simerit.organization.models import EducationLevel
from simerit.recruitment.forms.board import BoardFilterForm, EligibilityForm
from simerit.recruitment.models import Formasi, SelectionPeriod
from simerit.recruitment.rules import ApplicantProfile, Eligibility
from simerit.recruitment.selectors import board as selectors
from simerit.recruitment.selectors.eligibility import check_applicant, profile_of

PER_PAGE = 20
LIST_TEMPLATE = "recruitment/board_formasi_list.html"
DETAIL_TEMPLATE = "recruitment/board_formasi_detail.html"


@dataclass(frozen=True)
class BoardRow:
    formasi: Formasi
    counts: selectors.ApplicantCount
    eligibility: Eligibility | None


@require_GET
def board_home(request: HttpRequest) -> HttpResponse:
    """Published periods with their timeline, quota and a way into their formasi."""
    summaries = selectors.list_period_summaries(now=timezone.now())
    return render(request, "recruitment/board_home.html", {"summaries": summaries})


@require_GET
def board_formasi_list(request: HttpRequest) -> HttpResponse:
    context = _board(request, request.GET, checker=None)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{LIST_TEMPLATE}#results", context)
    return render(request, LIST_TEMPLATE, context)


@require_POST
def board_check(request: HttpRequest) -> HttpResponse:
    """The list again, each formasi with the visitor's verdict; the filters come as hidden fields."""
    checker = EligibilityForm(request.POST, levels=_levels())
    context = _board(request, request.POST, checker=checker)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{LIST_TEMPLATE}#board", context)
    return render(request, LIST_TEMPLATE, context)


@require_GET
def board_formasi_detail(request: HttpRequest, formasi_id: int) -> HttpResponse:
    formasi = _public_or_404(formasi_id)
    return render(request, DETAIL_TEMPLATE, _detail(request, formasi, checker=None))


@require_POST
def board_formasi_check(request: HttpRequest, formasi_id: int) -> HttpResponse:
    formasi = _public_or_404(formasi_id)
    checker = EligibilityForm(request.POST, levels=_levels())
    context = _detail(request, formasi, checker=checker)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, f"{DETAIL_TEMPLATE}#eligibility", context)
    return render(request, DETAIL_TEMPLATE, context)


def _levels() -> list[tuple[str, str]]:
    return [(level.code, level.name) for level in EducationLevel.objects.order_by("rank")]


def _public_or_404(formasi_id: int) -> Formasi:
    try:
        return selectors.get_public_formasi(formasi_id=formasi_id)
    except Formasi.DoesNotExist:
        raise Http404("Formasi tidak ditemukan.") from None


def _pick_period(periods: list[SelectionPeriod], raw: str | None) -> SelectionPeriod | None:
    """The period asked for when it is public, otherwise the current one."""
    if raw and raw.isdigit():
        for period in periods:
            if period.pk == int(raw):
                return period
    return selectors.current_period(periods)


def _profile(
    request: HttpRequest, checker: EligibilityForm | None
) -> tuple[ApplicantProfile | None, str]:
    """Whose eligibility the page shows: the logged-in applicant's, or what the visitor typed."""
    applicant = selectors.applicant_of(request.user)
    if applicant is not None:
        return profile_of(applicant), "applicant"
    if checker is not None and checker.is_valid():
        return checker.profile(), "visitor"
    return None, ""


def _board(
    request: HttpRequest, params: QueryDict, *, checker: EligibilityForm | None
) -> dict[str, Any]:
    periods = list(selectors.public_periods())
    period = _pick_period(periods, params.get("periode"))
    choices = selectors.board_choices(period=period) if period is not None else None
    form = BoardFilterForm(params, periods=periods, choices=choices)
    formasi = (
        selectors.list_board_formasi(period=period, filters=form.filters())
        if period is not None
        else Formasi.objects.none()
    )
    page_obj = Paginator(formasi, PER_PAGE).get_page(params.get("goto") or params.get("page"))
    items = list(page_obj.object_list)
    counts = selectors.applicant_counts(formasi.pk for formasi in items)
    profile, source = _profile(request, checker)
    verdicts = selectors.check_many(profile, items) if profile is not None else {}
    values = {**form.values(), "periode": period.pk if period else ""}
    levels = [(level.code, level.name) for level in choices.levels] if choices else []
    return {
        "period": period,
        "periods": periods,
        "form": form,
        "controls": form.controls(period_id=period.pk if period else None),
        "checker": checker or EligibilityForm(levels=levels),
        "page_obj": page_obj,
        "rows": [
            BoardRow(f, counts.get(f.pk, selectors.ApplicantCount()), verdicts.get(f.pk))
            for f in items
        ],
        "filter_values": values,
        "query_string": _encode(values),
        "eligibility_source": source,
        "timeline": selectors.period_timeline(period, now=timezone.now()) if period else [],
    }


def _encode(values: dict[str, Any]) -> str:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        if value not in ("", None):
            query[name] = str(value)
    return query.urlencode()


def _detail(
    request: HttpRequest, formasi: Formasi, *, checker: EligibilityForm | None
) -> dict[str, Any]:
    applicant = selectors.applicant_of(request.user)
    eligibility = None
    if applicant is not None:
        eligibility = check_applicant(applicant, formasi)
    elif checker is not None and checker.is_valid():
        eligibility = selectors.check_many(checker.profile(), [formasi])[formasi.pk]
    return {
        "formasi": formasi,
        "period": formasi.period,
        "requirements": selectors.describe_requirements(formasi),
        "counts": selectors.formasi_counts(formasi),
        "timeline": selectors.period_timeline(formasi.period, now=timezone.now()),
        "checker": checker or EligibilityForm(levels=_levels()),
        "eligibility": eligibility,
        "eligibility_source": "applicant" if applicant is not None else "visitor",
    }


urlpatterns: list[URLPattern | URLResolver] = [
    path("", board_home, name="board-home"),
    path("formasi/", board_formasi_list, name="board-formasi-list"),
    path("formasi/cek/", board_check, name="board-check"),
    path("formasi/<int:formasi_id>/", board_formasi_detail, name="board-formasi-detail"),
    path("formasi/<int:formasi_id>/cek/", board_formasi_check, name="board-formasi-check"),
]

"""Evaluation of training (the issue's item 7): the participant's satisfaction survey, and for
Admin BKPSDM and the Auditor the overview of held classes, the evaluation of one class (survey,
pre/post test) and the comparison of the participants' predikat before and after."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.core.paging import query_without_page
from simerit.core.permissions import role_required
from simerit.core.roles import Role
from simerit.core.types import AuthenticatedHttpRequest
from simerit.training.forms.evaluation import (
    ComparisonFilterForm,
    OverviewFilterForm,
    SurveyForm,
)
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.rules import evaluation as rules
from simerit.training.selectors import evaluation as selectors
from simerit.training.services.evaluation import submit_survey

READERS = (Role.ADMIN_BKPSDM, Role.AUDITOR)
PER_PAGE = 25


@login_required
@require_GET
def my_surveys(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The account's classes with their survey: to fill, filled, or not open yet."""
    page_obj = Paginator(selectors.my_survey_enrolments(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page_obj,
        "tasks": selectors.survey_tasks(page_obj.object_list),
        "query_string": "",
        "open_days": rules.SURVEY_OPEN_DAYS,
        "min_responses": rules.MIN_SURVEY_RESPONSES,
    }
    return render(request, "training/evaluation/my_surveys.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey(request: AuthenticatedHttpRequest, enrolment_id: int) -> HttpResponse:
    """The survey of one's own class; POST sends it (once)."""
    enrolment = selectors.get_survey_enrolment(user=request.user, enrolment_id=enrolment_id)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _submit(request, form, enrolment):
        messages.success(request, "Terima kasih, survei Anda sudah terkirim.")
        return redirect("training:my-surveys")
    context = {
        "enrolment": enrolment,
        "training_class": enrolment.training_class,
        "form": form,
        "answered": selectors.has_survey(enrolment),
        "refusal": selectors.survey_refusal(enrolment),
        "closes_on": rules.survey_closes_on(enrolment.training_class.ends_on),
        "open_days": rules.SURVEY_OPEN_DAYS,
        "min_responses": rules.MIN_SURVEY_RESPONSES,
    }
    status = 422 if form.errors else 200
    return render(request, "training/evaluation/survey_form.html", context, status=status)


def _submit(request: AuthenticatedHttpRequest, form: SurveyForm, enrolment: Enrolment) -> bool:
    try:
        submit_survey(
            enrolment=enrolment,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            actor=request.user,
        )
    except InvalidInputError as error:
        for field, field_messages in error.errors.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
        return False
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


@role_required(*READERS)
@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Held classes with their participants, survey answers and satisfaction."""
    form = OverviewFilterForm(request.GET or None, years=selectors.held_years())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    classes = (
        selectors.held_classes(
            year=filters.get("tahun"), programme=filters.get("program"), search=filters.get("q", "")
        )
        if not form.errors
        else TrainingClass.objects.none()
    )
    page_obj = Paginator(classes, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page_obj,
        "rows": selectors.overview_rows(page_obj.object_list),
        "query_string": query_without_page(request),
        "min_responses": rules.MIN_SURVEY_RESPONSES,
        "open_days": rules.SURVEY_OPEN_DAYS,
    }
    return render(request, "training/evaluation/overview.html", context)


@role_required(*READERS)
@require_GET
def class_evaluation(request: AuthenticatedHttpRequest, class_id: int) -> HttpResponse:
    training_class = get_object_or_404(
        TrainingClass.objects.select_related("programme"), pk=class_id
    )
    context = {
        "evaluation": selectors.class_evaluation(training_class),
        "training_class": training_class,
        "min_responses": rules.MIN_SURVEY_RESPONSES,
        "open_days": rules.SURVEY_OPEN_DAYS,
        "min_group": rules.MIN_COMPARISON_GROUP,
    }
    return render(request, "training/evaluation/class_evaluation.html", context)


@role_required(*READERS)
@require_GET
def predikat_comparison(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The predikat before and after, for the chosen group and per programme."""
    form = ComparisonFilterForm(request.GET or None, years=selectors.comparison_years())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = (
        selectors.participations(
            selectors.completed_enrolments(
                year=filters.get("tahun"),
                programme=filters.get("program"),
                training_class=filters.get("kelas"),
            )
        )
        if not form.errors
        else []
    )
    comparison = rules.compare([row.participation for row in rows])
    page_obj = Paginator(selectors.by_programme(rows), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "year": filters.get("tahun"),
        "comparison": comparison,
        "chart": comparison.chart(),
        "page_obj": page_obj,
        "query_string": query_without_page(request),
        "min_group": rules.MIN_COMPARISON_GROUP,
    }
    return render(request, "training/evaluation/predikat_comparison.html", context)


urlpatterns: list[URLPattern] = [
    path("evaluasi/", overview, name="evaluation"),
    path("evaluasi/kelas/<int:class_id>/", class_evaluation, name="class-evaluation"),
    path("evaluasi/predikat/", predikat_comparison, name="predikat-comparison"),
    path("survei/", my_surveys, name="my-surveys"),
    path("survei/<int:enrolment_id>/", survey, name="survey"),
]

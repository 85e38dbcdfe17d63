"""Writes of the evaluation of training: the participant's satisfaction survey of a class.

The answer is anonymous in the database, not only on the pages: one transaction writes a
SurveySubmission (this enrolment has answered: the "once" rule) and a SurveyResponse that names
only the class (no participant, no timestamp, a random id rather than one in answering order).
The audit row names the class, not the enrolment, and records that an answer was given, never
the scores or the comment. The results are read only as class averages and unnamed comments once
the survey is closed and enough participants answered (selectors/evaluation.py)."""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.training.models import Enrolment, SurveyResponse, SurveySubmission
from simerit.training.rules import evaluation as rules
from simerit.training.selectors import evaluation as selectors

ALREADY_ANSWERED = "Anda sudah mengisi survei kelas ini; jawaban tidak dapat diubah."


@transaction.atomic
def submit_survey(
    *, enrolment: Enrolment, scores: Mapping[str, object], comment: str, actor: User
) -> SurveyResponse:
    """The participant answers the survey of their class once: a score 1–5 for each aspect
    (rules.SURVEY_ASPECTS) and an optional comment, once the class is over for them and until
    the survey closes (rules.survey_refusal). Nothing is saved on a refusal."""
    if enrolment.employee.user_id is None or enrolment.employee.user_id != actor.pk:
        raise PermissionDenied(selectors.NOT_OWN_SURVEY)
    locked = (
        Enrolment.objects.select_for_update()
        .select_related("training_class__programme", "employee")
        .get(pk=enrolment.pk)
    )
    if selectors.has_survey(locked):
        raise ConflictError(ALREADY_ANSWERED)
    refusal = selectors.survey_refusal(locked)
    if refusal is not None:
        raise DomainError(refusal)
    valid, errors = rules.clean_survey_scores(scores)
    comment = comment.strip()
    if len(comment) > rules.SURVEY_COMMENT_MAX_LENGTH:
        errors["comment"] = [f"Saran paling banyak {rules.SURVEY_COMMENT_MAX_LENGTH} karakter."]
    if errors:
        raise InvalidInputError(errors)
    SurveySubmission.objects.create(enrolment=locked)
    survey = SurveyResponse.objects.create(
        training_class=locked.training_class,
        content_score=valid["content_score"],
        facilitator_score=valid["facilitator_score"],
        relevance_score=valid["relevance_score"],
        organisation_score=valid["organisation_score"],
        comment=comment,
    )
    audit.record(
        actor=actor,
        action="training.survey.submitted",
        target=locked.training_class,
        changes={"survey": "submitted"},
    )
    return survey

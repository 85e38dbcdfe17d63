"""Reads for the participant's exam pages: their placements and the result of their attempt.

A participant's rows are found through their own account (participant → application →
applicant → user), so a guessed id of somebody else's placement or attempt is not found.
"""

import mimetypes
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from simerit.accounts.models import User
from simerit.exams.models import Attempt, AttemptItem, Participant
from simerit.exams.rules.scoring import DROP, max_item_points
from simerit.exams.services import scoring


def list_placements(*, user: User) -> QuerySet[Participant]:
    """The user's placements in sittings (newest sitting first), with their attempts."""
    return (
        Participant.objects.filter(application__applicant__user=user)
        .select_related("sitting", "blueprint", "application__formasi__position", "attempt")
        .order_by("-sitting__starts_at", "pk")
    )


def get_own_participant(*, user: User, participant_id: int) -> Participant:
    """The user's own placement, or Participant.DoesNotExist."""
    return list_placements(user=user).get(pk=participant_id)


def attempt_of(participant: Participant) -> Attempt | None:
    """The participant's attempt, or None before the first start."""
    try:
        return participant.attempt
    except Attempt.DoesNotExist:
        return None


def is_participant_user(user: User, attempt: Attempt) -> bool:
    """Whether `user` is the applicant whose placement this (real) attempt belongs to."""
    if not user.is_authenticated or attempt.participant_id is None:
        return False
    return Participant.objects.filter(
        pk=attempt.participant_id, application__applicant__user=user
    ).exists()


def get_attempt(*, attempt_id: int) -> Attempt:
    """An attempt with what its pages show, or Attempt.DoesNotExist."""
    return Attempt.objects.select_related(
        "blueprint",
        "participant__sitting",
        "participant__application__applicant",
        "participant__application__formasi",
    ).get(pk=attempt_id)


# Formats an item image may be served as; anything else is a download.
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})


@dataclass(frozen=True)
class ItemImage:
    file: FieldFile
    content_type: str


def item_image(*, attempt: Attempt, position: int) -> ItemImage | None:
    """The image of the attempt's item at `position` and the type to serve it as, or None."""
    item = (
        AttemptItem.objects.select_related("question_version")
        .filter(attempt=attempt, position=position)
        .first()
    )
    if item is None or not item.question_version.image:
        return None
    image = item.question_version.image
    content_type = mimetypes.guess_type(image.name)[0] or ""
    if content_type not in IMAGE_TYPES:
        content_type = "application/octet-stream"
    return ItemImage(file=image, content_type=content_type)


@dataclass(frozen=True)
class SectionResult:
    """One sub-test on the result page: the score, the most it could be, its threshold."""

    code: str
    name: str
    score: int
    maximum: int
    minimum: int | None


@dataclass(frozen=True)
class ResultSummary:
    sections: list[SectionResult]
    maximum: int
    total_minimum: int | None

    @property
    def has_thresholds(self) -> bool:
        return self.total_minimum is not None or any(
            section.minimum is not None for section in self.sections
        )


def result_summary(attempt: Attempt) -> ResultSummary:
    """The finished attempt's scores per sub-test in the blueprint's order, with the maximum
    points of the items served (dropped items excluded) and the track's thresholds."""
    maxima: dict[str, int] = {}
    for key in scoring.attempt_item_keys(attempt):
        if key.decision != DROP:
            maxima[key.category] = maxima.get(key.category, 0) + max_item_points(key)
    rule = scoring.pass_rule_for(attempt.blueprint, scoring.attempt_track(attempt))
    minimums = dict(rule.category_minimums) if rule else {}
    sections = [
        SectionResult(
            code=section.category.code,
            name=section.category.name,
            score=int(attempt.scores.get(section.category.code, 0)),
            maximum=maxima.get(section.category.code, 0),
            minimum=minimums.get(section.category.code),
        )
        for section in attempt.blueprint.sections.select_related("category").order_by("order")
    ]
    return ResultSummary(
        sections=sections,
        maximum=sum(section.maximum for section in sections),
        total_minimum=rule.total_minimum if rule else None,
    )

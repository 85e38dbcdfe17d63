"""Reads for the public practice tests (tryout): the list, and the review with keys and
explanations. The review exists only for tryouts: a real exam's keys never leave the bank."""

from dataclasses import dataclass
from string import ascii_uppercase

from django.db.models import Count, QuerySet

from simerit.accounts.models import User
from simerit.exams.models import Attempt, AttemptItem, Blueprint, ExamKind
from simerit.exams.rules.scoring import SINGLE, ItemKey, item_score, max_item_points
from simerit.exams.services import scoring


def list_public_tryouts() -> QuerySet[Blueprint]:
    """Public tryout blueprints with an assembled item set, each with `question_count` and its
    sections (prefetched with their categories)."""
    return (
        Blueprint.objects.filter(
            kind=ExamKind.TRYOUT, is_public=True, delivery=Blueprint.Delivery.SIMERIT
        )
        .annotate(question_count=Count("items"))
        .filter(question_count__gt=0)
        .prefetch_related("sections__category")
        .order_by("name", "pk")
    )


def get_public_tryout(*, blueprint_id: int) -> Blueprint:
    """A tryout that may be started from the public page, or Blueprint.DoesNotExist."""
    return list_public_tryouts().get(pk=blueprint_id)


def list_own_practice_attempts(*, user: User) -> QuerySet[Attempt]:
    """The user's finished tryouts (their own history; never mixed with real results)."""
    return (
        Attempt.objects.filter(user=user, is_practice=True, status=Attempt.Status.FINISHED)
        .select_related("blueprint")
        .order_by("-finished_at", "-pk")
    )


def display_letter(index: int) -> str:
    """The letter an option is shown with: its place on the participant's screen (A, B, ...),
    not its key in the bank, which the participant never sees."""
    return ascii_uppercase[index] if index < len(ascii_uppercase) else str(index + 1)


@dataclass(frozen=True)
class ReviewOption:
    letter: str
    text: str
    points: int
    is_chosen: bool
    is_best: bool


@dataclass(frozen=True)
class ReviewItem:
    position: int
    section_name: str
    text: str
    has_image: bool
    options: list[ReviewOption]
    chosen_letter: str | None
    points: int | None  # None: dropped from scoring
    max_points: int
    weighted: bool
    explanation: str


def _option_points(key: ItemKey, option_key: str) -> int:
    if key.kind == SINGLE:
        return key.correct_points if key.option_points.get(option_key, 0) > 0 else key.wrong_points
    return key.option_points.get(option_key, 0)


def _review_item(item: AttemptItem, key: ItemKey, chosen: str | None) -> ReviewItem:
    version = item.question_version
    texts = {str(option["key"]): str(option["text"]) for option in version.options}
    best = max_item_points(key)
    options = [
        ReviewOption(
            letter=display_letter(index),
            text=texts.get(option_key, ""),
            points=_option_points(key, option_key),
            is_chosen=option_key == chosen,
            is_best=_option_points(key, option_key) == best,
        )
        for index, option_key in enumerate(item.option_order)
    ]
    return ReviewItem(
        position=item.position,
        section_name=item.section.category.name,
        text=version.text,
        has_image=bool(version.image),
        options=options,
        chosen_letter=next((option.letter for option in options if option.is_chosen), None),
        points=item_score(key, chosen),
        max_points=best,
        weighted=key.kind != SINGLE,
        explanation=version.explanation,
    )


def practice_review(attempt: Attempt) -> list[ReviewItem]:
    """Every question of a finished tryout with the participant's answer, the points of each
    option and the explanation. Refuses a real exam (ValueError): keys are never shown."""
    if not attempt.is_practice:
        raise ValueError("Pembahasan hanya untuk tryout.")
    answers, _ = scoring.attempt_answers(attempt)
    items = list(
        attempt.items.select_related("question_version__question", "section__category").order_by(
            "position"
        )
    )
    keys = scoring.item_keys(items, decisions=scoring.decisions_for(attempt.blueprint))
    return [
        _review_item(item, key, answers.get(item.position))
        for item, key in zip(items, keys, strict=True)
    ]

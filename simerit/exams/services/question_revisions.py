"""Changing a question: new content adds version n+1 (earlier versions are never touched), new
metadata is written in place, activation takes it out of (or back into) assembly; and how typed
input differs from a question, which also tells an import row's outcome.

Only question writers and Admin BKPSDM; every change adds an audit row.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Max

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import DomainError, InvalidInputError
from simerit.exams.models import Question
from simerit.exams.services import question_versions as versions
from simerit.exams.services import questions
from simerit.exams.services.questions import QuestionInput

NOTHING_CHANGED = "Tidak ada perubahan pada soal ini; versi baru tidak dibuat."


class Outcome(StrEnum):
    """What an import row does (or would do) to the bank."""

    CREATED = "created"
    REVISED = "revised"  # a new version
    UPDATED = "updated"  # metadata or active flag only, no new version
    UNCHANGED = "unchanged"


OUTCOME_LABELS = {
    Outcome.CREATED: "soal baru",
    Outcome.REVISED: "direvisi (versi baru)",
    Outcome.UPDATED: "diperbarui tanpa versi baru",
    Outcome.UNCHANGED: "tidak berubah",
}


@dataclass(frozen=True)
class Changes:
    """How `data` differs from a question's current state."""

    content: bool
    metadata: dict[str, list[Any]] = field(default_factory=dict)
    active: bool = False

    @property
    def outcome(self) -> Outcome:
        if self.content:
            return Outcome.REVISED
        if self.metadata or self.active:
            return Outcome.UPDATED
        return Outcome.UNCHANGED


@transaction.atomic
def revise_question(
    *,
    question: Question,
    data: QuestionInput,
    actor: User,
    image: "File[bytes] | None" = None,
    remove_image: bool = False,
) -> Question:
    """Change a question: new content (text, options, explanation, image) adds version n+1 and
    makes it current; new metadata (category, topic, difficulty) is written in place.

    Earlier versions are never touched. Refused when nothing changed, or when `data` has another
    kind (served versions are scored by the question's kind). `data.code` and `data.is_active`
    are ignored: the code is the question's identity, activation is set_question_active.
    """
    questions.require_writer(actor)
    question = _lock(question)
    if data.kind != question.kind:
        raise InvalidInputError({"kind": [kind_locked_message(question)]})
    data.code = question.code
    questions.raise_if_invalid(data)
    current = question.current_version
    checked = versions.check_image(image) if image is not None else None
    changes = compare(question, data)
    image_changed = versions.image_changed(current, checked, remove_image=remove_image)
    if not (changes.content or image_changed or changes.metadata):
        raise DomainError(NOTHING_CHANGED)
    before = versions.snapshot(question)
    question.category = data.category
    question.topic = data.topic
    question.difficulty = data.difficulty
    question.save(update_fields=["category", "topic", "difficulty", "updated_at"])
    new_version = changes.content or image_changed
    if new_version:
        number = (question.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        keep = "" if remove_image or current is None else current.image.name
        questions.add_version(
            question, data, number=number, image=checked, keep_image=keep, actor=actor
        )
    audit.record(
        actor=actor,
        action="exams.question.revised" if new_version else "exams.question.updated",
        target=question,
        changes=audit.diff(before, versions.snapshot(question)),
    )
    return question


@transaction.atomic
def set_question_active(*, question: Question, is_active: bool, actor: User) -> Question:
    """Take a question out of (or back into) assembly; versions already served stay as they are."""
    questions.require_writer(actor)
    question = _lock(question)
    if question.is_active == is_active:
        raise DomainError(
            f"Soal {question.code} sudah {'aktif' if is_active else 'nonaktif'}.",
            field="is_active",
        )
    question.is_active = is_active
    question.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="exams.question.activated" if is_active else "exams.question.deactivated",
        target=question,
        changes={"is_active": [not is_active, is_active]},
    )
    return question


def compare(question: Question, data: QuestionInput) -> Changes:
    """How normalised `data` differs from `question` (with its current version loaded)."""
    current = question.current_version
    metadata = audit.diff(
        {
            "category": question.category_id,
            "topic": question.topic,
            "difficulty": question.difficulty,
        },
        {"category": data.category.pk, "topic": data.topic, "difficulty": data.difficulty},
    )
    return Changes(
        content=current is None or current.sha256 != questions.input_sha256(data),
        metadata=metadata,
        active=question.is_active != data.is_active,
    )


def kind_locked_message(question: Question) -> str:
    return (
        f"Soal {question.code} bertipe {question.get_kind_display().lower()}; tipe soal tidak "
        "dapat diubah. Buat soal baru dengan kode lain."
    )


def _lock(question: Question) -> Question:
    """The question's row locked for this transaction, read as committed now."""
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("category", "current_version")
        .get(pk=question.pk)
    )

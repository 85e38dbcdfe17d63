"""The writes of a question bank import (simerit/exams/question_io/): the all-or-nothing batch
of a clean file, and the record of a file that was refused.

A refused file (unreadable, or with a row problem) writes no question, yet it is recorded:
`exams.bank.import_refused` with the file's name, SHA-256, size and counts, never its content,
committed on its own so that it outlives the refusal.
"""

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.exams.models import Question, QuestionBank
from simerit.exams.services import question_revisions as revisions
from simerit.exams.services import questions
from simerit.exams.services.question_revisions import Outcome
from simerit.exams.services.questions import QuestionInput


@transaction.atomic
def import_question_batch(
    *,
    bank: QuestionBank,
    items: Sequence[QuestionInput],
    actor: User,
    source: dict[str, Any],
) -> list[Outcome]:
    """Write every item, or none: a new code creates a question, a known code revises it when its
    content or metadata differ and sets its active flag; the first refusal undoes the batch.

    Images are not part of an import: a revised question keeps its current image.
    """
    questions.require_writer(actor)
    existing = {
        question.code: question
        for question in Question.objects.filter(bank=bank).select_related("current_version")
    }
    outcomes: list[Outcome] = []
    seen: set[str] = set()
    for data in items:
        questions.raise_if_invalid(data)
        if data.code in seen:
            raise ConflictError(f"Kode soal {data.code} muncul dua kali.", field="code")
        seen.add(data.code)
        question = existing.get(data.code)
        if question is None:
            questions.create_question(bank=bank, data=data, actor=actor)
            outcomes.append(Outcome.CREATED)
            continue
        if data.kind != question.kind:
            raise InvalidInputError({"kind": [revisions.kind_locked_message(question)]})
        changes = revisions.compare(question, data)
        if changes.content or changes.metadata:
            revisions.revise_question(question=question, data=data, actor=actor)
        if changes.active:
            revisions.set_question_active(question=question, is_active=data.is_active, actor=actor)
        outcomes.append(changes.outcome)
    audit.record(
        actor=actor,
        action="exams.bank.imported",
        target=bank,
        changes={
            **source,
            **{outcome.value: outcomes.count(outcome) for outcome in Outcome},
        },
    )
    return outcomes


@transaction.atomic
def record_refused_import(*, bank: QuestionBank, actor: User, source: dict[str, Any]) -> None:
    """Audit a refused import file: `source` names the file (name, SHA-256, size, format) and why
    (a message, or the row and error counts). Nothing else is written."""
    questions.require_writer(actor)
    audit.record(actor=actor, action="exams.bank.import_refused", target=bank, changes=source)

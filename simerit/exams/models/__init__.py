"""Computer-assisted tests (CAT): question bank, blueprints, sittings, attempts and results.

Domain reference §2 (SKD), §2.5 (CAT BKN procedure) and §2.6 (PPPK). Every number that a
regulation sets (question counts, duration, points, passing grades) is a row, never a constant.

The hot path is AnswerEvent: one INSERT per click (services/answers.py). An attempt's current
answers are the last event per position; the events are append-only (database triggers) and are
sealed into a hash chain when the attempt finishes (docs/decisions/0008-exam-answer-log.md).

The models live in sub-modules by part (bank, blueprints, sittings, attempts, results). Django's app
registry and the migrations (`question_image_path`) read them from `simerit.exams.models`, so this
package imports them here: the one place where the project re-exports.
"""

from simerit.exams.models.attempts import (
    AnswerEvent,
    Attempt,
    AttemptItem,
    IntegrityEvent,
)
from simerit.exams.models.bank import (
    QUESTION_KINDS,
    Difficulty,
    ExamKind,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
    question_image_path,
)
from simerit.exams.models.blueprints import (
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    PassingRule,
)
from simerit.exams.models.results import (
    ExamResult,
    ItemDecision,
    ScoreImport,
)
from simerit.exams.models.sittings import (
    ExamPin,
    Participant,
    Sitting,
    SittingProctor,
)

__all__ = [
    "QUESTION_KINDS",
    "AnswerEvent",
    "Attempt",
    "AttemptItem",
    "Blueprint",
    "BlueprintItem",
    "BlueprintSection",
    "Difficulty",
    "ExamKind",
    "ExamPin",
    "ExamResult",
    "IntegrityEvent",
    "ItemDecision",
    "Participant",
    "PassingRule",
    "Question",
    "QuestionBank",
    "QuestionCategory",
    "QuestionVersion",
    "ScoreImport",
    "Sitting",
    "SittingProctor",
    "question_image_path",
]

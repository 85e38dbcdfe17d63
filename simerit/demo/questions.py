"""The demo's sample questions: what one is, and how it is written.

The questions are genuine SKD and PPPK items in Indonesian, with their pembahasan, written in
the sub-test modules (questions_twk, questions_tiu, questions_tkp, questions_pppk; the numeric
TIU items in questions_generated) with the right answer (single answer) or the best option
(weighted) first; each question's options are then put in an order drawn from its code, so the
keys are spread over A–E the same way on every run. Explanations never name a letter: a
participant sees the options shuffled. questions_skd assembles the two SKD banks.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simerit.exams.models import Difficulty, Question
from simerit.exams.services.questions import OPTION_KEYS, OptionInput

EASY, MEDIUM, HARD = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD


@dataclass(frozen=True)
class SampleQuestion:
    code: str
    category: str  # QuestionCategory.code
    kind: str  # Question.Kind
    topic: str
    difficulty: str
    text: str
    options: tuple[tuple[str, int], ...]  # (text, points) in key order A, B, ...
    explanation: str

    @property
    def key(self) -> str:
        """The correct option of a single-answer question (the best one of a weighted one)."""
        best = max(range(len(self.options)), key=lambda index: self.options[index][1])
        return OPTION_KEYS[best]

    def option_inputs(self) -> list[OptionInput]:
        return [
            OptionInput(key=key, text=text, points=points)
            for key, (text, points) in zip(OPTION_KEYS, self.options, strict=False)
        ]

    def json_item(self) -> dict[str, Any]:
        """The question as an object of the bank's JSON export format (question_io)."""
        return {
            "code": self.code,
            "category": self.category,
            "kind": self.kind,
            "topic": self.topic,
            "difficulty": self.difficulty,
            "active": True,
            "text": self.text,
            "options": [
                {"key": option.key, "text": option.text, "points": option.points}
                for option in self.option_inputs()
            ],
            "explanation": self.explanation,
        }


def _ordered(code: str, options: Sequence[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """The options in an order drawn from the question's code (the same on every run)."""
    shuffled = list(options)
    random.Random(code).shuffle(shuffled)  # noqa: S311 (a layout, not a secret)
    return tuple(shuffled)


def single(
    code: str,
    category: str,
    topic: str,
    difficulty: str,
    text: str,
    *,
    correct: str,
    wrong: Sequence[str],
    explanation: str,
) -> SampleQuestion:
    """A question with one correct option; `wrong` holds the distractors."""
    options = [(correct, 1), *((option, 0) for option in wrong)]
    return SampleQuestion(
        code,
        category,
        Question.Kind.SINGLE,
        topic,
        difficulty,
        text,
        _ordered(code, options),
        explanation,
    )


def weighted(
    code: str,
    category: str,
    topic: str,
    text: str,
    options: Sequence[tuple[str, int]],
    *,
    explanation: str,
    difficulty: str = MEDIUM,
) -> SampleQuestion:
    """A question whose every option carries points (TKP 1–5; PPPK 1–4)."""
    return SampleQuestion(
        code,
        category,
        Question.Kind.WEIGHTED,
        topic,
        difficulty,
        text,
        _ordered(code, options),
        explanation,
    )

"""The two SKD banks' questions: the exam bank of the SKD simulation (imported as a JSON file
through exams.question_io) and the practice bank of the public tryout (written through
exams.services.questions), each with its TWK, TIU (hand-written and generated) and TKP items."""

from simerit.demo.questions import SampleQuestion
from simerit.demo.questions_generated import numeric
from simerit.demo.questions_tiu import tiu_exam, tiu_practice
from simerit.demo.questions_tkp import tkp_exam, tkp_practice
from simerit.demo.questions_twk import twk_exam, twk_practice


def skd_exam_questions(*, seed: int) -> list[SampleQuestion]:
    """The exam bank of the SKD simulation: 12 TWK, 12 TIU (5 generated), 12 TKP."""
    tiu = tiu_exam()
    tiu += numeric("TIU-", count=12 - len(tiu), seed=seed, first=len(tiu) + 1, digits=3)
    return [*twk_exam(), *tiu, *tkp_exam()]


def tryout_questions(*, seed: int) -> list[SampleQuestion]:
    """The practice bank of the public tryout: 10 TWK, 10 TIU (5 generated), 10 TKP."""
    tiu = tiu_practice()
    tiu += numeric(
        "TO-TIU-", count=10 - len(tiu), seed=seed + 1, first=len(tiu) + 1, digits=2, offset=1
    )
    return [*twk_practice(), *tiu, *tkp_practice()]

"""The demo's CAT story, built only through the exams services.

- The question writer builds three banks and Admin BKPSDM three blueprints (exam_banks).
- SKD CASN 2026 was held two days before the seed in two sittings, with answers, a takeover, a
  power cut, a timeout and two absentees; afterwards a flawed item is annulled, the blueprint is
  rescored, the results are published (exam_held_skd), and the writer revises the item
  (version 2; the exam keeps version 1).
- The PPPK 2025 competency test starts soon after the seed in two rooms, the `pelamar` login
  among its participants (exam_sittings).

The CASN 2026 registration is still open in the recruitment story, so its SKD having happened is
a liberty of the demo. It shows finished attempts, item analysis and published results next to
an exam that the `pelamar` (whose MS application is in PPPK 2025) can take now; a blueprint with
published results cannot also hold a sitting still to come (results.publish_results refuses).
"""

import datetime as dt
from dataclasses import dataclass

from simerit.accounts.models import User
from simerit.demo import exam_banks
from simerit.demo.exam_held_skd import HeldSkd
from simerit.demo.exam_sittings import coming_pppk
from simerit.exams.models import (
    Attempt,
    Blueprint,
    ExamResult,
    Participant,
    Question,
    QuestionBank,
    QuestionCategory,
    Sitting,
)


@dataclass
class ExamStoryResult:
    banks: int = 0
    questions: int = 0
    blueprints: int = 0
    sittings: int = 0
    participants: int = 0
    finished_attempts: int = 0
    published_results: int = 0
    pelamar_sitting: str = ""  # the code of the sitting the demo applicant can try


class ExamStory:
    def __init__(
        self,
        *,
        today: dt.date,
        now: dt.datetime,
        users: dict[str, User],
        pelamar_email: str,
        seed: int,
    ) -> None:
        self.today = today
        self.now = now
        self.admin = users["admin.bkpsdm"]
        self.proctor = users["pengawas"]
        self.writer = users["penulis.soal"]
        self.pelamar_email = pelamar_email
        self.seed = seed
        self.categories = {c.code: c for c in QuestionCategory.objects.all()}
        self.result = ExamStoryResult()

    def build(self) -> ExamStoryResult:
        exam_bank, practice_bank, pppk_bank = exam_banks.create_banks(
            writer=self.writer, categories=self.categories, seed=self.seed
        )
        skd = exam_banks.skd_blueprint(exam_bank, admin=self.admin, seed=self.seed)
        exam_banks.tryout_blueprint(practice_bank, admin=self.admin, seed=self.seed)
        pppk = exam_banks.pppk_blueprint(pppk_bank, admin=self.admin, seed=self.seed)
        HeldSkd(
            today=self.today,
            admin=self.admin,
            proctor=self.proctor,
            seed=self.seed,
        ).hold(skd)
        exam_banks.revise_flawed(exam_bank, writer=self.writer, categories=self.categories)
        own = coming_pppk(
            pppk,
            now=self.now,
            admin=self.admin,
            proctor=self.proctor,
            seed=self.seed,
            pelamar_email=self.pelamar_email,
        )
        self.result.pelamar_sitting = own.code
        self.result.banks = QuestionBank.objects.count()
        self.result.questions = Question.objects.count()
        self.result.blueprints = Blueprint.objects.count()
        self.result.sittings = Sitting.objects.count()
        self.result.participants = Participant.objects.count()
        self.result.finished_attempts = Attempt.objects.filter(
            status=Attempt.Status.FINISHED
        ).count()
        self.result.published_results = ExamResult.objects.count()
        return self.result

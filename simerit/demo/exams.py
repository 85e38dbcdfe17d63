"""The demo's CAT story, built only through the exams services.

- The question writer (`penulis.soal`) builds three banks: "Bank Soal SKD Demo" imported as a
  JSON file through exams.question_io, the practice bank "Bank Soal Tryout" and "Bank Soal
  Kompetensi PPPK Demo" written question by question (questions.py has the content).
- Admin BKPSDM builds three blueprints. The banks hold about ten questions per sub-test, not the
  national 30/35/45, so the SKD blueprints say so in their names: the national configuration is
  applied first (apply_skd_defaults), then the sections are cut to 10/10/10 and the time and the
  passing grades are scaled in the same proportion (the audit log shows both steps). The PPPK
  blueprint has 5/5/5/5 questions and, as in 2024, no passing grade (ranking decides).
- SKD CASN 2026 was held two days before the seed in two sittings: the MS applicants were placed
  automatically, checked in by the `pengawas`, given start PINs and took the exam; their answers
  go through answers.save_answer with the times of that day, in patterns drawn from a fixed seed
  (an ability per participant, a difficulty per question). One participant changes computer
  (takeover PIN), a power cut pauses the second sitting for six minutes, one participant runs out
  of time and two do not come. Afterwards a flawed item is annulled (credited to everyone), the
  blueprint is rescored, the results are published, and the writer revises the item (version 2;
  the exam keeps version 1).
- The PPPK 2025 competency test starts PPPK_LEAD_MINUTES after the seed in two rooms (one
  accessible), with the `pengawas` as proctor and every MS applicant placed, the `pelamar` login
  among them: the README explains how to try it (check-in, PIN, exam).

The CASN 2026 registration is still open in the recruitment story, so its SKD having happened is
a liberty of the demo. It shows finished attempts, item analysis and published results next to
an exam that the `pelamar` (whose MS application is in PPPK 2025) can take now; a blueprint with
published results cannot also hold a sitting still to come (results.publish_results refuses).
"""

import datetime as dt
import json
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.demo import formasi as recruitment_story
from simerit.demo import questions
from simerit.demo.questions import SampleQuestion
from simerit.exams import defaults
from simerit.exams.models import (
    Attempt,
    AttemptItem,
    Blueprint,
    BlueprintItem,
    ExamKind,
    ExamResult,
    IntegrityEvent,
    ItemDecision,
    Participant,
    Question,
    QuestionBank,
    QuestionCategory,
    Sitting,
)
from simerit.exams.question_io import columns as bank_columns
from simerit.exams.question_io import importing as bank_importing
from simerit.exams.services import answers as answer_services
from simerit.exams.services import attempts as attempt_services
from simerit.exams.services import blueprint_sections, finishing, proctoring, question_revisions
from simerit.exams.services import blueprints as blueprint_services
from simerit.exams.services import checkin as checkin_services
from simerit.exams.services import decisions as decision_services
from simerit.exams.services import integrity as integrity_services
from simerit.exams.services import questions as question_services
from simerit.exams.services import results as result_services
from simerit.exams.services import sittings as sitting_services
from simerit.exams.services.blueprint_sections import RuleInput, SectionInput
from simerit.exams.services.blueprints import BlueprintInput
from simerit.exams.services.questions import QuestionInput
from simerit.recruitment.models import SelectionPeriod

SKD_NAME = "SKD CASN 2026 — Simulasi Demo 10/10/10 soal"
TRYOUT_NAME = "Tryout SKD — 10/10/10 soal"
PPPK_NAME = "Seleksi Kompetensi PPPK 2025 — Simulasi Demo 5/5/5/5 soal"
SIMULATION_COUNT = 10  # questions per SKD sub-test in the demo
SCALED_BASIS = f"{defaults.SKD_LEGAL_BASIS} (jumlah soal, waktu dan ambang batas diskalakan)"
# KepmenPANRB 347/2024: teknis 5/0, manajerial, sosial kultural and wawancara options 1–4;
# 145 questions in 120 minutes, here 20 in 20. No nilai ambang batas: the ranking decides.
PPPK_SECTIONS = (
    SectionInput("TEKNIS", 5, 5, 0, 0),
    SectionInput("MANAJERIAL", 5, 4, 0, 0),
    SectionInput("SOSIOKULTURAL", 5, 4, 0, 0),
    SectionInput("WAWANCARA", 5, 4, 0, 0),
)
PPPK_MINUTES = 20
PPPK_BASIS = "KepmenPANRB 347/2024 (jumlah soal dan waktu diperkecil untuk simulasi)"

SITE = "Gedung CAT BKPSDM Kota Palembang"
ROOM_1 = "Ruang CAT 1 (lantai 2)"
ROOM_2 = "Ruang CAT 2 (lantai 1, ramah disabilitas)"
SKD_DAY = -2  # the SKD was held this many days before the seed
PPPK_LEAD_MINUTES = 15  # the PPPK sittings start at least this long after the seed

ANNUL_REASON = (
    "Telaah tim penulis soal: pada soal analogi PANAS : API = DINGIN : ..., pilihan 'Salju' "
    "memenuhi hubungan yang sama dengan kunci 'Es', sehingga soal tidak memiliki satu jawaban "
    "tunggal. Soal dianggap benar untuk semua peserta."
)
PAUSE_REASON = "Listrik padam di Ruang CAT 2; ujian dijeda sampai daya dari genset stabil."
RESUME_REASON = "Listrik kembali stabil; ujian dilanjutkan tanpa mengurangi waktu peserta."


@dataclass(frozen=True)
class SittingPlan:
    code: str
    room: str
    capacity: int
    accessible: bool = False
    start: dt.time = dt.time(8, 0)  # local time (the PPPK sittings start after the seed)
    pause_after_minutes: int = 0  # a power cut this long after the start (0: none)
    pause_minutes: int = 0


SKD_SITTINGS = (
    SittingPlan("SKD26-S1", ROOM_1, 8),
    SittingPlan(
        "SKD26-S2",
        ROOM_2,
        8,
        accessible=True,
        start=dt.time(10, 30),
        pause_after_minutes=8,
        pause_minutes=6,
    ),
)
PPPK_SITTINGS = (
    SittingPlan("PPPK25-R1", ROOM_1, 10),
    SittingPlan("PPPK25-R2", ROOM_2, 10, accessible=True),
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


@dataclass(frozen=True)
class _Event:
    at: dt.datetime
    position: int
    kind: str
    option: str = ""


@dataclass(frozen=True)
class _Item:
    """What the simulation knows about one question of the SKD: how hard it is, its key and
    how tempting each wrong option is (the same for every participant)."""

    kind: str
    points: dict[str, int]
    hardness: float
    lures: dict[str, float]


@dataclass
class _Taker:
    participant: Participant
    user: User
    key: str  # seeds this taker's random choices
    ability: float  # about -1.5 (weak) to 1.5 (strong)
    pace: float  # mean seconds per question
    rng: random.Random  # times only; what is clicked is drawn per (taker key, question code)
    submits: bool = True  # False: never presses "Selesai"; the deadline ends the attempt
    attempt: Attempt | None = None
    token: str = ""
    seq: int = 0
    takeover_after: int = 0  # switch computers after this many questions (0: never)
    distracted: bool = False  # leaves the exam window now and then (integrity log)
    events: list[_Event] = field(default_factory=list)
    finish_at: dt.datetime | None = None
    takeover_at: dt.datetime | None = None


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
        self.rng = random.Random(seed)  # noqa: S311 (sample data, not a secret)
        self.categories = {c.code: c for c in QuestionCategory.objects.all()}
        self.result = ExamStoryResult()

    # --- The story

    def build(self) -> ExamStoryResult:
        exam_bank, practice_bank, pppk_bank = self.banks()
        skd = self.skd_blueprint(exam_bank)
        self.tryout_blueprint(practice_bank)
        pppk = self.pppk_blueprint(pppk_bank)
        self.held_skd(skd)
        self.revise_flawed(exam_bank)
        self.coming_pppk(pppk)
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

    # --- Banks

    def banks(self) -> tuple[QuestionBank, QuestionBank, QuestionBank]:
        exam = question_services.create_bank(
            name="Bank Soal SKD Demo",
            purpose=QuestionBank.Purpose.EXAM,
            description="Contoh soal TWK, TIU dan TKP untuk SKD simulasi demo, diimpor dari "
            "berkas JSON.",
            actor=self.writer,
        )
        self.import_json(exam, questions.skd_exam_questions(seed=self.seed))
        practice = question_services.create_bank(
            name="Bank Soal Tryout",
            purpose=QuestionBank.Purpose.PRACTICE,
            description="Soal latihan SKD dengan pembahasan untuk tryout terbuka.",
            actor=self.writer,
        )
        self.write(practice, questions.tryout_questions(seed=self.seed))
        pppk = question_services.create_bank(
            name="Bank Soal Kompetensi PPPK Demo",
            purpose=QuestionBank.Purpose.EXAM,
            description="Contoh soal kompetensi teknis, manajerial, sosial kultural dan "
            "wawancara untuk seleksi PPPK.",
            actor=self.writer,
        )
        self.write(pppk, questions.pppk_questions())
        return exam, practice, pppk

    def import_json(self, bank: QuestionBank, items: Sequence[SampleQuestion]) -> None:
        """Import `items` as the bank's JSON export format, the way a writer uploads a file."""
        document = {
            "format": bank_columns.JSON_FORMAT,
            "format_version": bank_columns.JSON_VERSION,
            "bank": {"name": bank.name, "purpose": bank.purpose, "description": bank.description},
            "questions": [item.json_item() for item in items],
        }
        content = json.dumps(document, ensure_ascii=False, indent=2).encode()
        report = bank_importing.import_bank(
            content, bank=bank, user=self.writer, file_name="bank-soal-skd-demo.json"
        )
        if not report.stored:
            problems = "; ".join(f"{error.column}: {error.message}" for error in report.errors)
            raise DomainError(f"Data demo: impor bank soal ditolak ({problems}).")

    def write(self, bank: QuestionBank, items: Iterable[SampleQuestion]) -> None:
        for item in items:
            question_services.create_question(bank=bank, data=self.input(item), actor=self.writer)

    def input(self, item: SampleQuestion) -> QuestionInput:
        return QuestionInput(
            code=item.code,
            category=self.categories[item.category],
            kind=item.kind,
            text=item.text,
            options=item.option_inputs(),
            topic=item.topic,
            difficulty=item.difficulty,
            explanation=item.explanation,
        )

    # --- Blueprints

    def skd_blueprint(self, bank: QuestionBank) -> Blueprint:
        period = SelectionPeriod.objects.get(name=recruitment_story.CASN_2026.name)
        data = BlueprintInput(
            name=SKD_NAME,
            kind=ExamKind.SKD,
            duration_minutes=defaults.SKD_DURATION_MINUTES,
            period=period,
            bank=bank,
        )
        blueprint = blueprint_services.create_blueprint(data=data, actor=self.admin)
        self.scale_skd(blueprint, data)
        blueprint_services.assemble_items(blueprint=blueprint, actor=self.admin, seed=self.seed)
        return blueprint

    def tryout_blueprint(self, bank: QuestionBank) -> Blueprint:
        data = BlueprintInput(
            name=TRYOUT_NAME,
            kind=ExamKind.TRYOUT,
            duration_minutes=defaults.SKD_DURATION_MINUTES,
            bank=bank,
            is_public=True,
        )
        blueprint = blueprint_services.create_blueprint(data=data, actor=self.admin)
        self.scale_skd(blueprint, data)
        blueprint_services.assemble_items(blueprint=blueprint, actor=self.admin, seed=self.seed)
        return blueprint

    def scale_skd(self, blueprint: Blueprint, data: BlueprintInput) -> None:
        """The national SKD configuration, then cut to SIMULATION_COUNT questions per sub-test
        with the time and the passing grades scaled in proportion."""
        blueprint_services.apply_skd_defaults(blueprint=blueprint, actor=self.admin)
        sections = [
            SectionInput(
                s.category_code, SIMULATION_COUNT, s.correct_points, s.wrong_points, s.blank_points
            )
            for s in defaults.SKD_SECTIONS
        ]
        blueprint_sections.set_sections(blueprint=blueprint, sections=sections, actor=self.admin)
        blueprint_sections.set_passing_rules(
            blueprint=blueprint, rules=scaled_rules(sections), actor=self.admin
        )
        data.duration_minutes = scaled_minutes(sections)
        data.legal_basis = SCALED_BASIS
        blueprint_services.update_blueprint(blueprint=blueprint, data=data, actor=self.admin)

    def pppk_blueprint(self, bank: QuestionBank) -> Blueprint:
        period = SelectionPeriod.objects.get(name=recruitment_story.PPPK_2025.name)
        blueprint = blueprint_services.create_blueprint(
            data=BlueprintInput(
                name=PPPK_NAME,
                kind=ExamKind.PPPK,
                duration_minutes=PPPK_MINUTES,
                period=period,
                bank=bank,
                legal_basis=PPPK_BASIS,
            ),
            actor=self.admin,
        )
        blueprint_sections.set_sections(
            blueprint=blueprint, sections=PPPK_SECTIONS, actor=self.admin
        )
        blueprint_services.assemble_items(blueprint=blueprint, actor=self.admin, seed=self.seed)
        return blueprint

    # --- Sittings

    def sittings(
        self,
        blueprint: Blueprint,
        plans: Sequence[SittingPlan],
        *,
        starts: Sequence[dt.datetime],
        planned: dt.datetime,
    ) -> list[Sitting]:
        """The sittings of `plans` as planned at `planned`, with the demo proctor on each and
        the period's MS applicants placed automatically."""
        created = []
        for plan, starts_at in zip(plans, starts, strict=True):
            sitting = sitting_services.create_sitting(
                blueprint=blueprint,
                data=sitting_services.SittingInput(
                    code=plan.code,
                    starts_at=starts_at,
                    site=SITE,
                    room=plan.room,
                    capacity=plan.capacity,
                    is_accessible=plan.accessible,
                ),
                actor=self.admin,
                now=planned,
            )
            sitting_services.assign_proctor(sitting=sitting, user=self.proctor, actor=self.admin)
            created.append(sitting)
        sitting_services.assign_participants(
            blueprint=blueprint, actor=self.admin, seed=self.seed, now=planned
        )
        return created

    def coming_pppk(self, blueprint: Blueprint) -> None:
        """Both rooms start together, soon after the seed; the pelamar sits in one of them."""
        starts = _round_up(self.now + dt.timedelta(minutes=PPPK_LEAD_MINUTES), minutes=5)
        self.sittings(
            blueprint, PPPK_SITTINGS, starts=[starts] * len(PPPK_SITTINGS), planned=self.now
        )
        own = pelamar_sitting(self.pelamar_email)
        if own is None or own.blueprint_id != blueprint.pk:
            raise DomainError("Data demo: pelamar demo tidak ditempatkan di sesi PPPK.")
        self.result.pelamar_sitting = own.code

    # --- The SKD that was held

    def held_skd(self, blueprint: Blueprint) -> None:
        starts = [_at(self.today, SKD_DAY, plan.start) for plan in SKD_SITTINGS]
        planned = _at(self.today, SKD_DAY - 7, dt.time(9, 0))
        sittings = self.sittings(blueprint, SKD_SITTINGS, starts=starts, planned=planned)
        items = self.item_profiles(blueprint)
        takers = self.takers(sittings)
        for sitting, plan in zip(sittings, SKD_SITTINGS, strict=True):
            self.run_sitting(sitting, plan, takers[sitting.pk], items)
        self.annul_and_publish(blueprint)

    def item_profiles(self, blueprint: Blueprint) -> dict[int, _Item]:
        """Per question version: its kind, points, a hardness and how tempting each wrong
        option is. The flawed item's second defensible option draws most wrong answers."""
        hardness = {"easy": -1.2, "medium": 0.0, "hard": 1.0}
        rows = BlueprintItem.objects.filter(blueprint=blueprint).select_related(
            "question_version__question"
        )
        profiles = {}
        for row in rows.order_by("order"):
            version = row.question_version
            question = version.question
            rng = random.Random(f"{self.seed}:{question.code}")  # noqa: S311 (sample data)
            points = {str(o["key"]): int(o["points"]) for o in version.options}
            lures = {key: rng.random() ** 2 + 0.05 for key in sorted(points) if not points[key]}
            if question.code == questions.FLAWED_CODE:
                lures = {
                    str(o["key"]): 8.0 if o["text"] == "Salju" else 0.3
                    for o in version.options
                    if not o["points"]
                }
            profiles[version.pk] = _Item(
                kind=question.kind,
                points=points,
                hardness=hardness[question.difficulty] + rng.uniform(-0.4, 0.4),
                lures=lures,
            )
        return profiles

    def takers(self, sittings: Sequence[Sitting]) -> dict[int, list[_Taker]]:
        """Who comes to each sitting (all but one), with a spread of abilities and paces: the
        slowest of the first sitting runs out of time, one changes computers."""
        present: dict[int, list[Participant]] = {}
        for sitting in sittings:
            seated = list(
                Participant.objects.filter(sitting=sitting)
                .select_related("application__applicant__user")
                .order_by("seat_number")
            )
            absent = self.rng.choice(seated)
            present[sitting.pk] = [p for p in seated if p != absent]
        count = sum(len(group) for group in present.values())
        abilities = [1.5 - 3.0 * index / (count - 1) for index in range(count)]
        self.rng.shuffle(abilities)
        takers: dict[int, list[_Taker]] = {}
        for number, sitting in enumerate(sittings, start=1):
            takers[sitting.pk] = []
            for participant in present[sitting.pk]:
                user = participant.application.applicant.user
                assert user is not None  # noqa: S101 (every demo applicant registered)
                key = f"{self.seed}:{number}:{participant.seat_number}"
                takers[sitting.pk].append(
                    _Taker(
                        participant=participant,
                        user=user,
                        key=key,
                        ability=abilities.pop(),
                        pace=self.rng.uniform(32, 42),
                        rng=random.Random(key),  # noqa: S311 (sample data)
                    )
                )
        first = takers[sittings[0].pk]
        # The last one answers slowly and never presses "Selesai": the deadline ends it.
        first[-1].pace, first[-1].submits = 48.0, False
        first[1].takeover_after = 12
        first[0].distracted = True
        takers[sittings[1].pk][2].distracted = True
        return takers

    def run_sitting(
        self, sitting: Sitting, plan: SittingPlan, takers: list[_Taker], items: dict[int, _Item]
    ) -> None:
        """Check-in, PINs and starts; each taker's answers; a power cut (pause and resume)
        in between if planned; then each attempt finishes."""
        start = sitting.starts_at
        for index, taker in enumerate(takers):
            arrive = start - dt.timedelta(minutes=50 - 3 * index)
            checkin_services.check_in(participant=taker.participant, actor=self.proctor, now=arrive)
            pin = checkin_services.issue_start_pin(
                participant=taker.participant,
                actor=self.proctor,
                now=arrive + dt.timedelta(minutes=1),
            )
            taker.attempt, taker.token = attempt_services.start_attempt(
                participant=taker.participant,
                pin=pin,
                user=taker.user,
                now=start + dt.timedelta(seconds=60 + 20 * index),
            )
            self.plan_answers(taker, items, plan=plan, start=start)
        if plan.pause_minutes:
            cut = start + dt.timedelta(minutes=plan.pause_after_minutes)
            for taker in takers:
                self.send(taker, until=cut)
            proctoring.pause_sitting(
                sitting=sitting, actor=self.proctor, reason=PAUSE_REASON, now=cut
            )
            proctoring.resume_sitting(
                sitting=sitting,
                actor=self.proctor,
                reason=RESUME_REASON,
                now=cut + dt.timedelta(minutes=plan.pause_minutes),
            )
        for taker in takers:
            self.send(taker, until=None)
            self.finish(taker)

    def plan_answers(
        self, taker: _Taker, items: dict[int, _Item], *, plan: SittingPlan, start: dt.datetime
    ) -> None:
        """The taker's clicks in time order: an answer per question (a few changed, flagged and
        revisited, cleared or skipped) and, for some, the exam window losing focus; a power cut
        shifts what follows it.

        What is clicked depends only on the taker and the question (the engine shuffles each
        attempt's order with the system's random source), so the scores are the same on every
        run; the times come from the taker's own seeded source.
        """
        attempt = taker.attempt
        assert attempt is not None  # noqa: S101 (started just before)
        served = list(
            AttemptItem.objects.filter(attempt=attempt)
            .select_related("question_version__question")
            .order_by("position")
        )
        at = attempt.started_at + dt.timedelta(seconds=taker.rng.uniform(30, 60))
        events: list[_Event] = []
        flagged: list[tuple[AttemptItem, random.Random]] = []
        for count, served_item in enumerate(served, start=1):
            at += dt.timedelta(seconds=taker.pace * taker.rng.uniform(0.6, 1.4))
            code = served_item.question_version.question.code
            rng = random.Random(f"{taker.key}:{code}")  # noqa: S311 (sample data)
            item = items[served_item.question_version_id]
            position = served_item.position
            if count == taker.takeover_after:
                taker.takeover_at = at
                at += dt.timedelta(minutes=3)
            if rng.random() < 0.03 + max(0.0, -taker.ability) * 0.03:
                continue  # skipped, never answered
            if rng.random() < 0.12:  # a first choice, changed a few seconds later
                first = rng.choice(sorted(item.points))
                events.append(_Event(at - dt.timedelta(seconds=9), position, "a", first))
            events.append(_Event(at, position, "a", self.choose(item, taker.ability, rng)))
            if rng.random() < 0.02:
                events.append(_Event(at + dt.timedelta(seconds=4), position, "c"))
            elif rng.random() < 0.1:
                events.append(_Event(at + dt.timedelta(seconds=2), position, "f"))
                flagged.append((served_item, rng))
        for served_item, rng in flagged:
            at += dt.timedelta(seconds=taker.rng.uniform(10, 25))
            if rng.random() < 0.5:
                item = items[served_item.question_version_id]
                choice = self.choose(item, taker.ability, rng)
                events.append(_Event(at, served_item.position, "a", choice))
            events.append(_Event(at + dt.timedelta(seconds=3), served_item.position, "u"))
        finish_at = at + dt.timedelta(seconds=taker.rng.uniform(30, 90))
        if taker.distracted:
            for second in sorted(taker.rng.sample(range(120, 600, 20), 3)):
                moment = attempt.started_at + dt.timedelta(seconds=second)
                events.append(_Event(moment, 0, "focus_lost"))
            events.sort(key=lambda event: event.at)
        if finish_at >= attempt.deadline - dt.timedelta(seconds=30):
            raise DomainError(f"Data demo: peserta {taker.key} tidak selesai sebelum batas waktu.")
        cut = start + dt.timedelta(minutes=plan.pause_after_minutes)
        shift = dt.timedelta(minutes=plan.pause_minutes)

        def shifted(moment: dt.datetime) -> dt.datetime:
            return moment + shift if plan.pause_minutes and moment >= cut else moment

        taker.events = [_Event(shifted(e.at), e.position, e.kind, e.option) for e in events]
        taker.finish_at = shifted(finish_at) if taker.submits else None
        if taker.takeover_at is not None:
            taker.takeover_at = shifted(taker.takeover_at)

    @staticmethod
    def choose(item: _Item, ability: float, rng: random.Random) -> str:
        """A single-answer question is right with a logistic chance, else a tempting wrong
        option; a weighted one leans to the better options the stronger the taker."""
        if item.kind == Question.Kind.SINGLE:
            chance = 1 / (1 + math.exp(-1.7 * (ability - item.hardness)))
            if rng.random() < chance:
                return next(key for key, points in item.points.items() if points)
            keys = sorted(item.lures)
            return rng.choices(keys, weights=[item.lures[key] for key in keys])[0]
        keys = sorted(item.points)
        lean = 0.9 + 0.4 * ability
        return rng.choices(keys, weights=[math.exp(lean * item.points[key]) for key in keys])[0]

    def send(self, taker: _Taker, *, until: dt.datetime | None) -> None:
        """Save the taker's planned clicks before `until` (all when None), switching computers
        on the way when planned."""
        attempt = taker.attempt
        assert attempt is not None  # noqa: S101 (started)
        while taker.events and (until is None or taker.events[0].at < until):
            event = taker.events.pop(0)
            if taker.takeover_at is not None and event.at >= taker.takeover_at:
                self.take_over(taker, at=taker.takeover_at)
            if event.kind == "focus_lost":
                integrity_services.log_event(
                    attempt=attempt,
                    kind=IntegrityEvent.Kind.FOCUS_LOST,
                    detail={"position": None},
                    now=event.at,
                )
                continue
            taker.seq += 1
            answer_services.save_answer(
                attempt_id=attempt.pk,
                token=taker.token,
                seq=taker.seq,
                position=event.position,
                kind=event.kind,
                option=event.option,
                now=event.at,
            )

    def take_over(self, taker: _Taker, *, at: dt.datetime) -> None:
        """The computer froze: the proctor issues a takeover PIN, the taker goes on elsewhere."""
        taker.takeover_at = None
        pin = checkin_services.issue_takeover_pin(
            participant=taker.participant, actor=self.proctor, now=at
        )
        taker.attempt, taker.token = attempt_services.start_attempt(
            participant=taker.participant,
            pin=pin,
            user=taker.user,
            now=at + dt.timedelta(minutes=2),
        )

    def finish(self, taker: _Taker) -> None:
        attempt = taker.attempt
        assert attempt is not None  # noqa: S101 (started)
        attempt.refresh_from_db(fields=["deadline"])
        if taker.finish_at is not None:
            finishing.finish_attempt(
                attempt=attempt,
                reason=Attempt.FinishReason.SUBMITTED,
                actor=taker.user,
                now=taker.finish_at,
            )
        else:  # the minute job closes it after the deadline
            finishing.finish_attempt(
                attempt=attempt,
                reason=Attempt.FinishReason.TIMEOUT,
                now=attempt.deadline + dt.timedelta(seconds=40),
            )

    def annul_and_publish(self, blueprint: Blueprint) -> None:
        item = (
            BlueprintItem.objects.filter(
                blueprint=blueprint, question_version__question__code=questions.FLAWED_CODE
            )
            .select_related("question_version")
            .first()
        )
        if item is None:
            raise DomainError(f"Data demo: soal {questions.FLAWED_CODE} tidak terpilih di SKD.")
        decision_services.annul_item(
            blueprint=blueprint,
            question_version=item.question_version,
            mode=ItemDecision.Mode.CREDIT_ALL,
            reason=ANNUL_REASON,
            actor=self.admin,
        )
        decision_services.rescore_blueprint(blueprint=blueprint, actor=self.admin)
        result_services.publish_results(blueprint=blueprint, actor=self.admin)

    def revise_flawed(self, bank: QuestionBank) -> None:
        """After the exam the writer fixes the flawed item: version 2; the SKD keeps version 1."""
        question = Question.objects.get(bank=bank, code=questions.FLAWED_CODE)
        question_revisions.revise_question(
            question=question, data=self.input(questions.flawed_revision()), actor=self.writer
        )


def pelamar_sitting(email: str) -> Sitting | None:
    """The demo applicant's sitting that they have not taken yet (the PPPK test), if any."""
    return (
        Sitting.objects.filter(
            participants__application__applicant__email=email,
            participants__attempt__isnull=True,
        )
        .order_by("-starts_at")
        .first()
    )


def scaled_rules(sections: Sequence[SectionInput]) -> list[RuleInput]:
    """The national passing grades (defaults.SKD_PASSING_RULES) in proportion to the sections'
    maxima: a sub-test minimum to its sub-test's maximum, a total minimum to the total."""
    national = {
        s.category_code: blueprint_sections.section_maximum(SectionInput(**asdict(s)))
        for s in defaults.SKD_SECTIONS
    }
    scaled = {s.category_code: blueprint_sections.section_maximum(s) for s in sections}
    national_total, scaled_total = sum(national.values()), sum(scaled.values())
    return [
        RuleInput(
            track=rule.track,
            category_minimums={
                code: round(minimum * scaled[code] / national[code])
                for code, minimum in rule.category_minimums.items()
            },
            total_minimum=(
                round(rule.total_minimum * scaled_total / national_total)
                if rule.total_minimum is not None
                else None
            ),
            legal_basis=SCALED_BASIS,
        )
        for rule in defaults.SKD_PASSING_RULES
    ]


def scaled_minutes(sections: Sequence[SectionInput]) -> int:
    """The national 100 minutes for 110 questions, in proportion, rounded up to 5 minutes."""
    national = sum(s.question_count for s in defaults.SKD_SECTIONS)
    count = sum(s.question_count for s in sections)
    return math.ceil(defaults.SKD_DURATION_MINUTES * count / national / 5) * 5


def _at(today: dt.date, days: int, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), time))


def _round_up(moment: dt.datetime, *, minutes: int) -> dt.datetime:
    """The first whole `minutes` mark of the local clock at or after `moment`."""
    local = timezone.localtime(moment)
    floor = local.replace(minute=local.minute - local.minute % minutes, second=0, microsecond=0)
    return floor if floor == local else floor + dt.timedelta(minutes=minutes)

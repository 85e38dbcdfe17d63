"""The SKD CASN 2026 of the demo, held two days before the seed in two sittings.

The MS applicants were placed automatically, checked in by the `pengawas`, given start PINs and
took the exam; their answers go through answers.save_answer with the times of that day, in
patterns drawn from a fixed seed (an ability per applicant, a difficulty per question). One
participant changes computer (takeover PIN), a power cut pauses the second sitting for six
minutes, one participant runs out of time and the weakest of each sitting does not come: five
pass, the same five on every run. Afterwards a flawed item is
annulled (credited to everyone), the blueprint is rescored and the results are published.
"""

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.demo.exam_sittings import ROOM_1, ROOM_2, SittingPlan, create_sittings
from simerit.demo.questions_tiu import FLAWED_CODE
from simerit.exams.models import (
    Attempt,
    AttemptItem,
    Blueprint,
    BlueprintItem,
    IntegrityEvent,
    ItemDecision,
    Participant,
    Question,
    Sitting,
)
from simerit.exams.services import answers as answer_services
from simerit.exams.services import attempts as attempt_services
from simerit.exams.services import checkin as checkin_services
from simerit.exams.services import decisions as decision_services
from simerit.exams.services import finishing, proctoring
from simerit.exams.services import integrity as integrity_services
from simerit.exams.services import results as result_services

SKD_DAY = -2  # the SKD was held this many days before the seed
# A strong group of five and the rest well below it (see HeldSkd.takers). ABILITY_DRAW seeds who
# is strong: drawn so that the five are applicants of health formasi, where the competency
# selection story (selection.py) scores a case simulation.
STRONG, STRONG_TOP = 5, 1.2
ABILITY_DRAW = "a3"

ANNUL_REASON = (
    "Telaah tim penulis soal: pada soal analogi PANAS : API = DINGIN : ..., pilihan 'Salju' "
    "memenuhi hubungan yang sama dengan kunci 'Es', sehingga soal tidak memiliki satu jawaban "
    "tunggal. Soal dianggap benar untuk semua peserta."
)
PAUSE_REASON = "Listrik padam di Ruang CAT 2; ujian dijeda sampai daya dari genset stabil."
RESUME_REASON = "Listrik kembali stabil; ujian dilanjutkan tanpa mengurangi waktu peserta."

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


class HeldSkd:
    def __init__(
        self,
        *,
        today: dt.date,
        admin: User,
        proctor: User,
        seed: int,
    ) -> None:
        self.today = today
        self.admin = admin
        self.proctor = proctor
        self.seed = seed

    def hold(self, blueprint: Blueprint) -> None:
        """Two sittings planned a week ahead, the takers' answers, then the flawed item
        annulled, the blueprint rescored and the results published."""
        starts = [_at(self.today, SKD_DAY, plan.start) for plan in SKD_SITTINGS]
        planned = _at(self.today, SKD_DAY - 7, dt.time(9, 0))
        sittings = create_sittings(
            blueprint,
            SKD_SITTINGS,
            starts=starts,
            planned=planned,
            admin=self.admin,
            proctor=self.proctor,
            seed=self.seed,
        )
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
            if question.code == FLAWED_CODE:
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
        """Who comes to each sitting (all but its weakest), with a spread of abilities and paces:
        the slowest of the first sitting runs out of time, one changes computers.

        The placement seats applicants in the order of their registration numbers, which the
        recruitment service draws at random. So an ability follows the applicant (in the order
        the applications were made) and the answers follow the applicant's login, not the seat:
        who passes, and with which scores, is the same on every run (the competency selection
        story builds on it)."""
        seated = {
            sitting.pk: list(
                Participant.objects.filter(sitting=sitting)
                .select_related("application__applicant__user")
                .order_by("seat_number")
            )
            for sitting in sittings
        }
        everyone = sorted(
            (participant for group in seated.values() for participant in group),
            key=lambda participant: participant.application_id,
        )
        count = len(everyone)
        # The strong five always sit the exam (a sitting's weakest is at best sixth), and only
        # they pass, so who passes does not depend on the seating.
        abilities = [
            STRONG_TOP - 0.2 * index if index < STRONG else -0.5 - 0.25 * (index - STRONG)
            for index in range(count)
        ]
        random.Random(f"{self.seed}:{ABILITY_DRAW}").shuffle(abilities)  # noqa: S311
        ability = {p.pk: value for p, value in zip(everyone, abilities, strict=True)}
        takers: dict[int, list[_Taker]] = {}
        for sitting in sittings:
            group = seated[sitting.pk]
            absent = min(group, key=lambda participant: ability[participant.pk])
            takers[sitting.pk] = []
            for participant in group:
                if participant == absent:
                    continue
                user = participant.application.applicant.user
                assert user is not None  # noqa: S101 (every demo applicant registered)
                key = f"{self.seed}:{user.username}"
                times = random.Random(key)  # noqa: S311 (sample data)
                takers[sitting.pk].append(
                    _Taker(
                        participant=participant,
                        user=user,
                        key=key,
                        ability=ability[participant.pk],
                        pace=times.uniform(32, 42),
                        rng=times,
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
                blueprint=blueprint, question_version__question__code=FLAWED_CODE
            )
            .select_related("question_version")
            .first()
        )
        if item is None:
            raise DomainError(f"Data demo: soal {FLAWED_CODE} tidak terpilih di SKD.")
        decision_services.annul_item(
            blueprint=blueprint,
            question_version=item.question_version,
            mode=ItemDecision.Mode.CREDIT_ALL,
            reason=ANNUL_REASON,
            actor=self.admin,
        )
        decision_services.rescore_blueprint(blueprint=blueprint, actor=self.admin)
        result_services.publish_results(blueprint=blueprint, actor=self.admin)


def _at(today: dt.date, days: int, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=days), time))

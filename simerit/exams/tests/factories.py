"""Factories for the CAT. Each makes a valid minimal object; `make_skd_blueprint` builds a small
SKD-shaped exam (sections TWK/TIU/TKP, umum passing rule, assembled items) for engine tests."""

import datetime as dt
import hashlib
import json
import secrets
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from simerit.exams.models import (
    Blueprint,
    BlueprintItem,
    BlueprintSection,
    ExamKind,
    Participant,
    PassingRule,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
    Sitting,
)
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicationFactory, SelectionPeriodFactory

OPTION_KEYS = ["A", "B", "C", "D", "E"]


def options_single(correct: str = "A") -> list[dict[str, Any]]:
    return [
        {"key": key, "text": f"Pilihan {key}", "points": 1 if key == correct else 0}
        for key in OPTION_KEYS
    ]


def options_weighted(points: tuple[int, ...] = (1, 2, 3, 4, 5)) -> list[dict[str, Any]]:
    return [
        {"key": key, "text": f"Pilihan {key}", "points": value}
        for key, value in zip(OPTION_KEYS, points, strict=True)
    ]


def content_sha256(text: str, options: list[dict[str, Any]], explanation: str = "") -> str:
    payload = json.dumps(
        {"text": text, "options": options, "explanation": explanation}, sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class QuestionBankFactory(DjangoModelFactory[QuestionBank]):
    class Meta:
        model = QuestionBank

    name = factory.Sequence(lambda n: f"Bank Soal Uji {n}")
    purpose = QuestionBank.Purpose.EXAM


def category(code: str) -> QuestionCategory:
    """A category seeded by migration exams/0003 (TWK, TIU, TKP, TEKNIS, ...)."""
    return QuestionCategory.objects.get(code=code)


def make_question(
    *,
    bank: QuestionBank,
    category_code: str = "TWK",
    kind: str = Question.Kind.SINGLE,
    options: list[dict[str, Any]] | None = None,
    text: str | None = None,
    code: str | None = None,
    explanation: str = "",
) -> Question:
    """A question with its first version as the current one."""
    if options is None:
        options = options_weighted() if kind == Question.Kind.WEIGHTED else options_single()
    count = Question.objects.filter(bank=bank).count()
    question = Question.objects.create(
        bank=bank,
        code=code or f"{category_code}-{count + 1:04d}",
        category=category(category_code),
        kind=kind,
        topic="Topik uji",
    )
    text = text or f"Soal {question.code}?"
    version = QuestionVersion.objects.create(
        question=question,
        number=1,
        text=text,
        options=options,
        explanation=explanation,
        sha256=content_sha256(text, options, explanation),
    )
    question.current_version = version
    question.save(update_fields=["current_version", "updated_at"])
    return question


def make_skd_blueprint(
    *,
    counts: tuple[int, int, int] = (2, 2, 2),
    duration_minutes: int = 100,
    period: Any = None,
    kind: str = ExamKind.SKD,
    bank: QuestionBank | None = None,
) -> Blueprint:
    """An SKD-shaped blueprint: TWK and TIU single-answer (5/0), TKP weighted (1–5), the umum
    passing rule scaled to the small counts is NOT set here (tests add the rule they need)."""
    if kind == ExamKind.TRYOUT:
        period = None
        bank = bank or QuestionBankFactory.create(purpose=QuestionBank.Purpose.PRACTICE)
    else:
        period = period or SelectionPeriodFactory.create()
        bank = bank or QuestionBankFactory.create()
    blueprint = Blueprint.objects.create(
        name=f"SKD uji {secrets.token_hex(3)}",
        kind=kind,
        period=period,
        bank=bank,
        duration_minutes=duration_minutes,
        is_public=kind == ExamKind.TRYOUT,
    )
    order = 0
    for index, (code, count) in enumerate(zip(("TWK", "TIU", "TKP"), counts, strict=True)):
        section = BlueprintSection.objects.create(
            blueprint=blueprint, category=category(code), order=index, question_count=count
        )
        kind_ = Question.Kind.WEIGHTED if code == "TKP" else Question.Kind.SINGLE
        for _ in range(count):
            question = make_question(bank=bank, category_code=code, kind=kind_)
            order += 1
            assert question.current_version is not None
            BlueprintItem.objects.create(
                blueprint=blueprint,
                section=section,
                question_version=question.current_version,
                order=order,
            )
    return blueprint


def add_passing_rule(
    blueprint: Blueprint,
    *,
    track: str = "",
    minimums: dict[str, int] | None = None,
    total_minimum: int | None = None,
) -> PassingRule:
    return PassingRule.objects.create(
        blueprint=blueprint,
        track=track,
        category_minimums=minimums or {},
        total_minimum=total_minimum,
    )


class SittingFactory(DjangoModelFactory[Sitting]):
    class Meta:
        model = Sitting

    blueprint = factory.LazyFunction(make_skd_blueprint)
    code = factory.Sequence(lambda n: f"SESI-{n:04d}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=1))
    site = "UPT BKN Palembang"
    room = "Ruang 1"
    capacity = 40
    scoreboard_key = factory.LazyFunction(lambda: secrets.token_urlsafe(16))


class ParticipantFactory(DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    sitting = factory.SubFactory(SittingFactory)
    application = factory.LazyAttribute(
        lambda o: ApplicationFactory.create(
            status=Application.Status.MS,
            formasi__period=o.sitting.blueprint.period,
        )
    )
    blueprint = factory.LazyAttribute(lambda o: o.sitting.blueprint)
    seat_number = factory.Sequence(lambda n: n + 1)
    card_key = factory.LazyFunction(lambda: secrets.token_urlsafe(16))

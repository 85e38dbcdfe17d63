"""Helpers of the blueprint and BKN score import tests (on top of tests/factories.py)."""

import csv
import io
from typing import Any

import openpyxl

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.exams.models import (
    Blueprint,
    BlueprintSection,
    ExamKind,
    PassingRule,
    Question,
    QuestionBank,
)
from simerit.exams.services.blueprints import BlueprintInput
from simerit.exams.tests.factories import QuestionBankFactory, category, make_question
from simerit.recruitment.models import Application, SelectionPeriod, Track
from simerit.recruitment.tests.factories import ApplicationFactory, SelectionPeriodFactory

SKD_HEADER = ["nomor_peserta", "TWK", "TIU", "TKP"]


def writer() -> User:
    """A question writer (penulis soal): sees the bank, not the blueprints."""
    return UserFactory.create(roles=[Role.PENULIS_SOAL])


def blueprint_input(**overrides: Any) -> BlueprintInput:
    """A valid SKD on CAT SiMerit: a CPNS period and an exam bank."""
    values: dict[str, Any] = {
        "name": "SKD CPNS 2026",
        "kind": ExamKind.SKD,
        "duration_minutes": 100,
        "delivery": Blueprint.Delivery.SIMERIT,
    }
    values.update(overrides)
    if "period" not in overrides and values["kind"] != ExamKind.TRYOUT:
        values["period"] = SelectionPeriodFactory.create()
    if "bank" not in overrides and values["delivery"] == Blueprint.Delivery.SIMERIT:
        purpose = (
            QuestionBank.Purpose.PRACTICE
            if values["kind"] == ExamKind.TRYOUT
            else QuestionBank.Purpose.EXAM
        )
        values["bank"] = QuestionBankFactory.create(purpose=purpose)
    return BlueprintInput(**values)


def make_blueprint(
    *,
    kind: str = ExamKind.SKD,
    delivery: str = Blueprint.Delivery.SIMERIT,
    period: SelectionPeriod | None = None,
    bank: QuestionBank | None = None,
    sections: tuple[tuple[str, int], ...] = (),
    name: str = "Kisi-kisi uji",
) -> Blueprint:
    """A blueprint row made directly (no service, no audit), with (code, count) sections."""
    if kind != ExamKind.TRYOUT:
        period = period or SelectionPeriodFactory.create()
    if delivery == Blueprint.Delivery.SIMERIT and bank is None:
        purpose = (
            QuestionBank.Purpose.PRACTICE if kind == ExamKind.TRYOUT else QuestionBank.Purpose.EXAM
        )
        bank = QuestionBankFactory.create(purpose=purpose)
    blueprint = Blueprint.objects.create(
        name=name,
        kind=kind,
        period=period,
        delivery=delivery,
        bank=bank,
        duration_minutes=100,
        is_public=kind == ExamKind.TRYOUT,
    )
    for order, (code, count) in enumerate(sections):
        BlueprintSection.objects.create(
            blueprint=blueprint, category=category(code), order=order, question_count=count
        )
    return blueprint


def fill_bank(bank: QuestionBank | None, code: str, count: int) -> list[Question]:
    assert bank is not None
    kind = Question.Kind.WEIGHTED if code == "TKP" else Question.Kind.SINGLE
    return [make_question(bank=bank, category_code=code, kind=kind) for _ in range(count)]


def bkn_skd_blueprint(*, period: SelectionPeriod | None = None) -> Blueprint:
    """An SKD on CAT BKN with the national sections and the 2024 passing rules as rows."""
    blueprint = make_blueprint(
        delivery=Blueprint.Delivery.BKN,
        period=period,
        sections=(("TWK", 30), ("TIU", 35), ("TKP", 45)),
        name="SKD CPNS 2026 (CAT BKN)",
    )
    PassingRule.objects.create(
        blueprint=blueprint, track="", category_minimums={"TWK": 65, "TIU": 80, "TKP": 166}
    )
    PassingRule.objects.create(
        blueprint=blueprint,
        track=Track.CUMLAUDE,
        category_minimums={"TIU": 85},
        total_minimum=311,
    )
    return blueprint


def ms_application(
    period: SelectionPeriod | None,
    *,
    number: str,
    track: str = Track.UMUM,
    status: str = Application.Status.MS,
) -> Application:
    assert period is not None
    return ApplicationFactory.create(
        period=period,
        formasi__period=period,
        formasi__track=track,
        registration_number=number,
        status=status,
    )


def csv_bytes(rows: list[list[Any]], *, header: list[str] = SKD_HEADER, sep: str = ",") -> bytes:
    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=sep)
    out.writerow(header)
    for row in rows:
        out.writerow(row)
    return buffer.getvalue().encode()


def xlsx_bytes(rows: list[list[Any]], *, header: list[str] = SKD_HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The demo's question banks and blueprints, built only through the exams services.

- The question writer (`penulis.soal`) builds three banks: "Bank Soal SKD Demo" imported as a
  JSON file through exams.question_io, the practice bank "Bank Soal Tryout" and "Bank Soal
  Kompetensi PPPK Demo" written question by question (questions_skd and questions_pppk have the
  content). After the SKD the writer revises its flawed item (version 2; the exam keeps
  version 1).
- Admin BKPSDM builds three blueprints. The banks hold about ten questions per sub-test, not the
  national 30/35/45, so the SKD blueprints say so in their names: the national configuration is
  applied first (apply_skd_defaults), then the sections are cut to 10/10/10 and the time and the
  passing grades are scaled in the same proportion (the audit log shows both steps). The PPPK
  blueprint has 5/5/5/5 questions and, as in 2024, no passing grade (ranking decides).
"""

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict

from simerit.accounts.models import User
from simerit.core.exceptions import DomainError
from simerit.demo import formasi as recruitment_story
from simerit.demo.questions import SampleQuestion
from simerit.demo.questions_pppk import pppk_questions
from simerit.demo.questions_skd import skd_exam_questions, tryout_questions
from simerit.demo.questions_tiu import FLAWED_CODE, flawed_revision
from simerit.exams import defaults
from simerit.exams.models import Blueprint, ExamKind, Question, QuestionBank, QuestionCategory
from simerit.exams.question_io import columns as bank_columns
from simerit.exams.question_io import importing as bank_importing
from simerit.exams.services import blueprint_sections, question_revisions
from simerit.exams.services import blueprints as blueprint_services
from simerit.exams.services import questions as question_services
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

Categories = dict[str, QuestionCategory]  # by code


def create_banks(
    *, writer: User, categories: Categories, seed: int
) -> tuple[QuestionBank, QuestionBank, QuestionBank]:
    exam = question_services.create_bank(
        name="Bank Soal SKD Demo",
        purpose=QuestionBank.Purpose.EXAM,
        description="Contoh soal TWK, TIU dan TKP untuk SKD simulasi demo, diimpor dari "
        "berkas JSON.",
        actor=writer,
    )
    import_json(exam, skd_exam_questions(seed=seed), writer=writer)
    practice = question_services.create_bank(
        name="Bank Soal Tryout",
        purpose=QuestionBank.Purpose.PRACTICE,
        description="Soal latihan SKD dengan pembahasan untuk tryout terbuka.",
        actor=writer,
    )
    write(practice, tryout_questions(seed=seed), writer=writer, categories=categories)
    pppk = question_services.create_bank(
        name="Bank Soal Kompetensi PPPK Demo",
        purpose=QuestionBank.Purpose.EXAM,
        description="Contoh soal kompetensi teknis, manajerial, sosial kultural dan "
        "wawancara untuk seleksi PPPK.",
        actor=writer,
    )
    write(pppk, pppk_questions(), writer=writer, categories=categories)
    return exam, practice, pppk


def import_json(bank: QuestionBank, items: Sequence[SampleQuestion], *, writer: User) -> None:
    """Import `items` as the bank's JSON export format, the way a writer uploads a file."""
    document = {
        "format": bank_columns.JSON_FORMAT,
        "format_version": bank_columns.JSON_VERSION,
        "bank": {"name": bank.name, "purpose": bank.purpose, "description": bank.description},
        "questions": [item.json_item() for item in items],
    }
    content = json.dumps(document, ensure_ascii=False, indent=2).encode()
    report = bank_importing.import_bank(
        content, bank=bank, user=writer, file_name="bank-soal-skd-demo.json"
    )
    if not report.stored:
        problems = "; ".join(f"{error.column}: {error.message}" for error in report.errors)
        raise DomainError(f"Data demo: impor bank soal ditolak ({problems}).")


def write(
    bank: QuestionBank, items: Iterable[SampleQuestion], *, writer: User, categories: Categories
) -> None:
    for item in items:
        question_services.create_question(
            bank=bank, data=question_input(item, categories), actor=writer
        )


def question_input(item: SampleQuestion, categories: Categories) -> QuestionInput:
    return QuestionInput(
        code=item.code,
        category=categories[item.category],
        kind=item.kind,
        text=item.text,
        options=item.option_inputs(),
        topic=item.topic,
        difficulty=item.difficulty,
        explanation=item.explanation,
    )


def revise_flawed(bank: QuestionBank, *, writer: User, categories: Categories) -> None:
    """After the exam the writer fixes the flawed item: version 2; the SKD keeps version 1."""
    question = Question.objects.get(bank=bank, code=FLAWED_CODE)
    question_revisions.revise_question(
        question=question, data=question_input(flawed_revision(), categories), actor=writer
    )


# --- Blueprints


def skd_blueprint(bank: QuestionBank, *, admin: User, seed: int) -> Blueprint:
    period = SelectionPeriod.objects.get(name=recruitment_story.CASN_2026.name)
    data = BlueprintInput(
        name=SKD_NAME,
        kind=ExamKind.SKD,
        duration_minutes=defaults.SKD_DURATION_MINUTES,
        period=period,
        bank=bank,
    )
    blueprint = blueprint_services.create_blueprint(data=data, actor=admin)
    scale_skd(blueprint, data, admin=admin)
    blueprint_services.assemble_items(blueprint=blueprint, actor=admin, seed=seed)
    return blueprint


def tryout_blueprint(bank: QuestionBank, *, admin: User, seed: int) -> Blueprint:
    data = BlueprintInput(
        name=TRYOUT_NAME,
        kind=ExamKind.TRYOUT,
        duration_minutes=defaults.SKD_DURATION_MINUTES,
        bank=bank,
        is_public=True,
    )
    blueprint = blueprint_services.create_blueprint(data=data, actor=admin)
    scale_skd(blueprint, data, admin=admin)
    blueprint_services.assemble_items(blueprint=blueprint, actor=admin, seed=seed)
    return blueprint


def scale_skd(blueprint: Blueprint, data: BlueprintInput, *, admin: User) -> None:
    """The national SKD configuration, then cut to SIMULATION_COUNT questions per sub-test
    with the time and the passing grades scaled in proportion."""
    blueprint_services.apply_skd_defaults(blueprint=blueprint, actor=admin)
    sections = [
        SectionInput(
            s.category_code, SIMULATION_COUNT, s.correct_points, s.wrong_points, s.blank_points
        )
        for s in defaults.SKD_SECTIONS
    ]
    blueprint_sections.set_sections(blueprint=blueprint, sections=sections, actor=admin)
    blueprint_sections.set_passing_rules(
        blueprint=blueprint, rules=scaled_rules(sections), actor=admin
    )
    data.duration_minutes = scaled_minutes(sections)
    data.legal_basis = SCALED_BASIS
    blueprint_services.update_blueprint(blueprint=blueprint, data=data, actor=admin)


def pppk_blueprint(bank: QuestionBank, *, admin: User, seed: int) -> Blueprint:
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
        actor=admin,
    )
    blueprint_sections.set_sections(blueprint=blueprint, sections=PPPK_SECTIONS, actor=admin)
    blueprint_services.assemble_items(blueprint=blueprint, actor=admin, seed=seed)
    return blueprint


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

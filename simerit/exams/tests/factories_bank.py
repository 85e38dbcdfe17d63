"""Helpers for the question bank tests: a question writer, service inputs, images and workbooks."""

import io
from collections.abc import Sequence
from typing import Any

import openpyxl
from PIL import Image

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.exams.models import Question, QuestionBank, QuestionVersion
from simerit.exams.question_io.columns import HEADERS
from simerit.exams.services.questions import OptionInput, QuestionInput
from simerit.exams.tests.factories import category


def make_writer(**kwargs: Any) -> User:
    """A question writer (penulis soal): the persona the root conftest does not have."""
    return UserFactory.create(roles=[Role.PENULIS_SOAL], **kwargs)


def single_input(
    *,
    code: str = "TWK-0001",
    category_code: str = "TWK",
    text: str = "Sila pertama Pancasila adalah ...",
    correct: str = "A",
    keys: str = "ABCDE",
    explanation: str = "",
    topic: str = "Pancasila",
    difficulty: str = "medium",
) -> QuestionInput:
    return QuestionInput(
        code=code,
        category=category(category_code),
        kind=Question.Kind.SINGLE,
        text=text,
        options=[
            OptionInput(key=key, text=f"Pilihan {key}", points=5 if key == correct else 0)
            for key in keys
        ],
        topic=topic,
        difficulty=difficulty,
        explanation=explanation,
    )


def weighted_input(
    *,
    code: str = "TKP-0001",
    category_code: str = "TKP",
    text: str = "Atasan meminta Anda lembur ...",
    points: Sequence[int] = (1, 2, 3, 4, 5),
    explanation: str = "",
) -> QuestionInput:
    return QuestionInput(
        code=code,
        category=category(category_code),
        kind=Question.Kind.WEIGHTED,
        text=text,
        options=[
            OptionInput(key=key, text=f"Sikap {key}", points=value)
            for key, value in zip("ABCDE", points, strict=False)
        ],
        topic="Pelayanan publik",
        explanation=explanation,
    )


def image_bytes(file_format: str = "PNG", *, color: str = "red", size: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buffer, format=file_format)
    return buffer.getvalue()


def use_tmp_media(settings: Any, tmp_path: Any) -> None:
    """Store the test's uploads in its own temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def xlsx(rows: Sequence[dict[str, Any]], *, header: Sequence[str] = HEADERS) -> bytes:
    """A workbook whose first sheet has `header` and one row per dict (missing keys blank)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for values in rows:
        sheet.append([values.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_row(**overrides: Any) -> dict[str, Any]:
    """A valid single-answer row of the import template."""
    values: dict[str, Any] = {
        "kode": "TWK-0001",
        "kategori": "TWK",
        "tipe": "single",
        "topik": "Pancasila",
        "kesulitan": "sedang",
        "teks": "Sila pertama Pancasila adalah ...",
        "opsi_a": "Ketuhanan Yang Maha Esa",
        "opsi_b": "Persatuan Indonesia",
        "opsi_c": "Keadilan sosial",
        "kunci": "A",
        "aktif": "ya",
    }
    values.update(overrides)
    return values


def weighted_row(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kode": "TKP-0001",
        "kategori": "TKP",
        "tipe": "weighted",
        "teks": "Rekan kerja meminta bantuan saat Anda sibuk ...",
        "opsi_a": "Menolak",
        "opsi_b": "Menunda",
        "opsi_c": "Membantu sebagian",
        "opsi_d": "Membantu setelah selesai",
        "opsi_e": "Mengatur waktu agar keduanya selesai",
        "nilai_a": 1,
        "nilai_b": 2,
        "nilai_c": 3,
        "nilai_d": 4,
        "nilai_e": 5,
    }
    values.update(overrides)
    return values


def bank_state() -> tuple[int, int, int, int]:
    """What a refused request must leave alone: banks, questions, versions, audit rows."""
    return (
        QuestionBank.objects.count(),
        Question.objects.count(),
        QuestionVersion.objects.count(),
        AuditEvent.objects.count(),
    )


def refused_imports(bank: QuestionBank) -> list[dict[str, Any]]:
    """The changes of the bank's `exams.bank.import_refused` audit rows, oldest first."""
    return list(
        AuditEvent.objects.filter(
            action="exams.bank.import_refused", target_id=str(bank.pk)
        ).values_list("changes", flat=True)
    )


def current(question: Question) -> QuestionVersion:
    """The question's current version (every question has one)."""
    version = question.current_version
    assert version is not None
    return version

"""Writes to the question bank: banks, questions, their immutable versions, activation, and the
all-or-nothing batch of an import (question_io.py).

Only question writers (penulis soal) and Admin BKPSDM (permissions.can_manage_bank). A question's
text, options, explanation and image live in QuestionVersion rows that are never changed: a
revision adds version n+1 and moves `current_version`, so a blueprint item or an attempt item that
points at version n keeps exactly what was served (issue #4, item 1). Refusals raise before
anything is written; every write adds an audit row.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams import permissions
from simerit.exams.models import (
    Difficulty,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
)
from simerit.recruitment import uploads

OPTION_KEYS = ("A", "B", "C", "D", "E")
MIN_OPTIONS = 2
MAX_OPTIONS = len(OPTION_KEYS)
# TKP (SKD) options score 1–5; PPPK manajerial, sosial kultural and wawancara 1–4 (domain
# reference §2.1, §2.6), which fits the same range.
MIN_WEIGHT = 1
MAX_WEIGHT = 5
MAX_CODE_LENGTH = 40
MAX_TOPIC_LENGTH = 150
MAX_TEXT_LENGTH = 10_000
MAX_OPTION_TEXT_LENGTH = 2_000
MAX_EXPLANATION_LENGTH = 10_000
MAX_BANK_NAME_LENGTH = 150
MAX_BANK_DESCRIPTION_LENGTH = 300
IMAGE_FORMATS = ("jpg", "png")
MAX_IMAGE_KB = 1024
IMAGE_LABEL = "gambar soal"
CODE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")

NOT_ALLOWED = "Hanya penulis soal dan Admin BKPSDM yang dapat mengelola bank soal."
NOTHING_CHANGED = "Tidak ada perubahan pada soal ini; versi baru tidak dibuat."


@dataclass(frozen=True)
class OptionInput:
    key: str
    text: str
    points: int


@dataclass
class QuestionInput:
    """A question as typed: its identity and metadata, and the content of its next version.

    SINGLE: the one option with points > 0 is the key (stored as 1, the others as 0; the blueprint
    section sets the real points). WEIGHTED: every option's points are its score (1–5).
    """

    code: str
    category: QuestionCategory
    kind: str
    text: str
    options: list[OptionInput]
    topic: str = ""
    difficulty: str = Difficulty.MEDIUM
    explanation: str = ""
    is_active: bool = True


class Outcome(StrEnum):
    """What an import row does (or would do) to the bank."""

    CREATED = "created"
    REVISED = "revised"  # a new version
    UPDATED = "updated"  # metadata or active flag only, no new version
    UNCHANGED = "unchanged"


OUTCOME_LABELS = {
    Outcome.CREATED: "soal baru",
    Outcome.REVISED: "direvisi (versi baru)",
    Outcome.UPDATED: "diperbarui tanpa versi baru",
    Outcome.UNCHANGED: "tidak berubah",
}


@dataclass(frozen=True)
class Changes:
    """How `data` differs from a question's current state."""

    content: bool
    metadata: dict[str, list[Any]] = field(default_factory=dict)
    active: bool = False

    @property
    def outcome(self) -> Outcome:
        if self.content:
            return Outcome.REVISED
        if self.metadata or self.active:
            return Outcome.UPDATED
        return Outcome.UNCHANGED


# --- content identity


def content_sha256(text: str, options: list[dict[str, Any]], explanation: str = "") -> str:
    """The SHA-256 of a version's content: text, options and explanation as canonical JSON.

    The same bytes as tests/factories.content_sha256 (sorted keys, json's default separators).
    """
    payload = json.dumps(
        {"text": text, "options": options, "explanation": explanation}, sort_keys=True
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def option_dicts(options: Sequence[OptionInput]) -> list[dict[str, Any]]:
    return [{"key": o.key, "text": o.text, "points": o.points} for o in options]


def input_sha256(data: QuestionInput) -> str:
    return content_sha256(data.text, option_dicts(data.options), data.explanation)


# --- validation


def normalise(data: QuestionInput) -> None:
    """Tidy `data` in place: trimmed text, upper-case code and keys, options in key order,
    a SINGLE question's points as 1 for the key and 0 for the others."""
    data.code = data.code.strip().upper()
    data.topic = data.topic.strip()
    data.text = data.text.strip()
    data.explanation = data.explanation.strip()
    options = [
        OptionInput(key=o.key.strip().upper(), text=o.text.strip(), points=o.points)
        for o in data.options
    ]
    order = {key: index for index, key in enumerate(OPTION_KEYS)}
    options.sort(key=lambda o: order.get(o.key, len(order)))
    if data.kind == Question.Kind.SINGLE and all(o.points >= 0 for o in options):
        options = [OptionInput(o.key, o.text, 1 if o.points > 0 else 0) for o in options]
    data.options = options


def validate_question_input(data: QuestionInput) -> dict[str, list[str]]:
    """Every problem with `data`, by field, in Indonesian; normalises `data` first.

    Fields: code, kind, topic, difficulty, text, explanation, options (the set), answer (the key of
    a SINGLE question), options.<KEY>.text and options.<KEY>.points. Code uniqueness and the
    question's existing kind are the services' job.
    """
    normalise(data)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    _validate_code(data.code, add)
    if data.kind not in Question.Kind.values:
        add("kind", "Tipe soal harus single (satu jawaban benar) atau weighted (opsi berbobot).")
    if data.difficulty not in Difficulty.values:
        add("difficulty", "Tingkat kesulitan harus mudah, sedang, atau sulit.")
    if len(data.topic) > MAX_TOPIC_LENGTH:
        add("topic", f"Topik paling banyak {MAX_TOPIC_LENGTH} karakter.")
    if not data.text:
        add("text", "Teks soal wajib diisi.")
    elif len(data.text) > MAX_TEXT_LENGTH:
        add("text", f"Teks soal paling banyak {MAX_TEXT_LENGTH:,} karakter.".replace(",", "."))
    if len(data.explanation) > MAX_EXPLANATION_LENGTH:
        add(
            "explanation",
            f"Pembahasan paling banyak {MAX_EXPLANATION_LENGTH:,} karakter.".replace(",", "."),
        )
    if _validate_option_keys(data.options, add):
        _validate_option_texts(data.options, add)
        if data.kind == Question.Kind.SINGLE:
            _validate_single_points(data.options, add)
        elif data.kind == Question.Kind.WEIGHTED:
            _validate_weighted_points(data.options, add)
    return errors


def _validate_code(code: str, add: Any) -> None:
    if not code:
        add("code", "Kode soal wajib diisi.")
    elif len(code) > MAX_CODE_LENGTH:
        add("code", f"Kode soal paling banyak {MAX_CODE_LENGTH} karakter.")
    elif not code[0].isalnum() or not set(code) <= CODE_CHARACTERS:
        add(
            "code",
            "Kode soal hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung, "
            "dan diawali huruf atau angka (mis. TWK-0001).",
        )


def _validate_option_keys(options: Sequence[OptionInput], add: Any) -> bool:
    """Whether the keys are usable: 2–5 options keyed A, B, C ... without gaps or doubles."""
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        add(
            "options",
            f"Soal harus memiliki {MIN_OPTIONS}–{MAX_OPTIONS} pilihan jawaban; "
            f"saat ini {len(options)}.",
        )
        return False
    keys = [option.key for option in options]
    unknown = [key for key in keys if key not in OPTION_KEYS]
    for key in unknown:
        add("options", f"Kunci pilihan '{key}' tidak dikenal; gunakan A, B, C, D, atau E.")
    for key in sorted({key for key in keys if keys.count(key) > 1}):
        add("options", f"Pilihan {key} tercantum lebih dari sekali.")
    if unknown or len(set(keys)) != len(keys):
        return False
    expected = list(OPTION_KEYS[: len(keys)])
    if keys != expected:
        add(
            "options",
            "Pilihan jawaban harus berurutan mulai dari A tanpa ada yang terlewat "
            f"(untuk {len(keys)} pilihan: {', '.join(expected)}).",
        )
        return False
    return True


def _validate_option_texts(options: Sequence[OptionInput], add: Any) -> None:
    for option in options:
        if not option.text:
            add(f"options.{option.key}.text", f"Teks pilihan {option.key} wajib diisi.")
        elif len(option.text) > MAX_OPTION_TEXT_LENGTH:
            add(
                f"options.{option.key}.text",
                f"Teks pilihan {option.key} paling banyak "
                f"{MAX_OPTION_TEXT_LENGTH:,} karakter.".replace(",", "."),
            )


def _validate_single_points(options: Sequence[OptionInput], add: Any) -> None:
    negative = [option.key for option in options if option.points < 0]
    for key in negative:
        add(f"options.{key}.points", f"Nilai pilihan {key} tidak boleh negatif.")
    if negative:
        return
    correct = [option.key for option in options if option.points > 0]
    if not correct:
        add("answer", "Tentukan kunci jawaban: tepat satu pilihan yang benar.")
    elif len(correct) > 1:
        add(
            "answer",
            "Soal satu jawaban benar hanya boleh memiliki satu kunci jawaban; saat ini "
            f"{len(correct)} pilihan ({', '.join(correct)}).",
        )


def _validate_weighted_points(options: Sequence[OptionInput], add: Any) -> None:
    for option in options:
        if not MIN_WEIGHT <= option.points <= MAX_WEIGHT:
            add(
                f"options.{option.key}.points",
                f"Nilai pilihan {option.key} harus bilangan bulat {MIN_WEIGHT}–{MAX_WEIGHT}.",
            )


# --- banks


@transaction.atomic
def create_bank(*, name: str, purpose: str, description: str = "", actor: User) -> QuestionBank:
    """A new, empty question bank. A practice bank never feeds a real exam (and the reverse)."""
    _require_writer(actor)
    name, description = " ".join(name.split()), description.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = ["Nama bank soal wajib diisi."]
    elif len(name) > MAX_BANK_NAME_LENGTH:
        errors["name"] = [f"Nama bank soal paling banyak {MAX_BANK_NAME_LENGTH} karakter."]
    if purpose not in QuestionBank.Purpose.values:
        errors["purpose"] = ["Kegunaan bank soal harus ujian atau latihan (tryout)."]
    if len(description) > MAX_BANK_DESCRIPTION_LENGTH:
        errors["description"] = [
            f"Keterangan paling banyak {MAX_BANK_DESCRIPTION_LENGTH} karakter."
        ]
    if errors:
        raise InvalidInputError(errors)
    if QuestionBank.objects.filter(name__iexact=name).exists():
        raise ConflictError(f"Bank soal bernama {name} sudah ada.", field="name")
    bank = QuestionBank.objects.create(name=name, purpose=purpose, description=description)
    audit.record(
        actor=actor,
        action="exams.bank.created",
        target=bank,
        changes={"name": name, "purpose": purpose, "description": description},
    )
    return bank


# --- questions


@transaction.atomic
def create_question(
    *,
    bank: QuestionBank,
    data: QuestionInput,
    actor: User,
    image: "File[bytes] | None" = None,
) -> Question:
    """A new question in `bank` with version 1 as its current version."""
    _require_writer(actor)
    _raise_if_invalid(data)
    if Question.objects.filter(bank=bank, code=data.code).exists():
        raise ConflictError(f"Kode soal {data.code} sudah dipakai di bank ini.", field="code")
    checked = _check_image(image) if image is not None else None
    question = Question.objects.create(
        bank=bank,
        code=data.code,
        category=data.category,
        kind=data.kind,
        topic=data.topic,
        difficulty=data.difficulty,
        is_active=data.is_active,
    )
    _add_version(question, data, number=1, image=checked, keep_image="", actor=actor)
    audit.record(
        actor=actor,
        action="exams.question.created",
        target=question,
        changes={"bank": bank.pk, **snapshot(question)},
    )
    return question


@transaction.atomic
def revise_question(
    *,
    question: Question,
    data: QuestionInput,
    actor: User,
    image: "File[bytes] | None" = None,
    remove_image: bool = False,
) -> Question:
    """Change a question: new content (text, options, explanation, image) adds version n+1 and
    makes it current; new metadata (category, topic, difficulty) is written in place.

    Earlier versions are never touched. Refused when nothing changed, or when `data` has another
    kind (served versions are scored by the question's kind). `data.code` and `data.is_active`
    are ignored: the code is the question's identity, activation is set_question_active.
    """
    _require_writer(actor)
    question = _lock(question)
    if data.kind != question.kind:
        raise InvalidInputError(
            {"kind": [_kind_locked_message(question)]},
        )
    data.code = question.code
    _raise_if_invalid(data)
    current = question.current_version
    checked = _check_image(image) if image is not None else None
    changes = compare(question, data)
    image_changed = _image_changed(current, checked, remove_image=remove_image)
    if not (changes.content or image_changed or changes.metadata):
        raise DomainError(NOTHING_CHANGED)
    before = snapshot(question)
    question.category = data.category
    question.topic = data.topic
    question.difficulty = data.difficulty
    question.save(update_fields=["category", "topic", "difficulty", "updated_at"])
    new_version = changes.content or image_changed
    if new_version:
        number = (question.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        keep = "" if remove_image or current is None else current.image.name
        _add_version(question, data, number=number, image=checked, keep_image=keep, actor=actor)
    audit.record(
        actor=actor,
        action="exams.question.revised" if new_version else "exams.question.updated",
        target=question,
        changes=audit.diff(before, snapshot(question)),
    )
    return question


@transaction.atomic
def set_question_active(*, question: Question, is_active: bool, actor: User) -> Question:
    """Take a question out of (or back into) assembly; versions already served stay as they are."""
    _require_writer(actor)
    question = _lock(question)
    if question.is_active == is_active:
        raise DomainError(
            f"Soal {question.code} sudah {'aktif' if is_active else 'nonaktif'}.",
            field="is_active",
        )
    question.is_active = is_active
    question.save(update_fields=["is_active", "updated_at"])
    audit.record(
        actor=actor,
        action="exams.question.activated" if is_active else "exams.question.deactivated",
        target=question,
        changes={"is_active": [not is_active, is_active]},
    )
    return question


def compare(question: Question, data: QuestionInput) -> Changes:
    """How normalised `data` differs from `question` (with its current version loaded)."""
    current = question.current_version
    metadata = audit.diff(
        {
            "category": question.category_id,
            "topic": question.topic,
            "difficulty": question.difficulty,
        },
        {"category": data.category.pk, "topic": data.topic, "difficulty": data.difficulty},
    )
    return Changes(
        content=current is None or current.sha256 != input_sha256(data),
        metadata=metadata,
        active=question.is_active != data.is_active,
    )


@transaction.atomic
def import_question_batch(
    *,
    bank: QuestionBank,
    items: Sequence[QuestionInput],
    actor: User,
    source: dict[str, Any],
) -> list[Outcome]:
    """Write every item, or none: a new code creates a question, a known code revises it when its
    content or metadata differ and sets its active flag; the first refusal undoes the batch.

    Images are not part of an import: a revised question keeps its current image.
    """
    _require_writer(actor)
    existing = {
        question.code: question
        for question in Question.objects.filter(bank=bank).select_related("current_version")
    }
    outcomes: list[Outcome] = []
    seen: set[str] = set()
    for data in items:
        _raise_if_invalid(data)
        if data.code in seen:
            raise ConflictError(f"Kode soal {data.code} muncul dua kali.", field="code")
        seen.add(data.code)
        question = existing.get(data.code)
        if question is None:
            create_question(bank=bank, data=data, actor=actor)
            outcomes.append(Outcome.CREATED)
            continue
        if data.kind != question.kind:
            raise InvalidInputError({"kind": [_kind_locked_message(question)]})
        changes = compare(question, data)
        if changes.content or changes.metadata:
            revise_question(question=question, data=data, actor=actor)
        if changes.active:
            set_question_active(question=question, is_active=data.is_active, actor=actor)
        outcomes.append(changes.outcome)
    audit.record(
        actor=actor,
        action="exams.bank.imported",
        target=bank,
        changes={
            **source,
            **{outcome.value: outcomes.count(outcome) for outcome in Outcome},
        },
    )
    return outcomes


def snapshot(question: Question) -> dict[str, Any]:
    """The question as plain values: the audit row's before/after."""
    version = question.current_version
    return {
        "code": question.code,
        "category": question.category.code,
        "kind": question.kind,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "is_active": question.is_active,
        "version": version.number if version else None,
        "sha256": version.sha256 if version else None,
        "image": bool(version and version.image),
    }


# --- helpers


def _require_writer(actor: User) -> None:
    if not permissions.can_manage_bank(actor):
        raise PermissionDenied(NOT_ALLOWED)


def _raise_if_invalid(data: QuestionInput) -> None:
    errors = validate_question_input(data)
    if errors:
        raise InvalidInputError(errors)


def _kind_locked_message(question: Question) -> str:
    return (
        f"Soal {question.code} bertipe {question.get_kind_display().lower()}; tipe soal tidak "
        "dapat diubah. Buat soal baru dengan kode lain."
    )


def _lock(question: Question) -> Question:
    """The question's row locked for this transaction, read as committed now."""
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("category", "current_version")
        .get(pk=question.pk)
    )


def _check_image(image: "File[bytes]") -> uploads.CheckedFile:
    """A JPG/PNG checked by content and re-encoded without metadata, or InvalidInputError."""
    data, size = uploads.read_limited(image, max_kb=MAX_IMAGE_KB)
    try:
        return uploads.check_upload(
            data, size=size, allowed_formats=IMAGE_FORMATS, max_kb=MAX_IMAGE_KB, label=IMAGE_LABEL
        )
    except uploads.UploadRejectedError as error:
        raise InvalidInputError({"image": [str(error)]}) from None


def _image_changed(
    current: QuestionVersion | None, checked: uploads.CheckedFile | None, *, remove_image: bool
) -> bool:
    had_image = bool(current and current.image)
    if checked is None:
        return remove_image and had_image
    if current is None or not had_image:
        return True
    with current.image.open("rb") as stored:
        return bool(stored.read() != checked.content)


def _add_version(
    question: Question,
    data: QuestionInput,
    *,
    number: int,
    image: uploads.CheckedFile | None,
    keep_image: str,
    actor: User,
) -> QuestionVersion:
    """Version `number` of `question`, made current. The image is a new checked file, or the
    storage name of the previous version's image (files are never deleted, so sharing is safe)."""
    options = option_dicts(data.options)
    version = QuestionVersion(
        question=question,
        number=number,
        text=data.text,
        options=options,
        explanation=data.explanation,
        sha256=content_sha256(data.text, options, data.explanation),
        created_by=actor,
    )
    new_file = ""
    if image is not None:
        # The name only carries the extension; question_image_path makes the real name.
        version.image.save(f"gambar.{image.file_format}", ContentFile(image.content), save=False)
        new_file = version.image.name
    else:
        version.image.name = keep_image
    try:
        version.save()
        question.current_version = version
        question.save(update_fields=["current_version", "updated_at"])
    except Exception:
        if new_file:
            version.image.storage.delete(new_file)
        raise
    return version

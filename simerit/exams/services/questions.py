"""The question as typed and its first writes: the inputs, their rules (normalisation and
validation, including the category's question type), new banks and new questions.

Only question writers (penulis soal) and Admin BKPSDM (permissions.can_manage_bank). Changing a
question (a new version, activation) is services/question_revisions.py; the all-or-nothing batch of
an import is services/question_import.py; the versions themselves services/question_versions.py.
Refusals raise before anything is written; every write adds an audit row.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.spreadsheets.text import excerpt
from simerit.exams import permissions
from simerit.exams.models import Difficulty, Question, QuestionBank, QuestionCategory
from simerit.exams.services import question_versions as versions
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
CODE_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")

NOT_ALLOWED = "Hanya penulis soal dan Admin BKPSDM yang dapat mengelola bank soal."


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


# --- content identity


def option_dicts(options: Sequence[OptionInput]) -> list[dict[str, Any]]:
    """The options as a version stores them."""
    return [{"key": o.key, "text": o.text, "points": o.points} for o in options]


def input_sha256(data: QuestionInput) -> str:
    return versions.content_sha256(data.text, option_dicts(data.options), data.explanation)


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

    Fields: code, category (its question type), kind, topic, difficulty, text, explanation,
    options (the set), answer (the key of a SINGLE question), options.<KEY>.text and
    options.<KEY>.points. Code uniqueness and the question's existing kind are the services' job.
    """
    normalise(data)
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    _validate_code(data.code, add)
    if data.kind not in Question.Kind.values:
        add("kind", "Tipe soal harus single (satu jawaban benar) atau weighted (opsi berbobot).")
    else:
        _validate_category_kind(data.category, data.kind, add)
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


def _validate_category_kind(category: QuestionCategory, kind: str, add: Any) -> None:
    """A sub-test scores with one question type (TWK/TIU: single 5/0, TKP: weighted 1–5); a
    category without one (an SKB field) takes either."""
    expected = category.question_kind
    if expected and kind != expected:
        add(
            "category",
            f"Kategori {category.code} hanya menerima soal bertipe "
            f"{Question.Kind(expected).label.lower()} ({expected}); soal ini bertipe "
            f"{Question.Kind(kind).label.lower()} ({kind}).",
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
        add(
            "options",
            f"Kunci pilihan '{excerpt(key)}' tidak dikenal; gunakan A, B, C, D, atau E.",
        )
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
    require_writer(actor)
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
    require_writer(actor)
    raise_if_invalid(data)
    if Question.objects.filter(bank=bank, code=data.code).exists():
        raise ConflictError(f"Kode soal {data.code} sudah dipakai di bank ini.", field="code")
    checked = versions.check_image(image) if image is not None else None
    question = Question.objects.create(
        bank=bank,
        code=data.code,
        category=data.category,
        kind=data.kind,
        topic=data.topic,
        difficulty=data.difficulty,
        is_active=data.is_active,
    )
    add_version(question, data, number=1, image=checked, keep_image="", actor=actor)
    audit.record(
        actor=actor,
        action="exams.question.created",
        target=question,
        changes={"bank": bank.pk, **versions.snapshot(question)},
    )
    return question


# --- shared by the services that write questions


def require_writer(actor: User) -> None:
    if not permissions.can_manage_bank(actor):
        raise PermissionDenied(NOT_ALLOWED)


def raise_if_invalid(data: QuestionInput) -> None:
    errors = validate_question_input(data)
    if errors:
        raise InvalidInputError(errors)


def add_version(
    question: Question,
    data: QuestionInput,
    *,
    number: int,
    image: uploads.CheckedFile | None,
    keep_image: str,
    actor: User,
) -> None:
    """Version `number` of `question` with `data`'s content, made current."""
    versions.add_version(
        question,
        text=data.text,
        options=option_dicts(data.options),
        explanation=data.explanation,
        number=number,
        image=image,
        keep_image=keep_image,
        actor=actor,
    )

"""Reads of the question bank, each in a fixed number of queries (no query per row)."""

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When

from simerit.exams.models import (
    ExamKind,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
)

KIND_ORDER = (ExamKind.SKD, ExamKind.SKB, ExamKind.PPPK)


def list_banks() -> QuerySet[QuestionBank]:
    """Every bank with `question_count` and `active_count`, by name."""
    return QuestionBank.objects.annotate(
        question_count=Count("questions"),
        active_count=Count("questions", filter=Q(questions__is_active=True)),
    ).order_by("name")


def get_bank(*, bank_id: int) -> QuestionBank:
    """One bank with its counts, or QuestionBank.DoesNotExist."""
    return list_banks().get(pk=bank_id)


def list_categories() -> QuerySet[QuestionCategory]:
    """Categories as the exams run: SKD (TWK, TIU, TKP), SKB, PPPK, then the rest."""
    rank = Case(
        *(When(exam_kind=kind, then=Value(index)) for index, kind in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
    )
    return QuestionCategory.objects.order_by(rank, "order", "code")


def list_questions(
    *,
    bank: QuestionBank,
    category: QuestionCategory | None = None,
    kind: str = "",
    difficulty: str = "",
    search: str = "",
    active: bool | None = None,
) -> QuerySet[Question]:
    """The bank's questions by code, with category and current version joined.

    `search` matches the code, the topic or the current text (case-insensitive).
    """
    questions = Question.objects.filter(bank=bank).select_related("category", "current_version")
    if category is not None:
        questions = questions.filter(category=category)
    if kind:
        questions = questions.filter(kind=kind)
    if difficulty:
        questions = questions.filter(difficulty=difficulty)
    if active is not None:
        questions = questions.filter(is_active=active)
    search = search.strip()
    if search:
        questions = questions.filter(
            Q(code__icontains=search)
            | Q(topic__icontains=search)
            | Q(current_version__text__icontains=search)
        )
    return questions.order_by("code")


def get_question(*, question_id: int) -> Question:
    """One question with its bank, category, current version and every version (newest first,
    with who made it): two queries. Raises Question.DoesNotExist."""
    versions = QuestionVersion.objects.select_related("created_by").order_by("-number")
    return (
        Question.objects.select_related("bank", "category", "current_version")
        .prefetch_related(Prefetch("versions", queryset=versions))
        .get(pk=question_id)
    )


def get_version(*, version_id: int) -> QuestionVersion:
    """One version with its question. Raises QuestionVersion.DoesNotExist."""
    return QuestionVersion.objects.select_related("question").get(pk=version_id)


def list_export_questions(*, bank: QuestionBank) -> QuerySet[Question]:
    """The bank's questions by code with what an export writes: category and current version."""
    return (
        Question.objects.filter(bank=bank)
        .select_related("category", "current_version")
        .order_by("code")
    )

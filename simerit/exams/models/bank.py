"""The question bank: banks, categories (sub-tests), questions and their immutable versions."""

from secrets import token_hex

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel


class ExamKind(models.TextChoices):
    SKD = "skd", "SKD (Seleksi Kompetensi Dasar)"
    SKB = "skb", "SKB (Seleksi Kompetensi Bidang)"
    PPPK = "pppk", "Seleksi kompetensi PPPK"
    TRYOUT = "tryout", "Tryout (latihan)"


class QuestionBank(BaseModel):
    """A collection of questions. Practice banks never feed a real exam (and the reverse)."""

    class Purpose(models.TextChoices):
        EXAM = "exam", "Ujian"
        PRACTICE = "practice", "Latihan (tryout)"

    name = models.CharField("nama bank soal", max_length=150, unique=True)
    purpose = models.CharField("kegunaan", max_length=10, choices=Purpose.choices)
    description = models.CharField("keterangan", max_length=300, blank=True)

    class Meta:
        verbose_name = "bank soal"
        verbose_name_plural = "bank soal"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Question.Kind's values, needed before Question is defined.
QUESTION_KINDS = [("single", "Satu jawaban benar"), ("weighted", "Opsi berbobot")]


class QuestionCategory(BaseModel):
    """A sub-test or field: TWK, TIU, TKP (SKD), teknis/manajerial/... (PPPK), an SKB field."""

    code = models.CharField("kode", max_length=20, unique=True)
    name = models.CharField("nama", max_length=150)
    exam_kind = models.CharField("jenis ujian", max_length=6, choices=ExamKind.choices)
    order = models.PositiveSmallIntegerField("urutan", default=0)
    # The one question type this sub-test scores with (TWK/TIU: single 5/0; TKP: weighted 1–5);
    # blank: either. A question of another type is refused, so a TKP item cannot score 5/0.
    question_kind = models.CharField(
        "tipe soal yang berlaku", max_length=10, choices=QUESTION_KINDS, blank=True
    )

    class Meta:
        verbose_name = "kategori soal"
        verbose_name_plural = "kategori soal"
        ordering = ["exam_kind", "order", "code"]

    def __str__(self) -> str:
        return self.code


class Difficulty(models.TextChoices):
    EASY = "easy", "Mudah"
    MEDIUM = "medium", "Sedang"
    HARD = "hard", "Sulit"


class Question(BaseModel):
    """A question's identity and metadata; its text and options live in QuestionVersion rows."""

    class Kind(models.TextChoices):  # the same values as QUESTION_KINDS
        # One option is correct: the blueprint section's correct/wrong points (5/0 by default).
        SINGLE = "single", "Satu jawaban benar"
        # Every option carries its own points (TKP: 1–5); blank scores the section's blank points.
        WEIGHTED = "weighted", "Opsi berbobot"

    bank = models.ForeignKey(
        QuestionBank, verbose_name="bank soal", on_delete=models.PROTECT, related_name="questions"
    )
    # Stable code for import/export round trips, unique within a bank.
    code = models.CharField("kode soal", max_length=40)
    category = models.ForeignKey(
        QuestionCategory, verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("tipe", max_length=10, choices=Kind.choices)
    topic = models.CharField("topik", max_length=150, blank=True)
    difficulty = models.CharField(
        "tingkat kesulitan", max_length=6, choices=Difficulty.choices, default=Difficulty.MEDIUM
    )
    is_active = models.BooleanField("aktif", default=True)
    current_version = models.ForeignKey(
        "QuestionVersion",
        verbose_name="versi terkini",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "soal"
        verbose_name_plural = "soal"
        ordering = ["bank", "code"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="question_code_unique_in_bank"),
        ]

    def __str__(self) -> str:
        return self.code


def question_image_path(instance: "QuestionVersion", filename: str) -> str:
    """Storage names never come from the client."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"soal/{instance.question_id}/v{instance.number}-{token_hex(8)}.{extension}"


class QuestionVersion(models.Model):
    """An immutable version of a question. Editing a question adds a version; an exam keeps the
    version it served (AttemptItem and BlueprintItem point here, never at Question)."""

    question = models.ForeignKey(
        Question, verbose_name="soal", on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField("nomor versi")
    text = models.TextField("teks soal")
    image = models.FileField("gambar", upload_to=question_image_path, max_length=255, blank=True)
    # [{"key": "A", "text": "...", "points": 5}, ...]: keys A–E are stable within a version;
    # a participant sees them shuffled but answers by key, so shuffling never changes a score.
    # SINGLE: exactly one option has points > 0 (the correct one; the section sets the points).
    # WEIGHTED: every option's points are its score.
    options = models.JSONField("pilihan jawaban")
    explanation = models.TextField("pembahasan", blank=True)
    sha256 = models.CharField("SHA-256 isi", max_length=64)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "versi soal"
        verbose_name_plural = "versi soal"
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "number"], name="question_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} v{self.number}"

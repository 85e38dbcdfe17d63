"""Blueprints (kisi-kisi): sections, points, passing grades per track, the assembled item set."""

from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.exams.models.bank import ExamKind, QuestionBank, QuestionCategory, QuestionVersion
from simerit.recruitment.models import SelectionPeriod, Track


class Blueprint(BaseModel):
    """What an exam is: its sections, time, scoring and passing rules (kisi-kisi + ketentuan).

    A blueprint delivered by SiMerit has an assembled item set (BlueprintItem) that is frozen at
    the first start. A blueprint delivered by BKN has no items: its results are imported.
    """

    class Delivery(models.TextChoices):
        SIMERIT = "simerit", "CAT SiMerit"
        BKN = "bkn", "CAT BKN (nilai diimpor)"

    name = models.CharField("nama", max_length=200)
    kind = models.CharField("jenis ujian", max_length=6, choices=ExamKind.choices)
    period = models.ForeignKey(
        SelectionPeriod,
        verbose_name="periode seleksi",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blueprints",
    )
    delivery = models.CharField(
        "pelaksana", max_length=8, choices=Delivery.choices, default=Delivery.SIMERIT
    )
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name="bank soal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blueprints",
    )
    duration_minutes = models.PositiveSmallIntegerField("durasi (menit)")
    shuffle_questions = models.BooleanField("acak urutan soal", default=True)
    shuffle_options = models.BooleanField("acak urutan pilihan", default=True)
    # Tryout: open to anyone from the public practice page.
    is_public = models.BooleanField("terbuka untuk umum", default=False)
    legal_basis = models.CharField("dasar hukum", max_length=200, blank=True)
    # Set when the first attempt starts: items, sections and scoring can no longer change.
    locked_at = models.DateTimeField("dikunci pada", null=True, blank=True)
    results_published_at = models.DateTimeField("hasil diumumkan pada", null=True, blank=True)

    class Meta:
        verbose_name = "kisi-kisi ujian"
        verbose_name_plural = "kisi-kisi ujian"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ExamKind.TRYOUT, period__isnull=True)
                | (~Q(kind=ExamKind.TRYOUT) & Q(period__isnull=False)),
                name="blueprint_period_iff_real_exam",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1), name="blueprint_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BlueprintSection(models.Model):
    """One sub-test of a blueprint: how many questions of a category and how they score."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.CASCADE, related_name="sections"
    )
    category = models.ForeignKey(
        QuestionCategory, verbose_name="kategori", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField("urutan", default=0)
    question_count = models.PositiveSmallIntegerField("jumlah soal")
    # For SINGLE questions (SKD TWK/TIU: 5 and 0). WEIGHTED questions score their options.
    correct_points = models.SmallIntegerField("nilai jawaban benar", default=5)
    wrong_points = models.SmallIntegerField("nilai jawaban salah", default=0)
    blank_points = models.SmallIntegerField("nilai tidak dijawab", default=0)

    class Meta:
        verbose_name = "bagian kisi-kisi"
        verbose_name_plural = "bagian kisi-kisi"
        ordering = ["blueprint", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "category"], name="blueprint_section_category_unique"
            ),
            models.CheckConstraint(
                condition=Q(question_count__gte=1), name="blueprint_section_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}:{self.category_id}"


class PassingRule(models.Model):
    """Nilai ambang batas for one track (domain reference §2.2). `track` "" is the rule for every
    track without its own row; a blueprint without any rule has no threshold (PPPK 2024: rank)."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.CASCADE, related_name="passing_rules"
    )
    track = models.CharField("jalur", max_length=20, choices=Track.choices, blank=True)
    # {"TWK": 65, "TIU": 80, "TKP": 166}: every listed sub-test must reach its minimum.
    category_minimums = models.JSONField("nilai minimum per subtes", default=dict, blank=True)
    # Special tracks: a cumulative minimum (e.g. 311 cumlaude, 286 disabilitas).
    total_minimum = models.PositiveSmallIntegerField(
        "nilai minimum kumulatif", null=True, blank=True
    )
    legal_basis = models.CharField("dasar hukum", max_length=200, blank=True)

    class Meta:
        verbose_name = "nilai ambang batas"
        verbose_name_plural = "nilai ambang batas"
        ordering = ["blueprint", "track"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "track"], name="passing_rule_track_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}:{self.track or '*'}"


class BlueprintItem(models.Model):
    """The assembled item set: the exact question versions every participant of the blueprint
    gets (each in their own order). Re-assembly is allowed until the blueprint is locked."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.CASCADE, related_name="items"
    )
    section = models.ForeignKey(
        BlueprintSection, verbose_name="bagian", on_delete=models.CASCADE, related_name="items"
    )
    question_version = models.ForeignKey(
        QuestionVersion, verbose_name="versi soal", on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField("urutan")

    class Meta:
        verbose_name = "soal kisi-kisi"
        verbose_name_plural = "soal kisi-kisi"
        ordering = ["blueprint", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "question_version"], name="blueprint_item_unique"
            ),
            models.UniqueConstraint(fields=["blueprint", "order"], name="blueprint_item_order"),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}#{self.order}"

"""Periodic realisation of the indicators with its evidence (bukti dukung), the pejabat penilai's
continuous feedback per result, and coaching (bimbingan kinerja) with the employee's feedback on it
(Format B.1.8; §5.7)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.performance.models.skp import Indicator, Skp, WorkResult


class Realisation(BaseModel):
    """What an indicator reached in one period (1..4 for quarters, 1..12 for months),
    cumulative for the year so far, as the employee reports it."""

    indicator = models.ForeignKey(
        Indicator, verbose_name="indikator", on_delete=models.CASCADE, related_name="realisations"
    )
    period_index = models.PositiveSmallIntegerField(
        "periode ke", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    value = models.DecimalField(
        "realisasi", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField("keterangan", max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "realisasi"
        verbose_name_plural = "realisasi"
        ordering = ["indicator", "period_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_index"], name="realisation_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_index__gte=1, period_index__lte=12),
                name="realisation_period_in_range",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="realisation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} P{self.period_index}: {self.value}"


class Evidence(BaseModel):
    """A bukti dukung file, checked by its content (PDF, JPEG or PNG) and kept in private
    storage; served only by a permission-checked view."""

    realisation = models.ForeignKey(
        Realisation, verbose_name="realisasi", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("berkas", upload_to="performance/evidence/%Y/")
    original_name = models.CharField("nama berkas asal", max_length=200)
    file_format = models.CharField("format", max_length=4)
    size_bytes = models.PositiveIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diunggah oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "bukti dukung"
        verbose_name_plural = "bukti dukung"
        ordering = ["realisation", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ResultFeedback(BaseModel):
    """Umpan balik berkelanjutan of the pejabat penilai on one result in one period."""

    result = models.ForeignKey(
        WorkResult, verbose_name="RHK", on_delete=models.CASCADE, related_name="feedback"
    )
    period_index = models.PositiveSmallIntegerField(
        "periode ke", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    text = models.CharField("umpan balik", max_length=2000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ditulis oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "umpan balik berkelanjutan"
        verbose_name_plural = "umpan balik berkelanjutan"
        ordering = ["result", "period_index", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CoachingNote(BaseModel):
    """A bimbingan kinerja session, check-in or konseling, written by the pejabat penilai."""

    class Kind(models.TextChoices):
        COACHING = "bimbingan", "Bimbingan kinerja"
        CHECK_IN = "check_in", "Check-in"
        COUNSELLING = "konseling", "Konseling kinerja"

    skp = models.ForeignKey(
        Skp, verbose_name="SKP", on_delete=models.CASCADE, related_name="coaching_notes"
    )
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    held_on = models.DateField("tanggal")
    notes = models.TextField("catatan")
    next_steps = models.TextField("langkah berikutnya", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "catatan bimbingan kinerja"
        verbose_name_plural = "catatan bimbingan kinerja"
        ordering = ["skp", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on}"


class CoachingFeedback(BaseModel):
    """The employee's feedback on one coaching session (Format B.1.8): an agreement level 1–5 per
    item of `rules.COACHING_FEEDBACK_ITEMS` (answers: {item code: level}) and a comment."""

    note = models.OneToOneField(
        CoachingNote, verbose_name="bimbingan", on_delete=models.CASCADE, related_name="feedback"
    )
    answers = models.JSONField("jawaban")
    comment = models.CharField("komentar", max_length=2000, blank=True)

    class Meta:
        verbose_name = "umpan balik atas bimbingan"
        verbose_name_plural = "umpan balik atas bimbingan"

    def __str__(self) -> str:
        return f"umpan balik {self.note_id}"

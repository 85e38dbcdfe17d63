"""The pejabat penilai's decision (ratings and predikat, §5.4) and the keberatan (§5.7)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.performance.models.skp import Skp


class Rating(models.TextChoices):
    """Rating hasil kerja and rating perilaku kerja (§5.4)."""

    ABOVE = "above", "Di Atas Ekspektasi"
    AS_EXPECTED = "as_expected", "Sesuai Ekspektasi"
    BELOW = "below", "Di Bawah Ekspektasi"


class Predikat(models.TextChoices):
    """Predikat kinerja pegawai (§5.4)."""

    SANGAT_BAIK = "sangat_baik", "Sangat Baik"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan"
    KURANG = "kurang", "Kurang/Misconduct"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


class Appraisal(BaseModel):
    """The annual evaluation of one SKP. The 360 input is evidence: the pejabat penilai decides,
    and writes a justification when the decision departs from the evidence by more than the
    year's margin. `evidence` keeps the aggregates the decision was taken on (per group, as shown
    to the pejabat penilai: withheld groups stay withheld)."""

    class Status(models.TextChoices):
        DECIDED = "decided", "Ditetapkan"
        DELIVERED = "delivered", "Diterima pegawai"
        OBJECTED = "objected", "Dalam keberatan"
        FINAL = "final", "Final"

    skp = models.OneToOneField(
        Skp, verbose_name="SKP", on_delete=models.PROTECT, related_name="appraisal"
    )
    result_rating = models.CharField("rating hasil kerja", max_length=12, choices=Rating.choices)
    behaviour_rating = models.CharField(
        "rating perilaku kerja", max_length=12, choices=Rating.choices
    )
    predikat = models.CharField("predikat kinerja", max_length=16, choices=Predikat.choices)
    justification = models.TextField("justifikasi", blank=True)
    evidence = models.JSONField("ringkasan masukan 360", default=dict, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ditetapkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("ditetapkan pada")
    # The keberatan window runs from here (PerformanceYear.objection_days).
    delivered_at = models.DateTimeField("diterima pegawai pada", null=True, blank=True)

    class Meta:
        verbose_name = "penilaian kinerja"
        verbose_name_plural = "penilaian kinerja"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="decided") | Q(delivered_at__isnull=False),
                name="appraisal_delivered_when_past_decided",
            )
        ]

    def __str__(self) -> str:
        return f"{self.skp}: {self.get_predikat_display()}"


class Objection(BaseModel):
    """A keberatan: filed by the employee with reasons within the window, heard by the atasan of
    the pejabat penilai, who asks both parties and decides; the decision is final (PP 30/2019
    Pasal 59)."""

    class Status(models.TextChoices):
        FILED = "filed", "Diajukan"
        UPHELD = "upheld", "Hasil penilaian tetap"
        CHANGED = "changed", "Hasil penilaian diubah"

    appraisal = models.OneToOneField(
        Appraisal, verbose_name="penilaian", on_delete=models.PROTECT, related_name="objection"
    )
    reasons = models.TextField("alasan keberatan")
    filed_at = models.DateTimeField("diajukan pada")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diajukan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    evaluator_statement = models.TextField("penjelasan pejabat penilai", blank=True)
    employee_statement = models.TextField("penjelasan pegawai", blank=True)
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.FILED)
    # Before and after, kept on the row: the appraisal shows the final values.
    original_result_rating = models.CharField(max_length=12, choices=Rating.choices)
    original_behaviour_rating = models.CharField(max_length=12, choices=Rating.choices)
    original_predikat = models.CharField(max_length=16, choices=Predikat.choices)
    decision_reason = models.TextField("pertimbangan keputusan", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputus oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputus pada", null=True, blank=True)

    class Meta:
        verbose_name = "keberatan"
        verbose_name_plural = "keberatan"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="filed", decided_at__isnull=True)
                | (~Q(status="filed") & Q(decided_at__isnull=False) & ~Q(decision_reason="")),
                name="objection_decided_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"keberatan {self.appraisal}"

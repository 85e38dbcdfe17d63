"""Rubrics of the additional SKB methods: criteria with weights and behavioural anchors."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.recruitment.models import SelectionPeriod


class Method(models.TextChoices):
    """SKB methods (§3.1, PermenPANRB 6/2024 Pasal 33–34)."""

    CAT = "cat", "SKB dengan CAT"
    CASE_SIMULATION = "case_simulation", "Simulasi kasus"
    PRACTICAL = "practical", "Tes praktik kerja"
    INTERVIEW = "interview", "Wawancara"
    PSYCHOLOGICAL = "psychological", "Psikotes"
    OTHER = "other", "Tes lain sesuai persyaratan jabatan"


class Rubric(BaseModel):
    """A scoring guide. Each criterion is scored on the levels min_level..max_level; its anchors
    say what behaviour earns each level. Locked (no edits) once an assessor has submitted."""

    period = models.ForeignKey(
        SelectionPeriod, verbose_name="periode", on_delete=models.PROTECT, related_name="rubrics"
    )
    name = models.CharField("nama rubrik", max_length=200)
    method = models.CharField("metode", max_length=20, choices=Method.choices)
    description = models.TextField("petunjuk untuk asesor", blank=True)
    # For a case simulation: the case as given to the candidate and the assessors.
    case_material = models.TextField("materi kasus", blank=True)
    min_level = models.PositiveSmallIntegerField("skor terendah", default=1)
    max_level = models.PositiveSmallIntegerField("skor tertinggi", default=5)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    locked_at = models.DateTimeField("dikunci pada", null=True, blank=True)

    class Meta:
        verbose_name = "rubrik penilaian"
        verbose_name_plural = "rubrik penilaian"
        ordering = ["period", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_level__lt=F("max_level")), name="rubric_levels_ordered"
            ),
            models.CheckConstraint(condition=~Q(method="cat"), name="rubric_not_for_cat"),
        ]

    def __str__(self) -> str:
        return self.name


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(
        Rubric, verbose_name="rubrik", on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField("urutan")
    name = models.CharField("kriteria", max_length=200)
    description = models.TextField("penjelasan", blank=True)
    # Percent of the rubric; the criteria of a rubric sum to 100 (checked by the service).
    weight = models.DecimalField("bobot (%)", max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = "kriteria rubrik"
        verbose_name_plural = "kriteria rubrik"
        ordering = ["rubric", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "order"], name="criterion_order_unique"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="criterion_weight_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RubricAnchor(models.Model):
    """What an assessor must observe to give `level` on the criterion (behavioural anchor)."""

    criterion = models.ForeignKey(
        RubricCriterion, verbose_name="kriteria", on_delete=models.CASCADE, related_name="anchors"
    )
    level = models.PositiveSmallIntegerField("skor")
    description = models.CharField("perilaku yang diamati", max_length=500)

    class Meta:
        verbose_name = "jangkar perilaku"
        verbose_name_plural = "jangkar perilaku"
        ordering = ["criterion", "level"]
        constraints = [
            models.UniqueConstraint(fields=["criterion", "level"], name="anchor_level_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level}"

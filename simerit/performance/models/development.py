"""Evaluation → training (the issue's item 8): a training need recorded for an employee from a weak
predikat or a low-scoring BerAKHLAK indicator. The Training issue links needs to its catalogue."""

from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.performance.models.behaviour import BehaviourIndicator
from simerit.performance.models.skp import Skp


class TrainingNeed(BaseModel):
    class Source(models.TextChoices):
        PREDIKAT = "predikat", "Predikat kinerja"
        INDICATOR = "indicator", "Panduan perilaku bernilai rendah"

    skp = models.ForeignKey(
        Skp, verbose_name="SKP", on_delete=models.CASCADE, related_name="training_needs"
    )
    source = models.CharField("sumber", max_length=10, choices=Source.choices)
    # The low-scoring indicator (source INDICATOR), with the score that flagged it.
    indicator = models.ForeignKey(
        BehaviourIndicator,
        verbose_name="panduan perilaku",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField("nilai", max_digits=4, decimal_places=2, null=True, blank=True)
    recommendation = models.CharField("rekomendasi", max_length=500)

    class Meta:
        verbose_name = "kebutuhan pengembangan"
        verbose_name_plural = "kebutuhan pengembangan"
        ordering = ["skp", "source", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["skp", "source"],
                condition=Q(indicator__isnull=True),
                name="training_need_once_per_source",
            ),
            models.UniqueConstraint(
                fields=["skp", "indicator"],
                condition=Q(indicator__isnull=False),
                name="training_need_once_per_indicator",
            ),
        ]

    def __str__(self) -> str:
        return self.recommendation

"""The SKB of a formasi: its components, each a method with a weight."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.recruitment.models import Formasi
from simerit.selection.models.rubrics import Method, Rubric


class Aggregation(models.TextChoices):
    """How several assessors' scores become one (§3.3: not regulated, so configuration)."""

    MEAN = "mean", "Rata-rata"
    MEDIAN = "median", "Median"
    # The highest and the lowest score dropped, then the mean (needs at least 3 scores; with
    # fewer it is the mean).
    TRIMMED_MEAN = "trimmed_mean", "Rata-rata terpangkas"


class SkbComponent(BaseModel):
    """One part of a formasi's SKB. The CAT part reads the official SKB ExamResult (SiMerit CAT
    or BKN file) scaled by `cat_max_score`; the other methods are scored by assessors on a rubric.
    The weights of a formasi's components sum to 100 (checked by the service, with the CAT part
    at least `SelectionSetup.min_cat_weight`)."""

    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.PROTECT, related_name="skb_components"
    )
    order = models.PositiveSmallIntegerField("urutan")
    method = models.CharField("metode", max_length=20, choices=Method.choices)
    name = models.CharField("nama komponen", max_length=200)
    weight = models.DecimalField("bobot di dalam SKB (%)", max_digits=5, decimal_places=2)
    # CAT only: the maximum score of the SKB CAT (e.g. 500), to scale the total to 0–100.
    cat_max_score = models.PositiveIntegerField("nilai maksimum SKB-CAT", null=True, blank=True)
    # Assessed methods only.
    rubric = models.ForeignKey(
        Rubric,
        verbose_name="rubrik",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="components",
    )
    assessors_per_candidate = models.PositiveSmallIntegerField(
        "jumlah asesor per peserta", default=2
    )
    # On the 0–100 scale: a larger difference between two assessors flags the case.
    max_spread = models.DecimalField(
        "selisih maksimal antarasesor", max_digits=5, decimal_places=2, default=Decimal(15)
    )
    aggregation = models.CharField(
        "aturan penggabungan nilai",
        max_length=12,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    # Blind: assessors see the candidate's code only (an interview cannot be fully blind, but the
    # score sheet still carries the code).
    is_blind = models.BooleanField("penilaian tanpa identitas (kode peserta)", default=True)
    scoring_opens_at = models.DateTimeField("penilaian dibuka", null=True, blank=True)
    scoring_closes_at = models.DateTimeField("batas akhir penilaian", null=True, blank=True)

    class Meta:
        verbose_name = "komponen SKB"
        verbose_name_plural = "komponen SKB"
        ordering = ["formasi", "order"]
        constraints = [
            models.UniqueConstraint(fields=["formasi", "order"], name="skb_component_order"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="skb_component_weight_range"
            ),
            models.CheckConstraint(
                condition=Q(assessors_per_candidate__gte=2), name="skb_component_two_assessors"
            ),
            models.CheckConstraint(
                condition=(Q(method="cat") & Q(cat_max_score__gte=1) & Q(rubric__isnull=True))
                | (~Q(method="cat") & Q(cat_max_score__isnull=True) & Q(rubric__isnull=False)),
                name="skb_component_cat_or_rubric",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"

    @property
    def is_cat(self) -> bool:
        return self.method == Method.CAT

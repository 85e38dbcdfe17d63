"""The selection's configuration per period: the numbers a regulation sets are rows here."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact

from simerit.core.models import BaseModel
from simerit.recruitment.models import SelectionPeriod


class SelectionSetup(BaseModel):
    """Per period: the cut, the integration weights and the SKB composition limits.

    Defaults are the national values (§2.3, §2.4, §3.2 for an instansi daerah under PermenPANRB
    27/2021); the 2024 percentages for daerah are [U], so every one of them is editable.
    """

    period = models.OneToOneField(
        SelectionPeriod,
        verbose_name="periode",
        on_delete=models.CASCADE,
        related_name="selection_setup",
    )
    skd_max = models.PositiveSmallIntegerField("nilai maksimum SKD", default=550)
    cut_multiplier = models.PositiveSmallIntegerField(
        "pengali kuota untuk lolos ke SKB", default=3, help_text="§2.3: 3 × jumlah kebutuhan."
    )
    skd_weight = models.DecimalField(
        "bobot SKD (%)", max_digits=5, decimal_places=2, default=Decimal(40)
    )
    skb_weight = models.DecimalField(
        "bobot SKB (%)", max_digits=5, decimal_places=2, default=Decimal(60)
    )
    # Inside the SKB (§3.2): the CAT part at least this share; the additional methods the rest.
    min_cat_weight = models.DecimalField(
        "bobot minimal SKB-CAT di dalam SKB (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(60),
    )
    max_additional_components = models.PositiveSmallIntegerField(
        "jumlah maksimal SKB tambahan per formasi", default=1
    )
    # §3.2: an instansi daerah may not use wawancara as SKB tambahan (2021 and 2024); an instansi
    # pusat may, up to 10 % of the SKB under PermenPANRB 6/2024 ([U]).
    allow_interview = models.BooleanField("wawancara boleh menjadi SKB tambahan", default=False)
    max_interview_weight = models.DecimalField(
        "bobot maksimal wawancara di dalam SKB (%)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(10),
    )
    result_sanggah_days = models.PositiveSmallIntegerField(
        "lama masa sanggah hasil akhir (hari kalender)", default=3
    )
    # When the cut was last materialised into SkbCandidate rows.
    cut_at = models.DateTimeField("pemeringkatan SKD dilakukan pada", null=True, blank=True)

    class Meta:
        verbose_name = "pengaturan seleksi kompetensi"
        verbose_name_plural = "pengaturan seleksi kompetensi"
        constraints = [
            models.CheckConstraint(
                condition=Q(skd_weight__gt=0)
                & Q(skb_weight__gt=0)
                & Q(skd_weight__lte=100)
                & Q(skb_weight__lte=100),
                name="selection_weights_in_range",
            ),
            # The sum, not "skd = 100 − skb": SQLite keeps decimals as floats, and the sum of two
            # two-decimal weights that make 100 is exactly 100.0 in floats (every pair checked).
            models.CheckConstraint(
                condition=Exact(F("skd_weight") + F("skb_weight"), Decimal(100)),
                name="selection_weights_sum_100",
            ),
            models.CheckConstraint(
                condition=Q(skd_max__gte=1) & Q(cut_multiplier__gte=1),
                name="selection_skd_max_and_multiplier_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"Pengaturan {self.period}"

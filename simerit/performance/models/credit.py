"""The annual angka kredit coefficient per jenjang jabatan fungsional (PermenPANRB 1/2023,
Peraturan BKN 3/2023; §5.8). Configuration kept by Admin BKPSDM in the Django admin, never a
constant: only Ahli Pertama (12,5) and Ahli Muda (25) are verified in the reference and seeded."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.organization.models import Position


class CreditCoefficient(BaseModel):
    """The koefisien tahunan of one jenjang: a full year with predikat Baik earns this much."""

    functional_level = models.CharField(
        "jenjang fungsional",
        max_length=20,
        choices=Position.FunctionalLevel.choices,
        unique=True,
    )
    coefficient = models.DecimalField(
        "koefisien tahunan",
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    note = models.CharField(
        "catatan (dasar hukum)",
        max_length=500,
        blank=True,
        help_text="Peraturan yang menetapkan koefisien ini.",
    )

    class Meta:
        verbose_name = "koefisien angka kredit"
        verbose_name_plural = "koefisien angka kredit"
        ordering = ["functional_level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(coefficient__gt=0), name="credit_coefficient_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_functional_level_display()}: {self.coefficient}"

"""The performance year (periode penilaian kinerja) with its configuration, and the organisation
predikat of each unit (§5.5, the input of the distribution check)."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.organization.models import WorkUnit


class Frequency(models.TextChoices):
    """How often realisation is recorded (PP 30/2019 allows monthly to yearly; §5.3)."""

    QUARTERLY = "quarterly", "Triwulanan"
    MONTHLY = "monthly", "Bulanan"


class PerformanceYear(BaseModel):
    """One evaluation year and the numbers that govern it; every number is configuration."""

    class Status(models.TextChoices):
        PLANNING = "planning", "Penyusunan SKP"
        RUNNING = "running", "Pelaksanaan dan penilaian"
        CLOSED = "closed", "Ditutup"

    year = models.PositiveSmallIntegerField(
        "tahun", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField("mulai")
    ends_on = models.DateField("berakhir")
    frequency = models.CharField(
        "periode realisasi", max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.PLANNING
    )
    # 360 answers are accepted until this day (or until HR closes the collection earlier,
    # feedback_closed_at); only then are their aggregates shown (ADR 0010: means that change while
    # raters still answer would let a reader subtract one answer from the next).
    feedback_closes_on = models.DateField("batas akhir masukan 360")
    feedback_closed_at = models.DateTimeField("masukan 360 ditutup pada", null=True, blank=True)
    # The pejabat penilai's decisions are refused after this day.
    ratings_close_on = models.DateField("batas akhir penilaian")
    # Peer and subordinate answers are shown only aggregated, and only from this many (§5.7).
    min_group_raters = models.PositiveSmallIntegerField(
        "minimal penilai per kelompok", default=3, validators=[MinValueValidator(2)]
    )
    # A decision this many levels away from the 360 evidence needs a written justification.
    justification_margin = models.DecimalField(
        "batas selisih tanpa justifikasi",
        max_digits=3,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    # Keberatan window after the employee receives the result (PP 30/2019 Pasal 59).
    objection_days = models.PositiveSmallIntegerField(
        "batas hari keberatan", default=14, validators=[MinValueValidator(1)]
    )
    # Realisation above target counts at most this percentage (PP 30/2019; §5.3).
    achievement_cap = models.PositiveSmallIntegerField(
        "batas capaian (%)", default=120, validators=[MinValueValidator(100)]
    )

    class Meta:
        verbose_name = "periode penilaian kinerja"
        verbose_name_plural = "periode penilaian kinerja"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="performance_year_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(ratings_close_on__gte=F("starts_on")),
                name="performance_year_ratings_close_after_start",
            ),
            models.CheckConstraint(
                condition=Q(feedback_closes_on__gte=F("starts_on"))
                & Q(feedback_closes_on__lte=F("ratings_close_on")),
                name="performance_year_feedback_closes_before_ratings",
            ),
        ]

    def __str__(self) -> str:
        return f"Penilaian kinerja {self.year}"

    @property
    def period_count(self) -> int:
        """4 quarters or 12 months."""
        return 12 if self.frequency == Frequency.MONTHLY else 4

    def ratings_open(self, *, on: dt.date) -> bool:
        return self.status != self.Status.CLOSED and on <= self.ratings_close_on

    def feedback_open(self, *, on: dt.date) -> bool:
        """360 answers are accepted (and their aggregates not yet shown)."""
        return (
            self.status != self.Status.CLOSED
            and self.feedback_closed_at is None
            and on <= self.feedback_closes_on
        )

    def feedback_published(self, *, on: dt.date) -> bool:
        """The 360 collection is over: its aggregates may be shown and used as evidence."""
        return not self.feedback_open(on=on)


class OrganisationPredikat(models.TextChoices):
    """The unit's own predikat (§5.5), a scale of its own."""

    ISTIMEWA = "istimewa", "Istimewa"
    BAIK = "baik", "Baik"
    BUTUH_PERBAIKAN = "butuh_perbaikan", "Butuh Perbaikan/Cukup"
    KURANG = "kurang", "Kurang"
    SANGAT_KURANG = "sangat_kurang", "Sangat Kurang"


class UnitPredikat(BaseModel):
    """The capaian kinerja organisasi of a unit in a year, set by the leadership above it."""

    year = models.ForeignKey(
        PerformanceYear, verbose_name="periode", on_delete=models.PROTECT, related_name="units"
    )
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name="unit kerja", on_delete=models.PROTECT, related_name="+"
    )
    predikat = models.CharField(
        "predikat kinerja organisasi", max_length=16, choices=OrganisationPredikat.choices
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ditetapkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("dasar penetapan", max_length=500, blank=True)

    class Meta:
        verbose_name = "predikat kinerja organisasi"
        verbose_name_plural = "predikat kinerja organisasi"
        constraints = [
            models.UniqueConstraint(fields=["year", "work_unit"], name="unit_predikat_once")
        ]

    def __str__(self) -> str:
        return f"{self.work_unit} {self.year.year}: {self.get_predikat_display()}"

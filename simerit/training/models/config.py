"""Configuration of training (domain reference §6): the yearly JP minimum and reminder window, and
which leadership training each managerial position requires. Numbers marked [U] in the reference
live here, never in code."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.organization.models import Position


class ProgrammeKind(models.TextChoices):
    LATSAR = "latsar", "Latsar CPNS"
    PKP = "pkp", "PKP (Pelatihan Kepemimpinan Pengawas)"
    PKA = "pka", "PKA (Pelatihan Kepemimpinan Administrator)"
    PKN2 = "pkn2", "PKN Tingkat II"
    PKN1 = "pkn1", "PKN Tingkat I"
    TECHNICAL = "teknis", "Pelatihan teknis"
    FUNCTIONAL = "fungsional", "Pelatihan fungsional"
    SEMINAR = "seminar", "Seminar/lokakarya"
    ELEARNING = "elearning", "E-learning"
    COACHING = "coaching", "Coaching"
    MENTORING = "mentoring", "Mentoring"


LEADERSHIP_KINDS = frozenset(
    {ProgrammeKind.PKP, ProgrammeKind.PKA, ProgrammeKind.PKN2, ProgrammeKind.PKN1}
)


class TrainingYear(BaseModel):
    """One calendar year of competency development. `minimum_jp` is PP 11/2017 Pasal 203(4)
    (20 JP, [V]); the reminder window and the daily ceiling are this instansi's choice."""

    year = models.PositiveSmallIntegerField(
        "tahun", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    minimum_jp = models.DecimalField(
        "JP minimum per tahun",
        max_digits=5,
        decimal_places=1,
        default=Decimal("20.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    # Reminders go to those below the minimum from this day (the last quarter by default).
    reminders_from = models.DateField("pengingat mulai")
    # A JP is 45 minutes; no course can credit more than this per calendar day it ran.
    max_jp_per_day = models.DecimalField(
        "JP maksimum per hari",
        max_digits=4,
        decimal_places=1,
        default=Decimal("10.0"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("24"))],
    )

    class Meta:
        verbose_name = "tahun pengembangan kompetensi"
        verbose_name_plural = "tahun pengembangan kompetensi"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_jp__gt=0), name="training_year_minimum_positive"
            ),
            models.CheckConstraint(
                condition=Q(max_jp_per_day__gt=0), name="training_year_daily_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class LeadershipRule(BaseModel):
    """Appointment to a managerial position requires a leadership training (§6.2): pengawas → PKP,
    administrator → PKA, JPT pratama → PKN II, JPT madya/utama → PKN I. `months_to_complete` after
    the TMT jabatan is when the flag turns overdue ([U]: configuration)."""

    position_kind = models.CharField(
        "jenis jabatan", max_length=20, choices=Position.Kind.choices, unique=True
    )
    programme_kind = models.CharField(
        "pelatihan wajib", max_length=12, choices=ProgrammeKind.choices
    )
    months_to_complete = models.PositiveSmallIntegerField(
        "batas waktu (bulan sejak TMT jabatan)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = "aturan pelatihan kepemimpinan"
        verbose_name_plural = "aturan pelatihan kepemimpinan"
        ordering = ["position_kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme_kind__in=sorted(kind.value for kind in LEADERSHIP_KINDS)),
                name="leadership_rule_leadership_kind",
            ),
            models.CheckConstraint(
                condition=Q(months_to_complete__gte=1), name="leadership_rule_months_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_position_kind_display()} → {self.get_programme_kind_display()}"

"""Talent management (PermenPANRB 3/2020; §8.2): potential from assessments, the 9-box
thresholds as configuration [U], succession pools for managerial positions, and the retirement
ages (BUP) per kind of jabatan used for the workforce forecast."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.organization.models import Position

SCORE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class TalentSettings(BaseModel):
    """One row (pk 1), seeded by migration 0002 with the demo-neutral thresholds below and kept by
    Admin BKPSDM: the axes' formulas are instansi-defined [U].

    Potential: Rendah below `potential_medium_from`, Tinggi from `potential_high_from`.
    Performance: from the latest final predikat — `above_predikats` are Di Atas Ekspektasi,
    `as_expected_predikats` Sesuai, every other predikat Di Bawah."""

    potential_medium_from = models.DecimalField(
        "potensial menengah mulai",
        max_digits=5,
        decimal_places=2,
        default=Decimal("60"),
        validators=SCORE,
    )
    potential_high_from = models.DecimalField(
        "potensial tinggi mulai",
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        validators=SCORE,
    )
    above_predikats = models.JSONField("predikat di atas ekspektasi", default=list)
    as_expected_predikats = models.JSONField("predikat sesuai ekspektasi", default=list)
    assessment_valid_years = models.PositiveSmallIntegerField(
        "masa berlaku hasil asesmen (tahun)", default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = "pengaturan manajemen talenta"
        verbose_name_plural = "pengaturan manajemen talenta"
        constraints = [
            models.CheckConstraint(
                condition=Q(potential_high_from__gt=F("potential_medium_from")),
                name="talent_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return "Pengaturan manajemen talenta"


class PotentialAssessment(BaseModel):
    """A potential score (0–100) from an assessment (e.g. BKN's CACT, an assessment centre),
    entered or imported. The latest valid one counts."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Dicatat manual"
        IMPORT = "import", "Impor berkas"

    employee = models.ForeignKey(
        Employee,
        verbose_name="pegawai",
        on_delete=models.PROTECT,
        related_name="potential_assessments",
    )
    assessed_on = models.DateField("tanggal asesmen")
    method = models.CharField("metode/alat ukur", max_length=150)
    institution = models.CharField("pelaksana", max_length=200, blank=True)
    score = models.DecimalField("nilai potensial", max_digits=5, decimal_places=2, validators=SCORE)
    source = models.CharField("sumber", max_length=10, choices=Source.choices)
    note = models.CharField("catatan", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "hasil asesmen potensial"
        verbose_name_plural = "hasil asesmen potensial"
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["employee", "assessed_on"], name="potential_employee_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "assessed_on", "method"], name="potential_once_per_day_method"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="potential_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name}: {self.score} ({self.assessed_on})"


class SuccessionCandidate(BaseModel):
    """An employee HR has placed in the succession pool (Kelompok Rencana Suksesi) of a
    managerial position; proposed from boxes 7–9. `box` is the box at the time of placement."""

    position = models.ForeignKey(
        Position, verbose_name="jabatan", on_delete=models.PROTECT, related_name="succession"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name="kandidat",
        on_delete=models.PROTECT,
        related_name="succession_places",
    )
    box = models.PositiveSmallIntegerField(
        "kotak 9-box saat ditetapkan", validators=[MinValueValidator(7), MaxValueValidator(9)]
    )
    note = models.CharField("catatan", max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ditetapkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    removed_at = models.DateTimeField("dikeluarkan pada", null=True, blank=True)
    removal_reason = models.CharField("alasan dikeluarkan", max_length=500, blank=True)

    class Meta:
        verbose_name = "kandidat suksesi"
        verbose_name_plural = "kandidat suksesi"
        ordering = ["position", "-box", "employee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "employee"],
                condition=Q(removed_at__isnull=True),
                name="succession_once_per_position",
            ),
            models.CheckConstraint(
                condition=Q(box__gte=7) & Q(box__lte=9), name="succession_box_7_to_9"
            ),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removal_reason=""),
                name="succession_removal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} → {self.position}"


class RetirementAge(BaseModel):
    """Batas usia pensiun (UU 20/2023): per kind of jabatan, or per jenjang fungsional
    (`functional_level` set). Seeded by migration 0002 from the reference [S]; kept by HR.
    Retirement falls at the end of the month the employee reaches the age (pensiun on the 1st
    of the next month)."""

    position_kind = models.CharField("jenis jabatan", max_length=20, choices=Position.Kind.choices)
    functional_level = models.CharField(
        "jenjang fungsional", max_length=20, choices=Position.FunctionalLevel.choices, blank=True
    )
    age = models.PositiveSmallIntegerField(
        "usia pensiun", validators=[MinValueValidator(50), MaxValueValidator(75)]
    )
    legal_basis = models.CharField("dasar hukum", max_length=300, blank=True)

    class Meta:
        verbose_name = "batas usia pensiun"
        verbose_name_plural = "batas usia pensiun"
        ordering = ["position_kind", "functional_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["position_kind", "functional_level"], name="retirement_age_once"
            ),
        ]

    def __str__(self) -> str:
        level = f" {self.get_functional_level_display()}" if self.functional_level else ""
        return f"{self.get_position_kind_display()}{level}: {self.age} tahun"

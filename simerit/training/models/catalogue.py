"""The competency dictionary (standar kompetensi jabatan: manajerial, sosial kultural, teknis) with
each position's required levels and each employee's assessed levels, and the programme catalogue.
A gap between the two levels is one source of the needs analysis (PP 11/2017 Pasal 205–206)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.organization.models import Position
from simerit.performance.models import BehaviourIndicator
from simerit.training.models.config import ProgrammeKind

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
JP_VALIDATORS = [MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("999.9"))]


class Competency(BaseModel):
    class Kind(models.TextChoices):
        MANAGERIAL = "manajerial", "Manajerial"
        SOCIOCULTURAL = "sosial_kultural", "Sosial kultural"
        TECHNICAL = "teknis", "Teknis"

    code = models.CharField("kode", max_length=20, unique=True)
    name = models.CharField("nama kompetensi", max_length=200)
    kind = models.CharField("jenis", max_length=16, choices=Kind.choices)
    description = models.TextField("uraian", blank=True)

    class Meta:
        verbose_name = "kompetensi"
        verbose_name_plural = "kompetensi"
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PositionCompetency(BaseModel):
    """The level (1–5) a position requires of one competency."""

    position = models.ForeignKey(
        Position, verbose_name="jabatan", on_delete=models.CASCADE, related_name="competencies"
    )
    competency = models.ForeignKey(
        Competency, verbose_name="kompetensi", on_delete=models.PROTECT, related_name="+"
    )
    required_level = models.PositiveSmallIntegerField(
        "level dipersyaratkan", validators=LEVEL_VALIDATORS
    )

    class Meta:
        verbose_name = "standar kompetensi jabatan"
        verbose_name_plural = "standar kompetensi jabatan"
        ordering = ["position", "competency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="position_competency_once"
            ),
            models.CheckConstraint(
                condition=Q(required_level__gte=1, required_level__lte=5),
                name="position_competency_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.competency} level {self.required_level}"


class EmployeeCompetency(BaseModel):
    """An employee's assessed level (1–5) of one competency; the latest assessment replaces the
    earlier one (the audit log keeps the history)."""

    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.CASCADE, related_name="competencies"
    )
    competency = models.ForeignKey(
        Competency, verbose_name="kompetensi", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField("level", validators=LEVEL_VALIDATORS)
    assessed_on = models.DateField("tanggal asesmen")
    source = models.CharField("sumber", max_length=200, blank=True)

    class Meta:
        verbose_name = "kompetensi pegawai"
        verbose_name_plural = "kompetensi pegawai"
        ordering = ["employee", "competency__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency"], name="employee_competency_once"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="employee_competency_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.competency} level {self.level}"


class Programme(BaseModel):
    """A programme of the catalogue. It targets competencies and/or BerAKHLAK indicators (what the
    needs analysis matches gaps against); `for_weak_predikat` marks the follow-ups of a weak
    predikat (coaching, mentoring: §6.3)."""

    class Mode(models.TextChoices):
        CLASSICAL = "klasikal", "Klasikal (tatap muka)"
        ONLINE = "daring", "Daring"
        BLENDED = "blended", "Blended"
        SELF_PACED = "mandiri", "Mandiri (e-learning)"

    code = models.CharField("kode", max_length=30, unique=True)
    name = models.CharField("nama program", max_length=200)
    kind = models.CharField("jenis", max_length=12, choices=ProgrammeKind.choices)
    jp = models.DecimalField("JP", max_digits=4, decimal_places=1, validators=JP_VALIDATORS)
    provider = models.CharField("penyelenggara", max_length=200)
    mode = models.CharField("moda", max_length=10, choices=Mode.choices)
    description = models.TextField("uraian", blank=True)
    competencies = models.ManyToManyField(
        Competency, verbose_name="kompetensi sasaran", blank=True, related_name="programmes"
    )
    indicators = models.ManyToManyField(
        BehaviourIndicator,
        verbose_name="panduan perilaku sasaran",
        blank=True,
        related_name="programmes",
    )
    for_weak_predikat = models.BooleanField("tindak lanjut predikat rendah", default=False)
    is_active = models.BooleanField("aktif", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "program pelatihan"
        verbose_name_plural = "program pelatihan"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jp__gte=Decimal("0.5"), jp__lte=Decimal("999.9")),
                name="programme_jp_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

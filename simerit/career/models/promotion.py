"""Kenaikan pangkat reguler (§8.1) as configuration: the conditions, the periods per the rule
in force, the ceiling by education [U], and the angka kredit a jabatan fungsional needs for the
next rank [S/U], with each employee's opening balance."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.organization.models import EducationLevel, Golongan, Position


class PromotionRule(BaseModel):
    """The rule in force from `effective_from` (until the next row): years in the last pangkat,
    the minimum predikat in each of the last `predikat_years` years (PP 99/2000 Pasal 7), and
    the months that are periods (1st of the month): [4, 10] historically, six periods from 2024
    (Peraturan BKN 4/2023), every month from 1 October 2025 (Peraturan BKN 4/2025). Seeded by
    migration 0002; kept by Admin BKPSDM.

    `pending_appeal_blocks` [U]: whether a keberatan/banding not yet decided holds back a KP (the
    PP 53/2010-era rule, §7.4; off until confirmed for PP 94/2021)."""

    effective_from = models.DateField("berlaku mulai", unique=True)
    min_years_in_rank = models.PositiveSmallIntegerField(
        "masa kerja minimal dalam pangkat (tahun)", default=4, validators=[MaxValueValidator(10)]
    )
    min_predikat = models.CharField("predikat minimal", max_length=16, default="baik")
    predikat_years = models.PositiveSmallIntegerField(
        "jumlah tahun predikat terakhir",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    period_months = models.JSONField("bulan periode (1–12)")
    legal_basis = models.CharField("dasar hukum", max_length=300)
    pending_appeal_blocks = models.BooleanField(
        "upaya administratif yang belum diputus menunda kenaikan pangkat",
        default=False,
        help_text=(
            "Aturan era PP 53/2010: PNS yang mengajukan keberatan atau banding administratif atas "
            "hukuman disiplin tidak diberi kenaikan pangkat sampai ada putusan. Belum dipastikan "
            "masih berlaku menurut PP 94/2021 dan PP 79/2021 [U]; aktifkan hanya setelah "
            "dikonfirmasi."
        ),
    )

    class Meta:
        verbose_name = "ketentuan kenaikan pangkat"
        verbose_name_plural = "ketentuan kenaikan pangkat"
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"Ketentuan KP mulai {self.effective_from:%d/%m/%Y}"


class EducationCeiling(BaseModel):
    """The highest golongan a KP reguler may reach with an education level (PP 99/2000 Pasal 8).
    [U]: not seeded; without a row for an employee's education the ceiling is not checked, and
    the eligibility list says so."""

    education_level = models.OneToOneField(
        EducationLevel, verbose_name="pendidikan", on_delete=models.PROTECT, related_name="+"
    )
    max_golongan = models.ForeignKey(
        Golongan, verbose_name="golongan tertinggi", on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.CharField("dasar hukum", max_length=300, blank=True)

    class Meta:
        verbose_name = "batas pangkat menurut pendidikan"
        verbose_name_plural = "batas pangkat menurut pendidikan"
        ordering = ["education_level__rank"]

    def __str__(self) -> str:
        return f"{self.education_level}: s.d. {self.max_golongan.code}"


class CreditRequirement(BaseModel):
    """Angka kredit kumulatif a jenjang fungsional needs for the next pangkat (§5.8) [S/U]."""

    functional_level = models.CharField(
        "jenjang fungsional", max_length=20, choices=Position.FunctionalLevel.choices, unique=True
    )
    for_next_rank = models.DecimalField(
        "angka kredit untuk kenaikan pangkat",
        max_digits=7,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    legal_basis = models.CharField("dasar hukum", max_length=300, blank=True)

    class Meta:
        verbose_name = "kebutuhan angka kredit"
        verbose_name_plural = "kebutuhan angka kredit"
        ordering = ["functional_level"]

    def __str__(self) -> str:
        return f"{self.get_functional_level_display()}: {self.for_next_rank}"


class CreditOpening(BaseModel):
    """The angka kredit an employee already held on `as_of` (e.g. the integrated balance, or
    what remained after the last promotion), entered by HR. Credit from appraisals of years
    after `as_of` adds to it."""

    employee = models.OneToOneField(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="credit_opening"
    )
    as_of = models.DateField("per tanggal")
    amount = models.DecimalField(
        "angka kredit", max_digits=8, decimal_places=3, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField("keterangan", max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "saldo awal angka kredit"
        verbose_name_plural = "saldo awal angka kredit"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="credit_opening_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name}: {self.amount} per {self.as_of}"

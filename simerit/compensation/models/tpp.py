"""TPP (Tambahan Penghasilan Pegawai, PP 12/2019 Pasal 58; §7.6): the monthly formula as
configuration (the split and every rate are set by the Perwali and marked [U]), base amounts per
jabatan, and each month's computation with every component explained, for payroll.

All amounts are whole rupiah. The order of computation and its rounding are in `rules.tpp`."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.organization.models import Position, WorkUnit

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Scheme(BaseModel):
    """A TPP formula in force from `effective_from` (the 1st of a month) until the next scheme.

    TPP = performance share + discipline share of the base amount:
    - performance share = base × performance_weight % × the rate of the employee's predikat;
    - discipline share = base × discipline_weight % × (100 − absent days × absent_day_cut −
      late hours × late_hour_cut, floored at 0) %;
    - then an active sedang sanction cuts the sum by its percent (PP 94/2021, 25 %).
    The weights must sum to 100 %."""

    name = models.CharField("nama skema", max_length=200)
    effective_from = models.DateField("berlaku mulai bulan", unique=True)
    legal_basis = models.CharField("dasar hukum (Perwali)", max_length=300)
    performance_weight = models.DecimalField(
        "bobot kinerja (%)", max_digits=5, decimal_places=2, validators=PERCENT
    )
    discipline_weight = models.DecimalField(
        "bobot disiplin (%)", max_digits=5, decimal_places=2, validators=PERCENT
    )
    absent_day_cut = models.DecimalField(
        "potongan per hari tidak masuk tanpa alasan sah (% bagian disiplin)",
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    late_hour_cut = models.DecimalField(
        "potongan per jam keterlambatan (% bagian disiplin)",
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    # The performance rate used when no final predikat exists yet (e.g. a new CPNS).
    missing_predikat_rate = models.DecimalField(
        "tarif kinerja bila belum ada predikat final (%)",
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    apply_sanction_cut = models.BooleanField("terapkan potongan hukuman disiplin", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dibuat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "skema TPP"
        verbose_name_plural = "skema TPP"
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_from__day=1), name="tpp_scheme_starts_on_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (mulai {self.effective_from:%m/%Y})"


class PredikatRate(BaseModel):
    """The performance rate (% of the performance share) for one predikat in a scheme."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="skema", on_delete=models.CASCADE, related_name="predikat_rates"
    )
    predikat = models.CharField("predikat", max_length=16)  # performance.Predikat values
    rate = models.DecimalField("tarif (%)", max_digits=5, decimal_places=2, validators=PERCENT)

    class Meta:
        verbose_name = "tarif predikat TPP"
        verbose_name_plural = "tarif predikat TPP"
        constraints = [
            models.UniqueConstraint(fields=["scheme", "predikat"], name="tpp_rate_once"),
        ]

    def __str__(self) -> str:
        return f"{self.predikat}: {self.rate}%"


class BaseAmount(BaseModel):
    """The monthly TPP base (pagu) in rupiah: for one jabatan, or for every jabatan of a kind
    (`position` empty). A jabatan's own row wins over its kind's."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="skema", on_delete=models.CASCADE, related_name="base_amounts"
    )
    position_kind = models.CharField("jenis jabatan", max_length=20, choices=Position.Kind.choices)
    position = models.ForeignKey(
        Position,
        verbose_name="jabatan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.PositiveBigIntegerField("pagu TPP per bulan (Rp)")

    class Meta:
        verbose_name = "pagu TPP"
        verbose_name_plural = "pagu TPP"
        ordering = ["scheme", "position_kind", "position__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "position_kind"],
                condition=Q(position__isnull=True),
                name="tpp_base_once_per_kind",
            ),
            models.UniqueConstraint(
                fields=["scheme", "position"],
                condition=Q(position__isnull=False),
                name="tpp_base_once_per_position",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position or self.get_position_kind_display()}: Rp{self.amount}"


class Run(BaseModel):
    """One month's computation. A draft can be recomputed (its lines are replaced); a final run
    is what payroll receives and is never changed: a correction is a new run that supersedes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        FINAL = "final", "Final"
        SUPERSEDED = "superseded", "Digantikan"

    month = models.DateField("bulan")
    scheme = models.ForeignKey(
        Scheme, verbose_name="skema", on_delete=models.PROTECT, related_name="runs"
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="menggantikan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    employees = models.PositiveIntegerField("jumlah pegawai", default=0)
    total_amount = models.PositiveBigIntegerField("jumlah TPP (Rp)", default=0)
    # Active employees whose position had no base amount in the scheme when the run was computed
    # (not computed, "tanpa pagu"): counted then, so the number never changes with later moves.
    skipped_without_base = models.PositiveIntegerField("pegawai aktif tanpa pagu", default=0)
    computed_at = models.DateTimeField("dihitung pada")
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dihitung oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    finalised_at = models.DateTimeField("difinalkan pada", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="difinalkan oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "perhitungan TPP"
        verbose_name_plural = "perhitungan TPP"
        ordering = ["-month", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="tpp_run_month_first_day"),
            models.UniqueConstraint(
                fields=["month"], condition=Q(status="final"), name="tpp_one_final_run_per_month"
            ),
            models.UniqueConstraint(
                fields=["month"], condition=Q(status="draft"), name="tpp_one_draft_run_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"TPP {self.month:%m/%Y} ({self.get_status_display()})"


class Line(BaseModel):
    """One employee's TPP for the run's month, every component kept as computed.
    `explanation` lists the steps as shown to the employee and to payroll.

    The unit and jabatan are copied as they were when the line was computed: a final run shows
    and exports the post the employee was paid for, not the one they hold later. `work_unit` is
    that unit as a row: an Admin OPD reads the lines of its subtree by it, so a line stays with
    the OPD that paid it after the employee moves (empty only for a line whose unit was unknown
    when it was recorded).

    `sanction_case_number` is for those who may see the case (Admin BKPSDM, the Auditor, the
    employee on their own line); payroll needs only the cut, and `explanation` never names the
    case."""

    run = models.ForeignKey(
        Run, verbose_name="perhitungan", on_delete=models.CASCADE, related_name="lines"
    )
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="tpp_lines"
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name="unit kerja saat dihitung",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField("nama unit kerja saat dihitung", max_length=200)
    position_name = models.CharField("jabatan saat dihitung", max_length=200)
    position_kind = models.CharField(
        "jenis jabatan saat dihitung", max_length=20, choices=Position.Kind.choices
    )
    base_amount = models.PositiveBigIntegerField("pagu (Rp)")
    predikat = models.CharField("predikat", max_length=16, blank=True)
    predikat_year = models.PositiveSmallIntegerField("tahun predikat", null=True, blank=True)
    performance_rate = models.DecimalField("tarif kinerja (%)", max_digits=5, decimal_places=2)
    performance_amount = models.PositiveBigIntegerField("bagian kinerja (Rp)")
    absent_days = models.PositiveSmallIntegerField("tidak masuk tanpa alasan sah (hari)")
    late_minutes = models.PositiveIntegerField("keterlambatan (menit)")
    discipline_rate = models.DecimalField("tarif disiplin (%)", max_digits=5, decimal_places=2)
    discipline_amount = models.PositiveBigIntegerField("bagian disiplin (Rp)")
    gross_amount = models.PositiveBigIntegerField("sebelum potongan hukuman (Rp)")
    sanction_case_number = models.CharField("nomor kasus hukuman", max_length=30, blank=True)
    sanction_cut_percent = models.PositiveSmallIntegerField("potongan hukuman (%)", default=0)
    sanction_cut_amount = models.PositiveBigIntegerField("potongan hukuman (Rp)", default=0)
    total_amount = models.PositiveBigIntegerField("TPP diterima (Rp)")
    explanation = models.JSONField("penjelasan", default=list)

    class Meta:
        verbose_name = "TPP pegawai"
        verbose_name_plural = "TPP pegawai"
        ordering = ["run", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["run", "employee"], name="tpp_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name}: Rp{self.total_amount}"

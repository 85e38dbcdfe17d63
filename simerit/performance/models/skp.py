"""The SKP (Sasaran Kinerja Pegawai, PermenPANRB 6/2022; §5.2): results planned for the year
(rencana hasil kerja), each cascaded from a result of the pejabat penilai's own SKP, with their
indicators and targets, and the pejabat penilai's specific expectations per BerAKHLAK value."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.organization.models import Position, WorkUnit
from simerit.performance.models.behaviour import BehaviourValue
from simerit.performance.models.years import PerformanceYear


class Skp(BaseModel):
    """One employee's SKP for one year: drafted by the employee, approved by the pejabat penilai.

    The header (unit, position, pejabat penilai and their atasan) is copied when the SKP is
    created, as the document states it; a later transfer does not rewrite a signed SKP."""

    class Approach(models.TextChoices):
        QUANTITATIVE = "kuantitatif", "Kuantitatif"
        QUALITATIVE = "kualitatif", "Kualitatif"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        SUBMITTED = "submitted", "Diajukan"
        RETURNED = "returned", "Dikembalikan untuk perbaikan"
        APPROVED = "approved", "Disetujui"

    year = models.ForeignKey(
        PerformanceYear, verbose_name="periode", on_delete=models.PROTECT, related_name="skps"
    )
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="skps"
    )
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name="unit kerja", on_delete=models.PROTECT, related_name="+"
    )
    position = models.ForeignKey(
        Position, verbose_name="jabatan", on_delete=models.PROTECT, related_name="+"
    )
    evaluator = models.ForeignKey(
        Employee,
        verbose_name="pejabat penilai kinerja",
        on_delete=models.PROTECT,
        related_name="evaluated_skps",
    )
    # Atasan pejabat penilai: hears a keberatan (§5.7). Null when the evaluator has no superior.
    evaluator_superior = models.ForeignKey(
        Employee,
        verbose_name="atasan pejabat penilai",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superior_of_evaluated_skps",
    )
    approach = models.CharField(
        "pendekatan", max_length=12, choices=Approach.choices, default=Approach.QUANTITATIVE
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("diajukan pada", null=True, blank=True)
    approved_at = models.DateTimeField("disetujui pada", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="disetujui oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_note = models.CharField("catatan pengembalian", max_length=1000, blank=True)

    class Meta:
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        ordering = ["-year__year", "employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "employee"], name="skp_once_per_year"),
            models.CheckConstraint(
                condition=~Q(evaluator=F("employee")), name="skp_not_own_evaluator"
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.year.year} {self.employee.name}"

    @property
    def is_editable(self) -> bool:
        """The employee may change the plan while it is a draft or was returned."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class WorkResult(BaseModel):
    """A rencana hasil kerja (RHK). `parent` is the pejabat penilai's RHK it intervenes in
    (RHK pimpinan yang diintervensi); required for a staff SKP, absent for the top of a chain."""

    class Kind(models.TextChoices):
        MAIN = "utama", "Utama"
        ADDITIONAL = "tambahan", "Tambahan"

    class Perspective(models.TextChoices):
        """For JPT (balanced scorecard; §5.2)."""

        SERVICE = "penerima_layanan", "Penerima layanan"
        PROCESS = "proses_bisnis", "Proses bisnis internal"
        LEARNING = "penguatan_internal", "Penguatan internal"
        BUDGET = "anggaran", "Anggaran"

    skp = models.ForeignKey(
        Skp, verbose_name="SKP", on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField("jenis", max_length=8, choices=Kind.choices, default=Kind.MAIN)
    order = models.PositiveSmallIntegerField("urutan")
    text = models.CharField("rencana hasil kerja", max_length=500)
    parent = models.ForeignKey(
        "self",
        verbose_name="RHK pimpinan yang diintervensi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cascaded",
    )
    perspective = models.CharField(
        "perspektif", max_length=20, choices=Perspective.choices, blank=True
    )

    class Meta:
        verbose_name = "rencana hasil kerja"
        verbose_name_plural = "rencana hasil kerja"
        ordering = ["skp", "kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "kind", "order"], name="work_result_order")
        ]

    def __str__(self) -> str:
        return self.text


class Indicator(BaseModel):
    """An indikator kinerja individu with its target, by aspect (§5.2)."""

    class Aspect(models.TextChoices):
        QUANTITY = "kuantitas", "Kuantitas"
        QUALITY = "kualitas", "Kualitas"
        TIME = "waktu", "Waktu"
        COST = "biaya", "Biaya"

    result = models.ForeignKey(
        WorkResult, verbose_name="RHK", on_delete=models.CASCADE, related_name="indicators"
    )
    aspect = models.CharField("aspek", max_length=10, choices=Aspect.choices)
    text = models.CharField("indikator", max_length=500)
    target = models.DecimalField(
        "target", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.CharField("satuan", max_length=40)  # "dokumen", "%", "hari", "rupiah"
    # For time and cost a lower realisation is better (fewer days, less money).
    lower_is_better = models.BooleanField("makin kecil makin baik", default=False)

    class Meta:
        verbose_name = "indikator kinerja"
        verbose_name_plural = "indikator kinerja"
        ordering = ["result", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(target__gte=0), name="indicator_target_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.text}: {self.target} {self.unit}"


class Expectation(BaseModel):
    """Ekspektasi khusus pimpinan for one BerAKHLAK value, written by the pejabat penilai."""

    skp = models.ForeignKey(
        Skp, verbose_name="SKP", on_delete=models.CASCADE, related_name="expectations"
    )
    value = models.ForeignKey(
        BehaviourValue, verbose_name="nilai", on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField("ekspektasi khusus pimpinan", max_length=1000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ditulis oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "ekspektasi khusus pimpinan"
        verbose_name_plural = "ekspektasi khusus pimpinan"
        ordering = ["skp", "value__order"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "value"], name="expectation_once_per_value")
        ]

    def __str__(self) -> str:
        return self.text

"""Awards (§7.6): the catalogue, the Satyalancana Karya Satya classes, nominations scored by a
committee against weighted criteria, and the awards granted with a certificate."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee


class Award(BaseModel):
    """A kind of award. The three Satyalancana Karya Satya classes are seeded by migration 0002
    (`service_years` 10/20/30, UU 20/2009, PP 35/2010 Pasal 22); other awards are added by HR.

    Nomination conditions are per award: `min_service_years` of continuous service since TMT CPNS,
    `min_predikat` in the latest final appraisal, and `clean_record_years`: no sedang or berat
    sanction decided in that many years before the nomination (for a Satyalancana: the whole
    counted service period, whatever this field says)."""

    class Kind(models.TextChoices):
        SATYALANCANA = "satyalancana", "Satyalancana Karya Satya"
        OTHER = "other", "Penghargaan lain"

    name = models.CharField("nama penghargaan", max_length=200, unique=True)
    kind = models.CharField("jenis", max_length=14, choices=Kind.choices)
    service_years = models.PositiveSmallIntegerField(
        "masa kerja Satyalancana (tahun)", null=True, blank=True
    )
    description = models.TextField("keterangan", blank=True)
    min_service_years = models.PositiveSmallIntegerField("masa kerja minimal (tahun)", default=0)
    min_predikat = models.CharField("predikat minimal", max_length=16, blank=True)
    clean_record_years = models.PositiveSmallIntegerField(
        "tanpa hukuman sedang/berat selama (tahun)", default=0
    )
    is_active = models.BooleanField("aktif", default=True)

    class Meta:
        verbose_name = "penghargaan"
        verbose_name_plural = "penghargaan"
        ordering = ["kind", "service_years", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="satyalancana", service_years__in=[10, 20, 30])
                | Q(kind="other", service_years__isnull=True),
                name="award_service_years_for_satyalancana",
            ),
            models.UniqueConstraint(
                fields=["service_years"],
                condition=Q(kind="satyalancana"),
                name="award_one_satyalancana_per_class",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(BaseModel):
    """A criterion a committee scores a nomination on; the weights of an award sum to 100."""

    award = models.ForeignKey(
        Award, verbose_name="penghargaan", on_delete=models.PROTECT, related_name="criteria"
    )
    name = models.CharField("kriteria", max_length=200)
    description = models.TextField("penjelasan", blank=True)
    weight = models.DecimalField(
        "bobot (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
    )
    max_score = models.PositiveSmallIntegerField(
        "nilai maksimal", default=100, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    order = models.PositiveSmallIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "kriteria penghargaan"
        verbose_name_plural = "kriteria penghargaan"
        ordering = ["award", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["award", "name"], name="criterion_name_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight}%)"


class CommitteeMember(BaseModel):
    """A member of the award committee (tim penilai) of one award for one year."""

    award = models.ForeignKey(
        Award, verbose_name="penghargaan", on_delete=models.PROTECT, related_name="committee"
    )
    year = models.PositiveSmallIntegerField("tahun")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="anggota", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "anggota tim penilai penghargaan"
        verbose_name_plural = "anggota tim penilai penghargaan"
        ordering = ["award", "year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["award", "year", "user"], name="committee_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.award}, {self.year})"


class Nomination(BaseModel):
    """An employee nominated for an award in a year. Eligibility is checked when nominated and
    kept (`eligibility`: the reasons as shown); the committee scores it, then HR decides."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", "Diusulkan"
        SCORED = "scored", "Sudah dinilai"
        GRANTED = "granted", "Diberikan"
        REJECTED = "rejected", "Tidak diberikan"
        WITHDRAWN = "withdrawn", "Ditarik"

    award = models.ForeignKey(
        Award, verbose_name="penghargaan", on_delete=models.PROTECT, related_name="nominations"
    )
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField("tahun")
    reason = models.TextField("alasan pengusulan")
    eligibility = models.JSONField("hasil pemeriksaan syarat", default=list)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.NOMINATED
    )
    final_score = models.DecimalField(
        "nilai akhir", max_digits=7, decimal_places=2, null=True, blank=True
    )
    decision_note = models.TextField("catatan keputusan", blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diusulkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputus oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputus pada", null=True, blank=True)

    class Meta:
        verbose_name = "usulan penghargaan"
        verbose_name_plural = "usulan penghargaan"
        ordering = ["-year", "award", "employee__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "employee", "year"],
                condition=~Q(status="withdrawn"),
                name="nomination_once_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award} {self.year}: {self.employee.name}"


class Score(BaseModel):
    """One committee member's score of one criterion of one nomination (0..max_score). Members
    submit independently; a member sees the others' scores only after submitting their own."""

    nomination = models.ForeignKey(
        Nomination, verbose_name="usulan", on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name="kriteria", on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="penilai", on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField("nilai", max_digits=6, decimal_places=2)
    note = models.CharField("catatan", max_length=500, blank=True)

    class Meta:
        verbose_name = "nilai usulan"
        verbose_name_plural = "nilai usulan"
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion", "member"], name="score_once_per_member"
            ),
            models.CheckConstraint(condition=Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.nomination}: {self.criterion.name} = {self.score}"


class Grant(BaseModel):
    """An award given, with its certificate (piagam). The facts printed are frozen here at grant
    time, so a later correction of a name changes neither the PDF nor its hash."""

    award = models.ForeignKey(
        Award, verbose_name="penghargaan", on_delete=models.PROTECT, related_name="grants"
    )
    employee = models.ForeignKey(
        Employee, verbose_name="pegawai", on_delete=models.PROTECT, related_name="award_grants"
    )
    nomination = models.OneToOneField(
        Nomination,
        verbose_name="usulan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant",
    )
    year = models.PositiveSmallIntegerField("tahun")
    granted_on = models.DateField("tanggal pemberian")
    decree_number = models.CharField("nomor keputusan (Keppres/SK)", max_length=100)
    number = models.CharField("nomor piagam", max_length=40, unique=True)
    holder_name = models.CharField("nama penerima", max_length=250)
    holder_nip = models.CharField("NIP penerima", max_length=18)
    award_name = models.CharField("nama penghargaan", max_length=200)
    unit_name = models.CharField("unit kerja", max_length=200)
    pdf_sha256 = models.CharField("SHA-256 piagam", max_length=64, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField("dicabut pada", null=True, blank=True)
    revoke_reason = models.TextField("alasan pencabutan", blank=True)

    class Meta:
        verbose_name = "penghargaan yang diberikan"
        verbose_name_plural = "penghargaan yang diberikan"
        ordering = ["-granted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "employee", "year"], name="grant_once_per_year"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="grant_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_name} — {self.holder_name} ({self.year})"

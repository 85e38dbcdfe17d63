"""Formasi with their requirements, document kinds and tracks."""

from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel
from simerit.organization.models import EducationLevel, Golongan, Position, WorkUnit
from simerit.recruitment.models.periods import SelectionPeriod


class DocumentKind(models.Model):
    """A kind of document with the national defaults of §1.3 (reference data)."""

    code = models.SlugField("kode", max_length=30, unique=True)
    name = models.CharField("nama dokumen", max_length=100)
    default_formats = models.JSONField("format bawaan", default=list)  # e.g. ["pdf"], ["jpg"]
    default_max_kb = models.PositiveIntegerField("ukuran maksimal bawaan (KB)")
    description = models.CharField("penjelasan", max_length=300, blank=True)

    class Meta:
        verbose_name = "jenis dokumen"
        verbose_name_plural = "jenis dokumen"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Track(models.TextChoices):
    """Jenis kebutuhan / formasi track (domain reference §1.2)."""

    UMUM = "umum", "Umum"
    CUMLAUDE = "cumlaude", "Lulusan cumlaude"
    DISABILITAS = "disabilitas", "Penyandang disabilitas"
    PUTRA_PUTRI_DAERAH = "putra_putri_daerah", "Putra/putri daerah"
    DIASPORA = "diaspora", "Diaspora"
    EKS_THK2 = "eks_thk2", "Eks tenaga honorer K-II"


class FormasiQuerySet(models.QuerySet["Formasi"]):
    def published(self) -> "FormasiQuerySet":
        return self.filter(status=Formasi.Status.PUBLISHED)


class Formasi(BaseModel):
    """An approved vacancy allocation: a position in a unit, with quota and requirements."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        PUBLISHED = "published", "Diumumkan"
        CLOSED = "closed", "Ditutup"

    period = models.ForeignKey(
        SelectionPeriod, verbose_name="periode", on_delete=models.PROTECT, related_name="formasi"
    )
    code = models.CharField("kode formasi", max_length=40)
    position = models.ForeignKey(Position, verbose_name="jabatan", on_delete=models.PROTECT)
    work_unit = models.ForeignKey(
        WorkUnit, verbose_name="unit penempatan", on_delete=models.PROTECT
    )
    quota = models.PositiveSmallIntegerField("kuota")
    track = models.CharField(
        "jenis formasi", max_length=20, choices=Track.choices, default=Track.UMUM
    )
    entry_golongan = models.ForeignKey(
        Golongan, verbose_name="golongan awal", null=True, blank=True, on_delete=models.PROTECT
    )
    min_age = models.PositiveSmallIntegerField("usia minimal")
    max_age = models.PositiveSmallIntegerField("usia maksimal")
    age_reference_date = models.DateField("tanggal acuan usia")
    min_gpa = models.DecimalField(
        "IPK minimal", max_digits=3, decimal_places=2, null=True, blank=True
    )
    extra_requirements = models.TextField(
        "persyaratan tambahan", blank=True, help_text="Dalam bahasa yang mudah dipahami pelamar."
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("diumumkan pada", null=True, blank=True)
    closed_at = models.DateTimeField("ditutup pada", null=True, blank=True)

    objects = FormasiQuerySet.as_manager()

    class Meta:
        verbose_name = "formasi"
        verbose_name_plural = "formasi"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "code"], name="formasi_code_unique_in_period"
            ),
            models.CheckConstraint(condition=Q(quota__gte=1), name="formasi_quota_at_least_one"),
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")), name="formasi_min_age_not_above_max"
            ),
        ]
        indexes = [models.Index(fields=["period", "status"], name="formasi_period_status_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.position.name}"


class FormasiEducation(models.Model):
    """An accepted qualification: a level with the majors it must be in (empty list = any major)."""

    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.CASCADE, related_name="education"
    )
    level = models.ForeignKey(EducationLevel, verbose_name="jenjang", on_delete=models.PROTECT)
    majors = models.JSONField("program studi", default=list, blank=True)

    class Meta:
        verbose_name = "kualifikasi pendidikan"
        verbose_name_plural = "kualifikasi pendidikan"
        constraints = [
            models.UniqueConstraint(fields=["formasi", "level"], name="one_rule_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.level.code}: {', '.join(self.majors) or 'semua program studi'}"


class FormasiDocument(models.Model):
    """A document the formasi asks for, with its allowed formats and size limit."""

    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.ForeignKey(DocumentKind, verbose_name="jenis dokumen", on_delete=models.PROTECT)
    formats = models.JSONField("format yang diterima", default=list)
    max_kb = models.PositiveIntegerField("ukuran maksimal (KB)")
    is_required = models.BooleanField("wajib", default=True)

    class Meta:
        verbose_name = "dokumen formasi"
        verbose_name_plural = "dokumen formasi"
        constraints = [
            models.UniqueConstraint(fields=["formasi", "kind"], name="one_spec_per_document_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({'/'.join(self.formats)}, ≤ {self.max_kb} KB)"

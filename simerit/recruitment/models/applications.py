"""Applicants, their consent, applications and uploaded documents."""

from secrets import token_hex

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel
from simerit.organization.models import EducationLevel
from simerit.recruitment.models.formasi import DocumentKind, Formasi, Track
from simerit.recruitment.models.periods import SelectionPeriod


class Applicant(BaseModel):
    """A registered applicant (pelamar). Identity data cannot be changed after registration (§1.2)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="akun",
        on_delete=models.PROTECT,
        related_name="applicant",
    )
    nik = models.CharField("NIK", max_length=16, unique=True)
    kk_number = models.CharField("nomor KK", max_length=16, db_index=True)
    name = models.CharField("nama sesuai KTP", max_length=150)
    birth_place = models.CharField("tempat lahir", max_length=100)
    birth_date = models.DateField("tanggal lahir")
    gender = models.CharField(
        "jenis kelamin", max_length=1, choices=[("L", "Laki-laki"), ("P", "Perempuan")]
    )
    phone = models.CharField("nomor HP", max_length=20)
    email = models.EmailField("e-mail")
    email_confirmed_at = models.DateTimeField("e-mail dikonfirmasi", null=True, blank=True)
    # §4.1: a NIK whose coded date or gender differs from the stated ones is flagged, never rejected.
    needs_identity_review = models.BooleanField("perlu pemeriksaan identitas", default=False)
    identity_review_note = models.CharField("catatan identitas", max_length=300, blank=True)
    education_level = models.ForeignKey(
        EducationLevel,
        verbose_name="pendidikan terakhir",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    education_major = models.CharField("program studi", max_length=150, blank=True)
    gpa = models.DecimalField(
        "IPK / nilai rata-rata ijazah", max_digits=4, decimal_places=2, null=True, blank=True
    )
    is_disabled = models.BooleanField("penyandang disabilitas", default=False)

    class Meta:
        verbose_name = "pelamar"
        verbose_name_plural = "pelamar"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConsentRecord(BaseModel):
    """Consent to personal-data processing (UU 27/2022 Pasal 20), with the exact text version."""

    applicant = models.ForeignKey(
        Applicant, verbose_name="pelamar", on_delete=models.PROTECT, related_name="consents"
    )
    text_version = models.CharField("versi teks", max_length=20)
    text_sha256 = models.CharField("SHA-256 teks", max_length=64)
    accepted_at = models.DateTimeField("disetujui pada")

    class Meta:
        verbose_name = "persetujuan data pribadi"
        verbose_name_plural = "persetujuan data pribadi"
        ordering = ["-accepted_at"]

    def __str__(self) -> str:
        return f"{self.applicant} — versi {self.text_version}"


class Application(BaseModel):
    """One applicant's application in one period (a database constraint), to one formasi."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        SUBMITTED = "submitted", "Dikirim"
        TMS_PENDING = "tms_pending", "TMS menunggu konfirmasi"
        MS = "ms", "Memenuhi syarat (MS)"
        TMS = "tms", "Tidak memenuhi syarat (TMS)"

    applicant = models.ForeignKey(
        Applicant, verbose_name="pelamar", on_delete=models.PROTECT, related_name="applications"
    )
    period = models.ForeignKey(
        SelectionPeriod,
        verbose_name="periode",
        on_delete=models.PROTECT,
        related_name="applications",
    )
    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.PROTECT, related_name="applications"
    )
    # The track the applicant declares to apply under (jenis formasi, domain reference §1.2): a
    # special-track formasi (cumlaude, putra/putri daerah, ...) takes only applicants claiming it.
    track_claim = models.CharField(
        "jalur yang dinyatakan pelamar", max_length=20, choices=Track.choices, default=Track.UMUM
    )
    registration_number = models.CharField("nomor pendaftaran", max_length=30, unique=True)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField("dikirim pada", null=True, blank=True)
    # Random, unguessable key of the public page that confirms a receipt is genuine.
    receipt_key = models.CharField("kunci bukti pendaftaran", max_length=43, unique=True)
    # The eligibility checks as run at submission (rules.check_eligibility), kept as evidence.
    eligibility_snapshot = models.JSONField(
        "hasil cek syarat saat dikirim", default=dict, blank=True
    )
    result_reasons = models.JSONField("alasan TMS", default=list, blank=True)
    # The short wording of the same reasons for the public announcement (which document or
    # requirement failed; no verifier note), set with result_reasons at each decision.
    public_reasons = models.JSONField("alasan TMS untuk pengumuman", default=list, blank=True)
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)

    class Meta:
        verbose_name = "lamaran"
        verbose_name_plural = "lamaran"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "period"], name="one_application_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["formasi", "status"], name="application_formasi_status_idx")
        ]

    def __str__(self) -> str:
        return self.registration_number


def document_path(instance: "ApplicationDocument", filename: str) -> str:
    """Storage names never come from the client: period/application/kind + random suffix."""
    app = instance.application
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"lamaran/{app.period_id}/{app.pk}/{instance.kind.code}-{token_hex(8)}.{extension}"


class ApplicationDocument(BaseModel):
    application = models.ForeignKey(
        Application, verbose_name="lamaran", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.ForeignKey(DocumentKind, verbose_name="jenis dokumen", on_delete=models.PROTECT)
    file = models.FileField("berkas", upload_to=document_path, max_length=255)
    file_format = models.CharField("format", max_length=10)  # detected from content: pdf, jpg, png
    size_bytes = models.PositiveIntegerField("ukuran (byte)")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "dokumen lamaran"
        verbose_name_plural = "dokumen lamaran"
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="one_document_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} — {self.application}"

"""Conflicts of interest, verifier assignments and document reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.recruitment.models.applications import Application, ApplicationDocument


class ConflictDeclaration(BaseModel):
    """A staff member's declared relative (conflict of interest) for verification and assessment."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="petugas",
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    relative_name = models.CharField("nama kerabat", max_length=150)
    relative_nik = models.CharField("NIK kerabat", max_length=16, blank=True)
    relation = models.CharField("hubungan", max_length=60)

    class Meta:
        verbose_name = "pernyataan konflik kepentingan"
        verbose_name_plural = "pernyataan konflik kepentingan"

    def __str__(self) -> str:
        return f"{self.user} — {self.relation}"


class StaffFamilyCard(BaseModel):
    """A staff member's own KK number: an applicant with the same KK is a relative (COI, automatic)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="petugas",
        on_delete=models.CASCADE,
        related_name="family_card",
    )
    kk_number = models.CharField("nomor KK", max_length=16, db_index=True)

    class Meta:
        verbose_name = "KK petugas"
        verbose_name_plural = "KK petugas"

    def __str__(self) -> str:
        return str(self.user)


class VerificationAssignment(BaseModel):
    """Who verifies an application: the first verifier, the confirming second one, or the sanggah judge."""

    class Role(models.TextChoices):
        FIRST = "first", "Verifikator pertama"
        CONFIRMATION = "confirmation", "Verifikator kedua (konfirmasi TMS)"
        SANGGAH = "sanggah", "Pemutus sanggah"

    application = models.ForeignKey(
        Application, verbose_name="lamaran", on_delete=models.CASCADE, related_name="assignments"
    )
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="verifikator",
        on_delete=models.PROTECT,
        related_name="verification_assignments",
    )
    role = models.CharField("peran", max_length=12, choices=Role.choices, default=Role.FIRST)
    completed_at = models.DateTimeField("selesai pada", null=True, blank=True)
    # The second verifier's note when returning a TMS to the first verifier (role CONFIRMATION).
    note = models.CharField("catatan pengembalian", max_length=500, blank=True)

    class Meta:
        verbose_name = "penugasan verifikasi"
        verbose_name_plural = "penugasan verifikasi"
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "role"], name="one_assignment_per_role"),
        ]
        indexes = [
            models.Index(fields=["verifier", "completed_at"], name="assignment_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.verifier} ({self.role})"


class RejectionReason(models.TextChoices):
    """Reasons a verifier may give for an invalid document (a fixed list plus a free note)."""

    UNREADABLE = "unreadable", "Berkas tidak terbaca atau buram"
    WRONG_DOCUMENT = "wrong_document", "Berkas bukan dokumen yang diminta"
    NAME_MISMATCH = "name_mismatch", "Nama tidak sesuai dengan data pendaftaran"
    EDUCATION_MISMATCH = "education_mismatch", "Kualifikasi pendidikan tidak sesuai formasi"
    EXPIRED = "expired", "Dokumen sudah tidak berlaku"
    NOT_SIGNED = "not_signed", "Dokumen tidak ditandatangani atau tidak bermeterai"
    INCOMPLETE = "incomplete", "Dokumen tidak lengkap"
    OTHER = "other", "Lainnya (lihat catatan)"


class DocumentReview(BaseModel):
    """One verifier's verdict on one document."""

    assignment = models.ForeignKey(
        VerificationAssignment,
        verbose_name="penugasan",
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    document = models.ForeignKey(
        ApplicationDocument,
        verbose_name="dokumen",
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    is_valid = models.BooleanField("sah")
    reason = models.CharField("alasan", max_length=20, choices=RejectionReason.choices, blank=True)
    note = models.CharField("catatan", max_length=500, blank=True)

    class Meta:
        verbose_name = "pemeriksaan dokumen"
        verbose_name_plural = "pemeriksaan dokumen"
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "document"], name="one_review_per_document"
            ),
            models.CheckConstraint(
                condition=Q(is_valid=True, reason="") | Q(is_valid=False) & ~Q(reason=""),
                name="invalid_document_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document}: {'sah' if self.is_valid else 'tidak sah'}"

"""Announcements of the administrative result and sanggah (appeals)."""

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel
from simerit.recruitment.models.applications import Application, ApplicationDocument
from simerit.recruitment.models.formasi import Formasi


class Announcement(BaseModel):
    """A published, frozen list of administrative results for one formasi; corrections are new versions."""

    formasi = models.ForeignKey(
        Formasi, verbose_name="formasi", on_delete=models.PROTECT, related_name="announcements"
    )
    version = models.PositiveSmallIntegerField("versi")
    replaces = models.OneToOneField(
        "self",
        verbose_name="menggantikan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    published_at = models.DateTimeField("diumumkan pada")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diumumkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the canonical JSON names, copied at publication: a later rename of the formasi or the
    # period must not change the published text or its SHA-256.
    formasi_code = models.CharField("kode formasi saat diumumkan", max_length=40)
    period_name = models.CharField("nama seleksi saat diumumkan", max_length=200)
    # SHA-256 of the canonical JSON of the entries; also written to the audit chain.
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField("catatan perubahan", max_length=300, blank=True)
    # §1.4: an applicant first listed as TMS in this version may file a sanggah from published_at
    # until this moment; computed at publication, so a later schedule change moves no running window.
    sanggah_closes_at = models.DateTimeField("masa sanggah berakhir")

    class Meta:
        verbose_name = "pengumuman hasil administrasi"
        verbose_name_plural = "pengumuman hasil administrasi"
        ordering = ["formasi", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["formasi", "version"], name="one_announcement_version"),
        ]

    def __str__(self) -> str:
        return f"{self.formasi.code} v{self.version}"


class AnnouncementEntry(models.Model):
    announcement = models.ForeignKey(
        Announcement, verbose_name="pengumuman", on_delete=models.CASCADE, related_name="entries"
    )
    application = models.ForeignKey(Application, verbose_name="lamaran", on_delete=models.PROTECT)
    registration_number = models.CharField("nomor pendaftaran", max_length=30)
    masked_name = models.CharField("nama (disamarkan)", max_length=150)
    result = models.CharField("hasil", max_length=3)  # "MS" or "TMS"
    reason = models.CharField("alasan", max_length=500, blank=True)

    class Meta:
        verbose_name = "baris pengumuman"
        verbose_name_plural = "baris pengumuman"
        ordering = ["registration_number"]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.result}"


class Sanggah(BaseModel):
    """An appeal against TMS: only once, within the window, about documents already uploaded (§1.4)."""

    class Status(models.TextChoices):
        FILED = "filed", "Diajukan"
        GRANTED = "granted", "Diterima"
        REJECTED = "rejected", "Ditolak"

    application = models.OneToOneField(
        Application, verbose_name="lamaran", on_delete=models.PROTECT, related_name="sanggah"
    )
    announcement = models.ForeignKey(
        Announcement, verbose_name="pengumuman yang disanggah", on_delete=models.PROTECT
    )
    reason = models.TextField("alasan sanggah")
    documents = models.ManyToManyField(
        ApplicationDocument, verbose_name="dokumen yang dirujuk", related_name="sanggah_references"
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.FILED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputuskan oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputuskan pada", null=True, blank=True)
    decision_note = models.TextField("pertimbangan", blank=True)

    class Meta:
        verbose_name = "sanggah"
        verbose_name_plural = "sanggah"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sanggah {self.application}"

"""Published final results per formasi: frozen, versioned, hashed; sanggah on results."""

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel
from simerit.recruitment.models import Application, Formasi
from simerit.selection.models.results import IntegrationRun
from simerit.selection.rules import FinalStatus


class ResultAnnouncement(BaseModel):
    """The final result of one formasi as published. Nothing is edited in place: a correction is a
    new version that names the one it supersedes. `sha256` is over the canonical JSON of the
    entries (and is written to the audit chain); `csv_sha256` and `pdf_sha256` are the hashes of
    the CSV and PDF files exactly as served, so any of the three files can be verified."""

    formasi = models.ForeignKey(
        Formasi,
        verbose_name="formasi",
        on_delete=models.PROTECT,
        related_name="result_announcements",
    )
    run = models.ForeignKey(
        IntegrationRun, verbose_name="integrasi", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveSmallIntegerField("versi")
    supersedes = models.OneToOneField(
        "self",
        verbose_name="menggantikan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    published_at = models.DateTimeField("diumumkan pada")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diumumkan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Copied at publication so a later rename changes nothing that was hashed.
    formasi_code = models.CharField("kode formasi saat diumumkan", max_length=40)
    position_name = models.CharField("jabatan saat diumumkan", max_length=200)
    unit_name = models.CharField("unit kerja saat diumumkan", max_length=200)
    period_name = models.CharField("nama seleksi saat diumumkan", max_length=200)
    quota = models.PositiveSmallIntegerField("kuota")
    # The formula as applied, e.g. {"skd_weight": "40", "skb_weight": "60", "skd_max": 550,
    # "components": [{"name": ..., "method": ..., "weight": ..., "aggregation": ...}]}.
    formula = models.JSONField("rumus yang dipakai")
    sha256 = models.CharField("SHA-256 (JSON kanonik)", max_length=64, db_index=True)
    csv_sha256 = models.CharField("SHA-256 berkas CSV", max_length=64, db_index=True)
    pdf_sha256 = models.CharField("SHA-256 berkas PDF", max_length=64, db_index=True)
    pdf = models.BinaryField("berkas PDF")
    note = models.CharField("catatan perubahan", max_length=300, blank=True)
    sanggah_closes_at = models.DateTimeField("masa sanggah berakhir")

    class Meta:
        verbose_name = "pengumuman hasil akhir"
        verbose_name_plural = "pengumuman hasil akhir"
        ordering = ["formasi", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["formasi", "version"], name="one_result_announcement_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.formasi_code} hasil akhir v{self.version}"


class ResultAnnouncementEntry(models.Model):
    """One applicant's published line: the score breakdown, rank and status."""

    announcement = models.ForeignKey(
        ResultAnnouncement,
        verbose_name="pengumuman",
        on_delete=models.CASCADE,
        related_name="entries",
    )
    application = models.ForeignKey(
        Application, verbose_name="lamaran", on_delete=models.PROTECT, related_name="+"
    )
    registration_number = models.CharField("nomor pendaftaran", max_length=30)
    masked_name = models.CharField("nama (disamarkan)", max_length=150)
    skd_total = models.PositiveSmallIntegerField("total SKD")
    twk = models.PositiveSmallIntegerField("TWK")
    tiu = models.PositiveSmallIntegerField("TIU")
    tkp = models.PositiveSmallIntegerField("TKP")
    # [{"name": "SKB-CAT", "weight": "60.00", "score": "72.4000"}, ...] in component order;
    # score null when missing.
    skb_components = models.JSONField("rincian SKB")
    skb_score = models.DecimalField(
        "nilai SKB", max_digits=9, decimal_places=4, null=True, blank=True
    )
    final_score = models.DecimalField(
        "nilai akhir", max_digits=9, decimal_places=4, null=True, blank=True
    )
    rank = models.PositiveIntegerField("peringkat", null=True, blank=True)
    status = models.CharField(
        "status",
        max_length=20,
        choices=[(status.value, status.label) for status in FinalStatus],
    )

    class Meta:
        verbose_name = "baris pengumuman hasil akhir"
        verbose_name_plural = "baris pengumuman hasil akhir"
        ordering = ["announcement", "rank", "registration_number"]

    def __str__(self) -> str:
        return f"{self.registration_number} {self.status}"


class ResultSanggah(BaseModel):
    """An appeal against the published final result: once, within result_sanggah_days of the
    publication, with reasons; decided by an Admin BKPSDM who did not publish that version.
    A granted sanggah is corrected through a new version (the recruitment sanggah's workflow)."""

    class Status(models.TextChoices):
        FILED = "filed", "Diajukan"
        GRANTED = "granted", "Diterima"
        REJECTED = "rejected", "Ditolak"

    application = models.OneToOneField(
        Application,
        verbose_name="lamaran",
        on_delete=models.PROTECT,
        related_name="result_sanggah",
    )
    announcement = models.ForeignKey(
        ResultAnnouncement,
        verbose_name="pengumuman yang disanggah",
        on_delete=models.PROTECT,
        related_name="sanggah",
    )
    reason = models.TextField("alasan sanggah")
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
        verbose_name = "sanggah hasil akhir"
        verbose_name_plural = "sanggah hasil akhir"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Sanggah hasil {self.application}"

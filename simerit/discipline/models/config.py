"""Configuration of the discipline procedure: the timings the reference marks [U]/[S] (§7.3,
§7.4) and the catalogue of the obligations and prohibitions a case cites (PP 94/2021 Pasal 3–5)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from simerit.core.models import BaseModel


class DisciplineSettings(BaseModel):
    """One row (pk 1), seeded by migration 0002 and kept by Admin BKPSDM in the Django admin.

    The summons timings come from the PP 53/2010-era procedure and are to be confirmed against
    PP 94/2021 Pasal 27 / Peraturan BKN 6/2022 [U]; the appeal windows from PP 79/2021 practice [S]."""

    summons_notice_working_days = models.PositiveSmallIntegerField(
        "jarak minimal surat panggilan ke pemeriksaan (hari kerja)",
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    second_summons_working_days = models.PositiveSmallIntegerField(
        "panggilan kedua paling lambat setelah jadwal pertama (hari kerja)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    keberatan_working_days = models.PositiveSmallIntegerField(
        "batas pengajuan keberatan (hari kerja sejak keputusan diterima)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    banding_working_days = models.PositiveSmallIntegerField(
        "batas pengajuan banding administratif (hari kerja sejak keputusan diterima)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    note = models.CharField("catatan (dasar hukum)", max_length=500, blank=True)

    class Meta:
        verbose_name = "pengaturan disiplin"
        verbose_name_plural = "pengaturan disiplin"

    def __str__(self) -> str:
        return "Pengaturan disiplin"


class DisciplineArticle(BaseModel):
    """A kewajiban (Pasal 3, 4) or larangan (Pasal 5) of PP 94/2021 that a case can cite.
    The references are seeded by migration 0002; HR writes the summary in the Django admin."""

    class Kind(models.TextChoices):
        KEWAJIBAN = "kewajiban", "Kewajiban"
        LARANGAN = "larangan", "Larangan"

    code = models.CharField("pasal", max_length=40, unique=True)  # "Pasal 4 huruf f"
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    summary = models.CharField("ringkasan", max_length=500, blank=True)
    order = models.PositiveSmallIntegerField("urutan", default=0)
    is_active = models.BooleanField("aktif", default=True)

    class Meta:
        verbose_name = "pasal kewajiban/larangan"
        verbose_name_plural = "pasal kewajiban/larangan"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_kind_display().lower()})"


class Holiday(BaseModel):
    """A hari libur nasional or cuti bersama: not a working day for the summons and appeal
    windows (`rules.pp94.add_working_days`). Set yearly by the SKB of the Menteri Agama, Menteri
    Ketenagakerjaan and MenPAN-RB; Admin BKPSDM enters them in the Django admin (no seed: the
    dates change every year [U])."""

    date = models.DateField("tanggal", unique=True)
    name = models.CharField("keterangan", max_length=200)
    is_cuti_bersama = models.BooleanField("cuti bersama", default=False)

    class Meta:
        verbose_name = "hari libur nasional/cuti bersama"
        verbose_name_plural = "hari libur nasional/cuti bersama"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

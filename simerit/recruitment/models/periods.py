"""Selection periods and their stage windows."""

from django.db import models
from django.db.models import F, Q

from simerit.core.models import BaseModel


class SelectionKind(models.TextChoices):
    CPNS = "cpns", "CPNS"
    PPPK = "pppk", "PPPK"


class SelectionPeriod(BaseModel):
    """One selection, e.g. "Seleksi CASN 2026 Kota Palembang", with its configuration."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draf"
        PUBLISHED = "published", "Diumumkan"
        FINISHED = "finished", "Selesai"

    name = models.CharField("nama seleksi", max_length=200)
    kind = models.CharField("jenis seleksi", max_length=4, choices=SelectionKind.choices)
    year = models.PositiveSmallIntegerField("tahun anggaran")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    description = models.TextField("keterangan", blank=True)
    # PermenPANRB 27/2021 (as reported): 18–35 at application; the yearly rule is configuration.
    default_min_age = models.PositiveSmallIntegerField("batas usia minimal bawaan", default=18)
    default_max_age = models.PositiveSmallIntegerField("batas usia maksimal bawaan", default=35)
    age_reference_date = models.DateField("tanggal acuan usia")
    # Four-eyes: a TMS takes effect only after a second verifier confirms it.
    tms_needs_confirmation = models.BooleanField(
        "TMS perlu konfirmasi verifikator kedua", default=True
    )
    sanggah_days = models.PositiveSmallIntegerField(
        "lama masa sanggah (hari kalender)", default=3, help_text="Domain reference §1.4: 3 hari."
    )
    published_at = models.DateTimeField("diumumkan pada", null=True, blank=True)

    class Meta:
        verbose_name = "periode seleksi"
        verbose_name_plural = "periode seleksi"
        ordering = ["-year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(default_min_age__lte=F("default_max_age")),
                name="period_min_age_not_above_max",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    """Windows of the selection: the administrative stages (domain reference §1.2, §1.4), then the
    competency tests and the final result (§2.3–§2.4)."""

    REGISTRATION = "registration", "Pendaftaran"
    VERIFICATION = "verification", "Verifikasi administrasi"
    ANNOUNCEMENT = "announcement", "Pengumuman hasil administrasi"
    SANGGAH_FILING = "sanggah_filing", "Masa sanggah"
    SANGGAH_ANSWER = "sanggah_answer", "Jawab sanggah"
    FINAL_ANNOUNCEMENT = "final_announcement", "Pengumuman pasca-sanggah"
    # The competency tests and the final result (§2.3–§2.4; selection app). They show the plan on
    # the public timeline; publication of a final result needs RESULT_ANNOUNCEMENT open when it is
    # set, and each announcement's own sanggah window is fixed at publication (result_sanggah_days).
    SKD = "skd", "Seleksi Kompetensi Dasar (SKD)"
    SKB = "skb", "Seleksi Kompetensi Bidang (SKB)"
    RESULT_ANNOUNCEMENT = "result_announcement", "Pengumuman hasil akhir"
    RESULT_SANGGAH = "result_sanggah", "Sanggah hasil akhir"


class StageWindow(BaseModel):
    period = models.ForeignKey(
        SelectionPeriod, verbose_name="periode", on_delete=models.CASCADE, related_name="windows"
    )
    stage = models.CharField("tahap", max_length=20, choices=Stage.choices)
    opens_at = models.DateTimeField("dibuka")
    closes_at = models.DateTimeField("ditutup")

    class Meta:
        verbose_name = "jadwal tahap"
        verbose_name_plural = "jadwal tahap"
        ordering = ["opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["period", "stage"], name="one_window_per_stage"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="window_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.period})"

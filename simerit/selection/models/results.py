"""Integration runs and the ranked final results they produce (set-based, §2.4)."""

from django.conf import settings
from django.db import models

from simerit.recruitment.models import Application, Formasi, SelectionPeriod
from simerit.selection.models.candidates import SkbCandidate
from simerit.selection.rules import FinalStatus


class IntegrationRun(models.Model):
    """One run of the integration for a period. Each run writes a fresh set of FinalResult rows
    (one INSERT … SELECT); the newest run is the current ranking until it is announced."""

    period = models.ForeignKey(
        SelectionPeriod,
        verbose_name="periode",
        on_delete=models.PROTECT,
        related_name="integration_runs",
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dijalankan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    run_at = models.DateTimeField("dijalankan pada")
    # The configuration as used: weights, SKD maximum, components and their aggregation rules.
    settings_snapshot = models.JSONField("pengaturan yang dipakai")
    formasi_count = models.PositiveIntegerField("jumlah formasi")
    result_count = models.PositiveIntegerField("jumlah peserta")

    class Meta:
        verbose_name = "integrasi nilai"
        verbose_name_plural = "integrasi nilai"
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"Integrasi {self.period} #{self.pk}"


class FinalResult(models.Model):
    """One SKB candidate's integrated score, rank and status in one run.

    final_score = skd_weight × skd_total / skd_max × 100 + skb_weight × skb_score (both 0–100);
    NULL when a component is missing (Tidak Lulus, no rank) or the candidate withdrew."""

    # Derived rows (one INSERT … SELECT per run): read by run (and formasi) through
    # final_result_run_formasi_idx; no other index, and no database constraint on the foreign keys
    # (a trigger per row at COMMIT on PostgreSQL; ADR 0009). The ORM's PROTECT/CASCADE still apply,
    # and verify_audit checks that the rows name existing, consistent rows.
    run = models.ForeignKey(
        IntegrationRun,
        verbose_name="integrasi",
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    formasi = models.ForeignKey(
        Formasi,
        verbose_name="formasi",
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
    )
    candidate = models.ForeignKey(
        SkbCandidate,
        verbose_name="peserta",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    application = models.ForeignKey(
        Application,
        verbose_name="lamaran",
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    skd_total = models.PositiveSmallIntegerField("total SKD")
    twk = models.PositiveSmallIntegerField("TWK")
    tiu = models.PositiveSmallIntegerField("TIU")
    tkp = models.PositiveSmallIntegerField("TKP")
    skb_score = models.DecimalField(
        "nilai SKB (0–100)", max_digits=9, decimal_places=4, null=True, blank=True
    )
    final_score = models.DecimalField(
        "nilai akhir", max_digits=9, decimal_places=4, null=True, blank=True
    )
    education_score = models.DecimalField(
        "IPK / rata-rata ijazah", max_digits=4, decimal_places=2, null=True, blank=True
    )
    birth_date = models.DateField("tanggal lahir")
    rank = models.PositiveIntegerField("peringkat", null=True, blank=True)
    status = models.CharField(
        "status",
        max_length=20,
        choices=[(status.value, status.label) for status in FinalStatus],
    )

    class Meta:
        verbose_name = "hasil akhir"
        verbose_name_plural = "hasil akhir"
        ordering = ["run", "formasi", "rank", "application"]
        indexes = [
            models.Index(fields=["run", "formasi", "rank"], name="final_result_run_formasi_idx")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.application_id}"

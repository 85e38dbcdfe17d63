"""Item decisions, BKN score files and official exam results."""

from django.conf import settings
from django.db import models

from simerit.core.models import BaseModel
from simerit.exams.models.attempts import Attempt
from simerit.exams.models.bank import ExamKind, QuestionVersion
from simerit.exams.models.blueprints import Blueprint
from simerit.recruitment.models import Application


class ItemDecision(models.Model):
    """A recorded decision on a faulty item, taken before results are published: credit every
    participant with the item's full points, or drop the item from scoring."""

    class Mode(models.TextChoices):
        CREDIT_ALL = "credit_all", "Dianggap benar untuk semua peserta"
        DROP = "drop", "Dikeluarkan dari penilaian"

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="decisions"
    )
    question_version = models.ForeignKey(
        QuestionVersion, verbose_name="versi soal", on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField("keputusan", max_length=10, choices=Mode.choices)
    reason = models.CharField("alasan", max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diputuskan oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("diputuskan pada")

    class Meta:
        verbose_name = "keputusan soal bermasalah"
        verbose_name_plural = "keputusan soal bermasalah"
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "question_version"], name="item_decision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blueprint_id}:{self.question_version_id}:{self.mode}"


class ScoreImport(models.Model):
    """One score file from BKN (SKD/SKB run on CAT BKN), with its row report."""

    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="imports"
    )
    file_name = models.CharField("nama berkas", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diimpor oleh",
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported_at = models.DateTimeField("diimpor pada")
    row_count = models.PositiveIntegerField("jumlah baris")
    accepted_count = models.PositiveIntegerField("baris diterima")
    # [{"row": 2, "registration_number": "...", "status": "ok"|"error", "messages": [...]}]
    report = models.JSONField("laporan per baris", default=list)

    class Meta:
        verbose_name = "impor nilai BKN"
        verbose_name_plural = "impor nilai BKN"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.file_name


class ExamResult(BaseModel):
    """The official result of one application in one exam kind, from a SiMerit attempt (written
    when the blueprint's results are published) or from a BKN score file. Selection reads this."""

    class Source(models.TextChoices):
        SIMERIT = "simerit", "CAT SiMerit"
        BKN = "bkn", "CAT BKN"

    application = models.ForeignKey(
        Application, verbose_name="lamaran", on_delete=models.PROTECT, related_name="exam_results"
    )
    blueprint = models.ForeignKey(
        Blueprint, verbose_name="kisi-kisi", on_delete=models.PROTECT, related_name="results"
    )
    kind = models.CharField("jenis ujian", max_length=6, choices=ExamKind.choices)
    source = models.CharField("sumber", max_length=8, choices=Source.choices)
    scores = models.JSONField("nilai per subtes")
    total = models.IntegerField("nilai total")
    passed = models.BooleanField("memenuhi ambang batas", null=True, blank=True)
    result_reason = models.CharField("keterangan hasil", max_length=300, blank=True)
    attempt = models.OneToOneField(
        Attempt,
        verbose_name="pengerjaan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="result",
    )
    score_import = models.ForeignKey(
        ScoreImport,
        verbose_name="impor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
    )

    class Meta:
        verbose_name = "hasil ujian"
        verbose_name_plural = "hasil ujian"
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="exam_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.kind}"

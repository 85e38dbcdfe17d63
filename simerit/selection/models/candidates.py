"""Who proceeded to the SKB: the SKD cut, materialised per period."""

from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.recruitment.models import Application, Formasi, SelectionPeriod


class SkbCandidate(BaseModel):
    """One application that met the passing grade and ranked within the cut (§2.3), with the SKD
    scores it was ranked on. Written set-based by the cut service; `code` is the blind code that
    assessors see instead of the name (given when assessors are assigned).

    Derived rows, rebuilt by one INSERT … SELECT: their foreign keys carry no database constraint
    (on PostgreSQL each would fire a trigger per row at COMMIT, about half the cut's time; ADR
    0009). The ORM's PROTECT still refuses deleting what they name, and `verify_audit` checks that
    every derived row names existing, consistent rows (selection/integrity.py)."""

    # Not indexed: a period holds most of the table's rows, so a scan serves its queries as well,
    # and every index is one more entry per row for the cut's INSERT … SELECT to write.
    period = models.ForeignKey(
        SelectionPeriod,
        verbose_name="periode",
        on_delete=models.PROTECT,
        related_name="skb_candidates",
        db_index=False,
        db_constraint=False,
    )
    # Indexed by skb_candidate_formasi_idx (formasi, cut_rank): a second index would only slow
    # the cut's INSERT … SELECT.
    formasi = models.ForeignKey(
        Formasi,
        verbose_name="formasi",
        on_delete=models.PROTECT,
        related_name="skb_candidates",
        db_index=False,
        db_constraint=False,
    )
    application = models.OneToOneField(
        Application,
        verbose_name="lamaran",
        on_delete=models.PROTECT,
        related_name="skb_candidate",
        db_constraint=False,
    )
    # Unique among the given codes (a partial constraint: the cut's rows, still without a code,
    # add nothing to its index).
    code = models.CharField(  # noqa: DJ001 (NULL until given; only given codes are unique)
        "kode peserta", max_length=12, null=True, blank=True
    )
    skd_total = models.PositiveSmallIntegerField("total SKD")
    twk = models.PositiveSmallIntegerField("TWK")
    tiu = models.PositiveSmallIntegerField("TIU")
    tkp = models.PositiveSmallIntegerField("TKP")
    cut_rank = models.PositiveIntegerField("peringkat SKD")
    # The last tie-breaks of the integration (§2.4), copied from the applicant by the cut as the
    # SKD scores are: the integration then ranks from this table alone, without joining the
    # million applications and applicants again (ADR 0009).
    education_score = models.DecimalField(
        "IPK / rata-rata ijazah", max_digits=4, decimal_places=2, null=True, blank=True
    )
    birth_date = models.DateField("tanggal lahir")
    withdrawn_at = models.DateTimeField("mengundurkan diri pada", null=True, blank=True)
    withdrawal_reason = models.CharField("alasan mengundurkan diri", max_length=300, blank=True)

    class Meta:
        verbose_name = "peserta SKB"
        verbose_name_plural = "peserta SKB"
        ordering = ["formasi", "cut_rank", "application"]
        indexes = [models.Index(fields=["formasi", "cut_rank"], name="skb_candidate_formasi_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(code__isnull=False), name="skb_candidate_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.code or f"peserta {self.pk}"

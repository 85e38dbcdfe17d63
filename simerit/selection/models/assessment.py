"""Independent assessors' scores of the assessed SKB components, and each component's result."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.selection.models.candidates import SkbCandidate
from simerit.selection.models.components import SkbComponent
from simerit.selection.models.rubrics import RubricCriterion


class AssessorAssignment(BaseModel):
    """One assessor scoring one candidate on one component. Drawn at random among assessors
    without a conflict of interest; an assessor sees neither the other scores nor (when blind)
    the candidate's identity, and submits once."""

    class Kind(models.TextChoices):
        INDEPENDENT = "independent", "Asesor independen"
        THIRD = "third", "Asesor ketiga (selisih melebihi batas)"

    component = models.ForeignKey(
        SkbComponent, verbose_name="komponen", on_delete=models.PROTECT, related_name="assignments"
    )
    candidate = models.ForeignKey(
        SkbCandidate, verbose_name="peserta", on_delete=models.PROTECT, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="asesor",
        on_delete=models.PROTECT,
        related_name="skb_assignments",
    )
    kind = models.CharField("jenis", max_length=12, choices=Kind.choices, default=Kind.INDEPENDENT)
    submitted_at = models.DateTimeField("dikirim pada", null=True, blank=True)
    # 0–100: Σ criterion weight × level / max_level (rules.assessment.rubric_score).
    score = models.DecimalField("nilai", max_digits=7, decimal_places=4, null=True, blank=True)
    note = models.TextField("catatan asesor", blank=True)

    class Meta:
        verbose_name = "penugasan asesor"
        verbose_name_plural = "penugasan asesor"
        ordering = ["component", "candidate", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "candidate", "assessor"], name="assessor_once_per_case"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True, score__isnull=True)
                | Q(submitted_at__isnull=False, score__gte=0, score__lte=100),
                name="assessor_score_with_submission",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component_id}:{self.candidate_id}:{self.assessor_id}"


class CriterionScore(models.Model):
    assignment = models.ForeignKey(
        AssessorAssignment,
        verbose_name="penugasan",
        on_delete=models.CASCADE,
        related_name="criterion_scores",
    )
    criterion = models.ForeignKey(
        RubricCriterion, verbose_name="kriteria", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField("skor")
    note = models.CharField("catatan", max_length=500, blank=True)

    class Meta:
        verbose_name = "skor kriteria"
        verbose_name_plural = "skor kriteria"
        ordering = ["assignment", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="criterion_score_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}:{self.criterion_id}={self.level}"


class ComponentResult(BaseModel):
    """The score of one candidate on one component (0–100), with how it was reached.

    Assessed: when every independent assessor has submitted, the scores are aggregated by the
    component's rule (stored here, as used). A spread above the limit makes the result FLAGGED
    (no score) until a third assessor submits or a panel records its decision. CAT: copied from
    the official SKB ExamResult."""

    class Status(models.TextChoices):
        FLAGGED = "flagged", "Selisih melebihi batas: perlu penyelesaian"
        FINAL = "final", "Final"
        # Did not attend the test: the component is missing, so the candidate is Tidak Lulus.
        ABSENT = "absent", "Tidak hadir"

    class Resolution(models.TextChoices):
        CAT = "cat", "Nilai SKB-CAT"
        AGREED = "agreed", "Selisih dalam batas"
        THIRD_ASSESSOR = "third_assessor", "Asesor ketiga"
        PANEL = "panel", "Keputusan panel"

    # The foreign keys are indexed by component_result_once (component, candidate) and
    # component_result_cand_idx (candidate, status); separate indexes would only slow the CAT
    # import's INSERT … SELECT. They carry no database constraint, like the derived rows they
    # join (ADR 0009): on PostgreSQL each would fire a trigger per imported row at COMMIT, as
    # long as the import itself. The ORM's PROTECT still refuses deleting what they name, and
    # `verify_audit` finds a row that names a missing or inconsistent one (selection/integrity.py).
    component = models.ForeignKey(
        SkbComponent,
        verbose_name="komponen",
        on_delete=models.PROTECT,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    candidate = models.ForeignKey(
        SkbCandidate,
        verbose_name="peserta",
        on_delete=models.PROTECT,
        related_name="component_results",
        db_index=False,
        db_constraint=False,
    )
    status = models.CharField("status", max_length=8, choices=Status.choices)
    score = models.DecimalField("nilai", max_digits=7, decimal_places=4, null=True, blank=True)
    # The rule as applied (Aggregation value) and the inputs, so the result explains itself.
    aggregation = models.CharField("aturan penggabungan", max_length=12, blank=True)
    assessor_scores = models.JSONField("nilai para asesor", default=list, blank=True)
    spread = models.DecimalField("selisih", max_digits=7, decimal_places=4, null=True, blank=True)
    resolution = models.CharField(
        "penyelesaian", max_length=16, choices=Resolution.choices, blank=True
    )
    panel_members = models.CharField("anggota panel", max_length=500, blank=True)
    panel_note = models.TextField("pertimbangan panel", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dicatat oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    decided_at = models.DateTimeField("ditetapkan pada", null=True, blank=True)

    class Meta:
        verbose_name = "nilai komponen SKB"
        verbose_name_plural = "nilai komponen SKB"
        ordering = ["component", "candidate"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "candidate"], name="component_result_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=("flagged", "absent"), score__isnull=True)
                | Q(status="final", score__gte=0, score__lte=100),
                name="component_result_score_when_final",
            ),
        ]
        indexes = [models.Index(fields=["candidate", "status"], name="component_result_cand_idx")]

    def __str__(self) -> str:
        return f"{self.component_id}:{self.candidate_id}"

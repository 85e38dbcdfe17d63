"""360 input on behaviour (perilaku kerja): who is asked (RaterAssignment, the identities) and what
was answered (BehaviourResponse and its ratings, which name no rater).

The answers are linked to their rater only from the assignment side (`RaterAssignment.response`);
employees and the pejabat penilai read responses through selectors that aggregate by group and
withhold a group below the anonymity threshold, and only the Auditor's pages read the link."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from simerit.core.models import BaseModel
from simerit.employees.models import Employee
from simerit.performance.models.behaviour import BehaviourIndicator
from simerit.performance.models.skp import Skp


class RaterGroup(models.TextChoices):
    SELF = "self", "Diri sendiri"
    SUPERVISOR = "supervisor", "Atasan langsung"
    PEER = "peer", "Rekan kerja setingkat"
    SUBORDINATE = "subordinate", "Bawahan langsung"


# The rating scale of one panduan perilaku (1–5, 3 = as expected).
SCORE_LABELS = {
    1: "Jauh di bawah ekspektasi",
    2: "Di bawah ekspektasi",
    3: "Sesuai ekspektasi",
    4: "Di atas ekspektasi",
    5: "Jauh di atas ekspektasi",
}


class BehaviourResponse(BaseModel):
    """One rater's answers for one SKP, without the rater's identity."""

    skp = models.ForeignKey(
        Skp, verbose_name="SKP", on_delete=models.CASCADE, related_name="behaviour_responses"
    )
    group = models.CharField("kelompok penilai", max_length=12, choices=RaterGroup.choices)
    submitted_at = models.DateTimeField("dikirim pada")
    comment = models.CharField("catatan", max_length=2000, blank=True)

    class Meta:
        verbose_name = "jawaban penilaian perilaku"
        verbose_name_plural = "jawaban penilaian perilaku"
        ordering = ["skp", "group", "pk"]

    def __str__(self) -> str:
        return f"{self.skp_id} {self.group}"


class BehaviourRating(models.Model):
    response = models.ForeignKey(
        BehaviourResponse, verbose_name="jawaban", on_delete=models.CASCADE, related_name="ratings"
    )
    indicator = models.ForeignKey(
        BehaviourIndicator,
        verbose_name="panduan perilaku",
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        "nilai", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = "nilai perilaku"
        verbose_name_plural = "nilai perilaku"
        constraints = [
            models.UniqueConstraint(fields=["response", "indicator"], name="behaviour_rating_once"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="behaviour_rating_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.score}"


class RaterAssignment(BaseModel):
    """Who is asked to rate whose behaviour: proposed by rule (self; the supervisor; peers of the
    same unit and level; direct reports) or added by HR; removed with a reason, never deleted."""

    class Source(models.TextChoices):
        RULE = "rule", "Usulan aturan"
        HR = "hr", "Ditambahkan admin"

    class Status(models.TextChoices):
        INVITED = "invited", "Diundang"
        ANSWERED = "answered", "Sudah menjawab"
        REMOVED = "removed", "Dikeluarkan"

    skp = models.ForeignKey(
        Skp, verbose_name="SKP", on_delete=models.CASCADE, related_name="rater_assignments"
    )
    rater = models.ForeignKey(
        Employee, verbose_name="penilai", on_delete=models.PROTECT, related_name="rater_assignments"
    )
    group = models.CharField("kelompok penilai", max_length=12, choices=RaterGroup.choices)
    source = models.CharField("asal", max_length=4, choices=Source.choices, default=Source.RULE)
    status = models.CharField(
        "status", max_length=8, choices=Status.choices, default=Status.INVITED
    )
    removed_reason = models.CharField("alasan dikeluarkan", max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="diubah oleh",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    response = models.OneToOneField(
        BehaviourResponse,
        verbose_name="jawaban",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignment",
    )

    class Meta:
        verbose_name = "penugasan penilai 360"
        verbose_name_plural = "penugasan penilai 360"
        ordering = ["skp", "group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "rater"], name="rater_once_per_skp"),
            models.CheckConstraint(
                condition=~Q(status="removed") | ~Q(removed_reason=""),
                name="rater_removed_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rater_id} → {self.skp_id} ({self.group})"

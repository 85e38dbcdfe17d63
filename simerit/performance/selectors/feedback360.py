"""Reads of the 360 input on behaviour: aggregated, never per rater, except
`answered_assignments`, which only the Auditor's page calls. Aggregates are published only once
the year's 360 collection is over (ADR 0010): while raters still answer, a mean read before and
after one more answer would give that answer away, so only the counts are shown."""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Case, Count, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from simerit.core.dates import format_date_id
from simerit.employees.models import Employee
from simerit.performance import rules
from simerit.performance.models import (
    BehaviourIndicator,
    BehaviourRating,
    BehaviourResponse,
    BehaviourValue,
    Expectation,
    PerformanceYear,
    RaterAssignment,
    RaterGroup,
    Skp,
)

# The relatives' declarations and KK numbers live with recruitment (they were first needed for
# verifiers); the performance app reads them sideways rather than keeping a second copy.
from simerit.recruitment.models import ConflictDeclaration, StaffFamilyCard

TWO_PLACES = Decimal("0.01")
MERGED = "merged"
# The groups whose answers are evidence for the pejabat penilai's decision: not the employee's own
# view (evidence of the self-other gap, not of the behaviour), and not the pejabat penilai's own
# 360 answer (the decision must not be checked against its own author).
EVIDENCE_GROUPS = frozenset({RaterGroup.PEER.value, RaterGroup.SUBORDINATE.value, MERGED})


@dataclass(frozen=True)
class GroupEvidence:
    """One rater group as the employee and the pejabat penilai may see it: `group` is a
    RaterGroup value or MERGED (peers and subordinates together); `mean` the mean score (1–5,
    2 decimals) over all its answers and indicators, None when withheld."""

    group: str
    label: str
    answers: int
    mean: Decimal | None
    reason: str


UNPUBLISHED = (
    "Hasil masukan 360 ditampilkan setelah pengisian ditutup pada {date} agar jawaban penilai "
    "tidak dapat dikenali."
)


def unpublished_reason(year: PerformanceYear) -> str:
    """Why no 360 mean is shown yet: the collection's deadline."""
    return UNPUBLISHED.format(date=format_date_id(year.feedback_closes_on))


@dataclass(frozen=True)
class EvidenceSummary:
    groups: list[GroupEvidence]
    # The mean of the shown EVIDENCE_GROUPS' means (peers, subordinates, or the two merged);
    # None when none of them can be shown (or nothing is published yet).
    overall_mean: Decimal | None
    # False while the 360 collection is open: every group carries its count and the
    # UNPUBLISHED reason, no mean.
    published: bool = True

    def as_json(self) -> dict[str, object]:
        """For Appraisal.evidence (kept with the decision)."""
        return {
            "published": self.published,
            "groups": [
                {
                    "group": item.group,
                    "answers": item.answers,
                    "mean": None if item.mean is None else str(item.mean),
                    "reason": item.reason,
                }
                for item in self.groups
            ],
            "overall_mean": None if self.overall_mean is None else str(self.overall_mean),
        }


def _mean(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def evidence_summary(skp: Skp, on: dt.date | None = None) -> EvidenceSummary:
    """The SKP's 360 answers per group on `on` (today by default), with the anonymity rule of
    `rules.group_visibility` (the year's `min_group_raters`) applied: a withheld group shows its
    count and why, never a score. While the year's 360 collection is open nothing has a mean
    (`published` False; one query); once it is over, two queries (three when groups are
    merged)."""
    year = skp.year
    counts = dict(
        BehaviourResponse.objects.filter(skp=skp)
        .values_list("group")
        .annotate(answers=Count("pk"))
        .values_list("group", "answers")
    )
    if year.feedback_open(on=on or timezone.localdate()):
        return _unpublished(year, counts)
    means = dict(
        BehaviourRating.objects.filter(response__skp=skp)
        .values_list("response__group")
        .annotate(mean=Avg("score"))
        .values_list("response__group", "mean")
    )
    visibility = rules.group_visibility(counts, min_raters=year.min_group_raters)
    labels = dict(RaterGroup.choices)
    groups: list[GroupEvidence] = []
    merged_groups = [group for group, seen in visibility.items() if seen.merged]
    for group in RaterGroup.values:
        seen = visibility.get(group)
        if seen is None or seen.merged:
            continue
        groups.append(
            GroupEvidence(
                group=group,
                label=labels[group],
                answers=counts[group],
                mean=_mean(means.get(group)) if seen.shown else None,
                reason=seen.reason,
            )
        )
    if merged_groups:
        merged_mean = BehaviourRating.objects.filter(
            response__skp=skp, response__group__in=merged_groups
        ).aggregate(mean=Avg("score"))["mean"]
        groups.append(
            GroupEvidence(
                group=MERGED,
                label="Rekan kerja dan bawahan (digabung)",
                answers=sum(counts[group] for group in merged_groups),
                mean=_mean(merged_mean),
                reason=visibility[merged_groups[0]].reason,
            )
        )
    others = [
        item.mean for item in groups if item.mean is not None and item.group in EVIDENCE_GROUPS
    ]
    overall = _mean(sum(others) / len(others)) if others else None
    return EvidenceSummary(groups=groups, overall_mean=overall)


def _unpublished(year: PerformanceYear, counts: dict[str, int]) -> EvidenceSummary:
    """Every answered group with its count and the publication date, in group order; no mean."""
    reason = unpublished_reason(year)
    labels = dict(RaterGroup.choices)
    groups = [
        GroupEvidence(
            group=group, label=labels[group], answers=counts[group], mean=None, reason=reason
        )
        for group in RaterGroup.values
        if group in counts
    ]
    return EvidenceSummary(groups=groups, overall_mean=None, published=False)


# --- Means per BerAKHLAK value, for the groups the summary shows


@dataclass(frozen=True)
class ValueMeans:
    """One BerAKHLAK value with the mean score of each shown group (the summary's order; None
    for a withheld group, whose reason the summary carries)."""

    code: str
    name: str
    means: list[Decimal | None]


def value_means(skp: Skp, summary: EvidenceSummary) -> list[ValueMeans]:
    """Per value, the mean of each group in `summary`: a shown group's own mean, the merged
    groups' pooled mean, nothing for a withheld group, nothing at all while the summary is not
    published. One query for the sums plus one for the values (only the latter when not
    published)."""
    if not summary.published:
        empty: list[Decimal | None] = [None] * len(summary.groups)
        return [
            ValueMeans(code=value.code, name=value.name, means=list(empty))
            for value in BehaviourValue.objects.all()
        ]
    shown = {item.group for item in summary.groups if item.mean is not None}
    merged_groups = set(RaterGroup.values) - {item.group for item in summary.groups}
    rows = (
        BehaviourRating.objects.filter(response__skp=skp)
        .values_list("response__group", "indicator__value_id")
        .annotate(total=Sum("score"), count=Count("pk"))
        .values_list("response__group", "indicator__value_id", "total", "count")
    )
    sums: dict[tuple[str, int], tuple[int, int]] = {}
    for group, value_id, total, count in rows:
        key = (MERGED if group in merged_groups else group, value_id)
        before = sums.get(key, (0, 0))
        sums[key] = (before[0] + total, before[1] + count)
    result: list[ValueMeans] = []
    for value in BehaviourValue.objects.all():
        means: list[Decimal | None] = []
        for item in summary.groups:
            total, count = sums.get((item.group, value.pk), (0, 0))
            visible = item.group in shown and count > 0
            means.append(_mean(Decimal(total) / count) if visible else None)
        result.append(ValueMeans(code=value.code, name=value.name, means=means))
    return result


# --- Invitations (identities without answers)


def invitations(skp: Skp) -> QuerySet[RaterAssignment]:
    """The SKP's raters with their status, by group and name: never in answer order, so the list
    cannot be lined up with the answers."""
    return (
        RaterAssignment.objects.filter(skp=skp)
        .select_related("rater", "rater__position")
        .order_by("group", "rater__name", "pk")
    )


@dataclass(frozen=True)
class InvitationCount:
    group: str
    label: str
    invited: int
    answered: int


def invitation_counts(skp: Skp) -> list[InvitationCount]:
    """Per group, how many raters are asked (not removed) and how many answered: what the
    employee may know without names."""
    rows = (
        RaterAssignment.objects.filter(skp=skp)
        .exclude(status=RaterAssignment.Status.REMOVED)
        .values_list("group")
        .annotate(
            invited=Count("pk"),
            answered=Count("pk", filter=Q(status=RaterAssignment.Status.ANSWERED)),
        )
        .values_list("group", "invited", "answered")
    )
    counts = {group: (invited, answered) for group, invited, answered in rows}
    labels = dict(RaterGroup.choices)
    return [
        InvitationCount(group=group, label=labels[group], invited=c[0], answered=c[1])
        for group in RaterGroup.values
        if (c := counts.get(group))
    ]


# --- The rater's side


def my_assignments(employee: Employee) -> QuerySet[RaterAssignment]:
    """The employee's own rating tasks (removed ones left out): pending first, then answered;
    newest year first, then by the rated employee's name."""
    pending_first = Case(
        When(status=RaterAssignment.Status.INVITED, then=Value(0)), default=Value(1)
    )
    return (
        RaterAssignment.objects.filter(rater=employee)
        .exclude(status=RaterAssignment.Status.REMOVED)
        .select_related("skp__employee", "skp__year", "skp__position")
        .annotate(pending_order=pending_first)
        .order_by("pending_order", "-skp__year__year", "skp__employee__name", "pk")
    )


def get_my_assignment(employee: Employee | None, assignment_id: int) -> RaterAssignment | None:
    """One of the employee's own rating tasks, or None (another rater's task is not revealed)."""
    if employee is None:
        return None
    return my_assignments(employee).filter(pk=assignment_id).first()


@dataclass(frozen=True)
class ValueGuide:
    """One BerAKHLAK value as the rating form shows it: its 3 panduan perilaku and the
    pejabat penilai's specific expectation for this SKP (empty when none was written)."""

    code: str
    name: str
    definition: str
    expectation: str
    indicators: list[BehaviourIndicator]


def value_guides(skp: Skp) -> list[ValueGuide]:
    """The 7 values with their indicators and the SKP's expectations (three queries)."""
    expectations = dict(Expectation.objects.filter(skp=skp).values_list("value_id", "text"))
    values = BehaviourValue.objects.prefetch_related(
        Prefetch("indicators", queryset=BehaviourIndicator.objects.order_by("order"))
    )
    return [
        ValueGuide(
            code=value.code,
            name=value.name,
            definition=value.definition,
            expectation=expectations.get(value.pk, ""),
            indicators=list(value.indicators.all()),
        )
        for value in values
    ]


def indicator_codes() -> list[str]:
    """The 21 panduan perilaku codes ("1a" … "7c") in their order."""
    return list(BehaviourIndicator.objects.values_list("code", flat=True))


# --- Conflicts of interest (relatives), read from the recruitment declarations


DECLARED_BY_RATER = "Penilai menyatakan pegawai yang dinilai sebagai kerabatnya ({relation})."
DECLARED_BY_EMPLOYEE = "Pegawai yang dinilai menyatakan penilai sebagai kerabatnya ({relation})."
SHARED_KK = "Penilai dan pegawai yang dinilai tercatat dalam Kartu Keluarga (KK) yang sama."


def conflict_reasons(*, employee: Employee, raters: list[Employee]) -> dict[int, str]:
    """For each rater (by pk) in a conflict of interest with `employee`, why: a relative declared
    by either account (ConflictDeclaration: the relative's NIK is the other's NIK) or the same
    KK number (StaffFamilyCard). The reason names the relation, never a NIK. Three queries."""
    reasons: dict[int, str] = {}
    by_user = {rater.user_id: rater for rater in raters if rater.user_id is not None}
    if employee.nik:
        declared = ConflictDeclaration.objects.filter(
            user_id__in=by_user, relative_nik=employee.nik
        ).values_list("user_id", "relation")
        for user_id, relation in declared:
            reasons.setdefault(by_user[user_id].pk, DECLARED_BY_RATER.format(relation=relation))
    if employee.user_id is not None:
        by_nik = {rater.nik: rater for rater in raters if rater.nik}
        declared_niks = ConflictDeclaration.objects.filter(
            user_id=employee.user_id, relative_nik__in=by_nik
        ).values_list("relative_nik", "relation")
        for nik, relation in declared_niks:
            reasons.setdefault(by_nik[nik].pk, DECLARED_BY_EMPLOYEE.format(relation=relation))
        own_card = StaffFamilyCard.objects.filter(user_id=employee.user_id).first()
        if own_card is not None and own_card.kk_number:
            shared = StaffFamilyCard.objects.filter(
                user_id__in=by_user, kk_number=own_card.kk_number
            ).values_list("user_id", flat=True)
            for user_id in shared:
                reasons.setdefault(by_user[user_id].pk, SHARED_KK)
    return reasons


# --- The Auditor's view: identities with answers


def answered_assignments(skp: Skp) -> QuerySet[RaterAssignment]:
    """The SKP's answered assignments with their rater and response scores (Auditor only)."""
    return (
        RaterAssignment.objects.filter(skp=skp, status=RaterAssignment.Status.ANSWERED)
        .select_related("rater", "response")
        .prefetch_related(
            Prefetch(
                "response__ratings",
                queryset=BehaviourRating.objects.select_related("indicator").order_by(
                    "indicator__value__order", "indicator__order"
                ),
            )
        )
        .order_by("group", "rater__name", "pk")
    )

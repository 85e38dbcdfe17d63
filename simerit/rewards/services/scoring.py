"""Committee scoring: a member scores every criterion of a nomination; once every member has
scored every criterion the nomination is SCORED with its final score (rules/scoring.py).

A member never scores a nomination of themself, and is then not counted among the members that
nomination waits for. Scoring is blind: a member sees the others' scores only once they have
scored every criterion (selectors/nominations.py), so from then on their scores are final and a
change is refused (otherwise a member could adjust theirs to the others'). Each submission is
audited with the old and the new value. Adding or removing a member re-evaluates the nominations
of that award and year (`refresh_nominations`); the criteria cannot change while scoring is in
progress (services/awards.py), so a member's complete set stays complete."""

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.rewards import permissions
from simerit.rewards.models import Award, CommitteeMember, Criterion, Nomination, Score
from simerit.rewards.rules import scoring as rules

OPEN_STATUSES = (Nomination.Status.NOMINATED, Nomination.Status.SCORED)
NOT_OPEN = "Usulan ini sudah diputus atau ditarik; nilainya tidak dapat diubah."
SATYALANCANA_NOT_SCORED = "Usulan Satyalancana Karya Satya tidak dinilai tim penilai."
SCORES_FINAL = (
    "Anda sudah menilai semua kriteria usulan ini; nilai Anda final dan tidak dapat diubah."
)


def criterion_specs(award: Award) -> list[rules.CriterionSpec]:
    return [
        rules.CriterionSpec(
            id=criterion.pk,
            name=criterion.name,
            weight=criterion.weight,
            max_score=criterion.max_score,
        )
        for criterion in Criterion.objects.filter(award=award).order_by("order", "pk")
    ]


def scoring_members(nomination: Nomination) -> list[int]:
    """The user ids whose scores the nomination waits for (the nominee, if a member, excluded)."""
    members = CommitteeMember.objects.filter(award_id=nomination.award_id, year=nomination.year)
    nominee = nomination.employee.user_id
    return [user_id for user_id in members.values_list("user_id", flat=True) if user_id != nominee]


def _refresh(nomination: Nomination, *, actor: User) -> None:
    """Set SCORED with the final score when complete; back to NOMINATED when not."""
    criteria = criterion_specs(nomination.award)
    members = scoring_members(nomination)
    scores: dict[int, dict[int, Decimal]] = {}
    for member_id, criterion_id, value in Score.objects.filter(nomination=nomination).values_list(
        "member_id", "criterion_id", "score"
    ):
        scores.setdefault(member_id, {})[criterion_id] = value
    complete = (
        bool(criteria)
        and bool(members)
        and rules.weights_error(item.weight for item in criteria) is None
        and all(all(item.id in scores.get(member, {}) for item in criteria) for member in members)
    )
    status, final = Nomination.Status.NOMINATED, None
    if complete:
        status = Nomination.Status.SCORED
        final = rules.final_score(
            [rules.member_total(criteria, scores[member]) for member in members]
        )
    if (nomination.status, nomination.final_score) != (status, final):
        old = [nomination.status, nomination.final_score]
        nomination.status, nomination.final_score = status, final
        nomination.save(update_fields=["status", "final_score", "updated_at"])
        audit.record(
            actor=actor,
            action="rewards.nomination.score_settled",
            target=nomination,
            changes={"status": [old[0], status], "final_score": [old[1], final]},
        )


def refresh_nominations(*, award: Award, year: int, actor: User) -> None:
    """Re-evaluate the open nominations of an award and year (after a committee change)."""
    nominations = Nomination.objects.filter(
        award=award, year=year, status__in=OPEN_STATUSES
    ).select_related("award", "employee")
    for nomination in nominations.select_for_update(of=("self",)):
        _refresh(nomination, actor=actor)


def _validated(
    criteria: list[rules.CriterionSpec], scores: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    known = {item.id: item for item in criteria}
    errors: dict[str, list[str]] = {}
    for criterion_id in scores:
        if criterion_id not in known:
            errors[f"criterion_{criterion_id}"] = ["Kriteria tidak termasuk penghargaan ini."]
    for item in criteria:
        if item.id not in scores:
            errors[f"criterion_{item.id}"] = [f"Nilai {item.name} wajib diisi."]
            continue
        problem = rules.score_error(item, scores[item.id])
        if problem:
            errors[f"criterion_{item.id}"] = [problem]
    if errors:
        raise InvalidInputError(errors)
    return {item.id: scores[item.id] for item in criteria}


@transaction.atomic
def submit_scores(
    *, nomination: Nomination, scores: Mapping[int, Decimal], actor: User
) -> Nomination:
    """Record the actor's scores of every criterion of the nomination, then settle the
    nomination's status and final score. Once the actor has scored every criterion, their scores
    are final."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("award", "employee")
        .get(pk=nomination.pk)
    )
    if not permissions.is_committee_member(actor, nomination):
        raise PermissionDenied(permissions.NOT_MEMBER)
    if permissions.is_own(actor, nomination.employee):
        raise PermissionDenied(permissions.OWN_SCORE)
    if nomination.award.kind == Award.Kind.SATYALANCANA:
        raise DomainError(SATYALANCANA_NOT_SCORED)
    if nomination.status not in OPEN_STATUSES:
        raise ConflictError(NOT_OPEN)
    criteria = criterion_specs(nomination.award)
    weights = rules.weights_error(item.weight for item in criteria)
    if weights:
        raise DomainError(weights)
    existing = {
        score.criterion_id: score
        for score in Score.objects.filter(nomination=nomination, member=actor)
    }
    if criteria and all(item.id in existing for item in criteria):
        raise ConflictError(SCORES_FINAL)
    values = _validated(criteria, scores)
    changes: dict[str, list[Decimal | None]] = {}
    for item in criteria:
        value = values[item.id]
        score = existing.get(item.id)
        if score is None:
            Score.objects.create(
                nomination=nomination, criterion_id=item.id, member=actor, score=value
            )
            changes[item.name] = [None, value]
        elif score.score != value:
            changes[item.name] = [score.score, value]
            score.score = value
            score.save(update_fields=["score", "updated_at"])
    if changes:
        audit.record(
            actor=actor, action="rewards.score.submitted", target=nomination, changes=changes
        )
    _refresh(nomination, actor=actor)
    return nomination

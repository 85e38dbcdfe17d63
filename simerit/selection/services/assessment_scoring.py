"""Scoring the assessed SKB components (issue #5, item 2): an assessor submits the levels per
criterion of an assigned case, once, inside the component's scoring window; when the independent
scores of a case are all in, the result is written: within the spread limit it is FINAL by the
component's aggregation rule, beyond it the case is FLAGGED for a third assessor or a recorded
panel decision (`assessment_resolution`; §3.3: configuration).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.dates import format_datetime_wib
from simerit.core.exceptions import ConflictError, InvalidInputError
from simerit.core.roles import Role
from simerit.notifications.services import Message, notify_many
from simerit.selection import permissions
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    CriterionScore,
    RubricCriterion,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.rules import assessment as rules
from simerit.selection.rules import display
from simerit.selection.services.assessment import locked_assignment

Kind = AssessorAssignment.Kind
Status = ComponentResult.Status
Resolution = ComponentResult.Resolution

CRITERION_NOTE_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 3000


def scoring_refusal(component: SkbComponent, now: dt.datetime) -> str | None:
    if component.scoring_opens_at is not None and now < component.scoring_opens_at:
        return (
            f"Penilaian komponen {component.name} baru dibuka "
            f"{format_datetime_wib(component.scoring_opens_at)}."
        )
    if component.scoring_closes_at is not None and now > component.scoring_closes_at:
        return (
            f"Batas akhir penilaian komponen {component.name} sudah lewat "
            f"({format_datetime_wib(component.scoring_closes_at)}); nilai tidak disimpan."
        )
    return None


def _level_errors(
    criteria: Sequence[RubricCriterion],
    levels: Mapping[int, int],
    *,
    min_level: int,
    max_level: int,
) -> list[str]:
    known = {criterion.pk for criterion in criteria}
    errors = []
    if set(levels) - known:
        errors.append("Ada skor untuk kriteria yang tidak ada pada rubrik ini.")
    missing = [criterion.name for criterion in criteria if levels.get(criterion.pk) is None]
    if missing:
        errors.append(f"Beri skor untuk setiap kriteria. Belum diberi skor: {', '.join(missing)}.")
    for criterion in criteria:
        level = levels.get(criterion.pk)
        if level is None:
            continue
        if (
            isinstance(level, bool)
            or not isinstance(level, int)
            or not (min_level <= level <= max_level)
        ):
            errors.append(
                f'Skor kriteria "{criterion.name}" harus bilangan bulat {min_level}–{max_level}; '
                f"yang dikirim {level}."
            )
    return errors


@transaction.atomic
def submit_scores(
    *,
    assignment: AssessorAssignment,
    levels: Mapping[int, int],
    actor: User,
    notes: Mapping[int, str] | None = None,
    note: str = "",
) -> AssessorAssignment:
    """Store the assessor's levels per criterion and the rubric score (rules.rubric_score), once.

    Only by the assessor it belongs to, inside the component's scoring window, every criterion
    scored within the rubric's levels. When the case's scores are then complete, its result is
    written (FINAL or FLAGGED). Nothing is stored on any refusal.
    """
    if not permissions.is_assessor(actor):
        raise PermissionDenied("Hanya asesor yang dapat mengirim nilai.")
    # The candidate row serialises the assessors of one case, so the last submission sees all.
    SkbCandidate.objects.select_for_update(of=("self",)).filter(pk=assignment.candidate_id).first()
    assignment = locked_assignment(assignment)
    if assignment.assessor_id != actor.pk:
        raise PermissionDenied("Penugasan penilaian ini bukan milik Anda.")
    component, candidate = assignment.component, assignment.candidate
    if assignment.submitted_at is not None:
        raise ConflictError(
            f"Nilai untuk peserta {candidate.code} sudah dikirim pada "
            f"{format_datetime_wib(assignment.submitted_at)}; nilai yang sudah dikirim tidak "
            "dapat diubah."
        )
    if candidate.withdrawn_at is not None:
        raise ConflictError(
            f"Peserta {candidate.code} sudah mengundurkan diri; penilaian tidak diperlukan."
        )
    now = timezone.now()
    refusal = scoring_refusal(component, now)
    if refusal is not None:
        raise ConflictError(refusal)
    rubric = component.rubric
    assert rubric is not None  # noqa: S101 (assignments exist only on assessed components)
    criteria = list(RubricCriterion.objects.filter(rubric=rubric).order_by("order"))
    notes = notes or {}
    errors: dict[str, list[str]] = {}
    level_errors = _level_errors(
        criteria, levels, min_level=rubric.min_level, max_level=rubric.max_level
    )
    if level_errors:
        errors["levels"] = level_errors
    long_notes = [
        f'Catatan kriteria "{criterion.name}" paling banyak {CRITERION_NOTE_MAX_LENGTH} karakter.'
        for criterion in criteria
        if len((notes.get(criterion.pk) or "").strip()) > CRITERION_NOTE_MAX_LENGTH
    ]
    if long_notes:
        errors["notes"] = long_notes
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [f"Catatan umum paling banyak {NOTE_MAX_LENGTH} karakter."]
    if errors:
        raise InvalidInputError(errors)
    weights = {criterion.pk: criterion.weight for criterion in criteria}
    score = rules.rubric_score({key: levels[key] for key in weights}, weights, rubric.max_level)
    if not Decimal(0) <= score <= rules.HUNDRED:
        raise ConflictError(
            "Bobot kriteria rubrik ini tidak berjumlah 100 %; hubungi Admin BKPSDM."
        )
    CriterionScore.objects.bulk_create(
        CriterionScore(
            assignment=assignment,
            criterion=criterion,
            level=levels[criterion.pk],
            note=(notes.get(criterion.pk) or "").strip(),
        )
        for criterion in criteria
    )
    assignment.score = score
    assignment.submitted_at = now
    assignment.note = note
    assignment.save(update_fields=["score", "submitted_at", "note", "updated_at"])
    audit.record(
        actor=actor,
        action="selection.assessment.submitted",
        target=assignment,
        changes={
            "component": component.name,
            "candidate": candidate.code,
            "kind": assignment.kind,
            "score": score,
            "levels": {criterion.name: levels[criterion.pk] for criterion in criteria},
        },
    )
    _settle(component=component, candidate=candidate, actor=actor, now=now)
    return assignment


def _settle(
    *, component: SkbComponent, candidate: SkbCandidate, actor: User, now: dt.datetime
) -> ComponentResult | None:
    """Write the case's result once its scores are complete; None while some are missing."""
    assignments = list(
        AssessorAssignment.objects.filter(component=component, candidate=candidate).order_by("pk")
    )
    independent = [item for item in assignments if item.kind == Kind.INDEPENDENT]
    third = [item for item in assignments if item.kind == Kind.THIRD]
    result = (
        ComponentResult.objects.select_for_update(of=("self",))
        .filter(component=component, candidate=candidate)
        .first()
    )
    if result is None:
        complete = len(independent) >= component.assessors_per_candidate and all(
            item.score is not None for item in independent
        )
        if not complete:
            return None
        scores = [item.score for item in independent if item.score is not None]
        result = ComponentResult(component=component, candidate=candidate)
        if rules.needs_resolution(scores, component.max_spread):
            return _flag(result=result, scores=scores, actor=actor)
        return _finalise(
            result=result, scores=scores, resolution=Resolution.AGREED, actor=actor, now=now
        )
    if result.status != Status.FLAGGED or not third:
        return None
    if any(item.score is None for item in third):
        return None
    scores = [item.score for item in independent + third if item.score is not None]
    return _finalise(
        result=result, scores=scores, resolution=Resolution.THIRD_ASSESSOR, actor=actor, now=now
    )


def _finalise(
    *,
    result: ComponentResult,
    scores: Sequence[Decimal],
    resolution: str,
    actor: User,
    now: dt.datetime,
) -> ComponentResult:
    component = result.component
    previous = result.status or None
    result.status = Status.FINAL
    result.aggregation = component.aggregation
    result.score = rules.aggregate(component.aggregation, scores)
    result.assessor_scores = [str(score) for score in scores]
    result.spread = rules.spread(scores)
    result.resolution = resolution
    result.decided_at = now
    result.save()
    audit.record(
        actor=actor,
        action="selection.component_result.finalized",
        target=result,
        changes={
            "component": component.name,
            "candidate": result.candidate.code,
            "status": [previous, Status.FINAL],
            "score": result.score,
            "aggregation": result.aggregation,
            "assessor_scores": result.assessor_scores,
            "spread": result.spread,
            "resolution": resolution,
        },
    )
    return result


def _flag(*, result: ComponentResult, scores: Sequence[Decimal], actor: User) -> ComponentResult:
    component = result.component
    result.status = Status.FLAGGED
    result.score = None
    result.aggregation = component.aggregation
    result.assessor_scores = [str(score) for score in scores]
    result.spread = rules.spread(scores)
    result.resolution = ""
    result.save()
    audit.record(
        actor=actor,
        action="selection.component_result.flagged",
        target=result,
        changes={
            "component": component.name,
            "candidate": result.candidate.code,
            "assessor_scores": result.assessor_scores,
            "spread": result.spread,
            "max_spread": component.max_spread,
        },
    )
    admins = User.objects.filter(is_active=True, groups__name=Role.ADMIN_BKPSDM.value).distinct()
    url = reverse("selection:assessment-component", args=[component.pk])
    notify_many(
        messages=[
            Message(
                user=admin,
                title="Selisih nilai asesor melebihi batas",
                body=f"Peserta {result.candidate.code} pada komponen {component.name} (formasi "
                f"{component.formasi.code}): selisih {display(result.spread)} "
                f"melebihi batas {display(component.max_spread)}. Tugaskan asesor "
                "ketiga atau catat keputusan panel.",
                url=url,
            )
            for admin in admins.order_by("pk")
        ]
    )
    return result

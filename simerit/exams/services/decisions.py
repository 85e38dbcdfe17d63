"""Annulling a faulty item (soal bermasalah) and rescoring the blueprint.

A decision credits every participant with the item's full points or drops it from scoring. It is
recorded, with its reason, before the blueprint's results are published, and only then.

One decision per item: a second decision on the same item is refused. To change the mode, the
decision is withdrawn (with a reason, audited) and a new one recorded, so that the audit log tells
the whole story in order. After publication nothing here runs any more.

Decisions change no score by themselves: `rescore_blueprint` recomputes every finished attempt
from its answer events with the decisions in force (the same rules as at finish), writes only the
attempts whose result changed, and records a digest of all results. Scoring depends on nothing but
the events and the configuration, so running it again changes nothing and gives the same digest.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError, InvalidInputError
from simerit.exams.models import Attempt, Blueprint, BlueprintItem, ItemDecision, QuestionVersion
from simerit.exams.rules.analysis import score_digest
from simerit.exams.rules.scoring import ItemKey, PassRule, judge, score_sheet
from simerit.exams.services.analysis import finished_attempts, load_columns, load_sheets
from simerit.exams.services.scoring import (
    attempt_track,
    decisions_for,
    pass_rule_for,
    score_attempt,
)

REASON_MAX_LENGTH = 500
PUBLISHED_REFUSAL = (
    "Hasil ujian kisi-kisi ini sudah diumumkan; keputusan soal dan penilaian ulang tidak dapat "
    "dilakukan lagi."
)


@dataclass(frozen=True)
class Rescored:
    """What a rescoring computed for one attempt."""

    attempt_id: int
    scores: dict[str, int]
    total: int
    passed: bool | None
    result_reason: str


@dataclass(frozen=True)
class RescoreReport:
    attempts: int
    changed: int
    digest: str
    changed_ids: list[int]


def lock_blueprint(blueprint: Blueprint) -> Blueprint:
    """The blueprint row, locked until the transaction ends (decisions, rescoring and
    publication of one blueprint run one at a time), with its current publication time."""
    locked = Blueprint.objects.select_for_update().get(pk=blueprint.pk)
    blueprint.results_published_at = locked.results_published_at
    return locked


def _refuse_if_published(blueprint: Blueprint) -> None:
    if blueprint.results_published_at is not None:
        raise DomainError(PUBLISHED_REFUSAL)


def _clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise InvalidInputError({"reason": ["Alasan keputusan wajib diisi."]})
    if len(reason) > REASON_MAX_LENGTH:
        raise InvalidInputError({"reason": [f"Alasan paling banyak {REASON_MAX_LENGTH} karakter."]})
    return reason


@transaction.atomic
def annul_item(
    *,
    blueprint: Blueprint,
    question_version: QuestionVersion,
    mode: str,
    reason: str,
    actor: User,
) -> ItemDecision:
    """Record a decision on one assembled item of the blueprint (before publication only)."""
    locked = lock_blueprint(blueprint)
    _refuse_if_published(locked)
    if mode not in ItemDecision.Mode.values:
        raise InvalidInputError({"mode": ["Pilih: dianggap benar untuk semua, atau dikeluarkan."]})
    reason = _clean_reason(reason)
    item = (
        BlueprintItem.objects.filter(blueprint=locked, question_version=question_version)
        .select_related("question_version__question")
        .first()
    )
    if item is None:
        raise InvalidInputError({"question_version": ["Soal ini bukan bagian dari kisi-kisi ini."]})
    existing = ItemDecision.objects.filter(blueprint=locked, question_version=question_version)
    if existing.exists():
        raise ConflictError(
            "Soal ini sudah memiliki keputusan. Tarik keputusan itu lebih dulu bila ingin "
            "mengubahnya.",
            field="question_version",
        )
    decision = ItemDecision.objects.create(
        blueprint=locked,
        question_version=question_version,
        mode=mode,
        reason=reason,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="exams.item.annulled",
        target=decision,
        changes={
            "blueprint": locked.pk,
            "question_version": question_version.pk,
            "question_code": item.question_version.question.code,
            "item_order": item.order,
            "mode": mode,
            "reason": reason,
        },
    )
    return decision


@transaction.atomic
def withdraw_decision(*, decision: ItemDecision, reason: str, actor: User) -> None:
    """Withdraw a decision (before publication only); the scores follow at the next rescoring."""
    locked = lock_blueprint(decision.blueprint)
    _refuse_if_published(locked)
    reason = _clean_reason(reason)
    changes = {
        "blueprint": locked.pk,
        "question_version": decision.question_version_id,
        "mode": decision.mode,
        "decision_reason": decision.reason,
        "reason": reason,
    }
    audit.record(
        actor=actor, action="exams.item_decision.withdrawn", target=decision, changes=changes
    )
    decision.delete()


def compute_results(blueprint: Blueprint) -> list[Rescored]:
    """Every finished attempt of the blueprint scored now, with the decisions in force, in id
    order. A fixed number of queries: attempts, columns, served items, events, decisions and one
    passing-rule read per track."""
    decisions = decisions_for(blueprint)
    templates: dict[tuple[int, int], ItemKey] = {
        (column.version_id, column.section_id): replace(
            column.key, decision=decisions.get(column.version_id)
        )
        for column in load_columns(blueprint)
    }
    attempts_qs = finished_attempts(blueprint)
    attempts = {
        attempt.pk: attempt
        for attempt in attempts_qs.select_related("blueprint", "participant__application__formasi")
    }
    sheets = {sheet.attempt_id: sheet for sheet in load_sheets(attempts_qs)}
    rules: dict[str, PassRule | None] = {}
    results = []
    for attempt_id, attempt in attempts.items():
        sheet = sheets.get(attempt_id)
        served = sheet.items if sheet else {}
        if all(key in templates for key in served.values()):
            keys = [
                replace(templates[served[position]], position=position)
                for position in sorted(served)
            ]
            track = attempt_track(attempt)
            if track not in rules:
                rules[track] = pass_rule_for(blueprint, track)
            scored = score_sheet(keys, sheet.answers if sheet else {})
            verdict = judge(scored, rules[track])
        else:
            # An item outside the assembled set (cannot happen once locked): score it the slow way.
            scored, verdict = score_attempt(attempt)
        results.append(
            Rescored(attempt_id, scored.scores, scored.total, verdict.passed, verdict.reason)
        )
    return results


def stored_differs(attempt: Attempt, result: Rescored) -> bool:
    return (attempt.scores, attempt.total, attempt.passed, attempt.result_reason) != (
        result.scores,
        result.total,
        result.passed,
        result.result_reason,
    )


def results_digest(results: list[Rescored]) -> str:
    return score_digest(
        (result.attempt_id, result.scores, result.total, result.passed) for result in results
    )


def pending_changes(blueprint: Blueprint) -> tuple[list[Rescored], list[Attempt]]:
    """The results as they should be, and the stored attempts that differ from them."""
    results = compute_results(blueprint)
    stored = {
        attempt.pk: attempt
        for attempt in finished_attempts(blueprint).only(
            "id", "scores", "total", "passed", "result_reason"
        )
    }
    changed = []
    for result in results:
        attempt = stored[result.attempt_id]
        if stored_differs(attempt, result):
            attempt.scores = result.scores
            attempt.total = result.total
            attempt.passed = result.passed
            attempt.result_reason = result.result_reason
            changed.append(attempt)
    return results, changed


@transaction.atomic
def rescore_blueprint(*, blueprint: Blueprint, actor: User) -> RescoreReport:
    """Recompute every finished attempt with the decisions in force; write what changed; audit
    the counts and the digest of all results (deterministic and idempotent)."""
    locked = lock_blueprint(blueprint)
    _refuse_if_published(locked)
    results, changed = pending_changes(locked)
    Attempt.objects.bulk_update(
        changed, ["scores", "total", "passed", "result_reason"], batch_size=500
    )
    report = RescoreReport(
        attempts=len(results),
        changed=len(changed),
        digest=results_digest(results),
        changed_ids=[attempt.pk for attempt in changed],
    )
    decisions: Mapping[int, str] = decisions_for(locked)
    audit.record(
        actor=actor,
        action="exams.blueprint.rescored",
        target=locked,
        changes={
            "attempts": report.attempts,
            "changed": report.changed,
            "digest": report.digest,
            "decisions": {str(version): mode for version, mode in sorted(decisions.items())},
        },
    )
    return report

"""Annulling a faulty item (soal bermasalah) and rescoring the blueprint.

A decision credits every participant with the item's full points or drops it from scoring. It is
recorded, with its reason, before the blueprint's results are published, and only then.

One decision per item: a second decision on the same item is refused. To change the mode, the
decision is withdrawn (with a reason, audited) and a new one recorded, so that the audit log tells
the whole story in order. After publication nothing here runs any more.

Decisions change no score by themselves: `rescore_blueprint` recomputes every finished attempt
from its answer events with the decisions in force (the same rules as at finish), writes only the
attempts whose result changed, and records a digest of all results, the decisions in force and
every changed attempt ([id, old total, new total, old passed, new passed]). Scoring depends on
nothing but the events and the configuration, so running it again changes nothing and gives the
same digest.

Whether a rescoring is pending is decided cheaply (`needs_rescoring`, two queries whatever the
number of attempts): an attempt is scored at finish with the decisions in force then, and a
rescoring brings every finished attempt to the decisions in force then, so the scores follow the
decisions exactly when the decisions in force are those recorded by the latest
`exams.blueprint.rescored` audit row (none before the first rescoring). `pending_changes` (a full
replay) stays for the publication itself and for tests.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import selectors as audit_selectors
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
RESCORED = "exams.blueprint.rescored"
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
    # [attempt id, old total, new total, old passed, new passed] per changed attempt, in id order
    changes: list[list[int | bool | None]]


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
    now: dt.datetime | None = None,
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
        decided_at=now or timezone.now(),
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
def withdraw_decision(
    *, decision: ItemDecision, reason: str, actor: User, now: dt.datetime | None = None
) -> None:
    """Withdraw a decision (before publication only); the scores follow at the next rescoring.
    `now` (the demo's clock) is recorded as the withdrawal time."""
    locked = lock_blueprint(decision.blueprint)
    _refuse_if_published(locked)
    reason = _clean_reason(reason)
    changes = {
        "blueprint": locked.pk,
        "question_version": decision.question_version_id,
        "mode": decision.mode,
        "decision_reason": decision.reason,
        "reason": reason,
        "withdrawn_at": now or timezone.now(),
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


@dataclass(frozen=True)
class Change:
    """A stored attempt whose result differs from a rescoring now (updated in memory) and its
    stored total and verdict before the update."""

    attempt: Attempt
    old_total: int | None
    old_passed: bool | None

    def audit_row(self) -> list[int | bool | None]:
        """[attempt id, old total, new total, old passed, new passed]"""
        attempt = self.attempt
        return [attempt.pk, self.old_total, attempt.total, self.old_passed, attempt.passed]


def _changes(blueprint: Blueprint) -> tuple[list[Rescored], list[Change]]:
    results = compute_results(blueprint)
    stored = {
        attempt.pk: attempt
        for attempt in finished_attempts(blueprint).only(
            "id", "scores", "total", "passed", "result_reason"
        )
    }
    changes = []
    for result in results:
        attempt = stored[result.attempt_id]
        if stored_differs(attempt, result):
            changes.append(Change(attempt, attempt.total, attempt.passed))
            attempt.scores = result.scores
            attempt.total = result.total
            attempt.passed = result.passed
            attempt.result_reason = result.result_reason
    return results, changes


def pending_changes(blueprint: Blueprint) -> tuple[list[Rescored], list[Attempt]]:
    """The results as they should be, and the stored attempts that differ from them (updated in
    memory). A full replay of every answer event: for publication and rescoring, not for page
    views (see needs_rescoring)."""
    results, changes = _changes(blueprint)
    return results, [change.attempt for change in changes]


def _decisions_record(decisions: Mapping[int, str]) -> dict[str, str]:
    """Decisions as the rescoring audit row stores them: {"<question_version_id>": mode}."""
    return {str(version): mode for version, mode in sorted(decisions.items())}


def needs_rescoring(blueprint: Blueprint) -> bool:
    """Whether the decisions in force differ from those of the latest rescoring (none before the
    first), i.e. whether some stored scores may not follow them. Two queries, whatever the
    number of attempts; no answer event is read (see the module docstring)."""
    latest = (
        audit_selectors.list_events(
            action=RESCORED, target_type="exams.blueprint", target_id=str(blueprint.pk)
        )
        .values_list("changes", flat=True)
        .first()
    )
    rescored_with: dict[str, str] = (latest or {}).get("decisions", {})
    return _decisions_record(decisions_for(blueprint)) != rescored_with


@transaction.atomic
def rescore_blueprint(
    *, blueprint: Blueprint, actor: User, now: dt.datetime | None = None
) -> RescoreReport:
    """Recompute every finished attempt with the decisions in force; write what changed; audit
    the counts, the digest of all results, the decisions and each changed attempt's old and new
    total and verdict (deterministic and idempotent). `now` (the demo's clock) is recorded."""
    now = now or timezone.now()
    locked = lock_blueprint(blueprint)
    _refuse_if_published(locked)
    results, changes = _changes(locked)
    Attempt.objects.bulk_update(
        [change.attempt for change in changes],
        ["scores", "total", "passed", "result_reason"],
        batch_size=500,
    )
    report = RescoreReport(
        attempts=len(results),
        changed=len(changes),
        digest=results_digest(results),
        changed_ids=[change.attempt.pk for change in changes],
        changes=[change.audit_row() for change in changes],
    )
    audit.record(
        actor=actor,
        action=RESCORED,
        target=locked,
        changes={
            "attempts": report.attempts,
            "changed": report.changed,
            "digest": report.digest,
            "decisions": _decisions_record(decisions_for(locked)),
            "changed_attempts": report.changes,
            "rescored_at": now,
        },
    )
    return report

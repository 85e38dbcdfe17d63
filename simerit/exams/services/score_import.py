"""Import of a BKN score file (SKD/SKB run on CAT BKN) into ExamResult rows, all rows or none.

The file and its columns are services/score_files.py, the rows' checks services/score_rows.py.
The house pattern of
simerit/employees/importing/: the whole file is checked first; a single problem in a row means no
result is written. A file whose rows were checked is recorded as a ScoreImport with its per-row
report, accepted or refused, so the history shows every file that was read. A file that could not
be read at all (not CSV/.xlsx, a wrong header, too big, too many rows) stores nothing but is
recorded in the audit log (`exams.score_import.unreadable`: its name, SHA-256, size and the
reason, never its content). An accepted file creates or updates one ExamResult per row (source
BKN, kind = the blueprint's kind), each with its audit row; the verdict comes from
`rules.scoring.judge` under the rule of the application's formasi track.

Decisions:
- The registration number must be an application of the blueprint's period with status MS.
- A score is a whole number from 0 to the section's maximum (question_count × the highest
  points of an answer); `total`, when given, must equal the sum of the section scores.
- A row marked absent ("TH" or "Tidak Hadir" in its score columns, the others blank) is reported
  "tidak hadir" and gets no ExamResult: selection reads a missing result as absent. It cannot
  replace a result this blueprint already has.
- Unknown columns are ignored and named in the report (a warning on the header row, row 1).
- An application with a result of the same kind from CAT SiMerit, or from another blueprint,
  is refused; a row of this blueprint imported again updates its result.
"""

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from simerit.accounts.models import User
from simerit.audit import services as audit
from simerit.core.exceptions import ConflictError, DomainError
from simerit.core.spreadsheets.reading import ImportFileError
from simerit.core.spreadsheets.rows import RowError
from simerit.core.spreadsheets.text import name_list, upload_name
from simerit.exams.models import Blueprint, BlueprintSection, ExamResult, ScoreImport
from simerit.exams.permissions import can_manage_exams
from simerit.exams.rules.scoring import PassRule, SheetScore, judge
from simerit.exams.services import score_files, score_rows
from simerit.exams.services.scoring import pass_rule_for

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"
ABSENT = "absent"
WARNING = "warning"
ABSENT_LABEL = "Tidak hadir"
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class ImportOutcome:
    score_import: ScoreImport
    errors: list[RowError]

    @property
    def accepted(self) -> bool:
        return not self.errors

    @property
    def scored(self) -> int:
        """Rows with scores: their results created, updated or unchanged (absent rows have none)."""
        return sum(1 for entry in self.score_import.report if entry.get("action"))

    @property
    def absent(self) -> int:
        return sum(1 for entry in self.score_import.report if entry["status"] == ABSENT)


# --- the import


def import_scores(
    *,
    blueprint: Blueprint,
    content: bytes,
    file_name: str,
    actor: User,
    size: int | None = None,
) -> ImportOutcome:
    """Check the whole file; write every row's result only if no row has a problem.

    `size` is the upload's size when `content` was read only up to the limit. Raises
    PermissionDenied for anyone but Admin BKPSDM, DomainError when the blueprint takes no BKN
    scores, and ImportFileError when the file itself is unusable: nothing is stored but the
    audit row `exams.score_import.unreadable`. Otherwise the file is recorded as a ScoreImport
    with its per-row report.
    """
    if not can_manage_exams(actor):
        raise PermissionDenied("Hanya Admin BKPSDM yang dapat mengimpor nilai BKN.")
    try:
        return _import(
            blueprint=blueprint, content=content, file_name=file_name, actor=actor, size=size
        )
    except ImportFileError as error:
        # After the import's transaction is undone, so that the record stays.
        _record_unreadable(blueprint, content, file_name, size, actor=actor, error=error)
        raise


@transaction.atomic
def _import(
    *, blueprint: Blueprint, content: bytes, file_name: str, actor: User, size: int | None
) -> ImportOutcome:
    # One import of a blueprint at a time, on its current state.
    blueprint = (
        Blueprint.objects.select_for_update(of=("self",))
        .select_related("period")
        .get(pk=blueprint.pk)
    )
    sections = _precheck(blueprint)
    codes = [section.category.code for section in sections]
    score_file = score_files.read_score_file(
        content, codes=codes, file_limits=score_files.limits(), size=size
    )
    planned = score_rows.check_rows(blueprint, score_file, sections)
    errors = [error for plan in planned for error in plan.errors]
    score_import = ScoreImport.objects.create(
        blueprint=blueprint,
        file_name=upload_name(file_name) or "berkas",
        sha256=hashlib.sha256(content).hexdigest(),
        imported_by=actor,
        imported_at=timezone.now(),
        row_count=len(planned),
        accepted_count=0,
        report=[],
    )
    header = _header_entry(score_file.ignored)
    if errors:
        score_import.report = [*header, *(_error_entry(plan, sections) for plan in planned)]
        score_import.save(update_fields=["report"])
        _record_import(score_import, actor, action="exams.score_import.refused", errors=errors)
        return ImportOutcome(score_import=score_import, errors=errors)
    rules: dict[str, PassRule | None] = {}
    report = [_write_result(blueprint, plan, score_import, rules, actor) for plan in planned]
    score_import.report = [*header, *report]
    score_import.accepted_count = len(report)
    score_import.save(update_fields=["report", "accepted_count"])
    _record_import(score_import, actor, action="exams.score_import.accepted", errors=[])
    return ImportOutcome(score_import=score_import, errors=[])


def _precheck(blueprint: Blueprint) -> list[BlueprintSection]:
    if blueprint.delivery != Blueprint.Delivery.BKN:
        raise DomainError(
            "Nilai BKN hanya dapat diimpor ke kisi-kisi yang dilaksanakan di CAT BKN."
        )
    if blueprint.results_published_at is not None:
        raise ConflictError("Hasil kisi-kisi ini sudah diumumkan; nilai tidak dapat diimpor lagi.")
    sections = score_files.score_columns(blueprint)
    if not sections:
        raise DomainError(
            "Kisi-kisi belum memiliki bagian (subtes); tambahkan bagian lebih dulu agar kolom "
            "nilai dapat diperiksa."
        )
    return sections


@transaction.atomic
def _record_unreadable(
    blueprint: Blueprint,
    content: bytes,
    file_name: str,
    size: int | None,
    *,
    actor: User,
    error: ImportFileError,
) -> None:
    """The audit row of a file that could not be read: which file and why, never its content."""
    sha256 = hashlib.sha256(content).hexdigest()
    logger.info("BKN score file %s refused for blueprint %s", sha256[:12], blueprint.pk)
    audit.record(
        actor=actor,
        action="exams.score_import.unreadable",
        target=blueprint,
        changes={
            "file_name": upload_name(file_name) or "berkas",
            "sha256": sha256,
            "size": len(content) if size is None else size,
            "error": error.message,
        },
    )


def _label(column: str, sections: Sequence[BlueprintSection]) -> str:
    codes = {section.category.code.casefold(): section.category.code for section in sections}
    return codes.get(column, column)


def _header_entry(ignored: list[str]) -> list[dict[str, Any]]:
    """The report's warning on the header row (row 1) naming the ignored columns, if any."""
    if not ignored:
        return []
    return [
        {
            "row": 1,
            "registration_number": "",
            "status": WARNING,
            "messages": [f"Kolom yang diabaikan: {name_list(ignored)}."],
        }
    ]


def _error_entry(plan: score_rows.Planned, sections: Sequence[BlueprintSection]) -> dict[str, Any]:
    status = ERROR if plan.errors else ABSENT if plan.absent else OK
    return {
        "row": plan.row,
        "registration_number": plan.number,
        "status": status,
        "messages": [f"{_label(e.column, sections)}: {e.message}" for e in plan.errors],
    }


def _write_result(
    blueprint: Blueprint,
    plan: score_rows.Planned,
    score_import: ScoreImport,
    rules: dict[str, PassRule | None],
    actor: User,
) -> dict[str, Any]:
    """Create or update the row's ExamResult (audited); the row's entry of the report. An
    absent row writes nothing."""
    application = plan.application
    if application is None:  # cannot happen: a row without errors has its application
        raise DomainError(f"Baris {plan.row} tidak dapat diproses.")
    if plan.absent:
        return {
            "row": plan.row,
            "registration_number": plan.number,
            "status": ABSENT,
            "action": "",
            "messages": [ABSENT_LABEL],
        }
    track = application.formasi.track
    if track not in rules:
        rules[track] = pass_rule_for(blueprint, track)
    verdict = judge(SheetScore(scores=plan.scores, total=plan.total), rules[track])
    values = {
        "scores": plan.scores,
        "total": plan.total,
        "passed": verdict.passed,
        "result_reason": verdict.reason,
    }
    result = plan.existing
    if result is None:
        result = ExamResult.objects.create(
            application=application,
            blueprint=blueprint,
            kind=blueprint.kind,
            source=ExamResult.Source.BKN,
            score_import=score_import,
            **values,
        )
        action = CREATED
        audit.record(actor=actor, action="exams.result.imported", target=result, changes=values)
    else:
        before = {name: getattr(result, name) for name in values}
        for name, value in values.items():
            setattr(result, name, value)
        result.score_import = score_import
        result.save()
        changes: dict[str, Any] = audit.diff(before, values)
        action = UPDATED if changes else UNCHANGED
        if changes:
            changes["score_import"] = score_import.pk
            audit.record(
                actor=actor, action="exams.result.reimported", target=result, changes=changes
            )
    return {
        "row": plan.row,
        "registration_number": plan.number,
        "status": OK,
        "action": action,
        "scores": plan.scores,
        "total": plan.total,
        "passed": verdict.passed,
        "messages": [verdict.reason],
    }


def _record_import(
    score_import: ScoreImport, actor: User, *, action: str, errors: list[RowError]
) -> None:
    report = score_import.report
    audit.record(
        actor=actor,
        action=action,
        target=score_import,
        changes={
            "blueprint": score_import.blueprint_id,
            "file_name": score_import.file_name,
            "sha256": score_import.sha256,
            "row_count": score_import.row_count,
            "accepted_count": score_import.accepted_count,
            "absent_count": sum(1 for entry in report if entry["status"] == ABSENT),
            "error_count": len(errors),
        },
    )

"""JSON API of a class's roster, results and completion: the same selectors and services as the
pages. A class or enrolment the caller may not see is a 404; a refused write on a visible one is a
403 (who) or a 400/409/422 (a rule: status, attendance, a certificate already issued).

The operation ids are those the endpoints had in the classes module they came from, so clients
generated from the OpenAPI document keep their method names."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from simerit.core.api import (
    DETAIL_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.training.api.classes import ClassOut, ReasonIn, require_readers, visible_class, written
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.rules import classes as rules
from simerit.training.selectors import classes as selectors
from simerit.training.services import completion

router = Router(tags=["Pelatihan — Kelas"])


# --- Schemas


class RosterOut(Schema):
    enrolment_id: int
    employee_id: int
    employee_name: str
    employee_nip: str
    work_unit: str
    route: str
    status: str = Field(description="enrolled, completed (lulus), not_completed (tidak lulus).")
    status_label: str
    attended: int
    meetings: int
    attendance_percent: Decimal | None
    pre_test_score: Decimal | None
    post_test_score: Decimal | None
    assessment_score: Decimal | None
    completed_at: dt.datetime | None


class RosterPage(Page[RosterOut]):
    pass


class ResultIn(Schema):
    """Omitted scores stay as they are; null clears one."""

    pre_test_score: Decimal | None = None
    post_test_score: Decimal | None = None
    assessment_score: Decimal | None = None
    outcome: Literal["completed", "not_completed"] | None = Field(
        None, description="completed (lulus) atau not_completed (tidak lulus); kosong: nilai saja."
    )


# --- Converters and lookups


def _roster_out(enrolment: Enrolment, *, held: int) -> dict[str, Any]:
    attended: int = getattr(enrolment, "attended", 0)
    return {
        "enrolment_id": enrolment.pk,
        "employee_id": enrolment.employee_id,
        "employee_name": enrolment.employee.display_name,
        "employee_nip": enrolment.employee.nip,
        "work_unit": enrolment.employee.work_unit.name,
        "route": enrolment.route,
        "status": enrolment.status,
        "status_label": enrolment.get_status_display(),
        "attended": attended,
        "meetings": held,
        "attendance_percent": rules.attendance_percent(attended=attended, held=held),
        "pre_test_score": enrolment.pre_test_score,
        "post_test_score": enrolment.post_test_score,
        "assessment_score": enrolment.assessment_score,
        "completed_at": enrolment.completed_at,
    }


def _roster_enrolment(request: HttpRequest, class_id: int, enrolment_id: int) -> Enrolment:
    training_class = visible_class(request, class_id)
    return get_or_404(training_class.enrolments.all(), enrolment_id)


def _roster_row(training_class: TrainingClass, enrolment_id: int) -> dict[str, Any]:
    row = selectors.roster(training_class).get(pk=enrolment_id)
    return _roster_out(row, held=selectors.held_meetings(training_class))


# --- Completion of the class


@router.post(
    "/classes/{class_id}/complete",
    response={200: ClassOut, **WRITE_ERRORS},
    summary="Nyatakan kelas selesai (Admin BKPSDM)",
    description="Setelah semua peserta yang mendapat kursi diputuskan lulus atau tidak lulus.",
    operation_id="simerit_training_api_classes_complete_class",
)
def complete_class(request: HttpRequest, class_id: int) -> dict[str, Any]:
    training_class = completion.complete_class(
        training_class=visible_class(request, class_id), actor=caller(request)
    )
    return written(request, training_class)


# --- Roster and results


@router.get(
    "/classes/{class_id}/roster",
    response={200: RosterPage, **DETAIL_ERRORS},
    summary="Peserta yang mendapat kursi, dengan kehadiran dan nilai (Admin BKPSDM, Auditor)",
    operation_id="simerit_training_api_classes_roster",
)
def roster(request: HttpRequest, class_id: int, params: Query[PageParams]) -> dict[str, Any]:
    training_class = visible_class(request, class_id)
    require_readers(request)
    held = selectors.held_meetings(training_class)
    page = paginate(selectors.roster(training_class), params)
    page["items"] = [_roster_out(enrolment, held=held) for enrolment in page["items"]]
    return page


@router.post(
    "/classes/{class_id}/roster/{enrolment_id}/result",
    response={200: RosterOut, **WRITE_ERRORS},
    summary="Nilai dan kelulusan satu peserta (Admin BKPSDM)",
    description="Nilai 0–100 (dua desimal). Lulus ditolak bila kehadiran kurang dari batas "
    "minimum kelas. Nilai yang tidak dikirim tetap; null menghapusnya.",
    operation_id="simerit_training_api_classes_record_result",
)
def record_result(
    request: HttpRequest, class_id: int, enrolment_id: int, payload: ResultIn
) -> dict[str, Any]:
    enrolment = _roster_enrolment(request, class_id, enrolment_id)
    sent = payload.model_dump(exclude_unset=True)
    scores = completion.Scores(
        **{
            field: sent.get(field, getattr(enrolment, field))
            for field in completion.Scores.__dataclass_fields__
        }
    )
    completion.record_result(
        enrolment=enrolment, scores=scores, outcome=payload.outcome, actor=caller(request)
    )
    return _roster_row(enrolment.training_class, enrolment.pk)


@router.post(
    "/classes/{class_id}/roster/{enrolment_id}/revert",
    response={200: RosterOut, **WRITE_ERRORS},
    summary="Batalkan keputusan kelulusan (Admin BKPSDM)",
    description="Selama kelas belum selesai dan sertifikat belum diterbitkan.",
    operation_id="simerit_training_api_classes_revert_result",
)
def revert_result(
    request: HttpRequest, class_id: int, enrolment_id: int, payload: ReasonIn
) -> dict[str, Any]:
    enrolment = _roster_enrolment(request, class_id, enrolment_id)
    completion.revert_result(enrolment=enrolment, reason=payload.reason, actor=caller(request))
    return _roster_row(enrolment.training_class, enrolment.pk)

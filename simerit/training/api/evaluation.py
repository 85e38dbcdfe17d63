"""JSON API of the evaluation of training: the same selectors and service as the HTML pages. The
participant lists and answers their surveys; Admin BKPSDM and the Auditor read the overview, a
class's evaluation and the predikat comparison. An enrolment the caller may not see is a 404;
another person's visible enrolment is a 403."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from simerit.accounts.models import User
from simerit.core.api import (
    DETAIL_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Page,
    PageParams,
    caller,
    get_or_404,
    paginate,
)
from simerit.training.models import Programme, TrainingClass
from simerit.training.permissions import reads_everything
from simerit.training.rules import evaluation as rules
from simerit.training.selectors import evaluation as selectors
from simerit.training.services.evaluation import submit_survey

router = Router(tags=["Pelatihan — Evaluasi"])

READERS_ONLY = "Evaluasi pelatihan hanya untuk Admin BKPSDM dan Auditor."
SCORE_HELP = "Bilangan bulat 1 (sangat tidak puas) sampai 5 (sangat puas)."


class SurveyIn(Schema):
    content_score: int = Field(description=f"Materi. {SCORE_HELP}")
    facilitator_score: int = Field(description=f"Pengajar/fasilitator. {SCORE_HELP}")
    relevance_score: int = Field(description=f"Manfaat bagi pekerjaan. {SCORE_HELP}")
    organisation_score: int = Field(description=f"Penyelenggaraan. {SCORE_HELP}")
    comment: str = Field("", max_length=rules.SURVEY_COMMENT_MAX_LENGTH)


class SurveyOut(Schema):
    """The answer as sent back to its author. It is stored without the participant: only the
    fact that this enrolment answered is kept with the enrolment."""

    enrolment_id: int
    class_id: int
    content_score: int
    facilitator_score: int
    relevance_score: int
    organisation_score: int
    comment: str
    survey_closes_on: dt.date = Field(
        description=f"Survei ditutup {rules.SURVEY_OPEN_DAYS} hari setelah hari terakhir kelas; "
        "rata-rata dan saran kelas baru ditampilkan sesudahnya."
    )


class SurveyTaskOut(Schema):
    enrolment_id: int
    class_id: int
    class_name: str
    programme: str
    starts_on: dt.date
    ends_on: dt.date
    enrolment_status: str
    answered: bool
    can_answer: bool
    reason: str | None = Field(description="Mengapa survei belum dapat diisi; null bila dapat.")
    survey_closes_on: dt.date = Field(description="Hari terakhir survei dapat diisi.")


class SurveyTaskPage(Page[SurveyTaskOut]):
    pass


class AspectOut(Schema):
    name: str
    label: str
    mean: Decimal | None


class SurveySummaryOut(Schema):
    responses: int
    enough: bool = Field(
        description="Rata-rata dan saran hanya diberikan setelah survei ditutup "
        f"({rules.SURVEY_OPEN_DAYS} hari setelah hari terakhir kelas) dan bila ada paling sedikit "
        f"{rules.MIN_SURVEY_RESPONSES} tanggapan (kerahasiaan peserta)."
    )
    closes_on: dt.date = Field(description="Hari terakhir survei dapat diisi.")
    closed: bool
    aspects: list[AspectOut]
    overall: Decimal | None
    comments: list[str] = Field(description="Saran tanpa nama, urut abjad.")


class PrePostOut(Schema):
    with_both: int = Field(description="Peserta dengan nilai pre-test dan post-test.")
    pre_only: int
    post_only: int
    mean_pre: Decimal | None
    mean_post: Decimal | None
    mean_gain: Decimal | None
    improved: int
    improved_percent: Decimal | None


class MoveOut(Schema):
    move: str = Field(description="naik, tetap, atau turun.")
    label: str
    count: int
    percent: Decimal | None


class MatrixRowOut(Schema):
    before: str
    label: str
    counts: list[int] = Field(description="Per predikat sesudah, urut seperti `labels`.")
    total: int


class ComparisonOut(Schema):
    participants: int
    compared: int
    employees: int
    missing_before: int
    missing_after: int
    withheld: bool = Field(
        description=f"Kurang dari {rules.MIN_COMPARISON_GROUP} pegawai yang dapat dibandingkan: "
        "perpindahan, matriks dan rata-rata tidak diberikan."
    )
    moves: list[MoveOut]
    mean_change: Decimal | None
    matrix: list[MatrixRowOut]
    labels: list[str]


class ClassEvaluationOut(Schema):
    class_id: int
    class_name: str
    programme: str
    participants: int
    completed: int
    not_completed: int
    response_percent: Decimal | None
    survey: SurveySummaryOut
    pre_post: PrePostOut
    predikat: ComparisonOut


class HeldClassOut(Schema):
    class_id: int
    class_name: str
    programme: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    participants: int
    completed: int
    responses: int
    survey_closes_on: dt.date
    survey_closed: bool
    satisfaction: Decimal | None


class HeldClassPage(Page[HeldClassOut]):
    pass


class ProgrammeComparisonOut(Schema):
    programme_id: int
    code: str
    name: str
    comparison: ComparisonOut


class PredikatComparisonOut(Schema):
    overall: ComparisonOut
    programmes: list[ProgrammeComparisonOut]


class ComparisonFilter(Schema):
    year: int | None = Field(None, description="Tahun hari terakhir kelas.")
    programme_id: int | None = None
    class_id: int | None = None


class OverviewFilter(Schema):
    year: int | None = None
    programme_id: int | None = None
    q: str = Field("", max_length=100)


def _reader(request: HttpRequest) -> User:
    user = caller(request)
    if not reads_everything(user):
        raise PermissionDenied(READERS_ONLY)
    return user


def _comparison(comparison: rules.PredikatComparison) -> dict[str, Any]:
    return {
        "participants": comparison.participants,
        "compared": comparison.compared,
        "employees": comparison.employees,
        "missing_before": comparison.missing_before,
        "missing_after": comparison.missing_after,
        "withheld": comparison.withheld,
        "moves": [
            {"move": str(m.move), "label": m.label, "count": m.count, "percent": m.percent}
            for m in comparison.moves
        ],
        "mean_change": comparison.mean_change,
        "matrix": [
            {"before": r.before, "label": r.label, "counts": list(r.counts), "total": r.total}
            for r in comparison.matrix
        ],
        "labels": list(comparison.labels),
    }


@router.get(
    "/evaluation/surveys",
    response={200: SurveyTaskPage, **READ_ERRORS},
    summary="Survei kelas saya",
    description="Kursi pemanggil di kelas yang sudah dimulai (terbaru dulu), dengan status "
    "survei: sudah diisi, dapat diisi, atau alasan belum dapat diisi.",
)
def my_surveys(request: HttpRequest, params: Query[PageParams]) -> dict[str, Any]:
    page = paginate(selectors.my_survey_enrolments(caller(request)), params)
    page["items"] = [
        {
            "enrolment_id": task.enrolment.pk,
            "class_id": task.enrolment.training_class_id,
            "class_name": task.enrolment.training_class.name,
            "programme": task.enrolment.training_class.programme.name,
            "starts_on": task.enrolment.training_class.starts_on,
            "ends_on": task.enrolment.training_class.ends_on,
            "enrolment_status": task.enrolment.status,
            "answered": task.answered,
            "can_answer": task.can_answer,
            "reason": None if task.answered else task.refusal,
            "survey_closes_on": task.closes_on,
        }
        for task in selectors.survey_tasks(page["items"])
    ]
    return page


@router.post(
    "/evaluation/enrolments/{enrolment_id}/survey",
    response={201: SurveyOut, **WRITE_ERRORS},
    summary="Kirim survei kepuasan",
    description="Peserta sendiri, sekali, setelah lulus/tidak lulus atau setelah pertemuan "
    f"terakhir kelasnya selesai, paling lambat {rules.SURVEY_OPEN_DAYS} hari setelah hari terakhir "
    "kelas. Jawaban disimpan tanpa identitas peserta (anonim). Nilai di luar 1–5: 422, tidak ada "
    "yang tersimpan; kedua kalinya: 409.",
)
def send_survey(
    request: HttpRequest, enrolment_id: int, payload: SurveyIn
) -> Status[dict[str, Any]]:
    user = caller(request)
    enrolment = selectors.get_survey_enrolment(user=user, enrolment_id=enrolment_id)
    answer = submit_survey(
        enrolment=enrolment,
        scores=payload.dict(exclude={"comment"}),
        comment=payload.comment,
        actor=user,
    )
    return Status(
        201,
        {
            "enrolment_id": enrolment.pk,
            "class_id": enrolment.training_class_id,
            "content_score": answer.content_score,
            "facilitator_score": answer.facilitator_score,
            "relevance_score": answer.relevance_score,
            "organisation_score": answer.organisation_score,
            "comment": answer.comment,
            "survey_closes_on": rules.survey_closes_on(enrolment.training_class.ends_on),
        },
    )


@router.get(
    "/evaluation/classes",
    response={200: HeldClassPage, **READ_ERRORS},
    summary="Kelas yang sudah dilaksanakan",
    description="Admin BKPSDM dan Auditor: kelas selesai atau yang hari terakhirnya sudah "
    "lewat, dengan tanggapan survei; rata-rata kepuasan null selama survei masih dibuka "
    f"({rules.SURVEY_OPEN_DAYS} hari setelah hari terakhir kelas) atau bila tanggapan kurang dari "
    f"{rules.MIN_SURVEY_RESPONSES}.",
)
def held_classes(
    request: HttpRequest, filters: Query[OverviewFilter], params: Query[PageParams]
) -> dict[str, Any]:
    _reader(request)
    programme = (
        get_or_404(Programme.objects.all(), filters.programme_id)
        if filters.programme_id is not None
        else None
    )
    classes = selectors.held_classes(year=filters.year, programme=programme, search=filters.q)
    page = paginate(classes, params)
    page["items"] = [
        {
            "class_id": row.training_class.pk,
            "class_name": row.training_class.name,
            "programme": row.training_class.programme.name,
            "starts_on": row.training_class.starts_on,
            "ends_on": row.training_class.ends_on,
            "status": row.training_class.status,
            "participants": row.participants,
            "completed": row.completed,
            "responses": row.responses,
            "survey_closes_on": row.survey_closes_on,
            "survey_closed": row.survey_closed,
            "satisfaction": row.satisfaction,
        }
        for row in selectors.overview_rows(page["items"])
    ]
    return page


@router.get(
    "/evaluation/classes/{class_id}",
    response={200: ClassEvaluationOut, **DETAIL_ERRORS},
    summary="Evaluasi satu kelas",
    description="Admin BKPSDM dan Auditor: survei kepuasan (rata-rata dan saran setelah survei "
    f"ditutup dan mulai {rules.MIN_SURVEY_RESPONSES} tanggapan), pre-test/post-test, dan predikat "
    f"sebelum/sesudah (mulai {rules.MIN_COMPARISON_GROUP} pegawai).",
)
def class_evaluation(request: HttpRequest, class_id: int) -> dict[str, Any]:
    _reader(request)
    training_class = get_or_404(TrainingClass.objects.select_related("programme"), class_id)
    evaluation = selectors.class_evaluation(training_class)
    survey = evaluation.survey
    pre_post = evaluation.pre_post
    return {
        "class_id": training_class.pk,
        "class_name": training_class.name,
        "programme": training_class.programme.name,
        "participants": evaluation.participants,
        "completed": evaluation.completed,
        "not_completed": evaluation.not_completed,
        "response_percent": evaluation.response_percent,
        "survey": {
            "responses": survey.responses,
            "enough": survey.enough,
            "closes_on": survey.closes_on,
            "closed": survey.closed,
            "aspects": [{"name": a.name, "label": a.label, "mean": a.mean} for a in survey.aspects],
            "overall": survey.overall,
            "comments": list(survey.comments),
        },
        "pre_post": {
            "with_both": pre_post.with_both,
            "pre_only": pre_post.pre_only,
            "post_only": pre_post.post_only,
            "mean_pre": pre_post.mean_pre,
            "mean_post": pre_post.mean_post,
            "mean_gain": pre_post.mean_gain,
            "improved": pre_post.improved,
            "improved_percent": pre_post.improved_percent,
        },
        "predikat": _comparison(evaluation.predikat),
    }


@router.get(
    "/evaluation/predikat",
    response={200: PredikatComparisonOut, **DETAIL_ERRORS},
    summary="Predikat sebelum dan sesudah pelatihan",
    description="Admin BKPSDM dan Auditor: peserta lulus (opsional per tahun kelas, program, "
    "kelas), keseluruhan dan per program. Sebelum = penilaian terakhir sebelum tahun kelas; "
    "sesudah = penilaian pertama pada tahun kelas atau sesudahnya.",
)
def predikat_comparison(request: HttpRequest, filters: Query[ComparisonFilter]) -> dict[str, Any]:
    _reader(request)
    programme = (
        get_or_404(Programme.objects.all(), filters.programme_id)
        if filters.programme_id is not None
        else None
    )
    training_class = (
        get_or_404(TrainingClass.objects.all(), filters.class_id)
        if filters.class_id is not None
        else None
    )
    rows = selectors.participations(
        selectors.completed_enrolments(
            year=filters.year, programme=programme, training_class=training_class
        )
    )
    return {
        "overall": _comparison(rules.compare([row.participation for row in rows])),
        "programmes": [
            {
                "programme_id": item.programme_id,
                "code": item.code,
                "name": item.name,
                "comparison": _comparison(item.comparison),
            }
            for item in selectors.by_programme(rows)
        ],
    }

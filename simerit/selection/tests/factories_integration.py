"""Factories of the cut and the integration: SKD/SKB official results (as a BKN score file would
give them), SKB candidates with the applicant's IPK and birth date, and component results."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from simerit.exams.models import Blueprint, ExamKind, ExamResult
from simerit.recruitment.models import Application, Formasi, SelectionPeriod
from simerit.recruitment.tests.factories import (
    ApplicantFactory,
    ApplicationFactory,
    FormasiFactory,
)
from simerit.selection.models import ComponentResult, SelectionSetup, SkbCandidate, SkbComponent
from simerit.selection.tests.factories import SkbCandidateFactory, make_components


def make_blueprint(period: SelectionPeriod, kind: str = ExamKind.SKD) -> Blueprint:
    blueprint, _ = Blueprint.objects.get_or_create(
        period=period,
        kind=kind,
        defaults={
            "name": f"{kind.upper()} (CAT BKN)",
            "delivery": Blueprint.Delivery.BKN,
            "duration_minutes": 100,
        },
    )
    return blueprint


def make_application(
    formasi: Formasi,
    registration_number: str,
    *,
    gpa: Decimal | None = Decimal("3.50"),
    birth_date: dt.date = dt.date(1998, 5, 17),
    status: str = Application.Status.MS,
) -> Application:
    applicant = ApplicantFactory.create(gpa=gpa, birth_date=birth_date)
    return ApplicationFactory.create(
        formasi=formasi,
        applicant=applicant,
        status=status,
        registration_number=registration_number,
    )


def skd_result(
    application: Application, *, twk: int, tiu: int, tkp: int, passed: bool = True
) -> ExamResult:
    return ExamResult.objects.create(
        application=application,
        blueprint=make_blueprint(application.period, ExamKind.SKD),
        kind=ExamKind.SKD,
        source=ExamResult.Source.BKN,
        scores={"TWK": twk, "TIU": tiu, "TKP": tkp},
        total=twk + tiu + tkp,
        passed=passed,
    )


def skb_result(application: Application, total: int) -> ExamResult:
    return ExamResult.objects.create(
        application=application,
        blueprint=make_blueprint(application.period, ExamKind.SKB),
        kind=ExamKind.SKB,
        source=ExamResult.Source.BKN,
        scores={"SKB": total},
        total=total,
        passed=None,
    )


def make_candidate(
    formasi: Formasi,
    registration_number: str,
    *,
    twk: int = 100,
    tiu: int = 110,
    tkp: int = 180,
    gpa: Decimal | None = Decimal("3.50"),
    birth_date: dt.date = dt.date(1998, 5, 17),
    cut_rank: int = 1,
) -> SkbCandidate:
    """An SKB candidate (as the cut would write it) with its applicant's IPK and birth date."""
    application = make_application(formasi, registration_number, gpa=gpa, birth_date=birth_date)
    return SkbCandidateFactory.create(
        application=application, twk=twk, tiu=tiu, tkp=tkp, cut_rank=cut_rank
    )


def component_result(
    component: SkbComponent,
    candidate: SkbCandidate,
    score: Decimal | None,
    *,
    status: str = ComponentResult.Status.FINAL,
) -> ComponentResult:
    """A result as the assessment writes it (FINAL with a score, FLAGGED/ABSENT without)."""
    return ComponentResult.objects.create(
        component=component,
        candidate=candidate,
        status=status,
        score=score if status == ComponentResult.Status.FINAL else None,
        aggregation=component.aggregation,
        assessor_scores=[str(score)] * 2 if score is not None else [],
        resolution=ComponentResult.Resolution.AGREED if score is not None else "",
    )


def make_scored_formasi(
    period: SelectionPeriod,
    code: str,
    *,
    quota: int = 1,
    scores: tuple[tuple[str, str, str], ...] = (
        ("R-1", "90", "90"),
        ("R-2", "80", "80"),
        ("R-3", "70", "70"),
    ),
) -> Formasi:
    """A formasi (SKB-CAT 60 % + simulation 40 %) whose candidates have FINAL results on both
    components: (registration number, CAT score, simulation score); the period's cut is marked
    done so the integration can run."""
    formasi = FormasiFactory.create(period=period, code=code, quota=quota)
    cat, simulation = make_components(formasi)
    for rank, (name, cat_score, simulation_score) in enumerate(scores, start=1):
        candidate = make_candidate(formasi, name, cut_rank=rank)
        component_result(cat, candidate, Decimal(cat_score))
        component_result(simulation, candidate, Decimal(simulation_score))
    setup, _ = SelectionSetup.objects.get_or_create(period=period)
    if setup.cut_at is None:
        setup.cut_at = timezone.now()
        setup.save(update_fields=["cut_at", "updated_at"])
    return formasi

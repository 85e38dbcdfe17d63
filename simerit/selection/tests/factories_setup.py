"""Inputs and fixtures for the setup part's tests: valid service inputs (tests change one thing),
an assessor assignment on a component, an integration run, and the "nothing changed" snapshot."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.recruitment.models import SelectionPeriod
from simerit.selection.models import (
    AssessorAssignment,
    ComponentResult,
    IntegrationRun,
    Method,
    Rubric,
    RubricAnchor,
    RubricCriterion,
    SelectionSetup,
    SkbComponent,
)
from simerit.selection.services.components import ComponentInput
from simerit.selection.services.rubrics import CriterionInput, RubricInput
from simerit.selection.services.setup import SetupInput
from simerit.selection.tests.factories import SkbCandidateFactory


def setup_input(**changes: Any) -> SetupInput:
    """The national defaults, with `changes`."""
    values: dict[str, Any] = {
        "skd_max": 550,
        "cut_multiplier": 3,
        "skd_weight": Decimal(40),
        "skb_weight": Decimal(60),
        "min_cat_weight": Decimal(60),
        "max_additional_components": 1,
        "result_sanggah_days": 3,
    }
    return SetupInput(**{**values, **changes})


def criterion(
    name: str, weight: str, *, levels: range = range(1, 6), description: str = ""
) -> CriterionInput:
    return CriterionInput(
        name=name,
        weight=Decimal(weight),
        description=description,
        anchors={level: f"{name}: perilaku skor {level}" for level in levels},
    )


def rubric_input(**changes: Any) -> RubricInput:
    """A case-simulation rubric, levels 1–5, criteria 60 % + 40 % with every anchor."""
    values: dict[str, Any] = {
        "name": "Simulasi kasus gawat darurat",
        "method": Method.CASE_SIMULATION,
        "min_level": 1,
        "max_level": 5,
        "description": "Amati tanpa berdiskusi.",
        "case_material": "Pasien datang dengan sesak napas.",
        "criteria": [criterion("Penilaian klinis", "60"), criterion("Komunikasi", "40")],
    }
    return RubricInput(**{**values, **changes})


def cat_input(**changes: Any) -> ComponentInput:
    values: dict[str, Any] = {
        "order": 1,
        "method": Method.CAT,
        "name": "SKB-CAT",
        "weight": Decimal(60),
        "cat_max_score": 500,
    }
    return ComponentInput(**{**values, **changes})


def assessed_input(rubric: Rubric, /, **changes: Any) -> ComponentInput:
    values: dict[str, Any] = {
        "order": 2,
        "method": rubric.method,
        "name": "Simulasi kasus",
        "weight": Decimal(40),
        "rubric": rubric,
        "assessors_per_candidate": 3,
        "max_spread": Decimal("12.5"),
        "aggregation": "median",
        "is_blind": False,
    }
    return ComponentInput(**{**values, **changes})


def assign(
    component: SkbComponent, *, submitted: bool = False, assessor: User | None = None
) -> AssessorAssignment:
    """An assessor assigned to a candidate of the component's formasi (submitted: scored 70)."""
    candidate = SkbCandidateFactory.create(
        application__formasi=component.formasi, period=component.formasi.period
    )
    return AssessorAssignment.objects.create(
        component=component,
        candidate=candidate,
        assessor=assessor or UserFactory.create(roles=[Role.ASESOR]),
        submitted_at=timezone.now() if submitted else None,
        score=Decimal(70) if submitted else None,
    )


def cat_result(component: SkbComponent) -> ComponentResult:
    candidate = SkbCandidateFactory.create(
        application__formasi=component.formasi, period=component.formasi.period
    )
    return ComponentResult.objects.create(
        component=component,
        candidate=candidate,
        status=ComponentResult.Status.FINAL,
        score=Decimal(72),
        resolution=ComponentResult.Resolution.CAT,
    )


def integrate(period: SelectionPeriod, *, at: dt.datetime | None = None) -> IntegrationRun:
    return IntegrationRun.objects.create(
        period=period,
        run_by=UserFactory.create(roles=[Role.ADMIN_BKPSDM]),
        run_at=at or timezone.now(),
        settings_snapshot={},
        formasi_count=0,
        result_count=0,
    )


def selection_events() -> Any:
    """The audit rows of the selection (factories of other apps audit their own writes)."""
    return AuditEvent.objects.filter(action__startswith="selection.")


def state() -> tuple[Any, ...]:
    """Everything the setup part writes, to assert that a refused request changed nothing."""
    return (
        list(SelectionSetup.objects.order_by("pk").values()),
        list(Rubric.objects.order_by("pk").values()),
        list(RubricCriterion.objects.order_by("pk").values()),
        list(RubricAnchor.objects.order_by("pk").values()),
        list(SkbComponent.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
    )

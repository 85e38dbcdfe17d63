"""Helpers for the assessment tests: a formasi with an assessed component and its candidates,
named assessors, and assignments made without the random draw."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.recruitment.models import Formasi
from simerit.recruitment.tests.factories import FormasiFactory
from simerit.selection.models import (
    AssessorAssignment,
    RubricCriterion,
    SkbCandidate,
    SkbComponent,
)
from simerit.selection.services import assessment_scoring as scoring_services
from simerit.selection.tests.factories import SkbCandidateFactory, make_components


@dataclass
class Setup:
    formasi: Formasi
    component: SkbComponent
    candidates: list[SkbCandidate]

    @property
    def criteria(self) -> list[RubricCriterion]:
        return list(RubricCriterion.objects.filter(rubric=self.component.rubric).order_by("order"))


def make_setup(*, candidates: int = 1, **options: Any) -> Setup:
    """A formasi with SKB-CAT + a blind case simulation (2 assessors, spread 15, mean unless
    `options` say otherwise) and `candidates` SKB candidates with codes K-…"""
    formasi = FormasiFactory.create()
    _, component = make_components(formasi, **options)
    people = [SkbCandidateFactory.create(application__formasi=formasi) for _ in range(candidates)]
    return Setup(formasi=formasi, component=component, candidates=people)


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 (repeatability, not secrecy)


def make_assessors(*names: str) -> list[User]:
    return [
        UserFactory.create(username=name, full_name=f"Asesor {name}", roles=[Role.ASESOR])
        for name in names
    ]


def give(
    component: SkbComponent,
    candidate: SkbCandidate,
    assessors: Sequence[User],
    *,
    kind: str = AssessorAssignment.Kind.INDEPENDENT,
) -> list[AssessorAssignment]:
    """Assignments made directly (no draw), for tests about scoring."""
    return [
        AssessorAssignment.objects.create(
            component=component, candidate=candidate, assessor=assessor, kind=kind
        )
        for assessor in assessors
    ]


def levels_for(component: SkbComponent, *values: int) -> dict[int, int]:
    """{criterion id: level} in criterion order: levels_for(c, 4, 3, 5)."""
    criteria = RubricCriterion.objects.filter(rubric=component.rubric).order_by("order")
    return {criterion.pk: value for criterion, value in zip(criteria, values, strict=True)}


def submit(assignment: AssessorAssignment, *values: int) -> AssessorAssignment:
    """The assessor of `assignment` submits the levels `values` (criterion order)."""
    return scoring_services.submit_scores(
        assignment=assignment,
        levels=levels_for(assignment.component, *values),
        actor=assignment.assessor,
    )

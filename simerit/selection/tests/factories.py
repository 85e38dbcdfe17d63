"""Factories for the selection: a valid minimal object each; tests set only what they care about.

`make_rubric` builds a case-simulation rubric with criteria and anchors; `make_components` the
usual SKB of a formasi (CAT 60 % + one assessed method 40 %); `SkbCandidateFactory` an
application that proceeded to the SKB (MS, with an SKD result).
"""

from decimal import Decimal
from typing import Any

import factory
from factory.django import DjangoModelFactory

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.recruitment.models import Application, Formasi, SelectionPeriod
from simerit.recruitment.tests.factories import ApplicationFactory, SelectionPeriodFactory
from simerit.selection.models import (
    Aggregation,
    Method,
    Rubric,
    RubricAnchor,
    RubricCriterion,
    SelectionSetup,
    SkbCandidate,
    SkbComponent,
)


class SelectionSetupFactory(DjangoModelFactory[SelectionSetup]):
    class Meta:
        model = SelectionSetup
        django_get_or_create = ("period",)

    period = factory.SubFactory(SelectionPeriodFactory)


def make_rubric(
    *,
    period: SelectionPeriod,
    created_by: User | None = None,
    method: str = Method.CASE_SIMULATION,
    criteria: tuple[tuple[str, Decimal], ...] = (
        ("Penilaian klinis", Decimal(50)),
        ("Tindakan keperawatan", Decimal(30)),
        ("Komunikasi dengan pasien", Decimal(20)),
    ),
    min_level: int = 1,
    max_level: int = 5,
) -> Rubric:
    """A rubric whose criteria have one anchor per level ("<criterion>: perilaku tingkat N")."""
    rubric = Rubric.objects.create(
        period=period,
        name="Simulasi kasus klinis: pasien demam berdarah",
        method=method,
        description="Nilai tiap kriteria menurut jangkar perilaku; jangan berdiskusi.",
        case_material="Pasien anak 8 tahun, demam hari ke-3, trombosit 90.000/µL.",
        min_level=min_level,
        max_level=max_level,
        created_by=created_by or UserFactory.create(roles=[Role.ADMIN_BKPSDM]),
    )
    for order, (name, weight) in enumerate(criteria, start=1):
        criterion = RubricCriterion.objects.create(
            rubric=rubric, order=order, name=name, weight=weight
        )
        RubricAnchor.objects.bulk_create(
            RubricAnchor(
                criterion=criterion, level=level, description=f"{name}: perilaku tingkat {level}"
            )
            for level in range(min_level, max_level + 1)
        )
    return rubric


def make_components(
    formasi: Formasi,
    *,
    rubric: Rubric | None = None,
    cat_weight: Decimal = Decimal(60),
    cat_max_score: int = 500,
    **assessed: Any,
) -> tuple[SkbComponent, SkbComponent]:
    """SKB-CAT (cat_weight %) + a case simulation (the rest), both on `formasi`."""
    rubric = rubric or make_rubric(period=formasi.period)
    cat = SkbComponent.objects.create(
        formasi=formasi,
        order=1,
        method=Method.CAT,
        name="SKB-CAT",
        weight=cat_weight,
        cat_max_score=cat_max_score,
    )
    options: dict[str, Any] = {
        "assessors_per_candidate": 2,
        "max_spread": Decimal(15),
        "aggregation": Aggregation.MEAN,
        "is_blind": True,
    }
    options.update(assessed)
    simulation = SkbComponent.objects.create(
        formasi=formasi,
        order=2,
        method=rubric.method,
        name="Simulasi kasus klinis",
        weight=Decimal(100) - cat_weight,
        rubric=rubric,
        **options,
    )
    return cat, simulation


class SkbCandidateFactory(DjangoModelFactory[SkbCandidate]):
    """An MS application that proceeded to the SKB with TWK 100 / TIU 110 / TKP 180."""

    class Meta:
        model = SkbCandidate

    application = factory.SubFactory(ApplicationFactory, status=Application.Status.MS)
    period = factory.LazyAttribute(lambda o: o.application.period)
    formasi = factory.LazyAttribute(lambda o: o.application.formasi)
    code = factory.Sequence(lambda n: f"K-{n:05d}")
    twk = 100
    tiu = 110
    tkp = 180
    skd_total = factory.LazyAttribute(lambda o: o.twk + o.tiu + o.tkp)
    cut_rank = factory.Sequence(lambda n: n + 1)
    education_score = factory.LazyAttribute(lambda o: o.application.applicant.gpa)
    birth_date = factory.LazyAttribute(lambda o: o.application.applicant.birth_date)

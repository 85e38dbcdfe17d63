from typing import Any

import factory
from factory.django import DjangoModelFactory

from simerit.organization import services
from simerit.organization.models import Golongan, Position, WorkUnit


class WorkUnitFactory(DjangoModelFactory[WorkUnit]):
    """Units are made through the service so that the materialised path is right."""

    class Meta:
        model = WorkUnit

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    code = factory.Sequence(lambda n: f"U{n:04d}")
    kind = WorkUnit.Kind.OPD
    parent = factory.LazyFunction(lambda: root_unit())

    @classmethod
    def _create(cls, model_class: type[WorkUnit], *args: Any, **kwargs: Any) -> WorkUnit:
        return services.create_work_unit(actor=None, **kwargs)


def root_unit() -> WorkUnit:
    existing = WorkUnit.objects.filter(kind=WorkUnit.Kind.GOVERNMENT, parent=None).first()
    if existing:
        return existing
    return services.create_work_unit(
        name="Pemerintah Kota Palembang",
        code="PEMKOT",
        kind=WorkUnit.Kind.GOVERNMENT,
        parent=None,
        actor=None,
    )


class PositionFactory(DjangoModelFactory[Position]):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"Analis Uji {n}")
    kind = Position.Kind.PELAKSANA


def golongan(code: str) -> Golongan:
    return Golongan.objects.get(code=code)

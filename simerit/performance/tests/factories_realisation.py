"""Fixtures of the realisation tests: an approved SKP with one result and two indicators (one where
more is better, one where less is better), in the 2026 year of tests/factories.py."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from simerit.performance.models import Indicator, Skp, WorkResult
from simerit.performance.tests.factories import Team, make_skp, make_team

# A day in Triwulan II of 2026: periods 1 and 2 have started, 3 and 4 have not.
TODAY = dt.date(2026, 5, 15)


@dataclass
class Plan:
    team: Team
    skp: Skp
    result: WorkResult
    documents: Indicator  # 40 dokumen, more is better
    days: Indicator  # 10 hari, less is better


def make_plan(*, status: str = Skp.Status.APPROVED) -> Plan:
    team = make_team()
    skp = make_skp(team.staff[1], status=status)
    result = WorkResult.objects.create(skp=skp, order=1, text="Layanan rujukan terverifikasi")
    documents = Indicator.objects.create(
        result=result,
        aspect=Indicator.Aspect.QUANTITY,
        text="Dokumen rujukan terverifikasi",
        target=Decimal(40),
        unit="dokumen",
    )
    days = Indicator.objects.create(
        result=result,
        aspect=Indicator.Aspect.TIME,
        text="Waktu verifikasi",
        target=Decimal(10),
        unit="hari",
        lower_is_better=True,
    )
    return Plan(team=team, skp=skp, result=result, documents=documents, days=days)


@pytest.fixture(name="today")
def today_fixture(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """`timezone.localdate()` is TODAY in every module that calls it."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture(name="plan")
def plan_fixture(db: None, today: dt.date) -> Plan:
    return make_plan()

"""Two requests at once. A second compute of a month that passed the "existing draft" check while
the first was storing its run meets the one-draft-per-month constraint: the caller gets the
conflict message and nothing changes (no 500). A run's computation and a scheme's edit lock the
scheme's row before reading it (compute) or asking whether a run used it (edit), so an edit made
during a computation waits, then sees the run and is refused."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import QuerySet

from simerit.audit.models import AuditEvent
from simerit.compensation.models import BaseAmount, Line, Run, Scheme
from simerit.compensation.selectors.computation import build_lines
from simerit.compensation.selectors.schemes import is_frozen
from simerit.compensation.services import runs as services
from simerit.compensation.services import schemes as scheme_services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    make_scheme,
    scheme_data,
    staff,
)
from simerit.core.exceptions import ConflictError, DomainError
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db

RACED = (
    "Perhitungan TPP bulan Oktober 2026 baru saja dibuat oleh pengguna lain; buka daftar "
    "perhitungan untuk melihatnya."
)


def state() -> tuple[Any, ...]:
    return (
        Run.objects.count(),
        Line.objects.count(),
        AuditEvent.objects.count(),
        sorted(Run.objects.values_list("pk", "status", "employees", "total_amount")),
    )


@pytest.fixture
def scheme(hr_admin, org) -> Scheme:
    scheme = make_scheme(created_by=hr_admin)
    staff(org.dinkes, name="Andi")
    return scheme


def test_a_second_compute_of_the_month_at_once_is_a_conflict(hr_admin, scheme, monkeypatch):
    services.compute_run(actor=hr_admin, month=OCTOBER)
    before = state()
    # The second request read "no draft yet" before the first stored its run.
    monkeypatch.setattr(services, "_refuse_open_runs", lambda month: None)

    with pytest.raises(ConflictError) as error:
        services.compute_run(actor=hr_admin, month=OCTOBER)

    assert error.value.message == RACED
    assert state() == before


def test_a_second_correction_at_once_is_a_conflict(hr_admin, scheme, monkeypatch):
    final = services.finalise_run(
        actor=hr_admin, run=services.compute_run(actor=hr_admin, month=OCTOBER)
    )
    services.start_correction(actor=hr_admin, run=final)
    before = state()
    monkeypatch.setattr("simerit.compensation.selectors.runs.draft_of_month", lambda month: None)

    with pytest.raises(ConflictError) as error:
        services.start_correction(actor=hr_admin, run=final)

    assert error.value.message == RACED
    assert state() == before


def test_the_api_answers_409_not_500(client, hr_admin, scheme, monkeypatch):
    services.compute_run(actor=hr_admin, month=OCTOBER)
    before = state()
    monkeypatch.setattr(services, "_refuse_open_runs", lambda month: None)
    client.force_login(hr_admin)

    response = client.post(
        "/api/v1/tpp/runs", {"month": "2026-10"}, content_type="application/json"
    )

    assert (response.status_code, response.json()["detail"]) == (409, RACED)
    assert state() == before


@pytest.fixture
def steps(monkeypatch) -> list[str]:
    """What the services do, in order: each lock taken on a scheme or a run, and the reads that
    must come after the scheme's lock."""
    done: list[str] = []
    lock = QuerySet.select_for_update

    def spy_lock(self: QuerySet[Any], *args: Any, **kwargs: Any) -> QuerySet[Any]:
        if self.model in (Scheme, Run):  # (not the audit trail's own lock)
            done.append(f"lock {self.model.__name__}")
        return lock(self, *args, **kwargs)

    def after(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            done.append(name)
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(QuerySet, "select_for_update", spy_lock)
    monkeypatch.setattr(
        "simerit.compensation.services.runs.build_lines", after("read scheme", build_lines)
    )
    monkeypatch.setattr(
        "simerit.compensation.services.schemes.is_frozen", after("is frozen?", is_frozen)
    )
    return done


def test_a_compute_locks_the_scheme_before_reading_it(hr_admin, scheme, steps):
    draft = services.compute_run(actor=hr_admin, month=OCTOBER)
    assert steps == ["lock Scheme", "read scheme"]

    steps.clear()
    services.recompute_run(actor=hr_admin, run=draft)
    final = services.finalise_run(actor=hr_admin, run=draft)
    assert steps == ["lock Run", "lock Scheme", "read scheme", "lock Run"]

    steps.clear()
    services.start_correction(actor=hr_admin, run=final)
    assert steps == ["lock Run", "lock Scheme", "read scheme"]


def test_a_scheme_edit_locks_the_scheme_before_asking_about_runs(hr_admin, steps):
    scheme = make_scheme(created_by=hr_admin)
    position = PositionFactory.create(kind=Position.Kind.FUNGSIONAL)

    scheme_services.update_scheme(
        actor=hr_admin, scheme=scheme, data=scheme_data(name="Skema TPP 2026 (perbaikan)")
    )
    scheme_services.set_position_amount(
        actor=hr_admin, scheme=scheme, position=position, amount=5_000_000
    )
    base = BaseAmount.objects.get(position=position)
    scheme_services.remove_position_amount(actor=hr_admin, base=base)

    assert steps == ["lock Scheme", "is frozen?"] * 3


def test_an_edit_that_waited_for_a_compute_sees_the_run_and_is_refused(hr_admin, scheme):
    # The edit page was opened (the scheme read) before the run was computed; the edit is sent
    # after: the locked row's runs are read then.
    opened = Scheme.objects.get(pk=scheme.pk)
    services.compute_run(actor=hr_admin, month=dt.date(2026, 10, 1))
    before = (state(), list(Scheme.objects.values_list("name", "performance_weight")))

    with pytest.raises(DomainError) as error:
        scheme_services.update_scheme(
            actor=hr_admin, scheme=opened, data=scheme_data(name="Skema diubah")
        )

    assert error.value.message == scheme_services.FROZEN
    assert error.value.message.startswith("Skema ini sudah dipakai perhitungan TPP")
    assert (state(), list(Scheme.objects.values_list("name", "performance_weight"))) == before

"""Runs of seed_demo on a database that is not empty: the demo, or other data."""

import pytest
from django.core.management.base import CommandError

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.audit.services import verify_chain
from simerit.demo.tests.test_seed_demo import run_seed
from simerit.employees.models import Employee
from simerit.organization.models import Position, WorkUnit
from simerit.organization.tests.factories import root_unit


def test_seed_demo_twice_changes_nothing(db):
    run_seed()
    counts = (
        WorkUnit.objects.count(),
        Position.objects.count(),
        Employee.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    )

    second = run_seed()

    assert second.startswith("Data demo sudah ada; tidak ada yang diubah.")
    assert "admin.bkpsdm   Admin BKPSDM      SiMerit-Demo-2026" in second.splitlines()
    assert counts == (76, 322, 355, 9, 765)
    assert (
        WorkUnit.objects.count(),
        Position.objects.count(),
        Employee.objects.count(),
        User.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert verify_chain().intact is True


def test_seed_demo_refuses_a_database_whose_root_is_not_demo_data(db):
    root_unit()
    events_before = AuditEvent.objects.count()

    with pytest.raises(CommandError) as error:
        run_seed()

    assert "tidak semua akun demo" in str(error.value)
    assert WorkUnit.objects.count() == 1
    assert User.objects.exists() is False
    assert AuditEvent.objects.count() == events_before

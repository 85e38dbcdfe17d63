"""Runs of seed_demo on a database that is not empty with other data.

A second run on the demo itself is tested in test_seed_demo.py, on its module's demo (building
the demo takes seconds).
"""

import pytest
from django.core.management.base import CommandError

from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.demo.tests.test_seed_demo import run_seed
from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import root_unit


def test_seed_demo_refuses_a_database_whose_root_is_not_demo_data(db):
    root_unit()
    events_before = AuditEvent.objects.count()

    with pytest.raises(CommandError) as error:
        run_seed()

    assert "tidak semua akun demo" in str(error.value)
    assert WorkUnit.objects.count() == 1
    assert User.objects.exists() is False
    assert AuditEvent.objects.count() == events_before

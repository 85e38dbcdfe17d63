"""Personas shared by every test: the people of SiMerit, with the organisation they work in.

Dinas Kesehatan is the persona OPD; Dinas Pendidikan is "another OPD" for scope tests.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import caches

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization import services as org_services
from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory, root_unit


@pytest.fixture(autouse=True)
def _empty_caches() -> None:
    """Every test starts with empty caches (rate limits, the scoreboard, exam layouts)."""
    for cache in caches.all():
        cache.clear()


@dataclass
class Org:
    root: WorkUnit
    dinkes: WorkUnit
    dinkes_division: WorkUnit
    disdik: WorkUnit


@pytest.fixture
def org(db: None) -> Org:
    root = root_unit()
    dinkes = WorkUnitFactory.create(name="Dinas Kesehatan", code="DINKES", parent=root)
    division = WorkUnitFactory.create(
        name="Bidang Pelayanan Kesehatan",
        code="DINKES-YANKES",
        kind=WorkUnit.Kind.DIVISION,
        parent=dinkes,
    )
    disdik = WorkUnitFactory.create(name="Dinas Pendidikan", code="DISDIK", parent=root)
    return Org(root=root, dinkes=dinkes, dinkes_division=division, disdik=disdik)


@pytest.fixture
def hr_admin(db: None) -> User:
    return UserFactory.create(
        username="admin.bkpsdm", full_name="Admin BKPSDM", roles=[Role.ADMIN_BKPSDM]
    )


@pytest.fixture
def opd_admin(org: Org) -> User:
    user = UserFactory.create(
        username="admin.dinkes", full_name="Admin Dinkes", roles=[Role.ADMIN_OPD]
    )
    org_services.assign_opd_admin(user=user, work_unit=org.dinkes, actor=None)
    return user


@pytest.fixture
def supervisor(org: Org) -> User:
    user = UserFactory.create(
        username="atasan", full_name="Kepala Bidang", roles=[Role.PEGAWAI, Role.ATASAN]
    )
    EmployeeFactory.create(user=user, work_unit=org.dinkes_division, name="Kepala Bidang")
    return user


@pytest.fixture
def employee(org: Org, supervisor: User) -> User:
    user = UserFactory.create(username="pegawai", full_name="Pegawai Uji", roles=[Role.PEGAWAI])
    EmployeeFactory.create(
        user=user,
        work_unit=org.dinkes_division,
        name="Pegawai Uji",
        supervisor=Employee.objects.get(user=supervisor),
    )
    return user


@pytest.fixture
def other_opd_employee(org: Org) -> Employee:
    return EmployeeFactory.create(work_unit=org.disdik, name="Guru Lain")


@pytest.fixture
def applicant(db: None) -> User:
    return UserFactory.create(username="pelamar", full_name="Pelamar Uji", roles=[Role.PELAMAR])


@pytest.fixture
def verifier(db: None) -> User:
    return UserFactory.create(username="verifikator", roles=[Role.VERIFIKATOR])


@pytest.fixture
def assessor(db: None) -> User:
    return UserFactory.create(username="asesor", roles=[Role.ASESOR])


@pytest.fixture
def proctor(db: None) -> User:
    return UserFactory.create(username="pengawas", roles=[Role.PENGAWAS_UJIAN])


@pytest.fixture
def auditor(db: None) -> User:
    return UserFactory.create(
        username="auditor", full_name="Auditor Inspektorat", roles=[Role.AUDITOR]
    )


@pytest.fixture
def question_writer(db: None) -> User:
    """Penulis soal: writes questions in the bank; sees nothing else of the CAT."""
    return UserFactory.create(
        username="penulis", full_name="Sri Wahyuni", roles=[Role.PENULIS_SOAL]
    )

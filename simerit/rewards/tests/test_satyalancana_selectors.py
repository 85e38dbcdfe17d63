"""The Satyalancana contract (`eligibility`) and the yearly list, on the database."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simerit.discipline.models import SanctionType
from simerit.employees.models import Employee, EmployeeKind
from simerit.rewards import permissions
from simerit.rewards.models import Grant
from simerit.rewards.selectors.satyalancana import eligibility, yearly_list
from simerit.rewards.tests.factories import (
    NominationFactory,
    hr_user,
    sanction,
    satyalancana,
    staff,
)

pytestmark = pytest.mark.django_db


def make_grant(employee: Employee, years: int, year: int) -> Grant:
    award = satyalancana(years)
    return Grant.objects.create(
        award=award,
        employee=employee,
        year=year,
        granted_on=dt.date(year, 8, 17),
        decree_number=f"Keppres {year}",
        number=f"PGH-{year}-000001-ABCDEF",
        holder_name=employee.display_name,
        holder_nip=employee.nip,
        award_name=award.name,
        unit_name=employee.work_unit.name,
        granted_by=hr_user(),
    )


def test_eligibility_contract_for_an_eligible_employee():
    employee = staff(tmt_cpns=dt.date(2016, 3, 1))

    check = eligibility([employee.pk], year=2026)[employee.pk]

    assert check.employee_id == employee.pk
    assert check.service_years == 10
    assert check.award_id == satyalancana(10).pk
    assert check.eligible is True
    assert check.reasons == []


def test_a_sedang_sanction_excludes_an_otherwise_identical_colleague():
    clean = staff(tmt_cpns=dt.date(2016, 3, 1))
    punished = staff(tmt_cpns=dt.date(2016, 3, 1))
    sanction(punished, decided_on=dt.date(2026, 2, 2), number="HD-2026-0001")

    checks = eligibility([clean.pk, punished.pk], year=2026)

    assert checks[clean.pk].eligible is True
    assert checks[punished.pk].eligible is False
    assert checks[punished.pk].award_id == satyalancana(10).pk
    assert checks[punished.pk].reasons == [
        "Pernah dijatuhi hukuman disiplin tingkat sedang (HD-2026-0001, 02/02/2026)."
    ]


def test_ringan_and_annulled_sanctions_do_not_exclude():
    ringan = staff(tmt_cpns=dt.date(2016, 3, 1))
    sanction(ringan, sanction_type=SanctionType.TEGURAN_TERTULIS, decided_on=dt.date(2026, 2, 2))
    annulled = staff(tmt_cpns=dt.date(2016, 3, 1))
    sanction(annulled, decided_on=dt.date(2026, 2, 2), annulled=True)

    checks = eligibility([ringan.pk, annulled.pk], year=2026)

    assert checks[ringan.pk].eligible is True
    assert checks[annulled.pk].eligible is True


def test_pppk_and_missing_tmt_get_reasons():
    pppk = staff(tmt_cpns=dt.date(2010, 3, 1), kind=EmployeeKind.PPPK)
    unknown = staff(tmt_cpns=None)

    checks = eligibility([pppk.pk, unknown.pk], year=2026)

    assert checks[pppk.pk].reasons == [
        "PPPK tidak termasuk penerima Satyalancana Karya Satya; hanya PNS dan CPNS."
    ]
    assert checks[unknown.pk].award_id is None
    assert checks[unknown.pk].reasons == [
        "TMT CPNS belum dicatat; masa kerja tidak dapat dihitung."
    ]


def test_a_revoked_grant_does_not_count_as_granted():
    employee = staff(tmt_cpns=dt.date(2016, 3, 1))
    grant = make_grant(employee, 10, 2026)
    assert eligibility([employee.pk], year=2026)[employee.pk].already_granted is True

    Grant.objects.filter(pk=grant.pk).update(
        revoked_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), revoke_reason="Keliru."
    )

    assert eligibility([employee.pk], year=2026)[employee.pk].eligible is True


def test_yearly_list_splits_eligible_and_excluded_and_skips_the_done(org, opd_admin):
    eligible = staff(tmt_cpns=dt.date(2016, 3, 1), name="Ani", work_unit=org.dinkes)
    excluded = staff(tmt_cpns=dt.date(2006, 3, 1), name="Budi", work_unit=org.dinkes_division)
    sanction(excluded, decided_on=dt.date(2026, 2, 2), number="HD-2026-0009")
    done = staff(tmt_cpns=dt.date(2016, 3, 1), name="Citra", work_unit=org.dinkes)
    make_grant(done, 10, 2026)
    staff(tmt_cpns=dt.date(2017, 1, 1), name="Dedi", work_unit=org.dinkes)  # 9 years 11 months
    staff(tmt_cpns=dt.date(2016, 3, 1), name="Eka", work_unit=org.dinkes, is_active=False)
    staff(tmt_cpns=dt.date(2010, 3, 1), name="Fajar", work_unit=org.dinkes, kind="pppk")
    elsewhere = staff(tmt_cpns=dt.date(2016, 3, 1), name="Gita", work_unit=org.disdik)
    nomination = NominationFactory.create(award=satyalancana(10), employee=eligible, year=2026)

    everyone = yearly_list(Employee.objects.all(), year=2026)
    scoped = yearly_list(permissions.scope_employees(opd_admin), year=2026)

    assert [row.employee.name for row in everyone.eligible] == ["Ani", "Gita"]
    assert [row.employee.name for row in everyone.excluded] == ["Budi"]
    assert everyone.eligible[0].nomination == nomination
    assert everyone.eligible[1].nomination is None
    assert everyone.excluded[0].award == satyalancana(20)
    assert everyone.excluded[0].check.public_reasons == [
        "Pernah dijatuhi hukuman disiplin tingkat sedang (02/02/2026)."
    ]
    assert [row.employee.pk for row in scoped.eligible] == [eligible.pk]
    assert elsewhere.pk not in [row.employee.pk for row in scoped.excluded]


def test_yearly_list_queries_do_not_grow_with_employees():
    for _ in range(3):
        staff(tmt_cpns=dt.date(2016, 3, 1))
    with CaptureQueriesContext(connection) as few:
        yearly_list(Employee.objects.all(), year=2026)
    for _ in range(6):
        sanction(staff(tmt_cpns=dt.date(2016, 3, 1)), decided_on=dt.date(2026, 2, 2))
    with CaptureQueriesContext(connection) as many:
        listing = yearly_list(Employee.objects.all(), year=2026)

    assert len(listing.eligible) == 3
    assert len(listing.excluded) == 6
    assert len(many.captured_queries) == len(few.captured_queries)

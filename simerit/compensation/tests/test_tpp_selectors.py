"""The cross-app contract `selectors.tpp.lines_of`, the run page's query count, the line
visibility per role, and the read-only admin."""

import datetime as dt

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.compensation.models import Run
from simerit.compensation.permissions import visible_lines, visible_runs
from simerit.compensation.selectors.tpp import lines_of
from simerit.compensation.services import runs as services
from simerit.compensation.tests.factories_tpp import (
    OCTOBER,
    attendance,
    make_scheme,
    sanction,
    staff,
)
from simerit.employees.models import Employee

pytestmark = pytest.mark.django_db

AUGUST, SEPTEMBER = dt.date(2026, 8, 1), dt.date(2026, 9, 1)


@pytest.fixture
def scheme(hr_admin):
    return make_scheme(created_by=hr_admin)


def test_lines_of_gives_final_runs_newest_first(hr_admin, employee, scheme):
    me = Employee.objects.get(user=employee)
    august = services.finalise_run(
        actor=hr_admin, run=services.compute_run(actor=hr_admin, month=AUGUST)
    )
    october = services.finalise_run(
        actor=hr_admin, run=services.compute_run(actor=hr_admin, month=OCTOBER)
    )
    services.compute_run(actor=hr_admin, month=SEPTEMBER)  # a draft: not listed
    correction = services.start_correction(actor=hr_admin, run=august)
    services.finalise_run(actor=hr_admin, run=correction)  # august is now superseded

    lines = lines_of(me.pk)

    assert [line.run_id for line in lines] == [october.pk, correction.pk]


def test_lines_of_reads_once(hr_admin, employee, scheme, django_assert_num_queries):
    me = Employee.objects.get(user=employee)
    for month in (AUGUST, SEPTEMBER, OCTOBER):
        services.finalise_run(actor=hr_admin, run=services.compute_run(actor=hr_admin, month=month))

    with django_assert_num_queries(1):
        shown = [
            (line.run.month, line.run.scheme.name, line.total_amount) for line in lines_of(me.pk)
        ]

    assert [month for month, _scheme, _total in shown] == [OCTOBER, SEPTEMBER, AUGUST]


def test_visible_runs_and_lines_per_role(hr_admin, auditor, opd_admin, employee, org, scheme):
    teacher = staff(org.disdik, name="Guru Lain")
    draft = services.compute_run(actor=hr_admin, month=OCTOBER)
    me = Employee.objects.get(user=employee)
    stranger = UserFactory.create()

    assert visible_lines(auditor).filter(run=draft).count() == 3
    assert set(visible_lines(opd_admin).values_list("employee__name", flat=True)) == {
        "Kepala Bidang",
        "Pegawai Uji",
    }
    assert not visible_lines(employee).exists()
    assert not visible_runs(employee).exists()
    services.finalise_run(actor=hr_admin, run=draft)
    assert [line.employee_id for line in visible_lines(employee)] == [me.pk]
    assert list(visible_runs(employee)) == [Run.objects.get()]
    assert not visible_lines(stranger).exists()
    assert not visible_runs(stranger).exists()
    assert teacher.pk not in visible_lines(opd_admin).values_list("employee_id", flat=True)


def test_the_run_page_queries_do_not_grow_with_the_lines(
    client, hr_admin, org, scheme, django_assert_max_num_queries
):
    def page_queries(run):
        client.force_login(hr_admin)
        with django_assert_max_num_queries(40) as captured:
            response = client.get(reverse("compensation:run_detail", args=[run.pk]))
        assert response.status_code == 200
        return len(captured)

    for index in range(2):
        person = staff(org.dinkes, name=f"Awal {index}")
        sanction(person, starts_on=AUGUST)
    few = page_queries(services.compute_run(actor=hr_admin, month=SEPTEMBER))
    for index in range(10):
        person = staff(org.dinkes, name=f"Tambahan {index}")
        attendance(person)
        sanction(person, starts_on=AUGUST)

    many = page_queries(services.compute_run(actor=hr_admin, month=OCTOBER))

    assert many == few


def test_the_admin_is_read_only(client, hr_admin, scheme):
    client.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))

    for name in ("scheme", "run", "line"):
        listing = client.get(reverse(f"admin:compensation_{name}_changelist"))
        added = client.get(reverse(f"admin:compensation_{name}_add"))
        assert (listing.status_code, added.status_code) == (200, 403)
    page = client.get(reverse("admin:compensation_scheme_change", args=[scheme.pk]))
    assert page.status_code == 200

"""An Admin OPD reaches the employees of its own OPD only; elsewhere it gets the 403 page."""

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page

from browser_tests.conftest import BROWSER
from simerit.accounts.models import User
from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.employees.rules import mask_nik

pytestmark = BROWSER


def test_opd_admin_gets_the_403_page_for_another_opds_employee(
    opd_admin: User, other_opd_employee: Employee, log_in: Callable[[User], Page]
) -> None:
    page = log_in(opd_admin)
    events_before = AuditEvent.objects.count()

    response = page.goto(reverse("employees:detail", args=[other_opd_employee.pk]))

    assert response is not None
    assert response.status == 403
    assert page.title() == "Akses ditolak · SiMerit"
    assert page.get_by_role("heading", level=1).inner_text() == "Akses ditolak"
    body = page.locator("main").inner_text()
    assert other_opd_employee.name not in body
    assert other_opd_employee.nip not in body
    assert AuditEvent.objects.count() == events_before


def test_opd_admin_opens_its_own_opds_employee_with_the_nik_masked(
    opd_admin: User, employee: User, log_in: Callable[[User], Page]
) -> None:
    record = Employee.objects.get(user=employee)
    page = log_in(opd_admin)

    response = page.goto(reverse("employees:detail", args=[record.pk]))

    assert response is not None
    assert response.status == 200
    body = page.locator("main").inner_text()
    assert "Pegawai Uji" in body
    assert mask_nik(record.nik) in body
    assert record.nik not in page.content()

"""The angka kredit pages: the list and its export, one employee's detail, and the opening balance
form (Admin BKPSDM only, never their own; a refused request changes nothing)."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.career.models import CreditOpening
from simerit.career.tests.factories import (
    CreditOpeningFactory,
    CreditRequirementFactory,
    appraise,
    functional_position,
    make_office,
    with_account,
)

pytestmark = pytest.mark.django_db

LIST = reverse("career:credit")
EXPORT = reverse("career:credit_export")
FORM = {"as_of": "2024-12-31", "amount": "42,5", "note": "Konversi integrasi"}


@pytest.fixture
def office():
    office = make_office()
    analyst = office.staff[0]
    analyst.position = functional_position("ahli_pertama")
    analyst.save()
    CreditRequirementFactory.create(functional_level="ahli_pertama", for_next_rank=Decimal("50"))
    appraise(analyst, year=2025, predikat="baik")
    return office


def detail(employee):
    return reverse("career:credit_detail", args=[employee.pk])


def opening(employee):
    return reverse("career:credit_opening", args=[employee.pk])


def test_list(client, office):
    client.force_login(office.admin)

    response = client.get(LIST)

    assert response.status_code == 200
    assert [employee.name for employee, _report in response.context["rows"]] == ["Staf A"]
    content = response.content.decode()
    assert "Kurang 37,500 angka kredit untuk kenaikan pangkat (terkumpul 12,500 dari 50,000)." in (
        content
    )
    assert "Ahli Pertama" in content


def test_the_career_tabs_lead_to_the_credit_list(client, office):
    client.force_login(office.hr)

    grid = client.get(reverse("career:talent")).content.decode()
    credit = client.get(LIST).content.decode()

    tab = f'href="{LIST}">Angka kredit</a>'
    assert f'<a class="nav-link" {tab}' in grid
    assert f'<a class="nav-link active" aria-current="page" {tab}' in credit
    assert 'href="/karier/suksesi/">Kelompok rencana suksesi</a>' in credit


def test_list_filters_and_empty_state(client, office):
    client.force_login(office.hr)

    other_unit = client.get(LIST, {"unit": office.other_unit.pk})
    searched = client.get(LIST, {"q": "Staf"})

    assert "Tidak ada pegawai jabatan fungsional yang cocok dengan filter ini." in (
        other_unit.content.decode()
    )
    assert [employee.name for employee, _report in searched.context["rows"]] == ["Staf A"]


def test_list_permissions(client, office):
    client.force_login(office.other_admin)
    outside = client.get(LIST, {"unit": office.unit.pk})
    own_scope = client.get(LIST)
    client.force_login(office.user(office.staff[1]))
    employee = client.get(LIST)

    assert (outside.status_code, own_scope.status_code, employee.status_code) == (404, 200, 403)
    assert own_scope.context["rows"] == []


def test_export(client, office):
    client.force_login(office.hr)

    response = client.get(EXPORT, {"unit": office.unit.pk})

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="angka-kredit-unit-{office.unit.pk}.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Angka kredit"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Staf A"]
    assert AuditEvent.objects.filter(action="career.credit_list.exported").count() == 1


def test_detail_for_hr_has_the_form(client, office):
    client.force_login(office.hr)

    response = client.get(detail(office.staff[0]))

    assert response.status_code == 200
    assert response.context["form"] is not None
    content = response.content.decode()
    assert "12/12 × 100 % × 12,500 = 12,500" in content
    assert 'data-testid="opening-form"' in content


def test_detail_read_only_for_others(client, office):
    for user in (office.auditor, office.admin, office.user(office.chief)):
        client.force_login(user)
        response = client.get(detail(office.staff[0]))
        assert (response.status_code, response.context["form"]) == (200, None)


def test_the_employee_sees_their_own_detail(client, office):
    client.force_login(office.user(office.staff[0]))

    own = client.get(detail(office.staff[0]))
    colleague = client.get(detail(office.staff[1]))

    assert (own.status_code, own.context["form"], colleague.status_code) == (200, None, 404)
    assert "Kembali ke daftar angka kredit" not in own.content.decode()


def test_detail_outside_a_jabatan_fungsional(client, office):
    client.force_login(office.hr)

    response = client.get(detail(office.staff[1]))

    assert response.context["report"] is None
    assert "angka kredit tidak berlaku" in response.content.decode()


def test_detail_outside_the_scope_is_not_found(client, office):
    client.force_login(office.other_admin)

    assert client.get(detail(office.staff[0])).status_code == 404


def test_hr_records_an_opening(client, office):
    client.force_login(office.hr)

    response = client.post(opening(office.staff[0]), FORM, follow=True)

    row = CreditOpening.objects.get()
    assert (row.employee, row.as_of, row.amount, row.note) == (
        office.staff[0],
        dt.date(2024, 12, 31),
        Decimal("42.500"),
        "Konversi integrasi",
    )
    assert response.redirect_chain == [(detail(office.staff[0]), 302)]
    content = response.content.decode()
    assert f"Saldo awal angka kredit {office.staff[0].display_name} tersimpan." in content
    assert "Angka kredit mencukupi untuk kenaikan pangkat." in content  # 42,5 + 12,5 (2025)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-1"}, "Angka kredit tidak boleh negatif."),
        ({"amount": "dua"}, "Angka kredit harus berupa angka."),
        ({"amount": "1,2345"}, "Angka kredit paling banyak tiga angka di belakang koma."),
        ({"as_of": "2026-12-01"}, "Tanggal saldo awal tidak boleh setelah hari ini."),
    ],
)
def test_bad_input_changes_nothing(client, office, changes, message):
    client.force_login(office.hr)
    before = AuditEvent.objects.count()

    response = client.post(opening(office.staff[0]), {**FORM, **changes})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert (CreditOpening.objects.count(), AuditEvent.objects.count()) == (0, before)


def test_not_for_a_pelaksana(client, office):
    client.force_login(office.hr)

    response = client.post(opening(office.staff[1]), FORM)

    assert response.status_code == 422
    assert CreditOpening.objects.count() == 0


def test_refused_accounts_change_nothing(client, office):
    CreditOpeningFactory.create(employee=office.staff[0], amount=Decimal("1"))
    before = AuditEvent.objects.count()
    hr_self = with_account(office.staff[0], "admin_bkpsdm")

    statuses = []
    for user in (office.auditor, office.admin, office.user(office.chief), hr_self):
        client.force_login(user)
        statuses.append(client.post(opening(office.staff[0]), FORM).status_code)
    client.force_login(office.other_admin)
    statuses.append(client.post(opening(office.staff[0]), FORM).status_code)

    assert statuses == [403, 403, 403, 403, 404]
    assert CreditOpening.objects.get().amount == Decimal("1")
    assert AuditEvent.objects.count() == before


def test_opening_needs_post(client, office):
    client.force_login(office.hr)

    assert client.get(opening(office.staff[0])).status_code == 405

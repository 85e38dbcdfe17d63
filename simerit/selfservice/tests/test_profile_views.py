"""/saya/ (Karier Saya): the logged-in employee's own record, read-only, on the fixed TODAY."""

import datetime as dt

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.career.models import PromotionRule
from simerit.career.rules import promotion as promotion_rules
from simerit.career.tests.factories import (
    CreditOpeningFactory,
    CreditRequirementFactory,
    appraise,
    functional_position,
    sanction,
)
from simerit.core.roles import Role
from simerit.discipline.tests.factories import AppealFactory
from simerit.employees.models import EmployeeKind
from simerit.organization.models import Position
from simerit.selfservice import selectors
from simerit.selfservice.tests.factories_profile import (
    award,
    grant,
    nominate,
    person,
    tpp_line,
)
from simerit.training.tests.factories_jp import completed

pytestmark = pytest.mark.django_db

URL = "/saya/"


def test_the_url_is_saya():
    assert reverse("selfservice:profile") == URL


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_account_without_an_employee_record_reads_a_plain_message(client):
    client.force_login(UserFactory.create(roles=[Role.PEGAWAI]))

    response = client.get(URL)

    assert response.status_code == 200
    assert "Akun Anda belum terhubung dengan data pegawai" in response.content.decode()
    assert "career" not in response.context


def test_the_page_is_read_only(client):
    _employee, user = person()
    client.force_login(user)
    events = AuditEvent.objects.count()

    response = client.post(URL)

    assert response.status_code == 405
    assert AuditEvent.objects.count() == events


def test_the_page_shows_every_section_of_the_own_record(client):
    # given: one row in every section
    employee, user = person(nik="1671015203900007", tmt_cpns=dt.date(2016, 3, 1))
    appraisal = appraise(employee, year=2025, predikat="baik")
    completed(employee, jp="12.5", ends_on=dt.date(2026, 3, 4))
    teladan = award("Pegawai Teladan")
    grant(employee, teladan, number="PGH-2025-000001-ABC123")
    nominate(employee, award("Inovator Terbaik"), year=2026)
    running = sanction(employee, starts_on=dt.date(2026, 6, 1), number="HD-2026-0004")
    AppealFactory.create(sanction=running, filed_on=dt.date(2026, 6, 5))
    tpp_line(employee, month=dt.date(2026, 10, 1), total=4_250_000)
    client.force_login(user)

    response = client.get(URL)

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["career"].profile.employee == employee
    assert "1671********0007" in body
    assert "1671015203900007" not in body
    assert "Kenaikan pangkat periode 1 Desember 2026" in body
    assert f'href="{reverse("performance:skp-detail", args=[appraisal.skp_id])}">2025' in body
    assert "<strong>12,5</strong> dari minimum 20 JP tahun 2026" in body
    assert "Satyalancana Karya Satya X Tahun" in body
    assert "PGH-2025-000001-ABC123" in body
    assert "Inovator Terbaik tahun 2026: Diusulkan" in body
    assert f'href="{reverse("discipline:case_detail", args=[running.case_id])}">HD-2026-0004' in (
        body
    )
    assert "Sedang berjalan" in body
    assert "Keberatan: Dalam proses" in body
    assert "Rp4.250.000" in body
    assert "Bagian kinerja: Rp5.000.000 × 60% × 100% (Baik) = Rp3.000.000" in body


def test_an_empty_record_shows_an_empty_state_in_every_list(client):
    _employee, user = person()
    client.force_login(user)

    body = client.get(URL).content.decode()

    for testid in (
        "empty-skp",
        "empty-grants",
        "empty-nominations",
        "empty-sanctions",
        "empty-cases",
        "empty-tpp",
    ):
        assert f'data-testid="{testid}"' in body
    assert 'data-testid="section-credit"' not in body


def test_a_jabatan_fungsional_sees_the_angka_kredit(client):
    position = functional_position(Position.FunctionalLevel.AHLI_PERTAMA)
    employee, user = person(position=position, tmt_position=dt.date(2020, 1, 1))
    CreditRequirementFactory.create()
    CreditOpeningFactory.create(employee=employee)
    appraise(employee, year=2025, predikat="baik")
    client.force_login(user)

    body = client.get(URL).content.decode()

    assert 'data-testid="section-credit"' in body
    assert '<dd class="col-sm-8 col-lg-9 fw-bold" data-testid="credit-accumulated">32,500</dd>' in (
        body
    )
    assert "Kurang 17,500 angka kredit untuk kenaikan pangkat" in body


def test_the_page_never_shows_a_talent_box(client):
    _employee, user = person()
    client.force_login(user)

    body = client.get(URL).content.decode()

    assert "9-box" not in body
    assert "Kotak talenta" not in body


def test_another_employees_record_never_appears(client):
    employee, user = person()
    other, _other_user = person()
    sanction(other, starts_on=dt.date(2026, 6, 1), number="HD-2026-0099")
    tpp_line(other, month=dt.date(2026, 10, 1), total=7_777_777)
    client.force_login(user)

    body = client.get(URL).content.decode()

    assert "HD-2026-0099" not in body
    assert "Rp7.777.777" not in body
    assert other.nip not in body
    assert employee.nip in body


def test_the_reasons_why_a_promotion_is_not_possible_are_listed(client):
    _employee, user = person(kind=EmployeeKind.CPNS, tmt_pns=None)
    client.force_login(user)

    body = client.get(URL).content.decode()

    assert "Belum memenuhi syarat kenaikan pangkat reguler:" in body
    assert f"<li>{promotion_rules.NOT_PNS[EmployeeKind.CPNS]}</li>" in body


def test_without_a_promotion_rule_the_page_says_no_period_is_set(client):
    PromotionRule.objects.all().delete()
    _employee, user = person()
    client.force_login(user)

    response = client.get(URL)

    assert response.context["career"].promotion == selectors.PromotionStatus(None, None)
    assert "Belum ada periode kenaikan pangkat yang ditetapkan" in response.content.decode()

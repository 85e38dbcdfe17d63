"""Angka kredit of a jabatan fungsional (§5.8): the coefficients seeded by the migration and kept
by Admin BKPSDM in the audited Django admin, the months in the position, and where it is shown
(the appraisal tab, the evaluation PDF, the employee's history)."""

import datetime as dt
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.organization.models import Position
from simerit.organization.tests.factories import PositionFactory
from simerit.performance import rules
from simerit.performance.models import (
    Appraisal,
    CreditCoefficient,
    PerformanceYear,
    Predikat,
    Rating,
    Skp,
)
from simerit.performance.selectors.credit import credit_for, months_in_position
from simerit.performance.tests.factories import PerformanceYearFactory, make_skp
from simerit.performance.tests.factories_appraisal import Case, approved_case, decided

pytestmark = pytest.mark.django_db

Level = Position.FunctionalLevel


@pytest.fixture
def case() -> Case:
    return approved_case()


def functional(case: Case, level: str, *, tmt: dt.date | None = None) -> Position:
    """Staf B holds a jabatan fungsional of `level` (TMT `tmt`), on the employee and the SKP."""
    position = PositionFactory.create(
        name=f"Analis Kebijakan {Level(level).label}",
        kind=Position.Kind.FUNGSIONAL,
        functional_level=level,
    )
    employee = case.skp.employee
    employee.position = position
    employee.tmt_position = tmt
    employee.save(update_fields=["position", "tmt_position"])
    Skp.objects.filter(pk=case.skp.pk).update(position=position)
    case.skp.refresh_from_db()
    return position


def superuser_client(client):
    client.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))
    return client


def pdf_text(client, user: User, skp: Skp) -> str:
    client.force_login(user)
    response = client.get(reverse("performance:appraisal-pdf", args=[skp.pk]))
    assert response.status_code == 200
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


# --- The configuration


def test_the_migration_seeds_exactly_the_two_verified_coefficients():
    seeded = dict(CreditCoefficient.objects.values_list("functional_level", "coefficient"))
    assert seeded == {"ahli_pertama": Decimal("12.500"), "ahli_muda": Decimal("25.000")}


def test_admin_change_of_a_coefficient_is_audited(client):
    row = CreditCoefficient.objects.get(functional_level=Level.AHLI_MUDA)
    response = superuser_client(client).post(
        f"/admin/performance/creditcoefficient/{row.pk}/change/",
        {"coefficient": "26", "note": row.note},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.coefficient == Decimal("26.000")
    assert row.functional_level == Level.AHLI_MUDA  # read-only once saved
    event = AuditEvent.objects.get(action="performance.creditcoefficient.changed_in_admin")
    assert event.target_id == str(row.pk)
    assert event.changes == {"coefficient": ["25.000", "26"]}


def test_admin_adds_a_jenjang_audited(client):
    response = superuser_client(client).post(
        "/admin/performance/creditcoefficient/add/",
        {"functional_level": Level.AHLI_MADYA, "coefficient": "37.5", "note": "SK Kepala BKN"},
    )
    assert response.status_code == 302
    row = CreditCoefficient.objects.get(functional_level=Level.AHLI_MADYA)
    assert row.coefficient == Decimal("37.500")
    event = AuditEvent.objects.get(action="performance.creditcoefficient.created_in_admin")
    assert event.target_id == str(row.pk)


@pytest.mark.parametrize("value", ["0", "-1", "1000", "abc"])
def test_admin_refuses_a_bad_coefficient_and_changes_nothing(client, value):
    row = CreditCoefficient.objects.get(functional_level=Level.AHLI_PERTAMA)
    response = superuser_client(client).post(
        f"/admin/performance/creditcoefficient/{row.pk}/change/",
        {"coefficient": value, "note": row.note},
    )
    assert response.status_code == 200  # the form again, with the error
    row.refresh_from_db()
    assert row.coefficient == Decimal("12.500")
    assert AuditEvent.objects.count() == 0


def test_admin_refuses_a_second_row_for_a_jenjang(client):
    response = superuser_client(client).post(
        "/admin/performance/creditcoefficient/add/",
        {"functional_level": Level.AHLI_PERTAMA, "coefficient": "13", "note": ""},
    )
    assert response.status_code == 200
    assert CreditCoefficient.objects.filter(functional_level=Level.AHLI_PERTAMA).count() == 1
    assert AuditEvent.objects.count() == 0


def test_admin_cannot_delete_a_coefficient(client):
    row = CreditCoefficient.objects.get(functional_level=Level.AHLI_PERTAMA)
    response = superuser_client(client).post(
        f"/admin/performance/creditcoefficient/{row.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert CreditCoefficient.objects.filter(pk=row.pk).exists() is True


# --- The amount


def test_ahli_pertama_sangat_baik_for_the_whole_year(case):
    functional(case, Level.AHLI_PERTAMA)
    appraisal = decided(case, result=Rating.ABOVE, behaviour=Rating.ABOVE)
    credit = credit_for(appraisal)
    assert credit is not None
    assert (credit.level, credit.months, credit.predikat) == ("Ahli Pertama", 12, "Sangat Baik")
    assert credit.coefficient == Decimal("12.500")
    assert credit.amount == Decimal("18.750")
    assert credit.amount_text == "18,750"
    assert credit.explanation == "12/12 × 150 % × 12,500 = 18,750"
    assert credit.message == ""


def test_ahli_muda_baik_from_a_tmt_of_1_november_counts_2_months(case):
    functional(case, Level.AHLI_MUDA, tmt=dt.date(2026, 11, 1))
    appraisal = decided(case)
    credit = credit_for(appraisal)
    assert credit is not None
    assert (credit.months, credit.predikat) == (2, "Baik")
    assert credit.amount == Decimal("4.167")
    assert credit.explanation == "2/12 × 100 % × 25,000 = 4,167"


@pytest.mark.parametrize(
    ("tmt", "months"),
    [
        (None, 12),
        (dt.date(2019, 3, 1), 12),  # before the year: the whole year
        (dt.date(2026, 1, 1), 12),
        (dt.date(2026, 1, 31), 12),
        (dt.date(2026, 6, 15), 7),  # June to December
        (dt.date(2026, 12, 31), 1),
        (dt.date(2027, 2, 1), 12),  # after the year: not inside it, the whole year
    ],
)
def test_months_in_position(case, tmt, months):
    functional(case, Level.AHLI_PERTAMA, tmt=tmt)
    assert months_in_position(case.skp) == months


def test_a_pelaksana_has_no_angka_kredit(client, case):
    assert case.skp.position.kind == Position.Kind.PELAKSANA
    appraisal = decided(case, result=Rating.ABOVE, behaviour=Rating.ABOVE)
    assert credit_for(appraisal) is None
    client.force_login(case.employee)
    page = client.get(reverse("performance:skp-appraisal", args=[case.skp.pk])).content.decode()
    assert 'data-testid="angka-kredit"' not in page
    assert "Angka kredit" not in pdf_text(client, case.employee, case.skp)


def test_a_structural_position_has_no_angka_kredit(case):
    position = PositionFactory.create(name="Kepala Seksi Uji", kind=Position.Kind.PENGAWAS)
    Skp.objects.filter(pk=case.skp.pk).update(position=position)
    case.skp.refresh_from_db()
    assert credit_for(decided(case)) is None


def test_a_jenjang_without_a_coefficient_says_so(client, case):
    functional(case, Level.AHLI_MADYA)
    appraisal = decided(case)
    credit = credit_for(appraisal)
    assert credit is not None
    assert credit.amount is None
    assert credit.coefficient is None
    message = "Koefisien angka kredit untuk jenjang Ahli Madya belum ditetapkan oleh Admin BKPSDM."
    assert credit.message == message
    assert credit.explanation == ""
    client.force_login(case.employee)
    page = client.get(reverse("performance:skp-appraisal", args=[case.skp.pk])).content.decode()
    assert message in page
    assert message in " ".join(pdf_text(client, case.employee, case.skp).split())


def test_a_coefficient_set_later_is_used_from_then_on(case):
    functional(case, Level.AHLI_MADYA)
    appraisal = decided(case, result=Rating.ABOVE, behaviour=Rating.ABOVE)
    CreditCoefficient.objects.create(functional_level=Level.AHLI_MADYA, coefficient=Decimal("37.5"))
    credit = credit_for(appraisal)
    assert credit is not None
    assert credit.amount == Decimal("56.250")
    assert credit.explanation == "12/12 × 150 % × 37,500 = 56,250"


def test_the_amount_follows_the_rule_for_every_predikat(case):
    functional(case, Level.AHLI_PERTAMA)
    appraisal = decided(case)
    for predikat, expected in [
        (Predikat.SANGAT_BAIK, "18.750"),
        (Predikat.BAIK, "12.500"),
        (Predikat.BUTUH_PERBAIKAN, "9.375"),
        (Predikat.KURANG, "6.250"),
        (Predikat.SANGAT_KURANG, "3.125"),
    ]:
        appraisal.predikat = predikat
        credit = credit_for(appraisal)
        assert credit is not None
        assert credit.amount == Decimal(expected)
        assert credit.amount == rules.angka_kredit(
            predikat=predikat, months=12, coefficient=Decimal("12.5")
        )


# --- Where it is shown


def test_the_appraisal_tab_shows_the_angka_kredit_once_decided(client, case):
    functional(case, Level.AHLI_PERTAMA)
    url = reverse("performance:skp-appraisal", args=[case.skp.pk])
    client.force_login(case.employee)
    assert 'data-testid="angka-kredit"' not in client.get(url).content.decode()  # not decided
    decided(case, result=Rating.ABOVE, behaviour=Rating.ABOVE)
    page = client.get(url).content.decode()
    assert 'data-testid="angka-kredit"><strong>18,750</strong>' in page
    assert "12/12 × 150 % × 12,500 = 18,750" in page


def test_the_evaluation_pdf_shows_the_angka_kredit(client, case):
    functional(case, Level.AHLI_MUDA, tmt=dt.date(2026, 11, 1))
    decided(case)
    text = " ".join(pdf_text(client, case.employee, case.skp).split())
    assert "Angka kredit" in text
    assert "4,167 (2/12 × 100 % × 25,000 = 4,167; Ahli Muda, Baik)" in text


def test_the_history_shows_the_angka_kredit_per_year(client, case):
    functional(case, Level.AHLI_MUDA, tmt=dt.date(2025, 11, 1))
    decided(case, result=Rating.ABOVE, behaviour=Rating.ABOVE)
    earlier = make_skp(
        case.skp.employee,
        year=PerformanceYearFactory.create(year=2025, status=PerformanceYear.Status.CLOSED),
        status=Skp.Status.APPROVED,
    )
    Appraisal.objects.create(
        skp=earlier,
        result_rating=Rating.AS_EXPECTED,
        behaviour_rating=Rating.AS_EXPECTED,
        predikat=Predikat.BAIK,
        status=Appraisal.Status.FINAL,
        decided_by=case.evaluator,
        decided_at=timezone.now(),
        delivered_at=timezone.now(),
    )
    client.force_login(case.employee)
    url = reverse("performance:employee-history", args=[case.skp.employee_id])
    response = client.get(url)
    rows = response.context["history"]
    assert [(skp.year.year, credit.amount if credit else None) for skp, credit in rows] == [
        (2026, Decimal("37.500")),
        (2025, Decimal("4.167")),
    ]
    page = response.content.decode()
    assert "12/12 × 150 % × 25,000 = 37,500" in page
    assert "2/12 × 100 % × 25,000 = 4,167" in page


def test_the_history_without_appraisal_or_outside_a_jf_shows_a_dash(client, case):
    client.force_login(case.employee)
    url = reverse("performance:employee-history", args=[case.skp.employee_id])
    response = client.get(url)
    assert [credit for _, credit in response.context["history"]] == [None]
    assert 'data-testid="angka-kredit">—</td>' in response.content.decode()


def test_the_history_reads_the_coefficients_once(client, case, django_assert_max_num_queries):
    functional(case, Level.AHLI_PERTAMA)
    decided(case)
    for year in (2023, 2024, 2025):
        skp = make_skp(
            case.skp.employee,
            year=PerformanceYearFactory.create(year=year, status=PerformanceYear.Status.CLOSED),
            status=Skp.Status.APPROVED,
        )
        Appraisal.objects.create(
            skp=skp,
            result_rating=Rating.AS_EXPECTED,
            behaviour_rating=Rating.AS_EXPECTED,
            predikat=Predikat.BAIK,
            status=Appraisal.Status.FINAL,
            decided_by=case.evaluator,
            decided_at=timezone.now(),
            delivered_at=timezone.now(),
        )
    client.force_login(case.employee)
    url = reverse("performance:employee-history", args=[case.skp.employee_id])
    with django_assert_max_num_queries(12) as queries:
        response = client.get(url)
    assert len(response.context["history"]) == 4
    coefficient_reads = [q for q in queries.captured_queries if "creditcoefficient" in q["sql"]]
    assert len(coefficient_reads) == 1

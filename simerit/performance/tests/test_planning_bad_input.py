"""Non-numeric, missing or odd values in the planning forms and API never give a 500 (security
review item 5): an unknown year is 404, a bad field is 422 with its message; nothing changes."""

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.performance.models import Indicator, PerformanceYear, Skp, WorkResult
from simerit.performance.tests.factories import make_team
from simerit.performance.tests.factories_planning import complete_skp, planning_year
from simerit.performance.tests.test_planning_years import form_data

pytestmark = pytest.mark.django_db

API = "/api/v1/performance"


@pytest.fixture
def team():
    return make_team()


@pytest.fixture
def year():
    return planning_year()


def counts() -> tuple[int, ...]:
    return (
        PerformanceYear.objects.count(),
        Skp.objects.count(),
        WorkResult.objects.count(),
        Indicator.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "posted",
    [
        {"year": "abc"},
        {"year": ""},
        {"year": "1e5"},
        {"year": "-1"},
        {"year": "²"},
        {"year": "99999999999999999999"},
        {"year": "999999"},
        {},
    ],
)
def test_creating_an_skp_with_a_bad_year_is_404(client, team, year, posted):
    client.force_login(team.user(team.staff[1]))
    before = counts()

    response = client.post(reverse("performance:skp-create"), posted)

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert counts() == before


def test_creating_an_skp_with_the_year_id_still_works(client, team, year):
    client.force_login(team.user(team.staff[1]))

    response = client.post(reverse("performance:skp-create"), {"year": str(year.pk)})

    skp = Skp.objects.get()
    assert (skp.employee, skp.year) == (team.staff[1], year)
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"year": "abc"}, "Harus berupa bilangan bulat."),
        ({}, "Wajib diisi."),
        ({"year": 1.5}, "Harus berupa bilangan bulat."),
    ],
)
def test_creating_an_skp_over_the_api_with_a_bad_year_is_422(client, team, year, payload, message):
    client.force_login(team.user(team.staff[1]))
    before = counts()

    response = client.post(f"{API}/skps", payload, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "year", "message": message}]
    assert counts() == before


def test_a_non_numeric_parent_on_the_page_is_422(client, team, year):
    skp = complete_skp(team.staff[1], year=year)
    client.force_login(team.user(team.staff[1]))
    before = counts()

    response = client.post(
        reverse("performance:skp-result-add", args=[skp.pk]),
        {"kind": "utama", "text": "Laporan", "parent": "abc"},
    )

    assert response.status_code == 422
    assert list(response.context["result_form"].errors) == ["parent"]
    assert counts() == before


@pytest.mark.parametrize("target", ["abc", "NaN", "Infinity", "1e999999999", ""])
def test_a_non_numeric_target_on_the_page_is_422(client, team, year, target):
    skp = complete_skp(team.staff[1], year=year)
    result = skp.results.get()
    client.force_login(team.user(team.staff[1]))
    before = counts()
    prefix = f"indicator-{result.pk}"

    response = client.post(
        reverse("performance:skp-indicator-add", args=[skp.pk, result.pk]),
        {
            f"{prefix}-aspect": "kuantitas",
            f"{prefix}-text": "Jumlah laporan",
            f"{prefix}-target": target,
            f"{prefix}-unit": "laporan",
        },
    )

    assert response.status_code == 422
    assert list(response.context["results"][0]["form"].errors) == ["target"]
    assert counts() == before


@pytest.mark.parametrize(
    "field",
    [
        "year",
        "min_group_raters",
        "objection_days",
        "achievement_cap",
        "justification_margin",
        "starts_on",
        "feedback_closes_on",
    ],
)
def test_a_non_numeric_year_setting_on_the_page_is_422(client, hr_admin, field):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:year-list"), form_data(**{field: "abc"}))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == [field]
    assert PerformanceYear.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_a_non_numeric_year_setting_over_the_api_is_422(client, hr_admin, year):
    client.force_login(hr_admin)
    before = counts()
    payload = {
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "ratings_close_on": "2027-01-31",
        "min_group_raters": "abc",
        "feedback_closes_on": "kemarin",
    }

    response = client.put(f"{API}/years/{year.pk}", payload, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "feedback_closes_on",
            "message": "Harus berupa tanggal dengan format TTTT-BB-HH.",
        },
        {"field": "min_group_raters", "message": "Harus berupa bilangan bulat."},
    ]
    assert counts() == before

"""/api/v1/selection/periods/{id}/setup, .../rubrics and /formasi/{id}/components: read-only, HR and
the Auditor; errors in the one error shape."""

from decimal import Decimal

import pytest

from simerit.recruitment.tests.factories import FormasiFactory, SelectionPeriodFactory
from simerit.selection.models import Method, SelectionSetup
from simerit.selection.tests.factories import make_components, make_rubric
from simerit.selection.tests.factories_setup import integrate

BASE = "/api/v1/selection"


@pytest.fixture
def period(db):
    return SelectionPeriodFactory.create(name="Seleksi CASN 2026")


@pytest.fixture
def rubric(period):
    return make_rubric(
        period=period, max_level=3, criteria=(("Klinis", Decimal(60)), ("Sikap", Decimal(40)))
    )


@pytest.fixture
def formasi(period, rubric):
    formasi = FormasiFactory.create(period=period, code="F-01")
    make_components(formasi, rubric=rubric)
    return formasi


def test_setup_of_a_period_with_the_defaults(client, auditor, period):
    integrate(period)
    client.force_login(auditor)

    body = client.get(f"{BASE}/periods/{period.pk}/setup").json()

    assert body.pop("integrated_at") is not None
    assert body == {
        "period_id": period.pk,
        "period_name": "Seleksi CASN 2026",
        "skd_max": 550,
        "cut_multiplier": 3,
        "skd_weight": "40.00",
        "skb_weight": "60.00",
        "min_cat_weight": "60.00",
        "max_additional_components": 1,
        "allow_interview": False,
        "max_interview_weight": "10.00",
        "result_sanggah_days": 3,
        "cut_at": None,
    }


def test_rubrics_with_criteria_and_anchors(client, hr_admin, period, rubric):
    interview = make_rubric(period=period, method=Method.INTERVIEW)
    interview.name = "Wawancara"
    interview.save()
    make_rubric(period=SelectionPeriodFactory.create())  # another period
    client.force_login(hr_admin)

    body = client.get(f"{BASE}/periods/{period.pk}/rubrics").json()

    assert [item["name"] for item in body] == [
        "Simulasi kasus klinis: pasien demam berdarah",
        "Wawancara",
    ]
    first = body[0]
    assert (first["id"], first["method"], first["min_level"], first["max_level"]) == (
        rubric.pk,
        "case_simulation",
        1,
        3,
    )
    assert [(item["order"], item["name"], item["weight"]) for item in first["criteria"]] == [
        (1, "Klinis", "60.00"),
        (2, "Sikap", "40.00"),
    ]
    assert first["criteria"][1]["anchors"] == [
        {"level": 1, "description": "Sikap: perilaku tingkat 1"},
        {"level": 2, "description": "Sikap: perilaku tingkat 2"},
        {"level": 3, "description": "Sikap: perilaku tingkat 3"},
    ]


def test_components_of_a_formasi_with_problems(client, auditor, formasi, rubric):
    setup = SelectionSetup.objects.get_or_create(period=formasi.period)[0]
    setup.min_cat_weight = Decimal(70)
    setup.save()
    client.force_login(auditor)

    body = client.get(f"{BASE}/formasi/{formasi.pk}/components").json()

    assert (body["formasi_id"], body["formasi_code"], body["period_id"]) == (
        formasi.pk,
        "F-01",
        formasi.period_id,
    )
    assert body["problems"] == ["Bobot SKB-CAT 60 % di bawah batas minimal 70 %."]
    cat, simulation = body["components"]
    assert (cat["method"], cat["weight"], cat["cat_max_score"], cat["rubric_id"]) == (
        "cat",
        "60.00",
        500,
        None,
    )
    assert (
        simulation["method"],
        simulation["rubric_id"],
        simulation["assessors_per_candidate"],
        simulation["max_spread"],
        simulation["aggregation"],
        simulation["is_blind"],
    ) == ("case_simulation", rubric.pk, 2, "15.00", "mean", True)


@pytest.mark.parametrize("persona", ["assessor", "applicant"])
def test_other_roles_get_403(client, request, formasi, persona):
    client.force_login(request.getfixturevalue(persona))

    responses = [
        client.get(f"{BASE}/periods/{formasi.period_id}/setup"),
        client.get(f"{BASE}/periods/{formasi.period_id}/rubrics"),
        client.get(f"{BASE}/formasi/{formasi.pk}/components"),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    assert responses[0].json() == {
        "detail": "Hanya Admin BKPSDM dan Auditor yang dapat melihat pengaturan seleksi kompetensi.",
        "code": "permission_denied",
        "errors": [],
    }
    assert not SelectionSetup.objects.exists()


def test_anonymous_callers_get_401_and_unknown_ids_404(client, hr_admin, db):
    assert client.get(f"{BASE}/periods/1/setup").status_code == 401
    client.force_login(hr_admin)

    responses = [
        client.get(f"{BASE}/periods/999/setup"),
        client.get(f"{BASE}/periods/999/rubrics"),
        client.get(f"{BASE}/formasi/999/components"),
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert responses[2].json()["code"] == "not_found"

import pytest
from django.urls import reverse

from simerit.employees.tests.factories import EmployeeFactory
from simerit.organization.tests.factories import PositionFactory


def units_on_page(response):
    return [row.unit.code for row in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("auditor", 200),
        ("opd_admin", 200),
        ("supervisor", 403),
        ("employee", 403),
        ("applicant", 403),
        ("proctor", 403),
    ],
)
def test_unit_list_status_per_persona(client, request, org, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("organization:unit-list")).status_code == status


def test_unit_list_shows_the_tree_with_counts(client, hr_admin, org, other_opd_employee):
    client.force_login(hr_admin)
    response = client.get(reverse("organization:unit-list"))
    assert units_on_page(response) == ["PEMKOT", "DINKES", "DINKES-YANKES", "DISDIK"]
    body = response.content.decode()
    assert 'class="fw-normal unit-depth-2"' in body
    assert "4 unit kerja." in body


def test_unit_list_for_admin_opd_is_its_subtree(client, opd_admin, org):
    client.force_login(opd_admin)
    response = client.get(reverse("organization:unit-list"))
    assert units_on_page(response) == ["DINKES", "DINKES-YANKES"]
    assert "Dinas Pendidikan" not in response.content.decode()


def test_unit_list_search_answers_htmx_with_the_results_only(client, hr_admin, org):
    client.force_login(hr_admin)
    response = client.get(
        reverse("organization:unit-list"), {"q": "pendidikan"}, headers={"HX-Request": "true"}
    )
    assert units_on_page(response) == ["DISDIK"]
    assert "<html" not in response.content.decode()


def test_unit_list_shows_an_empty_state(client, hr_admin, org):
    client.force_login(hr_admin)
    response = client.get(reverse("organization:unit-list"), {"q": "tidak ada unit begini"})
    assert "Tidak ada unit kerja yang dapat ditampilkan untuk pencarian ini." in (
        response.content.decode()
    )


def test_unit_detail_shows_children_positions_and_counts(client, hr_admin, org):
    EmployeeFactory.create(work_unit=org.dinkes_division)
    PositionFactory.create(name="Kepala Dinas Kesehatan", work_unit=org.dinkes)
    client.force_login(hr_admin)

    response = client.get(reverse("organization:unit-detail", args=[org.dinkes.pk]))

    detail = response.context["detail"]
    assert [row.unit.code for row in detail.children] == ["DINKES-YANKES"]
    assert [p.name for p in detail.positions] == ["Kepala Dinas Kesehatan"]
    body = response.content.decode()
    assert '<dd class="col-sm-8 col-lg-9" data-testid="subtree-count">1</dd>' in body
    assert f"{reverse('employees:list')}?work_unit={org.dinkes.pk}" in body


def test_unit_detail_of_another_opd_is_403_for_admin_opd(client, opd_admin, org):
    client.force_login(opd_admin)
    response = client.get(reverse("organization:unit-detail", args=[org.disdik.pk]))
    assert response.status_code == 403
    assert "Dinas Pendidikan" not in response.content.decode()


def test_unit_detail_for_admin_opd_does_not_link_units_above_its_scope(client, opd_admin, org):
    client.force_login(opd_admin)
    response = client.get(reverse("organization:unit-detail", args=[org.dinkes_division.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("organization:unit-detail", args=[org.root.pk]) not in body
    assert reverse("organization:unit-detail", args=[org.dinkes.pk]) in body


def test_unit_detail_of_a_missing_unit_is_404(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(reverse("organization:unit-detail", args=[999999])).status_code == 404

"""/api/v1/work-units/: the flattened tree, per persona."""

import pytest

from simerit.accounts import services as account_services
from simerit.organization.models import WorkUnit
from simerit.organization.tests.factories import WorkUnitFactory

URL = "/api/v1/work-units/"
PERSONAS = [
    "anonymous",
    "hr_admin",
    "hr_admin_token",
    "opd_admin",
    "supervisor",
    "employee",
    "applicant",
    "verifier",
    "assessor",
    "proctor",
    "auditor",
]
SEE_ALL = {"hr_admin", "hr_admin_token", "auditor"}


@pytest.fixture
def as_persona(client, request, org):
    def login(persona):
        if persona == "anonymous":
            return {}
        user = request.getfixturevalue(persona.removesuffix("_token"))
        if persona.endswith("_token"):
            issued = account_services.issue_api_token(user=user, name="uji", actor=user)
            return {"Authorization": f"Bearer {issued.secret}"}
        client.force_login(user)
        return {}

    return login


def expected(persona, allowed, ok=200):
    if persona == "anonymous":
        return 401
    return ok if persona in allowed else 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix_list(client, as_persona, persona):
    response = client.get(URL, headers=as_persona(persona))
    assert response.status_code == expected(persona, SEE_ALL | {"opd_admin"})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("unit", "allowed"),
    [("dinkes_division", SEE_ALL | {"opd_admin"}), ("disdik", SEE_ALL), ("root", SEE_ALL)],
)
def test_matrix_detail(client, as_persona, org, persona, unit, allowed):
    target = getattr(org, unit)
    response = client.get(f"{URL}{target.pk}", headers=as_persona(persona))
    assert response.status_code == expected(persona, allowed)


def test_list_is_the_tree_in_path_order_with_parents_and_depth(client, as_persona, org):
    body = client.get(URL, headers=as_persona("hr_admin")).json()
    rows = [(u["code"], u["parent_id"], u["depth"], u["path"]) for u in body["items"]]
    assert rows == [
        ("PEMKOT", None, 0, f"/{org.root.pk}/"),
        ("DINKES", org.root.pk, 1, f"/{org.root.pk}/{org.dinkes.pk}/"),
        (
            "DINKES-YANKES",
            org.dinkes.pk,
            2,
            f"/{org.root.pk}/{org.dinkes.pk}/{org.dinkes_division.pk}/",
        ),
        ("DISDIK", org.root.pk, 1, f"/{org.root.pk}/{org.disdik.pk}/"),
    ]
    assert (body["count"], body["page"], body["pages"]) == (4, 1, 1)


def test_opd_admin_sees_its_subtree_only(client, as_persona, org):
    body = client.get(URL, headers=as_persona("opd_admin")).json()
    assert [u["code"] for u in body["items"]] == ["DINKES", "DINKES-YANKES"]


def test_opd_admin_without_a_scope_sees_an_empty_list(client, db):
    from simerit.accounts.tests.factories import UserFactory
    from simerit.core.roles import Role

    client.force_login(UserFactory.create(roles=[Role.ADMIN_OPD]))
    body = client.get(URL).json()
    assert (body["items"], body["count"]) == ([], 0)


def test_detail_shape(client, as_persona, org):
    body = client.get(f"{URL}{org.dinkes.pk}", headers=as_persona("auditor")).json()
    assert body == {
        "id": org.dinkes.pk,
        "name": "Dinas Kesehatan",
        "short_name": "",
        "code": "DINKES",
        "kind": "opd",
        "parent_id": org.root.pk,
        "path": f"/{org.root.pk}/{org.dinkes.pk}/",
        "depth": 1,
        "is_active": True,
    }


def test_detail_of_a_missing_unit_is_404(client, as_persona):
    response = client.get(f"{URL}999999", headers=as_persona("opd_admin"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_paginates_with_a_fixed_number_of_queries(
    client, as_persona, org, django_assert_num_queries
):
    WorkUnitFactory.create_batch(6, parent=org.disdik, kind=WorkUnit.Kind.SECTION)
    headers = as_persona("hr_admin")
    with django_assert_num_queries(5):  # session, user, roles, COUNT, page SELECT
        body = client.get(URL, {"page_size": 4, "page": 3}, headers=headers).json()
    assert (len(body["items"]), body["count"], body["page"], body["pages"]) == (2, 10, 3, 3)

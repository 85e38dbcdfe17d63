"""/api/v1/discipline/cases: the services of the pages, errors in the one error shape."""

import pytest
from django.test import Client

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.discipline.models import DisciplineCase, Sanction, Summons, TeamMember
from simerit.discipline.tests.factories import (
    AppealFactory,
    DisciplineCaseFactory,
    ExaminationFactory,
    SummonsFactory,
    TeamMemberFactory,
)
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/discipline/cases"
JSON = "application/json"


def discipline_actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="discipline.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


def subject_of(user: User) -> Employee:
    return Employee.objects.get(user=user)


CASE = {
    "source": "atasan",
    "reporter_name": "Kepala Bidang",
    "reported_on": "2026-11-10",
    "incident_on": "2026-11-09",
    "description": "Tidak masuk kerja tiga hari.",
    "articles": ["Pasal 4 huruf f"],
    "suspected_level": "sedang",
}


def test_hr_runs_a_case_from_report_to_decision(
    client: Client, hr_admin: User, employee: User
) -> None:
    client.force_login(hr_admin)
    created = client.post(API, {**CASE, "employee_id": subject_of(employee).pk}, content_type=JSON)
    assert created.status_code == 201
    body = created.json()
    assert (body["number"], body["status"], body["articles"]) == (
        "HD-2026-0001",
        "reported",
        ["Pasal 4 huruf f"],
    )
    case_url = f"{API}/{body['id']}"

    summoned = client.post(
        f"{case_url}/summonses",
        {
            "letter_number": "800/12/BKPSDM/2026",
            "issued_on": "2026-11-16",
            "examination_on": "2026-11-25",
            "place": "Ruang Rapat BKPSDM",
        },
        content_type=JSON,
    )
    assert summoned.status_code == 201
    summons_id = summoned.json()["summonses"][0]["id"]

    attended = client.post(
        f"{case_url}/summonses/{summons_id}/attendance",
        {"attended": True},
        content_type=JSON,
    )
    assert attended.json()["summonses"][0]["attended"] is True

    member = EmployeeFactory.create()
    added = client.post(
        f"{case_url}/team", {"employee_id": member.pk, "role": "kepegawaian"}, content_type=JSON
    )
    assert added.status_code == 201
    member_id = added.json()["team"][0]["id"]
    removed = client.delete(f"{case_url}/team/{member_id}")
    assert removed.json()["team"] == []

    examined = client.post(
        f"{case_url}/examination",
        {
            "held_on": "2026-11-25",
            "place": "Ruang Rapat BKPSDM",
            "questions_and_answers": "T/J",
            "findings": "Terbukti.",
            "proven": True,
            "proposed_level": "sedang",
        },
        content_type=JSON,
    )
    assert examined.status_code == 201
    assert (examined.json()["status"], examined.json()["examination"]["proven"]) == (
        "examined",
        True,
    )

    decided = client.post(
        f"{case_url}/decision",
        {
            "level": "sedang",
            "sanction_type": "potong_tpp_9",
            "decree_number": "800/45/KPTS/2026",
            "decided_on": "2026-11-27",
            "official": "Wali Kota Palembang",
            "considerations": "Terbukti.",
            "starts_on": "2027-01-01",
        },
        content_type=JSON,
    )
    assert decided.status_code == 201
    sanction = decided.json()["sanction"]
    assert (sanction["ends_on"], sanction["tpp_cut_percent"], sanction["basis"]) == (
        "2027-09-30",
        25,
        "examined",
    )

    delivered = client.post(
        f"{case_url}/decision/delivered", {"delivered_on": "2026-11-28"}, content_type=JSON
    )
    assert delivered.json()["sanction"]["delivered_on"] == "2026-11-28"
    assert discipline_actions() == [
        "discipline.case.opened",
        "discipline.summons.issued",
        "discipline.summons.attendance_recorded",
        "discipline.team_member.added",
        "discipline.team_member.removed",
        "discipline.examination.recorded",
        "discipline.sanction.decided",
        "discipline.sanction.delivered",
    ]


def test_the_list_shows_visible_cases_with_filters(
    client: Client, supervisor: User, employee: User, other_opd_employee: Employee
) -> None:
    mine = DisciplineCaseFactory.create(employee=subject_of(employee), number="HD-2026-0001")
    DisciplineCaseFactory.create(employee=other_opd_employee, number="HD-2026-0002")
    client.force_login(supervisor)
    body = client.get(API).json()
    assert (body["count"], [item["number"] for item in body["items"]]) == (1, ["HD-2026-0001"])
    assert body["items"][0]["employee_id"] == mine.employee_id
    assert client.get(API, {"status": "decided"}).json()["count"] == 0
    assert client.get(API, {"status": "bogus"}).status_code == 422


def test_the_detail_carries_the_whole_file(client: Client, auditor: User) -> None:
    appeal = AppealFactory.create()
    case = appeal.sanction.case
    client.force_login(auditor)
    body = client.get(f"{API}/{case.pk}").json()
    assert body["sanction"]["sanction_type"] == "potong_tpp_6"
    assert body["sanction"]["appeals"] == [
        {
            "id": appeal.pk,
            "kind": "keberatan",
            "filed_on": "2026-11-25",
            "outcome": "pending",
            "outcome_label": "Dalam proses",
            "decided_on": None,
        }
    ]


@pytest.fixture
def colleague(org: object) -> User:
    user = UserFactory.create(username="rekan", roles=[Role.PEGAWAI])
    EmployeeFactory.create(user=user)
    return user


@pytest.mark.parametrize("persona", ["colleague", "opd_admin"])
def test_an_invisible_case_is_a_404_everywhere(
    persona: str, request: pytest.FixtureRequest, client: Client, employee: User
) -> None:
    case = DisciplineCaseFactory.create(employee=subject_of(employee))
    summons = SummonsFactory.create(case=case)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"{API}/{case.pk}").status_code == 404
    response = client.post(
        f"{API}/{case.pk}/summonses/{summons.pk}/attendance",
        {"attended": True},
        content_type=JSON,
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    response = client.post(f"{API}/{case.pk}/dismiss", {"reason": "x"}, content_type=JSON)
    assert response.status_code == 404
    summons.refresh_from_db()
    assert summons.attended is None
    assert discipline_actions() == []


def test_the_auditor_reads_but_gets_403_on_writes(
    client: Client, auditor: User, employee: User
) -> None:
    case = DisciplineCaseFactory.create(employee=subject_of(employee))
    client.force_login(auditor)
    assert client.get(f"{API}/{case.pk}").status_code == 200
    response = client.post(f"{API}/{case.pk}/dismiss", {"reason": "x"}, content_type=JSON)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Hanya Admin BKPSDM yang dapat mencatat langkah pemeriksaan disiplin."
    )
    response = client.post(
        f"{API}/{case.pk}/decision/delivered", {"delivered_on": "2026-11-28"}, content_type=JSON
    )
    assert response.status_code == 403
    assert DisciplineCase.objects.get(pk=case.pk).status == "reported"
    assert discipline_actions() == []


def test_a_supervisor_cannot_report_an_invisible_employee(
    client: Client, supervisor: User, other_opd_employee: Employee
) -> None:
    client.force_login(supervisor)
    response = client.post(API, {**CASE, "employee_id": other_opd_employee.pk}, content_type=JSON)
    assert response.status_code == 404
    assert DisciplineCase.objects.count() == 0


def test_errors_have_the_one_shape(client: Client, hr_admin: User, employee: User) -> None:
    client.force_login(hr_admin)
    bad_article = client.post(
        API,
        {**CASE, "employee_id": subject_of(employee).pk, "articles": ["Pasal 99 huruf z"]},
        content_type=JSON,
    )
    assert bad_article.status_code == 422
    assert bad_article.json()["errors"] == [
        {"field": "articles", "message": "Pasal tidak dikenal: Pasal 99 huruf z."}
    ]
    future = client.post(
        API,
        {**CASE, "employee_id": subject_of(employee).pk, "reported_on": "2026-12-01"},
        content_type=JSON,
    )
    assert future.json()["errors"] == [
        {"field": "reported_on", "message": "Tanggal laporan tidak boleh di masa depan."}
    ]
    examination = ExaminationFactory.create(case__employee=subject_of(employee))
    bad_pair = client.post(
        f"{API}/{examination.case_id}/decision",
        {
            "level": "berat",
            "sanction_type": "teguran_lisan",
            "decree_number": "1",
            "decided_on": "2026-11-27",
            "official": "Wali Kota",
            "considerations": "x",
            "starts_on": "2026-12-01",
        },
        content_type=JSON,
    )
    assert bad_pair.json()["errors"] == [
        {
            "field": "sanction_type",
            "message": "Jenis hukuman “Teguran lisan” bukan hukuman disiplin tingkat berat: "
            "jenis ini termasuk tingkat ringan (PP 94/2021 Pasal 8).",
        }
    ]
    assert Sanction.objects.count() == 0
    assert DisciplineCase.objects.count() == 1
    assert discipline_actions() == []


def test_a_duplicate_team_member_is_a_409(client: Client, hr_admin: User, employee: User) -> None:
    member = TeamMemberFactory.create(case__employee=subject_of(employee))
    client.force_login(hr_admin)
    response = client.post(
        f"{API}/{member.case_id}/team",
        {"employee_id": member.employee_id, "role": "atasan"},
        content_type=JSON,
    )
    assert response.status_code == 409
    assert TeamMember.objects.count() == 1
    assert Summons.objects.count() == 0

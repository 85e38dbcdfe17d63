"""The case pages: list, report, case file, and the procedure's and decision's forms.

A case the account may not see is a 404; a write by someone who sees it but may not act is a
403; a refused form is shown again (422). Every refusal leaves everything as it was."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from simerit.accounts.models import User
from simerit.accounts.tests.factories import UserFactory
from simerit.audit.models import AuditEvent
from simerit.core.roles import Role
from simerit.discipline.models import (
    DisciplineArticle,
    DisciplineCase,
    Examination,
    Sanction,
    Summons,
    TeamMember,
)
from simerit.discipline.tests.factories import (
    DisciplineCaseFactory,
    ExaminationFactory,
    SanctionFactory,
    SummonsFactory,
    TeamMemberFactory,
    complete_team,
)
from simerit.employees.models import Employee
from simerit.employees.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("discipline:case_list")
NEW = reverse("discipline:case_new")


def url(name: str, case: DisciplineCase, *args: int) -> str:
    return reverse(f"discipline:{name}", args=[case.pk, *args])


def subject_of(user: User) -> Employee:
    return Employee.objects.get(user=user)


@pytest.fixture
def case(employee: User) -> DisciplineCase:
    return DisciplineCaseFactory.create(employee=subject_of(employee), number="HD-2026-0001")


def discipline_audit() -> int:
    return AuditEvent.objects.filter(action__startswith="discipline.").count()


# --- List


def test_hr_sees_the_list_with_filters(
    client: Client, hr_admin: User, case: DisciplineCase
) -> None:
    DisciplineCaseFactory.create(number="HD-2026-0002", status="dismissed", dismissal_reason="x")
    client.force_login(hr_admin)

    html = client.get(LIST).content.decode()
    assert "HD-2026-0001" in html
    assert "HD-2026-0002" in html
    assert 'data-testid="case-new"' in html

    html = client.get(LIST, {"status": "dismissed"}).content.decode()
    assert "HD-2026-0001" not in html
    assert "HD-2026-0002" in html

    html = client.get(LIST, {"q": "tidak-ada"}).content.decode()
    assert 'data-testid="empty-state"' in html


def test_the_list_is_paginated_by_25(client: Client, hr_admin: User) -> None:
    employee = EmployeeFactory.create()
    DisciplineCaseFactory.create_batch(26, employee=employee, opened_by=hr_admin)
    client.force_login(hr_admin)
    first = client.get(LIST)
    assert len(first.context["page_obj"].object_list) == 25
    assert "Halaman 1 dari 2" in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["page_obj"].object_list) == 1


def test_an_employee_sees_only_their_own_cases(
    client: Client, employee: User, case: DisciplineCase, other_opd_employee: Employee
) -> None:
    DisciplineCaseFactory.create(employee=other_opd_employee, number="HD-2026-0009")
    client.force_login(employee)
    html = client.get(LIST).content.decode()
    assert "HD-2026-0001" in html
    assert "HD-2026-0009" not in html
    assert 'data-testid="case-new"' not in html


def test_an_opd_admin_sees_an_empty_list(
    client: Client, opd_admin: User, case: DisciplineCase
) -> None:
    client.force_login(opd_admin)
    html = client.get(LIST).content.decode()
    assert 'data-testid="empty-state"' in html
    assert "HD-2026-0001" not in html


def test_the_list_needs_a_login(client: Client) -> None:
    assert client.get(LIST).status_code == 302


# --- Report


def report_form(nip: str, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "nip": nip,
        "source": "atasan",
        "reporter_name": "Kepala Bidang",
        "reported_on": "2026-11-27",
        "incident_on": "2026-11-25",
        "description": "Tidak masuk kerja tiga hari.",
        "articles": [DisciplineArticle.objects.get(code="Pasal 4 huruf f").pk],
        "suspected_level": "sedang",
    }
    data.update(changes)
    return data


def test_a_supervisor_reports_a_subordinate(
    client: Client, supervisor: User, employee: User
) -> None:
    subordinate = subject_of(employee)
    client.force_login(supervisor)
    page = client.get(NEW, {"employee": subordinate.pk}).content.decode()
    assert 'data-testid="preset-employee"' in page
    assert f'value="{subordinate.nip}"' in page
    assert f'<option value="{subordinate.nip}">Pegawai Uji</option>' in page

    response = client.post(NEW, report_form(subordinate.nip))

    case = DisciplineCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("case_detail", case)
    assert (case.number, case.employee, case.opened_by) == ("HD-2026-0001", subordinate, supervisor)
    follow = client.get(response["Location"]).content.decode()
    assert "Kasus HD-2026-0001 dicatat." in follow


def test_a_supervisor_cannot_report_outside_the_team(
    client: Client, supervisor: User, other_opd_employee: Employee
) -> None:
    client.force_login(supervisor)
    page = client.get(NEW, {"employee": other_opd_employee.pk}).content.decode()
    assert 'data-testid="preset-employee"' not in page
    response = client.post(NEW, report_form(other_opd_employee.nip))
    assert response.status_code == 422
    assert (
        "Pegawai dengan NIP ini tidak ditemukan di antara pegawai yang dapat Anda laporkan."
        in response.content.decode()
    )
    assert DisciplineCase.objects.count() == 0
    assert discipline_audit() == 0


def test_a_refused_report_is_shown_again(client: Client, hr_admin: User, employee: User) -> None:
    client.force_login(hr_admin)
    response = client.post(
        NEW,
        report_form(subject_of(employee).nip, incident_on="2026-11-28", reported_on="2026-11-27"),
    )
    assert response.status_code == 422
    assert "Tanggal kejadian tidak boleh setelah tanggal laporan." in response.content.decode()
    response = client.post(NEW, report_form(subject_of(employee).nip, articles=[]))
    assert "Pilih sedikitnya satu pasal yang diduga dilanggar." in response.content.decode()
    assert DisciplineCase.objects.count() == 0
    assert discipline_audit() == 0


@pytest.mark.parametrize("persona", ["employee", "auditor", "opd_admin"])
def test_other_roles_cannot_open_the_report_form(
    persona: str, request: pytest.FixtureRequest, client: Client, other_opd_employee: Employee
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, report_form(other_opd_employee.nip)).status_code == 403
    assert DisciplineCase.objects.count() == 0


# --- Case page


@pytest.mark.parametrize("persona", ["employee", "supervisor", "hr_admin", "auditor"])
def test_who_opens_the_case_page(
    persona: str, request: pytest.FixtureRequest, client: Client, case: DisciplineCase
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url("case_detail", case))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kasus HD-2026-0001" in html
    assert ('data-testid="summons-form"' in html) is (persona == "hr_admin")


@pytest.fixture
def unrelated_supervisor(org: object) -> User:
    user = UserFactory.create(username="atasan.lain", roles=[Role.PEGAWAI, Role.ATASAN])
    EmployeeFactory.create(supervisor=EmployeeFactory.create(user=user))
    return user


@pytest.fixture
def colleague(org: object) -> User:
    user = UserFactory.create(username="rekan", roles=[Role.PEGAWAI])
    EmployeeFactory.create(user=user)
    return user


@pytest.mark.parametrize("persona", ["colleague", "opd_admin", "unrelated_supervisor"])
def test_others_get_404_everywhere_with_nothing_changed(
    persona: str, request: pytest.FixtureRequest, client: Client, case: DisciplineCase
) -> None:
    summons = SummonsFactory.create(case=case, attended=None)
    member = TeamMemberFactory.create(case=case)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("case_detail", case)).status_code == 404
    assert client.get(url("examination_new", case)).status_code == 404
    assert client.get(url("decision_new", case)).status_code == 404
    posts = [
        (url("case_dismiss", case), {"hentikan-reason": "x"}),
        (url("summons_new", case), {}),
        (url("summons_attendance", case, summons.pk), {"kehadiran-attended": "ya"}),
        (url("team_add", case), {}),
        (url("team_remove", case, member.pk), {}),
        (url("examination_new", case), {}),
        (url("decision_new", case), {}),
        (url("decision_delivered", case), {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 404, path
    summons.refresh_from_db()
    assert summons.attended is None
    assert TeamMember.objects.filter(pk=member.pk).exists()
    assert DisciplineCase.objects.get(pk=case.pk).status == "reported"
    assert discipline_audit() == 0


def test_the_auditor_reads_but_cannot_write(
    client: Client, auditor: User, case: DisciplineCase
) -> None:
    summons = SummonsFactory.create(case=case)
    client.force_login(auditor)
    assert client.get(url("examination_new", case)).status_code == 403
    assert client.get(url("decision_new", case)).status_code == 403
    assert client.post(url("case_dismiss", case), {"hentikan-reason": "x"}).status_code == 403
    response = client.post(
        url("summons_attendance", case, summons.pk), {"kehadiran-attended": "ya"}
    )
    assert response.status_code == 403
    summons.refresh_from_db()
    assert summons.attended is None
    assert DisciplineCase.objects.get(pk=case.pk).status == "reported"
    assert discipline_audit() == 0


def test_the_employee_cannot_act_on_their_own_case(
    client: Client, employee: User, case: DisciplineCase
) -> None:
    client.force_login(employee)
    data = {
        "panggilan-letter_number": "800/1",
        "panggilan-issued_on": "2026-11-16",
        "panggilan-examination_on": "2026-11-25",
        "panggilan-place": "BKPSDM",
    }
    assert client.post(url("summons_new", case), data).status_code == 403
    assert Summons.objects.count() == 0


def test_hr_cannot_act_on_their_own_case(client: Client, org: object) -> None:
    hr = UserFactory.create(roles=[Role.ADMIN_BKPSDM])
    own = DisciplineCaseFactory.create(employee=EmployeeFactory.create(user=hr))
    client.force_login(hr)
    html = client.get(url("case_detail", own)).content.decode()
    assert 'data-testid="summons-form"' not in html
    assert client.post(url("case_dismiss", own), {"hentikan-reason": "x"}).status_code == 403
    assert DisciplineCase.objects.get(pk=own.pk).status == "reported"
    assert discipline_audit() == 0


def test_writes_are_post_only(client: Client, hr_admin: User, case: DisciplineCase) -> None:
    client.force_login(hr_admin)
    assert client.get(url("case_dismiss", case)).status_code == 405
    assert client.get(url("summons_new", case)).status_code == 405
    assert client.get(url("team_add", case)).status_code == 405
    assert client.get(url("decision_delivered", case)).status_code == 405


# --- The procedure through the pages


def test_from_report_to_sanction_through_the_pages(
    client: Client, hr_admin: User, employee: User
) -> None:
    client.force_login(hr_admin)
    client.post(
        NEW,
        report_form(subject_of(employee).nip, reported_on="2026-11-10", incident_on="2026-11-09"),
    )
    case = DisciplineCase.objects.get()
    detail = url("case_detail", case)

    response = client.post(
        url("summons_new", case),
        {
            "panggilan-letter_number": "800/12/BKPSDM/2026",
            "panggilan-issued_on": "2026-11-16",
            "panggilan-examination_on": "2026-11-25",
            "panggilan-place": "Ruang Rapat BKPSDM",
        },
    )
    assert response["Location"] == detail
    summons = Summons.objects.get()
    assert "Surat panggilan ke-1 dicatat." in client.get(detail).content.decode()

    response = client.post(
        url("summons_attendance", case, summons.pk),
        {"kehadiran-attended": "ya", "kehadiran-note": ""},
    )
    assert response["Location"] == detail
    assert 'data-testid="examination-link"' in client.get(detail).content.decode()

    response = client.post(
        url("examination_new", case),
        {
            "held_on": "2026-11-25",
            "place": "Ruang Rapat BKPSDM",
            "questions_and_answers": "T/J",
            "employee_statement": "",
            "findings": "Terbukti.",
            "proven": "ya",
            "proposed_level": "sedang",
            "signed_by_employee": "ya",
            "refusal_note": "",
        },
    )
    assert response["Location"] == detail
    assert Examination.objects.get().proven is True

    decision = {
        "level": "ringan",
        "sanction_type": "potong_tpp_6",
        "decree_number": "800/45/KPTS/2026",
        "decided_on": "2026-11-27",
        "official": "Wali Kota Palembang",
        "considerations": "Terbukti.",
        "starts_on": "2026-12-01",
    }
    refused = client.post(url("decision_new", case), decision)
    assert refused.status_code == 422
    assert (
        "Jenis hukuman “Pemotongan tunjangan kinerja/TPP 25% selama 6 bulan” bukan hukuman "
        "disiplin tingkat ringan: jenis ini termasuk tingkat sedang (PP 94/2021 Pasal 8)."
        in refused.content.decode()
    )
    assert Sanction.objects.count() == 0

    response = client.post(url("decision_new", case), {**decision, "level": "sedang"})
    assert response["Location"] == detail
    sanction = Sanction.objects.get()
    assert (sanction.ends_on, sanction.tpp_cut_percent) == (dt.date(2027, 5, 31), 25)
    html = client.get(detail).content.decode()
    assert "01/12/2026 s.d. 31/05/2027" in html
    assert 'data-testid="delivery-form"' in html

    response = client.post(url("decision_delivered", case), {"diterima-delivered_on": "2026-11-28"})
    assert response["Location"] == detail
    sanction.refresh_from_db()
    assert sanction.delivered_on == dt.date(2026, 11, 28)


def test_a_refused_summons_is_shown_on_the_case_page(
    client: Client, hr_admin: User, case: DisciplineCase
) -> None:
    client.force_login(hr_admin)
    response = client.post(
        url("summons_new", case),
        {
            "panggilan-letter_number": "800/12",
            "panggilan-issued_on": "2026-11-16",
            "panggilan-examination_on": "2026-11-24",
            "panggilan-place": "BKPSDM",
        },
    )
    assert response.status_code == 422
    assert (
        "Jadwal pemeriksaan paling cepat 7 hari kerja setelah tanggal surat (25/11/2026)."
        in response.content.decode()
    )
    assert Summons.objects.count() == 0
    assert discipline_audit() == 0


def test_attendance_before_the_day_is_refused(
    client: Client, hr_admin: User, case: DisciplineCase
) -> None:
    summons = SummonsFactory.create(
        case=case, issued_on=dt.date(2026, 11, 19), examination_on=dt.date(2026, 11, 30)
    )
    client.force_login(hr_admin)
    assert (
        "Kehadiran dicatat pada atau setelah jadwal pemeriksaan."
        in client.get(url("case_detail", case)).content.decode()
    )
    response = client.post(
        url("summons_attendance", case, summons.pk), {"kehadiran-attended": "tidak"}
    )
    assert response.status_code == 422
    assert (
        "Kehadiran baru dapat dicatat pada atau setelah jadwal pemeriksaan (30/11/2026)."
        in response.content.decode()
    )
    summons.refresh_from_db()
    assert summons.attended is None


def test_team_members_through_the_page(
    client: Client, hr_admin: User, case: DisciplineCase
) -> None:
    inspector = EmployeeFactory.create(name="Pemeriksa Inspektorat")
    client.force_login(hr_admin)
    response = client.post(
        url("team_add", case), {"tim-nip": inspector.nip, "tim-role": "pengawasan"}
    )
    assert response["Location"] == url("case_detail", case)
    member = TeamMember.objects.get()

    response = client.post(
        url("team_add", case), {"tim-nip": case.employee.nip, "tim-role": "atasan"}
    )
    assert response.status_code == 422
    assert (
        "Pegawai yang diperiksa tidak dapat menjadi anggota tim pemeriksa."
        in response.content.decode()
    )
    response = client.post(url("team_add", case), {"tim-nip": "1" * 18, "tim-role": "atasan"})
    assert "Pegawai dengan NIP ini tidak ditemukan." in response.content.decode()
    assert TeamMember.objects.count() == 1

    response = client.post(url("team_remove", case, member.pk))
    assert response["Location"] == url("case_detail", case)
    assert TeamMember.objects.count() == 0


def test_a_berat_case_shows_the_missing_team(
    client: Client, hr_admin: User, employee: User
) -> None:
    case = DisciplineCaseFactory.create(employee=subject_of(employee), suspected_level="berat")
    client.force_login(hr_admin)
    assert 'data-testid="team-missing"' in client.get(url("case_detail", case)).content.decode()


def test_a_refused_bap_is_shown_again(client: Client, hr_admin: User, case: DisciplineCase) -> None:
    client.force_login(hr_admin)
    response = client.post(
        url("examination_new", case),
        {
            "held_on": "2026-11-25",
            "place": "BKPSDM",
            "questions_and_answers": "T/J",
            "findings": "Terbukti.",
            "proven": "ya",
            "proposed_level": "sedang",
            "signed_by_employee": "ya",
        },
    )
    assert response.status_code == 422
    assert (
        "Pemeriksaan hanya dapat dicatat setelah pegawai hadir memenuhi surat panggilan."
        in response.content.decode()
    )
    assert Examination.objects.count() == 0


def test_dismissal_through_the_page(client: Client, hr_admin: User, case: DisciplineCase) -> None:
    client.force_login(hr_admin)
    response = client.post(url("case_dismiss", case), {"hentikan-reason": ""})
    assert response.status_code == 422
    assert "Alasan penghentian wajib diisi." in response.content.decode()
    assert DisciplineCase.objects.get(pk=case.pk).status == "reported"

    response = client.post(url("case_dismiss", case), {"hentikan-reason": "Tidak beralasan."})
    assert response["Location"] == url("case_detail", case)
    html = client.get(url("case_detail", case)).content.decode()
    assert "Kasus HD-2026-0001 dihentikan." in html
    assert 'data-testid="dismissal-reason"' in html


def test_a_pdhtaps_decision_warns_about_the_employment(
    client: Client, hr_admin: User, employee: User
) -> None:
    examination = ExaminationFactory.create(case__employee=subject_of(employee))
    case = examination.case
    complete_team(case)
    client.force_login(hr_admin)
    form_page = client.get(url("decision_new", case)).content.decode()
    assert 'data-testid="pp94-table"' in form_page
    response = client.post(
        url("decision_new", case),
        {
            "level": "berat",
            "sanction_type": "pdhtaps",
            "decree_number": "800/9/KPTS/2026",
            "decided_on": "2026-11-27",
            "official": "Wali Kota Palembang",
            "considerations": "Terbukti.",
            "starts_on": "2026-12-01",
        },
        follow=True,
    )
    html = response.content.decode()
    assert html.count("Hukuman PDHTAPS tidak mengubah status kepegawaian secara otomatis") == 2
    assert "Sejak 01/12/2026" in html
    assert subject_of(employee).is_active is True


def test_the_case_page_shows_the_appeals_section(
    client: Client, employee: User, hr_admin: User
) -> None:
    sanction = SanctionFactory.create(employee=subject_of(employee))
    client.force_login(employee)
    html = client.get(url("case_detail", sanction.case)).content.decode()
    assert 'id="upaya-administratif"' in html
    assert 'data-testid="sanction"' in html

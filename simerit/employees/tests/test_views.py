import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee, Gender
from simerit.employees.tests.factories import EmployeeFactory, make_nik, make_nip
from simerit.organization.tests.factories import PositionFactory, golongan

BIRTH = dt.date(1990, 5, 17)
TMT_CPNS = dt.date(2015, 3, 1)


def templates(response):
    return [t.name for t in response.templates]


def form_data(org, **overrides):
    """A create/edit form for a consistent PNS in Dinas Kesehatan."""
    data = {
        "kind": "pns",
        "nip": make_nip(birth_date=BIRTH, tmt_cpns=TMT_CPNS, gender=Gender.FEMALE, serial=7),
        "nik": make_nik(birth_date=BIRTH, gender=Gender.FEMALE, serial=7),
        "front_title": "",
        "name": "Siti Aminah",
        "back_title": "S.Kep.",
        "nip_lama": "",
        "birth_place": "Palembang",
        "birth_date": "1990-05-17",
        "gender": "P",
        "work_unit": org.dinkes.pk,
        "position": PositionFactory.create(name="Perawat Terampil").pk,
        "golongan": golongan("III/a").pk,
        "tmt_cpns": "2015-03-01",
        "tmt_pns": "2016-03-01",
        "tmt_golongan": "",
        "tmt_position": "",
        "supervisor_nip": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def pegawai_uji(employee):
    return Employee.objects.get(user=employee)


# --- list


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("opd_admin", 200),
        ("auditor", 200),
        ("supervisor", 403),
        ("employee", 403),
        ("applicant", 403),
        ("verifier", 403),
        ("assessor", 403),
        ("proctor", 403),
    ],
)
def test_employee_list_status_per_persona(client, request, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("employees:list")).status_code == status


def test_employee_list_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("employees:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_employee_list_for_admin_opd_shows_only_its_subtree(
    client, opd_admin, pegawai_uji, other_opd_employee
):
    client.force_login(opd_admin)
    response = client.get(reverse("employees:list"))
    shown = [e.name for e in response.context["page_obj"]]
    assert shown == ["Kepala Bidang", "Pegawai Uji"]
    assert "Guru Lain" not in response.content.decode()


def test_employee_list_filters_and_answers_htmx_with_the_results_only(
    client, hr_admin, pegawai_uji, other_opd_employee, org
):
    client.force_login(hr_admin)
    response = client.get(
        reverse("employees:list"), {"work_unit": org.disdik.pk}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert [e.name for e in response.context["page_obj"]] == ["Guru Lain"]
    assert "<html" not in body
    assert 'data-testid="employee-table"' in body


def test_employee_list_shows_an_empty_state(client, hr_admin, pegawai_uji):
    client.force_login(hr_admin)
    response = client.get(reverse("employees:list"), {"q": "tidak ada nama begini"})
    assert "Tidak ada pegawai yang cocok dengan pencarian atau saringan ini." in (
        response.content.decode()
    )


def test_employee_list_pages_by_25(client, hr_admin, org):
    EmployeeFactory.create_batch(26, work_unit=org.disdik)
    client.force_login(hr_admin)
    first = client.get(reverse("employees:list"))
    second = client.get(reverse("employees:list"), {"page": 2})
    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 1
    assert "Halaman 1 dari 2" in first.content.decode()


def test_employee_list_ignores_a_unit_outside_the_admin_opd_scope(
    client, opd_admin, org, pegawai_uji
):
    client.force_login(opd_admin)
    response = client.get(reverse("employees:list"), {"work_unit": org.disdik.pk})
    assert response.context["form"].errors == {
        "work_unit": [
            "Masukkan pilihan yang valid. Pilihan tersebut bukan salah satu dari pilihan yang "
            "tersedia."
        ]
    }
    assert [e.name for e in response.context["page_obj"]] == ["Kepala Bidang", "Pegawai Uji"]


def test_employee_list_filters_the_records_whose_nik_needs_review(
    client, hr_admin, org, pegawai_uji
):
    EmployeeFactory.create(
        work_unit=org.dinkes,
        name="Perlu Periksa",
        nik_needs_review=True,
        nik_review_note="Tanggal lahir pada NIK berbeda dengan tanggal lahir pada NIP.",
    )
    client.force_login(hr_admin)

    response = client.get(reverse("employees:list"), {"nik_review": "perlu"})

    assert [e.name for e in response.context["page_obj"]] == ["Perlu Periksa"]
    assert '<span class="badge text-bg-warning">NIK perlu diperiksa</span>' in (
        response.content.decode()
    )
    everyone = client.get(reverse("employees:list"))
    assert [e.name for e in everyone.context["page_obj"]] == [
        "Kepala Bidang",
        "Pegawai Uji",
        "Perlu Periksa",
    ]


# --- profile


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("auditor", 200),
        ("opd_admin", 200),
        ("supervisor", 200),
        ("employee", 200),
        ("applicant", 403),
        ("proctor", 403),
    ],
)
def test_employee_detail_status_per_persona(client, request, pegawai_uji, persona, status):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("employees:detail", args=[pegawai_uji.pk]))
    assert response.status_code == status


def test_employee_detail_reads_the_admin_opd_scope_once(client, opd_admin, pegawai_uji):
    client.force_login(opd_admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("employees:detail", args=[pegawai_uji.pk]))
    assert response.status_code == 200
    scope_reads = [q["sql"] for q in queries if '"organization_opdadmin"' in q["sql"]]
    assert len(scope_reads) == 1


def test_employee_detail_of_another_opd_is_403_for_admin_opd(client, opd_admin, other_opd_employee):
    client.force_login(opd_admin)
    response = client.get(reverse("employees:detail", args=[other_opd_employee.pk]))
    assert response.status_code == 403
    assert "403.html" in templates(response)
    assert other_opd_employee.name not in response.content.decode()


def test_employee_detail_of_a_missing_employee_is_404(client, hr_admin):
    client.force_login(hr_admin)
    assert client.get(reverse("employees:detail", args=[999999])).status_code == 404


def test_employee_detail_masks_the_nik_for_admin_opd(client, opd_admin, pegawai_uji):
    client.force_login(opd_admin)
    body = client.get(reverse("employees:detail", args=[pegawai_uji.pk])).content.decode()
    masked = f"{pegawai_uji.nik[:4]}********{pegawai_uji.nik[12:]}"
    assert f'<code data-testid="nik">{masked}</code>' in body
    assert pegawai_uji.nik not in body


def test_employee_detail_shows_the_full_nik_to_hr_admin(client, hr_admin, pegawai_uji):
    client.force_login(hr_admin)
    body = client.get(reverse("employees:detail", args=[pegawai_uji.pk])).content.decode()
    assert f'<code data-testid="nik">{pegawai_uji.nik}</code>' in body


def test_employee_detail_shows_the_nik_review_badge_and_note(client, opd_admin, pegawai_uji):
    note = "Jenis kelamin pada NIK berbeda dengan jenis kelamin pada NIP."
    Employee.objects.filter(pk=pegawai_uji.pk).update(nik_needs_review=True, nik_review_note=note)
    client.force_login(opd_admin)

    body = client.get(reverse("employees:detail", args=[pegawai_uji.pk])).content.decode()

    assert (
        '<span class="badge text-bg-warning" data-testid="nik-review">NIK perlu diperiksa</span>'
        in body
    )
    assert note in body


def test_employee_detail_without_a_review_mark_shows_no_badge(client, opd_admin, pegawai_uji):
    client.force_login(opd_admin)
    body = client.get(reverse("employees:detail", args=[pegawai_uji.pk])).content.decode()
    assert "NIK perlu diperiksa" not in body


def test_employee_detail_shows_supervisor_and_subordinates(
    client, hr_admin, supervisor, pegawai_uji
):
    head = Employee.objects.get(user=supervisor)
    client.force_login(hr_admin)
    response = client.get(reverse("employees:detail", args=[head.pk]))
    assert [e.name for e in response.context["subordinates"]] == ["Pegawai Uji"]
    own = client.get(reverse("employees:detail", args=[pegawai_uji.pk])).content.decode()
    assert reverse("employees:detail", args=[head.pk]) in own


def test_employee_cannot_open_their_supervisor(client, employee, supervisor):
    head = Employee.objects.get(user=supervisor)
    client.force_login(employee)
    assert client.get(reverse("employees:detail", args=[head.pk])).status_code == 403


def test_my_profile_shows_the_own_record_with_the_full_nik(client, employee, pegawai_uji):
    client.force_login(employee)
    response = client.get(reverse("employees:my-profile"))
    assert response.context["employee"] == pegawai_uji
    assert f'<code data-testid="nik">{pegawai_uji.nik}</code>' in response.content.decode()


def test_my_profile_without_an_employee_record_says_so(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("employees:my-profile"))
    assert response.status_code == 200
    assert "Akun Anda belum terhubung dengan data pegawai." in response.content.decode()


def test_team_lists_the_direct_subordinates(client, supervisor, pegawai_uji):
    client.force_login(supervisor)
    response = client.get(reverse("employees:team"))
    assert [e.name for e in response.context["page_obj"]] == ["Pegawai Uji"]


@pytest.mark.parametrize("persona", ["employee", "hr_admin", "applicant"])
def test_team_is_for_supervisors_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("employees:team")).status_code == 403


# --- create and edit


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("hr_admin", 200),
        ("opd_admin", 200),
        ("auditor", 403),
        ("supervisor", 403),
        ("employee", 403),
    ],
)
def test_employee_create_page_status_per_persona(client, request, org, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("employees:create")).status_code == status


def test_employee_create_saves_through_the_service(client, hr_admin, org):
    client.force_login(hr_admin)
    response = client.post(reverse("employees:create"), form_data(org))
    created = Employee.objects.get(name="Siti Aminah")
    assert response.status_code == 302
    assert response["Location"] == reverse("employees:detail", args=[created.pk])
    assert created.display_name == "Siti Aminah, S.Kep."
    event = AuditEvent.objects.get(action="employees.employee.created")
    assert (event.actor, event.target_id) == (hr_admin, str(created.pk))


def test_employee_create_saves_a_nik_that_disagrees_with_the_nip_and_warns(client, hr_admin, org):
    client.force_login(hr_admin)
    nik = make_nik(birth_date=dt.date(1990, 5, 18), gender=Gender.FEMALE, serial=7)

    response = client.post(reverse("employees:create"), form_data(org, nik=nik), follow=True)

    created = Employee.objects.get(name="Siti Aminah")
    assert (created.nik, created.nik_needs_review) == (nik, True)
    assert [str(m) for m in response.context["messages"]] == [
        "Data pegawai Siti Aminah, S.Kep. tersimpan.",
        "Data tersimpan, tetapi NIK perlu diperiksa: Tanggal lahir pada NIK berbeda dengan "
        "tanggal lahir pada NIP.",
    ]


def test_employee_create_with_an_invalid_nik_saves_nothing(client, hr_admin, org):
    client.force_login(hr_admin)
    response = client.post(reverse("employees:create"), form_data(org, nik="1671015705"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"nik": ["NIK harus 16 digit; yang diisi 10 digit."]}
    assert Employee.objects.filter(name="Siti Aminah").exists() is False
    assert AuditEvent.objects.filter(action="employees.employee.created").exists() is False


def test_employee_create_shows_a_duplicate_nip_on_its_field(client, hr_admin, org, pegawai_uji):
    client.force_login(hr_admin)
    data = form_data(org)
    Employee.objects.filter(pk=pegawai_uji.pk).update(nip=data["nip"])
    response = client.post(reverse("employees:create"), data)
    assert response.context["form"].errors == {
        "nip": [f"NIP {data['nip']} sudah terdaftar pada pegawai lain."]
    }
    assert Employee.objects.filter(name="Siti Aminah").exists() is False


def test_employee_create_by_admin_opd_cannot_choose_another_opd(client, opd_admin, org):
    client.force_login(opd_admin)
    response = client.post(reverse("employees:create"), form_data(org, work_unit=org.disdik.pk))
    assert list(response.context["form"].errors) == ["work_unit"]
    assert Employee.objects.filter(name="Siti Aminah").exists() is False


def test_employee_create_links_the_supervisor_by_nip(client, opd_admin, org, supervisor):
    head = Employee.objects.get(user=supervisor)
    client.force_login(opd_admin)
    client.post(reverse("employees:create"), form_data(org, supervisor_nip=head.nip))
    assert Employee.objects.get(name="Siti Aminah").supervisor == head


def test_employee_create_by_admin_opd_cannot_name_a_supervisor_of_another_opd(
    client, opd_admin, org, other_opd_employee
):
    # given
    client.force_login(opd_admin)
    events = AuditEvent.objects.count()
    unknown = "1" * 18
    # when: a NIP of another OPD, then a NIP that does not exist
    hidden = client.post(
        reverse("employees:create"), form_data(org, supervisor_nip=other_opd_employee.nip)
    )
    missing = client.post(reverse("employees:create"), form_data(org, supervisor_nip=unknown))
    # then: the same answer, and nothing saved
    assert hidden.context["form"].errors == {
        "supervisor_nip": [f"Tidak ada pegawai dengan NIP {other_opd_employee.nip}."]
    }
    assert missing.context["form"].errors == {
        "supervisor_nip": [f"Tidak ada pegawai dengan NIP {unknown}."]
    }
    assert Employee.objects.filter(name="Siti Aminah").exists() is False
    assert AuditEvent.objects.count() == events


def test_employee_edit_by_admin_opd_keeps_a_supervisor_outside_its_scope(
    client, opd_admin, org, pegawai_uji, other_opd_employee
):
    Employee.objects.filter(pk=pegawai_uji.pk).update(supervisor=other_opd_employee)
    pegawai_uji.refresh_from_db()
    client.force_login(opd_admin)

    response = client.post(
        reverse("employees:edit", args=[pegawai_uji.pk]),
        _edit_data(org, pegawai_uji, name="Pegawai Uji Baru"),
    )

    assert response.status_code == 302
    pegawai_uji.refresh_from_db()
    assert (pegawai_uji.name, pegawai_uji.supervisor) == ("Pegawai Uji Baru", other_opd_employee)


def test_employee_create_by_admin_opd_offers_no_position_of_another_opd(client, opd_admin, org):
    foreign = PositionFactory.create(name="Guru Ahli Pertama", work_unit=org.disdik)
    client.force_login(opd_admin)

    response = client.post(reverse("employees:create"), form_data(org, position=foreign.pk))

    assert list(response.context["form"].errors) == ["position"]
    assert Employee.objects.filter(name="Siti Aminah").exists() is False


def test_employee_create_reports_an_unknown_supervisor_nip(client, hr_admin, org):
    client.force_login(hr_admin)
    response = client.post(reverse("employees:create"), form_data(org, supervisor_nip="1" * 18))
    assert response.context["form"].errors == {
        "supervisor_nip": [f"Tidak ada pegawai dengan NIP {'1' * 18}."]
    }


def test_employee_edit_by_admin_opd_of_another_opd_is_403_and_changes_nothing(
    client, opd_admin, org, other_opd_employee
):
    events_before = AuditEvent.objects.count()
    client.force_login(opd_admin)
    url = reverse("employees:edit", args=[other_opd_employee.pk])

    assert client.get(url).status_code == 403
    response = client.post(url, form_data(org, name="Diubah"))

    assert response.status_code == 403
    other_opd_employee.refresh_from_db()
    assert other_opd_employee.name == "Guru Lain"
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("persona", ["auditor", "supervisor", "employee"])
def test_employee_edit_is_refused_to_readers(client, request, pegawai_uji, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("employees:edit", args=[pegawai_uji.pk])).status_code == 403


def _edit_data(org, employee, **overrides):
    data = {
        "kind": employee.kind,
        "nip": employee.nip,
        "nik": "",
        "front_title": "",
        "name": employee.name,
        "back_title": "",
        "nip_lama": "",
        "birth_place": employee.birth_place,
        "birth_date": employee.birth_date.isoformat(),
        "gender": employee.gender,
        "work_unit": employee.work_unit_id,
        "position": employee.position_id,
        "golongan": employee.golongan_id,
        "tmt_cpns": employee.tmt_cpns.isoformat(),
        "tmt_pns": employee.tmt_pns.isoformat(),
        "tmt_golongan": "",
        "tmt_position": "",
        "supervisor_nip": employee.supervisor.nip if employee.supervisor else "",
    }
    data.update(overrides)
    return data


def test_employee_edit_by_admin_opd_keeps_the_nik_out_of_the_page_and_saves(
    client, opd_admin, org, pegawai_uji
):
    client.force_login(opd_admin)
    url = reverse("employees:edit", args=[pegawai_uji.pk])
    assert pegawai_uji.nik not in client.get(url).content.decode()

    response = client.post(url, _edit_data(org, pegawai_uji, name="Pegawai Uji Baru"))

    assert response.status_code == 302
    pegawai_uji.refresh_from_db()
    assert pegawai_uji.name == "Pegawai Uji Baru"
    event = AuditEvent.objects.get(action="employees.employee.updated")
    assert event.changes["name"] == ["Pegawai Uji", "Pegawai Uji Baru"]


def test_employee_edit_with_bad_input_changes_nothing(client, hr_admin, org, pegawai_uji):
    client.force_login(hr_admin)
    url = reverse("employees:edit", args=[pegawai_uji.pk])
    response = client.post(
        url, _edit_data(org, pegawai_uji, name="Nama Baru", tmt_pns="2099-01-01")
    )
    assert response.context["form"].errors == {
        "tmt_pns": ["TMT PNS (01-01-2099) berada di masa depan."]
    }
    pegawai_uji.refresh_from_db()
    assert pegawai_uji.name == "Pegawai Uji"
    assert AuditEvent.objects.filter(action="employees.employee.updated").exists() is False

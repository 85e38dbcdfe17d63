import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from simerit.employees.tests.factories import EmployeeFactory
from simerit.training.models import Enrolment, TrainingClass
from simerit.training.selectors.enrolment import enrol_panel
from simerit.training.tests.factories import EnrolmentFactory, TrainingClassFactory
from simerit.training.tests.factories_enrolment import (
    employee_of,
    fill,
    klass_fixture,  # noqa: F401
    make_member,
    small_class_fixture,  # noqa: F401
    snapshot,
)
from simerit.training.views import enrolment as views


def url(name, **kwargs):
    return reverse(f"training:{name}", kwargs=kwargs)


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def detail(klass):
    return url("class-detail", class_id=klass.pk)


# --- The panel included by the class detail page


def render_panel(user, klass):
    request = RequestFactory().get(detail(klass))
    request.user = user
    return render_to_string(
        "training/enrolment/_enrol_panel.html",
        {"training_class": klass, "enrol_panel": enrol_panel(user, klass)},
        request=request,
    )


def test_panel_shows_the_enrol_form_to_an_employee(klass, employee):
    html = render_panel(employee, klass)

    assert 'data-testid="enrol-form"' in html
    assert f'action="{url("class-enrol", class_id=klass.pk)}"' in html
    assert f'name="next" value="{detail(klass)}"' in html
    assert "30 dari 30" in html
    assert 'data-testid="nominate-panel"' not in html
    assert 'data-testid="assign-form"' not in html


def test_panel_shows_the_status_and_cancel_form_once_enrolled(klass, employee):
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))

    html = render_panel(employee, klass)

    assert "Status Anda: <strong>Terdaftar</strong>" in html
    assert url("enrolment-cancel", enrolment_id=mine.pk) in html
    assert 'data-testid="enrol-form"' not in html


def test_panel_shows_team_members_to_a_supervisor_and_assignment_to_hr(
    klass, supervisor, employee, hr_admin
):
    supervisor_html = render_panel(supervisor, klass)
    hr_html = render_panel(hr_admin, klass)

    assert 'data-testid="nominate-panel"' in supervisor_html
    assert f'value="{employee_of(employee).pk}"' in supervisor_html
    assert 'data-testid="assign-form"' in hr_html
    assert 'data-testid="enrol-form"' not in hr_html


def test_panel_gives_the_reason_when_enrolment_is_closed(employee):
    klass = TrainingClassFactory.create(status=TrainingClass.Status.CLOSED)

    html = render_panel(employee, klass)

    assert "Kelas ini tidak sedang membuka pendaftaran." in html


def test_class_detail_page_includes_the_panel(client, klass, employee):
    client.force_login(employee)

    response = client.get(detail(klass))

    assert response.status_code == 200
    assert 'data-testid="enrol-panel"' in response.content.decode()


# --- Requests, nominations, assignments


def test_employee_requests_a_seat_and_returns_to_the_page(client, klass, employee):
    client.force_login(employee)

    response = client.post(
        url("class-enrol", class_id=klass.pk),
        {"motivation": "Menunjang tugas.", "next": detail(klass)},
    )

    assert response.status_code == 302
    assert response["Location"] == detail(klass)
    enrolment = Enrolment.objects.get()
    assert (enrolment.status, enrolment.motivation) == ("pending", "Menunjang tugas.")
    assert flashed(response) == ["Permintaan terkirim dan menunggu persetujuan atasan langsung."]


def test_an_offsite_next_is_ignored(client, klass, employee):
    client.force_login(employee)

    response = client.post(
        url("class-enrol", class_id=klass.pk), {"next": "https://contoh.example/curang"}
    )

    assert response["Location"] == detail(klass)


def test_a_duplicate_request_is_a_message_and_changes_nothing(client, klass, employee):
    EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    client.force_login(employee)
    before = snapshot()

    response = client.post(url("class-enrol", class_id=klass.pk))

    assert response.status_code == 302
    assert flashed(response) == ["Anda sudah terdaftar/mengajukan kelas ini."]
    assert snapshot() == before


@pytest.mark.parametrize("change", [{"status": "draft"}, {"work_unit": "disdik"}])
def test_a_class_the_employee_may_not_see_is_404(client, employee, org, change):
    if "work_unit" in change:
        change = {"work_unit": org.disdik}
    klass = TrainingClassFactory.create(**change)
    client.force_login(employee)
    before = snapshot()

    response = client.post(url("class-enrol", class_id=klass.pk))

    assert response.status_code == 404
    assert snapshot() == before


def test_enrol_is_post_only_and_needs_a_login(client, klass, employee):
    anonymous = client.post(url("class-enrol", class_id=klass.pk))
    client.force_login(employee)
    get = client.get(url("class-enrol", class_id=klass.pk))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert get.status_code == 405
    assert Enrolment.objects.exists() is False


def test_an_account_without_employee_record_gets_403(client, klass, hr_admin):
    client.force_login(hr_admin)
    before = snapshot()

    response = client.post(url("class-enrol", class_id=klass.pk))

    assert response.status_code == 403
    assert snapshot() == before


def test_supervisor_nominates_team_members(client, small_class, supervisor, employee):
    other = make_member(supervisor, name="Zaki")
    fill(small_class, 1)
    client.force_login(supervisor)

    response = client.post(
        url("nominate", class_id=small_class.pk),
        {"employees": [employee_of(employee).pk, other.pk]},
    )

    assert response.status_code == 302
    statuses = dict(
        small_class.enrolments.filter(route="nominated").values_list("employee__name", "status")
    )
    assert statuses == {"Pegawai Uji": "enrolled", "Zaki": "waitlisted"}
    [message] = flashed(response)
    assert "Pegawai Uji terdaftar sebagai peserta" in message
    assert "Zaki: Kelas sudah penuh; peserta masuk daftar tunggu pada urutan ke-1." in message


def test_nominating_outside_the_team_is_403(client, klass, supervisor, other_opd_employee):
    client.force_login(supervisor)
    before = snapshot()

    response = client.post(
        url("nominate", class_id=klass.pk), {"employees": [other_opd_employee.pk]}
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_nominating_nobody_is_a_message(client, klass, supervisor):
    client.force_login(supervisor)

    response = client.post(url("nominate", class_id=klass.pk), {"employees": ["abc"]})

    assert flashed(response) == ["Pegawai yang dipilih tidak ditemukan."]
    assert Enrolment.objects.exists() is False


def test_hr_assigns_by_nip_and_returns_to_the_roster(client, klass, hr_admin, other_opd_employee):
    roster = url("class-roster", class_id=klass.pk)
    client.force_login(hr_admin)

    response = client.post(
        url("class-assign", class_id=klass.pk), {"nip": other_opd_employee.nip, "next": roster}
    )

    assert response["Location"] == roster
    enrolment = Enrolment.objects.get()
    assert (enrolment.employee, enrolment.route) == (other_opd_employee, "assigned")


def test_assign_refusals(client, klass, hr_admin, supervisor, other_opd_employee):
    client.force_login(hr_admin)
    unknown = client.post(url("class-assign", class_id=klass.pk), {"nip": "1" * 18})
    client.force_login(supervisor)
    before = snapshot()
    denied = client.post(url("class-assign", class_id=klass.pk), {"nip": other_opd_employee.nip})

    assert flashed(unknown) == ["Pegawai dengan NIP ini tidak ditemukan."]
    assert denied.status_code == 403
    assert snapshot() == before
    assert Enrolment.objects.exists() is False


def test_hr_typing_their_own_nip_is_told_why_and_nothing_changes(client, klass, hr_admin):
    own = EmployeeFactory.create(user=hr_admin, name="Admin BKPSDM")
    roster = url("class-roster", class_id=klass.pk)
    client.force_login(hr_admin)
    before = snapshot()

    response = client.post(url("class-assign", class_id=klass.pk), {"nip": own.nip, "next": roster})

    assert response["Location"] == roster
    assert flashed(response) == [
        "Anda tidak dapat menugaskan diri Anda sendiri; ajukan pendaftaran melalui atasan "
        "langsung atau minta Admin BKPSDM lain."
    ]
    assert snapshot() == before
    assert Enrolment.objects.exists() is False


# --- Cancellation and my enrolments


def test_employee_cancels_own_enrolment(client, klass, employee):
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    client.force_login(employee)

    response = client.post(url("enrolment-cancel", enrolment_id=mine.pk), {"reason": "Sakit."})

    assert response["Location"] == url("my-enrolments")
    mine.refresh_from_db()
    assert (mine.status, mine.cancel_reason) == ("cancelled", "Sakit.")


def test_cancel_without_reason_is_a_message(client, klass, employee):
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    client.force_login(employee)
    before = snapshot()

    response = client.post(url("enrolment-cancel", enrolment_id=mine.pk), {"reason": ""})

    assert flashed(response) == ["Alasan wajib diisi."]
    assert snapshot() == before


def test_cancel_of_an_invisible_enrolment_is_404_and_of_a_visible_one_403(
    client, klass, employee, supervisor
):
    theirs = EnrolmentFactory.create(training_class=klass, employee=EmployeeFactory.create())
    mine = EnrolmentFactory.create(training_class=klass, employee=employee_of(employee))
    before = snapshot()
    client.force_login(employee)
    hidden = client.post(url("enrolment-cancel", enrolment_id=theirs.pk), {"reason": "x"})
    client.force_login(supervisor)
    denied = client.post(url("enrolment-cancel", enrolment_id=mine.pk), {"reason": "x"})

    assert hidden.status_code == 404
    assert denied.status_code == 403
    assert snapshot() == before


def test_my_enrolments_lists_statuses_with_cancel_forms(client, small_class, employee):
    fill(small_class, 2)
    mine = EnrolmentFactory.create(
        training_class=small_class,
        employee=employee_of(employee),
        status=Enrolment.Status.PENDING,
    )
    client.force_login(employee)

    response = client.get(url("my-enrolments"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Menunggu persetujuan atasan" in html
    assert url("enrolment-cancel", enrolment_id=mine.pk) in html
    assert employee_of(employee).nik not in html


def test_my_enrolments_empty_states(client, employee, hr_admin):
    client.force_login(employee)
    empty = client.get(url("my-enrolments"))
    client.force_login(hr_admin)
    no_record = client.get(url("my-enrolments"))

    assert 'data-testid="empty"' in empty.content.decode()
    assert "tidak terhubung dengan data pegawai" in no_record.content.decode()


def test_my_enrolments_is_paginated_and_filtered(monkeypatch, client, klass, employee):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    for status in ("enrolled", "rejected", "rejected"):
        EnrolmentFactory.create(training_class=klass, employee=employee_of(employee), status=status)
    client.force_login(employee)

    first = client.get(url("my-enrolments"))
    second = client.get(url("my-enrolments"), {"page": 2})
    enrolled = client.get(url("my-enrolments"), {"status": "enrolled"})

    assert len(first.context["rows"]) == 2
    assert len(second.context["rows"]) == 1
    assert [row["enrolment"].status for row in enrolled.context["rows"]] == ["enrolled"]


# --- Approvals


@pytest.fixture(name="requested")
def requested_fixture(klass, employee):
    return EnrolmentFactory.create(
        training_class=klass,
        employee=employee_of(employee),
        status=Enrolment.Status.PENDING,
        decided_at=None,
        motivation="Untuk pelayanan.",
    )


def test_approvals_page_lists_the_direct_subordinates_requests(client, requested, supervisor):
    client.force_login(supervisor)

    response = client.get(url("approvals"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pegawai Uji" in html
    assert "Untuk pelayanan." in html
    assert url("enrolment-approve", enrolment_id=requested.pk) in html


@pytest.mark.parametrize("persona", ["employee", "auditor", "opd_admin"])
def test_approvals_page_is_403_for_others(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url("approvals")).status_code == 403


def test_approve_with_htmx_returns_the_decided_row(client, requested, supervisor):
    client.force_login(supervisor)

    response = client.post(
        url("enrolment-approve", enrolment_id=requested.pk), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="permintaan-{requested.pk}"' in html
    assert "Disetujui. Pegawai Uji terdaftar sebagai peserta" in html
    assert "<html" not in html
    requested.refresh_from_db()
    assert requested.status == Enrolment.Status.ENROLLED


def test_reject_with_htmx_without_reason_shows_the_error_in_the_row(client, requested, supervisor):
    client.force_login(supervisor)
    before = snapshot()

    response = client.post(
        url("enrolment-reject", enrolment_id=requested.pk), {"reason": ""}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert 'data-testid="error"' in html
    assert "Alasan wajib diisi." in html
    assert snapshot() == before


def test_reject_without_htmx_redirects_with_a_message(client, requested, supervisor):
    client.force_login(supervisor)

    response = client.post(
        url("enrolment-reject", enrolment_id=requested.pk), {"reason": "Beban kerja."}
    )

    assert response["Location"] == url("approvals")
    assert flashed(response) == ["Permintaan Pegawai Uji ditolak."]
    requested.refresh_from_db()
    assert (requested.status, requested.decision_note) == ("rejected", "Beban kerja.")


def test_a_colleague_cannot_approve(client, requested, supervisor):
    colleague = make_member(supervisor).user
    client.force_login(colleague)
    before = snapshot()

    response = client.post(url("enrolment-approve", enrolment_id=requested.pk))

    assert response.status_code == 403
    assert snapshot() == before

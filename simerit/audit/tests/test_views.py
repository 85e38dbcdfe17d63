from django.urls import reverse
from django.utils import timezone

from simerit.audit import services as audit
from simerit.audit.models import AuditEvent


def _events(actor):
    audit.record(actor=actor, action="employees.employee.created", changes={"n": 1})
    audit.record(actor=None, action="organization.work_unit.created", changes={"n": 2})


def test_auditor_sees_the_audit_log(client, auditor, hr_admin):
    _events(hr_admin)
    client.force_login(auditor)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert [e.action for e in response.context["page_obj"]] == [
        "organization.work_unit.created",
        "employees.employee.created",
    ]


def test_audit_log_filters_by_actor_action_and_date(client, auditor, hr_admin):
    _events(hr_admin)
    client.force_login(auditor)
    today = timezone.localdate().isoformat()
    response = client.get(
        reverse("audit:list"),
        {"actor": "BKPSDM", "action": "employees.", "date_from": today, "date_to": today},
    )
    assert [e.action for e in response.context["page_obj"]] == ["employees.employee.created"]
    response = client.get(reverse("audit:list"), {"action": "tidak.ada"})
    assert list(response.context["page_obj"]) == []
    assert "Tidak ada peristiwa audit yang cocok" in response.text


def test_audit_log_htmx_request_gets_only_the_results(client, auditor, hr_admin):
    _events(hr_admin)
    client.force_login(auditor)
    response = client.get(reverse("audit:list"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<table" in response.text
    assert "<html" not in response.text


def test_audit_detail_shows_the_hashes(client, auditor, hr_admin):
    _events(hr_admin)
    client.force_login(auditor)
    event = AuditEvent.objects.get(seq=1)
    response = client.get(reverse("audit:detail", args=[1]))
    assert response.status_code == 200
    assert event.hash in response.text
    assert event.prev_hash in response.text


def test_employee_cannot_open_the_audit_log(client, employee):
    client.force_login(employee)
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:detail", args=[1])).status_code == 403


def test_unknown_audit_row_is_404(client, auditor):
    client.force_login(auditor)
    assert client.get(reverse("audit:detail", args=[999])).status_code == 404

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("persona", "panels"),
    [
        ("hr_admin", ["admin_bkpsdm"]),
        ("opd_admin", ["admin_opd"]),
        ("supervisor", ["pegawai", "atasan"]),
        ("employee", ["pegawai"]),
        ("auditor", ["auditor"]),
        ("applicant", ["pelamar"]),
        ("verifier", ["verifikator"]),
        ("assessor", ["asesor"]),
        ("proctor", ["pengawas_ujian"]),
    ],
)
def test_home_shows_one_panel_per_role(client, request, persona, panels):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    assert [panel.role.value for panel in response.context["panels"]] == panels
    body = response.content.decode()
    for role in panels:
        assert f'data-testid="panel-{role}"' in body


def test_home_links_the_supervisor_to_the_team(client, supervisor):
    client.force_login(supervisor)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{reverse("employees:team")}"' in body
    assert f'href="{reverse("employees:my-profile")}"' in body


def test_home_tells_an_applicant_there_are_no_tasks_yet(client, applicant):
    client.force_login(applicant)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "Belum ada tugas untuk peran ini." in body


def test_home_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

import pytest
from django.urls import reverse

from simerit.accounts.tests.factories import UserFactory
from simerit.core.roles import Role
from simerit.exams.tests.factories import ParticipantFactory, QuestionBankFactory, make_question
from simerit.recruitment.models import Application
from simerit.recruitment.tests.factories import ApplicantFactory, ApplicationFactory


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
        ("question_writer", ["penulis_soal"]),
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
    assert f'href="{reverse("selfservice:profile")}"' in body


def test_home_shows_an_assessor_their_scoring_work(client, assessor):
    client.force_login(assessor)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "Penilaian belum dikirim" in body
    assert f'href="{reverse("selection:my-assessments")}"' in body


def test_home_sends_an_applicant_who_has_not_applied_to_the_board(client, applicant):
    client.force_login(applicant)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "Belum melamar" in body
    assert "Belum ada tugas" not in body
    for name in ("recruitment:board-home", "recruitment:my-application", "exams:practice-list"):
        assert f'href="{reverse(name)}"' in body


def test_home_shows_the_applicant_status_next_exam_and_card(client, applicant):
    application = ApplicationFactory.create(
        applicant=ApplicantFactory.create(user=applicant), status=Application.Status.MS
    )
    placement = ParticipantFactory.create(application=application)
    client.force_login(applicant)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "Memenuhi syarat (MS)" in body
    assert placement.sitting.blueprint.name in body
    for name in ("exams:home", "exams:card-mine", "recruitment:application-result"):
        assert f'href="{reverse(name)}"' in body


def test_home_links_the_proctor_to_check_in_and_proctoring(client, proctor):
    client.force_login(proctor)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{reverse("exams:checkin-sittings")}"' in body
    assert f'href="{reverse("exams:proctor-sittings")}"' in body


def test_home_links_the_question_writer_to_each_bank(client, question_writer):
    bank = QuestionBankFactory.create(name="SKD 2026")
    make_question(bank=bank)
    client.force_login(question_writer)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{reverse("exams:bank-detail", args=[bank.pk])}"' in body
    assert "Soal aktif · SKD 2026" in body


def test_home_links_the_verifier_to_the_queue(client, verifier):
    client.force_login(verifier)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{reverse("recruitment:verification-queue")}"' in body


def test_home_renders_for_an_account_with_every_role(client, db):
    client.force_login(UserFactory.create(roles=list(Role)))
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    body = response.content.decode()
    for role in Role:
        assert f'data-testid="panel-{role.value}"' in body


def test_home_sends_anonymous_visitors_to_login(client, db):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

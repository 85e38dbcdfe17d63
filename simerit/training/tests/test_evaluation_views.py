"""The evaluation pages: the participant's survey (own only, once, 1–5), and the overview, class
evaluation and predikat comparison for Admin BKPSDM and the Auditor only."""

import pytest
from django.urls import reverse

from simerit.audit.models import AuditEvent
from simerit.employees.models import Employee
from simerit.training.models import Enrolment, SurveyResponse, SurveySubmission
from simerit.training.tests.factories_evaluation import (
    Office,
    answer,
    appraise,
    participant,
    past_class,
    recent_class,
)

pytestmark = pytest.mark.django_db

VALID = {
    "content_score": "5",
    "facilitator_score": "4",
    "relevance_score": "4",
    "organisation_score": "3",
    "comment": "Contoh kasus sangat membantu.",
}


@pytest.fixture
def enrolment(employee) -> Enrolment:
    return participant(recent_class(), Employee.objects.get(user=employee))


def _state() -> tuple[int, int, int]:
    return (
        SurveySubmission.objects.count(),
        SurveyResponse.objects.count(),
        AuditEvent.objects.count(),
    )


ANONYMOUS = "Jawaban Anda anonim"


def test_participant_fills_the_survey(client, employee, enrolment):
    client.force_login(employee)
    url = reverse("training:survey", args=[enrolment.pk])
    page = client.get(url)
    assert page.status_code == 200
    form_page = page.content.decode()
    assert 'data-testid="survey-form"' in form_page
    assert ANONYMOUS in form_page
    assert "Survei dapat diisi sampai 2 Desember 2026 (14 hari setelah hari terakhir kelas)." in (
        form_page
    )
    response = client.post(url, VALID)
    assert response.status_code == 302
    assert response["Location"] == reverse("training:my-surveys")
    assert SurveySubmission.objects.get().enrolment == enrolment
    survey = SurveyResponse.objects.get(training_class=enrolment.training_class)
    assert (survey.content_score, survey.organisation_score) == (5, 3)
    listing = client.get(reverse("training:my-surveys")).content.decode()
    assert "Terima kasih, survei Anda sudah terkirim." in listing
    assert "Sudah diisi" in listing
    assert ANONYMOUS in listing


def test_a_closed_survey_is_refused_on_the_page(client, employee):
    late = participant(past_class(), Employee.objects.get(user=employee))
    client.force_login(employee)
    url = reverse("training:survey", args=[late.pk])
    closed = "Survei kelas ini sudah ditutup pada 18 November 2026 (14 hari setelah hari terakhir"
    page = client.get(url).content.decode()
    assert 'data-testid="survey-closed"' in page
    assert closed in page
    before = _state()
    response = client.post(url, VALID)
    assert response.status_code == 422
    assert closed in response.content.decode()
    assert _state() == before


def test_out_of_range_score_is_shown_and_nothing_is_saved(client, employee, enrolment):
    client.force_login(employee)
    before = _state()
    response = client.post(
        reverse("training:survey", args=[enrolment.pk]), {**VALID, "relevance_score": "7"}
    )
    assert response.status_code == 422
    assert "Nilai manfaat bagi pekerjaan harus 1 sampai 5." in response.content.decode()
    assert _state() == before


def test_second_answer_is_refused_on_the_page(client, employee, enrolment):
    answer(enrolment, (2, 2, 2, 2))
    client.force_login(employee)
    url = reverse("training:survey", args=[enrolment.pk])
    assert 'data-testid="already-answered"' in client.get(url).content.decode()
    before = _state()
    response = client.post(url, VALID)
    assert response.status_code == 422
    assert (
        "Anda sudah mengisi survei kelas ini; jawaban tidak dapat diubah."
        in response.content.decode()
    )
    assert _state() == before
    assert SurveyResponse.objects.get(training_class=enrolment.training_class).content_score == 2


def test_supervisor_sees_the_enrolment_but_may_not_answer(client, supervisor, enrolment):
    client.force_login(supervisor)
    before = _state()
    url = reverse("training:survey", args=[enrolment.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, VALID).status_code == 403
    assert _state() == before


def test_other_employee_gets_404_and_anonymous_goes_to_login(client, applicant, enrolment):
    url = reverse("training:survey", args=[enrolment.pk])
    before = _state()
    anonymous = client.post(url, VALID)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    assert client.post(url, VALID).status_code == 404
    assert _state() == before


def test_my_surveys_empty_state(client, employee):
    client.force_login(employee)
    response = client.get(reverse("training:my-surveys"))
    assert response.status_code == 200
    assert 'data-testid="empty-state"' in response.content.decode()


@pytest.mark.parametrize(
    "name", ["training:evaluation", "training:predikat-comparison", "training:class-evaluation"]
)
def test_evaluation_pages_are_for_hr_and_auditor(
    client, name, hr_admin, auditor, employee, supervisor, opd_admin
):
    training_class = past_class()
    url = reverse(name, args=[training_class.pk] if name == "training:class-evaluation" else [])
    for user in (hr_admin, auditor):
        client.force_login(user)
        assert client.get(url).status_code == 200
    for user in (employee, supervisor, opd_admin):
        client.force_login(user)
        assert client.get(url).status_code == 403


def test_overview_lists_held_classes_with_links(client, auditor):
    office = Office()
    training_class = past_class(name="Angkatan Evaluasi")
    for n in range(3):
        answer(participant(training_class, office.employee(f"P{n}")), (4, 4, 4, 4))
    recent = recent_class(name="Angkatan Baru")
    for n in range(3):
        answer(participant(recent, office.employee(f"B{n}")), (5, 5, 5, 5))
    client.force_login(auditor)
    body = client.get(reverse("training:evaluation")).content.decode()
    assert "Angkatan Evaluasi" in body
    assert 'data-testid="satisfaction">4,00<' in body
    assert (
        'data-testid="satisfaction"><span class="text-body-secondary">survei dibuka sampai '
        "2 Des 2026</span><"
    ) in body
    assert "5,00" not in body
    assert "setelah survei kelas ditutup (14 hari setelah hari terakhir kelas)" in body
    assert reverse("training:class-evaluation", args=[training_class.pk]) in body
    invalid = client.get(reverse("training:evaluation"), {"tahun": "1999"}).content.decode()
    assert 'data-testid="filter-invalid"' in invalid


def test_class_evaluation_withholds_few_answers_and_shows_enough(client, hr_admin):
    office = Office()
    training_class = past_class()
    enrolments = [participant(training_class, office.employee(f"P{n}")) for n in range(3)]
    answer(enrolments[0], (5, 5, 5, 5), "Rahasia pertama")
    answer(enrolments[1], (3, 3, 3, 3))
    client.force_login(hr_admin)
    url = reverse("training:class-evaluation", args=[training_class.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="survey-withheld"' in body
    assert "Tanggapan kurang dari 3: rata-rata dan saran tidak ditampilkan." in body
    assert "Rahasia pertama" not in body
    answer(enrolments[2], (4, 4, 4, 4))
    body = client.get(url).content.decode()
    assert 'data-testid="mean-content_score">4,00<' in body
    assert "Rahasia pertama" in body
    assert "P0" not in body
    assert (
        "Survei dapat diisi sampai 18 November 2026 (14 hari setelah hari terakhir kelas) dan "
        "sudah ditutup."
    ) in body
    assert f'<a href="{reverse("training:class-detail", args=[training_class.pk])}">' in body
    assert client.get(reverse("training:class-evaluation", args=[999999])).status_code == 404


def test_class_evaluation_withholds_everything_while_the_survey_is_open(client, hr_admin):
    office = Office()
    training_class = recent_class()
    for n in range(4):
        answer(participant(training_class, office.employee(f"P{n}")), (5, 5, 5, 5), f"Saran {n}")
    client.force_login(hr_admin)
    body = client.get(reverse("training:class-evaluation", args=[training_class.pk])).content
    text = body.decode()
    assert 'data-testid="survey-responses">4<' in text
    assert (
        "Survei masih dibuka sampai 2 Desember 2026: rata-rata dan saran ditampilkan setelah "
        "survei ditutup."
    ) in text
    assert "dan masih dibuka" in text
    assert 'data-testid="survey-means"' not in text
    assert "Saran 0" not in text


def test_predikat_comparison_page(client, hr_admin):
    # given: five lulus participants, Butuh Perbaikan in 2025, Baik in 2026
    office = Office()
    training_class = past_class()
    for n in range(5):
        employee = office.employee(f"Staf {n}")
        participant(training_class, employee)
        appraise(employee, year=2025, predikat="butuh_perbaikan")
        appraise(employee, year=2026, predikat="baik")
    client.force_login(hr_admin)
    url = reverse("training:predikat-comparison")
    # when
    body = client.get(url).content.decode()
    # then
    assert 'data-testid="move-naik"><th scope="row">Naik</th><td class="text-end">5<' in body
    assert 'data-testid="mean-change">1,00<' in body
    assert 'id="data-grafik-predikat-pelatihan"' in body
    # a group of one class of another programme: nothing to compare
    other = past_class()
    participant(other, office.employee("Sendiri"))
    filtered = client.get(url, {"kelas": other.pk}).content.decode()
    assert 'data-testid="comparison-withheld"' in filtered
    assert 'data-testid="move-naik"' not in filtered
    mismatch = client.get(
        url, {"program": training_class.programme_id, "kelas": other.pk}
    ).content.decode()
    assert "Kelas ini bukan kelas dari program yang dipilih." in mismatch
